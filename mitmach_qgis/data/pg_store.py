"""The participation database on PostgreSQL/PostGIS: :class:`PostgisStore`, GeoPackageStore's interface.

Where it is: a libpq URI ``postgresql://user@host:port/dbname?schema=mitmach`` (``schema`` is MitMach's
own parameter: it is taken out before libpq sees the URI and becomes the search path), a libpq key/value
string such as ``service=council schema=mitmach`` (a pg_service.conf entry), or the name of a PostgreSQL
connection saved in QGIS (its ``authcfg`` is resolved through QGIS's authentication database).

Passwords: the store keeps a password only to hand it to libpq; it never appears in ``str()``/``repr()``,
in a log line, in an error message or in a connection string the store gives out (:attr:`label`). A
password written into a URI works, but the log says to use QGIS's authentication database, a service file
or a ``.pgpass`` file instead.

The one write path is :meth:`PostgisStore.transaction`, with GeoPackageStore's policy: every statement of
the body runs inside a savepoint and waits at most ``lock_timeout_ms`` for a row lock held by someone else;
then it is rolled back to its savepoint and tried again after a jittered back-off (``gpkg_store.Backoff``,
the same bounds), until ``write_deadline_s``; then everything is rolled back and :func:`errors.in_use`
raised. A deadlock or serialization failure cannot be repaired inside a ``with`` body (the body would have
to run again): it is rolled back and reported as "in use" too; :meth:`PostgisStore.run` runs a function and
repeats the whole transaction in that case. A failing statement is rolled back to its savepoint, so as in
SQLite the transaction stays usable when the caller catches the error.

Connections: :meth:`transaction` and :meth:`reading` take a connection from a small pool of the store's idle
ones (:class:`_Pool`) and give it back afterwards, so a save does not pay for a new connection each time
(measured on a local socket: a save 4.5 ms with a new connection, half of it connecting; over a network with
TLS and SCRAM, connecting costs tens of milliseconds). Only a connection that ended its transaction cleanly
goes back; one idle for more than a second is checked with a round trip before reuse, and one idle for a
minute is closed. :meth:`connect` always gives a new connection that the caller closes.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import os
import re
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

import psycopg2
import psycopg2.extensions
import psycopg2.extras
from psycopg2 import sql

from ..core.i18n import tr
from . import errors
from .geometry import linestring_blob, multipolygon_blob, point_blob, polygon_blob, wkb_point
from .gpkg_store import Backoff, WriteStats, _srs_definition, current_user, nfc, utc_now
from .pg_roles import ROLES, create_views, postgis_schema, setup_roles
from .pg_schema import (
    AUDIT_SQLSTATE,
    DEFAULT_SCHEMA,
    STATUS_SQLSTATE,
    Target,
    boolean_columns,
    create_schema,
    quote_ident,
    upgrade_schema,
    valid_schema_name,
)
from .schema import APPLICATION, SCHEMA_VERSION, TABLE_BY_NAME

LOG = logging.getLogger("mitmach_qgis.store")
T = TypeVar("T")
LOCK_NOT_AVAILABLE = "55P03"
WHOLE_TRANSACTION = ("40P01", "40001")  # deadlock detected, serialization failure
_SAVEPOINT = "mitmach_statement"
_TIMESTAMPTZ_OID, _DATE_OID = 1184, 1082


# -- errors ---------------------------------------------------------------------------------------------------------
def cannot_connect(name: str, detail: str) -> errors.StoreError:
    return errors.StoreError(
        tr("Cannot connect to the PostgreSQL database {name}: {detail}").format(name=name, detail=detail),
        name,
    )


def no_mitmach_schema(name: str, schema: str) -> errors.StoreError:
    return errors.StoreError(
        tr("{name} has no MitMach participation database in the schema {schema}.").format(
            name=name, schema=schema
        ),
        name,
    )


def foreign_schema(name: str, schema: str) -> errors.StoreError:
    return errors.StoreError(
        tr(
            "The schema {schema} in {name} holds something other than a MitMach participation database; "
            "MitMach will not replace it."
        ).format(name=name, schema=schema),
        name,
    )


def no_postgis(name: str) -> errors.StoreError:
    return errors.StoreError(
        tr(
            "The PostgreSQL database {name} has no PostGIS; a database administrator can add it with "
            "CREATE EXTENSION postgis."
        ).format(name=name),
        name,
    )


def no_qgis_connection(name: str) -> errors.StoreError:
    return errors.StoreError(
        tr("There is no PostgreSQL connection named {name} in QGIS.").format(name=name), name
    )


def bad_schema_name(schema: str) -> errors.StoreError:
    return errors.StoreError(
        tr("{schema} is not a valid schema name: use lower-case letters, digits and _ (at most 63 characters).")
        .format(schema=schema)
    )  # fmt: skip


def unknown_crs(name: str, crs: str) -> errors.StoreError:
    return errors.StoreError(
        tr("The coordinate system {crs} is not known to the PostGIS database {name}.").format(
            crs=crs, name=name
        ),
        name,
    )


def not_allowed(name: str, detail: str) -> errors.StoreError:
    return errors.StoreError(
        tr("You are not allowed to make this change in {name}: {detail}").format(name=name, detail=detail),
        name,
    )


def pg_error_to_store(exc: psycopg2.Error, name: str, secret: str | None = None) -> errors.StoreError:
    """One translated sentence for a server error: its primary message only, never DETAIL (which quotes the
    values of the failing row, personal data included)."""
    code = exc.pgcode or ""
    primary = _scrub(_primary(exc), secret)
    if code == STATUS_SQLSTATE:
        return errors.StoreError(tr("This change of status is not allowed (see the status workflow)."), name)
    if code == AUDIT_SQLSTATE:
        return errors.StoreError(tr("The audit log cannot be changed."), name)
    if code.startswith("23"):
        return errors.StoreError(
            tr("The change breaks a rule of the database and was not saved: {detail}").format(detail=primary),
            name,
        )
    if code in ("42501", "25006"):  # insufficient privilege, read-only transaction
        return not_allowed(name, primary)
    if code == LOCK_NOT_AVAILABLE or code in WHOLE_TRANSACTION:
        return errors.in_use(name)
    if not code:
        return cannot_connect(name, primary)
    return errors.StoreError(primary, name)


def _primary(exc: psycopg2.Error) -> str:
    diag = getattr(exc, "diag", None)
    message = diag.message_primary if diag is not None and diag.message_primary else str(exc)
    return (message or type(exc).__name__).strip().splitlines()[0]


def _scrub(text: str, secret: str | None) -> str:
    return text.replace(secret, "***") if secret else text


# -- where the database is ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class PgTarget:
    """A parsed connection: libpq keywords without the password, the schema, and a label to show."""

    params: dict[str, str]
    schema: str = DEFAULT_SCHEMA
    label: str = ""
    password: str | None = field(default=None, repr=False, compare=False)
    connection: str = ""  # the QGIS PostgreSQL connection it came from, if any
    authcfg: str = ""  # that connection's QGIS authentication configuration, if any

    def __str__(self) -> str:
        return self.label


def is_postgres_target(text: str) -> bool:
    """Whether ``text`` is a PostgreSQL URI or libpq key/value string (not a file path)."""
    text = str(text).strip()
    return text.startswith(("postgresql://", "postgres://")) or bool(re.match(r"^\w+\s*=", text))


_SCHEMA_KEYWORD = re.compile(r"(?:^|\s)schema\s*=\s*('(?:[^'\\]|\\.)*'|\S+)")


def _split_schema_from_uri(text: str) -> tuple[str, str | None]:
    parts = urlsplit(text)
    query = parse_qsl(parts.query, keep_blank_values=True)
    schema = next((v for k, v in query if k == "schema"), None)
    rest = urlencode([(k, v) for k, v in query if k != "schema"], quote_via=quote)
    return urlunsplit(parts._replace(query=rest)), schema


def _split_schema_from_keywords(text: str) -> tuple[str, str | None]:
    match = _SCHEMA_KEYWORD.search(text)
    if not match:
        return text, None
    value = match.group(1)
    if value.startswith("'"):
        value = re.sub(r"\\(.)", r"\1", value[1:-1])
    return (text[: match.start()] + " " + text[match.end() :]).strip(), value


def split_connection_name(text: str) -> tuple[str, str | None]:
    """``"Council DB schema=pilot"`` → ("Council DB", "pilot"): a QGIS connection name with MitMach's schema
    keyword after it (names may contain spaces); (text, None) without one."""
    match = re.search(r"\s+schema\s*=\s*(\S+)\s*$", text)
    if not match:
        return text, None
    return text[: match.start()].strip(), match.group(1)


def _label(params: dict[str, str], schema: str) -> str:
    """``postgresql://user@host:port/dbname?schema=…`` without a password (or the service's name)."""
    if "service" in params and "host" not in params:
        return f"service={params['service']} schema={schema}"
    user = f"{quote(params['user'], safe='')}@" if params.get("user") else ""
    host = quote(params.get("host", ""), safe="")
    port = f":{params['port']}" if params.get("port") else ""
    return f"postgresql://{user}{host}{port}/{quote(params.get('dbname', ''), safe='')}?schema={schema}"


def parse_target(text: str, schema: str | None = None) -> PgTarget:
    """A URI, a key/value string or a QGIS connection name (see the module docstring) as :class:`PgTarget`."""
    text = str(text).strip()
    if not is_postgres_target(text):  # a QGIS connection's name, optionally followed by " schema=NAME"
        name, given = split_connection_name(text)
        return qgis_connection(name, schema or given)
    split = (
        _split_schema_from_uri
        if text.startswith(("postgresql://", "postgres://"))
        else _split_schema_from_keywords
    )
    rest, given = split(text)
    try:
        params = psycopg2.extensions.parse_dsn(rest)
    except psycopg2.ProgrammingError as exc:
        raise cannot_connect(_label({}, schema or given or DEFAULT_SCHEMA), _primary(exc)) from None
    password = params.pop("password", None)
    return _target(params, schema or given or DEFAULT_SCHEMA, password)


def _target(params: dict[str, str], schema: str, password: str | None, label: str | None = None) -> PgTarget:
    if not valid_schema_name(schema):
        raise bad_schema_name(schema)
    label = label or _label(params, schema)
    if password:
        LOG.warning("a password was given in the connection string for %s: it is used but never stored; "
                    "keep it in QGIS's authentication database, a service file or a .pgpass file instead", label)  # fmt: skip
    return PgTarget(params, schema, label, password or None)


def qgis_connection(name: str, schema: str | None = None) -> PgTarget:
    """A PostgreSQL connection saved in QGIS (Data Source Manager); its ``authcfg`` resolved through QGIS's
    authentication database, so the password never passes through a URI."""
    from qgis.core import QgsApplication, QgsAuthMethodConfig, QgsDataSourceUri, QgsProviderRegistry

    metadata = QgsProviderRegistry.instance().providerMetadata("postgres")
    connection = metadata.connections().get(name) if metadata is not None else None
    if connection is None:
        raise no_qgis_connection(name)
    uri = QgsDataSourceUri(connection.uri())
    params = {key: value for key, value in (
        ("service", uri.service()), ("host", uri.host()), ("port", uri.port()), ("dbname", uri.database()),
        ("user", uri.username())) if value}  # fmt: skip
    if uri.sslMode() not in (QgsDataSourceUri.SslPrefer,):
        params["sslmode"] = QgsDataSourceUri.encodeSslMode(uri.sslMode())
    password = uri.password() or None
    if uri.authConfigId():
        config = QgsAuthMethodConfig()
        QgsApplication.authManager().loadAuthenticationConfig(uri.authConfigId(), config, True)
        params["user"] = config.config("username") or params.get("user", "")
        password = config.config("password") or password
    schema = schema or DEFAULT_SCHEMA
    if not valid_schema_name(schema):
        raise bad_schema_name(schema)
    label = f"QGIS connection {name!r} (schema {schema})"
    return PgTarget(params, schema, label, password, connection=name, authcfg=uri.authConfigId())


# -- connections ----------------------------------------------------------------------------------------------------
def _iso_timestamp(value: str | None, _cursor) -> str | None:
    """timestamptz (the session runs in UTC) as the GeoPackage's text: 2026-11-25T18:40:12.512Z."""
    if value is None:
        return None
    match = re.match(r"^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)(?:\.(\d+))?([+-]\d\d(?::?\d\d)?)?$", value)
    if not match:
        return value  # infinity and the like
    fraction = ((match.group(3) or "") + "000")[:3]
    return f"{match.group(1)}T{match.group(2)}.{fraction}Z"


def _iso_date(value: str | None, _cursor) -> str | None:
    return value  # DateStyle ISO: already 2026-11-25, as the GeoPackage stores it


_TIMESTAMP_TYPE = psycopg2.extensions.new_type((_TIMESTAMPTZ_OID,), "MITMACH_TIMESTAMPTZ", _iso_timestamp)
_DATE_TYPE = psycopg2.extensions.new_type((_DATE_OID,), "MITMACH_DATE", _iso_date)


class _StatementRetry:
    """Runs each statement of one store transaction in a savepoint, repeating it while a lock is held."""

    def __init__(self, backoff: Backoff) -> None:
        self.backoff = backoff
        self.savepoint_open = False

    def run(self, cursor: StoreCursor, execute: Callable, query: Any, params: Any) -> Any:
        text = query.as_string(cursor) if isinstance(query, sql.Composable) else query
        while True:
            prefix = (
                f"RELEASE SAVEPOINT {_SAVEPOINT}; " if self.savepoint_open else ""
            ) + f"SAVEPOINT {_SAVEPOINT}; "
            try:
                result = execute(prefix + text, params)
                self.savepoint_open = True
                return result
            except psycopg2.Error as exc:
                self._rollback_statement(cursor, exc)
                if exc.pgcode != LOCK_NOT_AVAILABLE:
                    raise
                if not self.backoff.wait():
                    raise

    def _rollback_statement(self, cursor: StoreCursor, exc: psycopg2.Error) -> None:
        if cursor.connection.closed or exc.pgcode is None:
            return
        # the SAVEPOINT itself ran unless the RELEASE before it failed; either way one is open now
        self.savepoint_open = True
        with contextlib.suppress(psycopg2.Error):
            psycopg2.extensions.cursor.execute(cursor, f"ROLLBACK TO SAVEPOINT {_SAVEPOINT}")


# sqlite3's dialect on psycopg2: ``?`` parameters. A scan finds what is not SQL code (string literals, quoted
# identifiers, dollar-quoted bodies, comments) so that a ``?`` or ``%s`` in there is left alone.
_NOT_CODE = r"""'(?:[^']|'')*'|"(?:[^"]|"")*"|--[^\n]*|/\*.*?\*/|(?P<tag>\$\w*\$).*?(?P=tag)"""
_SQL_TOKENS = re.compile(rf"(?P<skip>{_NOT_CODE})|(?P<qmark>\?)|(?P<format>%(?:\(\w+\))?s)", re.S)


@functools.lru_cache(maxsize=512)
def qmark_to_format(query: str) -> str:
    """A statement written for sqlite3 (``?`` parameters) as psycopg2 wants it: every ``?`` outside string
    literals, quoted identifiers and comments becomes ``%s``, and every literal ``%`` (``LIKE 'a%'``, the
    modulo operator) becomes ``%%``. A statement without such a ``?`` is psycopg2's own (``%s``) and is
    returned unchanged; one that mixes both styles is refused. (A ``?`` in code is always a parameter here:
    PostgreSQL's jsonb ``?`` operators need a cursor.)"""
    qmarks, formats = [], False
    for match in _SQL_TOKENS.finditer(query):
        if match.group("qmark"):
            qmarks.append(match.start())
        elif match.group("format"):
            formats = True
    if not qmarks:
        return query
    if formats:
        raise ValueError("an SQL statement uses both ? and %s parameters; use ? only")
    parts, last = [], 0
    for position in qmarks:
        parts += [query[last:position].replace("%", "%%"), "%s"]
        last = position + 1
    return "".join(parts) + query[last:].replace("%", "%%")


class StoreCursor(psycopg2.extras.DictCursor):
    """Rows like sqlite3.Row (psycopg2's DictRow: ``row[0]``, ``row["status"]``, ``dict(row)``, ``tuple(row)``,
    unpacking); statements retried inside a store transaction. ``cursor.execute`` is psycopg2's (``%s``);
    :meth:`StoreConnection.execute` also speaks sqlite3's ``?``."""

    def execute(self, query, vars=None):
        retry = getattr(self.connection, "retry", None)
        if retry is None:
            return super().execute(query, vars)
        return retry.run(self, super().execute, query, vars)

    def executemany(self, query, vars_list):
        for params in vars_list:
            self.execute(query, params)


class StoreConnection(psycopg2.extensions.connection):
    """A psycopg2 connection with sqlite3's shortcuts and dialect: ``conn.execute(sql, params)`` returns the
    cursor, and its rows are read by index and by name. A text statement may use sqlite3's ``?`` parameters
    (the data modules' SQL runs unchanged on both stores, see :func:`qmark_to_format`) or psycopg2's ``%s``;
    a ``psycopg2.sql`` composition keeps psycopg2's ``%s`` (identifiers through ``sql.Identifier``)."""

    retry: _StatementRetry | None = None

    def execute(self, query, params=None) -> StoreCursor:
        cur = self.cursor()
        cur.execute(qmark_to_format(query) if isinstance(query, str) else query, params)
        return cur

    def executemany(self, query, params_list) -> StoreCursor:
        cur = self.cursor()
        cur.executemany(qmark_to_format(query) if isinstance(query, str) else query, params_list)
        return cur


# -- geometry -------------------------------------------------------------------------------------------------------
_BLOBS = {
    "point": lambda g: point_blob(g[1], g[2], 0),
    "polygon": lambda g: polygon_blob(g[1], 0),
    "multipolygon": lambda g: multipolygon_blob(g[1], 0),
    "linestring": lambda g: linestring_blob(g[1], 0),
}


def wkb(geom: tuple) -> bytes:
    """("point", x, y) and the like (GeoPackageStore.insert's form) as little-endian WKB."""
    if geom[0] not in _BLOBS:
        raise ValueError(f"unknown geometry kind {geom[0]}")
    blob = _BLOBS[geom[0]](geom)
    return blob[8 + (32 if blob[3] & 0b10 else 0) :]  # without the GeoPackage header and envelope


class _Pool:
    """Idle connections of one store, by kind (read-only or not, the session settings they were made with).
    Thread-safe; a child process (``fork``) starts with an empty pool instead of sharing its parent's sockets."""

    max_idle = 4
    check_after_s = 1.0
    max_idle_s = 60.0

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.idle: dict[tuple, list[tuple[StoreConnection, float]]] = {}
        self.pid = os.getpid()
        self.reused = 0

    def _mine(self) -> None:
        if self.pid != os.getpid():  # forked: the sockets are the parent's
            self.idle, self.pid = {}, os.getpid()

    def take(self, key: tuple) -> StoreConnection | None:
        while True:
            with self.lock:
                self._mine()
                entries = self.idle.get(key)
                if not entries:
                    return None
                conn, since = entries.pop()
            idle_for = time.monotonic() - since
            if (
                conn.closed
                or idle_for > self.max_idle_s
                or (idle_for > self.check_after_s and not _alive(conn))
            ):
                _close_quietly(conn)
                continue
            self.reused += 1
            return conn

    def give(self, key: tuple, conn: StoreConnection) -> None:
        conn.retry = None
        if conn.closed or conn.get_transaction_status() != psycopg2.extensions.TRANSACTION_STATUS_IDLE:
            _close_quietly(conn)
            return
        with self.lock:
            self._mine()
            entries = self.idle.setdefault(key, [])
            if len(entries) < self.max_idle:
                entries.append((conn, time.monotonic()))
                return
        _close_quietly(conn)

    def close(self) -> None:
        with self.lock:
            entries = (
                [conn for kind in self.idle.values() for conn, _ in kind] if self.pid == os.getpid() else []
            )
            self.idle = {}
        for conn in entries:
            _close_quietly(conn)


def _alive(conn: StoreConnection) -> bool:
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT 1")
        conn.rollback()
        return True
    except psycopg2.Error:
        return False


def _close_quietly(conn: StoreConnection) -> None:
    with contextlib.suppress(psycopg2.Error):
        conn.close()


# -- the store ------------------------------------------------------------------------------------------------------
class PostgisStore:
    """One participation database in a schema of a PostgreSQL/PostGIS database."""

    backend = "postgis"
    # the concurrency policy (see transaction()); the back-off bounds are GeoPackageStore's
    lock_timeout_ms = 200
    write_deadline_s = 10.0
    retry_first_delay_s = 0.01
    retry_max_delay_s = 0.4
    connect_timeout_s = 10

    def __init__(self, target: PgTarget, srs_id: int = 0, schema_version: int = SCHEMA_VERSION) -> None:
        self.target = target
        self.srs_id = srs_id
        self.schema_version = schema_version
        self.gis_schema = "public"
        self.stats = WriteStats()
        self.last_backup = None  # GeoPackageStore's attribute; a migration here is one transaction, no copy
        self.pool = _Pool()

    def close(self) -> None:
        """Close the idle connections of the pool (a store can still be used afterwards)."""
        self.pool.close()

    # -- naming (never with a password) ----------------------------------------------------------------------
    @property
    def schema(self) -> str:
        return self.target.schema

    @property
    def label(self) -> str:
        return self.target.label

    @property
    def where(self) -> str:
        """What messages name as the database (GeoPackageStore: its file): the label, never a password."""
        return self.label

    def __str__(self) -> str:
        return self.label

    def __repr__(self) -> str:
        return f"PostgisStore({self.label!r}, srs_id={self.srs_id}, schema_version={self.schema_version})"

    def _error(self, exc: psycopg2.Error) -> errors.StoreError:
        return pg_error_to_store(exc, self.label, self.target.password)

    # -- connections ------------------------------------------------------------------------------------------
    def connect(self, readonly: bool = False) -> StoreConnection:
        """A connection with the search path on the schema (and PostGIS), times in UTC and the lock timeout."""
        kwargs = {
            "application_name": APPLICATION,
            "connect_timeout": str(self.connect_timeout_s),
            **self.target.params,
        }
        if self.target.password:
            kwargs["password"] = self.target.password
        try:
            conn = psycopg2.connect(connection_factory=StoreConnection, cursor_factory=StoreCursor, **kwargs)
        except psycopg2.Error as exc:
            raise self._error(exc) from None
        try:
            psycopg2.extensions.register_type(_TIMESTAMP_TYPE, conn)
            psycopg2.extensions.register_type(_DATE_TYPE, conn)
            conn.autocommit = True
            with conn.cursor() as cur:
                cur.execute(
                    sql.SQL("SET search_path = {}; SET TimeZone = 'UTC'; SET DateStyle = 'ISO, YMD'; "
                            "SET lock_timeout = {}").format(self._search_path(), sql.Literal(int(self.lock_timeout_ms)))
                )  # fmt: skip
            conn.autocommit = False
            if readonly:
                conn.set_session(readonly=True)
        except psycopg2.Error as exc:
            conn.close()
            raise self._error(exc) from None
        return conn

    def _pool_key(self, readonly: bool) -> tuple:
        return (readonly, int(self.lock_timeout_ms), self.schema, self.gis_schema)

    def _checkout(self, readonly: bool) -> StoreConnection:
        return self.pool.take(self._pool_key(readonly)) or self.connect(readonly=readonly)

    def _search_path(self) -> sql.Composable:
        names = [self.schema] + ([self.gis_schema] if self.gis_schema != self.schema else [])
        return sql.SQL(", ").join(sql.Identifier(n) for n in names)

    @contextlib.contextmanager
    def transaction(self) -> Iterator[StoreConnection]:
        """The one write path: everything inside is committed together or not at all (module docstring)."""
        with self._transaction(Backoff(self)) as conn:
            yield conn

    @contextlib.contextmanager
    def _transaction(self, backoff: Backoff, whole_retry: bool = False) -> Iterator[StoreConnection]:
        key = self._pool_key(False)
        conn = self._checkout(False)
        conn.retry = _StatementRetry(backoff)
        try:
            try:
                yield conn
                conn.execute("SET CONSTRAINTS ALL IMMEDIATE")  # deferred checks now, with the lock retry
                conn.retry = None
                conn.commit()
            except psycopg2.Error as exc:
                with contextlib.suppress(psycopg2.Error):
                    conn.rollback()
                raise self._write_error(exc, backoff, whole_retry) from None
            except BaseException:
                with contextlib.suppress(psycopg2.Error):
                    conn.rollback()
                raise
            self.stats.writes += 1
            self.stats.busy_first_attempt += backoff.waits > 0
        finally:
            self.stats.last_attempts = backoff.waits + 1
            self.pool.give(key, conn)

    def _write_error(self, exc: psycopg2.Error, backoff: Backoff, whole_retry: bool) -> Exception:
        code = exc.pgcode or ""
        if whole_retry and code in WHOLE_TRANSACTION:
            return _RepeatTransactionError(code)
        if code == LOCK_NOT_AVAILABLE or code in WHOLE_TRANSACTION:
            self.stats.failures += 1
            LOG.warning("write to %s given up after %d attempts in %.1f s: the database is in use (%s)",
                        self.label, backoff.waits + 1, backoff.elapsed(), code)  # fmt: skip
            return errors.in_use(self.label)
        return self._error(exc)

    def run(self, work: Callable[[StoreConnection], T]) -> T:
        """``work(conn)`` in one transaction; after a deadlock or serialization failure the whole transaction
        is rolled back and ``work`` runs again (jittered back-off, same deadline). ``work`` must not have side
        effects outside the database."""
        backoff = Backoff(self)
        while True:
            try:
                with self._transaction(backoff, whole_retry=True) as conn:
                    return work(conn)
            except _RepeatTransactionError as repeat:
                if not backoff.wait():
                    self.stats.failures += 1
                    LOG.warning(
                        "write to %s given up after %d attempts: %s", self.label, backoff.waits + 1, repeat
                    )
                    raise errors.in_use(self.label) from None

    @contextlib.contextmanager
    def reading(self) -> Iterator[StoreConnection]:
        """A read-only transaction (one consistent snapshot per statement; readers never wait for writers)."""
        key = self._pool_key(True)
        conn = self._checkout(True)
        try:
            yield conn
        except psycopg2.Error as exc:
            raise self._error(exc) from None
        finally:
            with contextlib.suppress(psycopg2.Error):
                conn.rollback()
            self.pool.give(key, conn)

    # -- creating and opening ---------------------------------------------------------------------------------
    @classmethod
    def create(
        cls,
        uri: str,
        crs: str = "EPSG:25832",
        areas: Iterable[tuple[str, Sequence]] = (),
        overwrite: bool = False,
        optional_tables: Sequence[str] = (),
        user: str | None = None,
        schema: str | None = None,
        roles: bool = False,
        fill: Callable[[PostgisStore, StoreConnection], None] | None = None,
    ) -> PostgisStore:
        """A new participation database in ``schema`` (default: the URI's, else ``mitmach``), all in one
        transaction: on any failure nothing is left. ``overwrite`` replaces an existing MitMach schema (never
        another schema). ``roles``: also :func:`pg_roles.setup_roles` (needs CREATEROLE). ``fill(store,
        conn)`` runs in the same transaction before the roles and the commit (``migrate`` copies a whole
        database there)."""
        store = cls(parse_target(uri, schema), _srs_definition(crs)[0], SCHEMA_VERSION)
        conn = store.connect()
        try:
            with conn.cursor() as cur:
                store._prepare_schema(cur, crs, overwrite)
                target = Target(store.schema, store.srs_id, gis=store.gis_schema)
                create_schema(cur, target, crs, user or current_user(), utc_now(), optional_tables)
                create_views(cur, target)
            for name, polygons in areas:
                store.insert(conn, "areas", [{"name": name, "geom": ("multipolygon", polygons)}])
            if fill is not None:
                fill(store, conn)
            if roles:
                setup_roles(conn, store.schema)
            conn.commit()
        except psycopg2.Error as exc:
            conn.rollback()
            raise store._error(exc) from None
        except BaseException:
            conn.rollback()
            raise
        finally:
            conn.close()
        LOG.info("created participation database %s (schema version %s)", store.label, SCHEMA_VERSION)
        return store

    def _prepare_schema(self, cur, crs: str, overwrite: bool) -> None:
        try:
            self.gis_schema = postgis_schema(cur)
        except LookupError:
            raise no_postgis(self.label) from None
        cur.execute(sql.SQL("SET LOCAL search_path = {}").format(self._search_path()))
        cur.execute(sql.SQL("SELECT 1 FROM {}.spatial_ref_sys WHERE srid = %s").format(sql.Identifier(self.gis_schema)),
                    (self.srs_id,))  # fmt: skip
        if cur.fetchone() is None:
            raise unknown_crs(self.label, crs)
        state = self._schema_state(cur)
        if state == "missing":
            return
        if state != "mitmach":
            raise foreign_schema(self.label, self.schema)
        if not overwrite:
            raise errors.exists(self.label)
        cur.execute(sql.SQL("DROP SCHEMA {} CASCADE").format(sql.Identifier(self.schema)))

    def _schema_state(self, cur) -> str:
        """ "missing", "empty", "mitmach" (has our mitmach_meta) or "foreign"."""
        cur.execute("SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                    "WHERE n.nspname = %s", (self.schema,))  # fmt: skip
        relations = cur.fetchone()[0]
        cur.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", (self.schema,))
        if cur.fetchone() is None:
            return "missing"
        if relations == 0:
            return "empty"
        cur.execute("SELECT to_regclass(%s)", (f"{quote_ident(self.schema)}.mitmach_meta",))
        if cur.fetchone()[0] is None:
            return "foreign"
        cur.execute(sql.SQL("SELECT value FROM {} WHERE key = 'application'").format(
            sql.Identifier(self.schema, "mitmach_meta")))  # fmt: skip
        row = cur.fetchone()
        return "mitmach" if row and row[0] == APPLICATION else "foreign"

    @classmethod
    def open(
        cls, uri: str, migrate_old: bool = True, schema: str | None = None, **_ignored: Any
    ) -> PostgisStore:
        """Check the schema, upgrade an older one (one transaction) and return the store. (GeoPackageStore's
        ``backup`` / ``integrity_check`` arguments are accepted and have no meaning here.)"""
        store = cls(parse_target(uri, schema), 0, 0)
        conn = store.connect(readonly=True)
        try:
            with conn.cursor() as cur:
                try:
                    store.gis_schema = postgis_schema(cur)
                except LookupError:
                    raise no_postgis(store.label) from None
                meta = store._read_meta(cur)
        except psycopg2.Error as exc:
            raise store._error(exc) from None
        finally:
            conn.close()
        version = int(meta["schema_version"])
        if version > SCHEMA_VERSION:
            raise errors.too_new(store.label, version, SCHEMA_VERSION)
        store.srs_id, store.schema_version = int(meta.get("srs_id", "0")), version
        if version < SCHEMA_VERSION and migrate_old:
            store.upgrade()
        return store

    def _read_meta(self, cur) -> dict[str, str]:
        state = self._schema_state(cur)
        if state in ("missing", "empty"):
            raise no_mitmach_schema(self.label, self.schema)
        if state == "foreign":
            raise foreign_schema(self.label, self.schema)
        cur.execute(sql.SQL("SELECT key, value FROM {}").format(sql.Identifier(self.schema, "mitmach_meta")))
        meta = {r[0]: r[1] for r in cur.fetchall()}
        if not str(meta.get("schema_version", "")).isdigit():
            raise foreign_schema(self.label, self.schema)
        return meta

    def upgrade(self) -> None:
        """Migrate to the current schema in one transaction (PostgreSQL's DDL is transactional: a failure
        leaves the old schema as it was). Grants are renewed when the MitMach roles exist."""
        old = self.schema_version
        if old >= SCHEMA_VERSION:
            return
        with self.transaction() as conn, conn.cursor() as cur:
            cur.execute(sql.SQL("SET LOCAL search_path = {}").format(self._search_path()))
            target = Target(self.schema, self.srs_id, gis=self.gis_schema)
            upgrade_schema(cur, target, old)
            create_views(cur, target)
            cur.execute("SELECT count(*) FROM pg_roles WHERE rolname = ANY(%s)", (list(ROLES),))
            if cur.fetchone()[0] == len(ROLES):
                setup_roles(conn, self.schema)
            cur.execute(
                sql.SQL("INSERT INTO {} (action, user_name, details) VALUES ('migrate', %s, %s)").format(
                    sql.Identifier(self.schema, "events")),
                (current_user(), f"schema {old} -> {SCHEMA_VERSION}"),
            )  # fmt: skip
        self.schema_version = SCHEMA_VERSION
        LOG.info("migrated %s from schema %s to %s", self.label, old, SCHEMA_VERSION)

    def set_up_roles(self) -> None:
        """:func:`pg_roles.setup_roles` on this schema in one transaction (the CLI's ``roles``): creates the
        group roles when missing and renews exactly their grants. Needs CREATEROLE and the schema's owner."""
        with self.transaction() as conn:
            setup_roles(conn, self.schema)

    # -- reading and writing ----------------------------------------------------------------------------------
    def meta(self) -> dict[str, str]:
        with self.reading() as conn:
            rows = conn.execute(
                sql.SQL("SELECT key, value FROM {}").format(sql.Identifier(self.schema, "mitmach_meta"))
            )
            return {r[0]: r[1] for r in rows.fetchall()}

    def insert(
        self, conn: StoreConnection, table: str, rows: Iterable[dict[str, Any]], idempotent: bool = False
    ) -> int:
        """Insert rows (dicts of column → value; ``geom`` as ("point", x, y) etc.) inside a transaction.
        ``idempotent``: a row whose uuid exists already is skipped (a save repeated after an error or a
        crash finds its first attempt); the count is of rows really inserted."""
        definition = TABLE_BY_NAME[table]
        columns = set(definition.column_names(self.schema_version)) | (
            {"geom"} if definition.geometry else set()
        )
        booleans = boolean_columns(definition)
        count = 0
        for row in rows:
            unknown = set(row) - columns
            if unknown:
                raise ValueError(f"unknown columns for {table}: {sorted(unknown)}")
            marks, values = [], []
            for name, value in row.items():
                if name == "geom" and value is not None:
                    marks.append(sql.SQL("{}.ST_GeomFromWKB(%s, %s)").format(sql.Identifier(self.gis_schema)))
                    values += [psycopg2.Binary(wkb(value)), self.srs_id]
                else:
                    marks.append(sql.SQL("%s"))
                    values.append(bool(value) if name in booleans and value is not None else nfc(value))
            statement = sql.SQL("INSERT INTO {} ({}) VALUES ({})").format(
                sql.Identifier(self.schema, table),
                sql.SQL(", ").join(sql.Identifier(n) for n in row),
                sql.SQL(", ").join(marks),
            )
            if idempotent:
                statement += sql.SQL(" ON CONFLICT (uuid) DO NOTHING")
            count += conn.execute(statement, values).rowcount
        return count

    def point_sql(self, column: str = "geom") -> str:
        """A select-list expression for a point column whose value :meth:`point_xy` reads (GeoPackageStore has
        the same two): the point as little-endian WKB."""
        return f"{quote_ident(self.gis_schema)}.ST_AsBinary({quote_ident(column)}, 'NDR')"

    def point_xy(self, value: bytes) -> tuple[float, float]:
        """(x, y) of a value selected with :meth:`point_sql` (not None); NaN, NaN for an empty point."""
        return wkb_point(value)

    def update_extent(self, conn: StoreConnection, table: str) -> None:
        """GeoPackageStore's bookkeeping of a table's extent; PostGIS computes extents itself: nothing to do."""

    def count(self, table: str) -> int:
        with self.reading() as conn:
            return conn.execute(
                sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(self.schema, table))
            ).fetchone()[0]


class _RepeatTransactionError(Exception):
    """Internal: a deadlock or serialization failure; :meth:`PostgisStore.run` runs the work again."""
