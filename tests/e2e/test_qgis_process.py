"""Our algorithms from `qgis_process`, the way models, scripts and cron jobs run them.

Debian's /usr/bin/qgis_process wrapper passes the desktop's --noversioncheck from /etc/default/qgis,
which qgis_process rejects ("Command --noversioncheck not known!"); qgis_process.bin is the tool itself.
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from tests.helpers import ROOT, SYSTEM_PYTHON

pytestmark = pytest.mark.e2e


def qgis_process(*args, env):
    tool = shutil.which("qgis_process.bin") or shutil.which("qgis_process")
    assert tool, "make setup installs qgis"
    return subprocess.run([tool, *args], env=env, capture_output=True, text=True, timeout=180)


def test_algorithms_run_from_qgis_process(tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QGIS_CUSTOM_CONFIG_PATH=str(tmp_path / "profile"),
               QGIS_PLUGINPATH=str(ROOT))  # fmt: skip
    enabled = qgis_process("plugins", "enable", "mitmach_qgis", env=env)
    assert enabled.returncode == 0, enabled.stderr
    listing = qgis_process("list", env=env).stdout
    for name in ("createdatabase", "importsubmissions", "findmatches", "synergyclusters", "exportpublicmap"):
        assert f"mitmach:{name}" in listing, name
    created = qgis_process("run", "mitmach:createdatabase", "--", f"OUTPUT={tmp_path / 'new.gpkg'}", env=env)
    assert created.returncode == 0, created.stdout + created.stderr
    assert (tmp_path / "new.gpkg").is_file()
    demo = subprocess.run([SYSTEM_PYTHON, "-m", "mitmach_qgis", "demo", str(tmp_path / "demo")], cwd=ROOT,
                          capture_output=True, text=True, env=env)  # fmt: skip
    assert demo.returncode == 0, demo.stderr
    run = qgis_process(
        "run", "mitmach:synergyclusters", "--", f"DATABASE={tmp_path / 'demo' / 'mitmach-demo.gpkg'}",
        f"CLUSTERS={tmp_path / 'c.gpkg'}", f"PROPOSALS={tmp_path / 'p.gpkg'}", env=env,
    )  # fmt: skip
    assert run.returncode == 0, run.stdout + run.stderr
    counts = dict(line.split(":\t", 1) for line in run.stdout.splitlines() if ":\t" in line)
    assert int(counts["CLUSTER_COUNT"]) > 0
    bad = qgis_process("run", "mitmach:synergyclusters", "--", f"DATABASE={tmp_path / 'demo' / 'mitmach-demo.gpkg'}",
                       "EPS=-5", f"CLUSTERS={tmp_path / 'c2.gpkg'}", f"PROPOSALS={tmp_path / 'p2.gpkg'}", env=env)  # fmt: skip
    assert bad.returncode != 0 and "0 m" in (bad.stdout + bad.stderr)
