"""Match groups, contact texts, matching, clustering input and the public figures: behaviour both stores
(GeoPackage and PostGIS) must show, written once.

Each function takes a fresh participation database (a store of either backend) and fills it itself with
:func:`build`. tests/unit/test_shared_matching_export.py runs :data:`BEHAVIOURS` on a GeoPackageStore,
tests/postgis/test_shared_matching_export.py on a PostgisStore: a behaviour added to the list runs on both.
Proposal uuids are real uuids (PostgreSQL's ``uuid`` type refuses anything else).
"""

from __future__ import annotations

import csv
import logging
import tempfile
import uuid as uuidlib
from pathlib import Path

import pytest

from mitmach_qgis.core.anonymise import anonymise
from mitmach_qgis.core.clustering import dbscan
from mitmach_qgis.core.contact_text import ContactDetails, contact_text
from mitmach_qgis.data import cluster_source, matches
from mitmach_qgis.data.errors import StoreError
from mitmach_qgis.data.match_source import load_index, load_records
from mitmach_qgis.data.public_source import k_and_cell_size, public_points
from mitmach_qgis.data.versioning import ConflictError

OFFICER = "officer.meier"
OTHER = "officer.schulz"
X0, Y0 = 357500.0, 5711500.0
# key → participant columns (consent_contact needs a date)
PEOPLE = {
    "erika": {"given_name": "Erika", "family_name": "Musterfrau", "email": "erika@example.org",
              "phone": "0201 123456", "street": "Lindenweg", "house_number": "3", "postcode": "46236",
              "city": "Bottrop", "role": "owner", "consent_contact": True, "consent_contact_date": "2026-01-05",
              "consent_public_map": True, "consent_public_map_date": "2026-01-05"},
    "max": {"given_name": "Max", "family_name": "Mustermann", "email": "max.m@example.net", "role": "owner",
            "street": "Lindenweg", "house_number": "7", "consent_contact": True,
            "consent_contact_date": "2026-01-06", "consent_public_map": True,
            "consent_public_map_date": "2026-01-06"},
    "juergen": {"given_name": "Jürgen", "family_name": "Größe-Weiß", "email": "juergen@example.com",
                "phone": "02041 998877", "role": "tenant", "consent_contact": False},
    "ayse": {"given_name": "Ayşe", "family_name": "Yılmaz", "phone": "+49 2041 700011", "role": "owner",
             "consent_contact": True, "consent_contact_date": "2026-02-01", "consent_public_map": True,
             "consent_public_map_date": "2026-02-01"},
    "lena": {"given_name": "Lena", "family_name": "Beispiel", "email": "lena@example.org", "role": "owner",
             "consent_public_map": True, "consent_public_map_date": "2026-02-02"},
}  # fmt: skip
# key → (participant, theme, status, x, y, year_from, year_to)
PROPOSALS = {
    "heat_a": ("erika", "heating", "checked", X0, Y0, 2026, 2027),
    "heat_b": ("max", "heating", "checked", X0 + 48.0, Y0, 2026, 2027),  # 48 m east
    "heat_c": ("juergen", "heating", "checked", X0, Y0 + 90.0, 2027, 2027),  # no consent to contact
    "network_d": ("ayse", "heat_network", "checked", X0 - 60.0, Y0 - 80.0, 2026, 2028),  # 100 m
    "heat_far": ("ayse", "heating", "checked", X0 + 400.0, Y0, 2026, 2027),  # too far for a heat network
    "heat_new": ("max", "heating", "submitted", X0 + 20.0, Y0 + 20.0, 2026, 2026),  # not yet checked
    "heat_matched": ("ayse", "heating", "matched", X0 - 30.0, Y0 + 40.0, 2026, 2027),  # in a group already
    "heat_lena": ("lena", "heating", "implemented", X0 + 10.0, Y0 + 10.0, 2026, 2026),
    "windows_e": ("erika", "windows", "checked", X0 + 10.0, Y0 - 10.0, 2027, 2027),
    "heat_orphan": (None, "heating", "checked", X0 + 30.0, Y0 - 50.0, 2026, 2027),  # participant erased
}
PERSONAL_TEXTS = ("Musterfrau", "Mustermann", "Größe", "Yılmaz", "Beispiel", "example.org", "example.net",
                  "example.com", "123456", "998877", "700011", "Lindenweg", "Erika", "Ayşe")  # fmt: skip


def build(store) -> tuple[dict[str, str], dict[str, str]]:
    """The people and proposals above; returns ({person key: uuid}, {proposal key: uuid})."""
    people, proposals = {}, {}
    with store.transaction() as conn:
        for key, row in PEOPLE.items():
            store.insert(conn, "participants", [{**row, "created_by": "t"}])
            people[key] = str(
                conn.execute("SELECT uuid FROM participants ORDER BY fid DESC LIMIT 1").fetchone()[0]
            )
        for key, (person, theme, status, x, y, year_from, year_to) in PROPOSALS.items():
            row = {"participant_uuid": people.get(person), "theme": theme, "status": status,
                   "geom": ("point", x, y), "year_from": year_from, "year_to": year_to, "created_by": "t"}  # fmt: skip
            store.insert(conn, "proposals", [row])
            proposals[key] = str(
                conn.execute("SELECT uuid FROM proposals ORDER BY fid DESC LIMIT 1").fetchone()[0]
            )
        store.update_extent(conn, "proposals")
    return people, proposals


def status_of(store, uuid: str) -> str:
    with store.reading() as conn:
        return conn.execute("SELECT status FROM proposals WHERE uuid = ?", (uuid,)).fetchone()[0]


def snapshot(store) -> tuple:
    """Every row of the tables a match group touches: equal before and after means nothing was written."""
    with store.reading() as conn:
        return tuple(
            tuple(tuple(r) for r in conn.execute(f"SELECT * FROM {table} ORDER BY fid").fetchall())
            for table in ("proposals", "matches", "match_members", "events")
        )


class _Collect(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(self.format(record))


def collecting_log() -> _Collect:
    handler = _Collect()
    logger = logging.getLogger("mitmach_qgis")
    logger.addHandler(handler)
    handler.previous_level = logger.level
    logger.setLevel(logging.DEBUG)
    return handler


def stop_collecting(handler: _Collect) -> str:
    logger = logging.getLogger("mitmach_qgis")
    logger.removeHandler(handler)
    logger.setLevel(handler.previous_level)
    return "\n".join(handler.lines)


def assert_nothing_personal(text: str, what: str) -> None:
    for personal in PERSONAL_TEXTS:
        assert personal not in text, (what, personal)


# -- match groups -------------------------------------------------------------------------------------------
def match_group_is_written_whole_and_audited(store) -> None:
    """create_match_group: the group, its members and their new status in one transaction, audited with the
    officer; a proposal matched already is not touched; the listing and the members read back."""
    _people, ids = build(store)
    members = [ids["heat_a"], ids["heat_b"], ids["heat_matched"]]
    with store.reading() as conn:
        last_event = conn.execute("SELECT max(fid) FROM events").fetchone()[0]
    group = matches.create_match_group(
        store,
        members,
        "local_heat_network",
        OFFICER,
        advice="  Gemeinsame Beratung  ",
        notes="Termin im März",
    )
    assert uuidlib.UUID(group)
    with store.reading() as conn:
        match = conn.execute("SELECT * FROM matches WHERE uuid = ?", (group,)).fetchone()
        rows = conn.execute(
            "SELECT proposal_uuid, contact_exchanged FROM match_members WHERE match_uuid = ? ORDER BY fid",
            (group,),
        ).fetchall()
        events = conn.execute(
            "SELECT table_name, record_uuid, action, user_name, changed_fields FROM events WHERE fid > ? ORDER BY fid",
            (last_event,),
        ).fetchall()
    assert (match["synergy"], match["status"], match["created_by"], match["updated_by"], match["version"]) == (
        "local_heat_network", "proposed", OFFICER, OFFICER, 1,
    )  # fmt: skip
    assert (match["advice"], match["notes"]) == ("Gemeinsame Beratung", "Termin im März")
    assert [(str(r[0]), bool(r[1])) for r in rows] == [(m, False) for m in members]
    assert {status_of(store, m) for m in members} == {"matched"}
    updated = sorted(str(e["record_uuid"]) for e in events if e["table_name"] == "proposals")
    assert updated == sorted([ids["heat_a"], ids["heat_b"]]), "the proposal matched already is not touched"
    assert all(e["user_name"] == OFFICER for e in events)
    assert all("status" in e["changed_fields"].split(",") for e in events if e["table_name"] == "proposals")
    assert [(e["table_name"], e["action"]) for e in events if e["table_name"] == "matches"] == [
        ("matches", "insert")
    ]
    listed = matches.match_groups(store)
    assert [(g.uuid, g.synergy, g.status, g.member_count, g.created_by) for g in listed] == [
        (group, "local_heat_network", "proposed", 3, OFFICER)
    ]
    got = matches.members(store, group)
    assert [m.proposal_uuid for m in got] == members
    assert (got[0].theme, got[0].year_from, got[0].year_to, got[0].contact_exchanged) == (
        "heating",
        2026,
        2027,
        False,
    )
    # a retry with the same uuid (the first answer was lost) writes nothing; other members are refused
    before = snapshot(store)
    assert (
        matches.create_match_group(store, members, "local_heat_network", OFFICER, match_uuid=group) == group
    )
    assert snapshot(store) == before
    with pytest.raises(matches.MatchError, match="exists already"):
        matches.create_match_group(store, members[:2], "local_heat_network", OFFICER, match_uuid=group)
    assert snapshot(store) == before


def match_group_refusals_write_nothing(store) -> None:
    """A member that cannot become matched, a synergy the database does not know, a stale version, a
    proposal that is gone: refused whole, the message names uuids and never a person, nothing written."""
    _people, ids = build(store)
    before = snapshot(store)
    with pytest.raises(matches.MatchError) as caught:
        matches.create_match_group(store, [ids["heat_a"], ids["heat_new"]], "local_heat_network", OFFICER)
    assert caught.value.uuids == (ids["heat_new"],) and ids["heat_new"] in str(caught.value)
    assert "nothing was saved" in str(caught.value)
    assert_nothing_personal(str(caught.value), "refusal")
    gone = str(uuidlib.uuid4())
    with pytest.raises(matches.MatchError) as caught:
        matches.create_match_group(store, [ids["heat_a"], gone], "local_heat_network", OFFICER)
    assert caught.value.uuids == (gone,)
    with pytest.raises(matches.MatchError, match="compatibility table"):
        matches.create_match_group(store, [ids["heat_a"], ids["heat_b"]], "space_heating_club", OFFICER)
    with pytest.raises(ValueError):
        matches.create_match_group(store, [ids["heat_a"]], "local_heat_network", OFFICER)
    assert snapshot(store) == before
    seen = {i.uuid: i.version for i in matches.proposals(store, [ids["heat_a"], ids["heat_b"]]).values()}
    with store.transaction() as conn:
        conn.execute(
            "UPDATE proposals SET advice = ?, updated_by = ? WHERE uuid = ?",
            ("Förderung prüfen", OTHER, ids["heat_b"]),
        )
    before = snapshot(store)
    with pytest.raises(ConflictError) as conflict:
        matches.create_match_group(
            store, [ids["heat_a"], ids["heat_b"]], "local_heat_network", OFFICER, expected_versions=seen
        )
    assert conflict.value.uuids == (ids["heat_b"],) and f"by {OTHER}" in str(conflict.value)
    assert snapshot(store) == before
    seen[ids["heat_b"]] += 1  # after a reload
    group = matches.create_match_group(
        store, [ids["heat_a"], ids["heat_b"]], "local_heat_network", OFFICER, expected_versions=seen
    )
    assert [m.proposal_uuid for m in matches.members(store, group)] == [ids["heat_a"], ids["heat_b"]]


def contact_texts_only_between_consenting_participants(store) -> None:
    """contact_exchange: each consenting participant gets the other consenting members' name, e-mail and
    phone, never an address; the rest are withheld with the reason; marking the exchange is refused for
    anyone else, checks the group's version, and neither the texts nor any personal value reach the audit
    trail, the matches tables or the log."""
    people, ids = build(store)
    log = collecting_log()
    try:
        group = matches.create_match_group(
            store, [ids["heat_a"], ids["heat_b"], ids["heat_c"], ids["network_d"], ids["heat_matched"],
                    ids["heat_orphan"]], "local_heat_network", OFFICER,
        )  # fmt: skip
        with store.reading() as conn:
            events_before = conn.execute("SELECT count(*) FROM events").fetchone()[0]
        exchange = matches.contact_exchange(store, group)
        assert (exchange.match_uuid, exchange.synergy, exchange.version) == (group, "local_heat_network", 1)
        by_person = {e.participant_uuid: e for e in exchange.entries}
        assert set(by_person) == {people["erika"], people["max"], people["ayse"]}
        erika = by_person[people["erika"]]
        assert erika.recipient == ContactDetails("Erika Musterfrau", "erika@example.org", "0201 123456")
        assert erika.postal_address == "Lindenweg 3, 46236 Bottrop"
        assert erika.others == (
            ContactDetails("Max Mustermann", "max.m@example.net", None),
            ContactDetails("Ayşe Yılmaz", None, "+49 2041 700011"),
        )
        assert by_person[people["ayse"]].proposal_uuids == (ids["network_d"], ids["heat_matched"])
        withheld = {(w.participant_uuid, w.reason, w.proposal_uuids) for w in exchange.withheld}
        assert withheld == {(people["juergen"], matches.NO_CONSENT, (ids["heat_c"],)),
                            (None, matches.NO_PARTICIPANT, (ids["heat_orphan"],))}  # fmt: skip
        assert "Jürgen" not in repr(exchange.withheld)
        texts = [contact_text(e.recipient.name, list(e.others), "Nahwärmenetz") for e in exchange.entries]
        assert any("Max Mustermann" in t and "max.m@example.net" in t for t in texts), "the texts are real"
        assert not any("Lindenweg" in t or "Größe" in t for t in texts), "no address, nobody without consent"
        with pytest.raises(matches.MatchError) as caught:
            matches.mark_contact_exchanged(store, group, [ids["heat_a"], ids["heat_c"]], OFFICER)
        assert caught.value.uuids == (ids["heat_c"],)
        assert_nothing_personal(str(caught.value), "refusal")
        with pytest.raises(ConflictError):
            matches.mark_contact_exchanged(store, group, [ids["heat_a"]], OFFICER, expected_version=0)
        assert not any(m.contact_exchanged for m in matches.members(store, group))
        assert matches.mark_contact_exchanged(store, group, [ids["heat_a"]], OFFICER, expected_version=1) == 1
        assert matches.match_groups(store)[0].status == "contacted"
        done = {
            e.participant_uuid: e.contact_exchanged for e in matches.contact_exchange(store, group).entries
        }
        assert done == {people["erika"]: True, people["max"]: False, people["ayse"]: False}
        assert matches.mark_contact_exchanged(store, group, [ids["heat_b"], ids["network_d"]], OFFICER) == 2
        with pytest.raises(matches.MatchError):
            matches.contact_exchange(store, str(uuidlib.uuid4()))
    finally:
        logged = stop_collecting(log)
    assert group in logged, "the log does see the group, by uuid"
    assert_nothing_personal(logged, "log")
    with store.reading() as conn:
        assert conn.execute("SELECT count(*) FROM events").fetchone()[0] == events_before + 1  # the status
        stored = "\n".join(
            "|".join(str(v) for v in row)
            for table in ("events", "matches", "match_members", "mitmach_meta")
            for row in conn.execute(f"SELECT * FROM {table}").fetchall()
        )
    assert_nothing_personal(stored, "database")
    assert "Nahwärmenetz in Ihrer" not in stored


def matching_reads_the_same_on_every_store(store) -> None:
    """What the matching dock and find_matches read: index records by fid and by uuid, points, the
    catalogue's synergies and colours, the ranked candidates and every pair written to CSV."""
    from mitmach_qgis.processing_provider.find_matches import PAIR_FIELDS, ranked_candidates, write_pairs

    _people, ids = build(store)
    everything = {r["uuid"]: r for r in load_records(store)}
    assert set(everything) == set(ids.values())
    with store.reading() as conn:
        fids = [conn.execute("SELECT fid FROM proposals WHERE uuid = ?", (ids[k],)).fetchone()[0]
                for k in ("heat_a", "heat_orphan")]  # fmt: skip
    by_fid = matches.index_records(store, fids=fids)
    assert by_fid == [everything[ids["heat_a"]], everything[ids["heat_orphan"]]]
    assert (by_fid[0]["x"], by_fid[0]["y"], by_fid[0]["role"], by_fid[1]["role"]) == (X0, Y0, "owner", None)
    by_uuid = matches.index_records(store, uuids=[ids["network_d"], ids["heat_a"], str(uuidlib.uuid4())])
    assert [r["uuid"] for r in by_uuid] == [ids["heat_a"], ids["network_d"]]
    assert matches.index_records(store) == [] and matches.proposal_uuids(store) == set(ids.values())
    point = matches.proposals(store, [ids["heat_b"]])[ids["heat_b"]]
    assert (point.x, point.y, point.version) == (X0 + 48.0, Y0, 1)
    assert matches.synergies(store)[:2] == ["local_heat_network", "joint_tender"]
    assert matches.synergy_labels(store, "de")["local_heat_network"] == "Nahwärmenetz"
    assert matches.theme_colours(store)["heating"].startswith("#")

    ranked = ranked_candidates(store, ids["heat_a"], limit=None, language="en")
    assert [c["uuid"] for c in ranked][:1] == [ids["heat_b"]], ranked
    assert ids["heat_far"] not in {c["uuid"] for c in ranked} and ids["heat_new"] not in {
        c["uuid"] for c in ranked
    }
    assert ranked[0]["distance_m"] == 48.0 and "48 m apart" in ranked[0]["sentence"]
    with pytest.raises(StoreError, match="no proposal"):
        ranked_candidates(store, str(uuidlib.uuid4()))
    index = load_index(store)
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "pairs.csv"
        count = write_pairs(store, out)
        with out.open(encoding="utf-8") as fh:
            rows = list(csv.reader(fh))
    assert rows[0] == list(PAIR_FIELDS) and len(rows) - 1 == count == len(index.all_pairs())
    assert count > 3
    assert_nothing_personal("\n".join(",".join(r) for r in rows), "pairs")


def clustering_input_is_the_same_on_every_store(store) -> None:
    """The proposals of a synergy (checked and matched, of the synergy's themes, fid order) and their DBSCAN
    clusters."""
    _people, ids = build(store)
    data = cluster_source.load_synergy_proposals(store, "local_heat_network")
    assert data.themes == ("heat_network", "heating")
    expected = ["heat_a", "heat_b", "heat_c", "network_d", "heat_far", "heat_matched", "heat_orphan"]
    assert data.uuid == [ids[k] for k in expected]
    assert data.x.tolist()[:2] == [X0, X0 + 48.0]
    assert data.role[:3] == ["owner", "owner", "tenant"] and data.participant[-1] is None
    labels = dbscan(data.x, data.y, eps=125.0, min_points=3).labels.tolist()
    assert labels == [0, 0, 0, 0, -1, 0, 0], labels
    fid, x, _y = cluster_source.read_points(store, ["heating"], ["checked"])
    assert len(fid) == len(x) == 5 and list(fid) == sorted(fid)


def public_points_respect_status_and_consent(store) -> None:
    """Only checked, matched and implemented proposals; consent from the participant; a proposal without a
    participant never consents; k and the cell size never below 4 and 100 m; nothing personal in the
    published figures."""
    _people, ids = build(store)
    points = public_points(store)
    published = ["heat_a", "heat_b", "heat_c", "network_d", "heat_far", "heat_matched", "heat_lena", "windows_e",
                 "heat_orphan"]  # fmt: skip
    assert len(points) == len(published)
    consenting = [p.consent_public_map for p in points]
    assert consenting == [True, True, False, True, True, True, True, True, False]
    assert points[0].x == X0 and points[0].theme == "heating"
    assert points[-1].participant == "proposal:" + ids["heat_orphan"]
    assert k_and_cell_size(store) == (4, 100.0)
    with store.transaction() as conn:
        conn.execute("UPDATE mitmach_meta SET value = ? WHERE key = 'k_anonymity'", ("2",))
    assert k_and_cell_size(store) == (4, 100.0), "the database cannot weaken the threshold"
    result = anonymise(points, k=4, cell_size_m=300.0)
    assert result.left_out_no_consent == 2  # Jürgen and the erased participant
    assert [(c.total_class, c.theme_classes) for c in result.cells] == [("4–9", {"heating": "4–9"})], result
    assert (result.suppressed_cells, result.suppressed_theme_entries) == (
        2,
        1,
    )  # windows: one participant only
    assert anonymise(points, k=4, cell_size_m=100.0).cells == (), "at 100 m no cell has 4 participants"
    assert_nothing_personal(repr(result), "anonymised")


BEHAVIOURS = [
    match_group_is_written_whole_and_audited,
    match_group_refusals_write_nothing,
    contact_texts_only_between_consenting_participants,
    matching_reads_the_same_on_every_store,
    clustering_input_is_the_same_on_every_store,
    public_points_respect_status_and_consent,
]
