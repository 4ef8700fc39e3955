"""Columnar reads of a GeoPackage table through GDAL's Arrow stream (GDAL ≥ 3.6): whole columns as numpy
arrays, made in C++ — no Python object per row.

Why: the matching panel's cold open at 100 000 proposals spent ~0.13 s in ``sqlite3`` creating a tuple and
a string object per value and another ~0.1 s hashing those strings into codes; GDAL's
``OGRLayer.GetArrowStreamAsNumPy`` hands back fixed-width byte-string arrays (``S``) and WKB arrays in
~0.06 s, and codes come from ``np.unique`` on those arrays (bench/README.md has the figures).

Text comes back as UTF-8 bytes, a NULL as a masked entry (and ``b""``); an empty text and NULL are both
"missing" here, which is what every caller wants. Anything unusual (GDAL older than 3.6, a driver error)
makes :func:`read_columns` return ``None`` and the caller reads through ``sqlite3`` instead.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable
from pathlib import Path

import numpy as np

from ..core.matching import Coded

LOG = logging.getLogger("mitmach_qgis.data")
_WKB_POINT = np.dtype([("order", "u1"), ("type", "<u4"), ("x", "<f8"), ("y", "<f8")])
_WKB_POINT_SIZE = 21


def _probe() -> bool:
    try:
        from osgeo import gdal, ogr
    except ImportError:
        return False
    return int(gdal.VersionInfo()) >= 3060000 and hasattr(ogr.Layer, "GetArrowStreamAsNumPy")


# Probed once, when the module is imported (on QGIS's main thread), and reads serialised by a lock: the
# matching panel reads in a QgsTask, and two of GDAL's Python calls running at once in two threads crashed
# the process in a test that starts a second build before the first ended (GDAL 3.6's bindings keep
# their error-handling state per process).
_AVAILABLE = _probe()
_GDAL_LOCK = threading.Lock()


def available() -> bool:
    """GDAL's Python bindings with the Arrow stream as numpy (GDAL 3.6 and later)."""
    return _AVAILABLE


def read_columns(path: Path, tables: dict[str, Iterable[str]]) -> dict[str, dict[str, np.ndarray]] | None:
    """``{table: {column: array}}`` for the named columns (plus ``geom`` when asked for), or None when GDAL
    cannot do it. Tables are read one after the other in the order given: read the referencing table
    first, so every reference it holds points at a row that existed when it was read."""
    if not available():
        return None
    from osgeo import gdal

    # GDAL's exception mode is process-wide state, so it is left as QGIS set it: failures show as None
    # (checked) or as exceptions (caught), depending on that mode.
    try:
        with _GDAL_LOCK:
            ds = gdal.OpenEx(str(path), gdal.OF_VECTOR | gdal.OF_READONLY)
            if ds is None:
                return None
            try:
                return {name: _read_table(ds, name, set(columns)) for name, columns in tables.items()}
            finally:
                ds = None  # closes the file, after every stream of it has been released
    except Exception as exc:  # noqa: BLE001 - any trouble (GDAL raises plain Exception): sqlite3 reads it
        LOG.debug("Arrow read of %s failed (%s); reading through sqlite3", Path(path).name, exc)
        return None


def _read_table(ds, name: str, columns: set[str]) -> dict[str, np.ndarray]:
    layer = ds.GetLayerByName(name)
    if layer is None:
        raise KeyError(name)
    fields = [
        layer.GetLayerDefn().GetFieldDefn(k).GetName() for k in range(layer.GetLayerDefn().GetFieldCount())
    ]
    missing = columns - set(fields) - {"geom"}
    if missing:
        raise KeyError(f"{name}: {sorted(missing)}")
    ignored = [f for f in fields if f not in columns]
    if "geom" not in columns and layer.GetGeomType() != 0:
        ignored.append("OGR_GEOMETRY")
    layer.SetIgnoredFields(ignored)
    layer.ResetReading()
    # each batch copied as it comes (its arrays are views of memory GDAL owns), and the stream released
    # before the dataset closes, as GDAL's Arrow interface requires
    batches = [
        {k: v.copy() for k, v in b.items()} for b in layer.GetArrowStreamAsNumPy(options=["INCLUDE_FID=NO"])
    ]
    geometry_column = layer.GetGeometryColumn()
    out: dict[str, np.ndarray] = {}
    for column in columns:
        key = geometry_column if column == "geom" else column
        parts = [b[key] for b in batches]
        if not parts:
            out[column] = np.ma.masked_array(np.empty(0, dtype=object), mask=np.zeros(0, dtype=bool))
        elif any(isinstance(p, np.ma.MaskedArray) for p in parts):
            out[column] = np.ma.concatenate([np.ma.asarray(p) for p in parts])
        else:
            out[column] = np.ma.masked_array(np.concatenate(parts), mask=False)
    return out


def unique(values: np.ma.MaskedArray) -> tuple[np.ndarray, np.ndarray]:
    """(codes, distinct values as bytes, sorted) of a text column; NULL and empty text are -1."""
    data = np.ma.getdata(values)
    if data.dtype.kind == "O":  # GDAL gives object arrays in some cases: as fixed-width bytes
        data = np.array([b"" if v is None else bytes(v) for v in data.tolist()], dtype=bytes)
    if len(data) == 0:
        return np.empty(0, dtype=np.int64), np.empty(0, dtype="S1")
    names, codes = np.unique(data, return_inverse=True)
    codes = codes.astype(np.int64)
    if len(names) and names[0] == b"":  # np.unique sorts: the empty text comes first
        codes -= 1
        names = names[1:]
    codes[np.ma.getmaskarray(values)] = -1
    return codes, names


def coded(values: np.ma.MaskedArray) -> Coded:
    """A text column (bytes, masked where NULL) as codes into its distinct values (UTF-8 decoded);
    NULL and empty text are -1."""
    codes, names = unique(values)
    return Coded(codes, [n.decode("utf-8") for n in names.tolist()])


def lookup(sorted_keys: np.ndarray, order: np.ndarray, wanted: np.ndarray) -> np.ndarray:
    """Row of each ``wanted`` key in a table whose keys sort as ``sorted_keys`` (= keys[order]); -1 where
    absent."""
    if len(sorted_keys) == 0:
        return np.full(len(wanted), -1, dtype=np.int64)
    at = np.minimum(np.searchsorted(sorted_keys, wanted), len(sorted_keys) - 1)
    found = sorted_keys[at] == wanted
    return np.where(found, order[at], -1).astype(np.int64)


def texts(values: np.ma.MaskedArray) -> list:
    """A text column as a list of str (None where NULL)."""
    data = np.ma.getdata(values).tolist()
    missing = np.ma.getmaskarray(values).tolist()
    return [None if m or v is None else v.decode("utf-8") for v, m in zip(data, missing)]


def numbers(values: np.ma.MaskedArray) -> np.ndarray:
    """A numeric column as float64, NaN where NULL."""
    return np.ma.filled(np.ma.asarray(values).astype(np.float64), np.nan)


def points(values: np.ma.MaskedArray) -> tuple[np.ndarray, np.ndarray]:
    """x, y of a WKB point column (NaN for NULL, empty or other geometry); 2-D little-endian points (21
    bytes each) in one ``np.frombuffer``, anything else one by one through OGR."""
    data = np.ma.getdata(values)
    missing = np.ma.getmaskarray(values)
    n = len(data)
    x = np.full(n, np.nan)
    y = np.full(n, np.nan)
    if n == 0:
        return x, y
    if data.dtype.kind == "V" and data.dtype.itemsize == _WKB_POINT_SIZE:
        arr = np.frombuffer(data.tobytes(), dtype=_WKB_POINT)
    else:
        blobs = data.tolist()
        filler = bytes(_WKB_POINT_SIZE)
        arr = np.frombuffer(
            b"".join(bytes(b) if b is not None and len(b) == _WKB_POINT_SIZE else filler for b in blobs),
            dtype=_WKB_POINT,
        )
    good = (arr["order"] == 1) & (arr["type"] == 1) & ~missing
    x[good] = arr["x"][good]
    y[good] = arr["y"][good]
    rest = np.flatnonzero(~good & ~missing).tolist()  # big endian, Z/M, other sizes: one by one
    if rest:
        from osgeo import ogr

        with _GDAL_LOCK:
            for k in rest:
                blob = data[k]
                if blob is None:
                    continue
                geometry = ogr.CreateGeometryFromWkb(bytes(blob))
                if (
                    geometry is not None
                    and not geometry.IsEmpty()
                    and ogr.GT_Flatten(geometry.GetGeometryType()) == ogr.wkbPoint
                ):
                    x[k], y[k] = geometry.GetX(), geometry.GetY()
    bad = ~(np.isfinite(x) & np.isfinite(y))  # NaN coordinates: the empty point
    x[bad] = np.nan
    y[bad] = np.nan
    return x, y
