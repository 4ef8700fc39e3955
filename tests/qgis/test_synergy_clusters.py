"""mitmach:synergyclusters against QGIS's own DBSCAN, on a small database, with every bad input."""

from __future__ import annotations

import sqlite3

import numpy as np
import pytest
from qgis.core import (
    QgsCategorizedSymbolRenderer,
    QgsCoordinateReferenceSystem,
    QgsCoordinateTransform,
    QgsFeature,
    QgsField,
    QgsGeometry,
    QgsPointXY,
    QgsProcessingContext,
    QgsProcessingFeedback,
    QgsProcessingOutputLayerDefinition,
    QgsProject,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QDate, QDateTime, QTime, QVariant

from mitmach_qgis.core.clustering import dbscan
from mitmach_qgis.data.cluster_source import load_synergy_proposals
from mitmach_qgis.data.gpkg_store import GeoPackageStore
from mitmach_qgis.processing_provider.runner import AlgorithmError
from mitmach_qgis.processing_provider.synergy_clusters import (
    CLUSTERS_TABLE,
    PROPOSALS_TABLE,
    SynergyClustersAlgorithm,
    _run_unregistered,
    apply_cluster_style,
    cluster_to_gpkg,
)

X0, Y0 = 357000.0, 5711000.0
AREA = [[[(X0 - 500, Y0 - 500), (X0 + 1500, Y0 - 500), (X0 + 1500, Y0 + 1500), (X0 - 500, Y0 + 1500),
          (X0 - 500, Y0 - 500)]]]  # fmt: skip
PERSONAL = ("Erika", "Musterfrau", "erika@example.org", "0221 4710 123", "Zechenstraße")


class Feedback(QgsProcessingFeedback):
    def __init__(self) -> None:
        super().__init__()
        self.infos: list[str] = []
        self.warnings: list[str] = []
        self.errors: list[str] = []

    def pushInfo(self, info):
        self.infos.append(info)

    def pushWarning(self, warning):
        self.warnings.append(warning)

    def reportError(self, error, fatalError=False):
        self.errors.append(error)

    def text(self) -> str:
        return "\n".join(self.infos + self.warnings + self.errors)


# -- QGIS's own DBSCAN --------------------------------------------------------------------------------------
def point_layer(x, y, years=None) -> QgsVectorLayer:
    layer = QgsVectorLayer("Point?crs=EPSG:25832&field=idx:integer&field=when:datetime", "points", "memory")
    features = []
    for i, (px, py) in enumerate(zip(x, y)):
        feature = QgsFeature(layer.fields())
        feature.setGeometry(QgsGeometry.fromPointXY(QgsPointXY(float(px), float(py))))
        when = QDateTime(QDate(int(years[i]), 1, 1), QTime(0, 0)) if years is not None else QDateTime()
        feature.setAttributes([i, when])
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    return layer


def native(x, y, eps, min_points, border_noise, years=None, tolerance_days=None):
    """CLUSTER_ID per input point (-1 = none) from native:dbscanclustering / stdbscanclustering."""
    import processing

    layer = point_layer(x, y, years)
    params = {
        "INPUT": layer,
        "MIN_SIZE": min_points,
        "EPS": eps,
        "DBSCAN*": border_noise,
        "OUTPUT": "memory:",
    }
    if years is None:
        out = processing.run("native:dbscanclustering", params)["OUTPUT"]
    else:
        params.update({"DATETIME_FIELD": "when", "EPS2": tolerance_days})
        out = processing.run("native:stdbscanclustering", params)["OUTPUT"]
    labels = np.full(len(x), -1)
    for feature in out.getFeatures():
        value = feature["CLUSTER_ID"]
        labels[feature["idx"]] = -1 if value is None or value == QVariant() else int(value)
    return labels


def partition(labels, mask):
    groups: dict[int, set[int]] = {}
    for i in np.flatnonzero(mask):
        groups.setdefault(int(labels[i]), set()).add(int(i))
    return {frozenset(g) for g in groups.values()}


def assert_agrees_with_native(x, y, eps, min_points):
    ours = dbscan(x, y, eps, min_points)
    core_only = native(x, y, eps, min_points, True)  # DBSCAN*: border points as noise → core points only
    assert np.array_equal(core_only >= 0, ours.core), "core points differ from native:dbscanclustering"
    assert partition(core_only, core_only >= 0) == partition(ours.labels, ours.core)
    full = native(x, y, eps, min_points, False)
    # the same numbering (first core point in feature order) and the same border rule: identical ids
    assert np.array_equal(full, np.where(ours.labels >= 0, ours.labels + 1, -1))


@pytest.mark.parametrize("seed", range(6))
def test_agrees_with_native_dbscan_on_random_points(qgis_processing, seed):
    rng = np.random.default_rng(seed)
    n = 600
    if seed % 2:
        x, y = rng.integers(0, 40, n) * 25.0 + X0, rng.integers(0, 40, n) * 25.0 + Y0  # exact eps distances
    else:
        centres = rng.uniform(0, 2000, (30, 2))
        pick = rng.integers(0, 30, n)
        x, y = centres[pick, 0] + rng.normal(0, 60, n) + X0, centres[pick, 1] + rng.normal(0, 60, n) + Y0
    eps = (125.0, 50.0, 25.0)[seed % 3]
    assert_agrees_with_native(x, y, eps, 3 + seed % 3)


def test_spatio_temporal_agrees_with_native_stdbscan(qgis_processing):
    rng = np.random.default_rng(11)
    n = 400
    centres = rng.uniform(0, 1500, (20, 2))
    pick = rng.integers(0, 20, n)
    x, y = centres[pick, 0] + rng.normal(0, 50, n) + X0, centres[pick, 1] + rng.normal(0, 50, n) + Y0
    years = rng.integers(2026, 2031, n).astype(float)
    ours = dbscan(x, y, 125, 3, years, 1)
    # 1 January of each year: 366 days hold every 1-year step and no 2-year one. QGIS 3.22 compares the
    # duration, converted to milliseconds, with seconds (qgis/QGIS#47727): find which value means 366 days
    tiny_x, tiny_y, tiny_years = np.arange(6.0), np.zeros(6), np.array([2026, 2026, 2027, 2027, 2029, 2029.0])
    one_year = [
        value for value in (366.0, 366 * 86400 * 1000.0)
        if list(native(tiny_x, tiny_y, 10, 2, True, tiny_years, value)) == [1, 1, 1, 1, 2, 2]
    ]  # fmt: skip
    assert one_year, "no EPS2 value of native:stdbscanclustering means 366 days"
    theirs = native(x, y, 125, 3, True, years, one_year[0])
    assert np.array_equal(theirs >= 0, ours.core)
    assert partition(theirs, theirs >= 0) == partition(ours.labels, ours.core)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory):
    from mitmach_qgis.core.demo import generate_demo_town
    from mitmach_qgis.data.demo_db import write_demo

    path = tmp_path_factory.mktemp("demo") / "mitmach-demo.gpkg"
    write_demo(path, generate_demo_town(seed=2026, participants=300))
    return path


def test_agrees_with_native_dbscan_on_the_demo(qgis_processing, demo_db):
    data = load_synergy_proposals(GeoPackageStore.open(demo_db, migrate_old=False), "local_heat_network")
    assert len(data) > 50
    assert_agrees_with_native(data.x, data.y, 125.0, 3)
    assert dbscan(data.x, data.y, 125, 3).n_clusters >= 3  # the planted heating clumps


# -- the algorithm on a small database ----------------------------------------------------------------------
def make_store(tmp_path, name="x.gpkg", crs="EPSG:25832"):
    """Ten heating ideas 12 m apart on one street (a cluster), two far away (noise), plus proposals the
    selection must leave out (submitted, rejected, windows)."""
    store = GeoPackageStore.create(tmp_path / name, crs=crs, areas=[("Pilot", AREA)])
    with store.transaction() as conn:
        store.insert(conn, "participants", [
            {"uuid": f"person-{i}", "given_name": PERSONAL[0], "family_name": PERSONAL[1], "email": PERSONAL[2],
             "phone": PERSONAL[3], "street": PERSONAL[4], "house_number": str(i), "role": "owner" if i % 3 else "tenant"}
            for i in range(14)
        ])  # fmt: skip
        rows = []
        for i in range(10):
            rows.append({"uuid": f"heat-{i}", "participant_uuid": f"person-{i}", "theme": "heat_network" if i == 4
                         else "heating", "status": "checked", "year_from": 2026 + i % 2, "year_to": 2027 + i % 2,
                         "building_ref": f"house-{i}", "description": f"{PERSONAL[1]} möchte die Heizung tauschen",
                         "geom": ("point", X0 + 12.0 * i, Y0)})  # fmt: skip
        rows += [
            {"uuid": "far-1", "participant_uuid": "person-10", "theme": "heating", "status": "checked",
             "geom": ("point", X0 + 900, Y0 + 900)},
            {"uuid": "far-2", "participant_uuid": "person-11", "theme": "heating", "status": "checked",
             "geom": ("point", X0 - 400, Y0 + 1000)},
            {"uuid": "new", "participant_uuid": "person-12", "theme": "heating", "status": "submitted",
             "geom": ("point", X0 + 6, Y0 + 5)},
            {"uuid": "no", "participant_uuid": "person-13", "theme": "heating", "status": "submitted",
             "geom": ("point", X0 + 18, Y0 + 5)},
            {"uuid": "win", "participant_uuid": "person-13", "theme": "windows", "status": "checked",
             "geom": ("point", X0 + 30, Y0 + 5)},
        ]  # fmt: skip
        store.insert(conn, "proposals", rows)
        conn.execute(
            "UPDATE proposals SET status = 'rejected', rejection_reason = 'doppelt' WHERE uuid = 'no'"
        )
    return store


def buildings_layer(crs="EPSG:25832", demand=40.0, field="heat_demand") -> QgsVectorLayer:
    """A 8 m × 8 m house around each of the ten street points, ``demand`` MWh/a each."""
    layer = QgsVectorLayer(f"Polygon?crs={crs}&field={field}:double&field=dwellings:integer", "b", "memory")
    transform = QgsCoordinateTransform(
        QgsCoordinateReferenceSystem("EPSG:25832"), QgsCoordinateReferenceSystem(crs), QgsProject.instance()
    )
    features = []
    for i in range(10):
        x = X0 + 12.0 * i
        ring = [QgsPointXY(x - 4, Y0 - 2), QgsPointXY(x + 4, Y0 - 2), QgsPointXY(x + 4, Y0 + 6),
                QgsPointXY(x - 4, Y0 + 6)]  # fmt: skip
        geometry = QgsGeometry.fromPolygonXY([ring])
        geometry.transform(transform)
        feature = QgsFeature(layer.fields())
        feature.setGeometry(geometry)
        feature.setAttributes([demand, 1])
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    return layer


def run(store, feedback=None, **params) -> dict:
    """Run the algorithm; outputs into GeoPackages beside the database (a new pair per run)."""
    run.count = getattr(run, "count", 0) + 1
    folder = store.path.parent
    base = {"DATABASE": str(store.path), "CLUSTERS": str(folder / f"clusters-{run.count}.gpkg"),
            "PROPOSALS": str(folder / f"points-{run.count}.gpkg")}  # fmt: skip
    return _run_unregistered({**base, **params}, feedback or Feedback())


def features(source: str) -> list[dict]:
    layer = QgsVectorLayer(source, "out", "ogr")
    assert layer.isValid(), source
    return [
        dict(zip(layer.fields().names(), f.attributes())) | {"_geom": f.geometry()}
        for f in layer.getFeatures()
    ]


def test_algorithm_outputs_fields_and_figures(qgis_processing, tmp_path):
    store = make_store(tmp_path)
    feedback = Feedback()
    report = tmp_path / "out" / "report.html"
    results = run(store, feedback, BUILDINGS=buildings_layer(), BUILDING_DEMAND_FIELD="heat_demand",
                  REPORT=str(report))  # fmt: skip
    assert (
        results["CLUSTER_COUNT"] == 1 and results["CANDIDATE_COUNT"] == 1 and results["PROPOSAL_COUNT"] == 12
    )
    clusters = features(results["CLUSTERS"])
    assert len(clusters) == 1
    c = clusters[0]
    assert set(c) - {"_geom"} == {
        "fid", "synergy", "cluster_id", "members", "participants", "buildings", "themes", "period", "year_from",
        "year_to", "owners", "tenants", "heat_demand_mwh_a", "demand_defaulted", "trench_m", "lhd_mwh_m_a",
        "lhd_class", "candidate", "along_streets",
    }  # fmt: skip
    assert (c["synergy"], c["cluster_id"], c["members"], c["participants"], c["buildings"]) == (
        "local_heat_network",
        1,
        10,
        10,
        10,
    )
    assert c["themes"] == "heat_network, heating" and c["period"] == "2026–2028"
    assert (c["owners"], c["tenants"]) == (6, 4)
    assert c["heat_demand_mwh_a"] == pytest.approx(400.0)
    assert c["trench_m"] == pytest.approx(108.0 + 10 * 10.0)
    assert c["lhd_mwh_m_a"] == pytest.approx(400.0 / 208.0, rel=1e-3)
    assert c["lhd_class"] == "1.5–2.0" and c["candidate"] is True
    # the area: the members' hull buffered by 25 m
    area = c["_geom"]
    assert area.area() == pytest.approx(108 * 50 + np.pi * 25**2, rel=0.02)
    points = features(results["PROPOSALS"])
    assert sorted(p["uuid"] for p in points) == sorted([f"heat-{i}" for i in range(10)] + ["far-1", "far-2"])
    assert {p["dbscan_role"] for p in points if p["uuid"].startswith("far")} == {"noise"}
    roles = {p["uuid"]: p["dbscan_role"] for p in points}
    assert {roles[f"heat-{i}"] for i in range(10)} == {"core"}
    assert {p["cluster_id"] for p in points if p["uuid"].startswith("heat")} == {1}
    assert set(points[0]) - {"_geom"} == {
        "fid",
        "uuid",
        "synergy",
        "theme",
        "year_from",
        "year_to",
        "status",
        "cluster_id",
        "dbscan_role",
    }
    # no personal data anywhere in the outputs or the report
    text = " ".join(str(v) for row in clusters + points for k, v in row.items() if k != "_geom")
    text += report.read_text(encoding="utf-8") + report.with_suffix(".csv").read_text(encoding="utf-8")
    for value in (*PERSONAL, "person-"):
        assert value not in text
    assert "400.0" in report.read_text(encoding="utf-8")


def test_without_buildings_the_default_demand_per_dwelling_is_used(qgis_processing, tmp_path):
    store = make_store(tmp_path)
    results = run(store, DEFAULT_DEMAND_PER_DWELLING=15.0, CONNECTION_LENGTH=5.0)
    c = features(results["CLUSTERS"])[0]
    assert c["heat_demand_mwh_a"] == pytest.approx(150.0) and c["demand_defaulted"] == 10
    assert c["lhd_mwh_m_a"] == pytest.approx(150.0 / 158.0, rel=1e-3)
    assert c["candidate"] is False and c["lhd_class"] == "0.7–1.5"


def test_year_tolerance_splits_the_street(qgis_processing, tmp_path):
    store = make_store(tmp_path)
    with store.transaction() as conn:
        conn.execute("UPDATE proposals SET year_from = 2030, year_to = 2030 WHERE uuid IN ('heat-5', 'heat-6', "
                     "'heat-7', 'heat-8', 'heat-9')")  # fmt: skip
    assert run(store)["CLUSTER_COUNT"] == 1
    assert run(store, YEAR_TOLERANCE=1)["CLUSTER_COUNT"] == 2


def test_streets_are_used_and_reprojected(qgis_processing, tmp_path):
    store = make_store(tmp_path)
    streets = QgsVectorLayer("LineString?crs=EPSG:4326", "s", "memory")
    line = QgsGeometry.fromPolylineXY([QgsPointXY(X0 - 100, Y0 - 8), QgsPointXY(X0 + 300, Y0 - 8)])
    line.transform(QgsCoordinateTransform(QgsCoordinateReferenceSystem("EPSG:25832"),
                                          QgsCoordinateReferenceSystem("EPSG:4326"), QgsProject.instance()))  # fmt: skip
    feature = QgsFeature()
    feature.setGeometry(line)
    streets.dataProvider().addFeatures([feature])
    feedback = Feedback()
    c = features(run(store, feedback, STREETS=streets)["CLUSTERS"])[0]
    assert c["along_streets"] is True
    assert c["trench_m"] == pytest.approx(208.0, rel=1e-3)
    assert "EPSG:4326" in feedback.text() and "reprojected" in feedback.text()


def test_building_layer_in_another_crs_is_reprojected(qgis_processing, tmp_path):
    store = make_store(tmp_path)
    same = features(run(store, BUILDINGS=buildings_layer(), BUILDING_DEMAND_FIELD="heat_demand")["CLUSTERS"])
    feedback = Feedback()
    wgs84 = buildings_layer("EPSG:4326")
    other = features(run(store, feedback, BUILDINGS=wgs84, BUILDING_DEMAND_FIELD="heat_demand")["CLUSTERS"])
    assert "reprojected" in feedback.text() and "EPSG:4326" in feedback.text()
    assert (
        other[0]["heat_demand_mwh_a"] == pytest.approx(same[0]["heat_demand_mwh_a"]) == pytest.approx(400.0)
    )
    assert other[0]["demand_defaulted"] == 0


def test_all_buildings_of_the_area_can_count(qgis_processing, tmp_path):
    store = make_store(tmp_path)
    layer = buildings_layer()
    extra = QgsFeature(layer.fields())
    extra.setGeometry(QgsGeometry.fromRect(QgsGeometry.fromPointXY(QgsPointXY(X0 + 50, Y0 + 15)).buffer(3, 4)
                                           .boundingBox()))  # fmt: skip
    extra.setAttributes([100.0, 4])
    layer.dataProvider().addFeatures([extra])
    members_only = features(run(store, BUILDINGS=layer, BUILDING_DEMAND_FIELD="heat_demand")["CLUSTERS"])[0]
    area = features(
        run(store, BUILDINGS=layer, BUILDING_DEMAND_FIELD="heat_demand", DEMAND_SCOPE=1)["CLUSTERS"]
    )[0]
    assert members_only["buildings"] == 10 and area["buildings"] == 11
    assert area["heat_demand_mwh_a"] == pytest.approx(500.0)
    assert area["members"] == 10


def test_empty_selection_gives_empty_outputs_and_says_so(qgis_processing, tmp_path):
    store = make_store(tmp_path)
    with store.transaction() as conn:
        conn.execute("UPDATE proposals SET status = 'withdrawn' WHERE uuid = 'win'")
    feedback = Feedback()
    results = run(store, feedback, SYNERGY=2, REPORT=str(tmp_path / "r.html"))  # combined works: none
    assert results["CLUSTER_COUNT"] == 0 and results["PROPOSAL_COUNT"] == 0
    assert features(results["CLUSTERS"]) == [] and features(results["PROPOSALS"]) == []
    assert any("No proposals for the synergy combined_works" in w for w in feedback.warnings)
    assert "No clusters" in (tmp_path / "r.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"EPS": 0}, "greater than 0"),
        ({"EPS": -5}, "greater than 0"),
        ({"EPS": 6000}, "not plausible"),
        ({"MIN_POINTS": 1}, "at least 2"),
        ({"YEAR_TOLERANCE": -2}, "year tolerance"),
        ({"CLASS_LIMIT_MID": 0.5}, "ascending"),
        ({"CONNECTION_LENGTH": -1}, "House connection length"),
        ({"BUFFER": float("nan")}, "Buffer around"),
        ({"DEMAND_SCOPE": 1}, "needs a building layer"),
        ({"DATABASE": "/nonexistent/x.gpkg"}, "does not exist"),
    ],
)
def test_bad_input_gives_a_clear_message(qgis_processing, tmp_path, params, message):
    store = make_store(tmp_path)
    with pytest.raises(AlgorithmError, match=message):
        run(store, **params)


def test_building_layer_without_the_chosen_field(qgis_processing, tmp_path):
    store = make_store(tmp_path)
    layer = buildings_layer(field="demand_kwh")
    with pytest.raises(AlgorithmError, match="no field heat_demand"):
        run(store, BUILDINGS=layer, BUILDING_DEMAND_FIELD="heat_demand")


def test_database_in_a_geographic_crs_is_refused(qgis_processing, tmp_path):
    store = make_store(tmp_path)
    conn = sqlite3.connect(store.path)
    conn.execute("UPDATE mitmach_meta SET value = '4326' WHERE key = 'srs_id'")
    conn.commit()
    conn.close()
    with pytest.raises(AlgorithmError, match="not projected in metres"):
        run(store)


def test_style_post_processor_is_set_when_the_layer_is_loaded(qgis_processing, tmp_path):
    store = make_store(tmp_path)
    algorithm = SynergyClustersAlgorithm()
    algorithm.initAlgorithm()
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    params = {"DATABASE": str(store.path), "PROPOSALS": "memory:",
              "CLUSTERS": QgsProcessingOutputLayerDefinition("memory:", QgsProject.instance())}  # fmt: skip
    results, ok = algorithm.run(params, context, Feedback())
    assert ok
    details = context.layerToLoadOnCompletionDetails(results["CLUSTERS"])
    assert details.postProcessor() is not None
    layer = context.getMapLayer(results["CLUSTERS"])
    details.postProcessor().postProcessLayer(layer, context, Feedback())
    renderer = layer.renderer()
    assert isinstance(renderer, QgsCategorizedSymbolRenderer) and renderer.classAttribute() == "lhd_class"
    assert [c.value() for c in renderer.categories()] == ["< 0.7", "0.7–1.5", "1.5–2.0", "≥ 2.0", ""]
    assert layer.labelsEnabled()


def test_cluster_to_gpkg_writes_both_layers_with_the_style(qgis_processing, tmp_path):
    store = make_store(tmp_path)
    out = tmp_path / "clusters.gpkg"
    result = cluster_to_gpkg(store, out, buildings=buildings_layer(), demand_field="heat_demand")
    assert result["CANDIDATE_COUNT"] == 1 and result["path"] == str(out.resolve())
    clusters = QgsVectorLayer(f"{out}|layername={CLUSTERS_TABLE}", "c", "ogr")
    points = QgsVectorLayer(f"{out}|layername={PROPOSALS_TABLE}", "p", "ogr")
    assert clusters.featureCount() == 1 and points.featureCount() == 12
    assert isinstance(clusters.renderer(), QgsCategorizedSymbolRenderer)  # the default style inside the file
    again = cluster_to_gpkg(store, out)  # replaces the file
    assert again["CANDIDATE_COUNT"] == 0
    with pytest.raises(AlgorithmError, match="must not be the participation database"):
        cluster_to_gpkg(store, store.path)
    with pytest.raises(AlgorithmError, match="Unknown synergy"):
        cluster_to_gpkg(store, out, synergy="district_heating")


def test_demo_has_a_heat_network_candidate(qgis_processing, demo_db, tmp_path):
    """``make demo``: clusters of the demo database with its buildings table as the building layer."""
    buildings = f"{demo_db}|layername=buildings"
    result = cluster_to_gpkg(demo_db, tmp_path / "clusters.gpkg", buildings=buildings,
                             demand_field="heat_demand_mwh_a", demand_scope="area")  # fmt: skip
    assert result["CLUSTER_COUNT"] >= 3
    assert result["CANDIDATE_COUNT"] >= 1


def test_style_function_on_any_layer(qgis_app):
    layer = QgsVectorLayer(
        "Polygon?crs=EPSG:25832&field=lhd_class:string&field=lhd_mwh_m_a:double", "c", "memory"
    )
    layer.addAttribute(QgsField("candidate", QVariant.Bool))
    apply_cluster_style(layer, (0.5, 1.0, 3.0))
    assert [c.label() for c in layer.renderer().categories()][:4] == [
        "< 0.5 MWh/(m·a)", "0.5–1.0 MWh/(m·a)", "1.0–3.0 MWh/(m·a)", "≥ 3.0 MWh/(m·a)"
    ]  # fmt: skip
