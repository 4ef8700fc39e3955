"""The processes of the shared-use benchmark (``bench_shared.py``) and of ``tests/unit/test_shared_use.py``.

Each runs as its own OS process on one GeoPackage::

    python -m bench.shared_worker ROLE '{"db": ..., ...}'

Roles:

- ``writer``: saves prepared submissions through the store (``intake.save_submission``), one JSON line per
  save into ``out`` (uuids, acknowledged, latency, attempts, first-attempt busy, final failure). With
  ``ack_log`` (the crash test) it first appends ``begin I`` and, after the save returned, ``ack I ...``
  with flush and fsync, so a parent that kills it with SIGKILL knows what the user saw as "saved".
- ``reader``: reads the review queue (``review.queue`` and ``review.status_counts``) and checks in one
  statement that no participant of the benchmark is visible without its proposals, until ``stop`` exists.
- ``peer_writer`` / ``peer_reader``: the same work the way plain QGIS does it with its defaults: one
  ``QgsVectorLayer`` on the GeoPackage's proposals, ``startEditing`` / ``addFeature`` / ``commitChanges``
  per save (``False`` counts as a failed save), and a reader iterating the layer's features.

With ``barrier`` a process prints ``ready`` once it has started and opened the file and waits for a line on
stdin, so all processes of a scenario start their work together.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

MARKER = "Bench"  # family names of the benchmark's participants start with it


def _barrier(args: dict) -> None:
    if args.get("barrier"):
        print("ready", flush=True)
        sys.stdin.readline()


def as_submission(item: dict):
    from mitmach_qgis.data.intake import Location, Submission

    return Submission(
        participant=item["participant"],
        ideas=tuple(item["ideas"]),
        location=Location(**item["location"]),
        participant_uuid=item["participant_uuid"],
        proposal_uuids=tuple(item["proposal_uuids"]),
    )


def _append(fh, line: str, sync: bool) -> None:
    fh.write(line + "\n")
    fh.flush()
    if sync:
        os.fsync(fh.fileno())


def writer(args: dict) -> None:
    from mitmach_qgis.data.errors import DatabaseInUseError, StoreError
    from mitmach_qgis.data.gpkg_store import GeoPackageStore
    from mitmach_qgis.data.intake import save_submission

    plan = json.loads(Path(args["plan"]).read_text(encoding="utf-8"))
    indices = args.get("indices") or list(range(args.get("start", 0), len(plan)))
    store = GeoPackageStore.open(args["db"])
    user = args.get("user", "bench")
    ack = open(args["ack_log"], "a", encoding="utf-8") if args.get("ack_log") else None  # noqa: SIM115
    out = open(args["out"], "a", encoding="utf-8")  # noqa: SIM115
    _barrier(args)
    try:
        for i in indices:
            item = plan[i]
            stats = store.stats
            busy_before, failures_before = stats.busy_first_attempt, stats.failures
            if ack:
                _append(ack, f"begin {i}", sync=False)
            error, failed = None, False
            started = time.perf_counter()
            try:
                save_submission(store, as_submission(item), user)
            except DatabaseInUseError as exc:
                failed, error = True, str(exc)
            except StoreError as exc:
                error = str(exc)
            latency = time.perf_counter() - started
            acknowledged = error is None
            if ack and acknowledged:
                _append(ack, f"ack {i} {latency:.6f} {stats.last_attempts}", sync=True)
            busy = (stats.busy_first_attempt - busy_before) + (stats.failures - failures_before) > 0
            row = {
                "index": i, "participant_uuid": item["participant_uuid"], "proposal_uuids": item["proposal_uuids"],
                "acknowledged": acknowledged, "latency_s": latency, "attempts": stats.last_attempts,
                "busy_first_attempt": busy, "final_failure": failed, "error": None if failed else error,
            }  # fmt: skip
            _append(out, json.dumps(row), sync=False)
    finally:
        out.close()
        if ack:
            ack.close()


TORN_SQL = (
    f"SELECT count(*) FROM participants p WHERE p.family_name LIKE '{MARKER} %' "
    "AND NOT EXISTS (SELECT 1 FROM proposals q WHERE q.participant_uuid = p.uuid)"
)


def reader(args: dict) -> None:
    from mitmach_qgis.data import review
    from mitmach_qgis.data.errors import StoreError
    from mitmach_qgis.data.gpkg_store import GeoPackageStore

    store = GeoPackageStore.open(args["db"])
    stop = Path(args["stop"])
    pause = float(args.get("pause_s", 0.01))
    wal = Path(f"{args['db']}-wal")
    reads, errors, torn, rows, latencies, wal_seen = 0, [], 0, 0, [], 0
    _barrier(args)
    while not stop.exists():
        started = time.perf_counter()
        wal_seen += wal.exists()
        try:
            rows = len(review.queue(store))
            review.status_counts(store)
            with store.reading() as conn:
                torn += conn.execute(TORN_SQL).fetchone()[0] > 0
            reads += 1
            latencies.append(time.perf_counter() - started)
        except (StoreError, OSError, ValueError) as exc:
            errors.append(str(exc)[:200])
        time.sleep(pause)
    result = {"reads": reads, "errors": len(errors), "error_samples": errors[:5], "torn_reads": torn,
              "last_rows": rows, "latencies_s": latencies, "wal_seen": wal_seen}  # fmt: skip
    Path(args["out"]).write_text(json.dumps(result), encoding="utf-8")


# -- the QGIS-native peer ------------------------------------------------------------------------------------
def _qgis():
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from qgis.core import QgsApplication

    app = QgsApplication([], False)
    app.initQgis()
    return app


def _proposals_layer(db: str):
    from qgis.core import QgsVectorLayer

    layer = QgsVectorLayer(f"{db}|layername=proposals", "proposals", "ogr")
    if not layer.isValid():
        raise RuntimeError(f"QGIS cannot open the proposals of {db}")
    return layer


def peer_writer(args: dict) -> None:
    """Plain QGIS with its defaults: per save one feature added to the proposals layer and committed."""
    app = _qgis()
    from qgis.core import QgsGeometry, QgsPointXY, QgsVectorLayerUtils

    plan = json.loads(Path(args["plan"]).read_text(encoding="utf-8"))
    layer = _proposals_layer(args["db"])
    fields = layer.fields()
    user = args.get("user", "peer")
    out = open(args["out"], "a", encoding="utf-8")  # noqa: SIM115
    _barrier(args)
    try:
        for i, item in enumerate(plan):
            idea, loc = item["ideas"][0], item["location"]
            values = {
                "uuid": item["proposal_uuids"][0], "participant_uuid": args.get("participant_uuid"),
                "theme": idea["theme"], "year_from": idea["year_from"], "year_to": idea["year_to"],
                "status": "submitted", "source": "officer", "officer": user, "location_source": loc["source"],
                "location_quality": loc["quality"], "created_by": user, "updated_by": user,
            }  # fmt: skip
            started = time.perf_counter()
            geometry = QgsGeometry.fromPointXY(QgsPointXY(loc["x"], loc["y"]))
            attributes = {fields.indexFromName(name): value for name, value in values.items()}
            # as QGIS's add-feature tool does: the layer's and the provider's default values filled in
            feature = QgsVectorLayerUtils.createFeature(layer, geometry, attributes)
            ok = layer.startEditing() and layer.addFeature(feature) and layer.commitChanges()
            error = None
            if not ok:
                error = "; ".join(layer.commitErrors())[:300]
                layer.rollBack()
            latency = time.perf_counter() - started
            busy = error is not None and ("locked" in error or "busy" in error)
            row = {"index": i, "proposal_uuids": [values["uuid"]], "acknowledged": bool(ok), "latency_s": latency,
                   "attempts": 1, "busy_first_attempt": busy, "final_failure": not ok, "error": error}  # fmt: skip
            _append(out, json.dumps(row), sync=False)
    finally:
        out.close()
        layer = None
        app.exitQgis()


def peer_reader(args: dict) -> None:
    app = _qgis()
    layer = _proposals_layer(args["db"])
    stop = Path(args["stop"])
    pause = float(args.get("pause_s", 0.01))
    wal = Path(f"{args['db']}-wal")
    reads, errors, rows, latencies, wal_seen = 0, [], 0, [], 0
    _barrier(args)
    while not stop.exists():
        started = time.perf_counter()
        wal_seen += wal.exists()
        try:
            layer.dataProvider().reloadData()
            rows = sum(1 for _ in layer.getFeatures())
            reads += 1
            latencies.append(time.perf_counter() - started)
        except Exception as exc:  # noqa: BLE001 - whatever QGIS raises counts as a failed read
            errors.append(str(exc)[:200])
        time.sleep(pause)
    result = {"reads": reads, "errors": len(errors), "error_samples": errors[:5], "torn_reads": 0,
              "last_rows": rows, "latencies_s": latencies, "wal_seen": wal_seen}  # fmt: skip
    Path(args["out"]).write_text(json.dumps(result), encoding="utf-8")
    layer = None
    app.exitQgis()


ROLES = {"writer": writer, "reader": reader, "peer_writer": peer_writer, "peer_reader": peer_reader}


def main(argv: list[str]) -> int:
    ROLES[argv[1]](json.loads(argv[2]))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
