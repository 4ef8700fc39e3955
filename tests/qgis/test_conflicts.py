"""Optimistic locking (issue 8): a change based on a version someone else has replaced is refused, says what
changed, by whom and when, and leaves the database as it was; different records never conflict."""

from __future__ import annotations

import pytest

from mitmach_qgis.data import matches, review
from mitmach_qgis.data.versioning import ConflictError, check_versions
from tests.qgis.test_review import OFFICER, _insert, _snapshot
from tests.qgis.test_review import store as store

OTHER = "officer.schulz"


@pytest.fixture
def ids(store):  # noqa: F811
    uuids = _insert(store)
    review.set_status(store, list(uuids.values()), "checked", OFFICER)
    return uuids


def _versions(store, uuids):  # noqa: F811
    with store.reading() as conn:
        return {
            u: conn.execute("SELECT version FROM proposals WHERE uuid = ?", (u,)).fetchone()[0] for u in uuids
        }


def test_notes_on_a_stale_version_name_the_fields_the_user_and_the_time(store, ids):  # noqa: F811
    uuid = ids["heating_old"]
    seen = _versions(store, [uuid])[uuid]
    review.save_notes(store, uuid, OTHER, "Rückruf vereinbart", "Förderung prüfen", expected_version=seen)
    before = _snapshot(store)
    with pytest.raises(ConflictError) as err:
        review.save_notes(store, uuid, OFFICER, "mine", None, expected_version=seen)
    message = str(err.value)
    assert "officer_notes, advice" in message and OTHER in message and uuid in message
    assert "not saved" in message and err.value.uuids == (uuid,)
    (change,) = err.value.changes[uuid]
    assert change.user == OTHER and change.fields == ("officer_notes", "advice") and change.occurred_at
    assert _snapshot(store) == before, "nothing of the refused change was written"
    review.save_notes(store, uuid, OFFICER, "mine", None, expected_version=seen + 1)  # after a reload: fine


def test_a_status_change_on_a_stale_selection_refuses_all_and_other_records_never_conflict(store, ids):  # noqa: F811
    a, b = ids["heating_old"], ids["pv_mid"]
    seen = _versions(store, [a, b])
    review.save_notes(store, a, OTHER, "geändert", None)  # someone else edits a
    before = _snapshot(store)
    with pytest.raises(ConflictError, match="officer_notes"):
        review.set_status(store, [a, b], "withdrawn", OFFICER, expected_versions=seen)
    assert _snapshot(store) == before
    # b alone was not changed by anyone: no conflict
    assert review.set_status(store, [b], "withdrawn", OFFICER, expected_versions={b: seen[b]}) == 1


def test_a_deleted_record_counts_as_changed(store, ids):  # noqa: F811
    uuid = ids["windows_new"]
    seen = _versions(store, [uuid])[uuid]
    with store.transaction() as conn:
        conn.execute("DELETE FROM proposals WHERE uuid = ?", (uuid,))
    with store.reading() as conn, pytest.raises(ConflictError, match="deleted"):
        check_versions(conn, "proposals", {uuid: seen}, store.path)


def test_a_group_of_stale_members_is_refused_and_a_retry_of_a_saved_group_is_not(store, ids):  # noqa: F811
    a, b = ids["heating_old"], ids["heating_mid"]
    seen = _versions(store, [a, b])
    match_uuid = matches.new_match_uuid()
    review.save_notes(store, b, OTHER, "Nachbarin ruft zurück", None)
    before = _snapshot(store)
    with pytest.raises(ConflictError, match="officer_notes"):
        matches.create_match_group(store, [a, b], "local_heat_network", OFFICER, match_uuid=match_uuid,
                                   expected_versions=seen)  # fmt: skip
    assert _snapshot(store) == before
    seen = _versions(store, [a, b])
    assert matches.create_match_group(store, [a, b], "local_heat_network", OFFICER, match_uuid=match_uuid,
                                      expected_versions=seen) == match_uuid  # fmt: skip
    # the same save again (say the first answer was lost): the group is there once, no conflict
    assert matches.create_match_group(store, [a, b], "local_heat_network", OFFICER, match_uuid=match_uuid,
                                      expected_versions=seen) == match_uuid  # fmt: skip
    assert [g.uuid for g in matches.match_groups(store)] == [match_uuid]


def test_recording_a_contact_exchange_checks_the_group_version(store, ids):  # noqa: F811
    a, b = ids["heating_old"], ids["heating_mid"]
    with store.transaction() as conn:
        store.insert(conn, "participants", [{"family_name": "Beispiel", "role": "tenant", "created_by": "t"}])
        conn.execute("UPDATE proposals SET participant_uuid = (SELECT uuid FROM participants ORDER BY fid DESC "
                     "LIMIT 1) WHERE uuid = ?", (b,))  # fmt: skip
        conn.execute("UPDATE participants SET consent_contact = 1, consent_contact_date = '2026-01-01'")
    match_uuid = matches.create_match_group(store, [a, b], "local_heat_network", OFFICER)
    group = matches.match_groups(store)[0]
    with store.transaction() as conn:
        conn.execute(
            "UPDATE matches SET notes = 'anders', updated_by = ? WHERE uuid = ?", (OTHER, match_uuid)
        )
    with pytest.raises(ConflictError, match="notes"):
        matches.mark_contact_exchanged(store, match_uuid, [a], OFFICER, expected_version=group.version)
