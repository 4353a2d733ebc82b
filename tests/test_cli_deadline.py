"""A command's time limit without a query child: ``relgraph query`` runs the canned query in its own
process (no fork for a one-shot command), and the process itself stops at the limit; ``relgraph
sparql`` (anyone's text) keeps the query child.

Real processes: a runaway query must end near its limit with the time-out's message and exit code,
print none of an answer, and stop at once on Ctrl-C."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from relgraph.cli.deadline import process_deadline, timeout_message

#: A cartesian product: minutes of work on any graph.
RUNAWAY = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"

#: The same as a canned query of the folder (a header, a parameter-free SELECT).
RUNAWAY_RQ = f"""#+ title: Every combination
#+ description: A cartesian product of the graph with itself, five times over.
#+ view: table
{RUNAWAY}
"""


def _command(root, *args) -> list[str]:
    return [sys.executable, "-m", "relgraph", "--project", str(root), *args]


@pytest.mark.parametrize("how", ["sparql", "query"])
def test_a_runaway_query_from_the_command_line_stops_at_its_limit(project_copy, how):
    (project_copy.queries_dir / "everything.rq").write_text(RUNAWAY_RQ, encoding="utf-8")
    args = ["sparql", RUNAWAY] if how == "sparql" else ["query", "everything"]
    started = time.monotonic()
    done = subprocess.run(
        _command(project_copy.root, *args, "--timeout", "1.5", "-f", "csv"), capture_output=True, text=True, timeout=60
    )
    took = time.monotonic() - started
    assert done.returncode == 9, done.stderr
    assert "stopped after 1.5 s, its time limit" in done.stderr  # (sparql: reading the text may be what is stopped)
    if how == "query":  # the process's own deadline, in the words of the query child's
        assert done.stderr.endswith(f"Error: {timeout_message(1.5)}\n")
    assert done.stdout == ""  # none of an answer, no header row
    assert 1.5 <= took < 6, took  # at the limit (plus the start), not after the query's minutes


def test_a_quick_query_is_answered_in_process_without_a_child(project_copy):
    """The answer comes with no process forked for it (the probe lists this process's children)."""
    probe = (
        "import runpy, sys, os\n"
        "from relgraph.cli import deadline\n"
        "real = deadline.process_deadline\n"
        "def watched(seconds):\n"
        "    import contextlib\n"
        "    @contextlib.contextmanager\n"
        "    def inner():\n"
        "        with real(seconds):\n"
        "            yield\n"
        "            kids = open(f'/proc/{os.getpid()}/task/{os.getpid()}/children').read().split()\n"
        "            sys.stderr.write(f'CHILDREN {len(kids)}\\n')\n"
        "    return inner()\n"
        "deadline.process_deadline = watched\n"
        "sys.argv = ['relgraph', *sys.argv[1:]]\n"
        "runpy.run_module('relgraph', run_name='__main__')\n"
    )
    if not os.path.exists(f"/proc/{os.getpid()}/task/{os.getpid()}/children"):
        pytest.skip("no /proc children listing here")
    done = subprocess.run(
        [sys.executable, "-c", probe, "--project", str(project_copy.root), "query", "status_history", "--example"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "Inaugural session" in done.stdout or "2019-05-03" in done.stdout
    assert "CHILDREN 0" in done.stderr


def test_ctrl_c_stops_a_runaway_query_at_once(project_copy):
    (project_copy.queries_dir / "everything.rq").write_text(RUNAWAY_RQ, encoding="utf-8")
    with subprocess.Popen(
        _command(project_copy.root, "query", "everything", "--timeout", "60"),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    ) as process:
        time.sleep(2.0)  # started, and at work inside the engine
        assert process.poll() is None
        process.send_signal(signal.SIGINT)
        started = time.monotonic()
        process.wait(timeout=10)
        assert time.monotonic() - started < 2
        assert process.returncode == -signal.SIGINT
        assert process.stdout is not None and process.stdout.read() == b""


def test_the_deadline_is_disarmed_when_the_work_ends_in_time():
    """Work that ends before the limit leaves the process as it was: no timer, Ctrl-C's handler back."""
    import resource

    handler, memory = signal.getsignal(signal.SIGINT), resource.getrlimit(resource.RLIMIT_DATA)
    with process_deadline(0.3):
        assert signal.getsignal(signal.SIGINT) is signal.SIG_DFL
    time.sleep(0.5)  # past the limit: had the timer stayed armed, this process would be gone
    assert signal.getsignal(signal.SIGINT) is handler
    assert resource.getrlimit(resource.RLIMIT_DATA) == memory
    with process_deadline(None):
        assert signal.getsignal(signal.SIGINT) is handler


def test_the_memory_cap_is_the_query_childs():
    """The command's own cap reads the same setting, with the same default, as the query child's."""
    from relgraph.cli import deadline
    from relgraph.store import worker

    assert (deadline.ENV_QUERY_MEMORY, deadline.DEFAULT_QUERY_MEMORY_MIB) == (
        worker.ENV_QUERY_MEMORY,
        worker.DEFAULT_QUERY_MEMORY_MIB,
    )


SORTED_RQ = """#+ title: Every triple three times over, sorted
#+ description: Millions of rows held at once to be sorted.
#+ view: table
SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?a ?d ?g
"""


@pytest.mark.parametrize(("how", "said", "code"), [("query", "memory allocation", -6), ("sparql", "crashed", 8)])
def test_a_query_over_its_memory_cap_is_stopped(project_copy, how, said, code):
    """With RELGRAPH_QUERY_MEMORY=64, a query that holds millions of rows cannot take more. A canned
    query (in-process) ends the command as the engine aborts; your own SPARQL (in the child) gets the
    child's clear error. Neither prints rows."""
    (project_copy.queries_dir / "sorted.rq").write_text(SORTED_RQ, encoding="utf-8")
    text = SORTED_RQ.splitlines()[-1]
    args = ["query", "sorted"] if how == "query" else ["sparql", text]
    done = subprocess.run(
        _command(project_copy.root, *args, "--timeout", "60", "-f", "csv"),
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, "RELGRAPH_QUERY_MEMORY": "64"},
    )
    assert done.returncode in (code, 128 - code), done.stderr[-300:]
    assert said in done.stderr
    assert done.stdout == ""
