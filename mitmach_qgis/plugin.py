"""Plugin wiring: initGui / initProcessing / unload. Features live in gui/, processing_provider/, core/."""

from __future__ import annotations

import logging

from qgis.core import Qgis, QgsApplication
from qgis.PyQt.QtCore import QCoreApplication, QFile, Qt, QUrl
from qgis.PyQt.QtGui import QDesktopServices
from qgis.PyQt.QtWidgets import QAction, QMenu

from .core.i18n import load_translator, unload_translator
from .core.log import install_message_log_handler, remove_message_log_handler
from .core.settings import Settings
from .gui.icons import RESOURCE_PREFIX, icon
from .processing_provider.provider import MitMachProvider

try:  # built by `make build` / qgis-plugin-ci; a bare source tree falls back to the SVG files
    from . import resources_rc
except ImportError:  # pragma: no cover - depends on the build
    resources_rc = None

LOG = logging.getLogger("mitmach_qgis")
HOMEPAGE = "https://github.com/mitmach/mitmach_qgis#readme"


class MitMachPlugin:
    MENU_OBJECT_NAME = "mitmachMenu"
    TOOLBAR_OBJECT_NAME = "mitmachToolBar"

    def __init__(self, iface) -> None:
        self.iface = iface
        self.translator = load_translator()
        self.log_handler = install_message_log_handler(debug=Settings.DEBUG_LOG.value())
        self._resources_registered = False
        if resources_rc is not None and not QFile.exists(RESOURCE_PREFIX + "mitmach.svg"):
            resources_rc.qInitResources()
        self._resources_registered = resources_rc is not None
        self.provider: MitMachProvider | None = None
        self.menu: QMenu | None = None
        self.toolbar = None
        self.actions: list[QAction] = []
        self.database = None
        self.review_dock = None
        self.matching_dock = None
        self.intake = None

    def tr(self, text: str) -> str:
        return QCoreApplication.translate("MitMachPlugin", text)

    # -- QGIS hooks -------------------------------------------------------------------------------------
    def initProcessing(self) -> None:  # noqa: N802
        if self.provider is None:
            self.provider = MitMachProvider()
            QgsApplication.processingRegistry().addProvider(self.provider)

    def initGui(self) -> None:  # noqa: N802
        self.initProcessing()
        main_window = self.iface.mainWindow()
        menu_bar = main_window.menuBar()
        self.menu = QMenu(self.tr("&MitMach"), menu_bar)
        self.menu.setObjectName(self.MENU_OBJECT_NAME)
        help_menu = next(
            (a for a in menu_bar.actions() if a.menu() and a.menu().objectName() == "mHelpMenu"), None
        )
        if help_menu is not None:
            menu_bar.insertMenu(help_menu, self.menu)
        else:
            menu_bar.addMenu(self.menu)

        self.toolbar = self.iface.addToolBar(self.tr("MitMach"))
        self.toolbar.setObjectName(self.TOOLBAR_OBJECT_NAME)

        from .gui.database_controller import DatabaseController

        self.database = DatabaseController(self.iface)
        self.action_new_database = self._add_action(
            "database_new.svg", self.tr("New participation database…"), self.database.new_database,
            tip=self.tr("Create a GeoPackage file or a PostGIS schema with every MitMach table, styles and forms"),
        )  # fmt: skip
        self.action_open_database = self._add_action(
            "database_open.svg", self.tr("Open participation database…"), self.database.open_database,
            tip=self.tr("Add the layers of a participation database to the project"),
        )  # fmt: skip
        self.action_backup = self._add_action(
            "database_backup.svg", self.tr("Back up database…"), self.database.back_up_database, toolbar=False,
            tip=self.tr("Write a consistent copy of the open participation database (safe while others use it)"),
        )  # fmt: skip
        from .gui.intake_controller import IntakeController
        from .gui.review_dock import ReviewDock

        self.intake = IntakeController(self.iface, self.database)
        self.action_new_proposal = self._add_action(
            "proposal_new.svg", self.tr("New proposal…"), self.intake.new_proposal,
            tip=self.tr("Enter a participant's ideas from a phone call or a paper form"),
        )  # fmt: skip

        self.review_dock = ReviewDock(self.iface, None, self.iface.mainWindow())
        self.iface.addDockWidget(Qt.RightDockWidgetArea, self.review_dock)
        self.review_dock.hide()
        self.database.database_opened.connect(self.review_dock.set_store)
        self.intake.proposals_saved.connect(lambda _uuids: self.review_dock.refresh())
        from .gui.matching_dock import MatchingDock

        self.matching_dock = MatchingDock(self.iface, None, self.iface.mainWindow())
        self.iface.addDockWidget(Qt.RightDockWidgetArea, self.matching_dock)
        self.matching_dock.hide()
        self.database.database_opened.connect(self._follow_database)
        self.matching_dock.match_groups_changed.connect(lambda _uuid: self.review_dock.refresh())
        self.intake.proposals_saved.connect(self.matching_dock.update_proposals)
        self.menu.addSeparator()
        self.action_review = self._add_action(
            "review.svg", self.tr("Review queue"), self.show_review_queue,
            tip=self.tr("Check, reject or withdraw new proposals; add notes and advice"),
        )  # fmt: skip
        self.action_matching = self._add_action(
            "matching.svg", self.tr("Matching panel"), self.show_matching_panel,
            tip=self.tr("Find compatible proposals near the selected one, record match groups and prepare contact texts"),
        )  # fmt: skip
        self.action_export = self._add_action(
            "export_public.svg", self.tr("Export public map…"), self.export_public_map,
            tip=self.tr("Anonymised themed map for public meetings and the council website: PDF, PNG, SVG, web map"),
        )  # fmt: skip
        self.menu.addSeparator()
        self.action_forget = self._add_action(
            "privacy_forget.svg", self.tr("Forget participant…"), self.forget_participant, toolbar=False,
            tip=self.tr("Erase a participant's personal data from the database (GDPR art. 17)"),
        )  # fmt: skip
        self.action_purge = self._add_action(
            "privacy_purge.svg", self.tr("Retention and purge…"), self.purge_expired, toolbar=False,
            tip=self.tr("See what the retention rules would erase, then erase it"),
        )  # fmt: skip
        self.menu.addSeparator()
        self._add_action(
            "mitmach.svg",
            self.tr("MitMach help"),
            self.show_help,
            tip=self.tr("Open the MitMach documentation in the web browser"),
        )
        LOG.debug("MitMach GUI loaded")

    def unload(self) -> None:
        for action in self.actions:
            if self.toolbar is not None:
                self.toolbar.removeAction(action)
            action.deleteLater()
        self.actions.clear()
        if self.matching_dock is not None:
            self.matching_dock.cleanup()
            self.iface.mainWindow().removeDockWidget(self.matching_dock)
            self.matching_dock.deleteLater()
            self.matching_dock = None
        if self.review_dock is not None:
            self.iface.mainWindow().removeDockWidget(self.review_dock)
            self.review_dock.deleteLater()
            self.review_dock = None
        if self.intake is not None:
            self.intake.deleteLater()
            self.intake = None
        if self.database is not None:
            self.database.deleteLater()
            self.database = None
        if self.menu is not None:
            self.iface.mainWindow().menuBar().removeAction(self.menu.menuAction())
            self.menu.deleteLater()
            self.menu = None
        if self.toolbar is not None:
            self.iface.mainWindow().removeToolBar(self.toolbar)
            self.toolbar.deleteLater()
            self.toolbar = None
        if self.provider is not None:
            QgsApplication.processingRegistry().removeProvider(self.provider)
            self.provider = None
        unload_translator(self.translator)
        self.translator = None
        remove_message_log_handler(self.log_handler)
        self.log_handler = None
        if self._resources_registered:
            resources_rc.qCleanupResources()
            self._resources_registered = False

    # -- actions ----------------------------------------------------------------------------------------
    def _add_action(self, icon_name: str, text: str, slot, toolbar: bool = True, tip: str = "") -> QAction:
        action = QAction(icon(icon_name), text, self.iface.mainWindow())
        action.setObjectName("mitmach_" + icon_name.rsplit(".", 1)[0] + f"_{len(self.actions)}")
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(slot)
        self.menu.addAction(action)
        if toolbar:
            self.toolbar.addAction(action)
        self.actions.append(action)
        return action

    def _follow_database(self, store) -> None:
        """Docks that are open follow a newly opened database; closed ones catch up when shown."""
        if self.matching_dock.isVisible():
            self.matching_dock.set_store(store)

    def _open_store(self):
        store = self.database.store
        if store is None:
            self.iface.messageBar().pushMessage(
                self.tr("MitMach"), self.tr("Open or create a participation database first."), Qgis.Warning, 6
            )
        return store

    def forget_participant(self):
        from .gui.privacy_dialog import show_forget_dialog

        store = self._open_store()
        return None if store is None else show_forget_dialog(self.iface, store)

    def purge_expired(self):
        from .gui.privacy_dialog import show_purge_dialog

        store = self._open_store()
        return None if store is None else show_purge_dialog(self.iface, store)

    def show_matching_panel(self) -> None:
        if self.matching_dock.store is not self.database.store:  # building the index costs: only on change
            self.matching_dock.set_store(self.database.store)
        self.matching_dock.show()
        self.matching_dock.raise_()

    def show_review_queue(self) -> None:
        self.review_dock.set_store(self.database.store)
        self.review_dock.show()
        self.review_dock.raise_()

    def export_public_map(self):
        from .gui.export_dialog import ExportPublicMapDialog

        store = self._open_store()
        if store is None:
            return None
        dialog = ExportPublicMapDialog(self.iface, store, self.iface.mainWindow())
        dialog.show()
        return dialog

    def show_help(self) -> None:
        QDesktopServices.openUrl(QUrl(HOMEPAGE))
