"""Run inside a real QGIS desktop by ``qgis --code``: checks the installed plugin, saves a screenshot, exits.

Results go to the JSON file named by MITMACH_E2E_OUT; QGIS is closed either way.
"""

import json
import os
import time
import traceback

from qgis.core import QgsApplication, QgsExpression, QgsFeatureRequest
from qgis.PyQt.QtCore import QTimer
from qgis.utils import active_plugins, iface, plugins

OUT = os.environ["MITMACH_E2E_OUT"]


def check():
    result = {}
    try:
        result["active_plugins"] = list(active_plugins)
        result["provider"] = bool(QgsApplication.processingRegistry().providerById("mitmach"))
        menus = [a.menu() for a in iface.mainWindow().menuBar().actions() if a.menu() is not None]
        ours = [m for m in menus if m.objectName() == "mitmachMenu"]
        result["menu_titles"] = [m.title() for m in menus]
        result["menu_entries"] = [a.text() for m in ours for a in m.actions() if not a.isSeparator()]
        toolbar = iface.mainWindow().findChild(type(iface.fileToolBar()), "mitmachToolBar")
        result["toolbar_buttons"] = len(toolbar.actions()) if toolbar is not None else -1
        demo = os.environ.get("MITMACH_E2E_DEMO")
        if demo:
            controller = plugins["mitmach_qgis"].database
            result["demo_opened"] = controller.open_path(demo)
            layers = controller.layers
            result["demo_layers"] = sorted(layer.customProperty("mitmach/table") for layer in layers.values())
            proposals = next(
                lyr for lyr in layers.values() if lyr.customProperty("mitmach/table") == "proposals"
            )
            result["proposals"] = proposals.featureCount()
            result["renderer"] = proposals.renderer().type()
            canvas = iface.mapCanvas()
            canvas.setDestinationCrs(proposals.crs())
            extent = proposals.extent()
            extent.grow(60)
            canvas.setExtent(extent)
            canvas.refreshAllLayers()
            QTimer.singleShot(4000, lambda: drive_forms(result))
            return
    except Exception:  # noqa: BLE001 - report, do not hang QGIS
        result["error"] = traceback.format_exc()
    finish(result)


def drive_forms(result):
    """Open the review queue and the new-proposal dialog once, as an officer would, with screenshots."""
    try:
        iface.mainWindow().grab().save(os.environ["MITMACH_E2E_SCREENSHOT"])
        plugin = plugins["mitmach_qgis"]
        plugin.show_review_queue()
        dock = plugin.review_dock
        result["review_rows"] = dock.model.rowCount() if hasattr(dock, "model") else -1
        dock.grab().save(os.environ["MITMACH_E2E_SCREENSHOT"].replace(".png", "-review.png"))
        dialog = plugin.intake.new_proposal()
        dialog.familyNameEdit.setText("Beispiel")
        dialog.streetEdit.setText("Zechenstraße")
        dialog.houseNumberEdit.setText("1")
        dialog.emailEdit.setText("kein-at-zeichen")
        result["dialog_visible"] = dialog.isVisible()
        result["dialog_message"] = dialog.messageLabel.text()
        dialog.grab().save(os.environ["MITMACH_E2E_SCREENSHOT"].replace(".png", "-proposal.png"))
        dialog.reject()
        plugin.review_dock.hide()
        plugin.show_matching_panel()
        matching = plugin.matching_dock
        deadline = time.monotonic() + 30
        while matching.building and time.monotonic() < deadline:  # the index is built in a QgsTask
            QgsApplication.processEvents()
            time.sleep(0.01)
        result["index_built"] = matching.index is not None
        proposals = next(
            lyr
            for lyr in plugin.database.layers.values()
            if lyr.customProperty("mitmach/table") == "proposals"
        )
        request = QgsFeatureRequest(QgsExpression("\"status\" = 'checked' AND \"theme\" = 'heating'"))
        for feature in proposals.getFeatures(request):
            proposals.selectByIds([feature.id()])  # as a click on the map would
            if len(matching.candidates) >= 3:
                break
        result["candidates"] = len(matching.candidates)
        result["candidate_rows"] = matching.model.rowCount()
        matching.zoom_to_all()
        QTimer.singleShot(2500, lambda: matching_shot(result, matching))
        return
    except Exception:  # noqa: BLE001
        result["error"] = traceback.format_exc()
    finish(result, screenshot=False)


def matching_shot(result, matching):
    try:
        iface.mainWindow().grab().save(os.environ["MITMACH_E2E_SCREENSHOT"].replace(".png", "-matching.png"))
    except Exception:  # noqa: BLE001
        result["error"] = traceback.format_exc()
    finish(result, screenshot=False)


def finish(result, screenshot=True):
    try:
        if screenshot:
            iface.mainWindow().grab().save(os.environ["MITMACH_E2E_SCREENSHOT"])
    except Exception:  # noqa: BLE001
        result["error"] = traceback.format_exc()
    with open(OUT, "w", encoding="utf-8") as fh:
        json.dump(result, fh)
    QTimer.singleShot(200, QgsApplication.instance().quit)


QTimer.singleShot(3000, check)
