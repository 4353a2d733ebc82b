"""What one command costs as a whole process: memory reading against the store, by folder size.

    python benchmarks/bench_startup.py [--sizes 10000,30000,100000,1000000] [--repeat 3]
    python benchmarks/bench_startup.py --folders DIR[,DIR] [--repeat 7] [--before OTHER/src]

With ``--folders`` (graph folders that already have their store, e.g. 1M and 10M
corpora under /work/scratch) it measures instead the fixed costs of one command on
each, every figure beside its baseline from the same run:

* ``relgraph query status_history --example -f csv`` (a millisecond query), ``relgraph
  --help``, ``import relgraph.cli`` and ``python -c pass``, against the minimal raw
  script below (import pyoxigraph, open the same store read-only, run the same query
  text); whole processes, wall and CPU (user + system, children included), median;
* opening the store in this process: the stamp check that confirms an unchanged folder
  (``open_disk_backend``), against reading and comparing the whole manifest (what
  opening did before the stamp), against raw ``pyoxigraph.Store.read_only``, and against
  the floor of any check that sees in-place edits: one ``os.stat`` per file.

``--before OTHER/src`` adds the same query run with another source tree (main's, say), the
runs interleaved so that the machine's load falls on both alike, and the same opening of the
store (each tree's openings in processes of their own, interleaved; an older tree keeps its
stamp in ``stamp.json``, this one in ``stamp2.json``, so neither rewrites the other's).

Bytecode caches are warm: ``PYTHONDONTWRITEBYTECODE`` is removed from the commands'
environment and every command runs once untimed first (without .pyc files each
process spends ~70 ms more compiling relgraph's modules).

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
import json
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


def _cpu(fn, repeat: int) -> tuple[float, float]:
    """Median wall and CPU seconds of ``fn()`` in this process."""
    walls, cpus = [], []
    for _ in range(repeat):
        started, cpu = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - started)
        cpus.append(time.process_time() - cpu)
    return statistics.median(walls), statistics.median(cpus)


QUERY_ARGS = ("query", "status_history", "--example", "-f", "csv")


def fixed_costs(root: Path, repeat: int, before: Path | None = None) -> dict:
    """The whole-process costs of a millisecond query on an indexed folder, and of opening its store."""
    from relgraph.paths import Project

    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(HERE.parent / "src")
    project = Project(root)
    store = root / ".relgraph" / "store"
    generation = store / (store / "CURRENT").read_text(encoding="utf-8").strip()
    commands = {
        "relgraph query": [sys.executable, "-m", "relgraph", "-C", str(root), *QUERY_ARGS],
        "raw script": [sys.executable, "-c", RAW, str(generation / "oxigraph"), QUERY],
        "relgraph --help": [sys.executable, "-m", "relgraph", "--help"],
        "import relgraph.cli": [sys.executable, "-c", "import relgraph.cli"],
        "python -c pass": [sys.executable, "-c", "pass"],
    }
    envs = dict.fromkeys(commands, env)
    if before is not None:  # the same command with another source tree (e.g. main's), interleaved below
        commands["relgraph query (before)"] = commands["relgraph query"]
        envs["relgraph query (before)"] = {**env, "PYTHONPATH": str(before)}
    for name, args in commands.items():  # warm: .pyc files written, the store's stamp and kept specs in place
        subprocess.run(args, check=True, capture_output=True, env=envs[name])
    found: dict = {"root": root, "files": len(project.source_entries())}
    runs: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for _ in range(repeat):  # interleaved, so a burst of load on the machine hits every command alike
        for name, args in commands.items():
            runs[name].append(timed(args, 1, envs[name]))
    found.update({n: (statistics.median(w for w, _ in r), statistics.median(c for _, c in r)) for n, r in runs.items()})
    trees = {"": env} if before is None else {"": env, " (before)": envs["relgraph query (before)"]}
    opened: dict[str, list[dict]] = {suffix: [] for suffix in trees}
    for _ in range(3):  # each tree's openings in a process of its own, the processes interleaved
        for suffix, tree_env in trees.items():
            args = [sys.executable, __file__, "--open-costs", str(root), "--repeat", str(max(3, repeat))]
            done = subprocess.run(args, check=True, capture_output=True, text=True, env=tree_env)
            opened[suffix].append(json.loads(done.stdout))
    for suffix, rounds in opened.items():
        for name in rounds[0]:
            if name == "quads":
                found["quads"] = rounds[0][name]
                continue
            found[name + suffix] = tuple(statistics.median(r[name][i] for r in rounds) for i in (0, 1))
    return found


def open_costs(root: Path, repeat: int) -> dict:
    """Opening the store of ``root`` in this process, with the relgraph on ``sys.path`` (this tree's or
    another's: only what both offer is used), against its floors; each (wall, CPU) in seconds, median."""
    import pyoxigraph as ox

    from relgraph.paths import Project
    from relgraph.store import disk

    project = Project(root)
    store = root / ".relgraph" / "store"
    generation = store / (store / "CURRENT").read_text(encoding="utf-8").strip()
    disk.open_disk_backend(project, store).close()  # a stamp of this tree's format in place

    def stamp_open() -> None:
        disk.open_disk_backend(project, store).close()

    def manifest_compare() -> None:
        assert not disk.compare_manifest(disk.read_manifest(generation), project)

    def raw_open() -> None:
        ox.Store.read_only(str(generation / "oxigraph"))

    files = [Path(e.path) for e in project.source_entries().values()]

    def stat_floor() -> None:  # what the stamp cannot avoid: one stat per file, nothing else
        for path in files:
            os.stat(path)

    found: dict = {"quads": disk.read_manifest(generation).quads}
    found["open (stamp)"] = _cpu(stamp_open, repeat)
    found["one stat per file"] = _cpu(stat_floor, repeat)
    found["manifest read + compare"] = _cpu(manifest_compare, repeat)
    found["raw Store.read_only"] = _cpu(raw_open, repeat)
    return found


def print_fixed_costs(rows: list[dict], repeat: int) -> None:
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"`python benchmarks/bench_startup.py --folders ... --repeat {repeat}`; load average {load}; ")
    print("bytecode caches warm. Each cell: wall / CPU (user + system, children included), median.\n")
    names = ["relgraph query", "raw script", "relgraph --help", "import relgraph.cli", "python -c pass"]
    names += [n for n in ("relgraph query (before)",) if n in rows[0]]
    print("| folder | quads | files | " + " | ".join(names) + " | query / raw (CPU) |")
    print("|---|---:|---:|" + "---:|" * (len(names) + 1))
    for r in rows:
        cells = " | ".join(f"{r[n][0]:.3f} / {r[n][1]:.3f} s" for n in names)
        ratio = r["relgraph query"][1] / r["raw script"][1]
        print(f"| {r['root'].name} | {r['quads']:,} | {r['files']:,} | {cells} | {ratio:.1f}x |")
    print("\nOpening the store in one process (an unchanged folder), wall / CPU, median:\n")
    names = ["open (stamp)", "manifest read + compare", "raw Store.read_only", "one stat per file"]
    names += [n for n in ("open (stamp) (before)",) if n in rows[0]]
    print("| folder | files | " + " | ".join(names) + " |")
    print("|---|---:|" + "---:|" * len(names))
    for r in rows:
        cells = " | ".join(f"{r[n][0] * 1000:.1f} / {r[n][1] * 1000:.1f} ms" for n in names)
        print(f"| {r['root'].name} | {r['files']:,} | {cells} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,30000,100000,1000000")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--folders", help="Indexed graph folders (comma-separated): measure the fixed costs.")
    parser.add_argument("--before", type=Path, help="With --folders: also time the query with this src/ tree.")
    parser.add_argument("--open-costs", type=Path, help=argparse.SUPPRESS)  # one tree's openings, as JSON
    args = parser.parse_args()
    if args.open_costs:
        print(json.dumps(open_costs(args.open_costs, args.repeat)))
        return
    if args.folders:
        rows = [fixed_costs(Path(f).resolve(), args.repeat, args.before) for f in args.folders.split(",")]
        print_fixed_costs(rows, args.repeat)
        return
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
