"""MitMach ▸ New participation database…: a GeoPackage file or a PostGIS schema, CRS and an optional
participation-area layer."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

from qgis.core import QgsCoordinateReferenceSystem, QgsMapLayerProxyModel, QgsProviderRegistry, QgsUnitTypes
from qgis.gui import QgsFileWidget
from qgis.PyQt import uic
from qgis.PyQt.QtWidgets import QDialog, QDialogButtonBox

from ..core.settings import Settings
from ..data.pg_schema import DEFAULT_SCHEMA, valid_schema_name

FORM_CLASS, _ = uic.loadUiType(str(Path(__file__).resolve().parent.parent / "ui" / "new_database_dialog.ui"))
GPKG, POSTGIS = "gpkg", "postgis"


class NewDatabaseDialog(QDialog, FORM_CLASS):
    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setupUi(self)
        self.setObjectName("MitMachNewDatabaseDialog")
        self.kindComboBox.addItem(self.tr("GeoPackage file"), GPKG)
        self.kindComboBox.addItem(self.tr("PostGIS schema in a PostgreSQL database"), POSTGIS)
        self.fileWidget.setStorageMode(QgsFileWidget.SaveFile)
        self.fileWidget.setFilter(self.tr("GeoPackage (*.gpkg)"))
        self.fileWidget.setDialogTitle(self.tr("New participation database"))
        folder = Settings.LAST_FOLDER.value()
        if folder:
            self.fileWidget.setDefaultRoot(folder)
        metadata = QgsProviderRegistry.instance().providerMetadata("postgres")
        self.connectionComboBox.addItems(sorted(metadata.connections()) if metadata is not None else [])
        self.connectionComboBox.setCurrentIndex(-1)
        self.connectionComboBox.lineEdit().setPlaceholderText(
            self.tr("a QGIS connection, service=NAME or postgresql://user@host/database")
        )
        self.connectionComboBox.setToolTip(
            self.tr(
                "A PostgreSQL connection saved in QGIS (with its login in QGIS's authentication database), "
                "service=NAME (pg_service.conf) or a URI without a password."
            )
        )
        self.schemaEdit.setText(DEFAULT_SCHEMA)
        self.rolesCheckBox.setToolTip(
            self.tr(
                "Creates the roles mitmach_officer, mitmach_planner and mitmach_public with their rights "
                "(if they do not exist). Your login needs the right to create roles (CREATEROLE)."
            )
        )
        self.crsWidget.setCrs(QgsCoordinateReferenceSystem(Settings.DEFAULT_CRS.value() or "EPSG:25832"))
        self.areaComboBox.setFilters(QgsMapLayerProxyModel.PolygonLayer)
        self.areaComboBox.setAllowEmptyLayer(True)
        self.areaComboBox.setLayer(None)
        self.kindComboBox.currentIndexChanged.connect(self._kind_changed)
        self.fileWidget.fileChanged.connect(self.validate)
        self.connectionComboBox.editTextChanged.connect(self.validate)
        self.schemaEdit.textChanged.connect(self.validate)
        self.crsWidget.crsChanged.connect(self.validate)
        self.buttonBox.accepted.connect(self.accept)
        self.buttonBox.rejected.connect(self.reject)
        self._kind_changed()

    # -- what the user chose ----------------------------------------------------------------------------
    def is_postgis(self) -> bool:
        return self.kindComboBox.currentData() == POSTGIS

    def set_postgis(self, postgis: bool) -> None:
        self.kindComboBox.setCurrentIndex(self.kindComboBox.findData(POSTGIS if postgis else GPKG))

    def path(self) -> str:
        text = self.fileWidget.filePath().strip()
        if text and not text.lower().endswith(".gpkg"):
            text += ".gpkg"
        return text

    def target(self) -> str:
        """The PostgreSQL database: a QGIS connection name, ``service=NAME`` or a URI."""
        return self.connectionComboBox.currentText().strip()

    def schema(self) -> str:
        return self.schemaEdit.text().strip()

    def roles(self) -> bool:
        return self.is_postgis() and self.rolesCheckBox.isChecked()

    def crs(self) -> QgsCoordinateReferenceSystem:
        return self.crsWidget.crs()

    def area_layer(self):
        return self.areaComboBox.currentLayer()

    # -- checks -----------------------------------------------------------------------------------------
    def _kind_changed(self, *_args) -> None:
        postgis = self.is_postgis()
        for widget in (self.fileLabel, self.fileWidget):
            widget.setVisible(not postgis)
        for widget in (self.connectionLabel, self.connectionComboBox, self.schemaLabel, self.schemaEdit,
                       self.rolesCheckBox):  # fmt: skip
            widget.setVisible(postgis)
        if postgis:
            self.introLabel.setText(
                self.tr(
                    "A schema in a PostgreSQL database with PostGIS, with every table, the theme catalogue and "
                    "the rules as triggers; the layers get MitMach's styles and forms when it is opened. The "
                    "database must exist and have PostGIS (ask the database administrator)."
                )
            )
        else:
            self.introLabel.setText(
                self.tr(
                    "A GeoPackage with every table, the theme catalogue, styles and forms. Keep it on the "
                    "shared drive the officers use."
                )
            )
        self.validate()

    def problems(self) -> list[str]:
        problems = []
        if self.is_postgis():
            problems += self._postgis_problems()
        else:
            path = self.path()
            if not path:
                problems.append(self.tr("Choose where to save the GeoPackage."))
            elif not Path(path).parent.is_dir():
                problems.append(
                    self.tr("The folder {folder} does not exist.").format(folder=Path(path).parent)
                )
        crs = self.crs()
        if not crs.isValid() or crs.isGeographic() or crs.mapUnits() != QgsUnitTypes.DistanceMeters:
            problems.append(self.tr("Choose a projected coordinate system in metres, e.g. EPSG:25832."))
        return problems

    def _postgis_problems(self) -> list[str]:
        problems = []
        target = self.target()
        if not target:
            problems.append(self.tr("Choose a PostgreSQL connection, or enter service=NAME or a URI."))
        elif _has_password(target):
            problems.append(
                self.tr(
                    "Leave the password out: save the connection in QGIS with an authentication "
                    "configuration, or use a service file (service=NAME)."
                )
            )
        if not valid_schema_name(self.schema()):
            problems.append(
                self.tr("The schema name may contain lower-case letters, digits and _ only (e.g. mitmach).")
            )
        return problems

    def validate(self) -> bool:
        problems = self.problems()
        self.messageLabel.setText("\n".join(problems))
        self.buttonBox.button(QDialogButtonBox.Ok).setEnabled(not problems)
        return not problems


def _has_password(target: str) -> bool:
    """Whether a URI or key/value connection string carries a password (checked as the user types; the
    controller refuses it again before connecting)."""
    if target.startswith(("postgresql://", "postgres://")):
        try:
            return bool(urlsplit(target).password) or "password=" in urlsplit(target).query
        except ValueError:
            return False
    return re.search(r"(?:^|\s)password\s*=", target) is not None
