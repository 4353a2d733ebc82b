"""Export fidelity: what 'relgraph export' writes carries the datatypes and lexical forms
the files state (the store normalises xsd:positiveInteger and xsd:nonNegativeInteger to
xsd:integer and re-spells decimals), graph by graph, isomorphic to the source files."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from rdflib import Dataset as RdflibDataset
from rdflib import Graph
from rdflib.compare import isomorphic

from relgraph.model.namespaces import GRAPH_ONTOLOGY

XSD = "http://www.w3.org/2001/XMLSchema#"


def _file_graph(paths) -> Graph:
    graph = Graph()
    for path in paths:
        graph.parse(path, format="turtle")
    return graph


def test_the_store_normalises_what_the_files_state(dataset):
    """Why export reads the files: the store alone would change these literals."""
    stored = {
        t.object.datatype.value
        for g in dataset.article_graphs()
        for t in dataset.triples_in(g.name)
        if isinstance(t.object, ox.Literal)
    }
    assert XSD + "positiveInteger" not in stored and XSD + "nonNegativeInteger" not in stored


@pytest.mark.parametrize("fmt", ["trig", "nquads"])
def test_export_round_trips_every_graph_with_its_datatypes(project_copy, cli, tmp_path, fmt):
    out = tmp_path / f"graph.{fmt}"
    result = cli("export", "--format", fmt, "--output", str(out), project=project_copy)
    assert result.exit_code == 0, result.output
    exported = RdflibDataset()
    exported.parse(out, format="trig" if fmt == "trig" else "nquads")
    expected = {GRAPH_ONTOLOGY: project_copy.ontology_files()}
    from relgraph.store import load_dataset

    dataset = load_dataset(project_copy)
    for info in dataset.graphs:  # each article's graph and each background graph, from its file
        if info.kind in ("article", "background"):
            expected[info.name] = [info.path]
    names = {str(g.identifier) for g in exported.graphs() if len(g)}
    assert names == set(expected)
    for name, paths in expected.items():
        graph = exported.graph(name)
        assert isomorphic(Graph() + graph, _file_graph(paths)), name
    datatypes = {str(o.datatype) for _, _, o, _ in exported.quads() if getattr(o, "datatype", None)}
    assert {XSD + "positiveInteger", XSD + "nonNegativeInteger"} <= datatypes
    session = [o for _, p, o, _ in exported.quads() if str(p).endswith("#sessionNumber")]
    assert session and all(str(o.datatype) == XSD + "positiveInteger" for o in session)


def test_turtle_export_is_the_union_of_the_files(project_copy, cli, tmp_path):
    out = tmp_path / "graph.ttl"
    assert cli("export", "--format", "turtle", "--output", str(out), project=project_copy).exit_code == 0
    union = _file_graph([*project_copy.ontology_files(), *project_copy.data_files()])
    assert isomorphic(Graph().parse(out, format="turtle"), union)


def test_stats_tells_quads_from_distinct_triples(cli, project_copy, dataset):
    """A statement two articles both make is two quads but one triple of the merged graph."""
    first = cli("stats", project=project_copy).output.splitlines()[0]
    quads = sum(len(dataset.triples_in(g.name)) for g in dataset.graphs)
    merged = {t for g in dataset.graphs for t in dataset.triples_in(g.name)}
    ontology = len(dataset.triples_in(GRAPH_ONTOLOGY))
    assert first == (
        f"Quads: {quads:,} ({ontology:,} in the ontology graph, {quads - ontology:,} in the article graphs); "
        f"distinct triples once merged: {len(merged):,}"
    )
    assert len(merged) < quads
