"""Index a graph folder into a fresh store on disk: wall time, CPU, peak memory, size; then open it and ask.

    python benchmarks/bench_index.py benchmarks/corpus/1000000-seed0
    nice python benchmarks/bench_index.py benchmarks/corpus/10000000-seed0 --store /tmp/idx10m

The store goes into a new temporary folder (or ``--store``, which must not exist yet)
and is removed afterwards unless ``--keep``. Peak memory is the whole process's
(``getrusage``), so it counts what pyoxigraph and RocksDB hold, not only Python. The
open and the point query run in a fresh process, as a later command would. The
machine's load average is printed with the figures: on a shared machine it explains
most of the spread in wall time.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

_PROBE = """
import json, sys, time
started = time.perf_counter()
from pathlib import Path
from relgraph.paths import Project
from relgraph.store import open_dataset
imported = time.perf_counter()
dataset = open_dataset(Project(Path(sys.argv[1])), store=sys.argv[2])
opened = time.perf_counter()
rows = dataset.select("SELECT ?p ?o WHERE { reld:kenya ?p ?o }").rows
asked = time.perf_counter()
dataset.close()
# VmHWM, not getrusage: a child's ru_maxrss starts from the parent's peak at the fork
hwm = next(line for line in open("/proc/self/status") if line.startswith("VmHWM"))
print(json.dumps({"import": imported - started, "open": opened - imported, "point": asked - opened,
                  "rows": len(rows), "peak_mib": int(hwm.split()[1]) // 1024}))
"""


def _load() -> str:
    return ", ".join(Path("/proc/loadavg").read_text().split()[:3]) if Path("/proc/loadavg").exists() else "?"


def _size(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path, help="A graph folder (ontology/, data/), e.g. from 'relgraph synth'.")
    parser.add_argument("--store", type=Path, help="Where to build (must not exist); default: a temporary folder.")
    parser.add_argument("--keep", action="store_true", help="Keep the store afterwards.")
    parser.add_argument("--progress", action="store_true", help="Show the progress bar.")
    args = parser.parse_args()

    from relgraph.paths import Project
    from relgraph.store import index_store

    if args.store is not None and args.store.exists():
        parser.error(f"{args.store} exists; give a new folder.")
    store = args.store or Path(tempfile.mkdtemp(prefix="relgraph-index-")) / "store"
    try:
        load_before = _load()
        cpu = os.times()
        started = time.perf_counter()
        report = index_store(Project(args.corpus.resolve()), store, rebuild=True, progress=args.progress)
        wall = time.perf_counter() - started
        used = os.times()
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
        print(
            f"index_store: {report.files:,} files, {report.quads:,} quads in {wall:.1f} s "
            f"({used.user - cpu.user:.0f} s user + {used.system - cpu.system:.0f} s system CPU, "
            f"RocksDB's threads included); peak {peak:,} MiB; store {_size(store) / 1e9:.2f} GB; "
            f"load average {load_before} before, {_load()} after"
        )
        probe = subprocess.run(
            [sys.executable, "-c", _PROBE, str(args.corpus.resolve()), str(store)],
            capture_output=True,
            text=True,
            check=True,
        )
        found = json.loads(probe.stdout)
        print(
            f"fresh process: import {found['import']:.2f} s, open {found['open']:.2f} s, point query "
            f"({found['rows']} rows) {found['point'] * 1000:.0f} ms; peak {found['peak_mib']} MiB; load average {_load()}"
        )
    finally:
        if not args.keep:
            shutil.rmtree(store if args.store else store.parent, ignore_errors=True)


if __name__ == "__main__":
    main()
