"""An entity's page as data: its names, classes and identifiers, every fact about it grouped by
property with the articles that state it, the sentences behind them, its status history and the
events it took part in."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph as ox

from relgraph.browse import evidence as q
from relgraph.browse.common import Evidence, article_dates, evidence_from_rows, records, value
from relgraph.errors import EntityError
from relgraph.model.namespaces import GRAPH_INFERRED, GRAPH_ONTOLOGY, PREFIXES, REL, compact_iri
from relgraph.query.entities import labels_for
from relgraph.store import Dataset, Term

__all__ = ["EntityProfile", "FactGroup", "FactValue", "StatusReport", "TimelineItem", "entity_profile"]

RDF_TYPE = PREFIXES["rdf"] + "type"
_NAME_PROPS = (PREFIXES["rdfs"] + "label", PREFIXES["skos"] + "prefLabel", PREFIXES["foaf"] + "name")
_HEAD_ONLY = {
    RDF_TYPE,
    *_NAME_PROPS,
    PREFIXES["skos"] + "altLabel",
    PREFIXES["rdfs"] + "comment",
    PREFIXES["skos"] + "definition",
    REL + "denotedBy",
}
WIKIDATA = "http://www.wikidata.org/entity/"
_IDENTIFIERS = {
    REL + "wikidataEntity": "same as",
    PREFIXES["skos"] + "exactMatch": "same as",
    PREFIXES["owl"] + "sameAs": "same as",
    REL + "iso3166Alpha3": "ISO 3166-1 alpha-3",
    PREFIXES["dcterms"] + "identifier": "identifier",
    PREFIXES["skos"] + "notation": "notation",
}
#: How the pages name the properties that tie an item to an entity, in the timeline.
ROLE_LABELS = {
    REL + "hasParty": "party",
    REL + "hasParticipant": "participant",
    REL + "involvesState": "involves",
    REL + "sourceActor": "source actor",
    REL + "targetActor": "target actor",
    REL + "committedBy": "committed by",
    REL + "committedTowards": "committed towards",
    REL + "place": "place",
    REL + "signs": "signed",
    REL + "sessionOf": "session",
}


@dataclass(frozen=True)
class FactValue:
    """One value of one property, the articles that state it and the sentences behind it."""

    value: Term
    articles: tuple[str, ...]
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class FactGroup:
    """The values of one property of the entity (``direction`` "out") or pointing at it ("in")."""

    property: str
    direction: str
    values: tuple[FactValue, ...]


@dataclass(frozen=True)
class StatusReport:
    article: str
    reported_on: str | None
    status: str


@dataclass(frozen=True)
class TimelineItem:
    """An event or commitment the entity takes part in."""

    item: str
    roles: tuple[str, ...]
    start: str | None
    end: str | None
    type: str | None
    status: str | None  # the latest report's
    reports: tuple[StatusReport, ...]


@dataclass(frozen=True)
class Identifier:
    label: str
    value: str
    url: str | None = None


@dataclass(frozen=True)
class EntityProfile:
    """Everything the entity page shows."""

    iri: str
    label: str
    classes: tuple[str, ...]
    alt_labels: tuple[str, ...]
    comments: tuple[str, ...]
    identifiers: tuple[Identifier, ...]
    facts: tuple[FactGroup, ...]
    evidence: tuple[Evidence, ...]  # entity-level sentences (facts carry their own with fact-level evidence)
    said: tuple[Evidence, ...]  # sentences attributed to it: what it is reported to have said
    status_history: tuple[StatusReport, ...]
    timeline: tuple[TimelineItem, ...]
    is_article: bool
    in_ontology: bool
    truncated: bool
    labels: dict[str, str] = field(default_factory=dict)
    dates: dict[str, str] = field(default_factory=dict)  # article IRI -> its publication date

    def name(self, term: Term | str | None) -> str:
        """The label of an IRI on this page, else its prefixed name; a literal's text."""
        if term is None:
            return ""
        iri = term if isinstance(term, str) else (term.value if isinstance(term, ox.NamedNode) else None)
        if iri is None:
            return str(term.value) if isinstance(term, ox.Literal) else str(term)
        return self.labels.get(iri) or compact_iri(iri)


def entity_profile(dataset: Dataset, iri: str, *, timeout: float | None = 60.0) -> EntityProfile:
    """The entity page of ``iri`` (EntityError when the graph says nothing about it)."""
    node = ox.NamedNode(iri)
    bound = {"entity": node}
    head = records(dataset, q.ENTITY_HEAD, bound, timeout=timeout)
    facts = records(dataset, q.ENTITY_FACTS, bound, timeout=timeout)
    if not head and not facts:
        raise EntityError(f"The graph says nothing about {compact_iri(iri)}.")
    truncated = len(facts) > 2000
    facts = facts[:2000]
    evidence = evidence_from_rows(records(dataset, q.ENTITY_EVIDENCE, bound, timeout=timeout))
    events = records(dataset, q.ENTITY_EVENTS, bound, timeout=timeout)
    said = evidence_from_rows(records(dataset, q.ENTITY_SAID, bound, timeout=timeout))

    by_property = _head_values(head)
    classes = tuple(sorted({v.value for v in by_property.get(RDF_TYPE, []) if isinstance(v, ox.NamedNode)}))
    groups, in_ontology = _group_facts(facts)
    fact_groups, entity_evidence = _fact_groups(groups, evidence)
    dates = article_dates(dataset, (value(r["article"]) or "" for r in facts))
    history = _status_history(facts, dates)
    timeline = _timeline(events)
    labels = labels_for(dataset, _named_on_page(node, classes, fact_groups, (*evidence, *said), timeline, history))
    names = [v.value for p in _NAME_PROPS for v in by_property.get(p, []) if isinstance(v, ox.Literal)]
    return EntityProfile(
        iri=iri,
        label=labels.get(iri) or (names[0] if names else compact_iri(iri)),
        classes=classes,
        alt_labels=tuple(
            sorted({v.value for v in by_property.get(PREFIXES["skos"] + "altLabel", []) if isinstance(v, ox.Literal)})
        ),
        comments=tuple(
            v.value
            for p in (PREFIXES["rdfs"] + "comment", PREFIXES["skos"] + "definition")
            for v in by_property.get(p, [])
            if isinstance(v, ox.Literal)
        ),
        identifiers=_identifiers(by_property),
        facts=fact_groups,
        evidence=tuple(entity_evidence),
        said=tuple(said),
        status_history=history,
        timeline=timeline,
        is_article=any(c in q.ARTICLE_KINDS for c in classes),
        in_ontology=in_ontology,
        truncated=truncated,
        labels=labels,
        dates=dates,
    )


def _head_values(head: list[dict[str, Term | None]]) -> dict[str, list[Term]]:
    """The values of each of the entity's own properties (names, classes, identifiers...)."""
    by_property: dict[str, list[Term]] = defaultdict(list)
    for row in head:
        prop, val = value(row["property"]), row["value"]
        if prop and val is not None and val not in by_property[prop]:
            by_property[prop].append(val)
    return by_property


_NOT_FACTS_IN = (REL + "inArticle", REL + "attributedTo", REL + "quotedFrom")  # sentences: shown as evidence


def _group_facts(
    facts: list[dict[str, Term | None]],
) -> tuple[dict[tuple[str, str], dict[Term, list[str]]], bool]:
    """The facts by (direction, property): each value with the articles that state it; and whether
    the ontology is among them."""
    groups: dict[tuple[str, str], dict[Term, list[str]]] = defaultdict(dict)
    in_ontology = False
    for row in facts:
        prop, val = value(row["property"]), row["value"]
        article, direction = value(row["article"]), value(row["direction"])
        if prop is None or val is None or article is None or direction is None:
            continue
        in_ontology |= article == GRAPH_ONTOLOGY
        if direction == "out" and prop in _HEAD_ONLY:
            continue
        if direction == "in" and prop in _NOT_FACTS_IN:
            continue
        if direction == "in" and isinstance(val, ox.BlankNode):
            continue  # an RDF list or an axiom that names it (owl:AllDifferent), not a fact about it
        sources = groups[(direction, prop)].setdefault(val, [])
        if article not in sources:
            sources.append(article)
    return groups, in_ontology


def _fact_groups(
    groups: dict[tuple[str, str], dict[Term, list[str]]], evidence: list[Evidence]
) -> tuple[tuple[FactGroup, ...], list[Evidence]]:
    """The fact groups in page order (outgoing first, by property), each value with the sentences
    behind it; and the sentences about the entity that back no single fact."""
    fact_evidence: dict[tuple[str, Term], list[Evidence]] = defaultdict(list)
    entity_evidence: list[Evidence] = []
    for item in evidence:
        if item.predicate is not None and item.object is not None:
            fact_evidence[(item.predicate, item.object)].append(item)
        else:
            entity_evidence.append(item)
    fact_groups = tuple(
        FactGroup(
            prop,
            direction,
            tuple(
                FactValue(val, tuple(sorted(arts)), tuple(fact_evidence.get((prop, val), ())))
                for val, arts in sorted(values.items(), key=lambda kv: str(kv[0].value))
            ),
        )
        for (direction, prop), values in sorted(groups.items(), key=lambda kv: (kv[0][0] != "out", kv[0][1]))
    )
    return fact_groups, entity_evidence


def _named_on_page(
    node: ox.NamedNode,
    classes: tuple[str, ...],
    fact_groups: tuple[FactGroup, ...],
    evidence: tuple[Evidence, ...],
    timeline: tuple[TimelineItem, ...],
    history: tuple[StatusReport, ...],
) -> list[Term | None]:
    """Every term the page names, whose labels it needs."""
    wanted: list[Term | None] = [node, *(ox.NamedNode(c) for c in classes)]
    wanted += [ox.NamedNode(g.property) for g in fact_groups]
    wanted += [v.value for g in fact_groups for v in g.values]
    wanted += [ox.NamedNode(a) for g in fact_groups for v in g.values for a in v.articles]
    for e in evidence:
        wanted += [ox.NamedNode(e.article), *(ox.NamedNode(s) for s in e.speakers)]
        wanted += [ox.NamedNode(x) for x in (e.mode, e.quoted_from, e.status, e.predicate) if x]
    for t in timeline:
        wanted += [ox.NamedNode(t.item), *(ox.NamedNode(r) for r in t.roles)]
        wanted += [ox.NamedNode(t.status)] if t.status else []
        wanted += [ox.NamedNode(r.article) for r in t.reports] + [ox.NamedNode(r.status) for r in t.reports]
    wanted += [ox.NamedNode(r.article) for r in history] + [ox.NamedNode(r.status) for r in history]
    return wanted


def _status_history(facts: list[dict[str, Term | None]], dates: dict[str, str]) -> tuple[StatusReport, ...]:
    """Each article's reported status of the entity, oldest report first."""
    reports = {
        (value(row["article"]), value(row["value"]))
        for row in facts
        if value(row["direction"]) == "out" and value(row["property"]) == REL + "status"
    }
    found = [StatusReport(a, dates.get(a), s) for a, s in reports if a and s and a != GRAPH_INFERRED]
    return tuple(sorted(found, key=lambda r: (r.reported_on or "", r.article, r.status)))


def _timeline(rows: list[dict[str, Term | None]]) -> tuple[TimelineItem, ...]:
    items: dict[str, dict] = {}
    for row in rows:
        iri = value(row["item"])
        if iri is None:
            continue
        entry = items.setdefault(
            iri,
            {
                "roles": [],
                "start": value(row["start"]),
                "end": value(row["end"]),
                "type": value(row["type"]),
                "reports": [],
            },
        )
        role = value(row["role"])
        if role and role not in entry["roles"]:
            entry["roles"].append(role)
        status, article, on = value(row["status"]), value(row["article"]), value(row["reported_on"])
        if status and article:
            report = (on, article, status)
            if report not in entry["reports"]:
                entry["reports"].append(report)
    out = []
    for iri, entry in items.items():
        reports = tuple(
            StatusReport(a, on, s) for on, a, s in sorted(entry["reports"], key=lambda r: (r[0] or "", r[1], r[2]))
        )
        out.append(
            TimelineItem(
                iri,
                tuple(entry["roles"]),
                entry["start"],
                entry["end"],
                entry["type"],
                reports[-1].status if reports else None,
                reports,
            )
        )
    # Dated items first, oldest first; undated ones after, by their first report.
    return tuple(
        sorted(
            out,
            key=lambda t: (t.start is None, t.start or (t.reports[0].reported_on if t.reports else "") or "", t.item),
        )
    )


def _identifiers(by_property: dict[str, list[Term]]) -> tuple[Identifier, ...]:
    found = []
    for prop, label in _IDENTIFIERS.items():
        for val in by_property.get(prop, []):
            text = str(val.value)
            url = None
            if isinstance(val, ox.NamedNode):
                if text.startswith(WIKIDATA):
                    label, text = "Wikidata", text[len(WIKIDATA) :]
                    url = "https://www.wikidata.org/wiki/" + text
                elif text.startswith(("https://", "http://")):
                    url = text
            found.append(Identifier(label, text, url))
    for val in by_property.get(PREFIXES["schema"] + "url", []):
        if str(val.value).startswith(("https://", "http://")):
            found.append(Identifier("web page", str(val.value), str(val.value)))
    return tuple(found)
