"""A forked child that answers an embedded store's queries, killed at a time limit.

pyoxigraph cannot cancel a running query, so a user's query runs in a child process
that the parent kills when the time limit passes: the limit really stops the work,
and an engine crash cannot take the caller down with it.

Forking for every query costs milliseconds that grow with the store's size (the page
tables are copied), more than many queries take. So the child is forked once and kept:
it waits on a Unix socket for requests, and for each one receives a fresh pipe (its
file descriptor passed over the socket) into which it streams the answer in a SPARQL
results format while the parent parses it, so on two cores the engine and the
reading overlap instead of adding up. The child holds a copy-on-write snapshot of the
store: the backend stops it whenever the store changes, and the next query forks a
fresh one. A time-out or a crash also stops it.

The time limit is kept by the reading itself: every read of the pipe first waits for
data with what is left of the limit, and kills the child when it runs out. A timer
thread per query did the same, but starting and cancelling it cost 0.16 ms, a third of
what a millisecond query costs through the child (measured on the bundled graph).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import pickle
import resource
import select
import signal
import socket
import struct
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from relgraph.errors import QueryError, QuerySyntaxError, QueryTimeoutError, StoreError
from relgraph.store.results import AskResult, GraphResult, QueryResult, SelectResult

__all__ = ["QueryWorker", "QueryWorkerPool"]

Raw = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples
_HEADER = struct.Struct("!I")


def _write_answer(raw: Raw, out) -> None:
    if isinstance(raw, ox.QueryBoolean):
        out.write(b"B1" if bool(raw) else b"B0")
    elif isinstance(raw, ox.QuerySolutions):
        out.write(b"S")
        raw.serialize(out, format=ox.QueryResultsFormat.TSV)
    else:
        out.write(b"G")
        ox.serialize(raw, out, format=ox.RdfFormat.N_TRIPLES)


def _read_answer(pipe) -> QueryResult | None:
    tag = pipe.read(1)
    if tag == b"B":
        return AskResult(pipe.read(1) == b"1")
    if tag == b"S":
        raw = ox.parse_query_results(pipe, format=ox.QueryResultsFormat.TSV)
        return SelectResult(tuple(v.value for v in raw.variables), tuple(tuple(row) for row in raw))
    if tag == b"G":
        return GraphResult(tuple(q.triple for q in ox.parse(pipe, format=ox.RdfFormat.N_TRIPLES)))
    return None


class _DeadlineReader(io.RawIOBase):
    """The read end of an answer pipe that waits for data no longer than the deadline;
    when it passes, ``on_time_limit`` runs (it kills the writer) and the pipe reads as ended."""

    def __init__(self, fd: int, deadline: float, on_time_limit: Callable[[], None]):
        super().__init__()
        self._fd, self._deadline, self._on_time_limit = fd, deadline, on_time_limit
        self._poll = select.poll()  # not select(): a store's open files can push descriptors past 1024
        self._poll.register(fd, select.POLLIN)
        self.timed_out = False

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if self.timed_out:
            return 0
        left = self._deadline - time.monotonic()  # checked first: an answer that keeps coming is stopped too
        ready = left > 0 and self._poll.poll(left * 1000)
        if not ready:
            self.timed_out = True
            self._on_time_limit()
            return 0
        return os.readv(self._fd, [buffer])

    def close(self) -> None:
        if not self.closed:
            os.close(self._fd)
        super().close()


def _recv_exactly(sock: socket.socket, size: int) -> bytes:
    chunks, got = [], 0
    while got < size:
        chunk = sock.recv(size - got)
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        got += len(chunk)
    return b"".join(chunks)


def _serve(sock: socket.socket, run: Callable[..., Raw]) -> None:
    """The child's loop: one request, one answer, until the parent closes the socket."""
    while True:
        try:
            head, fds, _, _ = socket.recv_fds(sock, _HEADER.size, 1)
        except OSError:
            return
        if len(head) < _HEADER.size or not fds:
            return
        (size,) = _HEADER.unpack(head)
        try:
            request = pickle.loads(_recv_exactly(sock, size))
        except (EOFError, OSError):
            return
        problem: list[Any] | None = None
        try:
            with os.fdopen(fds[0], "wb", buffering=1 << 16) as out:
                _write_answer(run(*request), out)
        except QuerySyntaxError as exc:
            problem = ["syntax", str(exc), exc.line, exc.column]
        except (QueryError, StoreError) as exc:
            problem = ["query", str(exc), None, None]
        except (RuntimeError, OSError, ValueError) as exc:
            problem = ["query", f"The query could not be run: {exc}.", None, None]
        status = json.dumps(problem).encode()
        try:
            sock.sendall(_HEADER.pack(len(status)) + status)
        except OSError:
            return


ENV_QUERY_MEMORY = "RELGRAPH_QUERY_MEMORY"
DEFAULT_QUERY_MEMORY_MIB = 8192


def _cap_memory() -> None:
    """Bound what one query may allocate beyond the store (RLIMIT_DATA), so a runaway query
    (a cartesian product, a path over everything) fails alone instead of starving the machine."""
    try:
        extra = int(os.environ.get(ENV_QUERY_MEMORY, DEFAULT_QUERY_MEMORY_MIB)) * 1024 * 1024
        status = Path("/proc/self/status").read_text(encoding="ascii")
        data = next(int(line.split()[1]) * 1024 for line in status.splitlines() if line.startswith("VmData:"))
        _, hard = resource.getrlimit(resource.RLIMIT_DATA)
        limit = data + extra if hard == resource.RLIM_INFINITY else min(data + extra, hard)
        if extra > 0:
            resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))
    except (OSError, ValueError, StopIteration):
        pass  # no /proc or no such limit here: run without the cap


class QueryWorker:
    """The kept child of one embedded backend (started on the first bounded query)."""

    def __init__(self, run: Callable[..., Raw]):
        self._run = run
        self._pid: int | None = None
        self._sock: socket.socket | None = None
        self._lock = threading.Lock()

    def _start(self) -> None:
        parent, child = socket.socketpair()
        pid = os.fork()
        if pid == 0:  # the child: serve, then leave without running the parent's cleanup
            try:
                parent.close()
                signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
                _cap_memory()
                _serve(child, self._run)
            finally:
                os._exit(0)
        child.close()
        self._pid, self._sock = pid, parent

    def stop(self) -> int | None:
        """Kill the child (if any) and return its wait status."""
        pid, sock = self._pid, self._sock
        self._pid = self._sock = None
        if sock is not None:
            sock.close()
        if pid is None:
            return None
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            return os.waitpid(pid, 0)[1]
        return None

    def execute(self, request: tuple, timeout: float) -> QueryResult:
        with self._lock:
            return self._execute(request, timeout)

    def _send(self, request: tuple) -> int:
        """Hand the child the request and the write end of a fresh pipe; return the read end."""
        payload = pickle.dumps(request)
        for attempt in range(2):
            if self._pid is None:
                self._start()  # before the pipe exists, so the child holds no copy of its write end
            assert self._sock is not None
            data_r, data_w = os.pipe()
            try:
                socket.send_fds(self._sock, [_HEADER.pack(len(payload))], [data_w])
                self._sock.sendall(payload)
                return data_r
            except OSError as exc:  # the child is gone (killed, crashed): fork a new one and try once more
                os.close(data_r)
                self.stop()
                if attempt:
                    raise StoreError(f"The query process could not be started: {exc}.") from exc
            finally:
                os.close(data_w)
        raise AssertionError("unreachable")

    def _execute(self, request: tuple, timeout: float) -> QueryResult:
        deadline = time.monotonic() + timeout
        data_r = self._send(request)
        pid = self._pid

        def on_time_limit() -> None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)  # type: ignore[arg-type]

        reader = _DeadlineReader(data_r, deadline, on_time_limit)
        answer: QueryResult | None = None
        unreadable: Exception | None = None
        with io.BufferedReader(reader, 1 << 16) as pipe:
            try:
                answer = _read_answer(pipe)
            except (SyntaxError, ValueError, OSError, RuntimeError) as exc:
                unreadable = exc  # cut short by a kill, or an error in the child mid-answer
            while pipe.read(1 << 16):  # drain, so the child never blocks on a full pipe
                pass
        status = None if reader.timed_out else self._status(deadline)
        if status is None:  # no status: the child died (killed at the limit, or crashed)
            wait = self.stop()
            if reader.timed_out or time.monotonic() >= deadline:  # (the status itself can be what was late)
                raise QueryTimeoutError(
                    f"The query was stopped after {timeout:g} s, its time limit. "
                    "Narrow it (a LIMIT, a more selective pattern) or raise --timeout."
                )
            signalled = wait is not None and os.WIFSIGNALED(wait)
            raise QueryError(
                f"The query engine crashed{f' (signal {os.WTERMSIG(wait)})' if signalled else ''} on this query; "
                "the graph is untouched. Simplify the query (a cartesian product or deep nesting?); a query may "
                f"use {os.environ.get(ENV_QUERY_MEMORY, DEFAULT_QUERY_MEMORY_MIB)} MiB beyond the store "
                f"({ENV_QUERY_MEMORY})."
            )
        problem = json.loads(status)
        if problem:
            kind, message, line, column = problem
            if kind == "syntax":
                raise QuerySyntaxError(message, line=line, column=column)
            raise QueryError(message)
        if answer is None:
            detail = f" ({unreadable})" if unreadable else ""
            raise QueryError(f"The query engine returned no readable answer{detail}.")
        return answer

    def _status(self, deadline: float) -> bytes | None:
        sock = self._sock
        if sock is None:
            return None
        try:
            poll = select.poll()
            poll.register(sock, select.POLLIN)
            if not poll.poll((max(0.0, deadline - time.monotonic()) + 1.0) * 1000):
                return None
            (size,) = _HEADER.unpack(_recv_exactly(sock, _HEADER.size))
            return _recv_exactly(sock, size)
        except (EOFError, OSError):
            return None


class QueryWorkerPool:
    """Several kept children, so that queries run side by side (``relgraph serve``).

    Each request takes an idle child (waiting for one when all are busy) and gives it
    back after its answer; a query that runs to its time limit kills only its own
    child, which is forked again on its next use. ``start`` forks them all up front,
    while the caller still has a single thread (a fork copies only the thread that
    calls it, so forking before any other thread touches the store is the safe time).
    """

    def __init__(self, run: Callable[..., Raw], size: int):
        if size < 1:
            raise ValueError("a pool needs at least one query process")
        self.size = size
        self._workers = [QueryWorker(run) for _ in range(size)]
        self._idle: list[QueryWorker] = list(self._workers)
        self._free = threading.Condition()

    def start(self) -> None:
        """Fork every child now, instead of on first use."""
        for worker in self._workers:
            with worker._lock:
                if worker._pid is None:
                    worker._start()

    def execute(self, request: tuple, timeout: float) -> QueryResult:
        with self._free:
            while not self._idle:
                self._free.wait()
            worker = self._idle.pop()
        try:
            return worker.execute(request, timeout)
        finally:
            with self._free:
                self._idle.append(worker)
                self._free.notify()

    def stop(self) -> None:
        for worker in self._workers:
            worker.stop()
