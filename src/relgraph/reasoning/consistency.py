"""Is the graph consistent, and if not, what clashes, in plain language.

``check_consistency(dataset, extra=new_triples)`` asks a reasoner (Pellet by default;
owlrl without Java) whether the ontology, the articles and, optionally, triples not
stored yet (an article being validated) can all be true together, and checks what
OWL cannot say (an event that ends before it starts). An inconsistent graph is
explained by:

1. the disjointness axioms themselves: each individual's types, asserted or implied
   by a property's domain or range and the named subclass axioms, are checked
   against every ``owl:disjointWith`` and ``owl:AllDisjointClasses``, which names
   the individual, both classes, where each type comes from and the axiom;
2. Pellet's own explanation (``pellet explain``), the axioms it needed, when Java is
   there;
3. otherwise the reasoner's message.
"""

from __future__ import annotations

import datetime as dt
import subprocess
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from relgraph.errors import InconsistencyError
from relgraph.model.namespaces import PREFIXES, REL, compact_iri
from relgraph.reasoning.reasoners import (
    DEFAULT_TIMEOUT,
    REASONER_NAMES,
    ReasonerRun,
    java_available,
    reasoner_input,
    run_reasoner,
)
from relgraph.store import Dataset

__all__ = [
    "Clash",
    "ConsistencyReport",
    "check_consistency",
    "date_clashes",
    "explain_inconsistency",
    "pellet_explanation",
    "require_consistent",
]

RDF = PREFIXES["rdf"]
RDFS = PREFIXES["rdfs"]
OWL = PREFIXES["owl"]
RDF_TYPE = RDF + "type"


@dataclass(frozen=True)
class Clash:
    """One reason the graph cannot be true: the individuals and the axioms involved."""

    message: str  # a plain-language sentence
    individuals: tuple[str, ...] = ()  # IRIs
    axioms: tuple[str, ...] = ()  # readable axioms (prefixed names)


@dataclass(frozen=True)
class ConsistencyReport:
    """The answer of ``check_consistency``."""

    consistent: bool
    reasoner: str  # the reasoner that ran: hermit, pellet or owlrl
    clashes: tuple[Clash, ...] = ()
    note: str = ""  # why another reasoner ran, if one did
    explanation: tuple[str, ...] = field(default=())  # Pellet's explanation, line by line

    def message(self) -> str:
        """The report as a paragraph a user can act on."""
        name = REASONER_NAMES.get(self.reasoner, self.reasoner)
        if self.consistent:
            return f"The graph is consistent ({name})."
        lines = [f"The graph is inconsistent ({name}):"]
        lines += [f"- {clash.message}" for clash in self.clashes]
        if self.explanation:
            lines.append("Pellet's explanation (the axioms that clash):")
            lines += [f"    {line}" for line in self.explanation]
        if self.note:
            lines.append(f"({self.note})")
        return "\n".join(lines)


# ----- where facts come from ----------------------------------------------------------------


@dataclass
class _Facts:
    """The raw triples (not the reasoner's copy), with the file each came from."""

    triples: list[tuple[ox.Triple, str]]
    ontology: list[ox.Triple]

    @classmethod
    def of(cls, dataset: Dataset, extra: Iterable[ox.Triple], extra_label: str) -> _Facts:
        found: list[tuple[ox.Triple, str]] = []
        ontology: list[ox.Triple] = []
        for info in dataset.graphs:
            if info.kind == "ontology":
                ontology.extend(dataset.triples_in(info.name))
            elif info.kind in ("article", "background"):
                where = dataset.project.relative(info.path) if info.path else info.name
                found.extend((t, where) for t in dataset.triples_in(info.name))
        found.extend((t, extra_label) for t in extra)
        return cls(found, ontology)


def _rdf_list(triples: Sequence[ox.Triple], head: ox.Term) -> list[str]:
    first = {
        (t.subject, t.predicate.value): t.object for t in triples if t.predicate.value in (RDF + "first", RDF + "rest")
    }
    items: list[str] = []
    node = head
    while isinstance(node, ox.BlankNode) and len(items) < 1000:
        item = first.get((node, RDF + "first"))
        if isinstance(item, ox.NamedNode):
            items.append(item.value)
        node = first.get((node, RDF + "rest"))
    return items


def _disjoint_axioms(ontology: Sequence[ox.Triple]) -> list[tuple[tuple[str, str], str]]:
    """Each pair of disjoint named classes (in the axiom's order) and a readable form of the axiom.

    The smallest axioms come first, so a clash is told with the most pointed one.
    """
    found: list[tuple[int, tuple[str, str], str]] = []
    comments = {t.subject: t.object.value for t in ontology if t.predicate.value == RDFS + "comment"}
    for t in ontology:
        if t.predicate.value == OWL + "disjointWith" and isinstance(t.object, ox.NamedNode):
            a, b = t.subject.value, t.object.value
            found.append((2, (a, b), f"{compact_iri(a)} owl:disjointWith {compact_iri(b)}"))
        elif t.predicate.value == RDF_TYPE and t.object.value == OWL + "AllDisjointClasses":
            members = next(
                (
                    _rdf_list(ontology, m.object)
                    for m in ontology
                    if m.subject == t.subject and m.predicate.value == OWL + "members"
                ),
                [],
            )
            comment = (comments.get(t.subject) or "").rstrip(".")
            shown = f"owl:AllDisjointClasses ({', '.join(compact_iri(m) for m in members)})"
            if comment:
                shown += f' — "{comment}"'
            for i, a in enumerate(members):
                for b in members[i + 1 :]:
                    found.append((len(members), (a, b), shown))
    found.sort(key=lambda item: item[0])
    return [(pair, shown) for _, pair, shown in found]


def _type_reasons(facts: _Facts) -> dict[str, dict[str, str]]:
    """Each individual's named types with where each comes from (asserted, domain, range)."""
    domains: dict[str, set[str]] = defaultdict(set)
    ranges: dict[str, set[str]] = defaultdict(set)
    parents: dict[str, set[str]] = defaultdict(set)
    for t in facts.ontology:
        if not isinstance(t.subject, ox.NamedNode) or not isinstance(t.object, ox.NamedNode):
            continue
        p = t.predicate.value
        if p == RDFS + "domain":
            domains[t.subject.value].add(t.object.value)
        elif p == RDFS + "range":
            ranges[t.subject.value].add(t.object.value)
        elif p in (RDFS + "subClassOf", RDFS + "subPropertyOf"):
            parents[t.subject.value].add(t.object.value)

    def closure(iri: str) -> list[str]:
        seen, todo = [iri], [iri]
        while todo:
            for parent in sorted(parents.get(todo.pop(), ())):
                if parent not in seen:
                    seen.append(parent)
                    todo.append(parent)
        return seen

    reasons: dict[str, dict[str, str]] = defaultdict(dict)

    def add(individual: str, cls: str, why: str) -> None:
        for i, above in enumerate(closure(cls)):
            reason = why if i == 0 else f"{why}; every {compact_iri(cls)} is a {compact_iri(above)}"
            reasons[individual].setdefault(above, reason)

    for t, where in facts.triples:
        if not isinstance(t.subject, ox.NamedNode):
            continue
        s, p = t.subject.value, t.predicate.value
        if p == RDF_TYPE and isinstance(t.object, ox.NamedNode):
            add(s, t.object.value, f"typed {compact_iri(t.object.value)} in {where}")
    for t, where in facts.triples:
        if not isinstance(t.subject, ox.NamedNode):
            continue
        s, p = t.subject.value, t.predicate.value
        for prop in closure(p):
            for cls in sorted(domains.get(prop, ())):
                add(
                    s,
                    cls,
                    f"it has a {compact_iri(p)} in {where}, and the domain of {compact_iri(prop)} is {compact_iri(cls)}",
                )
            if isinstance(t.object, ox.NamedNode):
                for cls in sorted(ranges.get(prop, ())):
                    add(
                        t.object.value,
                        cls,
                        f"it is the {compact_iri(p)} of {compact_iri(s)} in {where}, and the range of "
                        f"{compact_iri(prop)} is {compact_iri(cls)}",
                    )
    return reasons


def _disjointness_clashes(facts: _Facts, labels: dict[str, str]) -> list[Clash]:
    reasons = _type_reasons(facts)
    axioms = _disjoint_axioms(facts.ontology)
    clashes: list[Clash] = []
    for individual in sorted(reasons):
        known = reasons[individual]
        reported: set[frozenset[str]] = set()
        for (a, b), axiom in axioms:
            pair = frozenset((a, b))
            if pair in reported or not pair <= known.keys():
                continue
            reported.add(pair)
            name = labels.get(individual)
            who = f"{compact_iri(individual)}" + (f" ({name})" if name else "")
            clashes.append(
                Clash(
                    message=(
                        f"{who} is a {compact_iri(a)} ({known[a]}) and a {compact_iri(b)} ({known[b]}), "
                        f"but the ontology says nothing is both: {axiom}."
                    ),
                    individuals=(individual,),
                    axioms=(axiom,),
                )
            )
    return _most_specific(clashes)


def _most_specific(clashes: list[Clash]) -> list[Clash]:
    """One clash per individual and pair of origins: the first found (the most specific classes)."""
    seen: set[tuple[str, str]] = set()
    kept = []
    for clash in clashes:
        key = (clash.individuals[0], clash.message.split(" is a ", 1)[1].split("), ")[0])
        if key in seen:
            continue
        seen.add(key)
        kept.append(clash)
    return kept


# ----- what OWL cannot say: dates -----------------------------------------------------------


def _date(literal: ox.Term) -> dt.date | None:
    if not isinstance(literal, ox.Literal):
        return None
    try:
        return dt.date.fromisoformat(literal.value[:10])
    except ValueError:
        return None


def date_clashes(facts_or_dataset: _Facts | Dataset, labels: dict[str, str] | None = None) -> list[Clash]:
    """Events whose end date (rel:endDate) comes before their start date (rel:startDate)."""
    facts = facts_or_dataset if isinstance(facts_or_dataset, _Facts) else _Facts.of(facts_or_dataset, (), "")
    starts: dict[str, list[tuple[dt.date, str]]] = defaultdict(list)
    ends: dict[str, list[tuple[dt.date, str]]] = defaultdict(list)
    for t, where in facts.triples:
        day = _date(t.object)
        if day is None or not isinstance(t.subject, ox.NamedNode):
            continue
        if t.predicate.value == REL + "startDate":
            starts[t.subject.value].append((day, where))
        elif t.predicate.value == REL + "endDate":
            ends[t.subject.value].append((day, where))
    clashes = []
    for event in sorted(starts.keys() & ends.keys()):
        start, start_where = max(starts[event])
        end, end_where = min(ends[event])
        if end < start:
            name = (labels or {}).get(event)
            who = compact_iri(event) + (f" ({name})" if name else "")
            clashes.append(
                Clash(
                    message=(
                        f"{who} ends on {end.isoformat()} (rel:endDate in {end_where}) before it starts on "
                        f"{start.isoformat()} (rel:startDate in {start_where}); an event cannot end before it starts."
                    ),
                    individuals=(event,),
                    axioms=("rel:endDate >= rel:startDate (checked by relgraph; OWL cannot compare two values)",),
                )
            )
    return clashes


# ----- Pellet's explanation -------------------------------------------------------------------


def pellet_explanation(triples: Sequence[ox.Triple], *, timeout: float = DEFAULT_TIMEOUT) -> tuple[str, ...]:
    """The axioms Pellet gives for the inconsistency (``pellet explain``), one per line; () if none."""
    if not java_available():
        return ()
    from owlready2 import reasoning as owl_reasoning

    with tempfile.TemporaryDirectory(prefix="relgraph-explain-") as folder:
        path = Path(folder) / "input.nt"
        path.write_bytes(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES))
        command = [
            "java",
            f"-Xmx{owl_reasoning.JAVA_MEMORY}M",
            "-cp",
            owl_reasoning._PELLET_CLASSPATH,
            "pellet.Pellet",
            "explain",
            "--ignore-imports",
            str(path),
        ]
        try:
            done = subprocess.run(command, capture_output=True, timeout=timeout, check=False)
        except (subprocess.TimeoutExpired, OSError):
            return ()
    return _parse_explanation(done.stdout.decode("utf-8", "replace"))


def _parse_explanation(text: str) -> tuple[str, ...]:
    _, found, rest = text.partition("Explanation(s):")
    if not found:
        return ()
    axioms: list[str] = []
    for raw in rest.splitlines():
        line = raw.strip()
        if not line:
            if axioms:
                break
            continue
        if line[:1].isdigit() and ")" in line[:4]:
            line = line.split(")", 1)[1].strip()
            if axioms:  # a second explanation: one is enough
                break
        if axioms and axioms[-1].count("(") > axioms[-1].count(")"):  # an axiom over several lines
            axioms[-1] += " " + line
        else:
            axioms.append(line)
    return tuple(axioms)


# ----- the checks -----------------------------------------------------------------------------


def _labels(dataset: Dataset, iris: Iterable[str]) -> dict[str, str]:
    from relgraph.query.entities import labels_for

    return labels_for(dataset, [ox.NamedNode(i) for i in iris if not i.startswith("_:")])


def explain_inconsistency(
    dataset: Dataset,
    *,
    run: ReasonerRun,
    note: str = "",
    extra: Sequence[ox.Triple] = (),
    extra_label: str = "the new data",
    timeout: float = DEFAULT_TIMEOUT,
) -> ConsistencyReport:
    """A report of why the reasoner found the graph (plus ``extra``) inconsistent."""
    facts = _Facts.of(dataset, extra, extra_label)
    individuals = {t.subject.value for t, _ in facts.triples if isinstance(t.subject, ox.NamedNode)}
    labels = _labels(dataset, individuals)
    clashes = _disjointness_clashes(facts, labels)
    explanation = pellet_explanation(reasoner_input(dataset, extra=extra), timeout=timeout)
    if not clashes:
        detail = run.detail.strip().splitlines()
        said = "; ".join(line.strip() for line in detail[:3] if line.strip()) or "no details"
        clashes = [Clash(message=f"The reasoner found a contradiction that is not a plain disjointness: {said}.")]
    return ConsistencyReport(False, run.reasoner, tuple(clashes), note, explanation)


def check_consistency(
    dataset: Dataset,
    *,
    extra: Sequence[ox.Triple] = (),
    extra_label: str = "the new data",
    reasoner: str = "pellet",
    timeout: float = DEFAULT_TIMEOUT,
    fallback: bool = True,
) -> ConsistencyReport:
    """Whether the ontology, the articles and ``extra`` (triples not stored yet) are consistent.

    ``extra_label`` names where ``extra`` comes from in messages (for example the
    article's file). Without Java, owlrl runs instead of Pellet or HermiT (the
    report's ``note`` says so) unless ``fallback`` is false (then ReasoningError).
    Event dates are checked too (an end before the start).
    """
    extra = list(extra)
    run, note = run_reasoner(
        reasoner_input(dataset, extra=extra), reasoner=reasoner, timeout=timeout, fallback=fallback
    )
    facts = _Facts.of(dataset, extra, extra_label)
    dated = date_clashes(facts)
    if dated:
        dated = date_clashes(facts, _labels(dataset, [c.individuals[0] for c in dated]))
    if run.consistent:
        return ConsistencyReport(not dated, run.reasoner, tuple(dated), note)
    report = explain_inconsistency(dataset, run=run, note=note, extra=extra, extra_label=extra_label, timeout=timeout)
    return ConsistencyReport(False, report.reasoner, report.clashes + tuple(dated), note, report.explanation)


def require_consistent(dataset: Dataset, **options: object) -> ConsistencyReport:
    """``check_consistency``, raising InconsistencyError (exit code 5) when the graph is not."""
    report = check_consistency(dataset, **options)  # type: ignore[arg-type]
    if not report.consistent:
        raise InconsistencyError(report.message(), report=report)
    return report
