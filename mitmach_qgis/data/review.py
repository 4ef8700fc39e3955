"""The officer's review queue (DESIGN.md §1.3): read the queue, change status, keep notes and advice.

Plain data access, no widgets: the review dock and any later tool share it. One code path for both stores
(GeoPackage and PostGIS): the SQL is what both understand, with sqlite3's ``?`` parameters, and the one
backend-specific read, a proposal's point, goes through ``store.point_sql`` / ``store.point_xy``. Every
value from outside is a bound SQL parameter; the only SQL text built here is a run of ``?`` marks counted
from a list and the store's point expression. The audit trail is written by the database's own triggers, so
this module never writes to ``events`` itself. Messages name proposals by uuid, never a person.
"""

from __future__ import annotations

import contextlib
import math
import sqlite3
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from ..core.i18n import qgis_language, tr
from ..core.themes import STATUSES, is_allowed_transition
from . import errors
from .errors import StoreError
from .gpkg_store import _sqlite_error_to_store
from .versioning import ConflictError, check_versions  # noqa: F401 - ConflictError: part of this API

ALLOWED_CONTROL = frozenset("\n\t")
MAX_LISTED = 5  # uuids named in one message; the rest are counted


@dataclass(frozen=True)
class QueueItem:
    uuid: str
    fid: int
    theme: str
    status: str
    year_from: int | None
    year_to: int | None
    description: str | None
    created_at: str
    source: str
    in_area: bool | None
    officer: str | None
    officer_notes: str | None
    advice: str | None
    version: int
    x: float  # in the database CRS; NaN when the proposal has no point
    y: float

    @property
    def has_point(self) -> bool:
        return not (math.isnan(self.x) or math.isnan(self.y))


class TransitionError(StoreError):
    """Some proposals of a selection cannot make a change of status; ``uuids`` names them."""

    def __init__(self, message: str, path, uuids: Sequence[str]) -> None:
        super().__init__(message, path)
        self.uuids = tuple(uuids)


# -- reading ----------------------------------------------------------------------------------------------
_QUEUE_COLUMNS = (
    "uuid, fid, theme, status, year_from, year_to, description, created_at, source, in_area, officer, "
    "officer_notes, advice, version"
)


@contextlib.contextmanager
def _reading(store) -> Iterator:
    """``store.reading()`` with SQLite's errors turned into translated StoreErrors, as writes do (PostGIS's
    ``reading()`` does that itself)."""
    with store.reading() as conn:
        try:
            yield conn
        except sqlite3.Error as exc:
            raise _sqlite_error_to_store(exc, store.where) from exc


def _queue_select(store) -> str:
    """The select list of a QueueItem, the point as the store reads it (see :func:`_item`)."""
    return f"{_QUEUE_COLUMNS}, {store.point_sql('geom')} AS geom"


def _marks(values: Sequence) -> str:
    return ", ".join("?" for _ in values)


def _item(store, row) -> QueueItem:
    x = y = math.nan
    if row["geom"] is not None:
        try:
            x, y = store.point_xy(row["geom"])
        except (ValueError, IndexError):  # not a point blob: the proposal simply cannot be zoomed to
            pass
    return QueueItem(
        uuid=row["uuid"], fid=row["fid"], theme=row["theme"], status=row["status"],
        year_from=row["year_from"], year_to=row["year_to"], description=row["description"],
        created_at=row["created_at"], source=row["source"],
        in_area=None if row["in_area"] is None else bool(row["in_area"]),
        officer=row["officer"], officer_notes=row["officer_notes"], advice=row["advice"],
        version=row["version"], x=float(x), y=float(y),
    )  # fmt: skip


def queue(
    store,
    statuses: Sequence[str] = ("submitted",),
    themes: Sequence[str] | None = None,
    limit: int | None = None,
) -> list[QueueItem]:
    """Proposals with one of ``statuses`` (and one of ``themes`` when given), oldest first."""
    statuses = list(statuses)
    unknown = [s for s in statuses if s not in STATUSES]
    if unknown:
        raise ValueError(tr("Unknown status: {status}").format(status=", ".join(unknown)))
    if not statuses or (themes is not None and not list(themes)):
        return []
    sql = f"SELECT {_queue_select(store)} FROM proposals WHERE status IN ({_marks(statuses)})"
    params: list = list(statuses)
    if themes is not None:
        themes = list(themes)
        sql += f" AND theme IN ({_marks(themes)})"
        params += themes
    sql += " ORDER BY created_at, fid"
    if limit is not None:
        sql += " LIMIT ?"
        params.append(int(limit))
    with _reading(store) as conn:
        return [_item(store, row) for row in conn.execute(sql, params)]


def status_counts(store) -> dict[str, int]:
    """Number of proposals per status; every status is present, with 0 when none has it."""
    counts = dict.fromkeys(STATUSES, 0)
    with _reading(store) as conn:
        for status, count in conn.execute("SELECT status, count(*) FROM proposals GROUP BY status"):
            counts[status] = count
    return counts


def theme_labels(store, language: str) -> dict[str, str]:
    """Theme code → label in ``language`` ("de" for German, English otherwise), in catalogue order."""
    with _reading(store) as conn:
        rows = conn.execute(
            "SELECT code, label_de, label_en FROM themes ORDER BY sort_order, code"
        ).fetchall()
    return {row["code"]: row["label_de"] if language == "de" else row["label_en"] for row in rows}


def advice_templates(store, theme: str | None, language: str) -> list[tuple[str, str]]:
    """(title, body) of the templates for ``theme`` in ``language``, then the general ones (theme NULL)."""
    with _reading(store) as conn:
        rows = conn.execute(
            "SELECT title, body FROM advice_templates WHERE language = ? AND (theme IS NULL OR theme = ?) "
            "ORDER BY theme IS NULL, sort_order, fid",
            (language, theme),
        ).fetchall()
    return [(row["title"], row["body"]) for row in rows]


# -- writing ----------------------------------------------------------------------------------------------
def _status_label(status: str) -> str:
    from .layers import STATUS_LABELS, localise  # qgis.core: only needed for a message

    return localise(STATUS_LABELS.get(status, status), qgis_language())


def _listed(entries: Sequence[str]) -> str:
    shown = ", ".join(entries[:MAX_LISTED])
    if len(entries) > MAX_LISTED:
        shown += " " + tr("and {count} more").format(count=len(entries) - MAX_LISTED)
    return shown


def clean_text(value: str | None, field: str) -> str | None:
    """Text as stored: NFC, line breaks as ``\\n``, no control characters but line break and tab, trimmed;
    empty text is None. ``field`` names the field in the message (already translated)."""
    if value is None:
        return None
    text = unicodedata.normalize("NFC", str(value).replace("\r\n", "\n").replace("\r", "\n"))
    bad = next((ch for ch in text if unicodedata.category(ch) == "Cc" and ch not in ALLOWED_CONTROL), None)
    if bad is not None:
        raise ValueError(
            tr("{field} contains a control character (U+{code}); remove it and try again.").format(
                field=field, code=f"{ord(bad):04X}"
            )
        )
    return text.strip() or None


def set_status(
    store,
    uuids: Sequence[str],
    status: str,
    user: str,
    reason: str | None = None,
    expected_versions: Mapping[str, int] | None = None,
) -> int:
    """Give every proposal of ``uuids`` the new ``status`` in one transaction: all or none.

    With ``expected_versions`` (uuid → the version the officer saw), a proposal changed meanwhile refuses the
    whole change with a :class:`ConflictError` saying what changed.

    The database's trigger is the final word on the workflow; the checks here come first so the message can
    name the proposals that stand in the way. ``reason`` is required for, and only stored with, a rejection.
    Returns the number of proposals changed (always ``len(set(uuids))``; anything else is an error).
    """
    if status not in STATUSES:
        raise ValueError(tr("Unknown status: {status}").format(status=status))
    wanted = list(dict.fromkeys(uuids))
    if not wanted:
        raise ValueError(tr("Select at least one proposal."))
    reason = clean_text(reason, tr("The reason"))
    if status == "rejected" and not reason:
        raise ValueError(tr("A proposal can only be rejected with a reason."))
    user = clean_text(user, tr("The user name")) or ""
    if not user:
        raise ValueError(tr("The change needs the name of the officer who makes it."))
    with store.transaction() as conn:
        check_versions(conn, "proposals", {u: (expected_versions or {}).get(u) for u in wanted}, store.where)
        current: dict[str, str | None] = {}
        for uuid in wanted:
            row = conn.execute("SELECT status FROM proposals WHERE uuid = ?", (uuid,)).fetchone()
            current[uuid] = row["status"] if row is not None else None
        blocked = [u for u, old in current.items() if old is None or not _can_change(old, status)]
        if blocked:
            gone = tr("no longer exists")  # outside the f-string, so pylupdate5 sees it
            entries = [f"{u} ({_status_label(current[u]) if current[u] else gone})" for u in blocked]
            raise TransitionError(
                tr(
                    "Not all selected proposals can be set to “{status}” ({count} of {total} cannot), so "
                    "nothing was changed: {proposals}"
                ).format(
                    count=len(blocked), total=len(wanted), status=_status_label(status),
                    proposals=_listed(entries),
                ),
                store.where,
                blocked,
            )  # fmt: skip
        changed = 0
        for uuid in wanted:
            cursor = conn.execute(
                "UPDATE proposals SET status = ?, officer = ?, updated_by = ?, "
                "rejection_reason = CASE WHEN ? = 'rejected' THEN ? ELSE rejection_reason END "
                "WHERE uuid = ? AND status = ?",
                (status, user, user, status, reason, uuid, current[uuid]),
            )
            if cursor.rowcount != 1:  # it exists with that status: a row-level security policy hides it
                raise TransitionError(str(errors.not_accepted(store.where, [uuid])), store.where, [uuid])
            changed += cursor.rowcount
    return changed


def _can_change(old: str, new: str) -> bool:
    """A real step of the workflow; setting the status a proposal already has is refused as well (it
    usually means that someone else was quicker)."""
    return old != new and is_allowed_transition(old, new)


def save_notes(
    store,
    uuid: str,
    user: str,
    officer_notes: str | None,
    advice: str | None,
    expected_version: int | None = None,
) -> None:
    """Store the officer's notes and the advice of one proposal.

    With ``expected_version`` (the version the officer saw), a proposal changed meanwhile is refused with a
    :class:`ConflictError` rather than overwritten. The first officer to write notes becomes the officer of
    a proposal that has none yet.
    """
    notes = clean_text(officer_notes, tr("The officer's notes"))
    advice = clean_text(advice, tr("The advice"))
    user = clean_text(user, tr("The user name")) or ""
    if not user:
        raise ValueError(tr("The change needs the name of the officer who makes it."))
    with store.transaction() as conn:
        row = conn.execute("SELECT version FROM proposals WHERE uuid = ?", (uuid,)).fetchone()
        if row is None:
            raise StoreError(tr("Proposal {uuid} no longer exists.").format(uuid=uuid), store.where)
        check_versions(conn, "proposals", {uuid: expected_version}, store.where)
        cursor = conn.execute(
            "UPDATE proposals SET officer_notes = ?, advice = ?, updated_by = ?, officer = coalesce(officer, ?) "
            "WHERE uuid = ? AND version = ?",
            (notes, advice, user, user, uuid, row["version"]),
        )
        if (
            cursor.rowcount != 1
        ):  # read in this transaction: a row-level security policy hides it from changes
            check_versions(conn, "proposals", {uuid: row["version"]}, store.where)
            raise errors.not_accepted(store.where, [uuid])
