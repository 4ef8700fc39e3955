"""Point-in-polygon of core.geometry2d: squares, holes, multipolygons and the boundary conventions."""

from __future__ import annotations

import random
import time

import pytest

from mitmach_qgis.core.geometry2d import area_test, bbox, point_in_areas, point_in_polygon

SQUARE = [[(0, 0), (10, 0), (10, 10), (0, 10), (0, 0)]]
OPEN_SQUARE = [[(0, 0), (10, 0), (10, 10), (0, 10)]]  # not closed
CLOCKWISE = [[(0, 0), (0, 10), (10, 10), (10, 0), (0, 0)]]
WITH_HOLE = [SQUARE[0], [(3, 3), (7, 3), (7, 7), (3, 7), (3, 3)]]
ISLAND = [[(4, 4), (6, 4), (6, 6), (4, 6), (4, 4)]]  # in the hole
FAR = [[(100, 100), (110, 100), (110, 110), (100, 110), (100, 100)]]
CONCAVE = [[(0, 0), (10, 0), (10, 10), (5, 5), (0, 10), (0, 0)]]  # a notch from the top


@pytest.mark.parametrize("rings", [SQUARE, OPEN_SQUARE, CLOCKWISE], ids=["closed", "open", "clockwise"])
@pytest.mark.parametrize(
    ("x", "y", "inside"),
    [(5, 5, True), (0.001, 9.999, True), (-0.001, 5, False), (10.001, 5, False), (5, -1, False),
     (5, 11, False), (20, 20, False)],
)  # fmt: skip
def test_square(rings, x, y, inside):
    assert point_in_polygon(x, y, rings) is inside


def test_hole_is_outside_and_the_ring_around_it_inside():
    assert point_in_polygon(5, 5, WITH_HOLE) is False
    assert point_in_polygon(1, 1, WITH_HOLE) is True
    assert point_in_polygon(8, 5, WITH_HOLE) is True
    assert point_in_polygon(5, 5, SQUARE) is True  # the same point without the hole


def test_concave_notch():
    assert point_in_polygon(5, 8, CONCAVE) is False
    assert point_in_polygon(5, 4, CONCAVE) is True
    assert point_in_polygon(1, 8, CONCAVE) is True


@pytest.mark.parametrize(
    ("x", "y"),
    [(0, 5), (10, 5), (5, 0), (5, 10), (0, 0), (10, 10), (10, 0), (0, 10)],
    ids=["left", "right", "bottom", "top", "corner-ll", "corner-ur", "corner-lr", "corner-ul"],
)
def test_boundary_counts_as_inside_unless_asked_otherwise(x, y):
    assert point_in_polygon(x, y, SQUARE) is True
    assert point_in_polygon(x, y, SQUARE, boundary=False) is False


def test_hole_boundary_is_polygon_boundary():
    assert point_in_polygon(3, 5, WITH_HOLE) is True
    assert point_in_polygon(3, 5, WITH_HOLE, boundary=False) is False


def test_boundary_tolerance():
    assert point_in_polygon(10 + 1e-12, 5, SQUARE) is True
    assert point_in_polygon(10 + 1e-3, 5, SQUARE) is False
    assert point_in_polygon(10 + 1e-3, 5, SQUARE, tolerance=0.01) is True


def test_ray_through_a_vertex_is_counted_once():
    diamond = [[(5, 0), (10, 5), (5, 10), (0, 5), (5, 0)]]
    assert point_in_polygon(2, 5, diamond) is True  # the ray to +x passes the vertex (10, 5)
    assert point_in_polygon(-1, 5, diamond) is False  # passes (0, 5) and (10, 5)
    assert point_in_polygon(6, 0, diamond) is False


def test_multipolygon_any_part():
    multipolygon = [WITH_HOLE, ISLAND, FAR]
    assert point_in_areas(5, 5, multipolygon) is True  # island in the hole
    assert point_in_areas(3.5, 5, multipolygon) is False  # in the hole, off the island
    assert point_in_areas(105, 105, multipolygon) is True
    assert point_in_areas(50, 50, multipolygon) is False
    assert point_in_areas(5, 5, []) is False
    assert point_in_areas(5, 5, [[]]) is False


def test_area_test_agrees_with_point_in_areas():
    multipolygon = [WITH_HOLE, ISLAND, FAR, CONCAVE]
    inside = area_test(multipolygon)
    rng = random.Random(7)
    points = [(rng.uniform(-5, 115), rng.uniform(-5, 115)) for _ in range(2000)]
    points += [(0, 5), (3, 5), (105, 100), (5, 5)]
    assert [inside(x, y) for x, y in points] == [point_in_areas(x, y, multipolygon) for x, y in points]
    assert any(inside(x, y) for x, y in points) and not all(inside(x, y) for x, y in points)


def test_area_test_boundary_off():
    inside = area_test([SQUARE], boundary=False)
    assert inside(5, 5) and not inside(0, 5)


def test_bbox():
    assert bbox([WITH_HOLE, FAR]) == (0, 0, 110, 110)
    assert bbox([]) is None


def test_fast_enough_for_thousands_of_calls():
    import math

    circle = [[(500 * math.cos(i / 100 * math.pi), 500 * math.sin(i / 100 * math.pi)) for i in range(201)]]
    inside = area_test([circle])
    rng = random.Random(1)
    points = [(rng.uniform(-600, 600), rng.uniform(-600, 600)) for _ in range(5000)]
    start = time.perf_counter()
    count = sum(inside(x, y) for x, y in points)
    assert time.perf_counter() - start < 3.0
    assert abs(count / len(points) - math.pi * 500**2 / 1200**2) < 0.05
