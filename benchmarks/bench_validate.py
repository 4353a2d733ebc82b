"""Checking one large article: 'relgraph validate' must stay near-linear in the article's size.

    python benchmarks/bench_validate.py [--sizes 250000,1000000,2000000]

Issue 14 found the checks quadratic in the number of subjects (10k statements took ~50 s,
40k > 300 s). This benchmark writes articles of about the given sizes in bytes (the ok test
article, then people, meetings and mentions: every node a subject with a type, a label and
facts, each fact with its rel:Assertion, every mention with offsets into a generated text),
checks each against the bundled graph with ``check_article`` twice and prints, per size:

* the old path, the baseline measured in the same run: pyshacl evaluates every constraint,
  the shapes' SPARQL constraints node by node in rdflib (``relgraph.ingest.shacl.sparql_engine("pyshacl")``);
* the new path: pyshacl for the core constraints, the SPARQL constraints one query each in
  Oxigraph (``relgraph.ingest.sparql_shapes``);

wall and CPU seconds of each (CPU: this process, as nothing runs in a child), the speed-up,
and Oxigraph parsing the same file (the floor of any check). The two reports must be equal.
Goal: a 1 MB article checked in under 5 s, judged on the new path's CPU time (its wall time on an
idle core: the machine this runs on is shared, and wall time there says how busy it is).
"""

from __future__ import annotations

import argparse
import hashlib
import shutil
import sys
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox

from relgraph.ingest.shacl import sparql_engine
from relgraph.ingest.validation import check_article
from relgraph.paths import bundled_project
from relgraph.store import load_dataset

HERE = Path(__file__).resolve().parent
OK = (HERE.parent / "tests/data/bad-articles/ok-article.ttl").read_text(encoding="utf-8")
ARTICLE = "https://w3id.org/relgraph/id/article-2019-06-01-kenya-us-trade-talks"
GOAL_SECONDS_PER_MB = 5.0


def write_article(folder: Path, size: int) -> Path:
    """An article of about ``size`` bytes, with its text beside it (offsets and SHA-256 right)."""
    sentences, body, i = [], [], 0
    text_len = 0
    while sum(len(b) for b in body) < size:
        sentence = f"Official number {i} met the delegation in Nairobi."
        begin = text_len
        end = begin + len(sentence)
        sentences.append(sentence)
        text_len = end + 1
        mention = f"<{ARTICLE}#char={begin},{end}>"
        body.append(
            f"{mention} a rel:Mention ; rel:inArticle reld:article-2019-06-01-kenya-us-trade-talks ;\n"
            f'    rel:sentenceIndex "{i + 1}"^^xsd:positiveInteger ;\n'
            f'    rel:beginIndex "{begin}"^^xsd:nonNegativeInteger ; rel:endIndex "{end}"^^xsd:nonNegativeInteger ;\n'
            f'    rel:exactText "{sentence}" .\n'
            f'reld:official-{i} a rel:Person ; rdfs:label "Official number {i}"@en ; rel:denotedBy {mention} .\n'
            f'reld:meeting-{i} a rel:Meeting ; rdfs:label "Meeting number {i}"@en ; rel:denotedBy {mention} .\n'
            + "".join(
                f"reld:meeting-{i} {p} {o} .\n"
                f"<{ARTICLE}#fact-{i}-{n}> a rel:Assertion ; rel:factSubject reld:meeting-{i} ;\n"
                f"    rel:factPredicate {p} ; rel:factObject {o} ;\n"
                f"    rel:supportedBy {mention} ; rel:attributionMode rel:AuthorNarration .\n"
                for n, (p, o) in enumerate(
                    [
                        ("rel:hasParticipant", f"reld:official-{i}"),
                        ("rel:eventType", "rel:Consult"),
                        ("rel:status", "rel:Completed"),
                        ("rel:date", '"2019-06-01"^^xsd:date'),
                        ("rel:startDate", '"2019-06-01"^^xsd:date'),
                        ("rel:endDate", '"2019-06-01"^^xsd:date'),
                        ("rel:hasParty", "reld:kenya"),
                        ("rel:hasParty", "reld:united-states"),
                    ]
                )
            )
        )
        i += 1
    text = "\n".join(sentences).encode("utf-8")
    (folder / "big.txt").write_bytes(text)
    head = OK.replace('"articles/bad-article.txt"', '"articles/big.txt"').replace(
        "3012d5415580da70586b1566c3e41eb66ed506142af5ea860612c32a6e83332b", hashlib.sha256(text).hexdigest()
    )
    head = head[: head.index("<https://w3id.org/relgraph/id/article-2019-06-01-kenya-us-trade-talks#char=16,88>")]
    head += 'reld:kenya a rel:State ; rdfs:label "Kenya"@en .\nreld:united-states a rel:State ; rdfs:label "United States"@en .\n'
    path = folder / "big.ttl"
    path.write_text(head + "".join(body), encoding="utf-8")
    return path


def _timed(dataset, path: Path, engine: str):
    with sparql_engine(engine):
        wall, cpu = time.perf_counter(), time.process_time()
        checked = check_article(dataset, path)
        return checked.report, time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="250000,1000000,2000000")
    args = parser.parse_args()
    dataset = load_dataset(bundled_project())
    check_article(dataset, HERE.parent / "tests/data/bad-articles/ok-article.ttl")  # load pyshacl and the shapes
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        for size in (int(s) for s in args.sizes.split(",")):
            folder = Path(scratch) / str(size)
            folder.mkdir()
            path = write_article(folder, size)
            started = time.perf_counter()
            triples = len(list(ox.parse(path=path, format=ox.RdfFormat.TURTLE)))
            parse = time.perf_counter() - started
            old, old_wall, old_cpu = _timed(dataset, path, "pyshacl")
            new, new_wall, new_cpu = _timed(dataset, path, "oxigraph")
            if new.errors:
                sys.exit(f"the generated article has errors: {new.errors[0].describe()}")
            if old != new:
                sys.exit(f"the two paths disagree on the {size}-byte article:\n{old}\n{new}")
            rows.append((path.stat().st_size, triples, parse, old_wall, old_cpu, new_wall, new_cpu))
            shutil.rmtree(folder)
    print(
        f"{'bytes':>10} {'triples':>8} {'parse s':>8} {'old wall':>9} {'old CPU':>8} "
        f"{'new wall':>9} {'new CPU':>8} {'speed-up':>8} {'CPU s/MB':>8}  goal"
    )
    for size, triples, parse, old_wall, old_cpu, new_wall, new_cpu in rows:
        per_mb = new_cpu / (size / 1e6)
        goal = "met" if per_mb < GOAL_SECONDS_PER_MB else "MISSED"
        print(
            f"{size:>10,} {triples:>8,} {parse:>8.3f} {old_wall:>9.2f} {old_cpu:>8.2f} "
            f"{new_wall:>9.2f} {new_cpu:>8.2f} {old_cpu / new_cpu:>7.1f}x {per_mb:>8.2f}  {goal}"
        )


if __name__ == "__main__":
    main()
