"""Heat demand, trench length and linear heat density of a cluster (core/heat_density.py)."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest

from mitmach_qgis.core.heat_density import (
    Building,
    HeatDensitySettings,
    Member,
    class_labels,
    cluster_figures,
    is_candidate,
    lhd_class,
    minimum_spanning_tree,
    mst_length,
    street_tree,
)


def street_of_houses(n=10, spacing=12.0, demand=20.0, **extra):
    return [
        Member(357000.0 + i * spacing, 5711000.0, "heating", 2026, 2027, f"person-{i}", "owner", f"house-{i}",
               demand, **extra)
        for i in range(n)
    ]  # fmt: skip


@pytest.mark.parametrize("connection", [0.0, 10.0, 15.0])
def test_ten_houses_on_a_straight_street_match_the_hand_calculation(connection):
    figures = cluster_figures(street_of_houses(), HeatDensitySettings(connection_length_m=connection))
    by_hand = 200.0 / (108.0 + 10 * connection)  # 10 × 20 MWh/a over 9 × 12 m plus 10 connections
    assert figures.heat_demand_mwh_a == pytest.approx(200.0)
    assert figures.main_m == pytest.approx(108.0)
    assert figures.trench_m == pytest.approx(108.0 + 10 * connection)
    assert figures.lhd_mwh_m_a == pytest.approx(by_hand, rel=0.01)
    assert figures.buildings == 10 and figures.demand_defaulted == 0


def test_ten_houses_along_a_street_layer_give_the_same_trench():
    street = [[(356900.0, 5710992.0), (357300.0, 5710992.0)]]  # 8 m in front of the houses
    figures = cluster_figures(street_of_houses(), HeatDensitySettings(connection_length_m=10.0), street)
    assert figures.along_streets
    assert figures.main_m == pytest.approx(108.0)
    assert figures.connections_m == pytest.approx(100.0)  # max(10 m, 8 m to the street) each
    assert figures.lhd_mwh_m_a == pytest.approx(200.0 / 208.0, rel=0.01)


def _kruskal(x, y):
    n = len(x)
    parent = list(range(n))

    def find(a):
        while parent[a] != a:
            a = parent[a]
        return a

    total = 0.0
    for d, i, j in sorted(
        (math.hypot(x[i] - x[j], y[i] - y[j]), i, j) for i, j in itertools.combinations(range(n), 2)
    ):
        ri, rj = find(i), find(j)
        if ri != rj:
            parent[ri] = rj
            total += d
    return total


@pytest.mark.parametrize("seed", range(25))
def test_prim_matches_kruskal_on_random_points(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(0, 40))
    x, y = rng.uniform(0, 500, n), rng.uniform(0, 500, n)
    if seed % 3 == 0 and n > 3:
        x[1], y[1] = x[0], y[0]  # a duplicate
    i, j, w = minimum_spanning_tree(x, y)
    assert len(w) == max(0, n - 1)
    assert np.allclose(w, np.hypot(x[i] - x[j], y[i] - y[j]))
    assert mst_length(x, y) == pytest.approx(_kruskal(x, y), abs=1e-9)
    # a spanning tree: every point is reached
    reached = {0} if n else set()
    edges = list(zip(i.tolist(), j.tolist()))
    for a, b in edges:
        assert a in reached and b not in reached
        reached.add(b)
    assert reached == set(range(n))


def test_spanning_tree_with_groups_only_links_the_groups():
    x = np.array([0.0, 10.0, 100.0, 110.0])
    y = np.zeros(4)
    _, _, w = minimum_spanning_tree(x, y, groups=[1, 1, 2, 2])
    assert list(w) == [90.0]


@pytest.mark.parametrize(
    ("value", "klass", "candidate"),
    [(0.0, 0, False), (0.6999, 0, False), (0.7, 1, False), (1.4999, 1, False), (1.5, 2, True),
     (1.9999, 2, True), (2.0, 3, True), (7.0, 3, True)],
)  # fmt: skip
def test_classes_and_candidate_at_the_thresholds(value, klass, candidate):
    assert lhd_class(value) == klass
    assert is_candidate(value) is candidate
    assert class_labels()[klass] == ("< 0.7", "0.7–1.5", "1.5–2.0", "≥ 2.0")[klass]


def test_configurable_thresholds_and_missing_value():
    assert lhd_class(0.6, (0.5, 1.0)) == 1
    assert class_labels((0.5, 1.0)) == ("< 0.5", "0.5–1.0", "≥ 1.0")
    assert is_candidate(0.5, 0.5) and not is_candidate(0.49, 0.5)  # KfW 271/281's 500 kWh/(m·a)
    assert lhd_class(None) is None and not is_candidate(None)


def test_candidate_flag_follows_the_settings():
    houses = street_of_houses(demand=40.0)  # 400 / 208 = 1.92
    assert cluster_figures(houses).candidate
    figures = cluster_figures(houses, HeatDensitySettings(candidate_threshold=2.0))
    assert not figures.candidate and figures.lhd_label == "1.5–2.0"


def test_buildings_count_once_and_default_demand_per_dwelling():
    members = [
        Member(0.0, 0.0, "heating", 2026, 2027, "a", "owner", "b1", None, 3),
        Member(0.0, 0.0, "heat_network", 2027, 2028, "b", "tenant", "b1", None, 3),  # same building
        Member(30.0, 0.0, "heating", None, None, "a", "owner", None, None, None),  # own building, 1 dwelling
    ]
    settings = HeatDensitySettings(default_demand_per_dwelling_mwh_a=15.0, connection_length_m=10.0)
    f = cluster_figures(members, settings)
    assert f.members == 3 and f.buildings == 2 and f.participants == 2
    assert f.heat_demand_mwh_a == pytest.approx(3 * 15.0 + 15.0)
    assert f.demand_defaulted == 2
    assert f.trench_m == pytest.approx(30.0 + 20.0)
    assert (f.owners, f.tenants, f.others) == (1, 1, 0)
    assert f.themes == ("heat_network", "heating")
    assert (f.year_from, f.year_to, f.period) == (2026, 2028, "2026–2028")


def test_area_buildings_count_too():
    members = street_of_houses(n=3)
    others = [Building("house-1", 357012.0, 5711005.0, 20.0), Building("extra", 357030.0, 5711000.0, 10.0)]
    f = cluster_figures(members, HeatDensitySettings(connection_length_m=0.0), area_buildings=others)
    assert f.buildings == 4  # house-1 is a member's building: counted once, at the building's point
    assert f.heat_demand_mwh_a == pytest.approx(70.0)
    assert f.members == 3


def test_street_tree_follows_the_streets_and_bridges_gaps():
    square = [[(0, 0), (100, 0)], [(0, 0), (0, 100)], [(100, 0), (100, 100)], [(0, 100), (100, 100)]]
    tree = street_tree([10, 90, 50], [5, 95, 103], square)
    assert tree.length_m == pytest.approx(200.0)  # (10,0)→(0,0)→(0,100)→(90,100)
    assert tree.straight_m == 0.0
    assert list(tree.snap_m) == pytest.approx([5.0, 5.0, 3.0])
    # two streets that do not meet: joined by one straight link between their points
    apart = street_tree([0, 50, 0, 50], [0, 0, 500, 500], [[(-10, -2), (60, -2)], [(-10, 498), (60, 498)]])
    assert apart.straight_m == pytest.approx(500.0)
    assert apart.length_m == pytest.approx(50.0 + 50.0 + 500.0)
    # a point far from every street is linked by a straight line
    far = street_tree([0, 50, 25], [0, 0, 400], [[(-10, -2), (60, -2)]], snap_m=50)
    assert math.isinf(far.snap_m[2])
    assert far.length_m == pytest.approx(50.0 + math.hypot(25, 400))
    assert street_tree([1.0, 2.0], [1.0, 1.0], []).length_m == pytest.approx(1.0)


def test_street_tree_counts_shared_streets_once():
    # three houses on a T: the stem is shared by all paths and counted once
    streets = [[(0, 0), (0, 100)], [(-50, 100), (50, 100)]]
    tree = street_tree([0, -50, 50], [0, 100, 100], streets)
    assert tree.length_m == pytest.approx(200.0)


def test_settings_are_checked():
    with pytest.raises(ValueError):
        HeatDensitySettings(connection_length_m=-1)
    with pytest.raises(ValueError):
        HeatDensitySettings(class_limits=(1.5, 0.7, 2.0))
    with pytest.raises(ValueError):
        cluster_figures([])
