"""Run one of our algorithms from Python (CLI, dialogs) and get its error message, not just False."""

from __future__ import annotations

from qgis.core import (
    QgsApplication,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProject,
)
from qgis.PyQt import sip


class AlgorithmError(Exception):
    """The translated message(s) the algorithm reported."""


class CollectingFeedback(QgsProcessingFeedback):
    def __init__(self, echo=None) -> None:
        super().__init__()
        self.errors: list[str] = []
        self.echo = echo

    def reportError(self, error, fatalError=False):  # noqa: N802, N803
        self.errors.append(error)
        if self.echo:
            self.echo(error)

    def pushInfo(self, info):  # noqa: N802
        if self.echo:
            self.echo(info)


def _hand_over_to_cpp(*objects) -> None:
    """After a failed run, QGIS 3.22's sip keeps the QgsProcessingException raised in ``processAlgorithm`` for
    the rest of the process, and through its traceback's ``f_back`` chain every calling frame with its
    locals. Python-owned QGIS objects among them (our context and feedback) would be destroyed only at
    interpreter exit, after QGIS has shut down — a segfault. Handing their ownership to C++ makes that a
    small, harmless leak instead (only on failure). Layers passed in should belong to a project."""
    for obj in objects:
        sip.transferto(obj, None)


def run_algorithm(
    algorithm_id: str, parameters: dict, project: QgsProject | None = None, feedback=None
) -> dict:
    algorithm = QgsApplication.processingRegistry().createAlgorithmById(algorithm_id)
    if algorithm is None:
        raise AlgorithmError(f"unknown algorithm {algorithm_id}")
    context = QgsProcessingContext()
    context.setProject(project or QgsProject.instance())
    feedback = feedback or CollectingFeedback()
    try:
        results, ok = algorithm.run(parameters, context, feedback)
    except QgsProcessingException as exc:
        message = str(exc)
        ok = False
    else:
        message = "\n".join(e for e in getattr(feedback, "errors", []) if e) or algorithm_id
    if not ok:
        _hand_over_to_cpp(context, feedback)
        raise AlgorithmError(message)
    return results
