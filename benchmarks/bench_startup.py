"""What one command costs as a whole process: memory reading against the store, by folder size.

    python benchmarks/bench_startup.py [--sizes 10000,30000,100000,1000000] [--repeat 3]

For each size (a synthetic corpus under benchmarks/corpus/, made on first use) it times, as
separate processes, ``relgraph query status_history --example -f csv`` (a millisecond
query, so the figure is the fixed cost):

* reading the folder into memory (``[store] backend = "memory"``);
* through the store on disk that relgraph keeps without being asked (built once first,
  its build time reported apart);
* the floor: a minimal raw script that imports pyoxigraph, opens the same store read-only
  and runs the same query text;
* ``import relgraph.cli`` alone.

The size from which reading into memory stops being faster than opening a store is what
``relgraph.store.auto.AUTO_STORE_BYTES`` is set from. The table is printed (Markdown) with
the machine's load average; nothing is written.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
RAW = """
import sys, pyoxigraph as ox
store = ox.Store.read_only(sys.argv[1])
rows = list(store.query(sys.argv[2], prefixes={"rel": "https://w3id.org/relgraph/ontology#",
    "reld": "https://w3id.org/relgraph/id/", "schema": "https://schema.org/"}))
print(len(rows))
"""
QUERY = """SELECT ?reported_on ?status ?article WHERE {
  GRAPH ?article { reld:bsd-session-1 rel:status ?status }
  ?article schema:datePublished ?reported_on .
} ORDER BY ?reported_on"""


def corpus(size: int) -> Path:
    from relgraph.synthetic import generate_corpus, refresh_corpus

    root = HERE / "corpus" / f"{size}-seed0"
    if not (root / "data").is_dir():
        generate_corpus(root, triples=size, seed=0)
    refresh_corpus(root)
    return root


def timed(args: list[str], repeat: int, env: dict | None = None) -> tuple[float, float]:
    """The median wall time and CPU time (user + system) of ``repeat`` runs of a command (it must succeed).

    On a shared machine the CPU time is the steadier figure: the wall time also counts the
    time the process waited for a core."""
    walls, cpus = [], []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run(args, check=True, capture_output=True, env=env)
        walls.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def measure(size: int, repeat: int) -> dict:
    from relgraph.paths import Project
    from relgraph.store.auto import folder_bytes

    source = corpus(size)
    with tempfile.TemporaryDirectory(prefix="relgraph-startup-") as scratch:
        root = Path(scratch) / "graph"
        shutil.copytree(source, root, ignore=shutil.ignore_patterns(".relgraph"))
        env = {**os.environ, "PYTHONPATH": str(HERE.parent / "src")}
        query = [sys.executable, "-m", "relgraph", "-C", str(root), "query", "status_history", "--example", "-f", "csv"]
        (root / "relgraph.toml").write_text('[store]\nbackend = "memory"\n', encoding="utf-8")
        memory = timed(query, repeat, env)
        (root / "relgraph.toml").write_text('[store]\nbackend = "auto"\n', encoding="utf-8")
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "relgraph", "-C", str(root), "index", "--no-progress"],
            check=True,
            capture_output=True,
            env=env,
        )
        built = time.perf_counter() - started
        store = timed(query, repeat, env)
        generation = next((root / ".relgraph" / "store").glob("gen-*"))
        raw = timed([sys.executable, "-c", RAW, str(generation / "oxigraph"), QUERY], repeat, env)
        imports = timed([sys.executable, "-c", "import relgraph.cli"], repeat, env)
        return {
            "size": size,
            "mb": folder_bytes(Project(root)) / 1e6,
            "memory": memory,
            "store": store,
            "build": built,
            "raw": raw,
            "imports": imports,
        }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,30000,100000,1000000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    rows = []
    for size in (int(s) for s in args.sizes.split(",")):
        rows.append(measure(size, args.repeat))
        print(f"  {rows[-1]}", file=sys.stderr)
    print(f"`python benchmarks/bench_startup.py --sizes {args.sizes} --repeat {args.repeat}`; load average {load}\n")
    print("Each cell: wall / CPU (user + system) of the whole process, median of the runs.\n")
    print(
        "| triples | Turtle | memory | store | store / memory (CPU) | build once (wall) | raw script | import relgraph.cli |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        cells = [f"{r[k][0]:.2f} / {r[k][1]:.2f} s" for k in ("memory", "store")]
        print(
            f"| {r['size']:,} | {r['mb']:.1f} MB | {cells[0]} | {cells[1]} | {r['store'][1] / r['memory'][1]:.2f}x | "
            f"{r['build']:.1f} s | {r['raw'][0]:.2f} / {r['raw'][1]:.2f} s | {r['imports'][0]:.2f} / {r['imports'][1]:.2f} s |"
        )


if __name__ == "__main__":
    main()
