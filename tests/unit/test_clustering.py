"""Grid DBSCAN (core/clustering.py) against a literal brute-force DBSCAN, as QGIS implements it."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mitmach_qgis.core.clustering import DbscanResult, dbscan

X0, Y0 = 357000.0, 5711000.0


def reference(x, y, eps, min_points, years=None, tolerance=None):
    """QGIS's ``QgsDbscanClusteringAlgorithm::dbscan`` step by step on a full distance matrix: features in
    input order; an unvisited core point starts a cluster that takes every point it reaches (a border point
    joins the first cluster that reaches it); the neighbourhood counts the point itself."""
    x, y = np.asarray(x, float), np.asarray(y, float)
    n = x.size
    dx = x[:, None] - x[None, :]
    dy = y[:, None] - y[None, :]
    adjacent = dx * dx + dy * dy <= eps * eps
    valid = np.ones(n, dtype=bool)
    if years is not None:
        values = np.asarray(years, float)
        low, high = (values, values) if values.ndim == 1 else (values[:, 0], values[:, 1])
        gap = np.maximum(low[None, :] - high[:, None], low[:, None] - high[None, :])
        valid = np.isfinite(low) & np.isfinite(high)
        adjacent &= (gap <= tolerance) & valid[:, None] & valid[None, :]
    core = (adjacent.sum(axis=1) >= min_points) & valid
    labels = np.full(n, -1)
    visited: set[int] = set()
    cluster = 0
    for i in range(n):
        if i in visited or not core[i]:
            continue
        visited.add(i)
        labels[i] = cluster
        queue = set(np.flatnonzero(adjacent[i]).tolist())
        while queue:
            j = queue.pop()
            if j in visited:
                continue
            visited.add(j)
            if core[j]:
                queue |= {k for k in np.flatnonzero(adjacent[j]).tolist() if k not in visited}
            labels[j] = cluster
        cluster += 1
    return labels, core


def canonical(labels, mask):
    """The partition of the points in ``mask`` as a set of frozensets (ids do not matter)."""
    groups: dict[int, set[int]] = {}
    for i in np.flatnonzero(mask):
        groups.setdefault(int(labels[i]), set()).add(int(i))
    return {frozenset(g) for g in groups.values()}


def assert_same(result: DbscanResult, labels, core):
    assert np.array_equal(result.core, core), "core flags differ"
    assert canonical(result.labels, result.core) == canonical(labels, core), "core partition differs"
    assert np.array_equal(result.labels, labels), "labels (border assignment or numbering) differ"


def random_case(rng, n):
    kind = rng.integers(0, 4)
    scale = float(rng.choice([40.0, 300.0, 2000.0]))
    if kind == 0:  # uniform
        x, y = rng.uniform(0, scale, n), rng.uniform(0, scale, n)
    elif kind == 1:  # clumps
        centres = rng.uniform(0, scale, (max(1, n // 15), 2))
        pick = rng.integers(0, len(centres), n)
        x, y = centres[pick, 0] + rng.normal(0, 30, n), centres[pick, 1] + rng.normal(0, 30, n)
    elif kind == 2:  # on a 10 m lattice: many distances of exactly eps, many duplicates
        x, y = rng.integers(0, 30, n) * 10.0, rng.integers(0, 30, n) * 10.0
    else:  # on the cell borders of the grid (multiples of eps/√2)
        step = 125.0 / math.sqrt(2)
        x, y = rng.integers(0, 8, n) * step, rng.integers(0, 8, n) * step
    return x + X0, y + Y0


@pytest.mark.parametrize("seed", range(40))
def test_matches_brute_force_on_random_points(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(0, 400))
    x, y = random_case(rng, n)
    eps = float(rng.choice([10.0, 30.0, 125.0, 125.0 / math.sqrt(2), 200.0]))
    min_points = int(rng.integers(1, 8))
    assert_same(dbscan(x, y, eps, min_points), *reference(x, y, eps, min_points))


@settings(max_examples=150, deadline=None)
@given(
    points=st.lists(
        st.tuples(st.integers(-40, 40), st.integers(-40, 40)).map(lambda p: (p[0] * 2.5, p[1] * 2.5)),
        max_size=60,
    ),
    eps=st.sampled_from([1.0, 2.5, 5.0, 7.5, 12.5, 25.0]),
    min_points=st.integers(1, 6),
)
def test_matches_brute_force_hypothesis(points, eps, min_points):
    x = np.array([p[0] for p in points], dtype=float)
    y = np.array([p[1] for p in points], dtype=float)
    assert_same(dbscan(x, y, eps, min_points), *reference(x, y, eps, min_points))


@pytest.mark.parametrize("seed", range(15))
def test_spatio_temporal_matches_brute_force(seed):
    rng = np.random.default_rng(100 + seed)
    n = int(rng.integers(1, 300))
    x, y = random_case(rng, n)
    start = rng.integers(2026, 2031, n).astype(float)
    years = start if seed % 2 else np.column_stack([start, start + rng.integers(0, 3, n)])
    years[rng.random(n) < 0.1] = np.nan
    tolerance = int(rng.integers(0, 3))
    eps, min_points = 125.0, int(rng.integers(2, 5))
    result = dbscan(x, y, eps, min_points, years, tolerance)
    assert_same(result, *reference(x, y, eps, min_points, years, tolerance))


def test_years_keep_apart_what_space_joins():
    x = np.arange(6) * 10.0
    y = np.zeros(6)
    years = np.array([2026, 2026, 2026, 2030, 2030, 2030], dtype=float)
    spatial = dbscan(x, y, 15, 3)
    assert spatial.n_clusters == 1
    temporal = dbscan(x, y, 15, 3, years, 1)
    assert temporal.n_clusters == 2
    assert list(temporal.labels) == [0, 0, 0, 1, 1, 1]
    assert list(dbscan(x, y, 15, 3, years, 4).labels) == [0] * 6


def test_periods_overlap_means_no_gap():
    x, y = np.array([0.0, 5.0, 10.0]), np.zeros(3)
    periods = np.array([[2026, 2028], [2028, 2029], [2030, 2031]], dtype=float)
    assert list(dbscan(x, y, 20, 3, periods, 0).labels) == [-1, -1, -1]  # 2028–29 and 2030 are 1 year apart
    assert list(dbscan(x, y, 20, 3, periods, 1).labels) == [0, 0, 0]


def test_points_without_years_are_noise_and_count_for_nobody():
    x, y = np.array([0.0, 1.0, 2.0]), np.zeros(3)
    years = np.array([2026, np.nan, 2026])
    result = dbscan(x, y, 5, 3, years, 5)
    assert list(result.labels) == [-1, -1, -1]
    assert not result.core.any()


def test_core_border_noise_semantics():
    # a run of five points 10 m apart with eps 10 and min 3: the inner three are core (two neighbours plus
    # themselves), the ends are border, a lone point is noise
    x = np.array([0.0, 10.0, 20.0, 30.0, 40.0, 500.0])
    y = np.zeros(6)
    result = dbscan(x, y, 10, 3)
    assert list(result.core) == [False, True, True, True, False, False]
    assert list(result.labels) == [0, 0, 0, 0, 0, -1]
    assert list(result.roles()) == ["border", "core", "core", "core", "border", "noise"]
    # counting the point itself: two points 10 m apart form a cluster with min 2, not without
    assert dbscan([0.0, 10.0], [0.0, 0.0], 10, 2).n_clusters == 1
    assert dbscan([0.0, 10.0], [0.0, 0.0], 10, 3).n_clusters == 0


def test_distance_of_exactly_eps_is_a_neighbour():
    result = dbscan([0.0, 125.0, 250.0], [0.0, 0.0, 0.0], 125, 3)
    assert list(result.core) == [False, True, False]
    assert list(result.labels) == [0, 0, 0]
    assert dbscan([0.0, 125.0000001, 250.0], [0.0, 0.0, 0.0], 125, 3).n_clusters == 0


@pytest.mark.parametrize("scale", [1.0, 1e-3, 1e-6])
def test_pairs_just_over_or_under_eps_in_every_direction(scale):
    """The grid's cells must never put two points farther than eps apart into one cell: pairs at eps × (1 ±
    ``scale``) in random directions (diagonals included) from random origins."""
    rng = np.random.default_rng(int(1 / scale))
    eps = 125.0
    for sign in (-1, 1):
        angle = np.concatenate([rng.uniform(0, 2 * np.pi, 200), np.pi / 4 + np.arange(4) * np.pi / 2])
        start = rng.uniform(0, 1000, (angle.size, 2)) + np.array([X0, Y0])
        d = eps * (1 + sign * scale)
        end = start + d * np.column_stack([np.cos(angle), np.sin(angle)])
        for a, b in zip(start, end):
            x, y = np.array([a[0], b[0]]), np.array([a[1], b[1]])
            expected = (x[0] - x[1]) ** 2 + (y[0] - y[1]) ** 2 <= eps * eps
            assert dbscan(x, y, eps, 2).n_clusters == int(expected)


def test_two_points_on_the_diagonal_of_a_cell():
    side = 125.0 / math.sqrt(2)
    d = side * (1 + 4e-4)  # a hair beyond eps apart: 125 × 1.0004
    assert dbscan([0.0, d], [0.0, d], 125, 2).n_clusters == 0
    d = side * (1 - 4e-4)
    assert dbscan([0.0, d], [0.0, d], 125, 2).n_clusters == 1


def test_border_point_between_two_clusters_goes_to_the_smaller_id():
    # two clusters left and right, a border point in the middle reachable from both (itself and one point
    # of each side: 3 < 4); the right cluster has the smaller input index, so it is cluster 0 and gets it
    left = [(-1.0, 0.0), (0.0, 0.0), (1.0, 0.0), (2.0, 0.0)]
    right = [(20.0, 0.0), (21.0, 0.0), (22.0, 0.0), (23.0, 0.0)]
    middle = [(11.0, 0.0)]
    pts = np.array(right + left + middle)
    result = dbscan(pts[:, 0], pts[:, 1], 9.0, 4)
    assert list(result.labels) == [0, 0, 0, 0, 1, 1, 1, 1, 0]
    assert not result.core[8] and result.core[:8].all()
    flipped = np.array(left + right + middle)
    assert list(dbscan(flipped[:, 0], flipped[:, 1], 9.0, 4).labels) == [0, 0, 0, 0, 1, 1, 1, 1, 0]


def test_ids_are_numbered_by_first_core_point_and_stable_under_shuffling():
    rng = np.random.default_rng(7)
    x, y = random_case(rng, 300)
    first = dbscan(x, y, 60, 3)
    again = dbscan(x.copy(), y.copy(), 60, 3)
    assert np.array_equal(first.labels, again.labels)
    firsts = [int(np.flatnonzero((first.labels == c) & first.core)[0]) for c in range(first.n_clusters)]
    assert firsts == sorted(firsts)
    order = rng.permutation(x.size)
    shuffled = dbscan(x[order], y[order], 60, 3)
    assert np.array_equal(shuffled.core, first.core[order])
    assert canonical(shuffled.labels, shuffled.core) == {
        frozenset(int(np.flatnonzero(order == i)[0]) for i in group)
        for group in canonical(first.labels, first.core)
    }


def test_empty_single_and_duplicates():
    empty = dbscan([], [], 125, 3)
    assert empty.labels.size == 0 and empty.core.size == 0 and empty.n_clusters == 0
    assert list(dbscan([5.0], [5.0], 125, 2).labels) == [-1]
    assert list(dbscan([5.0], [5.0], 125, 1).labels) == [0]
    same = dbscan([7.0] * 3, [8.0] * 3, 0.001, 3)
    assert list(same.labels) == [0, 0, 0] and same.core.all()
    assert dbscan([7.0] * 2, [8.0] * 2, 0.001, 3).n_clusters == 0


def test_dense_clusters_do_not_need_the_pairs():
    # 20 000 points in a few dense clumps: must run (and stay exact on a sample of the core flags)
    rng = np.random.default_rng(3)
    centres = rng.uniform(0, 3000, (20, 2))
    pick = rng.integers(0, 20, 20000)
    x = centres[pick, 0] + rng.normal(0, 15, 20000)
    y = centres[pick, 1] + rng.normal(0, 15, 20000)
    result = dbscan(x, y, 125, 3)
    sample = rng.choice(20000, 200, replace=False)
    for i in sample:
        count = int(((x - x[i]) ** 2 + (y - y[i]) ** 2 <= 125.0**2).sum())
        assert result.core[i] == (count >= 3)


@pytest.mark.parametrize(
    ("args", "kwargs"),
    [
        (([0.0], [0.0], 0, 3), {}),
        (([0.0], [0.0], -1, 3), {}),
        (([0.0], [0.0], float("nan"), 3), {}),
        (([0.0], [0.0], 10, 0), {}),
        (([0.0], [0.0], 10, 2.5), {}),
        (([float("nan")], [0.0], 10, 3), {}),
        (([0.0, 1.0], [0.0], 10, 3), {}),
        (([0.0], [0.0], 10, 3), {"years": [2026]}),
        (([0.0], [0.0], 10, 3), {"years": [2026, 2027], "year_tolerance": 1}),
        (([0.0], [0.0], 10, 3), {"years": [2026], "year_tolerance": -1}),
    ],
)
def test_invalid_arguments(args, kwargs):
    with pytest.raises(ValueError):
        dbscan(*args, **kwargs)
