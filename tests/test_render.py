"""The graph page: one offline file, readable, escaped, deterministic; and 'relgraph render'."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

from relgraph.model.namespaces import REL, RELD
from relgraph.paths import Project
from relgraph.store import load_dataset
from relgraph.views.graphview import Selection, build_graph
from relgraph.views.visualise import CLUSTER_NODE_LIMIT, PHYSICS_NODE_LIMIT, layout_positions, page_data, render_html

from .conftest import REPO

HOSTILE_LABELS = {
    "state": "<img src=x onerror=alert(1)>",
    "meeting": "</script><script>alert(1)</script>",
    "person": '<a href="javascript:alert(1)">click</a> & <b>bold</b>\u2028line\u2029para',
    "article": "</title><script>alert(1)</script><!--",
}
HOSTILE_SENTENCE = "<script>alert(1)</script> said <img src=x onerror=alert(1)> ]]> --> <!--"

HOSTILE_ARTICLE = r"""
@prefix reld: <https://w3id.org/relgraph/id/> .
@prefix rel: <https://w3id.org/relgraph/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix schema: <https://schema.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
reld:article-hostile a rel:NewsArticle ;
    rdfs:label "</title><script>alert(1)</script><!--"@en ;
    schema:url <javascript:alert(1)> ;
    schema:datePublished "2020-01-01"^^xsd:date .
<https://w3id.org/relgraph/id/article-hostile#char=0,10> a rel:Mention ;
    rel:inArticle reld:article-hostile ;
    rel:exactText "<script>alert(1)</script> said <img src=x onerror=alert(1)> ]]> --> <!--" .
reld:evil-state a rel:State ; rdfs:label "<img src=x onerror=alert(1)>"@en .
reld:good-state a rel:State ; rdfs:label "Ruritania"@en .
reld:evil-meeting a rel:Meeting ;
    rdfs:label "</script><script>alert(1)</script>"@en ;
    rel:status rel:Planned ;
    rel:startDate "2020-02-02"^^xsd:date ;
    rel:hasParty reld:evil-state , reld:good-state ;
    rel:hasParticipant reld:evil-person ;
    rel:denotedBy <https://w3id.org/relgraph/id/article-hostile#char=0,10> .
reld:evil-person a rel:Person ;
    rdfs:label "<a href=\"javascript:alert(1)\">click</a> & <b>bold</b>\u2028line\u2029para"@en .
"""


def make_hostile_project(root: Path) -> Project:
    """A graph folder with the real ontology and one article whose every text is an attack."""
    shutil.copytree(REPO / "ontology", root / "ontology")
    (root / "queries").mkdir(parents=True)
    (root / "data" / "articles").mkdir(parents=True)
    (root / "data" / "articles" / "article-hostile.ttl").write_text(HOSTILE_ARTICLE, encoding="utf-8")
    return Project(root)


def page_payload(html: str) -> dict:
    match = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', html, re.S)
    assert match, "the page carries its data in one JSON block"
    return json.loads(match.group(1))


@pytest.fixture(scope="module")
def bundled_page(dataset, tmp_path_factory):
    graph = build_graph(dataset)
    path = render_html(graph, output=tmp_path_factory.mktemp("page") / "graph.html", command="relgraph render")
    return graph, path.read_text(encoding="utf-8")


def test_the_page_is_one_file_with_nothing_from_outside(bundled_page):
    _, html = bundled_page
    tags = re.findall(r"<(script|link|img|iframe|object|embed|source|audio|video)\b[^>]*>", html, re.I)
    assert [t.lower() for t in tags] == ["script", "script", "script"]  # the data, vis-network, our script
    assert not re.search(r"<script[^>]*\ssrc=", html, re.I)
    assert not re.search(r"<link\b", html, re.I)
    assert not re.search(r"""(src|href)\s*=\s*["']?\s*(https?:)?//""", html, re.I)
    assert not re.search(r"@import|url\(\s*['\"]?(https?:)?//", html, re.I)
    assert "cdnjs" not in html and "jsdelivr" not in html and "bootstrap" not in html.lower()
    assert "vis-network" in html and "9.1.2" in html
    # A Content Security Policy forbids any request and runs only the page's own scripts.
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html).group(1)
    assert "default-src &#39;none&#39;" in csp
    assert "connect-src &#39;none&#39;" in csp
    assert csp.count("sha256-") == 2


def test_the_page_shows_labels_with_a_legend(bundled_page):
    graph, html = bundled_page
    data = page_payload(html)
    assert len(data["nodes"]) == graph.number_of_nodes()
    assert len(data["edges"]) == graph.number_of_edges()
    drawn = {n["label"].split("\n")[0] for n in data["nodes"]}
    assert "Kenya" in drawn and "Monica Juma" in drawn
    assert not [label for label in drawn if "://" in label or label.startswith("reld:")]
    assert {e["label"] for e in data["edges"]} >= {"has party", "has pillar", "focuses on", "led by"}
    legend = {entry["label"]: entry for entry in data["legend"]}
    assert {"State", "Person", "Dialogue session", "Commitment", "Pillar", "Bilateral mechanism"} <= set(legend)
    # the bundled history names eight states (Kenya, the US, and six others its texts mention)
    assert legend["State"]["count"] == 8 and legend["State"]["shape"] == "hexagon"
    assert legend["Dialogue session"]["colour"] != legend["Commitment"]["colour"]
    assert [s["status"].rsplit("#", 1)[1] for s in data["statuses"]] == ["Completed", "Planned", "StatedIntent"]
    assert data["meta"]["selection"] == "whole instance graph"
    assert "Made by relgraph" in html and "whole instance graph" in html


def test_planned_and_completed_events_look_different(bundled_page):
    _, html = bundled_page
    data = page_payload(html)
    by_iri = {info["iri"]: node for info, node in zip(data["info"], data["nodes"], strict=True)}
    planned = by_iri[RELD + "signing-bsd-agreement-and-sgi-action-plan"]  # announced, no later report
    completed = by_iri[RELD + "meeting-2018-08-27-kenyatta-trump"]
    held = by_iri[RELD + "bsd-session-1"]  # planned in the first article, held in the second
    visit = by_iri[RELD + "visit-kenyan-delegation-to-us-2019-05"]  # planned, then reported with Juma present
    assert planned["shapeProperties"]["borderDashes"]
    for node in (completed, held, visit):
        assert "shapeProperties" not in node
    assert held["label"].endswith("\n2019-05-07 – 2019-05-08")
    assert completed["label"].endswith("\n2018-08-27")


def test_the_side_panel_data_of_the_inaugural_session(bundled_page):
    _, html = bundled_page
    data = page_payload(html)
    (info,) = [i for i in data["info"] if i["iri"] == RELD + "bsd-session-1"]
    assert info["class"] == "Dialogue session"
    assert (info["start"], info["end"], info["status"]) == ("2019-05-07", "2019-05-08", "completed")
    assert info["attributedTo"] == "Monica Juma"  # the second article names no speaker
    mentions = [data["sentences"][number] for number in info["mentions"]]
    assert any(m["text"].startswith("The meeting set to be held between May 7 and 8") for m in mentions)
    assert mentions[0]["url"] == "data/articles/article-2019-05-03-kenya-us-bsd.txt"  # relative: no local path
    assert str(REPO) not in html and "file:///" not in html
    assert mentions[0]["date"] == "2019-05-03"
    # Each sentence is in the page once, however many facts it grounds.
    # 67 sentence mentions across the eight bundled texts (tests/test_ingest.py counts them in stats)
    assert len({m["text"] for m in data["sentences"]}) == len(data["sentences"]) == 67
    assert [m["date"] for m in mentions] == ["2019-05-03"] * 4 + ["2019-05-08"] * 2
    assert ["event type", "Engage in negotiation"] in info["facts"]  # talks: CAMEO 046


def test_hostile_labels_stay_text(tmp_path):
    project = make_hostile_project(tmp_path / "hostile")
    graph = build_graph(load_dataset(project))
    html = render_html(graph, output=tmp_path / "page.html", title=HOSTILE_LABELS["article"]).read_text("utf-8")
    # Exactly the page's own three script elements and no markup from the data.
    assert len(re.findall(r"<script\b", html, re.I)) == 3
    assert len(re.findall(r"</script\s*>", html, re.I)) == 3
    assert "<img" not in html
    assert "<b>bold" not in html
    assert "\u2028" not in html and "\u2029" not in html
    assert "<!--" not in html.split("-->", 1)[1]  # only the page's own leading comment
    assert "</title><script>" not in html
    assert "<title>&lt;/title&gt;&lt;script&gt;alert(1)&lt;/script&gt;&lt;!--</title>" in html
    # ... and the text comes back intact from the JSON.
    data = page_payload(html)
    shown = {i["label"] for i in data["info"]}
    assert set(HOSTILE_LABELS.values()) - {HOSTILE_LABELS["article"]} <= shown
    (meeting,) = [i for i in data["info"] if i["label"] == HOSTILE_LABELS["meeting"]]
    (sentence,) = (data["sentences"][number] for number in meeting["mentions"])
    assert sentence["text"] == HOSTILE_SENTENCE
    assert sentence["article"] == HOSTILE_LABELS["article"]
    assert sentence["url"] == ""  # a javascript: URL is never a link
    # pyvis titles are not used: no node or edge carries HTML for vis-network to show.
    assert not [n for n in data["nodes"] if "title" in n]
    assert not [e for e in data["edges"] if "title" in e]


def test_same_seed_same_file(dataset, tmp_path):
    graph = build_graph(dataset)
    first = render_html(graph, output=tmp_path / "a.html", seed=3).read_bytes()
    second = render_html(build_graph(dataset), output=tmp_path / "b.html", seed=3).read_bytes()
    other = render_html(graph, output=tmp_path / "c.html", seed=4).read_bytes()
    assert first == second
    assert first != other


def test_layout_is_seeded_and_spreads_nodes():
    graph = nx.MultiDiGraph()
    for i in range(300):
        graph.add_node(f"n{i}", label=f"node {i}", class_label="Thing")
        if i:
            graph.add_edge(f"n{i}", f"n{(i * 7) % i}", key="p")
    graph.add_node("lonely", label="lonely", class_label="Thing")
    first = layout_positions(graph, seed=1)
    assert first == layout_positions(graph, seed=1)
    assert first != layout_positions(graph, seed=2)
    assert set(first) == set(graph)
    points = sorted(first.values())
    assert len(set(points)) == len(points)


def test_large_graphs_are_drawn_where_python_put_them():
    graph = nx.MultiDiGraph()
    for i in range(PHYSICS_NODE_LIMIT + 1):
        graph.add_node(f"n{i}", label=f"node {i}", class_label="Thing")
    small = nx.MultiDiGraph(graph.subgraph([f"n{i}" for i in range(10)]))
    assert page_data(graph)["physics"] is False
    assert page_data(small)["physics"] is True
    assert all("x" in n and "y" in n for n in page_data(small)["nodes"])


def test_a_large_page_opens_on_class_groups_placed_by_python_members_best_connected_first():
    """Above CLUSTER_NODE_LIMIT nodes the groups and lone nodes get positions; a group's members get theirs
    in the page when it opens (no layout of every node in Python), listed best connected first."""
    graph = nx.MultiDiGraph()
    for i in range(CLUSTER_NODE_LIMIT + 20):
        graph.add_node(f"p{i}", label=f"Person {i:03}", class_label="Person", types=(REL + "Person",))
    for i in range(30):
        graph.add_node(f"s{i}", label=f"State {i:02}", class_label="State", types=(REL + "State",))
    graph.add_node("un", label="United Nations", class_label="International organisation")
    for i in range(CLUSTER_NODE_LIMIT + 20):
        graph.add_edge(f"p{i}", f"s{i % 30}", key="p", label="citizen of")
    for i in range(5):  # p7 is the best connected person: five more links
        graph.add_edge("p7", f"s{i}", key="q", label="visited")
    graph.add_edge("s3", "un", key="m", label="member of")
    data = page_data(graph)
    groups = {g["id"]: g for g in data["clusters"]}
    assert set(groups) == {"group:Person", "group:State"}
    assert groups["group:Person"]["label"] == f"Person ({CLUSTER_NODE_LIMIT + 20:,})"
    nodes = list(graph)
    people = groups["group:Person"]["members"]
    assert nodes[people[0]] == "p7" and len(people) == CLUSTER_NODE_LIMIT + 20
    assert [nodes[i] for i in people[1:4]] == ["p0", "p1", "p2"]  # then by label
    assert all("x" in g and "y" in g for g in groups.values())
    grouped = {i for g in groups.values() for i in g["members"]}
    for node in data["nodes"]:
        assert ("x" in node) == (node["id"] not in grouped)  # the lone United Nations has its place
    links = {(a, b): n for a, b, n in data["groupLinks"]}
    assert links[("group:Person", "group:State")] == CLUSTER_NODE_LIMIT + 20 + 5
    assert links[("group:State", nodes.index("un"))] == 1
    # Colours once per style, not per node.
    assert len(data["colours"]) == 3 and {n["colour"] for n in data["nodes"]} == {0, 1, 2}


def test_render_command_default_output(cli, tmp_path, monkeypatch, repo_project):
    monkeypatch.chdir(tmp_path)
    result = cli("render", "--focus", "Monica Juma", "--depth", "1", project=repo_project)
    assert result.exit_code == 0, result.output
    assert "Wrote graph.html: 9 nodes" in result.output  # with her two roles (rel:Participation)
    data = page_payload((tmp_path / "graph.html").read_text(encoding="utf-8"))
    assert {i["label"] for i in data["info"]} >= {"Monica Juma", "Cabinet Secretary for Foreign Affairs (Kenya)"}
    assert data["meta"]["selection"] == "neighbourhood of Monica Juma, depth 1"


def test_render_command_options(cli, tmp_path, repo_project):
    out = tmp_path / "events.html"
    result = cli(
        "render", "-o", str(out), "--article", "article-2019-05-03-kenya-us-bsd", "--class", "Event", "--seed", "2",
        project=repo_project,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = page_payload(out.read_text(encoding="utf-8"))
    assert {i["class"] for i in data["info"]} == {
        "Meeting", "Dialogue session", "Visit", "Signing", "Communique issuance", "Statement issuance",
    }  # fmt: skip
    assert data["meta"]["seed"] == 2
    result = cli(
        "render", "-o", str(out), "--query", "state_relations", "-p", "state_a=Kenya", "-p", "state_b=United States",
        project=repo_project,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "canned query state_relations (state_a=Kenya, state_b=United States)" in result.output


def test_render_command_errors_are_messages(cli, tmp_path, repo_project):
    out = tmp_path / "none.html"
    result = cli("render", "-o", str(out), "--sparql", "SELECT ?x WHERE { ?x a rel:Nothing }", project=repo_project)
    assert result.exit_code == 8
    assert "Error: Nothing to draw: the SPARQL query returned no rows." in result.output
    assert not out.exists()
    result = cli("render", "-o", str(out), "--focus", "Kenya", "--article", "x", project=repo_project)
    assert result.exit_code == 8
    assert "Choose one way to select the graph, not focus and article" in result.output
    result = cli("render", "-o", str(out), "--sparql", "DELETE WHERE { ?s ?p ?o }", project=repo_project)
    assert result.exit_code == 8 and "SPARQL update" in result.output


def test_query_command_does_not_load_the_page_libraries():
    code = "import sys, relgraph.cli; print(sorted(m for m in ('networkx', 'pyvis', 'jinja2') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_the_template_ships_inside_the_package():
    from importlib import resources

    folder = resources.files("relgraph") / "templates"
    assert {"graph.html", "graph.js", "graph.css"} <= {p.name for p in folder.iterdir()}
    script = (folder / "graph.js").read_text(encoding="utf-8")
    assert "innerHTML" not in script and "insertAdjacentHTML" not in script and "eval(" not in script


def test_hostile_project_helper_selection(tmp_path):
    project = make_hostile_project(tmp_path / "h")
    graph = build_graph(load_dataset(project), selection=Selection(focus="Ruritania", depth=1))
    assert {d["label"] for _, d in graph.nodes(data=True)} == {"Ruritania", HOSTILE_LABELS["meeting"]}
