"""The zip passes the upload rules of the official QGIS plugin repository (plugins.qgis.org)."""

from __future__ import annotations

import configparser
import zipfile

from tests.helpers import metadata


def test_zip_layout(plugin_zip):
    with zipfile.ZipFile(plugin_zip) as zf:
        names = zf.namelist()
        tops = {n.split("/")[0] for n in names}
        assert tops == {"mitmach_qgis"} and "mitmach_qgis".isidentifier()
        for required in (
            "__init__.py",
            "metadata.txt",
            "LICENSE",
            "resources_rc.py",
            "i18n/mitmach_qgis_de.qm",
        ):
            assert f"mitmach_qgis/{required}" in names, required
        forbidden = [
            n for n in names if "__pycache__" in n or n.endswith(".pyc") or "/.git" in n or "__MACOSX" in n
        ]
        assert not forbidden
        assert not [n for n in names if n.startswith("mitmach_qgis/tests/")]
        assert "GNU GENERAL PUBLIC LICENSE" in zf.read("mitmach_qgis/LICENSE").decode()
        meta = configparser.ConfigParser(interpolation=None)
        meta.read_string(zf.read("mitmach_qgis/metadata.txt").decode("utf-8"))
        assert meta["general"]["version"] == metadata()["version"]
        assert f"mitmach_qgis/{meta['general']['icon']}" in names
        assert zf.testzip() is None
