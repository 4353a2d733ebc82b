"""Running a function on untrusted text in a child process, under a time limit and a memory cap.

Parsing a user's SPARQL is work whose cost the user controls: a parser can be slow
(rdflib's on a long query), recursive (thousands of nested groups) or crash outright
(Oxigraph on ~3,000 nested groups). ``run_bounded(fn, *args, timeout=...)`` forks a
child that runs ``fn``, with the query child's memory cap and the rule that it dies
with its parent, and sends the answer back over a pipe; a child that runs past the
limit is killed (``QueryTimeoutError``), one that crashes is a ``QueryError``, and a
``RelgraphError`` raised in the child is raised again here, with its message.

Where ``fork`` does not exist the function runs in-process.
"""

from __future__ import annotations

import contextlib
import faulthandler
import os
import pickle
import select
import signal
import time
from collections.abc import Callable
from typing import Any, TypeVar

from relgraph import errors
from relgraph.errors import QueryError, QueryTimeoutError, RelgraphError
from relgraph.store.worker import DEFAULT_QUERY_MEMORY_MIB, ENV_QUERY_MEMORY, cap_memory, die_with_parent

__all__ = ["run_bounded"]

T = TypeVar("T")


def _error_payload(exc: RelgraphError) -> tuple[str, str, dict[str, Any]]:
    extra = {k: getattr(exc, k) for k in ("line", "column") if isinstance(getattr(exc, k, None), int)}
    return type(exc).__name__, str(exc), extra


def _raise_payload(name: str, message: str, extra: dict[str, Any]) -> None:
    cls = getattr(errors, name, None)
    if isinstance(cls, type) and issubclass(cls, errors.QuerySyntaxError):
        raise cls(message, **extra)
    if isinstance(cls, type) and issubclass(cls, RelgraphError) and cls not in (errors.DataParseError,):
        raise cls(message)
    raise QueryError(message)


def run_bounded(fn: Callable[..., T], *args: Any, timeout: float | None, what: str = "the query") -> T:
    """``fn(*args)`` in a child process killed after ``timeout`` seconds (None: no limit), memory capped."""
    if not hasattr(os, "fork"):
        return fn(*args)
    read_fd, write_fd = os.pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # the child: compute, send, leave without the parent's cleanup
        status = 0
        try:
            os.close(read_fd)
            faulthandler.disable()  # a parser crash is reported by the parent, not dumped by the child
            die_with_parent(parent)
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            cap_memory()
            payload: tuple[str, object]
            try:
                payload = ("ok", fn(*args))
            except RelgraphError as exc:
                payload = ("error", _error_payload(exc))
            except RecursionError:
                payload = (
                    "error",
                    ("QueryError", f"{what[:1].upper()}{what[1:]} is nested too deeply to be read.", {}),
                )
            except MemoryError:
                payload = (
                    "error",
                    ("QueryError", f"{what[:1].upper()}{what[1:]} needs too much memory to be read.", {}),
                )
            data = pickle.dumps(payload)
            with os.fdopen(write_fd, "wb") as out:
                out.write(data)
        except BaseException:
            status = 1
        finally:
            os._exit(status)
    os.close(write_fd)
    deadline = None if timeout is None else time.monotonic() + timeout
    chunks: list[bytes] = []
    timed_out = False
    poll = select.poll()
    poll.register(read_fd, select.POLLIN | select.POLLHUP)
    try:
        while True:
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and (left <= 0 or not poll.poll(left * 1000)):
                timed_out = True
                break
            chunk = os.read(read_fd, 1 << 16)
            if not chunk:
                break
            chunks.append(chunk)
    finally:
        os.close(read_fd)
        if timed_out:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        _, wait = os.waitpid(pid, 0)
    if timed_out:
        raise QueryTimeoutError(
            f"Reading {what} was stopped after {timeout:g} s, its time limit. Shorten it, or raise --timeout."
        )
    try:
        kind, value = pickle.loads(b"".join(chunks))
    except (pickle.UnpicklingError, EOFError, ValueError, TypeError) as exc:
        signalled = os.WIFSIGNALED(wait)
        raise QueryError(
            f"Reading {what} crashed the parser{f' (signal {os.WTERMSIG(wait)})' if signalled else ''}; nothing "
            "was run. Simplify it (deep nesting?); a query may use "
            f"{os.environ.get(ENV_QUERY_MEMORY, DEFAULT_QUERY_MEMORY_MIB)} MiB ({ENV_QUERY_MEMORY})."
        ) from exc
    if kind == "error":
        _raise_payload(*value)
    return value
