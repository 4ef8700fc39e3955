"""Run one of our algorithms from Python (CLI, dialogs) and get its error message, not just False."""

from __future__ import annotations

from qgis.core import (
    QgsApplication,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProject,
)


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
        raise AlgorithmError(str(exc)) from exc
    if not ok:
        errors = getattr(feedback, "errors", [])
        raise AlgorithmError("\n".join(e for e in errors if e) or algorithm_id)
    return results
