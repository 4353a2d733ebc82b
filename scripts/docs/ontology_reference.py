"""The ontology's reference page, generated from ``ontology/relgraph.ttl`` (rdflib + Jinja2).

Every ``rel:`` term the file defines (classes, properties, concept schemes and their
concepts) with its label, definition, super-terms and alignments, domain and range,
characteristics, and one example from the bundled data, picked by a SPARQL query per
term (bound, never pasted). A diagram of the core classes is drawn by Graphviz ``dot``
as SVG. It reads whatever terms the file holds, so it follows the ontology as it changes.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import rdflib
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from rdflib import BNode, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SKOS

REL = "https://w3id.org/relgraph/ontology#"
HERE = Path(__file__).resolve().parent

#: The queries that pick each term's example: one triple from an article's graph, else from the
#: reasoner's inferences; never from the ontology itself. Each term is bound to ?term. A class
#: whose members the ontology defines (the SKOS concept kinds) gets a triple that uses a member.
EXAMPLE_QUERIES = {
    "class": """SELECT ?term ?s ?p ?o ?g WHERE {
  { GRAPH ?g { ?s a ?term } BIND(rdf:type AS ?p) BIND(?term AS ?o) BIND(0 AS ?rank) }
  UNION
  { ?o a ?term . GRAPH ?g { ?s ?p ?o } FILTER(?p != rdf:type) BIND(1 AS ?rank) }
  FILTER(?g != <https://w3id.org/relgraph/graph/ontology>)
} ORDER BY ?rank (?g = <https://w3id.org/relgraph/graph/inferred>) STR(?g) STR(?s) STR(?o) LIMIT 1""",
    "property": """SELECT ?term ?s ?p ?o ?g WHERE {
  GRAPH ?g { ?s ?term ?o }
  BIND(?term AS ?p)
  FILTER(?g != <https://w3id.org/relgraph/graph/ontology>)
} ORDER BY (?g = <https://w3id.org/relgraph/graph/inferred>) STR(?g) STR(?s) STR(?o) LIMIT 1""",
    "concept or individual": """SELECT ?term ?s ?p ?o ?g WHERE {
  GRAPH ?g { ?s ?p ?term }
  BIND(?term AS ?o)
  FILTER(?g != <https://w3id.org/relgraph/graph/ontology>)
} ORDER BY (?g = <https://w3id.org/relgraph/graph/inferred>) STR(?g) STR(?s) STR(?p) LIMIT 1""",
}

_CHARACTERISTICS = {
    OWL.FunctionalProperty: "functional",
    OWL.InverseFunctionalProperty: "inverse functional",
    OWL.TransitiveProperty: "transitive",
    OWL.SymmetricProperty: "symmetric",
    OWL.AsymmetricProperty: "asymmetric",
    OWL.ReflexiveProperty: "reflexive",
    OWL.IrreflexiveProperty: "irreflexive",
}
_KINDS = {
    OWL.ObjectProperty: "object property",
    OWL.DatatypeProperty: "datatype property",
    OWL.AnnotationProperty: "annotation property",
}
#: Values shown under "Annotations" of an individual: everything but these.
_SHOWN_ELSEWHERE = {RDF.type, RDFS.label, RDFS.comment, RDFS.isDefinedBy, SKOS.prefLabel, SKOS.definition}


@dataclass
class Term:
    iri: str
    local: str
    label: str
    definition: str
    kind: str  # class | property | scheme | concept
    facts: list[tuple[str, str]] = field(default_factory=list)  # (heading, markdown) rows
    example: str = ""  # markdown


class _Names:
    """Markdown for IRIs and class expressions: links for rel: terms, prefixed names for the rest."""

    def __init__(self, graph: rdflib.Graph, defined: set[str]):
        self.graph = graph
        self.defined = defined

    def name(self, node) -> str:
        if isinstance(node, Literal):
            return f"`{node}`"
        if isinstance(node, BNode):
            return self.expression(node)
        iri = str(node)
        if iri in self.defined:
            local = iri[len(REL) :]
            return f"[rel:{local}](#{local})"
        return f"`{self.graph.namespace_manager.normalizeUri(node)}`"

    def names(self, nodes) -> str:
        return ", ".join(self.name(n) for n in sorted(nodes, key=str))

    def expression(self, node: BNode) -> str:
        g = self.graph
        on = g.value(node, OWL.onProperty)
        if on is not None:
            prop = self.name(on)
            for pred, word in ((OWL.someValuesFrom, "some"), (OWL.allValuesFrom, "only"), (OWL.hasValue, "value")):
                target = g.value(node, pred)
                if target is not None:
                    return f"({prop} {word} {self.name(target)})"
            for pred, word in (
                (OWL.minQualifiedCardinality, "min"),
                (OWL.maxQualifiedCardinality, "max"),
                (OWL.qualifiedCardinality, "exactly"),
                (OWL.minCardinality, "min"),
                (OWL.maxCardinality, "max"),
                (OWL.cardinality, "exactly"),
            ):
                count = g.value(node, pred)
                if count is not None:
                    of = g.value(node, OWL.onClass) or g.value(node, OWL.onDataRange)
                    return f"({prop} {word} {count}" + (f" {self.name(of)})" if of is not None else ")")
        for pred, word in ((OWL.intersectionOf, " and "), (OWL.unionOf, " or ")):
            members = g.value(node, pred)
            if members is not None:
                return "(" + word.join(self.name(m) for m in Collection(g, members)) + ")"
        if (members := g.value(node, OWL.oneOf)) is not None:
            return "{" + ", ".join(self.name(m) for m in Collection(g, members)) + "}"
        if (other := g.value(node, OWL.complementOf)) is not None:
            return f"(not {self.name(other)})"
        return "(an anonymous expression)"


def _text(graph: rdflib.Graph, node, *preds) -> str:
    for pred in preds:
        values = [v for v in graph.objects(node, pred) if isinstance(v, Literal)]
        english = [v for v in values if v.language in (None, "en")]
        if english or values:
            return " ".join(str(english[0] if english else values[0]).split())
    return ""


def _lists(graph: rdflib.Graph, pred) -> dict[URIRef, list[list]]:
    found: dict[URIRef, list[list]] = defaultdict(list)
    for subject, head in graph.subject_objects(pred):
        found[subject].append(list(Collection(graph, head)))
    return found


def read_terms(ontology: Path) -> tuple[rdflib.Graph, list[Term], _Names]:
    """Every rel: term the file defines, with its facts in Markdown (examples come later)."""
    g = rdflib.Graph()
    g.parse(ontology, format="turtle")
    defined = {str(s) for s in g.subjects(RDF.type, None) if isinstance(s, URIRef) and str(s).startswith(REL)}
    names = _Names(g, defined)
    chains = _lists(g, OWL.propertyChainAxiom)
    disjoint: dict[URIRef, set] = defaultdict(set)
    for a, b in g.subject_objects(OWL.disjointWith):
        disjoint[a].add(b)
        disjoint[b].add(a)
    for axiom in g.subjects(RDF.type, OWL.AllDisjointClasses):
        members = list(Collection(g, g.value(axiom, OWL.members)))
        for m in members:
            disjoint[m].update(x for x in members if x != m)
    concept_classes = {c for c in g.transitive_subjects(RDFS.subClassOf, SKOS.Concept)}
    terms: list[Term] = []
    for iri in sorted(defined):
        node = URIRef(iri)
        types = set(g.objects(node, RDF.type))
        label = _text(g, node, RDFS.label, SKOS.prefLabel)
        definition = _text(g, node, RDFS.comment, SKOS.definition)
        term = Term(iri, iri[len(REL) :], label, definition, "")
        facts = term.facts
        if OWL.Class in types:
            term.kind = "class"
            parents = [p for p in g.objects(node, RDFS.subClassOf)]
            named = [p for p in parents if isinstance(p, URIRef)]
            if named:
                facts.append(("Subclass of", names.names(named)))
            for restriction in (p for p in parents if isinstance(p, BNode)):
                facts.append(("Every instance has", names.expression(restriction)))
            for eq in g.objects(node, OWL.equivalentClass):
                facts.append(("Defined as", names.name(eq)))
            subs = [s for s in g.subjects(RDFS.subClassOf, node) if isinstance(s, URIRef)]
            if subs:
                facts.append(("Subclasses", names.names(subs)))
            if disjoint.get(node):
                facts.append(("Disjoint with", names.names(disjoint[node])))
            as_domain = [p for p in g.subjects(RDFS.domain, node) if str(p) in defined]
            as_range = [p for p in g.subjects(RDFS.range, node) if str(p) in defined]
            if as_domain:
                facts.append(("Properties of its instances", names.names(as_domain)))
            if as_range:
                facts.append(("Value of", names.names(as_range)))
            members = sorted(s for s in g.subjects(RDF.type, node) if str(s) in defined)
            if members:
                facts.append(("Members defined here", names.names(members)))
        elif types & set(_KINDS):
            term.kind = "property"
            kind = next(_KINDS[t] for t in _KINDS if t in types)
            traits = [_CHARACTERISTICS[t] for t in _CHARACTERISTICS if t in types]
            facts.append(("Kind", ", ".join([kind, *traits])))
            for pred, heading in (
                (RDFS.subPropertyOf, "Subproperty of"),
                (OWL.equivalentProperty, "Equivalent to"),
                (RDFS.domain, "Domain"),
                (RDFS.range, "Range"),
            ):
                values = list(g.objects(node, pred))
                if values:
                    facts.append((heading, names.names(values)))
            inverse = set(g.objects(node, OWL.inverseOf)) | set(g.subjects(OWL.inverseOf, node))
            if inverse:
                facts.append(("Inverse of", names.names(inverse)))
            subs = [s for s in g.subjects(RDFS.subPropertyOf, node) if isinstance(s, URIRef)]
            if subs:
                facts.append(("Subproperties", names.names(subs)))
            for chain in chains.get(node, []):
                facts.append(("Implied by the chain", " ∘ ".join(names.name(p) for p in chain)))
        elif SKOS.ConceptScheme in types:
            term.kind = "scheme"
            concepts = sorted(set(g.subjects(SKOS.inScheme, node)) | set(g.subjects(SKOS.topConceptOf, node)))
            facts.append(("Concepts", names.names(concepts)))
        else:
            term.kind = "concept" if types & concept_classes else "individual"
            classes = [t for t in types if t != OWL.NamedIndividual]
            facts.append(("Instance of", names.names(classes)))
            schemes = set(g.objects(node, SKOS.inScheme))
            if schemes:
                facts.append(("In scheme", names.names(schemes)))
            for pred in sorted({p for p in g.predicates(node, None)} - _SHOWN_ELSEWHERE - {SKOS.inScheme}, key=str):
                if pred == SKOS.topConceptOf:
                    continue
                facts.append((names.name(pred).replace("`", ""), names.names(g.objects(node, pred))))
        for pred, heading in (
            (SKOS.exactMatch, "Exact match"),
            (SKOS.closeMatch, "Close match"),
            (RDFS.seeAlso, "See also"),
        ):
            values = list(g.objects(node, pred))
            if values:
                facts.append((heading, ", ".join(f"<{v}>" for v in values)))
        terms.append(term)
    return g, terms, names


# ----- examples from the bundled data -----------------------------------------------------------


def _literal(term) -> str:
    """A literal as Turtle writes it, cut at 90 characters."""
    from relgraph.model.namespaces import compact_iri

    text = term.value.replace("\\", "\\\\").replace('"', '\\"')
    if len(text) > 90:
        text = text[:87] + "..."
    if term.language:
        return f'"{text}"@{term.language}'
    if term.datatype.value == "http://www.w3.org/2001/XMLSchema#string":
        return f'"{text}"'
    return f'"{text}"^^{compact_iri(term.datatype.value)}'


def add_examples(terms: list[Term], repo: Path) -> None:
    """Give each term one triple of the bundled data that uses it (an article's graph first)."""
    import pyoxigraph as ox

    from relgraph.model.namespaces import GRAPH_INFERRED, compact_iri
    from relgraph.paths import Project
    from relgraph.query.entities import labels_for
    from relgraph.store import load_dataset

    dataset = load_dataset(Project(repo), include_inferred=True)
    picked: dict[str, tuple] = {}
    for term in terms:
        query = EXAMPLE_QUERIES[term.kind if term.kind in ("class", "property") else "concept or individual"]
        rows = list(dataset.select(query, {"term": ox.NamedNode(term.iri)}).records())
        if rows:
            picked[term.iri] = rows[0]
    nodes = {v for row in picked.values() for k in ("s", "o") if isinstance(v := row[k], ox.NamedNode)}
    labels = labels_for(dataset, sorted(nodes, key=str))
    for term in terms:
        row = picked.get(term.iri)
        if row is None:
            term.example = "No triple of the bundled data uses it yet."
            continue
        s, p, o, g = row["s"], row["p"], row["o"], row["g"]
        obj = compact_iri(o.value) if isinstance(o, ox.NamedNode) else _literal(o)
        pred = "a" if p.value == str(RDF.type) else compact_iri(p.value)
        source = (
            "inferred by a reasoner (`data/inferred/inferences.ttl`)"
            if g.value == GRAPH_INFERRED
            else f"stated in `{compact_iri(g.value)}`"
        )
        said = [labels[n.value] for n in (s, o) if isinstance(n, ox.NamedNode) and n.value in labels]
        gloss = f" ({' → '.join(said)})" if said and pred != "a" else (f" ({said[0]})" if said else "")
        term.example = f"`{compact_iri(s.value)} {pred} {obj} .`{gloss}, {source}."
    dataset.close()


# ----- the diagram ---------------------------------------------------------------------------------


def class_diagram(graph: rdflib.Graph, terms: list[Term]) -> str:
    """The core classes (not the SKOS concept kinds), their subclass links (dashed: a defined class
    and the classes of its definition) and the object properties between them (a union domain or
    range gives an arrow per member), as SVG drawn by Graphviz ``dot``."""
    dot = shutil.which("dot")
    if dot is None:
        raise RuntimeError(
            "Graphviz 'dot' is not installed; the ontology diagram needs it "
            "(apt-get install graphviz, which scripts/test.sh does)."
        )
    concept_kinds = {str(c) for c in graph.transitive_subjects(RDFS.subClassOf, SKOS.Concept)}
    classes = {t.iri: t for t in terms if t.kind == "class" and t.iri not in concept_kinds}
    lines = [
        "digraph ontology {",
        '  graph [rankdir=LR, fontname="Helvetica", fontsize=10, nodesep=0.25, ranksep=0.5, bgcolor="transparent"];',
        '  node [shape=box, style="rounded,filled", fillcolor="#e8eaf6", color="#3f51b5", fontname="Helvetica",'
        " fontsize=10];",
        '  edge [fontname="Helvetica", fontsize=8, color="#555555", fontcolor="#333333"];',
    ]
    for term in sorted(classes.values(), key=_sort_key):
        lines.append(f'  "{term.local}" [URL="#{term.local}", tooltip="{term.label}"];')
    for iri, term in sorted(classes.items()):
        for parent in graph.objects(URIRef(iri), RDFS.subClassOf):
            if str(parent) in classes:
                lines.append(f'  "{term.local}" -> "{str(parent)[len(REL) :]}" [arrowhead=empty, color="#3f51b5"];')
    for iri, term in sorted(classes.items()):
        for eq in graph.objects(URIRef(iri), OWL.equivalentClass):
            members = graph.value(eq, OWL.intersectionOf)
            for member in Collection(graph, members) if members is not None else ():
                if str(member) in classes:
                    lines.append(
                        f'  "{term.local}" -> "{str(member)[len(REL) :]}" [arrowhead=empty, style=dashed, '
                        'color="#3f51b5", tooltip="defined as a subclass"];'
                    )

    def named(node) -> list[str]:
        """A class, or the members of a union of classes, that the diagram shows."""
        members = graph.value(node, OWL.unionOf)
        found = list(Collection(graph, members)) if members is not None else [node]
        return [str(m) for m in found if str(m) in classes]

    for prop in sorted(t for t in terms if t.kind == "property"):
        node = URIRef(prop.iri)
        domains = [d for value in graph.objects(node, RDFS.domain) for d in named(value)]
        ranges = [r for value in graph.objects(node, RDFS.range) for r in named(value)]
        for domain in domains:
            for range_ in ranges:
                lines.append(
                    f'  "{domain[len(REL) :]}" -> "{range_[len(REL) :]}" [label="{prop.local}", URL="#{prop.local}"];'
                )
    lines.append("}")
    svg = subprocess.run(
        [dot, "-Tsvg"], input="\n".join(lines).encode(), capture_output=True, check=True, timeout=120
    ).stdout.decode("utf-8")
    svg = svg[svg.index("<svg") :]
    return re.sub(r"<!--.*?-->\n?", "", svg, flags=re.DOTALL)


# ----- the page ----------------------------------------------------------------------------------


def _sort_key(term: Term):
    return term.local.casefold()


Term.__lt__ = lambda self, other: _sort_key(self) < _sort_key(other)  # type: ignore[method-assign]


def ontology_reference(repo: Path) -> tuple[str, str]:
    """The reference page (Markdown) and the class diagram (SVG)."""
    ontology = repo / "ontology" / "relgraph.ttl"
    graph, terms, _ = read_terms(ontology)
    add_examples(terms, repo)
    header = URIRef(REL.rstrip("#"))
    by_kind: dict[str, list[Term]] = defaultdict(list)
    for term in terms:
        by_kind[term.kind].append(term)
    for group in by_kind.values():
        group.sort(key=_sort_key)
    properties = by_kind.get("property", [])
    sections = [
        ("Classes", "classes", by_kind.get("class", [])),
        ("Object properties", "object-properties", [t for t in properties if "object property" in t.facts[0][1]]),
        ("Datatype properties", "datatype-properties", [t for t in properties if "datatype" in t.facts[0][1]]),
        ("Annotation properties", "annotation-properties", [t for t in properties if "annotation" in t.facts[0][1]]),
        ("Concept schemes", "concept-schemes", by_kind.get("scheme", [])),
        ("Concepts", "concepts", by_kind.get("concept", []) + by_kind.get("individual", [])),
    ]
    env = Environment(
        loader=FileSystemLoader(HERE), undefined=StrictUndefined, autoescape=False, keep_trailing_newline=True
    )
    env.globals["attr"] = lambda anchor: "{#" + anchor + "}"  # an attr_list id; '{#' opens a Jinja comment
    diagram = class_diagram(graph, terms)
    page = env.get_template("ontology.md.j2").render(
        title=_text(graph, header, RDFS.label) or "relgraph ontology",
        description=_text(graph, header, URIRef("http://purl.org/dc/terms/description"), RDFS.comment),
        version=str(graph.value(header, OWL.versionInfo) or ""),
        version_iri=str(graph.value(header, OWL.versionIRI) or ""),
        namespace=REL,
        sections=[s for s in sections if s[2]],
        diagram=diagram,
        example_queries=EXAMPLE_QUERIES,
        count=len(terms),
    )
    return page, diagram
