"""Matching and clustering on PostGIS: the same proposals in a GeoPackage and (copied by ``migrate``) in
PostGIS give the same index, every pair, every ranking and the same clusters."""

from __future__ import annotations

import time

import numpy as np
import pytest

from mitmach_qgis.core.clustering import dbscan
from mitmach_qgis.core.themes import THEME_CODES
from mitmach_qgis.data import cluster_source, match_source, pg_sources, transfer
from mitmach_qgis.data.gpkg_store import GeoPackageStore
from mitmach_qgis.data.pg_store import PostgisStore

ODD_UUIDS = [f"00000000-0000-4000-8000-{k:012d}" for k in range(8)]


@pytest.fixture(scope="module")
def gpkg(tmp_path_factory):
    """The demo town, plus proposals with odd values (no participant, no years, one year, empty and
    non-ASCII building refs, an unknown theme's absence, a NULL point), a tuned weight and a changed rule."""
    from mitmach_qgis.core.demo import generate_demo_town
    from mitmach_qgis.data.demo_db import write_demo

    path = tmp_path_factory.mktemp("sources") / "demo.gpkg"
    store = write_demo(path, generate_demo_town(seed=7, participants=300))
    odd = [
        {"participant_uuid": None, "year_from": None, "year_to": None, "building_ref": None},
        {"participant_uuid": None, "year_from": 2027, "year_to": None, "building_ref": ""},
        {"year_from": None, "year_to": 2028, "building_ref": "Gebäude ß 12"},
        {"year_from": 2026, "year_to": 2026, "building_ref": "Gebäude ß 12"},
        {"building_ref": "b-ü"},
        {"building_ref": "b-ü", "status": "matched"},
        {"building_ref": "x" * 60},
        {"geom": None},
    ]
    with store.transaction() as conn:
        participant = conn.execute("SELECT uuid FROM participants ORDER BY fid LIMIT 1").fetchone()[0]
        box = conn.execute("SELECT min_x, min_y FROM gpkg_contents WHERE table_name = 'proposals'").fetchone()
        x, y = float(box[0]) + 50.0, float(box[1]) + 50.0
        rows = []
        for k, values in enumerate(odd):
            row = {"uuid": ODD_UUIDS[k], "participant_uuid": participant, "theme": THEME_CODES[k % 3],
                   "status": "checked", "year_from": 2027, "year_to": 2029,
                   "geom": ("point", x + 20.0 * k, y + 7.0 * k), **values}  # fmt: skip
            rows.append(row)
        store.insert(conn, "proposals", rows)
        conn.execute("INSERT INTO mitmach_meta (key, value) VALUES ('match_weight_years', '2.5')")
        conn.execute("UPDATE theme_compatibility SET max_distance_m = max_distance_m + 35 WHERE fid = 2")
    return path


@pytest.fixture(scope="module")
def both(gpkg, pg_cluster, tmp_path_factory):
    from tests.pg_fixtures import TEMPLATE, PgDatabase, _create

    name = "sources_module"
    _create(pg_cluster, name, TEMPLATE)
    uri = PgDatabase(pg_cluster, name).uri(schema="council_a")
    transfer.migrate(gpkg, uri)
    yield GeoPackageStore.open(gpkg), PostgisStore.open(uri)
    pg_cluster.drop_database(name)


def _pairs(table) -> list[tuple]:
    a, b = table.uuids()
    return sorted(zip(a, b, table.synergies(), table.score.tolist(), table.distance_m.tolist()))


def test_the_postgis_index_equals_the_geopackage_index_pair_for_pair_and_ranking_for_ranking(both):
    gp, pg = both
    ours = match_source.load_index(gp)
    started = time.perf_counter()
    fast = match_source.load_index(pg)
    fast_s = time.perf_counter() - started
    rows = match_source.load_index(pg, arrow=False)
    assert len(ours) == len(fast) == len(rows) > 200
    assert match_source.load_rules(gp) == match_source.load_rules(pg)
    assert match_source.load_rules(pg)[1].years == 2.5
    assert match_source.load_records(gp) == match_source.load_records(pg)
    reference = _pairs(ours.all_pairs(max_distance=150))
    assert len(reference) > 100
    assert _pairs(fast.all_pairs(max_distance=150)) == reference
    assert _pairs(rows.all_pairs(max_distance=150)) == reference
    for uuid in ours.uuids:
        expected = [(c.uuid, c.score, c.distance_m, c.synergy, c.reasons) for c in ours.query(uuid, limit=None)]  # fmt: skip
        assert [
            (c.uuid, c.score, c.distance_m, c.synergy, c.reasons) for c in fast.query(uuid, limit=None)
        ] == expected
        assert [
            (c.uuid, c.score, c.distance_m, c.synergy, c.reasons) for c in rows.query(uuid, limit=None)
        ] == expected
    assert fast_s < 5


def test_the_odd_values_read_the_same_through_both_postgis_readers(both):
    _, pg = both
    with pg.reading() as conn:
        fast = pg_sources.read_columns(conn, pg)
        rows = pg_sources.read_columns_rows(conn, pg)
    assert fast["uuid"] == rows["uuid"]
    for name in ("x", "y", "year_from", "year_to"):
        np.testing.assert_array_equal(fast[name], rows[name])
    for name in ("theme", "status", "participant_uuid", "role"):
        assert fast[name].decoded() == rows[name].decoded(), name
    assert fast["building_ref"].decoded() == [b or None for b in rows["building_ref"]]
    at = {u: k for k, u in enumerate(fast["uuid"])}
    buildings = fast["building_ref"].decoded()
    assert [buildings[at[u]] for u in ODD_UUIDS[:3]] == [None, None, "Gebäude ß 12"]
    assert np.isnan(fast["x"][at[ODD_UUIDS[7]]])
    assert np.isnan(fast["year_to"][at[ODD_UUIDS[1]]]) and fast["year_from"][at[ODD_UUIDS[1]]] == 2027


@pytest.mark.parametrize("synergy", ["local_heat_network", "joint_tender", "combined_works"])
def test_the_clustering_input_and_the_clusters_are_the_same_on_both(both, synergy):
    gp, pg = both
    a = cluster_source.load_synergy_proposals(gp, synergy)
    b = cluster_source.load_synergy_proposals(pg, synergy)
    for name in a.__dataclass_fields__:
        left, right = getattr(a, name), getattr(b, name)
        if isinstance(left, np.ndarray):
            np.testing.assert_array_equal(left, right, err_msg=name)
        else:
            assert left == right, name
    assert cluster_source.synergy_themes(gp, synergy) == cluster_source.synergy_themes(pg, synergy)
    for eps, years in ((125.0, None), (200.0, np.column_stack([a.year_from, a.year_to]))):
        tolerance = 1 if years is not None else None
        left = dbscan(a.x, a.y, eps, 3, years, tolerance)
        right = dbscan(b.x, b.y, eps, 3, None if years is None else np.column_stack([b.year_from, b.year_to]),
                       tolerance)  # fmt: skip
        np.testing.assert_array_equal(left.labels, right.labels)
        np.testing.assert_array_equal(left.core, right.core)


def test_read_points_is_the_same_on_both_for_every_theme(both):
    gp, pg = both
    for theme in THEME_CODES:
        for statuses in (None, ["checked", "matched"]):
            left = cluster_source.read_points(gp, [theme], statuses)
            right = cluster_source.read_points(pg, [theme], statuses)
            for one, other in zip(left, right):
                np.testing.assert_array_equal(one, other)


def test_a_planner_matches_and_clusters_on_the_planner_grid_without_reading_participants(pg_store_db):
    """mitmach_planner may not read participants, addresses or the exact points: the readers switch to the
    view planner_proposals (points on the 10 m grid, the role without the person) instead of failing."""
    from mitmach_qgis.core.demo import generate_demo_town
    from mitmach_qgis.data import matches
    from mitmach_qgis.data.demo_db import write_demo
    from mitmach_qgis.processing_provider.find_matches import ranked_candidates
    from tests.pg_fixtures import planner_login

    officer = write_demo(pg_store_db.uri(), generate_demo_town(seed=7, participants=150), overwrite=True)
    user, password = planner_login(pg_store_db)
    planner = PostgisStore.open(pg_store_db.uri(user=user).replace(f"{user}@", f"{user}:{password}@"))
    with planner.reading() as conn:
        assert not pg_sources.can_read_exact(conn)
    with officer.reading() as conn:
        assert pg_sources.can_read_exact(conn)

    def on_grid(values) -> bool:
        values = np.asarray(values, dtype=np.float64)
        return bool(np.all(np.abs(values / 10.0 - np.round(values / 10.0)) < 1e-6))

    with officer.reading() as conn:
        exact = pg_sources.read_columns(conn, officer)
    for read in (pg_sources.read_columns, pg_sources.read_columns_rows):  # the binary COPY and the fallback
        with planner.reading() as conn:
            coarse = read(conn, planner)
        assert coarse["uuid"] == exact["uuid"] and len(exact["uuid"]) > 0
        assert on_grid(coarse["x"]) and on_grid(coarse["y"]) and not on_grid(exact["x"])
        assert np.abs(coarse["x"] - exact["x"]).max() <= 5.0 + 1e-6, "at most half a grid cell away"
        assert (
            coarse["role"].decoded() == exact["role"].decoded()
        ), "the role still counts (owner/tenant rules)"
    assert len(match_source.load_index(planner).uuids) == len(exact["uuid"])
    heating = next(u for u, t in zip(exact["uuid"], exact["theme"].decoded()) if t == "heating")
    assert ranked_candidates(planner, heating, limit=5), "a planner gets candidates"
    records = matches.index_records(planner, uuids=[heating])
    assert len(records) == 1 and on_grid([records[0]["x"], records[0]["y"]])

    ours = cluster_source.load_synergy_proposals(
        planner, "local_heat_network", cluster_source.DEFAULT_STATUSES
    )
    theirs = cluster_source.load_synergy_proposals(
        officer, "local_heat_network", cluster_source.DEFAULT_STATUSES
    )
    assert ours.uuid == theirs.uuid and len(ours.uuid) > 0 and ours.role == theirs.role
    fids, x, _ = cluster_source.read_points(planner, ("heating",))
    assert len(fids) and on_grid(x) and on_grid(ours.x) and not on_grid(theirs.x)
