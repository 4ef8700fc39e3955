"""Forget participant… and Retention and purge…: confirm first, work in a QgsTask, show counts only."""

from __future__ import annotations

import pytest
from qgis.core import Qgis, QgsProject
from qgis.PyQt.QtWidgets import QMessageBox

from mitmach_qgis.data.errors import StoreError
from mitmach_qgis.data.gpkg_store import GeoPackageStore
from mitmach_qgis.data.layers import open_layers
from mitmach_qgis.gui.privacy_dialog import (
    ForgetParticipantDialog,
    RetentionPurgeDialog,
    show_forget_dialog,
    show_purge_dialog,
)
from tests.helpers import wait_until
from tests.unit.test_privacy import OFFICER, OTHER, TARGET, TRACES, age, build_scene, idea, person, rows


@pytest.fixture
def store(tmp_path):
    return GeoPackageStore.create(tmp_path / "pilot.gpkg", user=OFFICER)


@pytest.fixture
def answer(monkeypatch):
    """What the officer answers to the confirmation; records the questions asked."""
    state = {"reply": QMessageBox.No, "asked": []}

    def question(parent, title, text, *args, **kwargs):
        state["asked"].append(text)
        return state["reply"]

    monkeypatch.setattr(QMessageBox, "question", question)
    return state


def snapshot(store):
    return rows(store, "SELECT * FROM participants ORDER BY fid"), rows(store, "SELECT count(*) FROM events")


def messages(iface, level):
    return list(iface.messageBar().get_messages(level))


def test_forget_asks_first_then_erases_in_a_task_and_shows_the_summary(qgis_iface, store, answer):
    scene = build_scene(store)
    dialog = show_forget_dialog(qgis_iface, store, scene["target"])
    assert isinstance(dialog, ForgetParticipantDialog) and dialog.isVisible()
    assert dialog.uuidEdit.text() == scene["target"] and dialog.forgetButton.isEnabled()
    before = snapshot(store)
    assert dialog.forget() is False  # the officer says no
    assert "3 proposals" in answer["asked"][0] and "1 open ones" in answer["asked"][0]
    assert snapshot(store) == before and dialog.task is None
    answer["reply"] = QMessageBox.Yes
    erased = []
    dialog.erased.connect(erased.append)
    assert dialog.forget() is True
    assert dialog.task is not None and not dialog.buttonBox.isEnabled(), "busy while the task runs"
    wait_until(lambda: dialog.report is not None, what="the erasure task")
    assert erased == [dialog.report] and dialog.buttonBox.isEnabled() and dialog.task is None
    text = dialog.summaryView.toPlainText()
    assert "Participants erased (record deleted): 1" in text and "The file was rebuilt" in text
    assert not [t for t in TRACES if t.lower() in text.lower()]
    assert rows(store, "SELECT uuid FROM participants") == [(scene["other"],)]
    assert messages(qgis_iface, Qgis.Success)[-1] == "MitMach:The participant's personal data were erased."
    assert dialog.uuidEdit.text() == "" and not dialog.forgetButton.isEnabled()


def test_forget_of_an_unknown_participant_says_so_and_changes_nothing(qgis_iface, store, answer):
    build_scene(store)
    before = snapshot(store)
    dialog = ForgetParticipantDialog(qgis_iface, store, "00000000-0000-4000-8000-00000000dead")
    assert dialog.forget() is False
    assert "does not exist; nothing was changed" in dialog.summaryView.toPlainText()
    assert answer["asked"] == [] and snapshot(store) == before


def test_the_selected_participant_or_proposal_fills_in_the_uuid(qgis_iface, qgis_new_project, store):
    target = person(store, TARGET)
    other = person(store, OTHER)
    proposal = idea(store, other)
    layers = open_layers(store.path, QgsProject.instance())
    participants, proposals = layers["participants"], layers["proposals"]
    qgis_iface.setActiveLayer(participants)
    participants.selectByExpression(f"\"uuid\" = '{target}'")
    assert show_forget_dialog(qgis_iface, store).uuidEdit.text() == target
    qgis_iface.setActiveLayer(proposals)
    proposals.selectByExpression(f"\"uuid\" = '{proposal}'")
    assert show_forget_dialog(qgis_iface, store).uuidEdit.text() == other
    idea(store, target)
    proposals.reload()
    proposals.selectAll()
    assert proposals.selectedFeatureCount() == 2
    assert show_forget_dialog(qgis_iface, store).uuidEdit.text() == "", "two selected: the officer types it"
    other_db = GeoPackageStore.create(store.path.with_name("other.gpkg"), user=OFFICER)
    qgis_iface.setActiveLayer(participants)
    assert show_forget_dialog(qgis_iface, other_db).uuidEdit.text() == "", "a layer of another database"


def test_purge_shows_the_dry_run_then_purges_on_confirmation(qgis_iface, store, answer):
    closed = person(store, TARGET)
    rejected = idea(store, closed, "windows", "rejected", rejection_reason="kein Wohngebäude")
    active = person(store, OTHER)
    idea(store, active)
    age(store, "participants", [closed, active])
    age(store, "proposals", [rejected])
    dialog = show_purge_dialog(qgis_iface, store)
    assert isinstance(dialog, RetentionPurgeDialog)
    wait_until(lambda: dialog.dry_run is not None, what="the dry run")
    text = dialog.reportView.toPlainText()
    assert "Contact data, after all of a participant's proposals are closed: 12 months" in text
    assert "Dry run: nothing was changed." in text and dialog.purgeButton.isEnabled()
    assert [r.due for r in dialog.dry_run.rules] == [1, 1, 0]
    before = snapshot(store)
    assert dialog.purge() is False and snapshot(store) == before  # the officer says no
    assert "(2 records)" in answer["asked"][0]
    answer["reply"] = QMessageBox.Yes
    assert dialog.purge() is True
    wait_until(lambda: dialog.report is not None, what="the purge")
    assert rows(store, "SELECT uuid FROM participants") == [(active,)]
    assert "Participants erased (record deleted): 1" in dialog.reportView.toPlainText()
    assert not dialog.purgeButton.isEnabled(), "counted again before another purge"
    assert messages(qgis_iface, Qgis.Success)[-1] == "MitMach:The retention rules were applied."


def test_purge_with_a_bad_setting_shows_the_error_and_offers_nothing(qgis_iface, store):
    with store.transaction() as conn:
        conn.execute("UPDATE mitmach_meta SET value = 'ein Jahr' WHERE key = 'retention_contact_months'")
    dialog = RetentionPurgeDialog(qgis_iface, store)
    wait_until(lambda: dialog.task is None, what="the dry run")
    assert dialog.dry_run is None and not dialog.purgeButton.isEnabled()
    assert "retention_contact_months" in dialog.reportView.toPlainText()
    assert any("ein Jahr" in m for m in messages(qgis_iface, Qgis.Critical))
    assert dialog.purge() is False


def test_a_dialog_stays_open_while_its_task_runs(qgis_iface, store):
    dialog = ForgetParticipantDialog(qgis_iface, store, "x")
    dialog.show()
    dialog.task = object()  # as while a task runs
    dialog.reject()
    assert dialog.isVisible()
    dialog.task = None
    dialog.reject()
    assert not dialog.isVisible()


def test_the_public_export_leaves_out_a_withdrawn_participant_at_once(store, tmp_path):
    from mitmach_qgis.data import privacy
    from mitmach_qgis.export.public_export import export_public_map

    people = [person(store, {**OTHER, "email": f"n{i}@example.org"}) for i in range(5)]
    for i, participant in enumerate(people):
        idea(store, participant, x=357500.0 + 5 * i)

    def export(name):
        return export_public_map(store.path, tmp_path / name, formats=("web",))

    first = export("before")
    assert (first["cells_published"], first["left_out_no_consent"]) == (1, 0)
    privacy.withdraw_consent(store, people[0], "public_map", OFFICER)
    second = export("after")
    assert (second["cells_published"], second["left_out_no_consent"]) == (1, 1)
    privacy.withdraw_consent(store, people[1], "public_map", OFFICER)
    with pytest.raises(StoreError):  # 3 left, below k = 4: no cell, nothing to publish
        export("below-k")
    assert not (tmp_path / "below-k" / "webmap").exists()


def test_the_participants_form_refuses_a_given_consent_with_a_withdrawal_date(qgis_new_project, store):
    from qgis.core import QgsFeature, QgsVectorLayerUtils

    participants = open_layers(store.path, QgsProject.instance())["participants"]
    field = participants.fields().indexOf("consent_contact_withdrawn_date")
    assert participants.attributeAlias(field) == "Consent to contact exchange withdrawn on"
    feature = QgsFeature(participants.fields())
    feature["consent_contact_withdrawn_date"] = "2026-02-01"
    feature["consent_contact"] = False
    assert QgsVectorLayerUtils.validateAttribute(participants, feature, field)[0]
    feature["consent_contact"] = True
    ok, problems = QgsVectorLayerUtils.validateAttribute(participants, feature, field)
    assert not ok and "no date of withdrawal" in " ".join(problems)


# -- on PostGIS ----------------------------------------------------------------------------------------------
def test_on_postgis_the_selection_fills_in_and_forget_and_purge_vacuum(
    qgis_iface, qgis_new_project, pg_store, answer
):
    from mitmach_qgis.data.pg_layers import load_pg_layers

    target, other = person(pg_store, TARGET), person(pg_store, OTHER)
    proposal = idea(pg_store, other)
    idea(pg_store, target, description="Quirin Quabbelbrink: Gaskessel")
    layers = load_pg_layers(pg_store, ("participants", "proposals"))
    for layer in layers.values():
        QgsProject.instance().addMapLayer(layer)
    qgis_iface.setActiveLayer(layers["proposals"])
    layers["proposals"].selectByExpression(f"\"uuid\" = '{proposal}'")
    assert show_forget_dialog(qgis_iface, pg_store).uuidEdit.text() == other
    qgis_iface.setActiveLayer(layers["participants"])
    layers["participants"].selectByExpression(f"\"uuid\" = '{target}'")
    dialog = show_forget_dialog(qgis_iface, pg_store)
    assert dialog.uuidEdit.text() == target
    answer["reply"] = QMessageBox.Yes
    assert dialog.forget() is True and "1 proposals" in answer["asked"][0]
    wait_until(lambda: dialog.report is not None, what="the erasure task")
    text = dialog.summaryView.toPlainText()
    assert "Participants erased (record deleted): 1" in text and "The tables were vacuumed" in text
    assert not [t for t in TRACES if t.lower() in text.lower()]
    assert rows(pg_store, "SELECT uuid FROM participants") == [(other,)]

    purge = show_purge_dialog(qgis_iface, pg_store)
    wait_until(lambda: purge.dry_run is not None, what="the dry run")
    assert purge.purge() is True and "Vacuum the tables anyway" in answer["asked"][-1]
    wait_until(lambda: purge.report is not None, what="the purge")
    assert purge.report.vacuumed and "The tables were vacuumed" in purge.reportView.toPlainText()
