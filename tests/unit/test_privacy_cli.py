"""``forget`` and ``purge`` on the command line: summaries in words, nothing personal, clear errors."""

from __future__ import annotations

import shutil
import sqlite3

import pytest

from mitmach_qgis.data.gpkg_store import GeoPackageStore
from tests.unit.test_cli import run_cli
from tests.unit.test_privacy import OFFICER, TARGET, TRACES, file_bytes, idea, person
from tests.unit.test_store import FIXTURE_V1


@pytest.fixture
def db(tmp_path):
    store = GeoPackageStore.create(tmp_path / "pilot.gpkg", user=OFFICER)
    target = person(store, TARGET)
    idea(store, target, description="Quirin Quabbelbrink")
    return store.path, target


def test_forget_prints_a_summary_without_personal_data(db):
    path, target = db
    proc = run_cli("forget", str(path), target, "--user", OFFICER)
    assert proc.returncode == 0, proc.stderr
    assert "Participants erased (record deleted): 1" in proc.stdout
    assert "Proposals kept as anonymous ideas (texts, exact point and link removed): 1" in proc.stdout
    assert "The file was rebuilt" in proc.stdout
    output = (proc.stdout + proc.stderr).lower()
    assert target not in output and not [t for t in TRACES if t.lower() in output]
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("SELECT count(*) FROM participants").fetchone()[0] == 0
        assert conn.execute("SELECT user_name FROM events WHERE action = 'erase'").fetchall() == [(OFFICER,)]
    finally:
        conn.close()
    again = run_cli("forget", str(path), target)
    assert again.returncode == 2 and "does not exist; nothing was changed" in again.stderr
    assert "Traceback" not in again.stderr


def test_forget_speaks_german(db):
    path, target = db
    proc = run_cli("forget", str(path), target, lang="de")
    assert proc.returncode == 0, proc.stderr
    assert "Gelöschte Teilnehmende (Datensatz entfernt): 1" in proc.stdout


def test_purge_dry_run_changes_nothing_then_purge_runs(db):
    path, _ = db
    before = file_bytes(path)
    dry = run_cli("purge", str(path), "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert (
        "12 months" in dry.stdout and "0 due" in dry.stdout and "Dry run: nothing was changed." in dry.stdout
    )
    assert file_bytes(path) == before
    real = run_cli("purge", str(path), "--user", OFFICER)
    assert real.returncode == 0, real.stderr
    assert "Nothing was due; no record was changed." in real.stdout


def test_purge_dry_run_leaves_an_old_file_as_it_is(tmp_path):
    path = tmp_path / "old.gpkg"
    shutil.copy(FIXTURE_V1, path)
    before = file_bytes(path)
    proc = run_cli("purge", str(path), "--dry-run")
    assert proc.returncode == 0, proc.stderr
    assert file_bytes(path) == before and not list(tmp_path.glob("*backup*"))


def test_a_bad_setting_or_file_is_a_clear_error(db, tmp_path):
    path, _ = db
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("UPDATE mitmach_meta SET value = 'zwölf' WHERE key = 'retention_contact_months'")
    conn.close()
    before = file_bytes(path)
    for args in (("purge", str(path)), ("purge", str(path), "--dry-run")):
        proc = run_cli(*args)
        assert proc.returncode == 2 and "retention_contact_months" in proc.stderr and "zwölf" in proc.stderr
        assert "Traceback" not in proc.stderr
    assert file_bytes(path) == before
    missing = run_cli("forget", str(tmp_path / "nope.gpkg"), "x")
    assert missing.returncode == 2 and "does not exist" in missing.stderr
