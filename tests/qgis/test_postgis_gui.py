"""The plugin's GUI on a PostGIS participation database: create, review, enter, match, edit under row-level
security, back up — driven as an officer would, against a real PostgreSQL + PostGIS (tests/pg_fixtures.py)."""

from __future__ import annotations

import pytest
from psycopg2 import sql
from qgis.core import Qgis, QgsFeature, QgsFeatureRequest, QgsGeometry, QgsPointXY, QgsProject, QgsVectorLayer
from qgis.PyQt.QtWidgets import QDialogButtonBox, QMessageBox

from mitmach_qgis.data import pg_roles, review
from mitmach_qgis.data.errors import StoreError
from mitmach_qgis.data.layers import TABLE_PROPERTY
from mitmach_qgis.data.pg_layers import DATABASE_PROPERTY
from mitmach_qgis.data.pg_store import PostgisStore
from mitmach_qgis.data.stores import open_store, reopen_target
from mitmach_qgis.gui.database_controller import DatabaseController
from mitmach_qgis.gui.export_dialog import database_target
from mitmach_qgis.gui.intake_controller import IntakeController, theme_choices
from mitmach_qgis.gui.matching_dock import COL_SCORE, UUID_ROLE, MatchingDock
from mitmach_qgis.gui.new_database_dialog import NewDatabaseDialog
from mitmach_qgis.gui.review_dock import ReviewDock
from tests.helpers import wait_until
from tests.qgis.test_proposal_dialog import fill, set_idea

OFFICER = "officer.meier"
X0, Y0 = 357500.0, 5711500.0


# -- helpers ------------------------------------------------------------------------------------------------------
def _messages(iface, level):
    return list(iface.messageBar().get_messages(level))


def _seed(store) -> dict[str, str]:
    """Two participants, four proposals (three heating ideas close together, one windows idea)."""
    ids = {}
    with store.transaction() as conn:
        people = []
        for name in ("Muster", "Beispiel", "Probe"):
            store.insert(conn, "participants", [{"family_name": name, "role": "owner", "created_by": "t"}])
            people.append(conn.execute("SELECT uuid FROM participants ORDER BY fid DESC").fetchone()[0])
        rows = {
            "heat_a": (people[0], "heating", "checked", X0, Y0),
            "heat_b": (people[1], "heating", "checked", X0 + 40, Y0),
            "heat_c": (people[2], "heating", "submitted", X0 + 60, Y0 + 30),
            "windows": (people[0], "windows", "submitted", X0 + 5, Y0 + 5),
        }
        for key, (person, theme, status, x, y) in rows.items():
            store.insert(conn, "proposals", [{"participant_uuid": person, "theme": theme, "status": status,
                                              "year_from": 2026, "year_to": 2027, "description": key,
                                              "geom": ("point", x, y)}])  # fmt: skip
            ids[key] = str(conn.execute("SELECT uuid FROM proposals ORDER BY fid DESC").fetchone()[0])
    return ids


def _row(store, uuid, columns="status, description"):
    with store.reading() as conn:
        row = conn.execute(f"SELECT {columns} FROM proposals WHERE uuid = ?", (uuid,)).fetchone()
    return None if row is None else tuple(row)


def _fid(layer, uuid):
    request = QgsFeatureRequest().setFilterExpression(f"\"uuid\" = '{uuid}'")
    return next(layer.getFeatures(request)).id()


@pytest.fixture
def controller(qgis_iface, qgis_new_project):
    ctrl = DatabaseController(qgis_iface, QgsProject.instance())
    yield ctrl
    if ctrl.guard is not None:
        ctrl.guard.detach()
    QgsProject.instance().removeAllMapLayers()


@pytest.fixture
def opened(controller, pg_store_db):
    """The seeded database opened from the menu's code path (as the superuser, through a URI)."""
    store = PostgisStore.open(pg_store_db.uri())
    ids = _seed(store)
    assert controller.open_target(pg_store_db.uri())
    return controller, ids


def test_the_create_algorithm_takes_a_postgis_target(pg_db, qgis_new_project):
    from qgis.core import QgsApplication

    from mitmach_qgis.processing_provider.provider import MitMachProvider

    registry = QgsApplication.processingRegistry()
    own = registry.providerById("mitmach") is None
    if own:
        provider = MitMachProvider()
        registry.addProvider(provider)
    try:
        from mitmach_qgis.processing_provider.runner import run_algorithm

        target = pg_db.uri(schema="algo")
        result = run_algorithm(
            "mitmach:createdatabase", {"OUTPUT": target, "CRS": "EPSG:25832"}, QgsProject.instance()
        )
        assert result["OUTPUT"] == target
        store = PostgisStore.open(target)
        assert store.schema == "algo" and store.count("themes") >= 9
    finally:
        if own:
            registry.removeProvider(provider)


# -- New participation database… ----------------------------------------------------------------------------------
def test_the_dialog_offers_postgis_and_checks_what_is_typed(qgis_iface):
    dialog = NewDatabaseDialog()
    ok = dialog.buttonBox.button(QDialogButtonBox.Ok)
    dialog.set_postgis(True)
    assert dialog.is_postgis() and dialog.schema() == "mitmach"
    assert dialog.connectionComboBox.isVisibleTo(dialog) and not dialog.fileWidget.isVisibleTo(dialog)
    assert not ok.isEnabled() and "connection" in dialog.messageLabel.text()
    dialog.connectionComboBox.setEditText("postgresql://dba:geheim@dbhost/council")
    assert not ok.isEnabled() and "password" in dialog.messageLabel.text()
    assert "geheim" not in dialog.messageLabel.text()
    dialog.connectionComboBox.setEditText("service=council")
    assert ok.isEnabled(), dialog.messageLabel.text()
    dialog.schemaEdit.setText("Pilot-Area")
    assert not ok.isEnabled() and "schema" in dialog.messageLabel.text().lower()
    dialog.schemaEdit.setText("pilot")
    dialog.rolesCheckBox.setChecked(True)
    assert ok.isEnabled() and dialog.target() == "service=council" and dialog.roles()
    dialog.set_postgis(False)
    assert not dialog.roles() and not ok.isEnabled(), "the GeoPackage needs its file again"


def _area_layer():
    layer = QgsVectorLayer("Polygon?crs=EPSG:25832&field=name:string", "area", "memory")
    feature = QgsFeature(layer.fields())
    feature.setAttributes(["Pilot"])
    feature.setGeometry(
        QgsGeometry.fromWkt("POLYGON((357000 5711000, 358000 5711000, 358000 5712000, 357000 5711000))")
    )
    layer.dataProvider().addFeatures([feature])
    QgsProject.instance().addMapLayer(layer)
    return layer


def test_new_postgis_database_from_the_menu_is_created_off_the_gui_thread_and_opened(
    controller, pg_db, monkeypatch, qgis_iface
):
    area = _area_layer()
    uri = pg_db.uri(schema=None)

    def answer(dialog):
        dialog.set_postgis(True)
        dialog.connectionComboBox.setEditText(uri)
        dialog.schemaEdit.setText("pilot")
        dialog.rolesCheckBox.setChecked(True)
        dialog.areaComboBox.setLayer(area)
        return True

    monkeypatch.setattr(NewDatabaseDialog, "exec_", answer)
    opened = []
    controller.database_opened.connect(opened.append)
    threads = []
    real_create = PostgisStore.create.__func__

    def spy(cls, *args, **kwargs):
        from qgis.PyQt.QtCore import QThread
        from qgis.PyQt.QtWidgets import QApplication

        threads.append(QThread.currentThread() != QApplication.instance().thread())
        return real_create(cls, *args, **kwargs)

    monkeypatch.setattr(PostgisStore, "create", classmethod(spy))
    assert controller.new_database() == uri
    assert threads == [True], "the schema is created in a background task"
    store = controller.store
    assert opened == [store] and store.backend == "postgis" and store.schema == "pilot"
    assert store.count("areas") == 1 and store.count("themes") >= 9
    proposals = controller.layers["proposals"]
    assert proposals.isValid() and "pilot" in proposals.source() and "password" not in proposals.source()
    with pg_db.connect() as conn, conn.cursor() as cur:
        cur.execute("SELECT count(*) FROM pg_roles WHERE rolname LIKE 'mitmach_%'")
        assert cur.fetchone()[0] >= 3, "the roles were set up"

    # again: an existing MitMach schema is replaced only after a Yes
    with store.transaction() as conn:
        store.insert(conn, "areas", [{"name": "Zweites Gebiet", "geom": None}])
    asked = []
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: asked.append(a[2]) or QMessageBox.No)
    assert controller.create_and_open_postgis(uri, "pilot", "EPSG:25832") is None
    assert len(asked) == 1 and "pilot" in asked[0]
    assert PostgisStore.open(uri, schema="pilot").count("areas") == 2, "No keeps the database"
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.Yes)
    assert controller.create_and_open_postgis(uri, "pilot", "EPSG:25832") == uri
    assert controller.store.count("areas") == 0, "Yes replaced it with an empty one"
    assert len(QgsProject.instance().layerTreeRoot().findGroups()) == 1


def test_a_target_with_a_password_is_refused_before_connecting(controller, pg_db, qgis_iface):
    before = len(_messages(qgis_iface, Qgis.Critical))
    uri = pg_db.uri(schema=None).replace("postgres@", "postgres:s3cr3t-pw@")
    assert controller.create_and_open_postgis(uri, "mitmach", "EPSG:25832") is None
    shown = _messages(qgis_iface, Qgis.Critical)[before:]
    assert len(shown) == 1 and "password" in shown[0] and "s3cr3t-pw" not in shown[0]
    with pg_db.connect() as conn, conn.cursor() as cur:
        cur.execute("SELECT count(*) FROM pg_namespace WHERE nspname = 'mitmach'")
        assert cur.fetchone()[0] == 0, "nothing was created"


# -- Back up… ---------------------------------------------------------------------------------------------------
def test_backup_on_postgis_says_the_dba_backs_it_up(opened, qgis_iface, tmp_path, monkeypatch):
    controller, _ids = opened
    from qgis.PyQt.QtWidgets import QFileDialog

    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: pytest.fail("no file is asked for"))
    before = len(_messages(qgis_iface, Qgis.Info))
    assert controller.back_up_database() is None
    assert controller.back_up_to(str(tmp_path / "copy.gpkg")) is None
    shown = _messages(qgis_iface, Qgis.Info)[before:]
    assert len(shown) == 2 and all("pg_dump" in text and "administrator" in text for text in shown)
    assert not list(tmp_path.iterdir())


# -- review dock ------------------------------------------------------------------------------------------------
def test_review_dock_lists_and_checks_on_postgis(opened, qgis_iface):
    controller, ids = opened
    dock = ReviewDock(qgis_iface)
    dock.user = OFFICER
    dock.set_store(controller.store)
    try:
        listed = set(dock.items)
        assert listed == {ids["heat_c"], ids["windows"]}, "the submitted ones, oldest first"
        assert dock.model.rowCount() == 2
        dock.select_uuids([ids["heat_c"]])
        assert dock.check_selected() == 1
        assert _row(controller.store, ids["heat_c"], "status, officer") == ("checked", OFFICER)
        assert set(dock.items) == {ids["windows"]}
        dock.select_uuids([ids["windows"]])
        dock.notesEdit.setPlainText("Rückruf am Montag")
        assert dock.save_selected()
        assert _row(controller.store, ids["windows"], "officer_notes") == ("Rückruf am Montag",)
    finally:
        dock.deleteLater()


# -- proposal dialog ----------------------------------------------------------------------------------------------
def test_proposal_dialog_saves_into_postgis_and_the_layer_shows_it(opened, qgis_iface):
    controller, _ids = opened
    intake = IntakeController(qgis_iface, controller)
    saved = []
    intake.proposals_saved.connect(saved.append)
    layer = controller.layers["proposals"]
    before = layer.featureCount()
    assert [code for code, _ in theme_choices(controller.store, "en")][:1] == ["heating"]
    dialog = intake.new_proposal()
    assert dialog is not None
    try:
        fill(dialog)
        set_idea(dialog, 0, "roof", 2027, 2028, "Dach dämmen")
        from qgis.core import QgsCoordinateReferenceSystem

        dialog.set_clicked_point(QgsPointXY(357700.0, 5711700.0), QgsCoordinateReferenceSystem("EPSG:25832"))
        assert dialog.location.in_area is True, "the area test reads the PostGIS areas"
        assert dialog.save(), dialog.messageLabel.text()
    finally:
        dialog.deleteLater()
    assert len(saved) == 1 and len(saved[0]) == 1
    uuid = saved[0][0]
    assert _row(controller.store, uuid, "theme, location_source, in_area") == ("roof", "clicked", True)
    with controller.store.reading() as conn:
        person = conn.execute(
            "SELECT family_name FROM participants p JOIN proposals x ON x.participant_uuid = p.uuid "
            "WHERE x.uuid = ?", (uuid,)
        ).fetchone()  # fmt: skip
    assert person[0] == "Müßig-Musterfrau"
    assert layer.featureCount() == before + 1
    feature = next(layer.getFeatures(QgsFeatureRequest().setFilterExpression(f"\"uuid\" = '{uuid}'")))
    assert feature.geometry().asPoint() == QgsPointXY(357700.0, 5711700.0)


def test_the_gazetteer_of_a_postgis_database_geocodes(opened, qgis_iface):
    from mitmach_qgis.core.addresses import normalise_street
    from mitmach_qgis.core.geocoding import AddressQuery
    from mitmach_qgis.gui.intake_controller import geocoder_and_area_test

    controller, _ids = opened
    store = controller.store
    with store.transaction() as conn:
        store.insert(conn, "addresses", [{"street": "Schäferweg", "house_number": "3", "postcode": "46236",
                                          "city": "Bottrop", "street_key": normalise_street("Schäferweg"),
                                          "geom": ("point", 357600.0, 5711600.0)}])  # fmt: skip
    geocoder, in_area = geocoder_and_area_test(store)
    result = geocoder.geocode(AddressQuery("Schäferweg", "3", "46236", "Bottrop"))
    assert result.status == "found" and (result.candidates[0].x, result.candidates[0].y) == (
        357600.0,
        5711600.0,
    )
    assert in_area(357600.0, 5711600.0) and not in_area(350000.0, 5700000.0)


# -- matching dock ----------------------------------------------------------------------------------------------
def test_matching_dock_builds_its_index_and_lists_candidates_from_postgis(opened, qgis_iface):
    controller, ids = opened
    layer = controller.layers["proposals"]
    assert layer.customProperty(DATABASE_PROPERTY) == controller.store.label
    dock = MatchingDock(qgis_iface)
    dock.language = "en"
    dock.set_store(controller.store)
    try:
        wait_until(lambda: not dock.building, what="the match index")
        assert dock.index is not None and len(dock.index) == 4
        assert dock.layer is layer, "the proposals layer of the PostGIS schema is found"
        layer.selectByIds([_fid(layer, ids["heat_a"])])
        listed = [dock.model.item(r, COL_SCORE).data(UUID_ROLE) for r in range(dock.model.rowCount())]
        assert ids["heat_b"] in listed and ids["windows"] not in listed
        assert dock.origin == ids["heat_a"]
    finally:
        dock.cleanup()
        dock.deleteLater()


def test_the_export_target_reopens_the_same_schema_without_a_password(opened):
    controller, _ids = opened
    store = controller.store
    target = database_target(store)
    assert target == reopen_target(store) and "password" not in target
    again = open_store(target)
    assert again.backend == "postgis" and again.schema == store.schema and again.count("proposals") == 4


def _service_login(pg_store_db, tmp_path, monkeypatch, group: str) -> tuple[str, str, str]:
    """The MitMach roles set up, a LOGIN member of ``group`` whose password only a service file (set as
    PGSERVICEFILE) holds; returns (login, password, the service's name). A service of its own per test:
    QGIS keeps its postgres connections by connection string."""
    conn = pg_store_db.connect(autocommit=False)
    pg_roles.setup_roles(conn, "mitmach")
    conn.commit()
    conn.close()
    login, password = pg_store_db.login_role(group)
    cluster = pg_store_db.cluster
    service = f"{group}_{pg_store_db.name}"
    path = tmp_path / "pg_service.conf"
    path.write_text(
        f"[{service}]\nhost={cluster.host}\nport={cluster.port}\ndbname={pg_store_db.name}\nuser={login}\n"
        f"password={password}\n"
    )
    monkeypatch.setenv("PGSERVICEFILE", str(path))
    return login, password, service


def _drop_owned(pg_store_db, login: str) -> None:
    with pg_store_db.connect() as admin, admin.cursor() as cur:  # the login role is dropped with the database
        cur.execute(sql.SQL("DROP OWNED BY {}").format(sql.Identifier(login)))


# -- row-level security ---------------------------------------------------------------------------------------------
@pytest.fixture
def rls_officer(pg_store_db, tmp_path, monkeypatch, qgis_iface, qgis_new_project):
    """A login of mitmach_officer under a policy: every proposal visible, windows ideas neither updatable
    nor deletable; the database opened through a service file that holds the login's password."""
    seed_store = PostgisStore.open(pg_store_db.uri())
    ids = _seed(seed_store)
    login, password, service = _service_login(pg_store_db, tmp_path, monkeypatch, pg_roles.OFFICER)
    with pg_store_db.connect() as admin, admin.cursor() as cur:
        cur.execute("ALTER TABLE mitmach.proposals ENABLE ROW LEVEL SECURITY")
        cur.execute("CREATE POLICY see_all ON mitmach.proposals FOR SELECT USING (true)")
        cur.execute("CREATE POLICY add_all ON mitmach.proposals FOR INSERT WITH CHECK (true)")
        cur.execute("CREATE POLICY no_windows ON mitmach.proposals FOR UPDATE USING (theme <> 'windows')")
        cur.execute(
            "CREATE POLICY no_windows_gone ON mitmach.proposals FOR DELETE USING (theme <> 'windows')"
        )
    controller = DatabaseController(qgis_iface, QgsProject.instance())
    assert controller.open_target(f"service={service} schema=mitmach")
    yield controller, ids, seed_store, password
    if controller.guard is not None:
        controller.guard.detach()
    QgsProject.instance().removeAllMapLayers()
    _drop_owned(pg_store_db, login)


def test_a_layer_edit_hidden_by_row_level_security_is_reported_not_silently_lost(rls_officer, qgis_iface):
    controller, ids, seed, password = rls_officer
    layer = controller.layers["proposals"]
    assert password not in layer.source()
    field = layer.fields().indexFromName("description")
    before = len(_messages(qgis_iface, Qgis.Warning))
    assert layer.startEditing()
    assert layer.changeAttributeValue(_fid(layer, ids["windows"]), field, "neue Fenster")
    assert layer.changeAttributeValue(_fid(layer, ids["heat_a"]), field, "neuer Kessel")
    assert layer.commitChanges(), layer.commitErrors()  # QGIS itself calls it a success
    assert _row(seed, ids["windows"], "description") == ("windows",), "the policy kept the row as it was"
    assert _row(seed, ids["heat_a"], "description") == ("neuer Kessel",)
    shown = _messages(qgis_iface, Qgis.Warning)[before:]
    assert len(shown) == 1, shown
    assert "1 changes were not saved" in shown[0] and "row-level security" in shown[0]
    assert ids["windows"] in shown[0] and ids["heat_a"] not in shown[0]
    assert "Muster" not in shown[0] and password not in shown[0]

    # a deletion and a moved point the policy refuses are reported too
    before = len(_messages(qgis_iface, Qgis.Warning))
    assert layer.startEditing()
    assert layer.changeGeometry(_fid(layer, ids["windows"]), QgsGeometry.fromPointXY(QgsPointXY(X0, Y0 + 99)))
    assert layer.deleteFeature(_fid(layer, ids["heat_b"]))
    assert layer.commitChanges(), layer.commitErrors()
    shown = _messages(qgis_iface, Qgis.Warning)[before:]
    assert len(shown) == 1 and ids["windows"] in shown[0] and ids["heat_b"] not in shown[0]
    assert _row(seed, ids["heat_b"]) is None, "an allowed deletion is not reported"

    before = len(_messages(qgis_iface, Qgis.Warning))
    assert layer.startEditing()
    assert layer.deleteFeature(_fid(layer, ids["windows"]))
    assert layer.commitChanges(), layer.commitErrors()
    shown = _messages(qgis_iface, Qgis.Warning)[before:]
    assert len(shown) == 1 and ids["windows"] in shown[0]
    assert _row(seed, ids["windows"]) is not None


def test_no_warning_when_the_database_took_every_change(rls_officer, qgis_iface):
    controller, ids, seed, _password = rls_officer
    layer = controller.layers["proposals"]
    before = len(_messages(qgis_iface, Qgis.Warning))
    assert layer.startEditing()
    layer.changeAttributeValue(_fid(layer, ids["heat_a"]), layer.fields().indexFromName("year_to"), 2029)
    layer.changeGeometry(_fid(layer, ids["heat_c"]), QgsGeometry.fromPointXY(QgsPointXY(X0 + 1.25, Y0 + 2.5)))
    assert layer.commitChanges(), layer.commitErrors()
    assert _messages(qgis_iface, Qgis.Warning)[before:] == []
    assert _row(seed, ids["heat_a"], "year_to") == (2029,)


def test_the_review_dock_reports_a_status_change_the_policy_refused(rls_officer, qgis_iface):
    controller, ids, seed, _password = rls_officer
    dock = ReviewDock(qgis_iface)
    dock.user = OFFICER
    dock.set_store(controller.store)
    try:
        before_ok = len(_messages(qgis_iface, Qgis.Success))
        before_error = len(_messages(qgis_iface, Qgis.Critical))
        dock.select_uuids([ids["windows"]])
        assert dock.check_selected() == 0
        errors = _messages(qgis_iface, Qgis.Critical)[before_error:]
        assert len(errors) == 1 and ids["windows"] in errors[0] and "nothing was changed" in errors[0]
        assert _messages(qgis_iface, Qgis.Success)[before_ok:] == []
        assert _row(seed, ids["windows"], "status") == ("submitted",)
        assert dock.selected_uuids() == [ids["windows"]], "the selection stays"
        dock.select_uuids([ids["heat_c"]])
        assert dock.check_selected() == 1, "what the policy allows still works"
        with pytest.raises(StoreError):
            review.save_notes(controller.store, ids["windows"], OFFICER, "Notiz", None)
    finally:
        dock.deleteLater()


def test_the_layers_carry_the_table_and_the_database(opened):
    controller, _ids = opened
    for table, layer in controller.layers.items():
        assert layer.customProperty(TABLE_PROPERTY) == table
        assert layer.customProperty(DATABASE_PROPERTY) == controller.store.label


def test_a_planner_opens_the_database_and_sees_proposals_on_the_planner_grid_only(
    pg_store_db, qgis_iface, qgis_new_project, tmp_path, monkeypatch
):
    """mitmach_planner may not read the exact points, participants, the gazetteer or the audit trail: the
    database still opens, the proposals layer is the view planner_proposals (10 m grid, no free text),
    read-only, and the closed tables are simply not there."""
    from qgis.core import QgsVectorDataProvider

    store = PostgisStore.open(pg_store_db.uri())
    ids = _seed(store)
    login, password, service = _service_login(pg_store_db, tmp_path, monkeypatch, pg_roles.PLANNER)
    controller = DatabaseController(qgis_iface, QgsProject.instance())
    try:
        assert controller.open_target(f"service={service} schema=mitmach")
        layers = controller.layers
        assert not {"participants", "addresses", "events", "geocode_cache"} & set(layers)
        proposals = layers["proposals"]
        assert proposals.isValid() and "planner_proposals" in proposals.source()
        assert password not in proposals.source()
        assert proposals.customProperty(TABLE_PROPERTY) == "proposals"
        features = list(proposals.getFeatures())
        assert sorted(f["uuid"] for f in features) == sorted(ids.values())
        assert (
            proposals.fields().indexOf("description") < 0 and proposals.fields().indexOf("officer_notes") < 0
        )
        for feature in features:
            point = feature.geometry().asPoint()
            assert point.x() % 10 == pytest.approx(0, abs=1e-6) and point.y() % 10 == pytest.approx(
                0, abs=1e-6
            )
        assert not proposals.dataProvider().capabilities() & QgsVectorDataProvider.ChangeAttributeValues
        assert {"matches", "match_members", "themes", "areas"} <= set(layers)
    finally:
        if controller.guard is not None:
            controller.guard.detach()
        QgsProject.instance().removeAllMapLayers()
        _drop_owned(pg_store_db, login)


def test_the_layers_show_the_databases_own_theme_catalogue(controller, pg_store_db):
    """A council that renames a theme or changes its colour in the database sees it in the layers, as with a
    GeoPackage (not the built-in catalogue)."""
    from qgis.core import QgsCategorizedSymbolRenderer

    store = PostgisStore.open(pg_store_db.uri())
    _seed(store)
    with store.transaction() as conn:
        conn.execute("UPDATE themes SET label_en = 'New boiler', colour = '#123456' WHERE code = 'heating'")
        conn.execute(
            "UPDATE mitmach_meta SET value = 'Block heating' WHERE key = 'synergy_label_en:local_heat_network'"
        )
    assert controller.open_target(pg_store_db.uri())
    proposals = controller.layers["proposals"]
    renderer = proposals.renderer()
    assert isinstance(renderer, QgsCategorizedSymbolRenderer)
    heating = next(c for c in renderer.categories() if c.value() == "heating")
    assert heating.symbol().color().name() == "#123456" and heating.label() == "New boiler"
    matches_layer = controller.layers["matches"]
    setup = matches_layer.editorWidgetSetup(matches_layer.fields().indexOf("synergy"))
    assert setup.type() == "ValueMap", (setup.type(), setup.config())
    assert {"Block heating": "local_heat_network"} in setup.config()["map"]
