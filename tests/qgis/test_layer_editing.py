"""Editing the layers in QGIS itself (forms, attribute table, moving points) commits through the rules."""

from __future__ import annotations

from qgis.core import QgsGeometry, QgsPointXY, QgsProject

from mitmach_qgis.data.gpkg_store import GeoPackageStore
from mitmach_qgis.data.layers import open_layers


def test_attribute_and_geometry_edits_commit_and_are_logged(qgis_new_project, tmp_path):
    store = GeoPackageStore.create(tmp_path / "db.gpkg")
    with store.transaction() as conn:
        store.insert(conn, "participants", [{"family_name": "Beispiel", "role": "owner", "created_by": "t"}])
        person = conn.execute("SELECT uuid FROM participants").fetchone()[0]
        store.insert(conn, "proposals", [{"participant_uuid": person, "theme": "heating", "year_from": 2026,
                                          "year_to": 2027, "geom": ("point", 357500.0, 5711500.0), "created_by": "t"}])  # fmt: skip
    layers = open_layers(store.path, QgsProject.instance(), "en")
    proposals = next(lyr for lyr in layers.values() if lyr.customProperty("mitmach/table") == "proposals")
    feature = next(proposals.getFeatures())
    assert proposals.startEditing()
    proposals.changeAttributeValue(feature.id(), proposals.fields().indexOf("description"), "Neuer Kessel")
    proposals.changeAttributeValue(feature.id(), proposals.fields().indexOf("status"), "checked")
    proposals.changeGeometry(feature.id(), QgsGeometry.fromPointXY(QgsPointXY(357510.0, 5711505.0)))
    assert proposals.commitChanges(), proposals.commitErrors()
    with store.reading() as conn:
        row = conn.execute("SELECT description, status, version FROM proposals").fetchone()
        fields = [r[0] for r in conn.execute("SELECT changed_fields FROM events WHERE action = 'update'")]
    assert tuple(row)[:2] == ("Neuer Kessel", "checked")
    assert row[2] >= 2, "QGIS writes attributes and geometry as separate UPDATEs; each bumps the version"
    changed = {name for f in fields for name in (f or "").split(",")}
    assert {"description", "status", "geom"} <= changed
    # an illegal transition is refused by the database, and QGIS says so
    feature = next(proposals.getFeatures())
    assert proposals.startEditing()
    proposals.changeAttributeValue(feature.id(), proposals.fields().indexOf("status"), "submitted")
    assert not proposals.commitChanges()
    assert "status transition" in " ".join(proposals.commitErrors())
    proposals.rollBack()


def test_stored_project_has_no_automatic_transaction_groups(qgis_new_project, tmp_path):
    from mitmach_qgis.data.layers import project_uri, save_project

    store = GeoPackageStore.create(tmp_path / "db.gpkg")
    save_project(store.path, "en")
    project = QgsProject()
    assert project.read(project_uri(store.path))
    mode = project.transactionMode() if hasattr(project, "transactionMode") else None
    assert (not project.autoTransaction()) if mode is None else mode.name == "Disabled"
