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
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

import pyoxigraph as ox

from relgraph.errors import QueryError, QuerySyntaxError, QueryTimeoutError, StoreError
from relgraph.store.answers import (
    RESULT_FORMATS,
    Call,
    Native,
    Returned,
    Serialised,
    Unread,
    read_answer,
    write_answer,
    write_call,
    write_native,
)
from relgraph.store.results import QueryResult, SelectResult, materialise

__all__ = ["QueryMeter", "QueryWorker", "QueryWorkerPool", "Serialised", "metered", "serialised_as"]

Raw = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples
_HEADER = struct.Struct("!I")
T = TypeVar("T")


class QueryMeter:
    """The queries one thread runs through query children: the lane they take (``slow``) and the
    processor time they cost there (seconds, summed; the children report it with each answer)."""

    def __init__(self, slow: bool = False):
        self.slow = slow
        self.cpu = 0.0
        self.runs = 0


_local = threading.local()


@contextlib.contextmanager
def metered(*, slow: bool = False) -> Iterator[QueryMeter]:
    """Count what this thread's queries cost in the children, and send them to the slow lane if ``slow``
    (``QueryWorkerPool``): the caller knows the query, the pool only its text."""
    meter, before = QueryMeter(slow), getattr(_local, "meter", None)
    _local.meter = meter
    try:
        yield meter
    finally:
        _local.meter = before


def _meter() -> QueryMeter | None:
    return getattr(_local, "meter", None)


@contextlib.contextmanager
def serialised_as(fmt: str | None) -> Iterator[Serialised | None]:
    """Have the children write this thread's SELECT answers in ``fmt`` themselves (a server's
    ``/sparql``, which sends them on as they are): the result the caller gets has the variables
    and as many rows, each row all None, and the yielded value holds the text in ``body``. Check
    ``answers(result)`` before sending it; any other use of that result's rows is wrong. With
    ``fmt`` None or not a results format, nothing changes (yields None)."""
    if fmt not in RESULT_FORMATS:
        yield None
        return
    wanted, before = Serialised(fmt), getattr(_local, "serialised", None)
    _local.serialised = wanted
    try:
        yield wanted
    finally:
        _local.serialised = before


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
        started = time.process_time()
        try:
            with os.fdopen(fds[0], "wb", buffering=1 << 16) as out:
                if isinstance(request, Call):
                    write_call(request, out)
                elif isinstance(request, Native):
                    write_native(run(*request.request), request.fmt, out)
                else:
                    write_answer(run(*request), out)
        except QuerySyntaxError as exc:
            problem = ["syntax", str(exc), exc.line, exc.column]
        except (QueryError, StoreError) as exc:
            problem = ["query", str(exc), None, None]
        except (RuntimeError, OSError, ValueError) as exc:
            problem = ["query", f"The query could not be run: {exc}.", None, None]
        status = json.dumps({"problem": problem, "cpu": time.process_time() - started}).encode()
        try:
            sock.sendall(_HEADER.pack(len(status)) + status)
        except OSError:
            return


ENV_QUERY_MEMORY = "RELGRAPH_QUERY_MEMORY"
DEFAULT_QUERY_MEMORY_MIB = 8192


def die_with_parent(parent: int) -> None:
    """Make this (forked) child die when its parent does, so no query runs on, orphaned, past its limit.

    On Linux the kernel sends SIGKILL when the parent goes (``prctl(PR_SET_PDEATHSIG)``; note that it
    watches the thread that forked). Elsewhere, or if that call fails, a thread checks every half
    second whether the parent is still there (it runs whenever the engine lets go of the GIL, and
    the answer pipe closing ends the child's loop as well).
    """
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) == 0:
                if os.getppid() != parent:  # the parent died before the call: the signal would never come
                    os._exit(0)
                return
        except (OSError, AttributeError):
            pass

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, name="relgraph-parent-watch", daemon=True).start()


_PR_SET_PDEATHSIG = 1


def cap_memory() -> None:
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

    def __init__(self, run: Callable[..., Raw], *, nice: int = 0):
        self._run = run
        self._nice = nice  # added to the child's niceness: the kernel gives it a smaller share of the cores
        self._owner = os.getpid()
        self._pid: int | None = None
        self._sock: socket.socket | None = None
        self._lock = threading.Lock()

    def _start(self) -> None:
        parent, child = socket.socketpair()
        parent_pid = os.getpid()
        pid = os.fork()
        if pid == 0:  # the child: serve, then leave without running the parent's cleanup
            try:
                parent.close()
                if self._nice:
                    os.nice(self._nice)  # (on Linux per thread: this one, and any the child starts later)
                die_with_parent(parent_pid)
                signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
                cap_memory()
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
        if os.getpid() != self._owner:  # in a child of ours, running a call: it is the child, so run it here
            return materialise(self._run(*request))
        wanted: Serialised | None = getattr(_local, "serialised", None)
        with self._lock:
            answer = self._execute(request if wanted is None else Native(request, wanted.fmt), timeout)
        if isinstance(answer, Serialised):
            if wanted is None:
                raise QueryError("The query process wrote an answer no one asked it to write.")
            wanted.variables, wanted.rows, wanted.body = answer.variables, answer.rows, answer.body
            blank = Unread((None,) * len(answer.variables))
            return SelectResult(answer.variables, (blank,) * answer.rows)
        assert not isinstance(answer, Returned)
        return answer

    def call(self, fn: Callable[..., T], *args: Any, timeout: float) -> T:
        """``fn(*args)`` run in the child, stopped at ``timeout`` as a query is: its value, or what it raised.

        For work that runs several queries (a page's look-ups): one round trip instead of one per
        query, each of which runs in the child itself. ``fn`` is pickled by name (a module-level
        function) and ``args`` and the value by value."""
        if os.getpid() != self._owner:
            return fn(*args)
        with self._lock:
            answer = self._execute(Call(fn, args), timeout)
        if not isinstance(answer, Returned):
            raise QueryError("The query process answered a call with a query's answer.")
        if answer.raised:
            raise answer.value
        return answer.value

    def _send(self, request: tuple | Call | Native) -> int:
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

    def _execute(self, request: tuple | Call | Native, timeout: float) -> QueryResult | Returned | Serialised:
        deadline = time.monotonic() + timeout
        data_r = self._send(request)
        pid = self._pid

        def on_time_limit() -> None:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)  # type: ignore[arg-type]

        reader = _DeadlineReader(data_r, deadline, on_time_limit)
        answer: QueryResult | Returned | Serialised | None = None
        unreadable: Exception | None = None
        with io.BufferedReader(reader, 1 << 16) as pipe:
            try:
                answer = read_answer(pipe)
            except (SyntaxError, ValueError, OSError, RuntimeError, EOFError, pickle.UnpicklingError) as exc:
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
        report = json.loads(status)
        problem = report["problem"]
        meter = _meter()
        if meter is not None:
            meter.cpu += report["cpu"]
            meter.runs += 1
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


#: How much nicer (``nice``) the slow lane's children run than the server: a share of the cores
#: about ten times smaller (the kernel's weights: 1024 at 0, 110 at 10) while a quick query runs
#: beside them, and all of it while none does.
SLOW_NICE = 10


class QueryWorkerPool:
    """Several kept children, so that queries run side by side (``relgraph serve``), in two lanes.

    Each request takes an idle child of its lane (waiting for one when all are busy) and gives it
    back after its answer; a query that runs to its time limit kills only its own child, which is
    forked again on its next use. A third of the children (``slow``) are the slow lane: queries the
    caller knows to be heavy (``metered(slow=True)``) run there, one per child, at a lower priority
    (``SLOW_NICE``), so a quick query finds a child of the other lane free and the kernel runs it
    first, as a thread-per-request server's quick answers get through between heavy ones (with one
    lane, 1 ms queries queued for seconds behind heavy ones: benchmarks/SERVE.md). Nothing is lost
    of the isolation: each query still runs alone in its child, killed at its limit.

    ``start`` forks them all up front, while the caller still has a single thread (a fork copies
    only the thread that calls it, so forking before any other thread touches the store is the
    safe time).
    """

    def __init__(self, run: Callable[..., Raw], size: int, *, slow: int | None = None):
        if size < 1:
            raise ValueError("a pool needs at least one query process")
        self.size = size
        self.slow = size // 3 if slow is None else max(0, min(slow, size - 1))
        quick = size - self.slow
        self._workers = [QueryWorker(run, nice=SLOW_NICE if i >= quick else 0) for i in range(size)]
        self._idle: dict[bool, list[QueryWorker]] = {
            False: self._workers[:quick],
            True: self._workers[quick:] if self.slow else self._workers[:quick],
        }
        self._free = threading.Condition()
        self._owner = os.getpid()

    def start(self) -> None:
        """Fork every child now, instead of on first use."""
        for worker in self._workers:
            with worker._lock:
                if worker._pid is None:
                    worker._start()

    def execute(self, request: tuple, timeout: float) -> QueryResult:
        if os.getpid() != self._owner:  # in a child of ours, running a call (see QueryWorker.execute)
            return self._workers[0].execute(request, timeout)
        with self._worker_of_lane() as worker:
            return worker.execute(request, timeout)

    def call(self, fn: Callable[..., T], *args: Any, timeout: float) -> T:
        """``fn(*args)`` in a child of the caller's lane (``QueryWorker.call``)."""
        if os.getpid() != self._owner:
            return fn(*args)
        with self._worker_of_lane() as worker:
            return worker.call(fn, *args, timeout=timeout)

    @contextlib.contextmanager
    def _worker_of_lane(self) -> Iterator[QueryWorker]:
        meter = _meter()
        idle = self._idle[bool(meter and meter.slow)]
        with self._free:
            while not idle:
                self._free.wait()
            worker = idle.pop()
        try:
            yield worker
        finally:
            with self._free:
                idle.append(worker)
                self._free.notify_all()

    def stop(self) -> None:
        for worker in self._workers:
            worker.stop()
