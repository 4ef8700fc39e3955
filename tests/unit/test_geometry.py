"""GeoPackage blobs written without GDAL are read back by GDAL as the same geometry."""

from __future__ import annotations

import struct

import pytest
from osgeo import ogr

from mitmach_qgis.data.geometry import (
    blob_bbox,
    blob_point,
    linestring_blob,
    multipolygon_blob,
    point_blob,
    polygon_blob,
)

RING = [(0.0, 0.0), (10.0, 0.0), (10.0, 5.0), (0.0, 5.0), (0.0, 0.0)]


def _ogr(blob: bytes) -> ogr.Geometry:
    flags = blob[3]
    envelope = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}[(flags >> 1) & 7]
    return ogr.CreateGeometryFromWkb(blob[8 + envelope :])


@pytest.mark.parametrize(
    ("blob", "wkt"),
    [
        (point_blob(357500.5, 5711500.25, 25832), "POINT (357500.5 5711500.25)"),
        (linestring_blob([(0, 0), (3, 4)], 25832), "LINESTRING (0 0,3 4)"),
        (polygon_blob([RING], 25832), "POLYGON ((0 0,10 0,10 5,0 5,0 0))"),
        (multipolygon_blob([[RING]], 25832), "MULTIPOLYGON (((0 0,10 0,10 5,0 5,0 0)))"),
    ],
)
def test_gdal_reads_what_we_write(blob, wkt):
    assert blob[:2] == b"GP"
    assert struct.unpack("<i", blob[4:8])[0] == 25832
    assert _ogr(blob).ExportToWkt() == wkt


def test_bbox_from_envelope_and_from_point():
    assert blob_bbox(polygon_blob([RING], 25832)) == (0.0, 10.0, 0.0, 5.0)
    assert blob_bbox(point_blob(3.0, 4.0, 25832)) == (3.0, 3.0, 4.0, 4.0)
    assert blob_point(point_blob(3.0, 4.0, 25832)) == (3.0, 4.0)


def test_bbox_of_gdal_written_blob():
    geom = ogr.CreateGeometryFromWkt("LINESTRING (1 2, 5 -3)")
    blob = b"GP\x00\x01" + struct.pack("<i", 0) + geom.ExportToIsoWkb()
    assert blob_bbox(blob) == (1.0, 5.0, -3.0, 2.0)


def test_garbage_is_rejected():
    with pytest.raises(ValueError):
        blob_bbox(b"XX not a blob")
