"""GeoPackage geometry blobs (GPKG header + little-endian WKB) without GDAL.

The store writes with Python's sqlite3, which lacks the ``ST_*`` functions that the GeoPackage R-tree
triggers call; :func:`register_functions` provides them, so a plain sqlite3 connection can insert and
update features and keep the spatial index right.
"""

from __future__ import annotations

import sqlite3
import struct
from collections.abc import Sequence

Coord = tuple[float, float]
_WKB_POINT, _WKB_LINESTRING, _WKB_POLYGON = 1, 2, 3
_WKB_MULTIPOINT, _WKB_MULTILINESTRING, _WKB_MULTIPOLYGON = 4, 5, 6


def _header(srs_id: int, envelope: tuple[float, float, float, float] | None, empty: bool = False) -> bytes:
    flags = 0b1  # little endian
    if envelope is not None:
        flags |= 0b10  # envelope [minx, maxx, miny, maxy]
    if empty:
        flags |= 0b10000
    head = b"GP" + bytes((0, flags)) + struct.pack("<i", srs_id)
    return head + (struct.pack("<4d", *envelope) if envelope is not None else b"")


def _envelope(coords: Sequence[Coord]) -> tuple[float, float, float, float]:
    xs = [c[0] for c in coords]
    ys = [c[1] for c in coords]
    return (min(xs), max(xs), min(ys), max(ys))


def point_blob(x: float, y: float, srs_id: int) -> bytes:
    return _header(srs_id, None) + struct.pack("<BIdd", 1, _WKB_POINT, x, y)


def _ring(coords: Sequence[Coord]) -> bytes:
    return struct.pack("<I", len(coords)) + b"".join(struct.pack("<dd", x, y) for x, y in coords)


def _polygon_wkb(rings: Sequence[Sequence[Coord]]) -> bytes:
    return struct.pack("<BII", 1, _WKB_POLYGON, len(rings)) + b"".join(_ring(r) for r in rings)


def polygon_blob(rings: Sequence[Sequence[Coord]], srs_id: int) -> bytes:
    return _header(srs_id, _envelope(rings[0])) + _polygon_wkb(rings)


def multipolygon_blob(polygons: Sequence[Sequence[Sequence[Coord]]], srs_id: int) -> bytes:
    envelope = _envelope([c for poly in polygons for c in poly[0]])
    parts = b"".join(_polygon_wkb(p) for p in polygons)
    return _header(srs_id, envelope) + struct.pack("<BII", 1, _WKB_MULTIPOLYGON, len(polygons)) + parts


def linestring_blob(coords: Sequence[Coord], srs_id: int) -> bytes:
    return _header(srs_id, _envelope(coords)) + struct.pack("<BI", 1, _WKB_LINESTRING) + _ring(coords)


# -- reading ------------------------------------------------------------------------------------------------
_ENVELOPE_DOUBLES = {0: 0, 1: 4, 2: 6, 3: 6, 4: 8}


def _parse_header(blob: bytes) -> tuple[int, bool, tuple[float, ...] | None, int]:
    """(srs_id, empty, envelope or None, offset of the WKB)."""
    if len(blob) < 8 or blob[:2] != b"GP":
        raise ValueError("not a GeoPackage geometry blob")
    flags = blob[3]
    order = "<" if flags & 1 else ">"
    indicator = (flags >> 1) & 0b111
    if indicator not in _ENVELOPE_DOUBLES:
        raise ValueError("invalid envelope indicator")
    count = _ENVELOPE_DOUBLES[indicator]
    (srs_id,) = struct.unpack_from(order + "i", blob, 4)
    envelope = struct.unpack_from(order + f"{count}d", blob, 8) if count else None
    return srs_id, bool(flags & 0b10000), envelope, 8 + 8 * count


def _wkb_coords(wkb: bytes, offset: int = 0) -> tuple[list[Coord], int]:
    """Every 2-D coordinate of a (multi) point/line/polygon WKB, and the offset after it."""
    order = "<" if wkb[offset] == 1 else ">"
    (gtype,) = struct.unpack_from(order + "I", wkb, offset + 1)
    offset += 5
    base = gtype % 1000
    dims = 2 + (gtype // 1000 in (1, 2)) + (gtype // 1000 == 3) * 2
    if base == _WKB_POINT:
        values = struct.unpack_from(order + f"{dims}d", wkb, offset)
        return [(values[0], values[1])], offset + 8 * dims
    if base == _WKB_LINESTRING:
        return _read_points(wkb, offset, order, dims)
    if base == _WKB_POLYGON:
        (nrings,) = struct.unpack_from(order + "I", wkb, offset)
        offset += 4
        coords: list[Coord] = []
        for _ in range(nrings):
            ring, offset = _read_points(wkb, offset, order, dims)
            coords.extend(ring)
        return coords, offset
    if base in (_WKB_MULTIPOINT, _WKB_MULTILINESTRING, _WKB_MULTIPOLYGON, 7):
        (nparts,) = struct.unpack_from(order + "I", wkb, offset)
        offset += 4
        coords = []
        for _ in range(nparts):
            part, offset = _wkb_coords(wkb, offset)
            coords.extend(part)
        return coords, offset
    raise ValueError(f"unsupported WKB geometry type {gtype}")


def _read_points(wkb: bytes, offset: int, order: str, dims: int) -> tuple[list[Coord], int]:
    (count,) = struct.unpack_from(order + "I", wkb, offset)
    offset += 4
    values = struct.unpack_from(order + f"{count * dims}d", wkb, offset)
    coords = [(values[i], values[i + 1]) for i in range(0, count * dims, dims)]
    return coords, offset + 8 * count * dims


def blob_bbox(blob: bytes) -> tuple[float, float, float, float] | None:
    """(minx, maxx, miny, maxy) of a GeoPackage geometry, or None when it is empty."""
    _, empty, envelope, offset = _parse_header(blob)
    if empty:
        return None
    if envelope is not None:
        return envelope[0], envelope[1], envelope[2], envelope[3]
    coords, _ = _wkb_coords(blob, offset)
    if not coords or any(c != c for xy in coords for c in xy):  # NaN point = empty
        return None
    return _envelope(coords)


def blob_point(blob: bytes) -> Coord:
    _, _, _, offset = _parse_header(blob)
    coords, _ = _wkb_coords(blob, offset)
    return coords[0]


def wkb_point(wkb: bytes) -> Coord:
    """The (first) coordinate of a WKB geometry: a point's x, y (NaN, NaN for an empty point)."""
    return _wkb_coords(bytes(wkb))[0][0]


def blob_coords(blob: bytes) -> list[Coord]:
    _, _, _, offset = _parse_header(blob)
    return _wkb_coords(blob, offset)[0]


def blob_wkb(blob: bytes) -> bytes:
    """The WKB inside a GeoPackage geometry blob (without the header and envelope)."""
    _, _, _, offset = _parse_header(bytes(blob))
    return bytes(blob[offset:])


def wkb_blob(wkb: bytes, srs_id: int) -> bytes:
    """A GeoPackage geometry blob for 2-D WKB, as the store writes them: a point without an envelope, every
    other geometry with its [minx, maxx, miny, maxy] envelope, an empty geometry flagged empty."""
    wkb = bytes(wkb)
    coords, _ = _wkb_coords(wkb)
    if not coords or any(c != c for xy in coords for c in xy):  # no coordinates or a NaN point: empty
        return _header(srs_id, None, empty=True) + wkb
    order = "<" if wkb[0] == 1 else ">"
    (gtype,) = struct.unpack_from(order + "I", wkb, 1)
    envelope = None if gtype % 1000 == _WKB_POINT else _envelope(coords)
    return _header(srs_id, envelope) + wkb


def register_functions(conn: sqlite3.Connection) -> None:
    """The ST_* functions of GeoPackage's R-tree triggers, for plain sqlite3 connections."""

    def bbox(blob):
        if blob is None:
            return None
        try:
            return blob_bbox(bytes(blob))
        except (ValueError, struct.error):
            return None

    def is_empty(blob):
        return None if blob is None else int(bbox(blob) is None)

    def bound(index):
        def value(blob):
            box = bbox(blob)
            return box[index] if box else None

        return value

    for name, index in (("ST_MinX", 0), ("ST_MaxX", 1), ("ST_MinY", 2), ("ST_MaxY", 3)):
        conn.create_function(name, 1, bound(index), deterministic=True)
    conn.create_function("ST_IsEmpty", 1, is_empty, deterministic=True)
