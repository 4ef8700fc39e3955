"""mitmach:importsubmissions with DATABASE = a PostGIS database (a ``postgresql://`` URI), under QGIS: the
real WGS 84 → EPSG:25832 transformation, the gazetteer in the database, the report, a second run that adds
nothing, a cancel that writes nothing, and a role that may not write."""

from __future__ import annotations

import math

from qgis.core import QgsProcessingContext, QgsProcessingFeedback

from mitmach_qgis.data import pg_roles
from mitmach_qgis.processing_provider.import_submissions import ImportSubmissionsAlgorithm
from tests.behaviour_import import DATA, proposals, with_gazetteer
from tests.behaviour_privacy import snapshot
from tests.qgis.test_import import _FixedDate


class Feedback(QgsProcessingFeedback):
    """Keeps the error messages; cancels once progress passes ``cancel_above`` (80–100: writing)."""

    def __init__(self, cancel_above: float | None = None) -> None:
        super().__init__()
        self.messages: list[str] = []
        self.cancel_above = cancel_above

    def reportError(self, error, fatalError=False):
        self.messages.append(error)

    def setProgress(self, value):
        super().setProgress(value)
        if self.cancel_above is not None and value > self.cancel_above:
            self.cancel()


def run_algorithm(params, cancel_above: float | None = None):
    algorithm = ImportSubmissionsAlgorithm()
    algorithm.initAlgorithm()
    feedback = Feedback(cancel_above)
    results, ok = algorithm.run(params, QgsProcessingContext(), feedback)
    return results, ok, feedback.messages


def test_the_algorithm_imports_into_postgis(pg_store_db, pg_store, tmp_path, monkeypatch):
    monkeypatch.setattr("mitmach_qgis.core.submissions.date", _FixedDate)
    with_gazetteer(pg_store)
    before = snapshot(pg_store)
    uri = pg_store_db.uri()
    source = str(DATA / "online_form.csv")
    results, ok, messages = run_algorithm({"DATABASE": uri, "INPUT": source}, cancel_above=85)
    assert not ok and any("cancelled; nothing was written" in m for m in messages), messages
    assert snapshot(pg_store) == before

    report = tmp_path / "report.csv"
    results, ok, messages = run_algorithm({"DATABASE": uri, "INPUT": source, "REPORT": str(report)})
    assert ok, messages
    assert (results["IMPORTED"], results["SKIPPED"], results["DUPLICATES"], results["PROPOSALS"]) == (
        6,
        1,
        0,
        8,
    )
    assert "W-1005" in report.read_text(encoding="utf-8-sig")
    assert (pg_store.count("participants"), pg_store.count("proposals")) == (6, 8)
    found = proposals(pg_store)
    anna, bernd = found["W-1003"][0], found["W-1004"][0]  # placed by lat/lon through QGIS's transformation
    assert math.dist(anna["xy"], (357600.0, 5711450.0)) < 1.0 and anna["in_area"] is True
    assert bernd["in_area"] is False and found["W-1001"][0]["xy"] == (357400.0, 5711400.0)

    after = snapshot(pg_store)
    results, ok, _ = run_algorithm({"DATABASE": uri, "INPUT": source})
    assert ok and (results["IMPORTED"], results["DUPLICATES"], results["PROPOSALS"]) == (0, 6, 0)
    assert snapshot(pg_store) == after


def test_a_planner_cannot_import_and_is_told_so(pg_store_db, pg_store, monkeypatch):
    monkeypatch.setattr("mitmach_qgis.core.submissions.date", _FixedDate)
    conn = pg_store_db.connect(autocommit=False)
    pg_roles.setup_roles(conn, "mitmach")
    conn.commit()
    conn.close()
    user, password = pg_store_db.login_role(pg_roles.PLANNER)
    uri = pg_store_db.uri(user=user).replace(f"{user}@", f"{user}:{password}@")
    before = snapshot(pg_store)
    _, ok, messages = run_algorithm({"DATABASE": uri, "INPUT": str(DATA / "online_form.csv")})
    assert not ok and any("You are not allowed" in m for m in messages), messages
    assert not [m for m in messages if password in m]
    assert snapshot(pg_store) == before
