"""The one package that reads and writes graphs and runs SPARQL.

``Dataset`` is what the rest of relgraph works with; where its graphs live is the
business of a backend (the ``Backend`` protocol), chosen by ``open_dataset`` from the
options or ``relgraph.toml``:

    memory   Oxigraph in this process, built from the files (``load_dataset``; the default)
    disk     a persistent Oxigraph store that ``index_store`` builds (``relgraph index``)
    remote   any SPARQL 1.1 engine over HTTP (``relgraph --endpoint URL``; ``push_graphs``)

Modules: ``files`` (parse, serialise, atomic writes), ``results`` (what a query
returns), ``dataset`` (Dataset and Backend), ``embedded`` (Oxigraph, queries in a
killable child), ``disk`` (index, manifest, locks), ``remote`` (HTTP, parameter
binding), ``push`` (uploads), ``config`` (choosing the backend). Nothing outside
this package opens a data file or knows which engine answers.
"""

from __future__ import annotations

from relgraph.paths import Project
from relgraph.store.config import DEFAULT_STORE_PATH, StoreSettings, open_dataset, store_settings
from relgraph.store.dataset import Backend, Dataset
from relgraph.store.embedded import load_memory_backend
from relgraph.store.files import (
    commit_files,
    file_digest,
    parse_rdf,
    rdf_format,
    read_file,
    serialize_triples,
    write_atomic,
)
from relgraph.store.results import AskResult, GraphInfo, GraphResult, QueryResult, SelectResult, Term

__all__ = [
    "DEFAULT_STORE_PATH",
    "AskResult",
    "Backend",
    "Dataset",
    "GraphInfo",
    "GraphResult",
    "QueryResult",
    "SelectResult",
    "StoreSettings",
    "Term",
    "commit_files",
    "file_digest",
    "index_store",
    "load_dataset",
    "open_dataset",
    "parse_rdf",
    "push_graphs",
    "rdf_format",
    "read_file",
    "serialize_triples",
    "store_settings",
    "write_atomic",
]


def load_dataset(project: Project, *, include_inferred: bool = False) -> Dataset:
    """Read the ontology and every data file of a graph folder into one dataset in memory.

    Each data file becomes the named graph of the article it describes. A file that
    does not parse, or that describes no article or two, is an error naming the file.
    """
    return Dataset(project, load_memory_backend(project, include_inferred=include_inferred), include_inferred)


def index_store(project: Project, path, *, rebuild: bool = False, progress: bool = False):
    """Build or update the on-disk store at ``path`` (see ``relgraph.store.disk.index_store``)."""
    from relgraph.store.disk import index_store as _index

    return _index(project, path, rebuild=rebuild, progress=progress)


def push_graphs(project: Project, config, **options):
    """Upload the graph folder to a remote endpoint (see ``relgraph.store.push.push_graphs``)."""
    from relgraph.store.push import push_graphs as _push

    return _push(project, config, **options)
