"""Icons from the compiled resources (``resources_rc``), falling back to the SVG files in a source tree."""

from __future__ import annotations

from pathlib import Path

from qgis.PyQt.QtCore import QFile
from qgis.PyQt.QtGui import QIcon

RESOURCE_PREFIX = ":/plugins/mitmach_qgis/resources/icons/"
ICON_DIR = Path(__file__).resolve().parent.parent / "resources" / "icons"


def icon_path(name: str) -> str:
    resource = RESOURCE_PREFIX + name
    return resource if QFile.exists(resource) else str(ICON_DIR / name)


def icon(name: str) -> QIcon:
    return QIcon(icon_path(name))
