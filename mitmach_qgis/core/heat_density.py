"""Figures of a synergy cluster: heat demand, trench length and linear heat density (DESIGN.md §4).

The **linear heat density** (German *Wärmeliniendichte* / *Wärmebelegungsdichte*) is the heat sold per
metre of trench and year, MWh/(m·a): the annual heat demand of the connected buildings divided by the
length of the heat-network trench that reaches them. It is the first screening figure of German municipal
heat planning for where a heat network can pay off.

Sources of the defaults (all configurable):

* **Classes** ``< 0.7``, ``0.7–1.5``, ``1.5–2.0``, ``≥ 2.0`` MWh/(m·a): the classes of the linear heat
  density used by German municipal heat-planning tools and guidance (Leitfaden Wärmeplanung of the BMWK /
  BMWSB, 2024, with the Kompetenzzentrum Kommunale Wärmewende (KWW), Halle): below 0.7 a heat network is
  hardly economic, 0.7–1.5 only for new or efficient buildings, from 1.5 a network for existing buildings
  is worth examining, above 2.0 it is very likely suitable.
* **Candidate** from 1.5 MWh/(m·a): the German rule of thumb — "1,5 MWh pro Meter Trasse gelten dabei als
  Anhaltswert, ab der die Errichtung eines Wärmenetzes prinzipiell in Frage kommt" (Energie-Atlas Bayern,
  Lexikon "Wärmebelegungsdichte"). For comparison, KfW's former funding of heat networks, programme
  *Erneuerbare Energien – Premium* (271/281), asked for at least 500 kWh per metre of trench and year
  (0.5 MWh/(m·a)) on average over the whole network (``KFW_MIN_LHD_MWH_M_A``; C.A.R.M.E.N. e.V., "MAP
  für Nahwärmenetze").
* **Default demand per dwelling** 15 MWh/a, used when no building layer gives a demand: about 92 m² of
  living area per dwelling (Destatis, average of the German housing stock) × about 160 kWh/(m²·a) for heating
  and hot water of an unrenovated building from before the first German thermal insulation regulation of
  1977 (IWU, "Deutsche Wohngebäudetypologie", 2nd ed. 2015; Stadtwerke Kassel quote ~160 kWh/(m²·a) as the
  average of the 2002 residential stock and ~300 kWh/(m²·a) for houses of the 1960s–70s). A pre-1978
  single-family house of ~140 m² often needs more (BMWi, "Sanierungsbedarf im Gebäudebestand", 2014: 208
  kWh/(m²·a) for 1949–1978, i.e. ~29 MWh/a), so the default errs on the low side: a cluster flagged as a
  candidate with it stays one with better data.
* **Connection length** 10 m per building: the house connection (service pipe) from the main in the street
  to the building, a typical order of magnitude for German residential streets (front gardens of 3–8 m
  plus half the street width). It counts once per building, however many proposals the building has.

Trench length: the main is estimated as the **Euclidean minimum spanning tree** of the buildings (Prim's
algorithm in numpy, O(n²) per cluster), plus one connection per building. With a street layer the main
follows the streets instead: each building is snapped to its nearest street (within ``street_snap_m``),
the snapped points are joined by an approximate Steiner tree on the street network (Mehlhorn's
2-approximation: a multi-source Dijkstra from all buildings, the minimum spanning tree of the resulting
building-to-building links, each street edge counted once), and the connection of a building is the larger
of the configured connection length and its distance to the street. Streets join where they share a vertex
or where one ends on another (T-junction, within 1 cm); streets that cross without a shared vertex (bridges,
or data without junction vertices) are not joined. Buildings farther than ``street_snap_m`` from any
street, and parts of the network that are not connected, are linked by straight lines. Street lengths overestimate a
real trench a little where it would cut across a block, and underestimate it where both sides of a wide
road need a main; both are fine for screening.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

DEFAULT_DEMAND_PER_DWELLING_MWH_A = 15.0
DEFAULT_CONNECTION_LENGTH_M = 10.0
DEFAULT_CLASS_LIMITS: tuple[float, ...] = (0.7, 1.5, 2.0)
DEFAULT_CANDIDATE_THRESHOLD = 1.5
KFW_MIN_LHD_MWH_M_A = 0.5  # KfW 271/281: at least 500 kWh per metre of trench and year
DEFAULT_BUILDING_SEARCH_M = (
    15.0  # a proposal belongs to the building containing it or the nearest within this
)
DEFAULT_STREET_SNAP_M = 50.0  # a building farther from every street is joined by a straight line
_DISTANCE_BATCH = 1 << 18  # point-segment distances per batch when snapping
_JUNCTION_M = 0.01  # a street vertex this close to another street's segment joins it


@dataclass(frozen=True)
class HeatDensitySettings:
    """The configurable assumptions; see the module docstring for the sources of the defaults."""

    default_demand_per_dwelling_mwh_a: float = DEFAULT_DEMAND_PER_DWELLING_MWH_A
    connection_length_m: float = DEFAULT_CONNECTION_LENGTH_M
    class_limits: tuple[float, ...] = DEFAULT_CLASS_LIMITS
    candidate_threshold: float = DEFAULT_CANDIDATE_THRESHOLD
    street_snap_m: float = DEFAULT_STREET_SNAP_M

    def __post_init__(self) -> None:
        values = (self.default_demand_per_dwelling_mwh_a, self.connection_length_m, self.candidate_threshold,
                  self.street_snap_m, *self.class_limits)  # fmt: skip
        if not all(math.isfinite(v) and v >= 0 for v in values):
            raise ValueError("heat-density settings must be finite numbers of at least 0")
        if list(self.class_limits) != sorted(set(self.class_limits)):
            raise ValueError("class limits must be strictly ascending")


@dataclass(frozen=True)
class Member:
    """One proposal of a cluster, as the heat-density estimate needs it (no personal data).

    ``building``: a key of the building it belongs to (matched building feature, the proposal's building
    reference, or its own uuid); ``demand_mwh_a`` / ``dwellings`` from a building layer when known.
    """

    x: float
    y: float
    theme: str
    year_from: int | None = None
    year_to: int | None = None
    participant: str | None = None
    role: str | None = None  # owner / tenant / other
    building: str | None = None
    demand_mwh_a: float | None = None
    dwellings: int | None = None


@dataclass(frozen=True)
class Building:
    """A building of the cluster area that no member names (the "area" demand scope): where it is and
    what it needs."""

    key: str
    x: float
    y: float
    demand_mwh_a: float | None = None
    dwellings: int | None = None


@dataclass(frozen=True)
class ClusterFigures:
    members: int
    participants: int
    buildings: int
    themes: tuple[str, ...]
    year_from: int | None
    year_to: int | None
    owners: int  # distinct participants per role
    tenants: int
    others: int
    heat_demand_mwh_a: float
    demand_defaulted: int  # buildings whose demand is the default per dwelling
    main_m: float  # trench of the main (spanning tree, along streets when given)
    connections_m: float
    trench_m: float
    lhd_mwh_m_a: float | None  # None when the trench has no length
    lhd_class: int | None  # 0 … len(class_limits)
    lhd_label: str
    candidate: bool
    along_streets: bool

    @property
    def period(self) -> str:
        if self.year_from is None and self.year_to is None:
            return ""
        low = self.year_from if self.year_from is not None else self.year_to
        high = self.year_to if self.year_to is not None else self.year_from
        return str(low) if low == high else f"{low}–{high}"


# -- classes ------------------------------------------------------------------------------------------------
def format_limit(value: float) -> str:
    text = f"{value:g}"
    return text if ("." in text or "e" in text) else text + ".0"


def class_labels(limits: Sequence[float] = DEFAULT_CLASS_LIMITS) -> tuple[str, ...]:
    """("< 0.7", "0.7–1.5", "1.5–2.0", "≥ 2.0") for the default limits; a value equal to a limit belongs to
    the class above it."""
    if not limits:
        return ("",)
    parts = [f"< {format_limit(limits[0])}"]
    parts += [f"{format_limit(a)}–{format_limit(b)}" for a, b in zip(limits, limits[1:])]
    parts.append(f"≥ {format_limit(limits[-1])}")
    return tuple(parts)


def lhd_class(value: float | None, limits: Sequence[float] = DEFAULT_CLASS_LIMITS) -> int | None:
    """Index of the class of ``value`` (0 = lowest); None for no value."""
    if value is None or not math.isfinite(value):
        return None
    return sum(1 for limit in limits if value >= limit)


def is_candidate(value: float | None, threshold: float = DEFAULT_CANDIDATE_THRESHOLD) -> bool:
    return value is not None and math.isfinite(value) and value >= threshold


# -- spanning trees -----------------------------------------------------------------------------------------
def minimum_spanning_tree(x, y, groups=None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Edges (i, j, length) of the Euclidean minimum spanning tree of the points, by Prim's algorithm:
    O(n²) time, O(n) memory (the points not yet in the tree are kept packed at the front of the arrays).
    With ``groups`` (one label per point) points of the same group are joined at no cost, so the tree
    only adds the links between groups (edges of length 0 are left out)."""
    x = np.asarray(x, dtype=np.float64).reshape(-1)
    y = np.asarray(y, dtype=np.float64).reshape(-1)
    n = x.size
    empty = np.zeros(0, dtype=np.int64)
    if n < 2:
        return empty, empty.copy(), np.zeros(0)
    labels = None if groups is None else np.asarray(groups).reshape(-1)
    # the points outside the tree: their index, coordinates, group, distance to the tree and nearest tree point
    rest = np.arange(1, n)
    rx, ry = x[1:].copy(), y[1:].copy()
    rg = labels[1:].copy() if labels is not None else None
    best = np.hypot(rx - x[0], ry - y[0])
    if rg is not None:
        best[rg == labels[0]] = 0.0
    parent = np.zeros(n - 1, dtype=np.int64)
    edges_i = np.empty(n - 1, dtype=np.int64)
    edges_j = np.empty(n - 1, dtype=np.int64)
    weights = np.empty(n - 1)
    for step in range(n - 1):
        m = n - 1 - step  # points still outside
        k = int(np.argmin(best[:m]))
        new = int(rest[k])
        edges_i[step], edges_j[step], weights[step] = parent[k], new, best[k]
        last = m - 1  # move the last outside point into slot k
        for arr in (rest, rx, ry, best, parent) if rg is None else (rest, rx, ry, best, parent, rg):
            arr[k] = arr[last]
        if last == 0:
            break
        d = np.hypot(rx[:last] - x[new], ry[:last] - y[new])
        if rg is not None:
            d[rg[:last] == labels[new]] = 0.0
        closer = d < best[:last]
        best[:last][closer] = d[closer]
        parent[:last][closer] = new
    if labels is None:
        return edges_i, edges_j, weights
    keep = weights > 0
    return edges_i[keep], edges_j[keep], weights[keep]


def mst_length(x, y) -> float:
    return float(minimum_spanning_tree(x, y)[2].sum())


# -- along streets ------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class StreetTree:
    length_m: float  # street edges used, each once, plus straight links between unconnected parts
    snap_m: np.ndarray  # distance of each point to its street (inf when not snapped)
    straight_m: float  # the part of length_m made of straight links


def _snap(px: np.ndarray, py: np.ndarray, seg: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Nearest segment, the position along it (0–1) and the distance, per point; batched."""
    ax, ay, bx, by = seg[:, 0], seg[:, 1], seg[:, 2], seg[:, 3]
    vx, vy = bx - ax, by - ay
    length2 = vx * vx + vy * vy
    n = px.size
    best = np.zeros(n, dtype=np.int64)
    where = np.zeros(n)
    dist = np.full(n, np.inf)
    rows = max(1, _DISTANCE_BATCH // max(1, seg.shape[0]))
    for lo in range(0, n, rows):
        qx, qy = px[lo : lo + rows, None], py[lo : lo + rows, None]
        with np.errstate(invalid="ignore", divide="ignore"):
            t = np.clip(((qx - ax) * vx + (qy - ay) * vy) / length2, 0.0, 1.0)
        t = np.where(length2 > 0, t, 0.0)
        d = np.hypot(ax + t * vx - qx, ay + t * vy - qy)
        k = np.argmin(d, axis=1)
        r = np.arange(k.size)
        best[lo : lo + rows], where[lo : lo + rows], dist[lo : lo + rows] = k, t[r, k], d[r, k]
    return best, where, dist


def _junctions(seg: np.ndarray, ends: np.ndarray, vertex: np.ndarray) -> list[tuple[int, float, int]]:
    """(segment, position, node) where a street vertex lies inside another segment (within 1 cm): a street
    that ends on another one without a shared vertex (a T-junction) is joined there."""
    nodes, first = np.unique(vertex, return_index=True)
    px, py = ends[first, 0], ends[first, 1]
    ax, ay, bx, by = seg[:, 0], seg[:, 1], seg[:, 2], seg[:, 3]
    vx, vy = bx - ax, by - ay
    length2 = vx * vx + vy * vy
    out: list[tuple[int, float, int]] = []
    rows = max(1, _DISTANCE_BATCH // max(1, seg.shape[0]))
    for lo in range(0, nodes.size, rows):
        qx, qy = px[lo : lo + rows, None], py[lo : lo + rows, None]
        t = ((qx - ax) * vx + (qy - ay) * vy) / length2
        d = np.hypot(ax + t * vx - qx, ay + t * vy - qy)
        inside = (
            (d <= _JUNCTION_M)
            & (t * np.sqrt(length2) > _JUNCTION_M)
            & ((1 - t) * np.sqrt(length2) > _JUNCTION_M)
        )
        for r, s in zip(*np.nonzero(inside)):
            out.append((int(s), float(t[r, s]), int(nodes[lo + r])))
    return out


def street_tree(x, y, streets: Sequence, snap_m: float = DEFAULT_STREET_SNAP_M) -> StreetTree:
    """Length of a tree joining the points along the street polylines (module docstring)."""
    x = np.asarray(x, dtype=np.float64).reshape(-1)
    y = np.asarray(y, dtype=np.float64).reshape(-1)
    n = x.size
    lines = [np.asarray(line, dtype=np.float64).reshape(-1, 2) for line in streets]
    segments = [np.hstack([line[:-1], line[1:]]) for line in lines if line.shape[0] >= 2]
    seg = np.vstack(segments) if segments else np.zeros((0, 4))
    seg = seg[np.hypot(seg[:, 2] - seg[:, 0], seg[:, 3] - seg[:, 1]) > 0]
    if n == 0:
        return StreetTree(0.0, np.zeros(0), 0.0)
    if seg.shape[0] == 0:
        straight = mst_length(x, y)
        return StreetTree(straight, np.full(n, np.inf), straight)
    which, where, dist = _snap(x, y, seg)
    snapped = dist <= snap_m

    # nodes: street vertices (joined where they coincide to the millimetre), then one per snapped point
    ends = np.vstack([seg[:, :2], seg[:, 2:]])
    _, vertex = np.unique(np.round(ends * 1000.0).astype(np.int64), axis=0, return_inverse=True)
    vertex = vertex.reshape(-1)
    n_vertices = int(vertex.max()) + 1
    start_node, end_node = vertex[: seg.shape[0]], vertex[seg.shape[0] :]
    point_node = np.full(n, -1, dtype=np.int64)
    point_node[snapped] = n_vertices + np.arange(int(snapped.sum()))
    seg_length = np.hypot(seg[:, 2] - seg[:, 0], seg[:, 3] - seg[:, 1])
    edges_u, edges_v, edges_w = [], [], []
    on_segment: dict[int, list[tuple[float, int]]] = {}
    for s, t, node in _junctions(seg, ends, vertex):
        on_segment.setdefault(s, []).append((t, node))
    for p in np.flatnonzero(snapped):
        on_segment.setdefault(int(which[p]), []).append((float(where[p]), int(point_node[p])))
    for s in range(seg.shape[0]):
        stops = [(0.0, int(start_node[s])), *sorted(on_segment.get(s, ())), (1.0, int(end_node[s]))]
        for (t0, a), (t1, b) in zip(stops, stops[1:]):
            edges_u.append(a)
            edges_v.append(b)
            edges_w.append((t1 - t0) * float(seg_length[s]))
    n_nodes = n_vertices + int(snapped.sum())
    adjacency: list[list[tuple[int, float, int]]] = [[] for _ in range(n_nodes)]
    for e, (a, b, w) in enumerate(zip(edges_u, edges_v, edges_w)):
        adjacency[a].append((b, w, e))
        adjacency[b].append((a, w, e))

    # multi-source Dijkstra from every snapped point: nearest point, distance and the edge towards it
    terminals = [int(point_node[p]) for p in np.flatnonzero(snapped)]
    dist_to = [math.inf] * n_nodes
    source = [-1] * n_nodes
    via = [-1] * n_nodes
    heap = [(0.0, t, t) for t in terminals]
    for _, t, _ in heap:
        dist_to[t], source[t] = 0.0, t
    heapq.heapify(heap)
    while heap:
        d, node, src = heapq.heappop(heap)
        if d > dist_to[node]:
            continue
        for other, w, e in adjacency[node]:
            nd = d + w
            if nd < dist_to[other]:
                dist_to[other], source[other], via[other] = nd, src, e
                heapq.heappush(heap, (nd, other, src))

    # Mehlhorn: links between the regions of two points, cheapest first (Kruskal)
    links = sorted(
        (dist_to[a] + w + dist_to[b], e, a, b)
        for e, (a, b, w) in enumerate(zip(edges_u, edges_v, edges_w))
        if source[a] >= 0 and source[b] >= 0 and source[a] != source[b]
    )
    root = {t: t for t in terminals}

    def find(t: int) -> int:
        while root[t] != t:
            root[t] = root[root[t]]
            t = root[t]
        return t

    used: set[int] = set()
    for _, e, a, b in links:
        ra, rb = find(source[a]), find(source[b])
        if ra == rb:
            continue
        root[max(ra, rb)] = min(ra, rb)
        used.add(e)
        for node in (a, b):
            while via[node] >= 0 and via[node] not in used:
                edge = via[node]
                used.add(edge)
                node = edges_u[edge] if edges_v[edge] == node else edges_v[edge]
            # an edge already used: the rest of the way to the source is in the tree already
    network = float(sum(edges_w[e] for e in used))

    # straight links between the parts the network could not join (and the unsnapped points)
    component = np.arange(n, dtype=np.int64) + n_nodes  # every unsnapped point on its own
    for p in np.flatnonzero(snapped):
        component[p] = find(int(point_node[p]))
    _, _, straight = minimum_spanning_tree(x, y, component)
    straight_m = float(straight.sum())
    return StreetTree(network + straight_m, np.where(snapped, dist, np.inf), straight_m)


# -- the figures of one cluster -----------------------------------------------------------------------------
def building_demand(member: Member | Building, settings: HeatDensitySettings) -> tuple[float, bool]:
    """(annual heat demand of the building in MWh/a, whether it is the default)."""
    value = member.demand_mwh_a
    if value is not None and math.isfinite(value) and value >= 0:
        return float(value), False
    dwellings = member.dwellings if member.dwellings and member.dwellings > 0 else 1
    return settings.default_demand_per_dwelling_mwh_a * dwellings, True


def cluster_figures(
    members: Sequence[Member],
    settings: HeatDensitySettings | None = None,
    streets: Sequence | None = None,
    area_buildings: Sequence[Building] = (),
) -> ClusterFigures:
    """Counts, period, heat demand, trench length and linear heat density of one cluster's members.

    Buildings are counted once (several proposals of one building share one demand and one connection);
    a member without a building key is a building of its own, placed at the member. ``area_buildings``
    (the "area" demand scope): the other buildings of the cluster area, counted as connected too; a member's
    building among them is placed where the building is. ``streets``: polylines in the same metric CRS
    (only those near the cluster are needed)."""
    settings = settings or HeatDensitySettings()
    if not members:
        raise ValueError("a cluster needs members")
    buildings: dict[str, Member | Building] = {}
    for k, m in enumerate(members):
        buildings.setdefault(m.building if m.building else f"#member-{k}", m)
    for b in area_buildings:
        buildings[b.key] = b
    first = list(buildings.values())
    demand = 0.0
    defaulted = 0
    for m in first:
        value, is_default = building_demand(m, settings)
        demand += value
        defaulted += is_default
    bx = np.array([m.x for m in first])
    by = np.array([m.y for m in first])
    along = bool(streets)
    if along:
        tree = street_tree(bx, by, streets, settings.street_snap_m)
        main = tree.length_m
        connections = float(
            np.where(np.isfinite(tree.snap_m), np.maximum(tree.snap_m, settings.connection_length_m),
                     settings.connection_length_m).sum()
        )  # fmt: skip
    else:
        main = mst_length(bx, by)
        connections = settings.connection_length_m * len(first)
    trench = main + connections
    lhd = demand / trench if trench > 0 else None
    klass = lhd_class(lhd, settings.class_limits)
    labels = class_labels(settings.class_limits)

    participants: dict[str, str | None] = {}
    for k, m in enumerate(members):
        participants.setdefault(m.participant if m.participant else f"#member-{k}", m.role)
    roles = list(participants.values())
    years_from = [m.year_from for m in members if m.year_from is not None]
    years_to = [m.year_to for m in members if m.year_to is not None]
    return ClusterFigures(
        members=len(members),
        participants=len(participants),
        buildings=len(first),
        themes=tuple(sorted({m.theme for m in members})),
        year_from=min(years_from) if years_from else (min(years_to) if years_to else None),
        year_to=max(years_to) if years_to else (max(years_from) if years_from else None),
        owners=roles.count("owner"),
        tenants=roles.count("tenant"),
        others=sum(1 for r in roles if r not in ("owner", "tenant")),
        heat_demand_mwh_a=demand,
        demand_defaulted=defaulted,
        main_m=main,
        connections_m=connections,
        trench_m=trench,
        lhd_mwh_m_a=lhd,
        lhd_class=klass,
        lhd_label=labels[klass] if klass is not None else "",
        candidate=is_candidate(lhd, settings.candidate_threshold),
        along_streets=along,
    )
