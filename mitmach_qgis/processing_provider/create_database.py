"""mitmach:createdatabase — a new participation database (GeoPackage) with styles, forms and project."""

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
            "An optional polygon layer becomes the participation area."
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

    def process(self, parameters, context, feedback) -> dict:
        from ..data.area import area_polygons
        from ..data.gpkg_store import GeoPackageStore
        from ..data.layers import save_default_styles, save_project

        path = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        crs = self.parameterAsCrs(parameters, self.CRS, context).authid() or "EPSG:25832"
        area_layer = self.parameterAsVectorLayer(parameters, self.AREA, context)
        overwrite = self.parameterAsBool(parameters, self.OVERWRITE, context)
        language = qgis_language()
        areas = area_polygons(area_layer, crs) if area_layer is not None else []
        feedback.setProgress(10)
        store = GeoPackageStore.create(path, crs=crs, areas=areas, overwrite=overwrite)
        feedback.setProgress(60)
        save_default_styles(store.path, language)
        feedback.setProgress(80)
        save_project(store.path, language)
        feedback.setProgress(100)
        feedback.pushInfo(self.tr("Created {path}").format(path=path))
        return {self.OUTPUT: path}
