"""The store relgraph keeps without being asked: on disk beside the graph folder, above a size.

With no ``--store``, ``--endpoint`` or ``[store] backend`` in relgraph.toml, a command
reads a small graph folder into memory, as it always did, and a large one through a
store on disk that it builds on first use and keeps in step with the files:

* where: ``.relgraph/store`` inside the graph folder (``[store] path`` moves it). The
  folder gets a ``.relgraph/.gitignore`` of ``*``, so git never sees the store. A folder
  relgraph may not write into (the graph bundled with an installed relgraph, a
  read-only mount) keeps its store in the user's cache folder instead
  (``~/.cache/relgraph/stores/<hash of the folder's path>`` on Linux), or, if that
  cannot be written either, is read into memory;
* when: the folder's Turtle files weigh ``AUTO_STORE_BYTES`` or more. Below that,
  reading the files is faster than opening a store (measured:
  ``benchmarks/bench_startup.py``, see docs/explanation/performance.md). A store that
  exists is always used, whatever the size;
* in step: the store's manifest records every file it was built from; files added,
  changed or removed since are applied before the command runs (only those graphs),
  and ``relgraph add``/``remove`` change the store together with the files.

What it does is said in one line on stderr (``notify``) when it builds or updates the
store; opening a store that is up to date says nothing.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Callable
from pathlib import Path

from relgraph.paths import Project
from relgraph.store.dataset import Backend

__all__ = ["AUTO_STORE_BYTES", "auto_store_path", "folder_bytes", "open_auto_backend", "prepare_store_folder"]

#: Turtle bytes from which a folder is read through a store on disk (about 25,000 triples:
#: there, reading into memory and opening the store both take about 0.2 s; see the module's docstring).
AUTO_STORE_BYTES = 2_000_000
_GITIGNORE = "# Made by relgraph: the store it keeps beside the graph folder; rebuilt from the files at will.\n*\n"


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def folder_bytes(project: Project) -> int:
    """The size of the files a store would be built from (the ontology, the data, the inferences)."""
    total = 0
    for entry in project.source_entries().values():
        try:
            total += entry.stat().st_size
        except OSError:
            continue
    return total


def auto_store_path(project: Project, relative: str) -> Path:
    """Where the store of ``project`` lives: inside it where relgraph may write, else in the user's cache."""
    if not project.read_only and os.access(project.root, os.W_OK):
        return project.root / relative
    from platformdirs import user_cache_path

    key = hashlib.sha256(str(project.root.resolve()).encode("utf-8")).hexdigest()[:16]
    return user_cache_path("relgraph", appauthor=False) / "stores" / key


def open_auto_backend(
    project: Project,
    path: Path,
    *,
    include_inferred: bool = False,
    progress: bool = False,
    notify: Callable[[str], None] | None = None,
) -> Backend:
    """The backend for a graph folder whose settings leave the choice to relgraph (see the module's docstring)."""
    from relgraph.store.disk import StoreOutOfStep, index_store, open_disk_backend
    from relgraph.store.embedded import load_memory_backend

    say = notify or _say
    if not (path / "CURRENT").is_file():
        size = folder_bytes(project)
        if size < AUTO_STORE_BYTES:
            return load_memory_backend(project, include_inferred=include_inferred, progress=progress)
        problem = prepare_store_folder(path)
        if problem:
            say(f"relgraph: no store can be kept at {path} ({problem}); reading the files into memory.")
            return load_memory_backend(project, include_inferred=include_inferred, progress=progress)
        say(
            f"relgraph: {size / 1e6:,.0f} MB of Turtle: indexing it once into a store at {path} "
            "(later commands open it at once; delete the folder to go back to reading the files)."
        )
        index_store(project, path, progress=progress)
    try:
        return open_disk_backend(project, path)
    except StoreOutOfStep as exc:
        say(f"relgraph: {exc.diff.describe()}: bringing the store at {path} up to date.")
    report = index_store(project, path, progress=progress)
    if report.action == "built":
        say(f"relgraph: rebuilt the store at {path} ({report.quads:,} triples).")
    return open_disk_backend(project, path)


def prepare_store_folder(path: Path) -> str | None:
    """Make the store's folder, with a .gitignore that keeps git out of it; what went wrong, or None."""
    try:
        path.mkdir(parents=True, exist_ok=True)
        ignore = path.parent / ".gitignore"
        if path.parent.name == ".relgraph" and not ignore.exists():
            ignore.write_text(_GITIGNORE, encoding="utf-8")
    except OSError as exc:
        return exc.strerror or str(exc)
    return None if os.access(path, os.W_OK) else "not writable"
