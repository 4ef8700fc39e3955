"""The shared GeoPackage store: create, open (check, migrate), and the one write path.

Writes go through :meth:`GeoPackageStore.transaction`, which is where the concurrency policy (retries,
conflict detection) lives. The file uses SQLite's rollback journal (``journal_mode=DELETE``), never WAL:
WAL needs shared memory between the processes that open the file, which network file systems (SMB/NFS
shares, where councils keep such files) do not provide, so WAL on a share can corrupt the database.
"""

from __future__ import annotations

import contextlib
import getpass
import logging
import os
import random
import sqlite3
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from ..core.i18n import tr
from ..core.themes import COMPATIBILITY, SYNERGIES, THEMES
from . import errors
from .geometry import (
    blob_point,
    linestring_blob,
    multipolygon_blob,
    point_blob,
    polygon_blob,
    register_functions,
)
from .migrations import build_version_1, migrate, rebuild_triggers
from .schema import APPLICATION, CORE_TABLES, SCHEMA_VERSION, TABLE_BY_NAME, TABLES

LOG = logging.getLogger("mitmach_qgis.store")
GPKG_APPLICATION_ID = 0x47504B47  # "GPKG"
SQLITE_MAGIC = b"SQLite format 3\x00"
DEFAULT_META = {"k_anonymity": "4", "hex_cell_size_m": "100", "journal_mode": "delete"}

Polygon = Sequence[Sequence[tuple[float, float]]]


def utc_now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def current_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name (containers, services)
        return "unknown"


def is_writable(path: Path) -> bool:
    """Writable for us *and* not marked read-only: root may write anything, but a file or folder a
    council made read-only (no write bit at all) is meant to stay unchanged."""
    try:
        mode = path.stat().st_mode
    except OSError:
        return False
    return os.access(path, os.W_OK) and bool(mode & 0o222)


def nfc(value: Any) -> Any:
    """Text is stored NFC-normalised, so "Straße" typed on any keyboard compares equal."""
    return unicodedata.normalize("NFC", value).strip() if isinstance(value, str) else value


def _srs_definition(crs: str) -> tuple[int, str, str]:
    """(EPSG code, WKT, name) of a projected metric CRS, or StoreError."""
    from osgeo import osr

    srs = osr.SpatialReference()
    try:
        if srs.SetFromUserInput(crs) != 0:
            raise errors.bad_crs(crs)
    except RuntimeError as exc:  # osr with exceptions enabled
        raise errors.bad_crs(crs) from exc
    code = srs.GetAuthorityCode(None)
    if not srs.IsProjected() or abs(srs.GetLinearUnits() - 1.0) > 1e-9 or not code:
        raise errors.bad_crs(crs)
    return int(code), srs.ExportToWkt(), srs.GetName()


class Backoff:
    """Bounded, jittered waits between attempts of one transaction (shared by both stores)."""

    def __init__(self, store: GeoPackageStore) -> None:
        self.store = store
        self.started = time.monotonic()
        self.deadline = self.started + store.write_deadline_s
        self.waits = 0

    def elapsed(self) -> float:
        return time.monotonic() - self.started

    def wait(self) -> bool:
        """Sleep before the next attempt (never past the deadline: the last attempt is made there); False
        once the deadline has passed (give up)."""
        left = self.deadline - time.monotonic()
        if left <= 0:
            return False
        cap = min(self.store.retry_max_delay_s, self.store.retry_first_delay_s * 2**self.waits)
        delay = min(random.uniform(0.0, cap), left)
        self.waits += 1
        self.store.stats.retries += 1
        time.sleep(delay)
        return True


def _open_sqlite(path: Path, readonly: bool, timeout_ms: int) -> sqlite3.Connection:
    """A connection to the file. A reader of a writable file opens it read-write with ``query_only``: after a
    crash during a commit the file has a hot journal, and only a read-write connection can roll it back
    (a ``mode=ro`` one fails with "attempt to write a readonly database", which made the plugin refuse a
    file that was fine). A file the user cannot write is opened ``mode=ro``."""
    writable = not readonly or is_writable(path)
    uri = f"{path.resolve().as_uri()}?mode={'rw' if writable else 'ro'}"
    conn = sqlite3.connect(uri, uri=True, timeout=timeout_ms / 1000, isolation_level=None)
    if readonly and writable:
        conn.execute("PRAGMA query_only = ON")
    return conn


def _rollback(conn: sqlite3.Connection) -> None:
    if conn.in_transaction:
        with contextlib.suppress(sqlite3.Error):
            conn.execute("ROLLBACK")


def _sqlite_error_to_store(exc: sqlite3.Error, path: Path) -> errors.StoreError:
    text = str(exc).lower()
    if _is_busy(exc):
        return errors.locked(path)
    if "readonly" in text or "read-only" in text or "unable to open" in text:
        return errors.not_writable(path, str(exc))
    if "malformed" in text or "not a database" in text or "corrupt" in text:
        return errors.damaged(path, str(exc))
    if "status transition" in text:
        return errors.StoreError(tr("This change of status is not allowed (see the status workflow)."), path)
    if "audit log" in text:
        return errors.StoreError(tr("The audit log cannot be changed."), path)
    if "constraint failed" in text:
        return errors.StoreError(
            tr("The change breaks a rule of the database and was not saved: {detail}").format(
                detail=str(exc)
            ),
            path,
        )
    return errors.StoreError(str(exc), path)


@dataclass
class WriteStats:
    """What the store's writes went through (per store object; read by the shared-use benchmark)."""

    writes: int = 0  # transactions committed
    busy_first_attempt: int = 0  # committed transactions that met "busy/locked" at least once
    retries: int = 0  # waits after "busy/locked", over all transactions
    failures: int = 0  # transactions given up after the deadline ("in use")
    last_attempts: int = 0  # attempts (BEGIN and COMMIT) of the last transaction


def _is_busy(exc: sqlite3.Error) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


class GeoPackageStore:
    """One participation database in a GeoPackage file."""

    backend = "gpkg"
    # The concurrency policy of every write (see transaction()): SQLite itself waits ``busy_timeout_ms`` for
    # a lock, then the store backs off for a random time (full jitter: uniform in [0, min(max, first·2ⁿ)]) and
    # tries again, until ``write_deadline_s`` has passed; then the write is refused as "in use" and nothing
    # of it is stored. Jitter keeps writers that collided from colliding again in lock step.
    busy_timeout_ms = 200
    write_deadline_s = 10.0
    retry_first_delay_s = 0.01
    retry_max_delay_s = 0.4
    read_busy_timeout_ms = 5000  # readers only wait while a writer commits (milliseconds)

    def __init__(self, path: str | Path, srs_id: int, schema_version: int = SCHEMA_VERSION) -> None:
        self.path = Path(path)
        self.srs_id = srs_id
        self.schema_version = schema_version
        self.last_backup: Path | None = None  # the copy written before the last migration
        self.stats = WriteStats()

    @property
    def where(self) -> Path:
        """What messages name as the database: the file (PostgisStore: its connection label)."""
        return self.path

    # -- connections --------------------------------------------------------------------------------------
    def connect(self, readonly: bool = False) -> sqlite3.Connection:
        timeout_ms = self.read_busy_timeout_ms if readonly else self.busy_timeout_ms
        try:
            conn = _open_sqlite(self.path, readonly, timeout_ms)
        except sqlite3.Error as exc:
            raise _sqlite_error_to_store(exc, self.path) from exc
        conn.row_factory = sqlite3.Row
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute(f"PRAGMA busy_timeout = {int(timeout_ms)}")
        register_functions(conn)
        return conn

    @contextlib.contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """The one write path: everything inside is committed together or not at all.

        Taking the write lock (``BEGIN IMMEDIATE``) and committing are retried with jittered back-off while
        another process holds the database (see the class attributes); the body runs once. After the
        deadline the transaction is rolled back and :func:`errors.in_use` raised: the caller keeps what the
        user entered and can offer to try again (saves are idempotent: uuids are chosen before the first
        attempt)."""
        conn = self.connect()
        backoff = Backoff(self)
        try:
            while True:
                try:
                    conn.execute("BEGIN IMMEDIATE")
                    break
                except sqlite3.Error as exc:
                    if not (_is_busy(exc) and backoff.wait()):
                        raise self._write_error(exc, backoff) from exc
            try:
                yield conn
            except sqlite3.Error as exc:
                _rollback(conn)
                raise _sqlite_error_to_store(exc, self.path) from exc
            except BaseException:
                _rollback(conn)
                raise
            while True:
                try:
                    conn.execute("COMMIT")  # a busy COMMIT leaves the transaction open: it can be tried again
                    break
                except sqlite3.Error as exc:
                    if not (_is_busy(exc) and conn.in_transaction and backoff.wait()):
                        _rollback(conn)
                        raise self._write_error(exc, backoff) from exc
            self.stats.writes += 1
            self.stats.busy_first_attempt += backoff.waits > 0
        finally:
            self.stats.last_attempts = backoff.waits + 1
            conn.close()

    def _write_error(self, exc: sqlite3.Error, backoff: Backoff) -> errors.StoreError:
        if _is_busy(exc):
            self.stats.failures += 1
            LOG.warning("write to %s given up after %d attempts in %.1f s: the database is in use",
                        self.path.name, backoff.waits + 1, backoff.elapsed())  # fmt: skip
            return errors.in_use(self.path)
        return _sqlite_error_to_store(exc, self.path)

    @contextlib.contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        conn = self.connect(readonly=True)
        try:
            yield conn
        finally:
            conn.close()

    # -- creating -----------------------------------------------------------------------------------------
    @classmethod
    def create(
        cls,
        path: str | Path,
        crs: str = "EPSG:25832",
        areas: Iterable[tuple[str, Sequence[Polygon]]] = (),
        overwrite: bool = False,
        optional_tables: Sequence[str] = (),
        target_version: int = SCHEMA_VERSION,
        user: str | None = None,
        fill: Callable[[GeoPackageStore, sqlite3.Connection], None] | None = None,
    ) -> GeoPackageStore:
        """A new participation database at ``path``; on any failure nothing is left on disk.

        ``areas``: (name, polygons) pairs in the database CRS; a polygon is a list of rings. ``fill(store,
        conn)`` runs in one more transaction on the new file before it takes the place of ``path`` (``migrate``
        copies a whole database there): if it raises, nothing is left and an existing file stays as it was.
        """
        path = Path(path)
        srs_id, wkt, srs_name = _srs_definition(crs)
        if path.exists() and not overwrite:
            raise errors.exists(path)
        folder = path.parent if str(path.parent) else Path(".")
        if not folder.is_dir():
            raise errors.not_writable(path, str(folder))
        if not is_writable(folder) or (path.exists() and not is_writable(path)):
            raise errors.not_writable(path)
        tmp = folder / f".{path.stem}.creating-{os.getpid()}.gpkg"
        tables = tuple(t for t in TABLES if not t.optional or t.name in optional_tables)
        try:
            cls._write_new(tmp, srs_id, wkt, srs_name, crs, tables, target_version, user or current_user())
            store = cls(tmp, srs_id, target_version)
            area_list = list(areas)
            if area_list:
                with store.transaction() as conn:
                    for name, polygons in area_list:
                        store.insert(conn, "areas", [{"name": name, "geom": ("multipolygon", polygons)}])
                    store.update_extent(conn, "areas")
            if fill is not None:
                with store.transaction() as conn:
                    fill(store, conn)
            os.replace(tmp, path)
        except errors.StoreError:
            cls._remove(tmp)
            raise
        except (OSError, sqlite3.Error, RuntimeError) as exc:
            cls._remove(tmp)
            if isinstance(exc, sqlite3.Error):
                raise _sqlite_error_to_store(exc, path) from exc
            raise errors.not_writable(path, str(exc)) from exc
        except BaseException:
            cls._remove(tmp)
            raise
        LOG.info("created participation database %s (schema %s)", path.name, target_version)
        return cls(path, srs_id, target_version)

    @staticmethod
    def _remove(tmp: Path) -> None:
        for candidate in (tmp, Path(str(tmp) + "-journal")):
            with contextlib.suppress(OSError):
                candidate.unlink()

    @staticmethod
    def _write_new(tmp, srs_id, wkt, srs_name, crs, tables, target_version, user) -> None:
        from osgeo import ogr

        ogr.UseExceptions()
        driver = ogr.GetDriverByName("GPKG")
        dataset = driver.CreateDataSource(str(tmp))
        dataset = None
        conn = sqlite3.connect(str(tmp), isolation_level=None)
        try:
            conn.execute("PRAGMA journal_mode = DELETE")
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("BEGIN")
            conn.execute(
                "INSERT OR REPLACE INTO gpkg_spatial_ref_sys "
                "(srs_name, srs_id, organization, organization_coordsys_id, definition, description) "
                "VALUES (?, ?, 'EPSG', ?, ?, ?)",
                (srs_name, srs_id, srs_id, wkt, srs_name),
            )
            build_version_1(conn, tables)
            now = utc_now()
            for table in (t for t in tables if t.since == 1):
                kind = "features" if table.geometry else "attributes"
                conn.execute(
                    "INSERT INTO gpkg_contents (table_name, data_type, identifier, description, last_change, srs_id) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    (
                        table.name,
                        kind,
                        table.name,
                        table.description,
                        now,
                        srs_id if table.geometry else None,
                    ),
                )
                if table.geometry:
                    conn.execute(
                        "INSERT INTO gpkg_geometry_columns VALUES (?, 'geom', ?, ?, 0, 0)",
                        (table.name, table.geometry, srs_id),
                    )
            meta = {"schema_version": "1", "application": APPLICATION, "crs": crs, "srs_id": str(srs_id),
                    "created_at": now, "created_by": user, **DEFAULT_META}  # fmt: skip
            conn.executemany("INSERT INTO mitmach_meta (key, value) VALUES (?, ?)", meta.items())
            conn.executemany(
                "INSERT INTO themes (code, label_de, label_en, colour, description_de, description_en, sort_order) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(t.code, t.label_de, t.label_en, t.colour, t.description_de, t.description_en, i)
                 for i, t in enumerate(THEMES)],
            )  # fmt: skip
            conn.executemany(
                "INSERT INTO theme_compatibility (theme_a, theme_b, weight, max_distance_m, synergy, year_tolerance, "
                "same_building_only, role_pair) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [(c.theme_a, c.theme_b, c.weight, c.max_distance_m, c.synergy, c.year_tolerance,
                  int(c.same_building_only), c.role_pair) for c in COMPATIBILITY],
            )  # fmt: skip
            conn.executemany(
                "INSERT INTO mitmach_meta (key, value) VALUES (?, ?)",
                [(f"synergy_label_{lang}:{s.code}", getattr(s, f"label_{lang}")) for s in SYNERGIES for lang in ("de", "en")],
            )  # fmt: skip
            rebuild_triggers(conn, 1)
            if target_version > 1:
                migrate(conn, 1, target_version)
            conn.execute("COMMIT")
        finally:
            conn.close()
        dataset = ogr.Open(str(tmp), 1)
        try:
            for table in tables:
                if table.geometry:
                    dataset.ExecuteSQL(f"SELECT CreateSpatialIndex('{table.name}', 'geom')")
        finally:
            dataset = None

    # -- opening ------------------------------------------------------------------------------------------
    @classmethod
    def open(
        cls, path: str | Path, migrate_old: bool = True, backup: bool = True, integrity_check: bool = True
    ) -> GeoPackageStore:
        """Check the file, upgrade an older schema (after a backup copy) and return the store.

        ``integrity_check=False`` skips SQLite's ``quick_check`` (0.3 s on a 100 000-proposal file) for
        read-only consumers such as the public export; a file that needs migrating is always checked,
        because it is about to be written."""
        path = Path(path)
        version, srs_id = cls.inspect(path, integrity_check=integrity_check)
        if version < SCHEMA_VERSION and migrate_old and not integrity_check:
            version, srs_id = cls.inspect(path)
        store = cls(path, srs_id, version)
        if version < SCHEMA_VERSION and migrate_old:
            store.last_backup = store.upgrade(backup=backup)
        return store

    @classmethod
    def inspect(cls, path: Path, integrity_check: bool = True) -> tuple[int, int]:
        """(schema version, srs id) after the checks of the "bad input" list, or StoreError."""
        if not path.exists():
            raise errors.not_found(path)
        if path.is_dir():
            raise errors.not_a_geopackage(path)
        try:
            size = path.stat().st_size
            with path.open("rb") as fh:
                head = fh.read(100)
        except OSError as exc:
            raise errors.not_writable(path, str(exc)) from exc
        if size == 0:
            raise errors.empty_file(path)
        if not head.startswith(SQLITE_MAGIC):
            raise errors.not_a_geopackage(path)
        if int.from_bytes(head[68:72], "big") != GPKG_APPLICATION_ID:
            raise errors.not_a_geopackage(path)
        try:
            conn = _open_sqlite(path, True, cls.read_busy_timeout_ms)
            try:
                check = conn.execute("PRAGMA quick_check").fetchone()[0] if integrity_check else "ok"
                if check != "ok":
                    raise errors.damaged(path, check)
                tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
                if "mitmach_meta" not in tables:
                    raise errors.foreign_geopackage(path)
                meta = dict(conn.execute("SELECT key, value FROM mitmach_meta").fetchall())
            finally:
                conn.close()
        except sqlite3.Error as exc:
            raise _sqlite_error_to_store(exc, path) from exc
        if meta.get("application") != APPLICATION or not meta.get("schema_version", "").isdigit():
            raise errors.foreign_geopackage(path)
        version = int(meta["schema_version"])
        if version > SCHEMA_VERSION:
            raise errors.too_new(path, version, SCHEMA_VERSION)
        missing = [t for t in CORE_TABLES if t not in tables and TABLE_BY_NAME[t].since <= version]
        if missing:
            raise errors.foreign_geopackage(path)
        return version, int(meta.get("srs_id", "0"))

    def backup_path(self, label: str) -> Path:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        return self.path.with_name(f"{self.path.stem}.{label}-backup-{stamp}{self.path.suffix}")

    def backup(self, target: Path) -> Path:
        """A consistent copy through SQLite's backup API (a file copy would miss journal data)."""
        if target.exists():
            raise errors.exists(target)
        if not is_writable(target.parent):
            raise errors.not_writable(target)
        source = self.connect(readonly=True)
        try:
            dest = sqlite3.connect(str(target))
            try:
                source.backup(dest)
            finally:
                dest.close()
        except sqlite3.Error as exc:
            with contextlib.suppress(OSError):
                target.unlink()
            raise _sqlite_error_to_store(exc, target) from exc
        finally:
            source.close()
        return target

    def upgrade(self, backup: bool = True) -> Path | None:
        """Migrate to the current schema in one transaction, after writing a backup copy beside the file."""
        old = self.schema_version
        if old >= SCHEMA_VERSION:
            return None
        if not is_writable(self.path) or not is_writable(self.path.parent):
            raise errors.not_writable(self.path)
        copy = self.backup(self.backup_path(f"v{old}")) if backup else None
        with self.transaction() as conn:
            migrate(conn, old, SCHEMA_VERSION)
            conn.execute(
                "INSERT INTO events (action, user_name, details) VALUES ('migrate', ?, ?)",
                (current_user(), f"schema {old} -> {SCHEMA_VERSION}"),
            )
        self.schema_version = SCHEMA_VERSION
        LOG.info("migrated %s from schema %s to %s", self.path.name, old, SCHEMA_VERSION)
        return copy

    # -- reading and writing ------------------------------------------------------------------------------
    def meta(self) -> dict[str, str]:
        with self.reading() as conn:
            return dict(conn.execute("SELECT key, value FROM mitmach_meta").fetchall())

    def geometry_blob(self, geom: tuple) -> bytes:
        kind = geom[0]
        if kind == "point":
            return point_blob(geom[1], geom[2], self.srs_id)
        if kind == "polygon":
            return polygon_blob(geom[1], self.srs_id)
        if kind == "multipolygon":
            return multipolygon_blob(geom[1], self.srs_id)
        if kind == "linestring":
            return linestring_blob(geom[1], self.srs_id)
        raise ValueError(f"unknown geometry kind {kind}")

    def insert(self, conn: sqlite3.Connection, table: str, rows: Iterable[dict[str, Any]]) -> int:
        """Insert rows (dicts of column → value; ``geom`` as ("point", x, y) etc.) inside a transaction."""
        columns = set(TABLE_BY_NAME[table].column_names(self.schema_version)) | {"geom"}
        count = 0
        for row in rows:
            unknown = set(row) - columns
            if unknown:
                raise ValueError(f"unknown columns for {table}: {sorted(unknown)}")
            values = {
                k: (self.geometry_blob(v) if k == "geom" and v is not None else nfc(v))
                for k, v in row.items()
            }
            names = ", ".join(f'"{k}"' for k in values)
            marks = ", ".join("?" for _ in values)
            conn.execute(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', tuple(values.values()))
            count += 1
        return count

    def point_sql(self, column: str = "geom") -> str:
        """A select-list expression for a point column whose value :meth:`point_xy` reads (both stores have
        these two, so shared SQL reads points the same way): the GeoPackage blob itself."""
        return f'"{column}"'

    def point_xy(self, value: bytes) -> tuple[float, float]:
        """(x, y) of a value selected with :meth:`point_sql` (not None); ValueError or IndexError when it
        is not a point."""
        return blob_point(bytes(value))

    def update_extent(self, conn: sqlite3.Connection, table: str) -> None:
        row = conn.execute(
            f'SELECT min(minx), min(miny), max(maxx), max(maxy) FROM "rtree_{table}_geom"'
        ).fetchone()
        if row and row[0] is not None:
            conn.execute(
                "UPDATE gpkg_contents SET min_x = ?, min_y = ?, max_x = ?, max_y = ?, last_change = ? "
                "WHERE table_name = ?",
                (*row, utc_now(), table),
            )

    def count(self, table: str) -> int:
        with self.reading() as conn:
            return conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
