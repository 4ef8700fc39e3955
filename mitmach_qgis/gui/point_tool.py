"""A map tool that hands one clicked point (in the canvas CRS) to a callback, then steps aside."""

from __future__ import annotations

from qgis.gui import QgsMapToolEmitPoint
from qgis.PyQt.QtCore import Qt, pyqtSignal


class PointPickTool(QgsMapToolEmitPoint):
    picked = pyqtSignal(object)  # QgsPointXY in the canvas CRS
    cancelled = pyqtSignal()

    def __init__(self, canvas) -> None:
        super().__init__(canvas)
        self.setCursor(Qt.CrossCursor)
        self.canvasClicked.connect(self._clicked)

    def _clicked(self, point, button) -> None:
        if button == Qt.LeftButton:
            self.picked.emit(point)
        else:
            self.cancelled.emit()

    def keyPressEvent(self, event) -> None:  # noqa: N802
        if event.key() == Qt.Key_Escape:
            self.cancelled.emit()
        else:
            super().keyPressEvent(event)
