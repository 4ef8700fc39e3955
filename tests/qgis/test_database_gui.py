"""MitMach ▸ New / Open participation database, driven as a planner would."""

from __future__ import annotations

import shutil

import pytest
from qgis.core import Qgis, QgsCoordinateReferenceSystem, QgsProject, QgsVectorLayer
from qgis.PyQt.QtWidgets import QDialogButtonBox, QMessageBox

from mitmach_qgis.data.gpkg_store import GeoPackageStore
from mitmach_qgis.gui.database_controller import DatabaseController
from mitmach_qgis.gui.new_database_dialog import NewDatabaseDialog
from mitmach_qgis.processing_provider.provider import MitMachProvider
from tests.helpers import ROOT


@pytest.fixture
def provider(qgis_app, qgis_processing):
    from qgis.core import QgsApplication

    registry = QgsApplication.processingRegistry()
    own = registry.providerById("mitmach") is None
    provider = MitMachProvider() if own else registry.providerById("mitmach")
    if own:
        registry.addProvider(provider)
    yield provider
    if own:
        registry.removeProvider(provider)


@pytest.fixture
def controller(qgis_iface, qgis_new_project, provider):
    return DatabaseController(qgis_iface, QgsProject.instance())


def _messages(iface):
    return (
        [m for m in iface.messageBar().messages.values() for m in m]
        if hasattr(iface.messageBar(), "messages")
        else []
    )


def test_dialog_validates_as_the_user_types(qgis_iface, tmp_path):
    dialog = NewDatabaseDialog()
    ok = dialog.buttonBox.button(QDialogButtonBox.Ok)
    assert not ok.isEnabled(), "no file chosen yet"
    dialog.fileWidget.setFilePath(str(tmp_path / "pilot"))
    assert ok.isEnabled()
    assert dialog.path().endswith("pilot.gpkg")
    dialog.crsWidget.setCrs(QgsCoordinateReferenceSystem("EPSG:4326"))
    assert not ok.isEnabled()
    assert "metres" in dialog.messageLabel.text()
    dialog.crsWidget.setCrs(QgsCoordinateReferenceSystem("EPSG:25832"))
    dialog.fileWidget.setFilePath(str(tmp_path / "missing-folder" / "x.gpkg"))
    assert not ok.isEnabled() and "does not exist" in dialog.messageLabel.text()


def test_create_with_area_layer_opens_themed_layers(controller, tmp_path):
    area_file = tmp_path / "area.geojson"
    area_file.write_text(
        '{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::25832"}},'
        '"features":[{"type":"Feature","properties":{"name":"Welheimer Mark"},"geometry":{"type":"Polygon",'
        '"coordinates":[[[357000,5711000],[358000,5711000],[358000,5712000],[357000,5712000],[357000,5711000]]]}}]}'
    )
    area = QgsVectorLayer(str(area_file), "area", "ogr")
    path = str(tmp_path / "pilot.gpkg")
    assert controller.create_and_open(path, "EPSG:25832", area) == path
    store = GeoPackageStore.open(path)
    with store.reading() as conn:
        assert conn.execute("SELECT name FROM areas").fetchone()[0] == "Welheimer Mark"
    group = QgsProject.instance().layerTreeRoot().findGroup("MitMach")
    assert group is not None
    tables = {layer.customProperty("mitmach/table") for layer in controller.layers.values()}
    assert {"proposals", "participants", "areas"} <= tables


def test_wrong_crs_area_layer_is_refused_and_nothing_is_written(controller, tmp_path):
    area_file = tmp_path / "area.geojson"  # metre coordinates declared as WGS 84
    area_file.write_text(
        '{"type":"FeatureCollection","features":[{"type":"Feature","properties":{},"geometry":{"type":"Polygon",'
        '"coordinates":[[[357000,5711000],[358000,5711000],[358000,5712000],[357000,5711000]]]}}]}'
    )
    area = QgsVectorLayer(str(area_file), "area", "ogr")
    QgsProject.instance().addMapLayer(area)  # as in the dialog, where the area layer comes from the project
    path = tmp_path / "pilot.gpkg"
    errors_before = len(controller.iface.messageBar().get_messages(Qgis.Critical))
    assert controller.create_and_open(str(path), "EPSG:25832", area) is None
    shown = controller.iface.messageBar().get_messages(Qgis.Critical)[errors_before:]
    assert len(shown) == 1 and "coordinate" in shown[0]
    assert not path.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["area.geojson"]


def test_replacing_an_existing_file_asks_first(controller, tmp_path, monkeypatch):
    path = tmp_path / "pilot.gpkg"
    GeoPackageStore.create(path)
    before = path.read_bytes()
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.No)
    assert controller.create_and_open(str(path), "EPSG:25832") is None
    assert path.read_bytes() == before
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Yes)
    assert controller.create_and_open(str(path), "EPSG:25832") == str(path)


def test_open_migrates_an_old_file_and_says_where_the_backup_is(controller, tmp_path, qgis_iface):
    path = tmp_path / "old.gpkg"
    shutil.copy(ROOT / "tests" / "data" / "mitmach-v1.gpkg", path)
    assert controller.open_path(str(path))
    assert GeoPackageStore.inspect(path)[0] == controller.store.schema_version
    assert controller.store.last_backup is not None and controller.store.last_backup.exists()
    info = qgis_iface.messageBar().get_messages(Qgis.Info)
    assert any(controller.store.last_backup.name in m for m in info)


def test_open_a_non_geopackage_shows_an_error_and_adds_nothing(controller, tmp_path):
    path = tmp_path / "not.gpkg"
    path.write_text("hello")
    layers_before = len(QgsProject.instance().mapLayers())
    assert not controller.open_path(str(path))
    assert len(QgsProject.instance().mapLayers()) == layers_before
    assert any("not a GeoPackage" in m for m in controller.iface.messageBar().get_messages(Qgis.Critical))


def test_back_up_database_writes_a_checked_copy_and_refuses_the_file_itself(controller, tmp_path):
    import sqlite3

    path = tmp_path / "pilot.gpkg"
    GeoPackageStore.create(path)
    assert controller.open_path(str(path))
    with controller.store.transaction() as conn:
        conn.execute("INSERT INTO participants (family_name, role) VALUES ('Gesichert', 'owner')")
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # someone is writing right now: not committed, not in the copy
    other.execute("INSERT INTO participants (family_name, role) VALUES ('Halbfertig', 'owner')")
    try:
        copy = controller.back_up_to(str(tmp_path / "copy.gpkg"))
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert copy == str(tmp_path / "copy.gpkg")
    backup = GeoPackageStore.open(copy)
    with backup.reading() as conn:
        assert [r[0] for r in conn.execute("SELECT family_name FROM participants")] == ["Gesichert"]
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert controller.back_up_to(str(path)) is None, "never over the database itself"
    assert controller.back_up_to(copy) is None, "never over an existing file"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["copy.gpkg", "pilot.gpkg"]
