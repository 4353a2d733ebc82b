"""A one-shot command's time limit, kept by the command's own process instead of a query child.

pyoxigraph cannot cancel a running query, so the library runs a user's query in a forked
child that is killed at its limit (``relgraph.store.worker``): a caller that goes on (a
script, a server) must outlive the query it stops. ``relgraph query`` and ``relgraph
sparql`` run one query and exit, so the process itself is what the limit has to stop:
on a store in this process (memory or disk) they run the query in-process, and
``process_deadline`` ends the process at the limit. Forking the child, importing what it
needs and passing the answer back through a pipe cost ~10 ms of a 0.15 s command.

A timer thread keeps the limit: the engine lets go of the GIL while it works (a query
and the reading of its rows), so the timer runs while the query does. At the limit it
prints the error a child's time-out gives and exits with its code (9) at once; the flock
locks and descriptors go with the process, and nothing has been written to stdout yet
(output is written after the deadline is disarmed). Ctrl-C ends the process at once
(SIGINT's default action) instead of after the query, as killing the child did. The
query's memory is capped as the child's was (``cap_memory``: the process's data may
grow by ``RELGRAPH_QUERY_MEMORY`` MiB, 8 GiB by default); what the child also gave, an
engine crash reported as an error rather than the process's death, a one-shot command
does without: its process is the one that would have reported it.
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
    lead = "\n" if sys.stderr.isatty() else ""  # below a spinner's line, not over it
    with contextlib.suppress(OSError):
        os.write(2, f"{lead}Error: {timeout_message(seconds)}\n".encode())
    os._exit(QueryTimeoutError.exit_code)


@contextlib.contextmanager
def process_deadline(seconds: float | None) -> Iterator[None]:
    """End this process (exit 9, with the time-out's message) if what runs inside lasts ``seconds``.

    Only for a process that does one thing and exits (a command): the whole process stops,
    not just the query. None: no limit (and no cap, no timer)."""
    if seconds is None:
        yield
        return
    from relgraph.store.worker import cap_memory

    lock = threading.Lock()
    armed = [True]

    def expire() -> None:
        with lock:  # held to the end: the main thread, disarming, never gets past it to print
            if armed[0]:
                _stop_process(seconds)

    timer = threading.Timer(seconds, expire)
    timer.daemon = True
    memory = resource.getrlimit(resource.RLIMIT_DATA)
    cap_memory()
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
