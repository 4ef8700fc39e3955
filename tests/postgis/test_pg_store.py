"""PostgisStore against a real server: connecting, creating, opening, the one write path and its retries."""

from __future__ import annotations

import logging
import threading
import time
import uuid

import psycopg2
import pytest

from mitmach_qgis.data import pg_roles, schema
from mitmach_qgis.data.errors import DatabaseInUseError, StoreError
from mitmach_qgis.data.pg_store import PostgisStore, parse_target, qmark_to_format, wkb
from tests.pg_fixtures import AREA, planner_login

OWNER = {"family_name": "Muster", "role": "owner", "created_by": "officer1"}


def hold_row_lock(db, seconds: float, statement: str, params=()):
    """Another session (a colleague, QGIS) holding row locks for ``seconds``, in a thread; returns it once the
    locks are held."""
    ready = threading.Event()

    def hold():
        conn = db.connect(autocommit=False)
        try:
            with conn.cursor() as cur:
                cur.execute(statement, params)
                ready.set()
                time.sleep(seconds)
            conn.rollback()
        finally:
            conn.close()

    thread = threading.Thread(target=hold)
    thread.start()
    assert ready.wait(5)
    return thread


def add_participant(store, **values) -> str:
    with store.transaction() as conn:
        store.insert(conn, "participants", [{**OWNER, **values}])
        return conn.execute("SELECT uuid FROM participants ORDER BY fid DESC").fetchone()[0]


# -- connection strings -----------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("text", "params", "schema_name"),
    [
        ("postgresql://alice@db.example.org:5433/council?schema=district_1&sslmode=require",
         {"user": "alice", "host": "db.example.org", "port": "5433", "dbname": "council", "sslmode": "require"},
         "district_1"),
        ("postgresql://alice@%2Ftmp%2Fsock:5432/council", {"user": "alice", "host": "/tmp/sock", "port": "5432",
                                                           "dbname": "council"}, "mitmach"),
        ("service=council schema=mitmach_test", {"service": "council"}, "mitmach_test"),
        ("host=db port=5432 dbname=x schema='quoted_one'", {"host": "db", "port": "5432", "dbname": "x"}, "quoted_one"),
    ],
)  # fmt: skip
def test_connection_strings_are_parsed_and_our_schema_parameter_is_taken_out(text, params, schema_name):
    target = parse_target(text)
    assert target.params == params and target.schema == schema_name and target.password is None
    assert "schema=" in target.label and schema_name in target.label


@pytest.mark.parametrize("bad", ["Mitmach", "a-b", "x;drop", "ä", "a" * 64])
def test_a_schema_name_must_be_a_plain_identifier(bad):
    with pytest.raises(StoreError, match="schema name"):
        parse_target(f"postgresql://u@h/db?schema={bad}")


def test_a_password_never_reaches_the_log_the_label_or_an_error(pg_store_db, pg_store, caplog):
    conn = pg_store_db.connect(autocommit=False)
    pg_roles.setup_roles(conn, "mitmach")
    conn.commit()
    conn.close()
    user, password = pg_store_db.login_role(pg_roles.OFFICER)
    caplog.set_level(logging.DEBUG, logger="mitmach_qgis")
    base = pg_store_db.uri(user=user)
    with_password = base.replace(f"{user}@", f"{user}:{password}@")
    store = PostgisStore.open(with_password)  # the password really is used: the role needs it (scram)
    add_participant(store)
    assert store.count("participants") == 1
    texts = [str(store), repr(store), repr(store.target), store.label, caplog.text]
    for bad_uri, expected in ((with_password.replace("schema=mitmach", "schema=missing"), "no MitMach"),
                              (with_password.replace(password, password[::-1]), "Cannot connect")):  # fmt: skip
        with pytest.raises(StoreError, match=expected) as err:
            PostgisStore.open(bad_uri)
        texts += [str(err.value), str(err.value.path)]
    texts.append(caplog.text)
    assert "password" in caplog.text.lower(), "the log advises against a password in the URI"
    for text in texts:
        assert password not in text and password[::-1] not in text


def test_service_file_and_pgpass_connect_without_a_password_in_the_string(
    pg_store_db, pg_store, tmp_path, monkeypatch
):
    user, password = planner_login(pg_store_db)
    cluster = pg_store_db.cluster
    service = tmp_path / "pg_service.conf"
    service.write_text(
        f"[council]\nhost={cluster.host}\nport={cluster.port}\ndbname={pg_store_db.name}\nuser={user}\n"
    )
    pgpass = tmp_path / "pgpass"
    pgpass.write_text(f"*:{cluster.port}:{pg_store_db.name}:{user}:{password}\n")
    pgpass.chmod(0o600)
    monkeypatch.setenv("PGSERVICEFILE", str(service))
    monkeypatch.setenv("PGPASSFILE", str(pgpass))
    store = PostgisStore.open("service=council schema=mitmach")
    assert store.label == "service=council schema=mitmach"
    assert store.count("themes") == 9 and store.srs_id == 25832


# -- creating and opening -----------------------------------------------------------------------------------------------
def test_create_and_open(pg_db):
    store = PostgisStore.create(pg_db.uri(schema="pilot"), areas=[("Pilot", AREA)], user="officer1")
    assert (
        store.backend == "postgis"
        and store.schema == "pilot"
        and store.schema_version == schema.SCHEMA_VERSION
    )
    opened = PostgisStore.open(pg_db.uri(schema="pilot"))
    assert (opened.srs_id, opened.schema_version) == (25832, schema.SCHEMA_VERSION)
    assert opened.count("areas") == 1
    with opened.reading() as conn:
        text = conn.execute("SELECT ST_AsText(geom), ST_SRID(geom) FROM areas").fetchone()
    assert text[0].startswith("MULTIPOLYGON(((357000 5711000,358200 5711000") and text[1] == 25832


def test_create_refuses_an_existing_schema_and_replaces_only_its_own(pg_store_db, pg_store):
    add_participant(pg_store)
    with pytest.raises(StoreError, match="exists already"):
        PostgisStore.create(pg_store_db.uri())
    assert pg_store.count("participants") == 1
    PostgisStore.create(pg_store_db.uri(), overwrite=True)
    assert pg_store.count("participants") == 0
    conn = pg_store_db.connect()
    with conn.cursor() as cur:
        cur.execute("CREATE SCHEMA gis_data; CREATE TABLE gis_data.parcels (id integer)")
    conn.close()
    for overwrite in (False, True):
        with pytest.raises(StoreError, match="something other"):
            PostgisStore.create(pg_store_db.uri(schema="gis_data"), overwrite=overwrite)
    with pytest.raises(StoreError, match="something other"):
        PostgisStore.open(pg_store_db.uri(schema="gis_data"))


def test_create_refuses_a_geographic_crs_and_a_database_without_postgis(pg_db, pg_cluster):
    with pytest.raises(StoreError, match="metres"):
        PostgisStore.create(pg_db.uri(), crs="EPSG:4326")
    with pg_cluster.admin.cursor() as cur:
        cur.execute(f'CREATE DATABASE "{pg_db.name}_plain" TEMPLATE template0')
    try:
        plain = pg_db.uri().replace(f"/{pg_db.name}?", f"/{pg_db.name}_plain?")
        with pytest.raises(StoreError, match="PostGIS"):
            PostgisStore.create(plain)
    finally:
        with pg_cluster.admin.cursor() as cur:
            cur.execute(f'DROP DATABASE "{pg_db.name}_plain"')
    with pytest.raises(StoreError, match="no MitMach"):
        PostgisStore.open(pg_db.uri())


def test_a_failed_create_leaves_nothing(pg_db, monkeypatch):
    def boom(*args, **kwargs):
        raise psycopg2.errors.DiskFull("disk full")

    monkeypatch.setattr("mitmach_qgis.data.pg_store.create_views", boom)
    with pytest.raises(StoreError):
        PostgisStore.create(pg_db.uri())
    conn = pg_db.connect()
    with conn.cursor() as cur:
        cur.execute("SELECT count(*) FROM pg_namespace WHERE nspname = 'mitmach'")
        assert cur.fetchone()[0] == 0
    conn.close()


def test_a_newer_schema_is_refused(pg_store_db, pg_store):
    conn = pg_store_db.connect()
    with conn.cursor() as cur:
        cur.execute("UPDATE mitmach.mitmach_meta SET value = '99' WHERE key = 'schema_version'")
    conn.close()
    with pytest.raises(StoreError, match="newer MitMach"):
        PostgisStore.open(pg_store_db.uri())


def test_an_unreachable_server_is_a_clear_error(pg_db):
    uri = pg_db.uri().replace(f":{pg_db.cluster.port}/", ":1/")
    with pytest.raises(StoreError, match="Cannot connect"):
        PostgisStore.open(uri)


# -- values -----------------------------------------------------------------------------------------------------------
def test_values_come_back_as_the_geopackage_holds_them(pg_store):
    person = add_participant(pg_store, consent_contact=1, consent_contact_date="2026-11-25", postcode="01067")
    with pg_store.transaction() as conn:
        pg_store.insert(conn, "proposals", [{"participant_uuid": person, "theme": "pv",
                                             "geom": ("point", 357500.25, 5711500.75)}])  # fmt: skip
    with pg_store.reading() as conn:
        row = conn.execute("SELECT * FROM participants").fetchone()
        point = conn.execute("SELECT ST_X(geom), ST_Y(geom), ST_SRID(geom), geom FROM proposals").fetchone()
    assert row["consent_contact"] is True and row["consent_contact_date"] == "2026-11-25"
    assert row["postcode"] == "01067" and isinstance(row["uuid"], str) and row[0] == row["fid"]
    assert row["created_at"].endswith("Z") and "T" in row["created_at"]
    assert tuple(point)[:3] == (357500.25, 5711500.75, 25832)
    assert (
        wkb(("point", 357500.25, 5711500.75))[5:].hex() in point["geom"].lower()
    )  # the coordinates, exactly


@pytest.mark.parametrize(
    ("text", "expected"),
    [("SELECT a FROM t WHERE x = ? AND y = ?", "SELECT a FROM t WHERE x = %s AND y = %s"),
     ("SELECT 1 FROM t WHERE y LIKE 'a%?' AND z = ?", "SELECT 1 FROM t WHERE y LIKE 'a%%?' AND z = %s"),
     ("SELECT 7 % ?, 'it''s ?', \"odd?\" -- ?\n/* ? */", "SELECT 7 %% %s, 'it''s ?', \"odd?\" -- ?\n/* ? */"),
     ("SELECT $f$ ? $f$, ?", "SELECT $f$ ? $f$, %s"),
     ("SELECT %s, 'a%%'", "SELECT %s, 'a%%'"),  # psycopg2's own style: unchanged
     ("SELECT 'a%' FROM t", "SELECT 'a%' FROM t")],
)  # fmt: skip
def test_sqlite_parameters_become_psycopg2_ones(text, expected):
    assert qmark_to_format(text) == expected


def test_sqlite_parameters_and_rows_as_sqlite3_gives_them(pg_store):
    with pytest.raises(ValueError, match="both"):
        qmark_to_format("SELECT ?, %s")
    with pg_store.reading() as conn:
        row = conn.execute("SELECT ? AS a, 'x%' || ? AS b, 5 % ? AS c", ("1", "y", 3)).fetchone()
        assert (row[0], row["b"], row["c"], tuple(row), dict(row)) == ("1", "x%y", 2, ("1", "x%y", 2),
                                                                       {"a": "1", "b": "x%y", "c": 2})  # fmt: skip
        a, b, c = row
        assert (a, b, c) == ("1", "x%y", 2)
        assert conn.execute("SELECT %s::int + 1", (1,)).fetchone()[0] == 2  # psycopg2's style still works
        assert conn.execute("SELECT 'a%'").fetchone()[0] == "a%"


def test_reading_is_read_only(pg_store):
    with pytest.raises(StoreError, match="not allowed"), pg_store.reading() as conn:
        conn.execute("INSERT INTO participants (family_name, role) VALUES ('x', 'owner')")


# -- the write path ---------------------------------------------------------------------------------------------------
def test_a_transaction_commits_everything_or_nothing(pg_store):
    with pg_store.transaction() as conn:
        pg_store.insert(conn, "participants", [OWNER, {**OWNER, "family_name": "Zwei"}])
    assert pg_store.count("participants") == 2 and pg_store.stats.writes == 1
    with pytest.raises(RuntimeError), pg_store.transaction() as conn:
        pg_store.insert(conn, "participants", [OWNER])
        raise RuntimeError("form rejected")
    assert pg_store.count("participants") == 2


def test_a_failed_statement_leaves_the_transaction_usable_as_in_sqlite(pg_store):
    with pg_store.transaction() as conn:
        with pytest.raises(psycopg2.errors.CheckViolation):
            pg_store.insert(conn, "participants", [{**OWNER, "postcode": "123"}])
        pg_store.insert(conn, "participants", [OWNER])
    assert pg_store.count("participants") == 1


def test_idempotent_insert_by_uuid(pg_store):
    row = {**OWNER, "uuid": str(uuid.uuid4())}
    for expected in (1, 0):  # the second save (after a lost answer, a crash) finds the first
        with pg_store.transaction() as conn:
            assert pg_store.insert(conn, "participants", [row], idempotent=True) == expected
    assert pg_store.count("participants") == 1
    with pg_store.reading() as conn:
        assert conn.execute("SELECT count(*) FROM events WHERE action = 'insert'").fetchone()[0] == 1
    with pytest.raises(StoreError, match="rule"), pg_store.transaction() as conn:
        pg_store.insert(conn, "participants", [row])  # without idempotent: a duplicate uuid is refused


def test_a_write_blocked_by_a_row_lock_waits_and_succeeds(pg_store_db, pg_store):
    person = add_participant(pg_store)
    thread = hold_row_lock(
        pg_store_db, 0.5, "SELECT 1 FROM mitmach.participants WHERE uuid = %s FOR UPDATE", (person,)
    )
    try:
        with pg_store.transaction() as conn:
            conn.execute(
                "UPDATE participants SET city = 'Bottrop', updated_by = 'me' WHERE uuid = %s", (person,)
            )
    finally:
        thread.join()
    assert (
        pg_store.stats.busy_first_attempt == 1
        and pg_store.stats.retries >= 1
        and pg_store.stats.failures == 0
    )
    with pg_store.reading() as conn:
        assert conn.execute("SELECT city, version FROM participants").fetchone()[:] == ["Bottrop", 2]


def test_after_the_deadline_in_use_is_raised_and_nothing_is_written(pg_store_db, pg_store, monkeypatch):
    person = add_participant(pg_store)
    monkeypatch.setattr(PostgisStore, "write_deadline_s", 0.6)
    thread = hold_row_lock(
        pg_store_db, 2.0, "SELECT 1 FROM mitmach.participants WHERE uuid = %s FOR UPDATE", (person,)
    )
    started = time.monotonic()
    try:
        with pytest.raises(DatabaseInUseError, match="in use.*not saved"), pg_store.transaction() as conn:
            pg_store.insert(conn, "participants", [{**OWNER, "family_name": "Neu"}])
            conn.execute("UPDATE participants SET city = 'Bottrop' WHERE uuid = %s", (person,))
    finally:
        elapsed = time.monotonic() - started
        thread.join()
    assert 0.6 <= elapsed < 1.6, "bounded: gives up at the deadline, not before"
    assert (
        pg_store.stats.failures == 1 and pg_store.stats.retries >= 2 and pg_store.stats.writes == 1
    )  # the set-up
    assert pg_store.count("participants") == 1, "the insert before the blocked update is rolled back too"


def _deadlock(pg_store_db, pg_store, run_with):
    """Our work locks B then A while another session holds A and then wants B: a real deadlock."""
    a = add_participant(pg_store, family_name="A")
    b = add_participant(pg_store, family_name="B")
    update = "UPDATE mitmach.participants SET city = %s WHERE uuid = %s"
    ready, attempts = threading.Event(), []

    def other():
        conn = pg_store_db.connect(autocommit=False)
        with conn.cursor() as cur:
            cur.execute(update, ("other", a))
            ready.set()
            time.sleep(0.04)  # our work waits for A by now; its deadlock check (after 100 ms) fires first
            cur.execute(update, ("other", b))
            time.sleep(0.2)
        conn.commit()
        conn.close()

    def work(conn):
        attempts.append(1)
        conn.execute(update, ("mine", b))
        conn.execute(update, ("mine", a))
        return "done"

    thread = threading.Thread(target=other)
    thread.start()
    ready.wait(5)
    try:
        return run_with(work), attempts
    finally:
        thread.join()


def test_run_repeats_the_whole_transaction_after_a_deadlock(pg_store_db, pg_store, monkeypatch):
    monkeypatch.setattr(PostgisStore, "lock_timeout_ms", 5000)  # let the server detect the deadlock
    result, attempts = _deadlock(pg_store_db, pg_store, pg_store.run)
    assert result == "done" and len(attempts) == 2 and pg_store.stats.writes == 3
    with pg_store.reading() as conn:
        assert [r[0] for r in conn.execute("SELECT city FROM participants ORDER BY fid")] == ["mine", "mine"]


def test_a_deadlock_inside_a_with_block_is_reported_as_in_use(pg_store_db, pg_store, monkeypatch):
    monkeypatch.setattr(PostgisStore, "lock_timeout_ms", 5000)

    def in_a_block(work):
        with pg_store.transaction() as conn:
            return work(conn)

    with pytest.raises(DatabaseInUseError):
        _deadlock(pg_store_db, pg_store, in_a_block)
    with pg_store.reading() as conn:
        assert [r[0] for r in conn.execute("SELECT city FROM participants ORDER BY fid")] == [
            "other",
            "other",
        ]


def test_open_store_names_and_opens_postgis_targets(pg_store_db):
    from mitmach_qgis.data.stores import is_postgres, open_store, store_label

    store = open_store(pg_store_db.uri())
    assert isinstance(store, PostgisStore) and is_postgres(store)
    assert store_label(store) == store.label and "mitmach" in store.label
    assert open_store(store) is store


def test_the_pool_reuses_connections_and_replaces_a_dead_one(pg_store, pg_store_db):
    with pg_store.reading() as conn:
        first = conn.execute("SELECT pg_backend_pid()").fetchone()[0]
    with pg_store.reading() as conn:
        assert conn.execute("SELECT pg_backend_pid()").fetchone()[0] == first, "the idle connection is reused"
    assert pg_store.pool.reused >= 1
    admin = pg_store_db.connect()
    with admin.cursor() as cur:  # the server ends it (a restart, an idle timeout, a DBA)
        cur.execute("SELECT pg_terminate_backend(%s)", (first,))
    admin.close()
    pg_store.pool.check_after_s = 0.0
    time.sleep(0.05)
    with pg_store.reading() as conn:
        assert conn.execute("SELECT pg_backend_pid()").fetchone()[0] != first
    assert pg_store.count("themes") == 9


def test_a_failed_transaction_leaves_a_clean_connection_in_the_pool(pg_store):
    with pytest.raises(StoreError), pg_store.transaction() as conn:
        conn.execute("INSERT INTO themes (code) VALUES (NULL)")
    with pg_store.transaction() as conn:  # the same connection, not stuck in an aborted transaction
        conn.execute("UPDATE mitmach_meta SET value = '5' WHERE key = 'k_anonymity'")
    assert pg_store.meta()["k_anonymity"] == "5"
    idle = [c for kind in pg_store.pool.idle.values() for c, _ in kind]
    assert idle and all(
        c.get_transaction_status() == psycopg2.extensions.TRANSACTION_STATUS_IDLE for c in idle
    )
    pg_store.close()
    assert not pg_store.pool.idle and all(c.closed for c in idle)
    assert pg_store.count("themes") == 9, "a closed pool is refilled on demand"
