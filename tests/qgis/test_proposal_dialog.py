"""MitMach ▸ New proposal…: typed, geocoded, picked on the map and saved as an officer would."""

from __future__ import annotations

import sqlite3
import time

import pytest
from qgis.core import QgsApplication, QgsCoordinateReferenceSystem, QgsPointXY
from qgis.PyQt.QtCore import QCoreApplication
from qgis.PyQt.QtWidgets import QDialogButtonBox

from mitmach_qgis.core.addresses import normalise_street
from mitmach_qgis.data.geocode_store import area_test_from_store
from mitmach_qgis.data.gpkg_store import GeoPackageStore
from mitmach_qgis.data.locate import build_geocoder
from mitmach_qgis.gui.intake_controller import theme_choices
from mitmach_qgis.gui.proposal_dialog import DESCRIPTION_COL, FROM_COL, THEME_COL, TO_COL, ProposalDialog

AREA = [
    [
        [
            (357000.0, 5711000.0),
            (358200.0, 5711000.0),
            (358200.0, 5711900.0),
            (357000.0, 5711900.0),
            (357000.0, 5711000.0),
        ]
    ]
]
ADDRESSES = [
    ("Große Büttenstraße", "12a", "46236", 357400.0, 5711400.0),
    ("Große Büttenstraße", "14", "46236", 357420.0, 5711400.0),
    ("Schäferweg", "3", "46236", 357600.0, 5711600.0),
    ("Schäferweg", "3", "46238", 357900.0, 5711800.0),
]


@pytest.fixture
def store(tmp_path):
    store = GeoPackageStore.create(tmp_path / "db.gpkg", areas=[("Pilot", AREA)])
    with store.transaction() as conn:
        store.insert(
            conn,
            "addresses",
            [{"street": s, "house_number": n, "postcode": p, "city": "Bottrop", "street_key": normalise_street(s),
              "geom": ("point", x, y)} for s, n, p, x, y in ADDRESSES],
        )  # fmt: skip
    return store


@pytest.fixture
def dialog(qgis_iface, store):
    dlg = ProposalDialog(
        qgis_iface, store, theme_choices(store, "en"), geocoder=build_geocoder(store), user="officer1",
        in_area=area_test_from_store(store),
    )  # fmt: skip
    yield dlg
    dlg.deleteLater()


def fill(dialog, **values):
    defaults = {
        "givenNameEdit": "Erika", "familyNameEdit": "Müßig-Musterfrau", "streetEdit": "grosse buettenstr.",
        "houseNumberEdit": "12 A", "postcodeEdit": "46236", "cityEdit": "Bottrop",
        "emailEdit": "erika@example.org", "phoneEdit": "0201 5550123",
    }  # fmt: skip
    for name, text in {**defaults, **values}.items():
        getattr(dialog, name).setText(text)


def set_idea(dialog, row, theme, year_from, year_to, description=""):
    combo = dialog.ideasTable.cellWidget(row, THEME_COL)
    combo.setCurrentIndex(combo.findData(theme))
    dialog.ideasTable.cellWidget(row, FROM_COL).setValue(year_from)
    dialog.ideasTable.cellWidget(row, TO_COL).setValue(year_to)
    dialog.ideasTable.cellWidget(row, DESCRIPTION_COL).setText(description)


def wait_for_geocoding(dialog, seconds=10.0):
    results = []
    dialog.geocoded.connect(results.append)
    dialog.find_address()
    deadline = time.monotonic() + seconds
    while not results and time.monotonic() < deadline:
        QCoreApplication.processEvents()
        time.sleep(0.01)
    assert results, "the geocoding task did not finish"
    return results[0]


def save_button(dialog):
    return dialog.buttonBox.button(QDialogButtonBox.Save)


def test_validation_as_the_user_types(dialog):
    assert not save_button(dialog).isEnabled()
    fill(dialog, emailEdit="erika(at)example")
    assert not save_button(dialog).isEnabled()
    assert "mail" in dialog.messageLabel.text().lower()
    fill(dialog, postcodeEdit="4623")
    assert "postcode" in dialog.messageLabel.text().lower()
    fill(dialog)
    set_idea(dialog, 0, "heating", 2028, 2026)
    assert "Idea 1" in dialog.messageLabel.text()
    set_idea(dialog, 0, "heating", 2026, 2027)
    assert "location" in dialog.messageLabel.text().lower(), "a location is still missing"
    assert not save_button(dialog).isEnabled()


def test_geocode_save_two_ideas_in_one_transaction(dialog, store):
    fill(dialog)
    result = wait_for_geocoding(dialog)
    assert result.status == "found"
    assert dialog.location.source == "geocoded" and dialog.location.x == pytest.approx(357400.0)
    set_idea(dialog, 0, "heating", 2026, 2027, "Gaskessel von 1994 ersetzen")
    dialog.add_idea()
    set_idea(dialog, 1, "pv", 2027, 2027, "'); DROP TABLE proposals; --")
    assert save_button(dialog).isEnabled(), dialog.messageLabel.text()
    assert dialog.save()
    with store.reading() as conn:
        person = conn.execute("SELECT uuid, family_name, postcode FROM participants").fetchall()
        ideas = conn.execute(
            "SELECT theme, status, source, location_source, in_area, description, participant_uuid FROM proposals ORDER BY theme"
        ).fetchall()
        events = "\n".join(str(tuple(r)) for r in conn.execute("SELECT * FROM events"))
    assert [tuple(p)[1:] for p in person] == [("Müßig-Musterfrau", "46236")]
    assert [tuple(i)[:5] for i in ideas] == [
        ("heating", "submitted", "officer", "geocoded", 1),
        ("pv", "submitted", "officer", "geocoded", 1),
    ]
    assert ideas[1]["description"] == "'); DROP TABLE proposals; --"
    assert {i["participant_uuid"] for i in ideas} == {person[0]["uuid"]}
    assert "Musterfrau" not in events and "erika@example.org" not in events


def test_ambiguous_address_lets_the_officer_pick(dialog):
    fill(dialog, streetEdit="Schäferweg", houseNumberEdit="3", postcodeEdit="", cityEdit="")
    result = wait_for_geocoding(dialog)
    assert result.status == "ambiguous" and len(result.candidates) == 2
    assert dialog.location is None and dialog.candidateCombo.isVisibleTo(dialog)
    dialog.choose_candidate(1)
    assert dialog.location.source == "geocoded"
    assert (dialog.location.x, dialog.location.y) == (result.candidates[1].x, result.candidates[1].y)


def test_unknown_address_says_so_and_a_map_click_locates(dialog, store):
    fill(dialog, streetEdit="Nirgendwostraße", houseNumberEdit="1")
    result = wait_for_geocoding(dialog)
    assert result.status in ("not_found", "error") and dialog.location is None
    assert dialog.locationLabel.text()
    # the canvas is in Web Mercator; the point is stored in the database's CRS
    wgs = QgsCoordinateReferenceSystem("EPSG:3857")
    from qgis.core import QgsCoordinateTransform, QgsProject

    to_canvas = QgsCoordinateTransform(QgsCoordinateReferenceSystem("EPSG:25832"), wgs, QgsProject.instance())
    clicked = to_canvas.transform(QgsPointXY(357500.0, 5711500.0))
    dialog.set_clicked_point(clicked, wgs)
    assert dialog.location.source == "clicked" and dialog.location.quality == "manual"
    assert dialog.location.x == pytest.approx(357500.0, abs=0.01) and dialog.location.in_area is True


def test_point_outside_the_area_is_a_warning_not_a_refusal(dialog):
    fill(dialog)
    set_idea(dialog, 0, "windows", 2026, 2026)
    dialog.set_clicked_point(QgsPointXY(360000.0, 5715000.0), QgsCoordinateReferenceSystem("EPSG:25832"))
    assert dialog.location.in_area is False
    assert "outside" in dialog.locationLabel.text()
    assert save_button(dialog).isEnabled()


def test_locked_database_keeps_the_form_and_a_retry_never_duplicates(dialog, store, monkeypatch, qgis_iface):
    monkeypatch.setattr(GeoPackageStore, "busy_timeout_ms", 50)
    monkeypatch.setattr(GeoPackageStore, "write_deadline_s", 0.2)
    fill(dialog)
    set_idea(dialog, 0, "roof", 2026, 2027)
    dialog.set_clicked_point(QgsPointXY(357500.0, 5711500.0), QgsCoordinateReferenceSystem("EPSG:25832"))
    blocker = sqlite3.connect(store.path, isolation_level=None)
    blocker.execute("BEGIN EXCLUSIVE")
    try:
        assert not dialog.save()
        assert "in use" in dialog.messageLabel.text()
    finally:
        blocker.execute("ROLLBACK")
        blocker.close()
    assert store.count("participants") == 0 and store.count("proposals") == 0
    assert dialog.familyNameEdit.text() == "Müßig-Musterfrau", "nothing typed is lost"
    assert dialog.save()
    assert dialog.save() is False or store.count("proposals") == 1
    assert store.count("participants") == 1 and store.count("proposals") == 1


def test_geocoding_runs_as_a_task(dialog):
    fill(dialog)
    results = []
    dialog.geocoded.connect(results.append)
    dialog.find_address()
    assert dialog.task is not None and dialog.task in QgsApplication.taskManager().tasks()
    assert not dialog.findAddressButton.isEnabled(), "no second search while one runs"
    deadline = time.monotonic() + 10
    while not results and time.monotonic() < deadline:
        QCoreApplication.processEvents()
        time.sleep(0.01)
    assert results and dialog.findAddressButton.isEnabled()
