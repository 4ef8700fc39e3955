"""Memory layers of the anonymised participation (DESIGN.md §5): hexagon cells and cluster areas.

The layers carry class strings only ("4–9", "10–19", …), never counts, points, names or uuids of people,
and the custom property ``mitmach/public`` = True, which is what :mod:`.guard` lets through. They are
styled categorised by the participants class on a sequential ramp; they have no labels (a label would put
numbers on small groups).
"""

from __future__ import annotations

from qgis.core import (
    QgsCategorizedSymbolRenderer,
    QgsFeature,
    QgsField,
    QgsFillSymbol,
    QgsGeometry,
    QgsPointXY,
    QgsRendererCategory,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QVariant
from qgis.PyQt.QtGui import QColor

from ..core.anonymise import Anonymised, class_label, count_classes
from ..core.i18n import tr
from ..core.themes import THEMES

PUBLIC_PROPERTY = "mitmach/public"
KIND_PROPERTY = "mitmach/public_kind"  # "cells", "areas" or "theme_cells"
THEME_PROPERTY = "mitmach/theme"
THEME_FIELDS = tuple(t.code for t in THEMES)
PUBLIC_FIELDS_CELLS: tuple[str, ...] = ("cell_id", "participants", *THEME_FIELDS)
PUBLIC_FIELDS_AREAS: tuple[str, ...] = ("area_id", "synergy", "period", "participants", *THEME_FIELDS)
# sequential ramp (ColorBrewer YlGnBu), light = few, dark = many
RAMP = ("#c7e9b4", "#7fcdbb", "#41b6c4", "#2c7fb8", "#253494")


def _names(language: str) -> dict[str, str]:
    german = (language or "de")[:2].lower() == "de"
    if german:
        return {"cells": "Beteiligung (aggregiert)", "areas": "Synergiegebiete (aggregiert)"}
    return {"cells": "Participation (aggregated)", "areas": "Synergy areas (aggregated)"}


def _theme_label(code: str, language: str) -> str:
    for t in THEMES:
        if t.code == code:
            return t.label_de if (language or "de")[:2].lower() == "de" else t.label_en
    return code


def _polygon(rings) -> QgsGeometry:
    return QgsGeometry.fromPolygonXY([[QgsPointXY(x, y) for x, y in ring] for ring in rings])


def _layer(kind: str, fields: tuple[str, ...], crs_authid: str, name: str) -> QgsVectorLayer:
    layer = QgsVectorLayer(f"Polygon?crs={crs_authid}", name, "memory")
    layer.dataProvider().addAttributes([QgsField(f, QVariant.String) for f in fields])
    layer.updateFields()
    layer.setCustomProperty(PUBLIC_PROPERTY, True)
    layer.setCustomProperty(KIND_PROPERTY, kind)
    return layer


def _labels(anonymised: Anonymised) -> list[str]:
    return [class_label(lo, hi) for lo, hi in count_classes(anonymised.k)]


def _style(layer: QgsVectorLayer, labels: list[str], colours: list[str] | None = None) -> None:
    """Categorised by the ``participants`` class, light to dark; no labels."""
    ramp = colours or list(RAMP)
    categories = []
    for i, label in enumerate(labels):
        step = round(i * (len(ramp) - 1) / max(1, len(labels) - 1))  # spread over the whole ramp
        colour = QColor(ramp[min(step, len(ramp) - 1)])
        symbol = QgsFillSymbol.createSimple(
            {"color": colour.name(), "outline_color": "#ffffff", "outline_width": "0.2"}
        )
        categories.append(QgsRendererCategory(label, symbol, label))
    layer.setRenderer(QgsCategorizedSymbolRenderer("participants", categories))
    layer.setLabelsEnabled(False)


def _theme_values(theme_classes: dict[str, str]) -> list:
    return [theme_classes.get(code) for code in THEME_FIELDS]


def cells_layer(anonymised: Anonymised, crs_authid: str, language: str = "de") -> QgsVectorLayer:
    """The published hexagon cells: ``cell_id``, ``participants`` (class), one class field per theme
    (NULL where the theme is suppressed)."""
    layer = _layer("cells", PUBLIC_FIELDS_CELLS, crs_authid, _names(language)["cells"])
    features = []
    for cell in anonymised.cells:
        feature = QgsFeature(layer.fields())
        feature.setGeometry(_polygon([cell.ring]))
        feature.setAttributes([cell.cell_id, cell.total_class, *_theme_values(cell.theme_classes)])
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    layer.updateExtents()
    _style(layer, _labels(anonymised))
    return layer


def areas_layer(anonymised: Anonymised, crs_authid: str, language: str = "de") -> QgsVectorLayer:
    """The published cluster areas: ``area_id``, ``synergy``, ``period``, ``participants`` (class) and one
    class field per theme."""
    layer = _layer("areas", PUBLIC_FIELDS_AREAS, crs_authid, _names(language)["areas"])
    features = []
    for area in anonymised.areas:
        feature = QgsFeature(layer.fields())
        feature.setGeometry(_polygon(area.rings))
        feature.setAttributes(
            [area.area_id, area.synergy, area.period, area.total_class, *_theme_values(area.theme_classes)]
        )
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    layer.updateExtents()
    _style(layer, _labels(anonymised))
    return layer


def theme_cells_layer(
    anonymised: Anonymised, theme: str, crs_authid: str, language: str = "de"
) -> QgsVectorLayer:
    """The cells where ``theme`` is published, its class in ``participants``, in the theme's colour
    (lighter to darker by class)."""
    if theme not in THEME_FIELDS:
        raise ValueError(tr("Unknown theme {theme}.").format(theme=theme))
    name = f"{_names(language)['cells']}: {_theme_label(theme, language)}"
    layer = _layer("theme_cells", ("cell_id", "participants"), crs_authid, name)
    layer.setCustomProperty(THEME_PROPERTY, theme)
    features = []
    for cell in anonymised.cells:
        label = cell.theme_classes.get(theme)
        if label is None:
            continue
        feature = QgsFeature(layer.fields())
        feature.setGeometry(_polygon([cell.ring]))
        feature.setAttributes([cell.cell_id, label])
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    layer.updateExtents()
    base = QColor(next(t.colour for t in THEMES if t.code == theme))
    labels = _labels(anonymised)
    colours = [base.lighter(100 + 60 * (len(labels) - 1 - i)).name() for i in range(len(labels))]
    _style(layer, labels, colours)
    return layer


__all__ = [
    "PUBLIC_FIELDS_AREAS",
    "PUBLIC_FIELDS_CELLS",
    "PUBLIC_PROPERTY",
    "areas_layer",
    "cells_layer",
    "theme_cells_layer",
]
