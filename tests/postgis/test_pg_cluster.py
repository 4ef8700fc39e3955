"""tools/pg_cluster.py: a private cluster in a temporary folder, only on its socket, removed by stop."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

from tests.pg_fixtures import pg_tool, tool_path

SYSTEM_DATA = Path("/var/lib/postgresql")


def test_the_session_cluster_listens_only_on_its_own_socket(pg_cluster):
    assert pg_cluster.psql("SHOW listen_addresses") == ""
    assert pg_cluster.psql("SHOW unix_socket_directories") == str(pg_cluster.socket_dir)
    assert (pg_cluster.socket_dir / f".s.PGSQL.{pg_cluster.port}").exists()
    assert pg_cluster.psql("SHOW data_directory") == str(pg_cluster.data_dir)
    assert SYSTEM_DATA not in pg_cluster.data_dir.parents
    assert pg_cluster.psql(
        "SELECT extversion FROM pg_extension WHERE extname = 'postgis'", dbname="mitmach_template"
    )


def test_command_line_start_and_stop_leave_nothing_behind(tmp_path):
    env = {**os.environ, "MITMACH_PG_STATE": str(tmp_path / "state.json")}
    start = subprocess.run(["/usr/bin/python3", str(tool_path()), "start"], capture_output=True, text=True,
                           env=env, timeout=120)  # fmt: skip
    assert start.returncode == 0, start.stderr
    state = json.loads((tmp_path / "state.json").read_text())
    base = Path(state["base_dir"])
    try:
        assert start.stdout.startswith("postgresql://postgres@") and start.stdout.strip().endswith(
            "?schema=mitmach"
        )
        cluster = pg_tool.PgCluster.from_state(state)
        assert cluster.running and cluster.psql("SELECT 1", dbname="mitmach") == "1"
        again = subprocess.run(["/usr/bin/python3", str(tool_path()), "start"], capture_output=True, text=True,
                               env=env, timeout=60)  # fmt: skip
        assert again.returncode == 1 and "already running" in again.stderr
    finally:
        stop = subprocess.run(["/usr/bin/python3", str(tool_path()), "stop"], capture_output=True, text=True,
                              env=env, timeout=120)  # fmt: skip
    assert stop.returncode == 0, stop.stderr
    assert not base.exists() and not (tmp_path / "state.json").exists()


def test_missing_binaries_are_named_with_the_way_to_install_them(monkeypatch, tmp_path):
    monkeypatch.setattr(pg_tool, "BINDIR", tmp_path)
    assert str(tmp_path / "initdb") in pg_tool.missing_binaries()
    try:
        pg_tool.PgCluster().start()
    except pg_tool.ClusterError as exc:
        assert "make setup" in str(exc)
    else:
        raise AssertionError("started without PostgreSQL")
