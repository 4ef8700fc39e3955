"""data.stores: which backend a database argument names, and opening it."""

from __future__ import annotations

import pytest

from mitmach_qgis.data.errors import StoreError
from mitmach_qgis.data.gpkg_store import GeoPackageStore
from mitmach_qgis.data.stores import is_postgres, open_store, store_label


@pytest.mark.parametrize(
    "target",
    [
        "postgresql://officer@db.council.example:5432/gis?schema=mitmach",
        "postgres://officer@db/gis",
        "service=council",
        "service=council schema=pilot",
        "host=db dbname=gis",
    ],
)
def test_postgres_targets(target):
    assert is_postgres(target)


def test_files_are_not_postgres(tmp_path):
    existing = tmp_path / "service=odd-but-a-file"
    existing.write_text("")
    for target in (
        tmp_path / "x.gpkg",
        str(tmp_path / "missing.gpkg"),
        existing,
        "no-such-connection-or-file",
    ):
        assert not is_postgres(target), target


def test_open_store_opens_a_geopackage_and_passes_a_store_through(tmp_path):
    created = GeoPackageStore.create(tmp_path / "db.gpkg")
    opened = open_store(str(tmp_path / "db.gpkg"))
    assert isinstance(opened, GeoPackageStore) and opened.path == created.path
    assert open_store(opened) is opened and is_postgres(opened) is False
    assert store_label(opened) == "db.gpkg"
    with pytest.raises(StoreError):
        open_store(tmp_path / "missing.gpkg")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Council", ("Council", None)),
        ("Council DB schema=pilot", ("Council DB", "pilot")),
        ("Council  schema = pilot ", ("Council", "pilot")),
        ("Schema Council", ("Schema Council", None)),
    ],
)
def test_a_connection_name_may_carry_a_schema(text, expected):
    from mitmach_qgis.data.pg_store import split_connection_name

    assert split_connection_name(text.strip()) == expected
