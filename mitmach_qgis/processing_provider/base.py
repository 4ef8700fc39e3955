"""Common base of our algorithms."""

from __future__ import annotations

from qgis.core import QgsProcessingAlgorithm, QgsProcessingException
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
