"""Point-in-polygon tests in plain Python, for "does this proposal lie in the participation area?".

Conventions (the same as ``ST_Covers`` / QGIS's "intersects" for a point):

- A polygon is a sequence of rings, each a sequence of (x, y); the first ring is the exterior, the others
  are holes. Rings may be closed (last point = first) or open. Orientation does not matter.
- Inside is decided by the even-odd rule over all rings, so a hole is outside and an island inside a hole
  (given as its own polygon of a multipolygon) is inside.
- A point on an edge or a vertex — of the exterior or of a hole — counts as inside by default
  (``boundary=True``): a house on the area's edge takes part; pass ``boundary=False`` for the interior only.
  "On" means within ``tolerance`` (map units) of the edge.
- A multipolygon is a sequence of polygons; a point is in it when it is in any of them.

:func:`area_test` prepares the bounding boxes once and is the fast path for thousands of tests.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

Coord = Sequence[float]
Ring = Sequence[Coord]
Polygon = Sequence[Ring]
MultiPolygon = Sequence[Polygon]

TOLERANCE = 1e-9


def _on_segment(x: float, y: float, x1: float, y1: float, x2: float, y2: float, tolerance: float) -> bool:
    if x < min(x1, x2) - tolerance or x > max(x1, x2) + tolerance:
        return False
    if y < min(y1, y2) - tolerance or y > max(y1, y2) + tolerance:
        return False
    dx, dy = x2 - x1, y2 - y1
    length_sq = dx * dx + dy * dy
    if length_sq == 0.0:
        return (x - x1) ** 2 + (y - y1) ** 2 <= tolerance * tolerance
    cross = dx * (y - y1) - dy * (x - x1)
    return cross * cross <= tolerance * tolerance * length_sq


def _ring_crossings(x: float, y: float, ring: Ring, tolerance: float) -> tuple[bool, int]:
    """(point on the ring, number of ring edges a ray to +x crosses)."""
    crossings = 0
    count = len(ring)
    if count == 0:
        return False, 0
    x2, y2 = ring[-1][0], ring[-1][1]
    for point in ring:
        x1, y1 = x2, y2
        x2, y2 = point[0], point[1]
        if _on_segment(x, y, x1, y1, x2, y2, tolerance):
            return True, 0
        # half-open rule: an edge counts when it straddles the horizontal line through the point
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            crossings += 1
    return False, crossings


def point_in_polygon(
    x: float, y: float, rings: Polygon, boundary: bool = True, tolerance: float = TOLERANCE
) -> bool:
    """Whether (x, y) lies in the polygon given as rings (exterior first, then holes); see module notes."""
    crossings = 0
    for ring in rings:
        on_ring, count = _ring_crossings(x, y, ring, tolerance)
        if on_ring:
            return boundary
        crossings += count
    return crossings % 2 == 1


def point_in_areas(
    x: float, y: float, polygons: MultiPolygon, boundary: bool = True, tolerance: float = TOLERANCE
) -> bool:
    """Whether (x, y) lies in any polygon of a multipolygon (a sequence of polygons)."""
    return any(point_in_polygon(x, y, rings, boundary, tolerance) for rings in polygons if rings)


def bbox(polygons: MultiPolygon) -> tuple[float, float, float, float] | None:
    """(minx, miny, maxx, maxy) of the polygons' exterior rings, or None when there are no points."""
    xs = [p[0] for rings in polygons if rings for p in rings[0]]
    ys = [p[1] for rings in polygons if rings for p in rings[0]]
    if not xs:
        return None
    return min(xs), min(ys), max(xs), max(ys)


def area_test(
    polygons: MultiPolygon, boundary: bool = True, tolerance: float = TOLERANCE
) -> Callable[[float, float], bool]:
    """A function (x, y) -> inside, with each polygon's bounding box checked first."""
    prepared = []
    for rings in polygons:
        box = bbox([rings])
        if box is not None:
            prepared.append((box, [[(float(p[0]), float(p[1])) for p in ring] for ring in rings]))

    def inside(x: float, y: float) -> bool:
        for (minx, miny, maxx, maxy), rings in prepared:
            in_box = minx - tolerance <= x <= maxx + tolerance and miny - tolerance <= y <= maxy + tolerance
            if in_box and point_in_polygon(x, y, rings, boundary, tolerance):
                return True
        return False

    return inside
