"""The synthetic demo town (core/demo.py): deterministic, plausible, consistent and free of real people."""

from __future__ import annotations

import ast
import math
import re
import time
import uuid
from collections import Counter, defaultdict
from datetime import date

import pytest

from mitmach_qgis.core import demo
from mitmach_qgis.core.demo import (
    DRAMA_NUMBER_BLOCKS,
    HEAT_DEMAND_ASSUMPTIONS,
    KINDS,
    ORIGIN,
    DemoTown,
    generate_demo_town,
    typical_specific_demand,
)
from tests.helpers import PLUGIN_DIR

THEMES = (
    "heating",
    "heat_network",
    "windows",
    "roof",
    "roof_insulation",
    "facade",
    "pv",
    "heat_pump",
    "other",
)
STATUSES = ("checked", "submitted", "matched", "rejected", "withdrawn", "implemented")
HEAT = ("heating", "heat_network")


@pytest.fixture(scope="module")
def town() -> DemoTown:
    return generate_demo_town()


@pytest.fixture(scope="module")
def big_town() -> tuple[DemoTown, float]:
    start = time.perf_counter()
    result = generate_demo_town(seed=7, participants=5000)
    return result, time.perf_counter() - start


# ---- geometry helpers, each with a test that shows it can say no --------------------------------------


def inside(x: float, y: float, ring) -> bool:
    """Ray casting: is the point strictly inside the closed ring?"""
    result = False
    for (x1, y1), (x2, y2) in zip(ring, ring[1:]):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            result = not result
    return result


def signed_area(ring) -> float:
    return sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:])) / 2


def bbox(ring) -> tuple[float, float, float, float]:
    xs, ys = [p[0] for p in ring], [p[1] for p in ring]
    return min(xs), min(ys), max(xs), max(ys)


def overlapping_pairs(rings, tolerance: float = 1e-6) -> list[tuple[int, int]]:
    """Pairs of rings whose bounding boxes overlap by more than ``tolerance`` (touching walls are fine)."""
    boxes = sorted((bbox(r), k) for k, r in enumerate(rings))
    found, active = [], []
    for (x0, y0, x1, y1), k in boxes:
        active = [(b, j) for b, j in active if b[2] > x0 + tolerance]
        for (a0, b0, a1, b1), j in active:
            if min(a1, x1) - max(a0, x0) > tolerance and min(b1, y1) - max(b0, y0) > tolerance:
                found.append((j, k))
        active.append(((x0, y0, x1, y1), k))
    return found


def side_and_chainage(x: float, y: float, line) -> tuple[int, float]:
    """+1 left / -1 right of the polyline's direction, and the distance along it to the foot point."""
    best, run = None, 0.0
    for (ax, ay), (bx, by) in zip(line, line[1:]):
        dx, dy = bx - ax, by - ay
        length = math.hypot(dx, dy)
        t = max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / (length * length)))
        distance = math.hypot(x - ax - t * dx, y - ay - t * dy)
        cross = dx * (y - ay) - dy * (x - ax)
        if best is None or distance < best[0]:
            best = (distance, 1 if cross > 0 else -1, run + t * length)
        run += length
    return best[1], best[2]


def heat_clumps(proposals, eps: float = 125.0, min_points: int = 3, min_size: int = 8) -> list[list]:
    """DBSCAN-like groups of heating ideas: core points have ≥ min_points heat ideas within eps (itself
    included, as in QGIS's native:dbscanclustering); groups of linked core points of at least min_size."""
    points = [(p.x, p.y) for p in proposals]
    near = [[j for j, q in enumerate(points) if math.dist(p, q) <= eps] for p in points]
    core = {i for i, n in enumerate(near) if len(n) >= min_points}
    groups, seen = [], set()
    for start in sorted(core):
        if start in seen:
            continue
        stack, group = [start], []
        seen.add(start)
        while stack:
            i = stack.pop()
            group.append(i)
            for j in near[i]:
                if j in core and j not in seen:
                    seen.add(j)
                    stack.append(j)
        if len(group) >= min_size:
            groups.append([proposals[i] for i in group])
    return groups


def test_helpers_can_say_no():
    square = ((0, 0), (10, 0), (10, 10), (0, 10), (0, 0))
    assert inside(5, 5, square) and not inside(15, 5, square) and not inside(5, -1, square)
    assert signed_area(square) == 100 and signed_area(tuple(reversed(square))) == -100
    touching = ((10, 0), (16, 0), (16, 10), (10, 10), (10, 0))
    crossing = ((9, 2), (12, 2), (12, 4), (9, 4), (9, 2))
    assert overlapping_pairs([square, touching]) == []
    assert len(overlapping_pairs([square, touching, crossing])) == 2
    assert side_and_chainage(5, 1, ((0, 0), (10, 0))) == (1, 5)
    assert side_and_chainage(2, -1, ((0, 0), (10, 0))) == (-1, 2)


def test_heat_clump_helper_finds_only_dense_groups():
    class P:
        def __init__(self, x, y):
            self.x, self.y = x, y

    dense = [P(10 * k, 0) for k in range(9)]
    sparse = [P(1000 + 300 * k, 0) for k in range(9)]
    assert len(heat_clumps(dense)) == 1
    assert heat_clumps(sparse) == []


# ---- determinism and speed ---------------------------------------------------------------------------


def test_same_seed_gives_the_identical_town(town):
    assert generate_demo_town() == town
    assert generate_demo_town(seed=2026, participants=300) == town


def test_another_seed_gives_another_town(town):
    other = generate_demo_town(seed=2027)
    assert other != town
    assert other.buildings[0].ring != town.buildings[0].ring
    assert {p.uuid for p in other.proposals}.isdisjoint(p.uuid for p in town.proposals)


def test_negative_seeds_are_not_folded_onto_positive_ones():
    negative, positive = (
        generate_demo_town(seed=-5, participants=10),
        generate_demo_town(seed=5, participants=10),
    )
    assert negative.buildings != positive.buildings and negative.participants != positive.participants


def test_default_town_is_fast():
    start = time.perf_counter()
    generate_demo_town(seed=11)
    assert time.perf_counter() - start < 1.0


def test_five_thousand_participants_in_a_grown_town(big_town, town):
    big, seconds = big_town
    assert seconds < 10.0
    assert len(big.participants) == 5000
    assert len(big.buildings) > 3 * len(town.buildings)  # the town grew rather than crowding its houses
    per_building = Counter(p.building_uuid for p in big.participants)
    by_uuid = {b.uuid: b for b in big.buildings}
    for building_uuid, n in per_building.items():
        assert n <= max(2, by_uuid[building_uuid].dwellings)
    assert len(heat_clumps([p for p in big.proposals if p.theme in HEAT and p.status == "checked"])) >= 10


@pytest.mark.parametrize("participants", [0, 1, 5, 42])
def test_small_numbers_of_participants(participants):
    small = generate_demo_town(seed=3, participants=participants)
    assert len(small.participants) == participants
    assert participants <= len(small.proposals) <= 3 * participants
    assert Counter(p.role for p in small.participants)["owner"] >= participants // 2


def test_negative_participants_are_refused():
    with pytest.raises(ValueError):
        generate_demo_town(participants=-1)


def test_module_uses_the_standard_library_only():
    tree = ast.parse((PLUGIN_DIR / "core" / "demo.py").read_text(encoding="utf-8"))
    modules = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
               for alias in node.names}  # fmt: skip
    modules |= {
        (node.module or "").split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
    }
    assert modules <= {"__future__", "math", "random", "uuid", "dataclasses", "datetime"}


@pytest.mark.parametrize("seed", [1, 99, 123456])
def test_other_seeds_keep_the_invariants(seed):
    other = generate_demo_town(seed=seed)
    assert 550 <= len(other.buildings) <= 1300
    assert overlapping_pairs([b.ring for b in other.buildings]) == []
    assert all(inside(p.x, p.y, other.area_ring) for p in other.proposals)
    assert len({(b.street, b.house_number) for b in other.buildings}) == len(other.buildings)
    checked = [p for p in other.proposals if p.theme in HEAT and p.status == "checked"]
    assert len(heat_clumps(checked)) >= 2


# ---- streets, buildings, addresses -------------------------------------------------------------------


def test_record_counts(town):
    assert 600 <= len(town.buildings) <= 1200
    assert len(town.addresses) == len(town.buildings)
    assert len(town.participants) == 300
    assert 300 <= len(town.proposals) <= 900
    assert 20 <= len(town.streets) <= 80


def test_every_uuid_is_a_unique_uuid4(town):
    records = [*town.streets, *town.buildings, *town.addresses, *town.participants, *town.proposals]
    ids = [r.uuid for r in records]
    assert len(set(ids)) == len(ids)
    assert all(uuid.UUID(i).version == 4 and str(uuid.UUID(i)) == i for i in ids)


def test_the_area_lies_in_bottrop(town):
    x0, y0, x1, y1 = bbox(town.area_ring)
    assert 1.1e3 <= x1 - x0 <= 1.5e3 and 0.8e3 <= y1 - y0 <= 1.2e3
    assert abs(x0 - ORIGIN[0]) < 200 and abs(y0 - ORIGIN[1]) < 200
    assert 350_000 < x0 < 365_000 and 5_705_000 < y0 < 5_717_000  # EPSG:25832 around Bottrop


def test_area_ring_is_closed_and_counter_clockwise(town):
    assert town.area_ring[0] == town.area_ring[-1]
    assert signed_area(town.area_ring) > 0


def test_street_names_are_german_unique_and_varied(town):
    names = [s.name for s in town.streets]
    assert len(set(names)) == len(names)
    joined = " ".join(names)
    assert "ß" in joined and re.search("[äöü]", joined)
    for ending in ("straße", "weg", "ring"):
        assert any(n.lower().endswith(ending) for n in names), ending
    assert any("platz" in n.lower() for n in names)
    assert all(len(s.coords) >= 2 for s in town.streets)


def test_buildings_are_closed_counter_clockwise_rectangles(town):
    for b in town.buildings:
        assert len(b.ring) == 5 and b.ring[0] == b.ring[-1]
        assert signed_area(b.ring) > 0
        x0, y0, x1, y1 = bbox(b.ring)
        assert signed_area(b.ring) == pytest.approx((x1 - x0) * (y1 - y0), abs=0.01)
        assert 20.0 <= signed_area(b.ring) <= 32.0 * 14.0 + 1


def test_no_two_buildings_overlap(town):
    assert overlapping_pairs([b.ring for b in town.buildings]) == []


def test_terraced_houses_share_walls(town):
    """Zechensiedlung rows: many terraced houses touch a neighbour exactly."""
    walls = Counter(
        frozenset(edge) for b in town.buildings if b.kind == "terraced" for edge in zip(b.ring, b.ring[1:])
    )
    assert sum(1 for n in walls.values() if n == 2) >= 100


def test_every_kind_is_present(town):
    kinds = Counter(b.kind for b in town.buildings)
    assert set(kinds) == set(KINDS)
    assert all(n >= 20 for n in kinds.values()), kinds


def test_buildings_lie_inside_the_area(town):
    assert all(inside(x, y, town.area_ring) for b in town.buildings for x, y in b.ring)


def test_postcodes_and_city(town):
    postcodes = Counter(b.postcode for b in [*town.buildings, *town.addresses, *town.participants])
    assert set(postcodes) == {"46236", "46238", "46240"}
    assert all(isinstance(p, str) and re.fullmatch(r"\d{5}", p) for p in postcodes)
    assert {r.city for r in [*town.buildings, *town.addresses, *town.participants]} == {"Bottrop"}


def test_house_numbers_are_unique_per_street_with_some_suffixes(town):
    keys = [(b.street, b.house_number) for b in town.buildings]
    assert len(set(keys)) == len(keys)
    assert all(re.fullmatch(r"[1-9]\d*[a-c]?", n) for _s, n in keys)
    assert sum(1 for _s, n in keys if n[-1].isalpha()) >= 10


def test_numbers_ascend_odd_left_even_right(town):
    lines = {s.name: s.coords for s in town.streets}
    by_side = defaultdict(list)
    for a in town.addresses:
        side, chainage = side_and_chainage(a.x, a.y, lines[a.street])
        number = int(re.match(r"\d+", a.house_number).group())
        assert number % 2 == (1 if side > 0 else 0), (a.street, a.house_number)
        by_side[(a.street, side)].append((chainage, number, a.house_number))
    for rows in by_side.values():
        rows.sort()
        assert [n for _c, n, _h in rows] == sorted(n for _c, n, _h in rows)


def test_one_address_per_building_inside_it(town):
    buildings = {b.uuid: b for b in town.buildings}
    assert sorted(a.building_uuid for a in town.addresses) == sorted(buildings)
    for a in town.addresses:
        b = buildings[a.building_uuid]
        assert (a.street, a.house_number, a.postcode, a.city) == (
            b.street,
            b.house_number,
            b.postcode,
            b.city,
        )
        assert inside(a.x, a.y, b.ring)


def test_streets_join_at_shared_vertices(town):
    """Every street has a vertex in common with another one (a network can be built from them)."""
    vertices = Counter(p for s in town.streets for p in set(s.coords))
    for s in town.streets:
        assert any(vertices[p] >= 2 for p in s.coords), s.name


# ---- heat demand -------------------------------------------------------------------------------------


def test_heat_demand_follows_the_documented_assumptions(town):
    for b in town.buildings:
        spec = HEAT_DEMAND_ASSUMPTIONS[b.kind]
        assert spec["dwellings_min"] <= b.dwellings <= spec["dwellings_max"]
        assert (
            spec["specific_demand_min_kwh_m2a"]
            <= b.specific_demand_kwh_m2a
            <= spec["specific_demand_max_kwh_m2a"]
        )
        per_dwelling = b.heated_area_m2 / b.dwellings
        assert 0.84 * spec["area_per_dwelling_m2"] <= per_dwelling <= 1.16 * spec["area_per_dwelling_m2"]
        assert b.heat_demand_mwh_a == pytest.approx(
            b.heated_area_m2 * b.specific_demand_kwh_m2a / 1000, abs=0.051
        )
        assert b.heat_demand_mwh_a == round(b.heat_demand_mwh_a, 1)
        assert 1900 <= b.year_built <= 2025


def test_older_buildings_need_more_heat(town):
    for kind in KINDS:
        old = [b.specific_demand_kwh_m2a for b in town.buildings if b.kind == kind and b.year_built < 1979]
        new = [b.specific_demand_kwh_m2a for b in town.buildings if b.kind == kind and b.year_built >= 1995]
        if old and new:
            assert sum(old) / len(old) > sum(new) / len(new) + 30, kind
    assert typical_specific_demand("detached", 1910) > typical_specific_demand("detached", 1990)
    assert (
        typical_specific_demand("detached", 2020)
        == HEAT_DEMAND_ASSUMPTIONS["detached"]["specific_demand_min_kwh_m2a"]
    )


def test_assumptions_are_documented():
    assert set(HEAT_DEMAND_ASSUMPTIONS) == set(KINDS)
    for kind, spec in HEAT_DEMAND_ASSUMPTIONS.items():
        assert kind in demo.__doc__
        assert f"{spec['area_per_dwelling_m2']:.0f}" in demo.__doc__
    assert "IWU" in demo.__doc__ and "assumptions for a demo" in demo.__doc__


# ---- participants ------------------------------------------------------------------------------------


def test_participants_live_in_buildings_of_the_town(town):
    buildings = {b.uuid: b for b in town.buildings}
    for p in town.participants:
        b = buildings[p.building_uuid]
        assert (p.street, p.house_number, p.postcode, p.city) == (
            b.street,
            b.house_number,
            b.postcode,
            b.city,
        )


def test_roles_have_the_expected_shares(town):
    roles = Counter(p.role for p in town.participants)
    assert set(roles) == {"owner", "tenant", "other"}
    n = len(town.participants)
    assert abs(roles["owner"] / n - 0.70) <= 0.05
    assert abs(roles["tenant"] / n - 0.25) <= 0.05
    assert abs(roles["other"] / n - 0.05) <= 0.03


def test_owner_and_tenant_of_one_building_take_part(town):
    roles = defaultdict(set)
    for p in town.participants:
        roles[p.building_uuid].add(p.role)
    pairs = [b for b, r in roles.items() if {"owner", "tenant"} <= r]
    assert len(pairs) >= 5
    per_building = Counter(p.building_uuid for p in town.participants)
    assert 1 <= sum(1 for n in per_building.values() if n >= 2) <= 0.2 * len(per_building)


def test_names_and_contacts_are_obviously_fictitious(town):
    families = Counter(p.family_name for p in town.participants)
    assert {"Mustermann", "Musterfrau"} <= set(families)
    emails = [p.email for p in town.participants]
    assert len(set(emails)) == len(emails)
    assert all(re.fullmatch(r"[a-z0-9.]+@example\.(org|com)", e) for e in emails)
    prefixes = tuple(f"{area} {block}" for area, block in DRAMA_NUMBER_BLOCKS)
    assert all(p.phone.startswith(prefixes) and re.fullmatch(r"0\d+ \d+", p.phone) for p in town.participants)
    assert all(len(p.phone.replace(" ", "")) == len(prefix.replace(" ", "")) + 3
               for p in town.participants for prefix in prefixes if p.phone.startswith(prefix))  # fmt: skip


def test_the_same_person_never_lives_twice_in_one_building(town):
    keys = [(p.building_uuid, p.given_name, p.family_name) for p in town.participants]
    assert len(set(keys)) == len(keys)


def test_consents_and_their_dates(town):
    n = len(town.participants)
    assert abs(sum(p.consent_contact for p in town.participants) / n - 0.80) <= 0.05
    assert abs(sum(p.consent_public_map for p in town.participants) / n - 0.75) <= 0.05
    for p in town.participants:
        for given, when in (
            (p.consent_contact, p.consent_contact_date),
            (p.consent_public_map, p.consent_public_map_date),
        ):
            assert (when is not None) == given
            if when:
                assert date.fromisoformat(when).year == 2026


# ---- proposals ---------------------------------------------------------------------------------------


def test_proposals_reference_participants_and_their_buildings(town):
    participants = {p.uuid: p for p in town.participants}
    for p in town.proposals:
        assert participants[p.participant_uuid].building_uuid == p.building_ref
    ideas = Counter(p.participant_uuid for p in town.proposals)
    assert set(ideas) == set(participants)
    assert set(ideas.values()) <= {1, 2, 3}
    assert sum(1 for n in ideas.values() if n == 1) / len(ideas) >= 0.6


def test_one_participant_never_proposes_the_same_theme_twice(town):
    keys = [(p.participant_uuid, p.theme) for p in town.proposals]
    assert len(set(keys)) == len(keys)


def test_themes_have_realistic_shares(town):
    themes = Counter(p.theme for p in town.proposals)
    assert set(themes) == set(THEMES)
    n = len(town.proposals)
    assert abs(themes["heating"] / n - 0.30) <= 0.04
    assert themes.most_common(1)[0][0] == "heating"
    order = [
        "heating",
        "pv",
        "windows",
        "facade",
        "roof_insulation",
        "heat_pump",
        "roof",
        "heat_network",
        "other",
    ]
    assert [themes[t] for t in order] == sorted((themes[t] for t in order), reverse=True)


def test_statuses_have_realistic_shares(town):
    statuses = Counter(p.status for p in town.proposals)
    assert set(statuses) == set(STATUSES)
    n = len(town.proposals)
    expected = {"checked": 0.70, "submitted": 0.12, "matched": 0.06, "rejected": 0.04, "withdrawn": 0.05,
                "implemented": 0.03}  # fmt: skip
    for status, share in expected.items():
        assert abs(statuses[status] / n - share) <= 0.03, status


def test_rejections_and_only_they_have_a_german_reason(town):
    for p in town.proposals:
        if p.status == "rejected":
            assert p.rejection_reason and re.search("[a-zäöüß]{4}", p.rejection_reason)
        else:
            assert p.rejection_reason is None


def test_planned_years(town):
    spans = Counter()
    for p in town.proposals:
        assert 2026 <= p.year_from <= p.year_to <= 2030
        assert p.year_to - p.year_from <= 2
        spans[p.year_to - p.year_from] += 1
        if p.status == "implemented":
            assert p.year_from == 2026
    assert set(spans) == {0, 1, 2}


def test_location_source_quality_and_channel(town):
    sources = Counter(p.location_source for p in town.proposals)
    assert set(sources) == {"geocoded", "clicked"} and sources["geocoded"] > 3 * sources["clicked"]
    assert {p.source for p in town.proposals} == {"officer", "web", "import"}
    for p in town.proposals:
        assert p.location_quality == {"geocoded": "address", "clicked": "manual"}[p.location_source]


def test_proposals_lie_at_their_building_inside_the_area(town):
    addresses = {a.building_uuid: a for a in town.addresses}
    for p in town.proposals:
        a = addresses[p.building_ref]
        assert math.hypot(p.x - a.x, p.y - a.y) <= 2.01
        if p.location_source == "geocoded":
            assert (p.x, p.y) == (a.x, a.y)
        assert inside(p.x, p.y, town.area_ring)


def test_descriptions_are_short_german_and_varied(town):
    descriptions = Counter(p.description for p in town.proposals)
    assert len(descriptions) >= 40
    assert all(0 < len(d) <= 120 for d in descriptions)
    assert any(re.fullmatch(r"Alte Gasheizung \(Bj\. \d{4}\) ersetzen", d) for d in descriptions)


def test_created_at_is_a_real_time_in_2026(town):
    for p in town.proposals:
        assert re.fullmatch(r"2026-\d\d-\d\dT\d\d:\d\d:\d\dZ", p.created_at)
        assert date.fromisoformat(p.created_at[:10]).year == 2026
    assert [p.created_at for p in town.proposals] == sorted(p.created_at for p in town.proposals)


def test_heating_ideas_form_local_heat_network_clumps(town):
    """At least two separate clusters (DBSCAN eps 125 m, 3 points) of checked heating ideas, each mostly
    neighbours in one street of terraced houses: the demo's local-heat-network candidates."""
    buildings = {b.uuid: b for b in town.buildings}
    checked = [p for p in town.proposals if p.theme in HEAT and p.status == "checked"]
    planted = []
    for clump in heat_clumps(checked):
        street, n = Counter(buildings[p.building_ref].street for p in clump).most_common(1)[0]
        terraced = sum(buildings[p.building_ref].kind == "terraced" for p in clump)
        if n >= 0.75 * len(clump) and terraced >= 0.75 * len(clump):
            planted.append((street, clump))
    assert len(planted) >= 2
    centres = [(sum(p.x for p in c) / len(c), sum(p.y for p in c) / len(c)) for _s, c in planted]
    assert max(math.dist(a, b) for a in centres for b in centres) > 250
    for _street, clump in planted:
        assert sum(p.year_from <= 2027 for p in clump) >= len(clump) / 2  # their plans overlap in time
