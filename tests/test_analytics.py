"""Analytics over graphview's networkx graph: path, central, dyads, GraphML/GEXF export."""

from __future__ import annotations

import networkx as nx
import pytest

from relgraph.analytics.network import (
    _betweenness,
    _pagerank,
    dyad_summaries,
    export_graph,
    find_paths,
    rank_centrality,
)
from relgraph.errors import EntityError, ParameterError
from relgraph.model.namespaces import RELD
from relgraph.query.queries import run_query
from relgraph.store import load_dataset
from relgraph.views.graphview import build_graph, build_structure

KENYA, US = RELD + "kenya", RELD + "united-states"


@pytest.fixture(scope="module")
def structure(dataset):
    return build_structure(dataset)


def test_the_structure_has_the_nodes_and_edges_of_the_graph_page(dataset, structure):
    full = build_graph(dataset)
    assert set(structure.nodes) == set(full.nodes)
    assert set(structure.edges(keys=True)) == set(full.edges(keys=True))
    for node, data in structure.nodes(data=True):
        for key in ("label", "class_iri", "status", "start_date"):
            assert data.get(key) == full.nodes[node].get(key)


# ----- path -----------------------------------------------------------------------------------


def test_paths_are_readable_chains_shortest_first(dataset, structure):
    paths = find_paths(dataset, "Monica Juma", "AGOA", max_paths=3, graph=structure)
    assert len(paths) == 3
    assert [len(p) for p in paths] == sorted(len(p) for p in paths)
    assert paths[0].nodes[0] == RELD + "monica-juma" and paths[0].nodes[-1] == RELD + "agoa"
    texts = [p.text() for p in paths]
    assert (
        "Monica Juma <-led by- Kenyan delegation to the inaugural Bilateral Strategic Dialogue -represents-> Kenya "
        "<-benefits state- African Growth and Opportunity Act"
    ) in texts
    assert len({p.nodes for p in paths}) == 3  # alternatives are different routes


def test_paths_take_prefixed_names_and_iris(dataset, structure):
    by_curie = find_paths(dataset, "reld:monica-juma", f"<{RELD}agoa>", max_paths=1, graph=structure)
    assert by_curie[0].labels[-1] == "African Growth and Opportunity Act"


def test_inferred_edges_shorten_paths(project_copy):
    plain = find_paths(load_dataset(project_copy), "Monica Juma", "Kenya", max_paths=1)
    inferred = find_paths(load_dataset(project_copy, include_inferred=True), "Monica Juma", "Kenya", max_paths=1)
    assert len(inferred[0]) == 1 and inferred[0].text() == "Monica Juma -acts for-> Kenya"
    assert len(plain[0]) == 2


def test_path_errors_name_the_problem(dataset, structure):
    with pytest.raises(EntityError, match="Did you mean 'Kenya'"):
        find_paths(dataset, "Kenia", "AGOA", graph=structure)
    with pytest.raises(EntityError, match="not a node of the instance graph"):
        find_paths(dataset, "rel:Completed", "AGOA", graph=structure)
    with pytest.raises(ParameterError, match="two different entities"):
        find_paths(dataset, "Kenya", "reld:kenya", graph=structure)


# ----- central --------------------------------------------------------------------------------


@pytest.mark.parametrize("measure", ["degree", "betweenness", "pagerank"])
def test_kenya_and_the_united_states_are_the_most_central(dataset, structure, measure):
    rows = rank_centrality(dataset, measure=measure, top=5, graph=structure)
    assert {r.label for r in rows[:2]} == {"Kenya", "United States"}
    assert [r.rank for r in rows] == [1, 2, 3, 4, 5]
    assert all(r.class_label for r in rows)
    # Only actors, mechanisms and frameworks are ranked.
    assert {r.class_label for r in rows} <= {
        "State",
        "Person",
        "Delegation",
        "Government body",
        "Ministry",
        "International organisation",
        "Bilateral mechanism",
        "Trade framework",
        "Security and governance framework",
        "Agreement",
        "Action plan",
    }


def test_the_mechanism_is_among_the_five_most_central_by_degree(dataset, structure):
    rows = rank_centrality(dataset, measure="degree", top=5, graph=structure)
    assert "Kenya–United States Bilateral Strategic Dialogue" in [r.label for r in rows]


def test_pagerank_agrees_with_networkx():
    graph = nx.MultiDiGraph(nx.gnp_random_graph(60, 0.08, seed=1, directed=True))
    graph.add_edge(0, 1)  # a parallel edge counts twice
    ours = _pagerank(graph)
    weighted = nx.DiGraph()
    weighted.add_nodes_from(graph)
    for u, v in graph.edges():
        weighted.add_edge(u, v, weight=weighted.get_edge_data(u, v, {"weight": 0})["weight"] + 1)
    from networkx.algorithms.link_analysis.pagerank_alg import _pagerank_python  # nx.pagerank needs SciPy

    theirs = _pagerank_python(weighted, weight="weight", tol=1e-12)
    assert max(abs(ours[n] - theirs[n]) for n in graph) < 1e-6


@pytest.mark.parametrize("k", [None, 7])
def test_betweenness_agrees_with_networkx(k):
    graph = nx.Graph(nx.gnp_random_graph(50, 0.08, seed=3))
    graph.add_edge("a", 0)
    ours = _betweenness(graph, k=k, seed=0)
    theirs = nx.betweenness_centrality(graph, k=k, seed=0)
    assert ours.keys() == theirs.keys()
    assert max(abs(ours[n] - theirs[n]) for n in graph) < 1e-9


# ----- dyads ----------------------------------------------------------------------------------


def test_the_kenya_us_dyad(dataset, structure):
    (dyad,) = dyad_summaries(dataset, graph=structure)
    assert (dyad.label_a, dyad.label_b) == ("Kenya", "United States")
    # the meetings of 2018 and 2020, the working group's first meeting, the dialogue's sessions
    # of 2019 and 2021, and Ruto's welcome at the White House in 2024
    assert dyad.meetings == 6
    assert dyad.first == "2018-08-27" and dyad.last == "2024-05-23"
    # Kenya's defence aim (sentence 8) names no partner, and the economic aim of sentence 6 is the
    # Kenyan ministry's alone: neither involves the United States.
    assert ("Defence Cooperation", "stated intent", 1) in dyad.commitments
    # three of the first article's, four of the second dialogue's (Pillar One) less the MCC aid promise
    assert ("Economic Prosperity, Trade and Investment", "stated intent", 6) in dyad.commitments
    assert dyad.aims_at == "Strategic Partnership"


@pytest.mark.parametrize("inferred", [False, True], ids=["asserted", "with-inferences"])
def test_dyads_agree_with_the_dyad_scores_query(project_copy, inferred):
    dataset = load_dataset(project_copy, include_inferred=inferred)
    rows = run_query(dataset, "dyad_scores", include_inferred=inferred).result.records()
    summaries = {(d.state_a, d.state_b): d for d in dyad_summaries(dataset)}
    assert len(rows) == len(summaries)
    for row in rows:
        dyad = summaries[(row["state_a"].value, row["state_b"].value)]
        assert dyad.coded_items == int(row["items"].value)
        assert dyad.cooperation == pytest.approx(float(row["goldstein_mean"].value))
        assert dyad.goldstein_total == pytest.approx(float(row["goldstein_total"].value))
        assert dyad.first == row["first"].value and dyad.last == row["last"].value


def test_inferences_add_items_to_the_dyad(project_copy):
    plain = dyad_summaries(load_dataset(project_copy))[0]
    inferred = dyad_summaries(load_dataset(project_copy, include_inferred=True))[0]
    # The signing involves Kenya through Monica Juma (hasParticipant o actsFor), not the United States;
    # the communique issuance is tied to both by rel:hasParty already.
    assert inferred.coded_items >= plain.coded_items


# ----- export ---------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["graphml", "gexf"])
def test_export_reads_back_with_the_same_nodes_and_labels(dataset, fmt, tmp_path):
    data = export_graph(dataset, fmt=fmt)
    path = tmp_path / f"graph.{fmt}"
    path.write_bytes(data)
    back = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
    full = build_graph(dataset)
    assert set(back.nodes) == set(full.nodes)
    assert back.number_of_edges() == full.number_of_edges()
    assert back.nodes[KENYA]["label"] == "Kenya"
    assert export_graph(dataset, fmt=fmt) == data  # deterministic


def test_export_command_writes_graphml_and_gexf(cli, project_copy, tmp_path):
    out = tmp_path / "g.graphml"
    result = cli("export", "--format", "graphml", "-o", str(out), project=project_copy)
    assert result.exit_code == 0, result.output
    assert nx.read_graphml(out).nodes[KENYA]["class_label"] == "State"
    result = cli("export", "--format", "gexf", project=project_copy)
    assert result.exit_code == 0 and "<gexf" in result.output


# ----- the commands ---------------------------------------------------------------------------


def test_path_command(cli, project_copy):
    result = cli("path", "Monica Juma", "AGOA", "--max", "2", project=project_copy)
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert len(lines) == 2 and lines[0].startswith("1. (3 steps) Monica Juma ")
    assert lines[0].endswith(" African Growth and Opportunity Act")


def test_central_command_csv(cli, project_copy):
    result = cli("central", "--measure", "pagerank", "--top", "2", "-f", "csv", project=project_copy)
    assert result.exit_code == 0, result.output
    assert result.output.splitlines()[0] == "rank,entity,class,pagerank"
    top = [line.split(",")[:3] for line in result.output.splitlines()[1:3]]
    assert sorted(top) == [["1", RELD + "united-states", "State"], ["2", KENYA, "State"]] or sorted(top) == [
        ["1", KENYA, "State"],
        ["2", RELD + "united-states", "State"],
    ]


def test_dyads_command_says_how_the_score_is_computed(cli, project_copy):
    result = cli("dyads", project=project_copy)
    assert result.exit_code == 0, result.output
    assert "Kenya" in result.output and "4.31" in result.output
    assert "cooperation = mean Goldstein score" in result.output


def test_a_store_keeps_the_projection_and_a_change_of_the_graphs_drops_it(project_copy, tmp_path):
    """path, central and dyads build the instance graph once per state of the graphs, kept beside the store."""
    from relgraph.analytics.network import dyad_summaries, find_paths, rank_centrality
    from relgraph.store import index_store, open_dataset
    from relgraph.views.graphview import build_structure

    store = tmp_path / "store"
    index_store(project_copy, store)
    with open_dataset(project_copy, store=store) as dataset:
        fresh = build_structure(dataset)
        expected = [p.text() for p in find_paths(dataset, "Monica Juma", "AGOA", max_paths=3, graph=fresh)]
        assert [p.text() for p in find_paths(dataset, "Monica Juma", "AGOA", max_paths=3)] == expected
        kept = sorted(p.name for p in (dataset.derived_file("x").parent).iterdir())
        assert kept == ["paths-v1.pickle", "structure-v1.pickle"]
        top = rank_centrality(dataset, measure="degree", top=5)
    with open_dataset(project_copy, store=store) as dataset:  # another command: read back, not built
        assert [p.text() for p in find_paths(dataset, "Monica Juma", "AGOA", max_paths=3)] == expected
        assert rank_centrality(dataset, measure="degree", top=5) == top
        assert dyad_summaries(dataset) == dyad_summaries(dataset, graph=fresh)
        bundled = next(g for g in dataset.article_graphs() if g.name.endswith("kenya-us-bsd"))
        dataset.drop_graph(bundled.name)
        assert not dataset.derived_file("x").parent.exists()  # dropped with the change
        from relgraph.analytics.projection import path_index, structure

        after = build_structure(dataset)
        index = path_index(dataset)  # built again, from the graphs as they are now
        assert index.nodes == tuple(sorted(after)) and sorted(structure(dataset).edges) == sorted(after.edges)
        assert index.labels == tuple(after.nodes[n]["label"] for n in index.nodes)
        assert sorted(after.edges) != sorted(fresh.edges)  # the change did change the graph
