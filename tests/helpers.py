"""Paths and small helpers shared by the test tiers."""

from __future__ import annotations

import configparser
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLUGIN_DIR = ROOT / "mitmach_qgis"
SYSTEM_PYTHON = "/usr/bin/python3"


def metadata() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(PLUGIN_DIR / "metadata.txt", encoding="utf-8")
    return parser["general"]


def packaged_zip() -> Path:
    """Build the plugin zip as a user would (``make package``) and return its path."""
    subprocess.run(["make", "-s", "package"], cwd=ROOT, check=True, capture_output=True, text=True)
    return ROOT / "dist" / f"mitmach_qgis.{metadata()['version']}.zip"
