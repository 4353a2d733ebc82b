"""The modelling of roles at events, of things that change (pillars, a relation's level)
and of a rescheduling answers its questions in plain SPARQL, as ontology/README.md shows,
over a small two-article test graph (tests/data/modelling/roles-and-change.trig)."""

from __future__ import annotations

import pyoxigraph as ox
import pytest

from relgraph.ingest.shacl import validate_graph
from relgraph.model.namespaces import GRAPH_ONTOLOGY, PREFIXES

from .conftest import REPO, TEST_DATA

PREFIX = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())

#: What were a mechanism's pillars on a day: the latest pillar set on or before it.
PILLARS_ON = """
SELECT ?mechanism ?day ?pillar WHERE {
  ?set rel:pillarSetOf ?mechanism ; rel:asOf ?as_of ; rel:includesPillar ?p .
  ?p skos:prefLabel ?pillar .
  FILTER(?as_of <= ?day)
  FILTER NOT EXISTS { ?later rel:pillarSetOf ?mechanism ; rel:asOf ?later_day . FILTER(?later_day > ?as_of && ?later_day <= ?day) }
} ORDER BY ?pillar"""

#: Who chaired or co-chaired an event, and for whom.
CHAIRS = """
SELECT ?event ?person ?role ?for WHERE {
  ?participation rel:inEvent ?event ; rel:participant ?who ; rel:role ?r .
  FILTER(?r IN (rel:ChairRole, rel:CoChairRole))
  ?who rdfs:label ?person . ?r skos:prefLabel ?role .
  OPTIONAL { ?participation rel:onBehalfOf/rdfs:label ?for }
} ORDER BY ?person"""

#: The level of a relation on a day: the latest completed change on or before it.
LEVEL_ON = """
SELECT ?relation ?day ?level WHERE {
  ?change rel:concernsRelation ?relation ; rel:toLevel ?l ; rel:startDate ?on ; rel:status rel:Completed .
  ?l skos:prefLabel ?level .
  FILTER(?on <= ?day)
  FILTER NOT EXISTS { ?later rel:concernsRelation ?relation ; rel:toLevel ?x ; rel:startDate ?later_on ;
                      rel:status rel:Completed . FILTER(?later_on > ?on && ?later_on <= ?day) }
}"""

#: Each report's dates for an event, newest report first, with what it was moved from.
REPORTED_DATES = """
SELECT ?event ?reported_on ?status ?start ?moved_from WHERE {
  GRAPH ?article { ?event rel:status ?status ; rel:startDate ?start . OPTIONAL { ?event rel:rescheduledFrom ?moved_from } }
  ?article schema:datePublished ?reported_on .
} ORDER BY DESC(?reported_on)"""


@pytest.fixture(scope="module")
def store(dataset) -> ox.Store:
    store = ox.Store()
    store.load(path=TEST_DATA / "modelling" / "roles-and-change.trig", format=ox.RdfFormat.TRIG)
    store.extend(
        ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(GRAPH_ONTOLOGY))
        for t in dataset.triples_in(GRAPH_ONTOLOGY)
    )
    return store


def _select(store: ox.Store, text: str, **bindings) -> list[tuple[str, ...]]:
    values = {
        ox.Variable(k): (
            ox.Literal(v, datatype=ox.NamedNode(PREFIXES["xsd"] + "date")) if k == "day" else ox.NamedNode(v)
        )
        for k, v in bindings.items()
    }
    # the given values come first in each query's projection (Oxigraph substitutes projected variables)
    return [
        tuple("" if t is None else t.value for t in row)[len(values) :]
        for row in store.query(PREFIX + text, substitutions=values, use_default_graph_as_union=True)
    ]


def test_the_pillars_in_2019_and_in_2023(store):
    bsd = "https://w3id.org/relgraph/id/t-bsd"
    in_2019 = [r[0] for r in _select(store, PILLARS_ON, mechanism=bsd, day="2019-12-31")]
    in_2023 = [r[0] for r in _select(store, PILLARS_ON, mechanism=bsd, day="2023-12-31")]
    assert in_2019 == [
        "Defence Cooperation",
        "Democracy and Governance",
        "Economic Prosperity",
        "Multilateral and Regional Issues",
    ]
    assert in_2023 == [*in_2019[:3], "Health", in_2019[3]]
    assert _select(store, PILLARS_ON, mechanism=bsd, day="2018-01-01") == []


def test_co_chairs_with_the_side_they_chaired_for(store):
    rows = _select(store, CHAIRS, event="https://w3id.org/relgraph/id/t-session-1")
    assert rows == [
        ("Tibor P. Nagy", "co-chair", "United States"),
        ("Tom Amolo", "co-chair", "Ministry of Foreign Affairs (Kenya)"),
    ]


def test_the_level_of_the_relation_before_and_after_the_elevation(store):
    relation = "https://w3id.org/relgraph/id/t-relations"
    assert _select(store, LEVEL_ON, relation=relation, day="2018-08-26") == []
    assert _select(store, LEVEL_ON, relation=relation, day="2019-01-01") == [("Strategic Partnership",)]


def test_a_rescheduling_keeps_each_report_s_own_dates(store):
    rows = _select(store, REPORTED_DATES, event="https://w3id.org/relgraph/id/t-session-2")
    completed, planned = PREFIXES["rel"] + "Completed", PREFIXES["rel"] + "Planned"
    assert rows == [("2021-06-15", completed, "2021-06-14", "2020-03-10"), ("2019-05-10", planned, "2020-03-10", "")]


def test_the_test_graph_passes_the_new_shapes(store, dataset):
    data = [q.triple for q in store.quads_for_pattern(None, None, None) if q.graph_name != ox.NamedNode(GRAPH_ONTOLOGY)]
    results = validate_graph(REPO / "ontology" / "shapes.ttl", dataset.triples_in(GRAPH_ONTOLOGY), data)
    concerned = [
        r for r in results if "Participation" in r.message or "pillar set" in r.message or "level" in r.message
    ]
    assert concerned == []
    broken = [t for t in data if t.predicate.value != PREFIXES["rel"] + "role"]
    broken.append(
        ox.Triple(
            ox.NamedNode("https://w3id.org/relgraph/id/t-cochair-nagy"),
            ox.NamedNode(PREFIXES["rel"] + "role"),
            ox.NamedNode(PREFIXES["rel"] + "Completed"),
        )
    )
    results = validate_graph(REPO / "ontology" / "shapes.ttl", dataset.triples_in(GRAPH_ONTOLOGY), broken)
    assert any(r.path == "rel:role" and r.focus.endswith("t-cochair-nagy") for r in results)
