"""Shared use (issue 8): separate OS processes saving to one GeoPackage, and kill -9 while saving.

A small version of ``bench/bench_shared.py`` (the workers are ``bench/shared_worker.py``). The store's
concurrency policy is the real one: nothing here lowers ``busy_timeout_ms`` or ``write_deadline_s``. The
checker's own tests below write half-written and duplicated submissions on purpose, so a store whose saves
were not atomic or not idempotent would fail the process tests.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap

import pytest

from bench.bench_shared import check_file, crash_test, journal_state, make_plan, run_scenario
from bench.shared_worker import as_submission
from mitmach_qgis.data.errors import StoreError
from mitmach_qgis.data.gpkg_store import GeoPackageStore
from mitmach_qgis.data.intake import new_submission, save_submission
from tests.helpers import ROOT


def test_two_writer_processes_and_a_reader_lose_nothing_and_duplicate_nothing(tmp_path):
    result = run_scenario(tmp_path, writers=2, saves=40)
    assert result["error_samples"] == []
    assert result["saves"] == 80 and result["acknowledged"] == 80
    assert result["final_failures"] == 0 and result["other_errors"] == 0
    assert result["present"] == 80 and result["missing_acknowledged"] == 0
    assert result["duplicates"] == 0 and result["half_written"] == 0 and result["unplanned_rows"] == 0
    assert result["integrity"] == "ok"
    assert result["reader_reads"] > 0 and result["reader_errors"] == 0, result["reader_error_samples"]
    assert result["torn_reads"] == 0, "a reader saw a participant without its proposals"
    assert result["reads_seeing_wal"] == 0, "the store must never switch the file to WAL"
    assert result["max_s"] < GeoPackageStore.write_deadline_s + 5.0  # generous: bounded, never stuck


def test_kill_9_while_saving_keeps_every_acknowledged_save_whole_and_resubmit_is_idempotent(tmp_path):
    result = crash_test(tmp_path, kills=5, plan_size=800, seed=3, run_s=(0.0, 0.2), ideas=(1, 3))
    assert result["kills"] == 5 and result["kills_while_running"] >= 1
    assert result["acknowledged"] > 0
    assert result["integrity_failures"] == 0 and result["final_integrity"] == "ok"
    assert result["missing_acknowledged_after_kill"] == 0
    assert result["half_written_after_kill"] == 0 and result["duplicates_after_kill"] == 0
    assert result["resubmit_errors"] == 0
    assert result["present_after_resubmit"] == result["prepared"] == 800
    assert result["duplicates_after_resubmit"] == 0 and result["half_written_after_resubmit"] == 0


# -- the checker finds what it must ---------------------------------------------------------------------------
def test_checker_finds_half_written_missing_and_duplicated_submissions(tmp_path):
    db = tmp_path / "db.gpkg"
    store = GeoPackageStore.create(db)
    plan = make_plan(0, 4, seed=1, ideas=(2, 2))
    save_submission(store, as_submission(plan[0]), "t")
    save_submission(store, as_submission(plan[0]), "t")  # the same submission again: a no-op
    with store.transaction() as conn:  # a participant without its proposals (a non-atomic save)
        store.insert(conn, "participants", [{**plan[1]["participant"], "uuid": plan[1]["participant_uuid"]}])
    again = as_submission(plan[2])
    save_submission(store, again, "t")
    fresh = new_submission(again.participant, again.ideas, again.location)  # re-submitted with new uuids
    save_submission(store, fresh, "t")
    acknowledged = {plan[i]["participant_uuid"] for i in (0, 1, 3)}  # 3 was "acknowledged" but never saved
    found = check_file(db, plan, acknowledged)
    assert found["integrity"] == "ok"
    assert found["present"] == 2  # 0 and 2 (its first save)
    assert found["half_written"] == 1  # 1
    assert found["duplicates"] == 1  # 2 under fresh uuids
    assert found["missing_acknowledged"] == 2  # 1 (half) and 3 (absent)


def test_a_failed_save_writes_nothing(tmp_path):
    """save_submission is all or nothing: a proposal breaking a rule takes its participant with it."""
    db = tmp_path / "db.gpkg"
    store = GeoPackageStore.create(db)
    plan = make_plan(0, 1, seed=2, ideas=(2, 2))
    plan[0]["ideas"][1]["year_from"] = 1900  # breaks a CHECK constraint of the second proposal
    with pytest.raises(StoreError):
        save_submission(store, as_submission(plan[0]), "t")
    found = check_file(db, plan, set())
    assert found["present"] == 0 and found["half_written"] == 0


# -- a commit cut short leaves a hot journal ------------------------------------------------------------------
CRASH_IN_COMMIT = textwrap.dedent(
    """
    import os, signal, sys
    from mitmach_qgis.data.gpkg_store import GeoPackageStore
    store = GeoPackageStore.open(sys.argv[1])
    with store.transaction() as conn:
        conn.execute("PRAGMA cache_size = 5")  # pages spill into the file: the journal is synced, hot
        store.insert(conn, "participants", ({"family_name": "Bench spill", "role": "owner",
                                             "street": "x" * 500} for _ in range(3000)))
        os.kill(os.getpid(), signal.SIGKILL)
    """
)


def _crash_in_commit(db):
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p),
    }
    proc = subprocess.run([sys.executable, "-c", CRASH_IN_COMMIT, str(db)], env=env, cwd=ROOT, timeout=60)
    assert proc.returncode == -signal.SIGKILL
    assert journal_state(db.with_name(db.name + "-journal")) == (True, True), "expected a hot journal"


def test_a_hot_journal_is_rolled_back_and_kept_until_then(tmp_path):
    db = tmp_path / "db.gpkg"
    GeoPackageStore.create(db)
    _crash_in_commit(db)
    found = check_file(db, [], set())  # a read-write connection rolls the journal back
    assert found["integrity"] == "ok"
    assert journal_state(db.with_name(db.name + "-journal"))[1] is False
    assert GeoPackageStore.open(db).count("participants") == 0


def test_the_plugin_opens_a_file_whose_last_commit_was_cut_short(tmp_path):
    db = tmp_path / "db.gpkg"
    GeoPackageStore.create(db)
    _crash_in_commit(db)
    store = GeoPackageStore.open(db)
    assert store.count("participants") == 0
