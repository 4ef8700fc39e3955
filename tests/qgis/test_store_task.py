"""GUI writes run in a QgsTask: QGIS keeps running while the store waits for a locked database."""

from __future__ import annotations

import time

import pytest
from qgis.PyQt.QtCore import QTimer
from qgis.PyQt.QtWidgets import QWidget

from mitmach_qgis.data.errors import DatabaseInUseError
from mitmach_qgis.data.gpkg_store import GeoPackageStore
from mitmach_qgis.gui.store_task import run_write
from tests.helpers import hold_lock


@pytest.fixture
def store(tmp_path):
    return GeoPackageStore.create(tmp_path / "x.gpkg")


def _insert(store, name):
    with store.transaction() as conn:
        conn.execute("INSERT INTO participants (family_name, role) VALUES (?, 'owner')", (name,))
    return 0  # a falsy result must come back as it is


def test_the_window_keeps_running_while_a_save_waits_for_the_lock(store, monkeypatch):
    monkeypatch.setattr(GeoPackageStore, "busy_timeout_ms", 10)
    widget = QWidget()
    ticks, disabled_during = [], []
    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(
        lambda: (ticks.append(time.monotonic()), disabled_during.append(not widget.isEnabled()))
    )
    timer.start()
    thread = hold_lock(store.path, 0.6)
    try:
        started = time.monotonic()
        assert run_write(lambda: _insert(store, "wartend"), widget=widget) == 0
        waited = time.monotonic() - started
    finally:
        timer.stop()
        thread.join()
    assert waited >= 0.4, "the save really waited for the other writer"
    assert len(ticks) >= 5, "the event loop ran while the save waited (the window did not freeze)"
    assert all(disabled_during) and widget.isEnabled(), "disabled while saving, enabled again afterwards"
    assert store.count("participants") == 1


def test_the_writes_exception_reaches_the_caller_and_the_widget_is_enabled_again(store, monkeypatch):
    monkeypatch.setattr(GeoPackageStore, "busy_timeout_ms", 10)
    monkeypatch.setattr(GeoPackageStore, "write_deadline_s", 0.2)
    widget = QWidget()
    thread = hold_lock(store.path, 0.8)
    try:
        with pytest.raises(DatabaseInUseError, match="not saved"):
            run_write(lambda: _insert(store, "vergeblich"), widget=widget)
    finally:
        thread.join()
    assert widget.isEnabled() and store.count("participants") == 0
    with pytest.raises(ValueError, match="kaputt"):
        run_write(lambda: (_ for _ in ()).throw(ValueError("kaputt")))
