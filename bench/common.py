"""Shared pieces of the benchmarks: a seeded synthetic city, timing, peak memory, results.json.

Run the benchmarks with ``make bench`` (Debian's Python with QGIS; numbers are noisy, ratios measured side
by side in one process are what to read).
"""

from __future__ import annotations

import json
import os
import resource
import statistics
import time
import tracemalloc
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from mitmach_qgis.core.themes import THEME_CODES

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results.json"
SIZES = tuple(int(s) for s in os.environ.get("MITMACH_BENCH_SIZES", "1000,10000,100000").split(","))
THEMES = THEME_CODES  # shares below follow this order
THEME_SHARES = (0.30, 0.06, 0.14, 0.06, 0.09, 0.1, 0.15, 0.07, 0.03)
STATUSES = ("checked", "submitted", "matched", "rejected", "withdrawn", "implemented")
STATUS_SHARES = (0.70, 0.12, 0.06, 0.04, 0.05, 0.03)
ORIGIN = (352000.0, 5706000.0)  # south-west corner of a 10 km × 10 km city around Bottrop, EPSG:25832
SIDE_M = 10_000.0


QUARTERS = 120  # dense clumps of the city; their number stays fixed, so density grows with the size
QUARTER_SPREAD_M = 60.0
QUARTER_PARETO = 1.7  # a few busy quarters, many quiet ones


def synthetic_city(n: int, seed: int = 42) -> dict[str, np.ndarray]:
    """``n`` proposals clumped around the quarters of a 10 km × 10 km city, calibrated to PERFORMANCE.md's
    data-size table (what was measured here; ``neighbour_stats`` reports ours in every run): the city is
    the same at every size and denser with more proposals, so at 100 000 the median proposal has about
    700 others within 150 m. Themes, statuses, years and participants (about 1.3 proposals each) drawn
    with the demo's shares; about 1.5 proposals per building."""
    rng = np.random.default_rng(seed)
    centres = rng.uniform(0, SIDE_M, size=(QUARTERS, 2))
    weights = rng.pareto(QUARTER_PARETO, size=QUARTERS) + 1.0
    owner = rng.choice(QUARTERS, size=n, p=weights / weights.sum())
    xy = centres[owner] + rng.normal(0, QUARTER_SPREAD_M, size=(n, 2))
    xy = np.clip(xy, 0, SIDE_M) + np.array(ORIGIN)
    participants = rng.integers(0, max(1, int(n / 1.3)), size=n)
    year_from = rng.integers(2026, 2030, size=n)
    year_to = year_from + rng.integers(0, 3, size=n)
    per_quarter = max(2, int(n / QUARTERS / 1.5))
    return {
        "x": xy[:, 0],
        "y": xy[:, 1],
        "theme": rng.choice(len(THEMES), size=n, p=THEME_SHARES),
        "status": rng.choice(len(STATUSES), size=n, p=STATUS_SHARES),
        "participant": participants,
        "year_from": year_from,
        "year_to": year_to,
        "building": owner * per_quarter + rng.integers(0, per_quarter, size=n),
        "role": rng.choice(3, size=n, p=(0.7, 0.25, 0.05)),
    }


def neighbour_stats(
    city: dict[str, np.ndarray], radius: float = 150.0, same_theme_radius: float = 125.0
) -> dict:
    """The figures of PERFORMANCE.md's data-size table for this city: neighbours within ``radius`` (median,
    p95; all proposals, any theme or status) and same-theme pairs within ``same_theme_radius``. Exact
    (a grid of ``radius`` cells, distances in numpy)."""
    x, y, theme = city["x"], city["y"], city["theme"]
    n = len(x)
    cx = np.floor((x - x.min()) / radius).astype(np.int64)
    cy = np.floor((y - y.min()) / radius).astype(np.int64)
    key = cx * (int(cy.max()) + 3) + cy
    order = np.argsort(key, kind="stable")
    keys, starts = np.unique(key[order], return_index=True)
    bounds = [*starts.tolist(), n]
    cells = {divmod(k, int(cy.max()) + 3): order[a:b] for k, a, b in zip(keys.tolist(), bounds, bounds[1:])}
    counts = np.zeros(n, dtype=np.int64)
    same = 0
    empty = np.empty(0, dtype=np.int64)
    for (i, j), members in cells.items():
        near = np.concatenate([cells.get((i + di, j + dj), empty) for di in (-1, 0, 1) for dj in (-1, 0, 1)])
        d2 = (x[members, None] - x[None, near]) ** 2 + (y[members, None] - y[None, near]) ** 2
        counts[members] = (d2 <= radius * radius).sum(axis=1) - 1
        close = (d2 <= same_theme_radius**2) & (theme[members, None] == theme[None, near])
        same += int(close.sum()) - len(members)
    return {
        f"neighbours_{radius:g}m_median": float(np.median(counts)) if n else 0.0,
        f"neighbours_{radius:g}m_p95": float(np.percentile(counts, 95)) if n else 0.0,
        f"same_theme_pairs_{same_theme_radius:g}m": same // 2,
    }


def city_rows(city: dict[str, np.ndarray]) -> list[dict]:
    """The city as proposal dicts (uuid, x, y, theme, status, participant_uuid, years, building_ref, role)."""
    n = len(city["x"])
    return [
        {
            "uuid": f"p{i:07d}", "x": float(city["x"][i]), "y": float(city["y"][i]),
            "theme": THEMES[city["theme"][i]], "status": STATUSES[city["status"][i]],
            "participant_uuid": f"q{city['participant'][i]:07d}", "year_from": int(city["year_from"][i]),
            "year_to": int(city["year_to"][i]), "building_ref": f"b{city['building'][i]:08d}",
            "role": ("owner", "tenant", "other")[city["role"][i]],
        }
        for i in range(n)
    ]  # fmt: skip


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(np.asarray(values), q))


def median(values: list[float]) -> float:
    return float(statistics.median(values))


@contextmanager
def timer():
    box = {}
    start = time.perf_counter()
    yield box
    box["seconds"] = time.perf_counter() - start


def peak_memory_mb(fn: Callable[[], object]) -> tuple[object, float]:
    """Result of ``fn()`` and the peak of Python/numpy allocations during it (tracemalloc), in MB."""
    tracemalloc.start()
    try:
        result = fn()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return result, peak / 1e6


def max_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def record(
    results: list[dict],
    benchmark: str,
    size: int,
    ours: tuple[float, float],
    peer: tuple[float, float] | None,
    peer_name: str | None,
    memory_mb: float | None = None,
    **extra,
) -> dict:
    """One row of results.json: our median/p95 seconds, the peer's, the ratio (peer / ours at p95)."""
    row = {
        "benchmark": benchmark, "size": size, "median_s": ours[0], "p95_s": ours[1],
        "peer": peer_name, "peer_median_s": peer[0] if peer else None, "peer_p95_s": peer[1] if peer else None,
        "ratio": (peer[1] / ours[1]) if peer and ours[1] > 0 else None, "peak_memory_mb": memory_mb, **extra,
    }  # fmt: skip
    results.append(row)
    return row


def write_results(rows: list[dict], replace: str) -> None:
    """Merge ``rows`` into results.json, replacing earlier rows whose benchmark name starts with ``replace``."""
    old = json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else []
    kept = [r for r in old if not str(r.get("benchmark", "")).startswith(replace)]
    RESULTS.write_text(json.dumps(kept + rows, indent=1) + "\n", encoding="utf-8")


def print_table(rows: list[dict]) -> None:
    print(
        f"{'benchmark':38} {'size':>7} {'median':>10} {'p95':>10} {'peer p95':>10} {'ratio':>7} {'mem MB':>7}"
    )
    for r in rows:

        def ms(v):
            return "-" if v is None else f"{v * 1000:.3f}ms" if v < 1 else f"{v:.2f}s"

        ratio = "-" if r["ratio"] is None else f"{r['ratio']:.1f}x"
        mem = "-" if r["peak_memory_mb"] is None else f"{r['peak_memory_mb']:.0f}"
        print(f"{r['benchmark']:38} {r['size']:>7} {ms(r['median_s']):>10} {ms(r['p95_s']):>10} "
              f"{ms(r['peer_p95_s']):>10} {ratio:>7} {mem:>7}")  # fmt: skip
