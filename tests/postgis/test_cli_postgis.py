"""The CLI with PostgreSQL targets: ``create`` and ``migrate`` work, the other commands refuse clearly."""

from __future__ import annotations

import sqlite3

from mitmach_qgis.data.pg_store import PostgisStore
from tests.unit.test_cli import run_cli

SECRET = "Geheim-Passw0rt-0815"
AREA = (
    '{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::25832"}},'
    '"features":[{"type":"Feature","properties":{"name":"Pilot"},"geometry":{"type":"Polygon",'
    '"coordinates":[[[357000,5711000],[358000,5711000],[358000,5712000],[357000,5711000]]]}}]}'
)


def with_password(uri: str) -> str:
    return uri.replace("postgres@", f"postgres:{SECRET}@")


def test_create_on_postgis_with_area_overwrite_and_no_password_anywhere(pg_db, tmp_path):
    area = tmp_path / "area.geojson"
    area.write_text(AREA)
    uri = with_password(pg_db.uri())
    proc = run_cli("-v", "create", uri, "--area", str(area), "--crs", "EPSG:25832")
    assert proc.returncode == 0, proc.stderr
    assert "postgres@" in proc.stdout and SECRET not in proc.stdout + proc.stderr
    assert PostgisStore.open(pg_db.uri()).count("areas") == 1
    again = run_cli("create", uri)
    assert again.returncode == 2 and "exists already" in again.stderr and SECRET not in again.stderr
    assert "Traceback" not in again.stderr
    replaced = run_cli("create", uri, "--overwrite")
    assert replaced.returncode == 0, replaced.stderr
    assert PostgisStore.open(pg_db.uri()).count("areas") == 0
    wrong = run_cli("create", pg_db.uri(schema="other"), "--crs", "EPSG:4326")
    assert wrong.returncode == 2 and "metres" in wrong.stderr


def test_migrate_up_and_down_on_the_command_line(pg_db, tmp_path):
    source = tmp_path / "x.gpkg"
    assert run_cli("create", str(source)).returncode == 0
    uri = with_password(pg_db.uri())
    up = run_cli("-v", "migrate", str(source), uri)
    assert up.returncode == 0, up.stderr
    assert "proposals: 0" in up.stdout and "themes: 9" in up.stdout
    assert SECRET not in up.stdout + up.stderr
    back = tmp_path / "back.gpkg"
    down = run_cli("-v", "migrate", uri, str(back))
    assert down.returncode == 0, down.stderr
    assert SECRET not in down.stdout + down.stderr
    conn = sqlite3.connect(back)
    styled = {r[0] for r in conn.execute("SELECT f_table_name FROM layer_styles")}
    conn.close()
    assert {"proposals", "participants"} <= styled, "the file gets its styles and project as with create"
    refused = run_cli("migrate", str(source), uri)
    assert refused.returncode == 2 and "exists already" in refused.stderr and SECRET not in refused.stderr


def test_commands_that_need_a_geopackage_refuse_postgres_clearly(pg_db, tmp_path):
    uri = pg_db.uri()
    commands = [
        ("import", uri, str(tmp_path / "x.csv")),
        ("match", uri, "--all", "--output", str(tmp_path / "p.csv")),
        ("cluster", uri, "--output", str(tmp_path / "c.gpkg")),
        ("export", uri, "--out", str(tmp_path)),
        ("forget", uri, "00000000-0000-4000-8000-000000000000"),
        ("purge", uri, "--dry-run"),
        ("demo", uri),
    ]
    for command in commands:
        proc = run_cli(*command)
        assert proc.returncode == 2, (command, proc.stderr)
        assert "works on GeoPackage files only for now" in proc.stderr and "Traceback" not in proc.stderr
    assert not any(tmp_path.iterdir())
