"""Paths and small helpers shared by the test tiers."""

from __future__ import annotations

import configparser
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PLUGIN_DIR = ROOT / "mitmach_qgis"
SYSTEM_PYTHON = "/usr/bin/python3"


def metadata() -> configparser.SectionProxy:
    parser = configparser.ConfigParser(interpolation=None)
    parser.read(PLUGIN_DIR / "metadata.txt", encoding="utf-8")
    return parser["general"]


def packaged_zip() -> Path:
    """Build the plugin zip as a user would (``make package``) and return its path."""
    subprocess.run(["make", "-s", "package"], cwd=ROOT, check=True, capture_output=True, text=True)
    return ROOT / "dist" / f"mitmach_qgis.{metadata()['version']}.zip"


def wait_until(predicate, seconds: float = 10.0, what: str = "the condition") -> None:
    """Let Qt run (tasks finish, queued signals arrive) until ``predicate()`` holds; fail after ``seconds``."""
    import time

    from qgis.PyQt.QtCore import QCoreApplication

    deadline = time.monotonic() + seconds
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        QCoreApplication.processEvents()
        time.sleep(0.005)


def hold_lock(path, seconds: float, statement: str = "BEGIN EXCLUSIVE"):
    """Another connection (as another program would) taking a lock for ``seconds``, in a thread; returns
    the thread once the lock is held. ``statement``: ``BEGIN EXCLUSIVE``, or an SQL statement run inside
    ``BEGIN`` (an INSERT takes the write lock, a SELECT a read lock)."""
    import sqlite3
    import threading
    import time

    ready = threading.Event()

    def hold():
        other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
        if statement.upper().startswith("BEGIN"):
            other.execute(statement)
        else:
            other.execute("BEGIN")
            other.execute(statement).fetchall()
        ready.set()
        time.sleep(seconds)
        other.execute("ROLLBACK")
        other.close()

    thread = threading.Thread(target=hold)
    thread.start()
    ready.wait(5)
    return thread
