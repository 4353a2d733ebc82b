"""The store: strict parsing with file/line/column, one named graph per article, limits."""

from __future__ import annotations

import os
import resource
import shutil
import time
from pathlib import Path

import pytest
import yaml

from relgraph.errors import DataParseError, DataShapeError, QueryError, QueryTimeoutError
from relgraph.paths import Project
from relgraph.store import AskResult, GraphResult, SelectResult, load_dataset, parse_rdf, write_atomic

from .conftest import TEST_DATA, tree_digest

MINI = TEST_DATA / "mini-graph"
BAD_DATA = yaml.safe_load((TEST_DATA / "bad-data.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def mini():
    return load_dataset(Project(MINI))


def test_each_file_is_the_named_graph_of_its_article(mini):
    names = {g.name: g.kind for g in mini.graphs}
    assert names == {
        "https://w3id.org/relgraph/graph/ontology": "ontology",
        "https://w3id.org/relgraph/id/article-mini-1": "article",
        "https://w3id.org/relgraph/id/article-mini-2": "article",
    }
    rows = mini.execute("SELECT ?g WHERE { GRAPH ?g { reld:kenya rdfs:comment ?c } }", timeout=10).column("g")
    assert [r.value for r in rows] == ["https://w3id.org/relgraph/id/article-mini-2"]


def test_queries_see_the_union_of_the_graphs(mini):
    result = mini.execute("SELECT ?label ?comment WHERE { reld:kenya rdfs:label ?label ; rdfs:comment ?comment }")
    assert isinstance(result, SelectResult)
    assert [(r[0].value, r[1].value) for r in result.rows] == [("Kenya", "Mentioned again in article two.")]


def test_ask_and_construct_come_back_typed(mini):
    assert mini.execute("ASK { reld:kenya a rel:State }") == AskResult(True)
    graph = mini.execute("CONSTRUCT { ?s a rel:State } WHERE { ?s a rel:State }")
    assert isinstance(graph, GraphResult)
    assert {t.subject.value.rsplit("/", 1)[1] for t in graph.triples} == {
        "kenya",
        "united-states",
        "georgia-state",
        "georgia-us",
    }


def test_without_a_limit_the_query_runs_in_process(mini):
    assert mini.execute("ASK { reld:kenya a rel:State }", timeout=None) == AskResult(True)


def test_a_long_query_is_stopped_at_its_limit(mini):
    heavy = "SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(f"?a{i} ?b{i} ?c{i} ." for i in range(12)) + " }"
    with pytest.raises(QueryTimeoutError, match="stopped after 0.5 s"):
        mini.execute(heavy, timeout=0.5)
    # and the store still answers afterwards
    assert mini.execute("ASK { reld:kenya a rel:State }", timeout=5) == AskResult(True)


def test_the_limit_holds_while_the_rows_stream_in(mini):
    """An answer that never ends (rows keep coming) is cut at the limit: an error, not the rows so far."""
    endless = "SELECT * WHERE { " + " ".join(f"?a{i} ?b{i} ?c{i} ." for i in range(6)) + " }"  # rows at once, ever more
    started = time.monotonic()
    with pytest.raises(QueryTimeoutError, match="stopped after 0.5 s"):
        mini.execute(endless, timeout=0.5)
    assert time.monotonic() - started < 2
    assert mini.execute("ASK { reld:kenya a rel:State }", timeout=5) == AskResult(True)


def test_the_child_is_watched_when_descriptors_pass_1024(mini):
    """select() cannot watch a descriptor above 1023, and a store's open files can push a query's
    pipe there (the soft limit is often far higher): the answer must still come, within its limit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < 1200:
        if hard != resource.RLIM_INFINITY and hard < 1200:
            pytest.skip(f"this machine allows {hard} open files")
        resource.setrlimit(resource.RLIMIT_NOFILE, (2048, hard))
    held = []
    try:
        while len(held) < 1100:
            held.append(os.open(os.devnull, os.O_RDONLY))
        assert mini.execute("ASK { reld:kenya a rel:State }", timeout=5) == AskResult(True)
    finally:
        for fd in held:
            os.close(fd)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


def test_an_engine_error_is_a_query_error(mini):
    with pytest.raises(QueryError, match="SPARQL syntax error at line 1, column"):
        mini.execute("SELECT * WHERE { ?s ?p }", timeout=5)


@pytest.mark.parametrize(("name", "message"), sorted(BAD_DATA.items()))
def test_bad_data_files_are_refused_with_file_and_line(tmp_path, name, message):
    root = tmp_path / "graph"
    shutil.copytree(MINI, root)
    shutil.copy(TEST_DATA / "bad-data" / name, root / "data" / "articles" / name)
    before = tree_digest(root)
    with pytest.raises((DataParseError, DataShapeError)) as info:
        load_dataset(Project(root))
    assert message.replace("bad-data/", "data/articles/") in str(info.value)
    assert tree_digest(root) == before


def test_parse_error_carries_line_and_column():
    with pytest.raises(DataParseError) as info:
        parse_rdf(TEST_DATA / "bad-data" / "iri-with-space.ttl")
    assert (info.value.line, info.value.column) == (3, 47)
    assert "Invalid IRI code point ' '" in str(info.value)


def test_two_files_for_one_article_are_refused(tmp_path):
    root = tmp_path / "graph"
    shutil.copytree(MINI, root)
    shutil.copy(root / "data" / "triples.ttl", root / "data" / "articles" / "copy.ttl")
    with pytest.raises(DataShapeError, match="both describe the article <https://w3id.org/relgraph/id/article-mini-1>"):
        load_dataset(Project(root))


def test_dump_keeps_graphs_in_trig_and_merges_in_turtle(mini):
    trig = mini.dump(fmt="trig").decode()
    assert "reld:article-mini-2 {" in trig or "<https://w3id.org/relgraph/id/article-mini-2> {" in trig
    turtle = mini.dump(fmt="turtle").decode()
    assert turtle.startswith("@prefix rel: <https://w3id.org/relgraph/ontology#> .\n@prefix reld:")
    assert '"Mentioned again in article two."@en' in turtle
    assert mini.dump(fmt="turtle") == mini.dump(fmt="turtle")  # deterministic


def test_write_atomic_replaces_whole_or_not_at_all(tmp_path, monkeypatch):
    target = tmp_path / "file.ttl"
    write_atomic(target, b"old")
    import os

    def crash(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError):
        write_atomic(target, b"new content")
    assert target.read_bytes() == b"old"
    assert [p.name for p in Path(tmp_path).iterdir()] == ["file.ttl"]
