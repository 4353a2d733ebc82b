"""Real SPARQL engines for the tests, started on 127.0.0.1 on free ports and stopped afterwards.

The Oxigraph server comes from PyPI (``pip install oxigraph``: the ``oxigraph`` command)
and OpenLink Virtuoso from Debian (``apt-get install virtuoso-opensource``); scripts/test.sh
installs both, so CI runs these tests. Where an engine is missing the tests that need it
are skipped with the reason. Nothing here listens on anything but the loopback address.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx

VIRTUOSO_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")


@dataclass(frozen=True)
class Engine:
    """A running engine: its query URL and how to write to it."""

    name: str
    query_url: str
    env: dict[str, str]  # the credentials relgraph reads from the environment
    log: Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def oxigraph_command() -> str | None:
    beside = Path(sys.executable).with_name("oxigraph")
    return str(beside) if beside.exists() else shutil.which("oxigraph")


def virtuoso_command() -> str | None:
    return shutil.which("virtuoso-t") if VIRTUOSO_INI.is_file() else None


def _die_with_parent() -> None:
    """In the server's process: be killed when the test process dies, even by SIGKILL (Linux)."""
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _bounded_server() -> None:
    """The Oxigraph server has no memory limit of its own: a query that explodes (post_holders
    on a 100k graph grew it past 18 GB) must fail there, not starve the shared machine."""
    _die_with_parent()
    with contextlib.suppress(OSError, ValueError):
        import resource

        resource.setrlimit(resource.RLIMIT_DATA, (6 << 30, resource.RLIM_INFINITY))


def _wait_until_up(url: str, process: subprocess.Popen, log: Path, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(
                f"the engine stopped at start-up (exit {process.returncode}); see {log}:\n"
                + log.read_text(errors="replace")[-2000:]
            )
        with contextlib.suppress(httpx.HTTPError):
            response = httpx.post(
                url, data={"query": "ASK {}"}, headers={"Accept": "application/sparql-results+json"}, timeout=2
            )
            if response.status_code == 200:
                return
        time.sleep(0.2)
    raise RuntimeError(f"the engine did not answer at {url} within {seconds:g} s; see {log}")


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


@contextlib.contextmanager
def oxigraph_server(folder: Path) -> Iterator[Engine]:
    """``oxigraph serve`` on 127.0.0.1, its store in ``folder``, as it starts by default (no union default graph:
    relgraph reads the merged graph that ``relgraph push`` keeps)."""
    command = oxigraph_command()
    assert command is not None
    port = free_port()
    log = folder / "oxigraph.log"
    folder.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as out:
        process = subprocess.Popen(
            [
                command,
                "serve",
                "--location",
                str(folder / "data"),
                "--bind",
                f"127.0.0.1:{port}",
                "--timeout-s",
                "120",  # a query the client gave up on must not go on using the machine
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=_bounded_server,
        )
    try:
        url = f"http://127.0.0.1:{port}/query"
        _wait_until_up(url, process, log, 30)
        yield Engine("oxigraph-server", url, {}, log)
    finally:
        _stop(process)


def _virtuoso_ini(folder: Path, sql_port: int, http_port: int, max_rows: int) -> Path:
    text = VIRTUOSO_INI.read_text(encoding="utf-8")
    db = folder / "db"
    db.mkdir(parents=True, exist_ok=True)
    out = []
    section = ""
    for line in text.splitlines():
        stripped = line.strip()
        if stripped.startswith("["):
            section = stripped
        key = stripped.split("=", 1)[0].strip() if "=" in stripped and not stripped.startswith(";") else ""
        if key in ("DatabaseFile", "ErrorLogFile", "LockFile", "TransactionFile", "xa_persistent_file"):
            name = Path(stripped.split("=", 1)[1].split(";")[0].strip()).name
            line = f"{key} = {db / name}"
        elif key == "ServerPort" and section == "[Parameters]":
            line = f"ServerPort = 127.0.0.1:{sql_port}"
        elif key == "ServerPort" and section == "[HTTPServer]":
            line = f"ServerPort = 127.0.0.1:{http_port}"
        elif key == "DefaultHost" and section == "[URIQA]":
            line = f"DefaultHost = 127.0.0.1:{http_port}"
        elif key == "ResultSetMaxRows":
            line = f"ResultSetMaxRows = {max_rows}"
        elif key == "NumberOfBuffers":
            line = "NumberOfBuffers = 170000"
        elif key == "MaxDirtyBuffers":
            line = "MaxDirtyBuffers = 130000"
        elif key == "MaxQueryCostEstimationTime":
            # OpenLink: "only meant for use when debugging", to be commented out
            # (openlink/virtuoso-opensource#1395). Its estimates are far off: it refused queries
            # that it then answers in well under a second (who_said_what at 1M: "461 s", 0.07 s).
            line = f"; {stripped}"
        elif key == "DirsAllowed":
            line = f"DirsAllowed = ., /usr/share/virtuoso-opensource-7/vad, {folder}"
        out.append(line)
    ini = folder / "virtuoso.ini"
    ini.write_text("\n".join(out) + "\n", encoding="utf-8")
    return ini


@contextlib.contextmanager
def virtuoso_server(folder: Path, *, max_rows: int = 1_000_000) -> Iterator[Engine]:
    """``virtuoso-t`` on 127.0.0.1 with a fresh database in ``folder`` (account dba/dba: tests only)."""
    command = shutil.which("virtuoso-t")
    assert command is not None
    sql_port, http_port = free_port(), free_port()
    folder.mkdir(parents=True, exist_ok=True)
    ini = _virtuoso_ini(folder, sql_port, http_port, max_rows)
    log = folder / "db" / "virtuoso.log"
    with (folder / "stdout.log").open("wb") as out:
        process = subprocess.Popen(
            [command, "+configfile", str(ini), "+foreground"],
            cwd=folder,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=_die_with_parent,
        )
    try:
        url = f"http://127.0.0.1:{http_port}/sparql"
        _wait_until_up(url, process, folder / "stdout.log", 120)
        env = {"RELGRAPH_ENDPOINT_USER": "dba", "RELGRAPH_ENDPOINT_PASSWORD": "dba", "RELGRAPH_ENDPOINT_AUTH": "digest"}
        yield Engine("virtuoso", url, env, log)
    finally:
        _stop(process)


@contextlib.contextmanager
def environment(values: dict[str, str]) -> Iterator[None]:
    saved = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
