"""Matching (DESIGN.md §3): our numpy index against the QGIS-native ways, side by side in one process.

Rows (bench/README.md says how to read them):
- ``matching.build``: records (dicts) → MatchIndex; peer: QgsSpatialIndex over a memory layer of the same
  points plus the attribute cache a planner's script keeps (fid → values).
- ``matching.load``: GeoPackage → MatchIndex (``data.match_source.load_index``: the panel's cold open);
  peer: the same file through the QGIS provider into a QgsSpatialIndex and the attribute cache.
- ``matching.query``: one proposal's top 10 candidates, scoring and reasons included, over 1 000 random
  proposals; peer: QgsSpatialIndex.intersects on the circle's box + per-candidate Python filtering and
  scoring with the same rules and formula, sorted. ``agree``: both gave the same ranked uuids.
- ``matching.query_scan``: our query without the grid (one vectorised pass over all points), for the record
  of why the grid was chosen; peer: our grid query.
- ``matching.all_pairs``: every compatible pair within 150 m; peer: ``native:joinbynearest`` of the layer
  with itself (NEIGHBORS 50, MAX_DISTANCE 150), run up to 10 000 proposals only (at 100 000 it runs for
  minutes). The peer lists the 50 nearest neighbours within 150 m of every point — the purely spatial step
  a planner's script would start from, before any compatibility filter or score — so it does less than we
  do; at 10 000 its 50-neighbour cap also truncates (the p95 point has ~580 neighbours within 150 m).
"""

from __future__ import annotations

import math
import tempfile
import time
from pathlib import Path

import numpy as np

from .common import city_rows, median, neighbour_stats, peak_memory_mb, percentile, record, synthetic_city

PREFIX = "matching"
QUERIES = 1000
LIMIT = 10
PAIRS_RADIUS = 150.0
PEER_PAIRS_MAX_SIZE = 10_000
NEIGHBORS = 50


def builtin_rules():
    from mitmach_qgis.core.themes import COMPATIBILITY

    return list(COMPATIBILITY)  # the catalogue's rows are the engine's rules


def timed(fn, repeat: int) -> tuple[list[float], object]:
    times, result = [], None
    for _ in range(repeat):
        result = None  # the previous result is freed here, outside the timed call
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return times, result


def stats(times: list[float]) -> tuple[float, float]:
    return median(times), percentile(times, 95)


# -- the files and layers both sides read ---------------------------------------------------------------------
def write_city(rows: list[dict], path: Path):
    """The proposals and their participants (a role and a placeholder name, nothing personal)."""
    from mitmach_qgis.data.geometry import point_blob
    from mitmach_qgis.data.gpkg_store import GeoPackageStore

    store = GeoPackageStore.create(path, crs="EPSG:25832")
    roles: dict[str, str] = {}
    for r in rows:
        roles.setdefault(r["participant_uuid"], r["role"])
    with store.transaction() as conn:
        conn.executemany(
            "INSERT INTO participants (uuid, family_name, role) VALUES (?, 'bench', ?)", list(roles.items())
        )
        conn.executemany(
            "INSERT INTO proposals (uuid, geom, participant_uuid, theme, status, rejection_reason, year_from, "
            "year_to, building_ref) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(r["uuid"], point_blob(r["x"], r["y"], store.srs_id), r["participant_uuid"], r["theme"], r["status"],
              "bench" if r["status"] == "rejected" else None, r["year_from"], r["year_to"], r["building_ref"])
             for r in rows],
        )  # fmt: skip
        store.update_extent(conn, "proposals")
    return store


FIELDS = ("uuid", "theme", "status", "participant_uuid", "year_from", "year_to", "building_ref", "role")


def memory_layer(rows: list[dict]):
    from qgis.core import QgsFeature, QgsGeometry, QgsPointXY, QgsVectorLayer

    spec = "&".join(
        f"field={f}:{'integer' if f.startswith('year') else 'string'}" for f in FIELDS
    )  # fmt: skip
    layer = QgsVectorLayer(f"Point?crs=EPSG:25832&{spec}", "proposals", "memory")
    features = []
    for r in rows:
        feature = QgsFeature(layer.fields())
        feature.setAttributes([r[f] for f in FIELDS])
        feature.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(r["x"], r["y"])))
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    return layer


# -- the QGIS-native peer of a query ----------------------------------------------------------------------------
class NativeMatcher:
    """How a planner's PyQGIS script would do it, reasonably written: one QgsSpatialIndex, attributes cached
    in a dict once, per query the index's box lookup and per-candidate filtering and scoring in Python,
    with the same rules and score formula as the engine."""

    def __init__(self, features, rules, weights, roles=None) -> None:
        from qgis.core import QgsSpatialIndex

        self.index = QgsSpatialIndex()
        self.attrs: dict[int, tuple] = {}
        self.fid_of: dict[str, int] = {}
        for feature in features:
            self.index.addFeature(feature)
            point = feature.geometry().asPoint()
            if roles is None:
                values = tuple(feature[f] for f in FIELDS)
            else:  # read from the file: the role comes from the participants table
                values = (*(feature[f] for f in FIELDS[:-1]), roles.get(feature["participant_uuid"]))
            self.attrs[feature.id()] = (point.x(), point.y(), *values)
            self.fid_of[values[0]] = feature.id()
        self.rules: dict[tuple[str, str], list] = {}
        for rule in sorted(rules, key=lambda r: (-(r.same_building_only + (r.role_pair is not None)),
                                                 r.theme_a, r.theme_b, r.synergy)):  # fmt: skip
            if rule.weight > 0:
                self.rules.setdefault((rule.theme_a, rule.theme_b), []).append(rule)
                if rule.theme_a != rule.theme_b:
                    self.rules.setdefault((rule.theme_b, rule.theme_a), []).append(rule)
        self.reach: dict[str, float] = {}
        for (a, _), found in self.rules.items():
            self.reach[a] = max(self.reach.get(a, 0.0), *(r.max_distance_m for r in found))
        self.weights = weights

    @staticmethod
    def _years(first, last):
        first = last if _null(first) else first
        last = first if _null(last) else last
        return None if _null(first) else (min(first, last), max(first, last))

    def query(self, uuid: str, limit: int = LIMIT) -> list[str]:
        from qgis.core import QgsRectangle

        fid = self.fid_of[uuid]
        x, y, _, theme, _, participant, yf, yt, building, role = self.attrs[fid]
        reach = self.reach.get(theme)
        if not reach:
            return []
        w = self.weights
        base_sum = w.distance + w.years + w.theme
        mine = self._years(yf, yt)
        found = []
        for cid in self.index.intersects(QgsRectangle(x - reach, y - reach, x + reach, y + reach)):
            cx, cy, cuuid, ctheme, cstatus, cpart, cyf, cyt, cbuilding, crole = self.attrs[cid]
            if (
                cid == fid
                or cstatus not in ("checked", "matched")
                or (cpart is not None and cpart == participant)
            ):
                continue
            rules = self.rules.get((theme, ctheme))
            if not rules:
                continue
            d = math.sqrt((cx - x) ** 2 + (cy - y) ** 2)
            theirs = self._years(cyf, cyt)
            same_building = building is not None and building == cbuilding
            best = None
            for rule in rules:
                if d > rule.max_distance_m or (rule.same_building_only and not same_building):
                    continue
                if rule.role_pair == "owner_tenant" and {role, crole} != {"owner", "tenant"}:
                    continue
                if mine is None or theirs is None:
                    years = 0.5
                else:
                    gap = max(mine[0], theirs[0]) - min(mine[1], theirs[1])
                    if gap > rule.year_tolerance:
                        continue
                    shorter = min(mine[1] - mine[0], theirs[1] - theirs[0]) + 1.0
                    years = (
                        0.5 + 0.5 * (1 - gap) / shorter
                        if gap <= 0
                        else 0.5 * (1 - gap / (rule.year_tolerance + 1))
                    )
                score = (
                    w.distance * (1 - d / rule.max_distance_m) + w.years * years + w.theme * rule.weight
                ) / base_sum
                score = min(
                    1.0, score + w.same_building_bonus * same_building + w.same_block_bonus * same_building
                )
                if best is None or score > best:
                    best = score
            if best is not None:
                found.append((-best, d, cuuid))
        found.sort()
        return [c[2] for c in found[:limit]]


def _null(value) -> bool:
    return value is None or (hasattr(value, "isNull") and value.isNull())


# -- one size ---------------------------------------------------------------------------------------------------
def run_size(n: int, results: list[dict], folder: Path) -> None:
    import processing
    from qgis.core import QgsVectorLayer

    from mitmach_qgis.core.matching import MatchIndex, ScoreWeights
    from mitmach_qgis.data.match_source import load_index

    rules, weights = builtin_rules(), ScoreWeights()
    city = synthetic_city(n)
    rows = city_rows(city)
    rng = np.random.default_rng(7)
    picks = [rows[k]["uuid"] for k in rng.integers(0, n, QUERIES)]

    # build: records → index, and its peer
    times, index = timed(lambda: MatchIndex.from_records(rows, rules, weights), 5)
    _, memory = peak_memory_mb(lambda: MatchIndex.from_records(rows, rules, weights))
    layer = memory_layer(rows)
    peer_times, native = timed(
        lambda: NativeMatcher(layer.getFeatures(), rules, weights), 3 if n < 100_000 else 1
    )
    record(results, "matching.build", n, stats(times), stats(peer_times),
           "QgsSpatialIndex + attribute cache (memory layer)", memory, proposals=n, **neighbour_stats(city))  # fmt: skip

    # load: the file → index (the panel's cold open), and its peer through the QGIS provider
    path = folder / f"city-{n}.gpkg"
    store = write_city(rows, path)
    times, _ = timed(lambda: load_index(store), 5)
    _, memory = peak_memory_mb(lambda: load_index(store))
    gpkg = QgsVectorLayer(f"{path}|layername=proposals", "proposals", "ogr")
    people = QgsVectorLayer(f"{path}|layername=participants", "participants", "ogr")

    def native_load():
        roles = {f["uuid"]: f["role"] for f in people.getFeatures()}
        return NativeMatcher(gpkg.getFeatures(), rules, weights, roles)

    peer_times, _ = timed(native_load, 3 if n < 100_000 else 1)
    record(results, "matching.load", n, stats(times), stats(peer_times),
           "QGIS provider read + QgsSpatialIndex + attribute cache", memory, file_mb=path.stat().st_size / 1e6)  # fmt: skip

    # query: top 10 with scoring and reasons' data, and its peer
    ours_times, counts = [], []
    for uuid in picks:
        start = time.perf_counter()
        found = index.query(uuid, limit=LIMIT)
        ours_times.append(time.perf_counter() - start)
        counts.append(len(found))
    peer_times, agree = [], 0
    for uuid in picks:
        start = time.perf_counter()
        theirs = native.query(uuid)
        peer_times.append(time.perf_counter() - start)
        agree += theirs == [c.uuid for c in index.query(uuid, limit=LIMIT)]
    _, memory = peak_memory_mb(lambda: [index.query(u, limit=LIMIT) for u in picks[:100]])
    record(results, "matching.query", n, stats(ours_times), stats(peer_times),
           "QgsSpatialIndex + per-candidate Python scoring", memory, queries=QUERIES, limit=LIMIT,
           agree=f"{agree}/{QUERIES}", median_candidates=median(counts))  # fmt: skip

    # the same queries without the grid: one vectorised pass over every point
    index._scan = True
    scan_times = []
    for uuid in picks:
        start = time.perf_counter()
        index.query(uuid, limit=LIMIT)
        scan_times.append(time.perf_counter() - start)
    index._scan = False
    record(results, "matching.query_scan", n, stats(scan_times), stats(ours_times), "our grid query", None,
           queries=QUERIES)  # fmt: skip

    # all pairs within 150 m, and native:joinbynearest up to 10 000
    repeat = 3 if n <= PEER_PAIRS_MAX_SIZE else 1
    times, pairs = timed(lambda: index.all_pairs(max_distance=PAIRS_RADIUS), repeat)
    _, memory = peak_memory_mb(lambda: index.all_pairs(max_distance=PAIRS_RADIUS))
    peer, peer_name, peer_rows = None, None, None
    if n <= PEER_PAIRS_MAX_SIZE:
        params = {"INPUT": layer, "INPUT_2": layer, "FIELDS_TO_COPY": ["uuid"], "DISCARD_NONMATCHING": True,
                  "PREFIX": "near_", "NEIGHBORS": NEIGHBORS, "MAX_DISTANCE": PAIRS_RADIUS, "OUTPUT": "memory:"}  # fmt: skip
        peer_times, output = timed(lambda: processing.run("native:joinbynearest", params)["OUTPUT"], 1)
        peer, peer_name, peer_rows = (
            stats(peer_times),
            f"native:joinbynearest (NEIGHBORS {NEIGHBORS})",
            output.featureCount(),
        )
    record(results, "matching.all_pairs", n, stats(times), peer, peer_name, memory, pairs=len(pairs),
           max_distance_m=PAIRS_RADIUS, peer_rows=peer_rows)  # fmt: skip


def main(sizes) -> list[dict]:
    results: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="mitmach-bench-matching-") as tmp:
        for n in sizes:
            run_size(int(n), results, Path(tmp))
    return results
