"""Importing online submissions into a participation database, directly and through the Processing algorithm."""

from __future__ import annotations

import csv
import os
import sqlite3
import stat

import pytest
from qgis.core import QgsProcessingContext, QgsProcessingFeedback

from mitmach_qgis.core.addresses import normalise_street
from mitmach_qgis.core.submissions import SubmissionFileError
from mitmach_qgis.data.errors import StoreError
from mitmach_qgis.data.geometry import blob_point
from mitmach_qgis.data.gpkg_store import GeoPackageStore
from mitmach_qgis.data.importer import (
    ImportCancelledError,
    _in_areas,
    gazetteer_locate,
    import_submissions,
    write_report,
)
from mitmach_qgis.processing_provider.import_submissions import ImportSubmissionsAlgorithm
from tests.behaviour_import import GAZETTEER  # the shared import tests' gazetteer
from tests.helpers import ROOT

DATA = ROOT / "tests" / "data" / "submissions"
YEAR = 2026
AREA = [[[(357000, 5711000), (358200, 5711000), (358200, 5711900), (357000, 5711900), (357000, 5711000)]]]
HEADER = (
    "submission_id,submitted_at,name,street,house_number,postcode,city,email,phone,role,themes,planned_from,"
    "planned_to,description,consent_contact,consent_map,lat,lon"
)


@pytest.fixture
def store(tmp_path):
    store = GeoPackageStore.create(tmp_path / "x.gpkg", areas=[("Pilot", AREA)])
    with store.transaction() as conn:
        store.insert(
            conn,
            "addresses",
            [
                {"street": street, "house_number": number, "postcode": "46236", "city": "Bottrop",
                 "street_key": normalise_street(street), "geom": ("point", x, y)}
                for street, number, x, y in GAZETTEER
            ],
        )  # fmt: skip
    return store


def run_import(store, name="online_form.csv", **kwargs):
    kwargs.setdefault("locate", gazetteer_locate(store))
    return import_submissions(
        store, DATA / name if isinstance(name, str) else name, current_year=YEAR, **kwargs
    )


def rows(store, sql, *params):
    with store.reading() as conn:
        return [dict(r) for r in conn.execute(sql, params)]


def counts(store) -> tuple[int, int, int]:
    return store.count("participants"), store.count("proposals"), store.count("events")


def write_csv(tmp_path, *lines, name="extra.csv"):
    path = tmp_path / name
    path.write_text(HEADER + "\n" + "\n".join(lines) + "\n", encoding="utf-8")
    return path


class Feedback(QgsProcessingFeedback):
    """Records progress; cancels itself once progress passes ``cancel_at``."""

    def __init__(self, cancel_at: float | None = None) -> None:
        super().__init__()
        self.values: list[float] = []
        self.cancel_at = cancel_at

    def setProgress(self, value):
        self.values.append(value)
        super().setProgress(value)
        if self.cancel_at is not None and value >= self.cancel_at:
            self.cancel()


# -- a normal import ----------------------------------------------------------------------------------------
def test_import_writes_participants_and_one_proposal_per_theme(store):
    report = run_import(store, user="officer1")
    assert (report.imported, report.skipped, report.duplicates, report.proposals) == (6, 1, 0, 8)
    assert store.count("participants") == 6 and store.count("proposals") == 8
    proposals = rows(store, "SELECT * FROM proposals ORDER BY fid")
    assert {p["status"] for p in proposals} == {"submitted"} and {p["source"] for p in proposals} == {"web"}
    assert {p["created_by"] for p in proposals} == {"officer1"}
    assert [(p["submission_id"], p["theme"]) for p in proposals[:4]] == [
        ("W-1001", "heating"), ("W-1001", "pv"), ("W-1002", "windows"), ("W-1002", "roof")
    ]  # fmt: skip
    erika = proposals[0]
    assert (erika["location_source"], erika["location_quality"], erika["in_area"]) == (
        "geocoded",
        "address",
        1,
    )
    assert blob_point(erika["geom"]) == (357400.0, 5711400.0)
    assert (erika["year_from"], erika["year_to"]) == (2026, 2027)
    same_person = {p["participant_uuid"] for p in proposals if p["submission_id"] == "W-1001"}
    assert len(same_person) == 1
    person = rows(store, "SELECT * FROM participants WHERE uuid = ?", same_person.pop())[0]
    assert (person["given_name"], person["family_name"], person["created_by"]) == (
        "Erika",
        "Musterfrau",
        "officer1",
    )
    assert (person["consent_contact"], person["consent_contact_date"]) == (1, "2026-03-02")
    events = rows(store, "SELECT * FROM events WHERE action = 'import'")
    assert len(events) == 1 and events[0]["user_name"] == "officer1"
    assert events[0]["details"] == "online_form.csv: 6 submissions, 8 proposals"


def test_lat_lon_is_used_and_a_point_outside_the_area_is_imported_but_flagged(store):
    report = run_import(store)
    assert report.outside_area == 1
    by_id = {p["submission_id"]: p for p in rows(store, "SELECT * FROM proposals")}
    inside, outside = by_id["W-1003"], by_id["W-1004"]
    assert (inside["location_source"], inside["location_quality"], inside["in_area"]) == (
        "imported",
        "manual",
        1,
    )
    x, y = blob_point(inside["geom"])
    assert abs(x - 357600) < 1 and abs(y - 5711450) < 1
    assert (outside["in_area"], outside["status"]) == (0, "submitted")
    flagged = next(r for r in report.rows if r.submission_id == "W-1004")
    assert flagged.status == "imported" and "Outside the participation area" in flagged.reasons[0]


def test_address_not_found_is_skipped_with_the_reason(store):
    report = run_import(store)
    skipped = [(r.row, r.submission_id) for r in report.rejected]
    assert skipped == [(7, "W-1005")]
    assert report.rejected[0].reasons == (
        "Address not found: the submission has no coordinates and its address could not be located.",
    )
    assert not rows(store, "SELECT * FROM participants WHERE family_name = 'Unbekannt'")


def test_without_any_locator_only_rows_with_coordinates_are_imported(store):
    report = run_import(store, locate=None)
    assert {r.submission_id for r in report.rows if r.status == "imported"} == {"W-1003", "W-1004", "W-1007"}
    assert report.skipped == 4


def test_umlauts_and_sharp_s_round_trip(store):
    report = run_import(store, "online_form_de.csv")
    assert (report.imported, report.skipped) == (3, 0)
    people = {p["family_name"]: p for p in rows(store, "SELECT * FROM participants")}
    juergen = people["Größe-Weißmüller"]
    assert (juergen["given_name"], juergen["street"], juergen["email"]) == (
        "Jürgen", "Große Büttenstraße", "jürgen@größe-weißmüller.de"
    )  # fmt: skip
    assert people["Äßler"]["given_name"] == "Öznur" and people["Strauß"]["given_name"] == "Ümit"
    description = rows(store, "SELECT description FROM proposals WHERE submission_id = 'D-2002'")[0][
        "description"
    ]
    assert description == "Fassade: Außenwände dämmen, Straßenseite"


def test_sql_and_expression_looking_text_is_stored_verbatim(store):
    run_import(store)
    proposal = rows(store, "SELECT * FROM proposals WHERE submission_id = 'W-1006'")[0]
    assert proposal["description"] == "'); DROP TABLE proposals; -- \" OR 1=1 [% @user_full_name %]"
    person = rows(store, "SELECT * FROM participants WHERE uuid = ?", proposal["participant_uuid"])[0]
    assert person["family_name"] == "Test'); DROP TABLE participants; --"
    tables = {r["name"] for r in rows(store, "SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"participants", "proposals", "events", "areas"} <= tables
    assert store.count("proposals") == 8


def test_postcode_keeps_its_leading_zero(store):
    run_import(store)
    person = rows(
        store, "SELECT postcode, typeof(postcode) AS t FROM participants WHERE family_name = 'Nullmann'"
    )
    assert person == [{"postcode": "01067", "t": "text"}]


def test_geojson_import(store):
    report = run_import(store, "online_form.geojson")
    assert (report.imported, report.skipped, report.proposals) == (2, 1, 3)
    hans = rows(store, "SELECT * FROM proposals WHERE submission_id = 'G-3002'")[0]
    assert hans["location_source"] == "geocoded" and blob_point(hans["geom"]) == (357900.0, 5711600.0)


# -- duplicates ---------------------------------------------------------------------------------------------
def test_importing_the_same_file_twice_adds_nothing(store):
    first = run_import(store)
    before = counts(store)
    snapshot = store.path.read_bytes()
    second = run_import(store)
    assert counts(store) == before and store.path.read_bytes() == snapshot
    assert (second.imported, second.proposals, second.duplicates) == (0, 0, first.imported)
    assert second.skipped == first.skipped == 1
    assert {r.status for r in second.rows} == {"duplicate", "skipped"}


def test_same_person_address_and_theme_under_a_new_id_is_a_duplicate(store, tmp_path):
    run_import(store)
    again = write_csv(
        tmp_path,
        # same family name, same address (spelt differently), same themes, no e-mail: a duplicate
        "N-1,2026-04-01,E. Musterfrau,Zechenstr.,12 A,46236,Bottrop,,,owner,heating;pv,2026,2027,,,,,",
        # same person by e-mail and address, one known and one new theme: only the new idea is added
        "N-2,2026-04-01,Erika Musterfrau,Zechenstraße,12a,,Bottrop,ERIKA.MUSTERFRAU@example.org,,owner,"
        "heating;windows,2026,2027,,,,,",
        # the same name at another address is another household
        "N-3,2026-04-01,Erika Musterfrau,Große Büttenstraße,5,46236,Bottrop,,,tenant,heating,2026,2027,,,,,",
    )
    people_before = store.count("participants")
    report = run_import(store, again)
    status = {r.submission_id: r for r in report.rows}
    assert status["N-1"].status == "duplicate" and "same person" in status["N-1"].reasons[0]
    assert status["N-2"].status == "imported" and "heating" in status["N-2"].reasons[0]
    assert status["N-3"].status == "imported"
    assert (report.imported, report.duplicates, report.proposals) == (2, 1, 2)
    assert store.count("participants") == people_before + 1  # N-2 joined Erika; N-3 is new
    erika = rows(store, "SELECT participant_uuid FROM proposals WHERE submission_id = 'W-1001'")[0]
    added = rows(store, "SELECT participant_uuid, theme FROM proposals WHERE submission_id = 'N-2'")
    assert added == [{"participant_uuid": erika["participant_uuid"], "theme": "windows"}]


def test_duplicates_inside_one_file(store, tmp_path):
    row = "D-1,2026-04-01,Anna Schmidt,Hügelweg,7,46236,Bottrop,,,owner,windows,2026,2027,,,,,"
    path = write_csv(tmp_path, row, row, row.replace("D-1", "D-2"))
    report = run_import(store, path)
    assert [r.status for r in report.rows] == ["imported", "duplicate", "duplicate"]
    assert "earlier in this file" in report.rows[1].reasons[0]
    assert store.count("proposals") == 1


# -- locating -----------------------------------------------------------------------------------------------
def test_a_given_locator_and_transformation_are_used(store):
    asked = []

    def locate(participant):
        asked.append(participant["street"])
        return (
            (357111.0, 5711222.0, "nonsense", "address") if participant["street"] != "Zechenstraße" else None
        )

    report = run_import(store, locate=locate, to_db_crs=lambda lon, lat: (357000.0 + lon, 5711000.0 + lat))
    assert "Zechenstraße" in asked and "Hügelweg" not in asked  # W-1003 had lat/lon
    anna = rows(store, "SELECT * FROM proposals WHERE submission_id = 'W-1003'")[0]
    assert blob_point(anna["geom"]) == pytest.approx((357006.946779, 5711051.53617))
    mueller = rows(store, "SELECT * FROM proposals WHERE submission_id = 'W-1002'")[0]
    assert mueller["location_source"] == "geocoded" and blob_point(mueller["geom"]) == (357111.0, 5711222.0)
    assert {r.submission_id for r in report.rejected} == {"W-1001", "W-1006"}  # on Zechenstraße


def test_a_failing_geocoder_skips_the_row_and_names_no_address(store):
    def locate(participant):
        raise ConnectionError(f"https://geocoder.example/?q={participant['street']}")

    report = run_import(store, locate=locate)
    reasons = {r.submission_id: " ".join(r.reasons) for r in report.rejected}
    assert "geocoder error" in reasons["W-1001"] and "Zechenstraße" not in reasons["W-1001"]
    assert report.imported == 3  # the rows with lat/lon


def test_gazetteer_narrows_by_postcode_or_city_and_refuses_ambiguity(store):
    with store.transaction() as conn:
        store.insert(conn, "addresses", [
            {"street": "Hügelweg", "house_number": "7", "postcode": "45964", "city": "Gladbeck",
             "street_key": normalise_street("Hügelweg"), "geom": ("point", 362000.0, 5714000.0)},
        ])  # fmt: skip
    locate = gazetteer_locate(store)
    assert locate({"street": "Huegelweg", "house_number": "7", "postcode": "46236"})[:2] == (
        357200.0,
        5711200.0,
    )
    assert locate({"street": "Hügelweg", "house_number": "7 ", "city": "gladbeck"})[:2] == (
        362000.0,
        5714000.0,
    )
    assert locate({"street": "Hügelweg", "house_number": "7"}) is None  # two towns: ambiguous
    assert locate({"street": "Hügelweg", "house_number": "8", "postcode": "46236"}) is None


def test_point_in_area_with_holes_edges_and_no_area():
    square = [[(0, 0), (10, 0), (10, 10), (0, 10), (0, 0)], [(4, 4), (6, 4), (6, 6), (4, 6), (4, 4)]]
    assert _in_areas(1, 1, [square]) == 1
    assert _in_areas(5, 5, [square]) == 0  # in the hole
    assert _in_areas(10, 5, [square]) == 1  # on the edge
    assert _in_areas(11, 5, [square]) == 0
    assert _in_areas(1, 1, []) is None


def test_without_any_area_in_area_is_unknown(tmp_path):
    bare = GeoPackageStore.create(tmp_path / "bare.gpkg")
    run_import(bare, locate=None)
    assert {r["in_area"] for r in rows(bare, "SELECT in_area FROM proposals")} == {None}


# -- one transaction: nothing half-written ------------------------------------------------------------------
def test_progress_is_reported(store):
    feedback = Feedback()
    run_import(store, feedback=feedback)
    assert feedback.values == sorted(feedback.values) and feedback.values[-1] == 100
    assert len(feedback.values) > 5


@pytest.mark.parametrize("cancel_at", [10, 85, 99.5])
def test_cancel_writes_nothing(store, cancel_at):
    snapshot = store.path.read_bytes()
    with pytest.raises(ImportCancelledError, match="nothing was written"):
        run_import(store, feedback=Feedback(cancel_at))
    assert store.path.read_bytes() == snapshot and counts(store)[:2] == (0, 0)


def test_a_database_locked_by_another_program_is_left_untouched(store, monkeypatch):
    monkeypatch.setattr(GeoPackageStore, "busy_timeout_ms", 100)
    monkeypatch.setattr(GeoPackageStore, "write_deadline_s", 0.2)
    other = sqlite3.connect(store.path, isolation_level=None)
    try:
        other.execute("BEGIN EXCLUSIVE")
        with pytest.raises(StoreError, match="in use"):
            run_import(store)
    finally:
        other.close()
    assert counts(store)[:2] == (0, 0)


def test_a_lock_taken_mid_import_rolls_everything_back(store, monkeypatch):
    monkeypatch.setattr(GeoPackageStore, "busy_timeout_ms", 100)
    monkeypatch.setattr(GeoPackageStore, "write_deadline_s", 0.2)
    gazetteer = gazetteer_locate(store)
    reader = sqlite3.connect(store.path, isolation_level=None)
    original, written = GeoPackageStore.insert, []

    def insert(self, conn, table, rows_):
        written.append(table)
        return original(self, conn, table, rows_)

    monkeypatch.setattr(GeoPackageStore, "insert", insert)

    def locate(participant):
        if not reader.in_transaction:  # another program starts reading and keeps its lock
            reader.execute("BEGIN")
            reader.execute("SELECT count(*) FROM proposals").fetchone()
        return gazetteer(participant)

    try:
        with pytest.raises(StoreError, match="in use"):
            run_import(store, locate=locate)
        assert reader.execute("SELECT count(*) FROM proposals").fetchone()[0] == 0
    finally:
        reader.close()
    assert len(written) == 12, "every row was written inside the transaction, then rolled back at COMMIT"
    assert counts(store)[:2] == (0, 0)
    assert run_import(store).imported == 6  # once the other program is done, the import works


def test_a_read_only_database_is_left_untouched(store):
    snapshot = store.path.read_bytes()
    os.chmod(store.path, stat.S_IRUSR | stat.S_IRGRP)
    try:
        with pytest.raises(StoreError, match="read-only"):
            run_import(store)
    finally:
        os.chmod(store.path, stat.S_IRUSR | stat.S_IWUSR)
    assert store.path.read_bytes() == snapshot


def test_a_write_refused_mid_import_rolls_everything_back(store, monkeypatch):
    original = GeoPackageStore.insert
    calls = []

    def insert(self, conn, table, rows_):
        calls.append(table)
        if len(calls) == 5:
            raise sqlite3.OperationalError("attempt to write a readonly database")
        return original(self, conn, table, rows_)

    monkeypatch.setattr(GeoPackageStore, "insert", insert)
    with pytest.raises(StoreError, match="read-only"):
        run_import(store)
    assert counts(store)[:2] == (0, 0) and len(calls) == 5


def test_a_fatal_file_problem_writes_nothing(store, tmp_path):
    bad = tmp_path / "latin1.csv"
    bad.write_bytes((HEADER + "\nS-1,Jörg").encode("latin-1"))
    with pytest.raises(SubmissionFileError, match="UTF-8"):
        run_import(store, bad)
    assert counts(store)[:2] == (0, 0)


# -- the report ---------------------------------------------------------------------------------------------
def test_report_lists_every_bad_row_with_every_reason_and_no_personal_values(store, tmp_path):
    report = run_import(store, "bad_rows.csv")
    assert report.skipped == 12 and report.imported == 0
    path = write_report(report, tmp_path / "report.csv")
    text = path.read_text(encoding="utf-8-sig")
    table = list(csv.reader(text.splitlines(), delimiter=";"))
    assert table[0] == ["Row", "Submission ID", "Status", "Reasons"]
    assert [r[0] for r in table[1:]] == [str(n) for n in range(2, 14)]
    assert {r[2] for r in table[1:]} == {"skipped"}
    several = next(r for r in table if r[1] == "X-10")[3].split(" | ")
    assert len(several) == 4 and any("e-mail" in s for s in several) and any("jacuzzi" in s for s in several)
    source = (DATA / "bad_rows.csv").read_text(encoding="utf-8")
    for personal in ("Zelda", "Geheimnis", "zelda@@geheim.example", "zelda at geheim.example", "999888777",
                     "Zechenstraße", "Bottrop"):  # fmt: skip
        assert personal in source and personal not in text


def test_report_of_a_mixed_import_has_every_status_and_guards_formulas(store, tmp_path):
    run_import(store)
    path = write_csv(
        tmp_path,
        "=HYPERLINK(1),2026-04-01,Anna Schmidt,Hügelweg,7,46236,Bottrop,,,owner,windows,2026,2027,,,,,",
        name="formula.csv",
    )
    report = run_import(store, path)
    report.rows += run_import(store).rows
    text = write_report(report, tmp_path / "r.csv").read_text(encoding="utf-8-sig")
    assert "'=HYPERLINK(1)" in text and ";imported;" in text and ";duplicate;" in text and ";skipped;" in text
    assert "Musterfrau" not in text and "erika" not in text and "0201" not in text


def test_report_to_a_folder_that_does_not_exist(tmp_path, store):
    with pytest.raises(StoreError, match="Cannot write"):
        write_report(run_import(store), tmp_path / "missing" / "r.csv")


# -- the Processing algorithm -------------------------------------------------------------------------------
def run_algorithm(params, feedback=None):
    algorithm = ImportSubmissionsAlgorithm()
    algorithm.initAlgorithm()
    feedback = feedback or QgsProcessingFeedback()
    return algorithm.run(params, QgsProcessingContext(), feedback)


def test_algorithm_metadata():
    algorithm = ImportSubmissionsAlgorithm()
    algorithm.initAlgorithm()
    assert algorithm.name() == "importsubmissions" and algorithm.groupId() == "intake"
    assert algorithm.group() == "Intake" and algorithm.displayName() == "Import online submissions"
    assert "report" in algorithm.shortHelpString()
    assert isinstance(algorithm.createInstance(), ImportSubmissionsAlgorithm)
    names = [p.name() for p in algorithm.parameterDefinitions()]
    assert names == ["DATABASE", "INPUT", "REPORT", "GEOCODER_URL"]
    assert (
        algorithm.parameterDefinition("REPORT").flags() & algorithm.parameterDefinition("REPORT").FlagOptional
    )
    outputs = {o.name() for o in algorithm.outputDefinitions()}
    assert {"IMPORTED", "SKIPPED", "DUPLICATES", "PROPOSALS", "REPORT"} <= outputs


def test_algorithm_imports_with_the_gazetteer_and_writes_the_report(store, tmp_path, monkeypatch):
    monkeypatch.setattr("mitmach_qgis.core.submissions.date", _FixedDate)
    report = tmp_path / "report.csv"
    results, ok = run_algorithm(
        {"DATABASE": str(store.path), "INPUT": str(DATA / "online_form.csv"), "REPORT": str(report)}
    )
    assert ok, results
    assert (results["IMPORTED"], results["SKIPPED"], results["DUPLICATES"], results["PROPOSALS"]) == (
        6,
        1,
        0,
        8,
    )
    assert results["REPORT"] == str(report) and "W-1005" in report.read_text(encoding="utf-8-sig")
    results, ok = run_algorithm({"DATABASE": str(store.path), "INPUT": str(DATA / "online_form.csv")})
    assert ok and (results["IMPORTED"], results["DUPLICATES"]) == (0, 6) and not results["REPORT"]


def test_algorithm_uses_the_locate_factory_hook(store, monkeypatch):
    monkeypatch.setattr("mitmach_qgis.core.submissions.date", _FixedDate)
    seen = []

    def factory(store_, url):
        seen.append((store_.path, url))
        return lambda participant: (357500.0, 5711500.0, "geocoded", "street")

    monkeypatch.setattr(ImportSubmissionsAlgorithm, "locate_factory", factory)
    results, ok = run_algorithm(
        {
            "DATABASE": str(store.path),
            "INPUT": str(DATA / "online_form.csv"),
            "GEOCODER_URL": " https://geo.example ",
        }
    )
    assert ok and seen == [(store.path, "https://geo.example")]
    assert results["GEOCODER_URL"] == "https://geo.example" and results["IMPORTED"] == 7
    qualities = {r["location_quality"] for r in rows(store, "SELECT location_quality FROM proposals")}
    assert qualities == {"street", "manual"}


@pytest.mark.parametrize(
    ("params", "words"),
    [
        ({"INPUT": "missing.csv"}, "does not exist"),
        ({"INPUT": "bad.csv"}, "UTF-8"),
        ({"DATABASE": "nope.gpkg"}, "does not exist"),
    ],
)
def test_algorithm_errors_become_processing_errors(store, tmp_path, params, words):
    (tmp_path / "bad.csv").write_bytes((HEADER + "\nS-1,Jörg").encode("latin-1"))
    values = {"DATABASE": str(store.path), "INPUT": str(DATA / "online_form.csv")}
    values.update({k: str(tmp_path / v) for k, v in params.items()})
    messages = []

    class Errors(QgsProcessingFeedback):
        def reportError(self, error, fatalError=False):
            messages.append(error)

    _, ok = run_algorithm(values, Errors())
    assert not ok and any(words in m for m in messages), messages
    assert store.count("proposals") == 0


class _FixedDate:
    """``date`` as of 2026, so the sample files' planned years stay current."""

    @staticmethod
    def today():
        import datetime

        return datetime.date(YEAR, 6, 1)
