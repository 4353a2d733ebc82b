"""How good and how fast is ``relgraph draft``? Drafts every evaluation article and compares with its gold.

    python benchmarks/bench_draft.py [--eval benchmarks/draft_eval] [--heldout benchmarks/draft_heldout]
                                     [--size 1000000] [--repeat 3] [--out benchmarks/DRAFT.md]
                                     [--notes benchmarks/draft_eval/NOTES.md] [--misses 8]

Each ``<eval>/<id>/`` holds ``<id>.txt``, ``source.yaml`` and ``gold.yaml`` (the format of
spec gold-format.md, annotated by hand independently of the drafter). Quality is measured
against the bundled graph (the graph the annotators linked to); time at ``--size`` triples
in an on-disk store of the synthetic corpus (built on first use under benchmarks/corpus/,
as bench_suite does), beside a baseline of the same run: reading every label of that
store with one SELECT (the naive way to index them).

Scores (goals of issue 13):
* sentence boundaries: exact spans, precision/recall (>= 0.98 each); pySBD in the same run as a baseline;
* linked IRIs of mentions of entities already in the graph: a predicted link is right when it
  overlaps a gold mention of the same IRI (precision over every predicted link, recall over
  gold mentions of graph entities; >= 0.95/0.90);
* new entities: a gold entity not in the graph is found when a proposed new entity of its class
  (or a subclass) overlaps one of its mentions (recall >= 0.80);
* dates: a gold date expression is right when a found date overlaps it with the same value (>= 0.95);
* events: a gold event is found when a proposed event of the same class has its trigger in the
  gold quote's span (else in its sentence) (recall >= 0.70); on the found ones, CAMEO code (>= 0.85),
  status (>= 0.90), attribution = mode and speakers (>= 0.85);
* drafting time per article at 1M triples (< 2 s).

The held-out articles (``--heldout``) are scored the same way in a table of their own: their gold
was encoded before the drafter was run on them, and no rule was changed after. ``--size 0`` skips
the timing and keeps the timing section of the previous ``--out`` file, marked as kept. The
hand-written sections of the report (how the sets were kept apart, what the goals miss) come from
``--notes`` and are appended as they are.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent

GOALS = {
    "sentence precision": 0.98, "sentence recall": 0.98, "linked IRI precision": 0.95, "linked IRI recall": 0.90,
    "new entity + class recall": 0.80, "date value accuracy": 0.95, "event recall (with class)": 0.70,
    "CAMEO accuracy (found)": 0.85, "status accuracy (found)": 0.90, "attribution accuracy (found)": 0.85,
}  # fmt: skip


@dataclass
class Tally:
    right: int = 0
    total: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, ok: bool, miss: str) -> None:
        self.total += 1
        self.right += ok
        if not ok:
            self.misses.append(miss)

    @property
    def score(self) -> float | None:
        return self.right / self.total if self.total else None


def _find(text: str, needle: str, occurrence: int = 1) -> tuple[int, int] | None:
    at = -1
    for _ in range(occurrence):
        at = text.find(needle, at + 1)
        if at < 0:
            return None
    return at, at + len(needle)


def _local(iri: str) -> str:
    return iri.rsplit("/", 1)[-1].split(":", 1)[-1]


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def evaluate(
    folder: Path, dataset, subclasses: dict[str, set[str]], scores: dict[str, Tally], *, splitter=None
) -> None:
    """Draft one evaluation article and add its comparison to ``scores``."""
    from relgraph.drafting import propose
    from relgraph.ingest.sentences import split_sentences

    name = folder.name
    text = (folder / f"{name}.txt").read_text(encoding="utf-8")
    gold = yaml.safe_load((folder / "gold.yaml").read_text(encoding="utf-8"))
    date = gold["article_date"]
    date = date if isinstance(date, dt.date) else dt.date.fromisoformat(str(date))
    proposal = propose(dataset, text, date=date)
    _score_sentences(name, text, gold, scores, splitter or split_sentences)
    _score_entities(name, text, gold, proposal, dataset, subclasses, scores)
    _score_dates(name, text, gold, proposal, scores)
    _score_events(name, text, gold, proposal, scores)


def _score_sentences(name: str, text: str, gold: dict, scores: dict[str, Tally], splitter) -> None:
    datelines = set(gold.get("datelines") or [])
    spans, at = [], 0
    for sentence in gold.get("sentences") or []:
        if sentence in datelines:
            continue
        found = text.find(sentence, at)
        if found >= 0:
            spans.append((found, found + len(sentence)))
            at = found + len(sentence)
    gold_spans = set(spans)
    ours = {(s.begin, s.end) for s in splitter(text)}
    for span in sorted(ours):
        scores["sentence precision"].add(span in gold_spans, f"{name}: split off {text[span[0] : span[1]][:80]!r}")
    for span in sorted(gold_spans):
        scores["sentence recall"].add(span in ours, f"{name}: missed {text[span[0] : span[1]][:80]!r}")


def _score_entities(
    name: str, text: str, gold: dict, proposal, dataset, subclasses: dict[str, set[str]], scores: dict[str, Tally]
) -> None:
    in_graph = _graph_iris(dataset, {e["iri"] for e in gold.get("entities") or []})
    gold_mentions = []
    for e in gold.get("entities") or []:
        span = _find(text, e["text"], int(e.get("occurrence") or 1))
        if span:
            gold_mentions.append((span, _local(e["iri"]), e["class"], e["iri"] in in_graph, e["text"]))
    linked = [m for m in proposal.mentions if m.iri]
    for m in linked:
        ok = any(_overlap((m.begin, m.end), g[0]) and g[1] == _local(m.iri) for g in gold_mentions)
        scores["linked IRI precision"].add(ok, f"{name}: {m.text!r} -> {_local(m.iri)}")
    for span, iri, _cls, known, surface in gold_mentions:
        if known:
            ok = any(_overlap((m.begin, m.end), span) and _local(m.iri) == iri for m in linked)
            scores["linked IRI recall"].add(ok, f"{name}: {surface!r} ({iri}) not linked")
    new_gold: dict[str, list] = {}
    for g in gold_mentions:
        if not g[3]:
            new_gold.setdefault(g[1], []).append(g)
    proposed = [m for m in proposal.mentions if m.new]
    for ms in new_gold.values():
        cls = ms[0][2]
        ok = any(
            _overlap((p.begin, p.end), g[0]) and (p.cls == cls or cls in subclasses.get(p.cls, ()))
            for g in ms
            for p in proposed
        )
        got = {p.cls for g in ms for p in proposed if _overlap((p.begin, p.end), g[0])}
        scores["new entity + class recall"].add(ok, f"{name}: {ms[0][4]!r} ({cls}) -> {sorted(got) or 'nothing'}")


def _score_dates(name: str, text: str, gold: dict, proposal, scores: dict[str, Tally]) -> None:
    for d in gold.get("dates") or []:
        span = _find(text, d["text"], int(d.get("occurrence") or 1))
        hits = [x for x in proposal.dates if span and _overlap((x.begin, x.end), span)]
        ok = any(x.value == str(d["value"]) for x in hits)
        scores["date value accuracy"].add(ok, f"{name}: {d['text']!r} = {d['value']}, got {[x.value for x in hits]}")


def _score_events(name: str, text: str, gold: dict, proposal, scores: dict[str, Tally]) -> None:
    sentence_of = {s.index: (s.begin, s.end) for s in proposal.sentences}
    for e in gold.get("events") or []:
        span = _find(text, e["quote"], int(e.get("occurrence") or 1))
        if not span:
            scores["event recall (with class)"].add(False, f"{name}: quote not in text {e['quote']!r}")
            continue
        same = [p for p in proposal.events if p.cls == e["class"]]
        hit = next((p for p in same if _overlap((p.trigger_begin, p.trigger_end), span)), None)
        if hit is None:
            hit = next((p for p in same if _overlap(sentence_of[p.sentence], span)), None)
        scores["event recall (with class)"].add(hit is not None, f"{name}: {e['class']} {e['quote'][:70]!r}")
        if hit is None:
            continue
        scores["CAMEO accuracy (found)"].add(
            hit.code == str(e["cameo"]), f"{name}: {e['quote'][:50]!r} gold {e['cameo']}, got {hit.code}"
        )
        scores["status accuracy (found)"].add(
            hit.status == e["status"], f"{name}: {e['quote'][:50]!r} gold {e['status']}, got {hit.status}"
        )
        said = {_local(s) for s in e.get("said_by") or []}
        ok = hit.attribution.mode == e["mode"] and set(hit.attribution.speakers) == said
        scores["attribution accuracy (found)"].add(
            ok,
            f"{name}: {e['quote'][:50]!r} gold {e['mode']} {sorted(said)}, "
            f"got {hit.attribution.mode} {list(hit.attribution.speakers)}",
        )


def _graph_iris(dataset, iris: set[str]) -> set[str]:
    import pyoxigraph as ox

    from relgraph.model.namespaces import expand_curie

    found = set()
    for iri in iris:
        full = expand_curie(iri) or iri
        if dataset.select("SELECT ?entity WHERE { ?entity ?p ?o } LIMIT 1", {"entity": ox.NamedNode(full)}).rows:
            found.add(iri)
    return found


def _subclasses(dataset) -> dict[str, set[str]]:
    from relgraph.model.namespaces import REL

    rows = dataset.select(
        "SELECT ?sub ?super WHERE { ?sub rdfs:subClassOf+ ?super . FILTER(isIRI(?sub) && isIRI(?super)) }"
    ).rows
    out: dict[str, set[str]] = {}
    for sub, sup in rows:
        out.setdefault(sub.value.replace(REL, ""), set()).add(sup.value.replace(REL, ""))
    return out


def pysbd_splitter():
    try:
        import pysbd
    except ImportError:
        return None
    segmenter = pysbd.Segmenter(language="en", clean=False, char_span=True)

    @dataclass(frozen=True)
    class Span:
        begin: int
        end: int

    def split(text: str):
        out = []
        for s in segmenter.segment(text):
            b, e = s.start, s.end
            while b < e and text[b].isspace():
                b += 1
            while e > b and text[e - 1].isspace():
                e -= 1
            if e > b:
                out.append(Span(b, e))
        return out

    return split


def time_at_scale(folders: list[Path], size: int, repeat: int) -> dict:
    sys.path.insert(0, str(HERE))
    from bench_suite import corpus

    from relgraph.drafting import propose
    from relgraph.paths import Project
    from relgraph.store import index_store, open_dataset

    root = corpus(size)
    store = root / "store"
    if not store.is_dir():
        index_store(Project(root), store, rebuild=True)
    t0 = time.perf_counter()
    dataset = open_dataset(Project(root), store=store)
    opened = time.perf_counter() - t0
    per_article = []
    for folder in folders:
        text = (folder / f"{folder.name}.txt").read_text(encoding="utf-8")
        gold = yaml.safe_load((folder / "gold.yaml").read_text(encoding="utf-8"))
        date = dt.date.fromisoformat(str(gold["article_date"]))
        times, cpu = [], []
        for _ in range(repeat):
            t, c = time.perf_counter(), time.process_time()
            propose(dataset, text, date=date)
            times.append(time.perf_counter() - t)
            cpu.append(time.process_time() - c)
        per_article.append((folder.name, len(text), statistics.median(times), statistics.median(cpu)))
    baseline, baseline_cpu = [], []
    for _ in range(repeat):
        t, c = time.perf_counter(), time.process_time()
        dataset.select("SELECT ?entity ?name WHERE { ?entity rdfs:label|skos:prefLabel|skos:altLabel|foaf:name ?name }")
        baseline.append(time.perf_counter() - t)
        baseline_cpu.append(time.process_time() - c)
    triples = len(dataset)
    dataset.close()
    return {
        "triples": triples, "open": opened, "articles": per_article, "baseline": statistics.median(baseline),
        "baseline_cpu": statistics.median(baseline_cpu),
    }  # fmt: skip


def _score_table(scores: dict[str, Tally]) -> list[str]:
    lines = ["| measure | score | right / total | goal | met |", "|---|---|---|---|---|"]
    for key, tally in scores.items():
        score = tally.score
        goal = GOALS[key]
        shown = "n/a" if score is None else f"{score:.3f}"
        met = "" if score is None else ("yes" if score >= goal else "**no**")
        lines.append(f"| {key} | {shown} | {tally.right} / {tally.total} | {goal:.2f} | {met} |")
    return lines


def _misses(scores: dict[str, Tally], misses: int) -> list[str]:
    lines = []
    for key, tally in scores.items():
        if tally.misses:
            lines.append(f"**{key}** ({len(tally.misses)}):")
            lines += [f"- {m}" for m in tally.misses[:misses]]
            lines.append("")
    return lines


def render(
    scores: dict[str, Tally],
    base: dict[str, Tally] | None,
    timing: dict | str | None,
    folders: list[Path],
    *,
    misses: int = 8,
    held: dict[str, Tally] | None = None,
    held_folders: list[Path] | None = None,
    notes: str = "",
) -> str:
    lines = ["# relgraph draft: quality and speed", ""]
    lines.append(
        f"Generated by `python benchmarks/bench_draft.py` on {dt.date.today().isoformat()} over "
        f"{len(folders)} evaluation article(s): {', '.join(f.name for f in folders) or 'none'}."
    )
    lines += ["", *_score_table(scores)]
    if base:
        lines += ["", "Baseline in the same run, pySBD 0.3.4 (`clean=False, char_span=True`) on the same texts:", ""]
        lines += ["| measure | relgraph | pySBD |", "|---|---|---|"]
        for key in ("sentence precision", "sentence recall"):
            ours, theirs = scores[key].score, base[key].score
            lines.append(
                f"| {key} | {'n/a' if ours is None else f'{ours:.3f}'} | {'n/a' if theirs is None else f'{theirs:.3f}'} |"
            )
    if held is not None and held_folders:
        lines += [
            "",
            f"Held-out articles, scored apart ({len(held_folders)}: {', '.join(f.name for f in held_folders)}); "
            "their gold was encoded before the drafter was run on them, and no rule was changed after:",
            "",
            *_score_table(held),
        ]
    if isinstance(timing, str):
        lines += ["", timing.rstrip()]
    elif timing:
        lines += [
            "",
            f"Drafting time at {timing['triples']:,} triples (on-disk store, opened in {timing['open']:.2f} s; "
            f"median of the runs; wall and CPU seconds, the machine shared with other jobs), beside the baseline "
            f"of reading every label of the store with one SELECT ({timing['baseline']:.2f} s wall, "
            f"{timing['baseline_cpu']:.2f} s CPU):",
            "",
            "| article | characters | draft wall (s) | draft CPU (s) | wall ratio to the baseline | goal < 2 s |",
            "|---|---|---|---|---|---|",
        ]
        for name, chars, seconds, cpu in timing["articles"]:
            ratio = seconds / timing["baseline"] if timing["baseline"] else float("nan")
            lines.append(
                f"| {name} | {chars:,} | {seconds:.3f} | {cpu:.3f} | {ratio:.2f}x | {'yes' if seconds < 2 else '**no**'} |"
            )
    lines += ["", f"## Misses per category (up to {misses} examples each)", "", *_misses(scores, misses)]
    if held is not None and held_folders:
        lines += ["## Misses on the held-out articles", "", *_misses(held, misses)]
    if notes.strip():
        lines += ["", notes.strip()]
    return "\n".join(lines).rstrip() + "\n"


def kept_timing(previous: Path) -> str | None:
    """The timing section of an earlier report, marked as kept (``--size 0``)."""
    if not previous.is_file():
        return None
    text = previous.read_text(encoding="utf-8")
    start = text.find("Drafting time at ")
    if start < 0:
        return None
    end = text.find("\n\n", text.find("|---|", start))
    block = text[start : end if end >= 0 else len(text)]
    if block.startswith("Drafting time at") and "(kept from" not in block:
        block = block.replace("Drafting time at", "Drafting time (kept from the previous run of this benchmark: "
                              "not re-measured in this one) at", 1)  # fmt: skip
    return block


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--eval", type=Path, default=HERE / "draft_eval")
    parser.add_argument("--size", type=int, default=1_000_000, help="triples in the store for the timing (0: skip)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=HERE / "DRAFT.md")
    parser.add_argument("--misses", type=int, default=8, help="examples of misses shown per category")
    parser.add_argument("--heldout", type=Path, default=HERE / "draft_heldout")
    parser.add_argument("--notes", type=Path, default=HERE / "draft_eval" / "NOTES.md")
    args = parser.parse_args()

    from relgraph.paths import Project
    from relgraph.store import load_dataset

    folders = sorted(p for p in args.eval.glob("*/") if (p / "gold.yaml").is_file())
    if not folders:
        sys.exit(f"No evaluation articles under {args.eval} (each folder needs <id>.txt and gold.yaml).")
    dataset = load_dataset(Project(REPO))
    subclasses = _subclasses(dataset)
    scores = {key: Tally() for key in GOALS}
    base = {key: Tally() for key in GOALS}
    splitter = pysbd_splitter()
    for folder in folders:
        print(f"drafting {folder.name}", file=sys.stderr)
        evaluate(folder, dataset, subclasses, scores)
        if splitter is not None:
            evaluate(folder, dataset, subclasses, base, splitter=splitter)
    held_folders = sorted(p for p in args.heldout.glob("*/") if (p / "gold.yaml").is_file())
    held = {key: Tally() for key in GOALS}
    for folder in held_folders:
        print(f"drafting held-out {folder.name}", file=sys.stderr)
        evaluate(folder, dataset, subclasses, held)
    timing = time_at_scale(folders + held_folders, args.size, args.repeat) if args.size else kept_timing(args.out)
    notes = args.notes.read_text(encoding="utf-8") if args.notes.is_file() else ""
    report = render(
        scores, base if splitter else None, timing, folders, misses=args.misses, held=held,
        held_folders=held_folders, notes=notes,
    )  # fmt: skip
    args.out.write_text(report, encoding="utf-8")
    print(report)


if __name__ == "__main__":
    main()
