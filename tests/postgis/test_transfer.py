"""``migrate``: a whole participation database GeoPackage → PostGIS → GeoPackage, exactly, in one transaction."""

from __future__ import annotations

import logging
import sqlite3
import subprocess
import time
from datetime import datetime

import pytest

from mitmach_qgis.data import privacy, transfer
from mitmach_qgis.data.errors import StoreError
from mitmach_qgis.data.geometry import blob_coords
from mitmach_qgis.data.gpkg_store import GeoPackageStore
from mitmach_qgis.data.pg_store import PostgisStore
from mitmach_qgis.data.schema import TABLE_BY_NAME
from tests.helpers import ROOT, SYSTEM_PYTHON

VALIDATOR = "/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py"
HOLED = [  # a multipolygon of two parts, the first with a hole
    [[(357000.0, 5711000.0), (357400.0, 5711000.0), (357400.0, 5711400.0), (357000.0, 5711000.0)],
     [(357300.0, 5711050.0), (357350.0, 5711050.0), (357350.0, 5711100.0), (357300.0, 5711050.0)]],
    [[(357500.5, 5711500.25), (357600.0, 5711500.0), (357600.0, 5711600.0), (357500.5, 5711500.25)]],
]  # fmt: skip


@pytest.fixture(scope="module")
def demo_gpkg(tmp_path_factory):
    """The demo town's database with everything the audit trail can hold: updates (version > 1), status
    changes, a match group, a deleted proposal (its fid never comes back), a changed catalogue and settings,
    a geocoder answer, an erased participant (pseudonymised events) and a multipolygon with a hole."""
    from mitmach_qgis.core.demo import generate_demo_town
    from mitmach_qgis.data.demo_db import write_demo

    path = tmp_path_factory.mktemp("demo") / "demo.gpkg"
    store = write_demo(path, generate_demo_town(seed=2026, participants=120))
    with store.transaction() as conn:
        store.insert(conn, "areas", [{"name": "Zweiteilig", "geom": ("multipolygon", HOLED)}])
        rows = conn.execute(
            "SELECT uuid FROM proposals WHERE status = 'submitted' ORDER BY fid LIMIT 3"
        ).fetchall()
        for row in rows:
            conn.execute(
                "UPDATE proposals SET status = 'checked', updated_by = 'officer1' WHERE uuid = ?", (row[0],)
            )
        conn.execute("UPDATE proposals SET description = 'geändert', updated_by = 'officer2' WHERE uuid = ?",
                     (rows[0][0],))  # fmt: skip
        store.insert(conn, "matches", [{"uuid": "0b6f4f5e-0000-4000-8000-000000000001", "synergy": "joint_tender",
                                        "created_by": "officer1"}])  # fmt: skip
        store.insert(conn, "match_members", [
            {"match_uuid": "0b6f4f5e-0000-4000-8000-000000000001", "proposal_uuid": r[0]} for r in rows[:2]])  # fmt: skip
        conn.execute("DELETE FROM proposals WHERE fid = (SELECT max(fid) FROM proposals)")
        conn.execute("UPDATE mitmach_meta SET value = '7' WHERE key = 'k_anonymity'")
        conn.execute("UPDATE mitmach_meta SET value = 'off' WHERE key = 'retention_contact_months'")
        conn.execute("UPDATE theme_compatibility SET weight = 0.25 WHERE fid = 1")
        conn.execute("DELETE FROM advice_templates WHERE fid = 2")
        conn.execute("INSERT INTO geocode_cache (query_key, provider, status, result_json, created_at) "
                     "VALUES ('teststr 1|46236', 'nominatim', 'found', '{}', '2026-02-01T10:00:00.000Z')")  # fmt: skip
        participant = conn.execute("SELECT uuid FROM participants ORDER BY fid DESC LIMIT 1").fetchone()[0]
    privacy.forget_participant(store, participant, "officer1", vacuum=False)
    return path


def _instant(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00")) if text else text


def dump(path) -> dict[str, list[tuple]]:
    """Every column of every MitMach table, rows by fid; geometries as their coordinates, time stamps as
    instants (the GeoPackage's text comes back from PostgreSQL with milliseconds)."""
    conn = sqlite3.connect(path)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        out = {}
        for name in (t for t in TABLE_BY_NAME if t in tables):
            cur = conn.execute(f'SELECT * FROM "{name}" ORDER BY fid')
            columns = [d[0] for d in cur.description]
            stamps = {c.name for c in TABLE_BY_NAME[name].columns if c.sql_type == "DATETIME"}
            out[name] = [
                tuple(
                    (blob_coords(v), v[8 + (32 if v[3] & 2 else 0) + 1]) if c == "geom" and v is not None
                    else _instant(v) if c in stamps else v
                    for c, v in zip(columns, row, strict=True)
                )
                for row in cur.fetchall()
            ]  # fmt: skip
            out[name + " columns"] = columns
        return out
    finally:
        conn.close()


def sqlite_state(path):
    conn = sqlite3.connect(path)
    try:
        return (
            dict(
                conn.execute("SELECT name, seq FROM sqlite_sequence WHERE name <> 'mitmach_meta'").fetchall()
            ),
            sorted(conn.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall()),
            conn.execute("PRAGMA integrity_check").fetchone()[0],
            conn.execute("PRAGMA foreign_key_check").fetchall(),
        )
    finally:
        conn.close()


def test_round_trip_gpkg_postgis_gpkg_gives_the_same_database(demo_gpkg, pg_db, tmp_path):
    before = demo_gpkg.read_bytes()
    up = transfer.migrate(demo_gpkg, pg_db.uri())
    assert demo_gpkg.read_bytes() == before, "the source is never written"
    back = tmp_path / "back.gpkg"
    down = transfer.migrate(pg_db.uri(), back)
    original, copy = dump(demo_gpkg), dump(back)
    assert copy.keys() == original.keys()
    for table in original:
        assert copy[table] == original[table], table
    assert sqlite_state(back) == sqlite_state(demo_gpkg)
    assert sqlite_state(back)[2] == "ok"
    assert subprocess.run([SYSTEM_PYTHON, VALIDATOR, str(back)], capture_output=True).returncode == 0
    counts = {t: len(original[t]) for t in TABLE_BY_NAME if t in original and t != "mitmach_meta"}
    assert {t: c[1] for t, c in up.counts().items() if t != "mitmach_meta"} == counts
    assert {t: c[1] for t, c in down.counts().items() if t != "mitmach_meta"} == counts
    assert counts["events"] > 0 and counts["match_members"] == 2 and counts["geocode_cache"] == 1


def test_on_postgis_the_copy_is_exact_and_its_rules_work_again(demo_gpkg, pg_db):
    transfer.migrate(demo_gpkg, pg_db.uri())
    source = sqlite3.connect(demo_gpkg)
    events = source.execute("SELECT count(*) FROM events").fetchone()[0]
    pseudonymised = source.execute(
        "SELECT count(*) FROM events WHERE pseudonymised_at IS NOT NULL"
    ).fetchone()[0]
    proposals_seq = source.execute("SELECT seq FROM sqlite_sequence WHERE name = 'proposals'").fetchone()[0]
    versions = source.execute("SELECT uuid, version, updated_at FROM proposals WHERE version > 1").fetchall()
    meta = dict(source.execute("SELECT key, value FROM mitmach_meta").fetchall())
    source.close()
    assert pseudonymised > 0 and versions
    conn = pg_db.connect()
    with conn.cursor() as cur:
        cur.execute("SELECT count(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid JOIN pg_namespace n "
                    "ON n.oid = c.relnamespace WHERE n.nspname = 'mitmach' AND t.tgenabled = 'D'")  # fmt: skip
        assert cur.fetchone()[0] == 0, "every trigger is enabled again"
        cur.execute("SELECT count(*), count(pseudonymised_at) FROM mitmach.events")
        assert cur.fetchone() == (events, pseudonymised), "no event added by the copy"
        cur.execute("SELECT key, value FROM mitmach.mitmach_meta")
        pg_meta = dict(cur.fetchall())
        cur.execute("SELECT ST_SRID(geom), ST_GeometryType(geom), ST_NumGeometries(geom), ST_NRings(geom) "
                    "FROM mitmach.areas WHERE name = 'Zweiteilig'")  # fmt: skip
        assert cur.fetchone() == (25832, "ST_MultiPolygon", 2, 3)
        cur.execute("SELECT uuid::text, version, to_char(updated_at AT TIME ZONE 'UTC', "
                    "'YYYY-MM-DD\"T\"HH24:MI:SS.MS\"Z\"') FROM mitmach.proposals WHERE version > 1")  # fmt: skip
        assert sorted(cur.fetchall()) == sorted((u, v, _ms(t)) for u, v, t in versions)
    conn.close()
    assert pg_meta["k_anonymity"] == "7" and pg_meta["retention_contact_months"] == "off"
    assert pg_meta["backend"] == "postgis" and pg_meta["created_at"] == meta["created_at"]
    store = PostgisStore.open(pg_db.uri())
    with store.transaction() as conn:
        store.insert(
            conn, "participants", [{"family_name": "Neu", "role": "owner", "created_by": "officer1"}]
        )
        fid = conn.execute("SELECT max(fid) FROM proposals").fetchone()[0]
        new = store.insert(conn, "proposals", [{"theme": "heating", "geom": ("point", 357100.0, 5711100.0)}])
        assert new == 1
        assert conn.execute("SELECT max(fid) FROM proposals").fetchone()[0] == proposals_seq + 1 > fid
    assert store.count("events") == events + 2, "the audit trail works again"


def _ms(text: str) -> str:
    return _instant(text).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def test_demo_database_moves_up_fast(tmp_path, pg_db):
    from mitmach_qgis.core.demo import generate_demo_town
    from mitmach_qgis.data.demo_db import write_demo

    path = tmp_path / "demo.gpkg"
    write_demo(path, generate_demo_town(seed=2026, participants=300))
    started = time.monotonic()
    report = transfer.migrate(path, pg_db.uri())
    seconds = time.monotonic() - started
    conn = sqlite3.connect(path)
    expected = {t: conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in report.counts()}
    conn.close()
    store = PostgisStore.open(pg_db.uri())
    assert {t: store.count(t) for t in report.counts() if t != "mitmach_meta"} == {
        t: n for t, n in expected.items() if t != "mitmach_meta"
    }
    assert expected["buildings"] > 1000 and expected["events"] > 0
    logging.getLogger(__name__).warning("migrate demo gpkg -> postgis: %.2f s", seconds)
    assert seconds < 10


def test_a_failure_leaves_nothing_and_an_existing_target_untouched(demo_gpkg, pg_db, tmp_path):
    bad = tmp_path / "bad.gpkg"
    bad.write_bytes(demo_gpkg.read_bytes())
    conn = sqlite3.connect(bad)
    conn.execute(
        "UPDATE participants SET consent_contact_date = '2026-13-45' WHERE fid = 1"
    )  # SQLite takes it
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match="participants") as caught:
        transfer.migrate(bad, pg_db.uri())
    assert "2026-13-45" not in str(caught.value)
    admin = pg_db.connect()
    with admin.cursor() as cur:
        cur.execute("SELECT count(*) FROM pg_namespace WHERE nspname = 'mitmach'")
        assert cur.fetchone()[0] == 0, "nothing is left"
    transfer.migrate(demo_gpkg, pg_db.uri())
    with pytest.raises(StoreError, match="exists already"):
        transfer.migrate(demo_gpkg, pg_db.uri())
    with pytest.raises(StoreError, match="participants"):
        transfer.migrate(bad, pg_db.uri(), overwrite=True)
    with admin.cursor() as cur:
        cur.execute("SELECT count(*) FROM mitmach.participants")
        assert cur.fetchone()[0] > 0, "the old schema survives a failed overwrite"
    admin.close()
    # a GeoPackage destination: a difference found by the check removes the copy, the old file stays
    target = tmp_path / "target.gpkg"
    target.write_bytes(b"keep me")
    original = transfer._uuids

    def lose_one(side, conn, table, where=""):
        uuids = original(side, conn, table, where)
        return uuids[1:] if side.gpkg and table == "events" else uuids

    transfer._uuids = lose_one
    try:
        with pytest.raises(StoreError, match="does not match"):
            transfer.migrate(pg_db.uri(), target, overwrite=True)
    finally:
        transfer._uuids = original
    assert target.read_bytes() == b"keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.gpkg", "target.gpkg"]


def test_refusals(demo_gpkg, pg_db, tmp_path):
    with pytest.raises(StoreError, match="same database"):
        transfer.migrate(demo_gpkg, demo_gpkg, overwrite=True)
    old = tmp_path / "v1.gpkg"
    old.write_bytes((ROOT / "tests" / "data" / "mitmach-v1.gpkg").read_bytes())
    before = old.read_bytes()
    with pytest.raises(StoreError, match="schema version 1"):
        transfer.migrate(old, pg_db.uri())
    assert old.read_bytes() == before
    with pytest.raises(StoreError, match="does not exist"):
        transfer.migrate(tmp_path / "missing.gpkg", pg_db.uri())


def test_a_password_in_the_uri_is_never_shown_or_logged(demo_gpkg, pg_db, tmp_path, caplog):
    secret = "Geheim-Passw0rt-4711"
    uri = pg_db.uri().replace("postgres@", f"postgres:{secret}@")
    caplog.set_level(logging.DEBUG)
    report = transfer.migrate(demo_gpkg, uri)
    back = transfer.migrate(uri, tmp_path / "back.gpkg")
    text = "\n".join(report.lines() + back.lines()) + caplog.text
    assert secret not in text and "postgres@" in text
    with pytest.raises(StoreError) as caught:
        transfer.migrate(demo_gpkg, uri)
    assert secret not in str(caught.value)


def test_gpkg_geometry_blobs_come_back_byte_for_byte(demo_gpkg, pg_db, tmp_path):
    transfer.migrate(demo_gpkg, pg_db.uri())
    back = tmp_path / "back.gpkg"
    transfer.migrate(pg_db.uri(), back)
    for table in ("proposals", "areas", "addresses", "streets", "buildings"):
        query = f'SELECT fid, geom FROM "{table}" ORDER BY fid'
        a, b = sqlite3.connect(demo_gpkg), sqlite3.connect(back)
        assert a.execute(query).fetchall() == b.execute(query).fetchall(), table
        a.close()
        b.close()
    assert GeoPackageStore.open(back).count("proposals") > 0
