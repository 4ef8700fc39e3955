"""Common base of our algorithms."""

from __future__ import annotations

from qgis.core import QgsProcessingAlgorithm, QgsProcessingException, QgsProcessingParameterFile
from qgis.PyQt.QtCore import QCoreApplication

from ..data.errors import StoreError


class MitMachAlgorithm(QgsProcessingAlgorithm):
    """Subclasses implement :meth:`process`; a StoreError or QgsProcessingException becomes the algorithm's
    translated error message.

    Why the detour: on QGIS 3.22 an exception leaving a Python ``processAlgorithm`` is kept by sip for the
    rest of the process, and its traceback keeps the algorithm, the context and the feedback alive until
    after QGIS has shut down — deleting them then crashes the interpreter at exit (seen as a segfault after
    a test run). So the exception is raised again from a frame that holds no references.
    """

    def tr(self, text: str) -> str:
        """Context = the subclass's name, as pylupdate5 files ``self.tr("…")`` written in its body."""
        return QCoreApplication.translate(type(self).__name__, text)

    @staticmethod
    def database_parameter(name: str = "DATABASE", optional: bool = False) -> QgsProcessingParameterFile:
        """The participation database: a GeoPackage file (the file picker offers *.gpkg) or a PostGIS
        database typed in — a QGIS connection name, ``service=NAME`` or a ``postgresql://`` URI, optionally
        with ``schema=`` (see ``data.stores``). One parameter for both, so models and ``qgis_process`` calls
        do not change when a council moves to PostGIS."""
        # one line: pylupdate5 does not see a translate() call whose arguments end with a comma
        file_filter = QCoreApplication.translate("MitMachAlgorithm", "GeoPackage (*.gpkg);;PostGIS: QGIS connection name, service=… or postgresql://… (*)")  # fmt: skip
        return QgsProcessingParameterFile(
            name,
            QCoreApplication.translate("MitMachAlgorithm", "Participation database (GeoPackage or PostGIS)"),
            QgsProcessingParameterFile.File,
            fileFilter=file_filter,
            optional=optional,
        )

    def open_database(self, parameters, context, name: str = "DATABASE", migrate_old: bool = True):
        """The store the ``name`` parameter names (GeoPackageStore or PostgisStore); StoreError if it
        cannot be opened."""
        from ..data.stores import open_store

        return open_store(self.parameterAsFile(parameters, name, context), migrate_old=migrate_old)

    def createInstance(self):  # noqa: N802
        return type(self)()

    def process(self, parameters, context, feedback) -> dict:  # pragma: no cover - abstract
        raise NotImplementedError

    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        try:
            return self.process(parameters, context, feedback)
        except (QgsProcessingException, StoreError) as exc:
            message = str(exc)
        del self, parameters, context, feedback
        raise QgsProcessingException(message)
