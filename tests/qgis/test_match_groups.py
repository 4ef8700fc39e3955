"""Match groups on a real GeoPackage: one transaction, refusals that write nothing, contact exchange only
between participants who consented, and contact texts that never reach the database or the log."""

from __future__ import annotations

import logging

import pytest
from qgis.core import QgsApplication

from mitmach_qgis.core.contact_text import ContactDetails, contact_text
from mitmach_qgis.data import matches
from mitmach_qgis.data.errors import StoreError
from mitmach_qgis.data.gpkg_store import GeoPackageStore
from mitmach_qgis.data.match_source import load_records

OFFICER = "officer.meier"
AREA = [[[(357000, 5711000), (358200, 5711000), (358200, 5711900), (357000, 5711900), (357000, 5711000)]]]
# key → participant columns (consent_contact 1 needs a date)
PEOPLE = {
    "erika": {"given_name": "Erika", "family_name": "Musterfrau", "email": "erika@example.org",
              "phone": "0201 123456", "street": "Lindenweg", "house_number": "3", "postcode": "46236",
              "city": "Bottrop", "role": "owner", "consent_contact": 1, "consent_contact_date": "2026-01-05"},
    "max": {"given_name": "Max", "family_name": "Mustermann", "email": "max.m@example.net", "role": "owner",
            "street": "Lindenweg", "house_number": "7", "consent_contact": 1, "consent_contact_date": "2026-01-06"},
    "juergen": {"given_name": "Jürgen", "family_name": "Größe-Weiß", "email": "juergen@example.com",
                "phone": "02041 998877", "role": "tenant", "consent_contact": 0},
    "ayse": {"given_name": "Ayşe", "family_name": "Yılmaz", "phone": "+49 2041 700011", "role": "owner",
             "consent_contact": 1, "consent_contact_date": "2026-02-01"},
}  # fmt: skip
X0, Y0 = 357500.0, 5711500.0
# key → (participant, theme, status, x, y, year_from, year_to)
PROPOSALS = {
    "heat_a": ("erika", "heating", "checked", X0, Y0, 2026, 2027),
    "heat_b": ("max", "heating", "checked", X0 + 48.0, Y0, 2026, 2027),  # 48 m east
    "heat_c": ("juergen", "heating", "checked", X0, Y0 + 90.0, 2027, 2027),  # 90 m north, no consent
    "network_d": ("ayse", "heat_network", "checked", X0 - 60.0, Y0 - 80.0, 2026, 2028),  # 100 m
    "heat_far": ("ayse", "heating", "checked", X0 + 400.0, Y0, 2026, 2027),  # too far for a heat network
    "heat_new": ("max", "heating", "submitted", X0 + 20.0, Y0 + 20.0, 2026, 2026),  # not yet checked
    "heat_matched": ("ayse", "heating", "matched", X0 - 30.0, Y0 + 40.0, 2026, 2027),  # in a group already
    "windows_e": ("erika", "windows", "checked", X0 + 10.0, Y0 - 10.0, 2027, 2027),
    "heat_orphan": (None, "heating", "checked", X0 + 30.0, Y0 - 50.0, 2026, 2027),  # participant erased
}
PERSONAL_TEXTS = ("Musterfrau", "Mustermann", "Größe", "Yılmaz", "example.org", "example.net",
                  "example.com", "123456", "998877", "700011", "Lindenweg")  # fmt: skip


def build(store) -> tuple[dict[str, str], dict[str, str]]:
    """The people and proposals above; returns ({person key: uuid}, {proposal key: uuid})."""
    people, proposals = {}, {}
    with store.transaction() as conn:
        for key, row in PEOPLE.items():
            store.insert(conn, "participants", [{**row, "created_by": "t"}])
            people[key] = conn.execute("SELECT uuid FROM participants ORDER BY fid DESC LIMIT 1").fetchone()[
                0
            ]
        for key, (person, theme, status, x, y, year_from, year_to) in PROPOSALS.items():
            row = {"participant_uuid": people.get(person), "theme": theme, "status": status,
                   "geom": ("point", x, y), "year_from": year_from, "year_to": year_to, "created_by": "t"}  # fmt: skip
            store.insert(conn, "proposals", [row])
            proposals[key] = conn.execute("SELECT uuid FROM proposals ORDER BY fid DESC LIMIT 1").fetchone()[
                0
            ]
        store.update_extent(conn, "proposals")
    return people, proposals


def make_store(path) -> tuple[GeoPackageStore, dict[str, str], dict[str, str]]:
    store = GeoPackageStore.create(path, areas=[("Pilot", AREA)])
    people, proposals = build(store)
    return store, people, proposals


@pytest.fixture
def db(tmp_path):
    return make_store(tmp_path / "matching.gpkg")


def _status(store, uuid):
    with store.reading() as conn:
        return conn.execute("SELECT status FROM proposals WHERE uuid = ?", (uuid,)).fetchone()[0]


def _snapshot(store):
    with store.reading() as conn:
        return tuple(
            tuple(tuple(r) for r in conn.execute(f"SELECT * FROM {table} ORDER BY fid"))
            for table in ("proposals", "matches", "match_members", "events")
        )


# -- creating a group -------------------------------------------------------------------------------------
def test_create_group_writes_match_members_and_statuses(db):
    store, _people, ids = db
    before_events = store.count("events")
    group = matches.create_match_group(
        store, [ids["heat_a"], ids["heat_b"], ids["heat_matched"]], "local_heat_network", OFFICER,
        advice="  Gemeinsame Beratung zum Nahwärmenetz  ", notes="Termin im März",
    )  # fmt: skip
    with store.reading() as conn:
        match = conn.execute("SELECT * FROM matches WHERE uuid = ?", (group,)).fetchone()
        rows = conn.execute(
            "SELECT proposal_uuid, contact_exchanged FROM match_members WHERE match_uuid = ? ORDER BY fid",
            (group,),
        ).fetchall()
        events = conn.execute(
            "SELECT table_name, record_uuid, action, user_name, changed_fields FROM events WHERE fid > ?",
            (0,),
        ).fetchall()[before_events:]
    assert (match["synergy"], match["status"], match["created_by"], match["updated_by"]) == (
        "local_heat_network", "proposed", OFFICER, OFFICER,
    )  # fmt: skip
    assert match["advice"] == "Gemeinsame Beratung zum Nahwärmenetz" and match["notes"] == "Termin im März"
    assert [tuple(r) for r in rows] == [(ids["heat_a"], 0), (ids["heat_b"], 0), (ids["heat_matched"], 0)]
    assert {_status(store, ids[k]) for k in ("heat_a", "heat_b", "heat_matched")} == {"matched"}
    updates = {e["record_uuid"]: e for e in events if e["table_name"] == "proposals"}
    assert set(updates) == {
        ids["heat_a"],
        ids["heat_b"],
    }, "a proposal that was matched already is not touched"
    for event in updates.values():
        assert event["action"] == "update" and event["user_name"] == OFFICER
        assert "status" in event["changed_fields"].split(",")
    assert [
        (e["table_name"], e["action"], e["user_name"]) for e in events if e["table_name"] == "matches"
    ] == [("matches", "insert", OFFICER)]
    listed = matches.match_groups(store)
    assert [(g.uuid, g.synergy, g.status, g.member_count) for g in listed] == [
        (group, "local_heat_network", "proposed", 3)
    ]
    assert listed[0].created_at and listed[0].created_by == OFFICER
    got = matches.members(store, group)
    assert [m.proposal_uuid for m in got] == [ids["heat_a"], ids["heat_b"], ids["heat_matched"]]
    assert got[0].theme == "heating" and (got[0].year_from, got[0].year_to) == (2026, 2027)
    assert not any(m.contact_exchanged for m in got)


def test_uuid_is_chosen_before_the_write_and_a_retry_does_not_duplicate(db):
    store, _people, ids = db
    chosen = matches.new_match_uuid()
    pair = [ids["heat_a"], ids["heat_b"]]
    assert matches.create_match_group(store, pair, "local_heat_network", OFFICER, match_uuid=chosen) == chosen
    snapshot = _snapshot(store)
    assert (
        matches.create_match_group(store, pair[::-1], "local_heat_network", OFFICER, match_uuid=chosen)
        == chosen
    )
    assert _snapshot(store) == snapshot
    with pytest.raises(matches.MatchError):
        matches.create_match_group(store, [ids["heat_a"], ids["heat_c"]], "local_heat_network", OFFICER,
                                   match_uuid=chosen)  # fmt: skip
    assert _snapshot(store) == snapshot
    # a second group can hold a proposal that is matched already (another synergy, say)
    other = matches.create_match_group(store, [ids["heat_a"], ids["windows_e"]], "joint_tender", OFFICER)
    assert other != chosen and len(matches.match_groups(store)) == 2


@pytest.mark.parametrize(
    "keys, synergy, error, words",
    [
        (["heat_a"], "local_heat_network", ValueError, "two proposals"),
        (["heat_a", "heat_a"], "local_heat_network", ValueError, "two proposals"),
        (["heat_a", "heat_b"], "heat_island", StoreError, "heat_island"),
        (["heat_a", "heat_b", "heat_new"], "local_heat_network", StoreError, "heat_new"),
        (["heat_a", "unknown"], "local_heat_network", StoreError, "unknown"),
    ],
)
def test_refusals_write_nothing(db, keys, synergy, error, words):
    store, _people, ids = db
    before = _snapshot(store)
    uuids = [ids.get(k, "00000000-0000-4000-8000-000000000000") for k in keys]
    with pytest.raises(error) as caught:
        matches.create_match_group(store, uuids, synergy, OFFICER)
    assert _snapshot(store) == before
    message = str(caught.value)
    expected = (
        ids.get(words, "00000000-0000-4000-8000-000000000000") if words in ("heat_new", "unknown") else words
    )
    assert expected in message
    if words == "heat_new":
        assert caught.value.uuids == (ids["heat_new"],) and "Submitted" in message
        assert ids["heat_a"] not in message, "only the proposal in the way is named"


def test_rejected_and_withdrawn_proposals_cannot_be_matched(db):
    store, _people, ids = db
    with store.transaction() as conn:
        conn.execute("UPDATE proposals SET status = 'withdrawn' WHERE uuid = ?", (ids["heat_b"],))
    before = _snapshot(store)
    with pytest.raises(matches.MatchError, match=ids["heat_b"]):
        matches.create_match_group(store, [ids["heat_a"], ids["heat_b"]], "local_heat_network", OFFICER)
    assert _snapshot(store) == before and _status(store, ids["heat_a"]) == "checked"


def test_synergies_come_from_the_compatibility_table(db):
    store, _people, _ids = db
    assert matches.synergies(store) == [
        "local_heat_network",
        "joint_tender",
        "combined_works",
        "owner_tenant",
    ]
    assert matches.synergy_labels(store, "de")["local_heat_network"] == "Nahwärmenetz"
    assert matches.synergy_labels(store, "en")["joint_tender"] == "Joint tender / group purchase"
    with store.transaction() as conn:
        conn.execute("DELETE FROM theme_compatibility WHERE synergy = 'owner_tenant'")
    assert "owner_tenant" not in matches.synergies(store)
    assert matches.theme_colours(store)["heating"] == "#d7301f"


# -- contact exchange -------------------------------------------------------------------------------------
@pytest.fixture
def group(db):
    store, _people, ids = db
    keys = ("heat_a", "heat_b", "heat_c", "network_d", "heat_matched", "heat_orphan")
    return matches.create_match_group(store, [ids[k] for k in keys], "local_heat_network", OFFICER)


def test_contact_exchange_only_among_consenting_participants(db, group):
    store, people, ids = db
    exchange = matches.contact_exchange(store, group)
    assert exchange.match_uuid == group and exchange.synergy == "local_heat_network"
    by_person = {e.participant_uuid: e for e in exchange.entries}
    assert set(by_person) == {people["erika"], people["max"], people["ayse"]}
    erika = by_person[people["erika"]]
    assert erika.recipient == ContactDetails("Erika Musterfrau", "erika@example.org", "0201 123456")
    assert erika.postal_address == "Lindenweg 3, 46236 Bottrop"
    assert erika.others == (
        ContactDetails("Max Mustermann", "max.m@example.net", None),
        ContactDetails("Ayşe Yılmaz", None, "+49 2041 700011"),
    )
    assert erika.proposal_uuids == (ids["heat_a"],)
    # one participant with two proposals in the group is one recipient
    assert by_person[people["ayse"]].proposal_uuids == (ids["network_d"], ids["heat_matched"])
    assert [o.name for o in by_person[people["ayse"]].others] == ["Erika Musterfrau", "Max Mustermann"]
    for entry in exchange.entries:
        assert all("Größe" not in o.name for o in entry.others), "no consent: never passed on"
        assert entry.recipient not in entry.others
        assert not entry.contact_exchanged
    withheld = {(w.participant_uuid, w.reason) for w in exchange.withheld}
    assert withheld == {(people["juergen"], matches.NO_CONSENT), (None, matches.NO_PARTICIPANT)}
    juergen = next(w for w in exchange.withheld if w.reason == matches.NO_CONSENT)
    assert juergen.proposal_uuids == (ids["heat_c"],)
    assert juergen.reason_text == "no consent to contact exchange"
    assert "Jürgen" not in repr(exchange.withheld) and "juergen@" not in repr(exchange.withheld)


def test_a_single_consenting_member_gets_nobody(db):
    store, people, ids = db
    group = matches.create_match_group(store, [ids["heat_a"], ids["heat_c"]], "local_heat_network", OFFICER)
    exchange = matches.contact_exchange(store, group)
    assert exchange.entries == ()
    assert {(w.participant_uuid, w.reason) for w in exchange.withheld} == {
        (people["erika"], matches.NOBODY_ELSE),
        (people["juergen"], matches.NO_CONSENT),
    }
    with pytest.raises(matches.MatchError):
        matches.contact_exchange(store, "00000000-0000-4000-8000-000000000000")


def test_contact_text_never_reaches_events_or_the_log(db, group, caplog):
    store, _people, _ids = db
    received: list[str] = []

    def collect(message, *_args):
        received.append(message)

    QgsApplication.messageLog().messageReceived.connect(collect)
    caplog.set_level(logging.DEBUG, logger="mitmach_qgis")
    try:
        events_before = store.count("events")
        exchange = matches.contact_exchange(store, group)
        texts = [contact_text(e.recipient.name, list(e.others), "Nahwärmenetz") for e in exchange.entries]
        assert any("Max Mustermann" in t and "max.m@example.net" in t for t in texts), "the texts are real"
        marked = matches.mark_contact_exchanged(
            store, group, [p for e in exchange.entries for p in e.proposal_uuids], OFFICER
        )
        assert marked == 4
        QgsApplication.processEvents()
    finally:
        QgsApplication.messageLog().messageReceived.disconnect(collect)
    assert store.count("events") == events_before + 1, "only the group's change of status is logged"
    with store.reading() as conn:
        stored = "\n".join(
            "|".join(str(v) for v in row)
            for table in ("events", "matches", "match_members", "mitmach_meta")
            for row in conn.execute(f"SELECT * FROM {table}")
        )
    logged = caplog.text + "\n".join(received)
    assert group in caplog.text, "the log does see the group"
    for personal in (*PERSONAL_TEXTS, "Erika", "Ayşe", "Nahwärmenetz in Ihrer"):
        assert personal not in stored, personal
        assert personal not in logged, personal


def test_mark_contact_exchanged(db, group):
    store, people, ids = db
    with pytest.raises(matches.MatchError) as caught:
        matches.mark_contact_exchanged(store, group, [ids["heat_a"], ids["heat_c"]], OFFICER)
    assert caught.value.uuids == (ids["heat_c"],), "no consent: cannot be marked"
    with pytest.raises(matches.MatchError):
        matches.mark_contact_exchanged(store, group, [ids["heat_orphan"]], OFFICER)
    with pytest.raises(matches.MatchError):
        matches.mark_contact_exchanged(store, group, [ids["windows_e"]], OFFICER)  # not a member
    with pytest.raises(ValueError):
        matches.mark_contact_exchanged(store, group, [], OFFICER)
    assert not any(m.contact_exchanged for m in matches.members(store, group))
    assert matches.match_groups(store)[0].status == "proposed"

    assert matches.mark_contact_exchanged(store, group, [ids["heat_a"]], OFFICER) == 1
    flags = {m.proposal_uuid: m.contact_exchanged for m in matches.members(store, group)}
    assert flags[ids["heat_a"]] and not flags[ids["heat_b"]]
    assert matches.match_groups(store)[0].status == "contacted"
    with store.reading() as conn:
        event = conn.execute(
            "SELECT user_name, changed_fields FROM events WHERE table_name = 'matches' AND action = 'update'"
        ).fetchone()
    assert event["user_name"] == OFFICER and "status" in event["changed_fields"]
    exchange = matches.contact_exchange(store, group)
    done = {e.participant_uuid: e.contact_exchanged for e in exchange.entries}
    assert done == {people["erika"]: True, people["max"]: False, people["ayse"]: False}
    # Ayşe has two proposals: both must be marked before she counts as done
    matches.mark_contact_exchanged(store, group, [ids["network_d"]], OFFICER)
    assert not {
        e.participant_uuid: e.contact_exchanged for e in matches.contact_exchange(store, group).entries
    }[people["ayse"]]
    assert matches.mark_contact_exchanged(store, group, [ids["heat_a"], ids["heat_matched"]], OFFICER) == 2


# -- reading for the dock ---------------------------------------------------------------------------------
def test_index_records_are_the_engines_records_of_a_few_proposals(db):
    store, _people, ids = db
    everything = {r["uuid"]: r for r in load_records(store)}
    with store.reading() as conn:
        fids = {ids[k]: conn.execute("SELECT fid FROM proposals WHERE uuid = ?", (ids[k],)).fetchone()[0]
                for k in ("heat_a", "heat_orphan")}  # fmt: skip
    by_fid = matches.index_records(store, fids=list(fids.values()))
    assert by_fid == [everything[ids["heat_a"]], everything[ids["heat_orphan"]]]
    assert by_fid[0]["role"] == "owner" and by_fid[1]["role"] is None and by_fid[0]["x"] == X0
    by_uuid = matches.index_records(store, uuids=[ids["network_d"], ids["heat_a"], "unknown"])
    assert [r["uuid"] for r in by_uuid] == [ids["heat_a"], ids["network_d"]]
    assert matches.index_records(store) == [] and matches.index_records(store, fids=[-3]) == []
    assert matches.proposal_uuids(store) == set(ids.values())
    points = matches.proposals(store, [ids["heat_b"], "unknown"])
    assert list(points) == [ids["heat_b"]] and (points[ids["heat_b"]].x, points[ids["heat_b"]].y) == (
        X0 + 48,
        Y0,
    )
