"""Match groups (DESIGN.md §1.4): record a group of compatible proposals, and exchange contact details.

Plain data access, no widgets. A group is written in one transaction through ``store.transaction()``: the
``matches`` row, its ``match_members`` and the members' new status ``matched`` – all or nothing. The audit
trail comes from the database's own triggers (``matches`` and ``proposals`` are audited).

Contact details are read here for the officer only: :func:`contact_exchange` returns them, nothing in this
module writes them anywhere, and log lines and messages name records by uuid, never a person (§5).

One code path for both stores (GeoPackage and PostGIS): the SQL is what both understand, with sqlite3's
``?`` parameters; booleans are bound as parameters (PostgreSQL's ``boolean`` takes no ``1``), points are
read through ``store.point_sql`` / ``store.point_xy``, and messages name the database by ``store.where``.
On PostGIS a planner's login (``mitmach_planner``: matches yes, participants no) records match groups,
but asking for contact details is refused up front with :class:`ContactNotAllowedError` — before any query
touches ``participants``, so the refusal names neither a person nor a column value.
"""

from __future__ import annotations

import logging
import uuid as uuid_module
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from ..core.contact_text import ContactDetails
from ..core.i18n import tr
from ..core.themes import SYNERGIES, is_allowed_transition
from .errors import StoreError, not_accepted
from .match_source import decode_points
from .review import QueueItem, _item, _listed, _marks, _queue_select, _reading, _status_label, clean_text
from .versioning import check_versions

LOG = logging.getLogger("mitmach_qgis.matches")

MATCHED = "matched"
MIN_MEMBERS = 2
# why a member's participant gets no contact text; the officer sees the translated reason
NO_CONSENT = "no_consent"
NO_PARTICIPANT = "no_participant"
NOBODY_ELSE = "nobody_else"


class MatchError(StoreError):
    """A match group cannot be written or changed as asked; ``uuids`` names the proposals in the way."""

    def __init__(self, message: str, path, uuids: Sequence[str] = ()) -> None:
        super().__init__(message, path)
        self.uuids = tuple(uuids)


class ContactNotAllowedError(MatchError):
    """The login may not read the participants' contact details (a PostGIS planner): no contact texts."""


@dataclass(frozen=True)
class MatchGroup:
    uuid: str
    synergy: str
    status: str
    member_count: int
    created_at: str
    created_by: str | None
    advice: str | None
    notes: str | None
    version: int = 1


@dataclass(frozen=True)
class MatchMember:
    """One proposal of a group: no personal data, the participant by uuid only."""

    proposal_uuid: str
    theme: str
    status: str
    year_from: int | None
    year_to: int | None
    participant_uuid: str | None
    contact_exchanged: bool


@dataclass(frozen=True)
class ContactEntry:
    """One consenting participant: the people introduced to them, and where to send the text."""

    participant_uuid: str
    proposal_uuids: tuple[str, ...]
    recipient: ContactDetails  # their own name, e-mail and phone: the address of the letter or e-mail
    postal_address: str  # their own street address, for a paper letter; never shared with the others
    others: tuple[ContactDetails, ...]
    contact_exchanged: bool  # every one of their memberships is marked as exchanged


@dataclass(frozen=True)
class WithheldMember:
    """A member whose details are not passed on (and who gets no details), with the reason."""

    participant_uuid: str | None
    proposal_uuids: tuple[str, ...]
    reason: str  # NO_CONSENT, NO_PARTICIPANT or NOBODY_ELSE

    @property
    def reason_text(self) -> str:
        return reason_text(self.reason)


@dataclass(frozen=True)
class ContactExchange:
    match_uuid: str
    synergy: str
    entries: tuple[ContactEntry, ...]
    withheld: tuple[WithheldMember, ...]
    version: int | None = None  # of the match group when read: recording the exchange checks it


def reason_text(reason: str) -> str:
    texts = {
        NO_CONSENT: tr("no consent to contact exchange"),
        NO_PARTICIPANT: tr("no participant recorded (or their personal data was erased)"),
        NOBODY_ELSE: tr("no other member of the group consented to contact exchange"),
    }
    return texts.get(reason, reason)


# -- reading ----------------------------------------------------------------------------------------------
def synergies(store) -> list[str]:
    """The synergy codes the database's compatibility table knows, in catalogue order (then the rest)."""
    with _reading(store) as conn:
        found = {row[0] for row in conn.execute("SELECT DISTINCT synergy FROM theme_compatibility")}
    order = [s.code for s in SYNERGIES if s.code in found]
    return order + sorted(found - set(order))


def synergy_labels(store, language: str) -> dict[str, str]:
    """Synergy code → label in ``language`` ("de", else English): the database's labels, else the
    catalogue's, else the code."""
    lang = "de" if language == "de" else "en"
    with _reading(store) as conn:
        rows = conn.execute(
            "SELECT key, value FROM mitmach_meta WHERE key LIKE ?", (f"synergy_label_{lang}:%",)
        ).fetchall()
    stored = {row["key"].split(":", 1)[1]: row["value"] for row in rows if row["value"]}
    catalogue = {s.code: getattr(s, f"label_{lang}") for s in SYNERGIES}
    return {code: stored.get(code) or catalogue.get(code) or code for code in synergies(store)}


def theme_colours(store) -> dict[str, str]:
    """Theme code → colour (#rrggbb) of the database's catalogue."""
    with _reading(store) as conn:
        return {row["code"]: row["colour"] for row in conn.execute("SELECT code, colour FROM themes")}


def proposals(store, uuids: Sequence[str]) -> dict[str, QueueItem]:
    """The proposals of ``uuids`` that exist, by uuid, with their points (in the database CRS)."""
    wanted = list(dict.fromkeys(uuids))
    found: dict[str, QueueItem] = {}
    with _reading(store) as conn:
        for start in range(0, len(wanted), 500):  # well below SQLite's limit of bound parameters
            chunk = wanted[start : start + 500]
            sql = f"SELECT {_queue_select(store)} FROM proposals WHERE uuid IN ({_marks(chunk)})"
            found.update((row["uuid"], _item(store, row)) for row in conn.execute(sql, chunk))
    return found


def proposal_uuids(store) -> set[str]:
    """The uuid of every proposal in the database."""
    with _reading(store) as conn:
        return {row[0] for row in conn.execute("SELECT uuid FROM proposals")}


def index_records(store, fids: Sequence[int] = (), uuids: Sequence[str] = ()) -> list[dict]:
    """The proposals with these GeoPackage fids (QGIS's feature ids) or uuids as ``MatchIndex`` records
    (uuid, x, y, theme, status, participant_uuid, year_from, year_to, building_ref, role): what
    ``MatchIndex.update`` takes after edits, without reading the whole table again."""
    wanted = sorted({int(f) for f in fids if f is not None and int(f) >= 0})
    if uuids:
        with _reading(store) as conn:
            keys = list(dict.fromkeys(uuids))
            for start in range(0, len(keys), 500):
                chunk = keys[start : start + 500]
                found = conn.execute(f"SELECT fid FROM proposals WHERE uuid IN ({_marks(chunk)})", chunk)
                wanted = sorted(set(wanted) | {row[0] for row in found})
    names = "uuid geom theme status participant_uuid year_from year_to building_ref role".split()
    rows: list = []
    # the participant's role only (owner/tenant rules): nothing personal goes into the index. The point as the
    # store reads it (participants has no geom, so the unqualified column is the proposal's)
    source, role = "proposals AS p LEFT JOIN participants AS r ON r.uuid = p.participant_uuid", "r.role"
    with _reading(store) as conn:
        if store.backend == "postgis":
            from .pg_sources import can_read_exact

            if not can_read_exact(conn):  # a planner: the view with the points on the planner grid
                source, role = "planner_proposals AS p", "p.participant_role"
        base = (
            f"SELECT p.uuid, {store.point_sql('geom')}, p.theme, p.status, p.participant_uuid, p.year_from, "
            f"p.year_to, p.building_ref, {role} FROM {source}"
        )
        for start in range(0, len(wanted), 500):
            chunk = wanted[start : start + 500]
            found = conn.execute(f"{base} WHERE p.fid IN ({_marks(chunk)}) ORDER BY p.fid", chunk)
            rows += [tuple(row) for row in found.fetchall()]
    if not rows:
        return []
    xs, ys = _points(store, [row[1] for row in rows])
    records = []
    for row, x, y in zip(rows, xs.tolist(), ys.tolist()):
        record = dict(zip(names, row))
        del record["geom"]
        record["x"] = None if x != x else x  # NaN: no point
        record["y"] = None if y != y else y
        records.append(record)
    return records


def _points(store, values: list) -> tuple[np.ndarray, np.ndarray]:
    """x, y of the values selected with ``store.point_sql`` (NaN for none): GeoPackage blobs in bulk, the
    PostGIS WKB one by one (``index_records`` reads a few proposals at a time)."""
    if getattr(store, "backend", "gpkg") == "gpkg":
        return decode_points(values)
    xs, ys = np.full(len(values), np.nan), np.full(len(values), np.nan)
    for k, value in enumerate(values):
        if value is None:
            continue
        try:
            xs[k], ys[k] = store.point_xy(value)
        except (ValueError, IndexError):  # not a point: the proposal has no usable position
            continue
    bad = ~(np.isfinite(xs) & np.isfinite(ys))
    xs[bad] = ys[bad] = np.nan
    return xs, ys


def match_groups(store) -> list[MatchGroup]:
    """Every match group, newest first, with its number of members."""
    with _reading(store) as conn:
        rows = conn.execute(
            "SELECT m.uuid, m.synergy, m.status, m.created_at, m.created_by, m.advice, m.notes, m.version, "
            "(SELECT count(*) FROM match_members mm WHERE mm.match_uuid = m.uuid) AS member_count "
            "FROM matches m ORDER BY m.created_at DESC, m.fid DESC"
        ).fetchall()
    return [
        MatchGroup(
            uuid=r["uuid"], synergy=r["synergy"], status=r["status"], member_count=r["member_count"],
            created_at=r["created_at"], created_by=r["created_by"], advice=r["advice"], notes=r["notes"],
            version=r["version"],
        )
        for r in rows
    ]  # fmt: skip


def members(store, match_uuid: str) -> list[MatchMember]:
    """The proposals of a group, in the order they were added."""
    with _reading(store) as conn:
        rows = conn.execute(
            "SELECT mm.proposal_uuid, mm.contact_exchanged, p.theme, p.status, p.year_from, p.year_to, "
            "p.participant_uuid FROM match_members mm JOIN proposals p ON p.uuid = mm.proposal_uuid "
            "WHERE mm.match_uuid = ? ORDER BY mm.fid",
            (match_uuid,),
        ).fetchall()
    return [
        MatchMember(
            proposal_uuid=r["proposal_uuid"], theme=r["theme"], status=r["status"], year_from=r["year_from"],
            year_to=r["year_to"], participant_uuid=r["participant_uuid"],
            contact_exchanged=bool(r["contact_exchanged"]),
        )
        for r in rows
    ]  # fmt: skip


# -- writing a group --------------------------------------------------------------------------------------
def new_match_uuid() -> str:
    """A match uuid chosen before the first save attempt, so that a retried save never duplicates."""
    return str(uuid_module.uuid4())


def create_match_group(
    store,
    proposal_uuids: Sequence[str],
    synergy: str,
    user: str,
    advice: str | None = None,
    notes: str | None = None,
    match_uuid: str | None = None,
    expected_versions: Mapping[str, int] | None = None,
) -> str:
    """Record a match group of ``proposal_uuids`` and set every member to ``matched``; returns its uuid.

    ``expected_versions`` (uuid → version the officer saw in the panel): a member changed since refuses the
    group with a :class:`~.versioning.ConflictError` saying what changed.

    One transaction: all or nothing. Members already ``matched`` (in another group) stay so; a member whose
    status cannot become ``matched`` (submitted, rejected, withdrawn …) refuses the whole group with a
    :class:`MatchError` naming it. ``match_uuid`` (see :func:`new_match_uuid`) makes a retry safe: a group
    with that uuid and the same members is returned as it is.
    """
    wanted = list(dict.fromkeys(u for u in proposal_uuids if u))
    if len(wanted) < MIN_MEMBERS:
        raise ValueError(tr("A match group needs at least two proposals."))
    user = clean_text(user, tr("The user name")) or ""
    if not user:
        raise ValueError(tr("The change needs the name of the officer who makes it."))
    advice = clean_text(advice, tr("The advice"))
    notes = clean_text(notes, tr("The notes"))
    match_uuid = match_uuid or new_match_uuid()
    with store.transaction() as conn:
        known = {row[0] for row in conn.execute("SELECT DISTINCT synergy FROM theme_compatibility")}
        if synergy not in known:
            raise MatchError(
                tr("The synergy “{synergy}” is not in this database's compatibility table.").format(
                    synergy=synergy
                ),
                store.where,
            )
        existing = conn.execute("SELECT synergy FROM matches WHERE uuid = ?", (match_uuid,)).fetchone()
        if existing is not None:
            saved = [
                r[0] for r in conn.execute("SELECT proposal_uuid FROM match_members WHERE match_uuid = ?", (match_uuid,))
            ]  # fmt: skip
            if sorted(saved) == sorted(wanted) and existing[0] == synergy:
                return match_uuid  # the earlier attempt was saved after all
            raise MatchError(
                tr("A match group {uuid} exists already with other proposals.").format(uuid=match_uuid),
                store.where,
            )
        check_versions(conn, "proposals", {u: (expected_versions or {}).get(u) for u in wanted}, store.where)
        current: dict[str, str | None] = {}
        for proposal in wanted:
            row = conn.execute("SELECT status FROM proposals WHERE uuid = ?", (proposal,)).fetchone()
            current[proposal] = row["status"] if row is not None else None
        blocked = [u for u, old in current.items() if old is None or not is_allowed_transition(old, MATCHED)]
        if blocked:
            gone = tr("no longer exists")
            entries = [f"{u} ({_status_label(current[u]) if current[u] else gone})" for u in blocked]
            raise MatchError(
                tr(
                    "Only checked or matched proposals can form a match group ({count} of {total} cannot), so "
                    "nothing was saved: {proposals}"
                ).format(count=len(blocked), total=len(wanted), proposals=_listed(entries)),
                store.where,
                blocked,
            )
        conn.execute(
            "INSERT INTO matches (uuid, synergy, status, advice, notes, created_by, updated_by) "
            "VALUES (?, ?, 'proposed', ?, ?, ?, ?)",
            (match_uuid, synergy, advice, notes, user, user),
        )
        conn.executemany(
            "INSERT INTO match_members (match_uuid, proposal_uuid) VALUES (?, ?)",
            [(match_uuid, proposal) for proposal in wanted],
        )
        for proposal in wanted:
            if current[proposal] == MATCHED:
                continue
            cursor = conn.execute(
                "UPDATE proposals SET status = ?, updated_by = ? WHERE uuid = ? AND status = ?",
                (MATCHED, user, proposal, current[proposal]),
            )
            if (
                cursor.rowcount != 1
            ):  # read just now: a row-level security policy hides it; rolls the group back
                raise MatchError(str(not_accepted(store.where, [proposal])), store.where, [proposal])
    LOG.info("match group %s (%s) created with %d proposals", match_uuid, synergy, len(wanted))
    return match_uuid


# -- contact exchange -------------------------------------------------------------------------------------
def _name(row) -> str:
    return " ".join(part for part in (row["given_name"], row["family_name"]) if part and part.strip())


def _postal_address(row) -> str:
    street = " ".join(p for p in (row["street"], row["house_number"]) if p)
    town = " ".join(p for p in (row["postcode"], row["city"]) if p)
    return ", ".join(p for p in (street, town) if p)


_CONTACT_COLUMNS = ("uuid", "given_name", "family_name", "email", "phone", "street", "house_number", "postcode",
                    "city", "consent_contact")  # fmt: skip


def _check_may_read_contacts(store, conn) -> None:
    """On PostGIS: refuse, before ``participants`` is touched, a login that may not read the contact columns
    (the planner role); a GeoPackage file has no roles."""
    if getattr(store, "backend", "gpkg") != "postgis":
        return
    allowed = conn.execute(
        "SELECT bool_and(has_column_privilege('participants', c, 'SELECT')) FROM unnest(?::text[]) AS c",
        (list(_CONTACT_COLUMNS),),
    ).fetchone()[0]
    if not allowed:
        LOG.info("contact details refused: the login to %s may not read participants", store.where)
        raise ContactNotAllowedError(
            tr(
                "Your login to {name} is not allowed to read the participants' contact details (only officers "
                "are), so no contact texts can be made. Match groups can be recorded all the same; ask an "
                "officer to send the contact texts."
            ).format(name=store.where),
            store.where,
        )


def contact_exchange(store, match_uuid: str) -> ContactExchange:
    """Who may get whose contact details in a group: only participants who consented, on either side.

    Each consenting participant gets an entry with the *other* consenting participants' name, e-mail and
    phone; members without consent (or without a participant) are listed with the reason and nothing of
    theirs. Reads only; the caller shows the result to the officer and keeps it out of files and logs.
    """
    with _reading(store) as conn:
        group = conn.execute("SELECT synergy, version FROM matches WHERE uuid = ?", (match_uuid,)).fetchone()
        if group is None:
            raise MatchError(tr("Match group {uuid} does not exist.").format(uuid=match_uuid), store.where)
        _check_may_read_contacts(store, conn)
        rows = conn.execute(
            "SELECT mm.proposal_uuid, mm.contact_exchanged, p.participant_uuid, pa.uuid AS person, "
            "pa.given_name, pa.family_name, pa.email, pa.phone, pa.street, pa.house_number, pa.postcode, "
            "pa.city, pa.consent_contact FROM match_members mm "
            "JOIN proposals p ON p.uuid = mm.proposal_uuid "
            "LEFT JOIN participants pa ON pa.uuid = p.participant_uuid "
            "WHERE mm.match_uuid = ? ORDER BY mm.fid",
            (match_uuid,),
        ).fetchall()
    people: dict[str, dict] = {}  # participant uuid → their row and proposals, in group order
    orphans: list[str] = []
    for row in rows:
        if row["person"] is None:
            orphans.append(row["proposal_uuid"])
            continue
        person = people.setdefault(row["person"], {"row": row, "proposals": [], "exchanged": True})
        person["proposals"].append(row["proposal_uuid"])
        person["exchanged"] = person["exchanged"] and bool(row["contact_exchanged"])
    consenting = [uuid for uuid, p in people.items() if bool(p["row"]["consent_contact"])]
    details = {
        uuid: ContactDetails(
            name=_name(people[uuid]["row"]), email=people[uuid]["row"]["email"] or None,
            phone=people[uuid]["row"]["phone"] or None,
        )
        for uuid in consenting
    }  # fmt: skip
    entries: list[ContactEntry] = []
    withheld: list[WithheldMember] = []
    for person_uuid, person in people.items():
        proposals = tuple(person["proposals"])
        if person_uuid not in details:
            withheld.append(WithheldMember(person_uuid, proposals, NO_CONSENT))
            continue
        others = tuple(details[o] for o in consenting if o != person_uuid)
        if not others:
            withheld.append(WithheldMember(person_uuid, proposals, NOBODY_ELSE))
            continue
        entries.append(
            ContactEntry(
                participant_uuid=person_uuid, proposal_uuids=proposals, recipient=details[person_uuid],
                postal_address=_postal_address(person["row"]), others=others,
                contact_exchanged=person["exchanged"],
            )
        )  # fmt: skip
    withheld += [WithheldMember(None, (proposal,), NO_PARTICIPANT) for proposal in orphans]
    return ContactExchange(match_uuid, group["synergy"], tuple(entries), tuple(withheld), group["version"])


def mark_contact_exchanged(
    store, match_uuid: str, proposal_uuids: Sequence[str], user: str, expected_version: int | None = None
) -> int:
    """Record that the officer sent the contact texts for these members; returns the memberships marked.

    Only members whose participant consented (and has someone to be introduced to) can be marked; anything
    else refuses the whole call. The group's status moves from ``proposed`` to ``contacted``, which the
    audit trail records with the officer's name.
    """
    wanted = list(dict.fromkeys(u for u in proposal_uuids if u))
    if not wanted:
        raise ValueError(tr("Select at least one proposal."))
    user = clean_text(user, tr("The user name")) or ""
    if not user:
        raise ValueError(tr("The change needs the name of the officer who makes it."))
    exchange = contact_exchange(store, match_uuid)
    allowed = {p for entry in exchange.entries for p in entry.proposal_uuids}
    blocked = [u for u in wanted if u not in allowed]
    if blocked:
        raise MatchError(
            tr(
                "Contact details can only be marked as exchanged for members of the group who consented, so "
                "nothing was changed: {proposals}"
            ).format(proposals=_listed(blocked)),
            store.where,
            blocked,
        )
    with store.transaction() as conn:
        check_versions(conn, "matches", {match_uuid: expected_version}, store.where)
        cursor = conn.execute(
            f"UPDATE match_members SET contact_exchanged = ? WHERE match_uuid = ? AND proposal_uuid IN ({_marks(wanted)})",
            (True, match_uuid, *wanted),  # a bound boolean: 1 in SQLite, true in PostgreSQL
        )
        marked = cursor.rowcount
        if marked != len(wanted):  # the group changed since it was read
            raise MatchError(
                tr("Match group {uuid} was changed meanwhile, so nothing was changed.").format(
                    uuid=match_uuid
                ),
                store.where,
            )
        conn.execute(
            "UPDATE matches SET status = 'contacted', updated_by = ? WHERE uuid = ? AND status = 'proposed'",
            (user, match_uuid),
        )
    LOG.info("match group %s: contact exchange recorded for %d proposals", match_uuid, marked)
    return marked
