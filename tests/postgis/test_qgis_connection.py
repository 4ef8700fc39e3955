"""Opening by the name of a QGIS PostgreSQL connection whose login lives in QGIS's authentication database."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.helpers import ROOT
from tests.pg_fixtures import planner_login


def test_a_qgis_connection_with_authcfg_opens_the_store_and_the_password_stays_hidden(
    pg_store_db, pg_store, tmp_path
):
    from mitmach_qgis.data import pg_roles
    from mitmach_qgis.data.pg_store import PostgisStore

    PostgisStore.create(pg_store_db.uri(schema="pilot"))
    user, password = planner_login(pg_store_db)
    conn = pg_store_db.connect(autocommit=False)
    pg_roles.setup_roles(conn, "pilot")
    conn.commit()
    conn.close()
    cluster = pg_store_db.cluster
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "QGIS_AUTH_DB_DIR_PATH": str(tmp_path / "auth"),
           "PYTHONPATH": str(ROOT)}  # fmt: skip
    Path(env["QGIS_AUTH_DB_DIR_PATH"]).mkdir()
    script = Path(__file__).with_name("qgis_connection_check.py")
    proc = subprocess.run(
        [sys.executable, str(script), cluster.host, str(cluster.port), pg_store_db.name, user, password,
         str(tmp_path / "profile")],
        capture_output=True, text=True, env=env, cwd=ROOT, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr[-3000:]
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["themes"] == 9, "connected as the planner through the authcfg login"
    assert result["label"] == "QGIS connection 'Council' (schema mitmach)"
    assert "No such connection" in result["missing"]
    assert result["pilot_label"] == "QGIS connection 'Council' (schema pilot)" and result["pilot_themes"] == 9
    assert result["pilot_is_postgres"] is True
    assert result["pilot_reopen"] == "Council schema=pilot" and result["default_reopen"] == "Council"
    assert "authcfg=" in result["saved_uri"]
    for text in (proc.stdout, proc.stderr, *result.values()):
        assert password not in str(text)
