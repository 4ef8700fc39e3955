"""The GeoPackage store: schema, rules in the database, migrations and every kind of bad input."""

from __future__ import annotations

import re
import shutil
import sqlite3
import stat
import subprocess
import time
import unicodedata
from pathlib import Path

import pytest

from mitmach_qgis.data import schema
from mitmach_qgis.data.errors import DatabaseInUseError, StoreError
from mitmach_qgis.data.gpkg_store import GeoPackageStore
from tests.helpers import ROOT, SYSTEM_PYTHON, hold_lock
from tests.store_behaviour import BAD_ROWS, PERSON, add_person_and_idea, check_status_workflow, write_bad_row

VALIDATOR = "/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py"
FIXTURE_V1 = ROOT / "tests" / "data" / "mitmach-v1.gpkg"
AREA = [
    [
        [
            (357000.0, 5711000.0),
            (358200.0, 5711000.0),
            (358200.0, 5711900.0),
            (357000.0, 5711900.0),
            (357000.0, 5711000.0),
        ]
    ]
]


@pytest.fixture
def store(tmp_path):
    return GeoPackageStore.create(tmp_path / "db.gpkg", areas=[("Pilot", AREA)], user="officer1")


def snapshot(path: Path) -> bytes:
    return path.read_bytes() if path.exists() else b""


# -- schema ------------------------------------------------------------------------------------------------
def test_new_database_passes_gdal_validator_and_lists_every_table(store):
    proc = subprocess.run([SYSTEM_PYTHON, VALIDATOR, str(store.path)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    listing = subprocess.run(
        ["ogrinfo", "-ro", "-q", "-so", str(store.path)], capture_output=True, text=True
    ).stdout
    for table in schema.CORE_TABLES:
        assert f": {table} (" in listing, table


def test_catalogue_and_meta(store):
    meta = store.meta()
    assert meta["schema_version"] == str(schema.SCHEMA_VERSION)
    assert meta["crs"] == "EPSG:25832" and meta["k_anonymity"] == "4"
    with store.reading() as conn:
        themes = {r["code"]: r for r in conn.execute("SELECT * FROM themes")}
        assert set(themes) >= {"heating", "heat_network", "windows", "roof", "pv", "facade", "heat_pump"}
        assert themes["heating"]["label_de"] == "Heizungstausch" and themes["heating"]["colour"].startswith(
            "#"
        )
        synergies = {r[0] for r in conn.execute("SELECT DISTINCT synergy FROM theme_compatibility")}
        assert synergies == {"local_heat_network", "joint_tender", "combined_works", "owner_tenant"}
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert conn.execute("SELECT count(*) FROM areas").fetchone()[0] == 1


def test_postcode_is_text_with_leading_zero_and_text_is_nfc(store):
    decomposed = unicodedata.normalize("NFD", "Zechenstraße Müller")
    with store.transaction() as conn:
        store.insert(conn, "participants", [{**PERSON, "family_name": decomposed}])
    with store.reading() as conn:
        row = conn.execute("SELECT postcode, typeof(postcode), family_name FROM participants").fetchone()
    assert tuple(row[:2]) == ("01067", "text")
    assert row[2] == unicodedata.normalize("NFC", decomposed) != decomposed


@pytest.mark.parametrize(("table", "bad"), BAD_ROWS)
def test_check_constraints_refuse_bad_rows_and_keep_the_database(store, table, bad):
    before = snapshot(store.path)
    write_bad_row(store, table, bad)
    assert snapshot(store.path) == before


def test_status_workflow_is_enforced_by_the_database(store):
    check_status_workflow(store)


def test_status_rules_hold_without_the_plugin(store):
    """GDAL/OGR (what QGIS and ogr2ogr write with) hits the same triggers."""
    from osgeo import gdal

    _, idea = add_person_and_idea(store)
    gdal.UseExceptions()
    dataset = gdal.OpenEx(str(store.path), gdal.OF_VECTOR | gdal.OF_UPDATE)
    with pytest.raises(RuntimeError, match="status transition"):
        dataset.ExecuteSQL(f"UPDATE proposals SET status = 'implemented' WHERE uuid = '{idea}'")
    dataset.ExecuteSQL(f"UPDATE proposals SET status = 'checked', updated_by = 'ogr' WHERE uuid = '{idea}'")
    dataset = None
    with store.reading() as conn:
        assert conn.execute("SELECT status FROM proposals WHERE uuid = ?", (idea,)).fetchone()[0] == "checked"
        assert conn.execute("SELECT count(*) FROM events WHERE user_name = 'ogr'").fetchone()[0] == 1


def test_updated_at_and_version_are_maintained(store):
    _, idea = add_person_and_idea(store)
    with store.reading() as conn:
        before = conn.execute("SELECT updated_at, version FROM proposals WHERE uuid = ?", (idea,)).fetchone()
    with store.transaction() as conn:
        conn.execute(
            "UPDATE proposals SET description = 'neu', updated_by = 'officer2' WHERE uuid = ?", (idea,)
        )
    with store.reading() as conn:
        after = conn.execute("SELECT updated_at, version FROM proposals WHERE uuid = ?", (idea,)).fetchone()
    assert after["version"] == before["version"] + 1
    assert after["updated_at"] >= before["updated_at"]


@pytest.mark.parametrize("recursive", [0, 1])
def test_touch_trigger_terminates_with_recursive_triggers(store, recursive):
    """GDAL runs SQLite with recursive_triggers on; QGIS forms also write updated_at themselves."""
    _, idea = add_person_and_idea(store)
    conn = store.connect()
    conn.execute(f"PRAGMA recursive_triggers = {recursive}")
    conn.execute(
        "UPDATE proposals SET description = 'x', updated_at = '2026-01-01T00:00:00.000' WHERE uuid = ?",
        (idea,),
    )
    conn.execute("UPDATE proposals SET geom = geom, updated_by = 'qgis' WHERE uuid = ?", (idea,))
    row = conn.execute("SELECT version, updated_at FROM proposals WHERE uuid = ?", (idea,)).fetchone()
    conn.close()
    assert row["version"] == 3
    assert row["updated_at"] > "2026-01-01T00:00:00.000", "the database's clock wins"


def test_audit_trail_records_every_change_without_personal_values(store):
    person, idea = add_person_and_idea(store)
    with store.transaction() as conn:
        conn.execute(
            "UPDATE participants SET email = 'neu@example.org', phone = '0201 5550199', updated_by = 'officer2' WHERE uuid = ?",
            (person,),
        )
        conn.execute(
            "UPDATE proposals SET status = 'checked', updated_by = 'officer2' WHERE uuid = ?", (idea,)
        )
        store.insert(conn, "matches", [{"synergy": "local_heat_network", "created_by": "officer2"}])
        conn.execute("DELETE FROM matches")
        conn.execute("DELETE FROM participants WHERE uuid = ?", (person,))
    with store.reading() as conn:
        events = [dict(r) for r in conn.execute("SELECT * FROM events ORDER BY fid")]
        # every column except the generated uuids, whose hex digits can spell a house number such as "12a"
        columns = [
            r[1] for r in conn.execute("PRAGMA table_info(events)") if r[1] not in ("uuid", "record_uuid")
        ]
        dump = "\n".join(
            "|".join(str(v) for v in row) for row in conn.execute(f"SELECT {', '.join(columns)} FROM events")
        )
        uuid_shape = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
        assert all(
            uuid_shape.match(r[0])
            for r in conn.execute("SELECT record_uuid FROM events WHERE record_uuid IS NOT NULL")
        )
    actions = [(e["table_name"], e["action"]) for e in events]
    assert ("participants", "insert") in actions and ("participants", "delete") in actions
    assert ("proposals", "insert") in actions and ("proposals", "update") in actions
    assert ("matches", "insert") in actions and ("matches", "delete") in actions
    participant_update = next(
        e for e in events if e["table_name"] == "participants" and e["action"] == "update"
    )
    assert participant_update["changed_fields"] == "email,phone"
    assert participant_update["user_name"] == "officer2"
    for value in (*PERSON.values(), "neu@example.org", "0201 5550199", "Zechenstraße"):
        if value not in ("owner", "officer1"):
            assert str(value) not in dump, value
    # deleting the participant keeps the anonymous proposal
    with store.reading() as conn:
        assert (
            conn.execute("SELECT participant_uuid FROM proposals WHERE uuid = ?", (idea,)).fetchone()[0]
            is None
        )


def test_audit_log_is_append_only(store):
    add_person_and_idea(store)
    with pytest.raises(StoreError), store.transaction() as conn:
        conn.execute("UPDATE events SET user_name = 'someone else'")


def test_spatial_index_is_maintained_by_plain_sqlite_writes(store):
    add_person_and_idea(store)
    with store.reading() as conn:
        assert conn.execute("SELECT count(*) FROM rtree_proposals_geom").fetchone()[0] == 1
        assert conn.execute("SELECT minx FROM rtree_proposals_geom").fetchone()[0] == pytest.approx(
            357500, abs=0.01
        )


def test_failed_transaction_leaves_nothing(store):
    before = store.count("participants")
    with pytest.raises(RuntimeError), store.transaction() as conn:
        store.insert(conn, "participants", [PERSON])
        raise RuntimeError("form rejected")
    assert store.count("participants") == before


# -- migrations --------------------------------------------------------------------------------------------
def test_committed_v1_fixture_migrates_with_a_backup(tmp_path):
    path = tmp_path / "old.gpkg"
    shutil.copy(FIXTURE_V1, path)
    assert GeoPackageStore.inspect(path)[0] == 1
    store = GeoPackageStore.open(path)
    assert store.schema_version == schema.SCHEMA_VERSION
    backups = list(tmp_path.glob("old.v1-backup-*.gpkg"))
    assert len(backups) == 1
    assert GeoPackageStore.inspect(backups[0])[0] == 1, "the backup is the old version, intact"
    copy = sqlite3.connect(backups[0])
    assert copy.execute("SELECT uuid, status FROM proposals").fetchall() == [
        ("00000000-0000-4000-8000-000000000002", "checked")
    ]
    copy.close()
    with store.reading() as conn:
        columns = {r[1] for r in conn.execute("PRAGMA table_info(proposals)")}
        assert {"version", "in_area"} <= columns
        row = conn.execute("SELECT status, version FROM proposals").fetchone()
        assert tuple(row) == ("checked", 1)
        assert conn.execute("SELECT count(*) FROM events WHERE action = 'migrate'").fetchone()[0] == 1
    _, idea = add_person_and_idea(store)  # the new triggers work on the migrated file
    with store.transaction() as conn:
        conn.execute("UPDATE proposals SET description = 'x' WHERE uuid = ?", (idea,))
    with store.reading() as conn:
        assert conn.execute("SELECT version FROM proposals WHERE uuid = ?", (idea,)).fetchone()[0] == 2
    proc = subprocess.run([SYSTEM_PYTHON, VALIDATOR, str(path)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout


def test_migrated_and_new_databases_have_the_same_schema(tmp_path):
    old = tmp_path / "old.gpkg"
    shutil.copy(FIXTURE_V1, old)
    GeoPackageStore.open(old, backup=False)
    new = GeoPackageStore.create(tmp_path / "new.gpkg").path

    def shape(path):
        conn = sqlite3.connect(path)
        try:
            tables = [
                r[0]
                for r in conn.execute(
                    "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'rtree%' ORDER BY name"
                )
            ]
            cols = {t: sorted(r[1] for r in conn.execute(f'PRAGMA table_info("{t}")')) for t in tables}
            triggers = sorted(
                r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='trigger'")
            )
            return cols, triggers
        finally:
            conn.close()

    assert shape(old) == shape(new)


def test_failed_migration_changes_nothing(tmp_path):
    path = tmp_path / "old.gpkg"
    shutil.copy(FIXTURE_V1, path)
    path.chmod(stat.S_IRUSR | stat.S_IRGRP)
    before = path.read_bytes()
    with pytest.raises(StoreError, match="read-only"):
        GeoPackageStore.open(path)
    assert path.read_bytes() == before
    assert not list(tmp_path.glob("*backup*"))


# -- bad input ---------------------------------------------------------------------------------------------
def test_newer_schema_is_refused(store):
    with store.transaction() as conn:
        conn.execute("UPDATE mitmach_meta SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(StoreError, match="newer MitMach"):
        GeoPackageStore.open(store.path)


@pytest.mark.parametrize("kind", ["missing", "text", "empty", "truncated", "foreign", "folder"])
def test_bad_files_give_a_clear_error_naming_the_file(tmp_path, store, kind):
    path = tmp_path / f"{kind}.gpkg"
    if kind == "text":
        path.write_text("street;number\n")
    elif kind == "empty":
        path.write_bytes(b"")
    elif kind == "truncated":
        data = store.path.read_bytes()
        path.write_bytes(data[: len(data) // 3])
    elif kind == "foreign":
        subprocess.run(
            ["ogr2ogr", "-f", "GPKG", str(path), str(store.path), "areas"], check=True, capture_output=True
        )
    elif kind == "folder":
        path.mkdir()
    before = snapshot(path) if path.is_file() else None
    with pytest.raises(StoreError) as err:
        GeoPackageStore.open(path)
    assert str(path) in str(err.value)
    if before is not None:
        assert snapshot(path) == before


def test_locked_file_is_reported_as_in_use_after_the_deadline_and_nothing_is_written(store, monkeypatch):
    monkeypatch.setattr(GeoPackageStore, "busy_timeout_ms", 20)
    monkeypatch.setattr(GeoPackageStore, "write_deadline_s", 0.4)
    blocker = sqlite3.connect(store.path, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    started = time.monotonic()
    try:
        with pytest.raises(DatabaseInUseError, match="in use.*not saved"), store.transaction() as conn:
            conn.execute("INSERT INTO participants (family_name, role) VALUES ('x', 'owner')")
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert 0.4 <= time.monotonic() - started < 2.0, "bounded: gives up at the deadline, not before"
    assert store.stats.failures == 1 and store.stats.retries >= 2 and store.stats.writes == 0
    assert store.count("participants") == 0


def test_a_write_waits_with_backoff_while_another_writer_holds_the_lock(store, monkeypatch):
    monkeypatch.setattr(GeoPackageStore, "busy_timeout_ms", 10)
    thread = hold_lock(
        store.path, 0.3, "INSERT INTO participants (family_name, role) VALUES ('other', 'owner')"
    )
    try:
        with store.transaction() as conn:
            conn.execute("INSERT INTO participants (family_name, role) VALUES ('mine', 'owner')")
    finally:
        thread.join()
    assert store.stats.writes == 1 and store.stats.busy_first_attempt == 1 and store.stats.retries >= 1
    with store.reading() as conn:
        assert [r[0] for r in conn.execute("SELECT family_name FROM participants")] == ["mine"]


def test_a_busy_commit_is_retried_while_a_reader_holds_the_file(store, monkeypatch):
    monkeypatch.setattr(GeoPackageStore, "busy_timeout_ms", 10)
    thread = hold_lock(store.path, 0.3, "SELECT count(*) FROM proposals")  # a shared lock: COMMIT must wait
    try:
        with store.transaction() as conn:
            conn.execute("INSERT INTO participants (family_name, role) VALUES ('mine', 'owner')")
    finally:
        thread.join()
    assert store.stats.writes == 1 and store.stats.last_attempts > 1
    assert store.count("participants") == 1


def test_backoff_is_jittered_exponential_and_bounded(store, monkeypatch):
    from mitmach_qgis.data import gpkg_store

    caps, slept = [], []
    monkeypatch.setattr(gpkg_store.random, "uniform", lambda lo, hi: caps.append(hi) or hi / 2)
    monkeypatch.setattr(gpkg_store.time, "sleep", slept.append)
    monkeypatch.setattr(GeoPackageStore, "write_deadline_s", 3600.0)
    backoff = gpkg_store.Backoff(store)
    assert all(backoff.wait() for _ in range(8))
    assert caps == [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.4, 0.4] and slept == [c / 2 for c in caps]
    monkeypatch.setattr(GeoPackageStore, "write_deadline_s", 0.0)
    assert not gpkg_store.Backoff(store).wait(), "no wait beyond the deadline"


def test_create_refuses_existing_file_and_read_only_folder(tmp_path, store):
    with pytest.raises(StoreError, match="exists"):
        GeoPackageStore.create(store.path)
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR)
    try:
        with pytest.raises(StoreError, match="read-only"):
            GeoPackageStore.create(folder / "x.gpkg")
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(stat.S_IRWXU)


def test_create_refuses_geographic_crs_and_leaves_nothing(tmp_path):
    with pytest.raises(StoreError, match="metres"):
        GeoPackageStore.create(tmp_path / "x.gpkg", crs="EPSG:4326")
    assert list(tmp_path.iterdir()) == []


def test_overwrite_failure_keeps_the_old_file(tmp_path, store, monkeypatch):
    before = store.path.read_bytes()

    def boom(*args, **kwargs):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr("mitmach_qgis.data.gpkg_store.build_version_1", boom)
    with pytest.raises(StoreError):
        GeoPackageStore.create(store.path, overwrite=True)
    assert store.path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == [store.path.name]


def test_damaged_file_is_refused(tmp_path, store):
    path = tmp_path / "damaged.gpkg"
    data = bytearray(store.path.read_bytes())
    page = 4096
    data[page * 3 : page * 3 + 200] = b"\xff" * 200  # scribble over a b-tree page
    path.write_bytes(bytes(data))
    with pytest.raises(StoreError) as err:
        GeoPackageStore.open(path)
    assert str(path) in str(err.value)


def test_reading_without_the_integrity_check_still_refuses_foreign_files(tmp_path, store):
    assert GeoPackageStore.open(store.path, integrity_check=False).schema_version == schema.SCHEMA_VERSION
    text = tmp_path / "x.gpkg"
    text.write_text("not sqlite")
    with pytest.raises(StoreError, match="not a GeoPackage"):
        GeoPackageStore.open(text, integrity_check=False)
    old = tmp_path / "old.gpkg"
    shutil.copy(FIXTURE_V1, old)
    assert (
        GeoPackageStore.open(old, integrity_check=False).schema_version == schema.SCHEMA_VERSION
    ), "an old file is checked and migrated all the same"
