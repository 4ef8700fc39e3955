"""mitmach:synergyclusters — synergy clusters (DBSCAN) with heat demand, trench and linear heat density.

DESIGN.md §4. The algorithm turns parameters into calls of ``core.clustering`` (DBSCAN on a numpy grid,
the same clusters as ``native:dbscanclustering``), ``core.heat_density`` (demand, trench, linear heat
density) and ``data.cluster_source`` (the proposals of a synergy in one query); it writes two layers that
hold no personal data and an optional report (HTML with a CSV beside it).

:func:`cluster_to_gpkg` is the headless entry for the CLI and ``make demo``: both layers into one
GeoPackage, the cluster layer with its style saved as the default style inside the file.
"""

from __future__ import annotations

import csv
import html
import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from qgis.core import (
    QgsCategorizedSymbolRenderer,
    QgsCoordinateReferenceSystem,
    QgsFeature,
    QgsFeatureRequest,
    QgsFeatureSink,
    QgsField,
    QgsFields,
    QgsFillSymbol,
    QgsGeometry,
    QgsPalLayerSettings,
    QgsPointXY,
    QgsProcessing,
    QgsProcessingException,
    QgsProcessingLayerPostProcessorInterface,
    QgsProcessingOutputNumber,
    QgsProcessingParameterDefinition,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFeatureSink,
    QgsProcessingParameterFeatureSource,
    QgsProcessingParameterField,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterNumber,
    QgsProperty,
    QgsRectangle,
    QgsRendererCategory,
    QgsSpatialIndex,
    QgsSymbolLayer,
    QgsTextBufferSettings,
    QgsTextFormat,
    QgsUnitTypes,
    QgsVectorLayer,
    QgsVectorLayerSimpleLabeling,
    QgsWkbTypes,
)
from qgis.PyQt.QtCore import QVariant
from qgis.PyQt.QtGui import QColor

from ..core.heat_density import (
    DEFAULT_BUILDING_SEARCH_M,
    DEFAULT_CANDIDATE_THRESHOLD,
    DEFAULT_CLASS_LIMITS,
    DEFAULT_CONNECTION_LENGTH_M,
    DEFAULT_DEMAND_PER_DWELLING_MWH_A,
    Building,
    ClusterFigures,
    HeatDensitySettings,
    Member,
    class_labels,
    format_limit,
)
from ..core.i18n import tr
from ..core.themes import SYNERGY_CODES
from .base import MitMachAlgorithm

ALGORITHM_ID = "mitmach:synergyclusters"
DEFAULT_EPS_M = 125.0
DEFAULT_MIN_POINTS = 3
DEFAULT_BUFFER_M = 25.0
MIN_BUFFER_M = 0.5  # with buffer 0 a hull of members in a line is no area: this much is added then
MAX_EPS_M = 5000.0
MAX_YEAR_TOLERANCE = 30
DWELLINGS_FIELD = "dwellings"  # used for buildings whose demand is the default, when the layer has it
# fill colours of the linear-heat-density classes, low to high: green, yellow, orange, red (ColorBrewer
# RdYlGn reversed), as heat-density maps of German heat planning colour low to high density
CLASS_COLOURS = ("#1a9641", "#fee08b", "#fdae61", "#d7191c")
NO_VALUE_COLOUR = "#bdbdbd"
# which buildings count: those of the clustered proposals / all buildings of the cluster area
DEMAND_SCOPES = ("members", "area")
STYLE_NAME = "mitmach"
CLUSTERS_TABLE = "clusters"
PROPOSALS_TABLE = "cluster_proposals"
# cluster_to_gpkg hands an open PostGIS store to the algorithm under a token (see _hand_over)
HANDED_STORE_PREFIX = "mitmach-open-store:"
_HANDED_STORES: dict[str, object] = {}


# -- output layers ------------------------------------------------------------------------------------------
def cluster_fields() -> QgsFields:
    fields = QgsFields()
    for name, kind in (
        ("synergy", QVariant.String), ("cluster_id", QVariant.Int), ("members", QVariant.Int),
        ("participants", QVariant.Int), ("buildings", QVariant.Int), ("themes", QVariant.String),
        ("period", QVariant.String), ("year_from", QVariant.Int), ("year_to", QVariant.Int),
        ("owners", QVariant.Int), ("tenants", QVariant.Int), ("heat_demand_mwh_a", QVariant.Double),
        ("demand_defaulted", QVariant.Int), ("trench_m", QVariant.Double), ("lhd_mwh_m_a", QVariant.Double),
        ("lhd_class", QVariant.String), ("candidate", QVariant.Bool), ("along_streets", QVariant.Bool),
    ):  # fmt: skip
        fields.append(QgsField(name, kind))
    return fields


def proposal_fields() -> QgsFields:
    """The proposals' points: no participant, no description, nothing personal."""
    fields = QgsFields()
    for name, kind in (
        ("uuid", QVariant.String), ("synergy", QVariant.String), ("theme", QVariant.String),
        ("year_from", QVariant.Int), ("year_to", QVariant.Int), ("status", QVariant.String),
        ("cluster_id", QVariant.Int), ("dbscan_role", QVariant.String),
    ):  # fmt: skip
        fields.append(QgsField(name, kind))
    return fields


def cluster_renderer(limits: Sequence[float] = DEFAULT_CLASS_LIMITS) -> QgsCategorizedSymbolRenderer:
    """One category per linear-heat-density class (green → red); candidates get a heavier outline."""
    categories = []
    labels = class_labels(limits)
    width = QgsProperty.fromExpression('if("candidate", 0.9, 0.3)')
    for label, colour in (*zip(labels, CLASS_COLOURS), ("", NO_VALUE_COLOUR)):
        fill = QColor(colour)
        fill.setAlpha(140)
        symbol = QgsFillSymbol.createSimple(
            {
                "color": fill.name(QColor.HexArgb),
                "outline_color": QColor(colour).darker(150).name(),
                "outline_width": "0.3",
                "outline_width_unit": "MM",
            }  # fmt: skip
        )
        symbol.symbolLayer(0).setDataDefinedProperty(QgsSymbolLayer.PropertyStrokeWidth, width)
        title = f"{label} MWh/(m·a)" if label else "–"
        categories.append(QgsRendererCategory(label, symbol, title, True))
    return QgsCategorizedSymbolRenderer("lhd_class", categories)


def apply_cluster_style(layer: QgsVectorLayer, limits: Sequence[float] = DEFAULT_CLASS_LIMITS) -> None:
    """Colours by class and a label with the linear heat density."""
    layer.setRenderer(cluster_renderer(limits))
    settings = QgsPalLayerSettings()
    settings.fieldName = "if(\"lhd_mwh_m_a\" IS NULL, '', format_number(\"lhd_mwh_m_a\", 2) || ' MWh/(m·a)')"
    settings.isExpression = True
    text = QgsTextFormat()
    text.setSize(9)
    text.setColor(QColor("#212121"))
    buffer = QgsTextBufferSettings()
    buffer.setEnabled(True)
    buffer.setSize(1.0)
    buffer.setColor(QColor("#ffffff"))
    text.setBuffer(buffer)
    settings.setFormat(text)
    layer.setLabeling(QgsVectorLayerSimpleLabeling(settings))
    layer.setLabelsEnabled(True)
    layer.triggerRepaint()


class ClusterStylePostProcessor(QgsProcessingLayerPostProcessorInterface):
    """Styles the cluster layer when Processing loads it into the project."""

    _alive: list[ClusterStylePostProcessor] = []  # QGIS 3.22 loses Python post-processors nobody holds

    def __init__(self, limits: Sequence[float]) -> None:
        super().__init__()
        self.limits = tuple(limits)

    @classmethod
    def create(cls, limits: Sequence[float]) -> ClusterStylePostProcessor:
        instance = cls(limits)
        cls._alive = [*cls._alive[-15:], instance]
        return instance

    def postProcessLayer(self, layer, context, feedback):  # noqa: N802
        if isinstance(layer, QgsVectorLayer):
            apply_cluster_style(layer, self.limits)


# -- the report ---------------------------------------------------------------------------------------------
def _number(value: float | None, digits: int) -> str:
    return "" if value is None or not math.isfinite(value) else f"{value:.{digits}f}"


def report_rows(figures: Sequence[tuple[int, ClusterFigures]]) -> list[list[str]]:
    """One row per cluster: counts and figures only."""
    rows = []
    for cluster_id, f in figures:
        rows.append([
            str(cluster_id), str(f.members), str(f.participants), str(f.buildings), ", ".join(f.themes), f.period,
            str(f.owners), str(f.tenants), _number(f.heat_demand_mwh_a, 1), str(f.demand_defaulted),
            _number(f.trench_m, 1), _number(f.lhd_mwh_m_a, 2), f.lhd_label,
            tr("yes") if f.candidate else tr("no"),
        ])  # fmt: skip
    return rows


def write_report(
    path: str | Path, figures: Sequence[tuple[int, ClusterFigures]], summary: Sequence[tuple[str, str]]
) -> tuple[Path, Path]:
    """The report as HTML at ``path`` and the same table as CSV beside it; returns both paths."""
    path = Path(path)
    csv_path = path.with_suffix(".csv")
    header = [
        tr("Cluster"), tr("Proposals"), tr("Participants"), tr("Buildings"), tr("Themes"), tr("Period"),
        tr("Owners"), tr("Tenants"), tr("Heat demand (MWh/a)"), tr("Buildings with default demand"),
        tr("Trench (m)"), tr("Linear heat density (MWh/(m·a))"), tr("Class"), tr("Candidate"),
    ]  # fmt: skip
    rows = report_rows(figures)
    title = tr("MitMach synergy clusters")
    parts = [
        "<!DOCTYPE html>",
        '<html><head><meta charset="utf-8">',
        f"<title>{html.escape(title)}</title>",
        "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
        "th,td{border:1px solid #999;padding:3px 8px;text-align:right}th{background:#eee}"
        "td:nth-child(5),td:nth-child(6),td:nth-child(13){text-align:left}</style>",
        "</head><body>",
        f"<h1>{html.escape(title)}</h1>",
        "<table>",
        *(f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>" for k, v in summary),
        "</table>",
    ]
    if rows:
        heading = tr("Clusters")
        parts.append(f"<h2>{html.escape(heading)}</h2><table>")
        parts.append("<tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in header) + "</tr>")
        parts += ["<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>" for row in rows]
        parts.append("</table>")
    else:
        nothing = tr("No clusters were found.")
        parts.append(f"<p>{html.escape(nothing)}</p>")
    parts.append("</body></html>")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(parts) + "\n", encoding="utf-8")
    with csv_path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path, csv_path


# -- the algorithm ------------------------------------------------------------------------------------------
class SynergyClustersAlgorithm(MitMachAlgorithm):
    DATABASE = "DATABASE"
    SYNERGY = "SYNERGY"
    EPS = "EPS"
    MIN_POINTS = "MIN_POINTS"
    YEAR_TOLERANCE = "YEAR_TOLERANCE"
    BUILDINGS = "BUILDINGS"
    BUILDING_DEMAND_FIELD = "BUILDING_DEMAND_FIELD"
    DEMAND_SCOPE = "DEMAND_SCOPE"
    BUILDING_SEARCH = "BUILDING_SEARCH"
    STREETS = "STREETS"
    STREET_SNAP = "STREET_SNAP"
    CLASS_LIMIT_LOW = "CLASS_LIMIT_LOW"
    CLASS_LIMIT_MID = "CLASS_LIMIT_MID"
    CLASS_LIMIT_HIGH = "CLASS_LIMIT_HIGH"
    CANDIDATE_THRESHOLD = "CANDIDATE_THRESHOLD"
    DEFAULT_DEMAND_PER_DWELLING = "DEFAULT_DEMAND_PER_DWELLING"
    CONNECTION_LENGTH = "CONNECTION_LENGTH"
    BUFFER = "BUFFER"
    CLUSTERS = "CLUSTERS"
    PROPOSALS = "PROPOSALS"
    REPORT = "REPORT"
    CLUSTER_COUNT = "CLUSTER_COUNT"
    CANDIDATE_COUNT = "CANDIDATE_COUNT"
    PROPOSAL_COUNT = "PROPOSAL_COUNT"

    def name(self) -> str:
        return "synergyclusters"

    def displayName(self) -> str:  # noqa: N802
        return self.tr("Synergy clusters and heat-network candidates")

    def group(self) -> str:
        return self.tr("Analysis")

    def groupId(self) -> str:  # noqa: N802
        return "analysis"

    def shortHelpString(self) -> str:  # noqa: N802
        return self.tr(
            "Finds clusters of compatible proposals with DBSCAN (the same clusters as QGIS's own DBSCAN "
            "clustering): the proposals whose themes take part in the chosen synergy in the database's "
            "compatibility table, with status checked or matched. A core point has at least the minimum "
            "number of proposals within the distance, itself included; with a year tolerance, proposals "
            "are neighbours only when their planned periods are at most that many years apart, and "
            "proposals without planned years are left out.\n\n"
            "Each cluster becomes an area (the members' convex hull, buffered) with its proposals, "
            "participants, themes, period, owners and tenants, the estimated heat demand, the trench length "
            "and the linear heat density in MWh per metre of trench and year, classed (< 0.7, 0.7–1.5, "
            "1.5–2.0, ≥ 2.0 by default) and flagged as a heat-network candidate from 1.5 MWh/(m·a).\n\n"
            "Heat demand: from the chosen field of the building layer (the building containing the "
            "proposal, else the nearest within the search distance); otherwise the default per dwelling "
            "(15 MWh/a, times the building's dwellings when the layer has a field dwellings). Every "
            "building counts once. By default only the buildings of the clustered proposals count; with the "
            'scope "all buildings in the cluster area" every building of the area counts as connected '
            "(the potential of a network there). Trench: the minimum spanning tree of the buildings, along "
            "the streets when a street layer is given, plus one house connection per building.\n\n"
            "Layers in another coordinate system are reprojected to the database's. The outputs hold no "
            "personal data; the report lists counts and figures only."
        )

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(self.database_parameter(self.DATABASE))
        self.addParameter(
            QgsProcessingParameterEnum(
                self.SYNERGY, self.tr("Synergy"), self._synergy_labels(), defaultValue=0
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                self.EPS, self.tr("Maximum distance between neighbours (m)"),
                QgsProcessingParameterNumber.Double, DEFAULT_EPS_M,
            )
        )  # fmt: skip
        self.addParameter(
            QgsProcessingParameterNumber(
                self.MIN_POINTS, self.tr("Minimum number of proposals (core point, itself included)"),
                QgsProcessingParameterNumber.Integer, DEFAULT_MIN_POINTS,
            )
        )  # fmt: skip
        self.addParameter(
            QgsProcessingParameterNumber(
                self.YEAR_TOLERANCE, self.tr("Year tolerance (-1 = ignore the planned years)"),
                QgsProcessingParameterNumber.Integer, -1,
            )
        )  # fmt: skip
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.BUILDINGS, self.tr("Buildings with heat demand"), [QgsProcessing.TypeVectorPolygon],
                optional=True,
            )
        )  # fmt: skip
        self.addParameter(
            QgsProcessingParameterField(
                self.BUILDING_DEMAND_FIELD, self.tr("Heat demand field of the buildings (MWh/a)"),
                parentLayerParameterName=self.BUILDINGS, type=QgsProcessingParameterField.Numeric,
                optional=True,
            )
        )  # fmt: skip
        self.addParameter(
            QgsProcessingParameterEnum(
                self.DEMAND_SCOPE, self.tr("Buildings that count"),
                [self.tr("Buildings of the clustered proposals"), self.tr("All buildings in the cluster area")],
                defaultValue=0,
            )
        )  # fmt: skip
        self.addParameter(
            QgsProcessingParameterFeatureSource(
                self.STREETS, self.tr("Streets (trench along the streets)"), [QgsProcessing.TypeVectorLine],
                optional=True,
            )
        )  # fmt: skip
        numbers = (
            (self.CLASS_LIMIT_LOW, self.tr("Class limit low (MWh/(m·a))"), DEFAULT_CLASS_LIMITS[0], False),
            (self.CLASS_LIMIT_MID, self.tr("Class limit middle (MWh/(m·a))"), DEFAULT_CLASS_LIMITS[1], False),
            (self.CLASS_LIMIT_HIGH, self.tr("Class limit high (MWh/(m·a))"), DEFAULT_CLASS_LIMITS[2], False),
            (self.CANDIDATE_THRESHOLD, self.tr("Heat-network candidate from (MWh/(m·a))"),
             DEFAULT_CANDIDATE_THRESHOLD, False),
            (self.DEFAULT_DEMAND_PER_DWELLING, self.tr("Default heat demand per dwelling (MWh/a)"),
             DEFAULT_DEMAND_PER_DWELLING_MWH_A, False),
            (self.CONNECTION_LENGTH, self.tr("House connection length per building (m)"),
             DEFAULT_CONNECTION_LENGTH_M, False),
            (self.BUFFER, self.tr("Buffer around the cluster area (m)"), DEFAULT_BUFFER_M, True),
            (self.BUILDING_SEARCH, self.tr("Search distance to the nearest building (m)"),
             DEFAULT_BUILDING_SEARCH_M, True),
            (self.STREET_SNAP, self.tr("Maximum distance from a building to its street (m)"), 50.0, True),
        )  # fmt: skip
        for key, label, default, advanced in numbers:
            parameter = QgsProcessingParameterNumber(key, label, QgsProcessingParameterNumber.Double, default)
            if advanced:
                parameter.setFlags(parameter.flags() | QgsProcessingParameterDefinition.FlagAdvanced)
            self.addParameter(parameter)
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                self.CLUSTERS, self.tr("Synergy clusters"), QgsProcessing.TypeVectorPolygon
            )
        )
        self.addParameter(
            QgsProcessingParameterFeatureSink(
                self.PROPOSALS, self.tr("Clustered proposals"), QgsProcessing.TypeVectorPoint
            )
        )
        self.addParameter(
            QgsProcessingParameterFileDestination(
                self.REPORT, self.tr("Cluster report"), self.tr("HTML (*.html)"), optional=True,
                createByDefault=False,
            )
        )  # fmt: skip
        self.addOutput(QgsProcessingOutputNumber(self.CLUSTER_COUNT, self.tr("Number of clusters")))
        self.addOutput(QgsProcessingOutputNumber(self.CANDIDATE_COUNT, self.tr("Heat-network candidates")))
        self.addOutput(QgsProcessingOutputNumber(self.PROPOSAL_COUNT, self.tr("Proposals analysed")))

    def _synergy_labels(self) -> list[str]:
        # in the order of SYNERGY_CODES
        return [
            self.tr("Local heat network"),
            self.tr("Joint tender / group purchase"),
            self.tr("Combined works"),
            self.tr("Owner involvement"),
        ]

    # -- parameters --------------------------------------------------------------------------------------
    def _settings(self, parameters, context) -> tuple[dict, HeatDensitySettings]:
        def number(key):
            return self.parameterAsDouble(parameters, key, context)

        eps = number(self.EPS)
        if not math.isfinite(eps) or eps <= 0:
            raise QgsProcessingException(
                self.tr("The maximum distance must be greater than 0 m (it is {value} m).").format(value=eps)
            )
        if eps > MAX_EPS_M:
            raise QgsProcessingException(
                self.tr(
                    "A maximum distance of {value} m between neighbours is not plausible for a neighbourhood; "
                    "use at most {limit} m."
                ).format(value=eps, limit=int(MAX_EPS_M))
            )
        min_points = self.parameterAsInt(parameters, self.MIN_POINTS, context)
        if min_points < 2:
            raise QgsProcessingException(
                self.tr("The minimum number of proposals must be at least 2 (it is {value}).").format(
                    value=min_points
                )
            )
        tolerance = self.parameterAsInt(parameters, self.YEAR_TOLERANCE, context)
        if tolerance < -1 or tolerance > MAX_YEAR_TOLERANCE:
            raise QgsProcessingException(
                self.tr("The year tolerance must be -1 (off) or between 0 and {limit} years (it is {value}).")
                .format(limit=MAX_YEAR_TOLERANCE, value=tolerance)
            )  # fmt: skip
        scope = self.parameterAsEnum(parameters, self.DEMAND_SCOPE, context)
        if not 0 <= scope < len(DEMAND_SCOPES):
            raise QgsProcessingException(self.tr("Unknown choice of the buildings that count."))
        index = self.parameterAsEnum(parameters, self.SYNERGY, context)
        if not 0 <= index < len(SYNERGY_CODES):
            raise QgsProcessingException(self.tr("Unknown synergy."))
        limits = (number(self.CLASS_LIMIT_LOW), number(self.CLASS_LIMIT_MID), number(self.CLASS_LIMIT_HIGH))
        if not all(math.isfinite(v) and v >= 0 for v in limits) or not limits[0] < limits[1] < limits[2]:
            raise QgsProcessingException(
                self.tr(
                    "The class limits must be numbers of at least 0 in ascending order (low < middle < high)."
                )
            )
        checked = {}
        for key in (self.CANDIDATE_THRESHOLD, self.DEFAULT_DEMAND_PER_DWELLING, self.CONNECTION_LENGTH,
                    self.BUFFER, self.BUILDING_SEARCH, self.STREET_SNAP):  # fmt: skip
            value = number(key)
            if not math.isfinite(value) or value < 0:
                raise QgsProcessingException(
                    self.tr("“{parameter}” must be a number of at least 0 (it is {value}).").format(
                        parameter=self.parameterDefinition(key).description(), value=value
                    )
                )
            checked[key] = value
        settings = HeatDensitySettings(
            default_demand_per_dwelling_mwh_a=checked[self.DEFAULT_DEMAND_PER_DWELLING],
            connection_length_m=checked[self.CONNECTION_LENGTH],
            class_limits=limits,
            candidate_threshold=checked[self.CANDIDATE_THRESHOLD],
            street_snap_m=checked[self.STREET_SNAP],
        )
        options = {
            "eps": eps, "min_points": min_points, "year_tolerance": tolerance, "synergy": SYNERGY_CODES[index],
            "buffer": checked[self.BUFFER], "building_search": checked[self.BUILDING_SEARCH],
            "scope": DEMAND_SCOPES[scope],
        }  # fmt: skip
        return options, settings

    def _database_crs(self, store) -> QgsCoordinateReferenceSystem:
        crs = QgsCoordinateReferenceSystem(f"EPSG:{store.srs_id}")
        if not crs.isValid():
            crs = QgsCoordinateReferenceSystem(store.meta().get("crs", ""))
        if not crs.isValid() or crs.isGeographic() or crs.mapUnits() != QgsUnitTypes.DistanceMeters:
            raise QgsProcessingException(
                self.tr(
                    "The database's coordinate system ({crs}) is not projected in metres; distances in "
                    "metres cannot be measured in it. Clustering refused."
                ).format(crs=crs.authid() or store.srs_id)
            )
        return crs

    def _request(self, source, crs, context, feedback, message: str) -> QgsFeatureRequest:
        """Features in the database CRS; ``message`` (with {source} and {target}) says when they are
        reprojected."""
        request = QgsFeatureRequest()
        if source.sourceCrs() != crs:
            request.setDestinationCrs(crs, context.transformContext())
            feedback.pushInfo(message.format(source=source.sourceCrs().authid() or "?", target=crs.authid()))
        return request

    # -- running -----------------------------------------------------------------------------------------
    def process(self, parameters, context, feedback) -> dict:
        from ..core.clustering import dbscan
        from ..core.heat_density import cluster_figures
        from ..data.cluster_source import DEFAULT_STATUSES, load_synergy_proposals

        options, settings = self._settings(parameters, context)
        synergy = options["synergy"]
        store = _HANDED_STORES.get(self.parameterAsFile(parameters, self.DATABASE, context))
        if store is None:  # a GeoPackage or a PostGIS target; reads only, never migrates
            store = self.open_database(parameters, context, self.DATABASE, migrate_old=False)
        crs = self._database_crs(store)
        buildings = self.parameterAsSource(parameters, self.BUILDINGS, context)
        demand_field = ""
        if buildings is not None:
            chosen = self.parameterAsFields(parameters, self.BUILDING_DEMAND_FIELD, context)
            demand_field = chosen[0] if chosen else ""
            if demand_field and buildings.fields().lookupField(demand_field) < 0:
                raise QgsProcessingException(
                    self.tr("The building layer has no field {field}.").format(field=demand_field)
                )
            if not demand_field:
                feedback.pushInfo(
                    self.tr(
                        "No heat demand field chosen: every building gets the default demand per dwelling."
                    )
                )
        elif options["scope"] == "area":
            raise QgsProcessingException(
                self.tr("Counting all buildings of the cluster area needs a building layer.")
            )
        elif self.parameterAsFields(parameters, self.BUILDING_DEMAND_FIELD, context):
            feedback.pushInfo(
                self.tr("A heat demand field was given without a building layer; it is ignored.")
            )
        streets_source = self.parameterAsSource(parameters, self.STREETS, context)

        clusters_sink, clusters_id = self.parameterAsSink(
            parameters, self.CLUSTERS, context, cluster_fields(), QgsWkbTypes.Polygon, crs
        )
        if clusters_sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.CLUSTERS))
        points_sink, points_id = self.parameterAsSink(
            parameters, self.PROPOSALS, context, proposal_fields(), QgsWkbTypes.Point, crs
        )
        if points_sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.PROPOSALS))

        data = load_synergy_proposals(store, synergy, DEFAULT_STATUSES)
        feedback.setProgress(10)
        if len(data) == 0:
            feedback.pushWarning(
                self.tr(
                    "No proposals for the synergy {synergy} (themes {themes}; status checked or matched): "
                    "the outputs are empty."
                ).format(synergy=synergy, themes=", ".join(data.themes) or "–")
            )
        years = None
        if options["year_tolerance"] >= 0:
            years = np.column_stack([data.year_from, data.year_to])
        try:
            result = dbscan(data.x, data.y, options["eps"], options["min_points"], years,
                            options["year_tolerance"] if years is not None else None)  # fmt: skip
        except ValueError as exc:
            raise QgsProcessingException(str(exc)) from exc
        feedback.setProgress(30)

        clustered = np.flatnonzero(result.labels >= 0)
        building_info = {}
        layer = None
        if buildings is not None and clustered.size:
            layer = self._load_buildings(
                buildings, demand_field, data, clustered, options, crs, context, feedback
            )
            building_info = self._match_buildings(
                layer, data, clustered, options["building_search"], feedback
            )
        streets = []
        if streets_source is not None and clustered.size:
            streets = self._street_lines(
                streets_source, data, clustered, options["eps"], crs, context, feedback
            )
        feedback.setProgress(50)

        figures: list[tuple[int, ClusterFigures]] = []
        members_of: dict[int, list[int]] = {}
        for i in clustered:
            members_of.setdefault(int(result.labels[i]), []).append(int(i))
        margin = max(2 * options["eps"], settings.street_snap_m + options["eps"])
        for number, (label, indices) in enumerate(sorted(members_of.items())):
            if feedback.isCanceled():
                break
            members = [self._member(data, i, building_info.get(i)) for i in indices]
            near = self._streets_near(streets, data, indices, margin) if streets else None
            points = [QgsPointXY(float(data.x[i]), float(data.y[i])) for i in indices]
            hull = QgsGeometry.fromMultiPointXY(points).convexHull()
            area = hull.buffer(options["buffer"], 8)
            if area.type() != QgsWkbTypes.PolygonGeometry:  # buffer 0 around members in a line
                area = hull.buffer(MIN_BUFFER_M, 8)
            others = layer.within(area) if layer is not None and options["scope"] == "area" else ()
            try:
                f = cluster_figures(members, settings, near, others)
            except ValueError as exc:
                raise QgsProcessingException(str(exc)) from exc
            figures.append((label + 1, f))
            feature = QgsFeature(cluster_fields())
            feature.setGeometry(area)
            feature.setAttributes([
                synergy, label + 1, f.members, f.participants, f.buildings, ", ".join(f.themes), f.period,
                f.year_from, f.year_to, f.owners, f.tenants, round(f.heat_demand_mwh_a, 3), f.demand_defaulted,
                round(f.trench_m, 2), None if f.lhd_mwh_m_a is None else round(f.lhd_mwh_m_a, 4), f.lhd_label,
                f.candidate, f.along_streets,
            ])  # fmt: skip
            clusters_sink.addFeature(feature, QgsFeatureSink.FastInsert)
            feedback.setProgress(50 + 40 * (number + 1) / max(1, len(members_of)))

        roles = result.roles()
        for i in range(len(data)):
            feature = QgsFeature(proposal_fields())
            feature.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(float(data.x[i]), float(data.y[i]))))
            label = int(result.labels[i])
            feature.setAttributes([
                data.uuid[i], synergy, data.theme[i], _year(data.year_from[i]), _year(data.year_to[i]),
                data.status[i], label + 1 if label >= 0 else None, str(roles[i]),
            ])  # fmt: skip
            points_sink.addFeature(feature, QgsFeatureSink.FastInsert)

        candidates = sum(1 for _, f in figures if f.candidate)
        feedback.pushInfo(
            self.tr("{clusters} clusters from {proposals} proposals ({noise} noise); {candidates} heat-network "
                    "candidates.").format(
                clusters=len(figures), proposals=len(data), noise=int(result.noise.sum()), candidates=candidates
            )
        )  # fmt: skip
        report = self.parameterAsFileOutput(parameters, self.REPORT, context)
        if report:
            summary = self._summary(options, settings, data, result, buildings, demand_field, streets_source)
            html_path, csv_path = write_report(report, figures, summary)
            feedback.pushInfo(
                self.tr("Report written: {html} and {csv}").format(html=html_path, csv=csv_path)
            )
        if context.willLoadLayerOnCompletion(clusters_id):
            details = context.layerToLoadOnCompletionDetails(clusters_id)
            details.setPostProcessor(ClusterStylePostProcessor.create(settings.class_limits))
        feedback.setProgress(100)
        return {
            self.CLUSTERS: clusters_id, self.PROPOSALS: points_id, self.REPORT: report or None,
            self.CLUSTER_COUNT: len(figures), self.CANDIDATE_COUNT: candidates, self.PROPOSAL_COUNT: len(data),
        }  # fmt: skip

    @staticmethod
    def _member(data, i: int, building) -> Member:
        if building is not None:
            key, demand, dwellings = building
        else:
            ref = data.building_ref[i]
            key, demand, dwellings = (f"ref:{ref}" if ref else f"proposal:{data.uuid[i]}"), None, None
        return Member(
            x=float(data.x[i]), y=float(data.y[i]), theme=data.theme[i], year_from=_year(data.year_from[i]),
            year_to=_year(data.year_to[i]), participant=data.participant[i], role=data.role[i], building=key,
            demand_mwh_a=demand, dwellings=dwellings,
        )  # fmt: skip

    def _load_buildings(
        self, source, field, data, indices, options, crs, context, feedback
    ) -> _BuildingLayer:
        message = self.tr("The building layer is in {source}; it is reprojected to the database's {target}.")
        request = self._request(source, crs, context, feedback, message)
        box = QgsRectangle(float(data.x[indices].min()), float(data.y[indices].min()),
                           float(data.x[indices].max()), float(data.y[indices].max()))  # fmt: skip
        box.grow(options["building_search"] + options["buffer"] + 1.0)
        request.setFilterRect(box)
        return _BuildingLayer(source, request, field)

    def _match_buildings(self, layer: _BuildingLayer, data, indices, search, feedback) -> dict:
        """Per proposal index: (building key, demand or None, dwellings or None) of the building that
        contains it, else the nearest within ``search`` metres."""
        out = {}
        missing_value = 0
        for i in indices:
            found = layer.match(float(data.x[i]), float(data.y[i]), search)
            if found is not None:
                demand, dwellings = layer.values[found]
                missing_value += demand is None and layer.demand_index >= 0
                out[int(i)] = (_building_key(found), demand, dwellings)
        unmatched = len(indices) - len(out)
        if unmatched:
            feedback.pushInfo(
                self.tr("{count} clustered proposals lie in no building and none is within {distance} m: they "
                        "count as a building of their own with the default demand.").format(
                    count=unmatched, distance=format_limit(search)
                )
            )  # fmt: skip
        if missing_value:
            feedback.pushInfo(
                self.tr("{count} proposals are in buildings without a valid heat demand: the default demand per "
                        "dwelling is used for them.").format(count=missing_value)
            )  # fmt: skip
        return out

    def _street_lines(self, source, data, indices, eps, crs, context, feedback) -> list[np.ndarray]:
        message = self.tr("The street layer is in {source}; it is reprojected to the database's {target}.")
        request = self._request(source, crs, context, feedback, message)
        box = QgsRectangle(float(data.x[indices].min()), float(data.y[indices].min()),
                           float(data.x[indices].max()), float(data.y[indices].max()))  # fmt: skip
        box.grow(max(500.0, 4 * eps))
        request.setFilterRect(box)
        lines = []
        for feature in source.getFeatures(request):
            geometry = feature.geometry()
            if geometry.isEmpty():
                continue
            if QgsWkbTypes.isCurvedType(geometry.wkbType()):
                geometry = QgsGeometry(geometry.constGet().segmentize())
            parts = geometry.asMultiPolyline() if geometry.isMultipart() else [geometry.asPolyline()]
            lines += [np.array([(p.x(), p.y()) for p in part]) for part in parts if len(part) >= 2]
        return lines

    @staticmethod
    def _streets_near(streets, data, indices, margin) -> list[np.ndarray]:
        x, y = data.x[indices], data.y[indices]
        x0, x1, y0, y1 = x.min() - margin, x.max() + margin, y.min() - margin, y.max() + margin
        return [
            line for line in streets
            if line[:, 0].max() >= x0 and line[:, 0].min() <= x1 and line[:, 1].max() >= y0 and line[:, 1].min() <= y1
        ]  # fmt: skip

    def _summary(self, options, settings, data, result, buildings, field, streets) -> list[tuple[str, str]]:
        tolerance = options["year_tolerance"]
        return [
            (self.tr("Synergy"), options["synergy"]),
            (self.tr("Themes"), ", ".join(data.themes)),
            (self.tr("Status"), self.tr("checked or matched")),
            (self.tr("Maximum distance (m)"), format_limit(options["eps"])),
            (self.tr("Minimum number of proposals"), str(options["min_points"])),
            (self.tr("Year tolerance"), self.tr("off") if tolerance < 0 else str(tolerance)),
            (self.tr("Proposals analysed"), str(len(data))),
            (self.tr("Clusters"), str(result.n_clusters)),
            (self.tr("Core / border / noise proposals"),
             f"{int(result.core.sum())} / {int(result.border.sum())} / {int(result.noise.sum())}"),
            (self.tr("Heat demand"), self.tr("field {field} of the building layer").format(field=field)
             if buildings is not None and field else
             self.tr("default {value} MWh/a per dwelling").format(
                 value=format_limit(settings.default_demand_per_dwelling_mwh_a))),
            (self.tr("Buildings that count"), self.tr("all buildings in the cluster area")
             if options["scope"] == "area" else self.tr("buildings of the clustered proposals")),
            (self.tr("House connection per building (m)"), format_limit(settings.connection_length_m)),
            (self.tr("Trench"), self.tr("along the streets") if streets is not None else self.tr("straight lines")),
            (self.tr("Class limits (MWh/(m·a))"), ", ".join(format_limit(v) for v in settings.class_limits)),
            (self.tr("Heat-network candidate from (MWh/(m·a))"), format_limit(settings.candidate_threshold)),
        ]  # fmt: skip


def _building_key(fid: int) -> str:
    return f"building:{fid}"


class _BuildingLayer:
    """The buildings near the clusters in the database CRS: spatial index, demand, dwellings, a point inside."""

    def __init__(self, source, request: QgsFeatureRequest, field: str) -> None:
        fields = source.fields()
        self.demand_index = fields.lookupField(field) if field else -1
        dwellings_index = fields.lookupField(DWELLINGS_FIELD)
        self.index = QgsSpatialIndex()
        self.geometries: dict[int, QgsGeometry] = {}
        self.values: dict[int, tuple[float | None, int | None]] = {}
        for feature in source.getFeatures(request):
            if not feature.hasGeometry() or feature.geometry().isEmpty():
                continue
            self.geometries[feature.id()] = feature.geometry()
            self.index.addFeature(feature)
            demand = _float(feature.attribute(self.demand_index)) if self.demand_index >= 0 else None
            dwellings = _float(feature.attribute(dwellings_index)) if dwellings_index >= 0 else None
            self.values[feature.id()] = (
                demand,
                int(dwellings) if dwellings is not None and dwellings >= 1 else None,
            )

    def match(self, x: float, y: float, search: float) -> int | None:
        """The building containing the point (smallest id when several do), else the nearest within
        ``search`` metres, else None."""
        point = QgsGeometry.fromPointXY(QgsPointXY(x, y))
        inside = [
            fid for fid in self.index.intersects(point.boundingBox()) if self.geometries[fid].contains(point)
        ]
        if inside:
            return min(inside)
        near = [
            (self.geometries[fid].distance(point), fid)
            for fid in self.index.nearestNeighbor(point.asPoint(), 4, search)
        ]
        near = [item for item in near if item[0] <= search]
        return min(near)[1] if near else None

    def within(self, area: QgsGeometry) -> list[Building]:
        """The buildings whose inner point lies in ``area``, in id order."""
        out = []
        for fid in sorted(self.index.intersects(area.boundingBox())):
            inner = self.geometries[fid].pointOnSurface()
            if area.contains(inner):
                demand, dwellings = self.values[fid]
                p = inner.asPoint()
                out.append(Building(_building_key(fid), p.x(), p.y(), demand, dwellings))
        return out


def _year(value) -> int | None:
    return None if value is None or not math.isfinite(value) else int(value)


def _float(value) -> float | None:
    if value is None or (hasattr(value, "isNull") and value.isNull()):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return number if math.isfinite(number) and number >= 0 else None


# -- headless -----------------------------------------------------------------------------------------------
def cluster_to_gpkg(
    store,
    out_path: str | Path,
    synergy: str = "local_heat_network",
    eps: float = DEFAULT_EPS_M,
    min_points: int = DEFAULT_MIN_POINTS,
    **opts,
) -> dict:
    """Run the algorithm and write both layers (``clusters``, ``cluster_proposals``) into a new GeoPackage
    ``out_path`` (replaced when it exists), the cluster style saved inside it as the default style.

    ``store``: a store (GeoPackageStore or PostgisStore) or any target ``data.stores.open_store`` takes (a
    GeoPackage path, a ``postgresql://`` URI, ``service=…``, a QGIS connection name); an open PostGIS store is
    handed to the algorithm as it is (never as a connection string, which could carry a password into
    Processing's parameters). ``opts``: ``year_tolerance``,
    ``buildings`` (a layer, or a URI such as ``"demo.gpkg|layername=buildings"``), ``demand_field``,
    ``demand_scope`` ("members" = buildings of the clustered proposals, default; "area" = all buildings of
    the cluster area),
    ``streets``, ``class_limits`` (three numbers), ``candidate_threshold``, ``default_demand_per_dwelling``,
    ``connection_length``, ``buffer``, ``building_search``, ``street_snap``, ``report`` (HTML path),
    ``feedback``. Returns the algorithm's results plus ``path``; raises AlgorithmError with the translated
    message on bad input.
    """
    from ..data.errors import StoreError
    from ..data.stores import is_postgres, open_store
    from .runner import AlgorithmError

    out = Path(out_path).resolve()
    if is_postgres(store):
        if not hasattr(store, "backend"):
            try:
                store = open_store(store, migrate_old=False)  # clustering only reads
            except StoreError as exc:
                raise AlgorithmError(str(exc)) from exc
        database = _hand_over(store)
    else:
        path = Path(getattr(store, "path", store)).resolve()
        if out == path:
            raise AlgorithmError(tr("The output must not be the participation database itself."))
        database = str(path)
    try:
        return _cluster_to_gpkg(database, out, synergy, eps, min_points, opts)
    finally:
        _HANDED_STORES.pop(database, None)


def _hand_over(store) -> str:
    """A token naming an open store for the DATABASE parameter of this process's next run."""
    token = f"{HANDED_STORE_PREFIX}{id(store)}"
    _HANDED_STORES[token] = store
    return token


def _cluster_to_gpkg(database: str, out: Path, synergy: str, eps: float, min_points: int, opts: dict) -> dict:
    from ..data.layers import use_rollback_journal
    from .runner import AlgorithmError, CollectingFeedback, run_algorithm

    if synergy not in SYNERGY_CODES:
        raise AlgorithmError(tr("Unknown synergy {synergy}; known: {known}.").format(
            synergy=synergy, known=", ".join(SYNERGY_CODES)))  # fmt: skip
    known = {"year_tolerance", "buildings", "demand_field", "demand_scope", "streets", "class_limits", "candidate_threshold",
             "default_demand_per_dwelling", "connection_length", "buffer", "building_search", "street_snap",
             "report", "feedback"}  # fmt: skip
    unknown = set(opts) - known
    if unknown:
        raise TypeError(f"unknown options: {sorted(unknown)}")
    alg = SynergyClustersAlgorithm
    params = {
        alg.DATABASE: database, alg.SYNERGY: SYNERGY_CODES.index(synergy), alg.EPS: float(eps),
        alg.MIN_POINTS: int(min_points), alg.YEAR_TOLERANCE: int(opts.get("year_tolerance", -1)),
        alg.CLUSTERS: f"ogr:dbname='{out}' table=\"{CLUSTERS_TABLE}\" (geom)",
        alg.PROPOSALS: f"ogr:dbname='{out}' table=\"{PROPOSALS_TABLE}\" (geom)",
    }  # fmt: skip
    for key, name in ((alg.BUILDINGS, "buildings"), (alg.STREETS, "streets"), (alg.REPORT, "report")):
        if opts.get(name) is not None:
            params[key] = opts[name] if isinstance(opts[name], QgsVectorLayer) else str(opts[name])
    if opts.get("demand_field"):
        params[alg.BUILDING_DEMAND_FIELD] = opts["demand_field"]
    if opts.get("demand_scope") is not None:
        if opts["demand_scope"] not in DEMAND_SCOPES:
            raise AlgorithmError(tr("Unknown demand scope {scope}; known: {known}.").format(
                scope=opts["demand_scope"], known=", ".join(DEMAND_SCOPES)))  # fmt: skip
        params[alg.DEMAND_SCOPE] = DEMAND_SCOPES.index(opts["demand_scope"])
    limits = opts.get("class_limits")
    if limits is not None:
        params[alg.CLASS_LIMIT_LOW], params[alg.CLASS_LIMIT_MID], params[alg.CLASS_LIMIT_HIGH] = limits
    for key, name in (
        (alg.CANDIDATE_THRESHOLD, "candidate_threshold"), (alg.DEFAULT_DEMAND_PER_DWELLING, "default_demand_per_dwelling"),
        (alg.CONNECTION_LENGTH, "connection_length"), (alg.BUFFER, "buffer"),
        (alg.BUILDING_SEARCH, "building_search"), (alg.STREET_SNAP, "street_snap"),
    ):  # fmt: skip
        if opts.get(name) is not None:
            params[key] = float(opts[name])
    use_rollback_journal()
    if out.exists():
        out.unlink()
    out.parent.mkdir(parents=True, exist_ok=True)
    feedback = opts.get("feedback") or CollectingFeedback()
    registry_algorithm = _registered()
    if registry_algorithm:
        results = run_algorithm(ALGORITHM_ID, params, feedback=feedback)
    else:  # the provider is not registered (yet): run our own instance the same safe way
        results = _run_unregistered(params, feedback)
    layer = QgsVectorLayer(f"{out}|layername={CLUSTERS_TABLE}", CLUSTERS_TABLE, "ogr")
    if layer.isValid():
        apply_cluster_style(layer, limits or DEFAULT_CLASS_LIMITS)
        message = layer.saveStyleToDatabase(STYLE_NAME, tr("MitMach cluster style"), True, "")
        if message:
            raise AlgorithmError(message)
    del layer
    return {**results, "path": str(out)}


def _registered() -> bool:
    from qgis.core import QgsApplication

    return QgsApplication.processingRegistry().algorithmById(ALGORITHM_ID) is not None


def _run_unregistered(params: dict, feedback) -> dict:
    from qgis.core import QgsProcessingContext, QgsProject

    from .runner import AlgorithmError, _hand_over_to_cpp

    algorithm = SynergyClustersAlgorithm()
    algorithm.initAlgorithm()
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    try:
        results, ok = algorithm.run(params, context, feedback)
    except QgsProcessingException as exc:
        message, ok = str(exc), False
    else:
        message = "\n".join(e for e in getattr(feedback, "errors", []) if e) or ALGORITHM_ID
    if not ok:
        _hand_over_to_cpp(context, feedback)
        raise AlgorithmError(message)
    return results
