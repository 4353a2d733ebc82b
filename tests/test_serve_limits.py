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


def test_queries_slow_last_time_share_the_slow_lane_and_quick_ones_pass(repo_project):
    """A query that never ran in under SLOW_SECONDS runs in the slow lane (half the query children); others
    do not wait for it."""
    import anyio

    from relgraph.server.state import SLOW_SECONDS, ServerState

    dataset = load_dataset(repo_project)
    state = ServerState.create(dataset, ServeSettings(processes=2, per_client=8))
    assert state.slow_lane.value == 1

    class Request:
        def __init__(self, host: str):
            self.client = type("Client", (), {"host": host})()

    running: list[int] = []
    most: list[int] = [0]

    def slow_work() -> str:
        running.append(1)
        most[0] = max(most[0], len(running))
        time.sleep(SLOW_SECONDS + 0.1)
        running.pop()
        return "slow"

    async def scenario() -> dict[str, float]:
        await state.run(Request("127.0.0.2"), slow_work, key="heavy")  # now known to be slow
        assert state.durations.get("heavy") >= SLOW_SECONDS
        most[0] = 0
        took: dict[str, float] = {}

        async def timed(name: str, host: str, work, key) -> None:
            started = time.monotonic()
            await state.run(Request(host), work, key=key)
            took[name] = time.monotonic() - started

        async with anyio.create_task_group() as group:
            group.start_soon(timed, "heavy-1", "127.0.0.3", slow_work, "heavy")
            group.start_soon(timed, "heavy-2", "127.0.0.4", slow_work, "heavy")
            await anyio.sleep(0.05)
            group.start_soon(timed, "quick", "127.0.0.5", lambda: "quick", "quick")
        # A quick query that once takes long (a busy moment) keeps its quickest time: not sent to the lane.
        await state.run(Request("127.0.0.6"), slow_work, key="quick")
        assert (state.durations.get("quick") or 0.0) < SLOW_SECONDS
        return took

    took = anyio.run(scenario)
    dataset.close()
    assert most[0] == 1  # the two known-slow runs took turns in the lane of one
    assert took["heavy-2"] >= 2 * SLOW_SECONDS or took["heavy-1"] >= 2 * SLOW_SECONDS
    assert took["quick"] < SLOW_SECONDS  # not behind them
