"""The web map in a real browser (Debian's headless chromium), from file:// and from a loopback server."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from qgis.core import QgsFeature, QgsGeometry, QgsPointXY, QgsVectorLayer

from mitmach_qgis.core.anonymise import PublicPoint, anonymise
from mitmach_qgis.export.webmap import write_webmap

CHROMIUM = "/usr/bin/chromium"
CRS = "EPSG:25832"
ORIGIN = (353000.0, 5713000.0)  # Bottrop in UTM 32N


def chromium(user_data: Path, *args: str) -> subprocess.CompletedProcess:
    assert Path(CHROMIUM).is_file(), "Debian's chromium is needed (tools/apt-packages.txt)"
    command = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-dev-shm-usage",
        # anything that is not the loopback server fails to resolve: no request can leave the machine
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
        "--enable-logging=stderr",
        "--v=0",
        f"--user-data-dir={user_data}",
        "--virtual-time-budget=5000",
        *args,
    ]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)


def console_errors(stderr: str) -> list[str]:
    lines = [line for line in stderr.splitlines() if "CONSOLE" in line or "Content Security Policy" in line]
    return [line for line in lines if re.search(r"error|refused|violat|uncaught|failed", line, re.I)]


def street_layer() -> QgsVectorLayer:
    layer = QgsVectorLayer(f"LineString?crs={CRS}", "streets", "memory")
    features = []
    for i in range(6):
        feature = QgsFeature()
        y = ORIGIN[1] + i * 60.0
        feature.setGeometry(
            QgsGeometry.fromPolylineXY([QgsPointXY(ORIGIN[0] - 50, y), QgsPointXY(ORIGIN[0] + 450, y)])
        )
        features.append(feature)
    layer.dataProvider().addFeatures(features)
    layer.updateExtents()
    return layer


@pytest.fixture(scope="module")
def site(tmp_path_factory, qgis_app) -> Path:
    # 300 participants on a 400 m x 300 m block, one or two ideas each: cells of every class
    points = []
    for i in range(300):
        x, y = ORIGIN[0] + (i * 37) % 400, ORIGIN[1] + (i * 53) % 300
        consent = i % 11 != 0
        points.append(PublicPoint(x, y, ("heating", "windows", "pv")[i % 3], f"p{i}", consent))
        if i % 2:
            points.append(PublicPoint(x + 5, y + 5, "heating", f"p{i}", consent))
    area_ring = [
        (ORIGIN[0] - 20, ORIGIN[1] - 20),
        (ORIGIN[0] + 300, ORIGIN[1] - 20),
        (ORIGIN[0] + 150, ORIGIN[1] + 250),
    ]
    members = [p for p in points if p.x < ORIGIN[0] + 300 and p.y < ORIGIN[1] + 250]
    data = anonymise(
        points, k=4, cell_size_m=100.0, areas=[("a1", [area_ring], "local_heat_network", "2027", members)]
    )
    assert data.cells and data.areas
    out = tmp_path_factory.mktemp("webmap-site")
    write_webmap(out, data, CRS, [street_layer()], "MitMach <Test> & Co", image_px=1024)
    return out


@pytest.fixture(scope="module")
def server(site):
    requests: list[str] = []

    class Handler(SimpleHTTPRequestHandler):
        def log_message(self, fmt, *args):
            requests.append(f"{self.command} {self.path} {args[1] if len(args) > 1 else ''}")

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), partial(Handler, directory=str(site)))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/index.html", requests
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def profile():
    path = Path(tempfile.mkdtemp(prefix="mitmach-chromium-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


def check_dom(dom: str) -> None:
    assert 'data-ready="true"' in dom, dom[-2000:]
    errors = re.search(r'<pre id="errors"[^>]*>(.*?)</pre>', dom, re.S)
    assert errors is not None and errors.group(1).strip() == "", errors and errors.group(1)
    assert re.search(r'<section id="legend"', dom)
    assert len(re.findall(r'class="legend-class"', dom)) >= 1
    assert len(re.findall(r'class="legend-theme"', dom)) >= 2
    assert "Alle Themen" in dom and "Datenschutz" in dom  # German by default
    paths = re.findall(r"<path[^>]*leaflet-interactive[^>]*>", dom)
    assert len(paths) >= 2, "cells and the area are drawn as SVG paths"
    assert re.search(
        r'<img[^>]*src="background.png"[^>]*leaflet-image-layer|<img[^>]*leaflet-image-layer[^>]*src="background.png"',
        dom,
    )
    assert "MitMach &lt;Test&gt; &amp; Co" in dom and "<Test>" not in dom


def test_page_refers_only_to_its_own_files(site):
    for name in ("index.html", "mitmach.js", "mitmach.css", "data/meta.js"):
        text = (site / name).read_text(encoding="utf-8")
        assert not re.search(r"https?://", text), name
    html = (site / "index.html").read_text(encoding="utf-8")
    for ref in re.findall(r'(?:src|href)="([^"]+)"', html):
        assert not re.match(r"[a-z]+:|//", ref) and (site / ref).is_file(), ref


def test_from_file_url(site, profile):
    result = chromium(profile, "--dump-dom", (site / "index.html").as_uri())
    assert result.returncode == 0, result.stderr[-3000:]
    check_dom(result.stdout)
    assert console_errors(result.stderr) == []


def test_theme_filter_from_the_link(site, profile):
    result = chromium(profile, "--dump-dom", (site / "index.html").as_uri() + "#theme=windows")
    assert result.returncode == 0, result.stderr[-3000:]
    check_dom(result.stdout)
    cells = [p for p in re.findall(r"<path[^>]*>", result.stdout) if "stroke-dasharray" not in p]
    assert cells and all('fill="#4575b4"' in p for p in cells), cells[:3]  # the theme's colour
    assert '<option value="windows" selected' in result.stdout or "Teilnehmende mit Thema" in result.stdout


def test_from_loopback_server_with_screenshot(site, server, profile):
    url, requests = server
    result = chromium(profile, "--dump-dom", url)
    assert result.returncode == 0, result.stderr[-3000:]
    check_dom(result.stdout)
    assert console_errors(result.stderr) == []
    served = [r for r in requests if r.startswith("GET ")]
    assert any("/vendor/leaflet/leaflet.js 200" in r for r in served), requests
    assert any("/background.png 200" in r for r in served), requests
    assert all(r.endswith(" 200") or r.endswith(" 304") for r in served if "favicon" not in r), requests

    artefacts = Path(os.environ.get("MITMACH_ARTEFACTS") or tempfile.gettempdir())
    artefacts.mkdir(parents=True, exist_ok=True)
    shot = artefacts / "e2e-webmap.png"
    if shot.exists():
        shot.unlink()
    result = chromium(profile, f"--screenshot={shot}", "--window-size=1200,800", "--hide-scrollbars", url)
    assert result.returncode == 0, result.stderr[-3000:]
    assert shot.is_file() and shot.stat().st_size > 10_000
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
