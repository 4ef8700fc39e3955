"""The packaged zip installed into a throwaway profile of a real QGIS desktop under Xvfb."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from tests.helpers import ROOT, SYSTEM_PYTHON

HERE = Path(__file__).resolve().parent

pytestmark = pytest.mark.e2e


def _profile(root: Path, plugin_zip: Path) -> Path:
    profile = root / "profiles" / "e2e"
    plugins = profile / "python" / "plugins"
    plugins.mkdir(parents=True)
    with zipfile.ZipFile(plugin_zip) as zf:
        zf.extractall(plugins)
    ini = profile / "QGIS" / "QGIS3.ini"
    ini.parent.mkdir(parents=True)
    ini.write_text(
        "[PythonPlugins]\nmitmach_qgis=true\n\n"
        "[qgis]\ncheckVersion=false\nshowTips=false\nallowVersionCheck=false\n\n"
        "[locale]\noverrideFlag=true\nuserLocale=en_US\n",
        encoding="utf-8",
    )
    return plugins / "mitmach_qgis"


def test_plugin_loads_in_qgis_desktop(plugin_zip, tmp_path):
    assert shutil.which("qgis") and shutil.which("xvfb-run"), "make setup installs qgis and xvfb"
    installed = _profile(tmp_path, plugin_zip)
    assert (installed / "resources_rc.py").is_file()
    out, shot = tmp_path / "result.json", tmp_path / "screenshot.png"
    demo = tmp_path / "demo" / "mitmach-demo.gpkg"
    made = subprocess.run(
        [SYSTEM_PYTHON, "-m", "mitmach_qgis", "demo", str(demo.parent)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert made.returncode == 0, made.stderr
    env = dict(
        os.environ, MITMACH_E2E_OUT=str(out), MITMACH_E2E_SCREENSHOT=str(shot), MITMACH_E2E_DEMO=str(demo)
    )
    env.pop("QT_QPA_PLATFORM", None)  # a real X display (Xvfb), not offscreen
    env.pop("QGIS_CUSTOM_CONFIG_PATH", None)
    proc = subprocess.run(
        [
            "xvfb-run", "-a", "-s", "-screen 0 1280x900x24",
            "qgis", "--noversioncheck", "--nologo", "--profiles-path", str(tmp_path), "--profile", "e2e",
            "--code", str(HERE / "qgis_check.py"),
        ],
        env=env, capture_output=True, text=True, timeout=240,
    )  # fmt: skip
    assert out.is_file(), f"QGIS did not run the check (rc {proc.returncode}):\n{proc.stderr[-3000:]}"
    result = json.loads(out.read_text(encoding="utf-8"))
    assert "error" not in result, result.get("error")
    assert "mitmach_qgis" in result["active_plugins"]
    assert result["provider"] is True
    assert "MitMach" in [t.replace("&", "") for t in result["menu_titles"]]
    assert result["menu_entries"] == [
        "New participation database…", "Open participation database…", "Back up database…", "New proposal…",
        "Review queue", "Matching panel", "Export public map…", "Forget participant…", "Retention and purge…",
        "MitMach help",
    ]  # fmt: skip
    assert result["demo_opened"] is True
    assert {"proposals", "participants", "areas", "buildings", "streets"} <= set(result["demo_layers"])
    assert result["proposals"] > 300 and result["renderer"] == "categorizedSymbol"
    assert result["toolbar_buttons"] >= 1
    assert result["review_rows"] > 0, "the demo has submitted proposals in the review queue"
    assert result["dialog_visible"] is True and "mail" in result["dialog_message"].lower()
    assert result["index_built"], "the matching panel built its index in the background"
    assert result["candidates"] >= 3 and result["candidate_rows"] == result["candidates"]
    review, proposal, matching = (
        shot.with_name(f"screenshot-{k}.png") for k in ("review", "proposal", "matching")
    )
    for picture in (shot, review, proposal, matching):
        assert picture.is_file() and picture.stat().st_size > 5_000, picture.name
    artefacts = Path(os.environ.get("MITMACH_ARTEFACTS", tmp_path))
    artefacts.mkdir(parents=True, exist_ok=True)
    shutil.copy(shot, artefacts / "e2e-qgis-desktop.png")
    shutil.copy(review, artefacts / "e2e-review-queue.png")
    shutil.copy(proposal, artefacts / "e2e-new-proposal.png")
    shutil.copy(matching, artefacts / "e2e-matching-panel.png")
