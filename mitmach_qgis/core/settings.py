"""Every setting of the plugin, in one place (QgsSettingsEntry… as available on QGIS 3.22)."""

from __future__ import annotations

from qgis.core import QgsSettingsEntryBool, QgsSettingsEntryString

PLUGIN_KEY = "mitmach_qgis"


class Settings:
    """Typed settings entries; read with ``Settings.X.value()``, write with ``setValue``."""

    DEBUG_LOG = QgsSettingsEntryBool(
        "debug_log", PLUGIN_KEY, False, "Write debug messages to the MitMach message log"
    )
    DEFAULT_CRS = QgsSettingsEntryString(
        "default_crs", PLUGIN_KEY, "EPSG:25832", "Projected CRS proposed for new participation databases"
    )
    LAST_DATABASE = QgsSettingsEntryString(
        "last_database", PLUGIN_KEY, "", "Participation database opened last"
    )
    LAST_FOLDER = QgsSettingsEntryString(
        "last_folder", PLUGIN_KEY, "", "Folder last used in a file dialog of the plugin"
    )
