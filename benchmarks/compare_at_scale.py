"""Same answers at scale: every canned query on Virtuoso (or the Oxigraph server) beside memory.

    python benchmarks/compare_at_scale.py [--size 1000000] [--engine virtuoso] [--timeout 120]

The corpus is ``benchmarks/corpus/<size>-seed0`` (made by bench_suite.py). The engine is
started on 127.0.0.1 and filled with ``push_graphs``; each canned query runs with its
example on both, and once more without its optional parameters (the whole-graph answer),
and the answers are compared after the normalisation that
``tests/test_backends.py`` documents (row order, GROUP_CONCAT order and tags, numbers).
Prints one line per query and a Markdown table (append it to SUITE.md).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--engine", default="virtuoso", choices=("virtuoso", "oxigraph-server"))
    parser.add_argument("--timeout", type=float, default=120)
    parser.add_argument("--skip", default="")
    args = parser.parse_args()

    from benchmarks.bench_suite import query_cases
    from tests.engines import oxigraph_server, virtuoso_server
    from tests.test_backends import KNOWN_DIFFERENCES, normalise

    from relgraph.errors import RelgraphError
    from relgraph.paths import Project
    from relgraph.query.queries import list_queries, run_query
    from relgraph.store import Dataset, load_dataset, push_graphs
    from relgraph.store.remote import RemoteBackend, RemoteConfig
    from relgraph.synthetic import refresh_corpus

    root = HERE / "corpus" / f"{args.size}-seed0"
    refresh_corpus(root)  # the cached corpus gets the current ontology, queries and bundled articles
    project = Project(root)
    memory = load_dataset(project)
    skip = set(filter(None, args.skip.split(",")))
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        start = virtuoso_server if args.engine == "virtuoso" else oxigraph_server
        with start(Path(scratch) / "engine") as engine:
            os.environ.update(engine.env)
            config = RemoteConfig.for_url(engine.query_url, timeout=args.timeout)
            t = time.perf_counter()
            push_graphs(project, config, state_path=Path(scratch) / "push.json", progress=True)
            pushed = time.perf_counter() - t
            remote = Dataset(project, RemoteBackend(config))
            for spec, label, values in query_cases(list_queries(project)):
                if spec.name in skip:
                    rows.append((label, "skipped", ""))
                    continue
                try:
                    want = normalise(run_query(memory, spec, values, timeout=args.timeout).result, spec.text)
                except RelgraphError as exc:
                    rows.append((label, "embedded: " + str(exc)[:80], ""))
                    continue
                try:
                    have = normalise(run_query(remote, spec, values, timeout=args.timeout).result, spec.text)
                except RelgraphError as exc:
                    rows.append((label, f"{args.engine}: " + str(exc)[:80], ""))
                    continue
                size = sum(want.values()) if hasattr(want, "values") else 1
                if want == have:
                    verdict = "same"
                elif (args.engine, spec.name) in KNOWN_DIFFERENCES:
                    verdict = "differs (known engine bug)"
                else:
                    verdict = "DIFFERS"
                got = sum(have.values()) if hasattr(have, "values") else 1
                rows.append((label, verdict, f"{size:,} / {got:,}"))
                print(f"{label}: {verdict} ({size} / {got} rows)", file=sys.stderr, flush=True)
    print(f"\n### Same answers at {args.size:,} triples: memory beside {args.engine} (pushed in {pushed:.0f} s)\n")
    print("| query | answer | rows (memory / engine) |\n|---|---|---:|")
    for name, verdict, count in rows:
        print(f"| {name} | {verdict} | {count} |")


if __name__ == "__main__":
    main()
