"""The CLI runs with Debian's /usr/bin/python3 from the repository root, as the README says."""

from __future__ import annotations

import os
import subprocess

from tests.helpers import ROOT, SYSTEM_PYTHON


def run_cli(*args, lang="en"):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", LANG=f"{lang}_{lang.upper()}.UTF-8", LC_ALL="")
    env.pop("QGIS_CUSTOM_CONFIG_PATH", None)
    return subprocess.run(
        [SYSTEM_PYTHON, "-m", "mitmach_qgis", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_help_lists_the_commands():
    proc = run_cli("--help")
    assert proc.returncode == 0
    assert "demo" in proc.stdout


def test_demo_creates_the_output_folder(tmp_path):
    out = tmp_path / "nested" / "demo-output"
    proc = run_cli("demo", str(out))
    assert proc.returncode == 0, proc.stderr
    assert out.is_dir()


def test_unusable_output_folder_is_a_clear_error(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    proc = run_cli("demo", str(blocker / "sub"))
    assert proc.returncode == 2
    assert "Error:" in proc.stderr and str(blocker) in proc.stderr
    assert "Traceback" not in proc.stderr


def test_messages_follow_the_language(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    proc = run_cli("demo", str(blocker / "sub"), lang="de")
    assert proc.returncode == 2
    assert "Fehler: Der Ausgabeordner" in proc.stderr


VALIDATOR = "/usr/lib/python3/dist-packages/osgeo_utils/samples/validate_gpkg.py"


def test_create_writes_a_valid_styled_database_with_its_project(tmp_path):
    path = tmp_path / "x.gpkg"
    proc = run_cli("create", str(path))
    assert proc.returncode == 0, proc.stderr
    assert subprocess.run([SYSTEM_PYTHON, VALIDATOR, str(path)], capture_output=True).returncode == 0
    import sqlite3

    conn = sqlite3.connect(path)
    try:
        styled = {r[0] for r in conn.execute("SELECT f_table_name FROM layer_styles WHERE useAsDefault")}
        projects = [r[0] for r in conn.execute("SELECT name FROM qgis_projects")]
    finally:
        conn.close()
    assert {"proposals", "participants", "areas"} <= styled
    assert projects == ["mitmach"]


def test_create_with_area_file(tmp_path):
    area = tmp_path / "area.geojson"
    area.write_text(
        '{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::25832"}},'
        '"features":[{"type":"Feature","properties":{"name":"Pilot"},"geometry":{"type":"Polygon",'
        '"coordinates":[[[357000,5711000],[358000,5711000],[358000,5712000],[357000,5711000]]]}}]}'
    )
    proc = run_cli("create", str(tmp_path / "x.gpkg"), "--area", str(area))
    assert proc.returncode == 0, proc.stderr


def test_create_refusals_change_nothing(tmp_path):
    proc = run_cli("create", str(tmp_path / "geo.gpkg"), "--crs", "EPSG:4326")
    assert proc.returncode == 2 and "metres" in proc.stderr and "Traceback" not in proc.stderr
    existing = tmp_path / "x.gpkg"
    existing.write_bytes(b"keep me")
    proc = run_cli("create", str(existing))
    assert proc.returncode == 2 and "exists already" in proc.stderr
    assert existing.read_bytes() == b"keep me"
    proc = run_cli("create", str(tmp_path / "y.gpkg"), "--area", str(tmp_path / "missing.geojson"))
    assert proc.returncode == 2 and "does not exist" in proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.gpkg"]


def test_import_good_and_bad_rows_then_nothing_on_the_second_run(tmp_path):
    import sqlite3

    demo = run_cli("demo", str(tmp_path / "demo"))
    assert demo.returncode == 0, demo.stderr
    db = tmp_path / "demo" / "mitmach-demo.gpkg"
    source = ROOT / "tests" / "data" / "submissions" / "bad_rows.csv"
    report = tmp_path / "report.csv"
    first = run_cli("import", str(db), str(source), "--report", str(report))
    assert first.returncode == 0, first.stderr
    text = report.read_text(encoding="utf-8-sig")
    skipped = [line for line in text.splitlines()[1:] if ";skipped;" in line]
    assert skipped, "bad rows are listed in the report"
    assert all(line.split(";")[3].strip() for line in skipped), "every skipped row has its reasons"
    conn = sqlite3.connect(db)
    count = conn.execute("SELECT count(*) FROM proposals WHERE source = 'web'").fetchone()[0]
    conn.close()
    second = run_cli("import", str(db), str(source))
    assert second.returncode == 0
    assert "0 submissions imported" in second.stdout
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM proposals WHERE source = 'web'").fetchone()[0] == count
    conn.close()


def test_import_fatal_problem_exits_2_and_writes_nothing(tmp_path):
    db = tmp_path / "x.gpkg"
    assert run_cli("create", str(db)).returncode == 0
    before = db.read_bytes()
    bad = tmp_path / "no-columns.csv"
    bad.write_text("foo;bar\n1;2\n", encoding="utf-8")
    proc = run_cli("import", str(db), str(bad))
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    assert "columns" in proc.stderr
    assert db.read_bytes() == before


def test_match_prints_the_ranking_and_writes_all_pairs(tmp_path):
    import csv
    import json
    import sqlite3

    assert run_cli("demo", str(tmp_path / "demo")).returncode == 0
    db = tmp_path / "demo" / "mitmach-demo.gpkg"
    conn = sqlite3.connect(db)
    uuid = conn.execute(
        "SELECT uuid FROM proposals WHERE status = 'checked' AND theme = 'heating' ORDER BY fid LIMIT 1"
    ).fetchone()[0]
    names = [r[0] for r in conn.execute("SELECT family_name FROM participants")]
    conn.close()
    proc = run_cli("match", str(db), "--proposal", uuid, "--limit", "3", "--json")
    assert proc.returncode == 0, proc.stderr
    ranking = json.loads(proc.stdout)
    assert 1 <= len(ranking) <= 3
    assert [c["score"] for c in ranking] == sorted((c["score"] for c in ranking), reverse=True)
    assert all({"uuid", "theme", "distance_m", "score", "reasons", "sentence"} <= set(c) for c in ranking)
    text = run_cli("match", str(db), "--proposal", uuid, "--language", "en")
    assert text.returncode == 0 and " m apart" in text.stdout
    assert not any(name in text.stdout for name in names), "no personal data in the ranking"
    pairs = tmp_path / "pairs.csv"
    proc = run_cli("match", str(db), "--all", "--output", str(pairs))
    assert proc.returncode == 0, proc.stderr
    with pairs.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert rows and all(float(r["score"]) > 0 for r in rows)
    bad = run_cli("match", str(db), "--proposal", "00000000-0000-4000-8000-00000000dead")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr
