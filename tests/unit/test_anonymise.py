"""core.anonymise: k-suppression, consent, classes, per-theme suppression and the differencing attack."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mitmach_qgis.core.anonymise import (
    PublicPoint,
    anonymise,
    count_class,
    count_classes,
    hex_cells,
    hex_ring,
)

X0, Y0 = 357_012.3, 5_711_045.6
SIZE = 100.0


def centre_of_cell(x, y, size=SIZE):
    ring = hex_cells([x], [y], size)[1]
    (vertices,) = ring.values()
    return sum(v[0] for v in vertices[:-1]) / 6, sum(v[1] for v in vertices[:-1]) / 6


CX, CY = centre_of_cell(X0, Y0)


def pts(n, theme="heating", consent=True, prefix="p", dx=0.0):
    return [PublicPoint(CX + dx + i * 0.5, CY + i * 0.3, theme, f"{prefix}{i}", consent) for i in range(n)]


def bounds(label):
    """The interval a class label stands for (what an attacker knows)."""
    if label.endswith("+"):
        return int(label[:-1]), math.inf
    lo, _, hi = label.partition("–")
    return int(lo), int(hi or lo)


def test_a_cell_below_k_is_suppressed_and_k_is_published():
    result = anonymise(pts(3))
    assert result.cells == () and result.suppressed_cells == 1
    assert result.published_participants_class == "0"
    result = anonymise(pts(4))
    assert [c.total_class for c in result.cells] == ["4–9"]
    assert result.cells[0].theme_classes == {"heating": "4–9"}


def test_distinct_participants_not_proposals_are_counted():
    same_person = [PublicPoint(CX + i, CY, t, "one", True) for i, t in enumerate(("heating", "pv", "roof"))]
    twice = [*pts(3), PublicPoint(CX + 2, CY + 2, "heating", "p0", True)]
    assert anonymise(twice).cells == ()  # 4 proposals, 3 people
    assert anonymise(pts(3) + same_person).cells[0].total_class == "4–9"
    assert anonymise(pts(3) * 5).cells == ()  # 15 proposals, 3 people


def test_only_consenting_participants_count():
    mixed = pts(3) + pts(5, consent=False, prefix="n")
    result = anonymise(mixed)
    assert result.cells == ()
    assert result.left_out_no_consent == 5
    assert result.suppressed_cells == 1


def test_all_points_without_consent_and_empty_input():
    result = anonymise(pts(30, consent=False))
    assert result.cells == () and result.areas == ()
    assert result.left_out_no_consent == 30 and result.suppressed_cells == 0
    assert result.published_participants_class == "0"
    empty = anonymise([])
    assert empty.cells == () and empty.left_out_no_consent == 0 and empty.published_participants_class == "0"


def test_classes():
    assert [count_class(n) for n in (0, 3, 4, 9, 10, 19, 20, 49, 50, 999)] == [
        None, None, "4–9", "4–9", "10–19", "10–19", "20–49", "20–49", "50+", "50+",
    ]  # fmt: skip
    assert anonymise(pts(12)).cells[0].total_class == "10–19"
    assert anonymise(pts(60)).published_participants_class == "50–99"


@pytest.mark.parametrize("k", [5, 6, 10, 12, 30])
def test_k_above_4_starts_the_first_class_at_k_and_no_class_is_narrower_than_k(k):
    classes = count_classes(k)
    assert classes[0][0] == k
    assert all(hi is None or hi - lo + 1 >= k for lo, hi in classes)
    assert anonymise(pts(k - 1), k=k).cells == ()
    result = anonymise(pts(k), k=k)
    assert bounds(result.cells[0].total_class)[0] == k
    assert result.k == k


def test_per_theme_suppression():
    cell = pts(4, "heating") + pts(2, "pv", prefix="v")
    result = anonymise(cell)
    (published,) = result.cells
    assert published.theme_classes == {"heating": "4–9"}
    assert result.suppressed_theme_entries == 1


def residual_attack(result):
    """Try every subtraction of published intervals; return what pins a group of 1 … k-1 people."""
    k = result.k
    found = []
    groups = list(result.cells) + list(result.areas)
    for group in groups:
        total = bounds(group.total_class)
        for theme, label in group.theme_classes.items():
            part = bounds(label)
            low, high = max(0, total[0] - part[1]), total[1] - part[0]
            if low >= 1 and high <= k - 1:
                found.append((group, theme))
    if result.published_participants_class != "0":
        overall = bounds(result.published_participants_class)
        for group in groups:
            part = bounds(group.total_class)
            low, high = max(0, overall[0] - part[1]), overall[1] - part[0]
            if low >= 1 and high <= k - 1:
                found.append((group, "overall"))
    return found


def test_the_differencing_attack_finds_nothing():
    # one cell: 4 people want a new heating, one of them … and a fifth person wants PV only
    cell = [*pts(4, "heating"), PublicPoint(CX + 7, CY - 3, "pv", "lonely_pv", True)]
    result = anonymise(cell)
    (published,) = result.cells
    assert "pv" not in published.theme_classes  # the PV participant is not shown per theme
    assert published.total_class == "4–9" and published.theme_classes["heating"] == "4–9"
    assert result.published_participants_class == "4–9"  # the overall figure: a class as well
    # "all themes" minus "heating" on the page: [4, 9] - [4, 9] = [0, 5]: nobody pinned down
    assert residual_attack(result) == []
    # and no figure anywhere is an exact count
    for figure in (
        published.total_class,
        *published.theme_classes.values(),
        result.published_participants_class,
    ):
        lo, hi = bounds(figure)
        assert hi - lo + 1 >= result.k


def test_the_differencing_attack_over_several_cells_and_themes():
    far = 1000.0
    points = pts(9, "heating") + pts(1, "pv", prefix="x")  # 10 in cell 1: "10–19", heating "4–9"
    points += pts(4, "roof", prefix="r", dx=far) + pts(3, "pv", prefix="s", dx=far)  # 7 in cell 2
    points += pts(2, "windows", prefix="w", dx=2 * far)  # cell 3: suppressed
    result = anonymise(points)
    assert len(result.cells) == 2 and result.suppressed_cells == 1
    assert residual_attack(result) == []


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.tuples(
            st.floats(0, 600), st.floats(0, 600), st.sampled_from(("heating", "pv", "roof")),
            st.integers(0, 25), st.booleans(),
        ),
        max_size=120,
    ),
    st.integers(2, 12),
)  # fmt: skip
def test_property_no_published_group_below_k(raw, k):
    points = [PublicPoint(X0 + x, Y0 + y, t, f"p{who}", who % 5 != 0 or ok) for x, y, t, who, ok in raw]
    consent = {p.participant: p.consent_public_map for p in points}
    points = [PublicPoint(p.x, p.y, p.theme, p.participant, consent[p.participant]) for p in points]
    result = anonymise(points, k=k)
    ids, _ = hex_cells([p.x for p in points], [p.y for p in points], SIZE)
    effective_k = max(k, 4)
    for cell in result.cells:
        inside = [p for p, cid in zip(points, ids) if cid == cell.cell_id and p.consent_public_map]
        people = {p.participant for p in inside}
        assert len(people) >= effective_k
        assert bounds(cell.total_class)[0] <= len(people) <= bounds(cell.total_class)[1]
        for theme, label in cell.theme_classes.items():
            theme_people = {p.participant for p in inside if p.theme == theme}
            assert len(theme_people) >= effective_k
            assert bounds(label)[0] <= len(theme_people) <= bounds(label)[1]
    assert residual_attack(result) == []
    coordinates = {(p.x, p.y) for p in points}
    for cell in result.cells:
        assert not coordinates & set(cell.ring)


def test_exact_points_never_appear_in_the_output():
    points = pts(6, prefix="secret-uuid-", dx=3.7) + pts(5, "pv", prefix="hidden-uuid-", dx=-11.1)
    result = anonymise(points)
    assert result.cells
    text = repr(result)
    assert "uuid" not in text
    for p in points:
        assert f"{round(p.x, 3)}" not in text and f"{round(p.y, 3)}" not in text
    assert {v for c in result.cells for v in c.ring} == set(result.cells[0].ring)  # hexagon vertices only


def test_rings_lie_on_a_lattice_independent_of_the_data():
    a = anonymise(pts(4))
    b = anonymise([PublicPoint(CX - 20 + i, CY + 25 - i, "roof", f"z{i}", True) for i in range(7)])
    assert a.cells[0].cell_id == b.cells[0].cell_id
    assert a.cells[0].ring == b.cells[0].ring
    ring = a.cells[0].ring
    q, r = (int(v) for v in a.cells[0].cell_id.split(":"))
    assert ring == hex_ring(q, r, SIZE)
    assert ring[0] == ring[-1] and len(ring) == 7
    # the centre is on the lattice anchored at the origin: x = size·(q + r/2), y = 1.5·R·r
    cx, cy = sum(v[0] for v in ring[:-1]) / 6, sum(v[1] for v in ring[:-1]) / 6
    assert cx == pytest.approx(SIZE * (q + r / 2), abs=1e-3)
    assert cy == pytest.approx(1.5 * SIZE / math.sqrt(3) * r, abs=1e-3)
    # "size" is the width between opposite edges
    xs = [v[0] for v in ring]
    assert max(xs) - min(xs) == pytest.approx(SIZE, abs=1e-3)


def test_every_point_is_inside_its_hexagon():
    import random

    rnd = random.Random(7)
    xs = [rnd.uniform(-5000, 5000) for _ in range(2000)]
    ys = [rnd.uniform(-5000, 5000) for _ in range(2000)]
    ids, rings = hex_cells(xs, ys, 250.0)
    for x, y, cid in zip(xs, ys, ids):
        ring = rings[cid]
        cx, cy = sum(v[0] for v in ring[:-1]) / 6, sum(v[1] for v in ring[:-1]) / 6
        # inside a pointy-topped hexagon: within half the width horizontally and within the slanted edges
        assert abs(x - cx) <= 125.0 + 1e-6
        assert abs(x - cx) / 2 + abs(y - cy) * math.sqrt(3) / 2 <= 125.0 + 1e-6


def test_cluster_areas_count_consenting_members_and_are_generalised():
    ring = ((X0, Y0), (X0 + 123.4, Y0 + 5.5), (X0 + 80.1, Y0 + 140.7), (X0, Y0))
    enough = [*pts(3), PublicPoint(X0, Y0, "heat_network", "h", True), PublicPoint(X0, Y0, "pv", "n", False)]
    too_few = [*pts(3), PublicPoint(X0, Y0, "heating", "n2", False)]
    result = anonymise([], areas=[("a", (ring,), "local_heat_network", "2026–2027", enough),
                                  ("b", (ring,), "local_heat_network", "2026", too_few)])  # fmt: skip
    (area,) = result.areas
    assert area.area_id == "a" and area.total_class == "4–9" and area.theme_classes == {}
    assert result.suppressed_theme_entries == 2  # heating (3) and heat_network (1)
    assert result.left_out_no_consent == 2
    for vertex in area.rings[0]:
        assert vertex[0] % 50 == pytest.approx(0, abs=1e-6) and vertex[1] % 50 == pytest.approx(0, abs=1e-6)
    assert not set(ring) & set(area.rings[0])


def test_bad_parameters():
    with pytest.raises(ValueError):
        anonymise(pts(4), cell_size_m=0)
    with pytest.raises(ValueError):
        anonymise(pts(4), k=0)
