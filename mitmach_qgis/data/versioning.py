"""Optimistic locking: a change based on a version of a record that is no longer current is refused.

Every proposal, participant and match group has a ``version`` that the database raises by one on each
change (trigger ``mitmach_<table>_touch``; writers never set it). A form or dock remembers the version it
showed; the write checks it inside its transaction (:func:`check_versions`) and, when someone else changed
the record meanwhile, raises :class:`ConflictError` naming *what* changed, by whom and when — read from
the audit trail, which records the names of the changed fields of every update. Records that were not
changed meanwhile never conflict, so two officers working on different proposals never get in each
other's way.

The SQL here runs unchanged on both stores (``conn`` is a GeoPackageStore's sqlite3 connection or a
PostgisStore's, which speaks sqlite3's ``?`` parameters and rows by name and by index).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Mapping
from dataclasses import dataclass

from ..core.i18n import tr
from .errors import StoreError

VERSIONED_TABLES = ("proposals", "participants", "matches")
_MAX_LISTED = 5


@dataclass(frozen=True)
class Change:
    """One update of a record after the version its writer saw (from the audit trail)."""

    occurred_at: str
    user: str | None
    fields: tuple[str, ...]
    deleted: bool = False


class ConflictError(StoreError):
    """A record was changed by someone else since it was read; ``changes`` maps uuid → what happened."""

    def __init__(self, message: str, path, changes: Mapping[str, tuple[Change, ...]]) -> None:
        super().__init__(message, path)
        self.changes = dict(changes)
        self.uuids = tuple(self.changes)


def check_versions(conn, table: str, expected: Mapping[str, int | None], path) -> None:
    """Inside a write transaction: every record of ``expected`` (uuid → version seen; None: not checked)
    still has that version, else :class:`ConflictError` describing the changes since. A record that is gone
    counts as changed (deleted)."""
    if table not in VERSIONED_TABLES:
        raise ValueError(f"{table} has no version")
    wanted = {u: v for u, v in expected.items() if v is not None}
    if not wanted:
        return
    stale: dict[str, tuple[Change, ...]] = {}
    for uuid, seen in wanted.items():
        row = conn.execute(f'SELECT version FROM "{table}" WHERE uuid = ?', (uuid,)).fetchone()
        if row is None:
            stale[uuid] = (*changes_since(conn, table, uuid, None), Change("", None, (), deleted=True))
        elif int(row[0]) != int(seen):
            stale[uuid] = changes_since(conn, table, uuid, max(int(row[0]) - int(seen), 0))
    if stale:
        raise ConflictError(conflict_message(table, stale), path, stale)


def changes_since(conn, table: str, uuid: str, count: int | None) -> tuple[Change, ...]:
    """The last ``count`` updates of the record (all with None), oldest first. A login that may not read the
    audit trail (``mitmach_planner`` on PostGIS) gets no details: the conflict is reported all the same."""
    if not _may_read_events(conn):
        return ()
    query = (
        "SELECT occurred_at, user_name, changed_fields FROM events WHERE table_name = ? AND record_uuid = ? "
        "AND action = 'update' ORDER BY fid DESC"
    )
    params: tuple = (table, uuid)
    if count is not None:  # no LIMIT at all for "every": PostgreSQL refuses SQLite's LIMIT -1
        query += " LIMIT ?"
        params += (count,)
    rows = conn.execute(query, params).fetchall()
    return tuple(
        Change(str(at), user, tuple(f for f in (fields or "").split(",") if f))
        for at, user, fields in reversed(rows)
    )


def _may_read_events(conn) -> bool:
    if isinstance(conn, sqlite3.Connection):
        return True
    return bool(conn.execute("SELECT has_table_privilege('events', 'SELECT')").fetchone()[0])


def _record_name(table: str, uuid: str) -> str:
    if table == "proposals":
        return tr("Proposal {uuid}").format(uuid=uuid)
    if table == "participants":
        return tr("Participant {uuid}").format(uuid=uuid)
    return tr("Match group {uuid}").format(uuid=uuid)


def describe(changes: tuple[Change, ...]) -> str:
    """ "status, advice (by meier at 2026-11-25 18:40:12)"; several updates joined by "; "."""
    parts = []
    for change in changes:
        if change.deleted:
            parts.append(tr("deleted"))
            continue
        fields = ", ".join(change.fields) or tr("no field names recorded")
        who = change.user or tr("unknown user")
        parts.append(
            tr("{fields} (by {user} at {time})").format(fields=fields, user=who, time=change.occurred_at)
        )
    return "; ".join(parts) or tr("changed")


def conflict_message(table: str, stale: Mapping[str, tuple[Change, ...]]) -> str:
    """The translated refusal: which records changed meanwhile and how; nothing was saved."""
    entries = [
        f"{_record_name(table, uuid)}: {describe(changes)}"
        for uuid, changes in list(stale.items())[:_MAX_LISTED]
    ]
    if len(stale) > _MAX_LISTED:
        entries.append(tr("and {count} more").format(count=len(stale) - _MAX_LISTED))
    return tr(
        "Changed by someone else since you opened it, so your change was not saved: {changes}. Reload, check "
        "their change, then apply yours again."
    ).format(changes=" · ".join(entries))
