"""PostGIS (issue 9, "Measure"): concurrent writers through PostgisStore, and matching and clustering on a
100 000-proposal PostGIS database next to the same on GeoPackage and next to PostGIS's ``ST_ClusterDBSCAN``.

Everything runs on a throwaway cluster of its own (``tools/pg_cluster.py``: a temporary folder, a Unix
socket inside it; stopped and removed at the end). Its settings are the test cluster's: ``fsync`` and
``synchronous_commit`` off, so the write latencies are those of a server with a fast disk (or a battery-backed
cache), not of a council's default installation.

Rows (bench/README.md, "PostGIS", says how to read them):
- ``postgis.writers`` (size = writer processes, 8): each process saves 500 prepared submissions (participant +
  one proposal, uuids chosen before the first attempt) through ``PostgisStore.run``: one transaction, an
  existence check by uuid, ``store.insert`` of both rows; every 10th submission is sent twice (a double
  click: the second must find the first). Two of the eight also edit 20 shared "hot" proposals the way a
  form does — read the version, then ``UPDATE … WHERE uuid = %s AND version = %s`` — and count the refusals
  (0 rows: someone else saved first). median/p95 = latency of a save (the ``run`` call, retries included).
- ``postgis.save`` (size = saves): one writer alone, a participant + proposal per save through
  ``PostgisStore.transaction()`` with the store's connection pool; peer: the same saves with the pool switched
  off (a new connection per save, what the store did before). Shows what connecting costs per save.
- ``postgis.matching.load`` / ``.query`` / ``.all_pairs``: ``match_source.load_index`` on PostGIS (binary
  COPY, ``data/pg_read.py``) with the GeoPackage as the peer; 1 000 queries; every pair within 150 m.
  ``agree``: rankings / pairs identical to the GeoPackage's.
- ``postgis.clustering.dbscan``: per theme (eps 125 m, min points 3) ``cluster_source.read_points`` +
  ``core.clustering.dbscan`` on PostGIS; peer: PostGIS's own ``ST_ClusterDBSCAN`` (one query, ``PARTITION BY
  theme``, every row fetched). ``equal_gpkg``: labels and core flags identical to the GeoPackage path's;
  ``agree_st``: the same clustered / noise points and the same partition of the core points as
  ``ST_ClusterDBSCAN`` (its border points may join either neighbouring cluster, as DBSCAN allows).
- ``postgis.clustering.gpkg``: our same clustering on the GeoPackage (for the side by side).

Run: ``PYTHONPATH=/usr/share/qgis/python/plugins /usr/bin/python3 -m bench.run bench_postgis`` (about 2
minutes). ``MITMACH_BENCH_POSTGIS_SIZE`` / ``MITMACH_BENCH_POSTGIS_SAVES`` shorten it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
import uuid as uuidlib
from collections import Counter
from pathlib import Path

import numpy as np

from .bench_shared import reap
from .common import HERE, THEMES, city_rows, median, percentile, record, synthetic_city

PREFIX = "postgis"
ROOT = HERE.parent
SIZE = int(os.environ.get("MITMACH_BENCH_POSTGIS_SIZE", "100000"))
WRITERS = 8
SAVES = int(os.environ.get("MITMACH_BENCH_POSTGIS_SAVES", "500"))
RESUBMIT_EVERY = 10
EDITORS = 2  # of the writers, also editing the hot proposals
HOT = 20
EDIT_EVERY = 2  # an editor edits a hot proposal after every second save
EPS, MIN_POINTS, RADIUS, QUERIES = 125.0, 3, 150.0, 1000
MARKER = "BenchPG"
AREA = (357000.0, 5711000.0, 358200.0, 5711900.0)


def _uuid(kind: int, k: int) -> str:
    """A valid, sortable uuid for the city's k-th proposal (kind 8) or participant (kind 9)."""
    return f"00000000-0000-4000-{kind}000-{k:012d}"


# -- the writers ---------------------------------------------------------------------------------------------------
def make_plan(writer: int, n: int) -> list[dict]:
    rng = np.random.default_rng(1000 + writer)
    return [
        {"participant": str(uuidlib.UUID(bytes=rng.bytes(16), version=4)),
         "proposal": str(uuidlib.UUID(bytes=rng.bytes(16), version=4)),
         "name": f"{MARKER} w{writer} #{i}", "theme": THEMES[int(rng.integers(len(THEMES)))],
         "x": float(rng.uniform(AREA[0], AREA[2])), "y": float(rng.uniform(AREA[1], AREA[3]))}
        for i in range(n)
    ]  # fmt: skip


def save(store, item: dict) -> bool:
    """One submission in one transaction; True when written now, False when it was there already."""

    def work(conn) -> bool:
        if conn.execute("SELECT 1 FROM participants WHERE uuid = %s", (item["participant"],)).fetchone():
            return False
        store.insert(conn, "participants", [{"uuid": item["participant"], "family_name": item["name"],
                                             "role": "owner", "created_by": "bench"}])  # fmt: skip
        store.insert(conn, "proposals", [{"uuid": item["proposal"], "participant_uuid": item["participant"],
                                          "theme": item["theme"], "status": "submitted", "created_by": "bench",
                                          "geom": ("point", item["x"], item["y"])}])  # fmt: skip
        return True

    return store.run(work)


def edit(store, hot: str, writer: int) -> bool:
    """A form's save of a hot proposal: read its version, then write only if it is still that version."""
    with store.reading() as conn:
        version = conn.execute("SELECT version FROM proposals WHERE uuid = %s", (hot,)).fetchone()[0]

    def work(conn) -> int:
        return conn.execute(
            "UPDATE proposals SET description = %s, updated_by = %s WHERE uuid = %s AND version = %s",
            (f"edit by w{writer}", f"w{writer}", hot, version),
        ).rowcount

    return store.run(work) == 1


def writer_main(args: dict) -> None:
    from mitmach_qgis.data.errors import StoreError
    from mitmach_qgis.data.pg_store import PostgisStore

    plan = make_plan(args["writer"], args["saves"])
    store = PostgisStore.open(args["uri"])
    hot = args["hot"] if args["editor"] else []
    rng = np.random.default_rng(args["writer"])
    print("ready", flush=True)
    sys.stdin.readline()
    with open(args["out"], "w", encoding="utf-8") as out:
        for i, item in enumerate(plan):
            for attempt in range(2 if i % RESUBMIT_EVERY == 0 else 1):
                started = time.perf_counter()
                error, written = None, None
                try:
                    written = save(store, item)
                except StoreError as exc:
                    error = str(exc)[:200]
                line = {"kind": "save", "i": i, "resubmit": attempt > 0, "ok": error is None, "written": written,
                        "s": time.perf_counter() - started, "error": error, "participant": item["participant"],
                        "proposal": item["proposal"]}  # fmt: skip
                out.write(json.dumps(line) + "\n")
            if hot and i % EDIT_EVERY == 0:
                try:
                    accepted = edit(store, hot[int(rng.integers(len(hot)))], args["writer"])
                    out.write(json.dumps({"kind": "edit", "accepted": accepted}) + "\n")
                except StoreError as exc:
                    out.write(json.dumps({"kind": "edit", "accepted": None, "error": str(exc)[:200]}) + "\n")
        out.write(json.dumps({"kind": "stats", "busy_first_attempt": store.stats.busy_first_attempt,
                              "failures": store.stats.failures}) + "\n")  # fmt: skip


def run_writers(uri: str, folder: Path, results: list[dict]) -> None:
    from mitmach_qgis.data.pg_store import PostgisStore

    store = PostgisStore.create(uri, crs="EPSG:25832", user="bench")
    hot = [str(uuidlib.UUID(int=k + 1, version=4)) for k in range(HOT)]
    with store.transaction() as conn:
        store.insert(conn, "participants", [{"uuid": hot[0], "family_name": "hot", "role": "owner"}])
        store.insert(conn, "proposals", [{"uuid": h, "participant_uuid": hot[0], "theme": "heating",
                                          "geom": ("point", AREA[0], AREA[1])} for h in hot])  # fmt: skip
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH")) if p),
    }
    procs = []
    try:
        for w in range(WRITERS):
            args = {"uri": uri, "writer": w, "saves": SAVES, "editor": w < EDITORS, "hot": hot,
                    "out": str(folder / f"w{w}.jsonl")}  # fmt: skip
            procs.append(subprocess.Popen([sys.executable, "-m", "bench.bench_postgis", "writer", json.dumps(args)],
                                          cwd=ROOT, env=env, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                          text=True))  # fmt: skip
        for p in procs:
            if p.stdout.readline().strip() != "ready":
                raise RuntimeError("a writer did not start")
        started = time.perf_counter()
        for p in procs:
            p.stdin.write("go\n")
            p.stdin.flush()
        for p in procs:
            if p.wait(600) != 0:
                raise RuntimeError(f"a writer failed (exit {p.returncode})")
        elapsed = time.perf_counter() - started
    finally:
        reap(procs)
    lines = [json.loads(x) for w in range(WRITERS) for x in (folder / f"w{w}.jsonl").read_text().splitlines()]
    saves = [x for x in lines if x["kind"] == "save"]
    firsts = [x for x in saves if not x["resubmit"]]
    acknowledged = {x["participant"]: x["proposal"] for x in saves if x["ok"]}
    with store.reading() as conn:
        people = conn.execute("SELECT uuid::text, family_name FROM participants WHERE family_name LIKE %s",
                              (f"{MARKER} %",)).fetchall()  # fmt: skip
        proposals = conn.execute("SELECT uuid::text, participant_uuid::text FROM proposals").fetchall()
        versions = conn.execute("SELECT sum(version - 1) FROM proposals WHERE uuid = ANY(%s::uuid[])",
                                (hot,)).fetchone()[0]  # fmt: skip
    person = {u for u, _ in people}
    by_participant = Counter(p for _, p in proposals)
    proposal_uuids = {u for u, _ in proposals}
    names = Counter(n for _, n in people)
    missing = sum(1 for part, prop in acknowledged.items()
                  if part not in person or prop not in proposal_uuids)  # fmt: skip
    duplicates = sum(n - 1 for n in names.values() if n > 1) + sum(
        n - 1 for p, n in by_participant.items() if p in person and n > 1
    )
    edits = [x for x in lines if x["kind"] == "edit"]
    accepted = sum(1 for x in edits if x["accepted"])
    stats = [x for x in lines if x["kind"] == "stats"]
    times = [x["s"] for x in saves if x["ok"]]
    record(results, "postgis.writers", WRITERS, (median(times), percentile(times, 95)), None, None, None,
           saves=len(firsts), submissions_sent=len(saves), resubmits=len(saves) - len(firsts),
           acknowledged=len(acknowledged), present=sum(1 for p in acknowledged if p in person),
           missing_acknowledged=missing, duplicates=duplicates,
           resubmits_found_existing=sum(1 for x in saves if x["resubmit"] and x["written"] is False),
           final_failures=sum(1 for x in saves if not x["ok"]), errors=sorted({x["error"] for x in saves if x["error"]})[:3],
           edits=len(edits), edits_accepted=accepted, conflicts_detected=sum(1 for x in edits if x["accepted"] is False),
           edit_errors=sum(1 for x in edits if x["accepted"] is None), lost_updates=accepted - int(versions or 0),
           first_attempt_busy=sum(s["busy_first_attempt"] for s in stats), max_s=max(times), elapsed_s=elapsed,
           saves_per_s=len(saves) / elapsed)  # fmt: skip


def run_single_saves(uri: str, results: list[dict], saves: int = 400) -> None:
    from mitmach_qgis.data.pg_store import PostgisStore

    def timed_saves(store, tag: str) -> tuple[float, float]:
        times = []
        for k in range(saves):
            person = str(uuidlib.uuid4())
            started = time.perf_counter()
            with store.transaction() as conn:
                store.insert(conn, "participants", [{"uuid": person, "family_name": f"{MARKER} {tag} {k}",
                                                     "role": "owner"}])  # fmt: skip
                store.insert(conn, "proposals", [{"participant_uuid": person, "theme": "heating",
                                                  "geom": ("point", AREA[0] + k, AREA[1])}])  # fmt: skip
            times.append(time.perf_counter() - started)
        return median(times), percentile(times, 95)

    pooled = PostgisStore.open(uri)
    unpooled = PostgisStore.open(uri)
    unpooled.pool.max_idle = 0  # every connection is closed after its transaction
    timed_saves(pooled, "warm")
    ours, peer = timed_saves(pooled, "pooled"), timed_saves(unpooled, "fresh")
    record(results, "postgis.save", saves, ours, peer, "a new connection per save (pool off)", None,
           reused=pooled.pool.reused)  # fmt: skip
    pooled.close()


# -- matching and clustering on 100 000 -------------------------------------------------------------------------------
def _timed(fn, repeat: int):
    times, result = [], None
    for _ in range(repeat):
        result = None
        started = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - started)
    return (median(times), percentile(times, 95)), result


def _pairs(table) -> tuple:
    return (table.a.tobytes(), table.b.tobytes(), table.score.tobytes(), table.synergy.tobytes(),
            tuple(table.record_uuids), table.synergy_names)  # fmt: skip


def _clusters(store) -> dict:
    from mitmach_qgis.core.clustering import dbscan
    from mitmach_qgis.data.cluster_source import read_points

    out = {}
    for theme in THEMES:
        fid, x, y = read_points(store, [theme])
        out[theme] = (fid, dbscan(x, y, EPS, MIN_POINTS))
    return out


def _st_cluster(store) -> tuple[dict[int, int], int]:
    """({fid: cluster id or -1}, number of clusters) from ST_ClusterDBSCAN per theme, every row fetched."""
    with store.reading() as conn:
        cur = conn.cursor()
        cur.execute(
            "SELECT fid, theme, ST_ClusterDBSCAN(geom, eps := %s, minpoints := %s) OVER (PARTITION BY theme) "
            "FROM proposals WHERE geom IS NOT NULL",
            (EPS, MIN_POINTS),
        )
        rows = cur.fetchall()
    return {fid: -1 if cid is None else cid for fid, _, cid in rows}, len(
        {(t, c) for _, t, c in rows if c is not None}
    )


def _agree_st(ours: dict, theirs: dict[int, int]) -> tuple[bool, int]:
    """(same clustered points and same partition of the core points, border points whose cluster differs)."""
    agree, border_moved = True, 0
    for fid, result in ours.values():
        st = np.array([theirs[f] for f in fid.tolist()])
        agree &= bool(np.array_equal(st >= 0, result.labels >= 0))
        core = result.core
        pairs = set(zip(result.labels[core].tolist(), st[core].tolist()))
        agree &= len(pairs) == len({a for a, _ in pairs}) == len({b for _, b in pairs})
        mapping = dict(pairs)
        border = (result.labels >= 0) & ~core
        border_moved += sum(
            mapping.get(a) != b for a, b in zip(result.labels[border].tolist(), st[border].tolist())
        )
    return agree, border_moved


def run_city(uri: str, folder: Path, results: list[dict]) -> None:
    from mitmach_qgis.data import transfer
    from mitmach_qgis.data.match_source import load_index
    from mitmach_qgis.data.pg_store import PostgisStore

    from .bench_matching import write_city

    rows = city_rows(synthetic_city(SIZE))
    for r in rows:
        r["uuid"] = _uuid(8, int(r["uuid"][1:]))
        r["participant_uuid"] = _uuid(9, int(r["participant_uuid"][1:]))
    started = time.perf_counter()
    gpkg = write_city(rows, folder / "city.gpkg")
    written = time.perf_counter() - started
    started = time.perf_counter()
    report = transfer.copy_database(gpkg, uri)
    copied = time.perf_counter() - started
    pg = PostgisStore.open(uri)
    size = SIZE

    # load
    load_index(pg)  # warm both caches alike
    load_index(gpkg)
    ours, pg_index = _timed(lambda: load_index(pg), 5)
    peer, gp_index = _timed(lambda: load_index(gpkg), 5)
    rows_path, _ = _timed(lambda: load_index(pg, arrow=False), 2)
    record(results, "postgis.matching.load", size, ours, peer, "the same on GeoPackage (GDAL Arrow read)", None,
           row_by_row_median_s=rows_path[0], gpkg_write_s=written, copy_to_postgis_s=copied,
           copied_rows=report.counts().get("proposals", (0, 0))[1])  # fmt: skip

    # queries
    picks = [rows[k]["uuid"] for k in np.random.default_rng(7).integers(0, size, QUERIES)]
    times, agree = [], 0
    for u in picks:
        started = time.perf_counter()
        found = pg_index.query(u, limit=10)
        times.append(time.perf_counter() - started)
        agree += [(c.uuid, c.score) for c in found] == [
            (c.uuid, c.score) for c in gp_index.query(u, limit=10)
        ]
    record(results, "postgis.matching.query", size, (median(times), percentile(times, 95)), None, None, None,
           queries=QUERIES, agree=f"{agree}/{QUERIES}")  # fmt: skip

    # all pairs
    ours, pg_pairs = _timed(lambda: pg_index.all_pairs(max_distance=RADIUS), 1)
    peer, gp_pairs = _timed(lambda: gp_index.all_pairs(max_distance=RADIUS), 1)
    record(results, "postgis.matching.all_pairs", size, ours, peer, "the same on GeoPackage", None,
           pairs=len(pg_pairs), agree=_pairs(pg_pairs) == _pairs(gp_pairs), max_distance_m=RADIUS)  # fmt: skip
    del pg_pairs, gp_pairs

    # clustering
    _clusters(pg)
    ours, pg_clusters = _timed(lambda: _clusters(pg), 3)
    peer, (st, st_clusters) = _timed(lambda: _st_cluster(pg), 2)
    gp_time, gp_clusters = _timed(lambda: _clusters(gpkg), 3)
    equal = all(
        np.array_equal(pg_clusters[t][0], gp_clusters[t][0])
        and np.array_equal(pg_clusters[t][1].labels, gp_clusters[t][1].labels)
        and np.array_equal(pg_clusters[t][1].core, gp_clusters[t][1].core)
        for t in THEMES
    )
    agree_st, border_moved = _agree_st(pg_clusters, st)
    record(results, "postgis.clustering.dbscan", size, ours, peer, "ST_ClusterDBSCAN (PARTITION BY theme)", None,
           equal_gpkg=equal, agree_st=agree_st, st_border_points_elsewhere=border_moved, eps_m=EPS,
           min_points=MIN_POINTS, clusters=int(sum(r.n_clusters for _, r in pg_clusters.values())),
           st_clusters=st_clusters)  # fmt: skip
    record(results, "postgis.clustering.gpkg", size, gp_time, ours, "ours on PostGIS", None, equal_pg=equal)


def main(_sizes=None) -> list[dict]:
    sys.path.insert(0, str(ROOT / "tools"))
    from pg_cluster import PgCluster

    results: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="mitmach-bench-pg-") as tmp, PgCluster() as cluster:
        cluster.create_database("writers")
        cluster.create_database("city")
        run_writers(cluster.uri("writers", schema="mitmach"), Path(tmp), results)
        run_single_saves(cluster.uri("writers", schema="mitmach"), results)
        run_city(cluster.uri("city", schema="mitmach"), Path(tmp), results)
    return results


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "writer":
        writer_main(json.loads(sys.argv[2]))
    else:
        from .common import print_table

        print_table(main())
