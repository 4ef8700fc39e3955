"""Erasure, retention and consent (data/privacy.py) as both stores must show them, written once.

Each behaviour takes a store (GeoPackageStore or PostgisStore) and checks the database's contents, not just
the report: tests/unit/test_shared_privacy_import.py runs :data:`BEHAVIOURS` on a GeoPackage,
tests/postgis/test_shared_privacy_import.py on PostGIS. Rows are written with ``store.insert`` and read with
``?`` parameters, so nothing here depends on the backend except :func:`relations` (which tables and views
there are) and reading a point (``store.point_sql``).
"""

from __future__ import annotations

import datetime as dt
import uuid as uuidlib

import pytest

from mitmach_qgis.core.geocoding import AddressQuery
from mitmach_qgis.data import privacy
from mitmach_qgis.data.errors import StoreError
from mitmach_qgis.data.geocode_store import SqliteGeocodeCache

OFFICER = "officer.meier"
TARGET = {
    "given_name": "Quirin", "family_name": "Quabbelbrink", "street": "Krötenpfuhlweg", "house_number": "17b",
    "postcode": "46236", "city": "Bottrop", "email": "quirin.quabbelbrink@example.org", "phone": "0201 5550987",
    "role": "owner", "consent_contact": 1, "consent_contact_date": "2026-01-15", "consent_public_map": 1,
    "consent_public_map_date": "2026-01-15", "created_by": OFFICER,
}  # fmt: skip
OTHER = {
    "given_name": "Erika", "family_name": "Musterfrau", "street": "Zechenstraße", "house_number": "12a",
    "postcode": "46236", "city": "Bottrop", "email": "erika.musterfrau@example.org", "phone": "0201 5550123",
    "role": "tenant", "consent_contact": 1, "consent_contact_date": "2026-01-20", "consent_public_map": 1,
    "consent_public_map_date": "2026-01-20", "created_by": OFFICER,
}  # fmt: skip
# every form in which the target's data could sit in a table (the geocoder's key folds the street name)
TRACES = (
    "quirin.quabbelbrink@example.org",
    "Quabbelbrink",
    "Quirin",
    "5550987",
    "Krötenpfuhl",
    "kroetenpfuhl",
)
TOUCHED = ("participants", "proposals", "matches", "match_members", "geocode_cache", "events")


# -- helpers ------------------------------------------------------------------------------------------------
def person(store, values) -> str:
    with store.transaction() as conn:
        store.insert(conn, "participants", [values])
        return str(conn.execute("SELECT uuid FROM participants ORDER BY fid DESC LIMIT 1").fetchone()[0])


def idea(store, participant, theme="heating", status="checked", x=357500.0, **extra) -> str:
    uuid = str(uuidlib.uuid4())
    row = {"uuid": uuid, "participant_uuid": participant, "theme": theme, "status": status, "year_from": 2026,
           "year_to": 2027, "geom": ("point", x, 5711500.0), "created_by": OFFICER, "building_ref": "b-17",
           **extra}  # fmt: skip
    with store.transaction() as conn:
        store.insert(conn, "proposals", [row])
    return uuid


def group(store, members, synergy, advice, notes) -> str:
    uuid = str(uuidlib.uuid4())
    with store.transaction() as conn:
        store.insert(conn, "matches", [{"uuid": uuid, "synergy": synergy, "advice": advice, "notes": notes,
                                        "created_by": OFFICER}])  # fmt: skip
        store.insert(conn, "match_members", [{"match_uuid": uuid, "proposal_uuid": m} for m in members])
    return uuid


def cache_answer(store, street, number, postcode="", city="") -> str:
    key = AddressQuery(street, number, postcode, city).key()
    SqliteGeocodeCache(store).put(
        key, "nominatim", "found", {"places": [{"display_name": f"{number}, {street}, {city}", "lat": 51.5}]}
    )
    return key


def rows(store, sql, params=()) -> list[tuple]:
    with store.reading() as conn:
        return [tuple(r) for r in conn.execute(sql, params)]


def one(store, sql, params=()):
    return rows(store, sql, params)[0]


def relations(store) -> list[str]:
    """Every table and view of the participation database."""
    if store.backend == "postgis":
        sql = "SELECT table_name FROM information_schema.tables WHERE table_schema = ? ORDER BY 1"
        return [r[0] for r in rows(store, sql, (store.schema,))]
    sql = "SELECT name FROM sqlite_master WHERE type IN ('table', 'view') AND name NOT LIKE 'rtree_%' ORDER BY 1"
    return [r[0] for r in rows(store, sql)]


def _text(value) -> str:
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).decode("utf-8", "ignore")
    return "" if value is None else str(value)


def traces(store, words=TRACES) -> list[tuple[str, str]]:
    """(relation, word) for every word found in any column of any row of any table or view."""
    found = []
    for name in relations(store):
        quoted = f'"{store.schema}"."{name}"' if store.backend == "postgis" else f'"{name}"'
        text = "\n".join(_text(v) for row in rows(store, f"SELECT * FROM {quoted}") for v in row).casefold()
        found += [(name, w) for w in words if w.casefold() in text]
    return found


def snapshot(store) -> dict[str, list[tuple]]:
    """The contents of every table an erasure or an import may touch."""
    out = {}
    for table in (*TOUCHED, "mitmach_meta"):
        out[table] = sorted(tuple(_text(v) for v in r) for r in rows(store, f"SELECT * FROM {table}"))
    return out


def build_scene(store) -> dict:
    """The target with three ideas (open, rejected, implemented), a neighbour whose texts mention the target,
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
    shared = group(store, [t_open, o_one], "local_heat_network", "Gemeinsam planen",
                   "Frau Musterfrau und Herr Quabbelbrink")  # fmt: skip
    own = group(store, [o_one, o_two], "combined_works", "Angebot einholen",
                "Kontakt auch: quirin.quabbelbrink@example.org")  # fmt: skip
    keys = {
        "target": cache_answer(store, "Krötenpfuhlweg", "17b", "46236", "Bottrop"),
        "target_bare": cache_answer(store, "Krötenpfuhlweg", "17 B"),
        "other": cache_answer(store, "Zechenstraße", "12a", "46236", "Bottrop"),
    }
    assert privacy.withdraw_consent(store, target, "public_map", OFFICER, "2026-02-01")
    assert traces(store), "the scene holds the target's data before the erasure"
    return {"target": target, "other": other, "t_open": t_open, "t_rejected": t_rejected, "t_done": t_done,
            "o_one": o_one, "o_two": o_two, "shared": shared, "own": own, "keys": keys}  # fmt: skip


# -- forgetting ---------------------------------------------------------------------------------------------
def forget_leaves_no_trace_in_any_table_or_view(store) -> None:
    scene = build_scene(store)
    preview = privacy.forget_preview(store, scene["target"])
    assert (preview.proposals, preview.open_proposals, preview.match_groups) == (3, 1, 1)
    report = privacy.forget_participant(store, scene["target"], OFFICER)
    assert (report.participants, report.proposals_anonymised, report.proposals_withdrawn,
            report.memberships_removed, report.match_groups_cleared, report.geocode_entries_removed) == (
        1, 3, 1, 1, 1, 2)  # fmt: skip
    assert report.texts_redacted == 2  # the neighbour's officer notes, the other group's notes
    assert report.backend == store.backend and report.vacuumed and report.not_vacuumed == ()
    # nothing of the person in any table or view, not even their uuid
    assert traces(store, (*TRACES, scene["target"])) == []
    assert rows(store, "SELECT uuid FROM participants") == [(scene["other"],)]
    # their proposals stay as anonymous ideas
    kept = {
        r[0]: r[1:]
        for r in rows(
            store,
            "SELECT uuid, participant_uuid, status, description, officer_notes, advice, rejection_reason, geom, "
            "building_ref, location_source, theme FROM proposals WHERE uuid IN (?, ?, ?)",
            (scene["t_open"], scene["t_rejected"], scene["t_done"]),
        )
    }
    assert kept == {
        scene["t_open"]: (None, "withdrawn", None, None, None, None, None, None, None, "heating"),
        scene["t_rejected"]: (
            None,
            "rejected",
            None,
            None,
            None,
            privacy.ERASED,
            None,
            None,
            None,
            "windows",
        ),
        scene["t_done"]: (None, "implemented", None, None, None, None, None, None, None, "pv"),
    }
    # the neighbour keeps everything but the mentions
    description, notes, x_y = one(
        store,
        f"SELECT description, officer_notes, {store.point_sql('geom')} FROM proposals WHERE uuid = ?",
        (scene["o_one"],),
    )
    assert description == "Gaskessel ersetzen" and store.point_xy(x_y) == (357540.0, 5711500.0)
    assert notes == "Nachbar […] ([…], […]) hat auch Interesse; wohnt […]"
    assert rows(store, "SELECT notes, advice FROM matches WHERE uuid = ?", (scene["shared"],)) == [
        (None, None)
    ]
    assert rows(store, "SELECT notes, advice FROM matches WHERE uuid = ?", (scene["own"],)) == [
        (f"Kontakt auch: {privacy.ERASED}", "Angebot einholen")
    ]
    assert rows(
        store, "SELECT proposal_uuid FROM match_members WHERE match_uuid = ?", (scene["shared"],)
    ) == [(scene["o_one"],)]
    assert rows(store, "SELECT query_key FROM geocode_cache") == [(scene["keys"]["other"],)]
    # the audit trail: every event of the person under one pseudonym, plus the erase event with counts only
    events = rows(
        store,
        "SELECT action, pseudonymised_at, details FROM events WHERE table_name = 'participants' "
        "AND record_uuid = ? ORDER BY fid",
        (report.pseudonym,),
    )
    assert [e[0] for e in events] == ["insert", "update", "delete", "erase"]
    assert len(events) == report.events_pseudonymised + 1 and all(e[1] for e in events)
    assert events[-1][2].startswith("forget: proposals anonymised 3, withdrawn 1")
    summary = "\n".join(privacy.forget_summary(report))
    assert "Participants erased (record deleted): 1" in summary
    assert not [w for w in (*TRACES, scene["target"], report.pseudonym) if w in summary]
    with pytest.raises(StoreError, match="does not exist"):
        privacy.forget_participant(store, scene["target"], OFFICER)


def forget_of_an_unknown_participant_or_without_an_officer_changes_nothing(store) -> None:
    scene = build_scene(store)
    before = snapshot(store)
    missing = "00000000-0000-4000-8000-00000000dead"
    for uuid in (missing, "no-such-uuid"):
        with pytest.raises(StoreError, match="does not exist; nothing was changed") as info:
            privacy.forget_participant(store, uuid, OFFICER)
        assert uuid in str(info.value)
        with pytest.raises(StoreError, match="does not exist"):
            privacy.forget_preview(store, uuid)
    with pytest.raises(ValueError, match="name of the officer"):
        privacy.forget_participant(store, scene["target"], "  ")
    assert snapshot(store) == before


def a_failure_midway_rolls_the_whole_erasure_back(store) -> None:
    scene = build_scene(store)
    before = snapshot(store)

    def broken(conn, patterns, user):
        conn.execute("UPDATE proposals SET year_from = 1900")  # refused by the database: a real error
        raise AssertionError("not reached")

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(privacy, "redact_mentions", broken)
        with pytest.raises(StoreError, match="rule of the database"):
            privacy.forget_participant(store, scene["target"], OFFICER)
    assert snapshot(store) == before
    assert rows(store, "SELECT count(*) FROM participants WHERE uuid = ?", (scene["target"],)) == [(1,)]


def the_audit_log_allows_the_pseudonymisation_and_nothing_else(store) -> None:
    scene = build_scene(store)
    report = privacy.forget_participant(store, scene["target"], OFFICER)
    events = snapshot(store)["events"]
    attempts = (
        ("UPDATE events SET user_name = 'x' WHERE record_uuid = ?", (report.pseudonym,)),
        ("UPDATE events SET details = 'x' WHERE record_uuid = ?", (report.pseudonym,)),
        ("UPDATE events SET record_uuid = ?, pseudonymised_at = ? WHERE record_uuid = ?",
         (str(uuidlib.uuid4()), "2026-05-01T00:00:00.000Z", report.pseudonym)),  # a second time
        ("UPDATE events SET record_uuid = ?, pseudonymised_at = ? WHERE record_uuid = ?",
         (str(uuidlib.uuid4()), "2026-05-01T00:00:00.000Z", scene["other"])),  # someone who still exists
        ("DELETE FROM events WHERE record_uuid = ?", (report.pseudonym,)),
        ("DELETE FROM events", ()),
    )  # fmt: skip
    for sql, params in attempts:
        with pytest.raises(StoreError, match="audit log"), store.transaction() as conn:
            conn.execute(sql, params)
    assert snapshot(store)["events"] == events


# -- retention ----------------------------------------------------------------------------------------------
def later(months: int) -> dt.datetime:
    return privacy.months_before(dt.datetime.now(dt.timezone.utc), -months)


def aged(store) -> dict:
    """Participants in every retention situation; ``now`` + months decides what is due."""
    closed = person(store, TARGET)  # every proposal closed
    idea(store, closed, "windows", "rejected", rejection_reason="kein Wohngebäude")
    idea(store, closed, "pv", "implemented")
    active = person(store, OTHER)  # one open idea, one withdrawn
    open_idea = idea(store, active, description="Gaskessel ersetzen")
    dropped = idea(store, active, "roof", "withdrawn", description="doch nicht")
    lonely = person(store, {**OTHER, "given_name": "Karl", "email": "karl@example.org", "street": "Am Anger"})
    cache_answer(store, "Krötenpfuhlweg", "17b")
    cache_answer(store, "Am Anger", "3")
    return {"closed": closed, "active": active, "lonely": lonely, "open": open_idea, "dropped": dropped}


def purge_dry_run_counts_and_purge_applies_every_rule(store) -> None:
    people = aged(store)
    before = snapshot(store)
    soon = privacy.purge(store, now=later(7), dry_run=True)
    assert [(r.key, r.due) for r in soon.rules] == [
        ("retention_contact_months", 0),
        ("retention_rejected_or_withdrawn_months", 0),
        ("retention_geocode_cache_months", 2),
    ]
    report = privacy.purge(store, now=later(13), dry_run=True)
    assert report.dry_run and report.erased is None and [r.due for r in report.rules] == [2, 2, 2]
    assert report.rules[0].cutoff == privacy.months_before(later(13), 12).date().isoformat()
    assert "Dry run: nothing was changed." in "\n".join(privacy.purge_summary(report))
    assert snapshot(store) == before, "a dry run only reads"

    done = privacy.purge(store, now=later(13), user=OFFICER)
    assert not done.dry_run and done.vacuumed and done.backend == store.backend
    erased = done.erased
    assert (erased.participants, erased.proposals_anonymised, erased.geocode_entries_removed) == (2, 3, 2)
    assert rows(store, "SELECT uuid FROM participants") == [(people["active"],)]
    assert one(store, "SELECT participant_uuid, description, status FROM proposals WHERE uuid = ?",
               (people["open"],)) == (people["active"], "Gaskessel ersetzen", "checked")  # fmt: skip
    assert one(store, "SELECT participant_uuid, description, geom FROM proposals WHERE uuid = ?",
               (people["dropped"],)) == (None, None, None)  # fmt: skip
    assert rows(store, "SELECT count(*) FROM geocode_cache") == [(0,)]
    assert rows(store, "SELECT count(*) FROM events WHERE action = 'erase'") == [(3,)]  # 2 people + 1 summary
    assert traces(store, (*TRACES, "Karl", people["closed"], people["lonely"])) == []
    text = "\n".join(privacy.purge_summary(done))
    assert "Participants erased (record deleted): 2" in text and not [t for t in TRACES if t in text]
    again = privacy.purge(store, now=later(13), user=OFFICER)
    assert again.total_due == 0 and again.erased is None, "what was purged is not due again"
    assert "Nothing was due" in "\n".join(privacy.purge_summary(again))


def a_recent_change_keeps_contact_data_and_a_bad_setting_stops_purge(store) -> None:
    aged(store)
    report = privacy.purge(store, now=later(11), user=OFFICER)
    assert [r.due for r in report.rules] == [0, 0, 2]
    assert rows(store, "SELECT count(*) FROM participants") == [(3,)]
    assert rows(store, "SELECT count(*) FROM geocode_cache") == [(0,)]
    with store.transaction() as conn:
        conn.execute("UPDATE mitmach_meta SET value = 'off' WHERE key = 'retention_contact_months'")
    assert privacy.purge(store, now=later(13), dry_run=True).rules[0].months is None
    with store.transaction() as conn:
        conn.execute("UPDATE mitmach_meta SET value = 'abc' WHERE key = 'retention_contact_months'")
    before = snapshot(store)
    for dry_run in (True, False):
        with pytest.raises(StoreError, match="retention_contact_months"):
            privacy.purge(store, now=later(13), dry_run=dry_run, user=OFFICER)
    assert snapshot(store) == before


# -- consent ------------------------------------------------------------------------------------------------
def consent_is_withdrawn_and_given_again_and_logged(store) -> None:
    target = person(store, TARGET)
    state = (
        "SELECT consent_contact, consent_contact_date, consent_contact_withdrawn_date FROM participants "
        "WHERE uuid = ?"
    )
    assert privacy.withdraw_consent(store, target, "contact", OFFICER, "2026-02-01")
    flag, given, withdrawn = one(store, state, (target,))
    assert (bool(flag), given, withdrawn) == (False, "2026-01-15", "2026-02-01")
    assert not privacy.withdraw_consent(store, target, "contact", OFFICER), "nothing left to withdraw"
    assert privacy.give_consent(store, target, "contact", OFFICER, "2026-03-01")
    flag, given, withdrawn = one(store, state, (target,))
    assert (bool(flag), given, withdrawn) == (True, "2026-03-01", None)
    assert not privacy.give_consent(store, target, "contact", OFFICER, "2026-03-01"), "the same again"
    with pytest.raises(ValueError, match="before it was given"):
        privacy.withdraw_consent(store, target, "contact", OFFICER, "2026-02-15")
    with pytest.raises(StoreError, match="does not exist"):
        privacy.withdraw_consent(store, str(uuidlib.uuid4()), "contact", OFFICER)
    changes = rows(
        store,
        "SELECT user_name, changed_fields FROM events WHERE action = 'update' AND record_uuid = ? ORDER BY fid",
        (target,),
    )
    assert changes == [
        (OFFICER, "consent_contact,consent_contact_withdrawn_date"),
        (OFFICER, "consent_contact,consent_contact_date,consent_contact_withdrawn_date"),
    ]


BEHAVIOURS = [
    forget_leaves_no_trace_in_any_table_or_view,
    forget_of_an_unknown_participant_or_without_an_officer_changes_nothing,
    a_failure_midway_rolls_the_whole_erasure_back,
    the_audit_log_allows_the_pseudonymisation_and_nothing_else,
    purge_dry_run_counts_and_purge_applies_every_rule,
    a_recent_change_keeps_contact_data_and_a_bad_setting_stops_purge,
    consent_is_withdrawn_and_given_again_and_logged,
]
