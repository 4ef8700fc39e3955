"""MitMach ▸ Forget participant… and Retention and purge…: the officer's entry points to ``data/privacy.py``.

Thin: the work is :func:`~mitmach_qgis.data.privacy.forget_participant` and
:func:`~mitmach_qgis.data.privacy.purge`, run in a QgsTask so QGIS does not freeze while the file is
rewritten (the rebuild of a large file takes seconds). Both ask before anything is erased and show the
summary (counts only) afterwards. The menu entries are wired by the plugin through :func:`show_forget_dialog`
and :func:`show_purge_dialog`.
"""

from __future__ import annotations

import logging
from pathlib import Path

from qgis.core import Qgis, QgsApplication, QgsProviderRegistry, QgsTask
from qgis.PyQt.QtCore import pyqtSignal
from qgis.PyQt.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
)

from ..data import privacy
from ..data.errors import StoreError
from ..data.gpkg_store import current_user

LOG = logging.getLogger("mitmach_qgis.gui")
MESSAGE_SECONDS = 8


def selected_participant(iface, store) -> str | None:
    """The participant of the one feature selected in the active layer, when that layer is this database's
    ``participants`` (its uuid) or ``proposals`` (the proposal's participant); else None."""
    layer = iface.activeLayer() if iface is not None else None
    if layer is None or not hasattr(layer, "selectedFeatures"):
        return None
    parts = QgsProviderRegistry.instance().decodeUri(layer.providerType(), layer.source())
    if getattr(store, "backend", "gpkg") == "postgis":
        from ..data.pg_layers import is_layer_of

        table = parts.get("table") if is_layer_of(layer, store) else None
    else:
        path = parts.get("path")
        table = (
            parts.get("layerName") if path and Path(path).resolve() == Path(store.path).resolve() else None
        )
    field = {"participants": "uuid", "proposals": "participant_uuid"}.get(table or "")
    if field is None:
        return None
    features = layer.selectedFeatures()
    if len(features) != 1 or layer.fields().indexOf(field) < 0:
        return None
    value = features[0][field]
    return (
        str(value) if value not in (None, "") and not (hasattr(value, "isNull") and value.isNull()) else None
    )


class _PrivacyTaskDialog(QDialog):
    """A dialog that runs one privacy task at a time and cannot be closed while it runs."""

    def __init__(self, iface, store, user: str | None, parent=None) -> None:
        super().__init__(parent)
        self.iface = iface
        self.store = store
        self.user = user or current_user()
        self.task: QgsTask | None = None
        self.error: str | None = None
        self.layout_ = QVBoxLayout(self)

    def _postgis(self) -> bool:
        return getattr(self.store, "backend", "gpkg") == "postgis"

    def confirm(self, title: str, text: str) -> bool:
        answer = QMessageBox.question(self, title, text, QMessageBox.Yes | QMessageBox.No, QMessageBox.No)
        return answer == QMessageBox.Yes

    def start(self, description: str, function, on_finished) -> None:
        self.error = None
        self.buttonBox.setEnabled(False)
        self.task = QgsTask.fromFunction(description, function, on_finished=on_finished)
        QgsApplication.taskManager().addTask(self.task)

    def finish(self, exception) -> str | None:
        """Release the dialog after a task; the error message for the officer, or None."""
        self.task = None
        self.buttonBox.setEnabled(True)
        if exception is None:
            return None
        LOG.warning("privacy task failed: %s", type(exception).__name__)  # no text: it may name a record
        if isinstance(exception, (StoreError, ValueError)):
            self.error = str(exception)
        else:
            self.error = self.tr("The task failed; nothing was changed. Details are in the MitMach log.")
        self.message(self.error, Qgis.Critical)
        return self.error

    def message(self, text: str, level) -> None:
        self.iface.messageBar().pushMessage(self.tr("MitMach"), text, level, MESSAGE_SECONDS)

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt override
        if self.task is not None:
            event.ignore()  # the task reports to this dialog: it stays until the task is done
            return
        super().closeEvent(event)

    def reject(self) -> None:
        if self.task is None:
            super().reject()


class ForgetParticipantDialog(_PrivacyTaskDialog):
    """Asks for the participant's uuid (filled from the selection), confirms, erases, shows the summary."""

    erased = pyqtSignal(object)  # the ForgetReport, after a successful erasure

    def __init__(
        self, iface, store, participant_uuid: str | None = None, user: str | None = None, parent=None
    ):
        super().__init__(iface, store, user, parent)
        self.setObjectName("MitMachForgetParticipantDialog")
        self.setWindowTitle(self.tr("Forget participant"))
        self.report: privacy.ForgetReport | None = None
        intro = QLabel(
            self.tr(
                "Erases the participant's personal data from the whole database (right to erasure): their "
                "record, the texts of their proposals, their match-group memberships, mentions in notes, cached "
                "addresses; the audit log keeps a pseudonym. Their proposals stay as anonymous ideas for the "
                "statistics. This cannot be undone."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.layout_.addWidget(intro)
        self.uuidEdit = QLineEdit(participant_uuid or "", self)
        self.uuidEdit.setPlaceholderText(self.tr("UUID of the participant"))
        self.layout_.addWidget(self.uuidEdit)
        self.summaryView = QPlainTextEdit(self)
        self.summaryView.setReadOnly(True)
        self.layout_.addWidget(self.summaryView)
        self.buttonBox = QDialogButtonBox(QDialogButtonBox.Close, self)
        self.forgetButton = self.buttonBox.addButton(
            self.tr("Forget participant…"), QDialogButtonBox.ActionRole
        )
        self.layout_.addWidget(self.buttonBox)
        self.forgetButton.clicked.connect(self.forget)
        self.buttonBox.rejected.connect(self.reject)
        self.uuidEdit.textChanged.connect(self._update_button)
        self._update_button()
        self.resize(520, 360)

    def _update_button(self) -> None:
        self.forgetButton.setEnabled(bool(self.uuidEdit.text().strip()) and self.task is None)

    def forget(self) -> bool:
        """Confirm and start the erasure; False when nothing was started."""
        participant = self.uuidEdit.text().strip()
        try:
            preview = privacy.forget_preview(self.store, participant)
        except StoreError as exc:
            self.error = str(exc)
            self.summaryView.setPlainText(self.error)
            return False
        question = self.tr(
            "Forget participant {uuid}? Their {proposals} proposals stay as anonymous ideas ({open} open ones "
            "become withdrawn); notes of {groups} match groups are cleared. This cannot be undone."
        ).format(
            uuid=participant,
            proposals=preview.proposals,
            open=preview.open_proposals,
            groups=preview.match_groups,
        )
        if not self.confirm(self.tr("Forget participant"), question):
            return False
        store, user = self.store, self.user
        self.summaryView.setPlainText(self.tr("Erasing…"))
        self.forgetButton.setEnabled(False)

        def run(task):
            return privacy.forget_participant(store, participant, user)

        self.start(self.tr("MitMach: forget participant"), run, self._done)
        return True

    def _done(self, exception, result=None) -> None:
        error = self.finish(exception)
        self._update_button()
        if error is not None:
            self.summaryView.setPlainText(error)
            return
        self.report = result
        self.uuidEdit.clear()
        self.summaryView.setPlainText("\n".join(privacy.forget_summary(result)))
        self.message(self.tr("The participant's personal data were erased."), Qgis.Success)
        self.erased.emit(result)


class RetentionPurgeDialog(_PrivacyTaskDialog):
    """Shows the dry run of the retention rules, then purges on confirmation."""

    counted = pyqtSignal(object)  # the dry run's PurgeReport (None after an error)
    purged = pyqtSignal(object)  # the PurgeReport of the purge

    def __init__(self, iface, store, user: str | None = None, parent=None) -> None:
        super().__init__(iface, store, user, parent)
        self.setObjectName("MitMachRetentionPurgeDialog")
        self.setWindowTitle(self.tr("Retention and purge"))
        self.dry_run: privacy.PurgeReport | None = None
        self.report: privacy.PurgeReport | None = None
        intro = QLabel(
            self.tr(
                "The retention rules of this database (mitmach_meta keys retention_…, in months or “off”) and "
                "what is due now. Purging erases it exactly as “Forget participant” does and rebuilds the file."
            )
            if not self._postgis()
            else self.tr(
                "The retention rules of this database (mitmach_meta keys retention_…, in months or “off”) and "
                "what is due now. Purging erases it exactly as “Forget participant” does and vacuums the tables."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.layout_.addWidget(intro)
        self.reportView = QPlainTextEdit(self)
        self.reportView.setReadOnly(True)
        self.layout_.addWidget(self.reportView)
        self.buttonBox = QDialogButtonBox(QDialogButtonBox.Close, self)
        self.purgeButton = self.buttonBox.addButton(self.tr("Purge now…"), QDialogButtonBox.ActionRole)
        self.layout_.addWidget(self.buttonBox)
        self.purgeButton.clicked.connect(self.purge)
        self.buttonBox.rejected.connect(self.reject)
        self.purgeButton.setEnabled(False)
        self.resize(620, 360)
        self.refresh()

    def refresh(self) -> None:
        """Count what is due (a dry run, in a task)."""
        store = self.store
        self.purgeButton.setEnabled(False)
        self.reportView.setPlainText(self.tr("Counting what is due…"))

        def run(task):
            return privacy.purge(store, dry_run=True)

        self.start(self.tr("MitMach: retention dry run"), run, self._counted)

    def _counted(self, exception, result=None) -> None:
        error = self.finish(exception)
        self.dry_run = result if error is None else None
        self.reportView.setPlainText(error or "\n".join(privacy.purge_summary(result)))
        self.purgeButton.setEnabled(error is None)
        self.counted.emit(self.dry_run)

    def purge(self) -> bool:
        if self.dry_run is None:
            return False
        due = self.dry_run.total_due
        question = (
            self.tr(
                "Erase what the retention rules make due now ({count} records)? This cannot be undone."
            ).format(count=due)
            if due
            else (
                self.tr("Nothing is due. Vacuum the tables anyway (clears old row versions)?")
                if self._postgis()
                else self.tr("Nothing is due. Rebuild the file anyway (clears free pages)?")
            )
        )
        if not self.confirm(self.tr("Retention and purge"), question):
            return False
        store, user = self.store, self.user
        self.purgeButton.setEnabled(False)
        self.reportView.setPlainText(self.tr("Purging…"))

        def run(task):
            return privacy.purge(store, user=user)

        self.start(self.tr("MitMach: purge"), run, self._purged)
        return True

    def _purged(self, exception, result=None) -> None:
        error = self.finish(exception)
        if error is not None:
            self.reportView.setPlainText(error)
            self.purgeButton.setEnabled(self.dry_run is not None)
            return
        self.report = result
        self.dry_run = None  # counted before the purge: count again before another one
        self.reportView.setPlainText("\n".join(privacy.purge_summary(result)))
        self.message(self.tr("The retention rules were applied."), Qgis.Success)
        self.purged.emit(result)


def show_forget_dialog(
    iface, store, participant_uuid: str | None = None, parent=None
) -> ForgetParticipantDialog:
    """Open *Forget participant…* for ``store``; without a uuid, the selected participant (or the selected
    proposal's participant) of this database is filled in."""
    dialog = ForgetParticipantDialog(
        iface,
        store,
        participant_uuid or selected_participant(iface, store),
        parent=parent or iface.mainWindow(),
    )
    dialog.show()
    return dialog


def show_purge_dialog(iface, store, parent=None) -> RetentionPurgeDialog:
    """Open *Retention and purge…* for ``store``: the dry run starts at once."""
    dialog = RetentionPurgeDialog(iface, store, parent=parent or iface.mainWindow())
    dialog.show()
    return dialog
