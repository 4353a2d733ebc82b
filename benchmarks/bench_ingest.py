"""Growing the graph at scale: validate, add and remove a ~200-triple article on synthetic
graphs of 100k and 1M triples, beside baselines measured in the same run.

    python benchmarks/bench_ingest.py [--sizes 100000,1000000] [--repeat 3]

For each size, the synthetic corpus (``relgraph.synthetic``, seed 0, cached under
``benchmarks/corpus/``, git-ignored) is copied to a scratch folder, and one of its
articles of about 200 triples is taken out into ``drafts/``: the benchmark adds that
article back, as an analyst adds a new report on known states, officials and events.
Every run is a fresh process, on two backends:

* ``memory``: the default; the dataset is loaded from the files (``load_dataset``),
  then the article is validated (``validate_article``), added (``add_article``: its
  checks again, then the atomic write) and removed (``remove_article``);
* ``disk``: the persistent Oxigraph store (``relgraph index``, built once, outside the
  timings); the dataset is opened from it, and add/remove keep it in step.

Validation is broken down: parsing the file, reading the ontology's terms, fetching
the context (what the graph says about the nodes the article touches, by SPARQL),
the SHACL shapes (pyshacl on the article and its context), reconciliation, the rest.

Baselines, same run: raw pyshacl on the article alone (parsed by rdflib, the ontology as
ont_graph), Oxigraph's ``bulk_load`` of the corpus files (the floor of any in-memory
path), and ``relgraph validate``/``add``/``remove`` as commands (wall time, Python start
included) on the disk store. The table is printed and written to ``benchmarks/INGEST.md``.
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

from relgraph.paths import Project
from relgraph.store import index_store, parse_rdf
from relgraph.synthetic import generate_corpus

HERE = Path(__file__).resolve().parent
CORPORA = HERE / "corpus"
GOAL_ADD = 2.0  # checking and adding an article (one add), seconds, at 1M triples
GOAL_REMOVE = 1.0


def corpus(size: int, seed: int = 0) -> Project:
    """The cached corpus of ``size`` triples, made on first use by the current generator.

    Kept apart from the other benchmarks' caches (``ingest-SIZE-seedN``) so that a
    corpus made by an older generator is never checked against today's shapes.
    """
    root = CORPORA / f"ingest-{size}-seed{seed}"
    if not (root / "data").is_dir():
        scratch = CORPORA / f".ingest-{size}-seed{seed}.partial"
        shutil.rmtree(scratch, ignore_errors=True)
        generate_corpus(scratch, triples=size, seed=seed, progress=True)
        shutil.rmtree(root, ignore_errors=True)
        scratch.rename(root)
    return Project(root.resolve())


def pick_article(project: Project, target: int = 200) -> tuple[Path, int]:
    """A synthetic article of about ``target`` triples, from the last hundred (the latest news)."""
    files = sorted(project.articles_dir.glob("article-0*.ttl"))[-100:]
    sized = [(abs(len(parse_rdf(p)) - target), p) for p in files]
    _, best = min(sized)
    return best, len(parse_rdf(best))


def scratch_copy(project: Project, article: Path, size: int) -> tuple[Project, Path]:
    """A copy of the corpus without ``article``, which waits in drafts/ with its text."""
    root = CORPORA / f".ingest-{size}"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(project.root, root, ignore=shutil.ignore_patterns(".relgraph"))
    drafts = root / "drafts"
    drafts.mkdir()
    for suffix in (".ttl", ".txt"):
        shutil.move(root / "data" / "articles" / (article.stem + suffix), drafts / (article.stem + suffix))
    return Project(root.resolve()), drafts / article.name


# ----- one run, in a fresh process -------------------------------------------------------------------

_RUN = textwrap.dedent(
    """
    import json, resource, sys, time
    from pathlib import Path
    import relgraph.ingest.shacl, relgraph.ingest.validation
    from relgraph.ingest.add import add_article, remove_article
    from relgraph.paths import Project
    from relgraph.store import load_dataset, open_dataset
    from relgraph.ingest.validation import validate_article

    backend, root, draft, store = sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]), sys.argv[4]
    parts = {}

    def timed(module, name, key):
        real = getattr(module, name)
        def wrapper(*args, **kwargs):
            started = time.perf_counter()
            try:
                return real(*args, **kwargs)
            finally:
                parts[key] = parts.get(key, 0.0) + time.perf_counter() - started
        setattr(module, name, wrapper)

    timed(relgraph.ingest.validation, "stage_article", "parse")
    timed(relgraph.ingest.validation, "load_vocabulary", "ontology terms")
    timed(relgraph.ingest.validation, "fetch_context", "context (SPARQL)")
    timed(relgraph.ingest.shacl, "run_shapes", "shapes (pyshacl)")
    timed(relgraph.ingest.validation, "find_matches", "reconciliation")
    project = Project(root)
    out = {}
    started = time.perf_counter()
    dataset = load_dataset(project) if backend == "memory" else open_dataset(project, store=store)
    out["open"] = time.perf_counter() - started
    started = time.perf_counter()
    report = validate_article(dataset, draft)
    out["validate"] = time.perf_counter() - started
    out["parts"] = dict(parts)
    out["issues"] = [i.describe() for i in report.errors]
    out["warnings"] = len(report.warnings)
    started = time.perf_counter()
    added = add_article(dataset, draft)
    out["add"] = time.perf_counter() - started
    started = time.perf_counter()
    remove_article(dataset, added.article)
    out["remove"] = time.perf_counter() - started
    out["rss"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    out["quads"] = len(dataset)
    print(json.dumps(out))
    """
)


def run_once(backend: str, project: Project, draft: Path, store: Path) -> dict:
    done = subprocess.run(
        [sys.executable, "-c", _RUN, backend, str(project.root), str(draft), str(store)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise SystemExit(f"{backend} run failed:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout)


def measure(backend: str, project: Project, draft: Path, store: Path, repeat: int) -> dict:
    runs = [run_once(backend, project, draft, store) for _ in range(repeat)]
    if runs[0]["issues"]:
        raise SystemExit("the article does not validate:\n" + "\n".join(runs[0]["issues"]))

    def med(key: str) -> float:
        return statistics.median(r[key] for r in runs)

    parts = {k: statistics.median(r["parts"].get(k, 0.0) for r in runs) for k in runs[0]["parts"]}
    parts["other checks"] = max(0.0, med("validate") - sum(parts.values()))
    return {
        "open": med("open"),
        "validate": med("validate"),
        "add": med("add"),
        "remove": med("remove"),
        "parts": parts,
        "rss": max(r["rss"] for r in runs),
        "quads": runs[0]["quads"],
        "warnings": runs[0]["warnings"],
    }


# ----- baselines ---------------------------------------------------------------------------------------

_PYSHACL = textwrap.dedent(
    """
    import json, sys, time
    started = time.perf_counter()
    import pyshacl
    from rdflib import Graph
    imported = time.perf_counter() - started
    article, shapes, ontology = sys.argv[1:4]
    started = time.perf_counter()
    data = Graph().parse(article, format="turtle")
    shapes_graph = Graph().parse(shapes, format="turtle")
    ontology_graph = Graph().parse(ontology, format="turtle")
    parsed = time.perf_counter() - started
    started = time.perf_counter()
    conforms, _, _ = pyshacl.validate(data, shacl_graph=shapes_graph, ont_graph=ontology_graph, inference="none")
    validated = time.perf_counter() - started
    print(json.dumps({"import": imported, "parse": parsed, "validate": validated, "conforms": conforms}))
    """
)

_BULK = textwrap.dedent(
    """
    import json, sys, time
    from pathlib import Path
    import pyoxigraph as ox
    from relgraph.model.namespaces import RELD
    from relgraph.paths import Project
    project = Project(Path(sys.argv[1]))
    store = ox.Store()
    started = time.perf_counter()
    for path in project.data_files():
        store.bulk_load(path=path, format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(RELD + path.stem))
    print(json.dumps({"seconds": time.perf_counter() - started, "quads": len(store)}))
    """
)


def baselines(project: Project, draft: Path, repeat: int) -> dict:
    shapes, ontology = project.shapes_file, project.ontology_files()[0]
    shacl = [
        json.loads(
            subprocess.run(
                [sys.executable, "-c", _PYSHACL, str(draft), str(shapes), str(ontology)],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        )
        for _ in range(repeat)
    ]
    bulk = [
        json.loads(
            subprocess.run(
                [sys.executable, "-c", _BULK, str(project.root)], capture_output=True, text=True, check=True
            ).stdout
        )
        for _ in range(repeat)
    ]
    raw_write = []
    data = draft.read_bytes()
    for _ in range(repeat):
        target = project.root / "drafts" / ".raw-write.ttl"
        started = time.perf_counter()
        with target.open("wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        raw_write.append(time.perf_counter() - started)
        target.unlink()
    return {
        "pyshacl_validate": statistics.median(r["validate"] for r in shacl),
        "pyshacl_parse": statistics.median(r["parse"] for r in shacl),
        "pyshacl_import": statistics.median(r["import"] for r in shacl),
        "pyshacl_conforms": shacl[0]["conforms"],
        "bulk_load": statistics.median(r["seconds"] for r in bulk),
        "raw_write": statistics.median(raw_write),
    }


def cli_wall(project: Project, draft: Path, store: Path, repeat: int) -> dict:
    """The commands as a user runs them, on the disk store: Python start and imports included."""
    article = draft.stem
    base = [sys.executable, "-m", "relgraph", "--project", str(project.root), "--store", str(store)]
    times: dict[str, list[float]] = {"validate": [], "add": [], "remove": []}
    for _ in range(repeat):
        for name, args in (
            ("validate", ["validate", str(draft)]),
            ("add", ["add", str(draft)]),
            ("remove", ["remove", article]),
        ):
            started = time.perf_counter()
            subprocess.run([*base, *args], capture_output=True, check=True)
            times[name].append(time.perf_counter() - started)
    return {k: statistics.median(v) for k, v in times.items()}


# ----- report ---------------------------------------------------------------------------------------------


def markdown(results: list[dict], repeat: int, load: tuple[float, float]) -> str:
    lines = [
        "# Growing the graph: validate, add and remove at scale",
        "",
        f"Written by `benchmarks/bench_ingest.py` on {dt.date.today().isoformat()} "
        f"({platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}, "
        f"pyoxigraph {metadata.version('pyoxigraph')}, pyshacl {metadata.version('pyshacl')}). "
        f"Medians of {repeat} runs, each in a fresh process. Re-run: `python benchmarks/bench_ingest.py`. "
        f"Load average (1 min) at the start and the end: {load[0]:.1f} and {load[1]:.1f} (a shared machine: "
        "other jobs ran at the same time).",
        "",
        "The article is a synthetic one of the corpus (relgraph.synthetic, seed 0), taken out of the "
        "graph and added back: it names states, officials, mechanisms and events the graph already has. "
        f"Goals: checking and adding an article under {GOAL_ADD:g} s at 1M triples, removing one under "
        f"{GOAL_REMOVE:g} s.",
        "",
        "## In the library (seconds)",
        "",
        "| graph | backend | open | validate | add (checks + write) | validate, then add | remove | peak RSS |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        for backend in ("memory", "disk"):
            m = r[backend]
            lines.append(
                f"| {r['quads']:,} triples, article of {r['article_triples']} | {backend} | {m['open']:.2f} | "
                f"{m['validate']:.2f} | {m['add']:.2f} | {m['validate'] + m['add']:.2f} | {m['remove']:.3f} | "
                f"{m['rss'] / 2**20:,.0f} MiB |"
            )
    lines += [
        "",
        "`open` is loading the files into memory (memory backend) or opening the store on disk. `add` runs",
        "every check before it writes: it is the goal's figure. `validate, then add` is what running the two",
        "commands one after the other costs (the checks run twice).",
        "",
        "## Where validation spends its time (seconds, memory backend)",
        "",
        "| graph | parse | ontology terms | context (SPARQL) | shapes (pyshacl) | reconciliation | other checks |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        p = r["memory"]["parts"]
        lines.append(
            f"| {r['quads']:,} | {p.get('parse', 0):.3f} | {p.get('ontology terms', 0):.3f} | "
            f"{p.get('context (SPARQL)', 0):.3f} | {p.get('shapes (pyshacl)', 0):.3f} | "
            f"{p.get('reconciliation', 0):.3f} | {p.get('other checks', 0):.3f} |"
        )
    lines += [
        "",
        "## Baselines, same run (seconds)",
        "",
        "| graph | pyshacl on the article alone | rdflib parse for it | Oxigraph bulk_load of the corpus | "
        "raw write + fsync of the file | disk store build (relgraph index) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        b = r["baselines"]
        lines.append(
            f"| {r['quads']:,} | {b['pyshacl_validate']:.3f} | {b['pyshacl_parse']:.3f} | {b['bulk_load']:.2f} | "
            f"{b['raw_write'] * 1000:.1f} ms | {r['index_build']:.1f} |"
        )
    lines += [
        "",
        "## The commands (wall time on the disk store, Python start and imports included)",
        "",
        "| graph | relgraph validate | relgraph add | relgraph remove |",
        "|---|---:|---:|---:|",
    ]
    for r in results:
        c = r["cli"]
        lines.append(f"| {r['quads']:,} | {c['validate']:.2f} | {c['add']:.2f} | {c['remove']:.2f} |")
    big = results[-1]
    lines += ["", "## Reading the figures", ""]
    for backend in ("memory", "disk"):
        m = big[backend]
        lines.append(
            f"- {backend}, {big['quads']:,} triples: one `add` (every check, then the write) "
            f"{m['add']:.2f} s ({'meets' if m['add'] < GOAL_ADD else 'misses'} the {GOAL_ADD:g} s goal); "
            f"`validate` then `add`, checking twice, {m['validate'] + m['add']:.2f} s; remove {m['remove']:.3f} s "
            f"({'meets' if m['remove'] < GOAL_REMOVE else 'misses'} the {GOAL_REMOVE:g} s goal). "
            f"Opening the dataset first: {m['open']:.2f} s."
        )
    c = big["cli"]
    lines += [
        f"- As commands on the store on disk, Python start and imports included: `relgraph add` {c['add']:.2f} s, "
        f"`relgraph remove` {c['remove']:.2f} s.",
        "- What the checks cost does not follow the size of the graph: the context is fetched by SPARQL",
        "  bound to the article's own IRIs and grouped in the engine, reconciliation looks names up as exact",
        "  literals through Oxigraph's object index, and pyshacl runs on the article, its context and the",
        "  ontology (about two thousand triples), never on the store. Only the context grows, with how many",
        "  articles restate the entities the article touches (a state restated by thousands of synthetic",
        "  articles is thousands of quads to group).",
        "- pyshacl is the largest single cost (import, shapes, SPARQL constraints parsed on every run), about",
        "  the same as running it on the article alone (the baseline).",
        "- In memory, every command first parses every file: that, not the checks, is what grows with the",
        "  graph (compare Oxigraph's own bulk_load). The store on disk removes it (`relgraph index`, then",
        "  `--store`); add and remove keep it in step (replace_graph, drop_graph).",
        "",
    ]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    results = []
    load_start = os.getloadavg()[0]
    for size in (int(s) for s in args.sizes.split(",")):
        project = corpus(size)
        article, triples = pick_article(project)
        scratch, draft = scratch_copy(project, article, size)
        store = scratch.root / ".relgraph" / "store"
        started = time.perf_counter()
        index_store(scratch, store)
        index_build = time.perf_counter() - started
        print(
            f"{size:,}: article {article.name} ({triples} triples); store built in {index_build:.1f} s", file=sys.stderr
        )
        result = {
            "size": size,
            "article": article.name,
            "article_triples": triples,
            "index_build": index_build,
            "memory": measure("memory", scratch, draft, store, args.repeat),
            "disk": measure("disk", scratch, draft, store, args.repeat),
            "baselines": baselines(scratch, draft, args.repeat),
            "cli": cli_wall(scratch, draft, store, args.repeat),
        }
        result["quads"] = result["memory"]["quads"]
        results.append(result)
        shutil.rmtree(scratch.root, ignore_errors=True)
    text = markdown(results, args.repeat, (load_start, os.getloadavg()[0]))
    print(text)
    (HERE / "INGEST.md").write_text(text, encoding="utf-8")
    (HERE / "results").mkdir(exist_ok=True)
    (HERE / "results" / "ingest.json").write_text(json.dumps(results, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
