"""tests/behaviour_matching_export.py on PostGIS, through the same code as on the GeoPackage
(tests/unit/test_shared_matching_export.py runs the same functions there); and what only PostGIS has: the
planner's login, and the same data giving the same results in both stores."""

from __future__ import annotations

import logging

import numpy as np
import pytest

from mitmach_qgis.core.anonymise import anonymise
from mitmach_qgis.core.clustering import dbscan
from mitmach_qgis.data import cluster_source, matches
from mitmach_qgis.data.gpkg_store import GeoPackageStore
from mitmach_qgis.data.match_source import load_index
from mitmach_qgis.data.pg_store import PostgisStore
from mitmach_qgis.data.public_source import public_points
from tests.behaviour_matching_export import BEHAVIOURS, PERSONAL_TEXTS, build
from tests.pg_fixtures import AREA, planner_login


@pytest.mark.parametrize("behaviour", BEHAVIOURS, ids=lambda b: b.__name__)
def test_shared_matching_and_export(pg_store, behaviour):
    behaviour(pg_store)


def test_a_planner_records_a_match_group_but_gets_no_contact_texts(pg_store_db, pg_store, caplog):
    """mitmach_planner may write matches and the proposals' status but not read participants: the group is
    recorded and audited with the planner's name; contact texts are refused up front with a translated
    message that names neither a person nor a value, and nothing personal is logged."""
    _people, ids = build(pg_store)
    user, password = planner_login(pg_store_db)
    planner = PostgisStore.open(f"{pg_store_db.dsn(user, password)} schema=mitmach", migrate_old=False)
    caplog.set_level(logging.DEBUG, logger="mitmach_qgis")
    group = matches.create_match_group(planner, [ids["heat_a"], ids["heat_b"]], "local_heat_network", user)
    assert [m.proposal_uuid for m in matches.members(planner, group)] == [ids["heat_a"], ids["heat_b"]]
    assert {pg_store.count("match_members"), pg_store.count("matches")} == {2, 1}
    with pytest.raises(matches.ContactNotAllowedError) as refused:
        matches.contact_exchange(planner, group)
    message = str(refused.value)
    assert "not allowed to read the participants' contact details" in message and "officer" in message
    assert password not in message and planner.label in message
    with pytest.raises(matches.ContactNotAllowedError):
        matches.mark_contact_exchanged(planner, group, [ids["heat_a"]], user)
    assert not any(m.contact_exchanged for m in matches.members(pg_store, group)), "nothing was marked"
    with pg_store.reading() as conn:
        events = conn.execute(
            "SELECT table_name, action FROM events WHERE user_name = ? ORDER BY fid", (user,)
        ).fetchall()
    assert [tuple(e) for e in events] == [
        ("matches", "insert"),
        ("proposals", "update"),
        ("proposals", "update"),
    ]
    # the officer's login gets the texts for the same group
    assert len(matches.contact_exchange(pg_store, group).entries) == 2
    for personal in (*PERSONAL_TEXTS, password):
        assert personal not in caplog.text, personal
        assert personal not in message, personal


@pytest.fixture
def both(tmp_path, pg_store):
    """The same people and proposals written into a GeoPackage and into PostGIS."""
    gpkg = GeoPackageStore.create(tmp_path / "same.gpkg", areas=[("Pilot", AREA)], user="officer1")
    ids_gp = build(gpkg)[1]
    ids_pg = build(pg_store)[1]
    return gpkg, pg_store, ids_gp, ids_pg


def test_the_same_data_give_the_same_candidates_clusters_and_cells(both):
    gpkg, pg, ids_gp, ids_pg = both
    key_gp = {v: k for k, v in ids_gp.items()}
    key_pg = {v: k for k, v in ids_pg.items()}
    index_gp, index_pg = load_index(gpkg), load_index(pg)
    for key in ("heat_a", "network_d", "windows_e"):
        got_gp = [
            (key_gp[c.uuid], round(c.score, 9), c.synergy) for c in index_gp.query(ids_gp[key], limit=None)
        ]
        got_pg = [
            (key_pg[c.uuid], round(c.score, 9), c.synergy) for c in index_pg.query(ids_pg[key], limit=None)
        ]
        assert got_gp == got_pg and (got_gp or key == "windows_e")
    for synergy in ("local_heat_network", "joint_tender"):
        data_gp = cluster_source.load_synergy_proposals(gpkg, synergy)
        data_pg = cluster_source.load_synergy_proposals(pg, synergy)
        assert [key_gp[u] for u in data_gp.uuid] == [key_pg[u] for u in data_pg.uuid]
        labels_gp = dbscan(data_gp.x, data_gp.y, eps=125.0, min_points=3).labels
        labels_pg = dbscan(data_pg.x, data_pg.y, eps=125.0, min_points=3).labels
        assert np.array_equal(labels_gp, labels_pg)
    cells_gp = anonymise(public_points(gpkg), k=4, cell_size_m=300.0)
    cells_pg = anonymise(public_points(pg), k=4, cell_size_m=300.0)
    assert cells_gp.cells == cells_pg.cells and len(cells_gp.cells) == 1
    assert (cells_gp.left_out_no_consent, cells_gp.suppressed_cells) == (cells_pg.left_out_no_consent,
                                                                        cells_pg.suppressed_cells)  # fmt: skip


def test_a_planner_on_a_stale_version_gets_the_conflict_not_a_permission_error(pg_store_db, pg_store):
    """The conflict message reads the audit trail, which planners may not read: the conflict is reported all
    the same (without the details), and nothing is written."""
    from mitmach_qgis.data import review
    from mitmach_qgis.data.versioning import ConflictError

    _people, ids = build(pg_store)
    user, password = planner_login(pg_store_db)
    planner = PostgisStore.open(f"{pg_store_db.dsn(user, password)} schema=mitmach", migrate_old=False)
    with pg_store.reading() as conn:
        seen = conn.execute("SELECT version FROM proposals WHERE uuid = ?", (ids["heat_a"],)).fetchone()[0]
    review.save_notes(pg_store, ids["heat_a"], "officer1", "geändert", None)  # someone else, meanwhile
    with pytest.raises(ConflictError, match="Changed by someone else"):
        matches.create_match_group(planner, [ids["heat_a"], ids["heat_b"]], "local_heat_network", user,
                                   expected_versions={ids["heat_a"]: seen})  # fmt: skip
    assert pg_store.count("matches") == 0
