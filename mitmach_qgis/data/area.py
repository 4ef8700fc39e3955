"""Participation areas from a polygon layer, in the database's CRS."""

from __future__ import annotations

from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsCoordinateTransformContext,
    QgsCsException,
    QgsFeatureRequest,
    QgsRectangle,
    QgsVectorLayer,
    QgsWkbTypes,
)

from ..core.i18n import tr
from .errors import StoreError

NAME_FIELDS = ("name", "Name", "NAME", "bezeichnung", "Bezeichnung", "gebiet", "Gebiet")


def load_area_layer(path: str) -> QgsVectorLayer:
    layer = QgsVectorLayer(str(path), "area", "ogr")
    if not layer.isValid():
        raise StoreError(tr("The area layer {path} cannot be read.").format(path=path), path)
    return layer


def area_polygons(layer: QgsVectorLayer, crs: str) -> list[tuple[str, list]]:
    """(name, polygons) per feature of a polygon layer, transformed into ``crs``; StoreError when the layer's
    CRS is missing or its features do not lie where ``crs`` is valid (e.g. a layer with a wrong CRS)."""
    source = layer.source()
    if layer.geometryType() != QgsWkbTypes.PolygonGeometry:
        raise StoreError(tr("The area layer {path} has no polygons.").format(path=source), source)
    if not layer.crs().isValid():
        raise StoreError(
            tr("The area layer {path} has no coordinate reference system.").format(path=source), source
        )
    target = QgsCoordinateReferenceSystem(crs)
    transform = QgsCoordinateTransform(layer.crs(), target, QgsCoordinateTransformContext())
    bounds = _crs_bounds(target)
    name_field = next((f for f in NAME_FIELDS if layer.fields().indexOf(f) >= 0), None)
    areas = []
    for index, feature in enumerate(layer.getFeatures(QgsFeatureRequest())):
        geometry = feature.geometry()
        if geometry.isEmpty():
            continue
        try:
            geometry.transform(transform)
        except QgsCsException as exc:
            raise _wrong_crs(source) from exc
        box = geometry.boundingBox()
        if not box.isFinite() or not bounds.contains(box):
            raise _wrong_crs(source)
        parts = geometry.asMultiPolygon() if geometry.isMultipart() else [geometry.asPolygon()]
        polygons = [[[(p.x(), p.y()) for p in ring] for ring in poly] for poly in parts]
        name = (
            str(feature[name_field])
            if name_field and feature[name_field]
            else tr("Area {n}").format(n=index + 1)
        )
        areas.append((name, polygons))
    if not areas:
        raise StoreError(tr("The area layer {path} has no polygons.").format(path=source), source)
    return areas


def _crs_bounds(crs: QgsCoordinateReferenceSystem) -> QgsRectangle:
    """The CRS's area of use in its own coordinates, with a generous margin."""
    wgs84 = QgsCoordinateReferenceSystem("EPSG:4326")
    transform = QgsCoordinateTransform(wgs84, crs, QgsCoordinateTransformContext())
    try:
        box = transform.transformBoundingBox(crs.bounds())
    except QgsCsException:
        box = QgsRectangle(-1e7, -1e7, 1e7, 1e7)
    box.grow(max(box.width(), box.height()) * 0.5)
    return box


def _wrong_crs(path: str) -> StoreError:
    return StoreError(
        tr(
            "The area layer {path} does not lie where the database's coordinate system is valid: "
            "check the layer's coordinate reference system."
        ).format(path=path),
        path,
    )
