"""relgraph serve under load: a runaway query stops at its limit without holding up the others, a
client that opens many slow requests gets its share and no more, too many rows is an error, and the
command's own errors (a port in use, a missing store)."""

from __future__ import annotations

import socket
import threading
import time

import httpx
import pytest

from relgraph.server import ServeSettings
from relgraph.store import load_dataset

from .serving import client_from, running_server

#: A cartesian product over the graph: seconds of work on any graph, stopped by the time limit.
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
QUICK = "SELECT ?state WHERE { ?state a rel:State }"


@pytest.fixture(scope="module")
def limited(repo_project):
    dataset = load_dataset(repo_project)
    settings = ServeSettings(timeout=2.0, processes=3, per_client=1, client_queue=2, max_rows=10)
    with running_server(dataset, settings) as base:
        yield base
    dataset.close()


def test_a_runaway_query_stops_at_its_limit_and_others_are_answered_meanwhile(limited):
    outcome: dict[str, object] = {}

    def runaway() -> None:
        started = time.monotonic()
        with client_from("127.0.0.2", base_url=limited, timeout=30) as client:
            outcome["response"] = client.get("/sparql", params={"query": RUNAWAY})
        outcome["ended"] = time.monotonic()
        outcome["took"] = outcome["ended"] - started

    thread = threading.Thread(target=runaway)
    thread.start()
    time.sleep(0.3)  # the runaway query is at work
    with client_from("127.0.0.3", base_url=limited, timeout=30) as other:
        times = []
        for _ in range(10):
            started = time.monotonic()
            answer = other.get("/sparql", params={"query": QUICK})
            times.append(time.monotonic() - started)
            assert answer.status_code == 200
        quick_done = time.monotonic()
    thread.join()
    response = outcome["response"]
    assert response.status_code == 503
    assert "stopped after 2 s, its time limit" in response.text
    assert response.headers["retry-after"]
    assert 1.9 < outcome["took"] < 6
    # Answered while the runaway query ran, not after it: all ten before the runaway's answer came
    # back, none waiting out its 2 s limit (a first answer can take ~1 s on a loaded machine).
    assert quick_done < outcome["ended"], (times, outcome["took"])
    assert max(times) < 1.6, times


def test_a_client_with_many_slow_requests_is_throttled_not_the_others(limited):
    """One client (127.0.0.4) opens five runaway queries: one runs (its share), two wait, two are
    refused with 429 at once; another client is answered throughout."""
    statuses: list[int] = []

    def slow() -> None:
        with client_from("127.0.0.4", base_url=limited, timeout=30) as client:
            statuses.append(client.get("/sparql", params={"query": RUNAWAY}).status_code)

    threads = [threading.Thread(target=slow) for _ in range(5)]
    for t in threads:
        t.start()
    time.sleep(0.5)
    with client_from("127.0.0.5", base_url=limited, timeout=30) as other:
        started = time.monotonic()
        assert other.get("/api/query/articles").status_code == 200
        assert time.monotonic() - started < 1.0
    for t in threads:
        t.join()
    assert sorted(statuses) == [429, 429, 503, 503, 503]


def test_more_rows_than_the_cap_is_an_error_not_a_silent_cut(limited):
    answer = httpx.get(limited + "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert answer.status_code == 403
    assert "more than 10 rows" in answer.text and "LIMIT" in answer.text
    paged = httpx.get(limited + "/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 10"})
    assert paged.status_code == 200
    api = httpx.get(limited + "/api/query/who_said_what")
    assert api.status_code == 403 and "_limit and _offset" in api.json()["error"]["message"]


def test_serve_refuses_a_port_in_use(cli):
    taken = socket.socket()
    taken.bind(("127.0.0.1", 0))
    taken.listen(1)
    port = taken.getsockname()[1]
    try:
        result = cli("serve", "--port", str(port))
    finally:
        taken.close()
    assert result.exit_code == 11
    assert f"Port {port} on 127.0.0.1 is already in use" in result.output
    assert f"--port {port + 1}" in result.output


def test_serve_says_when_the_store_is_missing(cli, tmp_path):
    result = cli("--store", str(tmp_path / "nowhere"), "serve", "--port", "0")
    assert result.exit_code == 6
    assert "There is no relgraph store at" in result.output and "relgraph index --store" in result.output


def test_serve_warns_loudly_off_loopback(cli, monkeypatch):

    served: list[ServeSettings] = []
    monkeypatch.setattr("relgraph.server.serve", lambda dataset, settings, **kw: served.append(settings))
    result = cli("serve", "--host", "0.0.0.0", "--port", "0")
    assert result.exit_code == 0, result.output
    assert "WARNING: serving on 0.0.0.0" in result.output and "no login" in result.output
    assert served[0].host == "0.0.0.0"
    quiet = cli("serve", "--port", "0")
    assert "WARNING" not in quiet.output


def test_queries_heavy_last_time_run_in_the_slow_lane_and_quick_ones_pass(repo_project, monkeypatch):
    """A query whose last run cost its child SLOW_SECONDS of processor time or more, or ran into the time
    limit, runs in the slow lane (the pool's niced children); one not seen before, or quick last time, in
    the other lane, and passes while the slow lane is busy."""
    import anyio

    from relgraph.errors import QueryTimeoutError
    from relgraph.server.state import SLOW_SECONDS, ServerState
    from relgraph.store.worker import SLOW_NICE, QueryWorker

    dataset = load_dataset(repo_project)
    settings = ServeSettings(timeout=1.0, processes=3, per_client=8)
    dataset.run_in_parallel(settings.query_processes)
    state = ServerState.create(dataset, settings)
    assert state.slow_lane.value == 1  # as many as the pool's slow lane has children: they wait outside threads
    lanes: list[tuple[str, int]] = []
    execute = QueryWorker.execute

    def spied(self, request, timeout):
        lanes.append((request[0], self._nice))
        return execute(self, request, timeout)

    monkeypatch.setattr(QueryWorker, "execute", spied)

    class Request:
        def __init__(self, host: str):
            self.client = type("Client", (), {"host": host})()

    def run(text: str):
        return lambda: dataset.execute(text, timeout=settings.timeout)

    async def scenario() -> float:
        for _ in range(2):
            with pytest.raises(QueryTimeoutError):
                await state.run(Request("127.0.0.2"), run(RUNAWAY), key="runaway")
            await state.run(Request("127.0.0.3"), run(QUICK), key="quick")
        assert state.durations.get("runaway") == float("inf")
        assert 0 < state.durations.get("quick") < SLOW_SECONDS  # its child's processor time, reported
        took = float("nan")

        async def runaway() -> None:
            with pytest.raises(QueryTimeoutError):
                await state.run(Request("127.0.0.4"), run(RUNAWAY), key="runaway")

        async with anyio.create_task_group() as group:
            group.start_soon(runaway)
            await anyio.sleep(0.2)  # the slow lane's one child is at work
            started = time.monotonic()
            await state.run(Request("127.0.0.5"), run(QUICK), key="quick")
            took = time.monotonic() - started
        return took

    try:
        took = anyio.run(scenario)
    finally:
        dataset.close()
    assert lanes == [
        (RUNAWAY, 0),  # not known yet: the quick lane
        (QUICK, 0),
        (RUNAWAY, SLOW_NICE),  # ran into the limit last time: the slow lane
        (QUICK, 0),
        (RUNAWAY, SLOW_NICE),
        (QUICK, 0),
    ]
    assert took < 0.5  # not behind the runaway query


def test_the_slow_lanes_children_run_at_a_lower_priority():
    """The slow lane's children are niced (SLOW_NICE): the kernel runs the other lane's first."""
    import os

    import pyoxigraph as ox

    from relgraph.store.worker import SLOW_NICE, QueryWorkerPool, metered

    base = os.nice(0)

    def run(*request):  # runs in the child: asks whether the child's niceness is the one expected
        return ox.Store().query(f"ASK {{ FILTER({os.nice(0)} = {request[0]}) }}")

    pool = QueryWorkerPool(run, 3)
    assert pool.slow == 1
    try:
        with metered(slow=True) as meter:
            assert pool.execute((min(19, base + SLOW_NICE),), 5.0).value is True
        assert meter.runs == 1 and meter.cpu >= 0
        assert pool.execute((base,), 5.0).value is True
        assert pool.execute((base + 1,), 5.0).value is False  # the check can fail: a wrong niceness
    finally:
        pool.stop()
