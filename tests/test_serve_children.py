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
