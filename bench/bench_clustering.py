"""DBSCAN per theme (eps 125 m, min points 3), file read included: our grid DBSCAN in numpy against QGIS's
``native:dbscanclustering`` (one run per theme), on the same GeoPackage in the same process.

Each size writes the synthetic city (``bench.common.synthetic_city``) once into a participation database.
Ours: per theme one SQL query (fid and point blobs, decoded with numpy) and ``core.clustering.dbscan``.
Native: per theme a GeoPackage layer filtered to the theme, ``native:dbscanclustering`` into a memory
layer. Agreement: a second, untimed native run with "DBSCAN*" (border points as noise) gives exactly the
core points; their partition must equal ours (``agree``), and the ids of the normal run must equal ours + 1
point for point, border points included (``agree_ids``).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np

from .common import (
    STATUSES,
    THEMES,
    median,
    peak_memory_mb,
    percentile,
    record,
    synthetic_city,
    timer,
)

PREFIX = "clustering"
EPS = 125.0
MIN_POINTS = 3


def write_city(city: dict[str, np.ndarray], path: Path):
    """The city's proposals in a new participation database (no participants: nothing personal)."""
    from mitmach_qgis.data.geometry import point_blob
    from mitmach_qgis.data.gpkg_store import GeoPackageStore

    store = GeoPackageStore.create(path, crs="EPSG:25832")
    n = len(city["x"])
    rows = (
        (
            f"p{i:07d}", THEMES[city["theme"][i]], STATUSES[city["status"][i]],
            "bench" if STATUSES[city["status"][i]] == "rejected" else None,
            int(city["year_from"][i]), int(city["year_to"][i]), f"b{city['building'][i]:08d}",
            point_blob(float(city["x"][i]), float(city["y"][i]), store.srs_id),
        )
        for i in range(n)
    )  # fmt: skip
    with store.transaction() as conn:
        conn.executemany(
            "INSERT INTO proposals (uuid, theme, status, rejection_reason, year_from, year_to, building_ref, geom) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            rows,
        )
        store.update_extent(conn, "proposals")
    return store


def ours(store) -> dict[str, tuple[np.ndarray, object]]:
    """Per theme: (fid, DbscanResult), the file read included."""
    from mitmach_qgis.core.clustering import dbscan
    from mitmach_qgis.data.cluster_source import read_points

    out = {}
    for theme in THEMES:
        fid, x, y = read_points(store, [theme])
        out[theme] = (fid, dbscan(x, y, EPS, MIN_POINTS))
    return out


def native(path: Path, border_noise: bool = False) -> dict[str, dict[int, int]]:
    """Per theme: {fid: CLUSTER_ID or -1} from native:dbscanclustering, one run per theme."""
    import processing
    from qgis.core import QgsVectorLayer

    out = {}
    for theme in THEMES:
        layer = QgsVectorLayer(f"{path}|layername=proposals|subset=\"theme\" = '{theme}'", theme, "ogr")
        result = processing.run(
            "native:dbscanclustering",
            {
                "INPUT": layer,
                "MIN_SIZE": MIN_POINTS,
                "EPS": EPS,
                "DBSCAN*": border_noise,
                "OUTPUT": "memory:",
            },
        )["OUTPUT"]
        ids = {}
        for feature in result.getFeatures():
            value = feature["CLUSTER_ID"]
            ids[int(feature["fid"])] = -1 if value is None or str(value) == "NULL" else int(value)
        out[theme] = ids
    return out


def _partition(fid: np.ndarray, labels: np.ndarray, mask: np.ndarray) -> set[frozenset[int]]:
    groups: dict[int, set[int]] = {}
    for f, label in zip(fid[mask].tolist(), labels[mask].tolist()):
        groups.setdefault(label, set()).add(f)
    return {frozenset(g) for g in groups.values()}


def agreement(path: Path, our_result, native_ids) -> tuple[bool, bool]:
    """(identical core points and core partition, identical ids point for point) over all themes."""
    core_only = native(path, border_noise=True)
    agree = agree_ids = True
    for theme in THEMES:
        fid, result = our_result[theme]
        theirs_core = np.array([core_only[theme][f] for f in fid.tolist()])
        agree &= bool(np.array_equal(theirs_core >= 0, result.core))
        agree &= _partition(fid, theirs_core, theirs_core >= 0) == _partition(fid, result.labels, result.core)
        theirs = np.array([native_ids[theme][f] for f in fid.tolist()])
        agree_ids &= bool(np.array_equal(theirs, np.where(result.labels >= 0, result.labels + 1, -1)))
    return agree, agree_ids


def main(sizes) -> list[dict]:
    results: list[dict] = []
    for size in sizes:
        with tempfile.TemporaryDirectory(prefix="mitmach-bench-") as folder:
            path = Path(folder) / "city.gpkg"
            store = write_city(synthetic_city(size), path)
            runs, peer_runs = (7, 3) if size <= 10_000 else (5, 2)
            ours(store)  # warm the file cache for both sides alike
            times = []
            for _ in range(runs):
                with timer() as t:
                    our_result = ours(store)
                times.append(t["seconds"])
            peer_times = []
            for _ in range(peer_runs):
                with timer() as t:
                    native_ids = native(path)
                peer_times.append(t["seconds"])
            _, memory = peak_memory_mb(lambda store=store: ours(store))
            agree, agree_ids = agreement(path, our_result, native_ids)
            record(
                results, "clustering.dbscan", size, (median(times), percentile(times, 95)),
                (median(peer_times), percentile(peer_times, 95)), "native:dbscanclustering", memory,
                agree=agree, agree_ids=agree_ids, eps_m=EPS, min_points=MIN_POINTS, themes=len(THEMES),
                clusters=int(sum(r.n_clusters for _, r in our_result.values())),
                core_points=int(sum(int(r.core.sum()) for _, r in our_result.values())),
            )  # fmt: skip
    return results
