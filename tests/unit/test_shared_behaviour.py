"""The shared behaviour of tests/store_behaviour.py (intake and review) on the GeoPackage store;
tests/postgis/test_shared_behaviour.py runs the same functions on PostGIS."""

from __future__ import annotations

import pytest

from mitmach_qgis.data.gpkg_store import GeoPackageStore
from tests.store_behaviour import SHARED_BEHAVIOURS
from tests.unit.test_store import AREA


@pytest.fixture
def store(tmp_path):
    return GeoPackageStore.create(tmp_path / "db.gpkg", areas=[("Pilot", AREA)], user="officer1")


@pytest.mark.parametrize("behaviour", SHARED_BEHAVIOURS, ids=lambda b: b.__name__)
def test_shared_behaviour(store, behaviour):
    behaviour(store)
