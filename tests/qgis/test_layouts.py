"""The public map's layouts and exports on a small demo database: texts, privacy, sizes, atlas, guard."""

from __future__ import annotations

import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from qgis.core import QgsField, QgsProject, QgsRectangle, QgsVectorLayer
from qgis.PyQt.QtCore import QVariant
from qgis.PyQt.QtGui import QImage

from mitmach_qgis.core.demo import generate_demo_town
from mitmach_qgis.core.themes import THEMES
from mitmach_qgis.data.demo_db import write_demo
from mitmach_qgis.data.errors import StoreError
from mitmach_qgis.export.guard import PublicExportError
from mitmach_qgis.export.layouts import (
    TEMPLATES,
    build_layout,
    export_layout,
    fit_extent,
    item,
    template_path,
)
from mitmach_qgis.export.public_export import export_public_map
from mitmach_qgis.processing_provider.export_public_map import ExportPublicMapAlgorithm

TITLE = "Quartierskarte Testhausen"
PRIVACY_DE = "Aggregiert; Flächen mit weniger als {k} Teilnehmenden werden nicht gezeigt."
PRIVACY_EN = "Aggregated; areas with fewer than {k} participants are not shown."
LABELS_DE = {t.code: t.label_de for t in THEMES}
LABELS_EN = {t.code: t.label_en for t in THEMES}


def pdf_text(path: Path) -> str:
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True)
    return out.stdout


def flat(text: str) -> str:
    """pdftotext splits and spaces lines: compare with all whitespace folded to single spaces."""
    return re.sub(r"\s+", " ", text)


def pdf_pages(path: Path) -> int:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", out, re.M).group(1))


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    folder = tmp_path_factory.mktemp("layouts")
    town = generate_demo_town(participants=300)
    store = write_demo(folder / "demo.gpkg", town)
    return store, town, folder


@pytest.fixture(scope="module")
def exported(demo):
    store, _town, folder = demo
    out = folder / "out"
    result = export_public_map(
        store.path, out, formats=("pdf", "png", "svg"), atlas=True, title=TITLE, dpi=100, hex_size=150
    )
    return result, out


def personal_patterns(town) -> list[re.Pattern]:
    """Names, e-mails, phones and "street + house number" of every participant; a house number must not
    run on into a digit or a dash (a street label beside the legend's class "20–49" is no address)."""
    found = []
    for p in town.participants:
        found += [re.escape(f"{p.given_name} {p.family_name}"), re.escape(p.email)]
        found.append(re.escape(f"{p.street} {p.house_number}") + r"(?![0-9a-z–-])")
        if p.phone:
            found.append(re.escape(p.phone))
    return [re.compile(s) for s in found]


def test_the_personal_check_finds_what_it_looks_for(demo):
    _store, town, _folder = demo
    p = town.participants[0]
    with pytest.raises(AssertionError):
        assert_nothing_personal(town, f"Karte … {p.street} {p.house_number}, Legende")
    with pytest.raises(AssertionError):
        assert_nothing_personal(town, f"{p.given_name} {p.family_name}")


def assert_nothing_personal(town, text: str) -> None:
    for pattern in personal_patterns(town):
        assert not pattern.search(text), pattern.pattern


# -- the files ----------------------------------------------------------------------------------------------
def test_templates_are_shipped_with_every_item():
    for name in TEMPLATES:
        text = template_path(name).read_text(encoding="utf-8")
        root = ET.fromstring(text)
        ids = {e.get("id") for e in root.iter("LayoutItem")}
        assert {"title", "subtitle", "date", "map", "legend", "scalebar", "north_arrow", "source", "privacy",
                "logo"} <= ids, name  # fmt: skip
        assert "format_date(now(), 'dd.MM.yyyy')" in text


def test_public_pdf_has_title_legend_and_privacy_note_and_nothing_personal(demo, exported):
    _store, town, _folder = demo
    result, out = exported
    assert set(result["paths"]) == {"pdf", "png", "svg", "atlas"}
    assert sorted(p.name for p in out.iterdir()) == [
        "public-atlas.pdf", "public-map.pdf", "public-map.png", "public-map.svg"
    ]  # fmt: skip
    text = flat(pdf_text(out / "public-map.pdf"))
    assert TITLE in text
    assert PRIVACY_DE.format(k=result["k"]) in text
    assert result["cells_published"] > 0 and result["themes"]
    for code in result["themes"]:
        assert LABELS_DE[code] in text, code
    assert_nothing_personal(town, text)
    assert_nothing_personal(town, flat(pdf_text(out / "public-atlas.pdf")))
    assert_nothing_personal(town, (out / "public-map.svg").read_text(encoding="utf-8"))


def test_counts_are_reported(exported):
    result, _out = exported
    assert result["k"] == 4 and result["cell_size_m"] == 150.0
    assert result["left_out_no_consent"] > 0  # the demo has participants without consent
    assert result["cells_suppressed"] >= 0 and result["theme_entries_suppressed"] >= 0
    assert result["times"]["pdf"] > 0 and result["times"]["total"] >= result["times"]["pdf"]


def test_png_size_matches_dpi_and_page(exported):
    _result, out = exported
    image = QImage(str(out / "public-map.png"))
    assert not image.isNull()
    # A4 landscape at 100 dpi: 297 mm × 210 mm
    assert abs(image.width() - round(297 / 25.4 * 100)) <= 1
    assert abs(image.height() - round(210 / 25.4 * 100)) <= 1


def test_svg_is_valid_xml(exported):
    _result, out = exported
    root = ET.parse(out / "public-map.svg").getroot()
    assert root.tag.endswith("svg")


def test_atlas_has_an_overview_and_one_page_per_published_theme(exported):
    result, out = exported
    pages = pdf_pages(out / "public-atlas.pdf")
    assert pages == len(result["themes"]) + 1 == result["atlas_pages"]
    assert pages >= 3
    text = flat(pdf_text(out / "public-atlas.pdf"))
    assert "Übersicht" in text
    for code in result["themes"]:
        assert f"Thema: {LABELS_DE[code]}" in text


def test_english_on_request(demo, tmp_path):
    store, _town, _folder = demo
    result = export_public_map(
        store.path, tmp_path, formats=("pdf",), language="en", template="a4_portrait", k=5
    )
    text = flat(pdf_text(tmp_path / "public-map.pdf"))
    assert PRIVACY_EN.format(k=5) in text
    assert "Legend" in text and "Ideas for energy renovation" in text
    assert "Aggregiert" not in text
    for code in result["themes"]:
        assert LABELS_EN[code] in text


# -- the layout itself --------------------------------------------------------------------------------------
def test_map_extent_is_set_and_not_empty(demo, tmp_path):
    store, _town, _folder = demo
    project = QgsProject()
    layer = QgsVectorLayer(
        f"{store.path}|layername=buildings|subset=SELECT fid, geom FROM buildings", "b", "ogr"
    )
    assert layer.isValid()
    project.addMapLayer(layer)
    extent = layer.extent()
    layout = build_layout(project, "a3_portrait", "T", "S", "de", [layer], extent, 4, logo=None)
    map_item = item(layout, "map")
    got = map_item.extent()
    assert not got.isEmpty() and got.width() > 0 and got.height() > 0
    assert got.contains(extent)
    size = map_item.sizeWithUnits()
    assert got.width() / got.height() == pytest.approx(size.width() / size.height(), rel=1e-3)
    assert item(layout, "privacy").text() == PRIVACY_DE.format(k=4)
    assert item(layout, "legend").model().rootGroup().findLayerIds() == [layer.id()]
    assert item(layout, "north_arrow").picturePath().endswith("NorthArrow_02.svg")
    assert Path(item(layout, "north_arrow").picturePath()).is_file()
    logo = tmp_path / "logo.svg"
    logo.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"/>', encoding="utf-8")
    layout = build_layout(project, "a4_portrait", "T", "S", "en", [layer], extent, 6, logo=logo)
    assert item(layout, "logo").picturePath() == str(logo)
    assert item(layout, "privacy").text() == PRIVACY_EN.format(k=6)
    png = export_layout(layout, tmp_path / "x.png", "png", dpi=72)
    image = QImage(str(png))
    assert (abs(image.width() - round(210 / 25.4 * 72)), abs(image.height() - round(297 / 25.4 * 72))) <= (
        1,
        1,
    )
    del layout
    project.clear()


def test_fit_extent_keeps_the_data_and_the_item_ratio():
    fitted = fit_extent(QgsRectangle(0, 0, 1000, 100), 200, 100)
    assert fitted.contains(QgsRectangle(0, 0, 1000, 100))
    assert fitted.width() / fitted.height() == pytest.approx(2.0)


# -- refusals -----------------------------------------------------------------------------------------------
def test_guard_refuses_a_personal_layer_and_nothing_is_written(demo, tmp_path):
    store, _town, _folder = demo
    personal = QgsVectorLayer("Polygon?crs=EPSG:25832", "Kontakte", "memory")
    personal.dataProvider().addAttributes([QgsField("family_name", QVariant.String)])
    personal.updateFields()
    out = tmp_path / "out"
    with pytest.raises(PublicExportError, match="Kontakte"):
        export_public_map(store.path, out, formats=("pdf", "png", "svg"), atlas=True, extra_layers=[personal])
    assert not out.exists() or list(out.iterdir()) == []


def test_participants_table_is_refused_as_background(demo, tmp_path):
    store, _town, _folder = demo
    participants = QgsVectorLayer(f"{store.path}|layername=participants", "p", "ogr")
    with pytest.raises(PublicExportError):
        export_public_map(store.path, tmp_path, formats=("pdf",), extra_layers=[participants])
    assert list(tmp_path.iterdir()) == []


def test_internal_export_never_called_public(demo, tmp_path):
    store, town, _folder = demo
    with pytest.raises(PublicExportError):
        export_public_map(store.path, tmp_path, formats=("pdf",), internal=True, basename="public-officer")
    with pytest.raises(StoreError):
        export_public_map(store.path, tmp_path, formats=("pdf",), internal=True, atlas=True)
    assert list(tmp_path.iterdir()) == []
    result = export_public_map(store.path, tmp_path, formats=("pdf",), internal=True)
    assert Path(result["paths"]["pdf"]).name == "internal-map.pdf"
    assert "public" not in Path(result["paths"]["pdf"]).name


def test_bad_input_is_refused_before_writing(demo, tmp_path):
    store, _town, _folder = demo
    for kwargs in ({"k": 2}, {"hex_size": 50}, {"formats": ("tiff",)}, {"template": "a5_portrait"}):
        with pytest.raises(StoreError):
            export_public_map(store.path, tmp_path / "x", **kwargs)
    assert not (tmp_path / "x").exists()


# -- Processing ---------------------------------------------------------------------------------------------
def test_algorithm_runs_and_reports_counts(demo, tmp_path, qgis_processing):
    from qgis.core import QgsProcessingContext, QgsProcessingFeedback

    store, _town, _folder = demo
    algorithm = ExportPublicMapAlgorithm()
    algorithm.initAlgorithm()
    assert algorithm.name() == "exportpublicmap" and algorithm.groupId() == "publication"
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    params = {"DATABASE": str(store.path), "OUTPUT_FOLDER": str(tmp_path), "FORMATS": [0, 2], "LANGUAGE": 1,
              "TEMPLATE": 3, "DPI": 72, "TITLE": "Algorithm map"}  # fmt: skip
    results, ok = algorithm.run(params, context, QgsProcessingFeedback())
    assert ok
    assert Path(results["PDF"]).name == "public-map.pdf" and Path(results["SVG"]).is_file()
    assert results["PNG"] is None
    assert results["CELLS_PUBLISHED"] > 0 and results["LEFT_OUT_NO_CONSENT"] > 0
    text = flat(pdf_text(Path(results["PDF"])))
    assert "Algorithm map" in text and PRIVACY_EN.format(k=4) in text


def test_build_atlas_on_its_own(demo, tmp_path):
    from mitmach_qgis.core.anonymise import anonymise
    from mitmach_qgis.data.public_source import public_points
    from mitmach_qgis.export.layouts import build_atlas, export_atlas

    store, _town, _folder = demo
    anonymised = anonymise(public_points(store), k=4, cell_size_m=150.0)
    project = QgsProject()
    pages = build_atlas(project, anonymised, "EPSG:25832", "en", template="a3_landscape", title="Atlas")
    themes = {t for c in anonymised.cells for t in c.theme_classes}
    assert len(pages) == len(themes) + 1
    for page in pages:
        assert not item(page, "map").extent().isEmpty()
    path = export_atlas(pages, tmp_path / "atlas.pdf", dpi=72)
    assert pdf_pages(path) == len(pages)
    text = flat(pdf_text(path))
    assert "Overview" in text and all(f"theme: {LABELS_EN[t]}" in text for t in themes)
    del pages
    project.clear()


def test_web_format_writes_the_web_map_folder(demo, tmp_path):
    store, town, _folder = demo
    result = export_public_map(store.path, tmp_path, formats=("web",), title=TITLE)
    index = Path(result["paths"]["web"])
    assert index == tmp_path / "webmap" / "index.html" and index.is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["webmap"]  # no scratch folder left behind
    for path in (tmp_path / "webmap").rglob("*"):
        if path.suffix in (".html", ".js", ".json", ".geojson") and "vendor" not in path.parts:
            assert_nothing_personal(town, path.read_text(encoding="utf-8"))


def test_theme_ramp_keeps_the_theme_hue_light_to_full():
    from qgis.PyQt.QtGui import QColor

    from mitmach_qgis.export.layouts import theme_ramp

    for theme in THEMES:
        ramp = [QColor(c) for c in theme_ramp(theme.colour, 4)]
        assert ramp[-1].name() == QColor(theme.colour).name()
        assert all(c.name() != "#ffffff" for c in ramp)
        assert [c.lightness() for c in ramp] == sorted((c.lightness() for c in ramp), reverse=True)
