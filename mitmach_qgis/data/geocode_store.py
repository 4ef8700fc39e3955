"""Geocoding backed by the participation database: the web geocoder's cache, the address gazetteer and the
participation-area test, all read through the store's connections.

One code path for both stores (GeoPackageStore, PostgisStore): sqlite3's ``?`` parameters, geometries read
through ``store.point_sql`` (the GeoPackage's blob, PostGIS's little-endian WKB) and :func:`geometry_polygons`
/ ``store.point_xy``, and the cache's time stamp from the database's own clock (:func:`now_sql`)."""

from __future__ import annotations

import json
import logging
import math
import sqlite3
import struct
from collections.abc import Callable

from ..core.geocoding import GazetteerGeocoder
from ..core.geometry2d import area_test
from .errors import StoreError
from .geometry import _parse_header
from .schema import NOW_SQL

LOG = logging.getLogger("mitmach_qgis.geocoding")
CACHE_STATUSES = ("found", "not_found", "ambiguous")
_WKB_POLYGON, _WKB_MULTIPOLYGON = 3, 6

Ring = list[tuple[float, float]]
Polygon = list[Ring]


def now_sql(store) -> str:
    """The database's "now" as an SQL expression: ISO text in the GeoPackage, timestamptz on PostGIS."""
    return "now()" if getattr(store, "backend", "gpkg") == "postgis" else NOW_SQL


class SqliteGeocodeCache:
    """:class:`~mitmach_qgis.core.geocoding.GeocodeCache` on the ``geocode_cache`` table (schema 2+), in a
    GeoPackage or on PostGIS (the name is historical; :data:`StoreGeocodeCache` is the same class).

    Only answers are cached (found / ambiguous / not_found), never errors. A database of schema 1 (opened
    without migration) has no such table: the cache is then empty and writes nothing.
    """

    def __init__(self, store) -> None:
        self.store = store

    @property
    def available(self) -> bool:
        return getattr(self.store, "schema_version", 2) >= 2

    def get(self, key: str) -> dict | None:
        if not self.available:
            return None
        with self.store.reading() as conn:
            row = conn.execute("SELECT result_json FROM geocode_cache WHERE query_key = ?", (key,)).fetchone()
        if row is None or row[0] is None:
            return None
        try:
            value = json.loads(row[0])
        except ValueError:
            return None
        return value if isinstance(value, dict) else None

    def put(self, key: str, provider: str, status: str, result: dict) -> None:
        if status not in CACHE_STATUSES:
            raise ValueError(f"geocode results of status {status!r} are not cached")
        if not self.available:
            return
        text = json.dumps(result, ensure_ascii=False, sort_keys=True)
        with self.store.transaction() as conn:
            conn.execute(
                "INSERT INTO geocode_cache (query_key, provider, status, result_json) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (query_key) DO UPDATE SET provider = excluded.provider, status = excluded.status, "
                f"result_json = excluded.result_json, created_at = {now_sql(self.store)}",
                (key, provider, status, text),
            )

    def clear(self) -> int:
        """Forget every cached answer (e.g. after changing the geocoder); returns how many there were."""
        if not self.available:
            return 0
        with self.store.transaction() as conn:
            return conn.execute("DELETE FROM geocode_cache").rowcount


StoreGeocodeCache = SqliteGeocodeCache


def gazetteer_from_store(store) -> GazetteerGeocoder:
    """The offline geocoder over the database's ``addresses`` table (rows without a point are skipped)."""
    rows = []
    with store.reading() as conn:
        cursor = conn.execute(
            f"SELECT street, house_number, postcode, city, building_ref, {store.point_sql('geom')} FROM addresses "
            "WHERE geom IS NOT NULL"
        )
        for street, house_number, postcode, city, building_ref, geom in cursor:
            try:
                x, y = store.point_xy(bytes(geom))
            except (ValueError, struct.error, IndexError):
                continue
            if not (math.isfinite(x) and math.isfinite(y)):  # NaN = an empty point
                continue
            rows.append(
                {"street": street, "house_number": house_number, "postcode": postcode, "city": city,
                 "building_ref": building_ref, "x": x, "y": y}
            )  # fmt: skip
    return GazetteerGeocoder(rows)


def area_polygons_from_store(store) -> list[Polygon]:
    """Every polygon (a list of rings) of every participation area, in the database CRS."""
    polygons: list[Polygon] = []
    # point_sql reads any geometry column: the GeoPackage's blob, or PostGIS's WKB
    with store.reading() as conn:
        for (geom,) in conn.execute(f"SELECT {store.point_sql('geom')} FROM areas WHERE geom IS NOT NULL"):
            try:
                polygons.extend(geometry_polygons(bytes(geom)))
            except (ValueError, struct.error, IndexError):
                LOG.warning("an area geometry cannot be read and is ignored")
    return polygons


def area_test_from_store(store) -> Callable[[float, float], bool] | None:
    """(x, y) → inside any participation area (boundary included); None when the database has no area."""
    try:
        polygons = area_polygons_from_store(store)
    except (sqlite3.Error, StoreError):
        return None
    return area_test(polygons) if polygons else None


# -- WKB with ring structure --------------------------------------------------------------------------------
def geometry_polygons(value: bytes) -> list[Polygon]:
    """The polygons of a (multi)polygon as either store reads it: a GeoPackage blob (``GP`` header) or plain
    WKB (PostGIS's ``ST_AsBinary``)."""
    if value[:2] == b"GP":
        return blob_polygons(value)
    polygons, _ = _wkb_polygons(value, 0)
    return [p for p in polygons if p and p[0]]


def blob_polygons(blob: bytes) -> list[Polygon]:
    """The polygons of a GeoPackage (multi)polygon blob as lists of rings of (x, y); [] when empty."""
    _, empty, _, offset = _parse_header(blob)
    if empty:
        return []
    polygons, _ = _wkb_polygons(blob, offset)
    return [p for p in polygons if p and p[0]]


def _wkb_type(wkb: bytes, offset: int) -> tuple[str, int, int, int]:
    """(byte order, base type, dimensions, offset after the type)."""
    order = "<" if wkb[offset] == 1 else ">"
    (gtype,) = struct.unpack_from(order + "I", wkb, offset + 1)
    base, flavour = gtype % 1000, gtype // 1000
    dims = {0: 2, 1: 3, 2: 3, 3: 4}.get(flavour)
    if dims is None:
        raise ValueError(f"unsupported WKB geometry type {gtype}")
    return order, base, dims, offset + 5


def _wkb_polygons(wkb: bytes, offset: int) -> tuple[list[Polygon], int]:
    order, base, dims, offset = _wkb_type(wkb, offset)
    if base == _WKB_POLYGON:
        polygon, offset = _read_polygon(wkb, offset, order, dims)
        return [polygon], offset
    if base == _WKB_MULTIPOLYGON:
        (count,) = struct.unpack_from(order + "I", wkb, offset)
        offset += 4
        polygons: list[Polygon] = []
        for _ in range(count):
            part_order, part_base, part_dims, offset = _wkb_type(wkb, offset)
            if part_base != _WKB_POLYGON:
                raise ValueError("a multipolygon part is not a polygon")
            polygon, offset = _read_polygon(wkb, offset, part_order, part_dims)
            polygons.append(polygon)
        return polygons, offset
    raise ValueError(f"not a polygon geometry (WKB type {base})")


def _read_polygon(wkb: bytes, offset: int, order: str, dims: int) -> tuple[Polygon, int]:
    (nrings,) = struct.unpack_from(order + "I", wkb, offset)
    offset += 4
    rings: Polygon = []
    for _ in range(nrings):
        (count,) = struct.unpack_from(order + "I", wkb, offset)
        offset += 4
        values = struct.unpack_from(order + f"{count * dims}d", wkb, offset)
        offset += 8 * count * dims
        rings.append([(values[i], values[i + 1]) for i in range(0, count * dims, dims)])
    return rings, offset
