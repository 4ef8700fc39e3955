"""Behaviour both stores must show (GeoPackage and PostGIS), written once.

The tests of each backend call these with their store; both stores' connections speak sqlite3's ``?``
parameters, so the SQL here is the same for both. :data:`SHARED_BEHAVIOURS` (intake and review) is run
whole by tests/unit/test_shared_behaviour.py (GeoPackage) and tests/postgis/test_shared_behaviour.py
(PostGIS): a behaviour added there runs against both.
"""

from __future__ import annotations

import re
import uuid as uuidlib

import pytest

from mitmach_qgis.data import matches, review
from mitmach_qgis.data.errors import StoreError
from mitmach_qgis.data.intake import Location, new_submission, save_submission
from mitmach_qgis.data.versioning import ConflictError, check_versions

PERSON = {
    "given_name": "Erika", "family_name": "Musterfrau", "street": "Zechenstraße", "house_number": "12a",
    "postcode": "01067", "city": "Bottrop", "email": "erika.musterfrau@example.org", "phone": "0201 5550123",
    "role": "owner", "created_by": "officer1",
}  # fmt: skip


def add_person_and_idea(store, **proposal):
    """One participant and one proposal of theirs; returns (participant uuid, proposal uuid)."""
    with store.transaction() as conn:
        store.insert(conn, "participants", [PERSON])
        person = conn.execute("SELECT uuid FROM participants ORDER BY fid DESC").fetchone()[0]
        row = {"participant_uuid": person, "theme": "heating", "year_from": 2026, "year_to": 2027,
               "geom": ("point", 357500.0, 5711500.0), "created_by": "officer1", **proposal}  # fmt: skip
        store.insert(conn, "proposals", [row])
        idea = conn.execute("SELECT uuid FROM proposals ORDER BY fid DESC").fetchone()[0]
    return person, idea


def check_status_workflow(store) -> None:
    """The database itself enforces the status workflow (DESIGN.md §2)."""
    _, idea = add_person_and_idea(store)
    for status in ["checked", "matched", "implemented", "withdrawn"]:
        with store.transaction() as conn:
            conn.execute("UPDATE proposals SET status = ? WHERE uuid = ?", (status, idea))
    _, idea2 = add_person_and_idea(store)
    for illegal in ("matched", "implemented"):
        with pytest.raises(StoreError, match="status"), store.transaction() as conn:
            conn.execute("UPDATE proposals SET status = ? WHERE uuid = ?", (illegal, idea2))
    with store.transaction() as conn:
        conn.execute(
            "UPDATE proposals SET status = 'rejected', rejection_reason = 'außerhalb' WHERE uuid = ?",
            (idea2,),
        )
    with pytest.raises(StoreError), store.transaction() as conn:
        conn.execute("UPDATE proposals SET status = 'checked' WHERE uuid = ?", (idea2,))


# Rows every backend's constraints refuse: (table, the bad values over PERSON or a valid proposal).
BAD_ROWS = [
    ("participants", {"postcode": "4623"}),
    ("participants", {"postcode": "ABCDE"}),
    ("participants", {"email": "no-at-sign.example.org"}),
    ("participants", {"role": "landlord"}),
    ("participants", {"consent_contact": 1, "consent_contact_date": None}),
    ("participants", {"family_name": "  "}),
    ("proposals", {"year_from": 2027, "year_to": 2026}),
    ("proposals", {"year_from": 1900}),
    ("proposals", {"status": "approved"}),
    ("proposals", {"status": "rejected"}),  # a rejection needs a reason
    ("proposals", {"theme": "jacuzzi"}),  # not in the catalogue (foreign key)
    ("proposals", {"location_source": "guessed"}),
]


def write_bad_row(store, table: str, bad: dict) -> str:
    """Try to write the bad row; returns the refusal's message, which must name nobody."""
    with pytest.raises(StoreError) as err:
        if table == "participants":
            with store.transaction() as conn:
                store.insert(conn, "participants", [{**PERSON, **bad}])
        else:
            add_person_and_idea(store, **bad)
    message = str(err.value)
    for value in ("Musterfrau", "erika", "Zechenstraße", "5550123"):
        assert value not in message, "the failing row must not reach the message"
    return message


# -- intake and review: SHARED_BEHAVIOURS -----------------------------------------------------------------------------
OFFICER, OTHER = "officer.meier", "officer.schulz"
ISO_TIME = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")  # both stores' text for a time
# (key, theme, created_at, x, y, extra columns); inserted out of order on purpose
QUEUE = [
    ("windows_new", "windows", "2026-03-05T09:00:00.000Z", 357900.0, 5711700.0, {}),
    ("heating_old", "heating", "2026-01-10T08:00:00.000Z", 357500.0, 5711500.0,
     {"description": "Gaskessel von 1994 ersetzen", "year_from": 2026, "year_to": 2027, "in_area": 1}),
    ("pv_mid", "pv", "2026-02-01T12:00:00.000Z", 357600.0, 5711400.0, {"source": "web", "in_area": 0}),
    ("heating_mid", "heating", "2026-02-01T12:00:00.000Z", 357550.0, 5711520.0, {}),
]  # fmt: skip


def add_queue(store) -> dict[str, str]:
    """The proposals of QUEUE (status submitted) of one participant; returns {key: uuid}."""
    uuids = {}
    with store.transaction() as conn:
        store.insert(conn, "participants", [PERSON])
        person = conn.execute("SELECT uuid FROM participants ORDER BY fid DESC LIMIT 1").fetchone()[0]
        for key, theme, created, x, y, extra in QUEUE:
            row = {"participant_uuid": person, "theme": theme, "created_at": created,
                   "geom": ("point", x, y), "created_by": "officer1", **extra}  # fmt: skip
            store.insert(conn, "proposals", [row])
            uuids[key] = str(
                conn.execute("SELECT uuid FROM proposals ORDER BY fid DESC LIMIT 1").fetchone()[0]
            )
    return uuids


def snapshot(store) -> tuple:
    """Every row of participants, proposals and events: equal before and after means nothing was written."""
    with store.reading() as conn:
        return tuple(
            [tuple(r) for r in conn.execute(f"SELECT * FROM {table} ORDER BY fid").fetchall()]
            for table in ("participants", "proposals", "events")
        )


def proposal(store, uuid: str) -> dict:
    with store.reading() as conn:
        return dict(conn.execute("SELECT * FROM proposals WHERE uuid = ?", (uuid,)).fetchone())


def intake_saves_a_submission_once(store) -> None:
    """save_submission: the participant and one proposal per idea, all or nothing; the same submission saved
    again (the first answer lost, the officer clicks again) is a no-op that writes nothing, not even an event."""
    ideas = [{"theme": "heating", "year_from": 2026, "year_to": 2027, "description": "Gaskessel von 1994"},
             {"theme": "pv"}]  # fmt: skip
    where = Location(357500.0, 5711500.0, "geocoded", "address", in_area=True, building_ref=None)
    submission = new_submission(PERSON, ideas, where)
    saved = save_submission(store, submission, OFFICER)
    assert saved == (submission.participant_uuid, submission.proposal_uuids)
    before = snapshot(store)
    assert save_submission(store, submission, OFFICER) == saved
    assert snapshot(store) == before
    items = review.queue(store)
    assert [
        (i.uuid, i.theme, i.status, i.source, i.officer, i.in_area, i.x, i.y, i.version) for i in items
    ] == [
        (u, idea["theme"], "submitted", "officer", OFFICER, True, 357500.0, 5711500.0, 1)
        for u, idea in zip(submission.proposal_uuids, ideas)
    ]
    assert (items[0].year_from, items[0].year_to, items[0].description) == (2026, 2027, "Gaskessel von 1994")
    first = proposal(store, submission.proposal_uuids[0])
    assert str(first["participant_uuid"]) == submission.participant_uuid
    assert (first["location_source"], first["location_quality"], first["created_by"]) == (
        "geocoded",
        "address",
        OFFICER,
    )
    with store.reading() as conn:
        events = [tuple(r) for r in conn.execute("SELECT table_name, action, user_name FROM events "
                                                 "WHERE action = 'insert' ORDER BY fid").fetchall()]  # fmt: skip
    assert events == [("participants", "insert", OFFICER)] + [("proposals", "insert", OFFICER)] * 2
    broken = new_submission(PERSON, [{"theme": "heating"}, {"theme": "pv", "year_from": 1900}], where)
    with pytest.raises(StoreError):
        save_submission(store, broken, OFFICER)
    assert snapshot(store) == before, "a proposal breaking a rule takes its participant with it"


def review_queue_is_oldest_first_and_filters(store) -> None:
    """review.queue: oldest first (ties by fid), every field as stored, the point as x/y, the filters."""
    ids = add_queue(store)
    items = review.queue(store)
    assert [i.uuid for i in items] == [
        ids[k] for k in ("heating_old", "pv_mid", "heating_mid", "windows_new")
    ]
    first = items[0]
    assert (first.theme, first.status, first.year_from, first.year_to) == ("heating", "submitted", 2026, 2027)
    assert (first.description, first.created_at, first.source) == (
        "Gaskessel von 1994 ersetzen",
        "2026-01-10T08:00:00.000Z",
        "officer",
    )
    assert (first.x, first.y, first.in_area, first.version, first.has_point) == (
        357500.0,
        5711500.0,
        True,
        1,
        True,
    )
    assert (first.officer, first.officer_notes, first.advice) == (None, None, None)
    assert items[1].in_area is False and items[1].source == "web" and items[2].in_area is None
    assert [i.uuid for i in review.queue(store, themes=["heating"])] == [
        ids["heating_old"],
        ids["heating_mid"],
    ]
    assert review.queue(store, themes=[]) == [] and review.queue(store, statuses=["checked"]) == []
    assert [i.uuid for i in review.queue(store, limit=2)] == [ids["heating_old"], ids["pv_mid"]]
    review.set_status(store, [ids["pv_mid"]], "checked", OFFICER)
    assert [i.uuid for i in review.queue(store, statuses=["checked"])] == [ids["pv_mid"]]
    assert len(review.queue(store, statuses=["submitted", "checked"])) == 4
    assert {k: v for k, v in review.status_counts(store).items() if v} == {"submitted": 3, "checked": 1}
    with pytest.raises(ValueError):
        review.queue(store, statuses=["nonsense"])
    assert review.theme_labels(store, "de")["heating"] == "Heizungstausch"
    assert review.theme_labels(store, "en")["heating"] == "Heating replacement"
    assert [t for t, _ in review.advice_templates(store, None, "de")] == ["Energieberatung"]
    assert review.advice_templates(store, "heating", "en")[0][0] == "Check for a heat network"
    everything = review.queue(store, statuses=["submitted", "checked"])  # the matching dock reads them so too
    assert matches.proposals(store, [i.uuid for i in everything] + [str(uuidlib.uuid4())]) == {
        i.uuid: i for i in everything
    }


def review_set_status_is_all_or_nothing(store) -> None:
    """A selection with one proposal that cannot make the step changes nothing and names that one; a
    proposal that is gone is named too; a selection that can is changed whole, audited with the officer."""
    ids = add_queue(store)
    assert review.set_status(store, [ids["pv_mid"]], "rejected", OFFICER, " no roof of its own ") == 1
    assert proposal(store, ids["pv_mid"])["rejection_reason"] == "no roof of its own"
    before = snapshot(store)
    with pytest.raises(review.TransitionError) as caught:
        review.set_status(store, [ids["heating_old"], ids["pv_mid"], ids["windows_new"]], "checked", OFFICER)
    message = str(caught.value)
    assert (
        caught.value.uuids == (ids["pv_mid"],)
        and ids["pv_mid"] in message
        and "nothing was changed" in message
    )
    assert ids["heating_old"] not in message and "Musterfrau" not in message
    assert snapshot(store) == before
    gone = str(uuidlib.uuid4())
    with pytest.raises(review.TransitionError) as caught:
        review.set_status(store, [ids["heating_old"], gone], "checked", OFFICER)
    assert caught.value.uuids == (gone,) and gone in str(caught.value)
    with pytest.raises(ValueError, match="reason"):
        review.set_status(store, [ids["heating_old"]], "rejected", OFFICER, "  ")
    assert snapshot(store) == before
    assert review.set_status(store, [ids["heating_old"], ids["windows_new"]], "checked", OFFICER) == 2
    for key in ("heating_old", "windows_new"):
        row = proposal(store, ids[key])
        assert (row["status"], row["officer"], row["updated_by"], row["version"]) == (
            "checked",
            OFFICER,
            OFFICER,
            2,
        )
    with store.reading() as conn:
        event = conn.execute("SELECT user_name, changed_fields FROM events WHERE record_uuid = ? AND action = 'update'",
                             (ids["heating_old"],)).fetchall()  # fmt: skip
    assert len(event) == 1 and event[0][0] == OFFICER and "status" in event[0][1].split(",")


def review_refuses_a_stale_change(store) -> None:
    """save_notes (and set_status) on a version someone else has replaced: refused, the message names the
    changed fields, the user and the time; nothing written; after a reload the change goes through."""
    ids = add_queue(store)
    review.set_status(store, list(ids.values()), "checked", OFFICER)
    uuid, other = ids["heating_old"], ids["pv_mid"]
    seen = {i.uuid: i.version for i in review.queue(store, statuses=["checked"])}
    assert seen[uuid] == seen[other] == 2
    review.save_notes(
        store, uuid, OTHER, "Rückruf vereinbart", "Förderung prüfen", expected_version=seen[uuid]
    )
    before = snapshot(store)
    with pytest.raises(ConflictError) as err:
        review.save_notes(store, uuid, OFFICER, "mine", None, expected_version=seen[uuid])
    (change,) = err.value.changes[uuid]
    assert change.user == OTHER and change.fields == ("officer_notes", "advice")
    assert ISO_TIME.match(change.occurred_at), change.occurred_at
    message = str(err.value)
    assert f"officer_notes, advice (by {OTHER} at {change.occurred_at})" in message
    assert uuid in message and "not saved" in message and err.value.uuids == (uuid,)
    assert snapshot(store) == before, "nothing of the refused change was written"
    with pytest.raises(ConflictError, match="officer_notes"):
        review.set_status(store, [uuid, other], "withdrawn", OFFICER, expected_versions=seen)
    assert snapshot(store) == before
    assert (
        review.set_status(store, [other], "withdrawn", OFFICER, expected_versions={other: seen[other]}) == 1
    )
    review.save_notes(store, uuid, OFFICER, "mine", None, expected_version=seen[uuid] + 1)  # after a reload
    row = proposal(store, uuid)
    assert (row["officer_notes"], row["advice"], row["officer"], row["version"]) == ("mine", None, OFFICER, 4)
    gone = ids["windows_new"]
    with store.transaction() as conn:
        conn.execute("DELETE FROM proposals WHERE uuid = ?", (gone,))
    with store.reading() as conn, pytest.raises(ConflictError, match="deleted"):
        check_versions(conn, "proposals", {gone: seen[gone]}, store.where)


SHARED_BEHAVIOURS = [
    intake_saves_a_submission_once,
    review_queue_is_oldest_first_and_filters,
    review_set_status_is_all_or_nothing,
    review_refuses_a_stale_change,
]
