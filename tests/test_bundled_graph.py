"""Contract tests over what ships: the first article's facts, its mentions, the shapes,
and the ontology's own quality (labels, comments, domains, ranges)."""

from __future__ import annotations

import hashlib

from relgraph.namespaces import GRAPH_ONTOLOGY, REL

from .conftest import REPO

ARTICLE = "https://w3id.org/relgraph/id/article-2019-05-03-kenya-us-bsd"
TEXT = (REPO / "data" / "articles" / "article-2019-05-03-kenya-us-bsd.txt").read_text(encoding="utf-8")
SEED = REPO.parent / "shared" / "seed" / "article-2019-05-03-kenya-us-bsd.txt"


def _values(dataset, query: str) -> list[tuple[str, ...]]:
    """Rows over the first article's graph and the ontology: later articles (the bundled
    graph holds two) report their own statuses and dates, which are not this article's."""
    result = dataset.execute(query, timeout=None, default_graphs=[ARTICLE, GRAPH_ONTOLOGY])
    return [tuple("" if t is None else t.value for t in row) for row in result.rows]


def test_the_shipped_text_is_the_seed_article_byte_for_byte():
    if SEED.exists():
        assert (REPO / "data" / "articles" / SEED.name).read_bytes() == SEED.read_bytes()
    assert TEXT.startswith(" date 2019-05-03 Kenya has embarked")


def test_the_article_is_one_named_graph_with_its_metadata(dataset):
    assert dataset.graph(ARTICLE).kind == "article"
    rows = _values(
        dataset,
        f"SELECT ?date ?file ?sha WHERE {{ <{ARTICLE}> schema:datePublished ?date ; rel:textFile ?file ; rel:textSha256 ?sha }}",
    )
    digest = hashlib.sha256(
        (REPO / "data" / "articles" / "article-2019-05-03-kenya-us-bsd.txt").read_bytes()
    ).hexdigest()
    assert rows == [("2019-05-03", "articles/article-2019-05-03-kenya-us-bsd.txt", digest)]


def test_the_inaugural_bsd_session_is_planned_for_7_and_8_may_2019(dataset):
    rows = _values(
        dataset,
        """SELECT ?start ?end ?status ?mechanism ?number WHERE {
             ?session a rel:DialogueSession ; rel:isInaugural true ; rel:startDate ?start ; rel:endDate ?end ;
                      rel:status ?status ; rel:sessionOf ?mechanism ; rel:sessionNumber ?number ;
                      rel:hasParty reld:kenya, reld:united-states . }""",
    )
    assert rows == [
        ("2019-05-07", "2019-05-08", REL + "Planned", "https://w3id.org/relgraph/id/bilateral-strategic-dialogue", "1")
    ]


def test_the_dialogue_has_four_pillars_read_from_five_named_focus_areas(dataset):
    rows = _values(
        dataset,
        """SELECT ?label (GROUP_CONCAT(?alt; separator="|") AS ?alts) WHERE {
             reld:bilateral-strategic-dialogue rel:hasPillar ?p . ?p skos:prefLabel|rdfs:label ?label .
             OPTIONAL { ?p skos:altLabel ?alt } } GROUP BY ?label ORDER BY ?label""",
    )
    assert [r[0] for r in rows] == [
        "Defence Cooperation",
        "Democracy, Governance and Civilian Security",
        "Economic Prosperity, Trade and Investment",
        "Multilateral and Regional Issues",
    ]
    alts = {r[0]: set(r[1].split("|")) for r in rows}
    assert "Democracy & Governance" in alts["Democracy, Governance and Civilian Security"]
    assert "Economic Prosperity, Trade & Investment" in alts["Economic Prosperity, Trade and Investment"]


def test_the_bsd_was_established_at_the_2018_kenyatta_trump_meeting_in_washington(dataset):
    rows = _values(
        dataset,
        """SELECT ?date ?status ?place WHERE {
             reld:bilateral-strategic-dialogue rel:establishedDuring ?m .
             ?m rel:date ?date ; rel:status ?status ; rel:place ?place ;
                rel:hasParticipant reld:uhuru-kenyatta, reld:donald-trump . }""",
    )
    assert rows == [("2018-08-27", REL + "Completed", "https://w3id.org/relgraph/id/washington-dc")]
    said = _values(
        dataset,
        """SELECT ?who ?mode WHERE { reld:meeting-2018-08-27-kenyatta-trump rel:denotedBy ?m .
             ?m rel:attributedTo ?who ; rel:attributionMode ?mode }""",
    )
    assert said == [("https://w3id.org/relgraph/id/monica-juma", REL + "ReportedSpeech")]


def test_agoa_has_its_legal_basis_and_the_post_agoa_2025_horizon(dataset):
    rows = _values(
        dataset,
        "SELECT ?basis ?expiry WHERE { reld:agoa a rel:TradeFramework ; rel:legalBasis ?basis ; rel:expiryYear ?expiry }",
    )
    assert rows == [("19 U.S.C. 3701 et seq.", "2025")]
    horizon = _values(
        dataset,
        "SELECT ?year ?status WHERE { ?c rel:about reld:agoa ; rel:horizonYear ?year ; rel:status ?status }",
    )
    assert horizon == [("2025", REL + "StatedIntent")]


def test_juma_is_foreign_affairs_cabinet_secretary_of_kenya_leading_the_delegation(dataset):
    rows = _values(
        dataset,
        """SELECT ?post_label ?state ?attested WHERE {
             reld:monica-juma org:holds ?post . ?post rdfs:label ?post_label ; rel:postOfState ?state .
             ?tenure rel:holder reld:monica-juma ; rel:post ?post ; rel:attestedOn ?attested .
             ?delegation rel:ledBy reld:monica-juma ; rel:represents reld:kenya . }""",
    )
    assert rows == [
        ("Cabinet Secretary for Foreign Affairs (Kenya)", "https://w3id.org/relgraph/id/kenya", "2019-05-03")
    ]


def test_planned_and_done_are_told_apart(dataset):
    rows = dict(
        _values(
            dataset,
            """SELECT ?event ?status WHERE { ?event rel:status ?status ; a/rdfs:subClassOf* rel:Event }""",
        )
    )
    short = {k.rsplit("/", 1)[1]: v.rsplit("#", 1)[1] for k, v in rows.items()}
    assert short["meeting-2018-08-27-kenyatta-trump"] == "Completed"
    assert short["bsd-session-1"] == "Planned"
    assert short["signing-bsd-agreement-and-sgi-action-plan"] == "Planned"
    assert short["communique-issuance-bsd-session-1"] == "Planned"


def test_the_signing_covers_the_bsd_agreement_and_the_sgi_action_plan(dataset):
    rows = _values(
        dataset,
        """SELECT ?doc ?purpose WHERE { ?s a rel:Signing ; rel:signatory reld:monica-juma ; rel:signs ?doc .
             OPTIONAL { ?doc rel:purpose ?purpose } } ORDER BY ?doc""",
    )
    docs = dict(rows)
    assert set(docs) == {
        "https://w3id.org/relgraph/id/agreement-guiding-bsd",
        "https://w3id.org/relgraph/id/sgi-joint-country-action-plan-kenya",
    }
    assert docs["https://w3id.org/relgraph/id/sgi-joint-country-action-plan-kenya"] == (
        "to enhance civilian security and governance cooperation"
    )


def test_every_mention_cuts_its_sentence_out_of_the_article_text(dataset):
    rows = dataset.select(
        f"SELECT ?m ?b ?e ?text WHERE {{ GRAPH <{ARTICLE}> {{ ?m a rel:Mention ; rel:beginIndex ?b ; "
        "rel:endIndex ?e ; rel:exactText ?text } }"
    ).rows
    assert len(rows) >= 13
    for mention, begin, end, text in rows:
        b, e = int(begin.value), int(end.value)
        assert TEXT[b:e] == text.value, mention
        assert mention.value == f"{ARTICLE}#char={b},{e}"


def test_every_event_commitment_and_claim_has_a_mention(dataset):
    rows = _values(
        dataset,
        """SELECT ?fact WHERE {
             { ?fact a/rdfs:subClassOf* rel:Event } UNION { ?fact a rel:Commitment } UNION { ?fact a rel:Claim }
             FILTER NOT EXISTS { ?fact rel:denotedBy/rel:inArticle ?article } }""",
    )
    assert rows == []


def test_wikidata_links_only_for_confirmed_ids(dataset):
    rows = _values(dataset, "SELECT ?q WHERE { ?s rel:wikidataEntity ?q FILTER(STRSTARTS(STR(?q), STR(wd:))) }")
    confirmed = {"Q114", "Q30", "Q22686", "Q1065", "Q61", "Q3870", "Q7159", "Q14784066", "Q21022441"}
    assert {r[0].rsplit("/", 1)[1] for r in rows} <= confirmed


def test_every_ontology_term_is_labelled_commented_and_typed(dataset):
    missing = _values(
        dataset,
        """SELECT ?term ?what WHERE { GRAPH <https://w3id.org/relgraph/graph/ontology> {
             ?term a ?kind . FILTER(?kind IN (owl:Class, owl:ObjectProperty, owl:DatatypeProperty))
             FILTER(STRSTARTS(STR(?term), STR(rel:)))
             { FILTER NOT EXISTS { ?term rdfs:label ?l } BIND("label" AS ?what) }
             UNION { FILTER NOT EXISTS { ?term rdfs:comment ?c } BIND("comment" AS ?what) }
             UNION { FILTER(?kind != owl:Class) FILTER NOT EXISTS { ?term rdfs:domain ?d } BIND("domain" AS ?what) }
             UNION { FILTER(?kind != owl:Class) FILTER NOT EXISTS { ?term rdfs:range ?r } BIND("range" AS ?what) }
           } }""",
    )
    assert missing == []


def test_states_are_not_persons(dataset):
    rows = _values(
        dataset,
        """ASK { GRAPH <https://w3id.org/relgraph/graph/ontology> {
             { rel:State owl:disjointWith rel:Person } UNION { rel:Person owl:disjointWith rel:State }
             UNION { ?x a owl:AllDisjointClasses ; owl:members ?l . ?l rdf:rest*/rdf:first rel:State .
                     ?l rdf:rest*/rdf:first rel:Person } } }""".replace("ASK", "SELECT (1 AS ?yes) WHERE"),
    )
    assert rows


def test_ontology_parses_in_rdflib_with_metadata(repo_project):
    from rdflib import OWL, RDF, Graph, URIRef

    graph = Graph().parse(repo_project.ontology_dir / "relgraph.ttl", format="turtle")
    onto = URIRef("https://w3id.org/relgraph/ontology")
    assert (onto, RDF.type, OWL.Ontology) in graph
    assert graph.value(onto, OWL.versionInfo) is not None
    assert graph.value(onto, URIRef("http://purl.org/dc/terms/license")) is not None
    assert not list(graph.objects(onto, OWL.imports))
