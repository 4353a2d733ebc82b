"""Hardening of the query path (issue 14): the SERVICE guard decided by a parser and fuzzed
against the engine, the size cap and the limits around every expensive step, query files
read in a bounded child, and the query child dying with its parent."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relgraph.errors import QueryError, QueryRefusedError
from relgraph.store.sparql import guard_query

from .conftest import REPO, tree_digest

SRC = str(REPO / "src")


def _run(root: Path, *args: str, timeout: float = 120, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "relgraph", "--project", str(root), *args],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": SRC, **(env or {})},
        timeout=timeout,
    )


class Listener:
    """A TCP socket on 127.0.0.1 that counts the connections made to it."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = False
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self):
        while not self._stop:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.connections += 1
            conn.close()

    def close(self):
        self._stop = True
        self._thread.join()
        self.sock.close()


# ----- 4. SERVICE: the reproduction, and fuzzing against the engine ----------------------------------


@pytest.mark.parametrize("newline", ["\r", "\r\n", "\n"])
def test_a_service_call_behind_a_comment_is_refused_and_makes_no_request(project_copy, newline):
    listener = Listener()
    try:
        query = f"SELECT * WHERE {{ # note{newline}SERVICE <http://127.0.0.1:{listener.port}/x> {{ ?s ?p ?o }} }}"
        done = _run(project_copy.root, "sparql", query)
        assert done.returncode == 8, done.stderr
        assert "The query calls SERVICE, which would reach another endpoint over the network" in done.stderr
        time.sleep(0.3)
        assert listener.connections == 0
    finally:
        listener.close()


_ONE_TRIPLE = ox.Store()
_ONE_TRIPLE.add(ox.Quad(ox.NamedNode("http://ex/s"), ox.NamedNode("http://ex/p"), ox.NamedNode("http://ex/o")))


def engine_verdict(text: str) -> str:
    """What Oxigraph does with the query on a one-triple store: 'syntax', 'service' (it tried to call
    the service: port 9 is refused by Oxigraph itself, before any connection) or 'ran'."""
    try:
        list(_ONE_TRIPLE.query(text))
    except SyntaxError:
        return "syntax"
    except OSError as exc:
        if "port 9 is not allowed" in str(exc):
            return "service"
        raise
    return "ran"


_SERVICE = "SERVICE <http://127.0.0.1:9/x> { ?s ?p ?o }"
_LINE_ENDS = ["\n", "\r", "\r\n", "\u2028", "\u2029", "\u0085", "\x0b", "\x0c", ""]
_COMMENT = st.builds(
    lambda text, end: "#" + text + end,
    st.sampled_from(["", " note", " SERVICE", " '", ' "', " {", " }", " \\", " \\u0053ERVICE"]),
    st.sampled_from(_LINE_ENDS),
)
_STRING = st.sampled_from(
    [
        '"SERVICE"',
        "'SERVICE'",
        '"a \\" SERVICE"',
        "'it\\'s'",
        "'''a\rSERVICE'''",
        '"""x\n} SERVICE <http://127.0.0.1:9/x> { """',
        "'\\u0053ERVICE'",
        '"#"',
    ]
)
_HARMLESS = [
    st.just("?a ?b ?c ."),
    _COMMENT,
    _STRING.map(lambda s: f"FILTER(?c != {s})"),
    _STRING.map(lambda s: f"BIND({s} AS ?x{abs(hash(s)) % 97})"),
]
_CALLS = [
    st.just(_SERVICE),
    st.just("service <http://127.0.0.1:9/y> { ?s ?p ?o }"),
    st.just("\\u0053ERVICE <http://127.0.0.1:9/x> { ?s ?p ?o }"),
    st.just("SERVICE\t<http://127.0.0.1:9/x>{?s ?p ?o}"),
]


def _group(children):
    return st.lists(children, min_size=1, max_size=4).flatmap(
        lambda items: st.sampled_from(["{ %s }", "OPTIONAL { %s }", "{ %s } UNION { ?a ?b ?c }"]).map(
            lambda form: form % " ".join(items)
        )
    )


def _queries(atoms):
    body = st.recursive(st.one_of(*atoms), _group, max_leaves=8)
    return st.builds(
        lambda prologue, parts, tail: f"{prologue}SELECT * WHERE {{ {parts} }}{tail}",
        st.sampled_from(["", "PREFIX ex: <http://ex/>\n", "# header\r", "BASE <http://ex/>\n"]),
        st.lists(body, min_size=1, max_size=4).map(" ".join),
        st.sampled_from(["", " LIMIT 5", " # tail", "\r# SERVICE"]),
    )


def _guard(text: str) -> str | None:
    """None if the guard lets the query through, else why not."""
    try:
        guard_query(text, ())
    except QueryRefusedError as exc:
        return str(exc)
    except QueryError:  # a syntax error, with the engine's position
        return "syntax"
    return None


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_queries(_HARMLESS + _CALLS))
def test_the_guard_refuses_every_query_the_engine_would_send_to_a_service(text):
    if engine_verdict(text) == "service":
        assert _guard(text) is not None, f"the engine calls SERVICE, the guard let it through: {text!r}"


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_queries(_HARMLESS))
def test_the_guard_passes_what_only_looks_like_a_service_call(text):
    """Comments and strings that spell SERVICE, with every kind of line end: no false alarm."""
    if engine_verdict(text) == "ran":
        assert _guard(text) is None, f"the engine runs it, the guard refused it: {text!r}"


@pytest.mark.parametrize(
    "text",
    [
        "SELECT * WHERE { # note\rSERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } }",
        "SELECT * WHERE { ?a ?b ?c # x\r\nSERVICE SILENT <http://127.0.0.1:9/x> { ?s ?p ?o } }",
        "SELECT * WHERE { OPTIONAL { { SERVICE ?endpoint { ?s ?p ?o } } } }",
        "SELECT * WHERE { ?s ?p ?o FILTER EXISTS { SERVICE <http://127.0.0.1:9/x> { ?s ?p ?o } } }",
    ],
)
def test_service_anywhere_in_the_parse_is_refused(text):
    with pytest.raises(QueryRefusedError, match="SERVICE"):
        guard_query(text, ())


# ----- 5. the size cap, and the expensive steps inside the limits ---------------------------------------


def test_a_query_above_the_size_cap_is_refused_unread(project_copy, tmp_path):
    big = tmp_path / "big.rq"
    big.write_text("SELECT * WHERE { ?s ?p ?o FILTER(?o IN (" + ", ".join(['"x"'] * 600_000) + ")) }")
    started = time.monotonic()
    done = _run(project_copy.root, "sparql", "--file", str(big), "--timeout", "5")
    assert time.monotonic() - started < 20
    assert done.returncode == 8, done.stderr
    assert "bytes; relgraph reads queries of up to 1,048,576 bytes (RELGRAPH_MAX_QUERY_BYTES raises the limit)" in (
        done.stderr
    )
    env_done = _run(
        project_copy.root, "sparql", "SELECT * WHERE { ?s ?p ?o } LIMIT 1", env={"RELGRAPH_MAX_QUERY_BYTES": "10"}
    )
    assert env_done.returncode == 8 and "up to 10 bytes" in env_done.stderr


def test_an_unterminated_long_string_is_read_within_the_time_limit(project_copy, tmp_path):
    """80 KB of \\' after ''' took 39.6 s outside the limit; now every step is inside --timeout."""
    hostile = tmp_path / "q.rq"
    hostile.write_text("SELECT * WHERE { ?s ?p '''" + "\\'" * 40_000)
    started = time.monotonic()
    done = _run(project_copy.root, "sparql", "--file", str(hostile), "--timeout", "3")
    took = time.monotonic() - started
    assert done.returncode in (8, 9), done.stderr
    assert "Traceback" not in done.stderr
    assert took < 15, took


def test_a_query_file_that_crashes_the_engine_is_a_message(project_copy):
    """3,000 nested groups crash Oxigraph's parser: 'relgraph queries' died with signal 11 (exit 139)."""
    nested = project_copy.queries_dir / "deep.rq"
    nested.write_text(
        "#+ title: Deep\n#+ description: Nested.\n#+ view: table\n"
        + "SELECT * WHERE "
        + "{ " * 3000
        + "?s ?p ?o "
        + "} " * 3000
        + "\n",
        encoding="utf-8",
    )
    before = tree_digest(project_copy.root)
    done = _run(project_copy.root, "queries")
    assert done.returncode == 8, (done.returncode, done.stderr[-500:])
    assert "deep.rq" in done.stderr and "Traceback" not in done.stderr
    assert tree_digest(project_copy.root) == before


# ----- 9. the query child dies with its parent ----------------------------------------------------------


def _descendants(pid: int) -> set[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    found, todo = set(), [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.add(child)
            todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="reads /proc")
def test_killing_relgraph_kills_its_query_child(project_copy):
    heavy = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"
    env = {**os.environ, "PYTHONPATH": SRC}
    proc = subprocess.Popen(
        [sys.executable, "-m", "relgraph", "--project", str(project_copy.root), "sparql", heavy, "--timeout", "120"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
        start_new_session=True,  # so that the kill reaches the parent only, as a kill -9 of one pid does
    )
    try:
        deadline = time.monotonic() + 60
        children: set[int] = set()
        while time.monotonic() < deadline:  # wait for the query child (after the guard's child is gone)
            children = {c for c in _descendants(proc.pid) if _alive(c)}
            if children and time.monotonic() > deadline - 55:
                time.sleep(1.0)
                children = {c for c in _descendants(proc.pid) if _alive(c)}
                if children:
                    break
            time.sleep(0.1)
        assert children, "no query child was started"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        gone = time.monotonic() + 5
        while time.monotonic() < gone and any(_alive(c) for c in children):
            time.sleep(0.05)
        assert not any(_alive(c) for c in children), "the query child outlived relgraph"
    finally:
        for child in _descendants(proc.pid):
            with contextlib.suppress(ProcessLookupError):
                os.kill(child, signal.SIGKILL)
        if proc.poll() is None:
            proc.kill()


# ----- poor: an offending token is not echoed whole -----------------------------------------------------


def test_a_syntax_error_shows_an_excerpt_of_a_long_line(cli, project_copy):
    secret = "s3cr3t-" * 2000
    result = cli("sparql", f'SELECT * WHERE {{ ?s ?p "{secret}" . ?x }}}}', project=project_copy)
    assert result.exit_code == 8
    assert "SPARQL syntax error at line 1, column" in result.output
    assert len(result.output) < 400 and "…" in result.output and secret not in result.output


def test_validate_cuts_a_parser_message_that_quotes_a_huge_token(cli, project_copy, tmp_path):
    path = tmp_path / "tok.ttl"
    path.write_text(
        "@prefix reld: <https://w3id.org/relgraph/id/> .\nreld:a reld:b " + "secret" * 20_000 + " .\n",
        encoding="utf-8",
    )
    result = cli("validate", str(path), project=project_copy)
    assert result.exit_code == 5
    assert "line 2, column 15: Turtle syntax error: secretsecret" in result.output
    assert re.search(r"… \(120,\d{3} characters; cut\)", result.output) and len(result.output) < 800
