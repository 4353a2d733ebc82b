"""Which backend holds the graphs: chosen by size (the default), memory, a store on disk, or a remote endpoint.

Chosen by the command line (``relgraph --store PATH``, ``relgraph --endpoint URL``)
or by the ``[store]`` section of the graph folder's ``relgraph.toml``::

    [store]
    backend = "disk"              # auto (default) | memory | disk | remote
    path = ".relgraph/store"      # the on-disk store, relative to the graph folder

``auto`` reads a small folder into memory and a large one through a store on disk that
relgraph builds on first use and keeps in step with the files (``relgraph.store.auto``).

    [store.remote]
    query = "http://127.0.0.1:8890/sparql"
    update = "http://127.0.0.1:8890/sparql-auth"                 # guessed for /sparql and /query
    graph_store = "http://127.0.0.1:8890/sparql-graph-crud-auth"  # guessed too
    graph_param = "graph-uri"     # the Graph Store parameter (standard: graph)
    timeout = 60                  # seconds, for look-ups and uploads
    timeout_param = "timeout"     # the engine's own time limit, in ms (guessed for /sparql: Virtuoso; "" for none)
    max_answer_bytes = 536870912  # the most bytes read of one answer (512 MiB)

The command line wins over the file. Credentials never go here: see
``relgraph.store.remote`` for the environment variables.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from relgraph.errors import ProjectError
from relgraph.paths import Project
from relgraph.store.dataset import Dataset

if TYPE_CHECKING:
    from relgraph.store.endpoint import RemoteConfig

__all__ = ["DEFAULT_STORE_PATH", "StoreSettings", "open_dataset", "store_settings"]

DEFAULT_STORE_PATH = ".relgraph/store"
_BACKENDS = ("auto", "memory", "disk", "remote")


@dataclass(frozen=True)
class StoreSettings:
    """The backend to open and where it is."""

    backend: str = "auto"
    path: Path | None = None
    remote: RemoteConfig | None = None


def _toml(project: Project) -> dict:
    path = project.root / "relgraph.toml"
    if not path.is_file():
        return {}
    import tomllib  # only for a folder that has the file

    try:
        body = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ProjectError(f"{path} is not valid TOML: {exc}") from exc
    section = body.get("store", {})
    if not isinstance(section, dict):
        raise ProjectError(f"{path}: [store] must be a table.")
    return section


def store_settings(project: Project, *, store: str | Path | None = None, endpoint: str | None = None) -> StoreSettings:
    """The backend for this graph folder: the options given, else relgraph.toml, else auto (chosen by size)."""
    if store is not None and endpoint is not None:
        raise ProjectError("Give either --store (a store on disk) or --endpoint (a remote engine), not both.")
    section = _toml(project)
    remote_section = section.get("remote", {}) or {}
    allowed = {
        "query",
        "update",
        "graph_store",
        "graph_param",
        "timeout",
        "connect_timeout",
        "timeout_param",
        "max_answer_bytes",
    }
    unknown = set(remote_section) - allowed
    if unknown:
        raise ProjectError(
            f"{project.root / 'relgraph.toml'}: unknown key(s) {', '.join(sorted(unknown))} in [store.remote]; "
            f"known: {', '.join(sorted(allowed))}."
        )

    def remote_config(url: str) -> RemoteConfig:
        from relgraph.store.endpoint import RemoteConfig  # only for a remote engine

        return RemoteConfig.for_url(
            url,
            update_url=remote_section.get("update"),
            graph_store_url=remote_section.get("graph_store"),
            graph_param=remote_section.get("graph_param"),
            timeout=float(remote_section["timeout"]) if "timeout" in remote_section else None,
            connect_timeout=float(remote_section["connect_timeout"]) if "connect_timeout" in remote_section else None,
            timeout_param=str(remote_section["timeout_param"]) if "timeout_param" in remote_section else None,
            max_answer_bytes=int(remote_section["max_answer_bytes"]) if "max_answer_bytes" in remote_section else None,
        )

    if endpoint is not None:
        return StoreSettings("remote", remote=remote_config(endpoint))
    if store is not None:
        return StoreSettings("disk", path=Path(store).expanduser())
    backend = section.get("backend", "auto")
    if backend not in _BACKENDS:
        raise ProjectError(
            f"{project.root / 'relgraph.toml'}: [store] backend is {backend!r}; use one of {', '.join(_BACKENDS)}."
        )
    if backend == "disk":
        return StoreSettings("disk", path=project.root / section.get("path", DEFAULT_STORE_PATH))
    if backend == "remote":
        if "query" not in remote_section:
            raise ProjectError(
                f"{project.root / 'relgraph.toml'}: backend 'remote' needs query = URL in [store.remote]."
            )
        return StoreSettings("remote", remote=remote_config(str(remote_section["query"])))
    if backend == "memory":
        return StoreSettings("memory")
    from relgraph.store.auto import auto_store_path

    return StoreSettings("auto", path=auto_store_path(project, str(section.get("path", DEFAULT_STORE_PATH))))


def open_dataset(
    project: Project,
    *,
    store: str | Path | None = None,
    endpoint: str | None = None,
    include_inferred: bool = False,
    settings: StoreSettings | None = None,
    progress: bool = False,
    notify: Callable[[str], None] | None = None,
) -> Dataset:
    """The dataset of a graph folder on the backend chosen by the options or relgraph.toml.

    ``progress`` shows a bar on stderr while the files are read into memory or indexed.
    ``notify`` receives the one line that says when relgraph builds or updates the store
    it keeps without being asked (default: printed on stderr)."""
    chosen = settings or store_settings(project, store=store, endpoint=endpoint)
    if chosen.backend == "auto":
        from relgraph.store.auto import open_auto_backend

        assert chosen.path is not None
        backend = open_auto_backend(
            project, chosen.path, include_inferred=include_inferred, progress=progress, notify=notify
        )
        return Dataset(project, backend, include_inferred)
    if chosen.backend == "disk":
        from relgraph.store.disk import open_disk_backend

        assert chosen.path is not None
        return Dataset(project, open_disk_backend(project, chosen.path), include_inferred)
    if chosen.backend == "remote":
        from relgraph.store.remote import RemoteBackend

        assert chosen.remote is not None
        return Dataset(project, RemoteBackend(chosen.remote), include_inferred)
    from relgraph.store.embedded import load_memory_backend

    backend = load_memory_backend(project, include_inferred=include_inferred, progress=progress)
    return Dataset(project, backend, include_inferred)
