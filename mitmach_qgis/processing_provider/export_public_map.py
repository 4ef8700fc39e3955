"""mitmach:exportpublicmap — the anonymised public map as PDF, PNG, SVG, per-theme atlas and web map.

DESIGN.md §1 step 6 and §5. The algorithm turns parameters into one call of
:func:`export.public_export.export_public_map`, which anonymises, checks every layer with the public-export
guard and writes the files; it has no logic of its own. DATABASE is a GeoPackage file or a PostGIS
participation database (``base.MitMachAlgorithm.database_parameter``).
"""

from __future__ import annotations

from qgis.core import (
    QgsProcessingOutputFile,
    QgsProcessingOutputFolder,
    QgsProcessingOutputNumber,
    QgsProcessingParameterBoolean,
    QgsProcessingParameterEnum,
    QgsProcessingParameterFolderDestination,
    QgsProcessingParameterNumber,
    QgsProcessingParameterString,
)

from ..export.layouts import TEMPLATES
from ..export.public_export import FORMATS
from .base import MitMachAlgorithm

ALGORITHM_ID = "mitmach:exportpublicmap"
LANGUAGES = ("de", "en")
DEFAULT_TEMPLATE = "a4_landscape"


class ExportPublicMapAlgorithm(MitMachAlgorithm):
    DATABASE = "DATABASE"
    OUTPUT_FOLDER = "OUTPUT_FOLDER"
    FORMATS = "FORMATS"
    ATLAS = "ATLAS"
    HEX_SIZE = "HEX_SIZE"
    K = "K"
    TITLE = "TITLE"
    LANGUAGE = "LANGUAGE"
    TEMPLATE = "TEMPLATE"
    DPI = "DPI"
    PDF = "PDF"
    PNG = "PNG"
    SVG = "SVG"
    ATLAS_PDF = "ATLAS_PDF"
    WEBMAP = "WEBMAP"
    CELLS_PUBLISHED = "CELLS_PUBLISHED"
    CELLS_SUPPRESSED = "CELLS_SUPPRESSED"
    LEFT_OUT_NO_CONSENT = "LEFT_OUT_NO_CONSENT"

    def name(self) -> str:
        return "exportpublicmap"

    def displayName(self) -> str:  # noqa: N802
        return self.tr("Export the public map")

    def group(self) -> str:
        return self.tr("Publication")

    def groupId(self) -> str:  # noqa: N802
        return "publication"

    def shortHelpString(self) -> str:  # noqa: N802
        return self.tr(
            "Exports an anonymised map of the participation database for the council website and public "
            "meetings: PDF, PNG and SVG from a print layout (A4 or A3, portrait or landscape), optionally an "
            "atlas with an overview page and one page per theme in one PDF, and an interactive web map.\n\n"
            "Only checked, matched and implemented proposals of participants who consented to the public "
            "map are shown, aggregated into hexagon cells; a cell with fewer than k participants is not "
            "shown, and every figure is a class (e.g. 4–9), never an exact count. k and the cell size come "
            "from the database (at least 4 and 100 m) unless given. Every layer on the map, the background "
            "included, is checked before anything is written: a layer with names, addresses, contacts or "
            "exact points stops the export. Streets and buildings of the database are drawn for orientation "
            "only.\n\n"
            "The files are public-map.pdf, public-map.png, public-map.svg, public-atlas.pdf and the folder "
            "webmap in the output folder; nothing is left half-written when the export fails."
        )

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(self.database_parameter(self.DATABASE))
        self.addParameter(
            QgsProcessingParameterEnum(
                self.FORMATS,
                self.tr("Formats"),
                options=[self.tr("PDF"), self.tr("PNG"), self.tr("SVG"), self.tr("Web map")],
                allowMultiple=True,
                defaultValue=[0, 1],
            )  # fmt: skip
        )
        self.addParameter(
            QgsProcessingParameterBoolean(
                self.ATLAS,
                self.tr("Atlas: an overview page and one page per theme (PDF)"),
                defaultValue=False,
            )
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                self.HEX_SIZE,
                self.tr("Hexagon cell size in m (0 = the database's, at least 100)"),
                QgsProcessingParameterNumber.Double,
                defaultValue=0.0,
                minValue=0.0,
            )  # fmt: skip
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                self.K,
                self.tr("Minimum participants per cell, k (0 = the database's, at least 4)"),
                QgsProcessingParameterNumber.Integer,
                defaultValue=0,
                minValue=0,
            )  # fmt: skip
        )
        self.addParameter(QgsProcessingParameterString(self.TITLE, self.tr("Title"), optional=True))
        self.addParameter(
            QgsProcessingParameterEnum(
                self.LANGUAGE,
                self.tr("Language of the map"),
                options=[self.tr("German"), self.tr("English")],
                defaultValue=0,
            )  # fmt: skip
        )
        self.addParameter(
            QgsProcessingParameterEnum(
                self.TEMPLATE,
                self.tr("Page"),
                options=[
                    self.tr("A4 portrait"),
                    self.tr("A4 landscape"),
                    self.tr("A3 portrait"),
                    self.tr("A3 landscape"),
                ],
                defaultValue=TEMPLATES.index(DEFAULT_TEMPLATE),
            )  # fmt: skip
        )
        self.addParameter(
            QgsProcessingParameterNumber(
                self.DPI,
                self.tr("Resolution (dpi)"),
                QgsProcessingParameterNumber.Integer,
                defaultValue=150,
                minValue=36,
                maxValue=1200,
            )  # fmt: skip
        )
        self.addParameter(
            QgsProcessingParameterFolderDestination(self.OUTPUT_FOLDER, self.tr("Output folder"))
        )
        self.addOutput(QgsProcessingOutputFile(self.PDF, self.tr("Public map (PDF)")))
        self.addOutput(QgsProcessingOutputFile(self.PNG, self.tr("Public map (PNG)")))
        self.addOutput(QgsProcessingOutputFile(self.SVG, self.tr("Public map (SVG)")))
        self.addOutput(QgsProcessingOutputFile(self.ATLAS_PDF, self.tr("Atlas (PDF)")))
        self.addOutput(QgsProcessingOutputFolder(self.WEBMAP, self.tr("Web map")))
        self.addOutput(QgsProcessingOutputNumber(self.CELLS_PUBLISHED, self.tr("Cells published")))
        self.addOutput(
            QgsProcessingOutputNumber(self.CELLS_SUPPRESSED, self.tr("Cells not shown (fewer than k)"))
        )
        self.addOutput(
            QgsProcessingOutputNumber(self.LEFT_OUT_NO_CONSENT, self.tr("Participants left out (no consent)"))
        )

    def process(self, parameters, context, feedback) -> dict:
        from ..export.public_export import export_public_map

        # a GeoPackage path or a PostGIS target: export_public_map opens it for reading (never migrates PostGIS)
        database = self.parameterAsFile(parameters, self.DATABASE, context)
        out_dir = self.parameterAsString(parameters, self.OUTPUT_FOLDER, context)
        chosen = self.parameterAsEnums(parameters, self.FORMATS, context)
        formats = tuple(FORMATS[i] for i in chosen) or ("pdf",)
        language = LANGUAGES[self.parameterAsEnum(parameters, self.LANGUAGE, context)]
        result = export_public_map(
            database, out_dir, formats=formats,
            atlas=self.parameterAsBool(parameters, self.ATLAS, context),
            hex_size=self.parameterAsDouble(parameters, self.HEX_SIZE, context) or None,
            k=self.parameterAsInt(parameters, self.K, context) or None,
            title=self.parameterAsString(parameters, self.TITLE, context) or None,
            language=language,
            template=TEMPLATES[self.parameterAsEnum(parameters, self.TEMPLATE, context)],
            dpi=self.parameterAsInt(parameters, self.DPI, context),
            feedback=feedback,
        )  # fmt: skip
        paths = result["paths"]
        feedback.pushInfo(
            self.tr(
                "{published} cells published, {suppressed} cells with fewer than {k} participants not shown, "
                "{left_out} participants left out without consent."
            ).format(
                published=result["cells_published"],
                suppressed=result["cells_suppressed"],
                k=result["k"],
                left_out=result["left_out_no_consent"],
            )  # fmt: skip
        )
        return {
            self.OUTPUT_FOLDER: out_dir,
            self.PDF: paths.get("pdf"),
            self.PNG: paths.get("png"),
            self.SVG: paths.get("svg"),
            self.ATLAS_PDF: paths.get("atlas"),
            self.WEBMAP: paths.get("web"),
            self.CELLS_PUBLISHED: result["cells_published"],
            self.CELLS_SUPPRESSED: result["cells_suppressed"],
            self.LEFT_OUT_NO_CONSENT: result["left_out_no_consent"],
        }
