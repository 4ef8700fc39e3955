"""New / open a participation database from the QGIS window."""

from __future__ import annotations

import logging
from pathlib import Path

from qgis.core import (
    Qgis,
    QgsProject,
    QgsSettings,
)
from qgis.PyQt.QtCore import QObject, pyqtSignal
from qgis.PyQt.QtWidgets import QFileDialog, QMessageBox

from ..core.i18n import qgis_language
from ..core.settings import Settings
from ..data.errors import StoreError
from ..data.sharing import is_network_path
from ..processing_provider.runner import AlgorithmError, run_algorithm
from .store_task import run_write

LOG = logging.getLogger("mitmach_qgis.gui")
MESSAGE_SECONDS = 8


class DatabaseController(QObject):
    """Collaborators are passed in (iface, project) so tests can hand in their own."""

    database_opened = pyqtSignal(object)  # the GeoPackageStore now in use

    def __init__(self, iface, project: QgsProject | None = None, parent=None) -> None:
        super().__init__(parent)
        self.iface = iface
        self.project = project or QgsProject.instance()
        self.layers: dict = {}
        self.store = None
        self.guard = None  # EditGuard of the open database's layers

    # -- user actions ------------------------------------------------------------------------------------
    def new_database(self) -> str | None:
        from .new_database_dialog import NewDatabaseDialog

        dialog = NewDatabaseDialog(self.iface.mainWindow())
        if not dialog.exec_():
            return None
        return self.create_and_open(dialog.path(), dialog.crs().authid(), dialog.area_layer())

    def open_database(self) -> str | None:
        path, _ = QFileDialog.getOpenFileName(
            self.iface.mainWindow(),
            self.tr("Open participation database"),
            Settings.LAST_FOLDER.value() or "",
            self.tr("GeoPackage (*.gpkg)"),
        )
        if not path:
            return None
        return path if self.open_path(path) else None

    def back_up_database(self) -> str | None:
        """Ask where, then write a consistent copy of the open database (SQLite's backup API)."""
        if self.store is None:
            self._error(self.tr("Open or create a participation database first."))
            return None
        path, _ = QFileDialog.getSaveFileName(
            self.iface.mainWindow(),
            self.tr("Back up participation database"),
            str(self.store.backup_path("manual")),
            self.tr("GeoPackage (*.gpkg)"),
        )
        if not path:
            return None
        return self.back_up_to(path)

    # -- the work, callable from tests -------------------------------------------------------------------
    def back_up_to(self, path: str) -> str | None:
        """A copy of the open database at ``path`` (never over the database itself or an existing file),
        made in a background task and checked (``PRAGMA integrity_check``) before it is reported."""
        from ..data.gpkg_store import GeoPackageStore

        store, target = self.store, Path(path)
        if store is None:
            self._error(self.tr("Open or create a participation database first."))
            return None
        if target.resolve() == store.path.resolve():
            self._error(self.tr("Choose another file for the backup than the database itself."))
            return None

        def work():
            store.backup(target)
            GeoPackageStore.inspect(target, integrity_check=True)
            return target

        try:
            run_write(work, self.tr("MitMach: backing up the participation database"))
        except StoreError as exc:
            self._error(str(exc))
            return None
        LOG.info("backup of %s written to %s", store.path.name, target.name)
        self._message(self.tr("Backup written to {path}.").format(path=str(target)), Qgis.Success)
        return str(target)

    def create_and_open(self, path: str, crs: str, area_layer=None) -> str | None:
        overwrite = False
        if Path(path).exists():
            answer = QMessageBox.question(
                self.iface.mainWindow(),
                self.tr("New participation database"),
                self.tr("{path} exists already. Replace it with a new, empty participation database?").format(
                    path=path
                ),
                QMessageBox.Yes | QMessageBox.No,
                QMessageBox.No,
            )
            if answer != QMessageBox.Yes:
                return None
            overwrite = True
            self._remove_layers_of(path)
        params = {"OUTPUT": path, "CRS": crs, "OVERWRITE": overwrite}
        if area_layer is not None:
            params["AREA"] = area_layer
        try:
            run_algorithm("mitmach:createdatabase", params, self.project)
        except AlgorithmError as exc:
            self._error(str(exc))
            return None
        Settings.DEFAULT_CRS.setValue(crs)
        return path if self.open_path(path) else None

    def open_path(self, path: str) -> bool:
        from ..data.gpkg_store import GeoPackageStore
        from ..data.layers import open_layers

        try:
            # the check (PRAGMA quick_check) and a migration with its backup can take a while on a share
            self.store = run_write(
                lambda: GeoPackageStore.open(path), self.tr("MitMach: opening the participation database")
            )
            backup = self.store.last_backup
            self.layers = open_layers(path, self.project, qgis_language())
        except StoreError as exc:
            self._error(str(exc))
            return False
        from .edit_guard import EditGuard

        if self.guard is not None:
            self.guard.detach()
        self.guard = EditGuard(self.store, self.iface, self)
        self.guard.attach(self.layers.values())
        Settings.LAST_DATABASE.setValue(str(path))
        Settings.LAST_FOLDER.setValue(str(Path(path).parent))
        if backup is not None:
            self._message(
                self.tr(
                    "The database was upgraded to the current version; the old version is kept as {backup}."
                ).format(backup=backup.name),
                Qgis.Info,
            )
        if is_network_path(path) and QgsSettings().value("qgis/walForSqlite3", True, type=bool):
            self._message(
                self.tr(
                    "This database is on a network drive. Turn off QGIS's WAL mode for SQLite files "
                    "(Settings ▸ Options ▸ Data Sources) on every computer that edits it, or edits can be lost."
                ),
                Qgis.Warning,
            )
        LOG.info("opened participation database %s", Path(path).name)
        self.database_opened.emit(self.store)
        return True

    # -- helpers -------------------------------------------------------------------------------------------
    def _remove_layers_of(self, path: str) -> None:
        target = str(Path(path).resolve())
        ids = [
            lid for lid, layer in self.project.mapLayers().items()
            if layer.source().split("|")[0] and str(Path(layer.source().split("|")[0]).resolve()) == target
        ]  # fmt: skip
        if ids:
            self.project.removeMapLayers(ids)

    def _error(self, text: str) -> None:
        self._message(text, Qgis.Critical)

    def _message(self, text: str, level) -> None:
        self.iface.messageBar().pushMessage(self.tr("MitMach"), text, level, MESSAGE_SECONDS)
