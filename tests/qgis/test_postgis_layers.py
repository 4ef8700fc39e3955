"""MitMach ▸ Open participation database… on PostGIS: the layers through QGIS's postgres provider.

Needs QGIS (pytest-qgis), so it lives here and starts its own throwaway cluster (tools/pg_cluster.py) for
the module; tests/postgis runs without pytest-qgis.
"""

from __future__ import annotations

import importlib.util
import secrets

import pytest
from qgis.core import Qgis, QgsCategorizedSymbolRenderer, QgsProject, QgsWkbTypes

from mitmach_qgis.data.layers import TABLE_PROPERTY
from mitmach_qgis.gui.database_controller import DatabaseController
from tests.helpers import ROOT

AREA = [[[(357000.0, 5711000.0), (358200.0, 5711000.0), (358200.0, 5711900.0), (357000.0, 5711900.0),
          (357000.0, 5711000.0)]]]  # fmt: skip
LOGIN = "council_officer"
PASSWORD = "pw-" + secrets.token_hex(8)


def _pg_tool():
    spec = importlib.util.spec_from_file_location("pg_cluster", ROOT / "tools" / "pg_cluster.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def council(tmp_path_factory):
    """A cluster with a participation database (1 area, 2 participants, 3 proposals, 1 match group) and a
    login role with a password, which only the service file knows."""
    tool = _pg_tool()
    missing = tool.missing_binaries()
    if missing:
        pytest.fail(f"PostgreSQL 15 / PostGIS 3 are not installed ({', '.join(missing)}): {tool.SETUP_HINT}")
    from mitmach_qgis.data.pg_store import PostgisStore

    cluster = tool.PgCluster().start()
    try:
        cluster.create_database("council")
        store = PostgisStore.create(
            cluster.uri("council", schema="mitmach"), areas=[("Pilot", AREA)], roles=True
        )
        with store.transaction() as conn:
            uuids = []
            for name in ("Muster", "Beispiel"):
                store.insert(
                    conn, "participants", [{"family_name": name, "role": "owner", "created_by": "o1"}]
                )
                uuids.append(conn.execute("SELECT uuid FROM participants ORDER BY fid DESC").fetchone()[0])
            store.insert(conn, "proposals", [
                {"participant_uuid": uuids[0], "theme": "heating", "geom": ("point", 357500.0, 5711500.0)},
                {"participant_uuid": uuids[0], "theme": "windows", "geom": ("point", 357510.0, 5711500.0)},
                {"participant_uuid": uuids[1], "theme": "heating", "geom": ("point", 357540.0, 5711520.0)},
            ])  # fmt: skip
            store.insert(conn, "matches", [{"synergy": "local_heat_network"}])
        cluster.psql(f"CREATE ROLE {LOGIN} LOGIN PASSWORD '{PASSWORD}' IN ROLE mitmach_officer")
        service = tmp_path_factory.mktemp("service") / "pg_service.conf"
        service.write_text(
            f"[council]\nhost={cluster.host}\nport={cluster.port}\ndbname=council\nuser={LOGIN}\n"
            f"password={PASSWORD}\n"
        )
        cluster.service_file = service
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture
def controller(qgis_iface, qgis_new_project, council, monkeypatch):
    monkeypatch.setenv("PGSERVICEFILE", str(council.service_file))
    return DatabaseController(qgis_iface, QgsProject.instance())


def test_opening_by_service_adds_styled_postgres_layers_without_the_password(controller):
    opened = []
    controller.database_opened.connect(opened.append)
    assert controller.open_target("service=council schema=mitmach")
    assert opened == [controller.store] and controller.store.backend == "postgis"
    layers = controller.layers
    expected = {"proposals", "participants", "matches", "match_members", "areas", "themes", "events"}
    assert expected <= set(layers)
    counts = {"proposals": 3, "participants": 2, "matches": 1, "areas": 1, "themes": 9}
    for table, layer in layers.items():
        assert layer.isValid(), table
        assert layer.providerType() == "postgres"
        assert layer.customProperty(TABLE_PROPERTY) == table
        assert PASSWORD not in layer.source() and "password" not in layer.source()
        assert "service='council'" in layer.source()
        assert QgsProject.instance().mapLayer(layer.id()) is layer
        if table in counts:
            assert layer.featureCount() == counts[table], table
    assert layers["proposals"].geometryType() == QgsWkbTypes.PointGeometry
    assert layers["areas"].geometryType() == QgsWkbTypes.PolygonGeometry
    assert layers["participants"].geometryType() == QgsWkbTypes.NullGeometry
    assert layers["proposals"].crs().authid() == "EPSG:25832"
    assert isinstance(layers["proposals"].renderer(), QgsCategorizedSymbolRenderer)
    assert {c.value() for c in layers["proposals"].renderer().categories()} >= {"heating", "windows"}
    participants = layers["participants"]
    assert participants.editorWidgetSetup(participants.fields().indexOf("role")).type() == "ValueMap"
    assert layers["events"].readOnly()
    group = QgsProject.instance().layerTreeRoot().findGroup("MitMach")
    assert group is not None and len(group.findLayers()) == len(layers)
    assert controller.open_target("service=council"), "a second opening replaces the group"
    assert len(QgsProject.instance().layerTreeRoot().findGroups()) == 1
    assert len(QgsProject.instance().mapLayers()) == len(controller.layers)


def test_a_uri_with_a_password_is_refused_and_nothing_is_added(controller, council, qgis_iface):
    uri = f"postgresql://{LOGIN}:{PASSWORD}@{council.uri('council').split('@', 1)[1]}?schema=mitmach"
    before = len(qgis_iface.messageBar().get_messages(Qgis.Critical))
    assert not controller.open_target(uri)
    shown = qgis_iface.messageBar().get_messages(Qgis.Critical)[before:]
    assert len(shown) == 1 and "password" in shown[0] and "service" in shown[0]
    assert PASSWORD not in shown[0]
    assert controller.store is None and not QgsProject.instance().mapLayers()


def test_an_unknown_service_is_a_clear_error(controller, qgis_iface):
    before = len(qgis_iface.messageBar().get_messages(Qgis.Critical))
    assert not controller.open_target("service=nowhere")
    shown = qgis_iface.messageBar().get_messages(Qgis.Critical)[before:]
    assert len(shown) == 1 and "nowhere" in shown[0]
    assert not QgsProject.instance().mapLayers()


def test_open_database_offers_postgis(controller, monkeypatch):
    from qgis.PyQt.QtWidgets import QInputDialog

    answers = iter([(1, True), ("service=council", True)])  # the second choice: PostGIS; then the target

    def get_item(_parent, _title, _label, items, *_args):
        index_or_text, ok = next(answers)
        return (items[index_or_text] if isinstance(index_or_text, int) else index_or_text), ok

    monkeypatch.setattr(QInputDialog, "getItem", get_item)
    assert controller.open_database() == "service=council"
    assert controller.layers["proposals"].featureCount() == 3
