"""A one-shot command's time limit, kept by the command's own process instead of a query child.

pyoxigraph cannot cancel a running query, so the library runs a user's query in a forked
child that is killed at its limit (``relgraph.store.worker``): a caller that goes on (a
script, a server) must outlive the query it stops. ``relgraph query`` runs one canned
query and exits, so the process itself is what the limit has to stop: on a store in this
process (memory or disk) it runs the query in-process, and ``process_deadline`` ends the
process at the limit. Forking the child, importing what it needs and passing the answer
back through a pipe cost ~10 ms of a 0.15 s command.

A timer thread keeps the limit: the engine lets go of the GIL while it works (a query
and the reading of its rows), so the timer runs while the query does. At the limit it
prints the error a child's time-out gives and exits with its code (9) at once; the flock
locks and descriptors go with the process, and nothing has been written to stdout yet
(output is written after the deadline is disarmed). Ctrl-C ends the process at once
(SIGINT's default action) instead of after the query, as killing the child did. The
process's memory is capped as the child's was (its data may grow by
``RELGRAPH_QUERY_MEMORY`` MiB, 8 GiB by default); past the cap the engine aborts the
process ("memory allocation of N bytes failed", exit 134), where the child's death was
reported as a clear error. That is why ``relgraph sparql`` (anyone's text) keeps the
child, and a canned query (the folder's own text) does without.
"""

from __future__ import annotations

import contextlib
import os
import resource
import signal
import sys
import threading
from collections.abc import Iterator

from relgraph.errors import QueryTimeoutError

__all__ = ["process_deadline", "timeout_message"]


def timeout_message(seconds: float) -> str:
    """What a query stopped at its limit says (the words of the query child's time-out)."""
    return (
        f"The query was stopped after {seconds:g} s, its time limit. "
        "Narrow it (a LIMIT, a more selective pattern) or raise --timeout."
    )


def _stop_process(seconds: float) -> None:
    """Say why and end the process now (the main thread may be inside the engine, unreachable)."""
    lead = "\x1b[?25h\n" if sys.stderr.isatty() else ""  # the spinner's hidden cursor back, and a line of its own
    with contextlib.suppress(OSError):
        os.write(2, f"{lead}Error: {timeout_message(seconds)}\n".encode())
    os._exit(QueryTimeoutError.exit_code)


#: relgraph.store.worker's ENV_QUERY_MEMORY and DEFAULT_QUERY_MEMORY_MIB (a test keeps them the same):
#: the worker module (sockets, pickle) is not imported by a command that forks no child.
ENV_QUERY_MEMORY = "RELGRAPH_QUERY_MEMORY"
DEFAULT_QUERY_MEMORY_MIB = 8192


def _cap_memory() -> None:
    """What the query child does (``relgraph.store.worker.cap_memory``), for this process: its data may
    grow by ``RELGRAPH_QUERY_MEMORY`` MiB more, so a runaway query fails instead of starving the machine."""
    try:
        extra = int(os.environ.get(ENV_QUERY_MEMORY, DEFAULT_QUERY_MEMORY_MIB)) * 1024 * 1024
        with open("/proc/self/status", encoding="ascii") as status:
            data = next(int(line.split()[1]) * 1024 for line in status if line.startswith("VmData:"))
        _, hard = resource.getrlimit(resource.RLIMIT_DATA)
        if extra > 0:
            limit = data + extra if hard == resource.RLIM_INFINITY else min(data + extra, hard)
            resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))
    except (OSError, ValueError, StopIteration):
        pass  # no /proc or no such limit here: run without the cap


@contextlib.contextmanager
def process_deadline(seconds: float | None) -> Iterator[None]:
    """End this process (exit 9, with the time-out's message) if what runs inside lasts ``seconds``.

    Only for a process that does one thing and exits (a command): the whole process stops,
    not just the query. None: no limit (and no cap, no timer)."""
    if seconds is None:
        yield
        return
    lock = threading.Lock()
    armed = [True]

    def expire() -> None:
        with lock:  # held to the end: the main thread, disarming, never gets past it to print
            if armed[0]:
                _stop_process(seconds)

    timer = threading.Timer(seconds, expire)
    timer.daemon = True
    memory = resource.getrlimit(resource.RLIMIT_DATA)
    _cap_memory()
    main = threading.current_thread() is threading.main_thread()  # (only the main thread sets handlers)
    previous = signal.signal(signal.SIGINT, signal.SIG_DFL) if main else None
    timer.start()
    try:
        yield
    finally:
        with lock:
            armed[0] = False
        timer.cancel()
        if main:
            signal.signal(signal.SIGINT, previous)
        with contextlib.suppress(OSError, ValueError):
            resource.setrlimit(resource.RLIMIT_DATA, memory)
