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

pyshacl and rdflib are imported here, inside the function, so nothing else pays for them.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from relgraph.model.namespaces import compact_iri
from relgraph.store import parse_rdf

__all__ = ["ShapeResult", "run_shapes", "validate_graph"]

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


def _to_rdflib(term):
    from rdflib import BNode, Literal, URIRef

    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def _graph(triples: Iterable[ox.Triple]):
    from rdflib import Graph

    graph = Graph()
    rdflib_terms = logging.getLogger("rdflib.term")
    level = rdflib_terms.level
    rdflib_terms.setLevel(logging.ERROR)  # ill-typed literals are reported by our own checks
    try:
        for t in triples:
            graph.add((_to_rdflib(t.subject), _to_rdflib(t.predicate), _to_rdflib(t.object)))
    finally:
        rdflib_terms.setLevel(level)
    return graph


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


def _validate(data_triples: list[ox.Triple], shapes_file: Path, focus: set[str] | None) -> list[ShapeResult]:
    import pyshacl
    from rdflib import RDF, Namespace

    sh = Namespace(_SH)
    data = _graph(data_triples)
    with _prepared_queries():
        _, report, _ = pyshacl.validate(
            data,
            shacl_graph=_shapes_graph(shapes_file),
            inference="none",
            inplace=True,
            allow_warnings=True,
        )
    results: list[ShapeResult] = []
    for result in report.subjects(RDF.type, sh.ValidationResult):
        node = report.value(result, sh.focusNode)
        value = report.value(result, sh.value)
        if node is not None and str(node) == _MENTION and value is not None:
            node = value  # relsh:MentionSpanShape checks all mentions at once: its value is the mention
        if node is None or (focus is not None and str(node) not in focus):
            continue
        severity = report.value(result, sh.resultSeverity)
        component = str(report.value(result, sh.sourceConstraintComponent) or "").rsplit("#", 1)[-1]
        path = report.value(result, sh.resultPath)
        message = report.value(result, sh.resultMessage)
        results.append(
            ShapeResult(
                focus=str(node),
                path=_term_text(path),
                message=str(message) if message is not None else component.replace("ConstraintComponent", ""),
                severity="error" if severity == sh.Violation else "warning",
                component=component,
                value=_term_text(value),
            )
        )
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
