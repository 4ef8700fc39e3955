"""A private PostgreSQL 15 + PostGIS cluster for the PostGIS tests (tools/pg_cluster.py).

The fixtures of tests/postgis (run without pytest-qgis) and tests/qgis (PostGIS under the QGIS GUI classes):
both conftest files import them, so each test session starts at most one cluster, and only when a test asks.

Nothing is installed here: without PostgreSQL / PostGIS the tests fail (not skip) and say to run
``make setup``. One cluster per test session; every test gets a database of its own, copied from a template
that already has PostGIS. The template uses a German collation that ignores punctuation at first, as glibc's
``de_DE.UTF-8`` on a council's Debian server does (ICU ``de-DE-u-ka-shifted``: the image has no glibc German
locale), so rules that depend on the sort order (``theme_a <= theme_b``) are tested where they go wrong.
"""

from __future__ import annotations

import contextlib
import importlib.util
import itertools
import secrets
from dataclasses import dataclass
from pathlib import Path

import pytest
from psycopg2 import sql

from tests.helpers import ROOT

TEMPLATE = "mitmach_template"  # PostGIS, no MitMach schema
STORE_TEMPLATE = "mitmach_template_store"  # with the schema "mitmach" made by PostgisStore.create
AREA = [[[(357000.0, 5711000.0), (358200.0, 5711000.0), (358200.0, 5711900.0), (357000.0, 5711900.0),
          (357000.0, 5711000.0)]]]  # fmt: skip
_counter = itertools.count()


def _load_tool():
    spec = importlib.util.spec_from_file_location("pg_cluster", ROOT / "tools" / "pg_cluster.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


pg_tool = _load_tool()


@dataclass
class PgDatabase:
    """One test's database in the session's cluster."""

    cluster: object
    name: str

    def uri(self, schema: str = "mitmach", user: str = "postgres") -> str:
        return self.cluster.uri(self.name, user=user, schema=schema)

    def dsn(self, user: str = "postgres", password: str | None = None) -> str:
        return self.cluster.dsn(self.name, user=user, password=password)

    def connect(self, user: str = "postgres", password: str | None = None, autocommit: bool = True):
        import psycopg2

        conn = psycopg2.connect(self.dsn(user, password))
        conn.autocommit = autocommit
        return conn

    def login_role(self, member_of: str) -> tuple[str, str]:
        """A LOGIN role (with a random password) that is a member of ``member_of``; (name, password)."""
        name = f"login_{member_of}_{self.name}"
        password = secrets.token_hex(12)
        conn = self.connect()
        try:
            with conn.cursor() as cur:
                cur.execute(
                    sql.SQL("CREATE ROLE {} LOGIN PASSWORD %s IN ROLE {}").format(
                        sql.Identifier(name), sql.Identifier(member_of)
                    ),
                    (password,),
                )
        finally:
            conn.close()
        self.cluster.created_roles.append(name)
        return name, password


@pytest.fixture(scope="session")
def pg_cluster():
    missing = pg_tool.missing_binaries()
    if missing:
        pytest.fail(
            f"PostgreSQL 15 / PostGIS 3 are not installed ({', '.join(missing)}): {pg_tool.SETUP_HINT}",
            pytrace=False,
        )
    cluster = pg_tool.PgCluster()
    cluster.created_roles = []
    cluster.start()
    try:
        cluster.psql(
            f"CREATE DATABASE {TEMPLATE} TEMPLATE template0 LOCALE_PROVIDER icu "
            "ICU_LOCALE 'de-DE-u-ka-shifted' LOCALE 'C.UTF-8'"
        )
        cluster.psql("CREATE EXTENSION postgis", dbname=TEMPLATE)
        cluster.admin = cluster.connect()  # one superuser session for creating and dropping test databases
        yield cluster
    finally:
        if getattr(cluster, "admin", None) is not None:
            cluster.admin.close()
        cluster.stop()


@pytest.fixture(scope="session")
def pg_store_template(pg_cluster):
    """A database with a participation database made by PostgisStore.create, copied for each test."""
    from mitmach_qgis.data.pg_store import PostgisStore

    _create(pg_cluster, STORE_TEMPLATE, TEMPLATE)
    PostgisStore.create(
        PgDatabase(pg_cluster, STORE_TEMPLATE).uri(), areas=[("Pilot", AREA)], user="officer1"
    )
    return STORE_TEMPLATE


def _create(cluster, name: str, template: str) -> None:
    with cluster.admin.cursor() as cur:
        cur.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE {} STRATEGY FILE_COPY").format(
                sql.Identifier(name), sql.Identifier(template)
            )
        )


@contextlib.contextmanager
def _database(cluster, template: str):
    name = f"t{next(_counter)}_{secrets.token_hex(3)}"
    _create(cluster, name, template)
    try:
        yield PgDatabase(cluster, name)
    finally:
        with cluster.admin.cursor() as cur:
            cur.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
            while cluster.created_roles:
                cur.execute(
                    sql.SQL("DROP ROLE IF EXISTS {}").format(sql.Identifier(cluster.created_roles.pop()))
                )


@pytest.fixture
def pg_db(pg_cluster):
    """A fresh database with PostGIS and nothing else."""
    with _database(pg_cluster, TEMPLATE) as database:
        yield database


@pytest.fixture
def pg_store_db(pg_cluster, pg_store_template):
    """A fresh database holding a new participation database in the schema ``mitmach``."""
    with _database(pg_cluster, pg_store_template) as database:
        yield database


@pytest.fixture
def pg_store(pg_store_db):
    from mitmach_qgis.data.pg_store import PostgisStore

    return PostgisStore.open(pg_store_db.uri())


def tool_path() -> Path:
    return ROOT / "tools" / "pg_cluster.py"


def planner_login(database) -> tuple[str, str]:
    """Set up MitMach's roles in ``database`` and return (user, password) of a LOGIN member of the planner
    role: what a council's planner would connect as."""
    from mitmach_qgis.data import pg_roles

    conn = database.connect(autocommit=False)
    pg_roles.setup_roles(conn, "mitmach")
    conn.commit()
    conn.close()
    return database.login_role(pg_roles.PLANNER)
