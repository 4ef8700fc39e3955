"""Guards the layering of DESIGN.md §6 (after Lizmap's test_code_layout.py)."""

from __future__ import annotations

import ast
import re

import pytest

from tests.helpers import PLUGIN_DIR

FORBIDDEN_IN_CORE = ("qgis.gui", "QtWidgets", "qgis.utils", "iface")


def _imports(path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            yield module
            yield from (f"{module}.{alias.name}" for alias in node.names)


CORE_FILES = sorted((PLUGIN_DIR / "core").rglob("*.py"))


@pytest.mark.parametrize("path", CORE_FILES, ids=lambda p: p.name)
def test_core_has_no_gui_imports(path):
    bad = [name for name in _imports(path) if any(part in name for part in FORBIDDEN_IN_CORE)]
    assert not bad, f"{path.name} imports GUI code: {bad}"


def test_layout_check_catches_a_gui_import(tmp_path):
    sample = tmp_path / "bad.py"
    sample.write_text("from qgis.PyQt.QtWidgets import QDialog\nfrom qgis.utils import iface\n")
    assert len([n for n in _imports(sample) if any(p in n for p in FORBIDDEN_IN_CORE)]) >= 2


SOURCES = sorted(p for p in PLUGIN_DIR.rglob("*.py") if p.name != "resources_rc.py")  # pyrcc5 output


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PLUGIN_DIR)))
def test_no_direct_pyqt5_import(path):
    assert not [n for n in _imports(path) if n.split(".")[0] == "PyQt5"], "use qgis.PyQt"


def test_ui_files_carry_no_connections():
    for ui in PLUGIN_DIR.rglob("*.ui"):
        assert not re.search(r"<connections>\s*<connection>", ui.read_text(encoding="utf-8")), ui.name


def test_init_is_classfactory_only():
    tree = ast.parse((PLUGIN_DIR / "__init__.py").read_text(encoding="utf-8"))
    top_level = [node for node in tree.body if not isinstance(node, ast.Expr)]
    assert [type(n).__name__ for n in top_level] == ["FunctionDef"]
    assert top_level[0].name == "classFactory"


def test_generated_files_are_not_committed():
    import subprocess

    tracked = subprocess.run(
        ["git", "ls-files"], cwd=PLUGIN_DIR.parent, capture_output=True, text=True, check=True
    ).stdout.split()
    assert not [t for t in tracked if t.endswith(("_rc.py", ".qm", ".pyc"))]
