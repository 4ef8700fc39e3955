"""The CLI with PostgreSQL targets: every command that takes a database takes a PostgreSQL URI too."""

from __future__ import annotations

import sqlite3

from mitmach_qgis.data.pg_store import PostgisStore
from tests.helpers import ROOT
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


def test_create_with_roles_grants_the_planner_no_participants(pg_db, tmp_path):
    proc = run_cli("create", pg_db.uri(), "--roles")
    assert proc.returncode == 0, proc.stderr
    conn = pg_db.connect()
    with conn.cursor() as cur:
        cur.execute("SELECT has_table_privilege('mitmach_officer', 'mitmach.participants', 'SELECT'), "
                    "has_table_privilege('mitmach_planner', 'mitmach.participants', 'SELECT'), "
                    "has_table_privilege('mitmach_public', 'mitmach.public_hex_cells', 'SELECT')")  # fmt: skip
        assert cur.fetchone() == (True, False, True)
    conn.close()
    conn = pg_db.connect()
    with conn.cursor() as cur:  # a grant lost, then renewed by the roles command
        cur.execute("REVOKE SELECT ON mitmach.public_hex_cells FROM mitmach_public")
    conn.close()
    renewed = run_cli("roles", pg_db.uri())
    assert renewed.returncode == 0, renewed.stderr
    conn = pg_db.connect()
    with conn.cursor() as cur:
        cur.execute("SELECT has_table_privilege('mitmach_public', 'mitmach.public_hex_cells', 'SELECT')")
        assert cur.fetchone() == (True,)
    conn.close()
    assert run_cli("roles", str(tmp_path / "y.gpkg")).returncode == 2
    refused = run_cli("create", str(tmp_path / "x.gpkg"), "--roles")
    assert refused.returncode == 2 and "--roles" in refused.stderr and not (tmp_path / "x.gpkg").exists()


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


def test_every_command_takes_a_postgres_target(pg_db, tmp_path):
    """demo (its database on PostGIS), import, match, cluster, export, forget and purge with a PostgreSQL URI,
    each checked against the database, and the same answers as the GeoPackage copy of that database."""
    import csv
    import json

    from mitmach_qgis.core.demo import generate_demo_town

    uri = with_password(pg_db.uri())
    out = tmp_path / "demo"
    demo = run_cli("demo", str(out), "--database", uri, "--participants", "120")
    assert demo.returncode == 0, demo.stderr
    town = generate_demo_town(seed=2026, participants=120)
    store = PostgisStore.open(pg_db.uri())
    assert store.count("participants") == len(town.participants)
    assert store.count("proposals") == len(town.proposals) and store.count("buildings") == len(town.buildings)
    assert not (out / "mitmach-demo.gpkg").exists(), "the demo database is on PostGIS, not in the folder"
    assert (out / "public-map.pdf").stat().st_size > 0 and (out / "webmap" / "index.html").exists()
    again = run_cli("demo", str(out), "--database", uri, "--participants", "10")
    assert again.returncode == 2 and "exists already" in again.stderr
    assert store.count("participants") == len(town.participants), "an existing schema is not replaced"
    everything = demo.stdout + demo.stderr + again.stderr

    copy = tmp_path / "copy.gpkg"  # the same database as a GeoPackage: every answer must be the same
    assert run_cli("migrate", pg_db.uri(), str(copy)).returncode == 0

    with store.reading() as conn:
        uuid = conn.execute(
            "SELECT uuid FROM proposals WHERE status = 'checked' AND theme = 'heating' ORDER BY fid LIMIT 1"
        ).fetchone()[0]
        person = conn.execute(
            "SELECT uuid, family_name, email FROM participants ORDER BY fid LIMIT 1"
        ).fetchone()
    ranked = {}
    for db in (uri, str(copy)):
        proc = run_cli("match", db, "--proposal", uuid, "--limit", "5", "--json")
        assert proc.returncode == 0, proc.stderr
        ranked[db] = json.loads(proc.stdout)
        everything += proc.stdout + proc.stderr
    assert ranked[uri] and ranked[uri] == ranked[str(copy)]

    pairs = {}
    for db, name in ((uri, "pg.csv"), (str(copy), "gpkg.csv")):
        proc = run_cli("match", db, "--all", "--output", str(tmp_path / name))
        assert proc.returncode == 0, proc.stderr
        with (tmp_path / name).open(encoding="utf-8") as fh:
            pairs[name] = sorted(tuple(sorted(r.items())) for r in csv.DictReader(fh))
    assert pairs["pg.csv"] and pairs["pg.csv"] == pairs["gpkg.csv"]

    clusters = {}
    for db, name in ((uri, "c-pg.gpkg"), (str(copy), "c-gpkg.gpkg")):
        proc = run_cli("cluster", db, "--output", str(tmp_path / name))
        assert proc.returncode == 0, proc.stderr
        clusters[name] = proc.stdout.split(":")[0]
    assert clusters["c-pg.gpkg"] == clusters["c-gpkg.gpkg"] and not clusters["c-pg.gpkg"].startswith("0 ")

    export = run_cli("export", uri, "--out", str(tmp_path / "public"), "--formats", "pdf,web")
    assert export.returncode == 0, export.stderr
    assert (tmp_path / "public" / "public-map.pdf").exists()
    web = "".join(
        p.read_text(encoding="utf-8", errors="ignore") for p in (tmp_path / "public").rglob("*.js*")
    )
    assert person["family_name"] not in web and person["email"] not in web

    source = ROOT / "tests" / "data" / "submissions" / "online_form.csv"
    before = store.count("proposals")
    imported = run_cli("import", uri, str(source))
    assert imported.returncode == 0, imported.stderr
    assert store.count("proposals") > before
    assert "0 submissions imported" in run_cli("import", uri, str(source)).stdout

    dry = run_cli("purge", uri, "--dry-run")
    assert dry.returncode == 0, dry.stderr
    people = store.count("participants")
    forgotten = run_cli("forget", uri, person["uuid"], "--user", "officer1")
    assert forgotten.returncode == 0, forgotten.stderr
    assert store.count("participants") == people - 1
    with store.reading() as conn:
        assert (
            conn.execute("SELECT count(*) FROM participants WHERE uuid = ?", (person["uuid"],)).fetchone()[0]
            == 0
        )
    everything += imported.stdout + imported.stderr + dry.stdout + forgotten.stdout + forgotten.stderr
    assert SECRET not in everything and person["email"] not in everything


def test_a_folder_is_not_a_database_and_an_unknown_file_is_named(pg_db, tmp_path):
    demo = run_cli("demo", pg_db.uri())
    assert demo.returncode == 2 and "--database" in demo.stderr and "Traceback" not in demo.stderr
    missing = run_cli("match", str(tmp_path / "nowhere.gpkg"), "--all", "--output", str(tmp_path / "p.csv"))
    assert missing.returncode == 2 and "nowhere.gpkg" in missing.stderr and "does not exist" in missing.stderr
    assert not any(tmp_path.iterdir())
