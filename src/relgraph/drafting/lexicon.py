"""What the graph and the ontology already know, in the shape the drafter looks things up in.

* ``LabelIndex``: the entities of the graph labelled (``rdfs:label``,
  ``skos:prefLabel``, ``skos:altLabel``, ``foaf:name``) by one of the names the text
  may use, with their classes, read with ONE SPARQL query (the names as its VALUES),
  and keyed by ``name_key``: case, dashes, dots of acronyms, a leading
  "the", "&"/"and", a possessive and the order of a pair ("U.S.-Kenya" = "Kenya-US")
  do not matter. So "U.S.-Kenya relations" finds ``reld:kenya-us-relations`` and
  "America" the place only because the graph calls that place "America".
* ``EventTypes``: the CAMEO event types of the ontology's ``rel:EventTypeScheme`` with
  their Goldstein score and PLOVER category, read by SPARQL (never hard-coded).
* ``ontology_classes``: the class local names the ontology defines, so a proposed class
  is one the compiler accepts.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from relgraph.model.namespaces import REL
from relgraph.store import Dataset

__all__ = ["EventType", "EventTypes", "Known", "LabelIndex", "name_key", "ontology_classes"]

_US = re.compile(r"(?<![\w.])(?:U\.S\.A\.|U\.S\.|USA|US|United States of America)(?![\w])")
_UK = re.compile(r"(?<![\w.])(?:U\.K\.|UK)(?![\w])")
_PAIR = re.compile(r"^(.*?)\b([a-z]+(?: states| kingdom| korea| africa| arabia)?)-([a-z]+(?: states| kingdom)?)\b(.*)$")


def name_key(name: str) -> str:
    """The form under which names that mean the same are equal (see the module's docstring)."""
    text = unicodedata.normalize("NFKC", name).replace("’", "'").strip()
    text = _US.sub("United States", text)
    text = _UK.sub("United Kingdom", text)
    text = re.sub(r"\s*[-–—]\s*", "-", text)
    text = re.sub(r"(?<=\b[A-Za-z])\.(?=[A-Za-z]\.)|(?<=\b[A-Z])\.(?=\s|$|-)", "", text)  # "S.G.I." -> "SGI"
    text = text.casefold().replace(" & ", " and ")
    text = re.sub(r"'s?\b", "", text) if re.search(r"'s?$", text) else text  # a possessive at the end
    text = re.sub(r"^the\s+", "", text)
    text = re.sub(r"[^\w\s-]", " ", text)
    text = " ".join(text.split())
    pair = _PAIR.match(text)
    if pair:  # "united states-kenya relations" == "kenya-united states relations"
        a, b = sorted((pair.group(2), pair.group(3)))
        text = f"{pair.group(1)}{a}-{b}{pair.group(4)}"
    return text


@dataclass(frozen=True)
class Known:
    """An entity of the graph that a name may stand for."""

    iri: str
    label: str  # its best label
    classes: frozenset[str]  # rel: local names (and other classes by full IRI)

    @property
    def local(self) -> str:
        return self.iri.rsplit("/", 1)[-1]


# The needles first: Oxigraph looks each one up in its object index, so the cost grows with
# the text, not the graph (0.1 s for 3,000 needles at 1M triples; reading every label of a
# 1M-triple store to index them in Python took 0.9-4 s).
_LOOKUP = f"""
SELECT ?needle ?entity ?type WHERE {{
  VALUES ?needle {{ %s }}
  ?entity rdfs:label|skos:prefLabel|skos:altLabel|foaf:name ?needle .
  OPTIONAL {{ ?entity a ?type }}
  FILTER(isIRI(?entity) && !STRSTARTS(STR(?entity), "{REL}"))
}}"""

_STATE_OF = """
SELECT ?entity ?state WHERE {
  VALUES ?entity { %s }
  { ?entity org:holds/rel:postOfState ?state } UNION { ?entity rel:postOfState ?state }
  UNION { ?entity rel:governmentBodyOf ?state } UNION { ?entity rel:territoryOf ?state }
  UNION { ?entity rel:locatedIn/rel:territoryOf ?state } UNION { ?entity rel:represents ?state }
}"""


@dataclass
class LabelIndex:
    """Labels of the graph's entities by ``name_key``; built once per draft."""

    by_key: dict[str, list[Known]] = field(default_factory=dict)
    by_iri: dict[str, Known] = field(default_factory=dict)

    @classmethod
    def for_names(cls, dataset: Dataset, names: Iterable[str]) -> LabelIndex:
        """The graph's entities labelled exactly one of ``names`` (plain or @en), keyed by ``name_key``."""
        from relgraph.query.entities import labels_for

        needles = sorted({n for n in names if n.strip()})
        hits: list[tuple[str, str, str | None]] = []
        for start in range(0, len(needles), 4000):
            chunk = needles[start : start + 4000]
            values = " ".join(f"{ox.Literal(n)} {ox.Literal(n, language='en')}" for n in chunk)
            for row_needle, row_entity, row_type in dataset.select(_LOOKUP % values).rows:
                hits.append((row_needle.value, row_entity.value, row_type.value if row_type is not None else None))
        classes: dict[str, set[str]] = {}
        for _, entity, type_ in hits:
            found = classes.setdefault(entity, set())
            if type_:
                found.add(type_[len(REL) :] if type_.startswith(REL) else type_)
        labels = labels_for(dataset, [ox.NamedNode(e) for e in classes])
        index = cls()
        for entity, found in classes.items():
            index.by_iri[entity] = Known(entity, labels.get(entity, entity.rsplit("/", 1)[-1]), frozenset(found))
        for needle, entity, _ in hits:
            known = index.by_iri[entity]
            bucket = index.by_key.setdefault(name_key(needle), [])
            if known not in bucket:
                bucket.append(known)
        return index

    def lookup(self, name: str) -> list[Known]:
        return self.by_key.get(name_key(name), [])

    def state_of(self, dataset: Dataset, iris: list[str]) -> dict[str, str]:
        """The state each of ``iris`` belongs to (a person's post, a body, a place), where the graph says."""
        if not iris:
            return {}
        values = " ".join(str(ox.NamedNode(i)) for i in sorted(set(iris)))
        return {e.value: s.value for e, s in dataset.select(_STATE_OF % values).rows}


@dataclass(frozen=True)
class EventType:
    """A CAMEO event type of the ontology."""

    local: str  # e.g. "EngageInNegotiation"
    code: str  # "046"
    label: str
    goldstein: float | None
    plover: str | None


_EVENT_TYPES = """
SELECT ?type ?code ?label ?goldstein ?plover WHERE {
  ?type skos:inScheme rel:EventTypeScheme ; rel:cameoCode ?code .
  OPTIONAL { ?type rdfs:label ?label }
  OPTIONAL { ?type rel:goldsteinScore ?goldstein }
  OPTIONAL { ?type rel:ploverCategory ?plover }
}"""


@dataclass(frozen=True)
class EventTypes:
    """The ontology's event types by CAMEO code."""

    by_code: dict[str, EventType]

    @classmethod
    def from_dataset(cls, dataset: Dataset) -> EventTypes:
        found: dict[str, EventType] = {}
        for type_, code, label, goldstein, plover in dataset.select(_EVENT_TYPES).rows:
            found[code.value] = EventType(
                type_.value[len(REL) :] if type_.value.startswith(REL) else type_.value,
                code.value,
                label.value if label else code.value,
                float(goldstein.value) if goldstein else None,
                plover.value if plover else None,
            )
        return cls(found)

    def get(self, code: str) -> EventType | None:
        """The type of ``code``, else of its nearest broader code the ontology has ("0312" -> "031" -> "030")."""
        while code:
            if code in self.by_code:
                return self.by_code[code]
            code = code[:-1] if len(code) > 3 else (code[:2] + "0" if code[2] != "0" else "")
        return None


_CLASSES = f"""
SELECT DISTINCT ?class WHERE {{ ?class a owl:Class . FILTER(STRSTARTS(STR(?class), "{REL}")) }}"""


def ontology_classes(dataset: Dataset) -> frozenset[str]:
    """The local names of the classes the ontology defines (``rel:``)."""
    return frozenset(row[0].value[len(REL) :] for row in dataset.select(_CLASSES).rows)
