"""The public web map folder (issue 7 §4): complete, offline, in WGS84 and free of personal data."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pytest
from qgis.core import QgsVectorLayer
from qgis.PyQt.QtGui import QImage

from mitmach_qgis.core.anonymise import Anonymised, PublicArea, PublicCell, PublicPoint, anonymise
from mitmach_qgis.export import webmap
from mitmach_qgis.export.guard import PublicExportError
from mitmach_qgis.export.public_export import background_layers
from mitmach_qgis.export.webmap import write_webmap

CRS = "EPSG:25832"
TEXT_SUFFIXES = {".html", ".js", ".css", ".json", ".txt", ""}


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory) -> Path:
    from mitmach_qgis.core.demo import generate_demo_town
    from mitmach_qgis.data.demo_db import write_demo

    path = tmp_path_factory.mktemp("demo") / "mitmach-demo.gpkg"
    write_demo(path, generate_demo_town(seed=2026, participants=300))
    return path


def public_points(path: Path) -> list[PublicPoint]:
    with sqlite3.connect(path) as conn:
        consent = dict(conn.execute("SELECT uuid, consent_public_map FROM participants"))
    layer = QgsVectorLayer(f"{path}|layername=proposals", "proposals", "ogr")
    assert layer.isValid()
    points = []
    for feature in layer.getFeatures():
        p = feature.geometry().asPoint()
        who = feature["participant_uuid"]
        points.append(PublicPoint(p.x(), p.y(), feature["theme"], who, bool(consent.get(who))))
    return points


def secrets(path: Path) -> set[str]:
    """Every personal string of the store: names, e-mails, phones, "street number" of people and buildings."""
    found: set[str] = set()
    with sqlite3.connect(path) as conn:
        for given, family, street, number, email, phone in conn.execute(
            "SELECT given_name, family_name, street, house_number, email, phone FROM participants"
        ):
            found |= {v for v in (given and family and f"{given} {family}", family, email, phone) if v}
            if street and number:
                found.add(f"{street} {number}")
        for street, number in conn.execute("SELECT street, house_number FROM buildings"):
            if street and number:
                found.add(f"{street} {number}")
    return {s for s in found if len(s) >= 5}


@pytest.fixture(scope="module")
def anonymised(demo_db) -> Anonymised:
    result = anonymise(public_points(demo_db), k=4, cell_size_m=100.0)
    assert result.cells, "the demo must publish some cells"
    return result


@pytest.fixture(scope="module")
def background(demo_db):
    layers = background_layers(demo_db, "de")
    assert [layer.featureCount() > 0 for layer in layers] == [True, True]
    return layers


@pytest.fixture(scope="module")
def german(tmp_path_factory, qgis_app, anonymised, background) -> Path:
    out = tmp_path_factory.mktemp("webmap-de")
    write_webmap(out, anonymised, CRS, background, 'Wärmewende <Bottrop> & "Nachbarn"', image_px=512)
    return out


def unwrap(path: Path, name: str) -> dict:
    text = path.read_text(encoding="ascii")
    prefix, suffix = f"window.{name} = ", ";\n"
    assert text.startswith(prefix) and text.endswith(suffix)
    return json.loads(text[len(prefix) : -len(suffix)])


def coordinates(geometry: dict) -> list[list[float]]:
    polygons = geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    return [xy for polygon in polygons for ring in polygon for xy in ring]


def test_folder_is_complete(german):
    for name in (
        "index.html",
        "mitmach.js",
        "mitmach.css",
        "data/cells.js",
        "data/areas.js",
        "data/meta.js",
        "vendor/leaflet/leaflet.js",
        "vendor/leaflet/leaflet.css",
        "vendor/leaflet/LICENSE",
        "vendor/leaflet/images/layers.png",
        "background.png",
    ):
        assert (german / name).is_file(), name
    assert "Leaflet 1.9.4" in (german / "vendor/leaflet/leaflet.js").read_text(encoding="utf-8")[:200]
    image = QImage(str(german / "background.png"))
    assert max(image.width(), image.height()) == 512
    colours = {image.pixel(x, y) for x in range(0, image.width(), 8) for y in range(0, image.height(), 8)}
    assert len(colours) > 3, "streets and buildings are drawn, not an empty image"


def test_data_are_geojson_polygons_in_wgs84_around_bottrop(german, anonymised):
    cells = unwrap(german / "data" / "cells.js", "MITMACH_CELLS")
    assert cells["type"] == "FeatureCollection"
    assert len(cells["features"]) == len(anonymised.cells)
    for feature in cells["features"]:
        assert feature["geometry"]["type"] == "Polygon"  # no points, ever
        ring = feature["geometry"]["coordinates"][0]
        assert len(ring) == 7 and ring[0] == ring[-1]
        for lon, lat in ring:
            assert 6.8 < lon < 7.1 and 51.4 < lat < 51.6, (lon, lat)
        assert set(feature["properties"]) == {"id", "total", "themes"}
        assert re.fullmatch(r"\d+(–\d+|\+)", feature["properties"]["total"])
    areas = unwrap(german / "data" / "areas.js", "MITMACH_AREAS")
    assert areas == {"type": "FeatureCollection", "features": []}


def test_background_bounds_cover_the_data(german):
    meta = unwrap(german / "data" / "meta.js", "MITMACH_META")
    (south, west), (north, east) = meta["background"]["bounds"]
    assert meta["background"]["image"] == "background.png"
    assert 51.4 < south < north < 51.6 and 6.8 < west < east < 7.1
    cells = unwrap(german / "data" / "cells.js", "MITMACH_CELLS")
    for feature in cells["features"]:
        for lon, lat in coordinates(feature["geometry"]):
            assert south < lat < north and west < lon < east


def test_no_personal_data_in_any_file(german, demo_db):
    personal = secrets(demo_db)
    assert len(personal) > 100  # the scan below must have something to find
    scanned = 0
    for path in german.rglob("*"):
        if not path.is_file() or path.suffix not in TEXT_SUFFIXES:
            continue
        text = path.read_text(encoding="utf-8")
        scanned += 1
        leaked = [s for s in personal if s in text]
        assert not leaked, (path, leaked[:3])
        assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", text) or path.name == "leaflet.js", path
        if path.parent.name == "data":
            assert '"Point"' not in text and '"MultiPoint"' not in text, path
    assert scanned >= 6
    # only polygons, and every vertex is a corner of the fixed lattice, never a proposal's position
    cells = unwrap(german / "data" / "cells.js", "MITMACH_CELLS")
    types = {f["geometry"]["type"] for f in cells["features"]}
    assert types == {"Polygon"}


def test_only_published_themes_and_numbers(german, anonymised):
    meta = unwrap(german / "data" / "meta.js", "MITMACH_META")
    assert [t["code"] for t in meta["themes"]] == [
        t.code for t in webmap.THEMES if t.code in anonymised.themes
    ]
    assert meta["k"] == 4 and meta["cell_size_m"] == 100.0
    assert meta["suppressed_cells"] == anonymised.suppressed_cells
    n = anonymised.left_out_no_consent
    assert meta["left_out_no_consent"] == (n if n >= 4 else None)
    assert [c["code"] for c in meta["classes"]] == sorted(
        {c["code"] for c in meta["classes"]}, key=lambda s: int(re.match(r"\d+", s).group())
    )


def test_german_by_default_and_escaped(german):
    html = (german / "index.html").read_text(encoding="utf-8")
    assert '<html lang="de">' in html
    assert "<title>Wärmewende &lt;Bottrop&gt; &amp; &quot;Nachbarn&quot;</title>" in html
    assert "<Bottrop>" not in html
    assert "Diese Karte braucht JavaScript." in html
    assert not re.search(r"\son[a-z]+\s*=", html), "no inline event handlers"
    assert "<script>" not in html and "style=" not in html
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    assert "script-src 'self'" in csp and "unsafe" not in csp and "connect-src 'none'" in csp
    meta = unwrap(german / "data" / "meta.js", "MITMACH_META")
    assert meta["language"] == "de"
    labels = {t["code"]: t["label"] for t in meta["themes"]}
    assert all(labels[t.code] == t.label_de for t in webmap.THEMES if t.code in labels)
    assert meta["synergies"]["local_heat_network"] == "Nahwärmenetz"


def test_english_on_request_with_areas(tmp_path, qgis_app):
    ring = ((353000.0, 5713000.0), (353100.0, 5713000.0), (353100.0, 5713100.0), (353000.0, 5713000.0))
    cell = PublicCell("1:2", (*ring[:3], (353000.0, 5713100.0), ring[0]), "10–19", {"heating": "4–9"})
    area = PublicArea("a1", (ring,), "local_heat_network", "2027–2028", "4–9", {"heating": "4–9"})
    data = Anonymised((cell,), (area,), 4, 100.0, 7, 3, 2, "10–19")
    index = write_webmap(tmp_path, data, CRS, [], "<img src=x>", language="en")
    html = index.read_text(encoding="utf-8")
    assert '<html lang="en">' in html and "&lt;img src=x&gt;" in html and "<img" not in html
    assert "This map needs JavaScript." in html
    assert not (tmp_path / "background.png").exists()
    meta = unwrap(tmp_path / "data" / "meta.js", "MITMACH_META")
    assert meta["language"] == "en" and meta["background"] is None
    assert meta["themes"] == [{"code": "heating", "label": "Heating replacement", "colour": "#d7301f"}]
    assert meta["left_out_no_consent"] == 7
    areas = unwrap(tmp_path / "data" / "areas.js", "MITMACH_AREAS")
    (feature,) = areas["features"]
    assert feature["geometry"]["type"] == "MultiPolygon"
    assert feature["properties"] == {
        "id": "a1",
        "synergy": "local_heat_network",
        "period": "2027–2028",
        "total": "4–9",
        "themes": {"heating": "4–9"},
    }
    lon, lat = feature["geometry"]["coordinates"][0][0][0]
    assert 6.85 < lon < 7.0 and 51.5 < lat < 51.6


def test_refuses_private_layers_bad_language_and_tile_urls(tmp_path, qgis_app, demo_db, anonymised):
    for table in ("proposals", "participants", "addresses", "buildings"):  # buildings: with house numbers
        raw = QgsVectorLayer(f"{demo_db}|layername={table}", table, "ogr")
        with pytest.raises(PublicExportError):
            write_webmap(tmp_path, anonymised, CRS, [raw], "t")
    with pytest.raises(ValueError):
        write_webmap(tmp_path, anonymised, CRS, [], "t", language="fr")
    with pytest.raises(ValueError):
        write_webmap(tmp_path, anonymised, CRS, [], "t", tile_url="javascript:alert(1)")
    assert not (tmp_path / "index.html").exists()
    write_webmap(tmp_path, anonymised, CRS, [], "t", tile_url="https://tiles.example.org/{z}/{x}/{y}.png")
    html = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "img-src 'self' https://tiles.example.org;" in html
