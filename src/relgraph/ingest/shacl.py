"""The SHACL shapes (``ontology/shapes.ttl``) run with pyshacl on a new article and the
part of the graph it touches.

The data graph handed to pyshacl is the article's triples, the graph's statements
about every node the article touches (its context), the types of the nodes those
point to, and the ontology (so ``sh:class`` and ``sh:targetClass`` see subclasses).
Only results about nodes the article touches are kept: a context node that drags in
no description of its own would otherwise look incomplete. When a result is found,
the shapes are run once more on the context alone, and a result that was there
before the article is reported as a warning about the graph, not blamed on the file.

Class constraints are checked against the types the data asserts: pyshacl runs with
no inference, on the data merged with the ontology, so ``sh:class`` and
``sh:targetClass`` follow the ontology's ``rdfs:subClassOf`` tree but never type a
value from a property's ``rdfs:range`` (RDFS inference would make a Person given as
``rel:hasParty`` a State, and such a constraint could never fail).
``validate_graph`` checks a whole graph the same way.

pyshacl checks the core constraints; the shapes' SPARQL constraints (``sh:sparql``) run in
Oxigraph, one query each over the whole data graph (``relgraph.ingest.sparql_shapes``), instead of once
per focus node in rdflib: the results are the same, and merged into one list. ``sparql_engine``
switches back to pyshacl for them (the benchmark's baseline, the tests' reference).

pyshacl and rdflib are imported here, inside the function, so nothing else pays for them.
"""

from __future__ import annotations

import contextlib
import contextvars
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from relgraph.ingest.sparql_shapes import SparqlPlan, plan_constraints, run_constraints, to_rdflib
from relgraph.model.namespaces import compact_iri
from relgraph.store import parse_rdf

__all__ = ["ShapeResult", "run_shapes", "sparql_engine", "validate_graph"]

_SH = "http://www.w3.org/ns/shacl#"
_MENTION = "https://w3id.org/relgraph/ontology#Mention"


@dataclass(frozen=True)
class ShapeResult:
    """One SHACL validation result, in relgraph's terms."""

    focus: str  # IRI (or blank node id) of the node that breaks the shape
    path: str | None  # the property, as a prefixed name
    message: str
    severity: str  # "error" or "warning"
    component: str  # e.g. "MinCountConstraintComponent"
    value: str | None = None
    existing: bool = False  # already broken before the article


_CACHE: dict[tuple[str, float], object] = {}
_PLANS: dict[tuple[str, float], SparqlPlan] = {}
_SPARQL_ENGINE: contextvars.ContextVar[str] = contextvars.ContextVar("relgraph_sparql_engine", default="oxigraph")
_SPARQL_COMPONENT = "SPARQLConstraintComponent"


def _graph(triples: Iterable[ox.Triple]):
    from rdflib import Graph

    graph = Graph()
    rdflib_terms = logging.getLogger("rdflib.term")
    level = rdflib_terms.level
    rdflib_terms.setLevel(logging.ERROR)  # ill-typed literals are reported by our own checks
    try:
        for t in triples:
            graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
    finally:
        rdflib_terms.setLevel(level)
    return graph


def _plan(path: Path) -> SparqlPlan:
    """The shapes' SPARQL constraints for Oxigraph, and the shapes graph without them for pyshacl (cached)."""
    graph = _shapes_graph(path)
    key = (str(path), path.stat().st_mtime)
    if key not in _PLANS:
        _PLANS.clear()
        _PLANS[key] = plan_constraints(graph)
    return _PLANS[key]


@contextlib.contextmanager
def sparql_engine(name: str) -> Iterator[None]:
    """Run the shapes' SPARQL constraints with ``"oxigraph"`` (the default: one query per constraint) or
    ``"pyshacl"`` (node by node in rdflib, as before): the benchmark's baseline and the tests' reference."""
    if name not in ("oxigraph", "pyshacl"):
        raise ValueError(f"unknown SPARQL engine {name!r}: 'oxigraph' or 'pyshacl'")
    token = _SPARQL_ENGINE.set(name)
    try:
        yield
    finally:
        _SPARQL_ENGINE.reset(token)


def _shapes_graph(path: Path):
    key = (str(path), path.stat().st_mtime)
    if key not in _CACHE:
        _CACHE.clear()
        _CACHE[key] = _graph(parse_rdf(path))
    return _CACHE[key]


def _term_text(node) -> str | None:
    if node is None:
        return None
    from rdflib import Literal, URIRef

    if isinstance(node, URIRef):
        return compact_iri(str(node))
    if isinstance(node, Literal):
        return str(node)
    return None


@contextlib.contextmanager
def _prepared_queries() -> Iterator[None]:
    """Parse each SPARQL constraint once per validation, not once per focus node.

    pyshacl hands rdflib the constraint's text for every node it checks, and rdflib parses it
    again each time (about 75 ms with pyparsing): with a SPARQL constraint on every assertion,
    an article of 2,500 facts took over six minutes. While this is active, rdflib's processor
    keeps the prepared query of each text (the prepared-query path rdflib documents) and
    evaluates that with the node's bindings.
    """
    from rdflib.plugins.sparql import processor

    original = processor.SPARQLProcessor.query
    prepared: dict[tuple, object] = {}

    def query(self, strOrQuery, initBindings=None, initNs=None, base=None, DEBUG=False):
        if isinstance(strOrQuery, str):
            key = (strOrQuery, base, tuple(sorted((str(k), str(v)) for k, v in (initNs or {}).items())))
            if key not in prepared:
                prepared[key] = processor.prepareQuery(strOrQuery, initNs=initNs, base=base)
            strOrQuery = prepared[key]
        return original(self, strOrQuery, initBindings, initNs, base, DEBUG)

    processor.SPARQLProcessor.query = query  # type: ignore[method-assign]
    try:
        yield
    finally:
        processor.SPARQLProcessor.query = original  # type: ignore[method-assign]


def _shape_result(node, path, value, message, severity, component: str, focus: set[str] | None):
    """A pyshacl-style result (rdflib terms) as a ShapeResult, or None when it is about a node not in ``focus``."""
    from rdflib import URIRef

    if node is not None and str(node) == _MENTION and value is not None:
        node = value  # relsh:MentionSpanShape checks all mentions at once: its value is the mention
    if node is None or (focus is not None and str(node) not in focus):
        return None
    return ShapeResult(
        focus=str(node),
        path=_term_text(path),
        message=str(message) if message is not None else component.replace("ConstraintComponent", ""),
        severity="error" if severity == URIRef(_SH + "Violation") else "warning",
        component=component,
        value=_term_text(value),
    )


def _report_results(report, focus: set[str] | None) -> Iterator[ShapeResult]:
    from rdflib import RDF, Namespace

    sh = Namespace(_SH)
    for result in report.subjects(RDF.type, sh.ValidationResult):
        component = str(report.value(result, sh.sourceConstraintComponent) or "").rsplit("#", 1)[-1]
        found = _shape_result(
            report.value(result, sh.focusNode),
            report.value(result, sh.resultPath),
            report.value(result, sh.value),
            report.value(result, sh.resultMessage),
            report.value(result, sh.resultSeverity),
            component,
            focus,
        )
        if found is not None:
            yield found


def _validate(data_triples: list[ox.Triple], shapes_file: Path, focus: set[str] | None) -> list[ShapeResult]:
    import pyshacl

    data = _graph(data_triples)
    in_oxigraph = _SPARQL_ENGINE.get() == "oxigraph"
    plan = _plan(shapes_file) if in_oxigraph else None
    with _prepared_queries():
        _, report, _ = pyshacl.validate(
            data,
            shacl_graph=plan.core_shapes if plan is not None else _shapes_graph(shapes_file),
            inference="none",
            inplace=True,
            allow_warnings=True,
        )
    results = list(_report_results(report, focus))
    if plan is not None:
        for r in run_constraints(plan, data_triples):
            found = _shape_result(r.focus, r.path, r.value, r.message, r.severity, _SPARQL_COMPONENT, focus)
            if found is not None:
                results.append(found)
    return sorted(set(results), key=lambda r: (r.focus, r.path or "", r.message))


def validate_graph(shapes_file: Path, ontology: Iterable[ox.Triple], data: Iterable[ox.Triple]) -> list[ShapeResult]:
    """Every SHACL result for a whole graph (the data merged with the ontology, no inference)."""
    return _validate([*ontology, *data], shapes_file, None)


def run_shapes(
    shapes_file: Path,
    ontology: Iterable[ox.Triple],
    article: Iterable[ox.Triple],
    context: Iterable[ox.Triple],
    focus: set[str],
) -> list[ShapeResult]:
    """SHACL results about the ``focus`` nodes (IRIs) for the article merged with its context."""
    ontology = list(ontology)
    context = list(context)
    results = _validate([*ontology, *context, *article], shapes_file, focus)
    if not results:
        return []
    before = {(r.focus, r.path, r.message) for r in _validate([*ontology, *context], shapes_file, focus)}
    return [
        ShapeResult(r.focus, r.path, r.message, "warning", r.component, r.value, existing=True)
        if (r.focus, r.path, r.message) in before
        else r
        for r in results
    ]
