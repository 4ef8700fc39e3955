"""The MitMach Processing provider (id ``mitmach``)."""

from __future__ import annotations

from pathlib import Path

from qgis.core import QgsProcessingProvider
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtGui import QIcon

PROVIDER_ID = "mitmach"
ICON_PATH = Path(__file__).resolve().parent.parent / "resources" / "icons" / "mitmach.svg"


def algorithm_classes() -> list[type]:
    """Every algorithm the provider offers, imported lazily so a provider load stays cheap."""
    from ..data.locate import make_locate
    from .create_database import CreateDatabaseAlgorithm
    from .export_public_map import ExportPublicMapAlgorithm
    from .find_matches import FindMatchesAlgorithm
    from .import_submissions import ImportSubmissionsAlgorithm
    from .synergy_clusters import SynergyClustersAlgorithm

    ImportSubmissionsAlgorithm.locate_factory = make_locate
    return [
        CreateDatabaseAlgorithm,
        ImportSubmissionsAlgorithm,
        FindMatchesAlgorithm,
        SynergyClustersAlgorithm,
        ExportPublicMapAlgorithm,
    ]


class MitMachProvider(QgsProcessingProvider):
    def tr(self, text: str) -> str:
        return QCoreApplication.translate("MitMachProvider", text)

    def id(self) -> str:
        return PROVIDER_ID

    def name(self) -> str:
        return self.tr("MitMach")

    def longName(self) -> str:  # noqa: N802
        return self.tr("MitMach – neighbourhood energy-renovation participation")

    def icon(self) -> QIcon:
        return QIcon(str(ICON_PATH))

    def svgIconPath(self) -> str:  # noqa: N802
        return str(ICON_PATH)

    def loadAlgorithms(self) -> None:  # noqa: N802
        for cls in algorithm_classes():
            self.addAlgorithm(cls())
