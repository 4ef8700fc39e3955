"""Print layouts of the public map: the shipped templates filled in, exported, and a per-theme atlas.

The templates (``resources/layouts/mitmach_<paper>_<orientation>.qpt``) carry the items with stable ids
(``title``, ``subtitle``, ``date``, ``map``, ``legend``, ``scalebar``, ``north_arrow``, ``source``,
``privacy``, ``logo``); :func:`build_layout` fills them in. The map's extent is always set explicitly:
``zoomToExtent()`` on a freshly loaded map item can leave it empty (PERFORMANCE.md).

Texts printed on the map follow the *requested* language (a German map from an English QGIS), so they
live here per language, as the theme labels do in ``core/themes.py``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from qgis.core import (
    QgsLayout,
    QgsLayoutExporter,
    QgsLayoutItemLabel,
    QgsLayoutItemLegend,
    QgsLayoutItemMap,
    QgsLayoutItemPicture,
    QgsLayoutItemScaleBar,
    QgsMapLayer,
    QgsPrintLayout,
    QgsProject,
    QgsReadWriteContext,
    QgsRectangle,
    QgsRenderContext,
    QgsSymbolLayerUtils,
    QgsUnitTypes,
)
from qgis.PyQt.QtCore import QMarginsF, QSizeF
from qgis.PyQt.QtGui import QColor, QPageLayout, QPageSize, QPainter, QPdfWriter
from qgis.PyQt.QtXml import QDomDocument

from ..core.themes import THEMES
from ..data.errors import StoreError

LAYOUTS_DIR = Path(__file__).resolve().parent.parent / "resources" / "layouts"
TEMPLATES = ("a4_portrait", "a4_landscape", "a3_portrait", "a3_landscape")
FORMATS = ("pdf", "png", "svg")
NORTH_ARROW = "arrows/NorthArrow_02.svg"
MAP_MARGIN = 0.06  # share of the data's extent added around it

# what the map says, per language (the map's language is a parameter, not QGIS's locale)
TEXTS = {
    "de": {
        "privacy": "Aggregiert; Flächen mit weniger als {k} Teilnehmenden werden nicht gezeigt.",
        "legend": "Legende",
        "title": "Ideen für die energetische Sanierung im Quartier",
        "subtitle": "Beteiligung MitMach – alle Themen",
        "subtitle_theme": "Beteiligung MitMach – Thema: {theme}",
        "source": "Datenquelle: MitMach-Beteiligung, Sechseckzellen von {size} m; Hintergrund: Straßen und "
        "Gebäude (nur zur Orientierung).",
        "source_internal": "Datenquelle: MitMach-Beteiligung – genaue Standorte, nur für den Dienstgebrauch.",
        "internal_title": "Intern – nicht zur Veröffentlichung",
        "internal_note": "Enthält genaue Standorte. Nicht veröffentlichen.",
        "overview": "Übersicht",
    },
    "en": {
        "privacy": "Aggregated; areas with fewer than {k} participants are not shown.",
        "legend": "Legend",
        "title": "Ideas for energy renovation in the neighbourhood",
        "subtitle": "MitMach participation – all themes",
        "subtitle_theme": "MitMach participation – theme: {theme}",
        "source": "Data: MitMach participation, hexagon cells of {size} m; background: streets and buildings "
        "(for orientation only).",
        "source_internal": "Data: MitMach participation – exact locations, for official use only.",
        "internal_title": "Internal – not for publication",
        "internal_note": "Contains exact locations. Do not publish.",
        "overview": "Overview",
    },
}
ERRORS = {
    "template": {
        "de": "Unbekannte Layoutvorlage {name}; bekannt: {known}.",
        "en": "Unknown layout template {name}; known: {known}.",
    },
    "load": {
        "de": "Die Layoutvorlage {path} kann nicht geladen werden.",
        "en": "The layout template {path} cannot be loaded.",
    },
    "format": {
        "de": "Unbekanntes Format {fmt}; bekannt: {known}.",
        "en": "Unknown format {fmt}; known: {known}.",
    },
    "export": {
        "de": "{path} kann nicht geschrieben werden (Fehler {code} beim Export des Layouts).",
        "en": "Cannot write {path} (error {code} while exporting the layout).",
    },
    "empty": {
        "de": "Die Karte hat keine Ausdehnung: es gibt nichts zu zeigen.",
        "en": "The map has no extent: there is nothing to show.",
    },
}


def language_of(language: str | None) -> str:
    return "en" if (language or "de")[:2].lower() == "en" else "de"


def text(key: str, language: str, **values) -> str:
    return TEXTS[language_of(language)][key].format(**values)


def error(key: str, language: str, **values) -> StoreError:
    return StoreError(ERRORS[key][language_of(language)].format(**values))


def template_path(template: str) -> Path:
    return LAYOUTS_DIR / f"mitmach_{template}.qpt"


def theme_label(code: str, language: str) -> str:
    found = next((t for t in THEMES if t.code == code), None)
    if found is None:
        return code
    return found.label_en if language_of(language) == "en" else found.label_de


# -- building -----------------------------------------------------------------------------------------------
def load_template(project: QgsProject, template: str, language: str = "de") -> QgsPrintLayout:
    if template not in TEMPLATES:
        raise error("template", language, name=template, known=", ".join(TEMPLATES))
    path = template_path(template)
    document = QDomDocument()
    content = path.read_text(encoding="utf-8") if path.is_file() else ""
    if not content or not document.setContent(content):
        raise error("load", language, path=path)
    layout = QgsPrintLayout(project)
    _items, ok = layout.loadFromTemplate(document, QgsReadWriteContext())
    if not ok:
        raise error("load", language, path=path)
    layout.setName(f"MitMach {template}")
    return layout


def item(layout: QgsLayout, ident: str):
    """The template's item with id ``ident`` as its own class (label, map, legend, …), or None."""
    found = layout.itemById(ident)
    if found is None:
        return None
    for cls in (QgsLayoutItemMap, QgsLayoutItemLegend, QgsLayoutItemScaleBar, QgsLayoutItemPicture,
                QgsLayoutItemLabel):  # fmt: skip
        if isinstance(found, cls):
            return found
    return found


def fit_extent(extent: QgsRectangle, width: float, height: float, margin: float = MAP_MARGIN) -> QgsRectangle:
    """``extent`` with a margin, widened to the map item's aspect ratio (so setExtent keeps the item's size)."""
    w = max(extent.width(), 1.0) * (1 + 2 * margin)
    h = max(extent.height(), 1.0) * (1 + 2 * margin)
    ratio = width / height if height > 0 else 1.0
    if w / h < ratio:
        w = h * ratio
    else:
        h = w / ratio
    cx, cy = extent.center().x(), extent.center().y()
    return QgsRectangle(cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2)


def layers_extent(layers: Sequence[QgsMapLayer]) -> QgsRectangle:
    extent = QgsRectangle()
    extent.setMinimal()
    for layer in layers:
        e = layer.extent()
        if not e.isNull() and not e.isEmpty():
            extent.combineExtentWith(e)
    return extent


def build_layout(
    project: QgsProject,
    template: str,
    title: str,
    subtitle: str,
    language: str,
    layers: Sequence[QgsMapLayer],
    extent: QgsRectangle | None,
    k: int,
    logo: str | Path | None = None,
    legend_layers: Sequence[QgsMapLayer] | None = None,
    source: str | None = None,
    privacy: str | None = None,
    legend_titles: dict[str, str] | None = None,
) -> QgsPrintLayout:
    """A layout from ``template`` with the texts, ``layers`` on the map (first = top) and ``extent``.

    The layers must belong to ``project`` (or live as long as the layout). ``legend_layers`` (default: all)
    are the legend's entries: the public layers, not the background. ``privacy`` replaces the privacy note
    (the internal map says it holds exact points).
    """
    language = language_of(language)
    layout = load_template(project, template, language)
    _set_text(layout, "title", title)
    _set_text(layout, "subtitle", subtitle)
    _set_text(layout, "privacy", privacy if privacy is not None else text("privacy", language, k=k))
    _set_text(layout, "source", source if source is not None else "")
    map_item = item(layout, "map")
    layers = list(layers)
    map_item.setLayers(layers)
    map_item.setKeepLayerSet(True)
    map_item.setCrs(next((lay.crs() for lay in layers if lay.crs().isValid()), project.crs()))
    if extent is None or extent.isEmpty():
        extent = layers_extent(layers)
    if extent.isNull() or extent.isEmpty():
        raise error("empty", language)
    size = map_item.sizeWithUnits()
    map_item.setExtent(fit_extent(extent, size.width(), size.height()))
    if map_item.extent().isEmpty():  # pragma: no cover - the pitfall this guards against
        raise error("empty", language)
    legend = item(layout, "legend")
    if legend is not None:
        legend.setTitle(text("legend", language))
        legend.setLinkedMap(map_item)
        legend.setAutoUpdateModel(False)
        root = legend.model().rootGroup()
        root.clear()
        for layer in legend_layers if legend_layers is not None else layers:
            node = root.addLayer(layer)
            label = (legend_titles or {}).get(layer.id())
            if label and node is not None:
                node.setCustomProperty("legend/title-label", label)
        legend.adjustBoxSize()
        legend.refresh()
    scalebar = item(layout, "scalebar")
    if scalebar is not None:
        scalebar.setLinkedMap(map_item)
        scalebar.setUnits(QgsUnitTypes.DistanceMeters)
        scalebar.setUnitLabel("m")
        scalebar.update()
    arrow = item(layout, "north_arrow")
    if arrow is not None:
        arrow.setPicturePath(QgsSymbolLayerUtils.svgSymbolNameToPath(NORTH_ARROW, project.pathResolver()))
        arrow.setLinkedMap(map_item)
    set_logo(layout, logo)
    layout.refresh()
    return layout


def set_logo(layout: QgsLayout, logo: str | Path | None) -> None:
    picture = item(layout, "logo")
    if picture is not None:
        picture.setPicturePath(str(Path(logo).resolve()) if logo else "")


def _set_text(layout: QgsLayout, ident: str, value: str) -> None:
    label = item(layout, ident)
    if label is not None:
        label.setText(value)


# -- exporting ----------------------------------------------------------------------------------------------
def page_size_mm(layout: QgsLayout) -> QSizeF:
    size = layout.pageCollection().page(0).pageSize()
    mm = layout.convertToLayoutUnits(size)
    return QSizeF(mm.width(), mm.height())


def export_layout(
    layout: QgsLayout, path: str | Path, fmt: str, dpi: int = 150, language: str = "de"
) -> Path:
    """Write the layout's page as PDF (text as text, vector), PNG (``dpi`` × page size) or SVG."""
    path = Path(path)
    fmt = fmt.lower()
    exporter = QgsLayoutExporter(layout)
    if fmt == "pdf":
        settings = QgsLayoutExporter.PdfExportSettings()
        settings.dpi = dpi
        settings.rasterizeWholeImage = False
        settings.forceVectorOutput = False  # a layer that asks for raster (heavy background) stays raster
        settings.textRenderFormat = QgsRenderContext.TextFormatAlwaysText
        settings.appendGeoreference = True
        settings.exportMetadata = True
        result = exporter.exportToPdf(str(path), settings)
    elif fmt == "png":
        settings = QgsLayoutExporter.ImageExportSettings()
        settings.dpi = dpi
        settings.generateWorldFile = False
        settings.exportMetadata = False  # GDAL cannot add it to a PNG ("no update access")
        result = exporter.exportToImage(str(path), settings)
    elif fmt == "svg":
        settings = QgsLayoutExporter.SvgExportSettings()
        settings.dpi = dpi
        settings.forceVectorOutput = True
        settings.exportAsLayers = False
        settings.textRenderFormat = QgsRenderContext.TextFormatAlwaysText
        result = exporter.exportToSvg(str(path), settings)
    else:
        raise error("format", language, fmt=fmt, known=", ".join(FORMATS))
    if result != QgsLayoutExporter.Success:
        raise error("export", language, path=path, code=int(result))
    return path


def export_pages(layouts: Sequence[QgsLayout], path: str | Path, dpi: int = 150) -> Path:
    """All ``layouts`` (same page size) as the pages of one PDF, text and vectors kept."""
    path = Path(path)
    first = page_size_mm(layouts[0])
    writer = QPdfWriter(str(path))
    writer.setResolution(int(dpi))
    writer.setCreator("MitMach for QGIS")
    writer.setPageLayout(
        QPageLayout(
            QPageSize(first, QPageSize.Millimeter),
            QPageLayout.Portrait,
            QMarginsF(0, 0, 0, 0),
        )
    )
    painter = QPainter()
    if not painter.begin(writer):
        raise error("export", "en", path=path, code=-1)
    try:
        for index, layout in enumerate(layouts):
            if index:
                writer.newPage()
            layout.renderContext().setDpi(dpi)
            layout.renderContext().setTextRenderFormat(QgsRenderContext.TextFormatAlwaysText)
            QgsLayoutExporter(layout).renderPage(painter, 0)
    finally:
        painter.end()
    return path


# -- the per-theme atlas ------------------------------------------------------------------------------------
def build_atlas(
    project: QgsProject,
    anonymised,
    crs: str,
    language: str = "de",
    template: str = "a4_landscape",
    title: str | None = None,
    background: Sequence[QgsMapLayer] = (),
    logo: str | Path | None = None,
    overview_layers: Sequence[QgsMapLayer] | None = None,
    extent: QgsRectangle | None = None,
    theme_layers: dict | None = None,
) -> list[QgsPrintLayout]:
    """An overview page (``overview_layers``, default: the public cells) and one page per theme that has
    published cells, only that theme's cells in its colour. Every page shows the same extent, so the
    pages can be compared. Layers made here are added to ``project`` (without a layer-tree node).

    ``theme_layers`` (theme code → layer), when the caller built and checked them already.
    """
    from .public_layers import cells_layer, theme_cells_layer

    language = language_of(language)
    title = title or text("title", language)
    size = getattr(anonymised, "cell_size_m", 100.0)
    source = text("source", language, size=_number(size))
    if overview_layers is None:
        overview_layers = [cells_layer(anonymised, crs, language=language)]
        project.addMapLayers(list(overview_layers), False)
    if theme_layers is None:
        theme_layers = {}
        for code in published_themes(anonymised):
            layer = theme_cells_layer(anonymised, code, crs, language)
            if layer is not None and layer.featureCount() > 0:
                theme_layers[code] = layer
        project.addMapLayers(list(theme_layers.values()), False)
    if extent is None or extent.isEmpty():
        extent = layers_extent(list(overview_layers))
    pages = [
        build_layout(project, template, title, text("subtitle", language) + " – " + text("overview", language),
                     language, [*overview_layers, *background], extent, anonymised.k, logo,
                     legend_layers=overview_layers, source=source)
    ]  # fmt: skip
    for code, layer in theme_layers.items():
        colour_theme_layer(layer, code)
        subtitle = text("subtitle_theme", language, theme=theme_label(code, language))
        pages.append(
            build_layout(project, template, title, subtitle, language, [layer, *background], extent,
                         anonymised.k, logo, legend_layers=[layer], source=source,
                         legend_titles={layer.id(): theme_label(code, language)})
        )  # fmt: skip
    return pages


def theme_ramp(colour: str, steps: int) -> list[str]:
    """``steps`` shades of a theme colour, light to full: the colour mixed with white (35 % … 100 %), so even
    the lightest class keeps the theme's hue (``QColor.lighter`` turns a saturated red into white)."""
    base = QColor(colour)
    out = []
    for i in range(steps):
        share = 0.35 + 0.65 * (i / (steps - 1) if steps > 1 else 1.0)
        mixed = QColor(
            round(255 + (base.red() - 255) * share),
            round(255 + (base.green() - 255) * share),
            round(255 + (base.blue() - 255) * share),
        )
        out.append(mixed.name())
    return out


def colour_theme_layer(layer: QgsMapLayer, code: str) -> None:
    """The theme's cells in the theme colour, lighter to darker by class (the categories stay as they are)."""
    renderer = layer.renderer() if hasattr(layer, "renderer") else None
    found = next((t for t in THEMES if t.code == code), None)
    if found is None or renderer is None or not hasattr(renderer, "categories"):
        return
    categories = renderer.categories()
    for index, (category, colour) in enumerate(zip(categories, theme_ramp(found.colour, len(categories)))):
        symbol = category.symbol().clone()
        symbol.setColor(QColor(colour))
        if symbol.symbolLayerCount():
            symbol.symbolLayer(0).setStrokeColor(QColor(found.colour).darker(130))
        renderer.updateCategorySymbol(index, symbol)
    layer.triggerRepaint()


def published_themes(anonymised) -> list[str]:
    """The themes with published cells, in the catalogue's order (unknown codes last)."""
    found = {t for cell in anonymised.cells for t in cell.theme_classes}
    order = [t.code for t in THEMES]
    return sorted(found, key=lambda c: (order.index(c) if c in order else len(order), c))


def export_atlas(pages: Sequence[QgsLayout], path: str | Path, dpi: int = 150) -> Path:
    """The atlas as one PDF: overview first, then one page per theme."""
    return export_pages(pages, path, dpi)


def _number(value: float) -> str:
    return f"{value:.0f}" if float(value).is_integer() else f"{value:g}"
