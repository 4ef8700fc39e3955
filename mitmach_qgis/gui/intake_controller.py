"""MitMach ▸ New proposal…: builds the dialog with the open database, its gazetteer and the web geocoder."""

from __future__ import annotations

import logging

from qgis.core import Qgis, QgsProject
from qgis.PyQt import sip
from qgis.PyQt.QtCore import QObject, pyqtSignal

from ..core.i18n import qgis_language
from ..data.errors import StoreError
from ..data.gpkg_store import current_user
from ..data.layers import TABLE_PROPERTY
from ..data.locate import build_geocoder

LOG = logging.getLogger("mitmach_qgis.gui")


def theme_choices(store, language: str) -> list[tuple[str, str]]:
    column = "label_de" if language == "de" else "label_en"
    with store.reading() as conn:
        # "WHERE active": SQLite's 0/1 and PostgreSQL's boolean alike
        rows = conn.execute(f"SELECT code, {column} FROM themes WHERE active ORDER BY sort_order, code")
        return [(r[0], r[1]) for r in rows]


def geocoder_and_area_test(store):
    """The dialog's geocoder (the database's gazetteer, then the web geocoder) and its area test; both read
    either store (``data.geocode_store``)."""
    from ..data.geocode_store import area_test_from_store

    return build_geocoder(store), area_test_from_store(store)


class IntakeController(QObject):
    proposals_saved = pyqtSignal(list)  # proposal uuids

    def __init__(self, iface, database, parent=None) -> None:
        super().__init__(parent)
        self.iface = iface
        self.database = database  # DatabaseController: knows the open store and its layers
        self.dialog = None

    def new_proposal(self):
        from .proposal_dialog import ProposalDialog

        store = self.database.store
        if store is None:
            self.iface.messageBar().pushMessage(
                self.tr("MitMach"), self.tr("Open or create a participation database first."), Qgis.Warning, 6
            )
            return None
        language = qgis_language()
        try:
            themes = theme_choices(store, language)
            geocoder, in_area = geocoder_and_area_test(store)
        except StoreError as exc:
            self.iface.messageBar().pushMessage(self.tr("MitMach"), str(exc), Qgis.Critical, 8)
            return None
        self.dialog = ProposalDialog(
            self.iface,
            store,
            themes,
            geocoder=geocoder,
            user=current_user(),
            in_area=in_area,
            parent=self.iface.mainWindow(),
        )
        self.dialog.saved.connect(self._saved)
        self.dialog.show()
        return self.dialog

    def _saved(self, participant_uuid: str, proposal_uuids: list) -> None:
        layers = [layer for table, layer in (self.database.layers or {}).items()
                  if table in ("proposals", "participants")]  # fmt: skip
        if not layers:  # a controller without layers (tests): the project's
            layers = [layer for layer in QgsProject.instance().mapLayers().values()
                      if layer.customProperty(TABLE_PROPERTY) in ("proposals", "participants")]  # fmt: skip
        for layer in layers:
            if sip.isdeleted(layer):
                continue
            layer.dataProvider().reloadData()
            layer.triggerRepaint()
        self.iface.messageBar().pushMessage(
            self.tr("MitMach"),
            self.tr("Saved {count} proposal(s).").format(count=len(proposal_uuids)),
            Qgis.Success,
            4,
        )
        self.proposals_saved.emit(list(proposal_uuids))
