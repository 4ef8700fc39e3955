"""Translation helpers shared by every layer.

Strings inside a class go through that class's ``tr`` (context = class name, as ``pylupdate5`` assigns
it); strings at module level go through :func:`tr` here (context ``@default``).
"""

from __future__ import annotations

from pathlib import Path

from qgis.PyQt.QtCore import QCoreApplication, QLocale, QSettings, QTranslator

PLUGIN_DIR = Path(__file__).resolve().parent.parent
I18N_DIR = PLUGIN_DIR / "i18n"
SUPPORTED_LANGUAGES = ("de", "en")


def tr(text: str, context: str = "@default") -> str:
    """Translate a module-level string."""
    return QCoreApplication.translate(context, text)


def qgis_language() -> str:
    """The two-letter language QGIS runs in, honouring QGIS's own locale override.

    Reads the same settings as ``QgsApplication.locale()`` but works before a QgsApplication exists
    (CLI) and falls back to the system locale.
    """
    settings = QSettings()
    override = settings.value("locale/overrideFlag", False, type=bool)
    name = settings.value("locale/userLocale", "", type=str) if override else ""
    if not name:
        try:
            from qgis.core import QgsApplication

            name = QgsApplication.locale()
        except Exception:  # noqa: BLE001 - no QGIS: system locale below
            name = ""
    if not name or name == "C":
        name = QLocale.system().name()
    return (name or "en")[:2].lower()


def translation_file(language: str) -> Path:
    return I18N_DIR / f"mitmach_qgis_{language}.qm"


def load_translator(language: str | None = None) -> QTranslator | None:
    """Install the plugin's translator for ``language`` (default: QGIS's); None when there is none.

    English is the source language, so it needs no translator.
    """
    language = (language or qgis_language())[:2].lower()
    path = translation_file(language)
    if language == "en" or not path.is_file():
        return None
    translator = QTranslator()
    if not translator.load(str(path)):
        return None
    QCoreApplication.installTranslator(translator)
    return translator


def unload_translator(translator: QTranslator | None) -> None:
    if translator is not None:
        QCoreApplication.removeTranslator(translator)
