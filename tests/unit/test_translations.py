"""The German translation is complete, and every translatable string of the code is in it."""

from __future__ import annotations

import ast
import subprocess
import xml.etree.ElementTree as ET

import pytest

from tests.helpers import PLUGIN_DIR

TS = PLUGIN_DIR / "i18n" / "mitmach_qgis_de.ts"
SOURCES = sorted(p for p in PLUGIN_DIR.rglob("*.py") if p.name != "resources_rc.py")


def _messages(path):
    root = ET.parse(path).getroot()
    for context in root.iter("context"):
        name = context.find("name").text
        for message in context.iter("message"):
            yield name, message.find("source").text, message.find("translation")


def test_every_german_entry_is_translated():
    entries = list(_messages(TS))
    assert entries
    unfinished = [
        src for _, src, tr in entries if tr.get("type") == "unfinished" or not (tr.text or "").strip()
    ]
    assert not unfinished


def test_placeholders_survive_translation():
    import re

    for _, source, translation in _messages(TS):
        assert sorted(re.findall(r"\{\w*\}", source)) == sorted(
            re.findall(r"\{\w*\}", translation.text)
        ), source


def test_ts_file_has_every_string_of_the_code(tmp_path):
    fresh = tmp_path / "fresh.ts"
    inputs = [*map(str, SOURCES), *map(str, PLUGIN_DIR.rglob("*.ui"))]
    subprocess.run(["pylupdate5", "-noobsolete", *inputs, "-ts", str(fresh)], check=True, capture_output=True)
    wanted = {(ctx, src) for ctx, src, _ in _messages(fresh)}
    present = {(ctx, src) for ctx, src, _ in _messages(TS)}
    assert not wanted - present, "run `make translations` and translate the new entries"


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PLUGIN_DIR)))
def test_module_tr_is_not_called_inside_classes(path):
    """pylupdate5 files a bare tr() inside a class under the class's context: use self.tr there."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    bad = []
    for cls in (n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)):
        for node in ast.walk(cls):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "tr":
                bad.append(node.lineno)
    assert not bad, f"bare tr() inside a class at lines {bad}"
