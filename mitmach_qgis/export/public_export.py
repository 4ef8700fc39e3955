"""The public map of a participation database: PDF, PNG, SVG, a per-theme atlas and the web map.

DESIGN.md §5: what is drawn comes from :func:`core.anonymise.anonymise` (hexagon cells, cluster areas,
class labels, nothing under *k*), and :func:`export.guard.check_public` runs on *every* layer drawn or
written, background included, before anything is written. Files are written under temporary names in a
scratch folder inside ``out_dir`` and renamed at the end: an error leaves nothing half-written.

The background (the database's streets and buildings, context only) is read with an SQL subset that
keeps the geometry and the street names and nothing else, so no address field reaches a map.

Both stores: ``store_or_path`` is a GeoPackageStore, a PostgisStore, or any target ``data.stores.open_store``
takes. From a GeoPackage the background is read from the file (OGR subsets); from PostGIS the same columns
are read through the store's connection into memory layers, so no connection string — and no password —
ends up in a layer, and the export runs with any login that can read those tables.

An internal map (exact points, for the officer) exists only with ``internal=True``; its files never carry
"public" in their names (:func:`export.guard.check_internal_path`), and it has no atlas and no web map.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from qgis.core import (
    QgsFillSymbol,
    QgsLineSymbol,
    QgsMapLayer,
    QgsProject,
    QgsRectangle,
    QgsSingleSymbolRenderer,
    QgsVectorLayer,
)

from ..data.errors import StoreError
from ..data.stores import is_postgres
from .layouts import (
    TEMPLATES,
    build_atlas,
    build_layout,
    export_atlas,
    export_layout,
    language_of,
    layers_extent,
    published_themes,
    text,
)

LOG = logging.getLogger("mitmach_qgis.export")

FORMATS = ("pdf", "png", "svg", "web")
PUBLIC_NAME = "public-map"
ATLAS_NAME = "public-atlas"
INTERNAL_NAME = "internal-map"
WEBMAP_DIR = "webmap"
MIN_K = 4  # DESIGN.md §5: never fewer than 4 participants …
MIN_CELL_SIZE_M = 100.0  # … and never cells under 100 m
RASTER_FROM_FEATURES = 20000  # a background with more features is drawn as raster (PERFORMANCE.md)
# more buildings than this: the print background shows the streets only (reading ~180 000 buildings costs
# a second per page; at that size the streets are the orientation anyway)
MAX_BACKGROUND_BUILDINGS = 50000
BACKGROUND_SQL = {
    "buildings": "SELECT fid, geom FROM buildings",
    "streets": "SELECT fid, name, geom FROM streets",
}

MESSAGES = {
    "format": {
        "de": "Unbekanntes Format {fmt}; bekannt: {known}.",
        "en": "Unknown format {fmt}; known: {known}.",
    },
    "template": {
        "de": "Unbekannte Layoutvorlage {name}; bekannt: {known}.",
        "en": "Unknown layout template {name}; known: {known}.",
    },
    "k": {
        "de": "k muss mindestens {minimum} sein (DESIGN.md §5), nicht {value}.",
        "en": "k must be at least {minimum} (DESIGN.md §5), not {value}.",
    },
    "size": {
        "de": "Die Zellgröße muss mindestens {minimum} m betragen, nicht {value} m.",
        "en": "The cell size must be at least {minimum} m, not {value} m.",
    },
    "dpi": {
        "de": "Die Auflösung muss zwischen 36 und 1200 dpi liegen, nicht {value}.",
        "en": "The resolution must lie between 36 and 1200 dpi, not {value}.",
    },
    "internal_only": {
        "de": "Eine interne Karte mit genauen Standorten gibt es nur als PDF, PNG oder SVG, nie als "
        "Atlas oder Webkarte.",
        "en": "An internal map with exact points exists only as PDF, PNG or SVG, never as an atlas or a "
        "web map.",
    },
    "no_webmap": {
        "de": "Die Webkarte ist in dieser Version nicht verfügbar.",
        "en": "The web map is not available in this version.",
    },
    "folder": {
        "de": "Der Ausgabeordner {path} kann nicht angelegt werden: {detail}",
        "en": "Cannot create the output folder {path}: {detail}",
    },
    "nothing": {
        "de": "Es gibt nichts zu zeigen: keine veröffentlichten Zellen und kein Hintergrund.",
        "en": "There is nothing to show: no published cells and no background.",
    },
}


def _message(key: str, language: str, **values) -> str:
    return MESSAGES[key][language_of(language)].format(**values)


def _open_store(store_or_path):
    """The store itself, or the store of a GeoPackage path or PostGIS target. The export only reads: no
    integrity check of a GeoPackage, and a PostGIS schema is never upgraded by it (a GeoPackage of an older
    schema is still brought up to date first, as before)."""
    from ..data.stores import open_store

    if hasattr(store_or_path, "backend") and hasattr(store_or_path, "meta"):
        return store_or_path
    if is_postgres(store_or_path):
        return open_store(store_or_path, migrate_old=False)
    return open_store(Path(store_or_path), integrity_check=False)


def _gpkg_path(source) -> Path:
    """The GeoPackage file of a store or a path."""
    return Path(getattr(source, "path", source))


def memory_layer(store, table: str, columns, name: str, limit: int | None = None):
    """``pg_layers.memory_layer``, imported only for PostGIS (a GeoPackage-only install needs no psycopg2)."""
    from ..data.pg_layers import memory_layer as read

    return read(store, table, columns, name, limit=limit)


def _crs_of(store) -> str:
    meta = store.meta()
    return meta.get("crs") or f"EPSG:{store.srs_id}"


# -- layers -------------------------------------------------------------------------------------------------
def background_layers(database, language: str = "de") -> list[QgsVectorLayer]:
    """Streets above buildings from the database (a GeoPackage path or a store of either backend), geometry
    (and street names) only; [] when absent."""
    from ..data.layers import _street_labels, layer_name, tables_in

    out = []
    if is_postgres(database):
        layers = {
            "streets": memory_layer(database, "streets", ("name",), layer_name("streets", language_of(language))),
            "buildings": memory_layer(database, "buildings", (), layer_name("buildings", language_of(language)),
                                          limit=MAX_BACKGROUND_BUILDINGS),
        }  # fmt: skip
    else:
        path = _gpkg_path(database)
        present = set(tables_in(path))
        layers = {}
        for table in ("streets", "buildings"):
            if table in present:
                uri = f"{path}|layername={table}|subset={BACKGROUND_SQL[table]}"
                layers[table] = QgsVectorLayer(uri, layer_name(table, language_of(language)), "ogr")
    for table in ("streets", "buildings"):
        layer = layers.get(table)
        if layer is None or not layer.isValid():
            continue
        if table == "buildings" and layer.featureCount() > MAX_BACKGROUND_BUILDINGS:
            LOG.info("%s buildings: the background shows the streets only", layer.featureCount())
            continue
        if table == "buildings":
            symbol = QgsFillSymbol.createSimple(
                {"color": "#ececec", "outline_color": "#bdbdbd", "outline_width": "0.1",
                 "outline_width_unit": "MM"}
            )  # fmt: skip
        else:
            symbol = QgsLineSymbol.createSimple(
                {"line_color": "#b0b0b0", "line_width": "0.4", "line_width_unit": "MM"}
            )
        renderer = QgsSingleSymbolRenderer(symbol)
        if layer.featureCount() > RASTER_FROM_FEATURES:
            renderer.setForceRasterRender(True)
        layer.setRenderer(renderer)
        if table == "streets":
            from qgis.core import QgsVectorLayerSimpleLabeling

            layer.setLabeling(QgsVectorLayerSimpleLabeling(_street_labels()))
            layer.setLabelsEnabled(True)
        out.append(layer)
    return out


def area_layer(database, language: str = "de") -> QgsVectorLayer | None:
    """The participation area's outline (geometry only): the map always shows the whole area. ``database``:
    a GeoPackage path or a store of either backend."""
    from ..data.layers import layer_name, tables_in

    name = layer_name("areas", language_of(language))
    if is_postgres(database):
        layer = memory_layer(database, "areas", (), name)
    else:
        path = _gpkg_path(database)
        if "areas" not in tables_in(path):
            return None
        layer = QgsVectorLayer(f"{path}|layername=areas|subset=SELECT fid, geom FROM areas", name, "ogr")
    if layer is None or not layer.isValid() or layer.featureCount() == 0:
        return None
    symbol = QgsFillSymbol.createSimple(
        {"color": "0,0,0,0", "style": "no", "outline_color": "#424242", "outline_style": "dash",
         "outline_width": "0.5", "outline_width_unit": "MM"}
    )  # fmt: skip
    layer.setRenderer(QgsSingleSymbolRenderer(symbol))
    return layer


def add_theme_diagrams(
    layer: QgsVectorLayer, language: str, cell_size_m: float, codes: Sequence[str] | None = None
) -> None:
    """A pie per cell or area in the theme colours, slices after the themes' published classes (their lower
    bounds, so no exact count is drawn); the legend lists the themes (``codes``, default all) with their
    colours. A cell without a published theme gets no pie."""
    from qgis.core import (
        QgsDiagramLayerSettings,
        QgsDiagramSettings,
        QgsPieDiagram,
        QgsProperty,
        QgsSingleCategoryDiagramRenderer,
        QgsUnitTypes,
    )
    from qgis.PyQt.QtCore import QSizeF
    from qgis.PyQt.QtGui import QColor

    from ..core.themes import THEMES
    from .layouts import theme_label

    fields = {f.name() for f in layer.fields()}
    themes = [t for t in THEMES if t.code in fields and (codes is None or t.code in codes)]
    if not themes:
        return
    settings = QgsDiagramSettings()
    settings.enabled = True
    settings.categoryAttributes = [
        f"coalesce(to_int(regexp_substr(\"{t.code}\", '^([0-9]+)')), 0)" for t in themes
    ]
    any_theme = " OR ".join(f'"{t.code}" IS NOT NULL' for t in themes)
    settings.categoryColors = [QColor(t.colour) for t in themes]
    settings.categoryLabels = [theme_label(t.code, language) for t in themes]
    settings.size = QSizeF(cell_size_m * 0.62, cell_size_m * 0.62)
    settings.sizeType = QgsUnitTypes.RenderMapUnits
    settings.penColor = QColor("#ffffff")
    settings.penWidth = 0.15
    settings.opacity = 0.95
    renderer = QgsSingleCategoryDiagramRenderer()
    renderer.setDiagram(QgsPieDiagram())
    renderer.setDiagramSettings(settings)
    renderer.setAttributeLegend(True)
    layer.setDiagramRenderer(renderer)
    placement = QgsDiagramLayerSettings()
    placement.setPlacement(QgsDiagramLayerSettings.OverPoint)
    placement.setShowAllDiagrams(True)
    properties = placement.dataDefinedProperties()
    properties.setProperty(QgsDiagramLayerSettings.Show, QgsProperty.fromExpression(any_theme))
    placement.setDataDefinedProperties(properties)
    layer.setDiagramLayerSettings(placement)


def _internal_layers(database, language: str) -> list[QgsVectorLayer]:
    from ..data.layers import layer_name, layer_uri, proposals_renderer

    name = layer_name("proposals", language)
    if is_postgres(database):  # theme and status only: what the officer's map draws
        layer = memory_layer(database, "proposals", ("theme", "status"), name)
    else:
        layer = QgsVectorLayer(layer_uri(_gpkg_path(database), "proposals"), name, "ogr")
    if layer is not None and layer.isValid():
        layer.setRenderer(proposals_renderer(layer, language))
        return [layer]
    return []


# -- the export ---------------------------------------------------------------------------------------------
def export_public_map(
    store_or_path,
    out_dir: str | Path,
    formats: Sequence[str] = ("pdf", "png"),
    atlas: bool = False,
    hex_size: float | None = None,
    k: int | None = None,
    title: str | None = None,
    language: str = "de",
    template: str = "a4_landscape",
    dpi: int = 150,
    clusters_path: str | Path | None = None,
    logo: str | Path | None = None,
    feedback=None,
    internal: bool = False,
    subtitle: str | None = None,
    extra_layers: Sequence[QgsMapLayer] = (),
    basename: str | None = None,
) -> dict:
    """Export the anonymised map of a participation database into ``out_dir``.

    Writes ``public-map.pdf|png|svg`` (``formats``), ``public-atlas.pdf`` (``atlas``: an overview page and
    one page per published theme) and the web map in ``out_dir/webmap`` (``"web"`` in ``formats``). ``k``
    and ``hex_size`` default to the database's ``mitmach_meta`` (never below 4 and 100 m). ``extra_layers``
    are drawn too, and checked like everything else. Returns ``paths`` (format → path), the counts
    (``cells_published``, ``cells_suppressed``, ``theme_entries_suppressed``, ``left_out_no_consent``,
    ``areas_published``, ``themes``, ``atlas_pages``), ``k``, ``cell_size_m`` and ``times`` (seconds).
    Raises StoreError (PublicExportError for a layer the guard refuses) and writes nothing then.
    """
    from ..core.anonymise import anonymise
    from ..data.public_source import cluster_areas, k_and_cell_size, public_points
    from .guard import check_internal_path, check_public

    started = time.perf_counter()
    times: dict[str, float] = {}
    language = language_of(language)
    formats = tuple(dict.fromkeys(f.strip().lower() for f in formats if f and f.strip()))
    for fmt in formats:
        if fmt not in FORMATS:
            raise StoreError(_message("format", language, fmt=fmt, known=", ".join(FORMATS)))
    if template not in TEMPLATES:
        raise StoreError(_message("template", language, name=template, known=", ".join(TEMPLATES)))
    if not 36 <= int(dpi) <= 1200:
        raise StoreError(_message("dpi", language, value=dpi))
    if internal and (atlas or "web" in formats):
        raise StoreError(_message("internal_only", language))
    write_webmap = None
    if "web" in formats:
        try:
            from .webmap import write_webmap
        except ImportError as exc:
            raise StoreError(_message("no_webmap", language)) from exc
    out_dir = Path(out_dir)
    base = basename or (INTERNAL_NAME if internal else PUBLIC_NAME)
    targets = {fmt: out_dir / f"{base}.{fmt}" for fmt in formats if fmt != "web"}
    if internal:
        for path in targets.values():
            check_internal_path(path)

    tick = time.perf_counter()
    store = _open_store(store_or_path)
    database = store if is_postgres(store) else Path(store.path)  # what the background is read from
    db_k, db_size = k_and_cell_size(store)
    k = int(k) if k else db_k
    size = float(hex_size) if hex_size else db_size
    if k < MIN_K:
        raise StoreError(_message("k", language, minimum=MIN_K, value=k))
    if size < MIN_CELL_SIZE_M:
        raise StoreError(_message("size", language, minimum=f"{MIN_CELL_SIZE_M:g}", value=f"{size:g}"))
    crs = _crs_of(store)
    times["open"] = time.perf_counter() - tick
    _progress(feedback, 5)

    tick = time.perf_counter()
    points = public_points(store)
    areas = cluster_areas(clusters_path, store) if clusters_path else []
    anonymised = anonymise(points, k=k, cell_size_m=size, areas=areas)
    times["anonymise"] = time.perf_counter() - tick
    _progress(feedback, 20)

    project = QgsProject()
    layouts: list = []
    scratch: Path | None = None
    try:
        tick = time.perf_counter()
        project.setCrs(_qgs_crs(crs))
        background = background_layers(database, language)
        outline = area_layer(database, language)
        if outline is not None:
            background.insert(0, outline)
        if internal:
            drawn = _internal_layers(database, language)
        else:
            drawn = _public_layers(anonymised, crs, language)
        extra = list(extra_layers)
        project.addMapLayers([*drawn, *background], False)
        if not internal:
            check_public([*drawn, *extra, *background])
        times["layers"] = time.perf_counter() - tick

        try:
            out_dir.mkdir(parents=True, exist_ok=True)
            scratch = Path(tempfile.mkdtemp(prefix=".mitmach-export-", dir=out_dir))
        except OSError as exc:
            raise StoreError(_message("folder", language, path=out_dir, detail=exc)) from exc

        # the whole participation area (else the background, else the cells): every export of a database
        # shows the same frame, and an empty map still shows where nothing was published
        extent = QgsRectangle()
        for candidates in ([outline] if outline is not None else [], background, drawn):
            extent = layers_extent(candidates)
            if not (extent.isNull() or extent.isEmpty()):
                break
        if extent.isNull() or extent.isEmpty():
            raise StoreError(_message("nothing", language))
        written: dict[str, Path] = {}
        page_formats = [f for f in formats if f != "web"]
        if page_formats:
            tick = time.perf_counter()
            layout = build_layout(
                project, template,
                title or text("internal_title" if internal else "title", language),
                subtitle if subtitle is not None else text("subtitle", language),
                language, [*drawn, *extra, *background], extent, k, logo,
                legend_layers=drawn,
                source=text("source_internal", language) if internal else text("source", language, size=f"{size:g}"),
                privacy=text("internal_note", language) if internal else None,
            )  # fmt: skip
            layouts.append(layout)
            times["layout"] = time.perf_counter() - tick
            for fmt in page_formats:
                tick = time.perf_counter()
                written[fmt] = export_layout(layout, scratch / targets[fmt].name, fmt, dpi, language)
                times[fmt] = time.perf_counter() - tick
                _progress(feedback, 20 + 50 * (len(written) / len(page_formats)))
        atlas_pages = 0
        if atlas:
            tick = time.perf_counter()
            theme_layers = _theme_layers(anonymised, crs, language)
            project.addMapLayers(list(theme_layers.values()), False)
            check_public([*theme_layers.values(), *extra])
            pages = build_atlas(
                project, anonymised, crs, language, template, title, [*extra, *background], logo,
                overview_layers=drawn, extent=extent, theme_layers=theme_layers,
            )  # fmt: skip
            layouts += pages
            atlas_pages = len(pages)
            written["atlas"] = export_atlas(pages, scratch / f"{ATLAS_NAME}.pdf", dpi)
            times["atlas"] = time.perf_counter() - tick
            _progress(feedback, 85)
        web_index = None
        if write_webmap is not None:
            tick = time.perf_counter()
            web_dir = scratch / WEBMAP_DIR
            try:
                index = Path(
                    write_webmap(
                        web_dir, anonymised, crs, background, title or text("title", language), language
                    )
                )
            except (ValueError, OSError) as exc:  # the web map's own translated message
                raise StoreError(str(exc)) from exc
            written["web"] = web_dir
            web_index = index.relative_to(web_dir) if web_dir in index.parents else None
            times["web"] = time.perf_counter() - tick

        paths = _move_into_place(written, scratch, out_dir)
        if web_index is not None:
            paths["web"] = paths["web"] / web_index
    finally:
        for layout in layouts:
            del layout
        layouts.clear()
        project.removeAllMapLayers()
        project.clear()
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)
    _progress(feedback, 100)
    times["total"] = time.perf_counter() - started
    result = {
        "paths": {key: str(path) for key, path in paths.items()},
        "cells_published": len(anonymised.cells),
        "cells_suppressed": anonymised.suppressed_cells,
        "theme_entries_suppressed": anonymised.suppressed_theme_entries,
        "left_out_no_consent": anonymised.left_out_no_consent,
        "areas_published": len(anonymised.areas),
        "published_participants_class": anonymised.published_participants_class,
        "themes": published_themes(anonymised),
        "atlas_pages": atlas_pages,
        "k": k,
        "cell_size_m": size,
        "internal": bool(internal),
        "times": times,
    }
    LOG.info(
        "map export: %s cells published, %s suppressed, %s left out without consent, %.2f s",
        result["cells_published"], result["cells_suppressed"], result["left_out_no_consent"], times["total"],
    )  # fmt: skip
    return result


def _public_layers(anonymised, crs: str, language: str) -> list[QgsVectorLayer]:
    from .public_layers import areas_layer, cells_layer

    """The cells on top (with the theme pies), the cluster areas under them, half transparent."""
    layers = [cells_layer(anonymised, crs, language=language)]
    add_theme_diagrams(layers[0], language, anonymised.cell_size_m, published_themes(anonymised))
    if anonymised.areas:
        areas = areas_layer(anonymised, crs, language)
        areas.setOpacity(0.55)
        layers.append(areas)
    return [layer for layer in layers if layer is not None]


def _theme_layers(anonymised, crs: str, language: str) -> dict[str, QgsVectorLayer]:
    from .public_layers import theme_cells_layer

    out = {}
    for code in published_themes(anonymised):
        layer = theme_cells_layer(anonymised, code, crs, language)
        if layer is not None and layer.featureCount() > 0:
            out[code] = layer
    return out


def _move_into_place(written: dict[str, Path], scratch: Path, out_dir: Path) -> dict[str, Path]:
    """Rename the finished files from the scratch folder to their names (replacing earlier exports)."""
    final = {}
    for key, path in written.items():
        target = out_dir / path.name
        if path.is_dir():
            old = None
            if target.exists():
                old = scratch / f".old-{target.name}"
                os.replace(target, old)
            os.replace(path, target)
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(path, target)
        final[key] = target
    return final


def _qgs_crs(authid: str):
    from qgis.core import QgsCoordinateReferenceSystem

    return QgsCoordinateReferenceSystem(authid)


def _progress(feedback, value: float) -> None:
    if feedback is not None and hasattr(feedback, "setProgress"):
        feedback.setProgress(value)


__all__ = ["FORMATS", "background_layers", "export_public_map"]
