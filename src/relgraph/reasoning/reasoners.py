"""The OWL reasoners themselves: the copy of the graph they read, and one run with a time limit.

``run_reasoner(reasoner_input(dataset), reasoner="pellet")`` runs a reasoner over the
ontology and the articles and returns a ``ReasonerRun``: everything it holds true, or
that the input is inconsistent. Two features build on it: ``relgraph.reasoning.consistency``
(is the graph consistent, and if not, why) and ``relgraph.reasoning.inferences`` (what the graph
implies, written to ``data/inferred/inferences.ttl``), in that order of imports.

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
import io
import shutil
import subprocess
import time
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from relgraph.errors import ReasoningError
from relgraph.model.namespaces import PREFIXES, XSD_INTEGER_TYPES
from relgraph.store import Dataset

__all__ = [
    "DEFAULT_TIMEOUT",
    "REASONERS",
    "REASONER_NAMES",
    "ReasonerRun",
    "java_available",
    "reasoner_input",
    "run_reasoner",
]

#: The reasoners ``run_reasoner`` (and ``infer``) can run, by the name the command line uses.
REASONERS = ("hermit", "pellet", "owlrl")
REASONER_NAMES = {"hermit": "HermiT", "pellet": "Pellet", "owlrl": "owlrl"}
#: Seconds a Java reasoner may run before it is stopped.
DEFAULT_TIMEOUT = 120.0

RDF = PREFIXES["rdf"]
RDFS = PREFIXES["rdfs"]
OWL = PREFIXES["owl"]
XSD = PREFIXES["xsd"]
_OWLREADY = "http://www.lesfleursdunormal.fr/static/_downloads/owlready_ontology.owl#"

#: The OWL 2 datatype map (what HermiT accepts); other datatypes are converted or left out.
_OWL2_DATATYPES = XSD_INTEGER_TYPES | frozenset(
    [
        XSD + name
        for name in [
            "decimal",
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


@dataclass(frozen=True)
class ReasonerRun:
    """One run of a reasoner over some triples: what it derived, or that they clash."""

    reasoner: str  # the reasoner that ran: hermit, pellet or owlrl
    consistent: bool
    derived: frozenset[tuple[str, str, str]]  # (s, p, o) IRIs the reasoner holds true (a superset of what is new)
    seconds: float
    detail: str = ""  # the reasoner's own words when the input is inconsistent


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
        if info.kind in ("ontology", "article", "background"):
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
        # owlrl is pure Python and cannot be interrupted: it runs in a child killed at the time limit
        # (without that, --timeout 5 ran over 300 s).
        from relgraph.errors import QueryTimeoutError
        from relgraph.store.bounded import run_bounded

        try:
            return run_bounded(_run_owlrl, list(triples), timeout=timeout, what="the owlrl closure"), note
        except QueryTimeoutError as exc:
            raise ReasoningError(
                f"owlrl did not finish within {timeout:g} s and was stopped; raise --timeout (owlrl takes about "
                "4 s per 10,000 triples and grows faster than that), or run HermiT (Java)."
            ) from exc
    return _run_owlready(triples, reasoner, timeout), note
