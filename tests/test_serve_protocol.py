"""relgraph serve for programs: the SPARQL 1.1 Protocol through independent clients (SPARQLWrapper,
rdflib's SPARQLStore), the canned queries as JSON, content negotiation, and every error a status
with a message while the server stays up."""

from __future__ import annotations

import json

import httpx
import pyoxigraph as ox
import pytest

from relgraph.model.namespaces import PREFIXES, RELD
from relgraph.query.formats import format_result
from relgraph.query.queries import bind_parameters, list_queries, run_query, run_sparql
from relgraph.store import load_dataset
from relgraph.store.binding import bind_values

from .conftest import REPO
from .serving import running_server

QUERY_NAMES = sorted(p.stem for p in (REPO / "queries").glob("*.rq"))

SELECT_STATES = "SELECT ?state ?label WHERE { ?state a rel:State ; rdfs:label ?label } ORDER BY ?label"
PREFIXED_STATES = (
    "PREFIX rel: <https://w3id.org/relgraph/ontology#>\n"
    "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n" + SELECT_STATES
)


@pytest.fixture(scope="module")
def served(repo_project):
    dataset = load_dataset(repo_project)
    with running_server(dataset) as base:
        yield base, dataset
    dataset.close()


@pytest.fixture(scope="module")
def base(served):
    return served[0]


@pytest.fixture(scope="module")
def states(served):
    """The states and their labels, read through the library (what the endpoint must send)."""
    rows = served[1].select(SELECT_STATES).rows
    found = [(state.value, label.value, label.language) for state, label in rows]
    assert (RELD + "kenya", "Kenya", "en") in found and (RELD + "united-states", "United States", "en") in found
    return found


@pytest.fixture(scope="module")
def http(base):
    with httpx.Client(base_url=base, timeout=30) as client:
        yield client


# ----- independent clients ------------------------------------------------------------------------


def test_sparqlwrapper_reads_select_in_every_result_format(base, states):
    from SPARQLWrapper import CSV, JSON, TSV, XML, SPARQLWrapper

    wrapper = SPARQLWrapper(base + "/sparql")
    wrapper.setQuery(PREFIXED_STATES)
    wrapper.setReturnFormat(JSON)
    rows = wrapper.query().convert()["results"]["bindings"]
    assert [(r["state"]["value"], r["label"]["value"], r["label"]["xml:lang"]) for r in rows] == states
    wrapper.setReturnFormat(XML)
    document = wrapper.query().convert()  # a parsed xml.dom document
    uris = [node.firstChild.data for node in document.getElementsByTagName("uri")]
    assert uris == [state for state, _, _ in states]
    wrapper.setReturnFormat(CSV)
    assert wrapper.query().convert().decode().splitlines() == [
        "state,label",
        *(f"{state},{label}" for state, label, _ in states),
    ]
    wrapper.setReturnFormat(TSV)
    tsv = wrapper.query().convert().decode().splitlines()
    assert len(tsv) == len(states) + 1 and f'<{RELD}kenya>\t"Kenya"@en' in tsv[1:]


def test_sparqlwrapper_post_ask_and_construct(base, states):
    from SPARQLWrapper import JSON, POST, TURTLE, SPARQLWrapper

    wrapper = SPARQLWrapper(base + "/sparql")
    wrapper.setMethod(POST)
    wrapper.setQuery("ASK { <https://w3id.org/relgraph/id/kenya> a <https://w3id.org/relgraph/ontology#State> }")
    wrapper.setReturnFormat(JSON)
    assert wrapper.query().convert()["boolean"] is True
    wrapper.setQuery(
        "CONSTRUCT { ?s <http://www.w3.org/2000/01/rdf-schema#label> ?l } WHERE "
        "{ ?s a <https://w3id.org/relgraph/ontology#State> ; <http://www.w3.org/2000/01/rdf-schema#label> ?l }"
    )
    wrapper.setReturnFormat(TURTLE)
    graph = wrapper.query().convert()
    triples = {q.triple for q in ox.parse(graph, format=ox.RdfFormat.TURTLE)}
    assert (
        ox.Triple(
            ox.NamedNode(RELD + "kenya"), ox.NamedNode(PREFIXES["rdfs"] + "label"), ox.Literal("Kenya", language="en")
        )
        in triples
    )
    assert len(triples) == len(states)  # one label per state


def test_rdflib_sparqlstore_queries_the_endpoint(base, states):
    from rdflib import Graph, Literal, URIRef
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    graph = Graph(store=SPARQLStore(base + "/sparql", returnFormat="xml"))
    rows = list(graph.query(PREFIXED_STATES))
    assert [(row.state, row.label) for row in rows] == [
        (URIRef(state), Literal(label, lang=language)) for state, label, language in states
    ]
    assert (URIRef(RELD + "kenya"), None, None) in graph  # a triple pattern (ASK) through the store


@pytest.mark.parametrize("query_name", QUERY_NAMES)
def test_every_canned_query_answers_as_the_cli_does(served, http, query_name):
    """The API and the endpoint (the query's text with its examples bound, sent by SPARQLWrapper)
    give what run_query gives, row for row."""
    from SPARQLWrapper import JSON, SPARQLWrapper

    base, dataset = served
    spec = next(s for s in list_queries(dataset.project) if s.name == query_name)
    expected = run_query(dataset, spec, use_example=True)
    if expected.result.__class__.__name__ == "GraphResult":
        answer = http.get(
            f"/api/query/{query_name}", params={"_example": "1"}, headers={"Accept": "application/n-triples"}
        )
        assert answer.status_code == 200, answer.text
        got = {q.triple for q in ox.parse(answer.content, format=ox.RdfFormat.N_TRIPLES)}
        assert got == set(expected.result.triples) and got
        return
    cli_json = json.loads(format_result(expected.result, fmt="json"))
    answer = http.get(f"/api/query/{query_name}", params={**spec.example_params})
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"].startswith("application/sparql-results+json")
    assert answer.json() == cli_json
    assert cli_json["results"]["bindings"], f"{query_name}'s example returns rows"
    bindings = bind_parameters(dataset, spec, spec.example_params)
    prologue = "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())
    wrapper = SPARQLWrapper(base + "/sparql")
    wrapper.setQuery(prologue + bind_values(spec.text, bindings))
    wrapper.setReturnFormat(JSON)
    assert wrapper.query().convert() == cli_json


def test_api_pages_with_a_link_to_the_next(http):
    first = http.get("/api/query/who_said_what", params={"_limit": "3"})
    assert first.status_code == 200
    assert len(first.json()["results"]["bindings"]) == 3
    following = first.headers["link"]
    assert 'rel="next"' in following and "_offset=3" in following
    second = http.get(following.split(">")[0].lstrip("<"))
    assert second.json()["results"]["bindings"][0] != first.json()["results"]["bindings"][0]


def test_api_lists_the_queries_with_parameters(http):
    listing = {q["name"]: q for q in http.get("/api/queries").json()}
    assert listing["dyad_timeline"]["params"][0] == {
        "name": "state_a",
        "type": "entity",
        "description": "One state of the pair.",
        "example": "Kenya",
        "required": True,
    }
    assert listing["dyad_timeline"]["view"] == "timeline"


def test_search_finds_labels_and_alternative_labels(http):
    found = http.get("/api/search", params={"q": "BSD"}).json()["results"]
    assert found[0]["iri"] == RELD + "bilateral-strategic-dialogue"
    assert found[0]["label"] == "Kenya–United States Bilateral Strategic Dialogue" and found[0]["matched"] == "BSD"
    juma = http.get("/api/search", params={"q": "juma"}).json()["results"][0]
    assert (juma["label"], juma["class"], juma["href"]) == ("Monica Juma", "Person", "/id/monica-juma")


# ----- the protocol's details -----------------------------------------------------------------------


def test_post_direct_and_form_and_get_agree(http, served):
    _, dataset = served
    expected = json.loads(format_result(run_sparql(dataset, SELECT_STATES).result, fmt="json"))
    accept = {"Accept": "application/sparql-results+json"}
    by_get = http.get("/sparql", params={"query": SELECT_STATES}, headers=accept)
    by_form = http.post("/sparql", data={"query": SELECT_STATES}, headers=accept)
    direct = http.post("/sparql", content=SELECT_STATES, headers={**accept, "Content-Type": "application/sparql-query"})
    assert by_get.json() == by_form.json() == direct.json() == expected


def test_content_negotiation_of_results(http):
    def ask(accept: str) -> httpx.Response:
        return http.get("/sparql", params={"query": SELECT_STATES}, headers={"Accept": accept})

    assert ask("text/csv").headers["content-type"].startswith("text/csv")
    assert ask("application/sparql-results+xml").text.startswith('<?xml version="1.0"?>')
    assert ask("text/tab-separated-values").text.startswith("?state\t?label")
    assert (
        ask("text/csv;q=0.5, application/sparql-results+xml")
        .headers["content-type"]
        .startswith("application/sparql-results+xml")
    )
    refused = ask("image/png")
    assert refused.status_code == 406
    assert "application/sparql-results+json" in refused.text
    graph = http.get(
        "/sparql",
        params={"query": "CONSTRUCT WHERE { <https://w3id.org/relgraph/id/kenya> ?p ?o }"},
        headers={"Accept": "application/ld+json"},
    )
    assert graph.headers["content-type"].startswith("application/ld+json")
    assert any(node.get("@id") == RELD + "kenya" for node in graph.json())


def test_service_description(http, base):
    answer = http.get("/sparql", headers={"Accept": "text/turtle"})
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/turtle")
    triples = {q.triple for q in ox.parse(answer.content, format=ox.RdfFormat.TURTLE)}
    sd = "http://www.w3.org/ns/sparql-service-description#"
    endpoints = {t.object.value for t in triples if t.predicate.value == sd + "endpoint"}
    assert endpoints == {base + "/sparql"}
    names = {t.object.value for t in triples if t.predicate.value == sd + "name"}
    assert RELD + "article-2019-05-03-kenya-us-bsd" in names
    languages = {t.object.value for t in triples if t.predicate.value == sd + "supportedLanguage"}
    assert languages == {sd + "SPARQL11Query"}
    assert http.get("/sparql", headers={"Accept": "text/html"}).status_code == 303  # a browser gets the editor


def test_entity_iris_negotiate_page_or_rdf(http):
    page = http.get("/id/kenya", headers={"Accept": "text/html"})
    assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
    assert '<h1 id="entity-label">Kenya</h1>' in page.text
    assert "https://www.wikidata.org/wiki/Q114" in page.text
    turtle = http.get("/id/kenya", headers={"Accept": "text/turtle"})
    assert turtle.headers["content-type"].startswith("text/turtle") and turtle.headers["vary"] == "Accept"
    triples = {q.triple for q in ox.parse(turtle.content, format=ox.RdfFormat.TURTLE)}
    assert (
        ox.Triple(ox.NamedNode(RELD + "kenya"), ox.NamedNode(PREFIXES["rel"] + "iso3166Alpha3"), ox.Literal("KEN"))
        in triples
    )
    jsonld = http.get("/id/kenya", headers={"Accept": "application/ld+json"}).json()
    assert any(node.get("@id") == RELD + "kenya" for node in jsonld)
    assert http.get("/id/kenya", params={"format": "ntriples"}).text.count(f"<{RELD}kenya>") > 5
    assert http.get("/id/no-such-thing", headers={"Accept": "text/html"}).status_code == 404


# ----- errors: a clear status and message, and the server stays up ---------------------------------------


@pytest.mark.parametrize(
    ("request_args", "status", "words"),
    [
        ({"params": {"query": "SELECT * WHERE { ?s ?p }"}}, 400, "SPARQL syntax error at line 1, column 24"),
        ({"params": {"query": "INSERT DATA { <a:b> <a:b> <a:b> }"}}, 403, "SPARQL update"),
        ({"params": {"update": "DELETE WHERE { ?s ?p ?o }"}}, 403, "only reads"),
        ({"params": {"query": "SELECT * WHERE { SERVICE <http://dbpedia.org/sparql> { ?s ?p ?o } }"}}, 403, "SERVICE"),
        ({"params": {"query": "SELECT * FROM <http://example.org/g> WHERE { ?s ?p ?o }"}}, 403, "never fetches"),
        (
            {"params": {"query": "SELECT * WHERE { ?s ?p ?o }", "default-graph-uri": "http://x/"}},
            400,
            "GRAPH <article>",
        ),
        ({"params": {"query": ""}}, 400, "empty"),
        ({"params": {"query": "ASK {}"}, "headers": {"Accept": "image/png"}}, 406, "sparql-results+json"),
    ],
)
def test_refusals_and_errors_on_sparql(http, request_args, status, words):
    answer = http.get("/sparql", **request_args)
    assert answer.status_code == status, answer.text
    assert words in answer.text
    assert http.get("/sparql", params={"query": "ASK {}"}).json()["boolean"] is True  # still up


def test_updates_posted_are_refused(http):
    body = "INSERT DATA { <urn:a> <urn:b> <urn:c> }"
    direct = http.post("/sparql", content=body, headers={"Content-Type": "application/sparql-update"})
    form = http.post("/sparql", data={"update": body})
    assert direct.status_code == form.status_code == 403
    assert http.get("/sparql", params={"query": "ASK { <urn:a> <urn:b> <urn:c> }"}).json()["boolean"] is False


def test_api_errors_are_json_with_a_hint(http):
    unknown = http.get("/api/query/dyad_timelin")
    assert unknown.status_code == 404
    assert unknown.json()["error"]["type"] == "UnknownQueryError"
    assert "Did you mean 'dyad_timeline'" in unknown.json()["error"]["message"]
    bad = http.get("/api/query/dyad_timeline", params={"state_a": "Kenia", "state_b": "United States"})
    assert bad.status_code == 400 and "Did you mean 'Kenya'" in bad.json()["error"]["message"]
    extra = http.get("/api/query/articles", params={"colour": "red"})
    assert extra.status_code == 400 and "has no parameter 'colour'" in extra.json()["error"]["message"]


def test_size_limits(http):
    long_url = http.get("/sparql", params={"query": "ASK {}" + " " * 20_000})
    assert long_url.status_code == 414 and "POST" in long_url.text
    big_body = http.post("/sparql", content="#" * 1_100_000, headers={"Content-Type": "application/sparql-query"})
    assert big_body.status_code == 413


def test_security_headers_and_no_cors_by_default(http):
    answer = http.get("/", headers={"Origin": "http://evil.example"})
    csp = answer.headers["content-security-policy"]
    assert (
        "script-src 'self'" in csp
        and "default-src 'none'" in csp
        and "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    )
    assert answer.headers["x-content-type-options"] == "nosniff"
    assert answer.headers["referrer-policy"] == "no-referrer"
    api = http.get("/api/queries", headers={"Origin": "http://evil.example"})
    assert "access-control-allow-origin" not in api.headers


def test_cors_when_asked_for(repo_project):
    from relgraph.server import ServeSettings

    dataset = load_dataset(repo_project)
    try:
        with running_server(dataset, ServeSettings(cors=True)) as base:
            answer = httpx.get(base + "/sparql", params={"query": "ASK {}"}, headers={"Origin": "http://a.example"})
            assert answer.headers["access-control-allow-origin"] == "*"
    finally:
        dataset.close()
