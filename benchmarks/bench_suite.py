"""The scale benchmark: every backend at every size, each figure beside a baseline from the same run.

    python benchmarks/bench_suite.py [--sizes 10000,100000,1000000,10000000]
                                     [--backends memory,disk,oxigraph-server,virtuoso]
                                     [--repeat 5] [--timeout 60] [--rdflib-max 100000]

For each size a synthetic corpus (``relgraph.synthetic.generate_corpus(size, seed=0)``)
is made on first use under ``benchmarks/corpus/`` (git-ignored). Each backend runs in a
fresh worker process, so its peak memory is its own:

* load: memory = ``load_dataset``; disk = ``index_store`` (bulk load into RocksDB),
  then opening the indexed store and answering a point query in another fresh
  process; remote = ``push_graphs`` into a fresh server (the server's peak memory
  is read from /proc). Baselines: raw pyoxigraph ``Store.load`` of the same files
  (embedded); rdflib parsing them into a ``Dataset`` (up to ``--rdflib-max``).
* every canned query with its example parameters, median and p95 of ``--repeat`` runs,
  through relgraph (``Dataset.execute`` with the bound parameters, as ``run_query``
  calls it; the name look-up is timed apart as ``bind``) beside the baseline: raw
  pyoxigraph ``Store.query`` on the same store (its default graph holds the union of
  the article graphs), the values as Oxigraph substitutions (memory, disk), the bound
  query text POSTed with httpx (remote), rdflib's own engine with ``initBindings``
  (up to ``--rdflib-max``, each query bounded by ``--timeout``);
* add-article and remove-article latency (``Dataset.replace_graph``/``drop_graph``;
  baseline: raw ``Store.extend``/``remove_graph``, on a copy for disk);
* render: the 1,000 entities nearest Kenya, ``build_graph`` + ``render_html``.

Progress goes to stderr; the table is printed and written to ``benchmarks/SUITE.md``
(``--out`` to write elsewhere). The machine's load average is recorded with each size.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections import deque
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))  # for tests.engines: the same server fixtures the tests use

BACKENDS = ("memory", "disk", "oxigraph-server", "virtuoso")
POINT_QUERY = "SELECT ?p ?o WHERE { reld:kenya ?p ?o }"


def corpus(size: int) -> Path:
    from relgraph.synthetic import generate_corpus, refresh_corpus

    root = HERE / "corpus" / f"{size}-seed0"
    if not (root / "data").is_dir():
        print(f"generating a {size:,}-triple corpus in {root}", file=sys.stderr)
        generate_corpus(root, triples=size, seed=0, progress=True)
    refresh_corpus(root)  # the synthetic data is cached; the ontology, queries and bundled articles are current
    return root


def stats(times: list[float]) -> tuple[float, float]:
    ordered = sorted(times)
    p95 = ordered[min(len(ordered) - 1, max(0, round(0.95 * len(ordered) + 0.5) - 1))]
    return statistics.median(ordered), p95


def timed(action, runs: int) -> list[float]:
    """The wall time of ``runs`` calls of ``action``, in seconds."""
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        action()
        times.append(time.perf_counter() - t)
    return times


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _consume(raw) -> int:
    """The answer read into Python and kept, as relgraph's own answer is (a table of terms)."""
    if type(raw).__name__ == "QueryBoolean":
        return 1
    rows = [tuple(row) for row in raw]
    return len(rows)


# ----- the worker: one backend, one size, in its own process ---------------------------------------------


def worker(backend: str, root: Path, repeat: int, timeout: float, scratch: Path) -> dict:
    import pyoxigraph as ox

    from relgraph.errors import QueryTimeoutError, RelgraphError
    from relgraph.model.namespaces import RELD
    from relgraph.paths import Project
    from relgraph.query.queries import bind_parameters, list_queries
    from relgraph.store import Dataset, index_store, load_dataset, open_dataset, parse_rdf, push_graphs

    project = Project(root)
    out: dict = {"backend": backend, "queries": {}}
    engine_ctx = None
    raw_store = None
    post = None
    started = time.perf_counter()
    if backend == "memory":
        dataset = load_dataset(project)
        out["load_s"] = time.perf_counter() - started
        raw_store = dataset._store
    elif backend == "disk":
        report = index_store(project, scratch / "store", rebuild=True, progress=True)
        out["load_s"] = report.seconds
        out["load_rss"] = peak_rss_mib()
        probe = subprocess.run(
            [sys.executable, __file__, "--open-probe", str(root), str(scratch / "store")],
            capture_output=True,
            text=True,
            check=True,
        )
        out["open"] = json.loads(probe.stdout)
        dataset = open_dataset(project, store=scratch / "store")
        raw_store = dataset._store  # the same RocksDB, opened by pyoxigraph
    else:
        from tests.engines import oxigraph_server, virtuoso_server

        from relgraph.store.remote import RemoteBackend, RemoteConfig

        engine_ctx = (oxigraph_server if backend == "oxigraph-server" else virtuoso_server)(scratch / backend)
        engine = engine_ctx.__enter__()
        os.environ.update(engine.env)
        config = RemoteConfig.for_url(engine.query_url, timeout=timeout)
        push = push_graphs(project, config, state_path=scratch / f"{backend}.json", progress=True)
        out["load_s"] = push.seconds
        out["server_rss"] = _server_rss(engine_ctx)
        dataset = Dataset(project, RemoteBackend(config))
        import httpx

        from relgraph.store.remote import _prologue, bind_values

        client = httpx.Client(timeout=timeout)

        def post(text, bindings):
            response = client.post(
                engine.query_url,
                data={"query": _prologue(bind_values(text, bindings))},
                headers={"Accept": "application/sparql-results+json, application/n-triples;q=0.9"},
            )
            if response.status_code != 200:
                raise RuntimeError(f"HTTP {response.status_code}")
            return response.content

    out["rss_after_load"] = peak_rss_mib()

    skip = set(filter(None, os.environ.get("RELGRAPH_BENCH_SKIP", "").split(",")))
    for spec, label, values in query_cases(list_queries(project)):
        entry: dict = {}
        out["queries"][label] = entry
        if spec.name in skip:
            entry["status"] = "skipped (--skip)"
            continue
        try:
            t = time.perf_counter()
            bindings = bind_parameters(dataset, spec, values)
            entry["bind_ms"] = (time.perf_counter() - t) * 1000
            t = time.perf_counter()
            first = dataset.execute(spec.text, bindings=bindings, timeout=timeout)
            once = time.perf_counter() - t
        except QueryTimeoutError:
            entry["status"] = f"timeout (>{timeout:g} s)"
            print(f"  {backend} {label}: timeout", file=sys.stderr)
            continue
        except RelgraphError as exc:
            entry["status"] = f"error: {str(exc)[:120]}"
            print(f"  {backend} {label}: {exc}", file=sys.stderr)
            continue
        runs = 1 if once > 10 else repeat
        entry["rows"] = len(getattr(first, "rows", getattr(first, "triples", (1,))))
        entry.update(time_case(dataset, raw_store, post, spec, values, bindings, runs, timeout, first=once))
        child = _query_child_peak(dataset)
        if child:
            out["query_rss"] = max(out.get("query_rss") or 0, child)
        entry["runs"] = runs
        print(
            f"  {backend} {label}: {entry['ours'][0]:.4f}s vs {entry['base'][0]:.4f}s raw; "
            f"run_query {entry['run_query'][0]:.4f}s",
            file=sys.stderr,
        )

    # add and remove an article (a copy of the bundled one under a new IRI)
    source = (project.data_dir / "triples.ttl").read_text(encoding="utf-8")
    name = RELD + "article-bench-copy"
    text = source.replace("article-2019-05-03-kenya-us-bsd", "article-bench-copy")
    path = scratch / "article-bench-copy.ttl"
    path.write_text(text, encoding="utf-8")
    triples = parse_rdf(path)
    adds, removes = [], []
    for _ in range(repeat):
        t = time.perf_counter()
        dataset.replace_graph(name, triples, path=None)
        adds.append(time.perf_counter() - t)
        t = time.perf_counter()
        dataset.drop_graph(name)
        removes.append(time.perf_counter() - t)
    out["add"], out["remove"] = stats(adds), stats(removes)
    if raw_store is not None:
        writable = raw_store if backend == "memory" else dataset._store
        quads = [ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(name)) for t in triples]
        radds, rremoves = [], []
        for _ in range(repeat):
            t = time.perf_counter()
            writable.extend(quads)
            radds.append(time.perf_counter() - t)
            t = time.perf_counter()
            writable.remove_graph(ox.NamedNode(name))
            rremoves.append(time.perf_counter() - t)
        out["add_base"], out["remove_base"] = stats(radds), stats(rremoves)

    out["render"] = _render(dataset, timeout)
    out["peak_rss"] = peak_rss_mib()
    if engine_ctx is not None:
        out["server_rss"] = max(out.get("server_rss") or 0, _server_rss(engine_ctx) or 0)
        dataset.close()
        engine_ctx.__exit__(None, None, None)
    else:
        dataset.close()
    return out


def time_case(dataset, raw_store, post, spec, values: dict, bindings: dict, runs: int, timeout: float, *, first: float):
    """Median and p95 of relgraph (``execute``, ``run_query``) and of raw pyoxigraph on the same text."""
    import pyoxigraph as ox

    from relgraph.model.namespaces import PREFIXES
    from relgraph.query.queries import run_query
    from relgraph.store.binding import bind_values, can_bind_values

    entry: dict = {}
    # The same text on both sides: relgraph sends the query with its parameters as a leading
    # VALUES block *and* as Oxigraph substitutions (relgraph.store.binding); the raw baseline
    # runs exactly that text with exactly those substitutions on the same store.
    sent = bind_values(spec.text, bindings) if can_bind_values(bindings) else spec.text
    subs = {ox.Variable(k): v for k, v in bindings.items()} or None

    def raw(text: str = sent) -> None:
        if raw_store is not None:
            # Like for like: the same store, whose default graph already holds the union (each
            # triple once). Oxigraph's use_default_graph_as_union is a bag over the article graphs
            # (a fact restated by N articles comes back N times): at 10M it made the baseline run
            # other, far costlier joins for hours.
            _consume(raw_store.query(text, prefixes=PREFIXES, substitutions=subs))
        else:
            post(spec.text, bindings)

    ours = [first] if runs == 1 else []
    ours += timed(lambda: dataset.execute(spec.text, bindings=bindings, timeout=timeout), runs - len(ours))
    entry["ours"] = stats(ours)
    entry["base"] = stats(timed(raw, runs))
    # The documented API end to end: the query file (cached), the names (kept per dataset), the run.
    entry["run_query"] = stats(timed(lambda: run_query(dataset, spec.name, values, timeout=timeout), runs))
    if raw_store is not None and sent != spec.text:
        # relgraph's binding against the naive one (substitutions alone, no VALUES block): not an
        # engine ratio, a measure of what the leading block buys (or costs) on this query.
        entry["naive"] = stats(timed(lambda: raw(spec.text), min(runs, 3)))
    return entry


def query_cases(specs):
    """Each canned query with its example parameters and, where some are optional, once more
    without those: an optional parameter narrows, and the whole-graph answer is timed too."""
    for spec in specs:
        yield spec, spec.name, spec.example_params
        optional = [p.name for p in spec.params if not p.required]
        if optional:
            yield spec, f"{spec.name}, no {', '.join(optional)}", spec.required_example_params


def httpx_errors():
    import httpx

    return httpx.HTTPError


def _server_rss(engine_ctx) -> float | None:
    """Peak resident memory (VmHWM) of the engine process, in MiB."""
    frame = getattr(getattr(engine_ctx, "gen", None), "gi_frame", None)
    process = frame.f_locals.get("process") if frame is not None else None
    return None if process is None else _vm_hwm(process.pid)


def _query_child_peak(dataset) -> float | None:
    """The peak memory of the embedded backend's query child so far (read after each query: a
    timeout kills the child). The worker's own peak_rss also holds the raw baselines."""
    child = getattr(dataset.backend, "_worker", None)
    pid = getattr(child, "_pid", None)
    return None if pid is None else _vm_hwm(pid)


def _vm_hwm(pid: int) -> float | None:
    """Peak resident memory (VmHWM) of a process, in MiB."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
    except OSError:
        return None
    for line in status.splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return None


def _render(dataset, timeout: float) -> dict:
    from relgraph.errors import RelgraphError
    from relgraph.views.graphview import Selection, build_graph
    from relgraph.views.visualise import render_html

    try:
        around = build_graph(dataset, selection=Selection(focus="Kenya", depth=2, timeout=timeout))
        centre = next(n for n in around if str(n).endswith("/kenya"))
        undirected = {n: set(around.successors(n)) | set(around.predecessors(n)) for n in around}
        order, seen, queue = [], {centre}, deque([centre])
        while queue and len(order) < 1000:
            node = queue.popleft()
            order.append(node)
            for nxt in sorted(undirected[node]):
                if nxt not in seen:
                    seen.add(nxt)
                    queue.append(nxt)
        t = time.perf_counter()
        graph = build_graph(dataset, selection=Selection(entities=tuple(order), timeout=timeout))
        built = time.perf_counter() - t
        t = time.perf_counter()
        with tempfile.TemporaryDirectory() as folder:
            page = render_html(graph, output=Path(folder) / "page.html")
            rendered = time.perf_counter() - t
            size = page.stat().st_size
        return {"nodes": graph.number_of_nodes(), "build_s": built, "html_s": rendered, "bytes": size}
    except (RelgraphError, StopIteration, TypeError) as exc:
        return {"error": str(exc)[:160]}


def open_probe(root: Path, store: Path) -> dict:
    """In a fresh process: open the indexed store and answer one point query."""
    t = time.perf_counter()
    from relgraph.paths import Project
    from relgraph.store import open_dataset

    imported = time.perf_counter() - t
    t = time.perf_counter()
    dataset = open_dataset(Project(root), store=store)
    opened = time.perf_counter() - t
    t = time.perf_counter()
    rows = len(dataset.execute(POINT_QUERY, timeout=30).rows)
    answered = time.perf_counter() - t
    return {"import_s": imported, "open_s": opened, "query_s": answered, "rows": rows, "rss": peak_rss_mib()}


# ----- baselines outside relgraph ----------------------------------------------------------------------------


def raw_load(root: Path) -> dict:
    import pyoxigraph as ox

    from relgraph.model.namespaces import GRAPH_ONTOLOGY, RELD
    from relgraph.paths import Project

    project = Project(root)
    t = time.perf_counter()
    store = ox.Store()
    for path in project.ontology_files():
        store.load(path=path, format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(GRAPH_ONTOLOGY))
    for path in project.data_files():
        store.load(path=path, format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(RELD + path.stem))
    return {"load_s": time.perf_counter() - t, "peak_rss": peak_rss_mib(), "quads": len(store)}


def rdflib_worker(root: Path, timeout: float, repeat: int) -> dict:
    """rdflib's own engine: parse the files into a Dataset (union default graph), run the queries."""
    import rdflib

    from relgraph.model.namespaces import GRAPH_ONTOLOGY, PREFIXES, RELD
    from relgraph.paths import Project
    from relgraph.query.queries import list_queries

    project = Project(root)
    t = time.perf_counter()
    ds = rdflib.Dataset(default_union=True)
    for path in project.ontology_files():
        ds.graph(rdflib.URIRef(GRAPH_ONTOLOGY)).parse(path, format="turtle")
    for path in project.data_files():
        ds.graph(rdflib.URIRef(RELD + path.stem)).parse(path, format="turtle")
    out = {"load_s": time.perf_counter() - t, "peak_rss": peak_rss_mib(), "queries": {}}
    from relgraph.query.queries import bind_parameters
    from relgraph.store import load_dataset

    relgraph_dataset = load_dataset(project)  # only to resolve the example names, after rdflib's figures

    def term(value):
        if value.__class__.__name__ == "NamedNode":
            return rdflib.URIRef(value.value)
        if value.language:
            return rdflib.Literal(value.value, lang=value.language)
        return rdflib.Literal(value.value, datatype=rdflib.URIRef(value.datatype.value))

    for spec, label, values in query_cases(list_queries(project)):
        bound = bind_parameters(relgraph_dataset, spec, values)
        init = {k: term(v) for k, v in bound.items()}
        times = []
        try:
            for _ in range(repeat):
                t = time.perf_counter()
                result = ds.query(spec.text, initNs=PREFIXES, initBindings=init)
                _ = list(result) if result.type != "ASK" else result.askAnswer
                times.append(time.perf_counter() - t)
                if times[-1] > timeout / 4:
                    break
        except Exception as exc:  # rdflib's own failures are a result here, not a crash of the suite
            out["queries"][label] = {"error": f"{type(exc).__name__}"}
            print(f"  rdflib {label}: {type(exc).__name__}: {exc}", file=sys.stderr, flush=True)
            continue
        out["queries"][label] = {"base": stats(times)}
        print(f"  rdflib {label}: {times[0]:.3f}s", file=sys.stderr, flush=True)
        sys.stdout.write(json.dumps({"partial": label, "t": stats(times)}) + "\n")
        sys.stdout.flush()
    return out


def run_json(args: list[str], timeout: float | None = None) -> dict | None:
    try:
        done = subprocess.run([sys.executable, __file__, *args], capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired as exc:
        partial = [json.loads(line) for line in (exc.stdout or b"").decode().splitlines() if line.startswith("{")]
        return {"timeout": True, "partial": partial}
    sys.stderr.write(done.stderr[-4000:])
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        return {"error": (done.stderr.strip().splitlines() or ["?"])[-1][:200]}
    return json.loads(lines[-1])


# ----- the report ------------------------------------------------------------------------------------------


def fmt_s(value: float | None) -> str:
    return "" if value is None else (f"{value * 1000:,.1f} ms" if value < 1 else f"{value:,.2f} s")


def render_report(results: list[dict], command: str) -> str:
    lines = [
        "# Scale benchmark: every backend beside its baseline",
        "",
        f"Generated by `{command}` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}.",
        f"Machine: {os.cpu_count()} CPUs, Python {platform.python_version()}, {platform.platform()}.",
        "Shared machine: other engineers' jobs ran at the same time; each size records the load average.",
        "Relgraph's query time is `Dataset.execute` with the bound parameters (a forked child that streams",
        "its answer; the parent reads it); `bind` is the name look-up that `run_query` does first.",
        "",
    ]
    for size in results:
        lines += [f"## {size['quads']:,} triples ({size['files']:,} files); load average {size['load']}", ""]
        lines += [
            "| backend | load | peak memory | query child peak | baseline load | baseline memory |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        raw, rdf = size.get("raw") or {}, size.get("rdflib") or {}
        for b in size["backends"]:
            if "error" in b:
                lines.append(f"| {b['backend']} | error: {b['error']} | | | | |")
                continue
            memory = b.get("server_rss") or b.get("load_rss") or b.get("rss_after_load")
            what = "server " if b.get("server_rss") else ""
            child = f"{b['query_rss']:,.0f} MiB" if b.get("query_rss") else ""
            lines.append(
                f"| {b['backend']} | {fmt_s(b.get('load_s'))} | {what}{memory or 0:,.0f} MiB | {child} | "
                f"{fmt_s(raw.get('load_s'))} (raw pyoxigraph) | {raw.get('peak_rss', 0):,.0f} MiB |"
            )
        if rdf.get("load_s"):
            lines.append(f"| rdflib (baseline) | {fmt_s(rdf['load_s'])} | {rdf['peak_rss']:,.0f} MiB | | | |")
        lines += [
            "",
            "Peak memory is the process's after loading or indexing; the query child's is that of the",
            "forked child that answered the queries. The benchmark process itself grows beyond",
            "both, as it also runs the raw baselines, the add and remove, and the render:"
            + "".join(
                f" {b['backend']} {b.get('peak_rss', 0):,.0f} MiB;" for b in size["backends"] if "error" not in b
            ),
        ]
        for b in size["backends"]:
            if b.get("open"):
                o = b["open"]
                lines += [
                    "",
                    f"Opening the indexed store in a fresh process: import {fmt_s(o['import_s'])}, open "
                    f"{fmt_s(o['open_s'])}, point query ({o['rows']} rows) {fmt_s(o['query_s'])}; total "
                    f"{fmt_s(o['open_s'] + o['query_s'])} (goal < 1 s), peak {o['rss']:,.0f} MiB.",
                ]
        lines += query_table(size)
        lines += binding_table(size)
        lines += [
            "",
            "| backend | add article | remove article | baseline add | baseline remove | render 1,000 nodes (build + html) |",
            "|---|---:|---:|---:|---:|---|",
        ]
        for b in size["backends"]:
            if "add" not in b:
                continue
            r = b.get("render", {})
            render = (
                f"{r['nodes']:,} nodes: {fmt_s(r['build_s'])} + {fmt_s(r['html_s'])}"
                if "nodes" in r
                else r.get("error", "")
            )
            lines.append(
                f"| {b['backend']} | {fmt_s(b['add'][0])} | {fmt_s(b['remove'][0])} | "
                f"{fmt_s((b.get('add_base') or [None])[0])} | {fmt_s((b.get('remove_base') or [None])[0])} | {render} |"
            )
        lines.append("")
    return "\n".join(lines) + "\n"


def query_table(size: dict) -> list[str]:
    """Each query: relgraph's ``execute`` and ``run_query`` beside raw pyoxigraph running the same text."""
    backends = [b for b in size["backends"] if "queries" in b]
    rdf = size.get("rdflib") or {}
    names = sorted({n for b in backends for n in b["queries"]})
    header = "| query | rows |" + "".join(
        f" {b['backend']}: execute median / p95 (raw, same text) | ratio | run_query | ratio |" for b in backends
    )
    if rdf.get("queries"):
        header += " rdflib median |"
    lines = [
        "",
        "Every ratio is over the same work: raw pyoxigraph runs the text relgraph sends (the parameters as",
        "a leading VALUES block and as substitutions), on the same store. `execute` is `Dataset.execute`",
        "(the query child and reading its answer); `run_query` is the documented API end to end (the",
        "query file, the names looked up, the run).",
        "",
        header,
        "|" + "---|" * (header.count("|") - 1),
    ]
    for name in names:
        rows = next((b["queries"][name]["rows"] for b in backends if "rows" in b["queries"].get(name, {})), "")
        row = f"| {name} | {rows} |"
        for b in backends:
            e = b["queries"].get(name, {})
            if "ours" not in e:
                row += f" {e.get('status', '')} | | | |"
                continue
            base = e["base"][0]
            differs = f" **{e['rows']} rows**" if rows != "" and e.get("rows") != rows else ""
            row += f" {fmt_s(e['ours'][0])} / {fmt_s(e['ours'][1])} ({fmt_s(base)}){differs} | {_ratio(e['ours'][0], base)} |"
            run = e.get("run_query")
            row += f" {fmt_s(run[0])} | {_ratio(run[0], base)} |" if run else " | |"
        if rdf.get("queries"):
            done = rdf["queries"].get(name, {})
            row += f" {fmt_s(done['base'][0]) if done.get('base') else done.get('error', 'not run (time bound)')} |"
        lines.append(row)
    return lines


def binding_table(size: dict) -> list[str]:
    """relgraph's binding (VALUES block and substitutions) against substitutions alone, both raw."""
    cases = [
        (b["backend"], name, e)
        for b in size["backends"]
        for name, e in sorted(b.get("queries", {}).items())
        if e.get("naive") and e.get("base")
    ]
    if not cases:
        return []
    lines = [
        "",
        "relgraph's binding vs naive substitution (not an engine ratio: both columns are raw pyoxigraph;",
        "the first runs relgraph's text, with the leading VALUES block, the second the query as written",
        "with Oxigraph substitutions alone). Below 1.00x the block makes the engine's plan cheaper.",
        "",
        "| backend | query | relgraph's binding | substitutions alone | ratio |",
        "|---|---|---:|---:|---:|",
    ]
    for backend, name, e in cases:
        lines.append(
            f"| {backend} | {name} | {fmt_s(e['base'][0])} | {fmt_s(e['naive'][0])} | {_ratio(e['base'][0], e['naive'][0])} |"
        )
    return lines


def _ratio(ours: float, base: float) -> str:
    return f"{ours / base:.2f}x" if base > 0 else ""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--backends", default=",".join(BACKENDS))
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--rdflib-max", type=int, default=100_000)
    parser.add_argument("--skip", default="", help="Canned queries to leave out, comma-separated.")
    parser.add_argument("--out", type=Path, default=HERE / "SUITE.md")
    parser.add_argument("--json", type=Path, default=HERE / "results" / "suite.json", help="Where the raw results go.")
    parser.add_argument("--worker", nargs=2, metavar=("BACKEND", "ROOT"))
    parser.add_argument("--raw-load", metavar="ROOT")
    parser.add_argument("--rdflib", metavar="ROOT")
    parser.add_argument("--open-probe", nargs=2, metavar=("ROOT", "STORE"))
    parser.add_argument("--from-json", type=Path, help="Only write the report again from a results JSON.")
    args = parser.parse_args()
    if args.from_json:
        saved = json.loads(args.from_json.read_text(encoding="utf-8"))
        if isinstance(saved, list):  # written before the command was kept with the results
            saved = {"results": saved, "command": "python benchmarks/bench_suite.py"}
        args.out.write_text(render_report(saved["results"], saved["command"]), encoding="utf-8")
        return
    if args.worker:
        with tempfile.TemporaryDirectory(prefix="relgraph-bench-") as scratch:
            print(json.dumps(worker(args.worker[0], Path(args.worker[1]), args.repeat, args.timeout, Path(scratch))))
        return
    if args.raw_load:
        print(json.dumps(raw_load(Path(args.raw_load))))
        return
    if args.rdflib:
        print(json.dumps(rdflib_worker(Path(args.rdflib), args.timeout, args.repeat)))
        return
    if args.open_probe:
        print(json.dumps(open_probe(Path(args.open_probe[0]), Path(args.open_probe[1]))))
        return

    command = "python benchmarks/bench_suite.py " + " ".join(sys.argv[1:])
    os.environ["RELGRAPH_BENCH_SKIP"] = args.skip
    backends = [b for b in args.backends.split(",") if b]
    results = []
    for size in (int(s) for s in args.sizes.split(",")):
        root = corpus(size)
        from relgraph.paths import Project

        project = Project(root)
        files = len(project.data_files()) + len(project.ontology_files())
        entry = {"size": size, "files": files, "load": ", ".join(f"{x:.1f}" for x in os.getloadavg()), "backends": []}
        entry["raw"] = run_json(["--raw-load", str(root)])
        entry["quads"] = (entry["raw"] or {}).get("quads", size)
        if size <= args.rdflib_max:
            entry["rdflib"] = run_json(
                ["--rdflib", str(root), "--repeat", "1", "--timeout", str(args.timeout)], timeout=args.timeout * 20
            )
        for backend in backends:
            if backend in ("oxigraph-server", "virtuoso"):
                from tests.engines import oxigraph_command, virtuoso_command

                if (oxigraph_command() if backend == "oxigraph-server" else virtuoso_command()) is None:
                    entry["backends"].append({"backend": backend, "error": "not installed"})
                    continue
            print(f"== {size:,} triples on {backend}", file=sys.stderr)
            result = run_json(
                ["--worker", backend, str(root), "--repeat", str(args.repeat), "--timeout", str(args.timeout)]
            )
            result.setdefault("backend", backend)
            entry["backends"].append(result)
        results.append(entry)
        report = render_report(results, command)
        args.out.write_text(report, encoding="utf-8")
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"command": command, "results": results}, indent=1), encoding="utf-8")
    print(report)
    shutil.rmtree(Path(tempfile.gettempdir()) / "relgraph-bench-none", ignore_errors=True)


if __name__ == "__main__":
    main()
