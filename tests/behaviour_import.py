"""Import of the online form's submissions (data/importer.py) and the geocoder's tables (data/geocode_store.py)
as both stores must show them, written once.

Each behaviour takes a store (GeoPackageStore or PostgisStore) whose participation area is the pilot area of
tests/unit/test_store.py (PostGIS: the same rectangle, tests/pg_fixtures.py) and checks the database's
contents: tests/unit/test_shared_privacy_import.py runs :data:`BEHAVIOURS` on a GeoPackage,
tests/postgis/test_shared_privacy_import.py on PostGIS. The unit tests run without QGIS, so lat/lon go
through :func:`to_db`, an affine stand-in for QGIS's WGS 84 → EPSG:25832 transformation near Bottrop (the
real one is tested by tests/qgis/test_import_algorithm_postgis.py).
"""

from __future__ import annotations

import math

import pytest

from mitmach_qgis.core.addresses import normalise_street
from mitmach_qgis.core.geocoding import AddressQuery
from mitmach_qgis.data.errors import StoreError
from mitmach_qgis.data.geocode_store import (
    SqliteGeocodeCache,
    area_polygons_from_store,
    area_test_from_store,
    gazetteer_from_store,
)
from mitmach_qgis.data.importer import ImportCancelledError, gazetteer_locate, import_submissions
from tests.behaviour_privacy import rows, snapshot
from tests.helpers import ROOT

DATA = ROOT / "tests" / "data" / "submissions"
YEAR = 2026
GAZETTEER = [
    ("Zechenstraße", "12a", 357400.0, 5711400.0),
    ("Zechenstraße", "14", 357420.0, 5711400.0),
    ("Große Büttenstraße", "5", 357900.0, 5711600.0),
    ("Am Lindenhof", "3", 359500.0, 5711500.0),  # outside the pilot area
    ("Hügelweg", "7", 357200.0, 5711200.0),
]
PILOT = [(357000.0, 5711000.0), (358200.0, 5711000.0), (358200.0, 5711900.0), (357000.0, 5711900.0),
         (357000.0, 5711000.0)]  # fmt: skip


def to_db(lon: float, lat: float) -> tuple[float, float]:
    """W-1003's lat/lon is (357600, 5711450) in EPSG:25832; metres per degree at 51.5° N."""
    return 357600.0 + (lon - 6.946779) * 69_400.0, 5711450.0 + (lat - 51.536170) * 111_250.0


def with_gazetteer(store) -> None:
    with store.transaction() as conn:
        store.insert(
            conn,
            "addresses",
            [{"street": street, "house_number": number, "postcode": "46236", "city": "Bottrop",
              "street_key": normalise_street(street), "geom": ("point", x, y)} for street, number, x, y in GAZETTEER],
        )  # fmt: skip


def run_import(store, name="online_form.csv", **kwargs):
    kwargs.setdefault("locate", gazetteer_locate(store))
    kwargs.setdefault("to_db_crs", to_db)
    return import_submissions(store, DATA / name, current_year=YEAR, **kwargs)


def proposals(store) -> dict[str, list[dict]]:
    """submission id → its proposals (with x, y), in fid order."""
    out: dict[str, list[dict]] = {}
    sql = (
        "SELECT submission_id, theme, status, source, participant_uuid, location_source, location_quality, "
        f"in_area, created_by, description, {store.point_sql('geom')} AS point FROM proposals ORDER BY fid"
    )
    with store.reading() as conn:
        for row in conn.execute(sql):
            values = dict(row)
            values["xy"] = store.point_xy(values.pop("point"))
            values["in_area"] = None if values["in_area"] is None else bool(values["in_area"])
            out.setdefault(values["submission_id"], []).append(values)
    return out


class Feedback:
    """What the importer asks of a QgsProcessingFeedback; cancels once progress reaches ``cancel_at``."""

    def __init__(self, cancel_at: float | None = None) -> None:
        self.values: list[float] = []
        self.cancel_at = cancel_at
        self.cancelled = False

    def setProgress(self, value: float) -> None:
        self.values.append(value)
        if self.cancel_at is not None and value >= self.cancel_at:
            self.cancelled = True

    def isCanceled(self) -> bool:
        return self.cancelled


# -- behaviours ---------------------------------------------------------------------------------------------
def import_writes_participants_and_proposals_and_adds_nothing_the_second_time(store) -> None:
    with_gazetteer(store)
    events = store.count("events")
    report = run_import(store, user="officer1")
    assert (report.imported, report.skipped, report.duplicates, report.proposals) == (6, 1, 0, 8)
    assert [(r.row, r.submission_id) for r in report.rejected] == [(7, "W-1005")]
    assert report.outside_area == 1
    assert (store.count("participants"), store.count("proposals")) == (6, 8)
    found = proposals(store)
    assert [p["theme"] for p in found["W-1001"]] == ["heating", "pv"]
    assert [p["theme"] for p in found["W-1002"]] == ["windows", "roof"]
    everything = [p for ps in found.values() for p in ps]
    assert {(p["status"], p["source"], p["created_by"]) for p in everything} == {
        ("submitted", "web", "officer1")
    }
    erika = found["W-1001"][0]
    assert (erika["location_source"], erika["location_quality"], erika["in_area"], erika["xy"]) == (
        "geocoded", "address", True, (357400.0, 5711400.0))  # fmt: skip
    assert len({p["participant_uuid"] for p in found["W-1001"]}) == 1
    anna, bernd = found["W-1003"][0], found["W-1004"][0]
    assert (anna["location_source"], anna["location_quality"], anna["in_area"]) == (
        "imported",
        "manual",
        True,
    )
    assert math.dist(anna["xy"], (357600.0, 5711450.0)) < 0.01
    assert (bernd["in_area"], bernd["status"]) == (False, "submitted")
    assert "DROP TABLE" in found["W-1006"][0]["description"]  # stored verbatim, nothing dropped
    person = rows(
        store,
        "SELECT given_name, family_name, consent_contact, consent_contact_date, created_by FROM participants "
        "WHERE uuid = ?",
        (erika["participant_uuid"],),
    )[0]
    assert (
        person[:2] == ("Erika", "Musterfrau") and bool(person[2]) and person[3:] == ("2026-03-02", "officer1")
    )
    assert rows(store, "SELECT user_name, details FROM events WHERE action = 'import'") == [
        ("officer1", "online_form.csv: 6 submissions, 8 proposals")
    ]
    assert store.count("events") == events + 6 + 8 + 1  # every insert audited, and the import itself

    before = snapshot(store)
    again = run_import(store, user="officer1")
    assert (again.imported, again.proposals, again.duplicates, again.skipped) == (0, 0, 6, 1)
    assert {r.status for r in again.rows if r.submission_id != "W-1005"} == {"duplicate"}
    assert snapshot(store) == before, "the same file again writes nothing"


def a_geojson_import_and_one_without_a_locator(store) -> None:
    report = run_import(store, "online_form.geojson", locate=None)
    found = proposals(store)
    assert report.imported == len(found) > 0 and store.count("proposals") == report.proposals
    assert {p["location_source"] for ps in found.values() for p in ps} == {"imported"}
    csv = run_import(store, locate=None)
    assert {r.submission_id for r in csv.rows if r.status == "imported"} == {"W-1003", "W-1004", "W-1007"}
    assert csv.skipped == 4


def a_cancelled_import_writes_nothing(store) -> None:
    with_gazetteer(store)
    before = snapshot(store)
    for cancel_at in (40.0, 90.0):  # while locating (no transaction yet), while writing (rolled back)
        feedback = Feedback(cancel_at)
        with pytest.raises(ImportCancelledError, match="nothing was written"):
            run_import(store, feedback=feedback)
        assert snapshot(store) == before
        assert max(feedback.values) >= cancel_at
    report = run_import(store, feedback=Feedback())
    assert report.imported == 6 and store.count("proposals") == 8


def a_row_the_database_refuses_midway_rolls_everything_back(store) -> None:
    with_gazetteer(store)
    before = snapshot(store)
    original, calls = store.insert, []

    def insert(conn, table, rows_, **kwargs):
        rows_ = list(rows_)
        if table == "proposals":
            calls.append(table)
            if len(calls) == 3:  # the third submission: a year the database's rule refuses
                rows_ = [{**rows_[0], "year_from": 1900}]
        return original(conn, table, rows_, **kwargs)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(store, "insert", insert)
        with pytest.raises(StoreError, match="rule of the database") as info:
            run_import(store)
    assert len(calls) == 3 and "Musterfrau" not in str(info.value)
    assert snapshot(store) == before


def the_geocoder_cache_gazetteer_and_area_work_on_the_store(store) -> None:
    with_gazetteer(store)
    cache = SqliteGeocodeCache(store)
    key = AddressQuery("Zechenstraße", "12a", "46236", "Bottrop").key()
    assert cache.get(key) is None
    cache.put(key, "nominatim", "found", {"places": [{"lat": 51.5, "name": "Zeche"}]})
    cache.put(key, "nominatim", "ambiguous", {"places": []})  # replaces the answer
    assert cache.get(key) == {"places": []}
    assert rows(store, "SELECT status, count(*) FROM geocode_cache GROUP BY status") == [("ambiguous", 1)]
    with pytest.raises(ValueError):
        cache.put(key, "nominatim", "error", {})
    assert cache.clear() == 1 and cache.get(key) is None
    result = gazetteer_from_store(store).geocode(AddressQuery("Zechenstr.", "12 A", "46236", ""))
    assert result.status == "found" and (result.candidates[0].x, result.candidates[0].y) == (
        357400.0,
        5711400.0,
    )
    assert area_polygons_from_store(store) == [[PILOT]]
    inside = area_test_from_store(store)
    assert inside(357600.0, 5711450.0) and not inside(359500.0, 5711500.0)
    locate = gazetteer_locate(store)
    assert locate({"street": "Große Büttenstr.", "house_number": "5", "postcode": "46236"}) == (
        357900.0, 5711600.0, "geocoded", "address")  # fmt: skip
    assert locate({"street": "Zechenstraße", "house_number": "99", "postcode": "46236"}) is None


BEHAVIOURS = [
    import_writes_participants_and_proposals_and_adds_nothing_the_second_time,
    a_geojson_import_and_one_without_a_locator,
    a_cancelled_import_writes_nothing,
    a_row_the_database_refuses_midway_rolls_everything_back,
    the_geocoder_cache_gazetteer_and_area_work_on_the_store,
]
