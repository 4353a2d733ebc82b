"""One writer at a time in a graph folder: ``lock_project``.

Every command that changes a graph folder (add, remove, reason, index, init, and the
compile/add of fact sheets) holds an exclusive lock on ``.relgraph/lock`` in the folder
(git-ignored with the rest of ``.relgraph/``) from before it reads the graph it checks
against until its last write, so a check and the write it allows see the same graph:
two versions of one article added at once, or two articles typing one IRI as a State
and as a Person, can no longer both pass. The lock is ``fcntl.flock``, released by the
kernel when the process ends however it ends; it is advisory and says nothing to
readers (queries read the files, which every write replaces atomically).

A writer that finds the folder locked waits up to ``wait`` seconds (the CLI's
``--wait``, 10 by default), saying once on stderr whom it waits for, then gives up
with a ``ProjectError`` naming the holder. The lock is re-entrant within a process:
the CLI takes it around opening the dataset and ``add_article`` takes it again.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from relgraph.errors import ProjectError
from relgraph.paths import Project

__all__ = ["DEFAULT_WAIT", "LOCK_FILE", "lock_folder", "lock_project"]

LOCK_FILE = ".relgraph/lock"
DEFAULT_WAIT = 10.0

_held: dict[str, tuple[int, int]] = {}  # lock path -> (descriptor, depth), for re-entry in this process
_guard = threading.Lock()


def _holder(fd: int) -> str:
    try:
        text = os.pread(fd, 400, 0).decode("utf-8", "replace").strip()
    except OSError:
        return ""
    return f" ({text})" if text else ""


@contextlib.contextmanager
def lock_folder(
    root: Path, *, wait: float = DEFAULT_WAIT, on_wait: Callable[[str], None] | None = None
) -> Iterator[None]:
    """Hold the writer's lock of the graph folder at ``root`` (see the module's docstring)."""
    path = Path(root) / LOCK_FILE
    key = str(path.resolve() if path.parent.exists() else path)
    with _guard:
        if key in _held:
            fd, depth = _held[key]
            _held[key] = (fd, depth + 1)
            reentered = True
        else:
            reentered = False
    if reentered:
        try:
            yield
        finally:
            with _guard:
                fd, depth = _held[key]
                _held[key] = (fd, depth - 1)
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o666)
    except OSError as exc:
        raise ProjectError(f"The graph folder's lock file {path} cannot be opened: {exc.strerror or exc}.") from exc
    try:
        _acquire(fd, root, wait, on_wait)
        note = f"pid {os.getpid()}: relgraph {' '.join(sys.argv[1:])}"[:300]
        os.ftruncate(fd, 0)
        os.pwrite(fd, note.encode("utf-8", "replace"), 0)
        with _guard:
            _held[key] = (fd, 1)
        try:
            yield
        finally:
            with _guard:
                _held.pop(key, None)
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _acquire(fd: int, root: Path, wait: float, on_wait: Callable[[str], None] | None) -> None:
    deadline = time.monotonic() + max(0.0, wait)
    told = False
    while True:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            pass
        holder = _holder(fd)
        if time.monotonic() >= deadline:
            raise ProjectError(
                f"The graph folder {root} is being changed by another relgraph{holder}; gave up after "
                f"{wait:g} s. Run the command again when it is done, or wait longer with --wait SECONDS."
            )
        if not told and on_wait is not None:
            on_wait(f"The graph folder {root} is being changed by another relgraph{holder}; waiting up to {wait:g} s.")
            told = True
        time.sleep(0.05)


def lock_project(
    project: Project, *, wait: float = DEFAULT_WAIT, on_wait: Callable[[str], None] | None = None
) -> contextlib.AbstractContextManager[None]:
    """The writer's lock of a graph folder (the bundled, read-only graph needs none)."""
    if project.read_only:
        return contextlib.nullcontext()
    return lock_folder(project.root, wait=wait, on_wait=on_wait)
