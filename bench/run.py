"""``make bench``: every benchmark, side by side with its peer, into bench/results.json and a table."""

from __future__ import annotations

import importlib
import os
import sys

from .common import SIZES, print_table, write_results

BENCHMARKS = ("bench_matching", "bench_clustering", "bench_shared", "bench_postgis")


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from qgis.core import QgsApplication

    app = QgsApplication([], False)
    app.initQgis()
    from processing.core.Processing import Processing

    Processing.initialize()
    rows = []
    only = sys.argv[1:]
    for name in BENCHMARKS:
        if only and name not in only:
            continue
        module = importlib.import_module(f"bench.{name}")
        produced = module.main(SIZES)
        write_results(produced, replace=module.PREFIX)
        rows += produced
    print_table(rows)
    app.exitQgis()
    return 0


if __name__ == "__main__":
    sys.exit(main())
