"""What the graph implies: OWL reasoning over the ontology and the data.

``infer(dataset, reasoner="pellet")`` hands the ontology and every article graph to
a reasoner and returns what it adds that the input did not say: class memberships
of individuals (Monica Juma is a ``rel:Official``) and values of ``rel:`` properties
(she ``rel:actsFor`` Kenya). ``write_inferences`` writes them to
``data/inferred/inferences.ttl``, apart from the hand-written data; ``load_dataset(...,
include_inferred=True)`` (``--inferred`` on the command line) reads them back into
their own named graph.

Reasoners:

- ``hermit`` and ``pellet`` run in Java through owlready2 0.48 (``java`` on PATH),
  each Java process stopped at a time limit.
- ``owlrl`` is the pure-Python OWL 2 RL closure, run on a copy of the graph. It is
  the fallback when Java is missing. OWL 2 RL has no minimum cardinalities, so it
  cannot tell that a meeting with two state parties is a ``rel:BilateralMeeting``.

What the reasoner sees is a converted copy (``reasoner_input``): owlready2 reads
N-Triples, not Turtle; HermiT accepts only the OWL 2 datatype map, so ``xsd:date``
values become ``xsd:dateTime`` at midnight and values of other datatypes outside the
map (``xsd:gYear``) are left out; ``owl:imports`` and owlready2's ``python_module``
annotations are dropped, so loading fetches nothing and runs no code; annotations
(labels, comments, definitions) are dropped because they entail nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import shutil
import subprocess
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from relgraph.errors import InconsistencyError, ReasoningError
from relgraph.namespaces import GRAPH_INFERRED, PREFIXES, REL
from relgraph.paths import Project
from relgraph.store import Dataset, serialize_triples, write_atomic

__all__ = [
    "DEFAULT_TIMEOUT",
    "INFERENCES_FILE",
    "REASONERS",
    "Inferences",
    "ReasonerRun",
    "infer",
    "java_available",
    "reasoner_input",
    "run_reasoner",
    "sources_digest",
    "write_inferences",
]

#: The reasoners ``infer`` can run, by the name the command line uses.
REASONERS = ("hermit", "pellet", "owlrl")
REASONER_NAMES = {"hermit": "HermiT", "pellet": "Pellet", "owlrl": "owlrl"}
#: Seconds a Java reasoner may run before it is stopped.
DEFAULT_TIMEOUT = 120.0
#: Where ``write_inferences`` puts the inferred triples, inside ``data/inferred/``.
INFERENCES_FILE = "inferences.ttl"

RDF = PREFIXES["rdf"]
RDFS = PREFIXES["rdfs"]
OWL = PREFIXES["owl"]
XSD = PREFIXES["xsd"]
RDF_TYPE = RDF + "type"
_SUBCLASS = RDFS + "subClassOf"
_EQUIVALENT = OWL + "equivalentClass"
_OWLREADY = "http://www.lesfleursdunormal.fr/static/_downloads/owlready_ontology.owl#"

#: The OWL 2 datatype map (what HermiT accepts); other datatypes are converted or left out.
_OWL2_DATATYPES = frozenset(
    [
        XSD + name
        for name in [
            "decimal",
            "integer",
            "nonNegativeInteger",
            "nonPositiveInteger",
            "positiveInteger",
            "negativeInteger",
            "long",
            "int",
            "short",
            "byte",
            "unsignedLong",
            "unsignedInt",
            "unsignedShort",
            "unsignedByte",
            "double",
            "float",
            "string",
            "normalizedString",
            "token",
            "language",
            "Name",
            "NCName",
            "NMTOKEN",
            "boolean",
            "hexBinary",
            "base64Binary",
            "anyURI",
            "dateTime",
            "dateTimeStamp",
        ]
    ]
    + [OWL + "real", OWL + "rational", RDF + "PlainLiteral", RDF + "XMLLiteral", RDF + "langString", RDFS + "Literal"]
)
_ANNOTATIONS = frozenset(
    [RDFS + "label", RDFS + "comment", RDFS + "seeAlso", RDFS + "isDefinedBy", OWL + "versionInfo"]
    + [PREFIXES["skos"] + n for n in ("prefLabel", "altLabel", "hiddenLabel", "definition", "scopeNote", "note")]
)
#: Types every individual has; never worth writing down.
_TRIVIAL_TYPES = frozenset({OWL + "Thing", OWL + "NamedIndividual", RDFS + "Resource"})


@dataclass(frozen=True)
class ReasonerRun:
    """One run of a reasoner over some triples: what it derived, or that they clash."""

    reasoner: str  # the reasoner that ran: hermit, pellet or owlrl
    consistent: bool
    derived: frozenset[tuple[str, str, str]]  # (s, p, o) IRIs the reasoner holds true (a superset of what is new)
    seconds: float
    detail: str = ""  # the reasoner's own words when the input is inconsistent


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


# ----- the input ----------------------------------------------------------------------------


def _convert(triple: ox.Triple) -> ox.Triple | None:
    """The triple as the reasoner may read it, or None to leave it out."""
    p = triple.predicate.value
    if p == OWL + "imports" or p.startswith(_OWLREADY):
        return None
    o = triple.object
    if isinstance(o, ox.Literal):
        if p in _ANNOTATIONS:
            return None
        datatype = o.datatype.value
        if datatype == XSD + "date":
            day = o.value[:10]
            return ox.Triple(
                triple.subject, triple.predicate, ox.Literal(day + "T00:00:00", datatype=ox.NamedNode(XSD + "dateTime"))
            )
        if datatype not in _OWL2_DATATYPES:
            return None
        return triple
    if isinstance(o, ox.NamedNode) and o.value.startswith(XSD) and o.value not in _OWL2_DATATYPES:
        # A range or datatype restriction outside the OWL 2 datatype map.
        replacement = XSD + "dateTime" if o.value == XSD + "date" else RDFS + "Literal"
        return ox.Triple(triple.subject, triple.predicate, ox.NamedNode(replacement))
    return triple


def reasoner_input(dataset: Dataset, *, extra: Iterable[ox.Triple] = ()) -> list[ox.Triple]:
    """The ontology and every article graph (never earlier inferences), converted for a reasoner.

    ``extra`` adds triples that are not in the dataset yet, such as an article being
    validated. The result is sorted, so the same graph always gives the same input.
    """
    kept: set[ox.Triple] = set()
    for info in dataset.graphs:
        if info.kind in ("ontology", "article"):
            kept.update(t for t in map(_convert, dataset.triples_in(info.name)) if t is not None)
    kept.update(t for t in map(_convert, extra) if t is not None)
    return sorted(kept, key=str)


def _ntriples(triples: Sequence[ox.Triple]) -> bytes:
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES)


# ----- running a reasoner -------------------------------------------------------------------


def java_available() -> bool:
    """Whether a ``java`` executable is on PATH (HermiT and Pellet need one)."""
    return shutil.which("java") is not None


@contextlib.contextmanager
def _java_time_limit(seconds: float) -> Iterator[None]:
    """Make owlready2 stop its Java process after ``seconds`` (subprocess's own timeout)."""
    from owlready2 import reasoning as owl_reasoning

    saved = dict(owl_reasoning._subprocess_kargs)
    owl_reasoning._subprocess_kargs["timeout"] = seconds
    try:
        yield
    finally:
        owl_reasoning._subprocess_kargs.clear()
        owl_reasoning._subprocess_kargs.update(saved)


def _run_owlready(triples: Sequence[ox.Triple], reasoner: str, timeout: float) -> ReasonerRun:
    import owlready2

    world = owlready2.World()
    try:
        onto = world.get_ontology("urn:relgraph:reasoner-input")
        onto.load(fileobj=io.BytesIO(_ntriples(triples)), format="ntriples", only_local=True)
        started = time.perf_counter()
        try:
            with _java_time_limit(timeout):
                if reasoner == "hermit":
                    owlready2.sync_reasoner_hermit(world, infer_property_values=True, debug=0)
                else:
                    owlready2.sync_reasoner_pellet(world, infer_property_values=True, debug=0)
        except subprocess.TimeoutExpired as exc:
            raise ReasoningError(
                f"{REASONER_NAMES[reasoner]} did not finish within {timeout:g} s and was stopped; "
                "raise --timeout, or use --reasoner owlrl."
            ) from exc
        except owlready2.OwlReadyInconsistentOntologyError as exc:
            return ReasonerRun(reasoner, False, frozenset(), time.perf_counter() - started, str(exc))
        except owlready2.OwlReadyJavaError as exc:
            raise ReasoningError(f"{REASONER_NAMES[reasoner]} failed in Java: {_first_lines(str(exc))}") from exc
        except FileNotFoundError as exc:
            raise ReasoningError(f"Java could not be started ({exc}); install a Java runtime (17 or later).") from exc
        seconds = time.perf_counter() - started
        derived = set()
        inferred = world.get_ontology("http://inferrences/")
        for s, p, o in inferred.get_triples():
            if isinstance(o, int) and o > 0 and s > 0:
                derived.add((world._unabbreviate(s), world._unabbreviate(p), world._unabbreviate(o)))
        return ReasonerRun(reasoner, True, frozenset(derived), seconds)
    finally:
        world.close()


def _first_lines(text: str, count: int = 6) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return "\n".join(lines[:count]) + ("\n..." if len(lines) > count else "")


_OWLRL_ERROR = "http://www.daml.org/2002/03/agents/agent-ont#"


def _run_owlrl(triples: Sequence[ox.Triple]) -> ReasonerRun:
    import owlrl
    import rdflib

    graph = rdflib.Graph()  # a copy: owlrl writes its closure into the graph it is given
    graph.parse(data=_ntriples(triples), format="nt")
    started = time.perf_counter()
    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False).expand(graph)
    seconds = time.perf_counter() - started
    errors = sorted(
        str(message)
        for node in graph.subjects(rdflib.RDF.type, rdflib.URIRef(_OWLRL_ERROR + "ErrorMessage"))
        for message in graph.objects(node, rdflib.URIRef(_OWLRL_ERROR + "error"))
    )
    errors = [e for e in errors if not e.startswith("Lexical value")]  # datatype warnings, not clashes
    if errors:
        return ReasonerRun("owlrl", False, frozenset(), seconds, "\n".join(errors))
    derived = {
        (str(s), str(p), str(o)) for s, p, o in graph if isinstance(s, rdflib.URIRef) and isinstance(o, rdflib.URIRef)
    }
    return ReasonerRun("owlrl", True, frozenset(derived), seconds)


def run_reasoner(
    triples: Sequence[ox.Triple],
    *,
    reasoner: str = "pellet",
    timeout: float = DEFAULT_TIMEOUT,
    fallback: bool = True,
) -> tuple[ReasonerRun, str]:
    """Run one reasoner over converted triples (see ``reasoner_input``).

    Returns the run and a note: empty, or why another reasoner ran (no Java: owlrl
    runs instead when ``fallback`` is true; otherwise ReasoningError).
    """
    if reasoner not in REASONERS:
        raise ReasoningError(f"Unknown reasoner {reasoner!r}; use one of {', '.join(REASONERS)}.")
    note = ""
    if reasoner != "owlrl" and not java_available():
        message = (
            f"{REASONER_NAMES[reasoner]} needs Java, and no 'java' is on PATH "
            "(install a Java runtime, 17 or later, e.g. 'apt-get install default-jre-headless')"
        )
        if not fallback:
            raise ReasoningError(message + "; or use --reasoner owlrl.")
        note = message + "; ran owlrl (the pure-Python OWL 2 RL closure) instead."
        reasoner = "owlrl"
    if reasoner == "owlrl":
        return _run_owlrl(triples), note
    return _run_owlready(triples, reasoner, timeout), note


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
        elif info.kind == "article" and info.path is not None:
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
        from relgraph.consistency import explain_inconsistency

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
