"""MitMach ▸ Matching panel: compatible ideas near the selected proposal, on the map and as a ranked list.

The dock follows the selection of the database's proposals layer, asks the match index (built once per
database, rebuilt when the layer's edits are committed) for candidates, shows them with the reason in
words and draws a line from the proposal to each candidate. From there the officer records a match group
and, for the consenting members, gets the ready-to-send contact texts.

The dock's table shows proposals only: no participant's name or contact reaches its model. Contact
details appear in the contact text dialog alone, for the officer, and are never logged or stored.
"""

from __future__ import annotations

import logging
import math
import time
from collections import Counter
from pathlib import Path

from qgis.core import (
    Qgis,
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsCsException,
    QgsFeatureRequest,
    QgsPointXY,
    QgsProject,
    QgsRectangle,
    QgsTask,
    QgsWkbTypes,
)
from qgis.gui import QgsDockWidget, QgsRubberBand
from qgis.PyQt import sip, uic
from qgis.PyQt.QtCore import QEvent, QItemSelection, QItemSelectionModel, Qt, QTimer, pyqtSignal
from qgis.PyQt.QtGui import QColor, QStandardItem, QStandardItemModel
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ..core.contact_text import contact_text
from ..core.i18n import qgis_language
from ..core.settings import Settings
from ..data import matches, review
from ..data.errors import StoreError
from ..data.gpkg_store import current_user
from ..data.layers import MATCH_STATUS_LABELS, STATUS_LABELS, TABLE_PROPERTY, localise
from ..data.match_source import load_index
from .store_task import run_write

FORM_CLASS, _ = uic.loadUiType(str(Path(__file__).resolve().parent.parent / "ui" / "matching_dock.ui"))
LOG = logging.getLogger("mitmach_qgis.gui")

UUID_ROLE = Qt.UserRole + 1
SORT_ROLE = Qt.UserRole + 2
CANDIDATE_LIMIT = 25  # rows shown at most, best first
LIGHT_WIDTH = 1
BOLD_WIDTH = 4
LIGHT_ALPHA = 110  # of 255: every candidate's line, faint
ZOOM_MARGIN_M = 40.0  # at least this much room around the outermost proposals
SUCCESS_SECONDS = 3
ERROR_SECONDS = 10
(COL_SCORE, COL_THEME, COL_STATUS, COL_DISTANCE, COL_YEARS, COL_SYNERGY, COL_REASON) = range(7)


class MatchingDock(QgsDockWidget, FORM_CLASS):
    """Collaborators (iface, store) are passed in; ``set_store`` follows the open database and
    ``cleanup`` (the plugin's unload) removes everything the dock put on the canvas."""

    OBJECT_NAME = "MitMachMatchingDock"
    match_groups_changed = pyqtSignal(str)  # uuid of a new group: proposals changed their status
    index_ready = pyqtSignal()  # a (re)build of the match index has ended, built or not

    def __init__(self, iface, store=None, parent=None) -> None:
        super().__init__(parent)
        self.setupUi(self)
        self.setObjectName(self.OBJECT_NAME)
        self.mainLayout.setStretch(2, 1)  # the candidate table gets the room
        self.iface = iface
        self.canvas = iface.mapCanvas()
        self.store = None
        self.user = current_user()
        self.language = "de" if qgis_language() == "de" else "en"
        self.index = None
        self.index_seconds = 0.0  # time of the last (re)build, for the log and the benchmarks
        self.building = False  # a build of the index runs in a background task
        self._build_task = None
        self._build_generation = 0  # a build that ends after a newer one started is thrown away
        self.origin: str | None = None
        self.origin_item: review.QueueItem | None = None
        self.candidates: list = []
        self.points: dict[str, review.QueueItem] = {}  # origin and candidates, with their points
        self.theme_labels: dict[str, str] = {}
        self.theme_colours: dict[str, str] = {}
        self.synergy_labels: dict[str, str] = {}
        self.bands: list[QgsRubberBand] = []
        self._base_z = 0.0
        self.layer = None  # the proposals layer of the store, when it is in the project
        self._hovered_row = -1
        self._pending: tuple[tuple, str] | None = None  # (members and synergy, match uuid) of a failed save
        self._open = False  # shown to the officer: only then are lines drawn on the map
        self._cleaned = False
        self._filling = False  # the theme list is being filled: its ticks are no filter changes
        self.origin_known = False  # the match index knows the origin (a new feature needs a commit first)

        self.model = QStandardItemModel(0, 7, self)
        self.model.setHorizontalHeaderLabels([
            self.tr("Score"), self.tr("Theme"), self.tr("Status"), self.tr("Distance (m)"), self.tr("Years"),
            self.tr("Synergy"), self.tr("Why"),
        ])  # fmt: skip
        self.candidateTable.setModel(self.model)
        self.candidateTable.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.candidateTable.setSelectionMode(QAbstractItemView.ExtendedSelection)
        self.candidateTable.setMouseTracking(True)
        self.candidateTable.viewport().installEventFilter(self)
        header = self.candidateTable.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.Interactive)
        header.setStretchLastSection(True)
        self.candidateTable.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.refreshButton.setIcon(QgsApplication.getThemeIcon("/mActionRefresh.svg"))
        self.zoomAllButton.setIcon(QgsApplication.getThemeIcon("/mActionZoomToSelected.svg"))

        # the several signals of one commit are collected, then applied to the index once
        self._edited_fids: set[int] = set()
        self._removed = False
        self._edit_timer = QTimer(self)
        self._edit_timer.setSingleShot(True)
        self._edit_timer.setInterval(0)
        self._edit_timer.timeout.connect(self.apply_committed_edits)

        # QGIS 3.22's combo signals a tick made in code (setItemCheckState) only through its model
        self.themesComboBox.model().dataChanged.connect(self._theme_ticked)
        self.maxDistanceSpinBox.valueChanged.connect(self._filters_changed)
        self.minScoreSpinBox.valueChanged.connect(self._filters_changed)
        self.includeMatchedCheckBox.toggled.connect(self._filters_changed)
        self.refreshButton.clicked.connect(self.refresh)
        self.candidateTable.selectionModel().selectionChanged.connect(self._table_selection_changed)
        self.candidateTable.entered.connect(self._row_entered)
        self.candidateTable.doubleClicked.connect(lambda _index: self.zoom_to_all())
        self.zoomAllButton.clicked.connect(self.zoom_to_all)
        self.createGroupButton.clicked.connect(self.ask_and_create_group)
        self.contactButton.clicked.connect(self.show_contact_texts)
        self.groupComboBox.currentIndexChanged.connect(self._update_buttons)
        self.closed.connect(self._dock_closed)
        self.opened.connect(self._dock_opened)
        project = QgsProject.instance()
        project.layersAdded.connect(self._layers_added)
        project.layersWillBeRemoved.connect(self._layers_removed)
        self.canvas.destinationCrsChanged.connect(self._draw_bands)

        self.set_store(store)

    # -- the database ------------------------------------------------------------------------------------
    def set_store(self, store) -> None:
        """Follow ``store`` (None: no database open): catalogue, match index, proposals layer, groups."""
        self.store = store
        self._pending = None
        self.theme_labels, self.theme_colours, self.synergy_labels = {}, {}, {}
        if store is not None:
            try:
                self.theme_labels = review.theme_labels(store, self.language)
                self.theme_colours = matches.theme_colours(store)
                self.synergy_labels = matches.synergy_labels(store, self.language)
            except StoreError as exc:
                self._error(str(exc))
        self._fill_theme_combo()
        self._attach_layer()
        self.origin = None
        self.rebuild_index()
        self.refresh_groups()

    def rebuild_index(self) -> None:
        """Build the match index from the whole database (when a database is opened and on Refresh; edits
        committed on the layer are patched in by :meth:`apply_committed_edits`), then ask it again for the
        current proposal."""
        self._edit_timer.stop()
        self._edited_fids.clear()
        self._removed = False
        self.index = None
        self._build_generation += 1
        if self.store is None:
            self.building = False
            self.show_candidates_for(self.origin)
            self.index_ready.emit()
            return
        # the file is read in a QgsTask (about 0.2 s at 100 000 proposals, more on a slow share): QGIS stays
        # responsive; edits committed meanwhile are collected and patched in when the build has ended
        store, generation = self.store, self._build_generation

        def build(_task):
            started = time.perf_counter()
            return load_index(store), time.perf_counter() - started

        def built(exception, result=None):
            if sip.isdeleted(self) or generation != self._build_generation:
                return  # the dock is gone, or a newer build (or another database) has taken over
            self.building = False
            self._build_task = None
            if exception is not None:
                self._error(
                    str(exception)
                    if isinstance(exception, StoreError)
                    else self.tr("The proposals could not be read for matching; see the MitMach log.")
                )
                if not isinstance(exception, StoreError):
                    LOG.warning("matching: building the index failed (%s)", type(exception).__name__)
            elif result is not None:
                self.index, self.index_seconds = result
                LOG.debug("match index of %d proposals built in %.3f s", len(self.index), self.index_seconds)
            self.show_candidates_for(self.origin)
            if self.index is not None and (self._edited_fids or self._removed):
                self.apply_committed_edits()
            self.index_ready.emit()

        self.building = True
        self.show_candidates_for(self.origin)  # empties the list and says that the proposals are being read
        self._build_task = QgsTask.fromFunction(self.tr("MitMach: reading proposals for matching"), build,
                                                on_finished=built)  # fmt: skip
        QgsApplication.taskManager().addTask(self._build_task)

    def refresh(self) -> None:
        """Read everything again (after changes made outside QGIS or by another dock)."""
        self.rebuild_index()
        self.refresh_groups()

    def _fill_theme_combo(self) -> None:
        combo = self.themesComboBox
        previous = set(combo.checkedItemsData()) if combo.count() else None
        self._filling = True
        try:
            combo.clear()
            for code, label in self.theme_labels.items():
                combo.addItemWithCheckState(
                    label, Qt.Checked if previous is None or code in previous else Qt.Unchecked, code
                )
        finally:
            self._filling = False

    def _theme_ticked(self, _first, _last, roles=()) -> None:
        if not self._filling and (not roles or Qt.CheckStateRole in roles):
            self._filters_changed()

    # -- the proposals layer -----------------------------------------------------------------------------
    def find_proposals_layer(self):
        """The proposals layer of the open database (GeoPackage file or PostGIS schema) in the current
        project, or None."""
        if self.store is None:
            return None
        if self.store.backend == "postgis":
            from ..data.pg_layers import layers_of

            return layers_of(self.store, QgsProject.instance()).get("proposals")
        target = str(Path(self.store.path).resolve())
        for layer in QgsProject.instance().mapLayers().values():
            if layer.customProperty(TABLE_PROPERTY) != "proposals" or layer.providerType() != "ogr":
                continue
            source = layer.source().split("|", 1)[0]
            if source and str(Path(source).resolve()) == target:
                return layer
        return None

    def _attach_layer(self) -> None:
        layer = self.find_proposals_layer()
        if layer is self.layer:
            return
        self._detach_layer()
        self.layer = layer
        if layer is None:
            return
        for signal, slot in self._layer_connections(layer):
            signal.connect(slot)

    def _detach_layer(self) -> None:
        layer, self.layer = self.layer, None
        if layer is None:
            return
        for signal, slot in self._layer_connections(layer):
            try:
                signal.disconnect(slot)
            except (TypeError, RuntimeError):  # already disconnected, or the layer is being deleted
                pass

    def _layer_connections(self, layer) -> list:
        return [
            (layer.selectionChanged, self._layer_selection_changed),
            (layer.committedFeaturesAdded, self._features_added),
            (layer.committedFeaturesRemoved, self._features_removed),
            (layer.committedAttributeValuesChanges, self._features_changed),
            (layer.committedGeometriesChanges, self._features_changed),
        ]

    def _layers_added(self, _layers) -> None:
        if self.layer is None:
            self._attach_layer()

    def _layers_removed(self, layer_ids) -> None:
        if self.layer is not None and self.layer.id() in layer_ids:
            self._detach_layer()

    def _features_added(self, _layer_id, features) -> None:
        self._edited_fids.update(feature.id() for feature in features)
        self._edit_timer.start()

    def _features_changed(self, _layer_id, changes) -> None:
        self._edited_fids.update(changes.keys())
        self._edit_timer.start()

    def _features_removed(self, _layer_id, _fids) -> None:
        self._removed = True
        self._edit_timer.start()

    def apply_committed_edits(self) -> None:
        """Bring the index up to date after edits committed on the layer: only the edited proposals are
        read and patched in (tens of milliseconds at 100 000, where a full rebuild takes about 0.4 s)."""
        self._edit_timer.stop()
        fids, removed = sorted(self._edited_fids), self._removed
        self._edited_fids.clear()
        self._removed = False
        if self.store is None or self.index is None:
            return
        if not fids and not removed:
            return
        started = time.perf_counter()
        try:
            records = matches.index_records(self.store, fids)
            if removed:
                present = matches.proposal_uuids(self.store)
                records += [{"uuid": u, "deleted": True} for u in self.index.uuids if u not in present]
            self.index.update(records)
        except (StoreError, ValueError, KeyError) as exc:
            LOG.warning("matching: the index could not be updated (%s); it is read again", type(exc).__name__)
            self.rebuild_index()
            return
        LOG.debug(
            "match index updated with %d records in %.3f s", len(records), time.perf_counter() - started
        )
        self.show_candidates_for(self.origin)

    def _layer_selection_changed(self, selected=(), _deselected=(), _clear_and_select=False) -> None:
        """The first selected proposal becomes the origin; an emptied selection keeps the last one, so the
        officer can click around the map while working through the list."""
        layer = self.layer
        if layer is None:
            return
        ids = set(layer.selectedFeatureIds())
        if not ids:
            return
        fid = next((f for f in selected if f in ids), None)
        if fid is None:
            fid = min(ids)
        field = layer.fields().indexFromName("uuid")
        if field < 0:
            return
        request = QgsFeatureRequest(fid).setFlags(QgsFeatureRequest.NoGeometry).setSubsetOfAttributes([field])
        feature = next(layer.getFeatures(request), None)
        uuid = feature.attribute(field) if feature is not None else None
        self.show_candidates_for(str(uuid) if uuid else None)

    # -- candidates --------------------------------------------------------------------------------------
    def theme_filter(self) -> list[str] | None:
        """The checked themes; None when all are checked (no filter)."""
        combo = self.themesComboBox
        checked = list(combo.checkedItemsData())
        return None if len(checked) == combo.count() else checked

    def max_distance(self) -> float | None:
        value = self.maxDistanceSpinBox.value()
        return float(value) if value > 0 else None

    def _filters_changed(self, *_args) -> None:
        self.show_candidates_for(self.origin)

    def show_candidates_for(self, uuid: str | None) -> list:
        """Make ``uuid`` the origin and list its candidates with the current filters; returns them."""
        self.origin = uuid
        candidates: list | None = []
        self.points = {}
        self.origin_item = None
        if uuid and self.store is not None and self.index is not None:
            try:
                self.points = matches.proposals(self.store, [uuid])
                self.origin_item = self.points.get(uuid)
                if self.origin_item is not None:
                    candidates = self._query(uuid)
                    if candidates:
                        self.points.update(matches.proposals(self.store, [c.uuid for c in candidates]))
            except StoreError as exc:
                self._error(str(exc))
                candidates = []
        self.origin_known = candidates is not None
        candidates = candidates or []
        self.candidates = candidates
        self._fill_table()
        self._update_origin_label()
        self._draw_bands()
        self._update_buttons()
        return candidates

    def _query(self, uuid: str) -> list | None:
        """The candidates of ``uuid``; None when the index does not know it (saved after the last build)."""
        themes = self.theme_filter()
        if themes is not None and not themes:  # every theme unticked: nothing to show
            return []
        try:
            return list(
                self.index.query(
                    uuid,
                    limit=CANDIDATE_LIMIT,
                    themes=themes,
                    max_distance=self.max_distance(),
                    min_score=self.minScoreSpinBox.value(),
                    include_matched=self.includeMatchedCheckBox.isChecked(),
                )
            )
        except KeyError:
            return None

    def _fill_table(self) -> None:
        self._hovered_row = -1
        self.candidateTable.setUpdatesEnabled(False)
        try:
            self.candidateTable.selectionModel().clearSelection()
            self.model.removeRows(0, self.model.rowCount())
            origin_theme = self.origin_item.theme if self.origin_item is not None else ""
            for candidate in self.candidates:
                self.model.appendRow(self._row(candidate, origin_theme))
            if self.candidates:
                self.candidateTable.resizeColumnsToContents()
        finally:
            self.candidateTable.setUpdatesEnabled(True)
        self._update_summary()

    def _row(self, candidate, origin_theme: str) -> list[QStandardItem]:
        cells = [QStandardItem() for _ in range(7)]
        cells[COL_SCORE].setText(f"{candidate.score:.2f}")
        cells[COL_SCORE].setData(candidate.uuid, UUID_ROLE)
        cells[COL_SCORE].setData(float(candidate.score), SORT_ROLE)
        cells[COL_THEME].setText(self.theme_labels.get(candidate.theme, candidate.theme))
        colour = self.theme_colours.get(candidate.theme)
        if colour:
            cells[COL_THEME].setData(QColor(colour), Qt.DecorationRole)
        cells[COL_STATUS].setText(
            localise(STATUS_LABELS.get(candidate.status, candidate.status), self.language)
        )
        cells[COL_DISTANCE].setText(f"{candidate.distance_m:.0f}")
        cells[COL_DISTANCE].setData(float(candidate.distance_m), SORT_ROLE)
        cells[COL_YEARS].setText(_years(candidate.year_from, candidate.year_to))
        cells[COL_SYNERGY].setText(self.synergy_labels.get(candidate.synergy, candidate.synergy))
        sentence = candidate.sentence(origin_theme, self.language)
        cells[COL_REASON].setText(sentence)
        cells[COL_REASON].setToolTip(sentence)
        for column in (COL_SCORE, COL_DISTANCE):
            cells[column].setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
        for cell in cells:
            cell.setEditable(False)
        return cells

    def _update_origin_label(self) -> None:
        item = self.origin_item
        if item is None:
            self.originLabel.setText(self.tr("No proposal selected."))
            return
        parts = [
            self.theme_labels.get(item.theme, item.theme),
            localise(STATUS_LABELS.get(item.status, item.status), self.language),
        ]
        years = _years(item.year_from, item.year_to)
        if years:
            parts.append(years)
        self.originLabel.setText(self.tr("Selected proposal: {proposal}").format(proposal=", ".join(parts)))

    def _update_summary(self) -> None:
        if self.store is None:
            text = self.tr("Open a participation database to find matches.")
        elif self.index is None and self.building:
            text = self.tr("Reading the proposals…")
        elif self.index is None:
            text = self.tr("The proposals could not be read; see the message bar.")
        elif not self.origin:
            text = self.tr("Select a proposal on the map (layer “Proposals”) to see compatible ideas nearby.")
        elif self.origin_item is None or not self.origin_known:
            text = self.tr(
                "The selected proposal is not in the database yet (or no longer): save the layer's edits first."
            )
        elif not self.candidates:
            text = self.tr("No compatible proposals nearby with these filters.")
        else:
            text = self.tr("Candidates: {count}, best first.").format(count=len(self.candidates))
        self.summaryLabel.setText(text)

    # -- selection in the table --------------------------------------------------------------------------
    def selected_rows(self) -> list[int]:
        return sorted(index.row() for index in self.candidateTable.selectionModel().selectedRows(COL_SCORE))

    def selected_candidates(self) -> list:
        return [self.candidates[row] for row in self.selected_rows() if row < len(self.candidates)]

    def select_rows(self, rows) -> None:
        selection = QItemSelection()
        for row in rows:
            if 0 <= row < self.model.rowCount():
                selection.select(
                    self.model.index(row, 0), self.model.index(row, self.model.columnCount() - 1)
                )
        flags = QItemSelectionModel.ClearAndSelect | QItemSelectionModel.Rows
        self.candidateTable.selectionModel().select(selection, flags)

    def select_uuids(self, uuids) -> None:
        wanted = set(uuids)
        self.select_rows([row for row, c in enumerate(self.candidates) if c.uuid in wanted])

    def hover_row(self, row: int) -> None:
        """Show candidate ``row`` bold on the map, as when the mouse rests on it (-1: none)."""
        self._hovered_row = row if 0 <= row < len(self.candidates) else -1
        self._style_bands()

    def _row_entered(self, index) -> None:
        self.hover_row(index.row() if index.isValid() else -1)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt override
        if watched is self.candidateTable.viewport() and event.type() == QEvent.Leave:
            self.hover_row(-1)
        return super().eventFilter(watched, event)

    def _table_selection_changed(self, *_args) -> None:
        self._style_bands()
        self._update_buttons()

    def _update_buttons(self, *_args) -> None:
        has_store = self.store is not None
        self.zoomAllButton.setEnabled(self.origin_item is not None and self.origin_item.has_point)
        self.createGroupButton.setEnabled(
            has_store and self.origin_item is not None and bool(self.selected_rows())
        )
        self.contactButton.setEnabled(has_store and bool(self.groupComboBox.currentData()))
        for widget in (self.themesComboBox, self.maxDistanceSpinBox, self.minScoreSpinBox,
                       self.includeMatchedCheckBox, self.refreshButton):  # fmt: skip
            widget.setEnabled(has_store)

    # -- the map -----------------------------------------------------------------------------------------
    def _to_canvas(self) -> QgsCoordinateTransform | None:
        """Database CRS → canvas CRS; None when they are the same (or either is unknown)."""
        if self.store is None:
            return None
        source = QgsCoordinateReferenceSystem(f"EPSG:{self.store.srs_id}")
        target = self.canvas.mapSettings().destinationCrs()
        if not (source.isValid() and target.isValid()) or source == target:
            return None
        return QgsCoordinateTransform(source, target, QgsProject.instance())

    def _remove_bands(self) -> None:
        scene = self.canvas.scene()
        for band in self.bands:
            band.reset(QgsWkbTypes.LineGeometry)
            if scene is not None:
                scene.removeItem(band)
        self.bands = []

    def _draw_bands(self, *_args) -> None:
        """A line from the origin to every candidate, in the candidate's theme colour."""
        self._remove_bands()
        origin = self.origin_item
        if self._cleaned or not self._open or origin is None or not origin.has_point or not self.candidates:
            return
        transform = self._to_canvas()
        try:
            start = _point(origin, transform)
            for candidate in self.candidates:
                item = self.points.get(candidate.uuid)
                band = QgsRubberBand(self.canvas, QgsWkbTypes.LineGeometry)
                self._base_z = band.zValue()
                colour = QColor(self.theme_colours.get(candidate.theme, "#555555"))
                band.setColor(colour)
                band.setStrokeColor(colour)
                if item is not None and item.has_point:
                    band.addPoint(start, False)
                    band.addPoint(_point(item, transform), True)
                self.bands.append(band)
        except QgsCsException:
            self._remove_bands()
            self._error(self.tr("The proposals cannot be shown in the map's coordinate system."))
            return
        self._style_bands()

    def _style_bands(self) -> None:
        bold = set(self.selected_rows())
        if self._hovered_row >= 0:
            bold.add(self._hovered_row)
        for row, band in enumerate(self.bands):
            colour = QColor(band.strokeColor())
            colour.setAlpha(255 if row in bold else LIGHT_ALPHA)
            band.setStrokeColor(colour)
            band.setColor(colour)
            band.setWidth(BOLD_WIDTH if row in bold else LIGHT_WIDTH)
            band.setLineStyle(Qt.SolidLine if row in bold else Qt.DashLine)
            band.setZValue(self._base_z + (1 if row in bold else 0))  # the bold line on top
            band.update()

    def _dock_opened(self) -> None:
        self._open = True
        self._draw_bands()

    def _dock_closed(self) -> None:
        self._open = False
        self._remove_bands()

    def zoom_to_all(self) -> bool:
        """Show the proposal and every candidate, with some room, in the canvas's CRS."""
        items = [self.origin_item] if self.origin_item is not None else []
        items += [self.points[c.uuid] for c in self.candidates if c.uuid in self.points]
        coords = [(i.x, i.y) for i in items if i.has_point]
        if not coords:
            return False
        xs, ys = [c[0] for c in coords], [c[1] for c in coords]
        margin = max(ZOOM_MARGIN_M, 0.1 * max(max(xs) - min(xs), max(ys) - min(ys)))
        box = QgsRectangle(min(xs) - margin, min(ys) - margin, max(xs) + margin, max(ys) + margin)
        transform = self._to_canvas()
        if transform is not None:
            try:
                box = transform.transformBoundingBox(box)
            except QgsCsException:
                self._error(self.tr("The proposals cannot be shown in the map's coordinate system."))
                return False
        if box.isEmpty() or not all(math.isfinite(v) for v in (box.xMinimum(), box.yMaximum())):
            return False
        self.canvas.setExtent(box)
        self.canvas.refresh()
        return True

    # -- match groups ------------------------------------------------------------------------------------
    def group_members(self) -> list[str]:
        """The origin and the selected candidates: the proposals of a new group."""
        if not self.origin:
            return []
        return list(dict.fromkeys([self.origin, *(c.uuid for c in self.selected_candidates())]))

    def default_synergy(self) -> str | None:
        """The synergy most of the selected candidates share (the best one's on a tie)."""
        chosen = self.selected_candidates() or self.candidates[:1]
        if not chosen:
            return None
        counts = Counter(c.synergy for c in chosen)
        best = max(counts.values())
        return next(c.synergy for c in chosen if counts[c.synergy] == best)

    def ask_and_create_group(self) -> str | None:
        members = self.group_members()
        if self.store is None or len(members) < 2:
            self._error(self.tr("Select the candidates that belong in the group together with the proposal."))
            return None
        descriptions = [self._describe(uuid) for uuid in members]
        dialog = MatchGroupDialog(self.synergy_labels, self.default_synergy(), descriptions, self)
        if dialog.exec_() != QDialog.Accepted:
            return None
        return self.create_group(dialog.synergy(), dialog.advice(), dialog.notes())

    def _describe(self, uuid: str) -> str:
        item = self.points.get(uuid)
        if item is None:
            return uuid
        parts = [self.theme_labels.get(item.theme, item.theme),
                 localise(STATUS_LABELS.get(item.status, item.status), self.language)]  # fmt: skip
        years = _years(item.year_from, item.year_to)
        return ", ".join([*parts, years] if years else parts)

    def create_group(self, synergy: str | None = None, advice: str | None = None, notes: str | None = None):
        """Record the group of :meth:`group_members`; returns its uuid, or None (reported in the message bar).

        The uuid is chosen before the first attempt and kept while that attempt failed, so saving the same
        group again after an error never records it twice."""
        members = self.group_members()
        synergy = synergy or self.default_synergy()
        if self.store is None or len(members) < 2 or not synergy:
            self._error(self.tr("Select the candidates that belong in the group together with the proposal."))
            return None
        key = (tuple(sorted(members)), synergy)
        if self._pending is None or self._pending[0] != key:
            self._pending = (key, matches.new_match_uuid())
        try:
            seen = {u: self.points[u].version for u in members if u in self.points}
            store, user, pending = self.store, self.user, self._pending[1]
            match_uuid = run_write(
                lambda: matches.create_match_group(store, members, synergy, user, advice, notes,
                                                   match_uuid=pending, expected_versions=seen),
                widget=self,
            )  # fmt: skip
        except (StoreError, ValueError) as exc:
            self._error(str(exc))
            return None
        self._pending = None
        label = self.synergy_labels.get(synergy, synergy)
        self._success(
            self.tr("Match group “{synergy}” recorded with {count} proposals.").format(
                synergy=label, count=len(members)
            )
        )
        LOG.info("matching dock: match group %s recorded", match_uuid)
        self._reload_layer()
        selected = [c.uuid for c in self.selected_candidates()]
        self.update_proposals(members)
        self.select_uuids(selected)
        self.refresh_groups(match_uuid)
        self.match_groups_changed.emit(match_uuid)
        return match_uuid

    def update_proposals(self, uuids) -> None:
        """Patch these proposals, as saved now, into the index and list the candidates again: for changes
        made elsewhere in the plugin (a new group, the intake dialog, the review queue). A full rebuild
        happens only when that fails."""
        uuids = list(uuids)
        try:
            if self.index is None:
                raise KeyError("no index")
            self.index.update(matches.index_records(self.store, uuids=uuids))
        except (StoreError, ValueError, KeyError):
            self.rebuild_index()
            return
        self.show_candidates_for(self.origin)

    def _reload_layer(self) -> None:
        """The members' status changed in the file: show it (an edit session keeps its own buffer)."""
        layer = self.layer
        if layer is None:
            return
        if not layer.isEditable():
            layer.reload()
        layer.triggerRepaint()

    def refresh_groups(self, select: str | None = None) -> None:
        """Fill the list of match groups, keeping (or making) ``select`` the current one."""
        current = select or self.groupComboBox.currentData()
        groups: list[matches.MatchGroup] = []
        if self.store is not None:
            try:
                groups = matches.match_groups(self.store)
            except StoreError as exc:
                self._error(str(exc))
        combo = self.groupComboBox
        combo.blockSignals(True)
        combo.clear()
        if not groups:
            combo.addItem(self.tr("No match groups yet"), None)
        for group in groups:
            combo.addItem(
                self.tr("{synergy} – {status}, {count} proposals, {date}").format(
                    synergy=self.synergy_labels.get(group.synergy, group.synergy),
                    status=localise(MATCH_STATUS_LABELS.get(group.status, group.status), self.language),
                    count=group.member_count,
                    date=group.created_at[:10],
                ),
                group.uuid,
            )
        index = combo.findData(current) if current else -1
        combo.setCurrentIndex(max(index, 0))
        combo.blockSignals(False)
        self._update_buttons()

    def contact_dialog(self, match_uuid: str | None = None):
        """The contact text dialog of ``match_uuid`` (default: the group chosen in the list), not yet shown;
        None when it cannot be read (reported in the message bar)."""
        match_uuid = match_uuid or self.groupComboBox.currentData()
        if self.store is None or not match_uuid:
            return None
        try:
            return ContactTextDialog(
                self.store, match_uuid, self.user, self.theme_labels, self._message, self
            )
        except StoreError as exc:
            self._error(str(exc))
            return None

    def show_contact_texts(self) -> None:
        dialog = self.contact_dialog()
        if dialog is not None:
            dialog.exec_()
            self.refresh_groups()
            dialog.deleteLater()

    # -- life cycle --------------------------------------------------------------------------------------
    def cleanup(self) -> None:
        """Remove the rubber bands and every connection to the project, the layer and the canvas (the
        plugin's unload calls this before deleting the dock)."""
        self._edit_timer.stop()
        self._remove_bands()
        self._detach_layer()
        self._cleaned = True
        project = QgsProject.instance()
        for signal, slot in (
            (project.layersAdded, self._layers_added),
            (project.layersWillBeRemoved, self._layers_removed),
            (self.canvas.destinationCrsChanged, self._draw_bands),
        ):
            try:
                signal.disconnect(slot)
            except (TypeError, RuntimeError):
                pass

    # -- messages ----------------------------------------------------------------------------------------
    def _message(self, text: str, level) -> None:
        seconds = ERROR_SECONDS if level == Qgis.Critical else SUCCESS_SECONDS
        self.iface.messageBar().pushMessage(self.tr("MitMach"), text, level, seconds)

    def _error(self, text: str) -> None:
        self._message(text, Qgis.Critical)

    def _success(self, text: str) -> None:
        self._message(text, Qgis.Success)


class MatchGroupDialog(QDialog):
    """Choose the synergy and write the advice of a new match group (proposals only, no personal data)."""

    def __init__(self, synergy_labels: dict[str, str], default: str | None, members: list[str], parent=None):
        super().__init__(parent)
        self.setObjectName("MitMachMatchGroupDialog")
        self.setWindowTitle(self.tr("Create match group"))
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Proposals in the group: {count}").format(count=len(members))))
        self.memberList = QListWidget(self)
        self.memberList.addItems(members)
        self.memberList.setSelectionMode(QAbstractItemView.NoSelection)
        self.memberList.setMaximumHeight(self.fontMetrics().height() * 7)
        layout.addWidget(self.memberList)
        form = QFormLayout()
        self.synergyComboBox = QComboBox(self)
        for code, label in synergy_labels.items():
            self.synergyComboBox.addItem(label, code)
        if default is not None and self.synergyComboBox.findData(default) < 0:
            self.synergyComboBox.addItem(default, default)
        self.synergyComboBox.setCurrentIndex(max(self.synergyComboBox.findData(default), 0))
        form.addRow(self.tr("Synergy"), self.synergyComboBox)
        self.adviceEdit = QPlainTextEdit(self)
        self.adviceEdit.setPlaceholderText(self.tr("Advice for the members of the group"))
        self.adviceEdit.setTabChangesFocus(True)
        form.addRow(self.tr("Advice"), self.adviceEdit)
        self.notesEdit = QPlainTextEdit(self)
        self.notesEdit.setPlaceholderText(self.tr("Internal notes, not sent to the participants"))
        self.notesEdit.setTabChangesFocus(True)
        self.notesEdit.setMaximumHeight(self.fontMetrics().height() * 4)
        form.addRow(self.tr("Notes"), self.notesEdit)
        layout.addLayout(form)
        buttons = QDialogButtonBox(QDialogButtonBox.Ok | QDialogButtonBox.Cancel, self)
        buttons.button(QDialogButtonBox.Ok).setText(self.tr("Create"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def synergy(self) -> str | None:
        return self.synergyComboBox.currentData()

    def advice(self) -> str:
        return self.adviceEdit.toPlainText()

    def notes(self) -> str:
        return self.notesEdit.toPlainText()


class ContactTextDialog(QDialog):
    """The ready-to-send texts of a match group, one per consenting participant, for the officer only.

    Personal data lives in this dialog and nowhere else: it is read when the dialog opens, shown, copied or
    saved on the officer's request, and neither stored in the database nor logged.
    """

    def __init__(self, store, match_uuid: str, user: str, theme_labels: dict[str, str], notify, parent=None):
        super().__init__(parent)
        self.setObjectName("MitMachContactTextDialog")
        self.setWindowTitle(self.tr("Contact texts"))
        self.store = store
        self.match_uuid = match_uuid
        self.user = user
        self.notify = notify  # (text, Qgis level) → the message bar
        self.exchange = matches.contact_exchange(store, match_uuid)
        self.members = {m.proposal_uuid: m for m in matches.members(store, match_uuid)}
        self.theme_labels = theme_labels
        self._synergy_labels: dict[str, str] = {}
        self.resize(760, 560)

        layout = QVBoxLayout(self)
        intro = QLabel(
            self.tr(
                "Texts for the members who consented to contact exchange. They contain personal data: copy "
                "or save them only to send them. MitMach does not store them."
            )
        )
        intro.setWordWrap(True)
        layout.addWidget(intro)
        options = QFormLayout()
        self.languageComboBox = QComboBox(self)
        self.languageComboBox.addItem(self.tr("German"), "de")
        self.languageComboBox.addItem(self.tr("English"), "en")
        options.addRow(self.tr("Language of the text"), self.languageComboBox)
        self.senderEdit = QLineEdit(self)
        self.senderEdit.setPlaceholderText(self.tr("Council, contact person, phone (fills the closing)"))
        options.addRow(self.tr("Sender"), self.senderEdit)
        layout.addLayout(options)

        splitter = QSplitter(Qt.Horizontal, self)
        left = QWidget(splitter)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(QLabel(self.tr("Recipients (tick those you sent the text to)")))
        self.recipientList = QListWidget(left)
        self._fill_recipients()
        left_layout.addWidget(self.recipientList)
        self.addressLabel = QLabel(left)
        self.addressLabel.setWordWrap(True)
        self.addressLabel.setTextInteractionFlags(Qt.TextSelectableByMouse)
        left_layout.addWidget(self.addressLabel)
        self.textEdit = QPlainTextEdit(splitter)
        self.textEdit.setReadOnly(True)
        splitter.setStretchFactor(1, 2)
        layout.addWidget(splitter, 1)

        self.withheldLabel = QLabel(self._withheld_text())
        self.withheldLabel.setWordWrap(True)
        layout.addWidget(self.withheldLabel)

        row = QHBoxLayout()
        self.copyButton = QPushButton(self.tr("Copy to clipboard"), self)
        self.saveButton = QPushButton(self.tr("Save to file…"), self)
        self.sentButton = QPushButton(self.tr("Record as sent"), self)
        self.sentButton.setToolTip(self.tr("Mark the contact details of the ticked recipients as exchanged"))
        row.addWidget(self.copyButton)
        row.addWidget(self.saveButton)
        row.addStretch(1)
        row.addWidget(self.sentButton)
        buttons = QDialogButtonBox(QDialogButtonBox.Close, self)
        buttons.rejected.connect(self.reject)
        row.addWidget(buttons)
        layout.addLayout(row)

        self.languageComboBox.currentIndexChanged.connect(self._show_text)
        self.senderEdit.textChanged.connect(self._show_text)
        self.recipientList.currentRowChanged.connect(self._show_text)
        self.copyButton.clicked.connect(self.copy_to_clipboard)
        self.saveButton.clicked.connect(lambda: self.save_to_file())
        self.sentButton.clicked.connect(self.record_sent)
        for button in (self.copyButton, self.saveButton, self.sentButton):
            button.setEnabled(bool(self.exchange.entries))
        if self.exchange.entries:
            self.recipientList.setCurrentRow(0)
        else:
            self.textEdit.setPlainText(self.tr("Nobody in this group can be sent contact details."))
        LOG.info(
            "contact texts of match group %s shown (%d recipients)", match_uuid, len(self.exchange.entries)
        )

    def language(self) -> str:
        return self.languageComboBox.currentData() or "de"

    def set_language(self, language: str) -> None:
        self.languageComboBox.setCurrentIndex(max(self.languageComboBox.findData(language), 0))

    def _synergy_label(self, language: str) -> str:
        if language not in self._synergy_labels:
            try:
                labels = matches.synergy_labels(self.store, language)
            except StoreError:
                labels = {}
            self._synergy_labels[language] = labels.get(self.exchange.synergy, self.exchange.synergy)
        return self._synergy_labels[language]

    def text_for(self, row: int, language: str | None = None) -> str:
        """The text for recipient ``row`` in ``language`` (default: the chosen one)."""
        entry = self.exchange.entries[row]
        language = language or self.language()
        return contact_text(
            entry.recipient.name, list(entry.others), self._synergy_label(language), language,
            council=self.senderEdit.text(),
        )  # fmt: skip

    def text(self) -> str:
        return self.textEdit.toPlainText() if self.exchange.entries else ""

    def _show_text(self, *_args) -> None:
        row = self.recipientList.currentRow()
        if not 0 <= row < len(self.exchange.entries):
            return
        entry = self.exchange.entries[row]
        self.textEdit.setPlainText(self.text_for(row))
        lines = [self.tr("Send to:")]
        if entry.recipient.email:
            lines.append(self.tr("E-mail: {email}").format(email=entry.recipient.email))
        if entry.recipient.phone:
            lines.append(self.tr("Phone: {phone}").format(phone=entry.recipient.phone))
        if entry.postal_address:
            lines.append(self.tr("Address: {address}").format(address=entry.postal_address))
        if len(lines) == 1:
            lines.append(self.tr("no contact details recorded"))
        self.addressLabel.setText("\n".join(lines))

    def _withheld_text(self) -> str:
        if not self.exchange.withheld:
            return self.tr("Every member of the group is included.")
        lines = [self.tr("Not included (nothing of theirs is passed on):")]
        for member in self.exchange.withheld:
            themes = [
                self.theme_labels.get(self.members[p].theme, self.members[p].theme)
                for p in member.proposal_uuids
                if p in self.members
            ]
            lines.append(
                self.tr("• {themes} (proposal {proposal}): {reason}").format(
                    themes=", ".join(themes),
                    proposal=member.proposal_uuids[0][:8],
                    reason=member.reason_text,
                )
            )
        return "\n".join(lines)

    def _fill_recipients(self) -> None:
        self.recipientList.clear()
        for entry in self.exchange.entries:
            item = QListWidgetItem(entry.recipient.name or entry.participant_uuid)
            item.setFlags(item.flags() | Qt.ItemIsUserCheckable)
            item.setCheckState(Qt.Checked if entry.contact_exchanged else Qt.Unchecked)
            if entry.contact_exchanged:
                item.setToolTip(self.tr("The contact details were exchanged already."))
            self.recipientList.addItem(item)

    def _still_current(self) -> bool:
        """Consent is read again before a text leaves the dialog: after a withdrawal (or a new consent) the
        recipients and texts are rebuilt and nothing is handed out this time."""
        try:
            now = matches.contact_exchange(self.store, self.match_uuid)
        except StoreError as exc:
            self.notify(str(exc), Qgis.Critical)
            return False
        if (now.entries, now.withheld) == (self.exchange.entries, self.exchange.withheld):
            return True
        self.exchange = now
        self._fill_recipients()
        self.withheldLabel.setText(self._withheld_text())
        for button in (self.copyButton, self.saveButton, self.sentButton):
            button.setEnabled(bool(now.entries))
        if now.entries:
            self.recipientList.setCurrentRow(0)
        else:
            self.textEdit.setPlainText(self.tr("Nobody in this group can be sent contact details."))
        self.notify(
            self.tr(
                "A member's consent changed meanwhile: the texts were made again. Check them, then copy or save."
            ),
            Qgis.Warning,
        )
        return False

    def copy_to_clipboard(self) -> bool:
        text = self.text()
        if not text or not self._still_current():
            return False
        QgsApplication.clipboard().setText(text)
        self.notify(self.tr("The text is on the clipboard."), Qgis.Success)
        return True

    def save_to_file(self, path: str | None = None) -> bool:
        """Write the shown text as UTF-8 to ``path`` (asked for when not given); the file name names no one."""
        text = self.text()
        if not text or not self._still_current():
            return False
        if not path:
            folder = Settings.LAST_FOLDER.value() or str(Path.home())
            suggestion = str(
                Path(folder) / f"contact_{self.match_uuid[:8]}_{self.recipientList.currentRow() + 1}.txt"
            )
            path, _ = QFileDialog.getSaveFileName(
                self, self.tr("Save contact text"), suggestion, self.tr("Text files (*.txt)")
            )
            if not path:
                return False
        try:
            Path(path).write_text(text, encoding="utf-8")
        except OSError as exc:
            self.notify(
                self.tr("The text could not be saved: {detail}").format(detail=exc.strerror or exc),
                Qgis.Critical,
            )
            return False
        self.notify(self.tr("The text was saved to {path}.").format(path=Path(path).name), Qgis.Success)
        return True

    def checked_proposals(self) -> list[str]:
        out: list[str] = []
        for row, entry in enumerate(self.exchange.entries):
            if self.recipientList.item(row).checkState() == Qt.Checked and not entry.contact_exchanged:
                out.extend(entry.proposal_uuids)
        return out

    def record_sent(self) -> int:
        """Mark the ticked recipients' memberships as exchanged; returns how many were marked."""
        proposals = self.checked_proposals()
        if not proposals:
            self.notify(self.tr("Tick the recipients you sent the text to."), Qgis.Warning)
            return 0
        try:
            store, match_uuid, user, version = self.store, self.match_uuid, self.user, self.exchange.version
            marked = run_write(
                lambda: matches.mark_contact_exchanged(
                    store, match_uuid, proposals, user, expected_version=version
                ),
                widget=self,
            )
        except (StoreError, ValueError) as exc:
            self.notify(str(exc), Qgis.Critical)
            return 0
        self.exchange = matches.contact_exchange(self.store, self.match_uuid)
        for row, entry in enumerate(self.exchange.entries):
            if entry.contact_exchanged:
                self.recipientList.item(row).setToolTip(
                    self.tr("The contact details were exchanged already.")
                )
        self.notify(
            self.tr("Contact exchange recorded for {count} proposals.").format(count=marked), Qgis.Success
        )
        return marked


def _point(item: review.QueueItem, transform: QgsCoordinateTransform | None) -> QgsPointXY:
    point = QgsPointXY(item.x, item.y)
    return transform.transform(point) if transform is not None else point


def _years(year_from: int | None, year_to: int | None) -> str:
    if year_from and year_to and year_to != year_from:
        return f"{year_from}–{year_to}"
    if year_from or year_to:
        return f"{year_from or year_to}"
    return ""
