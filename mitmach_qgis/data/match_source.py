"""The matching engine's input from a participation database: proposals as arrays, rules, weights, blocks.

One scan of ``proposals`` and one of the participants' (uuid, role), joined in Python — nothing else of a
participant is read: no personal data. The GeoPackage point blobs are decoded in bulk: a 2-D point
without envelope is always 29 bytes (8 header + 21 WKB), so the blobs of a whole table are joined and
read with one ``np.frombuffer``; any other blob (envelope, big-endian, empty point, Z) is parsed on its
own. Every value from outside is a bound SQL parameter.

A PostGIS database (``pg_store.PostgisStore``) is read the same way in meaning — the same columns, rules,
weights and blocks, rows in ``fid`` order, so the index is the GeoPackage's when the data are — through one
binary ``COPY`` of fixed-width columns (``pg_read``), with a row-by-row read as the fallback.

A council can tune the score without code through ``mitmach_meta`` keys (values are numbers):
``match_weight_distance``, ``match_weight_years``, ``match_weight_theme``, ``match_bonus_same_building``,
``match_bonus_same_block``. A value that is not a valid number is ignored with a warning in the log.

Blocks: a building's block is the side of its street — street key plus the parity of the house number
(even numbers on one side, odd on the other, as German numbering goes) — from the ``addresses`` gazetteer.
Together with the rule's distance limit that is the row of houses along one side of a street, which is
what "terraced neighbours" means. A building with several addresses (a corner house) takes its first
address in (street key, house number) order.
"""

from __future__ import annotations

import contextlib
import gc
import itertools
import logging
import math
import sqlite3
import struct
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

import numpy as np

from ..core.matching import Coded, MatchIndex, Rule, ScoreWeights, code_column
from . import arrow_read
from .geometry import blob_bbox
from .gpkg_store import GeoPackageStore, _sqlite_error_to_store

if TYPE_CHECKING:
    from .pg_store import PostgisStore

LOG = logging.getLogger("mitmach_qgis.matching")
META_WEIGHTS = {
    "match_weight_distance": "distance",
    "match_weight_years": "years",
    "match_weight_theme": "theme",
    "match_bonus_same_building": "same_building_bonus",
    "match_bonus_same_block": "same_block_bonus",
}
# Two plain scans and a dict join in Python: at 100 000 proposals SQLite's LEFT JOIN on participants.uuid
# (one index lookup per proposal) took 0.35 s, the two scans 0.16 s (bench/README.md). Themes and statuses
# come as small integers (a CASE over the distinct values, bound as parameters) and years as offsets from
# _YEAR_BASE: CPython keeps one shared object for each integer from -5 to 256, so those columns create no
# object per proposal (measured at 100 000: 0.42 s → see bench/README.md for the cold open now).
_PROPOSALS_SQL = (
    "SELECT uuid, geom, {theme}, {status}, participant_uuid, year_from - {base}, year_to - {base}, building_ref "
    "FROM proposals ORDER BY fid"
)  # the columns of _PROPOSAL_COLUMNS, in that order
_YEAR_BASE = 2000
_PROPOSAL_COLUMNS = (
    "uuid",
    "geom",
    "theme",
    "status",
    "participant_uuid",
    "year_from",
    "year_to",
    "building_ref",
)
_ROLES = ("owner", "tenant", "other")
_ROLE_INDEX = {r: k for k, r in enumerate(_ROLES)}
_ROLES_SQL = (
    "SELECT uuid, CASE role "
    + " ".join(f"WHEN '{r}' THEN {k}" for k, r in enumerate(_ROLES))
    + " ELSE -1 END "
    "FROM participants"
)  # the role as its index in _ROLES (a shared small int, no string per participant)
_POINT_DTYPE = np.dtype(
    [("magic", "S2"), ("version", "u1"), ("flags", "u1"), ("srs", "<i4"), ("order", "u1"), ("type", "<u4"),
     ("x", "<f8"), ("y", "<f8")]
)  # fmt: skip
_POINT_SIZE = 29
_PLAIN_POINT_FLAGS = 0b1  # little endian, no envelope, not empty, standard GeoPackage binary
_NULL_BLOB = b"NU" + bytes(_POINT_SIZE - 2)  # stands in for NULL so that every blob has the same size


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Reading 100 000 proposals creates about a million objects (row tuples, strings), which triggers the
    cyclic collector hundreds of times; when one of those runs is a full collection of QGIS's large heap
    it costs as much as the whole read (measured: 0.38 s with 2 million objects on the heap). Nothing read
    here is cyclic, so the collector is paused for the read and restored as it was."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def decode_points(blobs: list) -> tuple[np.ndarray, np.ndarray]:
    """x, y of GeoPackage point blobs (NaN for NULL, empty or unreadable geometry), in bulk."""
    n = len(blobs)
    x = np.full(n, np.nan)
    y = np.full(n, np.nan)
    filled = [_NULL_BLOB if b is None else b for b in blobs]
    if n and set(map(len, filled)) == {_POINT_SIZE}:  # the usual case: one buffer, no Python loop
        plain = np.arange(n)
        arr = np.frombuffer(b"".join(filled), dtype=_POINT_DTYPE)
    else:
        plain = np.array([k for k, b in enumerate(filled) if len(b) == _POINT_SIZE], dtype=np.int64)
        arr = np.frombuffer(b"".join([filled[k] for k in plain.tolist()]), dtype=_POINT_DTYPE)
    good = (
        (arr["magic"] == b"GP")
        & (arr["flags"] == _PLAIN_POINT_FLAGS)
        & (arr["order"] == 1)
        & (arr["type"] == 1)
    )
    x[plain[good]] = arr["x"][good]
    y[plain[good]] = arr["y"][good]
    if len(plain) < n or not good.all():  # any other blob (envelope, big endian, Z, …): one by one
        done = np.zeros(n, dtype=bool)
        done[plain[good]] = True
        for k in np.flatnonzero(~done).tolist():
            point = None if blobs[k] is None else _point(bytes(blobs[k]))
            if point is not None:
                x[k], y[k] = point
    bad = ~(np.isfinite(x) & np.isfinite(y))  # NaN coordinates are GeoPackage's empty point
    x[bad] = np.nan
    y[bad] = np.nan
    return x, y


def _point(blob: bytes) -> tuple[float, float] | None:
    try:
        box = blob_bbox(blob)  # (minx, maxx, miny, maxy); a point's box is the point
    except (ValueError, struct.error, IndexError):
        return None
    return None if box is None else (box[0], box[2])


def _case(column: str, count: int) -> str:
    """SQL mapping the column's k-th distinct value (bound parameters, in order) to k, anything else to -1."""
    if not count:
        return "-1"
    return f"CASE {column} " + " ".join(f"WHEN ? THEN {k}" for k in range(count)) + " ELSE -1 END"


def _read_columns(conn: sqlite3.Connection) -> dict[str, object]:
    cursor = conn.cursor()
    cursor.row_factory = None  # plain tuples, not a sqlite3.Row per proposal
    with paused_gc():
        cursor.execute("BEGIN")  # every read sees one snapshot
        try:
            themes = [
                t for (t,) in cursor.execute("SELECT DISTINCT theme FROM proposals WHERE theme IS NOT NULL")
            ]
            statuses = [
                t for (t,) in cursor.execute("SELECT DISTINCT status FROM proposals WHERE status IS NOT NULL")
            ]
            sql = _PROPOSALS_SQL.format(
                theme=_case("theme", len(themes)), status=_case("status", len(statuses)), base=_YEAR_BASE
            )
            rows = cursor.execute(sql, themes + statuses).fetchall()
            roles = dict(cursor.execute(_ROLES_SQL).fetchall())
        finally:
            cursor.execute("COMMIT")
        names = _PROPOSAL_COLUMNS
        columns: dict[str, object] = dict(zip(names, zip(*rows))) if rows else {k: () for k in names}
        columns["theme"] = Coded(np.asarray(columns["theme"], dtype=np.int64), themes)
        columns["status"] = Coded(np.asarray(columns["status"], dtype=np.int64), statuses)
        for year in ("year_from", "year_to"):
            columns[year] = np.asarray(columns[year], dtype=np.float64) + _YEAR_BASE  # None → NaN
        participants = code_column(columns.pop("participant_uuid"))
        role_of = np.fromiter(
            itertools.chain(map(roles.get, participants.names, itertools.repeat(-1)), (-1,)),
            dtype=np.int64,
            count=len(participants.names) + 1,
        )  # the last entry serves code -1: no participant, no role
        columns["participant_uuid"] = participants
        columns["role"] = Coded(role_of[participants.codes], _ROLES)  # a participant's role, once per person
        columns["x"], columns["y"] = decode_points(list(columns.pop("geom")))
    return columns


def _read_rules(conn: sqlite3.Connection) -> list[Rule]:
    rows = conn.execute(
        "SELECT theme_a, theme_b, weight, max_distance_m, synergy, year_tolerance, same_building_only, role_pair "
        "FROM theme_compatibility ORDER BY theme_a, theme_b, synergy"
    ).fetchall()
    return [
        Rule(str(a), str(b), float(w), float(d), str(s), int(t), bool(only), role or None)
        for a, b, w, d, s, t, only, role in rows
    ]


def _read_weights(conn: sqlite3.Connection) -> ScoreWeights:
    keys = tuple(META_WEIGHTS)
    marks = ", ".join("?" for _ in keys)
    meta = dict(conn.execute(f"SELECT key, value FROM mitmach_meta WHERE key IN ({marks})", keys).fetchall())
    return weights_from_meta(meta)


def weights_from_meta(meta: Mapping[str, str | None]) -> ScoreWeights:
    """ScoreWeights with the ``mitmach_meta`` overrides that are valid numbers (others: logged, ignored)."""
    defaults = ScoreWeights()
    values = {}
    for key, field in META_WEIGHTS.items():
        raw = meta.get(key)
        if raw is None or str(raw).strip() == "":
            continue
        try:
            value = float(str(raw).strip().replace(",", "."))
        except ValueError:
            value = math.nan
        if not math.isfinite(value) or value < 0:
            LOG.warning("mitmach_meta %s = %r is not a number >= 0; the default %s is used", key, raw,
                        getattr(defaults, field))  # fmt: skip
            continue
        values[field] = value
    try:
        return ScoreWeights(**values)
    except ValueError as exc:
        LOG.warning("the score weights in mitmach_meta are not usable (%s); the defaults are used", exc)
        return defaults


def _read_blocks(conn: sqlite3.Connection) -> dict[str, str]:
    present = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'addresses'"
    ).fetchone()
    if not present:
        return {}
    # the side of the street in SQL: per-row Python parsing of 175 000 house numbers cost 0.5 s of the
    # panel's cold open; CAST reads the leading digits like core.addresses.split_house_number
    rows = conn.execute(
        "SELECT building_ref, street_key || ':' || CASE WHEN ltrim(house_number) GLOB '[0-9]*' THEN "
        "(CASE CAST(house_number AS INTEGER) % 2 WHEN 0 THEN 'even' ELSE 'odd' END) ELSE '?' END "
        "FROM addresses WHERE building_ref IS NOT NULL AND street_key IS NOT NULL"
    )  # a building with several addresses takes its first one (fid order): sorting cost 0.2 s at 175 000
    rows.row_factory = None
    blocks: dict[str, str] = {}
    for building_ref, block in rows.fetchall():
        blocks.setdefault(building_ref, block)
    return blocks


def load_arrays(store: GeoPackageStore | PostgisStore) -> dict[str, object]:
    """One sequence (or float array for x, y) per proposal field, from one SQL query."""
    if is_postgis(store):
        from . import pg_sources

        return pg_sources.load_arrays(store)
    try:
        with store.reading() as conn:
            return _read_columns(conn)
    except sqlite3.Error as exc:
        raise _sqlite_error_to_store(exc, store.path) from exc


def load_records(store: GeoPackageStore | PostgisStore) -> list[dict]:
    """Every proposal as a dict (uuid, x, y, theme, status, participant_uuid, year_from, year_to,
    building_ref, role); x and y None when the proposal has no point."""
    columns = load_arrays(store)
    for name, values in columns.items():
        if isinstance(values, Coded):
            columns[name] = values.decoded()
    for name in ("year_from", "year_to"):
        columns[name] = [None if math.isnan(v) else int(v) for v in columns[name].tolist()]
    names = [k for k in columns if k not in ("x", "y")]
    xs = [None if math.isnan(v) else v for v in columns["x"].tolist()]
    ys = [None if math.isnan(v) else v for v in columns["y"].tolist()]
    return [
        {"x": x, "y": y, **dict(zip(names, values))}
        for x, y, values in zip(xs, ys, zip(*(columns[k] for k in names)))
    ]


def load_rules(store: GeoPackageStore | PostgisStore) -> tuple[list[Rule], ScoreWeights, dict[str, str]]:
    """The database's rules, score weights and blocks."""
    if is_postgis(store):
        from . import pg_sources

        return pg_sources.load_rules(store)
    try:
        with store.reading() as conn:
            return _read_rules(conn), _read_weights(conn), _read_blocks(conn)
    except sqlite3.Error as exc:
        raise _sqlite_error_to_store(exc, store.path) from exc


def _read_columns_arrow(path) -> dict[str, object] | None:
    """The columns of :func:`_read_columns` through GDAL's Arrow stream (see ``arrow_read``), or None."""
    read = arrow_read.read_columns(path, {"proposals": _PROPOSAL_COLUMNS, "participants": ("uuid", "role")})
    if read is None:
        return None
    proposals, people = read["proposals"], read["participants"]
    participant_codes, participant_names = arrow_read.unique(proposals["participant_uuid"])
    role_codes, role_names = arrow_read.unique(people["role"])
    role_index = np.array(
        [_ROLE_INDEX.get(r.decode("utf-8"), -1) for r in role_names.tolist()] + [-1], dtype=np.int64
    )
    person_role = role_index[role_codes]  # per participants row; -1 picks the last entry: no role
    keys = np.ma.getdata(people["uuid"])
    order = np.argsort(keys, kind="stable")
    row = arrow_read.lookup(keys[order], order, participant_names)
    role_of = np.append(np.where(row >= 0, person_role[np.maximum(row, 0)], -1), -1)
    x, y = arrow_read.points(proposals["geom"])
    return {
        "uuid": arrow_read.texts(proposals["uuid"]),
        "x": x,
        "y": y,
        "theme": arrow_read.coded(proposals["theme"]),
        "status": arrow_read.coded(proposals["status"]),
        "participant_uuid": Coded(participant_codes, [n.decode("utf-8") for n in participant_names.tolist()]),
        "year_from": arrow_read.numbers(proposals["year_from"]),
        "year_to": arrow_read.numbers(proposals["year_to"]),
        "building_ref": arrow_read.coded(proposals["building_ref"]),
        "role": Coded(role_of[participant_codes], _ROLES),
    }


def load_index(store: GeoPackageStore | PostgisStore, arrow: bool = True) -> MatchIndex:
    """A MatchIndex of the whole database: proposals, its own rules, weights and blocks.

    The proposals come through GDAL's Arrow stream when GDAL can (3.6+: ``arrow_read``), else through
    ``sqlite3``; ``arrow=False`` forces the latter (tests compare the two). On PostGIS: a binary COPY of
    whole columns (``pg_read``), ``arrow=False`` forces the row-by-row read."""
    if is_postgis(store):
        return _load_index_pg(store, fast=arrow)
    columns = None
    if arrow:
        with paused_gc():
            columns = _read_columns_arrow(store.path)
    try:
        with store.reading() as conn:
            if columns is None:
                columns = _read_columns(conn)
            rules, weights, blocks = _read_rules(conn), _read_weights(conn), _read_blocks(conn)
    except sqlite3.Error as exc:
        raise _sqlite_error_to_store(exc, store.path) from exc
    return MatchIndex.from_columns(columns, rules, weights, blocks)


def is_postgis(store) -> bool:
    return getattr(store, "backend", "gpkg") == "postgis"


def _load_index_pg(store, fast: bool = True) -> MatchIndex:
    from . import pg_sources

    return pg_sources.load_index(store, fast)
