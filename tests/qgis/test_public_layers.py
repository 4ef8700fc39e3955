"""Public points from a store, the anonymised layers, and the public-export guard."""

from __future__ import annotations

import pytest
from qgis.core import QgsVectorLayer

from mitmach_qgis.core.anonymise import anonymise
from mitmach_qgis.data.gpkg_store import GeoPackageStore
from mitmach_qgis.data.public_source import cluster_areas, k_and_cell_size, public_points
from mitmach_qgis.export.guard import PublicExportError, check_internal_path, check_public, internal_name_ok
from mitmach_qgis.export.public_layers import (
    PUBLIC_FIELDS_CELLS,
    areas_layer,
    cells_layer,
    theme_cells_layer,
)

X0, Y0 = 357_010.0, 5_711_020.0


@pytest.fixture
def db(tmp_path):
    store = GeoPackageStore.create(tmp_path / "public.gpkg")
    people = {}
    with store.transaction() as conn:
        for i in range(7):
            consent = i < 5  # five agree to the public map, two do not
            row = {"family_name": f"Person{i}", "email": f"p{i}@example.org", "role": "owner",
                   "consent_public_map": int(consent), "consent_public_map_date": "2026-01-02" if consent else None}  # fmt: skip
            store.insert(conn, "participants", [row])
            people[i] = conn.execute("SELECT uuid FROM participants ORDER BY fid DESC LIMIT 1").fetchone()[0]
        rows = [(people[i], "heating", "checked") for i in range(4)]
        rows += [
            (people[4], "pv", "matched"),
            (people[5], "heating", "checked"),
            (people[6], "heating", "implemented"),
        ]
        rows += [
            (people[0], "roof", "submitted"),
            (people[1], "roof", "rejected"),
            (None, "heating", "checked"),
        ]
        for j, (person, theme, status) in enumerate(rows):
            extra = {"rejection_reason": "x"} if status == "rejected" else {}
            store.insert(conn, "proposals", [{"participant_uuid": person, "theme": theme, "status": status,
                                              "geom": ("point", X0 + j, Y0 + j), **extra}])  # fmt: skip
        store.update_extent(conn, "proposals")
    return store, people


def test_public_points_respect_status_and_consent(db):
    store, people = db
    points = public_points(store)
    assert len(points) == 8  # submitted and rejected are not read
    assert {p.theme for p in points} == {"heating", "pv"}
    consenting = {p.participant for p in points if p.consent_public_map}
    assert consenting == {people[i] for i in range(5)}
    orphan = [p for p in points if p.participant not in people.values()]
    assert len(orphan) == 1 and not orphan[0].consent_public_map
    result = anonymise(points)
    assert result.left_out_no_consent == 3  # two refused, one without participant
    (cell,) = result.cells
    assert cell.total_class == "4–9" and cell.theme_classes == {"heating": "4–9"}


def test_k_and_cell_size_from_the_meta_table(db):
    store, _ = db
    assert k_and_cell_size(store) == (4, 100.0)
    with store.transaction() as conn:
        conn.execute("UPDATE mitmach_meta SET value = ? WHERE key = ?", ("6", "k_anonymity"))
        conn.execute("UPDATE mitmach_meta SET value = ? WHERE key = ?", ("250", "hex_cell_size_m"))
    assert k_and_cell_size(store) == (6, 250.0)


def test_cluster_areas_of_a_missing_file(db, tmp_path):
    assert cluster_areas(tmp_path / "nothing.gpkg", db[0]) == []


def public_layers(store):
    result = anonymise(public_points(store))
    return result, [cells_layer(result, "EPSG:25832", "de"), areas_layer(result, "EPSG:25832", "en"),
                    theme_cells_layer(result, "heating", "EPSG:25832", "en")]  # fmt: skip


def test_layers_have_only_public_fields_and_the_marker(db):
    result, (cells, areas, heating) = public_layers(db[0])
    assert cells.name() == "Beteiligung (aggregiert)" and areas.name() == "Synergy areas (aggregated)"
    assert tuple(f.name() for f in cells.fields()) == PUBLIC_FIELDS_CELLS
    assert cells.featureCount() == 1 and heating.featureCount() == 1
    feature = next(cells.getFeatures())
    assert feature["participants"] == "4–9" and feature["heating"] == "4–9"
    assert str(feature["pv"]) in ("None", "NULL")  # pv suppressed in this cell
    for layer in (cells, areas, heating):
        assert layer.customProperty("mitmach/public") is True
        assert not layer.labelsEnabled()
        assert {f.name() for f in layer.fields()} <= {*PUBLIC_FIELDS_CELLS, "area_id", "synergy", "period"}
    assert theme_cells_layer(result, "pv", "EPSG:25832", "de").featureCount() == 0
    check_public([cells, areas, heating])  # our own layers pass


def test_the_guard_refuses_what_is_not_public(db):
    store, _ = db
    proposals = QgsVectorLayer(f"{store.path}|layername=proposals", "Vorschläge", "ogr")
    participants = QgsVectorLayer(f"{store.path}|layername=participants", "Teilnehmende", "ogr")
    assert proposals.isValid() and participants.isValid()
    with pytest.raises(PublicExportError, match="Vorschläge"):
        check_public([proposals])
    with pytest.raises(PublicExportError, match="Teilnehmende"):
        check_public([participants])
    points = QgsVectorLayer("Point?crs=EPSG:25832&field=theme:string", "Ideen", "memory")
    with pytest.raises(PublicExportError, match="Ideen"):
        check_public([points])
    contacts = QgsVectorLayer("Polygon?crs=EPSG:25832&field=EMail:string", "Kontakte", "memory")
    contacts.setCustomProperty("mitmach/public", True)
    with pytest.raises(PublicExportError, match="Kontakte"):
        check_public([contacts])
    _, good = public_layers(store)
    with pytest.raises(PublicExportError):
        check_public([*good, points])  # one bad layer spoils the lot


@pytest.mark.parametrize(
    ("name", "ok"),
    [("intern.pdf", True), ("public-map.pdf", False), ("Karte_oeffentlich.png", False),
     ("Öffentlich.gpkg", False), ("PUBLIC.pdf", False), ("officer_list.csv", True)],
)  # fmt: skip
def test_internal_exports_must_not_be_called_public(tmp_path, name, ok):
    assert internal_name_ok(tmp_path / name) is ok
    if ok:
        check_internal_path(tmp_path / name)
    else:
        with pytest.raises(PublicExportError, match=name.split(".")[0]):
            check_internal_path(tmp_path / name)
