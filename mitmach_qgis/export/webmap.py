"""A self-contained public web map of the anonymised participation (DESIGN.md §5, issue 7 §4).

The folder works from ``file://`` and from any plain web server, offline: Leaflet is shipped with the plugin
(fetched at build time by ``tools/fetch-leaflet.sh``), the data are JavaScript files that assign GeoJSON to
``window`` (no fetch/XHR, which ``file://`` forbids), and the background is the project's own map rendered
by QGIS into one image. No tile server is contacted unless a ``tile_url`` is given.

Only what :func:`mitmach_qgis.core.anonymise.anonymise` decided may be published reaches the folder: cell
and area polygons, class labels and codes. The page's own texts come from the phrase table in
``mitmach.js`` (German and English), because the page's language is an argument and need not be the
language QGIS runs in.
"""

from __future__ import annotations

import html
import json
import math
import re
import shutil
from collections.abc import Iterable, Sequence
from pathlib import Path
from urllib.parse import urlsplit

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsMapLayer,
    QgsMapRendererSequentialJob,
    QgsMapSettings,
    QgsPointXY,
    QgsProject,
    QgsProviderRegistry,
    QgsRectangle,
)
from qgis.PyQt.QtCore import QSize
from qgis.PyQt.QtGui import QColor

from ..core.anonymise import Anonymised
from ..core.i18n import PLUGIN_DIR, tr
from ..core.themes import SYNERGIES, THEMES
from .guard import PublicExportError, check_public

WEB_DIR = PLUGIN_DIR / "resources" / "web"
LEAFLET_DIR = WEB_DIR / "vendor" / "leaflet"
LANGUAGES = ("de", "en")
WGS84 = "EPSG:4326"
WEB_MERCATOR = "EPSG:3857"
COORDINATE_DECIMALS = 6  # about 0.1 m: far finer than a 100 m cell, far coarser than nothing
BACKGROUND_MARGIN = 0.1  # of the data extent on each side

# sequential ramp (ColorBrewer YlGnBu) for the participant classes, the smallest class first
CLASS_COLOURS = ("#c7e9b4", "#7fcdbb", "#41b6c4", "#1d91c0", "#225ea8", "#0c2c84")
# tables whose features are people, exact proposal points or addresses: never drawn into the background
PRIVATE_TABLES = frozenset(
    {"participants", "proposals", "addresses", "matches", "match_members", "events", "geocode_cache"}
)
NOSCRIPT = {
    "de": "Diese Karte braucht JavaScript.",
    "en": "This map needs JavaScript.",
}


def write_webmap(
    out_dir: Path,
    anonymised: Anonymised,
    crs_authid: str,
    background_layers: Sequence[QgsMapLayer] = (),
    title: str = "",
    language: str = "de",
    image_px: int = 2048,
    tile_url: str | None = None,
    attribution: str | None = None,
) -> Path:
    """Write the web map into ``out_dir`` (created when missing) and return the path of its ``index.html``.

    ``crs_authid`` is the CRS of the anonymised geometries; ``background_layers`` (top layer first, as in
    :class:`QgsMapSettings`) are rendered in Web Mercator into ``background.png``. ``tile_url`` (an
    ``https://…/{z}/{x}/{y}.png`` template) adds a tile layer below; without it the page loads nothing
    from elsewhere. ``attribution`` replaces the default "© City / MitMach, map: QGIS".
    """
    language = (language or "de")[:2].lower()
    if language not in LANGUAGES:
        raise ValueError(tr("Unsupported language for the web map: {0}").format(language))
    source_crs = QgsCoordinateReferenceSystem(crs_authid)
    if not source_crs.isValid():
        raise ValueError(tr("Unknown coordinate reference system: {0}").format(crs_authid))
    if not (LEAFLET_DIR / "leaflet.js").is_file():
        raise FileNotFoundError(
            tr("Leaflet is missing from the plugin ({0}): run make build.").format(LEAFLET_DIR)
        )
    tile_origin = _tile_origin(tile_url) if tile_url else None
    layers = [layer for layer in background_layers if layer is not None]
    check_public(layers)  # no participants, no personal fields, no exact points
    for layer in layers:
        if _is_private(layer):
            raise PublicExportError(
                tr("The layer {0} holds personal data or exact points and cannot be a background.").format(
                    layer.name()
                )
            )

    out_dir = Path(out_dir)
    (out_dir / "data").mkdir(parents=True, exist_ok=True)
    to_wgs84 = QgsCoordinateTransform(source_crs, QgsCoordinateReferenceSystem(WGS84), QgsProject.instance())

    classes = _ordered_classes(anonymised)
    cells = _feature_collection(
        (_cell_feature(cell, to_wgs84) for cell in anonymised.cells),
    )
    areas = _feature_collection(
        (_area_feature(area, to_wgs84) for area in anonymised.areas),
    )

    background = out_dir / "background.png"
    background_bounds = None
    if layers:
        background_bounds = _render_background(background, anonymised, source_crs, layers, image_px)
    elif background.exists():
        background.unlink()  # a stale image from an earlier export must not outlive its data

    meta = {
        "language": language,
        "title": title,
        "k": anonymised.k,
        "cell_size_m": anonymised.cell_size_m,
        "suppressed_cells": anonymised.suppressed_cells,
        "suppressed_theme_entries": anonymised.suppressed_theme_entries,
        "published_participants_class": anonymised.published_participants_class,
        # published only when at least k, so a handful of refusals cannot be singled out
        "left_out_no_consent": anonymised.left_out_no_consent
        if anonymised.left_out_no_consent >= anonymised.k
        else None,
        "classes": [
            {"code": c, "colour": CLASS_COLOURS[min(i, len(CLASS_COLOURS) - 1)]}
            for i, c in enumerate(classes)
        ],
        "themes": [
            {"code": t.code, "label": t.label_de if language == "de" else t.label_en, "colour": t.colour}
            for t in THEMES
            if t.code in anonymised.themes
        ]
        + [
            {"code": code, "label": code, "colour": "#878787"}
            for code in anonymised.themes
            if code not in _THEME_CODES
        ],
        "synergies": {s.code: (s.label_de if language == "de" else s.label_en) for s in SYNERGIES},
        "background": {"image": "background.png", "bounds": background_bounds} if background_bounds else None,
        "tile_url": tile_url,
        "attribution": attribution,
    }

    _write_js(out_dir / "data" / "meta.js", "MITMACH_META", meta)
    _write_js(out_dir / "data" / "cells.js", "MITMACH_CELLS", cells)
    _write_js(out_dir / "data" / "areas.js", "MITMACH_AREAS", areas)
    for name in ("mitmach.js", "mitmach.css"):
        shutil.copyfile(WEB_DIR / name, out_dir / name)
    vendor = out_dir / "vendor" / "leaflet"
    if vendor.exists():
        shutil.rmtree(vendor)
    shutil.copytree(LEAFLET_DIR, vendor)

    index = out_dir / "index.html"
    index.write_text(
        _fill(
            (WEB_DIR / "index.html").read_text(encoding="utf-8"),
            lang=language,
            title=title,
            noscript=NOSCRIPT[language],
            csp=content_security_policy(tile_origin),
        ),
        encoding="utf-8",
    )
    return index


_THEME_CODES = frozenset(t.code for t in THEMES)


def content_security_policy(tile_origin: str | None = None) -> str:
    """Only the folder itself (plus a tile server's origin for images when one is asked for)."""
    images = "'self'" + (f" {tile_origin}" if tile_origin else "")
    return (
        "default-src 'none'; script-src 'self'; style-src 'self'; "
        f"img-src {images}; connect-src 'none'; font-src 'none'; object-src 'none'; "
        "base-uri 'none'; form-action 'none'"
    )


# -- helpers ------------------------------------------------------------------------------------------------
def _tile_origin(tile_url: str) -> str:
    parts = urlsplit(tile_url)
    if parts.scheme not in ("http", "https") or not parts.hostname or re.search(r"[\s;,'\"]", parts.netloc):
        raise ValueError(tr("The tile URL must be an http(s) address: {0}").format(tile_url))
    return f"{parts.scheme}://{parts.netloc}"


def _is_private(layer: QgsMapLayer) -> bool:
    try:
        parts = QgsProviderRegistry.instance().decodeUri(layer.providerType(), layer.source())
    except Exception:  # noqa: BLE001 - an unusual provider: judge by the source text below
        parts = {}
    table = str(parts.get("layerName") or parts.get("table") or "")
    if not table:
        found = re.search(r"layername=([^|&]+)", layer.source())
        table = found.group(1) if found else ""
    return table.strip('"').lower() in PRIVATE_TABLES


def _class_key(label: str) -> tuple[int, str]:
    found = re.match(r"\d+", label)
    return (int(found.group()) if found else 10**9, label)


def _ordered_classes(anonymised: Anonymised) -> list[str]:
    found = {c.total_class for c in anonymised.cells} | {a.total_class for a in anonymised.areas}
    found |= {v for c in anonymised.cells for v in c.theme_classes.values()}
    found |= {v for a in anonymised.areas for v in a.theme_classes.values()}
    return sorted(found, key=_class_key)


def _ring_wgs84(ring: Iterable[Sequence[float]], transform: QgsCoordinateTransform) -> list[list[float]]:
    out: list[list[float]] = []
    for x, y in ring:
        point = transform.transform(QgsPointXY(float(x), float(y)))
        out.append([round(point.x(), COORDINATE_DECIMALS), round(point.y(), COORDINATE_DECIMALS)])
    if out and out[0] != out[-1]:
        out.append(out[0])
    return out


def _cell_feature(cell, transform: QgsCoordinateTransform) -> dict:
    return {
        "type": "Feature",
        "properties": {
            "id": str(cell.cell_id),
            "total": str(cell.total_class),
            "themes": _classes(cell.theme_classes),
        },
        "geometry": {"type": "Polygon", "coordinates": [_ring_wgs84(cell.ring, transform)]},
    }


def _area_feature(area, transform: QgsCoordinateTransform) -> dict:
    return {
        "type": "Feature",
        "properties": {
            "id": str(area.area_id),
            "synergy": str(area.synergy),
            "period": str(area.period),
            "total": str(area.total_class),
            "themes": _classes(area.theme_classes),
        },
        # every ring is a part of its own: the generalised hull parts of one cluster
        "geometry": {
            "type": "MultiPolygon",
            "coordinates": [[_ring_wgs84(r, transform)] for r in area.rings],
        },
    }


def _classes(theme_classes: dict[str, str]) -> dict[str, str]:
    return {str(code): str(label) for code, label in sorted(theme_classes.items())}


def _feature_collection(features: Iterable[dict]) -> dict:
    return {"type": "FeatureCollection", "features": [f for f in features if _has_area(f)]}


def _has_area(feature: dict) -> bool:
    geometry = feature["geometry"]
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    return any(len(ring) >= 4 for polygon in polygons for ring in polygon)


def _write_js(path: Path, name: str, value: object) -> None:
    # ASCII-only JSON: no charset surprises and no U+2028/U+2029 line terminators inside a string literal
    text = json.dumps(value, ensure_ascii=True, separators=(",", ":"), allow_nan=False)
    path.write_text(f"window.{name} = {text};\n", encoding="ascii")


def _fill(template: str, **values: str) -> str:
    def replace(match: re.Match) -> str:
        # the template quotes attributes with double quotes only
        return html.escape(values[match.group(1)], quote=False).replace('"', "&quot;")

    return re.sub(r"\{\{(\w+)\}\}", replace, template)


def _data_extent(anonymised: Anonymised) -> QgsRectangle | None:
    xs = [x for c in anonymised.cells for x, _ in c.ring] + [
        x for a in anonymised.areas for r in a.rings for x, _ in r
    ]
    ys = [y for c in anonymised.cells for _, y in c.ring] + [
        y for a in anonymised.areas for r in a.rings for _, y in r
    ]
    if not xs:
        return None
    return QgsRectangle(min(xs), min(ys), max(xs), max(ys))


def _render_background(
    path: Path,
    anonymised: Anonymised,
    source_crs: QgsCoordinateReferenceSystem,
    layers: Sequence[QgsMapLayer],
    image_px: int,
) -> list[list[float]]:
    """Render ``layers`` in Web Mercator around the data; return the image's [[south, west], [north, east]]."""
    mercator = QgsCoordinateReferenceSystem(WEB_MERCATOR)
    project = QgsProject.instance()
    extent = QgsRectangle()
    extent.setMinimal()
    data = _data_extent(anonymised)
    if data is not None:
        extent = QgsCoordinateTransform(source_crs, mercator, project).transformBoundingBox(data)
    else:
        for layer in layers:
            to_mercator = QgsCoordinateTransform(layer.crs(), mercator, project)
            extent.combineExtentWith(to_mercator.transformBoundingBox(layer.extent()))
    if extent.isEmpty() or not all(math.isfinite(v) for v in (extent.width(), extent.height())):
        extent = QgsRectangle(
            extent.center().x() - 500,
            extent.center().y() - 500,
            extent.center().x() + 500,
            extent.center().y() + 500,
        )
    margin = max(extent.width(), extent.height()) * BACKGROUND_MARGIN
    extent.grow(margin)

    side = max(256, int(image_px))
    if extent.width() >= extent.height():
        size = QSize(side, max(1, round(side * extent.height() / extent.width())))
    else:
        size = QSize(max(1, round(side * extent.width() / extent.height())), side)
    settings = QgsMapSettings()
    settings.setLayers(list(layers))
    settings.setDestinationCrs(mercator)
    settings.setTransformContext(project.transformContext())
    settings.setOutputSize(size)
    settings.setOutputDpi(96)
    settings.setExtent(extent)
    settings.setBackgroundColor(QColor(255, 255, 255))
    settings.setFlag(QgsMapSettings.Antialiasing, True)
    job = QgsMapRendererSequentialJob(settings)
    job.start()
    job.waitForFinished()
    if not job.renderedImage().save(str(path), "PNG"):
        raise OSError(tr("Could not write the background image {0}.").format(path))

    visible = settings.visibleExtent()
    to_wgs84 = QgsCoordinateTransform(mercator, QgsCoordinateReferenceSystem(WGS84), project)
    south_west = to_wgs84.transform(QgsPointXY(visible.xMinimum(), visible.yMinimum()))
    north_east = to_wgs84.transform(QgsPointXY(visible.xMaximum(), visible.yMaximum()))
    return [
        [round(south_west.y(), 7), round(south_west.x(), 7)],
        [round(north_east.y(), 7), round(north_east.x(), 7)],
    ]
