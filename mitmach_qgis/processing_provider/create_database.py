"""mitmach:createdatabase — a new participation database: a GeoPackage with styles, forms and project, or a
schema in a PostgreSQL/PostGIS database (OUTPUT a QGIS connection name, ``service=NAME`` or a URI)."""

from __future__ import annotations

from qgis.core import (
    QgsProcessing,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterCrs,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterVectorLayer,
)

from ..core.i18n import qgis_language
from .base import MitMachAlgorithm


class CreateDatabaseAlgorithm(MitMachAlgorithm):
    OUTPUT = "OUTPUT"
    CRS = "CRS"
    AREA = "AREA"
    OVERWRITE = "OVERWRITE"
    ROLES = "ROLES"

    def name(self) -> str:
        return "createdatabase"

    def displayName(self) -> str:  # noqa: N802
        return self.tr("Create participation database")

    def group(self) -> str:
        return self.tr("Database")

    def groupId(self) -> str:  # noqa: N802
        return "database"

    def shortHelpString(self) -> str:  # noqa: N802
        return self.tr(
            "Creates a MitMach participation database: a GeoPackage with the tables for participants, "
            "proposals, themes, matches, participation areas, an address gazetteer and the audit log, the "
            "built-in theme catalogue, default styles and forms, and a QGIS project stored inside the file.\n\n"
            "The coordinate system must be projected and in metres (default ETRS89 / UTM 32N, EPSG:25832). "
            "An optional polygon layer becomes the participation area.\n\n"
            "PostGIS: give a QGIS PostgreSQL connection name, service=NAME or postgresql://user@host/database "
            "(optionally with schema=NAME, default mitmach) as the output instead of a file. The database must "
            "have PostGIS. Overwriting replaces an existing MitMach schema only. The MitMach roles are set up "
            "only when asked (the login needs CREATEROLE)."
        )

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(
            QgsProcessingParameterFileDestination(
                self.OUTPUT, self.tr("Participation database"), self.tr("GeoPackage (*.gpkg)")
            )
        )
        self.addParameter(
            QgsProcessingParameterCrs(
                self.CRS, self.tr("Coordinate reference system"), "EPSG:25832", optional=True
            )  # optional: qgis_process 3.22 demands every non-optional parameter despite a default
        )
        self.addParameter(
            QgsProcessingParameterVectorLayer(
                self.AREA, self.tr("Participation area"), [QgsProcessing.TypeVectorPolygon], optional=True
            )
        )
        self.addParameter(
            QgsProcessingParameterBoolean(self.OVERWRITE, self.tr("Overwrite an existing file"), False)
        )
        self.addParameter(
            QgsProcessingParameterBoolean(
                self.ROLES,
                self.tr("PostGIS: set up the MitMach roles (needs CREATEROLE)"),
                False,
                optional=True,
            )
        )

    def process(self, parameters, context, feedback) -> dict:
        from ..data.area import area_polygons
        from ..data.gpkg_store import GeoPackageStore
        from ..data.layers import save_default_styles, save_project
        from ..data.stores import is_postgres

        raw = parameters.get(self.OUTPUT)
        target = raw.strip() if isinstance(raw, str) else ""
        crs = self.parameterAsCrs(parameters, self.CRS, context).authid() or "EPSG:25832"
        area_layer = self.parameterAsVectorLayer(parameters, self.AREA, context)
        overwrite = self.parameterAsBool(parameters, self.OVERWRITE, context)
        areas = area_polygons(area_layer, crs) if area_layer is not None else []
        feedback.setProgress(10)
        if target and is_postgres(target):
            from ..data.pg_store import PostgisStore

            roles = self.parameterAsBool(parameters, self.ROLES, context)
            pg = PostgisStore.create(target, crs=crs, areas=areas, overwrite=overwrite, roles=roles)
            feedback.setProgress(100)
            feedback.pushInfo(self.tr("Created {path}").format(path=pg.label))
            return {self.OUTPUT: target}
        path = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        language = qgis_language()
        store = GeoPackageStore.create(path, crs=crs, areas=areas, overwrite=overwrite)
        feedback.setProgress(60)
        save_default_styles(store.path, language)
        feedback.setProgress(80)
        save_project(store.path, language)
        feedback.setProgress(100)
        feedback.pushInfo(self.tr("Created {path}").format(path=path))
        return {self.OUTPUT: path}
