"""The matching engine against a brute-force reference written from the rules in words (DESIGN.md §3).

Property-based: hypothesis draws small layers (points in a 500 m square, themes, statuses, participants,
years, buildings, roles — and random rule tables), and every answer of the index must equal the
reference's exactly: the same candidates in the same order, the same pairs.
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mitmach_qgis.core import matching
from mitmach_qgis.core.matching import (
    ACTIVE_STATUSES,
    Candidate,
    MatchIndex,
    PairTable,
    Reason,
    Rule,
    ScoreWeights,
)
from mitmach_qgis.core.themes import COMPATIBILITY, STATUSES

BUILTIN = [Rule(**vars(c)) for c in COMPATIBILITY]
DEFAULT_WEIGHTS = ScoreWeights()
THEMES = ("heating", "heat_network", "windows", "facade", "pv", "roof", "other")
# database=None: no .hypothesis folder in the work tree; failures print their example to reproduce
SETTINGS = settings(
    max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow]
)


@pytest.fixture(autouse=True, scope="module")
def grid_even_for_small_layers():
    """The small layers of these tests would be scanned whole (below _SCAN_BELOW points); they test the
    grid instead, and one test compares it with the scan."""
    original = matching._SCAN_BELOW
    matching._SCAN_BELOW = 0
    yield
    matching._SCAN_BELOW = original


# -- the reference: every pair, every rule, in plain Python ------------------------------------------------
def _years(r):
    f, t = r.get("year_from"), r.get("year_to")
    if f is None and t is None:
        return None
    f = t if f is None else f
    t = f if t is None else t
    return min(f, t), max(f, t)


def _pair_score(origin, other, rule, d, weights, blocks, cap):
    """The score of ``rule`` for the pair, or None when the rule does not apply."""
    if rule.weight <= 0 or sorted((rule.theme_a, rule.theme_b)) != sorted((origin["theme"], other["theme"])):
        return None
    limit = rule.max_distance_m if cap is None else min(rule.max_distance_m, cap)
    if d > limit:
        return None
    same_building = origin.get("building_ref") is not None and origin.get("building_ref") == other.get(
        "building_ref"
    )
    if rule.same_building_only and not same_building:
        return None
    if rule.role_pair == "owner_tenant" and {origin.get("role"), other.get("role")} != {"owner", "tenant"}:
        return None
    ya, yb = _years(origin), _years(other)
    if ya is None or yb is None:
        years = 0.5
    else:
        gap = max(ya[0], yb[0]) - min(ya[1], yb[1])
        if gap > rule.year_tolerance:
            return None
        if gap <= 0:
            shorter = min(ya[1] - ya[0], yb[1] - yb[0]) + 1.0
            years = 0.5 + 0.5 * (1.0 - gap) / shorter
        else:
            years = 0.5 * (1.0 - gap / (rule.year_tolerance + 1.0))
    block_a = blocks.get(origin.get("building_ref")) if origin.get("building_ref") is not None else None
    block_b = blocks.get(other.get("building_ref")) if other.get("building_ref") is not None else None
    same_block = same_building or (block_a is not None and block_a == block_b)
    w = weights
    base = (w.distance * (1.0 - d / rule.max_distance_m) + w.years * years + w.theme * rule.weight) / (
        w.distance + w.years + w.theme
    )
    bonus = w.same_building_bonus * same_building + w.same_block_bonus * same_block
    return min(max(base + bonus, 0.0), 1.0)


def reference(records, rules, uuid, weights=DEFAULT_WEIGHTS, blocks=None, themes=None, cap=None,
              min_score=0.0, include_matched=True):  # fmt: skip
    """[(uuid, score, distance, synergy)] best first."""
    blocks = blocks or {}
    origin = next(r for r in records if r["uuid"] == uuid)
    if origin.get("x") is None or origin.get("y") is None:
        return []
    statuses = ACTIVE_STATUSES if include_matched else ("checked",)
    # equal scores: the more specific rule first (same building, owner and tenant), then themes and synergy
    ordered = sorted(
        (r for r in rules if r.weight > 0),
        key=lambda r: (-(r.same_building_only + (r.role_pair is not None)), r.theme_a, r.theme_b, r.synergy),
    )
    out = []
    for other in records:
        if other is origin or other.get("x") is None or other.get("y") is None:
            continue
        if other.get("status") not in statuses or (themes is not None and other["theme"] not in themes):
            continue
        p, q = origin.get("participant_uuid"), other.get("participant_uuid")
        if p is not None and p == q:
            continue
        dx, dy = other["x"] - origin["x"], other["y"] - origin["y"]
        d = math.sqrt(dx * dx + dy * dy)
        best = None
        for rule in ordered:
            score = _pair_score(origin, other, rule, d, weights, blocks, cap)
            if score is not None and (best is None or score > best[0]):
                best = (score, rule.synergy)
        if best is not None and best[0] >= min_score:
            out.append((other["uuid"], best[0], d, best[1]))
    return sorted(out, key=lambda c: (-c[1], c[2], c[0]))


def reference_pairs(records, rules, weights=DEFAULT_WEIGHTS, blocks=None, cap=None):
    pairs = {}
    for r in records:
        if r.get("status") in ACTIVE_STATUSES:
            for uuid, score, d, synergy in reference(records, rules, r["uuid"], weights, blocks, cap=cap):
                pairs[tuple(sorted((r["uuid"], uuid)))] = (score, d, synergy)
    return pairs


def as_tuples(candidates):
    return [(c.uuid, c.score, c.distance_m, c.synergy) for c in candidates]


def assert_same(got, want):
    assert [g[0] for g in got] == [w[0] for w in want]
    for g, w in zip(got, want):
        assert g[1] == pytest.approx(w[1], abs=1e-9)
        assert g[2] == pytest.approx(w[2], abs=1e-9)
        assert g[3] == w[3]


# -- random layers --------------------------------------------------------------------------------------------
coordinate = st.one_of(
    st.sampled_from([0.0, 10.0, 100.0, 150.0, 250.0]),  # duplicate points, distances exactly at the limits
    st.integers(0, 500).map(float),
    st.floats(0, 500, allow_nan=False, allow_infinity=False),
)


_POINT = st.one_of(st.tuples(coordinate, coordinate), st.just((None, None)))
_YEARS = st.tuples(
    st.one_of(st.none(), st.integers(2025, 2031)), st.one_of(st.none(), st.integers(0, 3))
).map(lambda p: (p[0], None if p[1] is None else (p[0] or 2027) + p[1]))
_RECORD = st.tuples(
    st.integers(0, 9),
    _POINT,
    st.sampled_from(THEMES),
    st.sampled_from(STATUSES),
    st.one_of(st.none(), st.sampled_from(["p1", "p2", "p3", "p4", "p5"])),
    _YEARS,
    st.one_of(st.none(), st.sampled_from(["b1", "b2", "b3"])),
    st.sampled_from(["owner", "tenant", "other", None]),
)


def _as_record(k, values):
    prefix, (x, y), theme, status, participant, (year_from, year_to), building, role = values
    return {
        "uuid": f"u{prefix}{k:02d}",  # uuid order differs from record order
        "x": x, "y": y, "theme": theme, "status": status, "participant_uuid": participant,
        "year_from": year_from, "year_to": year_to, "building_ref": building, "role": role,
    }  # fmt: skip


def records(min_size=0, max_size=24):
    return st.lists(_RECORD, min_size=min_size, max_size=max_size).map(
        lambda rows: [_as_record(k, v) for k, v in enumerate(rows)]
    )


rule_strategy = st.builds(
    lambda a, b, weight, dist, synergy, tol, building, roles: Rule(
        min(a, b), max(a, b), weight, dist, synergy, tol, building, roles
    ),
    st.sampled_from(THEMES),
    st.sampled_from(THEMES),
    st.sampled_from([0.0, 0.3, 0.7, 1.0]),
    st.sampled_from([10.0, 50.0, 120.0, 150.0, 300.0, 700.0]),
    st.sampled_from(["local_heat_network", "joint_tender", "owner_tenant"]),
    st.integers(0, 3),
    st.booleans(),
    st.sampled_from([None, "owner_tenant"]),
)
rules_strategy = st.one_of(
    st.just(BUILTIN),
    st.lists(rule_strategy, max_size=8, unique_by=lambda r: (r.theme_a, r.theme_b, r.synergy)),
)
weights_strategy = st.one_of(
    st.just(ScoreWeights()),
    st.tuples(*[st.sampled_from([0.0, 0.1, 0.5, 1.0])] * 3, *[st.sampled_from([0.0, 0.15, 0.6])] * 2)
    .filter(lambda w: sum(w[:3]) > 0)
    .map(lambda w: ScoreWeights(*w)),
)
blocks_strategy = st.one_of(st.none(), st.just({"b1": "s1:even", "b2": "s1:even", "b3": "s2:odd"}))


# -- properties --------------------------------------------------------------------------------------------
@SETTINGS
@given(records(), rules_strategy, weights_strategy, blocks_strategy, st.data())
def test_query_equals_the_reference(layer, rules, weights, blocks, data):
    index = MatchIndex.from_records(layer, rules, weights, blocks)
    assert len(index) == len(layer)
    themes = data.draw(st.one_of(st.none(), st.sets(st.sampled_from(THEMES), max_size=3)))
    cap = data.draw(st.one_of(st.none(), st.sampled_from([0.0, 30.0, 100.0, 150.0])))
    min_score = data.draw(st.sampled_from([0.0, 0.5, 0.8]))
    include_matched = data.draw(st.booleans())
    limit = data.draw(st.sampled_from([None, 1, 3, 10]))
    for r in layer:
        got = index.query(r["uuid"], limit, themes, cap, min_score, include_matched)
        want = reference(layer, rules, r["uuid"], weights, blocks, themes, cap, min_score, include_matched)
        assert_same(as_tuples(got), want[:limit] if limit is not None else want)
        if limit is None and themes is None and cap is None and min_score == 0 and include_matched:
            assert_same(as_tuples(index.query(r["uuid"], None)), want)


@SETTINGS
@given(records(), rules_strategy, blocks_strategy, st.sampled_from([None, 40.0, 150.0]))
def test_all_pairs_equal_the_reference(layer, rules, blocks, cap):
    index = MatchIndex.from_records(layer, rules, blocks=blocks)
    table = index.all_pairs(max_distance=cap)
    want = reference_pairs(layer, rules, blocks=blocks, cap=cap)
    a, b = table.uuids()
    got = {tuple(sorted(p)): k for k, p in enumerate(zip(a, b))}
    assert set(got) == set(want)
    assert len(got) == len(table), "every pair once"
    assert (table.a < table.b).all()
    synergies = table.synergies()
    for pair, k in got.items():
        score, d, synergy = want[pair]
        assert table.score[k] == pytest.approx(score, abs=1e-6)
        assert table.distance_m[k] == pytest.approx(d, rel=1e-6, abs=1e-3)
        assert synergies[k] == synergy


@SETTINGS
@given(records(min_size=2), rules_strategy)
def test_invariants(layer, rules):
    index = MatchIndex.from_records(layer, rules)
    by_uuid = {r["uuid"]: r for r in layer}
    pairs = set()
    for r in layer:
        found = index.query(r["uuid"], limit=None)
        keys = [(-c.score, c.distance_m, c.uuid) for c in found]
        assert keys == sorted(keys), "score desc, distance asc, uuid asc"
        for c in found:
            other = by_uuid[c.uuid]
            assert c.uuid != r["uuid"], "no self match"
            assert r["participant_uuid"] is None or other["participant_uuid"] != r["participant_uuid"]
            assert c.status in ACTIVE_STATUSES and c.status == other["status"]
            rule = next(
                x for x in rules if x.synergy == c.synergy and {x.theme_a, x.theme_b} == {r["theme"], c.theme}
            )
            assert rule.weight > 0, "compatible themes only"
            assert c.distance_m <= rule.max_distance_m
            assert 0.0 <= c.score <= 1.0
            assert {x.code for x in c.reasons} <= set(matching.REASON_CODES)
            assert c.reason("theme").detail == c.synergy and c.reason("distance").value == c.distance_m
            if r["status"] in ACTIVE_STATUSES:
                pairs.add(frozenset((r["uuid"], c.uuid)))
    # symmetric: between two proposals that take part, each finds the other
    for pair in pairs:
        u, v = tuple(pair)
        assert v in {c.uuid for c in index.query(u, limit=None)}
        assert u in {c.uuid for c in index.query(v, limit=None)}
    a, b = index.all_pairs().uuids()
    assert {frozenset(p) for p in zip(a, b)} == pairs


@settings(max_examples=100, deadline=None, database=None)
@given(records(min_size=1), rules_strategy, st.data())
def test_update_equals_a_fresh_build(layer, rules, data):
    index = MatchIndex.from_records(layer, rules)
    edits, current = [], {r["uuid"]: r for r in layer}
    for r in layer:
        action = data.draw(st.sampled_from(["keep", "change", "delete"]))
        if action == "change":
            changed = {**r, "x": data.draw(st.one_of(st.none(), coordinate)), "status": "checked",
                       "theme": data.draw(st.sampled_from(THEMES))}  # fmt: skip
            edits.append(changed)
            current[r["uuid"]] = changed
        elif action == "delete":
            edits.append(
                data.draw(st.sampled_from([{"uuid": r["uuid"]}, {"uuid": r["uuid"], "deleted": True}]))
            )
            del current[r["uuid"]]
    for extra in data.draw(records(max_size=4)):
        extra = {**extra, "uuid": "new-" + extra["uuid"], "theme": "kitchen"}  # a theme no rule knows yet
        edits.append(extra)
        current[extra["uuid"]] = extra
    index.update(edits)
    fresh = MatchIndex.from_records(list(current.values()), rules)
    assert len(index) == len(fresh) == len(current)
    for uuid in current:
        assert as_tuples(index.query(uuid, limit=None)) == as_tuples(fresh.query(uuid, limit=None))
    assert sorted(zip(*index.all_pairs().uuids())) == sorted(zip(*fresh.all_pairs().uuids()))


@settings(max_examples=40, deadline=None, database=None)
@given(records(min_size=2), st.sampled_from([3, 17, 50]))
def test_all_pairs_in_small_chunks_and_queries_by_scan_agree(layer, chunk):
    index = MatchIndex.from_records(layer, BUILTIN)
    whole = index.all_pairs()
    original = matching._PAIR_CHUNK
    matching._PAIR_CHUNK = chunk
    try:
        chunked = index.all_pairs()
    finally:
        matching._PAIR_CHUNK = original
    assert sorted(zip(*chunked.uuids())) == sorted(zip(*whole.uuids()))
    scanned = MatchIndex.from_records(layer, BUILTIN)
    scanned._scan = True
    for r in layer:
        assert as_tuples(scanned.query(r["uuid"], None)) == as_tuples(index.query(r["uuid"], None))


@settings(max_examples=30, deadline=None, database=None)
@given(
    st.lists(st.tuples(st.floats(0, 400), st.floats(0, 400)), min_size=40, max_size=120),
    st.lists(st.floats(0, 2 * math.pi), max_size=30),
    st.sampled_from([40.0, 75.0, 150.0, 333.0]),
    st.sampled_from([1.0, 1 - 1e-12, 1 + 1e-12]),
)
def test_dense_layers_and_points_on_the_circle_match_brute_force(points, angles, radius, stretch):
    """Many points and points exactly on (or a hair inside / outside) the circle around the first one:
    grid rows, chords and cell corners must lose nothing. One rule, so a distance matrix is the truth."""
    x0, y0 = points[0]
    points = points + [
        (x0 + radius * stretch * math.cos(a), y0 + radius * stretch * math.sin(a)) for a in angles
    ]
    layer = [_rec(f"u{k:03d}", x, y, participant_uuid=f"p{k}", year_from=None, year_to=None)
             for k, (x, y) in enumerate(points)]  # fmt: skip
    rules = [Rule("heating", "heating", 1.0, radius, "local_heat_network")]
    index = MatchIndex.from_records(layer, rules)
    xy = np.array(points)
    dx = xy[None, :, 0] - xy[:, None, 0]
    dy = xy[None, :, 1] - xy[:, None, 1]
    near = np.sqrt(dx * dx + dy * dy) <= radius
    np.fill_diagonal(near, False)
    for k in range(len(points)):
        assert {c.uuid for c in index.query(f"u{k:03d}", None)} == {
            f"u{j:03d}" for j in np.flatnonzero(near[k])
        }
    a, b = np.nonzero(np.triu(near))
    assert sorted(zip(*index.all_pairs().uuids())) == sorted((f"u{i:03d}", f"u{j:03d}") for i, j in zip(a, b))


def test_the_reference_and_properties_can_fail():
    """A wrong engine must not pass: a bug planted in the score breaks the comparison."""
    layer = [_rec("a", 0, 0), _rec("b", 48, 0, participant_uuid="p2")]
    index = MatchIndex.from_records(layer, BUILTIN)
    want = reference(layer, BUILTIN, "a")
    assert_same(as_tuples(index.query("a")), want)
    bad = MatchIndex.from_records(layer, BUILTIN, ScoreWeights(distance=0.9))
    with pytest.raises(AssertionError):
        assert_same(as_tuples(bad.query("a")), want)


# -- fixtures in words -------------------------------------------------------------------------------------
def _rec(uuid, x, y, theme="heating", status="checked", participant_uuid="p1", year_from=2026, year_to=2027,
         building_ref=None, role="owner"):  # fmt: skip
    return {"uuid": uuid, "x": x, "y": y, "theme": theme, "status": status, "participant_uuid": participant_uuid,
            "year_from": year_from, "year_to": year_to, "building_ref": building_ref, "role": role}  # fmt: skip


def test_two_heating_proposals_48_m_apart_in_2026_2027():
    layer = [_rec("a", 357500.0, 5711500.0), _rec("b", 357500.0, 5711548.0, participant_uuid="p2")]
    index = MatchIndex.from_records(layer, BUILTIN)
    (c,) = index.query("a")
    assert (c.uuid, c.theme, c.synergy, c.overlap_years, c.distance_m) == (
        "b",
        "heating",
        "local_heat_network",
        2,
        48.0,
    )
    assert (c.year_from, c.year_to, c.same_building, c.same_block) == (2026, 2027, False, False)
    assert c.reasons == (
        Reason("theme", 1.0, "local_heat_network"),
        Reason("distance", 48.0, "150"),
        Reason("years", "2026–2027", "overlap"),
    )
    # 0.45 * (1 - 48/150) + 0.25 * 1 + 0.30 * 1
    assert c.score == pytest.approx(0.45 * (1 - 48 / 150) + 0.25 + 0.30)
    german = c.sentence("heating", "de")
    assert german == "Beide planen 2026–2027 einen Heizungstausch, 48 m entfernt."
    assert "2026–2027" in german and "Heizungstausch" in german and "48 m" in german
    assert c.sentence("heating", "en") == "Both plan to replace their heating in 2026–2027, 48 m apart."
    assert c.sentence("heating", "fr") == c.sentence("heating", "en"), "other languages: English"


def test_sentences_for_different_themes_years_apart_open_and_same_building():
    layer = [
        _rec("a", 0.0, 0.0, year_from=2026, year_to=2026, building_ref="b1", role="tenant"),
        _rec("net", 60.4, 0.0, theme="heat_network", participant_uuid="p2", year_from=2026, year_to=2029),
        _rec("late", 10.0, 0.0, participant_uuid="p3", year_from=2028, year_to=2028),
        _rec("open", 20.0, 0.0, participant_uuid="p4", year_from=None, year_to=None),
        _rec("owner", 1.0, 0.0, participant_uuid="p5", building_ref="b1", role="owner"),
    ]
    rules = [*BUILTIN, replace(BUILTIN[0], year_tolerance=2, synergy="local_heat_network_wide")]
    index = MatchIndex.from_records(layer, rules, blocks={"b1": "main:even"})
    found = {c.uuid: c for c in index.query("a", limit=None)}
    net = found["net"]
    assert net.sentence("heating", "de") == (
        "Dieser Vorschlag plant einen Heizungstausch, der andere Vorschlag einen Anschluss an ein Wärmenetz, "
        "beide 2026, 60 m entfernt."
    )
    assert net.sentence("heating", "en") == (
        "This proposal plans a heating replacement, the other one a heat-network connection, both in 2026, "
        "60 m apart."
    )
    late = found["late"]
    assert late.synergy == "local_heat_network_wide" and late.reason("years") == Reason(
        "years", 2.0, "staggered"
    )
    assert (
        late.sentence("heating", "de")
        == "Beide planen einen Heizungstausch, zeitlich um 2 Jahre versetzt, 10 m entfernt."
    )
    assert (
        late.sentence("heating", "en")
        == "Both plan to replace their heating, staggered by 2 years, 10 m apart."
    )
    open_ = found["open"]
    assert open_.reason("years") == Reason("years", None, "open") and open_.overlap_years == 0
    assert open_.year_from is None and open_.year_to is None
    assert (
        open_.sentence("heating", "de")
        == "Beide planen einen Heizungstausch (Zeitraum noch offen), 20 m entfernt."
    )
    assert (
        open_.sentence("heating", "en")
        == "Both plan to replace their heating (timing still open), 20 m apart."
    )
    owner = found["owner"]
    assert owner.synergy == "owner_tenant" and owner.same_building and owner.same_block
    assert owner.reason("owner_tenant") == Reason("owner_tenant", "owner", "")
    assert owner.reason("same_building") == Reason("same_building", "b1", "")
    assert owner.reason("same_block") == Reason("same_block", "main:even", "")
    assert owner.score == 1.0, "clipped: a perfect pair in the same building"
    assert owner.sentence("heating", "de") == (
        "Mieter und Eigentümer desselben Gebäudes: Beide planen 2026 einen Heizungstausch."
    )
    assert owner.sentence("heating", "en") == (
        "Tenant and owner of the same building: both plan to replace their heating in 2026."
    )


def test_sentence_same_block_same_spot_and_unknown_theme():
    def candidate(theme="heating", d=30.0, building=False, block=False):
        return Candidate("x", theme, "checked", d, 0.5, "s", 2026, 2026, 1, building, block,
                         (Reason("years", "2026", "overlap"),))  # fmt: skip

    assert (
        candidate(block=True).sentence("heating", "de")
        == "Beide planen 2026 einen Heizungstausch, 30 m entfernt im selben Block."
    )
    assert (
        candidate(block=True).sentence("heating", "en")
        == "Both plan to replace their heating in 2026, 30 m apart in the same block."
    )
    assert (
        candidate(d=0.0).sentence("heating", "de")
        == "Beide planen 2026 einen Heizungstausch am selben Standort."
    )
    assert (
        candidate(d=0.0, building=True).sentence("heating", "en")
        == "Both plan to replace their heating in 2026 in the same building."
    )
    assert (
        candidate("sauna").sentence("sauna", "de") == "Beide planen 2026 ein Vorhaben „sauna“, 30 m entfernt."
    )
    assert candidate("sauna").sentence("sauna", "en") == "Both plan to carry out “sauna” in 2026, 30 m apart."
    assert candidate("sauna").sentence("pv", "en") == (
        "This proposal plans PV or solar thermal, the other one work on “sauna”, both in 2026, 30 m apart."
    )
    for code in (*THEMES, "roof_insulation", "heat_pump"):
        for language in ("de", "en"):
            text = candidate(code).sentence(code, language)
            assert "“" not in text and "„" not in text, f"{code} has a phrase in {language}"


def test_owner_tenant_needs_one_owner_and_one_tenant_in_the_same_building():
    layer = [
        _rec("t", 0, 0, theme="other", building_ref="b1", role="tenant"),
        _rec("o", 5, 0, theme="other", participant_uuid="p2", building_ref="b1", role="owner"),
        _rec("o2", 5, 0, theme="other", participant_uuid="p3", building_ref="b2", role="owner"),
        _rec("t2", 5, 0, theme="other", participant_uuid="p4", building_ref="b1", role="tenant"),
        _rec("x", 5, 0, theme="other", participant_uuid="p5", building_ref="b1", role=None),
    ]
    index = MatchIndex.from_records(layer, BUILTIN)
    assert [c.uuid for c in index.query("t")] == ["o"]
    assert [c.uuid for c in index.query("o")] == ["t2", "t"], "equal (clipped) scores: the nearer first"


def test_statuses_participants_and_the_queried_proposal_in_any_status():
    layer = [_rec("new", 0, 0, status="submitted")] + [
        _rec(s, 10, 0, status=s, participant_uuid="p-" + s) for s in STATUSES
    ]
    layer += [_rec("same-person", 5, 0), _rec("nobody-1", 6, 0, participant_uuid=None)]
    layer += [_rec("nobody-2", 7, 0, participant_uuid=None)]
    index = MatchIndex.from_records(layer, BUILTIN)
    assert {c.uuid for c in index.query("new", None)} == {"checked", "matched", "nobody-1", "nobody-2"}
    assert {c.uuid for c in index.query("new", None, include_matched=False)} == {
        "checked",
        "nobody-1",
        "nobody-2",
    }
    assert "nobody-2" in {c.uuid for c in index.query("nobody-1", None)}, "NULL participants differ"
    assert "same-person" not in {c.uuid for c in index.query("new", None)}


def test_edge_cases_empty_one_duplicates_null_geometry_far_away():
    empty = MatchIndex.from_records([], BUILTIN)
    assert len(empty) == 0 and len(empty.all_pairs()) == 0
    with pytest.raises(KeyError):
        empty.query("nope")
    one = MatchIndex.from_records([_rec("a", 1, 1)], BUILTIN)
    assert one.query("a") == [] and len(one.all_pairs()) == 0
    no_rules = MatchIndex.from_records([_rec("a", 1, 1), _rec("b", 1, 1, participant_uuid="p2")], [])
    assert no_rules.query("a") == [] and len(no_rules.all_pairs()) == 0
    dupes = MatchIndex.from_records(
        [_rec(f"d{k}", 7.0, 7.0, participant_uuid=f"p{k}") for k in range(5)], BUILTIN
    )
    assert [c.uuid for c in dupes.query("d2")] == ["d0", "d1", "d3", "d4"], "ties: uuid order"
    assert len(dupes.query("d2", max_distance=0)) == 4, "0 m: the same spot"
    assert len(dupes.all_pairs(max_distance=0)) == 10
    assert {c.distance_m for c in dupes.query("d2")} == {0.0} and len(dupes.all_pairs()) == 10
    nowhere = MatchIndex.from_records(
        [_rec("a", None, None), _rec("b", 0, 0, participant_uuid="p2")], BUILTIN
    )
    assert nowhere.query("a") == [] and nowhere.query("b") == [] and nowhere.point("a") is None
    nan = MatchIndex.from_records(
        [_rec("a", float("nan"), 0), _rec("b", 0, 0, participant_uuid="p2")], BUILTIN
    )
    assert nan.query("b") == []
    # far outside any participation area: nothing special, only distances count
    far = [_rec("a", -9e6, 9e6), _rec("b", -9e6 + 30, 9e6, participant_uuid="p2"), _rec("c", 350000, 5.7e6)]
    index = MatchIndex.from_records(far, BUILTIN)
    assert [c.uuid for c in index.query("a")] == ["b"] and len(index.all_pairs()) == 1
    with pytest.raises(ValueError, match="duplicate"):
        MatchIndex.from_records([_rec("a", 0, 0), _rec("a", 1, 1)], BUILTIN)


def test_null_years_mean_any_time_and_a_single_bound_one_year():
    layer = [
        _rec("a", 0, 0, year_from=2026, year_to=2026),
        _rec("only-from", 1, 0, participant_uuid="p2", year_from=2027, year_to=None),
        _rec("only-to", 2, 0, participant_uuid="p3", year_from=None, year_to=2028),
        _rec("never", 3, 0, participant_uuid="p4", year_from=None, year_to=None),
    ]
    index = MatchIndex.from_records(layer, BUILTIN)
    found = {c.uuid: c for c in index.query("a", None)}
    assert set(found) == {"only-from", "never"}, "2028 is 2 years after 2026: beyond the tolerance of 1"
    assert found["only-from"].reason("years") == Reason("years", 1.0, "staggered")
    assert found["never"].reason("years") == Reason("years", None, "open")


def test_limit_themes_distance_and_min_score_filters():
    layer = [_rec("a", 0, 0)] + [
        _rec(f"h{k}", 10.0 * k, 0, participant_uuid=f"q{k}", theme="heat_network" if k % 2 else "heating")
        for k in range(1, 16)
    ]
    index = MatchIndex.from_records(layer, BUILTIN)
    assert [c.uuid for c in index.query("a", limit=3)] == ["h1", "h2", "h3"]
    assert index.query("a", limit=0) == []
    assert {c.theme for c in index.query("a", None, themes=["heat_network"])} == {"heat_network"}
    assert max(c.distance_m for c in index.query("a", None, max_distance=55)) == 50.0
    assert all(c.score >= 0.8 for c in index.query("a", None, min_score=0.8))
    assert index.query("a", None, themes=["windows"]) == []
    assert index.query("a", None, max_distance=0) == []


def test_score_weights_are_validated():
    with pytest.raises(ValueError):
        ScoreWeights(distance=-1)
    with pytest.raises(ValueError):
        ScoreWeights(distance=0, years=0, theme=0)
    with pytest.raises(ValueError):
        ScoreWeights(theme=float("nan"))


def test_pair_table_is_compact_and_named():
    layer = [_rec("a", 0, 0), _rec("b", 3, 4, participant_uuid="p2"), _rec("c", 0, 0, theme="windows")]
    table = MatchIndex.from_records(layer, BUILTIN).all_pairs()
    assert isinstance(table, PairTable) and len(table) == 1
    assert table.uuids() == (["a"], ["b"]) and table.synergies() == ["local_heat_network"]
    assert table.score.dtype == np.float32 and float(table.distance_m[0]) == 5.0
    only = MatchIndex.from_records(layer, BUILTIN).all_pairs(uuids=["a", "c"])
    assert len(only) == 0, "uuids: both ends among them"
