"""Query and load benchmark: relgraph beside raw pyoxigraph on synthetic corpora.

    python benchmarks/bench_queries.py [--sizes 100000,1000000] [--repeat 5]

For each size, a synthetic corpus (``relgraph.synthetic``, seed 0) is made on first
use under ``benchmarks/corpus/<size>-seed0/`` and reused after. Then:

* loading: ``relgraph.store.load_dataset`` beside raw pyoxigraph loading the same files
  into a Store (``Store.load`` per file, and ``Store.bulk_load`` per file; the faster is
  the baseline), each in a fresh process, with its peak RSS;
* every canned query in ``queries/`` with its header's example parameters: through
  ``relgraph.query.queries.run_query`` (default timeout: the query runs in a forked child and
  its rows come back serialised) beside ``Store.query`` on the same store with the same
  bound values, consuming every row; median and 95th percentile of ``--repeat`` runs.
  Two more columns say where relgraph's time goes: binding the parameters (entity
  look-ups) and the same query run in-process (``timeout=None``: no fork, no
  serialisation).

Also ``relgraph query NAME --example`` as a subprocess on the bundled data (wall time),
and which heavy modules a query imports. The table is printed and written as Markdown
to ``benchmarks/RESULTS.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import textwrap
import time
from importlib import metadata
from pathlib import Path

import psutil
import pyoxigraph as ox

from relgraph.errors import QueryTimeoutError, RelgraphError
from relgraph.model.namespaces import GRAPH_ONTOLOGY, PREFIXES, RELD
from relgraph.paths import Project, bundled_project
from relgraph.query.queries import bind_parameters, list_queries, run_query
from relgraph.store import load_dataset
from relgraph.synthetic import generate_corpus, refresh_corpus

HERE = Path(__file__).resolve().parent
CORPORA = HERE / "corpus"
GOAL_QUERY = 1.3
GOAL_LOAD = 1.5
CLI_QUERIES = ("dyad_timeline", "post_holders", "who_said_what", "commitments_by_pillar")
HEAVY = ("owlready2", "pyvis", "pyshacl")
SLOW = 10.0  # a query slower than this (s) is run once, not --repeat times
RDF_TYPE = ox.NamedNode(PREFIXES["rdf"] + "type")


# ----- corpora ------------------------------------------------------------------------------------


def corpus(size: int, seed: int = 0) -> Project:
    """The cached corpus of ``size`` triples, made (with a progress bar) on first use."""
    root = CORPORA / f"{size}-seed{seed}"
    if not (root / "data").is_dir():
        scratch = CORPORA / f".{size}-seed{seed}.partial"
        shutil.rmtree(scratch, ignore_errors=True)
        started = time.perf_counter()
        info = generate_corpus(scratch, triples=size, seed=seed, progress=True)
        shutil.rmtree(root, ignore_errors=True)
        scratch.rename(root)
        print(
            f"  made {root.relative_to(HERE.parent)}: {info.triples:,} triples, {info.articles:,} articles "
            f"in {time.perf_counter() - started:.1f} s",
            file=sys.stderr,
        )
    # The synthetic data is cached; the ontology, the queries and the bundled articles are the current ones.
    return refresh_corpus(root.resolve())


# ----- loading, each way in a fresh process -----------------------------------------------------------

_LOADER = textwrap.dedent(
    """
    import json, resource, sys, time
    from pathlib import Path
    import pyoxigraph as ox
    from relgraph.model.namespaces import GRAPH_ONTOLOGY, RELD
    from relgraph.paths import Project
    from relgraph.store import load_dataset

    how, root = sys.argv[1], Path(sys.argv[2])
    project = Project(root)
    files = [(p, GRAPH_ONTOLOGY) for p in project.ontology_files()]
    files += [(p, RELD + p.stem) for p in project.data_files()]
    started = time.perf_counter()
    if how == "relgraph":
        size = len(load_dataset(project))
    else:
        store = ox.Store()
        for path, graph in files:
            if how == "load":
                store.load(path=path, format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(graph))
            else:
                store.bulk_load(path=path, format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(graph))
        size = len(store)
    seconds = time.perf_counter() - started
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps({"seconds": seconds, "rss": rss, "quads": size}))
    """
)


def measure_load(project: Project, how: str, repeat: int) -> dict:
    runs = []
    for _ in range(repeat):
        out = subprocess.run(
            [sys.executable, "-c", _LOADER, how, str(project.root)], capture_output=True, text=True, check=True
        )
        runs.append(json.loads(out.stdout))
    return {
        "seconds": statistics.median(r["seconds"] for r in runs),
        "rss": max(r["rss"] for r in runs),
        "quads": runs[0]["quads"],
    }


# ----- queries ------------------------------------------------------------------------------------------


def _consume(result) -> int:
    """Read every row (or triple) of a raw pyoxigraph result, as relgraph does; return the count."""
    if isinstance(result, bool) or type(result).__name__ == "QueryBoolean":
        return 1
    return sum(1 for row in result if tuple(row) is not None)


def _rows(result) -> int:
    return len(getattr(result, "rows", getattr(result, "triples", (1,))))


def _stats(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered) + 0.5) - 1))]
    return statistics.median(ordered), p95


def raw_store(project: Project, *, merged: bool = False) -> ox.Store:
    """The same files in a plain pyoxigraph Store: one named graph per article, named after it.

    With ``merged``, the default graph also holds the union of the graphs, each triple once.
    """
    store = ox.Store()
    for path in project.ontology_files():
        store.load(path=path, format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(GRAPH_ONTOLOGY))
    article = ox.NamedNode(PREFIXES["rel"] + "NewsArticle")
    for path in project.data_files():
        graph = ox.NamedNode(RELD + path.stem)
        store.load(path=path, format=ox.RdfFormat.TURTLE, to_graph=graph)
        found = [q.subject for q in store.quads_for_pattern(None, RDF_TYPE, article, graph)]
        if found and found[0] != graph:
            store.update(f"MOVE GRAPH {graph} TO {found[0]}")
    if merged:
        store.update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")
    return store


def finishes(store: ox.Store, text: str, substitutions, timeout: float) -> bool:
    """Whether raw pyoxigraph answers within ``timeout`` (tried in a forked child, so a query that
    would run for hours or exhaust memory cannot take the benchmark down)."""
    pid = os.fork()
    if pid == 0:
        try:
            _consume(store.query(text, use_default_graph_as_union=True, prefixes=PREFIXES, substitutions=substitutions))
        finally:
            os._exit(0)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return os.WIFEXITED(status) and os.WEXITSTATUS(status) == 0
        time.sleep(0.05)
    os.kill(pid, 9)
    os.waitpid(pid, 0)
    return False


def measure_queries(project: Project, repeat: int, timeout: float) -> list[dict]:
    dataset = load_dataset(project)
    store = raw_store(project)  # raw pyoxigraph on the same files
    # An experiment: the same named graphs plus their union, each triple once, as the default graph.
    # Oxigraph's use_default_graph_as_union yields a triple once per graph that holds it.
    merged = raw_store(project, merged=True)
    rows = []
    for spec in list_queries(project):
        entry: dict = {"query": spec.name}
        try:
            started = time.perf_counter()
            outcome = run_query(dataset, spec, use_example=True, timeout=timeout)  # also a warm-up
            first = time.perf_counter() - started
        except QueryTimeoutError:
            entry.update(status=f"timeout (>{timeout:g} s)")
            rows.append(entry)
            print(f"  {spec.name}: timed out", file=sys.stderr)
            continue
        except RelgraphError as exc:
            entry.update(status=f"error: {exc}")
            rows.append(entry)
            print(f"  {spec.name}: {exc}", file=sys.stderr)
            continue
        runs = 1 if first > SLOW else repeat
        bindings = outcome.bindings
        substitutions = {ox.Variable(k): v for k, v in bindings.items()} or None

        if not finishes(store, spec.text, substitutions, max(timeout, 2 * first)):
            entry.update(status=f"raw pyoxigraph did not finish in {max(timeout, 2 * first):g} s")
            rows.append(entry)
            print(f"  {spec.name}: raw pyoxigraph did not finish", file=sys.stderr)
            continue
        ours = [first] if runs == 1 else []  # a slow query's first run is its measurement
        try:
            for _ in range(runs if runs > 1 else 0):
                started = time.perf_counter()
                run_query(dataset, spec, use_example=True, timeout=timeout)
                ours.append(time.perf_counter() - started)
        except QueryTimeoutError:
            entry.update(status=f"timeout (>{timeout:g} s) on a repeated run; the first took {first:.1f} s")
            rows.append(entry)
            print(f"  {spec.name}: timed out on a repeated run", file=sys.stderr)
            continue
        raw, count = [], 0
        for _ in range(runs):
            started = time.perf_counter()
            result = store.query(
                spec.text, use_default_graph_as_union=True, prefixes=PREFIXES, substitutions=substitutions
            )
            count = _consume(result)
            raw.append(time.perf_counter() - started)
        union, union_count = [], 0
        for _ in range(runs):
            started = time.perf_counter()
            result = merged.query(spec.text, prefixes=PREFIXES, substitutions=substitutions)
            union_count = _consume(result)
            union.append(time.perf_counter() - started)
        bind, inproc = [], []
        for _ in range(runs):
            started = time.perf_counter()
            bind_parameters(dataset, spec, spec.example_params)
            bind.append(time.perf_counter() - started)
            started = time.perf_counter()
            dataset.execute(spec.text, bindings=bindings, timeout=None)
            inproc.append(time.perf_counter() - started)
        ours_median, ours_p95 = _stats(ours)
        raw_median, raw_p95 = _stats(raw)
        entry.update(
            status="ok",
            rows=_rows(outcome.result),
            raw_rows=count,
            runs=runs,
            ours_median=ours_median,
            ours_p95=ours_p95,
            raw_median=raw_median,
            raw_p95=raw_p95,
            ratio=ours_median / raw_median if raw_median > 0 else float("inf"),
            union=statistics.median(union),
            union_rows=union_count,
            bind=statistics.median(bind),
            inproc=statistics.median(inproc),
        )
        rows.append(entry)
        print(
            f"  {spec.name}: relgraph {ours_median * 1000:.1f} ms, raw {raw_median * 1000:.1f} ms, "
            f"x{entry['ratio']:.2f} ({entry['rows']} rows)",
            file=sys.stderr,
        )
    return rows


# ----- the command line on the bundled graph ------------------------------------------------------------------


def measure_cli(repeat: int = 3) -> list[dict]:
    exe = shutil.which("relgraph", path=str(Path(sys.executable).parent)) or "relgraph"
    cwd = bundled_project().root
    names = {s.name for s in list_queries(bundled_project())}
    out = []
    for name in (n for n in CLI_QUERIES if n in names):
        times, code = [], 0
        for _ in range(repeat):
            started = time.perf_counter()
            proc = subprocess.run([exe, "query", name, "--example"], cwd=cwd, capture_output=True, text=True)
            times.append(time.perf_counter() - started)
            code = proc.returncode
        out.append({"query": name, "median": statistics.median(times), "max": max(times), "exit": code})
    return out


_IMPORTS = textwrap.dedent(
    """
    import json, sys
    from relgraph.cli import main
    try:
        main(["query", sys.argv[1], "--example", "--format", "csv"], standalone_mode=False)
    except SystemExit:
        pass
    heavy = sorted(m for m in sys.modules if m.split(".")[0] in sys.argv[2].split(","))
    others = sorted({m.split(".")[0] for m in sys.modules} & {"rdflib", "networkx", "owlrl", "rich", "yaml"})
    print(json.dumps({"heavy": heavy, "others": others}), file=sys.stderr)
    """
)


def check_imports(name: str) -> dict:
    proc = subprocess.run(
        [sys.executable, "-c", _IMPORTS, name, ",".join(HEAVY)],
        cwd=bundled_project().root,
        capture_output=True,
        text=True,
    )
    return json.loads(proc.stderr.strip().splitlines()[-1])


# ----- report ------------------------------------------------------------------------------------------------


def machine() -> dict:
    return {
        "cpus": os.cpu_count(),
        "ram_gib": psutil.virtual_memory().total / 2**30,
        "python": platform.python_version(),
        "pyoxigraph": metadata.version("pyoxigraph"),
        "platform": platform.platform(),
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "load_before": os.getloadavg()[0],
    }


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.1f}"


def render(results: dict) -> str:
    m = results["machine"]
    lines = [
        "# Benchmark: relgraph beside raw pyoxigraph",
        "",
        f"Generated by `python benchmarks/bench_queries.py --sizes {results['sizes']} --repeat {results['repeat']}` "
        f"on {m['date']}.",
        f"Machine: {m['cpus']} CPUs, {m['ram_gib']:.1f} GiB RAM, Python {m['python']}, pyoxigraph "
        f"{m['pyoxigraph']} ({m['platform']}). Load average (1 min) before the run: {m['load_before']:.1f}, "
        f"after: {results['load_after']:.1f} (other work on the machine makes absolute times noisy; each "
        "ratio compares runs made one after the other).",
        "Corpora: `relgraph.synthetic.generate_corpus(size, seed=0)` (made on first use under benchmarks/corpus/).",
        f"Goals: every canned query within {GOAL_QUERY}x of raw pyoxigraph; loading within {GOAL_LOAD}x of the "
        "faster raw load. Times are medians (ms) unless marked p95.",
        "",
    ]
    for size in results["runs"]:
        load, queries = size["load"], size["queries"]
        base_name = min(("load", "bulk_load"), key=lambda k: load[k]["seconds"])
        base = load[base_name]["seconds"]
        ratio = load["relgraph"]["seconds"] / base
        lines += [
            f"## {size['triples']:,} triples ({size['articles']:,} article files)",
            "",
            "| load | seconds | peak RSS (MiB) | quads | vs baseline |",
            "|---|---:|---:|---:|---:|",
        ]
        for key, label in (
            ("relgraph", "relgraph `load_dataset`"),
            ("load", "raw `Store.load` per file"),
            ("bulk_load", "raw `Store.bulk_load` per file"),
        ):
            r = load[key]
            mark = " (baseline)" if key == base_name else ""
            lines.append(
                f"| {label}{mark} | {r['seconds']:.2f} | {r['rss'] / 2**20:,.0f} | {r['quads']:,} | "
                f"{r['seconds'] / base:.2f}x |"
            )
        verdict = "met" if ratio <= GOAL_LOAD else "missed"
        lines += ["", f"Loading goal ({GOAL_LOAD}x): {verdict} ({ratio:.2f}x).", ""]
        lines += [
            "| query | rows | relgraph median | relgraph p95 | raw median | raw p95 | ratio | bind | in-process "
            "| goal | raw, merged default graph (rows) |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|---:|",
        ]
        for q in queries:
            if q["status"] != "ok":
                lines.append(f"| {q['query']} | | | | | | | | | {q['status']} | |")
                continue
            goal = "met" if q["ratio"] <= GOAL_QUERY else "**missed**"
            runs = "" if q["runs"] == results["repeat"] else " (1 run)"
            lines.append(
                f"| {q['query']}{runs} | {q['rows']:,} | {_ms(q['ours_median'])} | {_ms(q['ours_p95'])} | "
                f"{_ms(q['raw_median'])} | {_ms(q['raw_p95'])} | {q['ratio']:.2f}x | {_ms(q['bind'])} | "
                f"{_ms(q['inproc'])} | {goal} | {_ms(q['union'])} ({q['union_rows']:,}) |"
            )
        ok = [q for q in queries if q["status"] == "ok"]
        missed = [q["query"] for q in ok if q["ratio"] > GOAL_QUERY]
        lines += [
            "",
            f"Query goal ({GOAL_QUERY}x): met by {len(ok) - len(missed)} of {len(queries)} queries"
            + (f"; missed by {', '.join(missed)}" if missed else "")
            + (f"; {len(queries) - len(ok)} did not finish" if len(ok) < len(queries) else "")
            + ".",
            "",
        ]
    lines += [
        "`bind`: resolving the example parameters (entity look-ups by label, in-process). `in-process`: "
        "`Dataset.execute(timeout=None)`, the query without the forked child and the round trip of its rows "
        "through a pipe. "
        "relgraph's time is about bind + the forked run; the raw column has neither. "
        "`raw, merged default graph`: an experiment, not relgraph: raw pyoxigraph on a store whose default "
        "graph holds the union of the article graphs with each triple once, queried without "
        "`use_default_graph_as_union` (Oxigraph's union yields a triple once per graph that holds it, so "
        "facts restated by many articles multiply join results).",
        "",
        "## `relgraph query NAME --example` on the bundled graph (subprocess, wall time)",
        "",
        "| query | median (s) | max (s) | exit | goal < 1 s |",
        "|---|---:|---:|---:|---|",
    ]
    for c in results["cli"]:
        lines.append(
            f"| {c['query']} | {c['median']:.2f} | {c['max']:.2f} | {c['exit']} | "
            f"{'met' if c['max'] < 1 else '**missed**'} |"
        )
    imports = results["imports"]
    lines += [
        "",
        f"Heavy modules imported by `relgraph query {CLI_QUERIES[0]} --example`: "
        + (", ".join(imports["heavy"]) if imports["heavy"] else f"none of {', '.join(HEAVY)}")
        + (f" (also loaded: {', '.join(imports['others'])})" if imports["others"] else "")
        + ".",
        "",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100000,1000000", help="corpus sizes in triples, comma-separated")
    parser.add_argument("--repeat", type=int, default=5, help="runs per query (median and p95 over them)")
    parser.add_argument("--load-repeat", type=int, default=3, help="runs per way of loading")
    parser.add_argument("--timeout", type=float, default=60.0, help="relgraph's query time limit (its default)")
    parser.add_argument("--output", type=Path, default=HERE / "RESULTS.md", help="where to write the Markdown")
    args = parser.parse_args(argv)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    results: dict = {"sizes": args.sizes, "repeat": args.repeat, "machine": machine(), "runs": []}
    for size in sizes:
        print(f"{size:,} triples", file=sys.stderr)
        project = corpus(size)
        load = {how: measure_load(project, how, args.load_repeat) for how in ("relgraph", "load", "bulk_load")}
        print(
            "  load: " + ", ".join(f"{k} {v['seconds']:.2f} s" for k, v in load.items()),
            file=sys.stderr,
        )
        queries = measure_queries(project, args.repeat, args.timeout)
        results["runs"].append(
            {
                "triples": load["relgraph"]["quads"],
                "articles": len(project.data_files()),
                "load": load,
                "queries": queries,
            }
        )
        partial = dict(results, cli=[], imports={"heavy": [], "others": []}, load_after=os.getloadavg()[0])
        args.output.write_text(render(partial) + "\n(Partial: the run went on after this.)\n", encoding="utf-8")
    results["cli"] = measure_cli()
    results["imports"] = check_imports(CLI_QUERIES[0])
    results["load_after"] = os.getloadavg()[0]
    report = render(results)
    print(report)
    args.output.write_text(report, encoding="utf-8")
    print(f"Wrote {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
