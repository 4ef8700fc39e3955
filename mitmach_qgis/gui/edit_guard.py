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

On PostGIS the guard also checks that a commit really changed the database: when a row-level-security
policy (or a rule or trigger) lets an UPDATE or DELETE touch no row, PostgreSQL reports success and so does
QGIS. Right after the commit the guard reads the committed features back through the layer's provider and
names the records (uuids, never people) whose stored values are not what was committed.
"""

from __future__ import annotations

import logging
import math
import sqlite3

from qgis.core import Qgis, QgsFeatureRequest, QgsGeometry
from qgis.PyQt.QtCore import QObject, QTimer, QVariant

from ..data.errors import StoreError
from ..data.layers import TABLE_PROPERTY
from ..data.schema import BOOKKEEPING
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
        self._committing: dict[str, tuple[dict, dict, set]] = {}  # layer id → what the commit should write
        self._connections: list[tuple[object, object]] = []

    def attach(self, layers) -> None:
        for layer in layers:
            table = layer.customProperty(TABLE_PROPERTY)
            versioned = table in VERSIONED_TABLES and layer.fields().indexFromName("version") >= 0
            verified = self._verifies(layer)
            if not (versioned or verified):
                continue
            lid = layer.id()
            pairs = []
            if versioned:
                self._tables[lid] = table
                pairs += [
                    (layer.editingStarted, lambda lid=lid: self._forget(lid)),
                    (layer.afterRollBack, lambda lid=lid: self._forget(lid)),
                    (layer.attributeValueChanged, lambda fid, _i, _v, lyr=layer: self._remember(lyr, fid)),
                    (layer.geometryChanged, lambda fid, _g, lyr=layer: self._remember(lyr, fid)),
                    (layer.featureDeleted, lambda fid, lyr=layer: self._remember(lyr, fid)),
                    (layer.beforeCommitChanges, lambda _stop=False, lyr=layer: self._check(lyr)),
                    (layer.afterCommitChanges, lambda lyr=layer: self._report(lyr)),
                ]
            if verified:
                pairs += [
                    (layer.beforeCommitChanges, lambda _stop=False, lyr=layer: self._capture(lyr)),
                    (layer.afterCommitChanges, lambda lyr=layer: self._verify(lyr)),
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
        self._committing.clear()

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

    # -- did the commit reach the database (PostGIS: row-level security) ------------------------------------
    def _verifies(self, layer) -> bool:
        return (
            getattr(self.store, "backend", "gpkg") == "postgis"
            and layer.providerType() == "postgres"
            and bool(layer.customProperty(TABLE_PROPERTY))
            and not layer.readOnly()
        )

    def _capture(self, layer) -> None:
        """What this commit is about to write to existing rows: changed values (not the bookkeeping columns
        the triggers set), changed geometries, deletions."""
        buffer = layer.editBuffer()
        if buffer is None:
            return
        fields = layer.fields()
        deleted = {fid for fid in buffer.deletedFeatureIds() if fid >= 0}
        attributes = {}
        for fid, changes in buffer.changedAttributeValues().items():
            if fid < 0 or fid in deleted:
                continue
            named = {
                fields.at(index).name(): value
                for index, value in changes.items()
                if 0 <= index < fields.count() and fields.at(index).name() not in BOOKKEEPING
            }
            if named:
                attributes[fid] = named
        geometries = {
            fid: QgsGeometry(geometry)
            for fid, geometry in buffer.changedGeometries().items()
            if fid >= 0 and fid not in deleted
        }
        self._committing[layer.id()] = (attributes, geometries, deleted)

    def _verify(self, layer) -> list[str]:
        """Read the committed features back; warn about those the database does not hold as committed.
        Returns the records (uuids, else feature ids) that were not saved."""
        attributes, geometries, deleted = self._committing.pop(layer.id(), ({}, {}, set()))
        fids = set(attributes) | set(geometries) | deleted
        if not fids:
            return []
        provider = layer.dataProvider()
        request = QgsFeatureRequest().setFilterFids(sorted(fids))
        if not geometries:
            request.setFlags(QgsFeatureRequest.NoGeometry)
        try:
            stored = {feature.id(): feature for feature in provider.getFeatures(request)}
        except Exception as exc:  # noqa: BLE001 - a failed check must not break QGIS's commit
            LOG.debug("edit guard: committed features not read back (%s)", type(exc).__name__)
            return []
        names = provider.fields()
        failed: set[int] = {fid for fid in deleted if fid in stored}
        for fid, values in attributes.items():
            feature = stored.get(fid)
            if feature is None:  # no longer visible to this login: nothing to compare
                continue
            for name, value in values.items():
                index = names.indexFromName(name)
                if index >= 0 and not _same(feature.attribute(index), value):
                    failed.add(fid)
                    break
        for fid, geometry in geometries.items():
            feature = stored.get(fid)
            if feature is not None and not _same_geometry(feature.geometry(), geometry):
                failed.add(fid)
        if not failed:
            return []
        uuid_index = names.indexFromName("uuid")
        records = []
        for fid in sorted(failed):
            feature = stored.get(fid)
            value = feature.attribute(uuid_index) if feature is not None and uuid_index >= 0 else None
            records.append(str(value) if not _is_null(value) else self.tr("feature {fid}").format(fid=fid))
        listed = records[:_MAX_LISTED]
        if len(records) > _MAX_LISTED:
            listed.append(self.tr("and {count} more").format(count=len(records) - _MAX_LISTED))
        text = self.tr(
            "“{layer}”: {count} changes were not saved: the database did not accept them (row-level security "
            "or a permission), although QGIS reported the save as successful. Records: {records}. Reload the "
            "layer to see what is stored, and ask the database administrator if you should be allowed to "
            "change them."
        ).format(layer=layer.name(), count=len(records), records=" · ".join(listed))
        LOG.warning(
            "edit guard: %d committed changes of %s are not in the database (refused by a policy or a permission)",
            len(records),
            layer.customProperty(TABLE_PROPERTY),
        )
        self.iface.messageBar().pushMessage(self.tr("MitMach"), text, Qgis.Warning, MESSAGE_SECONDS)
        return records


def _is_null(value) -> bool:
    return value is None or (isinstance(value, QVariant) and value.isNull())


def _same(stored, committed) -> bool:
    if _is_null(stored) or _is_null(committed):
        return _is_null(stored) and _is_null(committed)
    if isinstance(stored, float) or isinstance(committed, float):
        try:
            return math.isclose(float(stored), float(committed), rel_tol=1e-12, abs_tol=1e-9)
        except (TypeError, ValueError):
            return False
    return stored == committed or str(stored) == str(committed)


def _same_geometry(stored: QgsGeometry, committed: QgsGeometry) -> bool:
    if stored.isNull() or committed.isNull():
        return stored.isNull() and committed.isNull()
    return stored.equals(committed) or stored.asWkt(6) == committed.asWkt(6)
