"""tests/behaviour_matching_export.py (match groups, contact texts, matching, clustering input, public figures)
on the GeoPackage store; tests/postgis/test_shared_matching_export.py runs the same functions on PostGIS."""

from __future__ import annotations

import pytest

from mitmach_qgis.data.gpkg_store import GeoPackageStore
from tests.behaviour_matching_export import BEHAVIOURS
from tests.unit.test_store import AREA


@pytest.fixture
def store(tmp_path):
    return GeoPackageStore.create(tmp_path / "db.gpkg", areas=[("Pilot", AREA)], user="officer1")


@pytest.mark.parametrize("behaviour", BEHAVIOURS, ids=lambda b: b.__name__)
def test_shared_matching_and_export(store, behaviour):
    behaviour(store)
