"""Erasure, retention, consent and the import of web submissions on PostGIS: the shared behaviour of
tests/behaviour_privacy.py and tests/behaviour_import.py (tests/unit/test_shared_privacy_import.py runs the
same functions on a GeoPackage), and what only PostgreSQL has: roles that may not erase or write, and VACUUM."""

from __future__ import annotations

import logging

import pytest

from mitmach_qgis.data import pg_roles, privacy
from mitmach_qgis.data.errors import StoreError
from mitmach_qgis.data.pg_store import PostgisStore
from tests import behaviour_import, behaviour_privacy

OFFICER = behaviour_privacy.OFFICER


@pytest.mark.parametrize("behaviour", behaviour_privacy.BEHAVIOURS, ids=lambda b: b.__name__)
def test_privacy(pg_store, behaviour):
    behaviour(pg_store)


@pytest.mark.parametrize("behaviour", behaviour_import.BEHAVIOURS, ids=lambda b: b.__name__)
def test_import(pg_store, behaviour):
    behaviour(pg_store)


# -- PostgreSQL only: roles and VACUUM ----------------------------------------------------------------------------
def login_store(pg_store_db, role: str) -> PostgisStore:
    """The store as a LOGIN member of ``role`` (the roles set up as the DBA notes say)."""
    conn = pg_store_db.connect(autocommit=False)
    pg_roles.setup_roles(conn, "mitmach")
    conn.commit()
    conn.close()
    user, password = pg_store_db.login_role(role)
    return PostgisStore.open(pg_store_db.uri(user=user).replace(f"{user}@", f"{user}:{password}@"))


def last_vacuums(pg_store_db) -> dict[str, str | None]:
    conn = pg_store_db.connect()
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT relname, last_vacuum FROM pg_stat_user_tables WHERE schemaname = 'mitmach'")
            return dict(cur.fetchall())
    finally:
        conn.close()


def test_forget_vacuums_every_table_it_touched(pg_store_db, pg_store):
    scene = behaviour_privacy.build_scene(pg_store)
    assert not any(last_vacuums(pg_store_db)[t] for t in privacy.ERASURE_TABLES)
    report = privacy.forget_participant(pg_store, scene["target"], OFFICER)
    assert report.vacuumed and report.not_vacuumed == () and report.backups == ()
    vacuumed = last_vacuums(pg_store_db)
    assert all(vacuumed[t] for t in privacy.ERASURE_TABLES), vacuumed
    assert not vacuumed["themes"], "only the tables the erasure touched"
    text = "\n".join(privacy.forget_summary(report))
    assert "The tables were vacuumed" in text and "write-ahead log" in text


def test_a_planner_may_not_forget_and_nothing_changes(pg_store_db, pg_store):
    scene = behaviour_privacy.build_scene(pg_store)
    before = behaviour_privacy.snapshot(pg_store)
    planner = login_store(pg_store_db, pg_roles.PLANNER)
    for attempt in (
        lambda: privacy.forget_participant(planner, scene["target"], "planner1"),
        lambda: privacy.forget_preview(planner, scene["target"]),
        lambda: privacy.purge(planner, user="planner1"),
        lambda: privacy.withdraw_consent(planner, scene["target"], "contact", "planner1"),
    ):
        with pytest.raises(StoreError, match="You are not allowed to make this change") as info:
            attempt()
        assert not [w for w in behaviour_privacy.TRACES if w in str(info.value)]
    assert behaviour_privacy.snapshot(pg_store) == before


def test_an_officer_who_does_not_own_the_tables_erases_and_the_report_says_who_vacuums(
    pg_store_db, pg_store, caplog
):
    scene = behaviour_privacy.build_scene(pg_store)
    officer = login_store(pg_store_db, pg_roles.OFFICER)
    # pg_roles grants the officer exactly the two columns of the pseudonymisation; the append-only trigger
    # refuses every other change (behaviour_privacy, test_pg_roles)
    caplog.set_level(logging.INFO, logger="mitmach_qgis")
    report = privacy.forget_participant(officer, scene["target"], "officer2")
    assert report.participants == 1 and not report.vacuumed
    assert report.not_vacuumed == privacy.ERASURE_TABLES
    assert behaviour_privacy.traces(pg_store, (*behaviour_privacy.TRACES, scene["target"])) == []
    text = "\n".join(privacy.forget_summary(report))
    assert "autovacuum or the database administrator" in text and "participants, proposals" in text
    for table in privacy.ERASURE_TABLES:
        assert f"{table}: not vacuumed (only its owner may)" in caplog.text
    assert not [w for w in (*behaviour_privacy.TRACES, scene["target"], report.pseudonym) if w in caplog.text]
    purged = privacy.purge(officer, user="officer2")
    assert purged.erased is None and not purged.vacuumed and purged.not_vacuumed == privacy.ERASURE_TABLES
    assert "autovacuum" in "\n".join(privacy.purge_summary(purged))


def test_a_role_that_may_only_read_imports_nothing(pg_store_db, pg_store):
    behaviour_import.with_gazetteer(pg_store)
    conn = pg_store_db.connect()
    with conn.cursor() as cur:
        cur.execute("CREATE ROLE mitmach_reader NOLOGIN")
        cur.execute("GRANT USAGE ON SCHEMA mitmach TO mitmach_reader")
        cur.execute("GRANT SELECT ON ALL TABLES IN SCHEMA mitmach TO mitmach_reader")
    conn.close()
    pg_store_db.cluster.created_roles.append("mitmach_reader")  # dropped after the login role
    reader = login_store(pg_store_db, "mitmach_reader")
    before = behaviour_privacy.snapshot(pg_store)
    with pytest.raises(StoreError, match="You are not allowed to make this change") as info:
        behaviour_import.run_import(reader)
    assert "Musterfrau" not in str(info.value)
    planner = login_store(pg_store_db, pg_roles.PLANNER)
    with pytest.raises(StoreError, match="You are not allowed to make this change"):
        behaviour_import.run_import(planner, locate=None)
    assert behaviour_privacy.snapshot(pg_store) == before
