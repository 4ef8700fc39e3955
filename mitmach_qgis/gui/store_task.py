"""Writes from the GUI run in a QgsTask, so QGIS never freezes while the store waits for the database.

A save can wait up to the store's deadline (``GeoPackageStore.write_deadline_s``, 10 s) when other planners
hold the shared file. :func:`run_write` runs the write in a background task and waits for it in a local
event loop: QGIS keeps drawing and answering, the widget that asked is disabled meanwhile (no second click
on *Save*), a busy cursor and a message in the status bar say what is going on, and the caller gets the
result — or the write's exception, raised again on the main thread — exactly as if it had called the
write itself. The form keeps what the user entered whatever happens.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from qgis.core import QgsApplication, QgsTask
from qgis.PyQt import sip
from qgis.PyQt.QtCore import QCoreApplication, QEventLoop, Qt
from qgis.PyQt.QtGui import QCursor
from qgis.PyQt.QtWidgets import QApplication, QWidget

T = TypeVar("T")


def tr(text: str) -> str:
    return QCoreApplication.translate("StoreTask", text)


def run_write(fn: Callable[[], T], description: str | None = None, widget: QWidget | None = None) -> T:
    """``fn()`` (a store write) in a QgsTask; returns its result or raises its exception, on this thread.

    While it runs, ``widget`` is disabled and Qt's event loop keeps running (nested), so the window stays
    responsive. The task cannot be cancelled from the task manager: a write is all or nothing anyway, and
    it ends by itself at the store's deadline."""
    box: dict[str, object] = {}
    loop = QEventLoop()

    def run(_task):
        return (fn(),)  # boxed: QgsTask.fromFunction drops a falsy result (0, None, [])

    def finished(exception, boxed=(None,)):
        box["exception"], box["result"] = exception, boxed[0]
        loop.quit()

    task = QgsTask.fromFunction(
        description or tr("MitMach: saving to the participation database"),
        run,
        on_finished=finished,
        flags=QgsTask.Flags(),  # not cancellable: see above
    )
    enabled = widget.isEnabled() if widget is not None else True
    if widget is not None:
        widget.setEnabled(False)
    QApplication.setOverrideCursor(QCursor(Qt.BusyCursor))
    try:
        QgsApplication.taskManager().addTask(task)
        if "exception" not in box:
            loop.exec_()  # the task's end is delivered through this loop, never before it runs
    finally:
        QApplication.restoreOverrideCursor()
        if widget is not None and not sip.isdeleted(widget):  # closed meanwhile: nothing to restore
            widget.setEnabled(enabled)
    exception = box.get("exception")
    if exception is not None:
        raise exception
    return box["result"]  # type: ignore[return-value]
