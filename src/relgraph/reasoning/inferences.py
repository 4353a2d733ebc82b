"""What the graph implies, kept apart from what it says: ``infer`` and the inferences file.

``infer(dataset, reasoner="pellet")`` hands the ontology and every article graph to
a reasoner (``relgraph.reasoning.reasoners``) and returns what it adds that the input did not
say: class memberships of individuals (Monica Juma is a ``rel:Official``) and values
of ``rel:`` properties (she ``rel:actsFor`` Kenya). An inconsistent graph raises
InconsistencyError, explained by ``relgraph.reasoning.consistency``. ``write_inferences``
writes the additions to ``data/inferred/inferences.ttl``, apart from the hand-written
data; ``load_dataset(..., include_inferred=True)`` (``--inferred`` on the command
line) reads them back into their own named graph.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from relgraph.errors import InconsistencyError
from relgraph.model.namespaces import GRAPH_INFERRED, PREFIXES, REL
from relgraph.paths import Project
from relgraph.reasoning.consistency import explain_inconsistency
from relgraph.reasoning.reasoners import DEFAULT_TIMEOUT, REASONER_NAMES, reasoner_input, run_reasoner
from relgraph.store import Dataset, serialize_triples, write_atomic

__all__ = ["INFERENCES_FILE", "Inferences", "infer", "sources_digest", "stale_inferences", "write_inferences"]

#: Where ``write_inferences`` puts the inferred triples, inside ``data/inferred/``.
INFERENCES_FILE = "inferences.ttl"

OWL = PREFIXES["owl"]
RDFS = PREFIXES["rdfs"]
RDF_TYPE = PREFIXES["rdf"] + "type"
_SUBCLASS = RDFS + "subClassOf"
_EQUIVALENT = OWL + "equivalentClass"
#: Types every individual has; never worth writing down.
_TRIVIAL_TYPES = frozenset({OWL + "Thing", OWL + "NamedIndividual", RDFS + "Resource"})


@dataclass(frozen=True)
class Inferences:
    """What a reasoner adds to the hand-written graph, and how it was obtained."""

    reasoner: str  # the reasoner that ran
    requested: str  # the reasoner that was asked for
    triples: tuple[ox.Triple, ...]  # sorted
    seconds: float  # the reasoner's own time (conversion and selection excluded)
    input_triples: int
    input_digest: str  # SHA-256 of the files read (see sources_digest)
    sources: tuple[str, ...]  # the files read, relative to the graph folder
    note: str = ""  # why another reasoner ran, if one did

    @property
    def reasoner_name(self) -> str:
        return REASONER_NAMES[self.reasoner]

    def types(self) -> dict[str, set[str]]:
        """Inferred classes by individual IRI."""
        found: dict[str, set[str]] = defaultdict(set)
        for t in self.triples:
            if t.predicate.value == RDF_TYPE:
                found[t.subject.value].add(t.object.value)
        return found

    def values(self, prop: str) -> set[tuple[str, str]]:
        """Inferred (subject, object) pairs of one property IRI."""
        return {(t.subject.value, t.object.value) for t in self.triples if t.predicate.value == prop}


# ----- what is new --------------------------------------------------------------------------


@dataclass
class _Told:
    """What the input says outright: types, the named class hierarchy, individuals."""

    asserted: set[tuple[str, str, str]]
    types: dict[str, set[str]]
    parents: dict[str, set[str]]
    individuals: set[str]
    symmetric: set[str]

    @classmethod
    def of(cls, triples: Sequence[ox.Triple], ontology_subjects: set[str]) -> _Told:
        asserted: set[tuple[str, str, str]] = set()
        types: dict[str, set[str]] = defaultdict(set)
        parents: dict[str, set[str]] = defaultdict(set)
        subjects: set[str] = set()
        symmetric: set[str] = set()
        for t in triples:
            if not isinstance(t.subject, ox.NamedNode) or not isinstance(t.object, ox.NamedNode):
                if isinstance(t.subject, ox.NamedNode):
                    subjects.add(t.subject.value)
                continue
            s, p, o = t.subject.value, t.predicate.value, t.object.value
            asserted.add((s, p, o))
            subjects.add(s)
            if p == RDF_TYPE:
                types[s].add(o)
                if o == OWL + "SymmetricProperty":
                    symmetric.add(s)
            elif p == _SUBCLASS:
                parents[s].add(o)
            elif p == _EQUIVALENT:
                parents[s].add(o)
                parents[o].add(s)
        return cls(asserted, types, parents, subjects - ontology_subjects, symmetric)

    def closure(self, classes: Iterable[str], extra_parents: dict[str, set[str]] | None = None) -> set[str]:
        seen = set(classes)
        todo = list(seen)
        while todo:
            cls = todo.pop()
            for parent in self.parents.get(cls, set()) | (extra_parents or {}).get(cls, set()):
                if parent not in seen:
                    seen.add(parent)
                    todo.append(parent)
        return seen


def _select(told: _Told, derived: Iterable[tuple[str, str, str]]) -> list[ox.Triple]:
    """The derived triples worth writing down.

    Kept: ``rdf:type`` of an individual of the data to a ``rel:`` class that its
    asserted types do not already imply through the ontology's named subclass axioms
    (with the classes above it in the reasoned hierarchy); values of ``rel:``
    properties between two IRIs that the input does not state. Left out: owl:Thing
    and owl:NamedIndividual, class subsumptions, values of other vocabularies' super
    properties (sem:hasActor, prov:wasAttributedTo, ...), literals and blank nodes.
    The converse of every value of a symmetric ``rel:`` property is kept too (owlready2
    does not report it when the other direction is stated).
    """
    derived = set(derived)
    reasoned_parents: dict[str, set[str]] = defaultdict(set)
    for s, p, o in derived:
        if p == _SUBCLASS and s not in told.individuals:
            reasoned_parents[s].add(o)
    new_types: dict[str, set[str]] = defaultdict(set)
    kept: set[tuple[str, str, str]] = set()
    for s, p, o in derived:
        if s not in told.individuals:
            continue
        if p == RDF_TYPE:
            new_types[s].add(o)
        elif p.startswith(REL) and (s, p, o) not in told.asserted and not o.startswith("_:"):
            kept.add((s, p, o))
    # owlready2 leaves out a value whose symmetric counterpart is stated; put it back.
    for s, p, o in told.asserted | kept:
        if p in told.symmetric and p.startswith(REL) and s in told.individuals and (o, p, s) not in told.asserted:
            kept.add((o, p, s))
    for individual, classes in new_types.items():
        already = told.closure(told.types.get(individual, ()))
        for cls in told.closure(classes, reasoned_parents):
            if cls.startswith(REL) and cls not in already and cls not in _TRIVIAL_TYPES:
                kept.add((individual, RDF_TYPE, cls))
    return sorted(
        (ox.Triple(ox.NamedNode(s), ox.NamedNode(p), ox.NamedNode(o)) for s, p, o in kept),
        key=str,
    )


def _ontology_subjects(dataset: Dataset) -> set[str]:
    return {
        t.subject.value
        for info in dataset.graphs
        if info.kind == "ontology"
        for t in dataset.triples_in(info.name)
        if isinstance(t.subject, ox.NamedNode)
    }


def _source_files(dataset: Dataset) -> list[Path]:
    project = dataset.project
    found: list[Path] = []
    for info in dataset.graphs:
        if info.kind == "ontology":
            found.extend(project.ontology_files())
        elif info.kind in ("article", "background") and info.path is not None:
            found.append(info.path)
    return found


def sources_digest(dataset: Dataset) -> str:
    """SHA-256 over the names and bytes of the files the reasoner reads (blank node labels vary; bytes do not)."""
    digest = hashlib.sha256()
    for path in _source_files(dataset):
        digest.update(dataset.project.relative(path).encode("utf-8") + b"\0")
        digest.update(path.read_bytes())
    return digest.hexdigest()


def infer(
    dataset: Dataset,
    *,
    reasoner: str = "pellet",
    timeout: float = DEFAULT_TIMEOUT,
    fallback: bool = True,
) -> Inferences:
    """Run a reasoner over the ontology and the articles; return what it adds.

    An inconsistent graph raises InconsistencyError, whose message says which
    individuals and which axioms clash. Without Java, owlrl runs instead of HermiT or
    Pellet (the returned ``note`` says so) unless ``fallback`` is false.
    """
    triples = reasoner_input(dataset)
    run, note = run_reasoner(triples, reasoner=reasoner, timeout=timeout, fallback=fallback)
    if not run.consistent:
        report = explain_inconsistency(dataset, run=run, note=note)
        raise InconsistencyError(report.message(), report=report)
    told = _Told.of(triples, _ontology_subjects(dataset))
    return Inferences(
        reasoner=run.reasoner,
        requested=reasoner,
        triples=tuple(_select(told, run.derived)),
        seconds=run.seconds,
        input_triples=len(triples),
        input_digest=sources_digest(dataset),
        sources=tuple(dataset.project.relative(p) for p in _source_files(dataset)),
        note=note,
    )


# ----- writing them -------------------------------------------------------------------------


def _header(inferences: Inferences) -> str:
    from importlib.metadata import PackageNotFoundError, version

    def package(name: str) -> str:
        try:
            return f"{name} {version(name)}"
        except PackageNotFoundError:
            return name

    engine = (
        package("owlrl") if inferences.reasoner == "owlrl" else f"{inferences.reasoner_name} via {package('owlready2')}"
    )
    sources = list(inferences.sources)
    shown = sources if len(sources) <= 12 else [*sources[:10], f"... and {len(sources) - 10} more files"]
    lines = [
        "# Inferred triples. Generated by 'relgraph reason'; do not edit: run it again instead.",
        f"# Reasoner: {engine}" + (f" (asked for {REASONER_NAMES[inferences.requested]})" if inferences.note else ""),
        f"# From {inferences.input_triples:,} triples converted from these files (SHA-256 {inferences.input_digest}):",
        *(f"#   {s}" for s in shown),
        "# What: class memberships of individuals and values of rel: properties that the reasoner",
        "# derives and the hand-written data does not state. relgraph loads this file into the named",
        f"# graph <{GRAPH_INFERRED}> when asked (--inferred); it is never mixed into data/.",
        "",
    ]
    return "\n".join(lines) + "\n"


def write_inferences(project: Project, inferences: Inferences, *, output: Path | None = None) -> Path:
    """Write the inferred triples as sorted Turtle with a header (atomically).

    The default place is ``data/inferred/inferences.ttl`` of the graph folder.
    """
    path = output if output is not None else project.inferred_dir / INFERENCES_FILE
    if output is None:
        project.require_writable()
    body = serialize_triples(inferences.triples, fmt="turtle") if inferences.triples else b""
    write_atomic(path, _header(inferences).encode("utf-8") + body)
    return path


def stale_inferences(project: Project) -> list[str]:
    """The files of the graph the stored inferences miss: added since (not among the files their header
    lists) or changed since (newer than the inferences). Empty when they are up to date, or there are none."""
    files = project.inferred_files()
    if not files:
        return []
    path = files[0]
    try:
        with path.open("rb") as handle:
            head = handle.read(64 * 1024).decode("utf-8", "replace")
        made = path.stat().st_mtime_ns
    except OSError:
        return []
    listed = {line[4:].strip() for line in head.splitlines() if line.startswith("#   ")}
    complete = bool(listed) and not any(name.startswith("... and ") for name in listed)
    stale = []
    for data in [*project.ontology_files(), *project.data_files()]:
        name = project.relative(data)
        try:
            newer = data.stat().st_mtime_ns > made + 2_000_000_000  # (a checkout writes files seconds apart)
        except OSError:
            continue
        if newer or (complete and name not in listed):
            stale.append(name)
    return sorted(stale)
