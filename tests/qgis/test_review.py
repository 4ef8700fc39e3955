"""The officer's review queue: data functions on a real GeoPackage, and the dock driven as an officer would."""

from __future__ import annotations

import pytest
from qgis.core import Qgis, QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsPointXY, QgsProject
from qgis.PyQt.QtCore import Qt
from qgis.PyQt.QtWidgets import QInputDialog, QMessageBox

from mitmach_qgis.data import review
from mitmach_qgis.data.errors import StoreError
from mitmach_qgis.data.gpkg_store import GeoPackageStore
from mitmach_qgis.gui.review_dock import UUID_ROLE, ReviewDock

AREA = [[[(357000, 5711000), (358200, 5711000), (358200, 5711900), (357000, 5711900), (357000, 5711000)]]]
OFFICER = "officer.meier"
# (key, theme, created_at, x, y, extra columns); inserted out of order on purpose
PROPOSALS = [
    ("windows_new", "windows", "2026-03-05T09:00:00.000Z", 357900.0, 5711700.0, {}),
    ("heating_old", "heating", "2026-01-10T08:00:00.000Z", 357500.0, 5711500.0,
     {"description": "Gaskessel von 1994 ersetzen", "year_from": 2026, "year_to": 2027, "in_area": 1}),
    ("pv_mid", "pv", "2026-02-01T12:00:00.000Z", 357600.0, 5711400.0, {"source": "web", "in_area": 0}),
    ("heating_mid", "heating", "2026-02-01T12:00:00.000Z", 357550.0, 5711520.0, {}),
]  # fmt: skip


def _insert(store):
    """The proposals above (status submitted) with one participant; returns {key: uuid}."""
    uuids = {}
    with store.transaction() as conn:
        store.insert(conn, "participants", [{"family_name": "Musterfrau", "given_name": "Erika",
                                             "email": "erika@example.org", "role": "owner", "created_by": "t"}])  # fmt: skip
        person = conn.execute("SELECT uuid FROM participants").fetchone()[0]
        for key, theme, created, x, y, extra in PROPOSALS:
            row = {"participant_uuid": person, "theme": theme, "created_at": created,
                   "geom": ("point", x, y), "created_by": "t", **extra}  # fmt: skip
            store.insert(conn, "proposals", [row])
            uuids[key] = conn.execute("SELECT uuid FROM proposals ORDER BY fid DESC LIMIT 1").fetchone()[0]
    return uuids


@pytest.fixture
def store(tmp_path):
    return GeoPackageStore.create(tmp_path / "x.gpkg", areas=[("Pilot", AREA)])


@pytest.fixture
def ids(store):
    return _insert(store)


def _row(store, uuid):
    with store.reading() as conn:
        return conn.execute("SELECT * FROM proposals WHERE uuid = ?", (uuid,)).fetchone()


def _snapshot(store):
    with store.reading() as conn:
        proposals = [tuple(r) for r in conn.execute("SELECT * FROM proposals ORDER BY fid")]
        events = conn.execute("SELECT count(*) FROM events").fetchone()[0]
    return proposals, events


# -- data ------------------------------------------------------------------------------------------------
def test_queue_is_oldest_first_and_filters(store, ids):
    items = review.queue(store)
    # same created_at for heating_mid and pv_mid: fid decides (pv_mid was inserted first)
    assert [i.uuid for i in items] == [
        ids["heating_old"],
        ids["pv_mid"],
        ids["heating_mid"],
        ids["windows_new"],
    ]
    first = items[0]
    assert (first.theme, first.status, first.year_from, first.year_to) == ("heating", "submitted", 2026, 2027)
    assert (first.x, first.y, first.in_area, first.version) == (357500.0, 5711500.0, True, 1)
    assert items[1].in_area is False and items[1].source == "web" and items[2].in_area is None
    assert [i.uuid for i in review.queue(store, themes=["heating"])] == [
        ids["heating_old"],
        ids["heating_mid"],
    ]
    assert review.queue(store, themes=[]) == []
    assert len(review.queue(store, limit=2)) == 2
    assert review.queue(store, statuses=["checked"]) == []
    review.set_status(store, [ids["pv_mid"]], "checked", OFFICER)
    assert [i.uuid for i in review.queue(store, statuses=["checked"])] == [ids["pv_mid"]]
    assert len(review.queue(store, statuses=["submitted", "checked"])) == 4
    with pytest.raises(ValueError):
        review.queue(store, statuses=["nonsense"])


def test_counts(store, ids):
    counts = review.status_counts(store)
    assert counts["submitted"] == 4 and counts["checked"] == 0 and set(counts) >= {"rejected", "withdrawn"}
    review.set_status(store, [ids["pv_mid"], ids["heating_mid"]], "checked", OFFICER)
    review.set_status(store, [ids["windows_new"]], "rejected", OFFICER, "outside the pilot scheme")
    assert {k: v for k, v in review.status_counts(store).items() if v} == {
        "submitted": 1,
        "checked": 2,
        "rejected": 1,
    }


def test_check_sets_officer_and_is_logged(store, ids):
    uuid = ids["heating_old"]
    assert review.set_status(store, [uuid], "checked", OFFICER) == 1
    row = _row(store, uuid)
    assert (row["status"], row["officer"], row["updated_by"], row["version"]) == (
        "checked",
        OFFICER,
        OFFICER,
        2,
    )
    with store.reading() as conn:
        events = conn.execute(
            "SELECT user_name, changed_fields FROM events WHERE record_uuid = ? AND action = 'update'",
            (uuid,),
        ).fetchall()
    assert len(events) == 1
    assert events[0]["user_name"] == OFFICER and "status" in events[0]["changed_fields"].split(",")


def test_reject_needs_a_reason_and_changes_nothing_without(store, ids):
    before = _snapshot(store)
    for reason in (None, "", "   \n"):
        with pytest.raises(ValueError, match="reason"):
            review.set_status(store, [ids["heating_old"]], "rejected", OFFICER, reason)
    assert _snapshot(store) == before
    assert review.set_status(store, [ids["heating_old"]], "rejected", OFFICER, " Doppelte Meldung ") == 1
    row = _row(store, ids["heating_old"])
    assert (row["status"], row["rejection_reason"], row["officer"]) == (
        "rejected",
        "Doppelte Meldung",
        OFFICER,
    )


def test_withdraw_from_checked(store, ids):
    uuid = ids["windows_new"]
    review.set_status(store, [uuid], "checked", OFFICER)
    assert review.set_status(store, [uuid], "withdrawn", "officer.schulz") == 1
    row = _row(store, uuid)
    assert (row["status"], row["officer"]) == ("withdrawn", "officer.schulz")


def test_an_illegal_transition_in_a_bulk_selection_changes_nothing(store, ids):
    review.set_status(store, [ids["pv_mid"]], "rejected", OFFICER, "no roof of its own")
    before = _snapshot(store)
    selection = [ids["heating_old"], ids["pv_mid"], ids["windows_new"]]
    with pytest.raises(review.TransitionError) as caught:
        review.set_status(store, selection, "checked", OFFICER)
    assert caught.value.uuids == (ids["pv_mid"],)
    assert ids["pv_mid"] in str(caught.value) and "Musterfrau" not in str(caught.value)
    assert ids["heating_old"] not in str(caught.value)
    assert _snapshot(store) == before
    # the same status again, and a uuid that does not exist, are refused the same way
    with pytest.raises(StoreError):
        review.set_status(store, [ids["heating_old"], ids["pv_mid"]], "rejected", OFFICER, "again")
    with pytest.raises(StoreError, match="no-such-uuid"):
        review.set_status(store, [ids["heating_old"], "no-such-uuid"], "checked", OFFICER)
    assert _snapshot(store) == before


def test_save_notes_with_a_stale_version_is_refused(store, ids):
    uuid = ids["heating_old"]
    seen = review.queue(store)[0]
    assert seen.uuid == uuid
    review.save_notes(
        store, uuid, "officer.schulz", "Rückruf vereinbart", None, expected_version=seen.version
    )
    before = _snapshot(store)
    with pytest.raises(review.ConflictError, match="someone else"):
        review.save_notes(store, uuid, OFFICER, "my notes", "my advice", expected_version=seen.version)
    assert _snapshot(store) == before
    row = _row(store, uuid)
    assert (row["officer_notes"], row["officer"], row["version"]) == (
        "Rückruf vereinbart",
        "officer.schulz",
        2,
    )


def test_notes_are_nfc_control_characters_are_refused_sql_is_just_text(store, ids):
    uuid = ids["pv_mid"]
    before = _snapshot(store)
    for bad in ("bell\x07", "nul\x00byte", "esc\x1b[31m", "c1\x85"):
        with pytest.raises(ValueError, match="control character"):
            review.save_notes(store, uuid, OFFICER, bad, None)
        with pytest.raises(ValueError, match="control character"):
            review.save_notes(store, uuid, OFFICER, None, bad)
    assert _snapshot(store) == before
    sql = "x'); DROP TABLE proposals; --\n\tUPDATE proposals SET status = 'checked' WHERE 1 = 1; \"%_"
    review.save_notes(store, uuid, OFFICER, "Stra\u0073\u0073e Ba\u0308ckerei\r\nzweite Zeile", sql)
    row = _row(store, uuid)
    assert row["officer_notes"] == "Strasse Bäckerei\nzweite Zeile" and row["officer_notes"].count("ä") == 1
    assert row["advice"] == sql.strip()
    assert review.status_counts(store)["submitted"] == 4
    with store.reading() as conn:
        event = conn.execute(
            "SELECT changed_fields, user_name FROM events WHERE record_uuid = ? ORDER BY fid DESC", (uuid,)
        ).fetchone()
    assert set(event["changed_fields"].split(",")) == {"officer", "officer_notes", "advice"}
    assert event["user_name"] == OFFICER


def test_advice_templates_for_a_theme_and_the_general_ones(store):
    heating = review.advice_templates(store, "heating", "en")
    titles = [t for t, _ in heating]
    assert titles[0] == "Check for a heat network" and "Energy advice" in titles
    assert all(body for _, body in heating)
    assert [t for t, _ in review.advice_templates(store, None, "de")] == ["Energieberatung"]
    assert "Windows" not in str(heating)


# -- the dock --------------------------------------------------------------------------------------------
@pytest.fixture
def dock(qgis_iface, qgis_new_project, store, ids):
    widget = ReviewDock(qgis_iface)
    widget.language = "en"  # the test runs with whatever locale the machine has
    widget.user = OFFICER
    widget.set_store(store)
    yield widget
    widget.deleteLater()


def _model_uuids(dock):
    return [dock.model.item(r, 0).data(UUID_ROLE) for r in range(dock.model.rowCount())]


def _status_texts(dock):
    return {
        dock.statusComboBox.itemData(i): dock.statusComboBox.itemText(i)
        for i in range(dock.statusComboBox.count())
    }


def _messages(iface, level):
    return list(iface.messageBar().get_messages(level))


def test_dock_fills_the_table_with_the_queue_and_counts(dock, ids):
    assert dock.objectName() == "MitMachReviewDock"
    assert dock.status_filter() == "submitted"
    assert _model_uuids(dock) == [ids["heating_old"], ids["pv_mid"], ids["heating_mid"], ids["windows_new"]]
    assert (
        _status_texts(dock)["submitted"] == "Submitted (4)"
        and _status_texts(dock)["checked"] == "Checked (0)"
    )
    first = [dock.model.item(0, c).text() for c in range(dock.model.columnCount())]
    assert first[0] == "Heating replacement" and first[1] == "2026–2027"
    assert first[-1] == "Gaskessel von 1994 ersetzen" and first[5] == "inside"
    assert dock.model.item(1, 5).text() == "outside" and not dock.model.item(1, 5).icon().isNull()
    assert dock.model.item(1, 4).text() == "Online form"
    assert int(dock.model.item(0, 2).text()) >= int(dock.model.item(3, 2).text())
    dock.themeComboBox.setCurrentIndex(dock.themeComboBox.findData("heating"))
    assert _model_uuids(dock) == [ids["heating_old"], ids["heating_mid"]]


def test_no_participant_data_anywhere_in_the_dock(dock):
    dock.select_uuids(_model_uuids(dock)[:1])
    roles = (Qt.DisplayRole, Qt.ToolTipRole, UUID_ROLE)
    texts = [
        str(dock.model.index(r, c).data(role))
        for r in range(dock.model.rowCount())
        for c in range(dock.model.columnCount())
        for role in roles
    ]
    texts += [dock.detailLabel.text(), dock.summaryLabel.text()]
    texts += [dock.statusComboBox.itemText(i) for i in range(dock.statusComboBox.count())]
    blob = "\n".join(texts)
    assert "Gaskessel" in blob  # the check can see the dock's text
    for personal in ("Musterfrau", "Erika", "example.org"):
        assert personal not in blob
    with dock.store.reading() as conn:
        person = conn.execute("SELECT uuid FROM participants").fetchone()[0]
    assert person not in blob


def test_check_selected_updates_database_and_counts(dock, ids, store, qgis_iface):
    dock.select_uuids([ids["heating_old"], ids["windows_new"]])
    assert dock.selected_uuids() == [ids["heating_old"], ids["windows_new"]]
    assert dock.checkButton.isEnabled() and not dock.saveButton.isEnabled()
    assert dock.check_selected() == 2
    assert _row(store, ids["heating_old"])["status"] == "checked"
    assert _row(store, ids["windows_new"])["officer"] == OFFICER
    assert (
        _status_texts(dock)["submitted"] == "Submitted (2)"
        and _status_texts(dock)["checked"] == "Checked (2)"
    )
    assert _model_uuids(dock) == [ids["pv_mid"], ids["heating_mid"]]
    assert any("“Checked”: 2." in m for m in _messages(qgis_iface, Qgis.Success))


def test_reject_selected_with_and_without_reason(dock, ids, store, qgis_iface, monkeypatch):
    dock.select_uuids([ids["pv_mid"]])
    errors_before = len(_messages(qgis_iface, Qgis.Critical))
    assert dock.reject_selected("  ") == 0
    assert len(_messages(qgis_iface, Qgis.Critical)) == errors_before + 1
    assert _row(store, ids["pv_mid"])["status"] == "submitted"
    assert dock.selected_uuids() == [ids["pv_mid"]], "the selection is kept after an error"
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("Kein Wohngebäude", True))
    dock.rejectButton.click()
    row = _row(store, ids["pv_mid"])
    assert (row["status"], row["rejection_reason"]) == ("rejected", "Kein Wohngebäude")
    assert _status_texts(dock)["rejected"] == "Rejected (1)"


def test_bulk_action_with_an_illegal_transition_keeps_everything(dock, ids, store, qgis_iface, monkeypatch):
    review.set_status(
        store, [ids["heating_mid"]], "rejected", OFFICER, "duplicate"
    )  # someone else was quicker
    dock.select_uuids([ids["heating_old"], ids["heating_mid"]])
    before = _snapshot(store)
    assert dock.check_selected() == 0
    assert _snapshot(store) == before
    assert ids["heating_mid"] in _messages(qgis_iface, Qgis.Critical)[-1]
    assert dock.selected_uuids() == [ids["heating_old"], ids["heating_mid"]]
    dock.refresh()
    assert dock.selected_uuids() == [ids["heating_old"]]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Yes)
    dock.withdrawButton.click()
    assert _row(store, ids["heating_old"])["status"] == "withdrawn"


def test_template_combo_inserts_text_and_save_stores_it(dock, ids, store):
    dock.select_uuids([ids["heating_old"]])
    assert dock.saveButton.isEnabled()
    combo = dock.templateComboBox
    titles = [combo.itemText(i) for i in range(combo.count())]
    assert "Check for a heat network" in titles and "Energy advice" in titles
    dock.adviceEdit.setPlainText("Guten Tag,")
    combo.activated[int].emit(titles.index("Check for a heat network"))
    text = dock.adviceEdit.toPlainText()
    assert text.startswith("Guten Tag,\n\n") and "shared local heat network" in text
    assert combo.currentIndex() == 0
    dock.notesEdit.setPlainText("Ruft zurück")
    assert dock.save_selected()
    row = _row(store, ids["heating_old"])
    assert row["advice"] == text and row["officer_notes"] == "Ruft zurück" and row["version"] == 2
    assert dock.selected_uuids() == [ids["heating_old"]] and dock.notesEdit.toPlainText() == "Ruft zurück"
    review.save_notes(store, ids["heating_old"], "officer.schulz", "changed elsewhere", None)
    dock.notesEdit.setPlainText("mine")
    assert not dock.save_selected(), "a stale version is refused"
    assert dock.notesEdit.toPlainText() == "mine"
    assert _row(store, ids["heating_old"])["officer_notes"] == "changed elsewhere"


def test_zoom_to_a_proposal_in_the_canvas_crs(dock, ids, qgis_iface):
    canvas = qgis_iface.mapCanvas()
    canvas.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:25832"))
    dock.select_uuids([ids["heating_old"]])
    assert dock.zoom_to_selected()
    extent = canvas.extent()
    assert extent.contains(QgsPointXY(357500, 5711500))
    assert abs(extent.center().x() - 357500) < 1 and abs(extent.center().y() - 5711500) < 1
    assert 150 < max(extent.width(), extent.height()) < 1000
    # a canvas in another CRS gets the point transformed; double-click zooms too
    wgs84 = QgsCoordinateReferenceSystem("EPSG:4326")
    canvas.setDestinationCrs(wgs84)
    dock.proposalTable.doubleClicked.emit(dock.model.index(3, 6))  # windows_new
    lonlat = QgsCoordinateTransform(
        QgsCoordinateReferenceSystem("EPSG:25832"), wgs84, QgsProject.instance()
    ).transform(QgsPointXY(357900, 5711700))
    assert canvas.extent().contains(lonlat) and canvas.extent().width() < 0.05
    canvas.setDestinationCrs(QgsCoordinateReferenceSystem("EPSG:25832"))


def test_dock_without_store_and_set_store_later(qgis_iface, store, ids):
    dock = ReviewDock(qgis_iface)
    assert dock.model.rowCount() == 0 and not dock.checkButton.isEnabled()
    assert dock.check_selected() == 0
    dock.set_store(store)
    assert dock.model.rowCount() == 4
    dock.set_store(None)
    assert dock.model.rowCount() == 0
    dock.deleteLater()
