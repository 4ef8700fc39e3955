"""Logging for the plugin: ``logging.getLogger("mitmach_qgis")`` routed to QGIS's message log.

Log lines name record uuids, never people. As a second line of defence the handler masks anything that
looks like an e-mail address or a phone number before it reaches the message log.
"""

from __future__ import annotations

import logging
import re

from qgis.core import Qgis, QgsMessageLog

LOGGER_NAME = "mitmach_qgis"
LOG_TAG = "MitMach"

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
# German numbers start with 0 or +: years, dates and uuids do not match.
_PHONE = re.compile(r"(?<![\w-])(?:\+|0)\d[\d /()-]{5,}\d(?![\w-])")


def logger() -> logging.Logger:
    return logging.getLogger(LOGGER_NAME)


def redact(text: str) -> str:
    """Mask e-mail addresses and phone-like digit runs (uuids and years are left alone)."""
    text = _EMAIL.sub("<e-mail>", text)
    return _PHONE.sub("<phone>", text)


class QgsMessageLogHandler(logging.Handler):
    """Sends Python log records to the QGIS message log panel under the "MitMach" tag."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            message = redact(self.format(record))
        except Exception:  # noqa: BLE001 - logging must never raise into the caller
            self.handleError(record)
            return
        if record.levelno >= logging.ERROR:
            level = Qgis.Critical
        elif record.levelno >= logging.WARNING:
            level = Qgis.Warning
        else:
            level = Qgis.Info
        QgsMessageLog.logMessage(message, LOG_TAG, level, notifyUser=False)


def install_message_log_handler(debug: bool = False) -> QgsMessageLogHandler:
    handler = QgsMessageLogHandler()
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    log = logger()
    log.addHandler(handler)
    log.setLevel(logging.DEBUG if debug else logging.INFO)
    return handler


def remove_message_log_handler(handler: logging.Handler | None) -> None:
    if handler is not None:
        logger().removeHandler(handler)
        handler.close()
