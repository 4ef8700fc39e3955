"""Every setting of the plugin, in one place (QgsSettingsEntry… as available on QGIS 3.22)."""

from __future__ import annotations

from qgis.core import QgsSettingsEntryBool, QgsSettingsEntryDouble, QgsSettingsEntryString

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
    GEOCODER_ENABLED = QgsSettingsEntryBool(
        "geocoder_enabled",
        PLUGIN_KEY,
        False,
        "Ask a Nominatim-compatible web geocoder when the gazetteer has no answer",
    )
    GEOCODER_URL = QgsSettingsEntryString(
        "geocoder_url",
        PLUGIN_KEY,
        "",
        "Search URL of a Nominatim-compatible geocoder, e.g. https://nominatim.example.org/search",
    )
    GEOCODER_TIMEOUT_S = QgsSettingsEntryDouble(
        "geocoder_timeout_s", PLUGIN_KEY, 10.0, "Seconds to wait for the web geocoder before giving up"
    )
    GEOCODER_EMAIL = QgsSettingsEntryString(
        "geocoder_email",
        PLUGIN_KEY,
        "",
        "Contact e-mail sent to the web geocoder (Nominatim's usage policy asks for one)",
    )
