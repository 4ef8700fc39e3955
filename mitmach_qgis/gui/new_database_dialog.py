"""MitMach ▸ New participation database…: file, CRS and an optional participation-area layer."""

from __future__ import annotations

from pathlib import Path

from qgis.core import QgsCoordinateReferenceSystem, QgsMapLayerProxyModel, QgsUnitTypes
from qgis.gui import QgsFileWidget
from qgis.PyQt import uic
from qgis.PyQt.QtWidgets import QDialog, QDialogButtonBox

from ..core.settings import Settings

FORM_CLASS, _ = uic.loadUiType(str(Path(__file__).resolve().parent.parent / "ui" / "new_database_dialog.ui"))


class NewDatabaseDialog(QDialog, FORM_CLASS):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setupUi(self)
        self.setObjectName("MitMachNewDatabaseDialog")
        self.fileWidget.setStorageMode(QgsFileWidget.SaveFile)
        self.fileWidget.setFilter(self.tr("GeoPackage (*.gpkg)"))
        self.fileWidget.setDialogTitle(self.tr("New participation database"))
        folder = Settings.LAST_FOLDER.value()
        if folder:
            self.fileWidget.setDefaultRoot(folder)
        self.crsWidget.setCrs(QgsCoordinateReferenceSystem(Settings.DEFAULT_CRS.value() or "EPSG:25832"))
        self.areaComboBox.setFilters(QgsMapLayerProxyModel.PolygonLayer)
        self.areaComboBox.setAllowEmptyLayer(True)
        self.areaComboBox.setLayer(None)
        self.fileWidget.fileChanged.connect(self.validate)
        self.crsWidget.crsChanged.connect(self.validate)
        self.buttonBox.accepted.connect(self.accept)
        self.buttonBox.rejected.connect(self.reject)
        self.validate()

    def path(self) -> str:
        text = self.fileWidget.filePath().strip()
        if text and not text.lower().endswith(".gpkg"):
            text += ".gpkg"
        return text

    def crs(self) -> QgsCoordinateReferenceSystem:
        return self.crsWidget.crs()

    def area_layer(self):
        return self.areaComboBox.currentLayer()

    def problems(self) -> list[str]:
        problems = []
        path = self.path()
        if not path:
            problems.append(self.tr("Choose where to save the GeoPackage."))
        elif not Path(path).parent.is_dir():
            problems.append(self.tr("The folder {folder} does not exist.").format(folder=Path(path).parent))
        crs = self.crs()
        if not crs.isValid() or crs.isGeographic() or crs.mapUnits() != QgsUnitTypes.DistanceMeters:
            problems.append(self.tr("Choose a projected coordinate system in metres, e.g. EPSG:25832."))
        return problems

    def validate(self) -> bool:
        problems = self.problems()
        self.messageLabel.setText("\n".join(problems))
        self.buttonBox.button(QDialogButtonBox.Ok).setEnabled(not problems)
        return not problems
