"""The shapes' SHACL-SPARQL constraints (``sh:sparql`` with ``sh:select``), run set-at-a-time in Oxigraph.

pyshacl evaluates a SPARQL-based constraint once per focus node, in rdflib: with a constraint on
every ``rel:Assertion`` that is most of the time of checking a large article. Here each constraint
is one Oxigraph query over the whole data graph: ``$this`` becomes a variable bound by the shape's
targets, joined in the query, instead of a value bound before it runs.

``plan_constraints`` reads the shapes graph once and returns a ``SparqlPlan``: the constraints it
runs (``SparqlConstraint``) and a copy of the shapes graph without them, for pyshacl to check the
rest. ``run_constraints`` evaluates them on a data graph and returns ``SparqlResult`` rows shaped
as pyshacl's validation results (focus node, path, value, message, severity).

What it follows, as pyshacl 0.40 does (validation runs with no inference and advanced mode off):

* targets: ``sh:targetClass`` (instances of the class and of its ``rdfs:subClassOf*`` subclasses in
  the data graph, which holds the ontology), ``sh:targetNode``, ``sh:targetSubjectsOf``,
  ``sh:targetObjectsOf`` and implicit class targets; a property shape's constraint takes the focus
  nodes of the node shapes that list it with ``sh:property``;
* the text: ``sh:prefixes`` (``sh:declare`` of the named node and of the shapes graph's
  ontologies, plus rdf, rdfs and owl), ``$PATH`` replaced by a property shape's path,
  ``$currentShape`` bound to the shape; the SPARQL pyshacl refuses (MINUS, VALUES, SERVICE, a
  nested SELECT that does not select ``$this``, ``AS`` re-binding a pre-bound variable) and
  ``$shapesGraph`` are refused here too, with a ``DataShapeError`` naming the shape;
* results: the focus is the row's ``$this``; the value is ``?value``, else the focus for a node
  shape; the path is ``?path``, else a property shape's path; ``sh:message`` with ``{?var}`` and
  ``{$var}`` filled from the row; the shape's ``sh:severity``; ``sh:deactivated`` on the shape or
  the constraint skips it. As in pyshacl, a row that binds none of ``$this``, ``?path``,
  ``?value`` and ``?failure`` is no result.

Set-at-a-time is the same as binding ``$this`` node by node only when ``$this`` is used where a
join binds it: in the query's top-level group (triple patterns, FILTER, BIND, and anything inside
[NOT] EXISTS) and in nested groups that are plain triple patterns. A constraint that uses ``$this``
anywhere else (inside OPTIONAL, UNION, GRAPH or a sub-SELECT, in a nested group's FILTER or BIND)
or that aggregates, limits or offsets its rows is run node by node, in Oxigraph with ``$this``
substituted (SEP-0007, pyoxigraph's ``substitutions``): still exact, and still faster than rdflib.

Where rdflib and Oxigraph answer differently, the answer is rdflib's, so that the report is the one
pyshacl gave: literals are loaded as rdflib reads them (``"01"^^xsd:integer`` is ``"1"``); numbers
Oxigraph writes its own way (``"1.0"^^xsd:decimal`` is ``"1"`` there) are given back as the data wrote
them, in messages and values; ``STR()`` is a function that answers as rdflib does (a blank node's id,
where SPARQL makes it an error); blank nodes keep their ids. The shape's ``sh:severity`` counts, not one
on the constraint (pyshacl reads only the shape's); a result's message is the constraint's
``sh:message``, else the shape's (pyshacl gives it both; relgraph's report takes one), the first in order.

Left with pyshacl (``SparqlPlan.left_to_pyshacl`` says why): constraints on shapes that other shapes
use as values (``sh:node``, ``sh:or``, ``sh:and``, ``sh:not``, ``sh:xone``,
``sh:qualifiedValueShape``) or with SPARQL-based targets, a blank ``sh:targetNode``, and queries
Oxigraph does not parse (rdflib accepts some that SPARQL 1.1 does not, e.g. an aggregate beside an
ungrouped variable). SPARQL-based constraint components (``sh:ConstraintComponent`` with
``sh:validator``) are not ``sh:sparql`` constraints: pyshacl keeps running them, node by node.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, cast

import pyoxigraph as ox
from rdflib import (  # only relgraph.ingest.shacl imports this module, when shapes run
    RDF,
    RDFS,
    BNode,
    Graph,
    Literal,
    URIRef,
)

from relgraph.errors import DataShapeError

__all__ = ["SparqlConstraint", "SparqlPlan", "SparqlResult", "plan_constraints", "run_constraints"]

_SH = "http://www.w3.org/ns/shacl#"
_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
_RDFS = "http://www.w3.org/2000/01/rdf-schema#"
_OWL = "http://www.w3.org/2002/07/owl#"
_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
_NESTING = ("node", "or", "and", "not", "xone", "qualifiedValueShape")
_THIS = ox.Variable("this")
_PATH_VAR = re.compile(r"([\s{}()])[$?]PATH", flags=re.M)
_SHAPES_GRAPH_VAR = re.compile(r"[$?]shapesGraph\b")
_CURRENT_SHAPE_VAR = re.compile(r"[$?]currentShape\b")
_THIS_VAR = re.compile(r"[$?]this\b")
# Tokens whose text must not be read as structure: strings (long ones first), IRIs, comments.
_OPAQUE = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|<[^<>\"{}|^`\\\s]*>"
    r"|#[^\n\r]*",
)
_PER_NODE_ANYWHERE = re.compile(
    r"\b(?:SELECT|GROUP|HAVING|LIMIT|OFFSET|COUNT|SUM|MIN|MAX|AVG|SAMPLE|GROUP_CONCAT)\b", flags=re.I
)
_KEYWORDS_IN_GROUP = re.compile(
    r"\b(?:FILTER|BIND|OPTIONAL|UNION|GRAPH|MINUS|SERVICE|VALUES|EXISTS|SELECT)\b", flags=re.I
)
_OPERATOR_BEFORE = re.compile(r"\b(?:OPTIONAL|UNION|MINUS|GRAPH\s+\S+|SERVICE(?:\s+SILENT)?\s+\S*)\s*$", flags=re.I)
_UNION_AFTER = re.compile(r"\s*UNION\b", flags=re.I)
_EXISTS_BEFORE = re.compile(r"\bEXISTS\s*$", flags=re.I)
_RECANONICALISED = {
    "http://www.w3.org/2001/XMLSchema#" + name for name in ("decimal", "double", "float")
}  # Oxigraph writes these its own way ("1.0"^^xsd:decimal is "1"); rdflib keeps, or writes them otherwise
_STR = ox.NamedNode("urn:relgraph:sparql-shapes:str")
_STR_CALL = re.compile(r"\bSTR\s*\(", flags=re.I)


@dataclass(frozen=True)
class SparqlConstraint:
    """One ``sh:sparql`` constraint of a shape, ready to run."""

    shape: Any  # the shape's node (rdflib term)
    node: Any  # the constraint's node (rdflib term)
    query: str  # the SELECT with its prefixes; set-at-a-time: $this bound by the targets in it
    targets: str  # a SELECT of ?this, every focus node
    messages: tuple[str, ...]
    severity: Any  # rdflib URIRef, sh:Violation by default
    path: Any  # a property shape's path (rdflib term) or None
    set_at_a_time: bool
    projects_this: bool  # pyshacl reports a row only if it binds $this, ?path or ?value


@dataclass(frozen=True)
class SparqlPlan:
    """The SPARQL constraints run here, and the shapes graph without them (for pyshacl)."""

    constraints: tuple[SparqlConstraint, ...]
    core_shapes: Any  # rdflib Graph
    left_to_pyshacl: tuple[tuple[str, str], ...]  # (shape, why) for constraints pyshacl still runs


@dataclass(frozen=True)
class SparqlResult:
    """One result of a SPARQL constraint, in rdflib terms as pyshacl reports them."""

    focus: Any
    path: Any
    value: Any
    message: str | None
    severity: Any
    constraint: Any
    shape: Any


# ----- terms ------------------------------------------------------------------------------------


def to_rdflib(term: Any) -> Any:
    """An Oxigraph term (or None) as rdflib's."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def to_oxigraph(term: Any) -> Any:
    """An rdflib term as Oxigraph's, with rdflib's (normalised) lexical form."""
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype or _XSD_STRING)))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    return ox.NamedNode(str(term))


def _sparql_term(term: Any) -> str:
    if isinstance(term, BNode):
        raise ValueError("a blank node cannot be written in a query")
    if isinstance(term, Literal):
        return term.n3()
    return f"<{term}>"


# ----- reading the shapes graph -----------------------------------------------------------------


def _sh(name: str) -> Any:
    return URIRef(_SH + name)


def _flag(graph: Any, node: Any, name: str) -> bool:
    value = graph.value(node, _sh(name))
    return value is not None and value.toPython() is True


def _prefixes(graph: Any, constraint: Any) -> dict[str, str]:
    """The prefixes pyshacl declares for a constraint: rdf, rdfs, owl, then sh:prefixes' declarations."""
    found = {"rdf": _RDF, "rdfs": _RDFS, "owl": _OWL}
    ontologies = set(graph.subjects(RDF.type, URIRef(_OWL + "Ontology")))
    everywhere = {d for o in ontologies for d in graph.objects(o, _sh("declare"))}
    for holder in graph.objects(constraint, _sh("prefixes")):
        own = set(graph.objects(holder, _sh("declare")))
        for declaration in own if (own and holder in ontologies) else everywhere | own:
            prefix = graph.value(declaration, _sh("prefix"))
            namespace = graph.value(declaration, _sh("namespace"))
            if prefix is None or namespace is None:
                raise DataShapeError(f"sh:declare {declaration} needs one sh:prefix and one sh:namespace.")
            found[str(prefix)] = str(namespace)
    return found


def _targets(graph: Any, shape: Any) -> list[str]:
    """SPARQL groups binding ?this to the focus nodes of the shape's own targets."""
    groups = []
    classes = list(graph.objects(shape, _sh("targetClass")))
    class_types = {RDFS.Class, *graph.subjects(RDFS.subClassOf, RDFS.Class)}
    if any(t in class_types for t in graph.objects(shape, RDF.type)):
        classes.append(shape)  # an implicit class target
    for cls in classes:
        groups.append(f"{{ ?this <{_RDF}type>/<{_RDFS}subClassOf>* {_sparql_term(cls)} }}")
    nodes = [_sparql_term(n) for n in graph.objects(shape, _sh("targetNode"))]
    if nodes:
        groups.append(f"{{ VALUES ?this {{ {' '.join(nodes)} }} }}")
    for prop in graph.objects(shape, _sh("targetSubjectsOf")):
        groups.append(f"{{ ?this {_sparql_term(prop)} [] }}")
    for prop in graph.objects(shape, _sh("targetObjectsOf")):
        groups.append(f"{{ [] {_sparql_term(prop)} ?this }}")
    return groups


def _nested_shapes(graph: Any) -> set[Any]:
    """Shapes that other shapes use as values: their constraints also run inside those, so pyshacl keeps them."""
    nested: set[Any] = set()
    for name in _NESTING:
        for value in graph.objects(None, _sh(name)):
            items = list(graph.items(value)) if name in ("or", "and", "xone") else []
            nested.update(items or [value])
    return nested


def _focus_groups(graph: Any, shape: Any, nested: set[Any]) -> list[str] | str:
    """The target groups of a shape's focus nodes, or why pyshacl must keep its constraints."""
    if shape in nested:
        return "the shape is used by another shape (sh:node, sh:or ...)"
    if graph.value(shape, _sh("target")) is not None:
        return "the shape has a SPARQL-based target (sh:target)"
    try:
        groups = _targets(graph, shape)
        if graph.value(shape, _sh("path")) is not None:
            for parent in graph.subjects(_sh("property"), shape):
                if parent in nested or graph.value(parent, _sh("target")) is not None:
                    return "the property shape belongs to a shape used by another shape, or with sh:target"
                if graph.value(parent, _sh("path")) is not None:
                    return "the property shape belongs to a property shape (its focus nodes are values)"
                if not _flag(graph, parent, "deactivated"):
                    groups += _targets(graph, parent)
    except ValueError:
        return "a target node is a blank node"
    return groups


# ----- the query text ---------------------------------------------------------------------------


def _structure(text: str) -> str:
    """The text with strings, IRIs and comments blanked out (same length), so braces and words are structure."""
    return _OPAQUE.sub(lambda m: " " * len(m.group(0)), text)


def _where_brace(plain: str) -> int:
    """The position of the brace that opens the outer query's WHERE group."""
    start = re.search(r"\bSELECT\b", plain, flags=re.I)
    position = plain.find("{", start.end() if start else 0)
    if position < 0:
        raise DataShapeError("a SPARQL constraint's sh:select has no WHERE group.")
    return position


def _groups(plain: str, opening: int) -> Iterator[tuple[int, int]]:
    """(start, end) of every group nested in the group that opens at ``opening``, and the outer group's end."""
    stack = []
    for i in range(opening, len(plain)):
        if plain[i] == "{":
            stack.append(i)
        elif plain[i] == "}":
            if not stack:
                return  # unbalanced: Oxigraph says how when it parses the query
            begin = stack.pop()
            yield begin, i
            if not stack:
                return


def _is_set_at_a_time(text: str) -> bool:
    """Whether joining ``$this`` with the targets answers as binding it node by node does (see the module doc)."""
    plain = _structure(text)
    opening = _where_brace(plain)
    if "(" in plain[:opening] or _PER_NODE_ANYWHERE.search(plain, opening):
        return False  # expressions or aggregates in the SELECT clause, a sub-SELECT, GROUP BY, LIMIT ...
    groups = list(_groups(plain, opening))
    exists = [(b, e) for b, e in groups if _EXISTS_BEFORE.search(plain, 0, b)]
    for begin, end in groups[:-1]:
        if not _THIS_VAR.search(plain, begin, end) or any(b <= begin and end <= e for b, e in exists):
            continue  # no $this, or inside [NOT] EXISTS: substituted by the row, as a pre-bound value is
        if (
            _KEYWORDS_IN_GROUP.search(plain, begin + 1, end)
            or _OPERATOR_BEFORE.search(plain, 0, begin)
            or _UNION_AFTER.match(plain, end + 1)
        ):
            return False
    return True


def _projects_this(plain: str, opening: int) -> bool:
    head = plain[:opening]
    return bool(_THIS_VAR.search(head) or re.search(r"\bSELECT\s+(?:DISTINCT\s+|REDUCED\s+)?\*", head, re.I))


def _joined(text: str, targets: list[str]) -> str:
    """The SELECT with ?this selected and, given targets, those joined first in its WHERE group."""
    plain = _structure(text)
    opening = _where_brace(plain)
    joined = text
    if targets:
        union = " UNION ".join(targets)
        joined = f"{text[: opening + 1]} {{ SELECT DISTINCT ?this WHERE {{ {union} }} }}{text[opening + 1 :]}"
    if not _projects_this(plain, opening):
        select = re.search(r"\bSELECT\s+(?:DISTINCT\s+|REDUCED\s+)?", plain, flags=re.I)
        assert select is not None  # _where_brace found it
        joined = f"{joined[: select.end()]}?this {joined[select.end() :]}"
    return joined


def _bind_current_shape(shape: Any, text: str) -> str:
    """``$currentShape`` replaced by the shape's IRI (SHACL-SPARQL pre-binds it to the shape)."""
    plain = _structure(text)
    found = list(_CURRENT_SHAPE_VAR.finditer(plain))
    if found and not isinstance(shape, URIRef):
        raise DataShapeError(
            f"a SPARQL constraint uses $currentShape on a shape with no IRI ({shape}): give the shape an IRI."
        )
    for match in reversed(found):
        text = f"{text[: match.start()]}<{shape}>{text[match.end() :]}"
    return text


def _rdflib_str(text: str) -> str:
    """STR(...) calls made to the function that answers as rdflib does (``_Data.str_function``)."""
    for match in reversed(list(_STR_CALL.finditer(_structure(text)))):
        text = f"{text[: match.start()]}<{_STR.value}>({text[match.end() :]}"
    return text


def _check_text(shape: Any, text: str) -> None:
    """Refuse what pyshacl refuses (its own checks), and $shapesGraph."""
    from pyshacl.errors import ValidationFailure
    from pyshacl.helper.sparql_query_helper import SPARQLQueryHelper

    if _SHAPES_GRAPH_VAR.search(_structure(text)):
        raise DataShapeError(
            f"the SPARQL constraint of shape {shape} uses $shapesGraph, which relgraph (like pyshacl) cannot bind."
        )
    try:
        SPARQLQueryHelper(None, None, text).check_invalid_sparql(text)
    except ValidationFailure as exc:
        raise DataShapeError(f"the SPARQL constraint of shape {shape} cannot run: {exc}") from exc


class _ShapesView:
    """The two methods pyshacl's path helper asks of its shapes graph."""

    def __init__(self, graph: Any) -> None:
        self.graph = graph

    def objects(self, subject: Any, predicate: Any) -> Iterator[Any]:
        return self.graph.objects(subject, predicate)


def _constraint(graph: Any, shape: Any, node: Any, groups: list[str]) -> SparqlConstraint:
    from pyshacl.helper.path_helper import shacl_path_to_sparql_path

    select = graph.value(node, _sh("select"))
    if select is None:
        raise DataShapeError(f"the SPARQL constraint of shape {shape} has no sh:select.")
    text = str(select)
    _check_text(shape, text)
    prefixes = _prefixes(graph, node)
    path = graph.value(shape, _sh("path"))
    if path is not None:
        sparql_path = shacl_path_to_sparql_path(cast(Any, _ShapesView(graph)), path, prefixes=prefixes)
        text = _PATH_VAR.sub(lambda m: m.group(1) + sparql_path, text)
    elif _PATH_VAR.search(text):
        raise DataShapeError(f"the SPARQL constraint of shape {shape} uses $PATH, but the shape has no sh:path.")
    text = _bind_current_shape(shape, text)
    set_at_a_time = _is_set_at_a_time(text)
    plain = _structure(text)
    projects_this = _projects_this(plain, _where_brace(plain))
    text = _joined(text, groups if set_at_a_time else [])
    text = _rdflib_str(text)
    head = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in prefixes.items())
    own = sorted(str(m) for m in graph.objects(node, _sh("message")))
    # pyshacl gives a result the constraint's messages, then the shape's (filled from the row too)
    messages = tuple(own + sorted(str(m) for m in graph.objects(shape, _sh("message")) if str(m) not in own))
    severity = graph.value(shape, _sh("severity")) or URIRef(_SH + "Violation")
    targets = "SELECT DISTINCT ?this WHERE { " + " UNION ".join(groups) + " }"
    return SparqlConstraint(shape, node, head + text, targets, messages, severity, path, set_at_a_time, projects_this)


def plan_constraints(shapes: Any) -> SparqlPlan:
    """Find the shapes graph's SPARQL constraints; the plan runs those it can, pyshacl the rest."""
    nested = _nested_shapes(shapes)
    constraints: list[SparqlConstraint] = []
    left: list[tuple[str, str]] = []
    core = Graph()
    for triple in shapes:
        core.add(triple)
    for shape, node in sorted(shapes.subject_objects(_sh("sparql")), key=lambda pair: (str(pair[0]), str(pair[1]))):
        groups = _focus_groups(shapes, shape, nested)
        if isinstance(groups, str):
            left.append((str(shape), groups))
            continue
        if _flag(shapes, shape, "deactivated") or _flag(shapes, node, "deactivated") or not groups:
            core.remove((shape, _sh("sparql"), node))
            continue  # pyshacl finds no focus node for it, or skips it
        constraint = _constraint(shapes, shape, node, groups)
        try:
            ox.Store().query(constraint.query, custom_functions={_STR: lambda term: term})
        except SyntaxError as exc:  # rdflib reads some SPARQL that Oxigraph refuses
            left.append((str(shape), f"Oxigraph does not parse its query: {exc}"))
            continue
        core.remove((shape, _sh("sparql"), node))
        constraints.append(constraint)
    return SparqlPlan(tuple(constraints), core, tuple(left))


# ----- running them -----------------------------------------------------------------------------


@dataclass(frozen=True)
class _Data:
    """The data graph in Oxigraph, and the rdflib literal for each number Oxigraph rewrote."""

    store: ox.Store
    numbers: dict[ox.Literal, Any]

    def term(self, term: Any) -> Any:
        """An Oxigraph term of a solution as rdflib's, with the lexical form the data gave it."""
        if isinstance(term, ox.Literal) and term.datatype.value in _RECANONICALISED:
            return self.numbers.get(term, to_rdflib(term))
        return to_rdflib(term)

    def str_function(self, term: Any) -> ox.Literal | None:
        """STR() as rdflib computes it: a blank node's id (an error in SPARQL), a number as the data wrote it."""
        if isinstance(term, ox.Triple):
            return None
        return ox.Literal(str(self.term(term)))


def load_store(data: Iterable[ox.Triple]) -> _Data:
    """An in-memory Oxigraph store with the triples in its default graph, each literal as rdflib reads it."""
    store = ox.Store()
    literals: dict[ox.Literal, Any] = {}  # each converted once

    def term(node: Any) -> Any:
        if not isinstance(node, ox.Literal) or node.datatype.value == _XSD_STRING:
            return node  # IRIs, blank nodes and plain strings are the same in rdflib
        found = literals.get(node)
        if found is None:
            found = literals[node] = to_oxigraph(to_rdflib(node))
        return found

    quads = [ox.Quad(t.subject, t.predicate, term(t.object), ox.DefaultGraph()) for t in data]
    store.extend(quads)
    numbers = {
        q.object: None
        for q in quads
        if isinstance(q.object, ox.Literal) and q.object.datatype.value in _RECANONICALISED
    }
    if not numbers:
        return _Data(store, {})
    probe = ox.Store()  # read back each number as Oxigraph keeps it
    subject, predicate = ox.NamedNode("urn:relgraph:n"), ox.NamedNode("urn:relgraph:v")
    found = {}
    for literal in numbers:
        probe.clear()
        probe.add(ox.Quad(subject, predicate, literal, ox.DefaultGraph()))
        kept = next(iter(probe)).object
        found[kept] = to_rdflib(literal)
    return _Data(store, found)


def _message(template: str, row: dict[str, Any]) -> str:
    for name, term in row.items():
        literal = str(term).replace("\\", "\\\\")  # the value as it is, not as a replacement pattern
        template = re.sub(r"\{[?$]" + re.escape(name) + r"\}", literal, template)
    return template


def _rows(data: _Data, constraint: SparqlConstraint) -> Iterator[dict[str, Any]]:
    """The query's solutions as {variable: rdflib term}, with ``this`` for the focus node."""
    store = data.store
    functions: dict[ox.NamedNode, Callable[..., Any]] = {_STR: data.str_function}
    if constraint.set_at_a_time:
        runs: Iterable[dict[ox.Variable, Any]] = [{}]
    else:  # ?this is selected, so that Oxigraph substitutes it
        runs = ({_THIS: s[_THIS]} for s in store.query(constraint.targets))  # type: ignore[union-attr]
    for substitutions in runs:
        solutions = store.query(constraint.query, substitutions=substitutions, custom_functions=functions)
        names = [v.value for v in solutions.variables]  # type: ignore[union-attr]
        for solution in solutions:  # type: ignore[union-attr]
            row = {n: data.term(solution[n]) for n in names if n != "this" and solution[n] is not None}
            row["this"] = data.term(substitutions.get(_THIS, solution[_THIS]))
            yield row


def _result(constraint: SparqlConstraint, row: dict[str, Any]) -> SparqlResult | None:
    """A row as pyshacl reports it (``SPARQLBasedConstraint._evaluate_sparql_constraint``)."""
    row = dict(row)
    focus = row.pop("this")
    this = focus if constraint.projects_this else None
    failure = row.pop("failure", None)
    path = row.pop("path", None)
    value = row.pop("value", None)
    if failure is None and this is None and path is None and value is None:
        return None
    if failure is not None:  # pyshacl fills the message from every other variable, and reports the focus
        fill = {**row, **({"this": this} if this is not None else {}), "path": path, "value": value}
        path, value = None, None
    if value is None and constraint.path is None:
        value = focus
    if failure is None:
        fill = {**row, "this": this, "path": path, "value": value}
    fill = {name: term for name, term in fill.items() if term is not None}
    messages = [_message(m, fill) for m in constraint.messages]
    return SparqlResult(
        focus=focus,
        path=path if path is not None else constraint.path,
        value=value,
        message=messages[0] if messages else None,
        severity=constraint.severity,
        constraint=constraint.node,
        shape=constraint.shape,
    )


def run_constraints(plan: SparqlPlan, data: Iterable[ox.Triple]) -> list[SparqlResult]:
    """Every result of the plan's constraints on the data graph, one query per constraint."""
    loaded = load_store(data)
    results: dict[SparqlResult, None] = {}
    for constraint in plan.constraints:
        try:
            for row in _rows(loaded, constraint):
                result = _result(constraint, row)
                if result is not None:
                    results[result] = None
        except SyntaxError as exc:
            raise DataShapeError(f"the SPARQL constraint of shape {constraint.shape} does not parse: {exc}") from exc
    return list(results)
