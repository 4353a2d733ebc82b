"""Reasoning benchmark: HermiT, Pellet and owlrl over the bundled graph plus ten articles.

    python benchmarks/bench_reasoning.py [--articles 10] [--repeat 3]

A small synthetic corpus (``relgraph.synthetic``, 20,000 triples, seed 0) is made on
first use under ``benchmarks/corpus/`` (git-ignored); its first ``--articles`` articles
are copied beside the bundled articles into a fresh graph folder. For each reasoner
the whole ``relgraph reason`` job is timed in-process (load the graph, convert it,
run the reasoner, select the new triples; the median of ``--repeat`` runs), and the
reasoner's own share. owlrl (pure Python, OWL 2 RL) is the baseline measured in the
same run. The goal: under 15 s. The table is printed and written into the
"Reasoning" section of benchmarks/ANALYTICS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

from relgraph.paths import Project
from relgraph.reasoning.inferences import infer
from relgraph.reasoning.reasoners import REASONER_NAMES, java_available
from relgraph.store import load_dataset
from relgraph.synthetic import generate_corpus

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
CORPORA = HERE / "corpus"
REPORT = HERE / "ANALYTICS.md"
GOAL_SECONDS = 15.0
CORPUS_TRIPLES = 20_000


def corpus(triples: int) -> Path:
    root = CORPORA / f"{triples}-seed0"
    if not (root / "data").is_dir():
        print(f"Generating a {triples:,}-triple synthetic corpus in {root} ...", file=sys.stderr)
        generate_corpus(root, triples=triples, seed=0)
    return root


def graph_with_articles(source: Path, count: int, into: Path) -> Project:
    """The bundled graph (every bundled article) plus the first ``count`` synthetic articles."""
    for name in ("ontology", "queries"):
        shutil.copytree(REPO / name, into / name)
    (into / "data" / "articles").mkdir(parents=True)
    for data in (REPO / "data").glob("*.ttl"):  # the bundled articles, with their texts
        shutil.copy(data, into / "data" / data.name)
    for bundled in (REPO / "data" / "articles").iterdir():
        if bundled.is_file():
            shutil.copy(bundled, into / "data" / "articles" / bundled.name)
    articles = sorted((source / "data" / "articles").glob("article-*.ttl"))[:count]
    for article in articles:
        shutil.copy(article, into / "data" / "articles" / article.name)
        text = article.with_suffix(".txt")
        if text.exists():
            shutil.copy(text, into / "data" / "articles" / text.name)
    return Project(into)


def measure(project: Project, reasoner: str, repeat: int) -> dict[str, float | int | str]:
    totals, own = [], []
    result = None
    for _ in range(repeat):
        started = time.perf_counter()
        dataset = load_dataset(project)
        result = infer(dataset, reasoner=reasoner, fallback=False)
        totals.append(time.perf_counter() - started)
        own.append(result.seconds)
    assert result is not None
    types = sum(1 for t in result.triples if t.predicate.value.endswith("#type"))
    return {
        "reasoner": REASONER_NAMES[reasoner],
        "total": statistics.median(totals),
        "own": statistics.median(own),
        "input": result.input_triples,
        "types": types,
        "values": len(result.triples) - types,
    }


def write_section(text: str, name: str) -> None:
    begin, end = f"<!-- {name}: begin -->", f"<!-- {name}: end -->"
    current = REPORT.read_text(encoding="utf-8") if REPORT.exists() else "# Reasoning and analytics benchmarks\n"
    block = f"{begin}\n{text.rstrip()}\n{end}"
    if begin in current and end in current:
        head, rest = current.split(begin, 1)
        current = head + block + rest.split(end, 1)[1]
    else:
        current = current.rstrip() + "\n\n" + block + "\n"
    REPORT.write_text(current, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    reasoners = ["owlrl", "hermit", "pellet"] if java_available() else ["owlrl"]
    with tempfile.TemporaryDirectory(prefix="relgraph-bench-") as folder:
        project = graph_with_articles(corpus(CORPUS_TRIPLES), args.articles, Path(folder) / "graph")
        dataset = load_dataset(project)
        quads = len(dataset)
        rows = [measure(project, r, args.repeat) for r in reasoners]
    lines = [
        "## Reasoning",
        "",
        f"Made by `python benchmarks/bench_reasoning.py --articles {args.articles} --repeat {args.repeat}`; "
        "numbers from one run on the machine below.",
        "",
        f"- Machine: {platform.machine()}, {len(os.sched_getaffinity(0))} cores, "
        f"{platform.system()} {platform.release()}; 1-minute load average {os.getloadavg()[0]:.1f} when the run ended (other work on the machine slows every figure); Python {platform.python_version()}; "
        f"owlready2 {metadata.version('owlready2')}, owlrl {metadata.version('owlrl')}; "
        + ("Java on PATH" if java_available() else "no Java: HermiT and Pellet not measured"),
        f"- Graph: the ontology, the bundled articles and the first {args.articles} articles of the "
        f"{CORPUS_TRIPLES:,}-triple synthetic corpus (seed 0): {quads:,} quads.",
        "- Total = the whole `relgraph reason` job in-process: load the graph folder, convert it for the "
        "reasoner, run it, keep the new triples (median of the runs). Reasoner = the reasoner's own share "
        "(for HermiT and Pellet, the Java process including its start-up, about 1 s). "
        "owlrl (pure Python, OWL 2 RL) is the baseline.",
        "",
        "| reasoner | input triples | total | reasoner | inferred types | inferred values | goal (< 15 s) |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        met = "met" if r["total"] < GOAL_SECONDS else "missed"
        lines.append(
            f"| {r['reasoner']} | {r['input']:,} | {r['total']:.2f} s | {r['own']:.2f} s | {r['types']} | "
            f"{r['values']} | {met} |"
        )
    text = "\n".join(lines) + "\n"
    print(text)
    write_section(text, "reasoning")


if __name__ == "__main__":
    main()
