"""Edits made with QGIS's own tools (attribute table, forms, digitizing) on the database's layers: a save
over someone else's newer change is made visible.

QGIS writes a layer's edit buffer with one UPDATE per feature and no version check, so when two planners
edit the same proposal the last save silently wins. QGIS offers no way for a plugin to refuse a commit, so
the guard does the next best thing: it remembers the ``version`` of every record when this session first
changes it (attribute, geometry or deletion), compares just before the commit, and right after it tells
the planner which records they saved over, what the other change was, by whom and when (from the audit
trail, which keeps both changes). The plugin's own forms and docks refuse such saves outright
(``data/versioning.py``). Limitation: a record changed by someone else while an attribute form was open,
before its *OK*, is taken as the base — QGIS reports the change only at *OK*.
"""

from __future__ import annotations

import logging
import sqlite3

from qgis.core import Qgis
from qgis.PyQt.QtCore import QObject, QTimer

from ..data.errors import StoreError
from ..data.layers import TABLE_PROPERTY
from ..data.versioning import VERSIONED_TABLES, Change, changes_since, describe

LOG = logging.getLogger("mitmach_qgis.gui")
MESSAGE_SECONDS = 0  # stays until closed: the planner has to look at those records
_MAX_LISTED = 5


class EditGuard(QObject):
    """Follows the versioned layers (proposals, participants, matches) of one database."""

    def __init__(self, store, iface, parent=None) -> None:
        super().__init__(parent)
        self.store = store
        self.iface = iface
        self._bases: dict[str, dict[int, tuple[str, int]]] = {}  # layer id → fid → (uuid, version)
        self._tables: dict[str, str] = {}  # layer id → table
        self._conn = None  # see _reader()
        self._close_timer = QTimer(self)
        self._close_timer.setSingleShot(True)
        self._close_timer.setInterval(0)
        self._close_timer.timeout.connect(self._close_reader)
        self._stale: dict[str, dict[str, tuple[Change, ...]]] = {}  # layer id → uuid → changes
        self._connections: list[tuple[object, object]] = []

    def attach(self, layers) -> None:
        for layer in layers:
            table = layer.customProperty(TABLE_PROPERTY)
            if table not in VERSIONED_TABLES or layer.fields().indexFromName("version") < 0:
                continue
            lid = layer.id()
            self._tables[lid] = table
            pairs = [
                (layer.editingStarted, lambda lid=lid: self._forget(lid)),
                (layer.afterRollBack, lambda lid=lid: self._forget(lid)),
                (layer.attributeValueChanged, lambda fid, _i, _v, lyr=layer: self._remember(lyr, fid)),
                (layer.geometryChanged, lambda fid, _g, lyr=layer: self._remember(lyr, fid)),
                (layer.featureDeleted, lambda fid, lyr=layer: self._remember(lyr, fid)),
                (layer.beforeCommitChanges, lambda _stop=False, lyr=layer: self._check(lyr)),
                (layer.afterCommitChanges, lambda lyr=layer: self._report(lyr)),
            ]
            for signal, slot in pairs:
                signal.connect(slot)
                self._connections.append((signal, slot))

    def detach(self) -> None:
        for signal, slot in self._connections:
            try:
                signal.disconnect(slot)
            except (TypeError, RuntimeError):  # the layer is gone already
                pass
        self._connections.clear()
        self._close_timer.stop()
        self._close_reader()
        self._bases.clear()
        self._stale.clear()

    # -- the steps ---------------------------------------------------------------------------------------
    def _forget(self, lid: str) -> None:
        self._bases.pop(lid, None)
        self._stale.pop(lid, None)

    def _remember(self, layer, fid: int) -> None:
        """The version of the record as stored now, the first time this session changes it."""
        lid = layer.id()
        bases = self._bases.setdefault(lid, {})
        if fid < 0 or fid in bases:  # a new feature (negative id) has nobody else's changes
            return
        table = self._tables[lid]
        try:
            row = (
                self._reader()
                .execute(f'SELECT uuid, version FROM "{table}" WHERE fid = ?', (fid,))
                .fetchone()
            )
        except (StoreError, OSError, ValueError, sqlite3.Error) as exc:
            LOG.debug("edit guard: version of %s %s not read (%s)", table, fid, type(exc).__name__)
            return
        if row is not None:
            bases[fid] = (row[0], int(row[1]))

    def _reader(self):
        """One read connection for a burst of changes (a field calculator changes thousands of features in one
        go: opening a connection per signal cost more than the reads), closed when Qt is back in its event
        loop, so no read transaction outlives the burst."""
        if self._conn is None:
            self._conn = self.store.connect(readonly=True)
            self._close_timer.start()
        return self._conn

    def _close_reader(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def _versions(self, lid: str, fids, conn) -> dict[int, int]:
        """The stored version of each record of ``fids``, 500 at a time."""
        ordered = sorted(fids)
        out: dict[int, int] = {}
        for start in range(0, len(ordered), 500):
            chunk = ordered[start : start + 500]
            marks = ", ".join("?" for _ in chunk)
            sql = f'SELECT fid, version FROM "{self._tables[lid]}" WHERE fid IN ({marks})'
            out.update((int(fid), int(version)) for fid, version in conn.execute(sql, chunk).fetchall())
        return out

    def _check(self, layer) -> None:
        lid = layer.id()
        self._close_reader()  # the check reads what is stored right now
        bases = self._bases.get(lid, {})
        if not bases:
            return
        table = self._tables[lid]
        stale: dict[str, tuple[Change, ...]] = {}
        try:
            with self.store.reading() as conn:
                now = self._versions(lid, bases, conn)
                for fid, (uuid, seen) in bases.items():
                    if fid not in now:
                        stale[uuid] = (Change("", None, (), deleted=True),)
                    elif now[fid] != seen:
                        stale[uuid] = changes_since(conn, table, uuid, now[fid] - seen)
        except (StoreError, OSError, ValueError) as exc:
            LOG.debug("edit guard: check before commit failed (%s)", type(exc).__name__)
            return
        self._stale[lid] = stale

    def _report(self, layer) -> None:
        stale = self._stale.pop(layer.id(), {})
        self._bases.pop(layer.id(), None)
        if not stale:
            return
        entries = [f"{uuid}: {describe(changes)}" for uuid, changes in list(stale.items())[:_MAX_LISTED]]
        if len(stale) > _MAX_LISTED:
            entries.append(self.tr("and {count} more").format(count=len(stale) - _MAX_LISTED))
        text = self.tr(
            "“{layer}”: you saved over changes someone else had saved meanwhile — {changes}. Both changes are in "
            "the audit trail; check these records."
        ).format(layer=layer.name(), changes=" · ".join(entries))
        LOG.warning(
            "edit guard: %d records of %s saved over newer changes",
            len(stale),
            layer.customProperty(TABLE_PROPERTY),
        )
        self.iface.messageBar().pushMessage(self.tr("MitMach"), text, Qgis.Warning, MESSAGE_SECONDS)
