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
from qgis.PyQt.QtWidgets import QFileDialog, QInputDialog, QMessageBox

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

    database_opened = pyqtSignal(object)  # the GeoPackageStore or PostgisStore now in use

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
        if dialog.is_postgis():
            return self.create_and_open_postgis(
                dialog.target(), dialog.schema(), dialog.crs().authid(), dialog.area_layer(), dialog.roles()
            )
        return self.create_and_open(dialog.path(), dialog.crs().authid(), dialog.area_layer())

    def open_database(self) -> str | None:
        """Ask which kind of database, then open a GeoPackage file or a PostGIS database."""
        kinds = [self.tr("GeoPackage file…"), self.tr("PostGIS (connection name or service)…")]
        kind, ok = QInputDialog.getItem(
            self.iface.mainWindow(),
            self.tr("Open participation database"),
            self.tr("Where is the participation database?"),
            kinds,
            0,
            False,
        )
        if not ok:
            return None
        if kind == kinds[1]:
            return self.open_postgis()
        return self.open_geopackage()

    def open_postgis(self) -> str | None:
        """Ask for a QGIS PostgreSQL connection name (offered), ``service=NAME`` or a URI, and open it."""
        from qgis.core import QgsProviderRegistry

        metadata = QgsProviderRegistry.instance().providerMetadata("postgres")
        names = sorted(metadata.connections()) if metadata is not None else []
        target, ok = QInputDialog.getItem(
            self.iface.mainWindow(),
            self.tr("Open participation database"),
            self.tr(
                "A PostgreSQL connection of QGIS (with its login in the authentication database), or "
                "service=NAME (optionally with schema=NAME; default schema: mitmach):"
            ),
            names,
            0,
            True,
        )
        target = (target or "").strip()
        if not ok or not target:
            return None
        return target if self.open_target(target) else None

    def open_geopackage(self) -> str | None:
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
        if self.store.backend != "gpkg":
            self._postgis_backup_note()
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

    def _postgis_backup_note(self) -> None:
        self._message(
            self.tr(
                "{name} is a PostgreSQL database: MitMach does not copy it. Its administrator backs it up "
                "with the server's own tools (pg_dump, or the server's backup); ask them before large changes."
            ).format(name=self.store.label),
            Qgis.Info,
        )

    # -- the work, callable from tests -------------------------------------------------------------------
    def back_up_to(self, path: str) -> str | None:
        """A copy of the open database at ``path`` (never over the database itself or an existing file),
        made in a background task and checked (``PRAGMA integrity_check``) before it is reported."""
        from ..data.gpkg_store import GeoPackageStore

        store, target = self.store, Path(path)
        if store is None:
            self._error(self.tr("Open or create a participation database first."))
            return None
        if store.backend != "gpkg":
            self._postgis_backup_note()
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

    def create_and_open_postgis(
        self, target: str, schema: str | None, crs: str, area_layer=None, roles: bool = False
    ) -> str | None:
        """Create a participation database in ``schema`` of the PostgreSQL database ``target`` (a QGIS
        connection name, ``service=NAME`` or a URI without a password) in a background task, then open it.
        An existing MitMach schema is replaced only after a question; ``roles``: also set up MitMach's
        roles (the login needs CREATEROLE)."""
        from ..data import errors
        from ..data.area import area_polygons
        from ..data.pg_layers import datasource_uri
        from ..data.pg_store import PostgisStore, parse_target

        target = (target or "").strip()
        try:
            parsed = parse_target(target, schema or None)
            datasource_uri(parsed)  # a password in the target: refused before anything is connected
            areas = area_polygons(area_layer, crs) if area_layer is not None else []
        except (StoreError, ValueError) as exc:
            self._error(str(exc))
            return None
        schema = parsed.schema

        def create(overwrite: bool):
            return run_write(
                lambda: PostgisStore.create(
                    target, crs=crs, areas=areas, overwrite=overwrite, schema=schema, roles=roles
                ),
                self.tr("MitMach: creating the participation database"),
            )

        try:
            try:
                create(False)
            except errors.ExistsError:
                answer = QMessageBox.question(
                    self.iface.mainWindow(),
                    self.tr("New participation database"),
                    self.tr(
                        "{name} holds a participation database already. Replace it with a new, empty one? "
                        "Everything in it is lost."
                    ).format(name=parsed.label),
                    QMessageBox.Yes | QMessageBox.No,
                    QMessageBox.No,
                )
                if answer != QMessageBox.Yes:
                    return None
                self._remove_pg_layers(parsed)
                create(True)
        except StoreError as exc:
            self._error(str(exc))
            return None
        Settings.DEFAULT_CRS.setValue(crs)
        LOG.info("created participation database %s", parsed.label)
        return target if self.open_target(target, schema) else None

    def open_path(self, path: str) -> bool:
        from ..data.gpkg_store import GeoPackageStore
        from ..data.layers import open_layers
        from .edit_guard import EditGuard

        try:
            # the check (PRAGMA quick_check) and a migration with its backup can take a while on a share
            store = run_write(
                lambda: GeoPackageStore.open(path), self.tr("MitMach: opening the participation database")
            )
        except StoreError as exc:
            self._error(str(exc))
            return False
        if self.guard is not None:  # before open_layers replaces the layers it listens to (else: a crash)
            self.guard.detach()
            self.guard = None
        try:
            self.store = store
            backup = store.last_backup
            self.layers = open_layers(path, self.project, qgis_language())
        except StoreError as exc:
            self._error(str(exc))
            return False
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

    def open_target(self, target: str, schema: str | None = None) -> bool:
        """Open the PostGIS participation database at ``target`` (a QGIS connection name, ``service=NAME``
        or a libpq URI, see ``pg_store``; ``schema`` overrides the target's) and add its layers through QGIS's
        ``postgres`` provider. A target with a password in it is refused before anything is connected: the
        layers' sources would carry it."""
        from ..data.pg_layers import datasource_uri, open_pg_layers, tables_of
        from ..data.pg_store import PostgisStore, parse_target

        def work():
            store = PostgisStore.open(target, schema=schema)
            return store, tables_of(store)

        from .edit_guard import EditGuard

        try:
            datasource_uri(parse_target(target, schema))
            store, tables = run_write(work, self.tr("MitMach: opening the participation database"))
        except StoreError as exc:
            self._error(str(exc))
            return False
        old_guard = self.guard  # detached first: reopening replaces (deletes) the layers it follows
        if old_guard is not None:
            old_guard.detach()
        try:
            layers = open_pg_layers(store, self.project, qgis_language(), tables)
        except StoreError as exc:
            if old_guard is not None:  # nothing was replaced: the open database stays guarded
                old_guard.attach(self.layers.values())
            self._error(str(exc))
            return False
        self.store, self.layers = store, layers
        self.guard = EditGuard(self.store, self.iface, self)
        self.guard.attach(self.layers.values())
        LOG.info("opened participation database %s", store.label)
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

    def _remove_pg_layers(self, target) -> None:
        """The layers of the schema about to be replaced (their group is the target's label)."""
        from ..data.layers import PATH_PROPERTY

        if self.guard is not None and self.store is not None and self.store.label == target.label:
            self.guard.detach()
            self.guard, self.store, self.layers = None, None, {}
        root = self.project.layerTreeRoot()
        for node in list(root.children()):
            if node.customProperty(PATH_PROPERTY) == target.label:
                self.project.removeMapLayers([child.layerId() for child in node.findLayers()])
                root.removeChildNode(node)

    def _error(self, text: str) -> None:
        self._message(text, Qgis.Critical)

    def _message(self, text: str, level) -> None:
        self.iface.messageBar().pushMessage(self.tr("MitMach"), text, level, MESSAGE_SECONDS)
