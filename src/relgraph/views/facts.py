"""What ``build_graph`` has read of the data graphs: quads by subject, read set at a time.

Three depths of reading, each one query per 2,000 subjects (``VALUES``), never one per node:

* ``read_types``: a subject's classes only (``SELECT DISTINCT ?s ?type``), enough to tell
  whether it is drawn and as what. A neighbourhood's candidates are mostly assertions and
  mentions that are not drawn: reading every quad of them was a third of a 1M-triple
  ``render --focus Kenya --depth 2``.
* ``scan_links``: a drawn node's links (every IRI value but its types, with the graph that
  states it), its names, dates and types: what its place in the drawing, its label, class,
  dates and status need, and no literal values or sentences.
* ``scan``: every quad of the subject, in every data graph: what its details panel shows.

Oxigraph on disk answers a count of quads in a tenth of the time it takes to hand them over
(each term of each row is decoded from RocksDB and made a Python object), so what is read,
not how it is asked, is what a build costs.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import pyoxigraph as ox

from relgraph.model.namespaces import GRAPH_ONTOLOGY, PREFIXES, REL
from relgraph.store import Dataset

RDF_TYPE = PREFIXES["rdf"] + "type"
LABEL_PROPS = tuple(
    PREFIXES[p] + n for p, n in (("rdfs", "label"), ("skos", "prefLabel"), ("foaf", "name"), ("schema", "name"))
)
DATE_PROPS = {REL + "startDate": "start_date", REL + "endDate": "end_date", REL + "date": "date"}
MENTION_TEXT = REL + "exactText"

_Object = ox.NamedNode | ox.BlankNode | ox.Literal


def iri_values(iris: Iterable[str]) -> str:
    return " ".join(str(ox.NamedNode(i)) for i in iris)


def chunks(items: Sequence[str], size: int = 2000) -> Iterable[Sequence[str]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def literal_rank(literal: ox.Literal) -> int:
    lang = literal.language
    return 0 if lang is None or lang == "en" or lang.startswith("en-") else 1


SCAN = f"""
SELECT ?g ?s ?p ?o WHERE {{
  %s
  GRAPH ?g {{ ?s ?p ?o }}
  FILTER(?g != <{GRAPH_ONTOLOGY}> && isIRI(?s))
}}"""

# A drawn node's links (with the graph that states each: an edge's articles, a status's date) and its names and
# dates, in one pass over its quads (a second query would seek every subject again).
_LINKS = f"""
SELECT ?g ?s ?p ?o WHERE {{
  VALUES ?s {{ %s }}
  GRAPH ?g {{ ?s ?p ?o }}
  FILTER(?g != <{GRAPH_ONTOLOGY}> && (isIRI(?o) && ?p != <{RDF_TYPE}> || ?p IN ({
    ", ".join(str(ox.NamedNode(p)) for p in [*LABEL_PROPS, *DATE_PROPS, MENTION_TEXT])
})))
}}"""

_TYPES = f"""
SELECT DISTINCT ?s ?type WHERE {{
  VALUES ?s {{ %s }}
  GRAPH ?g {{ ?s <{RDF_TYPE}> ?type }}
  FILTER(?g != <{GRAPH_ONTOLOGY}> && isIRI(?type))
}}"""


@dataclass
class Facts:
    """Every quad read so far about the subjects read, indexed by subject and property.

    A subject in ``scanned`` was read whole, in every data graph, so what is kept of it
    never goes stale. A subject in ``light`` has its links (with their graphs), names,
    dates and types only (``scan_links``); scanning it whole later replaces them.
    """

    quads: dict[str, list[tuple[str, str, _Object]]] = field(default_factory=lambda: defaultdict(list))
    by_prop: dict[str, dict[str, list[tuple[str, _Object]]]] = field(default_factory=dict)
    scanned: set[str] = field(default_factory=set)
    light: set[str] = field(default_factory=set)
    typed: set[str] = field(default_factory=set)
    _types: dict[str, frozenset[str]] = field(default_factory=dict)
    _links: dict[str, list[tuple[str, str, str]]] = field(default_factory=dict)

    def add_rows(self, rows: Iterable[tuple]) -> None:
        quads = self.quads
        by_prop = self.by_prop
        for g, s, p, o in rows:
            subject, graph, prop = s.value, g.value, p.value
            quads[subject].append((graph, prop, o))
            props = by_prop.get(subject)
            if props is None:
                props = by_prop[subject] = {}
            props.setdefault(prop, []).append((graph, o))

    def scan(self, dataset: Dataset, subjects: Iterable[str]) -> None:
        """Read every quad (in the data graphs) of the subjects not read whole yet."""
        todo = sorted({s for s in subjects if s not in self.scanned})
        for subject in todo:
            if subject in self.light:  # what scan_links kept is a part of what comes now
                self.quads.pop(subject, None)
                self.by_prop.pop(subject, None)
                self._links.pop(subject, None)
            elif subject not in self.typed:
                self._types.pop(subject, None)
        for chunk in chunks(todo):
            self.add_rows(dataset.select(SCAN % f"VALUES ?s {{ {iri_values(chunk)} }}").rows)
        self.scanned.update(todo)
        self.light.difference_update(todo)

    def scan_all(self, dataset: Dataset) -> set[str]:
        """Read every quad of the data graphs; return the subjects found."""
        self.add_rows(dataset.select(SCAN % "").rows)
        subjects = set(self.quads)
        self.scanned.update(subjects)
        return subjects

    def scan_links(self, dataset: Dataset, subjects: Iterable[str]) -> None:
        """Read the links, names, dates and types of the subjects not read yet (see the module's docstring)."""
        todo = sorted({s for s in subjects if s not in self.scanned and s not in self.light})
        self.read_types(dataset, todo)
        for chunk in chunks(todo):
            self.add_rows(dataset.select(_LINKS % iri_values(chunk)).rows)
        self.light.update(todo)

    def read_types(self, dataset: Dataset, subjects: Iterable[str]) -> None:
        """Read the classes of the subjects whose classes are not known yet."""
        todo = sorted({s for s in subjects if s not in self.typed and s not in self.scanned})
        found: dict[str, set[str]] = {s: set() for s in todo}
        for chunk in chunks(todo):
            for s, t in dataset.select(_TYPES % iri_values(chunk)).rows:
                if isinstance(s, ox.NamedNode) and isinstance(t, ox.NamedNode):
                    found[s.value].add(t.value)
        self._types.update((s, frozenset(ts)) for s, ts in found.items())
        self.typed.update(todo)

    def know_types(self, iri: str, types: Iterable[str]) -> None:
        """The subject's classes, known from elsewhere (the instance graph a store keeps)."""
        self._types[iri] = frozenset(types)
        self.typed.add(iri)

    def types(self, iri: str) -> frozenset[str]:
        found = self._types.get(iri)
        if found is None:
            found = frozenset(
                o.value for _, o in self.by_prop.get(iri, {}).get(RDF_TYPE, ()) if isinstance(o, ox.NamedNode)
            )
            self._types[iri] = found
        return found

    def links(self, iri: str) -> list[tuple[str, str, str]]:
        """(graph, property, object IRI) of the subject's IRI-valued quads."""
        found = self._links.get(iri)
        if found is None:
            found = self._links[iri] = [
                (g, p, o.value) for g, p, o in self.quads.get(iri, ()) if p != RDF_TYPE and isinstance(o, ox.NamedNode)
            ]
        return found

    def values(self, iri: str, prop: str) -> list[_Object]:
        found = self.by_prop.get(iri, {}).get(prop)
        if not found:
            return []
        if len(found) == 1:
            return [found[0][1]]
        seen: dict[str, _Object] = {}
        for _, o in found:
            seen.setdefault(str(o), o)
        return [seen[k] for k in sorted(seen)]

    def first_literal(self, iri: str, props: Sequence[str]) -> str | None:
        index = self.by_prop.get(iri)
        if not index:
            return None
        best: tuple[int, int, str] | None = None
        for rank, prop in enumerate(props):
            for _, o in index.get(prop, ()):
                if isinstance(o, ox.Literal):
                    key = (literal_rank(o), rank, o.value)
                    if best is None or key < best:
                        best = key
        return best[2] if best else None
