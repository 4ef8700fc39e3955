"""The plugin in a (headless) QGIS: menu, toolbar, provider, translation, logging, clean unload."""

from __future__ import annotations

import logging

import pytest
from qgis.core import QgsApplication, QgsSettings
from qgis.PyQt.QtCore import QCoreApplication, QEvent, QFile
from qgis.PyQt.QtWidgets import QDockWidget, QToolBar

from mitmach_qgis import classFactory
from mitmach_qgis.core.i18n import translation_file
from mitmach_qgis.gui.icons import RESOURCE_PREFIX
from mitmach_qgis.plugin import MitMachPlugin


def _menus(iface):
    return [
        a.menu() for a in iface.mainWindow().menuBar().actions()
        if a.menu() is not None and a.menu().objectName() == MitMachPlugin.MENU_OBJECT_NAME
    ]  # fmt: skip


def _toolbars(iface):
    return [
        t for t in iface.mainWindow().findChildren(QToolBar)
        if t.objectName() == MitMachPlugin.TOOLBAR_OBJECT_NAME and not t.property("_deleted")
    ]  # fmt: skip


@pytest.fixture
def locale(request):
    """Run QGIS with the given user locale override, restored afterwards."""
    settings = QgsSettings()
    old = (settings.value("locale/overrideFlag"), settings.value("locale/userLocale"))
    settings.setValue("locale/overrideFlag", True)
    settings.setValue("locale/userLocale", request.param)
    yield request.param
    settings.setValue("locale/overrideFlag", old[0] if old[0] is not None else False)
    settings.setValue("locale/userLocale", old[1] or "")


@pytest.mark.parametrize("locale", ["en"], indirect=True)
def test_load_and_unload_twice_leaves_nothing(qgis_iface, locale):
    registry = QgsApplication.processingRegistry()
    logger = logging.getLogger("mitmach_qgis")
    handlers_before = list(logger.handlers)
    actions_before = len(qgis_iface.mainWindow().menuBar().actions())
    for _round in range(2):
        plugin = classFactory(qgis_iface)
        plugin.initGui()
        assert len(_menus(qgis_iface)) == 1
        menu = _menus(qgis_iface)[0]
        assert menu.title().replace("&", "") == "MitMach"
        assert [a for a in menu.actions() if not a.isSeparator()], "the menu has entries"
        assert plugin.toolbar.actions(), "the toolbar has buttons"
        assert not plugin.toolbar.actions()[0].icon().isNull()
        assert registry.providerById("mitmach") is plugin.provider
        assert len(logger.handlers) == len(handlers_before) + 1
        assert QFile.exists(RESOURCE_PREFIX + "mitmach.svg"), "compiled resources registered"

        toolbar = plugin.toolbar
        for dock in ("MitMachReviewDock", "MitMachMatchingDock"):
            assert qgis_iface.mainWindow().findChild(QDockWidget, dock) is not None
        plugin.unload()
        QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)  # run the deleteLater()s
        assert _menus(qgis_iface) == []
        for dock in ("MitMachReviewDock", "MitMachMatchingDock"):
            assert qgis_iface.mainWindow().findChild(QDockWidget, dock) is None
        assert toolbar not in qgis_iface.mainWindow().findChildren(QToolBar)
        assert registry.providerById("mitmach") is None
        assert logger.handlers == handlers_before
        assert len(qgis_iface.mainWindow().menuBar().actions()) == actions_before
        assert plugin.actions == []
        assert not QFile.exists(RESOURCE_PREFIX + "mitmach.svg"), "resources unregistered"


@pytest.mark.parametrize("locale", ["de"], indirect=True)
def test_german_locale_shows_german_menu(qgis_iface, locale):
    assert translation_file("de").is_file(), "the build compiles i18n/mitmach_qgis_de.qm"
    plugin = classFactory(qgis_iface)
    plugin.initGui()
    try:
        texts = [a.text() for a in _menus(qgis_iface)[0].actions() if not a.isSeparator()]
        assert "MitMach-Hilfe" in texts
        assert plugin.provider.name() == "MitMach"
        assert "Beteiligung" in plugin.provider.longName()
        # algorithms translate under their own class name (the base class's tr follows the subclass)
        assert plugin.provider.algorithm("createdatabase").displayName() == "Beteiligungsdatenbank anlegen"
        assert plugin.provider.algorithm("synergyclusters").group() == "Analyse"
    finally:
        plugin.unload()
    # the translator is gone with the plugin
    assert QCoreApplication.translate("MitMachPlugin", "MitMach help") == "MitMach help"


@pytest.mark.parametrize("locale", ["en"], indirect=True)
def test_python_logging_reaches_the_message_log_under_the_mitmach_tag(qgis_iface, locale):
    received = []

    def collect(message, tag, level):
        received.append((message, tag))

    QgsApplication.messageLog().messageReceived.connect(collect)
    plugin = classFactory(qgis_iface)
    try:
        logging.getLogger("mitmach_qgis.test").warning("match saved for erika@example.org")
    finally:
        plugin.unload()
        QgsApplication.messageLog().messageReceived.disconnect(collect)
    ours = [m for m, tag in received if tag == "MitMach"]
    assert len(ours) == 1
    assert "match saved" in ours[0] and "erika@" not in ours[0]


@pytest.mark.parametrize("locale", ["en"], indirect=True)
def test_privacy_entries_need_a_database_then_open_their_dialogs(qgis_iface, locale, tmp_path):
    from qgis.core import Qgis

    from mitmach_qgis.data.gpkg_store import GeoPackageStore
    from mitmach_qgis.gui.privacy_dialog import ForgetParticipantDialog, RetentionPurgeDialog

    plugin = classFactory(qgis_iface)
    plugin.initGui()
    try:
        texts = [a.text() for a in _menus(qgis_iface)[0].actions() if not a.isSeparator()]
        assert {"Back up database…", "Forget participant…", "Retention and purge…"} <= set(texts)
        warnings = len(qgis_iface.messageBar().get_messages(Qgis.Warning))
        assert plugin.forget_participant() is None and plugin.purge_expired() is None
        assert len(qgis_iface.messageBar().get_messages(Qgis.Warning)) == warnings + 2
        plugin.database.store = GeoPackageStore.create(tmp_path / "x.gpkg")
        forget, purge = plugin.forget_participant(), plugin.purge_expired()
        assert isinstance(forget, ForgetParticipantDialog) and isinstance(purge, RetentionPurgeDialog)
        for dialog in (forget, purge):
            dialog.close()
            dialog.deleteLater()
    finally:
        plugin.unload()
        QCoreApplication.sendPostedEvents(None, QEvent.DeferredDelete)
