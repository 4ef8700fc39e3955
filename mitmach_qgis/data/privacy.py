"""Erasure, retention and consent (GDPR art. 17, 5(1)(e) and 7(3); DESIGN.md §5). Plain data access, no widgets.

What *forgetting* a participant does, in one transaction through ``store.transaction()``:

- the ``participants`` row is **deleted** (all personal data lives there; nothing of it is kept);
- their proposals stay as **anonymous ideas** for the scheme's statistics (theme, planned years, status,
  source, ``in_area``, time stamps, officer): the link to the participant, the free texts (description,
  officer's notes, advice), the exact point and the building reference are removed (a house point with the
  gazetteer gives the address back); a rejection reason becomes ``[…]`` (a rejection needs one); open
  proposals (submitted, checked, matched) become ``withdrawn``, since nobody can be contacted about them;
- their match-group memberships are deleted, and the notes and advice of those groups are cleared: a note
  that names them cannot be told apart reliably from one that does not;
- elsewhere (other proposals' texts, other groups' notes and advice) mentions of their e-mail, phone, full
  name ("Erika Musterfrau", "Musterfrau, Erika", "Frau Musterfrau") and street address are replaced by
  ``[…]`` — best effort: a nickname or a misspelling is not found;
- the web geocoder's cached answers for their street and house number are deleted;
- the audit trail keeps every event (action, time, officer, changed field names) but the participant's uuid
  is replaced by one random pseudonym (``events.pseudonymised_at``), the one change the database's
  append-only trigger allows; an ``erase`` event with counts only is added under the same pseudonym.

Then the free space. **GeoPackage**: ``PRAGMA secure_delete`` makes SQLite overwrite what the transaction
removes, and a ``VACUUM`` afterwards rebuilds the file. The rebuild is what makes it certain: a row changed
earlier by an SQLite built without secure delete (Debian's has it on, other builds may not) leaves its old copy
in free space, which only the rebuild removes (the tests show both). In WAL mode the log is checkpointed and
truncated. When the file is busy the rebuild is skipped and reported; :func:`purge` always rebuilds.

**PostGIS**: the same statements run in one transaction of ``store.transaction()`` (a planner, who may not
read ``participants``, gets the translated "not allowed" error and nothing changes). PostgreSQL keeps the old
versions of changed and deleted rows (and their index entries) until ``VACUUM``; after the commit each table
touched (:data:`ERASURE_TABLES`) is vacuumed on an autocommit connection (VACUUM cannot run in a
transaction). Only the tables' owner (or the database's owner, or a superuser) may vacuum them: for the others
a warning names the table (never a person) and the report says that autovacuum or the database administrator
will reclaim the space. What this does not reach, and cannot from a client: VACUUM makes the old row versions
unreachable and their space reusable but does not overwrite the bytes at once (they stay in the table's files
until the space is reused; ``VACUUM FULL`` would rewrite the table but locks out every user while it runs);
a session whose snapshot is older than the erasure keeps the old versions alive until it ends; and the
write-ahead log, its archive, replicas and backups hold the data until the database administrator's own
retention removes them. The append-only rule of ``events`` is the GeoPackage's (pg_schema.py): the
pseudonymisation needs ``UPDATE (record_uuid, pseudonymised_at)`` on ``events`` for a role that does not own
the schema, the trigger refuses every other change.

Retention: rules in ``mitmach_meta`` (see :data:`~.schema.RETENTION_DEFAULTS`), applied by :func:`purge`
with the same mechanism. Log lines and messages never name a person, nor link a participant to a pseudonym.
"""

from __future__ import annotations

import calendar
import contextlib
import datetime as dt
import logging
import re
import sqlite3
import uuid as uuid_module
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from ..core.addresses import normalise_house_number, normalise_street
from ..core.i18n import tr
from .errors import StoreError
from .gpkg_store import current_user, utc_now
from .pg_schema import quote_ident
from .review import _marks, _reading, clean_text
from .schema import RETENTION_DEFAULTS
from .stores import is_postgres

LOG = logging.getLogger("mitmach_qgis.privacy")

ERASED = "[…]"  # stands for removed text; language-neutral, because the data outlives the interface language
CONSENT_KINDS = ("contact", "public_map")
OPEN_STATUSES = ("submitted", "checked", "matched")
CLOSED_STATUSES = ("implemented", "rejected", "withdrawn")
DROPPED_STATUSES = ("rejected", "withdrawn")
PROPOSAL_TEXTS = ("description", "officer_notes", "advice", "rejection_reason")
MATCH_TEXTS = ("advice", "notes")
CONTACT_RULE = "retention_contact_months"
DROPPED_RULE = "retention_rejected_or_withdrawn_months"
GEOCODE_RULE = "retention_geocode_cache_months"
RULES = (CONTACT_RULE, DROPPED_RULE, GEOCODE_RULE)
MAX_MONTHS = 1200
OFF = "off"
MIN_SCHEMA = 3
CHUNK = 500  # bound parameters per statement, well below SQLite's limit
Connection = Any  # sqlite3.Connection or pg_store.StoreConnection: both take "?" parameters
# the tables an erasure changes: on PostGIS each is vacuumed after the commit
ERASURE_TABLES = ("participants", "proposals", "matches", "match_members", "geocode_cache", "events")

# a proposal with nothing left that could point to a person
_ANONYMOUS_SQL = (
    "participant_uuid IS NULL AND description IS NULL AND officer_notes IS NULL AND advice IS NULL "
    "AND geom IS NULL AND building_ref IS NULL AND (rejection_reason IS NULL OR rejection_reason = '"
    + ERASED
    + "')"
)


@dataclass(frozen=True)
class ForgetReport:
    """What an erasure removed: counts only, nothing about the person."""

    participants: int
    proposals_anonymised: int
    proposals_withdrawn: int
    memberships_removed: int
    match_groups_cleared: int
    texts_redacted: int  # text fields of other records in which a mention was replaced
    geocode_entries_removed: int
    events_pseudonymised: int
    vacuumed: bool  # GeoPackage: the file was rebuilt (False: in use); PostGIS: every touched table vacuumed
    backups: tuple[str, ...] = ()  # backup copies beside the file, made earlier: they still hold the data
    pseudonym: str | None = None  # the audit trail's name for a single forgotten participant
    backend: str = "gpkg"  # "gpkg" or "postgis": what "vacuumed" means
    not_vacuumed: tuple[str, ...] = ()  # PostGIS: tables not vacuumed (not their owner, in use, or not asked)


@dataclass(frozen=True)
class RuleResult:
    key: str
    months: int | None  # None: the rule is switched off
    cutoff: str | None  # ISO date: records last changed before it are due
    due: int  # participants (contact rule), proposals or cache entries


@dataclass(frozen=True)
class PurgeReport:
    now: str
    dry_run: bool
    rules: tuple[RuleResult, ...]
    erased: ForgetReport | None  # None for a dry run or when nothing was due
    vacuumed: bool = False  # a real run always rebuilds the file / vacuums the tables (False: could not)
    backend: str = "gpkg"
    not_vacuumed: tuple[str, ...] = ()  # PostGIS: tables not vacuumed

    @property
    def total_due(self) -> int:
        return sum(r.due for r in self.rules)


@dataclass(frozen=True)
class ForgetPreview:
    proposals: int
    open_proposals: int
    match_groups: int


# -- checks -----------------------------------------------------------------------------------------------
def _require_schema(store) -> None:
    if getattr(store, "schema_version", MIN_SCHEMA) < MIN_SCHEMA:
        raise StoreError(
            tr("{path} has an older schema; open it with MitMach once to upgrade it, then try again.").format(
                path=store.where
            ),
            store.where,
        )


def _user(user: str | None) -> str:
    user = clean_text(user, tr("The user name")) or ""
    if not user:
        raise ValueError(tr("The change needs the name of the officer who makes it."))
    return user


def _no_participant(store, participant_uuid: str) -> StoreError:
    return StoreError(
        tr("Participant {uuid} does not exist; nothing was changed.").format(uuid=participant_uuid),
        store.where,
    )


def _chunks(values: Sequence[str]) -> Iterator[list[str]]:
    for start in range(0, len(values), CHUNK):
        yield list(values[start : start + CHUNK])


def _is_sqlite(conn) -> bool:
    return isinstance(conn, sqlite3.Connection)


def _check_uuid(store, participant_uuid: str) -> None:
    """On PostGIS a uuid column refuses a text that is no uuid with a type error: say "does not exist", as the
    GeoPackage does."""
    if not is_postgres(store):
        return
    try:
        uuid_module.UUID(str(participant_uuid).strip())
    except ValueError:
        raise _no_participant(store, participant_uuid) from None


@contextlib.contextmanager
def _erasing(store) -> Iterator:
    """``store.transaction()``; on a GeoPackage with SQLite overwriting everything the transaction deletes
    or replaces (PostgreSQL's counterpart is the VACUUM after the commit: :func:`vacuum_tables`)."""
    with store.transaction() as conn:
        if _is_sqlite(conn):
            conn.execute("PRAGMA secure_delete = ON")
        yield conn


# -- forgetting -------------------------------------------------------------------------------------------
def forget_preview(store, participant_uuid: str) -> ForgetPreview:
    """How many proposals (open ones) and match groups forgetting the participant touches; reads only."""
    _check_uuid(store, participant_uuid)
    with _reading(store) as conn:
        if conn.execute("SELECT 1 FROM participants WHERE uuid = ?", (participant_uuid,)).fetchone() is None:
            raise _no_participant(store, participant_uuid)
        statuses = [
            r[0]
            for r in conn.execute(
                "SELECT status FROM proposals WHERE participant_uuid = ?", (participant_uuid,)
            )
        ]
        groups = conn.execute(
            "SELECT count(DISTINCT mm.match_uuid) FROM match_members mm JOIN proposals p ON p.uuid = mm.proposal_uuid "
            "WHERE p.participant_uuid = ?",
            (participant_uuid,),
        ).fetchone()[0]
    return ForgetPreview(len(statuses), sum(s in OPEN_STATUSES for s in statuses), groups)


def forget_participant(store, participant_uuid: str, user: str, vacuum: bool = True) -> ForgetReport:
    """Erase one participant's personal data from every table (see the module docstring); all or nothing.

    An unknown uuid raises :class:`StoreError` and changes nothing."""
    _require_schema(store)
    user = _user(user)
    _check_uuid(store, participant_uuid)
    with _erasing(store) as conn:
        if conn.execute("SELECT 1 FROM participants WHERE uuid = ?", (participant_uuid,)).fetchone() is None:
            raise _no_participant(store, participant_uuid)
        counts, pseudonyms = _erase_participants(conn, [participant_uuid], user, "forget")
    vacuumed, skipped = _clear_space(store) if vacuum else (False, _not_asked(store))
    report = _report(counts, vacuumed, store, pseudonyms[0], skipped)
    # counts only: the log must not link the uuid someone typed to the audit trail's pseudonym
    LOG.info(
        "a participant was erased: %d proposals anonymised, %d memberships, %d geocoder answers removed",
        report.proposals_anonymised, report.memberships_removed, report.geocode_entries_removed,
    )  # fmt: skip
    return report


def _report(
    counts: dict[str, int], vacuumed: bool, store, pseudonym: str | None, not_vacuumed: tuple[str, ...] = ()
) -> ForgetReport:
    return ForgetReport(**counts, vacuumed=vacuumed, backups=_backups(store), pseudonym=pseudonym,
                        backend=store.backend, not_vacuumed=not_vacuumed)  # fmt: skip


def _backups(store) -> tuple[str, ...]:
    """Backup copies written beside the database (``NAME.<label>-backup-<stamp>.gpkg``); none on PostGIS
    (its backups are the database administrator's)."""
    if is_postgres(store):
        return ()
    path = store.path
    pattern = re.compile(re.escape(path.stem) + r"\..+-backup-.+" + re.escape(path.suffix) + "$")
    try:
        return tuple(sorted(p.name for p in path.parent.iterdir() if pattern.match(p.name)))
    except OSError:
        return ()


def _empty_counts() -> dict[str, int]:
    keys = ("participants", "proposals_anonymised", "proposals_withdrawn", "memberships_removed",
            "match_groups_cleared", "texts_redacted", "geocode_entries_removed", "events_pseudonymised")  # fmt: skip
    return dict.fromkeys(keys, 0)


def _erase_participants(
    conn: Connection, participant_uuids: Sequence[str], user: str, reason: str
) -> tuple[dict[str, int], list[str]]:
    """Erase the participants (known to exist) inside the caller's transaction; (counts, pseudonyms).
    Mentions in other texts are looked for in one pass over the texts for all of them."""
    counts = _empty_counts()
    patterns: list[str] = []
    pseudonyms: list[str] = []
    for participant_uuid in participant_uuids:
        person = conn.execute("SELECT * FROM participants WHERE uuid = ?", (participant_uuid,)).fetchone()
        patterns += mention_patterns(person)
        pseudonyms.append(_erase_one(conn, person, user, reason, counts))
    counts["texts_redacted"] = redact_mentions(conn, patterns, user)
    return counts, pseudonyms


def _erase_one(conn: Connection, person: Any, user: str, reason: str, counts: dict) -> str:
    """Everything but the mentions elsewhere, for one participant; adds to ``counts``; the pseudonym."""
    participant_uuid = person["uuid"]
    proposals = [
        r[0]
        for r in conn.execute("SELECT uuid FROM proposals WHERE participant_uuid = ?", (participant_uuid,))
    ]
    groups = _clear_groups(conn, proposals, user)
    anonymised, withdrawn, memberships = _anonymise_proposals(conn, proposals, user)
    geocoded = _remove_geocode_entries(conn, person)
    # the audit trail's delete event names the officer who erased (the trigger reads updated_by)
    conn.execute("UPDATE participants SET updated_by = ? WHERE uuid = ?", (user, participant_uuid))
    conn.execute("DELETE FROM participants WHERE uuid = ?", (participant_uuid,))
    pseudonym, events = _pseudonymise_events(conn, participant_uuid)
    found = {"participants": 1, "match_groups_cleared": groups, "proposals_anonymised": anonymised,
             "proposals_withdrawn": withdrawn, "memberships_removed": memberships,
             "geocode_entries_removed": geocoded, "events_pseudonymised": events}  # fmt: skip
    for key, value in found.items():
        counts[key] += value
    details = (
        f"{reason}: proposals anonymised {anonymised}, withdrawn {withdrawn}, memberships removed "
        f"{memberships}, geocoder answers removed {geocoded}, events pseudonymised {events}"
    )
    _log_erasure(conn, user, "participants", pseudonym, details)
    return pseudonym


def _log_erasure(conn: Connection, user: str, table: str | None, record: str | None, details: str) -> None:
    conn.execute(
        "INSERT INTO events (action, user_name, table_name, record_uuid, details, pseudonymised_at) "
        "VALUES ('erase', ?, ?, ?, ?, ?)",
        (user, table, record, details, utc_now() if record else None),
    )


def _clear_groups(conn: Connection, proposals: Sequence[str], user: str) -> int:
    """Clear notes and advice of the match groups these proposals belong to; returns the groups changed."""
    groups: set[str] = set()
    for chunk in _chunks(proposals):
        sql = f"SELECT DISTINCT match_uuid FROM match_members WHERE proposal_uuid IN ({_marks(chunk)})"
        groups |= {r[0] for r in conn.execute(sql, chunk)}
    cleared = 0
    for chunk in _chunks(sorted(groups)):
        cleared += conn.execute(
            f"UPDATE matches SET notes = NULL, advice = NULL, updated_by = ? WHERE uuid IN ({_marks(chunk)}) "
            "AND (notes IS NOT NULL OR advice IS NOT NULL)",
            (user, *chunk),
        ).rowcount
    return cleared


def _anonymise_proposals(conn: Connection, proposals: Sequence[str], user: str) -> tuple[int, int, int]:
    """Keep the proposals as anonymous ideas (see the module docstring); (anonymised, withdrawn, memberships)."""
    anonymised = withdrawn = memberships = 0
    for chunk in _chunks(proposals):
        marks = _marks(chunk)
        memberships += conn.execute(
            f"DELETE FROM match_members WHERE proposal_uuid IN ({marks})", chunk
        ).rowcount
        withdrawn += conn.execute(
            f"SELECT count(*) FROM proposals WHERE uuid IN ({marks}) AND status IN ({_marks(OPEN_STATUSES)})",
            (*chunk, *OPEN_STATUSES),
        ).fetchone()[0]
        anonymised += conn.execute(
            "UPDATE proposals SET participant_uuid = NULL, description = NULL, officer_notes = NULL, advice = NULL, "
            "rejection_reason = CASE WHEN status = 'rejected' THEN ? ELSE NULL END, "
            f"status = CASE WHEN status IN ({_marks(OPEN_STATUSES)}) THEN 'withdrawn' ELSE status END, "
            "geom = NULL, building_ref = NULL, location_source = NULL, location_quality = NULL, updated_by = ? "
            f"WHERE uuid IN ({marks})",
            (ERASED, *OPEN_STATUSES, user, *chunk),
        ).rowcount
    return anonymised, withdrawn, memberships


def _remove_geocode_entries(conn: Connection, person: Any) -> int:
    """Delete the cached web answers for the person's street and house number (any postcode or town)."""
    street, number = (
        normalise_street(person["street"] or ""),
        normalise_house_number(person["house_number"] or ""),
    )
    if not street or not number or not _has_table(conn, "geocode_cache"):
        return 0
    prefix = f"{street}|{number}|"  # the first two parts of core.geocoding.AddressQuery.key()
    return conn.execute(
        "DELETE FROM geocode_cache WHERE substr(query_key, 1, length(?)) = ?", (prefix, prefix)
    ).rowcount


def _has_table(conn, name: str) -> bool:
    if not _is_sqlite(conn):  # the store's search path starts with its schema
        return conn.execute("SELECT to_regclass(?) IS NOT NULL", (name,)).fetchone()[0]
    return (
        conn.execute("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,)).fetchone()
        is not None
    )


def _pseudonymise_events(conn: Connection, participant_uuid: str) -> tuple[str, int]:
    """Replace the erased participant's uuid in the audit trail by a random pseudonym: the history of the
    record (inserted, changed, erased) stays readable without linking back to anyone."""
    pseudonym = str(uuid_module.uuid4())
    changed = conn.execute(
        "UPDATE events SET record_uuid = ?, pseudonymised_at = ? WHERE table_name = 'participants' AND record_uuid = ?",
        (pseudonym, utc_now(), participant_uuid),
    ).rowcount
    return pseudonym, changed


# -- mentions in free text --------------------------------------------------------------------------------
_SEP = r"[\s/().\-]*"
_TITLES = r"(?:Herrn?|Frau|Hr\.|Fr\.|Familie|Fam\.|Dr\.|Mr\.?|Mrs\.?|Ms\.?)"
_STREET_END = re.compile(r"(?i)(?:straße|strasse|str\.?)$")


def _words(text: str) -> str:
    return r"\s+".join(re.escape(w) for w in text.split())


def mention_patterns(person) -> list[str]:
    """Regular expressions (case-insensitive) for the ways free text may name this participant: e-mail,
    phone (any separators, 0 / +49 / 0049), full name in either order, family name after a title, and
    street with house number ("Str."/"Straße"). Short values are skipped: they would hit other words."""
    patterns = []
    email = (person["email"] or "").strip()
    if email:
        patterns.append(r"(?<![\w.+-])" + re.escape(email) + r"(?![\w-])")
    phone = _phone_pattern(person["phone"] or "")
    if phone:
        patterns.append(phone)
    given, family = (person["given_name"] or "").strip(), (person["family_name"] or "").strip()
    if len(family) >= 2:
        fam = _words(family)
        if given:
            patterns += [rf"\b{_words(given)}\s+{fam}\b", rf"\b{fam},?\s+{_words(given)}\b"]
        patterns.append(rf"\b{_TITLES}\s+{fam}\b")
    street, number = (person["street"] or "").strip(), (person["house_number"] or "").strip()
    if street and number:
        base = _STREET_END.sub("", street)
        street_re = _words(base) + r"\s*-?\s*(?:straße|strasse|str\.?)" if base != street else _words(street)
        number_re = r"\s*".join(re.escape(ch) for ch in number.replace(" ", ""))
        patterns.append(rf"\b{street_re}\s*{number_re}(?![\w])")
    return patterns


def _phone_pattern(phone: str) -> str | None:
    digits = re.sub(r"\D", "", phone)
    national = None
    if phone.strip().startswith("+49"):
        national = digits[2:]
    elif digits.startswith("0049"):
        national = digits[4:]
    elif digits.startswith("0") and not digits.startswith("00"):
        national = digits[1:]
    if national and len(national) >= 5:
        prefix = r"(?:\+\s*49|0049|0)" + _SEP + r"(?:\(0\))?" + _SEP
        return r"(?<!\d)" + prefix + _SEP.join(national) + r"(?!\d)"
    if len(digits) >= 6:
        return r"(?<!\d)" + _SEP.join(digits) + r"(?!\d)"
    return None


def redact_mentions(conn: Connection, patterns: Sequence[str], user: str) -> int:
    """Replace every match of ``patterns`` in the free texts of proposals and match groups by ``[…]``;
    returns the number of text fields changed."""
    if not patterns:
        return 0
    regex = re.compile("|".join(f"(?:{p})" for p in patterns), re.IGNORECASE)
    changed = 0
    for table, columns in (("proposals", PROPOSAL_TEXTS), ("matches", MATCH_TEXTS)):
        names = ", ".join(columns)
        present = " OR ".join(f"{c} IS NOT NULL" for c in columns)
        cursor = conn.execute(f"SELECT fid, {names} FROM {table} WHERE {present} ORDER BY fid")
        for fid, *texts in (tuple(r) for r in cursor.fetchall()):
            new = {c: regex.sub(ERASED, t) for c, t in zip(columns, texts) if t and regex.search(t)}
            if new:
                sets = ", ".join(f"{c} = ?" for c in new)
                conn.execute(
                    f"UPDATE {table} SET {sets}, updated_by = ? WHERE fid = ?", (*new.values(), user, fid)
                )
                changed += len(new)
    return changed


# -- free pages / dead row versions ----------------------------------------------------------------------
def _clear_space(store) -> tuple[bool, tuple[str, ...]]:
    """After an erasure's commit: (done, tables not vacuumed) — the GeoPackage rebuilt, or on PostGIS every
    table of :data:`ERASURE_TABLES` vacuumed."""
    if is_postgres(store):
        skipped = vacuum_tables(store)
        return not skipped, skipped
    return clear_free_pages(store), ()


def _not_asked(store) -> tuple[str, ...]:
    return ERASURE_TABLES if is_postgres(store) else ()


def vacuum_tables(
    store, tables: Sequence[str] = ERASURE_TABLES, lock_timeout_ms: int = 5000
) -> tuple[str, ...]:
    """PostGIS: ``VACUUM`` each of ``tables`` on an autocommit connection, so PostgreSQL drops the old
    versions of the erased rows; returns the tables NOT vacuumed. VACUUM is only the owner's (of the table or
    the database; PostgreSQL 17: also the MAINTAIN privilege): any other table is skipped with a warning that
    names the table, never a person; autovacuum or the database administrator reclaims its space later."""
    import psycopg2  # only here: a GeoPackage-only installation needs no PostgreSQL driver

    try:
        conn = store.connect()
    except StoreError:
        LOG.warning("%s: tables not vacuumed now (cannot connect)", store.where)
        return tuple(tables)
    skipped: list[str] = []
    try:
        conn.autocommit = True  # VACUUM cannot run inside a transaction block
        conn.execute(f"SET lock_timeout = {int(lock_timeout_ms)}")
        present = [t for t in tables if _has_table(conn, t)]
        maintain = " OR has_table_privilege(c.oid, 'MAINTAIN')" if conn.server_version >= 170000 else ""
        allowed = {
            r[0]
            for r in conn.execute(
                "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
                "WHERE n.nspname = ? AND c.relname = ANY(?) AND (pg_has_role(c.relowner, 'USAGE') OR "
                "pg_has_role((SELECT datdba FROM pg_database WHERE datname = current_database()), 'USAGE')"
                f"{maintain})",
                (store.schema, present),
            )
        }
        for table in present:
            if table not in allowed:
                LOG.warning("%s: not vacuumed (only its owner may); autovacuum or the database administrator "
                            "reclaims the space of the erased rows", table)  # fmt: skip
                skipped.append(table)
                continue
            try:
                conn.execute(f"VACUUM {quote_ident(store.schema)}.{quote_ident(table)}")
            except psycopg2.Error as exc:
                LOG.warning("%s: not vacuumed now (%s)", table, exc.pgcode or type(exc).__name__)
                skipped.append(table)
    except psycopg2.Error as exc:
        LOG.warning("tables not vacuumed now (%s)", exc.pgcode or type(exc).__name__)
        return tuple(tables)
    finally:
        conn.close()
    return tuple(skipped)


def clear_free_pages(store, busy_timeout_ms: int = 5000) -> bool:
    """Rebuild the file (``VACUUM``), so no erased byte survives in a free page or a page's slack, and in WAL
    mode checkpoint and truncate the log. False (and a warning) when another program keeps the file busy:
    ``secure_delete`` has overwritten the erased data already; the next purge compacts the file. On PostGIS:
    :func:`vacuum_tables`, True when every table was vacuumed."""
    if is_postgres(store):
        return not vacuum_tables(store, lock_timeout_ms=busy_timeout_ms)
    try:
        conn = store.connect()
    except StoreError:
        LOG.warning("%s: free pages not cleared now (the file cannot be opened for writing)", store.path.name)
        return False
    try:
        conn.execute(f"PRAGMA busy_timeout = {int(busy_timeout_ms)}")
        conn.execute("PRAGMA secure_delete = ON")
        wal = str(conn.execute("PRAGMA journal_mode").fetchone()[0]).lower() == "wal"
        conn.execute("VACUUM")
        # the log holds the old pages until it is checkpointed and cut to zero; a reader in the way says busy
        if wal and conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()[0] != 0:
            LOG.warning(
                "%s: the write-ahead log could not be emptied now (a reader is in the way)", store.path.name
            )
            return False
        return True
    except sqlite3.Error as exc:
        LOG.warning("%s: free pages not cleared now (%s)", store.path.name, type(exc).__name__)
        return False
    finally:
        conn.close()


# -- retention --------------------------------------------------------------------------------------------
def _bad_months(key: str, value: str) -> StoreError:
    return StoreError(
        tr(
            "The retention setting {key} in mitmach_meta must be a whole number of months from 1 to {max} or "
            "“off”, not “{value}”. Nothing was changed."
        ).format(key=key, max=MAX_MONTHS, value=value)
    )


def retention_months(store) -> dict[str, int | None]:
    """Each rule's number of months from ``mitmach_meta`` (the default when the key is missing; None when
    "off"); a value that is neither raises :class:`StoreError`."""
    meta = store.meta()
    months: dict[str, int | None] = {}
    for key in RULES:
        raw = meta.get(key)
        text = (RETENTION_DEFAULTS[key] if raw is None else str(raw)).strip()
        if text.lower() == OFF:
            months[key] = None
            continue
        if not re.fullmatch(r"[0-9]{1,4}", text) or not 1 <= int(text) <= MAX_MONTHS:
            raise _bad_months(key, str(raw))
        months[key] = int(text)
    return months


def months_before(moment: dt.datetime, months: int) -> dt.datetime:
    """The same day and time ``months`` calendar months earlier (the 31st becomes the month's last day)."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


def _stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _before(column: str, sqlite: bool) -> str:
    """``column`` lies before the cutoff (one ``?``): SQLite's julianday() reads every ISO form QGIS or a tool
    may write; PostgreSQL compares its timestamptz."""
    return f"julianday({column}) < julianday(?)" if sqlite else f"{column} < CAST(? AS timestamptz)"


def _due_sql(key: str, sqlite: bool) -> tuple[str, int]:
    """(SELECT of the records due under the rule ``key``: records last changed before the cutoff, how many
    times the cutoff is bound)."""
    if key == CONTACT_RULE:
        closed = ", ".join(f"'{s}'" for s in CLOSED_STATUSES)
        return (
            f"SELECT pa.uuid FROM participants pa WHERE {_before('pa.updated_at', sqlite)} "
            "AND NOT EXISTS (SELECT 1 FROM proposals p WHERE p.participant_uuid = pa.uuid "
            f"AND (p.status NOT IN ({closed}) OR NOT {_before('p.updated_at', sqlite)})) ORDER BY pa.fid",
            2,
        )
    if key == DROPPED_RULE:
        dropped = ", ".join(f"'{s}'" for s in DROPPED_STATUSES)
        return (
            f"SELECT uuid FROM proposals WHERE status IN ({dropped}) AND {_before('updated_at', sqlite)} "
            f"AND NOT ({_ANONYMOUS_SQL}) ORDER BY fid",
            1,
        )
    return f"SELECT fid FROM geocode_cache WHERE {_before('created_at', sqlite)} ORDER BY fid", 1


def _due(conn, months: dict[str, int | None], now: dt.datetime) -> dict[str, tuple[str | None, list]]:
    """Rule → (cutoff, the due participants' uuids / proposals' uuids / cache fids)."""
    out: dict[str, tuple[str | None, list]] = {}
    for key in RULES:
        if months[key] is None or (key == GEOCODE_RULE and not _has_table(conn, "geocode_cache")):
            out[key] = (None, [])
            continue
        cutoff = _stamp(months_before(now, months[key]))
        sql, times = _due_sql(key, _is_sqlite(conn))
        found = [r[0] for r in conn.execute(sql, (cutoff,) * times)]
        out[key] = (cutoff, found if key == GEOCODE_RULE else [str(u) for u in found])
    return out


def purge(
    store, now: dt.datetime | None = None, dry_run: bool = False, user: str | None = None
) -> PurgeReport:
    """Apply the retention rules (see :data:`~.schema.RETENTION_DEFAULTS` and the README):

    - contact rule: participants whose proposals are all closed (implemented, rejected, withdrawn) — or who
      have none — and whose record and proposals were last changed more than N months ago are forgotten,
      exactly as :func:`forget_participant` does;
    - rejected-or-withdrawn rule: such proposals last changed more than N months ago become anonymous ideas
      (the same step as forgetting does for a participant's proposals);
    - geocoder rule: cached web answers older than N months are deleted.

    ``dry_run`` counts what is due per rule and changes nothing (it only reads). A bad setting raises
    :class:`StoreError` before anything is read or written."""
    months = retention_months(store)
    now = now or dt.datetime.now(dt.timezone.utc)
    if now.tzinfo is None:
        now = now.replace(tzinfo=dt.timezone.utc)
    if dry_run:
        with _reading(store) as conn:
            due = _due(conn, months, now)
        return PurgeReport(_stamp(now), True, _rule_results(months, due), None)
    _require_schema(store)
    user = _user(user or current_user())
    with _erasing(store) as conn:
        due = _due(conn, months, now)
        counts = _apply(conn, due, user) if any(ids for _, ids in due.values()) else None
    # always, also when nothing was due: it completes an earlier erasure whose rebuild found the file in use
    vacuumed, skipped = _clear_space(store)
    rules = _rule_results(months, due)
    if counts is None:
        return PurgeReport(_stamp(now), False, rules, None, vacuumed, store.backend, skipped)
    LOG.info(
        "purge: %d participants forgotten, %d proposals anonymised, %d geocoder answers removed",
        counts["participants"], counts["proposals_anonymised"], counts["geocode_entries_removed"],
    )  # fmt: skip
    erased = _report(counts, vacuumed, store, None, skipped)
    return PurgeReport(_stamp(now), False, rules, erased, vacuumed, store.backend, skipped)


def _rule_results(
    months: dict[str, int | None], due: dict[str, tuple[str | None, list]]
) -> tuple[RuleResult, ...]:
    return tuple(
        RuleResult(key, months[key], due[key][0][:10] if due[key][0] else None, len(due[key][1]))
        for key in RULES
    )


def _apply(conn: Connection, due: dict[str, tuple[str | None, list]], user: str) -> dict[str, int]:
    counts, _ = _erase_participants(conn, due[CONTACT_RULE][1], user, "retention")
    # proposals of a participant forgotten just now are anonymous already: not counted twice
    dropped = [u for u in due[DROPPED_RULE][1] if not _is_anonymous(conn, u)]
    anonymised, withdrawn, memberships = _anonymise_proposals(conn, dropped, user)
    counts["proposals_anonymised"] += anonymised
    counts["memberships_removed"] += memberships
    fids = due[GEOCODE_RULE][1]
    for chunk in _chunks(fids):
        counts["geocode_entries_removed"] += conn.execute(
            f"DELETE FROM geocode_cache WHERE fid IN ({_marks(chunk)})", chunk
        ).rowcount
    if dropped or fids:
        _log_erasure(
            conn, user, None, None,
            f"retention: proposals anonymised {anonymised}, geocoder answers removed {len(fids)}",
        )  # fmt: skip
    return counts


def _is_anonymous(conn: Connection, proposal_uuid: str) -> bool:
    sql = f"SELECT {_ANONYMOUS_SQL} FROM proposals WHERE uuid = ?"
    row = conn.execute(sql, (proposal_uuid,)).fetchone()
    return row is None or bool(row[0])


# -- consent ----------------------------------------------------------------------------------------------
def _consent_columns(kind: str) -> tuple[str, str, str]:
    if kind not in CONSENT_KINDS:
        raise ValueError(
            tr("Unknown kind of consent: {kind} (use {kinds}).").format(
                kind=kind, kinds=", ".join(CONSENT_KINDS)
            )
        )
    return f"consent_{kind}", f"consent_{kind}_date", f"consent_{kind}_withdrawn_date"


def _day(on: dt.date | str | None) -> dt.date:
    if on is None:
        return dt.date.today()
    if isinstance(on, dt.datetime):
        return on.date()
    if isinstance(on, dt.date):
        day = on
    else:
        try:
            day = dt.date.fromisoformat(str(on).strip())
        except ValueError:
            raise ValueError(tr("{value} is not a date (use YYYY-MM-DD).").format(value=on)) from None
    if day > dt.date.today():
        raise ValueError(tr("The date {date} lies in the future.").format(date=day.isoformat()))
    return day


def give_consent(store, participant_uuid: str, kind: str, user: str, on: dt.date | str | None = None) -> bool:
    """Record that the participant consented (``kind``: "contact" or "public_map") on ``on`` (default
    today); clears an earlier withdrawal. False when exactly this was recorded already. The audit trail
    logs the changed fields."""
    flag, date_col, withdrawn_col = _consent_columns(kind)
    day, user = _day(on).isoformat(), _user(user)
    _require_schema(store)
    _check_uuid(store, participant_uuid)
    with store.transaction() as conn:
        row = conn.execute(
            f"SELECT {flag}, {date_col}, {withdrawn_col} FROM participants WHERE uuid = ?",
            (participant_uuid,),
        ).fetchone()
        if row is None:
            raise _no_participant(store, participant_uuid)
        if bool(row[0]) and str(row[1] or "")[:10] == day and row[2] is None:
            return False
        # booleans as parameters: 0/1 in SQLite, true/false on PostgreSQL
        conn.execute(
            f"UPDATE participants SET {flag} = ?, {date_col} = ?, {withdrawn_col} = NULL, updated_by = ? "
            "WHERE uuid = ?",
            (True, day, user, participant_uuid),
        )
    return True


def withdraw_consent(
    store, participant_uuid: str, kind: str, user: str, on: dt.date | str | None = None
) -> bool:
    """Record the withdrawal of a consent on ``on`` (default today). It takes effect at once: contact texts
    (``matches.contact_exchange``) and public maps (``public_source``) read the consent when they are made.
    The date the consent was given stays as a record. False when there was no consent to withdraw."""
    flag, date_col, withdrawn_col = _consent_columns(kind)
    day, user = _day(on), _user(user)
    _require_schema(store)
    _check_uuid(store, participant_uuid)
    with store.transaction() as conn:
        row = conn.execute(
            f"SELECT {flag}, {date_col} FROM participants WHERE uuid = ?", (participant_uuid,)
        ).fetchone()
        if row is None:
            raise _no_participant(store, participant_uuid)
        if not row[0]:
            return False
        if row[1] and day.isoformat() < str(row[1])[:10]:
            raise ValueError(
                tr("A consent cannot be withdrawn ({withdrawn}) before it was given ({given}).").format(
                    withdrawn=day.isoformat(), given=str(row[1])[:10]
                )
            )
        conn.execute(
            f"UPDATE participants SET {flag} = ?, {withdrawn_col} = ?, updated_by = ? WHERE uuid = ?",
            (False, day.isoformat(), user, participant_uuid),
        )
    LOG.info("a consent (%s) was withdrawn", kind)
    return True


# -- summaries for the officer (CLI and dialog) -----------------------------------------------------------
def forget_summary(report: ForgetReport) -> list[str]:
    """The report in words, one line each; counts only."""
    lines = [
        tr("Participants erased (record deleted): {count}").format(count=report.participants),
        tr("Proposals kept as anonymous ideas (texts, exact point and link removed): {count}, of which open and "
           "now withdrawn: {withdrawn}").format(count=report.proposals_anonymised, withdrawn=report.proposals_withdrawn),
        tr("Match-group memberships removed: {count}; match groups whose notes and advice were cleared: {groups}")
        .format(count=report.memberships_removed, groups=report.match_groups_cleared),
        tr("Mentions replaced in other texts: {count}; cached geocoder answers deleted: {cache}").format(
            count=report.texts_redacted, cache=report.geocode_entries_removed
        ),
        tr("Audit-log entries pseudonymised: {count}").format(count=report.events_pseudonymised),
        _vacuum_line(report.vacuumed, report.backend, report.not_vacuumed),
    ]  # fmt: skip
    if report.backups:
        lines.append(
            tr("Backup copies made earlier still hold the data; delete them or forget the participant there too: "
               "{files}").format(files=", ".join(report.backups))
        )  # fmt: skip
    return lines


def _vacuum_line(vacuumed: bool, backend: str = "gpkg", not_vacuumed: Sequence[str] = ()) -> str:
    if backend == "postgis":
        kept = tr(
            "Copies in the write-ahead log, its archive, replicas and backups remain until the database "
            "administrator's retention removes them."
        )
        if vacuumed:
            return (
                tr(
                    "The tables were vacuumed: the old versions of the erased rows can no longer be read and "
                    "their space is free for reuse."
                )
                + " "
                + kept
            )
        return (
            tr(
                "Not vacuumed now: {tables} (VACUUM is for the table's owner, or the table was in use). PostgreSQL "
                "keeps the old versions of the erased rows until autovacuum or the database administrator "
                "reclaims the space."
            ).format(tables=", ".join(not_vacuumed) or "–")
            + " "
            + kept
        )
    if vacuumed:
        return tr("The file was rebuilt: no erased data is left in free pages.")
    return tr(
        "The file could not be rebuilt now (it is in use): what was erased has been overwritten, but copies left "
        "by earlier edits may remain in free space until the file is rebuilt. Run purge later."
    )


def rule_label(key: str) -> str:
    return {
        CONTACT_RULE: tr("Contact data, after all of a participant's proposals are closed"),
        DROPPED_RULE: tr("Rejected or withdrawn proposals (texts, point, link to the participant)"),
        GEOCODE_RULE: tr("Cached answers of the web geocoder"),
    }.get(key, key)


def rule_line(rule: RuleResult) -> str:
    if rule.months is None:
        return tr("{rule}: switched off").format(rule=rule_label(rule.key))
    return tr("{rule}: {months} months (last changed before {cutoff}): {count} due").format(
        rule=rule_label(rule.key), months=rule.months, cutoff=rule.cutoff, count=rule.due
    )


def purge_summary(report: PurgeReport) -> list[str]:
    lines = [rule_line(rule) for rule in report.rules]
    if report.dry_run:
        lines.append(tr("Dry run: nothing was changed."))
    elif report.erased is None:
        lines += [
            tr("Nothing was due; no record was changed."),
            _vacuum_line(report.vacuumed, report.backend, report.not_vacuumed),
        ]
    else:
        lines += forget_summary(report.erased)
    return lines


__all__ = [
    "CONSENT_KINDS",
    "ERASED",
    "RULES",
    "ForgetPreview",
    "ForgetReport",
    "PurgeReport",
    "RuleResult",
    "clear_free_pages",
    "forget_participant",
    "forget_preview",
    "forget_summary",
    "give_consent",
    "mention_patterns",
    "months_before",
    "purge",
    "purge_summary",
    "redact_mentions",
    "retention_months",
    "vacuum_tables",
    "withdraw_consent",
]
