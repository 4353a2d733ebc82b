"""A large render reads less: a neighbourhood is found from types and links, and only some nodes' details are read.

``build_graph(..., detail_limit=N)`` must draw exactly the nodes and edges the whole graph
has there, give the N nodes nearest to the focus everything they had before, and mark the
others as left out; the page must say so, and say nothing when nothing was left out.
"""

from __future__ import annotations

import json
import re
from collections import deque

import networkx as nx
import pytest

from relgraph.model.namespaces import RELD
from relgraph.paths import Project
from relgraph.store import load_dataset
from relgraph.views.graphview import Selection, build_graph
from relgraph.views.visualise import graph_page

KENYA = RELD + "kenya"
DETAILS = {"mentions", "facts", "articles", "attributed_to", "attribution_mode", "status_history"}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    from relgraph.synthetic import generate_corpus

    root = generate_corpus(tmp_path_factory.mktemp("details") / "corpus", triples=20_000, seed=1, progress=False).root
    return load_dataset(Project(root))


@pytest.fixture(scope="module")
def whole(corpus):
    return build_graph(corpus)


def within(graph: nx.MultiDiGraph, centre: str, depth: int) -> dict[str, int]:
    """Hops from ``centre`` over the whole graph's edges, either way: the neighbourhood by another road."""
    seen, queue = {centre: 0}, deque([centre])
    while queue:
        node = queue.popleft()
        if seen[node] == depth:
            continue
        for other in set(graph.successors(node)) | set(graph.predecessors(node)):
            if other not in seen:
                seen[other] = seen[node] + 1
                queue.append(other)
    return seen


def edges(graph: nx.MultiDiGraph) -> list[tuple]:
    return sorted((s, o, k, tuple(sorted(d.items()))) for s, o, k, d in graph.edges(keys=True, data=True))


@pytest.mark.parametrize("limit", [None, 40])
def test_a_depth_2_neighbourhood_draws_what_the_whole_graph_has_there(corpus, whole, limit):
    near = within(whole, KENYA, 2)
    graph = build_graph(corpus, selection=Selection(focus="Kenya", depth=2), detail_limit=limit)
    assert set(graph) == set(near) and len(near) > 150
    assert edges(graph) == edges(whole.subgraph(near))
    # Labels, classes, dates and status (with its history) are the whole graph's, detailed or not.
    for node, data in graph.nodes(data=True):
        expected = {k: v for k, v in whole.nodes[node].items() if k not in DETAILS}
        assert {k: v for k, v in data.items() if k not in DETAILS | {"details_left_out", "mention_count"}} == expected


def test_the_details_of_the_nearest_nodes_are_read_and_the_rest_marked(corpus, whole):
    full = build_graph(corpus, selection=Selection(focus="Kenya", depth=2))
    graph = build_graph(corpus, selection=Selection(focus="Kenya", depth=2), detail_limit=40)
    assert "details" not in full.graph and not [n for n, d in full.nodes(data=True) if d.get("details_left_out")]
    detailed = [n for n, d in graph.nodes(data=True) if not d.get("details_left_out")]
    left_out = [n for n, d in graph.nodes(data=True) if d.get("details_left_out")]
    assert len(detailed) == 40 and KENYA in detailed
    assert graph.graph["details"] == {"limit": 40, "left_out": len(graph) - 40, "chosen": "nearest to the focus"}
    for node in detailed:
        assert graph.nodes[node] == full.nodes[node], node
    hops = within(whole, KENYA, 2)
    assert max(hops[n] for n in detailed) <= min(hops[n] for n in left_out)  # the nearest first
    with_sentences = 0
    for node in left_out:
        data, before = graph.nodes[node], full.nodes[node]
        assert not DETAILS & set(data), node
        assert data["mention_count"] == len(before.get("mentions", ()))  # every synthetic mention has its text
        with_sentences += bool(data["mention_count"])
    assert with_sentences > len(left_out) / 2


def test_with_fewer_nodes_than_the_limit_nothing_is_left_out(corpus):
    full = build_graph(corpus, selection=Selection(focus="Kenya", depth=1))
    limited = build_graph(corpus, selection=Selection(focus="Kenya", depth=1), detail_limit=len(full))
    assert "details" not in limited.graph
    assert dict(limited.nodes(data=True)) == dict(full.nodes(data=True)) and edges(limited) == edges(full)


def test_other_selections_keep_the_best_connected_and_draw_the_same(corpus, whole):
    chosen = tuple(sorted(whole)[:120])
    full = build_graph(corpus, selection=Selection(entities=chosen))
    graph = build_graph(corpus, selection=Selection(entities=chosen), detail_limit=10)
    assert set(graph) == set(full) and edges(graph) == edges(full)
    assert graph.graph["details"]["chosen"] == "best connected"
    detailed = {n for n, d in graph.nodes(data=True) if not d.get("details_left_out")}
    degree = dict(graph.degree())
    assert min(degree[n] for n in detailed) >= max(degree[n] for n in graph if n not in detailed)
    article = sorted(g.name for g in corpus.article_graphs())[0]
    full = build_graph(corpus, selection=Selection(article=article))
    limited = build_graph(corpus, selection=Selection(article=article), detail_limit=3)
    assert set(limited) == set(full) and edges(limited) == edges(full) and len(full) > 3


def test_provenance_drawn_when_asked_for_even_with_a_limit(corpus):
    selection = Selection(focus="Kenya", depth=1, include_provenance=True)
    full = build_graph(corpus, selection=selection)
    limited = build_graph(corpus, selection=selection, detail_limit=20)
    assert [n for n in full if "#char=" in n] and set(limited) == set(full)
    assert edges(limited) == edges(full)


def page_json(html: str) -> dict:
    found = re.search(r'<script type="application/json" id="graph-data">(.*?)</script>', html, re.S)
    assert found
    return json.loads(found.group(1))


def test_the_page_says_what_was_left_out_only_when_something_was(corpus):
    limited = build_graph(corpus, selection=Selection(focus="Kenya", depth=2), detail_limit=40)
    html = graph_page(limited, command="relgraph render --focus Kenya --depth 2")
    data = page_json(html)
    left = len(limited) - 40
    assert data["meta"]["details"] == {
        "limit": 40,
        "leftOut": left,
        "nodes": len(limited),
        "chosen": "nearest to the focus",
    }
    note = re.search(r'<p id="left-out" class="note">(.*?)</p>', html, re.S)
    assert note, "the page does not say what it left out"
    text = " ".join(note.group(1).split())
    assert "of the 40 nodes nearest to the focus" in text and f"other {left:,} of its {len(limited):,} nodes" in text
    assert "--details all" in text
    nodes = list(limited)
    kenya = data["info"][nodes.index(KENYA)]
    assert "leftOut" not in kenya and kenya["mentions"]
    marked = [i for i, n in enumerate(nodes) if limited.nodes[n].get("details_left_out")]
    assert {i for i, item in enumerate(data["info"]) if "leftOut" in item} == set(marked)
    assert all("mentions" not in data["info"][i] and "facts" not in data["info"][i] for i in marked)
    assert [data["info"][i]["leftOut"] for i in marked] == [limited.nodes[nodes[i]]["mention_count"] for i in marked]

    full = graph_page(build_graph(corpus, selection=Selection(focus="Kenya", depth=2)))
    assert 'id="left-out"' not in full and page_json(full)["meta"]["details"] is None
    assert not [item for item in page_json(full)["info"] if "leftOut" in item]


def test_render_command_details_option(cli, tmp_path, corpus):
    root = str(corpus.project.root)
    out = tmp_path / "page.html"
    result = cli("--project", root, "render", "--focus", "Kenya", "--depth", "2", "--details", "25", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert re.search(r"the details of \d+ were left out \(--details all to include them\)", result.output)
    assert 'id="left-out"' in out.read_text(encoding="utf-8")
    result = cli("--project", root, "render", "--focus", "Kenya", "--depth", "2", "--details", "all", "-o", str(out))
    assert result.exit_code == 0 and "left out" not in result.output
    assert 'id="left-out"' not in out.read_text(encoding="utf-8")
    for bad in ("-1", "many"):
        result = cli("--project", root, "render", "--focus", "Kenya", "--details", bad, "-o", str(out))
        assert result.exit_code != 0 and "--details" in result.output and "'all'" in result.output, result.output


def test_a_kept_instance_graph_gives_the_same_graph_and_reads_far_less(corpus, monkeypatch):
    from relgraph.store import Dataset
    from relgraph.views.graphview import build_structure

    kept = build_structure(corpus)
    selection = Selection(focus="Kenya", depth=2)
    rows: list[int] = []
    select = Dataset.select

    def counted(self, text, bindings=None):
        result = select(self, text, bindings)
        rows.append(len(result.rows))
        return result

    monkeypatch.setattr(Dataset, "select", counted)
    read = build_graph(corpus, selection=selection, detail_limit=40)
    read_rows, rows[:] = sum(rows[1:]), []  # the ontology (the first query) is read either way
    asked: list[str] = []
    taken = build_graph(corpus, selection=selection, detail_limit=40, structure=lambda: asked.append("yes") or kept)
    assert asked == ["yes"] and sum(rows[1:]) < read_rows / 2, (rows, read_rows)
    assert taken.graph == read.graph
    assert dict(taken.nodes(data=True)) == dict(read.nodes(data=True)) and edges(taken) == edges(read)
    # Not asked for where it would not give the same graph: provenance drawn, every node's details.
    build_graph(
        corpus, selection=Selection(focus="Kenya", include_provenance=True), detail_limit=5, structure=asked.clear
    )
    build_graph(corpus, selection=selection, structure=asked.clear)
    assert asked == ["yes"]


def test_render_takes_the_neighbourhood_from_the_kept_instance_graph(cli, tmp_path, corpus, monkeypatch):
    from relgraph.analytics import projection
    from relgraph.analytics.projection import kept_structure, structure
    from relgraph.store.config import open_dataset

    found: list[bool] = []

    def watched(dataset):
        kept = kept_structure(dataset)
        found.append(kept is not None)
        return kept

    monkeypatch.setattr(projection, "kept_structure", watched)

    root, store = corpus.project.root, tmp_path / "store"
    assert cli("--project", str(root), "--store", str(store), "index").exit_code == 0
    pages = []
    for _ in range(2):
        out = tmp_path / f"page{len(pages)}.html"
        result = cli("--project", str(root), "--store", str(store), "render", "--focus", "Kenya", "--depth", "2",
                     "--details", "30", "-o", str(out))  # fmt: skip
        assert result.exit_code == 0, result.output
        pages.append(out.read_text(encoding="utf-8"))
        with open_dataset(corpus.project, store=store) as dataset:
            if kept_structure(dataset) is None:
                structure(dataset)  # what 'relgraph central' or 'path' leaves in the store
    assert found == [False, True]  # built by neither render: the first read the store, the second took it
    assert pages[0] == pages[1] and 'id="left-out"' in pages[0]


def test_the_command_s_default_is_the_library_s():
    from relgraph.cli.render import render_command
    from relgraph.views.graphview import DETAIL_NODE_LIMIT

    option = next(p for p in render_command.params if p.name == "details")
    assert option.default == str(DETAIL_NODE_LIMIT)
