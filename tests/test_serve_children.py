"""The query children's ``call``: a function run in a child in one round trip (a page's look-ups),
its queries answered in that child, its value or its exception passed back, stopped at the time limit."""

from __future__ import annotations

import os
import time

import pytest

from relgraph.errors import EntityError, QueryTimeoutError
from relgraph.store import load_dataset


def _where_and_states(dataset_key: int) -> tuple[int, int]:
    """Runs in the child: its pid and the number of states, asked of the dataset (in the child itself)."""
    dataset = _DATASETS[dataset_key]
    rows = dataset.execute("SELECT ?s WHERE { ?s a rel:State }", timeout=5.0).rows
    return os.getpid(), len(rows)


def _missing(name: str) -> None:
    raise EntityError(f"No entity is called {name!r}.")


def _forever() -> None:
    while True:
        time.sleep(0.05)


_DATASETS: dict[int, object] = {}


@pytest.fixture(scope="module")
def children(repo_project):
    dataset = load_dataset(repo_project)
    _DATASETS[id(dataset)] = dataset  # before the fork: the children hold it too
    dataset.run_in_parallel(3)
    yield dataset, dataset.backend.query_children()
    dataset.close()


def test_a_call_runs_in_a_child_and_its_queries_there(children):
    dataset, pool = children
    expected = len(dataset.execute("SELECT ?s WHERE { ?s a rel:State }", timeout=5.0).rows)
    pid, states = pool.call(_where_and_states, id(dataset), timeout=5.0)
    assert pid != os.getpid()  # in a child
    assert states == expected > 0  # its query answered there (a child asking its siblings would hang or fail)


def test_a_calls_exception_comes_back_as_itself(children):
    _, pool = children
    with pytest.raises(EntityError, match="No entity is called 'Atlantis'"):
        pool.call(_missing, "Atlantis", timeout=5.0)
    pid, _ = pool.call(_where_and_states, id(children[0]), timeout=5.0)  # the child is still there
    assert pid != os.getpid()


def test_a_call_is_stopped_at_the_time_limit(children):
    _, pool = children
    started = time.monotonic()
    with pytest.raises(QueryTimeoutError):
        pool.call(_forever, timeout=0.5)
    assert time.monotonic() - started < 3
    _, states = pool.call(_where_and_states, id(children[0]), timeout=5.0)  # a fresh child took its place
    assert states > 0


SELECT_MANY = "SELECT ?s ?label WHERE { ?s rdfs:label ?label } ORDER BY ?s ?label"
_FORMATS = {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml",
            "csv": "text/csv", "tsv": "text/tab-separated-values"}  # fmt: skip


@pytest.mark.parametrize("fmt", ["json", "xml", "tsv", "csv"])
def test_a_select_is_written_by_its_query_child_and_sent_as_it_is(repo_project, monkeypatch, fmt):
    """/sparql sends a SELECT's answer as the child wrote it (Oxigraph's writer), the same rows as the
    engine's answer; the server's own writers are not used (planted: they fail)."""
    import httpx
    import pyoxigraph as ox

    from relgraph.server import ServeSettings, protocol

    from .serving import running_server

    def unused(*args, **kwargs):
        raise AssertionError("the server wrote the rows itself")

    monkeypatch.setattr(protocol, "select_json", unused)
    monkeypatch.setattr(protocol, "format_result", unused)
    dataset = load_dataset(repo_project)
    expected = dataset.execute(SELECT_MANY, timeout=10.0)
    assert len(expected.rows) > 20
    try:
        with running_server(dataset, ServeSettings(processes=2)) as base:
            response = httpx.get(base + "/sparql", params={"query": SELECT_MANY}, headers={"Accept": _FORMATS[fmt]})
            by_name = httpx.get(base + "/sparql", params={"query": SELECT_MANY, "format": fmt}, timeout=30)
    finally:
        dataset.close()
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith(_FORMATS[fmt])
    assert by_name.status_code == 200
    if fmt == "csv":  # plain values only: compare the text of each cell
        lines = response.text.splitlines()
        assert lines[0] == "s,label" and len(lines) == len(expected.rows) + 1
        assert lines[1].split(",", 1)[0] == expected.rows[0][0].value
        return
    parsed = ox.parse_query_results(response.content, format=getattr(ox.QueryResultsFormat, fmt.upper()))
    assert [v.value for v in parsed.variables] == list(expected.variables)
    assert [tuple(row) for row in parsed] == [tuple(row) for row in expected.rows]


def test_an_answer_the_child_wrote_cannot_be_read_as_rows(repo_project):
    """The rows handed back with an answer the child wrote are placeholders: counting them works,
    reading one is an error, never a row of Nones taken for the answer."""
    from relgraph.errors import QueryError
    from relgraph.store.worker import serialised_as

    dataset = load_dataset(repo_project)
    dataset.run_in_parallel(2)
    try:
        with serialised_as("json") as native:
            result = dataset.execute(SELECT_MANY, timeout=10.0)
        plain = dataset.execute(SELECT_MANY, timeout=10.0)
    finally:
        dataset.close()
    assert native is not None and native.answers(result) and not native.answers(plain.__class__((), ()))
    assert len(result.rows) == len(plain.rows) and native.variables == plain.variables
    assert native.body is not None and native.body.startswith(b'{"head":{"vars":["s","label"]}')
    with pytest.raises(QueryError, match="a bug"):
        list(result.rows[0])
    assert plain.rows[0][0] is not None  # without the context: the rows themselves


def test_a_page_is_built_in_a_child_forked_while_the_server_held_its_locks(repo_project):
    """A query child forked again (after a kill) from one of the server's threads gets fresh locks: one
    another thread held at the fork (planted: the compiled templates' and the kept pages') would
    otherwise stay held in the child, and the page would wait on it until its time limit."""
    from relgraph.server import ServeSettings
    from relgraph.server.pages import _entity_html
    from relgraph.server.state import ServerState

    dataset = load_dataset(repo_project)
    state = ServerState.create(dataset, ServeSettings(timeout=3.0, processes=2))
    dataset.run_in_parallel(2)
    iri = dataset.execute("SELECT ?s WHERE { ?s a rel:State } ORDER BY ?s LIMIT 1", timeout=5.0).rows[0][0].value
    dataset.backend.stop_worker()  # the next call forks its child now, with the locks held
    held = (state.env.cache._wlock, state.pages._guard)
    for lock in held:
        lock.acquire()
    try:
        html = state.in_child(_entity_html, state.key, iri)
    finally:
        for lock in held:
            lock.release()
        dataset.close()
    assert "<html" in html and iri.rsplit("/", 1)[-1] in html
