"""Erasure, retention and consent on a real GeoPackage: what is gone is gone from the file's bytes too."""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
import subprocess
from pathlib import Path

import pytest

from mitmach_qgis.core.anonymise import anonymise
from mitmach_qgis.data import matches, privacy
from mitmach_qgis.data.errors import StoreError
from mitmach_qgis.data.gpkg_store import GeoPackageStore
from mitmach_qgis.data.public_source import public_points
from mitmach_qgis.data.schema import RETENTION_DEFAULTS
from tests import behaviour_privacy
from tests.behaviour_privacy import (  # the shared behaviour tests' people and helpers
    OFFICER,
    OTHER,
    TARGET,
    TRACES,
    cache_answer,
    idea,
    later,
    one,
    person,
    rows,
)  # fmt: skip
from tests.helpers import SYSTEM_PYTHON

VALIDATOR = "/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py"


@pytest.fixture
def store(tmp_path):
    return GeoPackageStore.create(tmp_path / "pilot.gpkg", user=OFFICER)


def build_scene(store) -> dict[str, str]:
    """The target with three ideas (open, rejected, implemented), a neighbour whose notes mention the target,
    two match groups, geocoder answers for both addresses and a consent change in the audit trail."""
    target, other = person(store, TARGET), person(store, OTHER)
    t_open = idea(store, target, description="Quirin Quabbelbrink, Krötenpfuhlweg 17b: Gaskessel von 1991")
    t_rejected = idea(store, target, "windows", "rejected", rejection_reason="Herr Quabbelbrink ist Mieter",
                      officer_notes="Rückruf unter 0201-5550987")  # fmt: skip
    t_done = idea(store, target, "pv", "implemented", advice="Förderung für Quirin Quabbelbrink beantragt")
    o_one = idea(store, other, x=357540.0, description="Gaskessel ersetzen",
                 officer_notes="Nachbar Quabbelbrink, Quirin (+49 201 5550987, Quirin.Quabbelbrink@example.org) "
                 "hat auch Interesse; wohnt Krötenpfuhlweg 17 b")  # fmt: skip
    o_two = idea(store, other, "roof", x=357560.0, description="Dach neu decken")
    shared = matches.create_match_group(store, [t_open, o_one], "local_heat_network", OFFICER,
                                        advice="Gemeinsam planen", notes="Frau Musterfrau und Herr Quabbelbrink")  # fmt: skip
    own = matches.create_match_group(store, [o_one, o_two], "combined_works", OFFICER,
                                     advice="Angebot einholen", notes="Kontakt auch: quirin.quabbelbrink@example.org")  # fmt: skip
    keys = {
        "target": cache_answer(store, "Krötenpfuhlweg", "17b", "46236", "Bottrop"),
        "target_bare": cache_answer(store, "Krötenpfuhlweg", "17 B"),
        "other": cache_answer(store, "Zechenstraße", "12a", "46236", "Bottrop"),
    }
    privacy.withdraw_consent(store, target, "public_map", OFFICER, "2026-02-01")
    return {"target": target, "other": other, "t_open": t_open, "t_rejected": t_rejected, "t_done": t_done,
            "o_one": o_one, "o_two": o_two, "shared": shared, "own": own, "keys": keys}  # fmt: skip


@pytest.fixture
def scene(store):
    return build_scene(store)


def file_bytes(path: Path) -> dict[str, bytes]:
    """The database and every sidecar SQLite may leave beside it."""
    return {p.name: p.read_bytes() for p in path.parent.glob(path.name + "*")}


def traces_in(path: Path) -> list[tuple[str, str]]:
    found = []
    for name, data in file_bytes(path).items():
        for trace in TRACES:
            for form in {trace, trace.lower()}:
                if form.encode("utf-8") in data:
                    found.append((name, form))
    return found


def integrity(path: Path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]
    finally:
        conn.close()


# -- forgetting --------------------------------------------------------------------------------------------
# QGIS in another process: switches the file to WAL (as QGIS does for a local GeoPackage while editing) and
# keeps it open until a line arrives, then prints what it sees. Another process, because reading the raw bytes
# in this one would drop SQLite's POSIX locks (closing any descriptor of a file releases them all).
HOLDER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1])
mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
conn.execute("SELECT count(*) FROM participants").fetchone()  # from now on it shares the log
print(mode, flush=True)
sys.stdin.readline()
print(conn.execute("SELECT count(*) FROM participants").fetchone()[0], flush=True)
"""


def secure_delete_off_by_default(monkeypatch):
    """Connections as on an SQLite built without SECURE_DELETE (Debian's has it on, OSGeo4W's may not)."""
    connect = GeoPackageStore.connect

    def plain(self, readonly=False):
        conn = connect(self, readonly)
        conn.execute("PRAGMA secure_delete = OFF")
        return conn

    monkeypatch.setattr(GeoPackageStore, "connect", plain)


@pytest.mark.parametrize(
    ("journal", "vacuum", "scene_secure"),
    [("delete", True, False), ("wal", True, False), ("delete", False, True)],
    ids=["rollback-journal", "wal-with-qgis-open", "no-rebuild-secure-delete"],
)
def test_forget_leaves_no_trace_in_the_file_or_its_sidecars(
    tmp_path, monkeypatch, journal, vacuum, scene_secure
):
    """Every connection of the erasure has secure_delete off by default. With the rebuild (VACUUM) nothing is
    left even of what earlier writes without secure_delete left in free space; without it (the file busy),
    the erasure's own secure_delete suffices when the earlier writes overwrote what they replaced."""
    path = tmp_path / "pilot.gpkg"
    store = GeoPackageStore.create(path, user=OFFICER)
    if not scene_secure:
        secure_delete_off_by_default(monkeypatch)
    before_forget = (lambda: secure_delete_off_by_default(monkeypatch)) if scene_secure else None
    if journal != "wal":
        _forget_and_check(store, path, vacuum, before_forget)
    else:
        qgis = subprocess.Popen([SYSTEM_PYTHON, "-c", HOLDER, str(path)], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, text=True)  # fmt: skip
        try:
            assert qgis.stdout.readline().strip() == "wal"
            files = _forget_and_check(store, path, vacuum)
            assert files >= {
                "pilot.gpkg-wal",
                "pilot.gpkg-shm",
            }, "the log and its index were there, and searched"
            out, _ = qgis.communicate("\n", timeout=60)
        finally:
            qgis.kill()
        assert out.strip() == "1", "QGIS still sees a sound database: the neighbour only"
    assert traces_in(path) == []


def _forget_and_check(store, path, vacuum, before_forget=None) -> set[str]:
    """Build the scene, forget the target, check everything; the files beside the database right after."""
    s = build_scene(store)
    if before_forget is not None:
        before_forget()
    assert {trace for _, trace in traces_in(path)} >= set(TRACES), "the scene puts every trace into the file"
    other_before = one(store, "SELECT * FROM participants WHERE uuid = ?", (s["other"],))
    o_two_before = one(store, "SELECT * FROM proposals WHERE uuid = ?", (s["o_two"],))
    events_before = rows(store, "SELECT fid, action, table_name, occurred_at FROM events ORDER BY fid")

    report = privacy.forget_participant(store, s["target"], OFFICER, vacuum=vacuum)
    files = {f.name for f in path.parent.iterdir()}

    assert traces_in(path) == []
    assert (report.participants, report.proposals_anonymised, report.proposals_withdrawn) == (1, 3, 1)
    assert (report.memberships_removed, report.match_groups_cleared, report.geocode_entries_removed) == (
        1,
        1,
        2,
    )
    assert report.texts_redacted == 2  # the neighbour's notes and the other group's notes
    assert report.vacuumed is vacuum
    # the neighbour is untouched, the texts about the target are redacted, the rest stays
    assert one(store, "SELECT * FROM participants WHERE uuid = ?", (s["other"],)) == other_before
    assert one(store, "SELECT * FROM proposals WHERE uuid = ?", (s["o_two"],)) == o_two_before
    description, notes = one(
        store, "SELECT description, officer_notes FROM proposals WHERE uuid = ?", (s["o_one"],)
    )
    assert description == "Gaskessel ersetzen"
    assert notes == "Nachbar […] ([…], […]) hat auch Interesse; wohnt […]"
    assert rows(store, "SELECT notes, advice FROM matches WHERE uuid = ?", (s["own"],)) == [
        ("Kontakt auch: […]", "Angebot einholen")
    ]
    assert rows(store, "SELECT notes, advice FROM matches WHERE uuid = ?", (s["shared"],)) == [(None, None)]
    assert rows(store, "SELECT proposal_uuid FROM match_members WHERE match_uuid = ?", (s["shared"],)) == [
        (s["o_one"],)
    ]
    # the ideas stay for the statistics, anonymous
    kept = rows(
        store,
        "SELECT uuid, theme, status, year_from, participant_uuid, description, officer_notes, advice, "
        "rejection_reason, geom, building_ref FROM proposals WHERE uuid IN (?, ?, ?) ORDER BY fid",
        (s["t_open"], s["t_rejected"], s["t_done"]),
    )
    assert kept == [
        (s["t_open"], "heating", "withdrawn", 2026, None, None, None, None, None, None, None),
        (s["t_rejected"], "windows", "rejected", 2026, None, None, None, None, "[…]", None, None),
        (s["t_done"], "pv", "implemented", 2026, None, None, None, None, None, None, None),
    ]
    assert rows(store, "SELECT count(*) FROM rtree_proposals_geom") == [
        (2,)
    ], "no exact point left in the index"
    assert rows(store, "SELECT query_key FROM geocode_cache") == [(s["keys"]["other"],)]
    # the audit trail: every event kept, the target's uuid replaced by one pseudonym
    after = rows(store, "SELECT fid, action, table_name, occurred_at FROM events ORDER BY fid")
    assert after[: len(events_before)] == events_before
    assert rows(store, "SELECT count(*) FROM events WHERE record_uuid = ?", (s["target"],)) == [(0,)]
    trail = rows(
        store,
        "SELECT action, user_name, changed_fields FROM events WHERE record_uuid = ? AND pseudonymised_at IS NOT NULL "
        "ORDER BY fid",
        (report.pseudonym,),
    )
    assert [t[0] for t in trail] == ["insert", "update", "delete", "erase"]
    assert trail[1][2] == "consent_public_map,consent_public_map_withdrawn_date"
    assert trail[2][1] == OFFICER and trail[3][1] == OFFICER
    assert report.events_pseudonymised == 3
    assert integrity(path) == "ok"
    proc = subprocess.run([SYSTEM_PYTHON, VALIDATOR, str(path)], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return files


def test_the_byte_search_finds_what_a_plain_delete_leaves_behind(store, monkeypatch):
    """The control: without secure_delete and VACUUM, deleted rows stay readable in the file."""
    secure_delete_off_by_default(monkeypatch)
    build_scene(store)
    with store.transaction() as conn:
        conn.execute("DELETE FROM participants WHERE family_name = 'Quabbelbrink'")
    assert rows(store, "SELECT count(*) FROM participants WHERE family_name = 'Quabbelbrink'") == [(0,)]
    assert ("pilot.gpkg", "quirin.quabbelbrink@example.org") in traces_in(store.path)


READER = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
if sys.argv[2] == "wal":
    conn.execute("PRAGMA journal_mode = WAL")
conn.execute("BEGIN")
conn.execute("SELECT count(*) FROM events").fetchone()
print("reading", flush=True)
sys.stdin.readline()
"""


@pytest.mark.parametrize("journal", ["delete", "wal"])
def test_free_pages_are_cleared_later_when_the_file_is_busy(store, scene, journal):
    """A reader in the middle of a transaction: the rebuild (or, in WAL mode, emptying the log) waits for
    it, says so, and succeeds once the reader is done."""
    reader = subprocess.Popen([SYSTEM_PYTHON, "-c", READER, str(store.path), journal], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)  # fmt: skip
    try:
        assert reader.stdout.readline().strip() == "reading"
        if journal == "wal":  # a change the reader does not see yet: the log must keep the old pages for it
            with store.transaction() as conn:
                conn.execute("DELETE FROM geocode_cache")
        assert privacy.clear_free_pages(store, busy_timeout_ms=50) is False
        reader.communicate("\n", timeout=60)
    finally:
        reader.kill()
    assert privacy.clear_free_pages(store) is True
    assert rows(store, "PRAGMA freelist_count") == [(0,)]
    wal = store.path.with_name(store.path.name + "-wal")
    assert not wal.exists() or wal.stat().st_size == 0
    summary = privacy.forget_summary(privacy.ForgetReport(1, 0, 0, 0, 0, 0, 0, 0, vacuumed=False))
    assert "could not be rebuilt now" in summary[-1]


def test_forget_names_backups_that_still_hold_the_data(store, scene):
    copy = store.backup(store.backup_path("manual"))
    report = privacy.forget_participant(store, scene["target"], OFFICER)
    assert report.backups == (copy.name,)
    assert copy.name in "\n".join(privacy.forget_summary(report))
    assert b"Quabbelbrink" in copy.read_bytes(), "a backup is the user's to delete: the summary says so"


def test_summary_has_counts_but_nothing_personal(store, scene):
    report = privacy.forget_participant(store, scene["target"], OFFICER)
    text = "\n".join(privacy.forget_summary(report))
    assert "Participants erased (record deleted): 1" in text
    assert "of which open and now withdrawn: 1" in text
    assert scene["target"] not in text and report.pseudonym not in text
    assert not [t for t in TRACES if t.lower() in text.lower()]


def test_unknown_participant_or_officer_changes_nothing(store, scene):
    before = file_bytes(store.path)
    with pytest.raises(StoreError, match="does not exist; nothing was changed") as info:
        privacy.forget_participant(store, "00000000-0000-4000-8000-00000000dead", OFFICER)
    assert "00000000-0000-4000-8000-00000000dead" in str(info.value)
    with pytest.raises(ValueError, match="name of the officer"):
        privacy.forget_participant(store, scene["target"], "  ")
    assert file_bytes(store.path) == before


def test_a_failure_midway_rolls_the_whole_erasure_back(store, scene, monkeypatch):
    before = file_bytes(store.path)

    def broken(conn, patterns, user):
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(privacy, "redact_mentions", broken)
    with pytest.raises(StoreError):
        privacy.forget_participant(store, scene["target"], OFFICER)
    assert rows(store, "SELECT count(*) FROM participants WHERE uuid = ?", (scene["target"],)) == [(1,)]
    assert file_bytes(store.path) == before


def test_the_audit_log_allows_pseudonymising_an_erased_participant_and_nothing_else(store, scene):
    report = privacy.forget_participant(store, scene["target"], OFFICER)
    conn = sqlite3.connect(store.path)  # plain sqlite3: the rule is the database's, not the plugin's
    try:
        attempts = {
            "change another column": "UPDATE events SET user_name = 'x' WHERE record_uuid = ?",
            "pseudonymise twice": "UPDATE events SET record_uuid = lower(hex(randomblob(16))), "
            "pseudonymised_at = 'now' WHERE record_uuid = ?",
            "delete": "DELETE FROM events WHERE record_uuid = ?",
        }
        for what, sql in attempts.items():
            with pytest.raises(sqlite3.IntegrityError, match="audit log"):
                conn.execute(sql, (report.pseudonym,))
            assert what
        living = scene["other"]
        with pytest.raises(sqlite3.IntegrityError, match="audit log"):
            conn.execute(
                "UPDATE events SET record_uuid = 'x', pseudonymised_at = 'now' WHERE record_uuid = ?",
                (living,),
            )
        with pytest.raises(sqlite3.IntegrityError, match="audit log"):
            conn.execute("DELETE FROM events")
    finally:
        conn.close()


def test_mention_patterns_find_the_usual_spellings():
    regex = re.compile("|".join(privacy.mention_patterns(TARGET)), re.IGNORECASE)
    for text in ("Quirin Quabbelbrink", "quabbelbrink, quirin", "Hr. Quabbelbrink", "Familie Quabbelbrink",
                 "0201 5550987", "(0201) 555 09 87", "+49 201 5550987", "0049-201-5550987",
                 "QUIRIN.QUABBELBRINK@EXAMPLE.ORG", "Krötenpfuhlweg 17b", "Krötenpfuhlweg 17 B"):  # fmt: skip
        assert regex.search(text), text
    for text in ("Quabbelbrinkstraße", "02015550987123", "x.quirin.quabbelbrink@example.org", "Krötenpfuhlweg 17c",
                 "Krötenpfuhlweg 170b", "Quirin allein"):  # fmt: skip
        assert not regex.search(text), text
    street = re.compile("|".join(privacy.mention_patterns(OTHER)), re.IGNORECASE)
    assert street.search("Zechenstr. 12a") and street.search("Zechenstrasse 12 a")


# -- retention ---------------------------------------------------------------------------------------------
@pytest.fixture
def aged(store):
    """Participants in every retention situation (tests/behaviour_privacy.py)."""
    return behaviour_privacy.aged(store)


def test_defaults_are_written_into_the_database(store):
    assert {k: v for k, v in store.meta().items() if k.startswith("retention_")} == RETENTION_DEFAULTS
    assert privacy.retention_months(store) == {
        "retention_contact_months": 12,
        "retention_rejected_or_withdrawn_months": 12,
        "retention_geocode_cache_months": 6,
    }


def test_dry_run_counts_per_rule_and_changes_nothing(store, aged):
    before = file_bytes(store.path)
    mtime = store.path.stat().st_mtime_ns
    soon = privacy.purge(store, now=later(7), dry_run=True)
    assert [(r.key, r.due) for r in soon.rules] == [
        ("retention_contact_months", 0),
        ("retention_rejected_or_withdrawn_months", 0),
        ("retention_geocode_cache_months", 2),
    ]
    report = privacy.purge(store, now=later(13), dry_run=True)
    assert report.dry_run and report.erased is None
    assert [r.due for r in report.rules] == [2, 2, 2]  # closed + lonely; rejected + withdrawn; both answers
    assert report.rules[0].cutoff == privacy.months_before(later(13), 12).date().isoformat()
    text = "\n".join(privacy.purge_summary(report))
    assert "Dry run: nothing was changed." in text and "12 months" in text
    assert not [t for t in (*TRACES, "Musterfrau", "Karl") if t in text]
    assert file_bytes(store.path) == before and store.path.stat().st_mtime_ns == mtime


def test_purge_applies_every_rule_like_forget(store, aged):
    report = privacy.purge(store, now=later(13), user=OFFICER)
    assert not report.dry_run and report.vacuumed
    erased = report.erased
    assert (erased.participants, erased.proposals_anonymised, erased.geocode_entries_removed) == (2, 3, 2)
    assert rows(store, "SELECT uuid FROM participants") == [(aged["active"],)]
    assert one(
        store, "SELECT participant_uuid, description FROM proposals WHERE uuid = ?", (aged["open"],)
    ) == (
        aged["active"],
        "Gaskessel ersetzen",
    )
    assert one(
        store, "SELECT participant_uuid, description, geom FROM proposals WHERE uuid = ?", (aged["dropped"],)
    ) == (
        None,
        None,
        None,
    )
    assert rows(store, "SELECT count(*) FROM geocode_cache") == [(0,)]
    assert rows(store, "SELECT count(*) FROM events WHERE action = 'erase'") == [(3,)]  # 2 people + 1 summary
    assert traces_in(store.path) == []
    assert integrity(store.path) == "ok"
    again = privacy.purge(store, now=later(13), user=OFFICER)
    assert again.total_due == 0 and again.erased is None, "what was purged is not due again"


def test_a_recent_change_keeps_contact_data(store, aged):
    report = privacy.purge(store, now=later(11), user=OFFICER)
    assert [r.due for r in report.rules] == [0, 0, 2]
    assert len(rows(store, "SELECT uuid FROM participants")) == 3


def age(store, table, uuids, stamp="2020-01-01T00:00:00.000Z"):
    """Set ``updated_at`` back (bumping ``version`` keeps the database's touch trigger from resetting it)."""
    with store.transaction() as conn:
        for uuid in uuids:
            conn.execute(
                f"UPDATE {table} SET updated_at = ?, version = version + 1 WHERE uuid = ?", (stamp, uuid)
            )


def test_the_latest_change_of_any_proposal_counts_for_contact_data(store, aged):
    age(store, "participants", [aged["closed"], aged["active"], aged["lonely"]])
    closed_ideas = [r[0] for r in rows(store, "SELECT uuid FROM proposals WHERE participant_uuid = ? ORDER BY fid",
                                        (aged["closed"],))]  # fmt: skip
    age(store, "proposals", closed_ideas[:1])  # the rejected one is old, the implemented one recent
    assert privacy.purge(store, dry_run=True).rules[0].due == 1  # the participant without proposals
    age(store, "proposals", closed_ideas[1:])
    assert privacy.purge(store, dry_run=True).rules[0].due == 2
    age(store, "proposals", [aged["open"]])  # an open idea keeps the contact data, however old
    assert privacy.purge(store, dry_run=True).rules[0].due == 2


def test_a_rule_can_be_switched_off(store, aged):
    with store.transaction() as conn:
        conn.execute("UPDATE mitmach_meta SET value = 'off' WHERE key = 'retention_contact_months'")
    report = privacy.purge(store, now=later(13), dry_run=True)
    assert (report.rules[0].months, report.rules[0].due) == (None, 0)
    assert "switched off" in privacy.rule_line(report.rules[0])


@pytest.mark.parametrize("value", ["abc", "-1", "0", "1.5", "1201", ""])
@pytest.mark.parametrize("dry_run", [True, False])
def test_a_bad_retention_setting_is_refused_and_nothing_changes(store, aged, value, dry_run):
    with store.transaction() as conn:
        conn.execute(
            "UPDATE mitmach_meta SET value = ? WHERE key = 'retention_geocode_cache_months'", (value,)
        )
    before = file_bytes(store.path)
    with pytest.raises(StoreError, match="retention_geocode_cache_months") as info:
        privacy.purge(store, now=later(13), dry_run=dry_run, user=OFFICER)
    assert "Nothing was changed" in str(info.value)
    assert file_bytes(store.path) == before


def test_months_are_calendar_months():
    at = dt.datetime(2026, 3, 31, 12, 0, tzinfo=dt.timezone.utc)
    assert privacy.months_before(at, 1) == dt.datetime(2026, 2, 28, 12, 0, tzinfo=dt.timezone.utc)
    assert privacy.months_before(at, 3) == dt.datetime(2025, 12, 31, 12, 0, tzinfo=dt.timezone.utc)
    assert privacy.months_before(at, 12) == dt.datetime(2025, 3, 31, 12, 0, tzinfo=dt.timezone.utc)
    assert privacy.months_before(at, -11) == dt.datetime(2027, 2, 28, 12, 0, tzinfo=dt.timezone.utc)


# -- consent -----------------------------------------------------------------------------------------------
@pytest.fixture
def group(store):
    """Three consenting neighbours in one match group."""
    people = [
        person(store, {**OTHER, "email": f"n{i}@example.org", "family_name": f"Nachbar{i}"}) for i in range(3)
    ]
    ideas = [idea(store, p, x=357500.0 + 10 * i) for i, p in enumerate(people)]
    match = matches.create_match_group(store, ideas, "local_heat_network", OFFICER)
    return people, ideas, match


def test_withdrawing_contact_consent_takes_effect_at_once_and_is_logged(store, group):
    people, _, match = group
    before = matches.contact_exchange(store, match)
    assert {e.participant_uuid for e in before.entries} == set(people)
    assert privacy.withdraw_consent(store, people[0], "contact", OFFICER, "2026-03-01")
    after = matches.contact_exchange(store, match)
    assert {e.participant_uuid for e in after.entries} == set(people[1:])
    assert all("n0@example.org" not in (o.email or "") for e in after.entries for o in e.others)
    assert [(w.participant_uuid, w.reason) for w in after.withheld] == [(people[0], matches.NO_CONSENT)]
    row = one(store, "SELECT consent_contact, consent_contact_date, consent_contact_withdrawn_date, updated_by "
                     "FROM participants WHERE uuid = ?", (people[0],))  # fmt: skip
    assert row == (0, "2026-01-20", "2026-03-01", OFFICER)
    assert rows(store, "SELECT user_name, changed_fields FROM events WHERE record_uuid = ? AND action = 'update'",
                (people[0],)) == [(OFFICER, "consent_contact,consent_contact_withdrawn_date")]  # fmt: skip
    # a withdrawal that was made already changes nothing and logs nothing
    events = rows(store, "SELECT count(*) FROM events")
    assert not privacy.withdraw_consent(store, people[0], "contact", OFFICER)
    assert rows(store, "SELECT count(*) FROM events") == events
    # consenting again, with its new date, brings the person back
    assert privacy.give_consent(store, people[0], "contact", OFFICER, dt.date(2026, 4, 2))
    assert one(store, "SELECT consent_contact, consent_contact_date, consent_contact_withdrawn_date FROM participants "
                      "WHERE uuid = ?", (people[0],)) == (1, "2026-04-02", None)  # fmt: skip
    assert {e.participant_uuid for e in matches.contact_exchange(store, match).entries} == set(people)
    assert not privacy.give_consent(store, people[0], "contact", OFFICER, "2026-04-02")


def test_withdrawing_map_consent_leaves_the_person_out_of_public_maps_at_once(store):
    people = [person(store, {**OTHER, "email": f"n{i}@example.org"}) for i in range(5)]
    for i, p in enumerate(people):
        idea(store, p, x=357500.0 + 5 * i)
    assert anonymise(public_points(store), k=4, cell_size_m=100).left_out_no_consent == 0
    privacy.withdraw_consent(store, people[0], "public_map", OFFICER)
    points = public_points(store)
    assert [p.consent_public_map for p in points] == [False, True, True, True, True]
    result = anonymise(points, k=4, cell_size_m=100)
    assert result.left_out_no_consent == 1
    privacy.withdraw_consent(store, people[1], "public_map", OFFICER)
    assert anonymise(public_points(store), k=4, cell_size_m=100).cells == (), "3 left: below k, nothing shown"
    assert rows(
        store, "SELECT changed_fields FROM events WHERE record_uuid = ? AND action = 'update'", (people[0],)
    ) == [("consent_public_map,consent_public_map_withdrawn_date",)]


@pytest.mark.parametrize(
    ("call", "error", "match"),
    [
        (
            lambda s, p: privacy.withdraw_consent(s, p, "newsletter", OFFICER),
            ValueError,
            "Unknown kind of consent",
        ),
        (
            lambda s, p: privacy.give_consent(s, p, "contact", OFFICER, "2999-01-01"),
            ValueError,
            "in the future",
        ),
        (lambda s, p: privacy.give_consent(s, p, "contact", OFFICER, "01.02.2026"), ValueError, "not a date"),
        (
            lambda s, p: privacy.withdraw_consent(s, p, "contact", OFFICER, "2025-12-31"),
            ValueError,
            "before it was given",
        ),
        (
            lambda s, p: privacy.withdraw_consent(s, "no-such-uuid", "contact", OFFICER),
            StoreError,
            "does not exist",
        ),
        (lambda s, p: privacy.give_consent(s, p, "public_map", ""), ValueError, "name of the officer"),
    ],
)
def test_bad_consent_input_is_refused_and_changes_nothing(store, call, error, match):
    participant = person(store, OTHER)
    before = file_bytes(store.path)
    with pytest.raises(error, match=match):
        call(store, participant)
    assert file_bytes(store.path) == before


def test_a_given_consent_cannot_carry_a_withdrawal_date(store):
    participant = person(store, OTHER)
    with pytest.raises(StoreError, match="breaks a rule"), store.transaction() as conn:
        conn.execute(
            "UPDATE participants SET consent_contact_withdrawn_date = '2026-02-01' WHERE uuid = ?",
            (participant,),
        )


def test_the_v1_fixture_migrates_to_the_retention_defaults_keeping_a_councils_value(tmp_path):
    from tests.unit.test_store import FIXTURE_V1

    path = tmp_path / "old.gpkg"
    path.write_bytes(FIXTURE_V1.read_bytes())
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("INSERT INTO mitmach_meta (key, value) VALUES ('retention_contact_months', '24')")
    conn.close()
    store = GeoPackageStore.open(path, backup=False)
    assert privacy.retention_months(store) == {
        "retention_contact_months": 24,
        "retention_rejected_or_withdrawn_months": 12,
        "retention_geocode_cache_months": 6,
    }
    target = person(store, TARGET)
    report = privacy.forget_participant(store, target, OFFICER)
    assert report.events_pseudonymised == 2  # insert and delete: the new trigger works on the old file
    assert traces_in(path) == []
