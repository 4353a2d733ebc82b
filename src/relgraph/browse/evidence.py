"""The SPARQL the browser pages read facts and their evidence with.

This is the one place that knows how a fact is tied to the sentences that state it. The
graph follows the fact-level evidence model (ontology/README.md "Fact-level provenance"):
each stated triple has a ``rel:Assertion`` node in the article's graph, with its subject
(``rel:factSubject``), predicate and object (``rel:factPredicate``, ``rel:factObject``),
the sentence mentions that state it (``rel:supportedBy``), who the text says said it
(``rel:attributedTo``, none = the article's own voice), how (``rel:attributionMode``),
the document it quotes (``rel:quotedFrom``) and the status it reports
(``rel:reportedStatus``). Mentions are pure spans (offsets and text); attribution lives on
the assertion, never on the mention.

Every evidence text returns rows with the same columns, one per (fact, sentence, speaker),
and the pages show each sentence beside the fact it supports. Each text joins a fact with
its evidence inside ``GRAPH ?article { ... }``, so two articles' reports never merge (a
signatory planned in one and a signing completed in another stay apart). Parameters
(``?entity``, ``?article``, ``?state_a``, ``?state_b``) are bound by the engine, never
pasted in; each is among the projected variables, as Oxigraph needs. Oxigraph plans a query before
the bound values are known: a pattern that starts with ``?assertion a rel:Assertion`` is read from
there (every assertion of every article, 2.4 s on a 1M-triple store), so the entity's look-ups
start from the bound property and check the class after (40 ms).
"""

from __future__ import annotations

__all__ = [
    "ARTICLE_EVIDENCE",
    "ARTICLE_HEAD",
    "ARTICLE_KINDS",
    "DYAD_COMMITMENTS",
    "DYAD_ITEMS",
    "DYAD_MECHANISMS",
    "ENTITY_DESCRIPTION",
    "ENTITY_EVENTS",
    "ENTITY_EVIDENCE",
    "ENTITY_FACTS",
    "ENTITY_HEAD",
    "ENTITY_SAID",
    "LABEL_INDEX",
    "STATES",
]

#: The classes of a source text (every article is typed ``rel:Article``; news kept for older graphs).
ARTICLE_KINDS = ("https://w3id.org/relgraph/ontology#NewsArticle", "https://w3id.org/relgraph/ontology#Article")

_INFERRED = "<https://w3id.org/relgraph/graph/inferred>"

#: The entity's description as RDF (what a program gets at its IRI): its statements both ways.
ENTITY_DESCRIPTION = """
CONSTRUCT { ?entity ?property ?value . ?other ?inverse ?entity . }
WHERE {
  { ?entity ?property ?value } UNION { ?other ?inverse ?entity }
}"""

#: Labels, classes, alternative labels, definitions and identifiers of one entity.
ENTITY_HEAD = """
SELECT ?entity ?property ?value WHERE {
  VALUES ?property { rdf:type rdfs:label skos:prefLabel skos:altLabel foaf:name rdfs:comment skos:definition
                     skos:exactMatch rel:wikidataEntity owl:sameAs rel:iso3166Alpha3 dcterms:identifier schema:url
                     skos:notation }
  ?entity ?property ?value .
}"""

#: Every statement about one entity, both ways, with the graph that states it (the inferences only
#: when the default graph holds them, that is when they were asked for).
ENTITY_FACTS = f"""
SELECT ?entity ?direction ?property ?value ?article WHERE {{
  {{
    GRAPH ?article {{ ?entity ?property ?value }}
    BIND("out" AS ?direction)
  }} UNION {{
    GRAPH ?article {{ ?value ?property ?entity }}
    BIND("in" AS ?direction)
  }}
  FILTER(?article != {_INFERRED} || EXISTS {{ ?entity ?property ?value }} || EXISTS {{ ?value ?property ?entity }})
}}
ORDER BY ?direction CONCAT(STR(?property), " ") CONCAT(STR(?value), " ") CONCAT(STR(?article), " ")
LIMIT 2001"""

#: The sentences that state a fact about one entity (its subject), with the fact, who said it, how,
#: and the status the article reports: one row per (assertion, sentence, speaker).
ENTITY_EVIDENCE = """
SELECT ?entity ?predicate ?object ?article ?published ?mention ?begin ?end ?sentence
       ?speaker ?mode ?quoted_from ?status WHERE {
  GRAPH ?article {
    ?assertion rel:factSubject ?entity ; rel:supportedBy ?mention .
    FILTER EXISTS { ?assertion a rel:Assertion }
    OPTIONAL { ?assertion rel:factPredicate ?predicate }
    OPTIONAL { ?assertion rel:factObject ?object }
    OPTIONAL { ?assertion rel:attributedTo ?speaker }
    OPTIONAL { ?assertion rel:attributionMode ?mode }
    OPTIONAL { ?assertion rel:quotedFrom ?quoted_from }
    OPTIONAL { ?assertion rel:reportedStatus ?status }
    ?mention rel:exactText ?sentence .
    OPTIONAL { ?mention rel:beginIndex ?begin }
    OPTIONAL { ?mention rel:endIndex ?end }
  }
  OPTIONAL { ?article schema:datePublished ?published }
}
ORDER BY ?published CONCAT(STR(?article), " ") ?begin CONCAT(STR(?predicate), " ")
LIMIT 2001"""

#: The sentences attributed to an entity (what a person or body is reported to have said), with how:
#: the speaker is read off the assertions, one row per sentence (a sentence that states several of its
#: facts is one thing said), so ?predicate and ?object stay unbound.
ENTITY_SAID = """
SELECT DISTINCT ?entity ?predicate ?object ?article ?published ?mention ?begin ?end ?sentence ?mode ?quoted_from
WHERE {
  GRAPH ?article {
    ?assertion rel:attributedTo ?entity ; rel:supportedBy ?mention .
    FILTER EXISTS { ?assertion a rel:Assertion }
    OPTIONAL { ?assertion rel:attributionMode ?mode }
    OPTIONAL { ?assertion rel:quotedFrom ?quoted_from }
    ?mention rel:exactText ?sentence .
    OPTIONAL { ?mention rel:beginIndex ?begin }
    OPTIONAL { ?mention rel:endIndex ?end }
  }
  OPTIONAL { ?article schema:datePublished ?published }
}
ORDER BY ?published CONCAT(STR(?article), " ") ?begin
LIMIT 2001"""

#: The events and commitments an entity takes part in, with their dates, type and every reported
#: status (the latest report wins on the page).
ENTITY_EVENTS = """
SELECT ?entity ?item ?role ?start ?end ?type ?status ?article ?reported_on WHERE {
  VALUES ?role { rel:hasParty rel:hasParticipant rel:involvesState rel:sourceActor rel:targetActor
                 rel:committedBy rel:committedTowards rel:place rel:signs rel:sessionOf }
  ?item ?role ?entity .
  FILTER(EXISTS { ?item a/rdfs:subClassOf* rel:Event } || EXISTS { ?item a rel:Commitment })
  OPTIONAL { ?item rel:startDate ?start_date }
  OPTIONAL { ?item rel:date ?on_date }
  BIND(COALESCE(?start_date, ?on_date) AS ?start)
  OPTIONAL { ?item rel:endDate ?end }
  OPTIONAL { ?item rel:eventType ?event_type . ?event_type rdfs:label ?type }
  OPTIONAL { GRAPH ?article { ?item rel:status ?status } ?article schema:datePublished ?reported_on }
}
LIMIT 5001"""

#: One article's own description (title, date, URL, text file, publisher, identifier).
ARTICLE_HEAD = """
SELECT ?article ?property ?value WHERE {
  VALUES ?property { rdf:type rdfs:label dcterms:title schema:headline schema:datePublished schema:url
                     schema:publisher dcterms:publisher dcterms:identifier rel:textFile rel:textSha256
                     rel:excerpt rdfs:comment }
  GRAPH ?article { ?article ?property ?value }
}"""

#: Each sentence of one article with the facts it supports (subject, predicate, object), who said
#: each and how, and the status it reports; a sentence supporting no fact still comes, unbound.
ARTICLE_EVIDENCE = """
SELECT ?article ?mention ?begin ?end ?sentence ?speaker ?mode ?quoted_from ?subject ?predicate ?object ?status
WHERE {
  GRAPH ?article {
    ?mention rel:inArticle ?article .
    OPTIONAL { ?mention rel:beginIndex ?begin }
    OPTIONAL { ?mention rel:endIndex ?end }
    OPTIONAL { ?mention rel:exactText ?sentence }
    OPTIONAL {
      ?assertion rel:supportedBy ?mention ; a rel:Assertion ; rel:factSubject ?subject .
      OPTIONAL { ?assertion rel:factPredicate ?predicate }
      OPTIONAL { ?assertion rel:factObject ?object }
      OPTIONAL { ?assertion rel:attributedTo ?speaker }
      OPTIONAL { ?assertion rel:attributionMode ?mode }
      OPTIONAL { ?assertion rel:quotedFrom ?quoted_from }
      OPTIONAL { ?assertion rel:reportedStatus ?status }
    }
  }
}
ORDER BY ?begin CONCAT(STR(?subject), " ") CONCAT(STR(?predicate), " ")
LIMIT 20001"""

#: Every label of every IRI with its class, for the search box (read once when the server starts).
LABEL_INDEX = """
SELECT ?entity ?label ?class WHERE {
  ?entity rdfs:label|skos:prefLabel|skos:altLabel|foaf:name ?label .
  FILTER(isIRI(?entity))
  OPTIONAL { ?entity a ?class . FILTER(STRSTARTS(STR(?class), "https://w3id.org/relgraph/ontology#")) }
  FILTER NOT EXISTS { ?entity a rel:Mention }
}"""

#: The states in the graph.
STATES = """
SELECT ?state ?label WHERE {
  ?state a rel:State .
  OPTIONAL { ?state rdfs:label ?label }
}
ORDER BY ?label"""

#: The coded events and commitments between two states, with their Goldstein score and date (their
#: own, else that of the first article reporting them), as dyad_scores counts them.
DYAD_ITEMS = """
SELECT ?state_a ?state_b ?item (SAMPLE(?score) AS ?goldstein) (SAMPLE(?code) AS ?cameo) (SAMPLE(?type_label) AS ?type)
       (MIN(?when) AS ?date) WHERE {
  ?item rel:hasParty|rel:involvesState|rel:sourceActor|rel:targetActor|rel:committedBy|rel:committedTowards ?state_a .
  ?item rel:hasParty|rel:involvesState|rel:sourceActor|rel:targetActor|rel:committedBy|rel:committedTowards ?state_b .
  ?item rel:eventType ?event_type . ?event_type rel:goldsteinScore ?score .
  OPTIONAL { ?event_type rel:cameoCode ?code }
  OPTIONAL { ?event_type rdfs:label ?type_label }
  OPTIONAL { ?item rel:startDate|rel:date ?own_date }
  OPTIONAL { GRAPH ?article { ?item rel:eventType ?event_type } ?article schema:datePublished ?published }
  BIND(COALESCE(?own_date, ?published) AS ?when)
}
GROUP BY ?state_a ?state_b ?item
ORDER BY ?date CONCAT(STR(?item), " ")
LIMIT 5001"""

#: The bilateral mechanisms of two states with their pillars.
DYAD_MECHANISMS = """
SELECT ?state_a ?state_b ?mechanism ?pillar WHERE {
  ?mechanism rel:mechanismParty ?state_a , ?state_b .
  OPTIONAL { ?mechanism rel:hasPillar ?pillar }
}
ORDER BY CONCAT(STR(?mechanism), " ") CONCAT(STR(?pillar), " ")
LIMIT 1001"""

#: The commitments between two states (by or towards either), with pillar and every reported status.
DYAD_COMMITMENTS = """
SELECT ?state_a ?state_b ?commitment ?by ?pillar ?status ?reported_on WHERE {
  ?commitment a rel:Commitment ; rel:committedBy ?by .
  ?commitment rel:committedBy|rel:committedTowards|rel:involvesState ?state_a .
  ?commitment rel:committedBy|rel:committedTowards|rel:involvesState ?state_b .
  OPTIONAL { ?commitment rel:underPillar ?pillar }
  OPTIONAL { GRAPH ?article { ?commitment rel:status ?status } ?article schema:datePublished ?reported_on }
}
ORDER BY CONCAT(STR(?commitment), " ")
LIMIT 5001"""
