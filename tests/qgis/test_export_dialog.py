"""MitMach ▸ Export public map…: the preview says what will be published before anything is written."""

from __future__ import annotations

from qgis.core import QgsProject

from mitmach_qgis.core.demo import generate_demo_town
from mitmach_qgis.data.demo_db import write_demo
from mitmach_qgis.export.guard import check_public
from mitmach_qgis.gui.export_dialog import PREVIEW_GROUP, ExportPublicMapDialog


def test_preview_counts_and_public_cells(qgis_iface, qgis_new_project, tmp_path):
    town = generate_demo_town(seed=7, participants=200)
    store = write_demo(tmp_path / "demo.gpkg", town)
    dialog = ExportPublicMapDialog(qgis_iface, store)
    a = dialog.anonymised
    text = dialog.summaryLabel.text()
    assert f"{len(a.cells)} hexagon cells" in text and f"{a.suppressed_cells} cells" in text
    assert f"{a.left_out_no_consent} participants without consent" in text
    assert dialog.exportButton.isEnabled() == bool(a.cells)
    layer = dialog.show_preview()
    check_public([layer])  # the preview is exactly what may be published
    group = QgsProject.instance().layerTreeRoot().findGroup(PREVIEW_GROUP)
    assert [child.layer() for child in group.findLayers()] == [layer]
    names = {p.family_name for p in town.participants}
    values = [str(v) for f in layer.getFeatures() for v in f.attributes()]
    assert not names & set(values)
    dialog.show_preview()  # a second preview replaces the first
    assert len(group.findLayers()) == 1
