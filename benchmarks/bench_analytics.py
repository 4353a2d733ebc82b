"""Analytics benchmark: path, central and dyads over the 1M-triple synthetic corpus.

    python benchmarks/bench_analytics.py [--triples 1000000] [--no-cli]

The corpus (``relgraph.synthetic``, seed 0) is made on first use under
``benchmarks/corpus/<triples>-seed0/`` (git-ignored). In one process the graph is
loaded and its networkx view built once (``build_structure``; ``build_graph``, the
graph page's full view, is timed beside it), then each analysis is timed on it and
compared with a baseline measured in the same run:

* path: ``find_paths`` (three shortest routes, labelled) against one
  ``nx.shortest_path`` on the same undirected graph;
* central: degree against ``nx.degree_centrality`` on the MultiDiGraph, PageRank
  against networkx's pure-Python PageRank (``nx.pagerank`` needs SciPy), sampled
  betweenness against ``nx.betweenness_centrality`` with the same sources (and the
  exact computation, extrapolated from networkx's time per source);
* dyads: ``dyad_summaries`` against the ``dyad_scores`` canned SPARQL query (Oxigraph).

Then each command runs as a user runs it (``relgraph path|central|dyads`` in a new
process: import, load, build, analyse, print), wall time, against the goal of 30 s.
The table is printed and written into the "Analytics" section of benchmarks/ANALYTICS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import subprocess
import sys
import time
from importlib import metadata
from pathlib import Path

import networkx as nx

from relgraph.analytics import network as analytics
from relgraph.errors import QueryTimeoutError
from relgraph.paths import Project
from relgraph.query.queries import run_query
from relgraph.store import load_dataset
from relgraph.synthetic import generate_corpus
from relgraph.views.graphview import build_graph, build_structure

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_reasoning import write_section

HERE = Path(__file__).resolve().parent
CORPORA = HERE / "corpus"
GOAL_SECONDS = 30.0
SPARQL_LIMIT = 90.0
PATH_ENDS = ("Monica Juma", "AGOA")


def timed(fn, *args, **kwargs):
    started = time.perf_counter()
    value = fn(*args, **kwargs)
    return value, time.perf_counter() - started


def corpus(triples: int) -> Path:
    root = CORPORA / f"{triples}-seed0"
    if not (root / "data").is_dir():
        print(f"Generating a {triples:,}-triple synthetic corpus in {root} ...", file=sys.stderr)
        generate_corpus(root, triples=triples, seed=0)
    return root


def undirected_of(graph: nx.MultiDiGraph) -> nx.Graph:
    simple = nx.Graph()
    simple.add_nodes_from(graph)
    simple.add_edges_from((u, v) for u, v in graph.edges() if u != v)
    return simple


def cli_seconds(root: Path, *args: str) -> float:
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "relgraph", "--project", str(root), *args],
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"relgraph {' '.join(args)} failed: {done.stderr}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=1_000_000)
    parser.add_argument("--no-cli", action="store_true", help="Skip the end-to-end command runs.")
    args = parser.parse_args()
    root = corpus(args.triples)

    dataset, load_s = timed(load_dataset, Project(root))
    structure, structure_s = timed(build_structure, dataset)
    full, full_s = timed(build_graph, dataset)
    del full
    nodes, edges = structure.number_of_nodes(), structure.number_of_edges()

    rows: list[tuple[str, float, str, float | None, str]] = []
    paths, path_s = timed(analytics.find_paths, dataset, *PATH_ENDS, max_paths=3, graph=structure)
    a, b = paths[0].nodes[0], paths[0].nodes[-1]
    undirected, undirected_s = timed(undirected_of, structure)
    _, nx_path_s = timed(nx.shortest_path, undirected, a, b)
    rows.append(
        (
            f"path {PATH_ENDS[0]} → {PATH_ENDS[1]} (3 routes)",
            path_s,
            f"nx.shortest_path, one route (undirected graph built beforehand: {undirected_s:.2f} s more)",
            nx_path_s,
            f"{len(paths[0])} steps",
        )
    )

    degree, degree_s = timed(analytics.rank_centrality, dataset, measure="degree", graph=structure)
    _, nx_degree_s = timed(nx.degree_centrality, structure)
    rows.append(("central --measure degree", degree_s, "nx.degree_centrality", nx_degree_s, degree[0].label))

    pagerank, pagerank_s = timed(analytics.rank_centrality, dataset, measure="pagerank", graph=structure)
    from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python

    _, nx_pagerank_s = timed(_pagerank_python, structure)
    rows.append(
        ("central --measure pagerank", pagerank_s, "networkx pure-Python PageRank", nx_pagerank_s, pagerank[0].label)
    )

    samples = max(8, analytics.BETWEENNESS_BUDGET // max(undirected.number_of_edges(), 1))
    between, between_s = timed(analytics.rank_centrality, dataset, measure="betweenness", graph=structure)
    _, nx_between_s = timed(nx.betweenness_centrality, undirected, k=samples, seed=0)
    exact_hours = nx_between_s / samples * nodes / 3600
    rows.append(
        (
            f"central --measure betweenness ({samples} sampled sources)",
            between_s,
            "nx.betweenness_centrality, same sources (k, seed 0): the same scores",
            nx_between_s,
            f"{between[0].label}; exact networkx betweenness would take ~{exact_hours:.0f} h",
        )
    )

    dyads, dyads_s = timed(analytics.dyad_summaries, dataset, graph=structure)
    try:
        scores, sparql_s = timed(run_query, dataset, "dyad_scores", timeout=SPARQL_LIMIT)
        agree = "yes" if len(scores.result.rows) == len(dyads) else "NO"
    except QueryTimeoutError:
        sparql_s, agree = None, f"not checked: the query was stopped at {SPARQL_LIMIT:g} s"
    rows.append(
        (
            "dyads",
            dyads_s,
            "canned query dyad_scores (Oxigraph SPARQL: counts and scores only)",
            sparql_s,
            f"{len(dyads):,} pairs; same pairs as the query: {agree}",
        )
    )

    commands = [
        ("relgraph path", ["path", *PATH_ENDS]),
        ("relgraph central", ["central"]),
        ("relgraph central --measure betweenness", ["central", "--measure", "betweenness"]),
        ("relgraph central --measure pagerank", ["central", "--measure", "pagerank"]),
        ("relgraph dyads", ["dyads", "--format", "csv"]),
    ]
    wall = [] if args.no_cli else [(name, cli_seconds(root, *argv)) for name, argv in commands]

    lines = [
        "## Analytics",
        "",
        f"Made by `python benchmarks/bench_analytics.py --triples {args.triples}`; numbers from one run on "
        "the machine below.",
        "",
        f"- Machine: {platform.machine()}, {len(os.sched_getaffinity(0))} cores, {platform.system()} "
        f"{platform.release()}; 1-minute load average {os.getloadavg()[0]:.1f} when the run ended (other work on the machine slows every figure); Python {platform.python_version()}; networkx {metadata.version('networkx')}, "
        f"pyoxigraph {metadata.version('pyoxigraph')}",
        f"- Corpus: `benchmarks/corpus/{root.name}` from `relgraph.synthetic` ({len(dataset):,} quads); its "
        f"instance graph has {nodes:,} nodes and {edges:,} edges.",
        f"- Shared steps, once per command: load the graph folder into Oxigraph {load_s:.2f} s; build the "
        f"networkx view with `build_structure` {structure_s:.2f} s (the graph page's `build_graph`, with "
        f"sentences and facts on every node: {full_s:.2f} s).",
        "",
        "| analysis | relgraph | baseline | baseline time | result |",
        "|---|---:|---|---:|---|",
    ]
    for name, ours, base_name, base_s, result in rows:
        base = f"{base_s:.2f} s" if base_s is not None else f"> {SPARQL_LIMIT:g} s (stopped)"
        lines.append(f"| {name} | {ours:.2f} s | {base_name} | {base} | {result} |")
    if wall:
        lines += [
            "",
            "End to end, as a user runs it (a new process: import, load, build, analyse, print):",
            "",
            "| command | wall time | goal (< 30 s) |",
            "|---|---:|---|",
        ]
        lines += [f"| `{name}` | {s:.1f} s | {'met' if s < GOAL_SECONDS else 'missed'} |" for name, s in wall]
    text = "\n".join(lines) + "\n"
    print(text)
    write_section(text, "analytics")


if __name__ == "__main__":
    main()
