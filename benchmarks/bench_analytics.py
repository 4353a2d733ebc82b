"""Analytics benchmark: ``relgraph path``, ``central`` and ``dyads`` as a user runs them, beside raw networkx.

    python benchmarks/bench_analytics.py [--triples 1000000] [--corpus DIR] [--repeat 3]

The corpus (``relgraph.synthetic``, seed 0) is made on first use under
``benchmarks/corpus/<triples>-seed0/`` (git-ignored), or ``--corpus`` names a graph
folder (e.g. one under /work/scratch). With no store options a folder that large gets
its store on disk (``.relgraph/store``), indexed first if it has none (timed apart).

Then, each command in a new process (import, open the store, load the projection,
analyse, print), wall and CPU time (user + system, children included):

* the first build: the first ``relgraph path`` after the store's derived files are
  removed builds the instance graph (``graphview.build_structure``) and the path
  index and keeps them in the store (``relgraph.analytics.projection``);
* after it, ``--repeat`` runs of each command (median), against the goals of issue 18
  (path < 1 s, central and dyads < 5 s).

Baselines, measured in this process in the same run on the graph prebuilt (the
structure loaded once, its undirected copy built, neither timed): the same answer
computed by raw networkx (``nx.shortest_path``, ``nx.degree_centrality``, networkx's
pure-Python PageRank; for dyads relgraph's own ``dyad_summaries`` on the prebuilt graph,
the analysis without the process, and raw pyoxigraph running the ``dyad_scores`` canned
query on the same store), and a process that imports networkx and exits (the floor of
any command that uses it). The table is printed (Markdown) with the load average; on a
shared machine read the CPU column.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

HERE = Path(__file__).resolve().parent
PATH_ENDS = ("Kenya", "AGOA")
GOALS = {"path": 1.0, "central": 5.0, "central --measure pagerank": 5.0, "dyads": 5.0}
COMMANDS = {
    "path": ["path", *PATH_ENDS],
    "central": ["central"],
    "central --measure pagerank": ["central", "--measure", "pagerank"],
    "dyads": ["dyads", "--format", "csv"],
}


def corpus(triples: int) -> Path:
    from relgraph.synthetic import generate_corpus

    root = HERE / "corpus" / f"{triples}-seed0"
    if not (root / "data").is_dir():
        print(f"Generating a {triples:,}-triple synthetic corpus in {root} ...", file=sys.stderr)
        generate_corpus(root, triples=triples, seed=0)
    return root


def run(root: Path, *args: str) -> tuple[float, float, str]:
    """One command in a new process: wall seconds, CPU seconds (user + system, its children too), stdout."""
    env = {**os.environ, "PYTHONPATH": str(HERE.parent / "src")}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "relgraph", "--project", str(root), *args], capture_output=True, text=True, env=env
    )
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"relgraph {' '.join(args)} failed: {done.stderr}")
    return wall, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime, done.stdout


def cpu_timed(fn, *args, **kwargs):
    started = time.process_time()
    value = fn(*args, **kwargs)
    return value, time.process_time() - started


def baselines(root: Path) -> dict[str, tuple[str, float]]:
    """The same answers from raw networkx (and pyoxigraph) on the prebuilt graph, CPU seconds, in this process."""
    import networkx as nx
    import pyoxigraph as ox
    from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python

    from relgraph import analytics, projection
    from relgraph.model.namespaces import PREFIXES
    from relgraph.paths import Project
    from relgraph.query.entities import resolve_entity
    from relgraph.query.queries import bind_parameters, load_query
    from relgraph.store import open_dataset

    dataset = open_dataset(Project(root))
    graph = projection.structure(dataset)  # prebuilt: loaded from the store, not timed
    undirected = nx.Graph()
    undirected.add_edges_from((u, v) for u, v in graph.edges() if u != v)
    a, b = (resolve_entity(dataset, name).value for name in PATH_ENDS)
    found: dict[str, tuple[str, float]] = {}
    found["path"] = ("nx.shortest_path, one route", cpu_timed(nx.shortest_path, undirected, a, b)[1])
    found["central"] = ("nx.degree_centrality", cpu_timed(nx.degree_centrality, graph)[1])
    found["central --measure pagerank"] = ("networkx pure-Python PageRank", cpu_timed(_pagerank_python, graph)[1])
    found["dyads"] = ("dyad_summaries on the prebuilt graph", cpu_timed(analytics.dyad_summaries, dataset)[1])
    spec = load_query(dataset.project, "dyad_scores")
    bindings = bind_parameters(dataset, spec, {})
    store = ox.Store.read_only(str(dataset.backend.generation / "oxigraph"))  # type: ignore[attr-defined]
    subs = {ox.Variable(k): v for k, v in bindings.items()} or None
    rows, raw_s = cpu_timed(lambda: list(store.query(spec.text, prefixes=PREFIXES, substitutions=subs)))
    found["dyads (SPARQL)"] = (f"raw pyoxigraph, canned query dyad_scores ({len(rows):,} rows)", raw_s)
    dataset.close()
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--corpus", type=Path, help="A graph folder to use instead of the generated corpus.")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    root = args.corpus.resolve() if args.corpus else corpus(args.triples)

    index = run(root, "index", "--no-progress")  # builds the store if missing, else confirms it is in step
    store = root / ".relgraph" / "store"
    generation = store / (store / "CURRENT").read_text(encoding="utf-8").strip()
    shutil.rmtree(generation / "derived", ignore_errors=True)  # the projection is built again below
    first = run(root, *COMMANDS["path"])
    results = {name: [run(root, *argv) for _ in range(args.repeat)] for name, argv in COMMANDS.items()}
    floor = [run(root, "--help") for _ in range(args.repeat)]
    env = {**os.environ, "PYTHONPATH": str(HERE.parent / "src")}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([sys.executable, "-c", "import networkx"], check=True, env=env)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    nx_import = after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime
    base = baselines(root)

    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"`python benchmarks/bench_analytics.py{' --corpus ' + str(args.corpus) if args.corpus else ''} "
        f"--triples {args.triples} --repeat {args.repeat}` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; "
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, networkx "
        f"{metadata.version('networkx')}, pyoxigraph {metadata.version('pyoxigraph')}; load average {load}.\n"
    )
    print(
        f"Store check (`relgraph index`, in step): {index[0]:.2f} s wall / {index[1]:.2f} s CPU. First build of the "
        f"projection (the first `relgraph path` after the store's derived files were removed): {first[0]:.1f} s wall "
        f"/ {first[1]:.1f} s CPU. A process that imports networkx and exits: {nx_import:.2f} s CPU; "
        f"`relgraph --help`: {statistics.median(c for _, c, _ in floor):.2f} s CPU.\n"
    )
    print("Each command after the first build, median of the runs (wall / CPU, whole process):\n")
    print(
        "| command | relgraph wall | relgraph CPU | goal | baseline (same run, prebuilt graph, in-process) | baseline CPU |"
    )
    print("|---|---:|---:|---|---|---:|")
    for name, runs in results.items():
        wall = statistics.median(w for w, _, _ in runs)
        cpu = statistics.median(c for _, c, _ in runs)
        goal = GOALS[name]
        verdict = f"< {goal:g} s: {'met' if cpu < goal else 'missed'} (CPU)"
        what, seconds = base[name]
        print(f"| `relgraph {name}` | {wall:.2f} s | {cpu:.2f} s | {verdict} | {what} | {seconds:.2f} s |")
    what, seconds = base["dyads (SPARQL)"]
    print(f"| | | | | {what} | {seconds:.2f} s |")


if __name__ == "__main__":
    main()
