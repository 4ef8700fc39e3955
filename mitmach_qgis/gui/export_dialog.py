"""MitMach ▸ Export public map…: what will be published, before anything is written.

The preview anonymises the open database exactly as the export will (same k, same cells) and adds the
public cells to the map; the export itself runs as the Processing algorithm ``mitmach:exportpublicmap``
in QGIS's algorithm dialog, with progress and cancel.
"""

from __future__ import annotations

from qgis.core import Qgis, QgsProject
from qgis.PyQt.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout

from ..core.i18n import qgis_language
from ..data.stores import reopen_target as database_target  # the file, or a PostGIS target without password

PREVIEW_GROUP = "MitMach – public preview"


class ExportPublicMapDialog(QDialog):
    def __init__(self, iface, store, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("MitMachExportPublicMapDialog")
        self.setWindowTitle(self.tr("Export public map"))
        self.iface = iface
        self.store = store
        self.language = "de" if qgis_language() == "de" else "en"
        self.anonymised = None
        layout = QVBoxLayout(self)
        self.summaryLabel = QLabel(self)
        self.summaryLabel.setWordWrap(True)
        layout.addWidget(self.summaryLabel)
        self.previewButton = QPushButton(self.tr("Show the published cells on the map"), self)
        layout.addWidget(self.previewButton)
        self.buttonBox = QDialogButtonBox(QDialogButtonBox.Cancel, self)
        self.exportButton = self.buttonBox.addButton(self.tr("Export…"), QDialogButtonBox.AcceptRole)
        layout.addWidget(self.buttonBox)
        self.previewButton.clicked.connect(self.show_preview)
        self.buttonBox.accepted.connect(self.export)
        self.buttonBox.rejected.connect(self.reject)
        self.refresh()

    def refresh(self) -> None:
        from ..core.anonymise import anonymise
        from ..data.public_source import k_and_cell_size, public_points

        k, size = k_and_cell_size(self.store)
        self.anonymised = anonymise(public_points(self.store), k=k, cell_size_m=size)
        a = self.anonymised
        self.summaryLabel.setText(
            self.tr(
                "The public map shows {published} hexagon cells of {size} m as classes of participants "
                "({total} in all). {suppressed} cells with fewer than {k} participants and {themes} theme "
                "entries below {k} are not shown. {left_out} participants without consent to the public map "
                "are left out. No names, addresses or exact points are published."
            ).format(
                published=len(a.cells),
                size=int(a.cell_size_m),
                total=a.published_participants_class,
                suppressed=a.suppressed_cells,
                k=a.k,
                themes=a.suppressed_theme_entries,
                left_out=a.left_out_no_consent,
            )  # fmt: skip
        )
        self.exportButton.setEnabled(bool(a.cells))

    def show_preview(self) -> None:
        from ..export.public_layers import cells_layer

        layer = cells_layer(self.anonymised, f"EPSG:{self.store.srs_id}", self.language)
        root = QgsProject.instance().layerTreeRoot()
        group = root.findGroup(PREVIEW_GROUP) or root.insertGroup(0, PREVIEW_GROUP)
        group.removeAllChildren()
        QgsProject.instance().addMapLayer(layer, False)
        group.addLayer(layer)
        return layer

    def export(self) -> None:
        """Open the Processing dialog of mitmach:exportpublicmap, filled in (progress and cancel there)."""
        params = {"DATABASE": database_target(self.store), "LANGUAGE": 0 if self.language == "de" else 1}
        try:
            import processing

            processing.execAlgorithmDialog("mitmach:exportpublicmap", params)
        except Exception as exc:  # noqa: BLE001 - the Processing plugin may be switched off
            self.iface.messageBar().pushMessage(self.tr("MitMach"), str(exc), Qgis.Critical, 8)
            return
        self.accept()
