"""The schema on a real PostgreSQL/PostGIS server: generated from schema.py, every rule as in the GeoPackage
(mirrors the rule tests of tests/unit/test_store.py)."""

from __future__ import annotations

import re
import sqlite3

import psycopg2
import pytest

from mitmach_qgis.core.themes import COMPATIBILITY, THEMES
from mitmach_qgis.data import pg_schema, schema
from mitmach_qgis.data.errors import StoreError
from mitmach_qgis.data.pg_store import PostgisStore
from tests.store_behaviour import BAD_ROWS, PERSON, add_person_and_idea, check_status_workflow, write_bad_row


def rows_of(store, query, params=None):
    with store.reading() as conn:
        return [dict(r) for r in conn.execute(query, params).fetchall()]


# -- the translation, without a server -------------------------------------------------------------------------------
SQLITE_ISMS = ("GLOB", "strftime", "randomblob", "AUTOINCREMENT", "typeof(", " IS NOT NEW", "RAISE(ABORT")


def test_generated_sql_has_no_sqlite_dialect_left():
    target = pg_schema.Target("mitmach", 25832)
    tables = pg_schema.tables_for(schema.SCHEMA_VERSION, [t.name for t in schema.TABLES])
    text = "\n".join(s for t in tables for s in pg_schema.create_table_sql(t, target))
    text += "\n".join(pg_schema.trigger_sql(target, [t.name for t in tables]))
    for word in SQLITE_ISMS:
        assert word not in text, word


@pytest.mark.parametrize(
    ("pattern", "regex"),
    [("[0-9][0-9]", "^[0-9][0-9]$"), ("[a-z]*", "^[a-z].*$"), ("*[^a-z0-9_]*", "^.*[^a-z0-9_].*$"),
     ("#[0-9a-f]", "^\\#[0-9a-f]$"), ("a?c", "^a.c$")],
)  # fmt: skip
def test_glob_to_regex(pattern, regex):
    assert pg_schema.glob_to_regex(pattern) == regex


GLOB_CASES = ["01067", "4623", "ABCDE", "123456", "0106a", "heating", "heat_network", "Heating", "_x", "a-b", "",
              "#d7301f", "#D7301F", "#d7301", "d7301f1", "pv2", "a\nb"]  # fmt: skip


def test_glob_checks_mean_the_same_in_sqlite_and_postgres(pg_db):
    """Every GLOB of schema.py, SQLite's answer against PostgreSQL's for a set of tricky strings."""
    patterns = sorted({m for t in schema.TABLES for c in (*t.columns, *t.checks)
                       for m in re.findall(r"GLOB '([^']*)'", c if isinstance(c, str) else c.constraint)})  # fmt: skip
    assert len(patterns) >= 4
    lite = sqlite3.connect(":memory:")
    pg = pg_db.connect()
    try:
        with pg.cursor() as cur:
            for pattern in patterns:
                for value in GLOB_CASES:
                    expected = bool(lite.execute("SELECT ? GLOB ?", (value, pattern)).fetchone()[0])
                    cur.execute("SELECT %s ~ %s", (value, pg_schema.glob_to_regex(pattern)))
                    assert cur.fetchone()[0] == expected, (pattern, value)
    finally:
        lite.close()
        pg.close()


# -- the schema on the server ---------------------------------------------------------------------------------------
def test_every_table_and_column_of_schema_py_exists_with_its_type(pg_store):
    rows = rows_of(pg_store, "SELECT table_name, column_name, data_type, udt_name FROM information_schema.columns "
                             "WHERE table_schema = 'mitmach'")  # fmt: skip
    found = {(r["table_name"], r["column_name"]): r["udt_name"] for r in rows}
    expected_types = {"TEXT": "text", "INTEGER": "int4", "REAL": "float8", "BOOLEAN": "bool", "DATE": "date",
                      "DATETIME": "timestamptz"}  # fmt: skip
    for table in schema.TABLES:
        if table.optional:
            assert not any(t == table.name for t, _ in found), table.name
            continue
        for column in table.columns:
            udt = found[(table.name, column.name)]
            want = "uuid" if pg_schema._is_uuid_column(column) else expected_types[column.sql_type]
            assert udt == want, (table.name, column.name, udt)
        if table.geometry:
            assert found[(table.name, "geom")] == "geometry"


def test_geometry_columns_are_typed_with_srid_and_gist_indexed(pg_store):
    columns = {r["f_table_name"]: (r["type"], r["srid"]) for r in rows_of(
        pg_store, "SELECT f_table_name, type, srid FROM geometry_columns WHERE f_table_schema = 'mitmach'")}  # fmt: skip
    assert columns["proposals"] == ("POINT", 25832)
    assert columns["areas"] == ("MULTIPOLYGON", 25832)
    assert columns["addresses"] == ("POINT", 25832)
    indexes = rows_of(pg_store, "SELECT tablename, indexdef FROM pg_indexes WHERE schemaname = 'mitmach'")
    for table in ("proposals", "areas", "addresses"):
        assert any(r["tablename"] == table and "USING gist (geom)" in r["indexdef"] for r in indexes), table
    for table in schema.TABLES:
        for cols in table.indexes if not table.optional else ():
            name = f"idx_{table.name}_{'_'.join(cols)}"
            assert any(name in r["indexdef"] for r in indexes), name


def test_catalogue_and_meta(pg_store):
    meta = pg_store.meta()
    assert meta["schema_version"] == str(schema.SCHEMA_VERSION)
    assert meta["crs"] == "EPSG:25832" and meta["srs_id"] == "25832" and meta["k_anonymity"] == "4"
    assert meta["application"] == schema.APPLICATION and meta["created_by"] == "officer1"
    themes = {r["code"]: r for r in rows_of(pg_store, "SELECT * FROM themes")}
    assert set(themes) == {t.code for t in THEMES}
    assert themes["heating"]["label_de"] == "Heizungstausch" and themes["heating"]["active"] is True
    pairs = {
        (r["theme_a"], r["theme_b"], r["synergy"])
        for r in rows_of(pg_store, "SELECT * FROM theme_compatibility")
    }
    assert pairs == {(c.theme_a, c.theme_b, c.synergy) for c in COMPATIBILITY}
    assert pg_store.count("advice_templates") > 0 and pg_store.count("areas") == 1


def test_theme_pair_order_is_bytewise_under_a_german_collation(pg_store):
    """The server's collation puts heat_network after heating; the rule compares bytes, as SQLite does."""
    with pg_store.reading() as conn:
        assert (
            conn.execute("SELECT 'heat_network' < 'heating'").fetchone()[0] is False
        )  # ICU de-DE, punctuation shifted
    assert ("heat_network", "heating") in {(c.theme_a, c.theme_b) for c in COMPATIBILITY}
    with pytest.raises(StoreError, match="rule"), pg_store.transaction() as conn:
        conn.execute("INSERT INTO theme_compatibility (theme_a, theme_b, weight, max_distance_m, synergy) "
                     "VALUES ('heating', 'heat_network', 1, 100, 'joint_tender')")  # fmt: skip


def test_postcode_is_text_with_leading_zero_times_are_iso_text(pg_store):
    person, _ = add_person_and_idea(pg_store)
    row = rows_of(
        pg_store, "SELECT postcode, created_at, updated_at FROM participants WHERE uuid = %s", (person,)
    )[0]
    assert row["postcode"] == "01067"
    assert re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", row["created_at"]), row["created_at"]


@pytest.mark.parametrize(("table", "bad"), BAD_ROWS)
def test_check_constraints_refuse_bad_rows_and_keep_the_database(pg_store, table, bad):
    before = (pg_store.count("participants"), pg_store.count("proposals"), pg_store.count("events"))
    write_bad_row(pg_store, table, bad)
    assert (pg_store.count("participants"), pg_store.count("proposals"), pg_store.count("events")) == before


def test_status_workflow_is_enforced_by_the_database(pg_store):
    check_status_workflow(pg_store)


def test_status_rules_hold_without_the_plugin(pg_store_db, pg_store):
    """Any client (QGIS, psql, ogr2ogr) meets the same trigger and its message."""
    _, idea = add_person_and_idea(pg_store)
    conn = pg_store_db.connect()
    try:
        with conn.cursor() as cur:
            with pytest.raises(psycopg2.Error, match="status transition") as err:
                cur.execute("UPDATE mitmach.proposals SET status = 'implemented' WHERE uuid = %s", (idea,))
            assert err.value.pgcode == pg_schema.STATUS_SQLSTATE
            cur.execute(
                "UPDATE mitmach.proposals SET status = 'checked', updated_by = 'psql' WHERE uuid = %s",
                (idea,),
            )
            cur.execute(
                "SELECT count(*) FROM mitmach.events WHERE user_name = 'psql' AND changed_fields = 'status'"
            )
            assert cur.fetchone()[0] == 1
    finally:
        conn.close()


def test_updated_at_and_version_are_the_databases(pg_store):
    _, idea = add_person_and_idea(pg_store)
    query = "SELECT updated_at, version FROM proposals WHERE uuid = %s"
    before = rows_of(pg_store, query, (idea,))[0]
    with pg_store.transaction() as conn:
        conn.execute(
            "UPDATE proposals SET description = 'neu', updated_by = 'officer2' WHERE uuid = %s", (idea,)
        )
    after = rows_of(pg_store, query, (idea,))[0]
    assert after["version"] == before["version"] + 1 and after["updated_at"] >= before["updated_at"]
    with pg_store.transaction() as conn:  # a writer's own version and time stamp are overruled
        conn.execute(
            "UPDATE proposals SET version = 99, updated_at = '2026-01-01T00:00:00Z' WHERE uuid = %s", (idea,)
        )
        conn.execute("UPDATE proposals SET geom = geom WHERE uuid = %s", (idea,))
    last = rows_of(pg_store, query, (idea,))[0]
    assert last["version"] == before["version"] + 3
    assert last["updated_at"] > "2026-01-01T00:00:00.000Z", "the database's clock wins"


def test_audit_trail_records_every_change_without_personal_values(pg_store):
    person, idea = add_person_and_idea(pg_store)
    with pg_store.transaction() as conn:
        conn.execute("UPDATE participants SET email = 'neu@example.org', phone = '0201 5550199', "
                     "updated_by = 'officer2' WHERE uuid = %s", (person,))  # fmt: skip
        conn.execute("UPDATE proposals SET status = 'checked', geom = ST_Translate(geom, 1, 0), updated_by = 'officer2' "
                     "WHERE uuid = %s", (idea,))  # fmt: skip
        pg_store.insert(conn, "matches", [{"synergy": "local_heat_network", "created_by": "officer2"}])
        conn.execute("DELETE FROM matches")
        conn.execute("DELETE FROM participants WHERE uuid = %s", (person,))
    events = rows_of(pg_store, "SELECT * FROM events ORDER BY fid")
    actions = [(e["table_name"], e["action"]) for e in events]
    for pair in [("participants", "insert"), ("participants", "update"), ("participants", "delete"),
                 ("proposals", "insert"), ("proposals", "update"), ("matches", "insert"), ("matches", "delete")]:  # fmt: skip
        assert pair in actions, pair
    update = next(e for e in events if e["table_name"] == "participants" and e["action"] == "update")
    assert update["changed_fields"] == "email,phone" and update["user_name"] == "officer2"
    proposal_update = next(e for e in events if e["table_name"] == "proposals" and e["action"] == "update")
    assert proposal_update["changed_fields"] == "geom,status", "the GeoPackage's order: geom after uuid"
    dump = "\n".join(
        "|".join(str(v) for k, v in e.items() if k not in ("uuid", "record_uuid")) for e in events
    )
    for value in (*PERSON.values(), "neu@example.org", "0201 5550199"):
        if value not in ("owner", "officer1"):
            assert str(value) not in dump, value
    assert (
        rows_of(pg_store, "SELECT participant_uuid FROM proposals WHERE uuid = %s", (idea,))[0][
            "participant_uuid"
        ]
        is None
    )


def test_audit_log_is_append_only_even_for_the_superuser(pg_store_db, pg_store):
    add_person_and_idea(pg_store)
    with pytest.raises(StoreError, match="audit log"), pg_store.transaction() as conn:
        conn.execute("UPDATE events SET user_name = 'someone else'")
    conn = pg_store_db.connect()
    try:
        with conn.cursor() as cur:
            for statement in ("DELETE FROM mitmach.events", "TRUNCATE mitmach.events",
                              "UPDATE mitmach.events SET details = 'x'"):  # fmt: skip
                with pytest.raises(psycopg2.Error, match="audit log"):
                    cur.execute(statement)
    finally:
        conn.close()
    assert pg_store.count("events") == 2


@pytest.mark.skipif(schema.SCHEMA_VERSION < 3, reason="pseudonymisation arrives with schema 3")
def test_only_the_pseudonymisation_of_an_erased_participant_may_change_an_event(pg_store):
    person, _ = add_person_and_idea(pg_store)
    update = ("UPDATE events SET record_uuid = %s, pseudonymised_at = now() "
              "WHERE record_uuid = %s AND table_name = 'participants'")  # fmt: skip
    with pytest.raises(StoreError, match="audit log"), pg_store.transaction() as conn:
        conn.execute(update, ("pseudonym-1", str(person)))  # the participant still exists
    with pg_store.transaction() as conn:
        conn.execute("DELETE FROM participants WHERE uuid = %s", (person,))
        conn.execute(update, ("pseudonym-1", str(person)))
    assert pg_store.count("events") == 4
    with pytest.raises(StoreError, match="audit log"), pg_store.transaction() as conn:
        conn.execute("UPDATE events SET record_uuid = 'pseudonym-2', pseudonymised_at = now() "
                     "WHERE record_uuid = 'pseudonym-1'")  # fmt: skip


def test_an_old_schema_is_upgraded_to_the_same_shape_as_a_new_one(pg_db):
    """Built at version 1, opened (migrated in one transaction) and compared with a fresh schema."""
    conn = pg_db.connect(autocommit=False)
    try:
        with conn.cursor() as cur:
            cur.execute("SET search_path = old, public")
            pg_schema.create_schema(
                cur, pg_schema.Target("old", 25832, 1), "EPSG:25832", "x", "2026-01-01T00:00:00Z"
            )
        conn.commit()
    finally:
        conn.close()
    old = PostgisStore.open(pg_db.uri(schema="old"))
    assert old.schema_version == schema.SCHEMA_VERSION and old.meta()["schema_version"] == str(
        schema.SCHEMA_VERSION
    )
    PostgisStore.create(pg_db.uri(schema="new"))
    shapes = {}
    for name in ("old", "new"):
        with old.reading() as read:
            columns = read.execute("SELECT table_name, column_name, data_type, is_nullable, column_default "
                                   "FROM information_schema.columns WHERE table_schema = %s "
                                   "ORDER BY table_name, column_name", (name,)).fetchall()  # fmt: skip
            triggers = read.execute("SELECT event_object_table, trigger_name, event_manipulation FROM "
                                    "information_schema.triggers WHERE trigger_schema = %s ORDER BY 1, 2, 3",
                                    (name,)).fetchall()  # fmt: skip
            checks = read.execute("SELECT conrelid::regclass::text, replace(pg_get_constraintdef(oid), %s, '') "
                                  "FROM pg_constraint "
                                  "WHERE connamespace = %s::regnamespace ORDER BY 1, 2", (name + ".", name)).fetchall()  # fmt: skip
        shapes[name] = ([tuple(r) for r in columns], [tuple(r) for r in triggers],
                        sorted((t.split(".")[-1], d) for t, d in checks))  # fmt: skip
    assert shapes["old"][0] == shapes["new"][0]
    assert shapes["old"][1] == shapes["new"][1]
    assert shapes["old"][2] == shapes["new"][2]
    with old.reading() as read:
        assert read.execute("SELECT count(*) FROM old.events WHERE action = 'migrate'").fetchone()[0] == 1
        assert read.execute("SELECT count(*) FROM old.advice_templates").fetchone()[0] > 0
