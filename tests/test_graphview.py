"""graphview: the graph as networkx, with readable labels and the plumbing hidden."""

from __future__ import annotations

import io
import shutil

import networkx as nx
import pytest

from relgraph.errors import EntityError, ParameterError, QueryError, QueryRefusedError
from relgraph.model.namespaces import REL, RELD
from relgraph.paths import Project
from relgraph.store import load_dataset
from relgraph.views.graphview import Mention, Selection, build_graph, graph_for_export

from .conftest import REPO

BSD_SESSION = RELD + "bsd-session-1"
KENYA = RELD + "kenya"
STATES = {RELD + s for s in ("kenya", "united-states", "china", "russia", "france", "angola", "ethiopia", "senegal")}
MONICA_JUMA = RELD + "monica-juma"


@pytest.fixture(scope="module")
def whole(dataset):
    return build_graph(dataset)


def labels(graph: nx.MultiDiGraph) -> set[str]:
    return {data["label"] for _, data in graph.nodes(data=True)}


def test_default_graph_has_the_instances_a_reader_cares_about(whole):
    classes = {data["class_label"] for _, data in whole.nodes(data=True)}
    assert {"State", "Person", "Ministry", "Dialogue session", "Bilateral mechanism", "Commitment", "Pillar"} <= classes
    assert {"Kenya", "United States", "Monica Juma", "African Growth and Opportunity Act"} <= labels(whole)
    # Mentions, the article, tenures, and ontology terms are not nodes by default.
    kinds = {data["kind"] for _, data in whole.nodes(data=True)}
    assert kinds == {"instance"}
    assert not [n for n in whole if "#char=" in n]
    assert RELD + "article-2019-05-03-kenya-us-bsd" not in whole
    assert not [n for n in whole if n.startswith(RELD + "tenure-")]
    assert REL + "Planned" not in whole and REL + "State" not in whole


def test_labels_are_labels_not_iris(whole):
    for node, data in whole.nodes(data=True):
        assert data["label"] and "://" not in data["label"], node
        assert data["iri"] == node
    assert whole.nodes[KENYA]["curie"] == "reld:kenya"


def test_the_inaugural_session_carries_dates_status_and_sentences(whole):
    session = whole.nodes[BSD_SESSION]
    assert session["class_iri"] == REL + "DialogueSession"
    assert session["class_label"] == "Dialogue session"
    assert (session["start_date"], session["end_date"]) == ("2019-05-07", "2019-05-08")
    # The latest report wins: the joint statement (2019-05-08) reports it held.
    assert (session["status"], session["status_label"]) == (REL + "Completed", "completed")
    assert [(r.article_date, r.label) for r in session["status_history"]] == [
        ("2019-05-03", "planned"),
        ("2019-05-08", "completed"),
    ]
    sentences = [m.text for m in session["mentions"]]
    assert (
        "The meeting set to be held between May 7 and 8 is said to be key to elevating Kenya-US relations "
        "to a Strategic Partnership." in sentences
    )
    assert all(isinstance(m, Mention) for m in session["mentions"])
    assert {m.article_date for m in session["mentions"]} == {"2019-05-03", "2019-05-08"}
    assert session["mentions"][0].article_label.startswith("Kenya seeks military cooperation with US")
    assert "Monica Juma" in session["attributed_to"]
    assert "reported speech" in session["attribution_mode"]
    facts = {(f.label, f.value) for f in session["facts"]}
    assert ("event type", "Engage in negotiation") in facts  # talks: CAMEO 046, not 040
    assert ("aims at", "Strategic Partnership") in facts
    assert ("session number", "1") in facts


def test_a_direct_quote_names_who_said_it(whole):
    agoa = whole.nodes[RELD + "agoa"]
    mention = agoa["mentions"][0]  # the first article's (the second reports the joint statement)
    assert mention.attributed_to == ("Ministry of Foreign Affairs (Kenya)",)
    assert mention.attribution_mode == "direct quote"
    assert mention.quoted_from == (
        "Statement of the Ministry of Foreign Affairs (Kenya) on the Bilateral Strategic Dialogue",
    )
    # The link to the source is the article's text in the graph folder, relative to it (issue 14: no local path).
    assert mention.article_url == "data/articles/article-2019-05-03-kenya-us-bsd.txt"


def test_edges_carry_the_property_and_its_label(whole):
    edges = whole.get_edge_data(BSD_SESSION, KENYA)
    assert set(edges) == {REL + "hasParty"}
    assert edges[REL + "hasParty"]["label"] == "has party"
    assert edges[REL + "hasParty"]["property"] == REL + "hasParty"
    assert edges[REL + "hasParty"]["articles"] == (
        RELD + "article-2019-05-03-kenya-us-bsd",
        RELD + "article-2019-05-08-us-kenya-bsd-joint-statement",
    )
    assert whole.has_edge(
        MONICA_JUMA, RELD + "post-cabinet-secretary-foreign-affairs-kenya", key="http://www.w3.org/ns/org#holds"
    )


def test_provenance_and_ontology_are_drawn_when_asked(dataset, whole):
    graph = build_graph(dataset, selection=Selection(include_provenance=True, include_ontology=True))
    kinds = {data["kind"] for _, data in graph.nodes(data=True)}
    assert kinds == {"instance", "provenance", "class", "term"}
    assert RELD + "article-2019-05-03-kenya-us-bsd" in graph
    assert graph.nodes[REL + "Planned"]["label"] == "planned"
    assert graph.has_edge(BSD_SESSION, REL + "Planned", key=REL + "status")
    assert graph.has_edge(BSD_SESSION, REL + "DialogueSession", key="http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    assert graph.has_edge(
        REL + "DialogueSession", REL + "Meeting", key="http://www.w3.org/2000/01/rdf-schema#subClassOf"
    )
    mention = f"{RELD}article-2019-05-03-kenya-us-bsd#char=248,372"
    assert graph.nodes[mention]["class_label"] == "Mention"
    assert graph.nodes[mention]["label"] == "“The meeting set to be held between May 7 and 8 is said to…”"
    assert graph.has_edge(BSD_SESSION, mention, key=REL + "denotedBy")
    assert graph.number_of_nodes() > whole.number_of_nodes()


def test_focus_depth_is_the_neighbourhood(dataset):
    alone = build_graph(dataset, selection=Selection(focus="Monica Juma", depth=0))
    assert list(alone) == [MONICA_JUMA]
    near = build_graph(dataset, selection=Selection(focus="Monica Juma", depth=1))
    assert labels(near) == {
        "Monica Juma",
        "Cabinet Secretary for Foreign Affairs (Kenya)",
        "Kenyan delegation to the inaugural Bilateral Strategic Dialogue",
        "Inaugural session of the Kenya–US Bilateral Strategic Dialogue, 7–8 May 2019",
        "Signing by Monica Juma of the agreement guiding the Strategic Dialogue and the SGI Joint Country Action Plan",
        "Signing of the Bilateral Strategic Dialogue Framework by John J. Sullivan and Monica Juma, May 2019",
        "Visit of the Kenyan delegation led by Monica Juma to the United States, May 2019",
        # her roles at two of these events (rel:Participation)
        "Monica Juma, head of the Kenyan delegation to the United States, May 2019",
        "Monica Juma, signatory of the Bilateral Strategic Dialogue Framework, May 2019",
    }
    # Every node is one hop from her; edges among them are drawn too.
    assert all(nx.has_path(near.to_undirected(as_view=True), MONICA_JUMA, n) for n in near)
    assert near.has_edge(RELD + "visit-kenyan-delegation-to-us-2019-05", BSD_SESSION, key=REL + "hasSubEvent")
    further = build_graph(dataset, selection=Selection(focus="reld:monica-juma", depth=2))
    assert KENYA in further and KENYA not in near
    # Tenures and mentions are not stepping stones to everything else.
    assert further.number_of_nodes() < build_graph(dataset).number_of_nodes()


def test_focus_by_iri_and_unknown_names(dataset):
    graph = build_graph(dataset, selection=Selection(focus=f"<{KENYA}>", depth=1))
    assert BSD_SESSION in graph
    with pytest.raises(EntityError, match="Did you mean 'Kenya'"):
        build_graph(dataset, selection=Selection(focus="Kenia"))


def test_class_filter_keeps_subclasses(dataset):
    events = build_graph(dataset, selection=Selection(classes=("Event",)))
    assert {d["class_label"] for _, d in events.nodes(data=True)} == {
        "Event",  # the announcement of the working group, the launch of 2020
        "Relation level change",  # the elevation of 2018
        "Meeting",
        "Dialogue session",
        "Visit",
        "Signing",
        "Communique issuance",
        "Statement issuance",
    }
    meetings = build_graph(dataset, selection=Selection(classes=("rel:Meeting",)))
    assert set(meetings) == {
        BSD_SESSION,
        RELD + "bsd-session-2",
        RELD + "tiwg-meeting-1",
        RELD + "meeting-2018-08-27-kenyatta-trump",
        RELD + "meeting-2020-02-06-kenyatta-trump",
        RELD + "meeting-2024-05-23-ruto-biden",
    }
    both = build_graph(dataset, selection=Selection(classes=("State", "Dialogue session")))
    assert set(both) == STATES | {BSD_SESSION, RELD + "bsd-session-2", RELD + "tiwg-meeting-1"}
    assert both.has_edge(BSD_SESSION, KENYA, key=REL + "hasParty")
    with pytest.raises(EntityError, match="No class is named 'Evnt'. Did you mean 'Event'"):
        build_graph(dataset, selection=Selection(classes=("Evnt",)))


def test_article_selection(dataset, whole):
    graph = build_graph(dataset, selection=Selection(article="article-2019-05-03-kenya-us-bsd"))
    second = build_graph(dataset, selection=Selection(article="article-2019-05-08-us-kenya-bsd-joint-statement"))
    every = set().union(
        *(
            build_graph(dataset, selection=Selection(article=g.name))
            for g in dataset.article_graphs()
            if "/article-" in g.name
        )
    )
    # the bundled graph holds the articles, and background knowledge no article states (data/background/)
    assert set(graph) | set(second) <= every <= set(whole)
    assert set(whole) - every == {RELD + "government-of-kenya"}
    assert RELD + "john-j-sullivan" in second and RELD + "john-j-sullivan" not in graph
    same = build_graph(dataset, selection=Selection(article="reld:article-2019-05-03-kenya-us-bsd"))
    assert set(same) == set(graph)
    with pytest.raises(EntityError, match="No article is called 'article-2019'"):
        build_graph(dataset, selection=Selection(article="article-2019"))


def test_canned_select_draws_its_entities_and_the_edges_among_them(dataset):
    graph = build_graph(dataset, selection=Selection(query="dialogue_pillars"))
    assert labels(graph) == {
        "Kenya–United States Bilateral Strategic Dialogue",
        "Meeting of President Uhuru Kenyatta and President Donald Trump in Washington, 27 August 2018",
        "Economic Prosperity, Trade and Investment",
        "Defence Cooperation",
        "Democracy, Governance and Civilian Security",
        "Multilateral and Regional Issues",
    }
    assert graph.has_edge(
        RELD + "bilateral-strategic-dialogue", RELD + "pillar-defence-cooperation", key=REL + "hasPillar"
    )


def test_canned_construct_draws_its_triples(dataset):
    graph = build_graph(
        dataset,
        selection=Selection(query="state_relations", params={"state_a": "Kenya", "state_b": "United States"}),
    )
    assert graph.has_edge(BSD_SESSION, KENYA, key=REL + "hasParty")
    assert graph.has_edge(
        RELD + "commitment-kenya-military-cooperation-with-us", RELD + "united-states", key=REL + "committedTowards"
    )
    # Its rdf:type and status triples become the node's class and status, not nodes.
    assert REL + "Commitment" not in graph and REL + "Planned" not in graph
    assert graph.nodes[BSD_SESSION]["status_label"] == "completed"  # the latest report


def test_adhoc_sparql_goes_through_the_read_only_guard(dataset):
    graph = build_graph(dataset, selection=Selection(sparql="SELECT ?s WHERE { ?s a rel:State }"))
    assert set(graph) == STATES
    assert graph.has_edge(KENYA, RELD + "united-states", key=REL + "hasBilateralRelationWith")
    with pytest.raises(QueryRefusedError):
        build_graph(dataset, selection=Selection(sparql="DELETE WHERE { ?s ?p ?o }"))
    with pytest.raises(QueryError, match="ASK"):
        build_graph(dataset, selection=Selection(sparql="ASK { ?s ?p ?o }"))


@pytest.mark.parametrize(
    ("selection", "message"),
    [
        (
            Selection(sparql="SELECT ?s WHERE { ?s a rel:Nothing }"),
            "Nothing to draw: the SPARQL query returned no rows.",
        ),
        (
            Selection(sparql="SELECT ?label WHERE { ?s rdfs:label ?label }"),
            "returned rows but no entity (IRI) in any column",
        ),
        (
            Selection(sparql="SELECT ?status WHERE { ?s rel:status ?status }"),
            "Nothing to draw: none of the IRIs the query returned (rel:Completed, rel:Planned, rel:StatedIntent)",
        ),
        (
            Selection(article="article-2019-05-03-kenya-us-bsd", classes=("Tenure",)),
            "Nothing to draw: no node of the selection (article article-2019-05-03-kenya-us-bsd; classes Tenure) "
            "is of class Tenure.",
        ),
    ],
)
def test_an_empty_selection_is_a_clear_error(dataset, selection, message):
    with pytest.raises(QueryError) as info:
        build_graph(dataset, selection=selection)
    assert message in str(info.value)


def test_an_empty_graph_folder_is_a_clear_error(tmp_path):
    root = tmp_path / "empty"
    shutil.copytree(REPO / "ontology", root / "ontology")
    (root / "data").mkdir()
    (root / "queries").mkdir()
    with pytest.raises(QueryError, match="has no article data yet"):
        build_graph(load_dataset(Project(root)))


def test_focus_on_provenance_says_how_to_see_it(dataset):
    with pytest.raises(QueryError, match="add --include-provenance"):
        build_graph(
            dataset, selection=Selection(focus="reld:tenure-monica-juma-cabinet-secretary-foreign-affairs-kenya")
        )


def test_selection_is_checked():
    with pytest.raises(ParameterError, match="not query and focus"):
        Selection(query="dialogue_pillars", focus="Kenya")
    with pytest.raises(ParameterError, match="go with a canned query"):
        Selection(params={"state": "Kenya"})
    with pytest.raises(ParameterError, match="0 or more"):
        Selection(focus="Kenya", depth=-1)
    assert (
        Selection(focus="Kenya", depth=2, classes=("Event",)).describe()
        == "neighbourhood of Kenya, depth 2; classes Event"
    )


LATER_ARTICLE = """\
@prefix reld: <https://w3id.org/relgraph/id/> .
@prefix rel: <https://w3id.org/relgraph/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix schema: <https://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
reld:article-2019-05-09-bsd-held a rel:NewsArticle ;
    rdfs:label "Kenya and US hold the first Strategic Dialogue"@en ;
    schema:datePublished "2019-05-09"^^xsd:date .
<https://w3id.org/relgraph/id/article-2019-05-09-bsd-held#char=0,44> a rel:Mention ;
    rel:inArticle reld:article-2019-05-09-bsd-held ;
    rel:exactText "The inaugural BSD was held on 7 and 8 May." .
reld:bsd-session-1 rel:status rel:Completed ;
    rel:denotedBy <https://w3id.org/relgraph/id/article-2019-05-09-bsd-held#char=0,44> .
"""


def test_the_latest_article_gives_the_status(project_copy):
    for held in project_copy.articles_dir.glob("article-2019-05-08-us-kenya-bsd-joint-statement.*"):
        held.unlink()  # the bundled joint statement reports the same; this test adds its own
    (project_copy.articles_dir / "article-2019-05-09-bsd-held.ttl").write_text(LATER_ARTICLE, encoding="utf-8")
    graph = build_graph(load_dataset(project_copy))
    session = graph.nodes[BSD_SESSION]
    assert session["status_label"] == "completed"
    assert [(r.article_date, r.label) for r in session["status_history"]] == [
        ("2019-05-03", "planned"),
        ("2019-05-09", "completed"),
    ]
    assert session["mentions"][-1].text == "The inaugural BSD was held on 7 and 8 May."
    assert len(session["articles"]) == 2
    # One article's graph: the second article says something only about the session.
    only = build_graph(load_dataset(project_copy), selection=Selection(article="article-2019-05-09-bsd-held"))
    assert list(only) == [BSD_SESSION]
    assert only.number_of_edges() == 0


def test_export_copy_writes_graphml(whole):
    flat = graph_for_export(whole)
    buffer = io.BytesIO()
    nx.write_graphml(flat, buffer)
    text = buffer.getvalue().decode("utf-8")
    assert "Inaugural session of the Kenya–US Bilateral Strategic Dialogue" in text
    assert "The meeting set to be held between May 7 and 8" in text
    assert flat.number_of_nodes() == whole.number_of_nodes()
    assert flat.number_of_edges() == whole.number_of_edges()


def test_build_is_deterministic(dataset):
    first = build_graph(dataset)
    second = build_graph(dataset)
    assert list(first.nodes(data=True)) == list(second.nodes(data=True))
    assert list(first.edges(keys=True, data=True)) == list(second.edges(keys=True, data=True))
