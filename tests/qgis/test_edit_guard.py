"""Editing the database's layers with QGIS's own tools: saving over someone else's newer change is reported."""

from __future__ import annotations

import pytest
from qgis.core import Qgis, QgsProject

from mitmach_qgis.data import review
from mitmach_qgis.gui.database_controller import DatabaseController
from tests.qgis.test_review import _insert
from tests.qgis.test_review import store as store  # the fixture

OTHER = "officer.schulz"


@pytest.fixture
def opened(qgis_iface, qgis_new_project, store):  # noqa: F811
    ids = _insert(store)
    controller = DatabaseController(qgis_iface, QgsProject.instance())
    assert controller.open_path(str(store.path))
    yield controller, controller.layers["proposals"], ids
    controller.guard.detach()
    QgsProject.instance().removeAllMapLayers()


def _fid(store, uuid):  # noqa: F811
    with store.reading() as conn:
        return conn.execute("SELECT fid FROM proposals WHERE uuid = ?", (uuid,)).fetchone()[0]


def _warnings(iface):
    return iface.messageBar().get_messages(Qgis.Warning)


def test_a_layer_save_over_a_newer_change_is_reported_with_what_changed(opened, store, qgis_iface):  # noqa: F811
    controller, layer, ids = opened
    uuid, other_uuid = ids["heating_old"], ids["pv_mid"]
    before = len(_warnings(qgis_iface))
    assert layer.startEditing()
    field = layer.fields().indexFromName("description")
    assert layer.changeAttributeValue(_fid(store, uuid), field, "meine Fassung")
    assert layer.changeAttributeValue(_fid(store, other_uuid), field, "auch geändert")
    review.save_notes(store, uuid, OTHER, "Rückruf vereinbart", None)  # someone else saves meanwhile
    assert layer.commitChanges()
    shown = _warnings(qgis_iface)[before:]
    assert len(shown) == 1
    assert uuid in shown[0] and "officer_notes" in shown[0] and OTHER in shown[0]
    assert other_uuid not in shown[0], "a record nobody else changed is not reported"
    with store.reading() as conn:
        row = conn.execute(
            "SELECT description, officer_notes FROM proposals WHERE uuid = ?", (uuid,)
        ).fetchone()
    assert tuple(row) == ("meine Fassung", "Rückruf vereinbart"), "both changes are in the record"


def test_no_report_without_concurrent_changes_and_none_after_a_rollback(opened, store, qgis_iface):  # noqa: F811
    controller, layer, ids = opened
    uuid = ids["heating_old"]
    before = len(_warnings(qgis_iface))
    assert layer.startEditing()
    field = layer.fields().indexFromName("description")
    layer.changeAttributeValue(_fid(store, uuid), field, "erster Stand")
    assert layer.commitChanges()
    assert layer.startEditing()
    layer.changeAttributeValue(_fid(store, uuid), field, "verworfen")
    review.save_notes(store, uuid, OTHER, "anders", None, expected_version=None)
    assert layer.rollBack()
    assert layer.startEditing()
    layer.changeAttributeValue(_fid(store, uuid), field, "zweiter Stand")  # the base is read again here
    assert layer.commitChanges()
    assert _warnings(qgis_iface)[before:] == []
    assert controller.guard._bases == {}


def test_opening_the_same_database_again_keeps_the_guard_working(opened, store, qgis_iface):  # noqa: F811
    controller, _layer, ids = opened
    assert controller.open_path(str(store.path)), "reopening replaces the layers the old guard listened to"
    layer = controller.layers["proposals"]
    before = len(_warnings(qgis_iface))
    assert layer.startEditing()
    layer.changeAttributeValue(_fid(store, ids["pv_mid"]), layer.fields().indexFromName("description"), "neu")
    review.save_notes(store, ids["pv_mid"], OTHER, "dazwischen", None)
    assert layer.commitChanges()
    assert ids["pv_mid"] in "".join(_warnings(qgis_iface)[before:])
