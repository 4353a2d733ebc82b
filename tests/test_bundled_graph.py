"""Contract tests over what ships: the first article's facts, its mentions, the shapes,
and the ontology's own quality (labels, comments, domains, ranges)."""

from __future__ import annotations

import hashlib

from relgraph.model.namespaces import GRAPH_ONTOLOGY, REL

from .conftest import REPO

ARTICLE = "https://w3id.org/relgraph/id/article-2019-05-03-kenya-us-bsd"
SECOND = "https://w3id.org/relgraph/id/article-2019-05-08-us-kenya-bsd-joint-statement"
RELD_ = "https://w3id.org/relgraph/id/"
BACKGROUND = "https://w3id.org/relgraph/id/background-kenya-us-bsd-2019"
TEXT = (REPO / "data" / "articles" / "article-2019-05-03-kenya-us-bsd.txt").read_text(encoding="utf-8")
SEED = REPO.parent / "shared" / "seed" / "article-2019-05-03-kenya-us-bsd.txt"


def _values(dataset, query: str) -> list[tuple[str, ...]]:
    """Rows over the first article's graph and the ontology: later articles (the bundled
    graph holds the history to 2024) report their own statuses and dates, which are not this article's."""
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
        """SELECT ?who ?mode ?sentence WHERE {
             ?a rel:factSubject reld:meeting-2018-08-27-kenyatta-trump ; rel:factPredicate rel:date ;
                rel:attributedTo ?who ; rel:attributionMode ?mode ; rel:supportedBy/rel:exactText ?sentence }""",
    )
    assert said == [
        (
            "https://w3id.org/relgraph/id/monica-juma",
            REL + "ReportedSpeech",
            "She said the BSD was established during the meeting between President Uhuru Kenyatta and Trump "
            "held in Washington on August 27, 2018.",
        )
    ]


def test_agoa_has_the_post_agoa_2025_horizon_and_its_legal_basis_only_as_background(dataset):
    rows = _values(dataset, "SELECT ?expiry WHERE { reld:agoa a rel:TradeFramework ; rel:expiryYear ?expiry }")
    assert rows == [("2025",)]
    horizon = _values(
        dataset,
        "SELECT ?year ?status WHERE { ?c rel:about reld:agoa ; rel:horizonYear ?year ; rel:status ?status }",
    )
    assert horizon == [("2025", REL + "StatedIntent")]
    assert _values(dataset, "SELECT ?basis WHERE { reld:agoa rel:legalBasis ?basis }") == []  # not in the article
    background = dataset.execute(
        "SELECT ?basis WHERE { reld:agoa rel:legalBasis ?basis }", timeout=None, default_graphs=[BACKGROUND]
    ).rows
    assert [row[0].value for row in background] == ["19 U.S.C. 3701 et seq."]


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


def test_no_ontology_or_data_file_states_a_triple_twice(repo_project):
    """A triple stated twice in one file is harmless to RDF but throws off every count made from the
    files (the synthetic corpus' size, the stats): merges of two branches left three such duplicates."""
    import pyoxigraph as ox

    for path in repo_project.ontology_files() + repo_project.data_files():
        triples = list(ox.parse(path=path, format=ox.RdfFormat.TURTLE))
        twice = {t for t in triples if triples.count(t) > 1} if len(set(triples)) != len(triples) else set()
        assert not twice, f"{repo_project.relative(path)} states these twice: {sorted(map(str, twice))}"


# ----- the corrections of issue 17 to the first article (each fails on the data before them) -----


def _types(dataset, iri: str) -> set[str]:
    return {r[0] for r in _values(dataset, f"SELECT ?t WHERE {{ <{iri}> a ?t }}")}


def _event_type(dataset, local: str) -> tuple[str, str]:
    rows = _values(
        dataset, f"SELECT ?type ?code WHERE {{ reld:{local} rel:eventType ?type . ?type rel:cameoCode ?code }}"
    )
    assert len(rows) == 1, rows
    return rows[0][0].rsplit("#", 1)[1], rows[0][1]


def test_the_2018_meeting_in_washington_is_kenyas_visit_coded_once(dataset):
    assert _event_type(dataset, "meeting-2018-08-27-kenyatta-trump") == ("MakeAVisit", "042")
    rows = _values(
        dataset,
        "SELECT ?from ?to WHERE { reld:meeting-2018-08-27-kenyatta-trump rel:sourceActor ?from ; rel:targetActor ?to }",
    )
    assert rows == [("https://w3id.org/relgraph/id/kenya", "https://w3id.org/relgraph/id/united-states")]


def test_the_dialogue_session_is_negotiation_046_not_consult_040(dataset):
    assert _event_type(dataset, "bsd-session-1") == ("EngageInNegotiation", "046")


def test_the_two_diplomatic_commitments_are_032(dataset):
    for local in ("commitment-stronger-diplomatic-partnership", "commitment-collaboration-in-multilateral-fora"):
        assert _event_type(dataset, local) == ("ExpressIntentToProvideDiplomaticCooperation", "032"), local


def test_an_announced_signing_is_intent_not_057_and_has_no_date(dataset):
    signing = "signing-bsd-agreement-and-sgi-action-plan"
    assert _event_type(dataset, signing) == ("ExpressIntentToCooperate", "030")
    assert REL + "Signing" in _types(dataset, RELD_ + signing)
    dates = _values(dataset, f"SELECT ?d WHERE {{ reld:{signing} rel:date|rel:startDate|rel:endDate ?d }}")
    assert dates == []  # 'Juma will then sign' gives none


def test_the_ministrys_aim_is_kenyas_alone_and_the_purpose_of_nothing(dataset):
    committed = _values(
        dataset, "SELECT ?by WHERE { reld:commitment-economic-collaboration-jobs-and-capacity rel:committedBy ?by }"
    )
    assert committed == [("https://w3id.org/relgraph/id/kenya",)]
    purposes = _values(
        dataset,
        "SELECT ?x WHERE { VALUES ?x { reld:bilateral-strategic-dialogue reld:statement-mfa-kenya-bsd-2019 } ?x rel:purpose ?p }",
    )
    assert purposes == []


def test_is_said_to_be_key_is_a_hedged_report_not_a_plain_aim(dataset):
    rows = _values(
        dataset,
        """SELECT ?mode WHERE { ?a rel:factSubject reld:bsd-session-1 ; rel:factPredicate rel:aimsAt ;
             rel:factObject rel:StrategicPartnership ; rel:attributionMode ?mode }""",
    )
    assert rows == [(REL + "HedgedReport",)]


def test_background_knowledge_is_in_its_own_graph_with_its_sources(dataset):
    for graph in dataset.article_graphs():
        if graph.name == BACKGROUND:
            continue
        said = dataset.execute(
            """SELECT ?s ?p ?o WHERE { ?s ?p ?o
                 FILTER(?p IN (rel:iso3166Alpha3, rel:legalBasis, skos:exactMatch) || ?o = schema:Legislation) }""",
            timeout=None,
            default_graphs=[graph.name],
        ).rows
        assert said == (), graph.name
    rows = dataset.execute(
        f"""SELECT ?code ?source WHERE {{ <{BACKGROUND}> a rel:BackgroundSource ; dcterms:source ?source .
              reld:kenya rel:iso3166Alpha3 ?code }}""",
        timeout=None,
        default_graphs=[BACKGROUND],
    ).rows
    assert {r[0].value for r in rows} == {"KEN"}
    assert "https://www.wikidata.org/wiki/Q114" in {r[1].value for r in rows}


def test_juma_is_attested_in_post_only_where_a_sentence_says_so(dataset):
    """Each attestation is the date of an article whose sentence names her with the post
    (the first article, and the joint statement of 2019-05-08), never the session's days."""
    rows = dataset.select(
        """SELECT DISTINCT ?article ?date ?sentence WHERE { GRAPH ?article {
             ?t rel:holder reld:monica-juma ; rel:attestedOn ?date .
             ?a rel:factSubject ?t ; rel:factPredicate rel:attestedOn ; rel:supportedBy/rel:exactText ?sentence } }"""
    ).rows
    assert {(r[0].value, r[1].value) for r in rows} == {(ARTICLE, "2019-05-03"), (SECOND, "2019-05-08")}
    for _, _, sentence in rows:
        assert "Foreign Affairs" in sentence.value and "Monica Juma" in sentence.value


def test_every_dated_event_has_start_and_end_dates(dataset):
    rows = dataset.select(
        """SELECT ?event ?date ?start ?end WHERE { ?event rel:date ?date
             OPTIONAL { ?event rel:startDate ?start } OPTIONAL { ?event rel:endDate ?end } }"""
    ).rows
    assert rows
    for event, date, start, end in rows:
        assert start is not None and end is not None and start == date == end, event
    dates = {r[0].value.rsplit("/", 1)[1]: r[1].value for r in rows}
    assert dates["meeting-2018-08-27-kenyatta-trump"] == "2018-08-27"
    assert dates["bsd-session-2"] == "2021-11-17"


def test_juma_signed_the_sgi_plan_completed_cannot_be_read_from_any_fact_query(dataset):
    """Article 1 gives Juma as the planned signatory of the agreement and the SGI plan; the joint
    statement a completed signing of the Framework alone, by Sullivan and Juma."""
    from relgraph.query.queries import run_query

    juma, plan = RELD_ + "monica-juma", RELD_ + "sgi-joint-country-action-plan-kenya"
    within_one_article = dataset.select(
        f"""SELECT ?article ?signing WHERE {{ GRAPH ?article {{
              ?signing rel:signatory <{juma}> ; rel:signs <{plan}> ; rel:status rel:Completed }} }}"""
    ).rows
    assert within_one_article == ()
    # nor from the merged graph: no article says the planned signing was completed
    merged = dataset.select(
        f"SELECT ?s WHERE {{ ?s rel:signatory <{juma}> ; rel:signs <{plan}> ; rel:status rel:Completed }}"
    ).rows
    assert merged == ()
    signings = [r[0].value for r in dataset.select("SELECT DISTINCT ?s WHERE { ?s a rel:Signing }").rows]
    assert sorted(s.rsplit("/", 1)[1] for s in signings) == [
        "signing-bsd-agreement-and-sgi-action-plan",
        "signing-bsd-framework-2019",
    ]
    said: dict[tuple[str, str, str], set[str]] = {}  # (query, article, signing) -> "property value" stated

    def collect(name: str, params: dict[str, str]) -> None:
        for r in run_query(dataset, name, params, timeout=30).result.records():
            subject = (r.get("entity") or r.get("subject") or r.get("fact")).value
            prop = (r.get("property") or r.get("predicate")).value
            value = (r.get("value") or r.get("object")).value
            said.setdefault((name, r["article"].value, subject), set()).add(f"{prop} {value}")

    for signing in signings:
        collect("fact_evidence", {"entity": signing})
        collect("supporting_sentences", {"fact": signing})
        for prop in ("rel:signatory", "rel:signs", "rel:status"):
            collect("fact_sources", {"subject": signing, "predicate": prop})
    for article in (ARTICLE, SECOND):
        collect("article_assertions", {"article": article})
    assert {name for name, _, _ in said} == {
        "fact_evidence",
        "supporting_sentences",
        "fact_sources",
        "article_assertions",
    }
    for key, facts in said.items():
        signed = f"{REL}signatory {juma}" in facts and f"{REL}signs {plan}" in facts
        assert not (signed and f"{REL}status {REL}Completed" in facts), key
    evidence = run_query(
        dataset, "fact_evidence", {"entity": "reld:signing-bsd-agreement-and-sgi-action-plan"}, timeout=30
    ).result.records()
    assert {r["reported_status"].value for r in evidence if r.get("reported_status")} == {REL + "Planned"}


def test_every_fact_of_every_article_has_its_assertion(repo_project):
    from relgraph.ingest.checks import Issues, check_assertions
    from relgraph.ingest.staging import stage_article

    for path in repo_project.data_files():
        if path.parent.name == "background":
            continue
        staged = stage_article(path)
        issues = Issues(staged, path.name)
        check_assertions(staged, issues)
        assert issues.items == [], [i.message for i in issues.items[:3]]


def test_every_article_is_typed_rel_article_and_its_kind(dataset):
    rows = dataset.select(
        "SELECT ?g ?kind WHERE { GRAPH ?g { ?g a rel:Article , ?kind FILTER(?kind != rel:Article) } }"
    ).rows
    kinds = {(r[0].value, r[1].value) for r in rows}
    assert {(ARTICLE, REL + "NewsArticle"), (SECOND, REL + "OfficialRelease")} <= kinds
    assert {kind for _, kind in kinds} == {REL + "NewsArticle", REL + "OfficialRelease"}
    assert len({article for article, _ in kinds}) == len(kinds)  # one kind each


def test_who_said_what_is_per_fact(dataset):
    from relgraph.query.queries import run_query

    records = run_query(dataset, "who_said_what", {"speaker": "Monica Juma"}, timeout=30).result.records()
    facts = {
        (r["subject"].value.rsplit("/", 1)[1], r["property"].value.rsplit("#", 1)[1], r["value"].value) for r in records
    }
    assert ("meeting-2018-08-27-kenyatta-trump", "date", "2018-08-27") in facts
    assert ("bsd-session-1", "focusesOn", RELD_ + "pillar-defence-cooperation") in facts
    # the article's own voice in the same sentences is not hers: sentence 2 names her but she says nothing in it
    assert not any(r["begin"].value == "108" for r in records)


def test_who_said_what_gives_the_article_as_the_speaker_of_what_it_attributes_to_nobody(dataset):
    """A fact with no rel:attributedTo is listed once, with its article as the speaker; a fact
    someone is said to have stated is never listed with the article; an article given as the
    speaker gives exactly its facts attributed to nobody."""
    from relgraph.query.queries import run_query

    unattributed = dataset.select(
        "SELECT ?g ?a WHERE { GRAPH ?g { ?a rel:attributionMode ?m FILTER NOT EXISTS { ?a rel:attributedTo ?x } } }"
    ).rows
    assert unattributed, "the bundled graph has facts the articles attribute to nobody"
    records = run_query(dataset, "who_said_what", timeout=30).result.records()
    by_article = [r for r in records if r["speaker"] == r["article"]]
    articles = {r[0].value for r in unattributed}
    assert {r["article"].value for r in by_article} == articles
    own = [r for r in by_article if r["article"].value == ARTICLE]
    assert own and all(r["mode"].value != REL + "DirectQuote" for r in own)
    assert {r["mode"].value for r in own} <= {
        REL + m for m in ("AuthorNarration", "UnattributedReport", "HedgedReport")
    }
    given = run_query(dataset, "who_said_what", {"speaker": f"<{ARTICLE}>"}, timeout=30).result.records()

    def key(r):
        return tuple(str(r[k]) for k in ("subject", "property", "value", "begin"))

    assert sorted(map(key, given)) == sorted(map(key, own))
    assert all(r["speaker"].value == ARTICLE for r in given)
