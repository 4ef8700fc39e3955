"""Schema versions: version 1 is built from the table descriptions, each later version is one step.

``create`` always builds version 1 and migrates, so a new database and an upgraded old one go through
the same code.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from .schema import (
    RETENTION_DEFAULTS,
    SCHEMA_VERSION,
    TABLES,
    Table,
    create_table_sql,
    index_sql,
    trigger_sql,
)


def build_version_1(conn: sqlite3.Connection, tables: tuple[Table, ...]) -> None:
    for table in tables:
        if table.since == 1:
            for statement in create_table_sql(table, version=1):
                conn.execute(statement)


def _add_tables(conn: sqlite3.Connection, version: int) -> None:
    """Create the tables introduced in ``version`` and register them in gpkg_contents."""
    from .gpkg_store import utc_now

    for table in TABLES:
        if table.since != version or table.optional:
            continue
        for statement in create_table_sql(table, version=version):
            conn.execute(statement)
        conn.execute(
            "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change) "
            "VALUES (?, 'attributes', ?, ?, ?)",
            (table.name, table.name, table.description, utc_now()),
        )


def _add_columns(conn: sqlite3.Connection, version: int) -> None:
    """Add the columns introduced in ``version`` to the tables that exist."""
    existing = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    for table in TABLES:
        if table.name not in existing:
            continue
        for column in table.columns:
            if column.since == version:
                conn.execute(
                    f'ALTER TABLE "{table.name}" ADD COLUMN "{column.name}" {column.sql_type} {column.constraint}'
                )
        for statement in index_sql(table, version):
            conn.execute(statement)


def _to_2(conn: sqlite3.Connection) -> None:
    # version 2: `version` columns for conflict detection between planners, `in_area` and `submission_id`
    # on proposals, the geocoder cache and advice templates
    _add_columns(conn, 2)
    _add_tables(conn, 2)
    from ..core.advice import ADVICE_TEMPLATES

    conn.executemany(
        "INSERT INTO advice_templates (theme, language, title, body, sort_order) VALUES (?, ?, ?, ?, ?)",
        [(t.theme, t.language, t.title, t.body, i) for i, t in enumerate(ADVICE_TEMPLATES)],
    )


def _to_3(conn: sqlite3.Connection) -> None:
    # version 3 (erasure, retention, consent): dates of consent withdrawals, the pseudonymisation stamp of the
    # audit log (its triggers are rebuilt by migrate()), and the retention rules with their defaults; a
    # value the council already set is kept
    _add_columns(conn, 3)
    conn.executemany(
        "INSERT INTO mitmach_meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING",
        sorted(RETENTION_DEFAULTS.items()),
    )


STEPS: dict[int, Callable[[sqlite3.Connection], None]] = {2: _to_2, 3: _to_3}
assert sorted(STEPS) == list(range(2, SCHEMA_VERSION + 1)), "one migration step per schema version"


def drop_triggers(conn: sqlite3.Connection) -> None:
    """Drop every MitMach trigger (all are named ``mitmach_…``; GDAL's R-tree triggers stay)."""
    names = [
        r[0]
        for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'mitmach_%'"
        )
    ]
    for name in names:
        conn.execute(f'DROP TRIGGER "{name}"')


def rebuild_triggers(conn: sqlite3.Connection, version: int) -> None:
    drop_triggers(conn)
    existing = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    for statement in trigger_sql(version):
        table = statement.split(' ON "', 1)[1].split('"', 1)[0]
        if table in existing:
            conn.execute(statement)


def migrate(conn: sqlite3.Connection, from_version: int, to_version: int = SCHEMA_VERSION) -> None:
    """Run the steps from ``from_version`` to ``to_version`` inside the caller's transaction."""
    for version in range(from_version + 1, to_version + 1):
        STEPS[version](conn)
    rebuild_triggers(conn, to_version)
    conn.execute("UPDATE mitmach_meta SET value = ? WHERE key = 'schema_version'", (str(to_version),))
