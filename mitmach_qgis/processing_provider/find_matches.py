"""mitmach:findmatches — every compatible pair of proposals as a line layer; and the CLI's matching helpers.

The database is a GeoPackage or a PostGIS participation database (the DATABASE parameter takes either, see
``base.MitMachAlgorithm.database_parameter``); the helpers take either store. ``load_index`` reads PostGIS
through one binary COPY (``data.pg_sources``) and gives the same index as the GeoPackage on the same data.

The algorithm and the helpers turn parameters into calls of :mod:`mitmach_qgis.core.matching` (through
:func:`mitmach_qgis.data.match_source.load_index`); they hold no matching logic of their own. Outputs name
proposals by uuid and theme only: no participant, no personal data.
"""

from __future__ import annotations

import contextlib
import csv
import os
from collections.abc import Iterator
from pathlib import Path

import numpy as np
from qgis.core import (
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsGeometry,
    QgsPointXY,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterNumber,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant

from ..core.i18n import tr
from ..data.errors import StoreError
from .base import MitMachAlgorithm

PAIR_FIELDS = ("from_uuid", "to_uuid", "from_theme", "to_theme", "score", "synergy", "distance_m")
_PROGRESS_EVERY = 2000  # features between progress reports and cancel checks
_SLICE = 10_000  # pairs turned into Python rows at a time


def _pair_rows(
    index, max_distance: float | None = None, min_score: float = 0.0
) -> tuple[int, Iterator[tuple]]:
    """(count, rows): every pair with score >= min_score as (from_uuid, to_uuid, from_theme, to_theme,
    score, synergy, distance_m, x1, y1, x2, y2), in the order of the pair table. The rows become Python
    objects a slice at a time, so two million pairs do not sit in memory as Python lists."""
    pairs = index.all_pairs(max_distance=max_distance)
    keep = np.flatnonzero(pairs.score >= min_score)
    uuids, names = index.uuids, pairs.synergy_names

    def rows() -> Iterator[tuple]:
        for start in range(0, len(keep), _SLICE):
            part = keep[start : start + _SLICE]
            a, b = pairs.a[part], pairs.b[part]
            ta, tb = index.themes_of(a), index.themes_of(b)
            (xa, ya), (xb, yb) = index.points(a), index.points(b)
            score = pairs.score[part].astype(float).round(4).tolist()
            distance = pairs.distance_m[part].astype(float).round(2).tolist()
            synergy = pairs.synergy[part].tolist()
            columns = (a.tolist(), b.tolist(), ta, tb, score, synergy, distance, xa.tolist(), ya.tolist(),
                       xb.tolist(), yb.tolist())  # fmt: skip
            for i, j, t1, t2, sc, sy, d, x1, y1, x2, y2 in zip(*columns):
                yield uuids[i], uuids[j], t1, t2, sc, names[sy], d, x1, y1, x2, y2

    return len(keep), rows()


def database_crs(store) -> QgsCoordinateReferenceSystem:
    crs = QgsCoordinateReferenceSystem(store.meta().get("crs") or "")
    return crs if crs.isValid() else QgsCoordinateReferenceSystem(f"EPSG:{store.srs_id}")


# -- helpers of the CLI ---------------------------------------------------------------------------------------
def ranked_candidates(store, proposal_uuid: str, limit: int | None = 10, language: str = "de") -> list[dict]:
    """The candidates for one proposal, best first, as plain dicts for printing or JSON: uuid, theme,
    distance_m, score, synergy, reasons (code, value, detail), sentence (in ``language``, "de" or "en")."""
    from ..data.match_source import load_index

    index = load_index(store)
    if proposal_uuid not in index:
        raise StoreError(
            tr("There is no proposal {uuid} in {path}.").format(uuid=proposal_uuid, path=store.where),
            store.where,
        )
    origin = index.theme(proposal_uuid)
    return [
        {
            "uuid": c.uuid,
            "theme": c.theme,
            "distance_m": round(c.distance_m, 1),
            "score": round(c.score, 4),
            "synergy": c.synergy,
            "reasons": [{"code": r.code, "value": r.value, "detail": r.detail} for r in c.reasons],
            "sentence": c.sentence(origin, language),
        }
        for c in index.query(proposal_uuid, limit=limit)
    ]


def write_pairs(store, path, max_distance: float | None = None, min_score: float = 0.0, feedback=None) -> int:
    """Every compatible pair into ``path``: ``.gpkg`` (a LineString layer "matches" in the database CRS) or
    ``.csv`` (no geometry); columns :data:`PAIR_FIELDS`. Written to a temporary file beside the target and
    moved into place at the end: on any error or cancel nothing is written. Returns the number of pairs."""
    from ..data.match_source import load_index

    target = Path(path)
    suffix = target.suffix.lower()
    if suffix not in (".gpkg", ".csv"):
        raise StoreError(
            tr("Pairs can be written to .gpkg or .csv files only, not {path}.").format(path=target)
        )
    database = getattr(store, "path", None)  # a GeoPackage's file; a PostGIS database has none
    if database is not None and target.exists() and target.resolve() == Path(database).resolve():
        raise StoreError(tr("The pairs cannot be written into the participation database itself."), target)
    folder = target.parent if str(target.parent) else Path(".")
    if not folder.is_dir():
        raise StoreError(tr("The folder {path} does not exist.").format(path=folder), target)
    index = load_index(store)
    count, rows = _pair_rows(index, max_distance, min_score)
    tmp = folder / f".{target.stem}.writing-{os.getpid()}{suffix}"
    try:
        if suffix == ".csv":
            _write_csv(tmp, rows, count, feedback)
        else:
            _write_gpkg(tmp, rows, count, store, feedback)
        if feedback is not None and feedback.isCanceled():
            raise StoreError(tr("Cancelled: nothing was written."), target)
        os.replace(tmp, target)
    except (OSError, RuntimeError) as exc:  # RuntimeError: GDAL with exceptions enabled
        error = getattr(exc, "strerror", None) or exc
        raise StoreError(tr("Cannot write {path}: {error}").format(path=target, error=error), target) from exc
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()
    return count


def _progress(feedback, k: int, count: int) -> bool:
    """Report progress; False when the user cancelled."""
    if feedback is None or k % _PROGRESS_EVERY:
        return True
    feedback.setProgress(100.0 * k / max(count, 1))
    return not feedback.isCanceled()


def _write_csv(tmp: Path, rows, count: int, feedback) -> None:
    with tmp.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(PAIR_FIELDS)
        for k, row in enumerate(rows):
            if not _progress(feedback, k, count):
                return
            writer.writerow(row[:7])


def _write_gpkg(tmp: Path, rows, count: int, store, feedback) -> None:
    from osgeo import ogr, osr

    srs = osr.SpatialReference()
    srs.ImportFromWkt(database_crs(store).toWkt())
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    driver = ogr.GetDriverByName("GPKG")
    dataset = driver.CreateDataSource(str(tmp))
    if dataset is None:
        raise StoreError(
            tr("Cannot write {path}: {error}").format(path=tmp, error=ogr.GetLastErrorMsg()), tmp
        )
    try:
        layer = dataset.CreateLayer("matches", srs, ogr.wkbLineString, ["GEOMETRY_NAME=geom", "FID=fid"])
        for name in PAIR_FIELDS:
            kind = ogr.OFTReal if name in ("score", "distance_m") else ogr.OFTString
            layer.CreateField(ogr.FieldDefn(name, kind))
        definition = layer.GetLayerDefn()
        dataset.StartTransaction()
        for k, row in enumerate(rows):
            if not _progress(feedback, k, count):
                break
            feature = ogr.Feature(definition)
            for position, value in enumerate(row[:7]):
                feature.SetField(position, value)
            line = ogr.Geometry(ogr.wkbLineString)
            line.AddPoint_2D(row[7], row[8])
            line.AddPoint_2D(row[9], row[10])
            feature.SetGeometry(line)
            if layer.CreateFeature(feature) != 0:
                raise StoreError(
                    tr("Cannot write {path}: {error}").format(path=tmp, error=ogr.GetLastErrorMsg())
                )
        dataset.CommitTransaction()
    finally:
        dataset = None


# -- the algorithm --------------------------------------------------------------------------------------------
class FindMatchesAlgorithm(MitMachAlgorithm):
    DATABASE = "DATABASE"
    MAX_DISTANCE = "MAX_DISTANCE"
    MIN_SCORE = "MIN_SCORE"
    OUTPUT = "OUTPUT"
    PAIRS = "PAIRS"

    def name(self) -> str:
        return "findmatches"

    def displayName(self) -> str:  # noqa: N802
        return self.tr("Find matching proposals")

    def group(self) -> str:
        return self.tr("Matching")

    def groupId(self) -> str:  # noqa: N802
        return "matching"

    def shortHelpString(self) -> str:  # noqa: N802
        return self.tr(
            "Finds every pair of compatible proposals in a participation database and writes it as a line "
            "between the two proposals, with both uuids and themes, the score (0 to 1), the synergy they "
            "form and the distance in metres.\n\n"
            "Two proposals are compatible when a rule of the database's theme compatibility table joins "
            "their themes, they lie within the rule's maximum distance, their planned years overlap or lie "
            "within the rule's tolerance, they belong to different participants, and both are checked or "
            "matched. The score combines the rule's weight, the distance, the overlap of the planned years "
            "and a bonus for the same building or block.\n\n"
            "Maximum distance, when given, limits every rule further; minimum score drops weaker pairs. The "
            "output holds no personal data."
        )

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(self.database_parameter(self.DATABASE))
        self.addParameter(
            QgsProcessingParameterNumber(
                self.MAX_DISTANCE,
                self.tr("Maximum distance in metres (empty: each rule's own)"),
                QgsProcessingParameterNumber.Double,
                optional=True,
                minValue=0.0,
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                self.MIN_SCORE,
                self.tr("Minimum score (0 to 1)"),
                QgsProcessingParameterNumber.Double,
                0.0,
                minValue=0.0,
                maxValue=1.0,
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                self.OUTPUT, self.tr("Matching pairs"), QgsProcessing.TypeVectorLine
            )
        )
        self.addOutput(QgsProcessingOutputNumber(self.PAIRS, self.tr("Number of pairs")))

    def process(self, parameters, context, feedback) -> dict:
        from ..data.match_source import load_index

        max_distance = (
            self.parameterAsDouble(parameters, self.MAX_DISTANCE, context)
            if parameters.get(self.MAX_DISTANCE) not in (None, "")
            else None
        )
        min_score = self.parameterAsDouble(parameters, self.MIN_SCORE, context)
        store = self.open_database(parameters, context, self.DATABASE)
        feedback.setProgress(5)
        index = load_index(store)
        feedback.pushInfo(self.tr("{count} proposals read.").format(count=len(index)))
        if feedback.isCanceled():
            return {self.OUTPUT: None, self.PAIRS: 0}
        count, rows = _pair_rows(index, max_distance, min_score)
        feedback.setProgress(30)
        fields = QgsFields()
        for name in PAIR_FIELDS:
            kind = QVariant.Double if name in ("score", "distance_m") else QVariant.String
            fields.append(QgsField(name, kind))
        sink, dest_id = self.parameterAsSink(
            parameters, self.OUTPUT, context, fields, QgsWkbTypes.LineString, database_crs(store)
        )
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        written = 0
        for k, row in enumerate(rows):
            if k % _PROGRESS_EVERY == 0:
                if feedback.isCanceled():
                    break
                feedback.setProgress(30 + 70.0 * k / max(count, 1))
            feature = QgsFeature(fields)
            feature.setAttributes(list(row[:7]))
            feature.setGeometry(
                QgsGeometry.fromPolylineXY([QgsPointXY(row[7], row[8]), QgsPointXY(row[9], row[10])])
            )
            sink.addFeature(feature, QgsFeatureSink.FastInsert)
            written += 1
        feedback.setProgress(100)
        feedback.pushInfo(self.tr("{count} matching pairs written.").format(count=written))
        return {self.OUTPUT: dest_id, self.PAIRS: written}
