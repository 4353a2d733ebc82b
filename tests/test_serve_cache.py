"""What relgraph serve keeps between requests (rendered entity and article pages, checked query
texts) is dropped when the graph changes: a page after a change shows the change, never the page
kept from before it."""

from __future__ import annotations

import httpx
import pyoxigraph as ox
import pytest

from relgraph.model.namespaces import PREFIXES, RELD
from relgraph.store import load_dataset

from .serving import running_server

KENYA = RELD + "kenya"
ALT_LABEL = ox.NamedNode(PREFIXES["skos"] + "altLabel")
NEW_GRAPH = RELD + "article-2099-01-01-cache-test"
NEW_NAME = "Cache-Test <Republic> & Co"


@pytest.fixture
def changing(project_copy):
    dataset = load_dataset(project_copy)
    with running_server(dataset) as base, httpx.Client(base_url=base, timeout=30) as http:
        yield dataset, http
    dataset.close()


def test_a_kept_entity_page_is_dropped_when_the_graph_changes(changing):
    dataset, http = changing
    first = http.get("/id/kenya")
    assert first.status_code == 200 and "Kenya" in first.text
    assert "Cache-Test" not in first.text
    again = http.get("/id/kenya")
    assert again.text == first.text  # kept: the same page, not built again

    dataset.replace_graph(NEW_GRAPH, [ox.Triple(ox.NamedNode(KENYA), ALT_LABEL, ox.Literal(NEW_NAME, language="en"))])
    changed = http.get("/id/kenya")
    assert changed.status_code == 200
    assert "Cache-Test &lt;Republic&gt; &amp; Co" in changed.text  # the change, escaped
    assert "<Republic>" not in changed.text

    dataset.drop_graph(NEW_GRAPH)
    assert "Cache-Test" not in http.get("/id/kenya").text


def test_a_checked_query_text_sees_graphs_added_after_it(changing):
    dataset, http = changing
    text = "SELECT ?name WHERE { ?s skos:altLabel ?name FILTER(STRSTARTS(?name, 'Cache-Test')) }"
    accept = {"Accept": "application/sparql-results+json"}
    before = http.post("/sparql", data={"query": text}, headers=accept)
    assert before.status_code == 200 and before.json()["results"]["bindings"] == []
    dataset.replace_graph(NEW_GRAPH, [ox.Triple(ox.NamedNode(KENYA), ALT_LABEL, ox.Literal(NEW_NAME, language="en"))])
    after = http.post("/sparql", data={"query": text}, headers=accept)
    assert [b["name"]["value"] for b in after.json()["results"]["bindings"]] == [NEW_NAME]
