"""Matching on a real GeoPackage: the index read from the file, the Processing algorithm, the CLI helpers."""

from __future__ import annotations

import csv
import math
import struct

import numpy as np
import pytest
from osgeo import ogr
from qgis.core import (
    QgsApplication,
    QgsProcessingContext,
    QgsProcessingFeedback,
    QgsProcessingProvider,
    QgsProject,
    QgsVectorLayer,
    QgsWkbTypes,
)

from mitmach_qgis.data import match_source
from mitmach_qgis.data.errors import StoreError
from mitmach_qgis.data.geometry import point_blob
from mitmach_qgis.data.gpkg_store import GeoPackageStore
from mitmach_qgis.processing_provider.find_matches import (
    PAIR_FIELDS,
    FindMatchesAlgorithm,
    ranked_candidates,
    write_pairs,
)
from mitmach_qgis.processing_provider.runner import AlgorithmError, run_algorithm

X0, Y0 = 357500.0, 5711500.0
# key: (theme, status, participant, dx, dy, years, building_ref)
PROPOSALS = {
    "heat_a": ("heating", "checked", "erika", 0.0, 0.0, (2026, 2027), "B1"),
    "heat_b": ("heating", "checked", "hans", 0.0, 48.0, (2026, 2027), "B2"),
    "net_c": ("heat_network", "matched", "jonas", 100.0, 0.0, (2027, 2029), "B3"),
    "heat_far": ("heating", "checked", "jonas", 400.0, 0.0, (2026, 2026), "B4"),
    "heat_new": ("heating", "submitted", "hans", 10.0, 0.0, (2026, 2026), "B2"),
    "win_a": ("windows", "checked", "erika", 5.0, 5.0, (2026, 2026), "B1"),
    "heat_own": ("heating", "checked", "erika", 25.0, 0.0, (2026, 2026), "B1"),
    "pv_nowhere": ("pv", "checked", "hans", None, None, (None, None), None),
}
PEOPLE = {  # personal data that must never appear in an output
    "erika": {
        "given_name": "Erika",
        "family_name": "Musterfrau",
        "email": "erika@example.org",
        "role": "owner",
    },
    "hans": {
        "given_name": "Hans",
        "family_name": "Beispielmann",
        "email": "hans@example.org",
        "role": "tenant",
    },
    "jonas": {
        "given_name": "Jonas",
        "family_name": "Probstmeier",
        "email": "jonas@example.org",
        "role": "owner",
    },
}
NAMES = [v for person in PEOPLE.values() for k, v in person.items() if k != "role"]


@pytest.fixture
def db(tmp_path):
    """The store and {key: proposal uuid}."""
    store = GeoPackageStore.create(tmp_path / "x.gpkg")
    with store.transaction() as conn:
        people = {}
        for key, person in PEOPLE.items():
            store.insert(conn, "participants", [{**person, "created_by": "t"}])
            people[key] = conn.execute("SELECT uuid FROM participants ORDER BY fid DESC").fetchone()[0]
        uuids = {}
        for key, (theme, status, person, dx, dy, (year_from, year_to), building) in PROPOSALS.items():
            geom = None if dx is None else ("point", X0 + dx, Y0 + dy)
            row = {"participant_uuid": people[person], "theme": theme, "status": status, "geom": geom,
                   "year_from": year_from, "year_to": year_to, "building_ref": building, "created_by": "t"}  # fmt: skip
            store.insert(conn, "proposals", [row])
            uuids[key] = conn.execute("SELECT uuid FROM proposals ORDER BY fid DESC").fetchone()[0]
    return store, uuids


# pairs among proposals that take part (checked / matched), by key
EXPECTED_PAIRS = {("heat_a", "heat_b"), ("heat_a", "net_c"), ("heat_b", "net_c"), ("heat_b", "heat_own"),
                  ("heat_own", "net_c")}  # fmt: skip


def _keys(uuids, values):
    back = {v: k for k, v in uuids.items()}
    return [back[v] for v in values]


def test_load_index_reads_points_roles_rules_and_gives_the_expected_candidates(db):
    store, uuids = db
    index = match_source.load_index(store)
    assert len(index) == len(PROPOSALS)
    assert index.point(uuids["heat_b"]) == (X0, Y0 + 48.0) and index.point(uuids["pv_nowhere"]) is None
    found = index.query(uuids["heat_a"])
    assert _keys(uuids, [c.uuid for c in found]) == ["heat_b", "net_c"]
    assert found[0].sentence("heating", "de") == "Beide planen 2026–2027 einen Heizungstausch, 48 m entfernt."
    # a proposal under review finds partners; other people's only
    assert _keys(uuids, [c.uuid for c in index.query(uuids["heat_new"], None)]) == [
        "heat_a",
        "heat_own",
        "net_c",
    ]
    assert index.query(uuids["pv_nowhere"]) == []
    records = match_source.load_records(store)
    by_uuid = {r["uuid"]: r for r in records}
    assert by_uuid[uuids["heat_b"]]["role"] == "tenant" and by_uuid[uuids["heat_a"]]["role"] == "owner"
    assert by_uuid[uuids["pv_nowhere"]]["x"] is None
    assert set(by_uuid[uuids["heat_a"]]) == {"uuid", "x", "y", "theme", "status", "participant_uuid",
                                             "year_from", "year_to", "building_ref", "role"}  # fmt: skip


def test_rules_weights_and_blocks_come_from_the_database(db):
    store, uuids = db
    with store.transaction() as conn:
        conn.execute("UPDATE theme_compatibility SET max_distance_m = 50 WHERE theme_a = 'heat_network'")
        conn.executemany(
            "INSERT INTO mitmach_meta (key, value) VALUES (?, ?)",
            [
                ("match_weight_distance", "0.9"),
                ("match_bonus_same_block", "0,5"),
                ("match_weight_years", "lots"),
            ],
        )
        rows = [("Zechenstraße", "2", "zechenstr", "B1"), ("Zechenstraße", "4", "zechenstr", "B2"),
                ("Zechenstraße", "3", "zechenstr", "B3")]  # fmt: skip
        for street, number, key, building in rows:
            store.insert(conn, "addresses", [{"street": street, "house_number": number, "street_key": key,
                                              "building_ref": building, "geom": ("point", X0, Y0)}])  # fmt: skip
    rules, weights, blocks = match_source.load_rules(store)
    assert (weights.distance, weights.same_block_bonus, weights.years) == (0.9, 0.5, 0.25)
    assert blocks == {"B1": "zechenstr:even", "B2": "zechenstr:even", "B3": "zechenstr:odd"}
    assert len(rules) == 22
    found = match_source.load_index(store).query(uuids["heat_a"])
    assert _keys(uuids, [c.uuid for c in found]) == ["heat_b"], "heat_network now only within 50 m"
    assert found[0].same_block and found[0].reason("same_block").value == "zechenstr:even"


def test_decode_points_in_bulk_and_the_odd_blob():
    plain = point_blob(1.5, -2.5, 25832)
    big_endian = b"GP\x00\x00" + struct.pack(">i", 25832) + b"\x00" + struct.pack(">Idd", 1, 7.0, 8.0)
    with_envelope = (
        b"GP\x00\x03" + struct.pack("<i4d", 25832, 3, 3, 4, 4) + b"\x01" + struct.pack("<Idd", 1, 3, 4)
    )
    empty = b"GP\x00\x11" + struct.pack("<i", 25832) + b"\x01" + struct.pack("<Idd", 1, math.nan, math.nan)
    x, y = match_source.decode_points([plain, None, big_endian, with_envelope, empty, b"junk"])
    assert [(x[k], y[k]) for k in (0, 2, 3)] == [(1.5, -2.5), (7.0, 8.0), (3.0, 4.0)]
    assert all(math.isnan(v) for v in (x[1], y[1], x[4], y[4], x[5], y[5]))
    x, y = match_source.decode_points([plain] * 3)
    assert x.tolist() == [1.5] * 3 and y.tolist() == [-2.5] * 3
    x, y = match_source.decode_points([plain, empty[:8] + b"\x01" + struct.pack("<Idd", 1, math.nan, 0.0)])
    assert x[0] == 1.5 and math.isnan(x[1]), "a NaN coordinate in a plain 29-byte blob is an empty point"


def test_weights_from_meta_ignore_what_is_not_a_number():
    w = match_source.weights_from_meta({"match_weight_theme": "-1", "match_weight_distance": "inf"})
    assert (w.theme, w.distance) == (0.30, 0.45)
    zero = {"match_weight_distance": "0", "match_weight_years": "0", "match_weight_theme": "0"}
    assert match_source.weights_from_meta(zero) == match_source.ScoreWeights()


def _run(parameters):
    algorithm = FindMatchesAlgorithm()
    algorithm.initAlgorithm()
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    feedback = QgsProcessingFeedback()
    results, ok = algorithm.run(parameters, context, feedback)
    assert ok, results
    return results, context


def test_algorithm_metadata():
    algorithm = FindMatchesAlgorithm()
    algorithm.initAlgorithm()
    assert (algorithm.name(), algorithm.groupId(), algorithm.group()) == (
        "findmatches",
        "matching",
        "Matching",
    )
    assert algorithm.displayName() == "Find matching proposals" and "personal" in algorithm.shortHelpString()
    assert [p.name() for p in algorithm.parameterDefinitions()] == [
        "DATABASE",
        "MAX_DISTANCE",
        "MIN_SCORE",
        "OUTPUT",
    ]
    assert isinstance(algorithm.createInstance(), FindMatchesAlgorithm)


def test_algorithm_writes_one_line_per_pair_with_attributes_and_no_personal_data(db, tmp_path):
    store, uuids = db
    out = tmp_path / "pairs.gpkg"
    results, _ = _run({"DATABASE": str(store.path), "OUTPUT": str(out)})
    assert results["PAIRS"] == len(EXPECTED_PAIRS)
    layer = QgsVectorLayer(results["OUTPUT"], "pairs", "ogr")
    assert layer.isValid() and layer.featureCount() == len(EXPECTED_PAIRS)
    assert layer.geometryType() == QgsWkbTypes.LineGeometry and layer.crs().authid() == "EPSG:25832"
    assert [f.name() for f in layer.fields()][-len(PAIR_FIELDS) :] == list(PAIR_FIELDS)
    pairs = set()
    for feature in layer.getFeatures():
        a, b = _keys(uuids, [feature["from_uuid"], feature["to_uuid"]])
        pairs.add(tuple(sorted((a, b))))
        line = feature.geometry().asPolyline()
        assert [(p.x(), p.y()) for p in line] == [
            (X0 + PROPOSALS[k][3], Y0 + PROPOSALS[k][4]) for k in (a, b)
        ]
        assert 0 < feature["score"] <= 1 and feature["synergy"] == "local_heat_network"
        assert feature["from_theme"] == PROPOSALS[a][0] and feature["to_theme"] == PROPOSALS[b][0]
        assert abs(feature["distance_m"] - line[0].distance(line[1])) < 0.01
    assert pairs == {tuple(sorted(p)) for p in EXPECTED_PAIRS}
    text = out.read_bytes()
    assert not [name for name in NAMES if name.encode() in text]


def test_algorithm_max_distance_min_score_and_memory_output(db):
    store, _ = db
    results, context = _run({"DATABASE": str(store.path), "MAX_DISTANCE": 60, "OUTPUT": "memory:"})
    layer = context.getMapLayer(results["OUTPUT"])
    assert (
        results["PAIRS"] == 2
        and layer.featureCount() == 2
        and max(f["distance_m"] for f in layer.getFeatures()) <= 60
    )
    results, _ = _run({"DATABASE": str(store.path), "MIN_SCORE": 0.85, "OUTPUT": "memory:"})
    assert results["PAIRS"] == 1


class _TestProvider(QgsProcessingProvider):
    """The algorithm under a provider of its own, so a failing run goes through the runner's safe path."""

    def id(self):
        return "mitmachmatchtest"

    def name(self):
        return "MitMach matching test"

    def loadAlgorithms(self):
        self.addAlgorithm(FindMatchesAlgorithm())


@pytest.fixture
def provider(qgis_app, qgis_processing):
    registry = QgsApplication.processingRegistry()
    provider = _TestProvider()
    registry.addProvider(provider)
    yield provider
    registry.removeProvider(provider)


def test_algorithm_failure_is_a_message(provider, tmp_path):
    with pytest.raises(AlgorithmError, match="does not exist"):
        run_algorithm(
            "mitmachmatchtest:findmatches", {"DATABASE": str(tmp_path / "nope.gpkg"), "OUTPUT": "memory:"}
        )


def test_write_pairs_csv_and_gpkg(db, tmp_path):
    store, uuids = db
    csv_path = tmp_path / "pairs.csv"
    assert write_pairs(store, csv_path) == len(EXPECTED_PAIRS)
    with csv_path.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == list(PAIR_FIELDS)
    assert {tuple(sorted(_keys(uuids, [r["from_uuid"], r["to_uuid"]]))) for r in rows} == {
        tuple(sorted(p)) for p in EXPECTED_PAIRS
    }
    assert all(0 < float(r["score"]) <= 1 for r in rows)
    gpkg_path = tmp_path / "pairs.gpkg"
    assert write_pairs(store, gpkg_path, max_distance=60) == 2
    dataset = ogr.Open(str(gpkg_path))
    layer = dataset.GetLayerByName("matches")
    assert layer.GetFeatureCount() == 2 and layer.GetGeomType() == ogr.wkbLineString
    assert layer.GetSpatialRef().GetAuthorityCode(None) == "25832"
    feature = layer.GetNextFeature()
    assert (
        feature.GetGeometryRef().GetPointCount() == 2 and feature.GetField("synergy") == "local_heat_network"
    )
    dataset = None
    for path in (csv_path, gpkg_path):
        assert not [name for name in NAMES if name.encode() in path.read_bytes()]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["pairs.csv", "pairs.gpkg", "x.gpkg"], "no leftovers"


def test_pairs_are_written_a_slice_at_a_time_with_the_same_result(db, tmp_path, monkeypatch):
    store, _ = db
    write_pairs(store, tmp_path / "whole.csv")
    monkeypatch.setattr("mitmach_qgis.processing_provider.find_matches._SLICE", 2)
    write_pairs(store, tmp_path / "sliced.csv")
    assert (tmp_path / "sliced.csv").read_text(encoding="utf-8") == (tmp_path / "whole.csv").read_text(
        encoding="utf-8"
    )


def test_write_pairs_writes_nothing_on_error_or_cancel(db, tmp_path):
    store, _ = db
    with pytest.raises(StoreError, match=r"\.gpkg or \.csv"):
        write_pairs(store, tmp_path / "pairs.shp")
    with pytest.raises(StoreError, match="itself"):
        write_pairs(store, store.path)
    with pytest.raises(StoreError, match="does not exist"):
        write_pairs(store, tmp_path / "missing" / "pairs.csv")

    class Cancelled(QgsProcessingFeedback):
        def isCanceled(self):
            return True

    with pytest.raises(StoreError, match="nothing was written"):
        write_pairs(store, tmp_path / "pairs.csv", feedback=Cancelled())
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.gpkg"]


def test_ranked_candidates_in_german_and_english(db):
    store, uuids = db
    german = ranked_candidates(store, uuids["heat_a"], limit=5, language="de")
    english = ranked_candidates(store, uuids["heat_a"], limit=5, language="en")
    assert [c["uuid"] for c in german] == [uuids["heat_b"], uuids["net_c"]] == [c["uuid"] for c in english]
    first = german[0]
    assert set(first) == {"uuid", "theme", "distance_m", "score", "synergy", "reasons", "sentence"}
    assert (first["theme"], first["distance_m"], first["synergy"]) == ("heating", 48.0, "local_heat_network")
    assert first["reasons"][0] == {"code": "theme", "value": 1.0, "detail": "local_heat_network"}
    assert first["sentence"] == "Beide planen 2026–2027 einen Heizungstausch, 48 m entfernt."
    assert english[0]["sentence"] == "Both plan to replace their heating in 2026–2027, 48 m apart."
    assert english[1]["sentence"] == (
        "This proposal plans a heating replacement, the other one a heat-network connection, both in 2027, "
        "100 m apart."
    )
    assert len(ranked_candidates(store, uuids["heat_a"], limit=1, language="en")) == 1
    assert not [n for n in NAMES if n in repr(german) + repr(english)]
    with pytest.raises(StoreError, match="no proposal"):
        ranked_candidates(store, "not-a-uuid", 10, "de")


# -- the two readers: GDAL's Arrow stream and sqlite3 --------------------------------------------------------
def _odd_city(store, seed=5, n=400):
    """Random proposals plus every odd value a file can hold: NULL/empty/big-endian/envelope geometry,
    NULL and empty building refs, non-ASCII text, missing years, every role."""
    import random

    rng = random.Random(seed)
    themes = ["heating", "heat_network", "windows", "pv", "roof", "facade"]
    statuses = ["checked", "matched", "submitted", "withdrawn"]
    big_endian = (
        b"GP\x00\x00" + struct.pack("<i", store.srs_id) + b"\x00" + struct.pack(">Idd", 1, X0 + 3, Y0 + 4)
    )
    envelope = (
        b"GP\x00\x03"
        + struct.pack("<i4d", store.srs_id, X0, X0, Y0, Y0)
        + b"\x01"
        + struct.pack("<Idd", 1, X0, Y0)
    )
    empty = (
        b"GP\x00\x11" + struct.pack("<i", store.srs_id) + b"\x01" + struct.pack("<Idd", 1, math.nan, math.nan)
    )
    with store.transaction() as conn:
        people = []
        for k in range(60):
            role = ["owner", "tenant", "other"][k % 3]
            store.insert(conn, "participants", [{"family_name": f"p{k}", "role": role, "created_by": "t"}])
            people.append(conn.execute("SELECT uuid FROM participants ORDER BY fid DESC").fetchone()[0])
        for k in range(n):
            year = rng.choice([None, 2026, 2027, 2028])
            row = {"participant_uuid": rng.choice(people), "theme": rng.choice(themes),
                   "status": rng.choice(statuses), "year_from": year,
                   "year_to": None if year is None or rng.random() < 0.3 else year + rng.randint(0, 2),
                   "building_ref": rng.choice([None, "", "B1", "B2", "Bäckerstraße 5", f"B{k % 37}"]),
                   "geom": ("point", X0 + rng.uniform(-150, 150), Y0 + rng.uniform(-150, 150)),
                   "created_by": "t", "rejection_reason": None}  # fmt: skip
            store.insert(conn, "proposals", [row])
        for blob, fid in ((None, 1), (big_endian, 2), (envelope, 3), (empty, 4)):
            conn.execute("UPDATE proposals SET geom = ? WHERE fid = ?", (blob, fid))


def _partition(codes):
    groups = {}
    for k, c in enumerate(codes.tolist()):
        groups.setdefault(c, []).append(k)
    return sorted(tuple(g) for g in groups.values())


def test_arrow_and_sqlite_reads_build_the_same_index(tmp_path):
    from mitmach_qgis.data import arrow_read

    store = GeoPackageStore.create(tmp_path / "odd.gpkg")
    _odd_city(store)
    assert arrow_read.available(), "GDAL >= 3.6 on the CI platform: the fast path must be the one tested"
    assert match_source._read_columns_arrow(store.path) is not None
    fast, slow = match_source.load_index(store), match_source.load_index(store, arrow=False)
    assert fast.uuids == slow.uuids
    for name in ("_x", "_y", "_year_from", "_year_to", "_role", "_active", "_matched"):
        assert np.array_equal(getattr(fast, name), getattr(slow, name), equal_nan=True), name
    assert math.isnan(fast._x[0]) and fast._x[1] == X0 + 3 and fast._x[2] == X0 and math.isnan(fast._x[3])
    for name in ("_theme", "_status", "_participant", "_building"):
        assert _partition(getattr(fast, name)) == _partition(getattr(slow, name)), name
    assert set(fast._role.tolist()) == {1, 2, 3}
    assert sorted(zip(*fast.all_pairs().uuids())) == sorted(zip(*slow.all_pairs().uuids()))

    def ranked(index, uuid):
        return [(c.uuid, round(c.score, 12), c.reasons) for c in index.query(uuid, limit=None)]

    assert all(ranked(fast, u) == ranked(slow, u) for u in fast.uuids)
    assert any(ranked(fast, u) for u in fast.uuids)


def test_arrow_read_trouble_falls_back_to_sqlite(tmp_path, monkeypatch):
    from mitmach_qgis.data import arrow_read

    store = GeoPackageStore.create(tmp_path / "odd.gpkg")
    _odd_city(store, n=50)

    def broken(*_a, **_k):
        raise RuntimeError("no arrow today")

    monkeypatch.setattr(arrow_read, "_read_table", broken)
    assert match_source._read_columns_arrow(store.path) is None
    assert len(match_source.load_index(store)) == 50
    monkeypatch.setattr(arrow_read, "_AVAILABLE", False)
    assert arrow_read.read_columns(store.path, {"proposals": ("uuid",)}) is None
    assert len(match_source.load_index(store)) == 50
