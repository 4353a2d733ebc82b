"""Naming entities: from what a user types to an IRI, and from an IRI to its label.

A user may name an entity by IRI (``<https://...>`` or bare), by prefixed name
(``reld:kenya``) or by label (``Kenya``, ``Monica Juma``; any ``rdfs:label``,
``skos:prefLabel``, ``skos:altLabel`` or ``foaf:name``, case-insensitive). A name
that matches nothing gets a "did you mean"; one that matches several entities lists
them.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from relgraph.errors import EntityError, did_you_mean
from relgraph.model.namespaces import GRAPH_ONTOLOGY, compact_iri, expand_curie
from relgraph.store import Dataset, Term

__all__ = ["label_of", "labels_for", "resolve_entity"]

_LABEL_PATH = "rdfs:label|skos:prefLabel|skos:altLabel|foaf:name"

_BY_LABEL = f"""
SELECT DISTINCT ?entity ?graph ?needle WHERE {{
  GRAPH ?graph {{ ?entity {_LABEL_PATH} ?label . }}
  FILTER(LCASE(STR(?label)) = LCASE(STR(?needle)))
}}"""

_EXACT_LABEL = f"""
SELECT DISTINCT ?entity ?graph ?label WHERE {{
  GRAPH ?graph {{ ?entity {_LABEL_PATH} ?label . }}
}}"""

_EXISTS = "SELECT ?entity WHERE { { ?entity ?p ?o } UNION { ?s ?p ?entity } } LIMIT 1"

_ALL_LABELS = f"SELECT DISTINCT ?label WHERE {{ ?entity {_LABEL_PATH} ?label . FILTER(isIRI(?entity)) }}"

_ALL_SUBJECTS = "SELECT DISTINCT ?entity WHERE { ?entity ?p ?o } LIMIT 200000"

_LABELS = """
SELECT ?entity ?label ?rank WHERE {
  VALUES ?entity { %s }
  { ?entity rdfs:label ?label . BIND(1 AS ?rank) }
  UNION { ?entity skos:prefLabel ?label . BIND(2 AS ?rank) }
  UNION { ?entity foaf:name ?label . BIND(3 AS ?rank) }
}"""


def _as_iri(text: str) -> str | None:
    stripped = text.strip()
    if stripped.startswith("<") and stripped.endswith(">"):
        return stripped[1:-1]
    if "://" in stripped or stripped.startswith("urn:"):
        return stripped
    return expand_curie(stripped)


def resolve_entity(dataset: Dataset, name: str) -> ox.NamedNode:
    """The IRI of the entity a user names by IRI, prefixed name or label.

    The answer is kept with the dataset until its graphs change (``Dataset.remember``), so a
    query run again with the same names does not look them up again.
    """
    return dataset.remember(("entity", name.strip()), lambda: _resolve(dataset, name))


def _resolve(dataset: Dataset, name: str) -> ox.NamedNode:
    iri = _as_iri(name)
    if iri is not None:
        try:
            node = ox.NamedNode(iri)
        except ValueError as exc:
            raise EntityError(f"{name!r} is not a valid IRI ({exc}).") from exc
        if not dataset.select(_EXISTS, {"entity": node}).rows:
            hint = did_you_mean(compact_iri(iri), _known_iris(dataset))
            raise EntityError(f"No entity {compact_iri(iri)} is in the graph.{hint}")
        return node
    needle = name.strip()
    rows: tuple = ()
    # Exact labels first: an index look-up per literal form, fast at any size.
    for literal in (ox.Literal(needle, language="en"), ox.Literal(needle)):
        rows += dataset.select(_EXACT_LABEL, {"label": literal}).rows
    if not rows:  # then any case, which scans every label
        rows = dataset.select(_BY_LABEL, {"needle": ox.Literal(needle)}).rows
    in_data = {row[0] for row in rows if row[1] != ox.NamedNode(GRAPH_ONTOLOGY)}
    matches = sorted(in_data or {row[0] for row in rows}, key=str)
    if not matches:
        hint = did_you_mean(name.strip(), _known_names(dataset))
        raise EntityError(
            f"No entity is named {name!r}.{hint} Name an entity by label, prefixed name (reld:kenya) or <IRI>."
        )
    if len(matches) > 1:
        listed = ", ".join(compact_iri(m.value) for m in matches[:6])
        raise EntityError(f"{name!r} names {len(matches)} entities ({listed}); give the one you mean by its IRI.")
    return matches[0]


def _known_iris(dataset: Dataset) -> list[str]:
    rows = dataset.select(_ALL_SUBJECTS).rows
    return sorted({compact_iri(row[0].value) for row in rows if isinstance(row[0], ox.NamedNode)})


def _known_names(dataset: Dataset) -> list[str]:
    return sorted({str(row[0].value) for row in dataset.select(_ALL_LABELS).rows if row[0] is not None})


def labels_for(dataset: Dataset, terms: Iterable[Term | None]) -> dict[str, str]:
    """The best English label of each IRI among ``terms`` (IRIs without one are left out)."""
    iris = sorted({t.value for t in terms if isinstance(t, ox.NamedNode)})
    found: dict[str, tuple[int, int, str]] = {}
    for start in range(0, len(iris), 500):
        chunk = iris[start : start + 500]
        values = " ".join(str(ox.NamedNode(i)) for i in chunk)
        for entity, label, rank in dataset.select(_LABELS % values).rows:
            if not isinstance(label, ox.Literal):
                continue
            lang_rank = 0 if label.language in (None, "en") or (label.language or "").startswith("en") else 1
            key = (lang_rank, int(rank.value))
            current = found.get(entity.value)
            if current is None or key < current[:2]:
                found[entity.value] = (*key, label.value)
    return {iri: value[2] for iri, value in found.items()}


def label_of(dataset: Dataset, term: Term | None) -> str:
    """A readable name for one term: its label, else its prefixed name, else its value."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return labels_for(dataset, [term]).get(term.value) or compact_iri(term.value)
    return str(term.value) if isinstance(term, ox.Literal) else str(term)
