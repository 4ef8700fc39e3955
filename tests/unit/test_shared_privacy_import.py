"""Erasure, retention, consent and the import of web submissions (tests/behaviour_privacy.py,
tests/behaviour_import.py) on the GeoPackage store; tests/postgis/test_shared_privacy_import.py runs the same
functions on PostGIS."""

from __future__ import annotations

import pytest

from mitmach_qgis.data.gpkg_store import GeoPackageStore
from tests import behaviour_import, behaviour_privacy
from tests.unit.test_store import AREA


@pytest.fixture
def store(tmp_path):
    return GeoPackageStore.create(tmp_path / "db.gpkg", areas=[("Pilot", AREA)], user="officer1")


@pytest.mark.parametrize("behaviour", behaviour_privacy.BEHAVIOURS, ids=lambda b: b.__name__)
def test_privacy(store, behaviour):
    behaviour(store)


@pytest.mark.parametrize("behaviour", behaviour_import.BEHAVIOURS, ids=lambda b: b.__name__)
def test_import(store, behaviour):
    behaviour(store)
