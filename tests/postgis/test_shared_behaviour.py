"""The shared behaviour of tests/store_behaviour.py (intake and review) on PostGIS, through the same code
path as the GeoPackage (tests/unit/test_shared_behaviour.py runs the same functions there)."""

from __future__ import annotations

import pytest

from tests.store_behaviour import SHARED_BEHAVIOURS


@pytest.mark.parametrize("behaviour", SHARED_BEHAVIOURS, ids=lambda b: b.__name__)
def test_shared_behaviour(pg_store, behaviour):
    behaviour(pg_store)
