"""What the anonymisation reads from the participation database (DESIGN.md §5), with bound parameters only.

Which proposals: those with a status in :data:`PUBLIC_STATUSES`: ``checked``, ``matched`` and
``implemented`` (reviewed by the officer). ``submitted`` ideas are not reviewed yet, ``rejected`` and
``withdrawn`` ones are not the scheme's, so none of them is ever published.

Consent comes from ``participants.consent_public_map``. A proposal without a participant (the participant
was erased with *Forget participant*, or never recorded) has nobody who could have consented: it is read
with an opaque per-proposal id and ``consent_public_map = False``, so :func:`anonymise` leaves it out and
counts it in ``left_out_no_consent``.

Nothing personal leaves this module: a :class:`PublicPoint` holds the participant's uuid only for distinct
counting.

Both stores: a PostGIS database (``pg_store.PostgisStore``) is read with the same selection, columns and
order (``fid``), the points through ``store.point_sql`` / ``store.point_xy``, so the same data give the same
points, cells and figures as the GeoPackage.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path

from ..core.anonymise import PublicPoint
from .cluster_source import decode_points
from .gpkg_store import DEFAULT_META, GeoPackageStore, _sqlite_error_to_store

PUBLIC_STATUSES: tuple[str, ...] = ("checked", "matched", "implemented")
ORPHAN_PREFIX = "proposal:"  # the id of a proposal without participant: never consenting

# Two plain scans joined in Python: at 100 000 proposals a LEFT JOIN on participants (one index lookup per
# proposal) reads in about twice the time (measured for the matching panel, data/match_source.py).
_PUBLIC_SQL = """
SELECT uuid, theme, participant_uuid, geom FROM proposals
WHERE status IN ({statuses}) AND geom IS NOT NULL
ORDER BY fid
"""
_CONSENT_SQL = "SELECT uuid, consent_public_map FROM participants"


def _rows(store, statuses: Sequence[str]) -> list[tuple]:
    """(uuid, theme, participant uuid, consent, point): the point a GeoPackage blob, or on PostGIS the
    (x, y) already read from its WKB."""
    if getattr(store, "backend", "gpkg") == "postgis":
        return _rows_postgis(store, statuses)
    sql = _PUBLIC_SQL.format(statuses=", ".join("?" for _ in statuses))
    with store.reading() as conn:
        try:
            cursor = conn.execute(_CONSENT_SQL)
            cursor.row_factory = None
            consent = dict(cursor.fetchall())
            cursor = conn.execute(sql, tuple(statuses))
            cursor.row_factory = None
            return [(u, t, pa, consent.get(pa, 0) or 0, g) for u, t, pa, g in cursor.fetchall()]
        except sqlite3.Error as exc:
            raise _sqlite_error_to_store(exc, store.path) from exc


def _rows_postgis(store, statuses: Sequence[str]) -> list[tuple]:
    sql = (
        f"SELECT uuid::text, theme, participant_uuid::text, {store.point_sql('geom')} FROM proposals "
        f"WHERE status IN ({', '.join('?' for _ in statuses)}) AND geom IS NOT NULL ORDER BY fid"
    )
    from .pg_read import snapshot

    with store.reading() as conn:  # errors become StoreErrors there
        snapshot(conn)  # the consents and the proposals of one moment
        consent = {
            r[0]: bool(r[1]) for r in conn.execute("SELECT uuid::text, consent_public_map FROM participants")
        }
        rows = conn.execute(sql, tuple(statuses)).fetchall()
    out = []
    for uuid, theme, participant, point in rows:
        try:
            xy = store.point_xy(point)
        except (ValueError, IndexError):  # not a point: nothing to place on a map
            continue
        out.append((uuid, theme, participant, consent.get(participant, False), xy))
    return out


def _points(rows: list[tuple]) -> list[tuple[str, PublicPoint]]:
    if rows and isinstance(rows[0][4], tuple):  # PostGIS: the points are read already
        x, y = [r[4][0] for r in rows], [r[4][1] for r in rows]
    else:
        x, y = decode_points([r[4] for r in rows]) if rows else ([], [])
    out = []
    for row, px, py in zip(rows, list(x), list(y)):
        uuid, theme, participant, consent = row[0], row[1], row[2], row[3]
        if participant is None:
            out.append((uuid, PublicPoint(float(px), float(py), theme, ORPHAN_PREFIX + uuid, False)))
        else:
            out.append((uuid, PublicPoint(float(px), float(py), theme, participant, bool(consent))))
    return out


def public_points(store: GeoPackageStore, statuses: Sequence[str] = PUBLIC_STATUSES) -> list[PublicPoint]:
    """The publishable proposals (see the module docstring) as :class:`PublicPoint`, in fid order."""
    if not statuses:
        raise ValueError("at least one status is needed")
    return [p for _, p in _points(_rows(store, statuses))]


def _public_points_by_uuid(store: GeoPackageStore) -> dict[str, PublicPoint]:
    return dict(_points(_rows(store, PUBLIC_STATUSES)))


def k_and_cell_size(store: GeoPackageStore) -> tuple[int, float]:
    """(k, hexagon cell size in metres) from ``mitmach_meta``; the defaults (4, 100) when missing or
    unreadable. A value below the default is raised to it: the database cannot weaken DESIGN.md §5."""
    meta = store.meta()
    default_k, default_size = int(DEFAULT_META["k_anonymity"]), float(DEFAULT_META["hex_cell_size_m"])
    try:
        k = int(str(meta.get("k_anonymity", default_k)).strip())
    except ValueError:
        k = default_k
    try:
        size = float(str(meta.get("hex_cell_size_m", default_size)).strip())
    except ValueError:
        size = default_size
    if size != size or size in (float("inf"), float("-inf")):  # NaN / infinity
        size = default_size
    return max(k, default_k), max(size, default_size)


def cluster_areas(
    clusters_gpkg_path: str | Path, store: GeoPackageStore
) -> list[tuple[str, tuple, str, str, list[PublicPoint]]]:
    """The ``areas`` input of :func:`anonymise` from a clusters GeoPackage written by ``cluster_to_gpkg``:
    (area id, rings, synergy, period, member points), members joined through ``cluster_proposals.uuid`` to
    :func:`public_points` of ``store`` (members that are no longer publishable drop out). [] when the file
    or its layers are missing. Read with sqlite3: the file is ours and plain GeoPackage."""
    path = Path(clusters_gpkg_path)
    if not path.is_file():
        return []
    try:
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:
        return []
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if not {"clusters", "cluster_proposals"} <= tables:
            return []
        clusters = conn.execute(
            "SELECT cluster_id, synergy, period, geom FROM clusters WHERE geom IS NOT NULL ORDER BY cluster_id"
        ).fetchall()
        members: dict[int, list[str]] = {}
        for cid, uuid in conn.execute(
            "SELECT cluster_id, uuid FROM cluster_proposals WHERE cluster_id IS NOT NULL ORDER BY fid"
        ):
            members.setdefault(int(cid), []).append(uuid)
    except sqlite3.Error:
        return []
    finally:
        conn.close()
    points = _public_points_by_uuid(store)
    out = []
    for cid, synergy, period, blob in clusters:
        rings = _polygon_rings(bytes(blob))
        if not rings:
            continue
        member_points = [points[u] for u in members.get(int(cid), []) if u in points]
        out.append((f"{synergy}-{cid}", rings, synergy or "", period or "", member_points))
    return out


def _polygon_rings(blob: bytes) -> tuple:
    """Every ring of a (multi)polygon GeoPackage blob, through OGR (exterior rings and holes alike)."""
    from osgeo import ogr

    header_flags = blob[3]
    envelope = (0, 32, 48, 48, 64)[(header_flags >> 1) & 0x07] if ((header_flags >> 1) & 0x07) < 5 else 0
    geom = ogr.CreateGeometryFromWkb(blob[8 + envelope :])
    if geom is None:
        return ()
    geom.FlattenTo2D()
    polygons = (
        [geom]
        if geom.GetGeometryType() == ogr.wkbPolygon
        else [geom.GetGeometryRef(i) for i in range(geom.GetGeometryCount())]
    )
    rings = []
    for polygon in polygons:
        for j in range(polygon.GetGeometryCount()):
            ring = polygon.GetGeometryRef(j)
            rings.append(tuple((ring.GetX(i), ring.GetY(i)) for i in range(ring.GetPointCount())))
    return tuple(rings)


__all__ = ["PUBLIC_STATUSES", "cluster_areas", "k_and_cell_size", "public_points"]
