"""What the ontology defines, in the form the checks of a new article need.

Read from the ontology graph of a loaded dataset (about 1,400 triples, so this is
cheap): which IRIs are classes, properties and named individuals, the XSD range of
each datatype property, the functional properties, every class's ancestors, and
which classes are declared disjoint (``owl:AllDisjointClasses``,
``owl:disjointWith``), with a "did you mean" for a term the ontology lacks.
"""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Protocol

import pyoxigraph as ox

from relgraph.model.namespaces import GRAPH_ONTOLOGY, PREFIXES, compact_iri

__all__ = ["OntologySource", "Vocabulary", "load_vocabulary"]


class OntologySource(Protocol):
    """What ``load_vocabulary`` reads: the triples of one named graph.

    A ``relgraph.store.Dataset`` is one; the model does not import the store, which is
    built on the model (the store imports ``relgraph.model.namespaces``).
    """

    def triples_in(self, graph: str) -> list[ox.Triple]: ...


_RDF = PREFIXES["rdf"]
_RDFS = PREFIXES["rdfs"]
_OWL = PREFIXES["owl"]
_XSD = PREFIXES["xsd"]

_CLASS_TYPES = {_OWL + "Class", _RDFS + "Class"}
_OBJECT_PROPERTY = _OWL + "ObjectProperty"
_DATATYPE_PROPERTY = _OWL + "DatatypeProperty"
_ANNOTATION_PROPERTY = _OWL + "AnnotationProperty"
_PROPERTY_TYPES = {_OBJECT_PROPERTY, _DATATYPE_PROPERTY, _ANNOTATION_PROPERTY, _RDF + "Property"}


@dataclass(frozen=True)
class Vocabulary:
    """The terms of the ontology and the axioms the article checks use."""

    classes: frozenset[str]
    object_properties: frozenset[str]
    datatype_properties: frozenset[str]
    annotation_properties: frozenset[str]
    individuals: frozenset[str]
    #: every IRI the ontology says anything about (as a subject)
    described: frozenset[str]
    #: datatype (or annotation) property -> the XSD datatype of its rdfs:range
    ranges: Mapping[str, str]
    functional: frozenset[str]
    #: class -> the class and all its named ancestors
    ancestors: Mapping[str, frozenset[str]]
    #: pairs of classes declared disjoint, both ways round
    disjoint_pairs: frozenset[tuple[str, str]]

    @property
    def properties(self) -> frozenset[str]:
        return self.object_properties | self.datatype_properties | self.annotation_properties

    @property
    def literal_properties(self) -> frozenset[str]:
        """Properties whose values are literals: datatype properties, and annotation properties
        with an XSD range (the dates, which are annotation properties for OWL reasoners)."""
        return self.datatype_properties | (self.annotation_properties & frozenset(self.ranges))

    def kind(self, iri: str) -> str | None:
        """'class', 'property' or 'individual' for a term the ontology defines, else None."""
        if iri in self.classes:
            return "class"
        if iri in self.properties:
            return "property"
        if iri in self.individuals or iri in self.described:
            return "individual"
        return None

    def closure(self, types: Iterable[str]) -> set[str]:
        """The classes and all their ancestors."""
        found: set[str] = set()
        for t in types:
            found |= self.ancestors.get(t, frozenset({t}))
        return found

    def disjoint(self, types_a: Iterable[str], types_b: Iterable[str]) -> tuple[str, str] | None:
        """A pair of declared-disjoint classes, one implied by each side, or None."""
        closure_b = self.closure(types_b)
        for a in sorted(self.closure(types_a)):
            for b in sorted(closure_b):
                if (a, b) in self.disjoint_pairs:
                    return a, b
        return None

    def suggest(self, iri: str, kind: str | None) -> list[str]:
        """Close terms of the ontology for a misspelt one, best first (as prefixed names)."""
        pool = {
            "class": self.classes,
            "property": self.properties,
            "individual": self.individuals,
        }.get(kind or "", self.classes | self.properties | self.individuals)
        namespace = iri[: len(iri) - len(_local(iri))]
        local = _local(iri)
        candidates = {_local(term): term for term in pool if term.startswith(namespace)}
        close = difflib.get_close_matches(local, list(candidates), n=3, cutoff=0.6)
        if close and difflib.SequenceMatcher(None, local, close[0]).ratio() >= 0.85:
            close = close[:1]  # one obvious fix: name only it
        if not close:
            folded = {name.casefold(): name for name in candidates}
            close = [folded[local.casefold()]] if local.casefold() in folded else []
        return [compact_iri(candidates[name]) for name in close]


def _local(iri: str) -> str:
    for sep in ("#", "/"):
        if sep in iri:
            return iri.rsplit(sep, 1)[1]
    return iri


def _list_items(head: ox.NamedNode | ox.BlankNode, by_subject: Mapping) -> list[str]:
    items: list[str] = []
    node = head
    seen = set()
    while node is not None and node not in seen and str(node) != f"<{_RDF}nil>":
        seen.add(node)
        props = by_subject.get(node, {})
        first = props.get(_RDF + "first", [])
        if first and isinstance(first[0], ox.NamedNode):
            items.append(first[0].value)
        rest = props.get(_RDF + "rest", [])
        node = rest[0] if rest else None
    return items


def load_vocabulary(dataset: OntologySource) -> Vocabulary:
    """The ontology's terms, read from the dataset's ontology graph."""
    by_subject: dict = defaultdict(lambda: defaultdict(list))
    for t in dataset.triples_in(GRAPH_ONTOLOGY):
        by_subject[t.subject][t.predicate.value].append(t.object)
    classes: set[str] = set()
    kinds: dict[str, set[str]] = defaultdict(set)
    individuals: set[str] = set()
    described: set[str] = set()
    ranges: dict[str, str] = {}
    functional: set[str] = set()
    parents: dict[str, set[str]] = defaultdict(set)
    disjoint: set[tuple[str, str]] = set()
    for subject, props in by_subject.items():
        types = {o.value for o in props.get(_RDF + "type", []) if isinstance(o, ox.NamedNode)}
        if isinstance(subject, ox.NamedNode):
            iri = subject.value
            described.add(iri)
            if types & _CLASS_TYPES:
                classes.add(iri)
            for kind in types & _PROPERTY_TYPES:
                kinds[kind].add(iri)
            if _OWL + "FunctionalProperty" in types:
                functional.add(iri)
            is_individual = _OWL + "NamedIndividual" in types or (
                types and not types & (_CLASS_TYPES | _PROPERTY_TYPES) and _OWL + "Ontology" not in types
            )
            if is_individual and not iri.startswith(_OWL):
                individuals.add(iri)
            for parent in props.get(_RDFS + "subClassOf", []):
                if isinstance(parent, ox.NamedNode):
                    parents[iri].add(parent.value)
            for rng in props.get(_RDFS + "range", []):
                if isinstance(rng, ox.NamedNode) and rng.value.startswith(_XSD):
                    ranges[iri] = rng.value
            for other in props.get(_OWL + "disjointWith", []):
                if isinstance(other, ox.NamedNode):
                    disjoint |= {(iri, other.value), (other.value, iri)}
        if _OWL + "AllDisjointClasses" in types:
            for head in props.get(_OWL + "members", []):
                members = _list_items(head, by_subject)
                disjoint |= {(a, b) for a in members for b in members if a != b}
    ancestors: dict[str, frozenset[str]] = {}

    def climb(cls: str, trail: frozenset[str] = frozenset()) -> frozenset[str]:
        if cls in ancestors:
            return ancestors[cls]
        found = {cls}
        for parent in parents.get(cls, ()):
            if parent not in trail:
                found |= climb(parent, trail | {cls})
        ancestors[cls] = frozenset(found)
        return ancestors[cls]

    for cls in classes | set(parents):
        climb(cls)
    return Vocabulary(
        classes=frozenset(classes),
        object_properties=frozenset(kinds[_OBJECT_PROPERTY]),
        datatype_properties=frozenset(kinds[_DATATYPE_PROPERTY]),
        annotation_properties=frozenset(kinds[_ANNOTATION_PROPERTY] | kinds[_RDF + "Property"]),
        individuals=frozenset(individuals),
        described=frozenset(described),
        ranges=ranges,
        functional=frozenset(functional),
        ancestors=ancestors,
        disjoint_pairs=frozenset(disjoint),
    )
