"""MitMach ▸ New proposal…: one participant and one or more ideas, located by address or on the map.

Nothing is written until everything is valid; then all rows go into the database in one transaction.
Geocoding runs in a QgsTask, so a slow web geocoder never freezes QGIS.
"""

from __future__ import annotations

import datetime as dt
import logging
from pathlib import Path

from qgis.core import (
    Qgis,
    QgsApplication,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsPointXY,
    QgsProject,
    QgsTask,
)
from qgis.PyQt import uic
from qgis.PyQt.QtCore import QDate, pyqtSignal
from qgis.PyQt.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLineEdit,
    QSpinBox,
)

from ..core.themes import ROLES
from ..core.validation import clean_text, validate_idea, validate_participant
from ..data.errors import StoreError
from ..data.intake import Location, new_submission, save_submission
from .point_tool import PointPickTool
from .store_task import run_write

LOG = logging.getLogger("mitmach_qgis.gui")
FORM_CLASS, _ = uic.loadUiType(str(Path(__file__).resolve().parent.parent / "ui" / "proposal_dialog.ui"))
THEME_COL, FROM_COL, TO_COL, DESCRIPTION_COL = range(4)


class ProposalDialog(QDialog, FORM_CLASS):
    """Collaborators: ``store`` (GeoPackageStore), ``geocoder`` (ChainGeocoder or None), ``themes`` as
    (code, label) pairs, ``user`` for the audit trail, ``iface`` for the map canvas."""

    saved = pyqtSignal(str, list)  # participant uuid, proposal uuids
    geocoded = pyqtSignal(object)  # GeocodeResult, after a search finished

    def __init__(
        self, iface, store, themes, geocoder=None, user: str = "", in_area=None, parent=None
    ) -> None:
        super().__init__(parent)
        self.setupUi(self)
        self.setObjectName("MitMachProposalDialog")
        self.iface = iface
        self.store = store
        self.themes = list(themes)
        self.geocoder = geocoder
        self.user = user
        self.in_area = in_area
        self.location: Location | None = None
        self.candidates: list = []
        self.task: QgsTask | None = None
        self.tool: PointPickTool | None = None
        self._previous_tool = None
        self._submission = None
        self._submitted_content = None
        self.current_year = dt.date.today().year

        for role in ROLES:
            self.roleCombo.addItem(self._role_label(role), role)
        today = QDate.currentDate()
        for edit in (self.consentContactDate, self.consentMapDate):
            edit.setDate(today)
            edit.setDisplayFormat("yyyy-MM-dd")
        self.ideasTable.setColumnCount(4)
        self.ideasTable.setHorizontalHeaderLabels(
            [self.tr("Theme"), self.tr("Planned from"), self.tr("Planned to"), self.tr("Description")]
        )
        self.ideasTable.horizontalHeader().setSectionResizeMode(DESCRIPTION_COL, QHeaderView.Stretch)
        self.ideasTable.setColumnWidth(THEME_COL, 220)
        self.ideasTable.setSelectionBehavior(QAbstractItemView.SelectRows)
        self.candidateCombo.setVisible(False)
        self.add_idea()

        for edit in (self.givenNameEdit, self.familyNameEdit, self.streetEdit, self.houseNumberEdit,
                     self.postcodeEdit, self.cityEdit, self.emailEdit, self.phoneEdit):  # fmt: skip
            edit.textChanged.connect(self.validate)
        for edit in (self.streetEdit, self.houseNumberEdit, self.postcodeEdit, self.cityEdit):
            edit.textEdited.connect(self._address_edited)
        self.roleCombo.currentIndexChanged.connect(self.validate)
        self.consentContactCheck.toggled.connect(self.validate)
        self.consentMapCheck.toggled.connect(self.validate)
        self.addIdeaButton.clicked.connect(self.add_idea)
        self.removeIdeaButton.clicked.connect(self.remove_idea)
        self.findAddressButton.clicked.connect(self.find_address)
        self.pickOnMapButton.clicked.connect(self.pick_on_map)
        self.candidateCombo.activated.connect(self._candidate_chosen)
        self.buttonBox.accepted.connect(self.save)
        self.buttonBox.rejected.connect(self.reject)
        self.findAddressButton.setEnabled(geocoder is not None)
        self.validate()

    # -- values -------------------------------------------------------------------------------------------
    def _role_label(self, role: str) -> str:
        return {"owner": self.tr("Owner"), "tenant": self.tr("Tenant"), "other": self.tr("Other")}[role]

    def participant_values(self) -> dict:
        values = {
            "given_name": clean_text(self.givenNameEdit.text()),
            "family_name": clean_text(self.familyNameEdit.text()),
            "street": clean_text(self.streetEdit.text()),
            "house_number": clean_text(self.houseNumberEdit.text()),
            "postcode": clean_text(self.postcodeEdit.text()),
            "city": clean_text(self.cityEdit.text()),
            "email": clean_text(self.emailEdit.text()),
            "phone": clean_text(self.phoneEdit.text()),
            "role": self.roleCombo.currentData(),
            "consent_contact": self.consentContactCheck.isChecked(),
            "consent_contact_date": None,
            "consent_public_map": self.consentMapCheck.isChecked(),
            "consent_public_map_date": None,
        }
        if values["consent_contact"]:
            values["consent_contact_date"] = self.consentContactDate.date().toString("yyyy-MM-dd")
        if values["consent_public_map"]:
            values["consent_public_map_date"] = self.consentMapDate.date().toString("yyyy-MM-dd")
        return values

    def idea_values(self) -> list[dict]:
        ideas = []
        for row in range(self.ideasTable.rowCount()):
            ideas.append(
                {
                    "theme": self.ideasTable.cellWidget(row, THEME_COL).currentData(),
                    "year_from": self.ideasTable.cellWidget(row, FROM_COL).value(),
                    "year_to": self.ideasTable.cellWidget(row, TO_COL).value(),
                    "description": clean_text(self.ideasTable.cellWidget(row, DESCRIPTION_COL).text()),
                }
            )
        return ideas

    def add_idea(self) -> int:
        row = self.ideasTable.rowCount()
        self.ideasTable.insertRow(row)
        theme = QComboBox()
        for code, label in self.themes:
            theme.addItem(label, code)
        theme.currentIndexChanged.connect(self.validate)
        self.ideasTable.setCellWidget(row, THEME_COL, theme)
        for col, year in ((FROM_COL, self.current_year), (TO_COL, self.current_year + 1)):
            spin = QSpinBox()
            spin.setRange(2000, 2100)
            spin.setValue(year)
            spin.valueChanged.connect(self.validate)
            self.ideasTable.setCellWidget(row, col, spin)
        description = QLineEdit()
        description.setPlaceholderText(self.tr("What is planned, e.g. replace the gas boiler from 1994"))
        description.textChanged.connect(self.validate)
        self.ideasTable.setCellWidget(row, DESCRIPTION_COL, description)
        self.validate()
        return row

    def remove_idea(self) -> None:
        rows = sorted({index.row() for index in self.ideasTable.selectedIndexes()}, reverse=True)
        if not rows and self.ideasTable.rowCount():
            rows = [self.ideasTable.rowCount() - 1]
        for row in rows:
            if self.ideasTable.rowCount() > 1:
                self.ideasTable.removeRow(row)
        self.validate()

    # -- validation ---------------------------------------------------------------------------------------
    def problems(self) -> list[str]:
        messages = [p.message for p in validate_participant(self.participant_values())]
        codes = [code for code, _ in self.themes]
        for index, idea in enumerate(self.idea_values(), start=1):
            for problem in validate_idea(idea, codes, self.current_year):
                messages.append(self.tr("Idea {n}: {message}").format(n=index, message=problem.message))
        if self.location is None:
            messages.append(self.tr("Find the address or pick the location on the map."))
        return messages

    def validate(self) -> bool:
        problems = self.problems()
        self.messageLabel.setText("\n".join(problems))
        self.buttonBox.button(QDialogButtonBox.Save).setEnabled(not problems)
        return not problems

    # -- location -----------------------------------------------------------------------------------------
    def _address_edited(self) -> None:
        """A changed address makes a geocoded location stale; a point picked on the map stays."""
        if self.location is not None and self.location.source == "geocoded":
            self.set_location(None)

    def set_location(self, location: Location | None, message: str = "") -> None:
        self.location = location
        if location is None:
            self.locationLabel.setText(message)
        else:
            text = self.tr("Location: {x:.1f}, {y:.1f} ({source}, {quality})").format(
                x=location.x,
                y=location.y,
                source=self._source_label(location.source),
                quality=location.quality,
            )
            if location.in_area is False:
                text += "\n" + self.tr("Warning: this point lies outside the participation area.")
            if message:
                text += "\n" + message
            self.locationLabel.setText(text)
        self.validate()

    def _source_label(self, source: str) -> str:
        return {
            "geocoded": self.tr("geocoded"), "clicked": self.tr("clicked on the map"),
            "moved": self.tr("moved by hand"), "imported": self.tr("imported"),
        }.get(source, source)  # fmt: skip

    def find_address(self) -> None:
        from ..core.geocoding import AddressQuery

        values = self.participant_values()
        if not values["street"] or not values["house_number"]:
            self.set_location(self.location, self.tr("Enter street and house number first."))
            return
        query = AddressQuery(
            values["street"], values["house_number"], values["postcode"] or "", values["city"] or ""
        )
        self.findAddressButton.setEnabled(False)
        self.locationLabel.setText(self.tr("Searching…"))
        geocoder = self.geocoder

        def run(task):
            return geocoder.geocode(query)

        self.task = QgsTask.fromFunction(self.tr("MitMach: find address"), run, on_finished=self._geocoded)
        QgsApplication.taskManager().addTask(self.task)

    def _geocoded(self, exception, result=None) -> None:
        self.findAddressButton.setEnabled(self.geocoder is not None)
        self.task = None
        if exception is not None or result is None:
            LOG.warning("geocoding failed: %s", type(exception).__name__ if exception else "no result")
            self.set_location(None, self.tr("The address search failed; pick the location on the map."))
            self.geocoded.emit(result)
            return
        self.candidates = list(result.candidates)
        self.candidateCombo.clear()
        self.candidateCombo.setVisible(result.status == "ambiguous" and len(self.candidates) > 1)
        if result.status == "ambiguous":
            self.candidateCombo.addItem(self.tr("Choose the right address…"), -1)
            for index, candidate in enumerate(self.candidates):
                self.candidateCombo.addItem(candidate.label, index)
            self.set_location(None, result.message)
        elif result.status == "found" and self.candidates:
            self._use_candidate(self.candidates[0], result.message)
        else:
            self.set_location(None, result.message)
        self.geocoded.emit(result)

    def _candidate_chosen(self, combo_index: int) -> None:
        index = self.candidateCombo.itemData(combo_index)
        if index is not None and index >= 0:
            self._use_candidate(self.candidates[index], "")

    def choose_candidate(self, index: int) -> None:
        self._use_candidate(self.candidates[index], "")

    def _use_candidate(self, candidate, message: str) -> None:
        self.set_location(
            Location(
                candidate.x,
                candidate.y,
                "geocoded",
                candidate.quality,
                candidate.in_area,
                candidate.building_ref,
            ),
            message,
        )

    def pick_on_map(self) -> None:
        canvas = self.iface.mapCanvas()
        self.tool = PointPickTool(canvas)
        self.tool.picked.connect(self._picked)
        self.tool.cancelled.connect(self._pick_cancelled)
        self._previous_tool = canvas.mapTool()
        canvas.setMapTool(self.tool)
        self.hide()

    def _restore_tool(self) -> None:
        canvas = self.iface.mapCanvas()
        if self.tool is not None:
            canvas.unsetMapTool(self.tool)
            if self._previous_tool is not None:
                canvas.setMapTool(self._previous_tool)
            self.tool.deleteLater()
            self.tool = None
        self.show()
        self.raise_()

    def _pick_cancelled(self) -> None:
        self._restore_tool()

    def _picked(self, point) -> None:
        self.set_clicked_point(point, self.iface.mapCanvas().mapSettings().destinationCrs())
        self._restore_tool()

    def set_clicked_point(self, point, crs: QgsCoordinateReferenceSystem) -> None:
        """A point clicked on the canvas (in ``crs``), transformed into the database's CRS."""
        target = QgsCoordinateReferenceSystem(f"EPSG:{self.store.srs_id}")
        transform = QgsCoordinateTransform(crs, target, QgsProject.instance())
        p = transform.transform(QgsPointXY(point))
        source = "moved" if self.location is not None and self.location.source == "geocoded" else "clicked"
        in_area = self.in_area(p.x(), p.y()) if self.in_area is not None else None
        self.set_location(Location(p.x(), p.y(), source, "manual", in_area))

    # -- saving -------------------------------------------------------------------------------------------
    def save(self) -> bool:
        if not self.validate():
            return False
        content = (self.participant_values(), self.idea_values(), self.location)
        if self._submission is None or self._submitted_content != content:
            # uuids are chosen once per content: saving again after an error never duplicates
            self._submission = new_submission(*content)
            self._submitted_content = content
        try:
            submission, user = self._submission, self.user
            participant, proposals = run_write(
                lambda: save_submission(self.store, submission, user), widget=self
            )
        except StoreError as exc:
            self.messageLabel.setText(str(exc))
            self.iface.messageBar().pushMessage(self.tr("MitMach"), str(exc), Qgis.Critical, 8)
            return False
        LOG.info("saved %d proposal(s) of participant %s", len(proposals), participant)
        self.saved.emit(participant, list(proposals))
        self.accept()
        return True

    def done(self, result: int) -> None:
        if self.tool is not None:
            self._restore_tool()
        super().done(result)
