"""Moving a whole participation database between backends: GeoPackage → PostGIS and back (``migrate``).

:func:`copy_database` reads the source in one consistent snapshot (a GeoPackage read transaction, a
PostgreSQL ``REPEATABLE READ`` read-only transaction; the source is never written) and builds the destination
fresh through the backend's own ``create`` with a ``fill`` step, so everything happens in ONE transaction on
the destination (PostgreSQL: the schema, the rows and the checks are committed together; GeoPackage: a
temporary file that replaces the destination only when everything worked). A failure leaves nothing.

What is copied: every MitMach table with every column, ``fid`` and ``uuid`` included (references between
tables are by uuid; fids are kept so QGIS's feature ids and the "a fid is never used twice" rule survive),
``version``, the time stamps and ``*_by``; geometries as WKB in the database's SRID (a GeoPackage blob's
header is taken off, a PostGIS geometry gets a GeoPackage header with its envelope); the catalogue (themes,
compatibility, advice templates) and the settings in ``mitmach_meta`` replace the destination's seeds; the
audit trail is copied row by row, exactly. The destination's own triggers must not add events or touch time
stamps meanwhile: on PostgreSQL every user trigger of the new tables is disabled for the copy (``ALTER TABLE
… DISABLE TRIGGER USER`` inside the transaction; the creator owns the new tables) and enabled again before
the commit; in a GeoPackage the ``mitmach_…`` triggers are dropped inside the transaction and rebuilt with
:func:`migrations.rebuild_triggers`. Foreign keys stay on. The fid counters (PostgreSQL identity sequences,
SQLite's ``sqlite_sequence``) are set to where the source's were (never below the largest copied fid).

Settings that belong to one backend stay that backend's: ``backend`` (PostGIS) is never copied, and
``planner_grid_m`` (the planner view of PostGIS) is not copied into a GeoPackage; a destination key the
source lacks keeps the destination's default (``planner_grid_m`` on PostGIS, ``journal_mode`` in a
GeoPackage).

Then, inside the same transaction, :func:`verify` compares both sides: per table the row count and the set
of uuids, for the audit trail the set of (uuid, table, record, action, changed fields), for the settings every
copied key with its value and uuid. A difference raises :class:`TransferError` and the destination is rolled
back. Time stamps are text ``…T18:40:12.512Z`` in a GeoPackage and ``timestamptz`` on PostgreSQL: a copy from
PostgreSQL writes them in the store's form with milliseconds (``…:30Z`` comes back as ``…:30.000Z``, the same
instant).
"""

from __future__ import annotations

import contextlib
import logging
import re
import sqlite3
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.i18n import tr
from . import errors
from .geometry import blob_wkb, wkb_blob
from .schema import SCHEMA_VERSION, TABLE_BY_NAME, TABLES
from .stores import is_postgres  # a file, a URI, service= or a QGIS connection name

LOG = logging.getLogger("mitmach_qgis.transfer")
BATCH = 1000
NEVER_COPIED = ("backend",)  # PostGIS's own key: the destination keeps its own (a GeoPackage has none)
POSTGIS_ONLY = ("planner_grid_m",)  # the planner view's grid: only PostGIS has the view
EVENT_KEY = ("uuid", "table_name", "record_uuid", "action", "changed_fields")


class TransferError(errors.StoreError):
    """The copy failed or did not match its source; nothing was written."""


def not_current(name: str, found: int) -> TransferError:
    return TransferError(
        tr(
            "{name} has schema version {found}; this MitMach moves databases of version {supported} only. "
            "Open it once with this version of MitMach to upgrade it, then move it."
        ).format(name=name, found=found, supported=SCHEMA_VERSION),
        name,
    )


def same_database(name: str) -> TransferError:
    return TransferError(
        tr("The source and the destination are the same database ({name}).").format(name=name), name
    )


def copy_failed(table: str, name: str, detail: str) -> TransferError:
    return TransferError(
        tr("Copying the table {table} to {name} failed; nothing was written: {detail}").format(
            table=table, name=name, detail=detail
        ),
        name,
    )


def mismatch(table: str, name: str, source: int, copied: int) -> TransferError:
    return TransferError(
        tr(
            "The copy of the table {table} in {name} does not match the source ({source} rows, {copied} "
            "copied); nothing was written."
        ).format(table=table, name=name, source=source, copied=copied),
        name,
    )


@dataclass
class TableCount:
    table: str
    source: int
    destination: int


@dataclass
class CopyReport:
    """What :func:`copy_database` copied and verified."""

    source: str
    destination: str
    tables: list[TableCount] = field(default_factory=list)
    seconds: float = 0.0

    def counts(self) -> dict[str, tuple[int, int]]:
        return {t.table: (t.source, t.destination) for t in self.tables}

    def lines(self) -> list[str]:
        return report_lines(self)


def report_lines(report: CopyReport) -> list[str]:
    """What the command prints: where from, where to, how long, and the rows per table."""
    out = [
        tr("Copied {source} to {destination} in {seconds:.1f} s; every table verified (rows):").format(
            source=report.source, destination=report.destination, seconds=report.seconds
        )
    ]
    out += [f"  {t.table}: {t.destination}" for t in report.tables]
    return out


# -- the two backends, seen the same way -----------------------------------------------------------------------------
# Rows travel in one neutral form: booleans as bool, geometries as 2-D WKB, time stamps and dates as ISO text,
# uuids as text.
class _Side:
    name: str
    gpkg: bool

    def tables(self, conn) -> set[str]:
        raise NotImplementedError

    def rows(self, conn, table: str, columns: Sequence[str]) -> Iterator[list[tuple]]:
        raise NotImplementedError

    def column_list(self, columns: Sequence[str]) -> str:
        return ", ".join(f'"{c}"' for c in columns)


class _GpkgSide(_Side):
    gpkg = True

    def __init__(self, store) -> None:
        self.store = store
        self.name = str(store.path)

    def tables(self, conn) -> set[str]:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}

    def rows(self, conn, table, columns):
        booleans = _booleans(table)
        cur = conn.execute(f'SELECT {self.column_list(columns)} FROM "{table}" ORDER BY fid')
        while True:
            batch = cur.fetchmany(BATCH)
            if not batch:
                return
            yield [
                tuple(_from_gpkg(value, name, booleans) for name, value in zip(columns, row, strict=True))
                for row in batch
            ]

    def query(self, conn, statement: str) -> list[tuple]:
        return [tuple(r) for r in conn.execute(statement).fetchall()]

    def sequence(self, conn, table: str) -> int:
        row = conn.execute("SELECT seq FROM sqlite_sequence WHERE name = ?", (table,)).fetchone()
        return int(row[0]) if row else 0

    # writing (the destination)
    def clear(self, conn, table: str) -> None:
        conn.execute(f'DELETE FROM "{table}"')

    def write(self, conn, table: str, columns: Sequence[str], rows: list[tuple]) -> None:
        marks = ", ".join("?" for _ in columns)
        srs_id = self.store.srs_id
        conn.executemany(
            f'INSERT INTO "{table}" ({self.column_list(columns)}) VALUES ({marks})',
            [
                tuple(_to_gpkg(value, name, srs_id) for name, value in zip(columns, row, strict=True))
                for row in rows
            ],
        )

    def set_sequence(self, conn, table: str, position: int) -> None:
        updated = conn.execute(
            "UPDATE sqlite_sequence SET seq = ? WHERE name = ?", (position, table)
        ).rowcount
        if updated == 0 and position > 0:
            conn.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", (table, position))

    def triggers_off(self, conn, tables: Sequence[str]) -> None:
        from .migrations import drop_triggers

        drop_triggers(conn)

    def triggers_on(self, conn, tables: Sequence[str]) -> None:
        from .migrations import rebuild_triggers

        rebuild_triggers(conn, SCHEMA_VERSION)
        for table in tables:
            if TABLE_BY_NAME[table].geometry:
                self.store.update_extent(conn, table)


class _PgSide(_Side):
    gpkg = False

    def __init__(self, store) -> None:
        self.store = store
        self.name = store.label

    def qualified(self, table: str) -> str:
        return f'"{self.store.schema}"."{table}"'

    def tables(self, conn) -> set[str]:
        from .pg_schema import existing_tables

        with conn.cursor() as cur:
            return set(existing_tables(cur, self.store.schema))

    def _select_list(self, columns: Sequence[str]) -> str:
        gis = self.store.gis_schema
        return ", ".join(
            f"\"{gis}\".ST_AsBinary(geom, 'NDR')"
            if c == "geom"
            else f'"{c}"::text'
            if _is_uuid(c)
            else f'"{c}"'
            for c in columns
        )

    def rows(self, conn, table, columns):
        cur = conn.execute(f"SELECT {self._select_list(columns)} FROM {self.qualified(table)} ORDER BY fid")
        while True:
            batch = cur.fetchmany(BATCH)
            if not batch:
                return
            yield [tuple(bytes(v) if isinstance(v, memoryview) else v for v in row) for row in batch]

    def query(self, conn, statement: str) -> list[tuple]:
        return [tuple(r) for r in conn.execute(statement).fetchall()]

    def sequence(self, conn, table: str) -> int:
        row = conn.execute(
            "SELECT pg_sequence_last_value(pg_get_serial_sequence(%s, 'fid')::regclass)",
            (self.qualified(table),),
        ).fetchone()
        return int(row[0]) if row and row[0] is not None else 0

    def clear(self, conn, table: str) -> None:
        conn.execute(f"DELETE FROM {self.qualified(table)}")

    def write(self, conn, table: str, columns: Sequence[str], rows: list[tuple]) -> None:
        import psycopg2
        import psycopg2.extras

        booleans = _booleans(table)
        gis, srid = self.store.gis_schema, int(self.store.srs_id)
        template = "(" + ", ".join(
            f'"{gis}".ST_GeomFromWKB(%s, {srid})' if c == "geom" else "%s" for c in columns
        ) + ")"  # fmt: skip
        values = [
            tuple(
                (psycopg2.Binary(v) if c == "geom" and v is not None else bool(v) if c in booleans and v is not None else v)
                for c, v in zip(columns, row, strict=True)
            )
            for row in rows
        ]  # fmt: skip
        with conn.cursor() as cur:
            psycopg2.extras.execute_values(
                cur,
                f"INSERT INTO {self.qualified(table)} ({self.column_list(columns)}) VALUES %s",
                values,
                template=template,
                page_size=500,
            )

    def set_sequence(self, conn, table: str, position: int) -> None:
        conn.execute(
            "SELECT setval(pg_get_serial_sequence(%s, 'fid'), %s, %s)",
            (self.qualified(table), max(position, 1), position > 0),
        )

    def triggers_off(self, conn, tables: Sequence[str]) -> None:
        for table in tables:
            conn.execute(f"ALTER TABLE {self.qualified(table)} DISABLE TRIGGER USER")

    def triggers_on(self, conn, tables: Sequence[str]) -> None:
        # the deferred foreign keys are checked now: ALTER TABLE refuses a table with pending trigger events
        conn.execute("SET CONSTRAINTS ALL IMMEDIATE")
        for table in tables:
            conn.execute(f"ALTER TABLE {self.qualified(table)} ENABLE TRIGGER USER")


def _side(store) -> _Side:
    return _PgSide(store) if getattr(store, "backend", "gpkg") == "postgis" else _GpkgSide(store)


def _is_uuid(column: str) -> bool:
    return column == "uuid" or (column.endswith("_uuid") and column != "record_uuid")


def _booleans(table: str) -> frozenset[str]:
    return frozenset(c.name for c in TABLE_BY_NAME[table].columns if c.sql_type == "BOOLEAN")


def _from_gpkg(value: Any, column: str, booleans: frozenset[str]) -> Any:
    if value is None:
        return None
    if column == "geom":
        return blob_wkb(value)
    if column in booleans:
        return bool(value)
    return value


def _to_gpkg(value: Any, column: str, srs_id: int) -> Any:
    if value is None:
        return None
    if column == "geom":
        return wkb_blob(value, srs_id)
    if isinstance(value, bool):
        return int(value)
    return value


def _columns(table: str) -> list[str]:
    definition = TABLE_BY_NAME[table]
    names = definition.column_names(SCHEMA_VERSION)
    return names[:1] + ["geom"] + names[1:] if definition.geometry else names


# -- opening ---------------------------------------------------------------------------------------------------------
def open_source(target: str | Path):
    """The source store, opened without changing it (an older schema is refused, not upgraded)."""
    if is_postgres(target):
        from .pg_store import PostgisStore

        store = PostgisStore.open(str(target), migrate_old=False)
        name = store.label
    else:
        from .gpkg_store import GeoPackageStore

        store = GeoPackageStore.open(target, migrate_old=False)
        name = str(store.path)
    if store.schema_version != SCHEMA_VERSION:
        raise not_current(name, store.schema_version)
    return store


def _same(source, destination: str | Path) -> bool:
    if is_postgres(destination):
        if getattr(source, "backend", "") != "postgis":
            return False
        from .pg_store import parse_target

        return parse_target(str(destination)).label == source.label
    return getattr(source, "backend", "") == "gpkg" and Path(destination).resolve() == source.path.resolve()


# -- copying ---------------------------------------------------------------------------------------------------------
def migrate(source: str | Path, destination: str | Path, overwrite: bool = False, user: str | None = None):
    """Open ``source`` (a .gpkg path or a PostgreSQL target) and copy it to ``destination``: the CLI's
    ``migrate``. Returns the :class:`CopyReport`."""
    return copy_database(open_source(source), destination, overwrite=overwrite, user=user)


def copy_database(
    source, destination: str | Path, overwrite: bool = False, user: str | None = None
) -> CopyReport:
    """Copy the whole participation database of the opened store ``source`` into a new database at
    ``destination`` (a .gpkg path or a PostgreSQL target; an existing one only with ``overwrite``), verify
    it, and return the report. One transaction on the destination; the source is only read."""
    if _same(source, destination):
        raise same_database(str(destination) if not is_postgres(destination) else source.label)
    if source.schema_version != SCHEMA_VERSION:
        raise not_current(_side(source).name, source.schema_version)
    started = time.monotonic()
    src = _side(source)
    with source.reading() as src_conn:
        _snapshot(src, src_conn)
        present = src.tables(src_conn)
        tables = [t.name for t in TABLES if t.name in present]  # open() has checked the core tables
        meta = dict(src.query(src_conn, "SELECT key, value FROM mitmach_meta"))
        optional = [t for t in tables if TABLE_BY_NAME[t].optional]
        report = CopyReport(src.name, "")

        def fill(store, conn) -> None:
            dst = _side(store)
            dst.name = dst.name if is_postgres(destination) else str(destination)  # not the temporary file
            _copy(src, src_conn, dst, conn, tables)
            report.tables = verify(src, src_conn, dst, conn, tables)

        crs = meta.get("crs") or f"EPSG:{meta.get('srs_id', '25832')}"
        if is_postgres(destination):
            from .pg_store import PostgisStore

            created = PostgisStore.create(
                str(destination), crs=crs, overwrite=overwrite, optional_tables=optional, user=user, fill=fill
            )
            report.destination = created.label
        else:
            from .gpkg_store import GeoPackageStore

            created = GeoPackageStore.create(
                destination, crs=crs, overwrite=overwrite, optional_tables=optional, user=user, fill=fill
            )
            report.destination = str(created.path)
    report.seconds = time.monotonic() - started
    LOG.info("copied %s to %s in %.1f s (%s)", report.source, report.destination, report.seconds,
             ", ".join(f"{t.table} {t.destination}" for t in report.tables))  # fmt: skip
    return report


def _snapshot(side: _Side, conn) -> None:
    """One consistent view of the source for the whole copy (a GeoPackage's writers wait meanwhile)."""
    if side.gpkg:
        conn.execute("BEGIN")
    else:
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")


@contextlib.contextmanager
def _guarded(dst: _Side, table: str) -> Iterator[None]:
    """One step of the copy; a database error names the table (the primary message only: no values)."""
    import psycopg2

    try:
        yield
    except sqlite3.Error as exc:
        raise copy_failed(table, dst.name, str(exc).splitlines()[0]) from None
    except psycopg2.Error as exc:
        from .pg_store import _primary, _scrub

        detail = _scrub(_primary(exc), getattr(getattr(dst.store, "target", None), "password", None))
        if (exc.pgcode or "").startswith("22"):  # a data exception quotes the refused value: personal data
            detail = re.sub(r'"[^"]*"', "…", detail)
        raise copy_failed(table, dst.name, detail) from None


def _copy(src: _Side, src_conn, dst: _Side, dst_conn, tables: list[str]) -> None:
    dst.triggers_off(dst_conn, tables)
    kept_meta = _destination_only_meta(src, src_conn, dst, dst_conn)
    for table in reversed(tables):
        with _guarded(dst, table):
            dst.clear(dst_conn, table)
    for table in tables:
        columns = _columns(table)
        for batch in src.rows(src_conn, table, columns):
            if table == "mitmach_meta":
                batch = [row for row in batch if _copied_key(row[columns.index("key")], dst)]
            with _guarded(dst, table):
                dst.write(dst_conn, table, columns, batch)
    for table in tables:
        largest = dst.query(dst_conn, f"SELECT coalesce(max(fid), 0) FROM {_name(dst, table)}")[0][0]
        with _guarded(dst, table):
            dst.set_sequence(dst_conn, table, max(src.sequence(src_conn, table), largest))
    with _guarded(dst, "mitmach_meta"):
        if kept_meta:
            dst.write(dst_conn, "mitmach_meta", ["uuid", "key", "value"], kept_meta)
        dst.triggers_on(dst_conn, tables)


def _name(side: _Side, table: str) -> str:
    return side.qualified(table) if isinstance(side, _PgSide) else f'"{table}"'


def _copied_key(key: str, dst: _Side) -> bool:
    return key not in NEVER_COPIED and not (dst.gpkg and key in POSTGIS_ONLY)


def _destination_only_meta(src: _Side, src_conn, dst: _Side, dst_conn) -> list[tuple]:
    """The destination's own settings that the source does not have (kept, with their uuids)."""
    source_keys = {r[0] for r in src.query(src_conn, "SELECT key FROM mitmach_meta")}
    rows = dst.query(dst_conn, f"SELECT uuid, key, value FROM {_name(dst, 'mitmach_meta')} ORDER BY fid")
    return [
        (str(u), k, v) for u, k, v in rows if k not in source_keys or (k in NEVER_COPIED and not dst.gpkg)
    ]


# -- verifying -------------------------------------------------------------------------------------------------------
def _canonical_uuid(value: Any) -> str:
    return str(value).strip().strip("{}").lower() if value is not None else ""


def _uuids(side: _Side, conn, table: str, where: str = "") -> list[str]:
    column = '"uuid"::text' if isinstance(side, _PgSide) else '"uuid"'
    return [
        _canonical_uuid(r[0]) for r in side.query(conn, f"SELECT {column} FROM {_name(side, table)}{where}")
    ]


def verify(src: _Side, src_conn, dst: _Side, dst_conn, tables: Sequence[str]) -> list[TableCount]:
    """Compare both sides table by table (see the module docstring); TransferError on any difference."""
    out = []
    for table in tables:
        if table == "mitmach_meta":
            source = {
                (_canonical_uuid(u), k, v)
                for u, k, v in src.query(src_conn, f"SELECT uuid, key, value FROM {_name(src, table)}")
                if _copied_key(k, dst)
            }
            copied = {
                (_canonical_uuid(u), k, v)
                for u, k, v in dst.query(dst_conn, f"SELECT uuid, key, value FROM {_name(dst, table)}")
            }
            if not source <= copied:
                raise mismatch(table, dst.name, len(source), len(source & copied))
            out.append(TableCount(table, len(source), len(copied)))
            continue
        source_uuids = _uuids(src, src_conn, table)
        copied_uuids = _uuids(dst, dst_conn, table)
        same = len(source_uuids) == len(copied_uuids) and set(source_uuids) == set(copied_uuids)
        if same and table == "events":
            same = _event_keys(src, src_conn) == _event_keys(dst, dst_conn)
        if not same:
            raise mismatch(table, dst.name, len(source_uuids), len(copied_uuids))
        out.append(TableCount(table, len(source_uuids), len(copied_uuids)))
    return out


def _event_keys(side: _Side, conn) -> set[tuple]:
    cast = "::text" if isinstance(side, _PgSide) else ""
    columns = ", ".join(f'"{c}"{cast if c == "uuid" else ""}' for c in EVENT_KEY)
    return {
        (_canonical_uuid(r[0]), *r[1:])
        for r in side.query(conn, f"SELECT {columns} FROM {_name(side, 'events')}")
    }
