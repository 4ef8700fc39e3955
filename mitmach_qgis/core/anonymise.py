"""Anonymised aggregation of proposals for public output (DESIGN.md §5, issue 7 §1).

Plain Python and numpy: what a public map, a public print layout or the web map may show is decided here,
once, and every public export builds on :func:`anonymise`.

Rules:

* Only participants who consented to the public map (``consent_public_map``) count. The others are left
  out; how many (distinct) is reported in ``left_out_no_consent`` for the officer.
* Counting is of *distinct participants*, never of proposals: one person with three ideas in a cell is one.
* A hexagon cell or a cluster area with fewer than ``k`` distinct participants over all themes is left out
  entirely (``suppressed_cells``; areas are simply absent).
* Per theme the same rule applies on its own: a theme with fewer than ``k`` participants in a published
  cell or area is absent from that cell's ``theme_classes`` (``suppressed_theme_entries``).
* Differencing protection: every published figure is a *class* label, never an exact count, and no class
  is narrower than ``k`` (see :func:`count_classes`). Whoever subtracts one published figure from another
  (a theme from the cell total, a cell from the overall total) gets an interval; whenever its lower bound
  is at least 1 its upper bound is at least ``k``, so no group of 1 … k-1 people can be pinned down.

Geometry: the hexagons come from a fixed lattice anchored at the CRS origin (0, 0), so a hexagon depends
only on its lattice index and on the cell size, never on the points inside. Cells are *pointy-topped*
(two vertices straight up and down, vertical edges left and right); ``cell_size_m`` is the distance
between opposite edges, so a cell is at least ``cell_size_m`` across in every direction (100 m cells:
100 m from edge to edge, 115.5 m from corner to corner, about 8 660 m²). Cluster areas (a buffered convex
hull of the members, whose arcs would give away the outer members' exact points) are published with every
vertex snapped to a square grid of ``cell_size_m / 2`` anchored at the origin.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

COUNT_CLASSES: tuple[tuple[int, int | None], ...] = ((4, 9), (10, 19), (20, 49), (50, None))
# the overall number of published participants: the classes above up to 99, then classes 50 wide
# ("100–149", "150–199", …): a public meeting wants to know whether 120 or 400 took part
OVERALL_CLASS_WIDTH = 50
OVERALL_CLASS_FROM = 100
EN_DASH = "–"

Ring = tuple[tuple[float, float], ...]


@dataclass(frozen=True)
class PublicPoint:
    """One proposal as the anonymisation sees it; ``participant`` is an opaque id (uuid) used for distinct
    counting only and never copied to the output."""

    x: float
    y: float
    theme: str
    participant: str
    consent_public_map: bool


@dataclass(frozen=True)
class PublicCell:
    cell_id: str  # "q:r" lattice index (axial coordinates of the pointy-topped hexagon lattice)
    ring: Ring  # closed ring, counter-clockwise, 7 vertices (the first repeated at the end)
    total_class: str  # class of distinct consenting participants over all themes
    theme_classes: dict[str, str] = field(default_factory=dict)  # theme code -> class; < k: absent


@dataclass(frozen=True)
class PublicArea:
    area_id: str
    rings: tuple[Ring, ...]  # generalised to the area grid (cell_size_m / 2)
    synergy: str
    period: str
    total_class: str
    theme_classes: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Anonymised:
    cells: tuple[PublicCell, ...]
    areas: tuple[PublicArea, ...]
    k: int
    cell_size_m: float
    left_out_no_consent: int  # distinct participants without consent (for the officer, not for publication)
    suppressed_cells: int  # cells that had consenting participants but fewer than k
    suppressed_theme_entries: int  # (cell or area, theme) entries dropped in published cells / areas
    published_participants_class: str  # distinct participants in published cells, as a class; "0" if none

    @property
    def themes(self) -> tuple[str, ...]:
        """Theme codes published in at least one cell or area, sorted."""
        found = {t for c in self.cells for t in c.theme_classes} | {
            t for a in self.areas for t in a.theme_classes
        }
        return tuple(sorted(found))


# -- classes ------------------------------------------------------------------------------------------------
def count_classes(k: int = 4) -> tuple[tuple[int, int | None], ...]:
    """The classes for threshold ``k``: :data:`COUNT_CLASSES` starting at ``k`` (classes that end below
    ``k`` are dropped), and a first class narrower than ``k`` is merged with the next one, so every class
    spans at least ``k`` counts (k = 4: 4–9, 10–19, 20–49, 50+; k = 6: 6–19, 20–49, 50+; k = 30: 30+).

    A ``k`` below 4 does not lower the classes: nothing under 4 is ever published (IMAGI's minimum).
    """
    if k < 1:
        raise ValueError("k must be at least 1")
    classes = [(max(lo, k), hi) for lo, hi in COUNT_CLASSES if hi is None or hi >= k]
    while len(classes) > 1 and classes[0][1] is not None and classes[0][1] - classes[0][0] + 1 < k:
        classes[0:2] = [(classes[0][0], classes[1][1])]
    return tuple(classes)


def class_label(lo: int, hi: int | None) -> str:
    if hi is None:
        return f"{lo}+"
    return f"{lo}{EN_DASH}{hi}" if hi != lo else str(lo)


def count_class(n: int, k: int = 4) -> str | None:
    """The class label of ``n`` distinct participants, or None when ``n`` is below the threshold."""
    classes = count_classes(k)
    if n < max(k, classes[0][0]):
        return None
    for lo, hi in classes:
        if n >= lo and (hi is None or n <= hi):
            return class_label(lo, hi)
    return None  # pragma: no cover - the last class is open


def overall_class(n: int, k: int = 4) -> str:
    """The overall number of published participants as a class: "0" when nothing is published, the cell
    classes below :data:`OVERALL_CLASS_FROM`, above that classes :data:`OVERALL_CLASS_WIDTH` wide."""
    if n <= 0:
        return "0"
    if n >= OVERALL_CLASS_FROM and k <= OVERALL_CLASS_WIDTH:
        lo = OVERALL_CLASS_FROM + (n - OVERALL_CLASS_FROM) // OVERALL_CLASS_WIDTH * OVERALL_CLASS_WIDTH
        return class_label(lo, lo + OVERALL_CLASS_WIDTH - 1)
    label = count_class(n, k)
    if label is None:  # cannot happen for published participants (every published cell has >= k)
        return class_label(*count_classes(k)[0])
    if label.endswith("+") and k <= OVERALL_CLASS_WIDTH and n < OVERALL_CLASS_FROM:
        lo = int(label[:-1])
        return class_label(lo, OVERALL_CLASS_FROM - 1)
    return label


# -- the hexagon lattice ------------------------------------------------------------------------------------
def _lattice(size_m: float) -> tuple[float, float]:
    """(width between opposite edges, circumradius) of the lattice's hexagons."""
    if not size_m > 0 or not math.isfinite(size_m):
        raise ValueError("the cell size must be a positive number of metres")
    return float(size_m), float(size_m) / math.sqrt(3.0)


def hex_index(x, y, size_m: float) -> tuple[np.ndarray, np.ndarray]:
    """Axial lattice indices (q, r) of the pointy-topped hexagons containing the points (vectorised)."""
    width, radius = _lattice(size_m)
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    rf = y / (1.5 * radius)
    qf = x / width - rf / 2.0
    # cube rounding: round all three cube coordinates, fix the one with the largest rounding error
    sf = -qf - rf
    q, r, s = np.rint(qf), np.rint(rf), np.rint(sf)
    dq, dr, ds = np.abs(q - qf), np.abs(r - rf), np.abs(s - sf)
    fix_q = (dq > dr) & (dq > ds)
    fix_r = ~fix_q & (dr > ds)
    q = np.where(fix_q, -r - s, q)
    r = np.where(fix_r, -q - s, r)
    return q.astype(np.int64), r.astype(np.int64)


def hex_ring(q: int, r: int, size_m: float) -> Ring:
    """The closed ring of lattice hexagon (q, r): a function of the index and the size only."""
    width, radius = _lattice(size_m)
    cx = width * (q + r / 2.0)
    cy = 1.5 * radius * r
    vertices = []
    for i in range(6):
        angle = math.radians(30 + 60 * i)
        vx = round(cx + radius * math.cos(angle), 3) + 0.0  # + 0.0: no "-0.0"
        vy = round(cy + radius * math.sin(angle), 3) + 0.0
        vertices.append((vx, vy))
    vertices.append(vertices[0])
    return tuple(vertices)


def cell_id(q: int, r: int) -> str:
    return f"{int(q)}:{int(r)}"


def hex_cells(x, y, size_m: float) -> tuple[list[str], dict[str, Ring]]:
    """(cell id per point, {cell id: closed ring}) on the lattice of pointy-topped hexagons that are
    ``size_m`` wide between opposite edges, anchored at the CRS origin."""
    q, r = hex_index(x, y, size_m)
    ids = [cell_id(a, b) for a, b in zip(q.tolist(), r.tolist())]
    rings: dict[str, Ring] = {}
    for cid, a, b in zip(ids, q.tolist(), r.tolist()):
        if cid not in rings:
            rings[cid] = hex_ring(a, b, size_m)
    return ids, rings


# -- cluster areas ------------------------------------------------------------------------------------------
def _snap(value: float, grid: float) -> float:
    return round(round(value / grid) * grid, 3) + 0.0


def generalise_ring(ring: Sequence[Sequence[float]], grid: float) -> Ring | None:
    """The ring with every vertex snapped to the square ``grid`` (anchored at the origin), repeated
    vertices dropped; a ring that collapses becomes its bounding box snapped outwards; None when empty."""
    pts = [(float(p[0]), float(p[1])) for p in ring]
    if not pts:
        return None
    snapped: list[tuple[float, float]] = []
    for px, py in pts:
        vertex = (_snap(px, grid), _snap(py, grid))
        if not snapped or snapped[-1] != vertex:
            snapped.append(vertex)
    while len(snapped) > 1 and snapped[0] == snapped[-1]:
        snapped.pop()
    if len(set(snapped)) >= 3:
        return (*snapped, snapped[0])
    xs, ys = [p[0] for p in pts], [p[1] for p in pts]
    x0, y0 = round(math.floor(min(xs) / grid) * grid, 3), round(math.floor(min(ys) / grid) * grid, 3)
    x1, y1 = round(math.ceil(max(xs) / grid) * grid, 3), round(math.ceil(max(ys) / grid) * grid, 3)
    if x1 == x0:
        x1 = round(x0 + grid, 3)
    if y1 == y0:
        y1 = round(y0 + grid, 3)
    return ((x0, y0), (x1, y0), (x1, y1), (x0, y1), (x0, y0))


# -- the anonymisation ----------------------------------------------------------------------------------------
def _group(points: Sequence[PublicPoint]) -> tuple[set[str], dict[str, set[str]]]:
    everyone: set[str] = set()
    by_theme: dict[str, set[str]] = {}
    for p in points:
        everyone.add(p.participant)
        by_theme.setdefault(p.theme, set()).add(p.participant)
    return everyone, by_theme


def _theme_classes(by_theme: dict[str, set[str]], k: int) -> tuple[dict[str, str], int]:
    classes: dict[str, str] = {}
    dropped = 0
    for theme in sorted(by_theme):
        label = count_class(len(by_theme[theme]), k)
        if label is None:
            dropped += 1
        else:
            classes[theme] = label
    return classes, dropped


def anonymise(
    points: Sequence[PublicPoint],
    k: int = 4,
    cell_size_m: float = 100.0,
    areas: Sequence[tuple[str, Sequence[Sequence[Sequence[float]]], str, str, Sequence[PublicPoint]]] = (),
) -> Anonymised:
    """Hexagon cells (and, given ``areas`` = (area_id, rings, synergy, period, member points), cluster
    areas) with class labels only; groups under ``k`` distinct consenting participants are suppressed."""
    k = int(k)
    if k < 1:
        raise ValueError("k must be at least 1")
    _lattice(cell_size_m)
    consenting = [p for p in points if p.consent_public_map]
    every_point = [*points, *(p for a in areas for p in a[4])]
    agreed = {p.participant for p in every_point if p.consent_public_map}
    left_out = len({p.participant for p in every_point if not p.consent_public_map} - agreed)

    cells: list[PublicCell] = []
    suppressed_cells = suppressed_entries = 0
    published: set[str] = set()
    if consenting:
        # rings only for the cells that are published (most occupied cells are suppressed at city scale)
        q, r = hex_index([p.x for p in consenting], [p.y for p in consenting], cell_size_m)
        ids = [cell_id(a, b) for a, b in zip(q.tolist(), r.tolist())]
        members: dict[str, list[PublicPoint]] = {}
        for cid, p in zip(ids, consenting):
            members.setdefault(cid, []).append(p)
        for cid in sorted(members, key=lambda c: tuple(int(v) for v in c.split(":"))):
            everyone, by_theme = _group(members[cid])
            total = count_class(len(everyone), k)
            if total is None:
                suppressed_cells += 1
                continue
            theme_classes, dropped = _theme_classes(by_theme, k)
            suppressed_entries += dropped
            published |= everyone
            qq, rr = (int(v) for v in cid.split(":"))
            cells.append(PublicCell(cid, hex_ring(qq, rr, cell_size_m), total, theme_classes))

    grid = cell_size_m / 2.0
    public_areas: list[PublicArea] = []
    for area_id, area_rings, synergy, period, member_points in areas:
        everyone, by_theme = _group([p for p in member_points if p.consent_public_map])
        total = count_class(len(everyone), k)
        if total is None:
            continue
        rings_out = tuple(r for r in (generalise_ring(ring, grid) for ring in area_rings) if r is not None)
        if not rings_out:
            continue
        theme_classes, dropped = _theme_classes(by_theme, k)
        suppressed_entries += dropped
        public_areas.append(
            PublicArea(str(area_id), rings_out, synergy or "", period or "", total, theme_classes)
        )

    return Anonymised(
        cells=tuple(cells),
        areas=tuple(public_areas),
        k=k,
        cell_size_m=float(cell_size_m),
        left_out_no_consent=left_out,
        suppressed_cells=suppressed_cells,
        suppressed_theme_entries=suppressed_entries,
        published_participants_class=overall_class(len(published), k),
    )


__all__ = [
    "COUNT_CLASSES",
    "Anonymised",
    "PublicArea",
    "PublicCell",
    "PublicPoint",
    "anonymise",
    "class_label",
    "count_class",
    "count_classes",
    "hex_cells",
    "hex_ring",
    "overall_class",
]
