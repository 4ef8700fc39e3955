"""The CLI runs with Debian's /usr/bin/python3 from the repository root, as the README says."""

from __future__ import annotations

import os
import subprocess

from tests.helpers import ROOT, SYSTEM_PYTHON


def run_cli(*args, lang="en"):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", LANG=f"{lang}_{lang.upper()}.UTF-8", LC_ALL="")
    env.pop("QGIS_CUSTOM_CONFIG_PATH", None)
    return subprocess.run(
        [SYSTEM_PYTHON, "-m", "mitmach_qgis", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_help_lists_the_commands():
    proc = run_cli("--help")
    assert proc.returncode == 0
    assert "demo" in proc.stdout


def test_demo_creates_the_output_folder(tmp_path):
    out = tmp_path / "nested" / "demo-output"
    proc = run_cli("demo", str(out))
    assert proc.returncode == 0, proc.stderr
    assert out.is_dir()


def test_unusable_output_folder_is_a_clear_error(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    proc = run_cli("demo", str(blocker / "sub"))
    assert proc.returncode == 2
    assert "Error:" in proc.stderr and str(blocker) in proc.stderr
    assert "Traceback" not in proc.stderr


def test_messages_follow_the_language(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    proc = run_cli("demo", str(blocker / "sub"), lang="de")
    assert proc.returncode == 2
    assert "Fehler: Der Ausgabeordner" in proc.stderr
