"""The proposals a synergy clustering works on, read from the participation database in one query.

Which proposals: those whose theme takes part in the synergy in the database's own ``theme_compatibility``
table (e.g. ``local_heat_network``: ``heating`` and ``heat_network``; a council that edits the table
changes the selection), with a status in ``DEFAULT_STATUSES``: ``checked`` (reviewed by the officer) and
``matched`` (already in a match group, still an idea in the planning). ``submitted`` proposals are not
reviewed yet, ``rejected`` / ``withdrawn`` are out, ``implemented`` ones are done and need no network.

What comes back holds no personal data except the participant's uuid and role (owner / tenant / other),
used only to count distinct participants and the owner/tenant mix; neither is ever written to an output.
A PostGIS database (``pg_store.PostgisStore``) is read by ``pg_sources`` with the same selection,
columns and order. Rows come in ``fid`` order: DBSCAN numbers clusters by the first core point in that order, which is also
the order in which QGIS iterates a GeoPackage layer.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .geometry import blob_point
from .gpkg_store import GeoPackageStore, _sqlite_error_to_store

DEFAULT_STATUSES: tuple[str, ...] = ("checked", "matched")
_POINT_BLOB_SIZE = 29  # GeoPackage header without envelope (8 bytes) + little-endian 2-D WKB point (21)

_SYNERGY_SQL = """
WITH synergy_themes AS (
    SELECT theme_a AS theme FROM theme_compatibility WHERE synergy = ?
    UNION
    SELECT theme_b FROM theme_compatibility WHERE synergy = ?
)
SELECT p.fid, p.uuid, p.theme, p.year_from, p.year_to, p.status, p.participant_uuid, p.building_ref,
       pa.role, p.geom
FROM proposals AS p
JOIN synergy_themes AS s ON s.theme = p.theme
LEFT JOIN participants AS pa ON pa.uuid = p.participant_uuid
WHERE p.status IN ({statuses}) AND p.geom IS NOT NULL
ORDER BY p.fid
"""

_POINTS_SQL = """
SELECT fid, geom FROM proposals
WHERE theme IN ({themes}) {status_filter} AND geom IS NOT NULL
ORDER BY fid
"""


@dataclass(frozen=True)
class SynergyProposals:
    """Column arrays of the selected proposals, in fid order."""

    synergy: str
    themes: tuple[str, ...]  # the themes that take part in the synergy
    fid: np.ndarray
    uuid: list[str]
    theme: list[str]
    year_from: np.ndarray  # float, NaN when not given
    year_to: np.ndarray
    status: list[str]
    participant: list[str | None]
    building_ref: list[str | None]
    role: list[str | None]
    x: np.ndarray
    y: np.ndarray

    def __len__(self) -> int:
        return int(self.fid.size)


def decode_points(blobs: Sequence[bytes]) -> tuple[np.ndarray, np.ndarray]:
    """x and y of GeoPackage point blobs; vectorised when all are plain 2-D little-endian points without
    an envelope (what the store and GDAL write), one by one otherwise."""
    n = len(blobs)
    if n and all(len(b) == _POINT_BLOB_SIZE for b in blobs):
        raw = np.frombuffer(b"".join(blobs), dtype=np.uint8).reshape(n, _POINT_BLOB_SIZE)
        plain = (
            (raw[:, 0] == 0x47) & (raw[:, 1] == 0x50) & (raw[:, 3] == 1)  # "GP", little endian, no envelope
            & (raw[:, 8] == 1) & (raw[:, 9] == 1) & (raw[:, 10:13] == 0).all(axis=1)  # LE WKB Point (2-D)
        )  # fmt: skip
        if plain.all():
            xy = np.ascontiguousarray(raw[:, 13:29]).view("<f8").reshape(n, 2)
            return xy[:, 0].astype(np.float64), xy[:, 1].astype(np.float64)
    coords = [blob_point(bytes(b)) for b in blobs]
    x = np.array([c[0] for c in coords], dtype=np.float64)
    y = np.array([c[1] for c in coords], dtype=np.float64)
    return x, y


def synergy_themes(store: GeoPackageStore, synergy: str) -> tuple[str, ...]:
    if _is_postgis(store):
        from . import pg_sources

        return pg_sources.synergy_themes(store, synergy)
    sql = (
        "SELECT theme_a FROM theme_compatibility WHERE synergy = ? "
        "UNION SELECT theme_b FROM theme_compatibility WHERE synergy = ? ORDER BY 1"
    )
    return tuple(r[0] for r in _query(store, sql, (synergy, synergy)))


def synergy_proposals(synergy: str, themes, rows, x: np.ndarray, y: np.ndarray) -> SynergyProposals:
    """SynergyProposals from rows of (fid, uuid, theme, year_from, year_to, status, participant, building_ref,
    role, …) and the decoded points: the same for both stores."""

    def years(column: int) -> np.ndarray:
        return np.array([np.nan if r[column] is None else float(r[column]) for r in rows], dtype=np.float64)

    return SynergyProposals(
        synergy=synergy,
        themes=tuple(themes),
        fid=np.array([r[0] for r in rows], dtype=np.int64),
        uuid=[r[1] for r in rows],
        theme=[r[2] for r in rows],
        year_from=years(3),
        year_to=years(4),
        status=[r[5] for r in rows],
        participant=[r[6] for r in rows],
        building_ref=[r[7] for r in rows],
        role=[r[8] for r in rows],
        x=x,
        y=y,
    )


def load_synergy_proposals(
    store: GeoPackageStore, synergy: str, statuses: Sequence[str] = DEFAULT_STATUSES
) -> SynergyProposals:
    """The proposals of ``synergy`` with one of ``statuses``, in one query with bound parameters."""
    if not statuses:
        raise ValueError("at least one status is needed")
    if _is_postgis(store):
        from . import pg_sources

        return pg_sources.load_synergy_proposals(store, synergy, statuses)
    sql = _SYNERGY_SQL.format(statuses=", ".join("?" for _ in statuses))
    rows = _query(store, sql, (synergy, synergy, *statuses))
    x, y = decode_points([r[9] for r in rows])

    return synergy_proposals(synergy, synergy_themes(store, synergy), rows, x, y)


def read_points(
    store: GeoPackageStore, themes: Sequence[str], statuses: Sequence[str] | None = None
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(fid, x, y) of the proposals of ``themes`` (and ``statuses`` when given): the lean read of the
    benchmark, one query with bound parameters."""
    if _is_postgis(store):
        from . import pg_sources

        return pg_sources.read_points(store, themes, statuses)
    status_filter = ""
    params: list[str] = list(themes)
    if statuses:
        status_filter = f"AND status IN ({', '.join('?' for _ in statuses)})"
        params += list(statuses)
    sql = _POINTS_SQL.format(themes=", ".join("?" for _ in themes), status_filter=status_filter)
    with store.reading() as conn:
        try:
            cursor = conn.execute(sql, params)
            cursor.row_factory = None
            fids, blobs = [], []
            for fid, blob in cursor:
                fids.append(fid)
                blobs.append(blob)
        except sqlite3.Error as exc:
            raise _sqlite_error_to_store(exc, store.path) from exc
    x, y = decode_points(blobs)
    return np.array(fids, dtype=np.int64), x, y


def _is_postgis(store) -> bool:
    return getattr(store, "backend", "gpkg") == "postgis"


def _query(store: GeoPackageStore, sql: str, params: Sequence) -> list[tuple]:
    with store.reading() as conn:
        try:
            cursor = conn.execute(sql, tuple(params))
            cursor.row_factory = None
            return cursor.fetchall()
        except sqlite3.Error as exc:
            raise _sqlite_error_to_store(exc, store.path) from exc


__all__ = [
    "DEFAULT_STATUSES",
    "SynergyProposals",
    "decode_points",
    "load_synergy_proposals",
    "read_points",
    "synergy_themes",
]
