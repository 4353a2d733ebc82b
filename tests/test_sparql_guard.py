"""The read-only guard refuses updates, SERVICE and outside graphs, and nothing else."""

from __future__ import annotations

import pytest

from relgraph.errors import QueryRefusedError
from relgraph.store.sparql import check_read_only, inspect_query

GRAPHS = {"https://w3id.org/relgraph/id/article-1"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("DELETE WHERE { ?s ?p ?o }", "SPARQL update (DELETE)"),
        ("INSERT DATA { <a:x> <a:y> <a:z> }", "SPARQL update (INSERT)"),
        ("LOAD <http://example.org/data.ttl>", "SPARQL update (LOAD)"),
        ("CLEAR ALL", "SPARQL update (CLEAR)"),
        ("drop graph <a:g>", "SPARQL update (DROP)"),
        ("SELECT * WHERE { ?s ?p ?o } ; DELETE WHERE { ?s ?p ?o }", "SPARQL update (DELETE)"),
        ("SELECT * WHERE { SERVICE <http://dbpedia.org/sparql> { ?s ?p ?o } }", "SERVICE"),
        ("select * where { service silent <http://x/> { ?s ?p ?o } }", "SERVICE"),
        ("SELECT * FROM <http://example.org/remote.ttl> WHERE { ?s ?p ?o }", "names no graph in this dataset"),
        ("SELECT * FROM NAMED <file:///etc/passwd> WHERE { GRAPH ?g { ?s ?p ?o } }", "names no graph"),
        ("PREFIX ex: <http://ex/> SELECT * FROM ex:g WHERE { ?s ?p ?o }", "<http://ex/g>"),
        ("hello world", "not a SPARQL query"),
    ],
)
def test_refused(text, message):
    with pytest.raises(QueryRefusedError, match=message.replace("(", r"\(").replace(")", r"\)")):
        check_read_only(text, graphs=GRAPHS)


@pytest.mark.parametrize(
    "text",
    [
        'SELECT ?s WHERE { ?s rdfs:label "please DELETE and SERVICE me" }',
        "SELECT ?s WHERE { ?s rdfs:comment ?c } # DELETE WHERE { ?s ?p ?o }",
        "SELECT ?service ?delete WHERE { ?service ?delete ?o }",
        "SELECT * WHERE { ?s rel:insert ?o }",
        "SELECT * FROM <https://w3id.org/relgraph/id/article-1> WHERE { ?s ?p ?o }",
        "ASK { ?s ?p ?o }",
        "CONSTRUCT WHERE { ?s ?p ?o }",
        "DESCRIBE <https://w3id.org/relgraph/id/kenya>",
    ],
)
def test_allowed(text):
    check_read_only(text, graphs=GRAPHS)


def test_projection_is_read_off_the_select_clause():
    shape = inspect_query("SELECT DISTINCT ?a (COUNT(?x) AS ?n) WHERE { ?a ?b ?x } GROUP BY ?a")
    assert shape.form == "SELECT"
    assert shape.projected == ("a", "n")
    assert inspect_query("SELECT * WHERE { ?s ?p ?o }").projected is None
