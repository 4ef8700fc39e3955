"""The Processing algorithms, print layouts and web map on a PostGIS participation database: the demo town
in a GeoPackage and, copied by ``migrate``, in PostGIS give the same pairs, clusters and public figures, and
the PostGIS outputs hold no personal data (the same checks as the GeoPackage export's)."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from qgis.core import QgsProcessingContext, QgsProcessingFeedback, QgsProject, QgsVectorLayer

from mitmach_qgis.data import transfer
from mitmach_qgis.data.gpkg_store import GeoPackageStore
from mitmach_qgis.data.pg_store import PostgisStore
from mitmach_qgis.export.public_export import area_layer, background_layers, export_public_map
from mitmach_qgis.processing_provider.export_public_map import ExportPublicMapAlgorithm
from mitmach_qgis.processing_provider.find_matches import PAIR_FIELDS, FindMatchesAlgorithm, write_pairs
from mitmach_qgis.processing_provider.runner import AlgorithmError, CollectingFeedback
from mitmach_qgis.processing_provider.synergy_clusters import (
    CLUSTERS_TABLE,
    PROPOSALS_TABLE,
    SynergyClustersAlgorithm,
    cluster_to_gpkg,
)
from tests.qgis.test_layouts import flat, pdf_pages, pdf_text
from tests.qgis.test_webmap import secrets

TEXT_SUFFIXES = {".html", ".js", ".css", ".json", ".txt", ".svg", ""}


@pytest.fixture(scope="module")
def town(tmp_path_factory):
    from mitmach_qgis.core.demo import generate_demo_town
    from mitmach_qgis.data.demo_db import write_demo

    folder = tmp_path_factory.mktemp("pg-algorithms")
    town = generate_demo_town(seed=11, participants=300)
    write_demo(folder / "demo.gpkg", town)
    return town, folder


@pytest.fixture(scope="module")
def both(town, pg_cluster):
    """The demo in a GeoPackage and the same database migrated to PostGIS (module-wide: read only)."""
    from tests.pg_fixtures import TEMPLATE, PgDatabase, _create

    _town, folder = town
    name = "algorithms_module"
    _create(pg_cluster, name, TEMPLATE)
    uri = PgDatabase(pg_cluster, name).uri(schema="council")
    transfer.migrate(folder / "demo.gpkg", uri)
    yield GeoPackageStore.open(folder / "demo.gpkg"), PostgisStore.open(uri), uri
    pg_cluster.drop_database(name)


def assert_no_personal_text(text: str, personal: set[str], what) -> None:
    """As tests/qgis/test_layouts.py: a house number must not run on into a digit or a dash (a street label
    beside the legend's class "10–19" is no address)."""
    leaked = [s for s in personal if s in text and re.search(re.escape(s) + r"(?![0-9a-z–-])", text)]
    assert not leaked, (what, leaked[:3])
    assert not re.search(r"[\w.+-]+@[\w-]+\.(org|com|net|de)\b", text), what


def run_algorithm(algorithm, params: dict) -> dict:
    algorithm.initAlgorithm()
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    results, ok = algorithm.run(params, context, QgsProcessingFeedback())
    assert ok, results
    return results


# -- find matches -------------------------------------------------------------------------------------------------
def test_findmatches_with_a_postgis_uri_gives_the_geopackages_pairs(qgis_processing, both, tmp_path):
    gpkg, pg, uri = both
    from_gpkg = run_algorithm(FindMatchesAlgorithm(), {"DATABASE": str(gpkg.path), "OUTPUT": "memory:"})
    from_pg = run_algorithm(
        FindMatchesAlgorithm(), {"DATABASE": uri, "OUTPUT": str(tmp_path / "pg-pairs.gpkg")}
    )
    assert from_gpkg["PAIRS"] == from_pg["PAIRS"] > 100
    layer = QgsVectorLayer(from_pg["OUTPUT"], "pairs", "ogr")
    assert layer.isValid() and layer.fields().names()[1:] == list(PAIR_FIELDS)  # fid first
    assert layer.crs().authid() == "EPSG:25832"
    pairs = sorted((f["from_uuid"], f["to_uuid"], round(f["score"], 4)) for f in layer.getFeatures())
    written = write_pairs(gpkg, tmp_path / "gpkg-pairs.csv")
    import csv

    with (tmp_path / "gpkg-pairs.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert written == len(pairs) == len(rows)
    assert pairs == sorted((r["from_uuid"], r["to_uuid"], round(float(r["score"]), 4)) for r in rows)
    assert write_pairs(pg, tmp_path / "pg-pairs-2.gpkg") == written


def test_findmatches_with_an_unreachable_postgis_target_is_a_message(qgis_processing, both):
    algorithm = FindMatchesAlgorithm()
    algorithm.initAlgorithm()
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    params = {"DATABASE": "postgresql://nobody@127.0.0.1:1/nowhere?schema=mitmach", "OUTPUT": "memory:"}
    feedback = CollectingFeedback()
    _results, ok = algorithm.run(params, context, feedback)
    assert not ok
    message = "\n".join(feedback.errors)
    assert "nowhere" in message and "connect" in message.lower(), message


# -- synergy clusters ---------------------------------------------------------------------------------------------
def memberships(path: Path) -> tuple[list[tuple], list[tuple]]:
    with sqlite3.connect(path) as conn:
        clusters = conn.execute(
            f"SELECT synergy, cluster_id, members, participants, buildings, themes, period, round(trench_m, 3), "
            f"round(lhd_mwh_m_a, 6), candidate FROM {CLUSTERS_TABLE} ORDER BY cluster_id"
        ).fetchall()
        points = conn.execute(
            f"SELECT uuid, cluster_id, dbscan_role FROM {PROPOSALS_TABLE} ORDER BY uuid"
        ).fetchall()
    return clusters, points


def test_cluster_to_gpkg_from_postgis_equals_the_geopackage(qgis_processing, both, tmp_path):
    gpkg, pg, uri = both
    buildings = f"{gpkg.path}|layername=buildings"
    options = {"buildings": buildings, "demand_field": "heat_demand_mwh_a", "demand_scope": "area"}
    ours = cluster_to_gpkg(gpkg, tmp_path / "from-gpkg.gpkg", **options)
    theirs = cluster_to_gpkg(pg, tmp_path / "from-pg.gpkg", **options)
    by_uri = cluster_to_gpkg(uri, tmp_path / "from-uri.gpkg")
    assert ours["CLUSTER_COUNT"] == theirs["CLUSTER_COUNT"] >= 3
    assert ours["CANDIDATE_COUNT"] == theirs["CANDIDATE_COUNT"] >= 1
    assert ours["PROPOSAL_COUNT"] == theirs["PROPOSAL_COUNT"] == by_uri["PROPOSAL_COUNT"]
    clusters, points = memberships(tmp_path / "from-gpkg.gpkg")
    assert (clusters, points) == memberships(tmp_path / "from-pg.gpkg")
    assert len(points) > 20 and {p[2] for p in points} >= {"core", "noise"}
    assert memberships(tmp_path / "from-uri.gpkg")[1] == points
    with pytest.raises(AlgorithmError, match="nowhere|connect"):
        cluster_to_gpkg("postgresql://nobody@127.0.0.1:1/nowhere?schema=mitmach", tmp_path / "x.gpkg")


def test_synergyclusters_algorithm_with_a_postgis_uri(qgis_processing, both, tmp_path):
    gpkg, _pg, uri = both
    params = {"SYNERGY": 1, "EPS": 80.0, "MIN_POINTS": 3}  # joint tender
    mine = run_algorithm(SynergyClustersAlgorithm(), {**params, "DATABASE": str(gpkg.path),
                         "CLUSTERS": "memory:", "PROPOSALS": str(tmp_path / "gp-points.gpkg")})  # fmt: skip
    theirs = run_algorithm(SynergyClustersAlgorithm(), {**params, "DATABASE": uri, "CLUSTERS": "memory:",
                           "PROPOSALS": str(tmp_path / "pg-points.gpkg")})  # fmt: skip
    assert (
        mine["CLUSTER_COUNT"] == theirs["CLUSTER_COUNT"]
        and mine["PROPOSAL_COUNT"] == theirs["PROPOSAL_COUNT"] > 0
    )
    read = [
        sorted(
            (f["uuid"], f["cluster_id"], f["dbscan_role"])
            for f in QgsVectorLayer(p, "p", "ogr").getFeatures()
        )
        for p in (str(tmp_path / "gp-points.gpkg"), str(tmp_path / "pg-points.gpkg"))
    ]
    assert read[0] == read[1] and len(read[0]) == mine["PROPOSAL_COUNT"]


# -- the public export --------------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def exported(both, tmp_path_factory):
    gpkg, pg, _uri = both
    out = tmp_path_factory.mktemp("pg-export")
    options = {"formats": ("pdf", "png", "svg", "web"), "atlas": True, "title": "Quartierskarte PostGIS",
               "dpi": 72, "hex_size": 150}  # fmt: skip
    from_pg = export_public_map(pg, out / "pg", **options)
    from_gpkg = export_public_map(gpkg, out / "gpkg", **{**options, "formats": ("pdf",), "atlas": False})
    return from_pg, from_gpkg, out


def test_public_export_from_postgis_publishes_what_the_geopackage_does(exported):
    from_pg, from_gpkg, out = exported
    assert set(from_pg["paths"]) == {"pdf", "png", "svg", "atlas", "web"}
    for key in ("cells_published", "cells_suppressed", "theme_entries_suppressed", "left_out_no_consent",
                "themes", "published_participants_class", "k", "cell_size_m"):  # fmt: skip
        assert from_pg[key] == from_gpkg[key], key
    assert from_pg["cells_published"] > 0 and from_pg["left_out_no_consent"] > 0
    assert pdf_pages(Path(from_pg["paths"]["atlas"])) == len(from_pg["themes"]) + 1
    text = flat(pdf_text(Path(from_pg["paths"]["pdf"])))
    assert "Quartierskarte PostGIS" in text and "Aggregiert" in text


def test_public_export_from_postgis_holds_no_personal_data(exported, both):
    from_pg, _from_gpkg, out = exported
    gpkg, _pg, _uri = both
    personal = secrets(gpkg.path)  # the PostGIS copy holds the same people
    assert len(personal) > 100, "the scan must have something to find"
    assert_no_personal_text(flat(pdf_text(Path(from_pg["paths"]["pdf"]))), personal, "pdf")
    assert_no_personal_text(flat(pdf_text(Path(from_pg["paths"]["atlas"]))), personal, "atlas")
    scanned = 0
    for path in [Path(from_pg["paths"]["svg"]), *Path(out / "pg" / "webmap").rglob("*")]:
        if path.is_file() and path.suffix in TEXT_SUFFIXES and path.name != "leaflet.js":
            text = path.read_text(encoding="utf-8")
            assert_no_personal_text(text, personal, path)
            if path.parent.name == "data":
                assert '"Point"' not in text and '"MultiPoint"' not in text, path
            scanned += 1
    assert scanned >= 6


def test_the_postgis_background_is_geometry_and_street_names_only(qgis_app, both):
    _gpkg, pg, _uri = both
    layers = background_layers(pg, "de")
    assert [layer.providerType() for layer in layers] == ["memory", "memory"]
    assert [layer.fields().names() for layer in layers] == [["name"], []]
    assert all(layer.featureCount() > 0 for layer in layers)
    assert "password" not in "".join(layer.source() for layer in layers)
    outline = area_layer(pg, "de")
    assert outline is not None and outline.featureCount() == 1 and outline.fields().names() == []
    gp_layers = background_layers(_gpkg, "de")
    assert [layer.featureCount() for layer in layers] == [layer.featureCount() for layer in gp_layers]


def test_the_export_algorithm_takes_a_postgis_uri(qgis_processing, both, tmp_path):
    _gpkg, _pg, uri = both
    results = run_algorithm(
        ExportPublicMapAlgorithm(),
        {"DATABASE": uri, "OUTPUT_FOLDER": str(tmp_path), "FORMATS": [0], "LANGUAGE": 1, "DPI": 72,
         "HEX_SIZE": 150, "TITLE": "Algorithm map"},
    )  # fmt: skip
    assert Path(results["PDF"]).name == "public-map.pdf" and results["CELLS_PUBLISHED"] > 0
    assert "Algorithm map" in flat(pdf_text(Path(results["PDF"])))


def test_the_exports_cells_are_the_databases_public_view(both, exported):
    """k and cell size from mitmach_meta (4, 100 m): the cells the export publishes are those of the view
    ``public_hex_cells`` the database computes for the public role."""
    _gpkg, pg, _uri = both
    result = export_public_map(pg, Path(exported[2]) / "view", formats=("pdf",), dpi=36)
    with pg.reading() as conn:
        view = conn.execute("SELECT count(*) FROM public_hex_cells").fetchone()[0]
    assert result["cell_size_m"] == 100.0 and result["k"] == 4
    assert result["cells_published"] == view > 0
