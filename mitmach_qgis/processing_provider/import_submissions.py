"""mitmach:importsubmissions — the online form's submissions (CSV / GeoJSON) into a participation database
(a GeoPackage file or a PostGIS database: the one ``DATABASE`` parameter of :class:`MitMachAlgorithm`)."""

from __future__ import annotations

from collections.abc import Callable

from qgis.core import (
    QgsProcessingException,
    QgsProcessingOutputNumber,
    QgsProcessingOutputString,
    QgsProcessingParameterFile,
    QgsProcessingParameterFileDestination,
    QgsProcessingParameterString,
)

from .base import MitMachAlgorithm


class ImportSubmissionsAlgorithm(MitMachAlgorithm):
    DATABASE = "DATABASE"
    INPUT = "INPUT"
    REPORT = "REPORT"
    GEOCODER_URL = "GEOCODER_URL"
    IMPORTED = "IMPORTED"
    SKIPPED = "SKIPPED"
    DUPLICATES = "DUPLICATES"
    PROPOSALS = "PROPOSALS"

    # Set by the plugin / CLI wiring: (store, geocoder URL or None) → a locate callable (see
    # data.importer.Locate) or None. Left None, or returning None, the import looks addresses up in the
    # database's own gazetteer (table ``addresses``) only.
    locate_factory: Callable[..., Callable | None] | None = None

    def name(self) -> str:
        return "importsubmissions"

    def displayName(self) -> str:  # noqa: N802
        return self.tr("Import online submissions")

    def group(self) -> str:
        return self.tr("Intake")

    def groupId(self) -> str:  # noqa: N802
        return "intake"

    def shortHelpString(self) -> str:  # noqa: N802
        return self.tr(
            'Imports the submissions of the online form (CSV with "," or ";", or a GeoJSON '
            "FeatureCollection) into a participation database: one participant and one proposal per theme, "
            'with status "submitted".\n\n'
            "Every row is checked (name, address, e-mail, phone, postcode, role, themes, planned years, "
            "consents). Rows with problems are skipped and listed with every reason in the optional report; "
            "the report holds no names, e-mail addresses or phone numbers. A submission is placed by its "
            "lat/lon when given, otherwise by its address; one outside the participation area is imported "
            "and flagged for the officer.\n\n"
            "Importing the same file again adds nothing. The import is one transaction: when it is "
            "cancelled or the database is locked or read-only, nothing is written."
        )

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(self.database_parameter(self.DATABASE))
        self.addParameter(
            QgsProcessingParameterFile(
                self.INPUT,
                self.tr("Submissions (CSV or GeoJSON)"),
                QgsProcessingParameterFile.File,
                fileFilter=self.tr(
                    "Submissions (*.csv *.geojson *.json);;CSV (*.csv);;GeoJSON (*.geojson *.json)"
                ),
            )
        )
        self.addParameter(
            QgsProcessingParameterFileDestination(
                self.REPORT,
                self.tr("Import report"),
                self.tr("CSV (*.csv)"),
                optional=True,
                createByDefault=False,
            )
        )
        self.addParameter(
            QgsProcessingParameterString(self.GEOCODER_URL, self.tr("Geocoder URL"), optional=True)
        )
        self.addOutput(QgsProcessingOutputNumber(self.IMPORTED, self.tr("Imported submissions")))
        self.addOutput(QgsProcessingOutputNumber(self.SKIPPED, self.tr("Skipped rows")))
        self.addOutput(QgsProcessingOutputNumber(self.DUPLICATES, self.tr("Duplicates")))
        self.addOutput(QgsProcessingOutputNumber(self.PROPOSALS, self.tr("Proposals written")))
        self.addOutput(QgsProcessingOutputString(self.GEOCODER_URL, self.tr("Geocoder URL")))

    def process(self, parameters, context, feedback) -> dict:
        from ..core.submissions import SubmissionFileError
        from ..data.errors import StoreError
        from ..data.gpkg_store import current_user
        from ..data.importer import (
            ImportCancelledError,
            gazetteer_locate,
            import_submissions,
            wgs84_to_store,
            write_report,
        )

        source = self.parameterAsFile(parameters, self.INPUT, context)
        report_path = self.parameterAsFileOutput(parameters, self.REPORT, context)
        url = self.parameterAsString(parameters, self.GEOCODER_URL, context).strip() or None
        try:
            store = self.open_database(parameters, context, self.DATABASE)
            factory = type(self).locate_factory
            locate = factory(store, url) if factory is not None else None
            if locate is None:
                locate = gazetteer_locate(store)
            report = import_submissions(
                store,
                source,
                locate=locate,
                to_db_crs=wgs84_to_store(store, context.transformContext()),
                feedback=feedback,
                user=current_user(),
            )
            if report_path:
                write_report(report, report_path)
        except (StoreError, SubmissionFileError, ImportCancelledError) as exc:
            raise QgsProcessingException(str(exc)) from exc

        for row in report.rejected:
            feedback.reportError(
                self.tr("Row {row} skipped: {reasons}").format(row=row.row, reasons=" ".join(row.reasons))
            )
        feedback.pushInfo(
            self.tr(
                "{imported} submissions imported ({proposals} proposals), {duplicates} duplicates, "
                "{skipped} rows skipped."
            ).format(
                imported=report.imported,
                proposals=report.proposals,
                duplicates=report.duplicates,
                skipped=report.skipped,
            )
        )
        if report.outside_area:
            feedback.pushInfo(
                self.tr(
                    "{count} imported submissions lie outside the participation area; they are flagged for "
                    "review."
                ).format(count=report.outside_area)
            )
        return {
            self.IMPORTED: report.imported,
            self.SKIPPED: report.skipped,
            self.DUPLICATES: report.duplicates,
            self.PROPOSALS: report.proposals,
            self.REPORT: report_path or None,
            self.GEOCODER_URL: url,
        }
