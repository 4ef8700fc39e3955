"""metadata.txt carries what the official QGIS plugin repository requires."""

from __future__ import annotations

import re
from urllib.parse import urlparse

from tests.helpers import PLUGIN_DIR, metadata

REQUIRED = (
    "name", "qgisMinimumVersion", "description", "about", "version", "author", "email",
    "tracker", "repository", "homepage", "tags", "category", "icon", "hasProcessingProvider",
    "experimental",
)  # fmt: skip


def test_required_fields_present_and_filled():
    meta = metadata()
    missing = [key for key in REQUIRED if not meta.get(key, "").strip()]
    assert not missing


def test_values():
    meta = metadata()
    assert meta["name"] == "MitMach"
    assert meta["qgisMinimumVersion"] == "3.22"
    assert meta["hasProcessingProvider"] == "yes"
    assert re.fullmatch(r"\d+\.\d+\.\d+", meta["version"])
    assert len(meta["about"]) > 200, "about must be a real paragraph"
    assert re.fullmatch(r"[^@\s]+@[^@\s]+\.[a-z]+", meta["email"])
    assert (PLUGIN_DIR / meta["icon"]).is_file()


def test_urls_are_valid():
    meta = metadata()
    for key in ("tracker", "repository", "homepage"):
        url = urlparse(meta[key])
        assert url.scheme == "https" and url.netloc, key


def test_changelog_has_the_metadata_version():
    changelog = (PLUGIN_DIR.parent / "CHANGELOG.md").read_text(encoding="utf-8")
    assert re.search(rf"^## {re.escape(metadata()['version'])} - \d{{4}}-\d{{2}}-\d{{2}}$", changelog, re.M)
