"""MitMach ▸ Review queue: the officer checks, rejects or withdraws new proposals and writes notes and advice.

The dock shows proposals only, never participants: no name or contact reaches its model. The work is done
by :mod:`mitmach_qgis.data.review`; the dock asks, calls it, and reports in the message bar.
"""

from __future__ import annotations

import logging
import math
from datetime import datetime, timezone
from pathlib import Path

from qgis.core import (
    Qgis,
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsCsException,
    QgsProject,
    QgsRectangle,
)
from qgis.gui import QgsDockWidget
from qgis.PyQt import uic
from qgis.PyQt.QtCore import QItemSelection, QItemSelectionModel, Qt
from qgis.PyQt.QtGui import QStandardItem, QStandardItemModel
from qgis.PyQt.QtWidgets import QAbstractItemView, QHeaderView, QInputDialog, QLineEdit, QMessageBox

from ..core.i18n import qgis_language
from ..data import review
from ..data.errors import StoreError
from ..data.gpkg_store import current_user
from ..data.layers import SOURCE_LABELS, STATUS_LABELS, localise
from .store_task import run_write

FORM_CLASS, _ = uic.loadUiType(str(Path(__file__).resolve().parent.parent / "ui" / "review_dock.ui"))
LOG = logging.getLogger("mitmach_qgis.gui")

UUID_ROLE = Qt.UserRole + 1
ALL = "__all__"  # data of the "all statuses" / "all themes" entries
QUEUE_LIMIT = 2000  # rows shown at most; the queue is oldest first, so the oldest are never hidden
EXCERPT_CHARS = 80
ZOOM_HALF_SIZE_M = 100.0  # half the side of the area shown around one proposal (about 1:1000 on screen)
SUCCESS_SECONDS = 3
ERROR_SECONDS = 10
(COL_THEME, COL_YEARS, COL_WAITING, COL_STATUS, COL_SOURCE, COL_AREA, COL_DESCRIPTION) = range(7)


class ReviewDock(QgsDockWidget, FORM_CLASS):
    """Collaborators (iface, store) are passed in; ``set_store`` follows the open database."""

    OBJECT_NAME = "MitMachReviewDock"

    def __init__(self, iface, store=None, parent=None) -> None:
        super().__init__(parent)
        self.setupUi(self)
        self.setObjectName(self.OBJECT_NAME)
        self.mainLayout.setStretch(1, 3)  # the queue gets the room, the details below the rest
        self.mainLayout.setStretch(4, 2)
        self.iface = iface
        self.store = None
        self.user = current_user()
        self.language = "de" if qgis_language() == "de" else "en"
        self.items: dict[str, review.QueueItem] = {}
        self.theme_labels: dict[str, str] = {}
        self._loaded_version: int | None = None

        self.model = QStandardItemModel(0, 7, self)
        self.model.setHorizontalHeaderLabels([
            self.tr("Theme"), self.tr("Years"), self.tr("Days waiting"), self.tr("Status"), self.tr("Source"),
            self.tr("Area"), self.tr("Description"),
        ])  # fmt: skip
        self.proposalTable.setModel(self.model)
        self.proposalTable.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.proposalTable.setSelectionMode(QAbstractItemView.ExtendedSelection)
        header = self.proposalTable.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.Interactive)
        header.setStretchLastSection(True)
        self.proposalTable.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        self.refreshButton.setIcon(QgsApplication.getThemeIcon("/mActionRefresh.svg"))
        self.zoomButton.setIcon(QgsApplication.getThemeIcon("/mActionZoomToSelected.svg"))

        self.statusComboBox.currentIndexChanged.connect(self._filter_changed)
        self.themeComboBox.currentIndexChanged.connect(self._filter_changed)
        self.refreshButton.clicked.connect(self.refresh)
        self.proposalTable.selectionModel().selectionChanged.connect(self._selection_changed)
        self.proposalTable.doubleClicked.connect(self._double_clicked)
        self.checkButton.clicked.connect(self.check_selected)
        self.rejectButton.clicked.connect(self.ask_and_reject)
        self.withdrawButton.clicked.connect(self.ask_and_withdraw)
        self.zoomButton.clicked.connect(self.zoom_to_selected)
        self.saveButton.clicked.connect(self.save_selected)
        self.templateComboBox.activated[int].connect(self.insert_template)

        self.set_store(store)

    # -- the database ------------------------------------------------------------------------------------
    def set_store(self, store) -> None:
        """Show the queue of ``store`` (None: no database open)."""
        self.store = store
        self.theme_labels = self._read_theme_labels()
        self._fill_theme_combo()
        self.refresh()

    def _read_theme_labels(self) -> dict[str, str]:
        if self.store is None:
            return {}
        try:
            return review.theme_labels(self.store, self.language)
        except StoreError as exc:
            self._error(str(exc))
            return {}

    def _fill_theme_combo(self) -> None:
        current = self.themeComboBox.currentData()
        self.themeComboBox.blockSignals(True)
        self.themeComboBox.clear()
        self.themeComboBox.addItem(self.tr("All themes"), ALL)
        for code, label in self.theme_labels.items():
            self.themeComboBox.addItem(label, code)
        index = self.themeComboBox.findData(current) if current is not None else -1
        self.themeComboBox.setCurrentIndex(max(index, 0))
        self.themeComboBox.blockSignals(False)

    def _fill_status_combo(self, counts: dict[str, int]) -> None:
        current = self.statusComboBox.currentData() or "submitted"
        self.statusComboBox.blockSignals(True)
        self.statusComboBox.clear()
        for status, count in counts.items():
            label = localise(STATUS_LABELS[status], self.language)
            self.statusComboBox.addItem(
                self.tr("{status} ({count})").format(status=label, count=count), status
            )
        self.statusComboBox.addItem(self.tr("All statuses ({count})").format(count=sum(counts.values())), ALL)
        self.statusComboBox.setCurrentIndex(max(self.statusComboBox.findData(current), 0))
        self.statusComboBox.blockSignals(False)

    # -- reading the queue -------------------------------------------------------------------------------
    def status_filter(self) -> str:
        return self.statusComboBox.currentData() or "submitted"

    def theme_filter(self) -> str | None:
        data = self.themeComboBox.currentData()
        return None if data in (None, ALL) else data

    def refresh(self) -> None:
        """Read counts and queue again; the selection is kept for the proposals still shown."""
        selected = self.selected_uuids()
        counts = dict.fromkeys(STATUS_LABELS, 0)
        items: list[review.QueueItem] = []
        if self.store is not None:
            try:
                counts = review.status_counts(self.store)
                self._fill_status_combo(counts)
                status = self.status_filter()
                theme = self.theme_filter()
                items = review.queue(
                    self.store,
                    statuses=list(counts) if status == ALL else [status],
                    themes=None if theme is None else [theme],
                    limit=QUEUE_LIMIT + 1,
                )
            except (StoreError, ValueError) as exc:
                self._error(str(exc))
                return
        else:
            self._fill_status_combo(counts)
        truncated = len(items) > QUEUE_LIMIT
        self._fill_table(items[:QUEUE_LIMIT])
        self._update_summary(len(self.items), truncated)
        self.select_uuids(selected)
        self._selection_changed()

    def _fill_table(self, items: list[review.QueueItem]) -> None:
        self.proposalTable.setUpdatesEnabled(False)
        try:
            self.proposalTable.selectionModel().clearSelection()
            self.model.removeRows(0, self.model.rowCount())
            self.items = {item.uuid: item for item in items}
            now = datetime.now(timezone.utc)
            warning = QgsApplication.getThemeIcon("/mIconWarning.svg")
            for item in items:
                self.model.appendRow(self._row(item, now, warning))
            if items:
                self.proposalTable.resizeColumnsToContents()
        finally:
            self.proposalTable.setUpdatesEnabled(True)

    def _row(self, item: review.QueueItem, now: datetime, warning) -> list[QStandardItem]:
        cells = [QStandardItem() for _ in range(7)]
        cells[COL_THEME].setText(self.theme_labels.get(item.theme, item.theme))
        cells[COL_THEME].setData(item.uuid, UUID_ROLE)
        cells[COL_YEARS].setText(_years(item.year_from, item.year_to))
        days = _days_since(item.created_at, now)
        cells[COL_WAITING].setText("" if days is None else str(days))
        cells[COL_WAITING].setToolTip(self.tr("Received {time}").format(time=item.created_at))
        cells[COL_WAITING].setTextAlignment(Qt.AlignRight | Qt.AlignVCenter)
        cells[COL_STATUS].setText(localise(STATUS_LABELS.get(item.status, item.status), self.language))
        cells[COL_SOURCE].setText(localise(SOURCE_LABELS.get(item.source, item.source), self.language))
        if item.in_area is False:
            cells[COL_AREA].setText(self.tr("outside"))
            cells[COL_AREA].setIcon(warning)
            cells[COL_AREA].setToolTip(self.tr("The proposal lies outside the participation area."))
        elif item.in_area is True:
            cells[COL_AREA].setText(self.tr("inside"))
        else:
            cells[COL_AREA].setToolTip(self.tr("Not yet compared with the participation area."))
        text = " ".join((item.description or "").split())
        cells[COL_DESCRIPTION].setText(
            text if len(text) <= EXCERPT_CHARS else text[: EXCERPT_CHARS - 1] + "…"
        )
        if len(text) > EXCERPT_CHARS:
            cells[COL_DESCRIPTION].setToolTip(text[:1000])
        for cell in cells:
            cell.setEditable(False)
        return cells

    def _update_summary(self, shown: int, truncated: bool) -> None:
        if self.store is None:
            text = self.tr("Open a participation database to see its proposals.")
        elif truncated:
            text = self.tr("Showing the oldest {count} proposals; deal with these first.").format(count=shown)
        elif shown == 0:
            text = self.tr("No proposals with this status.")
        else:
            text = self.tr("Proposals shown: {count}, oldest first.").format(count=shown)
        self.summaryLabel.setText(text)

    # -- selection ---------------------------------------------------------------------------------------
    def selected_uuids(self) -> list[str]:
        rows = sorted(index.row() for index in self.proposalTable.selectionModel().selectedRows(COL_THEME))
        return [self.model.item(row, COL_THEME).data(UUID_ROLE) for row in rows]

    def selected_items(self) -> list[review.QueueItem]:
        return [self.items[u] for u in self.selected_uuids() if u in self.items]

    def select_uuids(self, uuids) -> None:
        wanted = set(uuids)
        selection = QItemSelection()
        for row in range(self.model.rowCount()):
            if self.model.item(row, COL_THEME).data(UUID_ROLE) in wanted:
                selection.select(
                    self.model.index(row, 0), self.model.index(row, self.model.columnCount() - 1)
                )
        flags = QItemSelectionModel.ClearAndSelect | QItemSelectionModel.Rows
        self.proposalTable.selectionModel().select(selection, flags)

    def _filter_changed(self, _index: int = 0) -> None:
        self.refresh()

    def _selection_changed(self, *_args) -> None:
        items = self.selected_items()
        has_store = self.store is not None
        for button in (self.checkButton, self.rejectButton, self.withdrawButton):
            button.setEnabled(has_store and bool(items))
        self.zoomButton.setEnabled(any(item.has_point for item in items))
        one = items[0] if len(items) == 1 else None
        for widget in (self.notesEdit, self.adviceEdit, self.templateComboBox, self.saveButton):
            widget.setEnabled(has_store and one is not None)
        self.notesEdit.setPlainText((one.officer_notes or "") if one else "")
        self.adviceEdit.setPlainText((one.advice or "") if one else "")
        self._loaded_version = one.version if one else None
        self._fill_templates(one)
        if one is not None:
            self.detailLabel.setText(self._details(one))
        elif items:
            self.detailLabel.setText(self.tr("Proposals selected: {count}.").format(count=len(items)))
        else:
            self.detailLabel.setText(
                self.tr("Select a proposal to see it in full and write notes and advice.")
            )

    def _details(self, item: review.QueueItem) -> str:
        lines = [
            self.tr("{theme}, {status}, received {time}").format(
                theme=self.theme_labels.get(item.theme, item.theme),
                status=localise(STATUS_LABELS.get(item.status, item.status), self.language),
                time=item.created_at[:10],
            ),
        ]
        if item.officer:
            lines.append(self.tr("Officer: {officer}").format(officer=item.officer))
        if item.description:
            lines.append(item.description)
        return "\n".join(lines)

    def _fill_templates(self, item: review.QueueItem | None) -> None:
        self.templateComboBox.clear()
        self.templateComboBox.addItem(self.tr("Insert a template…"), None)
        if item is None or self.store is None:
            return
        try:
            templates = review.advice_templates(self.store, item.theme, self.language)
        except StoreError as exc:
            self._error(str(exc))
            return
        for title, body in templates:
            self.templateComboBox.addItem(title, body)
            self.templateComboBox.setItemData(self.templateComboBox.count() - 1, body, Qt.ToolTipRole)

    def insert_template(self, index: int) -> None:
        """Put the body of template ``index`` into the advice at the cursor (after a blank line)."""
        body = self.templateComboBox.itemData(index) if index > 0 else None
        self.templateComboBox.setCurrentIndex(0)
        if not body:
            return
        cursor = self.adviceEdit.textCursor()
        if self.adviceEdit.toPlainText().strip() and not cursor.hasSelection():
            cursor.movePosition(cursor.End)
            body = "\n\n" + body
        cursor.insertText(body)
        self.adviceEdit.setTextCursor(cursor)
        self.adviceEdit.setFocus()

    def _double_clicked(self, index) -> None:
        uuid = self.model.item(index.row(), COL_THEME).data(UUID_ROLE)
        if uuid in self.items:
            self.zoom_to([self.items[uuid]])

    # -- actions -----------------------------------------------------------------------------------------
    def check_selected(self) -> int:
        return self._set_status("checked")

    def reject_selected(self, reason: str) -> int:
        return self._set_status("rejected", reason)

    def withdraw_selected(self) -> int:
        return self._set_status("withdrawn")

    def ask_and_reject(self) -> int:
        count = len(self.selected_uuids())
        if not count:
            return 0
        reason, ok = QInputDialog.getText(
            self,
            self.tr("Reject proposals"),
            self.tr("Why are the selected proposals ({count}) rejected? A reason is required.").format(
                count=count
            ),
            QLineEdit.Normal,
            "",
        )
        if not ok:
            return 0
        return self.reject_selected(reason)

    def ask_and_withdraw(self) -> int:
        count = len(self.selected_uuids())
        if not count:
            return 0
        answer = QMessageBox.question(
            self,
            self.tr("Withdraw proposals"),
            self.tr("Mark the selected proposals ({count}) as withdrawn? This cannot be undone.").format(
                count=count
            ),
            QMessageBox.Yes | QMessageBox.No,
            QMessageBox.No,
        )
        return self.withdraw_selected() if answer == QMessageBox.Yes else 0

    def _set_status(self, status: str, reason: str | None = None) -> int:
        uuids = self.selected_uuids()
        if self.store is None or not uuids:
            return 0
        try:
            seen = {item.uuid: item.version for item in self.selected_items()}
            store, user = self.store, self.user
            changed = run_write(
                lambda: review.set_status(store, uuids, status, user, reason, expected_versions=seen),
                widget=self,
            )
        except (StoreError, ValueError) as exc:
            self._error(str(exc))  # the selection stays, so the officer can correct and try again
            return 0
        label = localise(STATUS_LABELS[status], self.language)
        self._success(self.tr("Proposals set to “{status}”: {count}.").format(count=changed, status=label))
        LOG.info("review: %d proposals set to %s", changed, status)
        self.refresh()
        return changed

    def save_selected(self) -> bool:
        items = self.selected_items()
        if self.store is None or len(items) != 1:
            return False
        item = items[0]
        try:
            store, user, version = self.store, self.user, self._loaded_version
            notes, advice = self.notesEdit.toPlainText(), self.adviceEdit.toPlainText()
            run_write(
                lambda: review.save_notes(store, item.uuid, user, notes, advice, expected_version=version),
                widget=self,
            )
        except (StoreError, ValueError) as exc:
            self._error(str(exc))  # the text stays in the fields
            return False
        self._success(self.tr("Notes and advice saved."))
        self.refresh()
        return True

    # -- map ---------------------------------------------------------------------------------------------
    def zoom_to_selected(self) -> bool:
        return self.zoom_to(self.selected_items())

    def zoom_to(self, items) -> bool:
        """Show ``items`` on the map canvas, about 200 m across for one proposal, in the canvas's CRS."""
        points = [(item.x, item.y) for item in items if item.has_point]
        if not points or self.store is None:
            return False
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        box = QgsRectangle(
            min(xs) - ZOOM_HALF_SIZE_M, min(ys) - ZOOM_HALF_SIZE_M,
            max(xs) + ZOOM_HALF_SIZE_M, max(ys) + ZOOM_HALF_SIZE_M,
        )  # fmt: skip
        canvas = self.iface.mapCanvas()
        source = QgsCoordinateReferenceSystem(f"EPSG:{self.store.srs_id}")
        target = canvas.mapSettings().destinationCrs()
        if target.isValid() and source.isValid() and target != source:
            try:
                box = QgsCoordinateTransform(source, target, QgsProject.instance()).transformBoundingBox(box)
            except QgsCsException:
                self._error(self.tr("The proposal cannot be shown in the map's coordinate system."))
                return False
        if box.isEmpty() or not all(math.isfinite(v) for v in (box.xMinimum(), box.yMaximum())):
            return False
        canvas.setExtent(box)
        canvas.refresh()
        return True

    # -- messages ----------------------------------------------------------------------------------------
    def _error(self, text: str) -> None:
        self.iface.messageBar().pushMessage(self.tr("MitMach"), text, Qgis.Critical, ERROR_SECONDS)

    def _success(self, text: str) -> None:
        self.iface.messageBar().pushMessage(self.tr("MitMach"), text, Qgis.Success, SUCCESS_SECONDS)


def _years(year_from: int | None, year_to: int | None) -> str:
    if year_from and year_to and year_to != year_from:
        return f"{year_from}–{year_to}"
    if year_from or year_to:
        return f"{year_from or year_to}"
    return ""


def _days_since(stamp: str, now: datetime) -> int | None:
    """Whole days since an ISO time stamp (as the database writes them, in UTC); None when unreadable."""
    try:
        then = datetime.fromisoformat(stamp.replace("Z", "+00:00").replace(" ", "T"))
    except (AttributeError, ValueError):
        return None
    if then.tzinfo is None:
        then = then.replace(tzinfo=timezone.utc)
    return max((now - then).days, 0)
