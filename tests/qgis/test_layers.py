"""The database's layers in QGIS: group, styles, forms, relations, default styles and the stored project."""

from __future__ import annotations

import ast
import re
import sqlite3
import subprocess
import xml.etree.ElementTree as ET
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from qgis.core import (
    QgsExpression,
    QgsExpressionContext,
    QgsExpressionContextUtils,
    QgsFeature,
    QgsGeometry,
    QgsPointXY,
    QgsProject,
    QgsSymbol,
    QgsVectorLayer,
    QgsVectorLayerUtils,
)

from mitmach_qgis.core.themes import (
    LOCATION_QUALITIES,
    LOCATION_SOURCES,
    MATCH_STATUSES,
    ROLES,
    STATUSES,
    THEMES,
)
from mitmach_qgis.data import layers as mlayers
from mitmach_qgis.data.errors import StoreError
from mitmach_qgis.data.gpkg_store import GeoPackageStore
from mitmach_qgis.data.layers import (
    GROUP_NAME,
    LAYER_TABLES,
    configure_layer,
    layer_uri,
    open_layers,
    project_uri,
    save_default_styles,
    save_project,
)
from tests.helpers import SYSTEM_PYTHON

PILOT = [[[(357000, 5711000), (358200, 5711000), (358200, 5711900), (357000, 5711900), (357000, 5711000)]]]
VALIDATOR = "/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py"
UUID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
GERMAN = {  # a few entries of the German translation, compiled into a .qm for the test
    "Proposals": "Vorschläge",
    "Participants": "Teilnehmende",
    "Family name": "Familienname",
    "Heated floor area (m²)": "Beheizte Fläche (m²)",
    "Submitted": "Eingereicht",
    "Rejected": "Abgelehnt",
    "A German postcode has exactly five digits.": "Eine deutsche Postleitzahl hat genau fünf Ziffern.",
}


def _create(path: Path, **kwargs) -> GeoPackageStore:
    store = GeoPackageStore.create(path, areas=[("Pilot", PILOT)], **kwargs)
    with store.transaction() as conn:
        store.insert(
            conn, "participants", [{"family_name": "Muster", "given_name": "Erika", "role": "owner"}]
        )
        person = conn.execute("SELECT uuid FROM participants").fetchone()[0]
        store.insert(
            conn,
            "proposals",
            [{"participant_uuid": person, "theme": "heating", "year_from": 2026, "year_to": 2027,
              "geom": ("point", 357500, 5711500)}],
        )  # fmt: skip
    return store


@pytest.fixture
def db(tmp_path) -> Path:
    path = tmp_path / "x.gpkg"
    _create(path)
    return path


@pytest.fixture
def german(tmp_path, monkeypatch):
    """The layers' German translation from a .qm compiled here (the real .ts is completed separately)."""
    messages = "".join(
        f"<message><source>{en}</source><translation>{de}</translation></message>"
        for en, de in GERMAN.items()
    )
    ts = tmp_path / "de.ts"
    ts.write_text(
        '<?xml version="1.0" encoding="utf-8"?><!DOCTYPE TS><TS version="2.1" language="de_DE">'
        f"<context><name>{mlayers.CONTEXT}</name>{messages}</context></TS>",
        encoding="utf-8",
    )
    qm = tmp_path / "de.qm"
    subprocess.run(["lrelease", "-silent", str(ts), "-qm", str(qm)], check=True)
    monkeypatch.setattr(
        mlayers, "translation_file", lambda language: qm if language == "de" else tmp_path / "none"
    )
    monkeypatch.setattr(mlayers, "_TRANSLATORS", {})
    return qm


def _value_map(layer: QgsVectorLayer, field: str) -> dict[str, str]:
    setup = layer.editorWidgetSetup(layer.fields().indexOf(field))
    assert setup.type() == "ValueMap", (field, setup.type())
    return {label: value for entry in setup.config()["map"] for label, value in entry.items()}


def _theme_rows(path: Path) -> list[tuple[str, str, str, str]]:
    with sqlite3.connect(path) as conn:
        return conn.execute(
            "SELECT code, label_de, label_en, colour FROM themes ORDER BY sort_order, code"
        ).fetchall()


def test_open_layers_adds_the_group_with_valid_layers_and_relations(qgis_new_project, db):
    project = QgsProject.instance()
    layers = open_layers(db, project)
    assert tuple(layers) == LAYER_TABLES
    assert all(layer.isValid() for layer in layers.values())
    assert {layer.customProperty("mitmach/table") for layer in layers.values()} == set(LAYER_TABLES)

    group = project.layerTreeRoot().children()[0]
    assert group.name() == GROUP_NAME
    assert [node.layer().customProperty("mitmach/table") for node in group.children()] == list(LAYER_TABLES)
    assert [node.name() for node in group.children()][:2] == ["Proposals", "Participants"]
    visible = {
        node.layer().customProperty("mitmach/table"): node.itemVisibilityChecked()
        for node in group.children()
    }
    assert visible["addresses"] is False and visible["proposals"] is True
    assert layers["events"].readOnly()

    relations = project.relationManager().relations()
    assert set(relations) == {
        "mitmach_participant_proposals",
        "mitmach_match_members",
        "mitmach_proposal_memberships",
    }
    pairs = {rid: (r.referencingLayer().customProperty("mitmach/table"), r.referencedLayer().customProperty(
        "mitmach/table"), r.fieldPairs()) for rid, r in relations.items()}  # fmt: skip
    assert pairs["mitmach_participant_proposals"] == (
        "proposals",
        "participants",
        {"participant_uuid": "uuid"},
    )
    assert pairs["mitmach_match_members"] == ("match_members", "matches", {"match_uuid": "uuid"})
    assert pairs["mitmach_proposal_memberships"] == ("match_members", "proposals", {"proposal_uuid": "uuid"})
    proposals = layers["proposals"]
    reference = proposals.editorWidgetSetup(proposals.fields().indexOf("participant_uuid"))
    assert reference.type() == "RelationReference"
    assert reference.config()["Relation"] == "mitmach_participant_proposals"

    # the display expression names theme, status and years, never the person
    context = QgsExpressionContext(QgsExpressionContextUtils.globalProjectLayerScopes(proposals))
    context.setFeature(next(proposals.getFeatures()))
    shown = QgsExpression(proposals.displayExpression()).evaluate(context)
    assert shown == "Heating replacement, Submitted, 2026–2027"
    assert "Muster" not in proposals.mapTipTemplate() + shown

    # opening the same file again replaces the group instead of adding a second one
    count = len(project.mapLayers())
    open_layers(db, project)
    assert [n.name() for n in project.layerTreeRoot().children()].count(GROUP_NAME) == 1
    assert len(project.mapLayers()) == count
    assert len(project.relationManager().relations()) == 3


def test_context_layers_of_the_demo_are_drawn_under_the_proposals(qgis_new_project, tmp_path):
    path = tmp_path / "demo.gpkg"
    _create(path, optional_tables=("streets", "buildings"))
    layers = open_layers(path, QgsProject.instance())
    order = list(layers)
    assert (
        order.index("proposals") < order.index("streets") < order.index("buildings") < order.index("themes")
    )
    assert layers["streets"].labelsEnabled()
    assert layers["streets"].labeling().settings().fieldName == "name"
    assert layers["buildings"].renderer().symbol().color().name() == "#e3e3e3"


@pytest.mark.parametrize(("language", "position"), [("en", 2), ("de", 1)])
def test_proposals_renderer_has_one_category_per_theme_of_the_database(
    qgis_new_project, db, language, position
):
    store = GeoPackageStore.open(db)
    with store.transaction() as conn:
        conn.execute(
            "UPDATE themes SET label_en = 'Boiler swap', label_de = 'Kesseltausch' WHERE code = 'heating'"
        )
        store.insert(conn, "themes", [{"code": "cellar", "label_de": "Kellerdecke", "label_en": "Cellar ceiling",
                                       "colour": "#123456", "sort_order": 99}])  # fmt: skip
    themes = _theme_rows(db)
    assert len(themes) == len(THEMES) + 1
    layer = open_layers(db, QgsProject.instance(), language)["proposals"]
    renderer = layer.renderer()
    assert renderer.type() == "categorizedSymbol" and renderer.classAttribute() == "theme"
    categories = renderer.categories()  # keep the copies alive: symbol() points into them
    got = [(c.value(), c.label(), c.symbol().color().name()) for c in categories]
    assert got == [(t[0], t[position], t[3].lower()) for t in themes]
    assert got[0][1] == ("Kesseltausch" if language == "de" else "Boiler swap")
    symbol = categories[0].symbol()
    assert symbol.size() == pytest.approx(3.0)
    assert symbol.symbolLayer(0).strokeColor().name() == "#ffffff"
    opacity = symbol.dataDefinedProperties().property(QgsSymbol.PropertyOpacity)
    assert opacity.isActive() and "rejected" in opacity.expressionString()


def test_german_names_aliases_labels_and_constraints(qgis_new_project, db, german):
    layers = open_layers(db, QgsProject.instance(), "de")
    proposals, participants = layers["proposals"], layers["participants"]
    assert proposals.name() == "Vorschläge" and participants.name() == "Teilnehmende"
    assert participants.attributeAlias(participants.fields().indexOf("family_name")) == "Familienname"
    assert (
        participants.attributeAlias(participants.fields().indexOf("given_name")) == "Given name"
    )  # untranslated
    status = _value_map(proposals, "status")
    assert status["Eingereicht"] == "submitted" and status["Abgelehnt"] == "rejected"
    theme = proposals.editorWidgetSetup(proposals.fields().indexOf("theme"))
    assert theme.type() == "ValueRelation"
    assert theme.config()["Value"] == "label_de" and theme.config()["Key"] == "code"
    assert theme.config()["Layer"] == layers["themes"].id()
    date = participants.editorWidgetSetup(participants.fields().indexOf("consent_contact_date"))
    assert date.type() == "DateTime" and date.config()["display_format"] == "dd.MM.yyyy"
    postcode = participants.fields().indexOf("postcode")
    assert (
        participants.constraintDescription(postcode) == GERMAN["A German postcode has exactly five digits."]
    )

    # the requested language wins over whatever translator is installed: English stays English
    configure_layer(participants, "participants", "en", layers)
    assert participants.name() == "Participants"
    assert participants.attributeAlias(participants.fields().indexOf("family_name")) == "Family name"


def test_every_code_has_a_label_and_every_widget_its_type(qgis_new_project, db):
    assert set(mlayers.STATUS_LABELS) == set(STATUSES)
    assert set(mlayers.MATCH_STATUS_LABELS) == set(MATCH_STATUSES)
    assert set(mlayers.ROLE_LABELS) == set(ROLES)
    assert set(mlayers.LOCATION_SOURCE_LABELS) == set(LOCATION_SOURCES)
    assert set(mlayers.LOCATION_QUALITY_LABELS) == set(LOCATION_QUALITIES)
    layers = open_layers(db, QgsProject.instance(), "en")
    proposals, participants = layers["proposals"], layers["participants"]
    assert set(_value_map(participants, "role").values()) == set(ROLES)
    assert set(_value_map(layers["matches"], "status").values()) == set(MATCH_STATUSES)
    assert set(_value_map(proposals, "location_source").values()) >= set(LOCATION_SOURCES)
    assert set(_value_map(proposals, "source").values()) == {"officer", "web", "import"}
    for layer, field in (
        (participants, "consent_contact"),
        (proposals, "in_area"),
        (layers["themes"], "active"),
    ):
        assert layer.editorWidgetSetup(layer.fields().indexOf(field)).type() == "CheckBox", field
    form = proposals.editFormConfig()
    for field in ("uuid", "fid", "version", "created_at", "updated_by"):
        assert form.readOnly(proposals.fields().indexOf(field)), field
    assert not form.readOnly(proposals.fields().indexOf("description"))
    assert participants.displayExpression().startswith('"family_name"')
    assert participants.customProperty("mitmach/personal") is True


def test_constraints_report_the_broken_rule(qgis_new_project, db):
    layers = open_layers(db, QgsProject.instance(), "en")
    participants, proposals = layers["participants"], layers["proposals"]

    def failures(layer, values):
        feature = QgsFeature(layer.fields())
        for name, value in values.items():
            feature[name] = value
        out = {}
        for name in values:
            ok, messages = QgsVectorLayerUtils.validateAttribute(layer, feature, layer.fields().indexOf(name))
            if not ok:
                out[name] = messages
        return out

    good = {"family_name": "Muster", "role": "owner", "postcode": "46236", "email": "erika@example.org"}
    assert failures(participants, good) == {}
    bad = failures(
        participants,
        {"family_name": "  ", "role": "owner", "postcode": "4623", "email": "erika.example.org",
         "consent_contact": True, "consent_contact_date": None},
    )  # fmt: skip
    assert set(bad) == {"family_name", "postcode", "email", "consent_contact_date"}
    # QGIS 3.22 reports "<description> check failed"
    assert any(m.startswith("A German postcode has exactly five digits.") for m in bad["postcode"])
    assert any("e-mail address" in m for m in bad["email"])
    assert any("consent to contact exchange" in m for m in bad["consent_contact_date"])

    assert failures(proposals, {"theme": "pv", "status": "checked", "year_from": 2026, "year_to": 2028}) == {}
    bad = failures(
        proposals,
        {"theme": "pv", "status": "rejected", "rejection_reason": " ", "year_from": 1999, "year_to": 1998},
    )
    assert set(bad) == {"year_from", "year_to", "rejection_reason"}
    assert any(m.startswith("The planned year must lie between 2000 and 2100.") for m in bad["year_from"])
    assert any(m.startswith("A rejected proposal needs a reason") for m in bad["rejection_reason"])
    assert set(
        failures(proposals, {"theme": "pv", "status": "checked", "year_from": 2030, "year_to": 2027})
    ) == {"year_to"}


def test_defaults_give_a_uuid_the_user_and_utc_time_and_are_saved(qgis_new_project, db):
    proposals = open_layers(db, QgsProject.instance(), "en")["proposals"]
    user = QgsExpression("@user_account_name").evaluate(
        QgsExpressionContext(QgsExpressionContextUtils.globalProjectLayerScopes(proposals))
    )
    assert user
    assert proposals.startEditing()
    created = []
    for x in (357600, 357700):
        feature = QgsVectorLayerUtils.createFeature(
            proposals,
            QgsGeometry.fromPointXY(QgsPointXY(x, 5711600)),
            {proposals.fields().indexOf("theme"): "pv"},
        )
        assert UUID_RE.match(feature["uuid"]), feature["uuid"]
        assert feature["created_by"] == user and feature["updated_by"] == user and feature["officer"] == user
        assert (feature["status"], feature["source"], feature["location_source"]) == (
            "submitted",
            "officer",
            "clicked",
        )
        stamp = feature["created_at"].toPyDateTime()
        assert abs(stamp - datetime.now(timezone.utc).replace(tzinfo=None)) < timedelta(minutes=2)
        assert proposals.addFeature(feature)
        created.append(feature["uuid"])
    assert created[0] != created[1]
    assert proposals.commitChanges(), proposals.commitErrors()
    updated = proposals.defaultValueDefinition(proposals.fields().indexOf("updated_by"))
    assert updated.applyOnUpdate() and not proposals.defaultValueDefinition(0).applyOnUpdate()

    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            f"SELECT uuid, created_by, officer, created_at FROM proposals WHERE uuid IN ('{created[0]}', '{created[1]}')"
        ).fetchall()
        assert len(rows) == 2 and all(r[1] == user and r[2] == user for r in rows)
        assert (
            conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        ), "QGIS must not leave the file in WAL"


def test_default_styles_make_plain_qgis_show_the_themes_and_forms(qgis_new_project, db):
    save_default_styles(db, "en")
    save_default_styles(db, "en")  # again: replaces, and does not wait for QGIS's "overwrite?" question
    with sqlite3.connect(db) as conn:
        per_table = dict(
            conn.execute("SELECT f_table_name, count(*) FROM layer_styles GROUP BY f_table_name")
        )
    assert per_table == dict.fromkeys(LAYER_TABLES, 1)

    project = QgsProject()  # plain QGIS: no plugin, no configure_layer
    try:
        plain = QgsVectorLayer(layer_uri(db, "proposals"), "x", "ogr")
        project.addMapLayer(plain)
        assert plain.renderer().type() == "categorizedSymbol"
        assert [c.value() for c in plain.renderer().categories()] == [t.code for t in THEMES]
        assert _value_map(plain, "status")["Rejected"] == "rejected"
        assert _value_map(plain, "theme")["Heating replacement"] == "heating"
        assert plain.customProperty("mitmach/table") == "proposals"
        assert plain.attributeAlias(plain.fields().indexOf("year_from")) == "Planned from (year)"
        assert (
            plain.defaultValueDefinition(plain.fields().indexOf("uuid")).expression()
            == "uuid('WithoutBraces')"
        )
        people = QgsVectorLayer(layer_uri(db, "participants"), "y", "ogr")
        assert _value_map(people, "role")["Tenant"] == "tenant"
        postcode = people.fields().indexOf("postcode")
        assert people.constraintDescription(postcode) == "A German postcode has exactly five digits."
    finally:
        project.clear()


def test_project_is_stored_in_the_geopackage_and_reads_back(qgis_new_project, db):
    uri = save_project(db, "en")
    assert (
        uri == project_uri(db.resolve())
        and uri.startswith("geopackage:")
        and uri.endswith("?projectName=mitmach")
    )
    project = QgsProject()
    try:
        assert project.read(uri), project.error()
        tables = {layer.customProperty("mitmach/table") for layer in project.mapLayers().values()}
        assert tables == set(LAYER_TABLES)
        assert all(layer.isValid() for layer in project.mapLayers().values())
        assert set(project.relationManager().relations()) == {
            "mitmach_participant_proposals",
            "mitmach_match_members",
            "mitmach_proposal_memberships",
        }
        assert all(r.isValid() for r in project.relationManager().relations().values())
        assert project.title() == "MitMach – x"
        assert project.crs().authid() == "EPSG:25832"
        extent = project.viewSettings().defaultViewExtent()
        assert extent.contains(QgsPointXY(357000, 5711000)) and extent.contains(QgsPointXY(358200, 5711900))
        assert extent.width() < 2000
        assert project.layerTreeRoot().children()[0].name() == GROUP_NAME
    finally:
        project.clear()


def test_the_file_stays_a_valid_geopackage_without_wal(qgis_new_project, db):
    save_default_styles(db, "de")
    save_project(db, "de")
    save_project(db, "de")  # replaces the stored project
    result = subprocess.run([SYSTEM_PYTHON, VALIDATOR, str(db)], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert db.read_bytes()[18:20] == b"\x01\x01", "rollback journal, not WAL"
    assert GeoPackageStore.inspect(db)[0] >= 1
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT name FROM qgis_projects").fetchall() == [("mitmach",)]


def test_an_invalid_layer_gives_a_store_error_not_a_crash(qgis_new_project, db, tmp_path, monkeypatch):
    # (no local reference to QgsProject.instance() here: a traceback kept in a reference cycle would take
    # the project's Python wrapper into the garbage collector, which drops pytest-qgis's connection to it)
    text = tmp_path / "notes.gpkg"
    text.write_text("not a database\n", encoding="utf-8")
    with pytest.raises(StoreError, match="is not a GeoPackage"):
        open_layers(text, QgsProject.instance())
    with pytest.raises(StoreError, match="does not exist"):
        open_layers(tmp_path / "missing.gpkg", QgsProject.instance())

    # a table QGIS cannot open: the layer's QgsError is empty on 3.22, and summary() of it would crash
    real = mlayers.layer_uri
    monkeypatch.setattr(
        mlayers, "layer_uri", lambda path, table: real(path, "nope" if table == "events" else table)
    )
    with pytest.raises(
        StoreError, match=f"“events” of .*{re.escape(db.name)} cannot be opened: QGIS gives no reason"
    ):
        open_layers(db, QgsProject.instance())
    assert QgsProject.instance().mapLayers() == {}
    assert QgsProject.instance().layerTreeRoot().children() == []


def test_pylupdate_extracts_every_marked_string(tmp_path):
    """pylupdate5 silently skips some call shapes (a trailing comma after the text): what the module
    marks for translation must be what lands in the .ts file."""
    source = Path(mlayers.__file__)
    calls = [
        node
        for node in ast.walk(ast.parse(source.read_text(encoding="utf-8")))
        if isinstance(node, ast.Call) and getattr(node.func, "id", "") == "QT_TRANSLATE_NOOP"
    ]
    marked = {(ast.literal_eval(c.args[0]), ast.literal_eval(c.args[1])) for c in calls}
    assert {context for context, _ in marked} == {mlayers.CONTEXT}
    ts = tmp_path / "layers.ts"
    subprocess.run(["pylupdate5", str(source), "-ts", str(ts)], check=True, capture_output=True)
    root = ET.parse(ts).getroot()
    found = {
        (c.find("name").text, m.find("source").text) for c in root.iter("context") for m in c.iter("message")
    }
    assert found == marked
