"""Row-level security: a council's DBA may limit which proposals an officer can change (e.g. by district).
PostgreSQL then skips a hidden row without an error — the store must not report such a change as done."""

from __future__ import annotations

import pytest

from mitmach_qgis.data import pg_roles, review
from mitmach_qgis.data.pg_store import PostgisStore
from mitmach_qgis.data.review import TransitionError
from tests.store_behaviour import add_person_and_idea


@pytest.fixture
def district_officer(pg_store, pg_store_db):
    """An officer who may read every proposal but change only those that are not about windows; returns
    (their store, the heating proposal, the windows proposal)."""
    _, heating = add_person_and_idea(pg_store, theme="heating")
    _, windows = add_person_and_idea(pg_store, theme="windows")
    conn = pg_store_db.connect(autocommit=False)
    pg_roles.setup_roles(conn, "mitmach")
    with conn.cursor() as cur:
        cur.execute("ALTER TABLE mitmach.proposals ENABLE ROW LEVEL SECURITY")
        cur.execute("CREATE POLICY read_all ON mitmach.proposals FOR SELECT USING (true)")
        cur.execute(
            "CREATE POLICY change_district ON mitmach.proposals FOR UPDATE USING (theme <> 'windows')"
        )
    conn.commit()
    conn.close()
    user, password = pg_store_db.login_role(pg_roles.OFFICER)
    uri = pg_store_db.uri(user=user).replace(f"{user}@", f"{user}:{password}@")
    return PostgisStore.open(uri), heating, windows


def statuses(store, *uuids):
    with store.reading() as conn:
        return [
            conn.execute("SELECT status FROM proposals WHERE uuid = ?", (u,)).fetchone()[0] for u in uuids
        ]


def test_a_status_change_the_policy_hides_is_refused_and_nothing_changes(district_officer):
    store, heating, windows = district_officer
    with pytest.raises(TransitionError, match="did not accept") as refused:
        review.set_status(store, [heating, windows], "checked", "officer1")
    assert refused.value.uuids == (windows,)
    assert statuses(store, heating, windows) == ["submitted", "submitted"], "all or nothing"
    assert review.set_status(store, [heating], "checked", "officer1") == 1
    assert statuses(store, heating) == ["checked"]


def test_notes_the_policy_hides_are_refused_not_reported_as_saved(district_officer):
    store, heating, windows = district_officer
    with pytest.raises(Exception, match="row-level security"):
        review.save_notes(store, windows, "officer1", "Rückruf vereinbart", None)
    with store.reading() as conn:
        assert (
            conn.execute("SELECT officer_notes FROM proposals WHERE uuid = ?", (windows,)).fetchone()[0]
            is None
        )
    review.save_notes(store, heating, "officer1", "Rückruf vereinbart", None)
    with store.reading() as conn:
        notes = conn.execute("SELECT officer_notes FROM proposals WHERE uuid = ?", (heating,)).fetchone()[0]
    assert notes == "Rückruf vereinbart"


def test_a_match_group_with_a_member_the_policy_hides_is_refused_whole(district_officer, pg_store):
    from mitmach_qgis.data import matches
    from mitmach_qgis.data.matches import MatchError

    store, heating, windows = district_officer
    review.set_status(store, [heating], "checked", "officer1")
    review.set_status(pg_store, [windows], "checked", "officer1")  # the owner is not bound by the policy
    with pytest.raises(MatchError, match="did not accept"):
        matches.create_match_group(store, [heating, windows], "joint_tender", "officer1")
    assert statuses(store, heating, windows) == ["checked", "checked"] and store.count("matches") == 0
