"""The dataset every command works on, and the one interface its backends share.

A dataset is the ontology (in its own named graph), one named graph per article
(named by the article's IRI, so every fact knows its source) and, when asked for,
the reasoner's inferences. Queries see the union of those graphs as their default
graph; ``GRAPH ?article { ... }`` picks out one article's facts.

Where the graphs live is the backend's business (``Backend``): Oxigraph in memory
(the default), a persistent Oxigraph store on disk, or a remote SPARQL 1.1 engine.
The rest of relgraph sees only ``Dataset``.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, TypeVar, runtime_checkable

import pyoxigraph as ox

from relgraph.errors import QueryError, StoreError
from relgraph.model.namespaces import GRAPH_INFERRED, GRAPH_UNION, PREFIXES
from relgraph.paths import Project
from relgraph.store.files import parse_rdf, rdf_format, serialize_triples, tidy_prefixes
from relgraph.store.results import GraphInfo, QueryResult, SelectResult, Term

__all__ = ["Backend", "Dataset"]

T = TypeVar("T")


@runtime_checkable
class Backend(Protocol):
    """What a place that holds the graphs must do (memory, disk, remote)."""

    kind: str  # "memory", "disk" or "remote"
    location: str  # where, for messages: "in memory", a folder, an endpoint URL

    def graphs(self) -> tuple[GraphInfo, ...]: ...

    def graph(self, name: str) -> GraphInfo | None:
        """The graph named ``name``, or None: in constant time (a query asks this, at 31k graphs too)."""
        ...

    def count(self) -> int: ...

    def triples_in(self, graph: str) -> list[ox.Triple]: ...

    def select(
        self,
        text: str,
        bindings: Mapping[str, Term] | None = None,
        *,
        default_graphs: Sequence[str] | None = None,
    ) -> QueryResult: ...

    def execute(
        self,
        text: str,
        *,
        bindings: Mapping[str, Term] | None = None,
        timeout: float | None = 60.0,
        default_graphs: Sequence[str] | None = None,
    ) -> QueryResult: ...

    def replace_graph(self, info: GraphInfo, triples: Iterable[ox.Triple]) -> None: ...

    def drop_graph(self, name: str) -> None: ...

    def close(self) -> None: ...


@dataclass(frozen=True, eq=False)
class Dataset:
    """The graph a command works on: its graph folder and the backend that holds the graphs."""

    project: Project
    backend: Backend = field(repr=False)
    include_inferred: bool = False
    _memo: dict[Hashable, object] = field(default_factory=dict, init=False, repr=False)
    _changes: list[int] = field(default_factory=lambda: [0], init=False, repr=False)

    # ----- what is in it ---------------------------------------------------
    @property
    def graphs(self) -> tuple[GraphInfo, ...]:
        held = self.backend.graphs()
        if self.include_inferred:
            return held
        return tuple(g for g in held if g.name != GRAPH_INFERRED)

    @property
    def kind(self) -> str:
        """Which backend answers: "memory", "disk" or "remote"."""
        return self.backend.kind

    @property
    def _store(self) -> ox.Store:
        """The Oxigraph store of an embedded backend (benchmarks compare against it)."""
        store = getattr(self.backend, "store", None)
        if store is None:
            raise AttributeError(f"a {self.backend.kind} dataset has no local Oxigraph store")
        return store

    def graph(self, name: str) -> GraphInfo | None:
        if name == GRAPH_INFERRED and not self.include_inferred:
            return None
        return self.backend.graph(name)

    def article_graphs(self) -> list[GraphInfo]:
        return [g for g in self.graphs if g.kind == "article"]

    def __len__(self) -> int:
        hidden = not self.include_inferred and self.backend.graph(GRAPH_INFERRED) is not None
        return self.backend.count() - (len(self.backend.triples_in(GRAPH_INFERRED)) if hidden else 0)

    def triples_in(self, graph: str) -> list[ox.Triple]:
        return self.backend.triples_in(graph)

    @property
    def stamp(self) -> int | None:
        """A number that moves whenever a graph changes through this dataset, for keeping what was
        read from it (a server's rendered pages); None for a remote endpoint, which anyone may change."""
        return None if self.backend.kind == "remote" else self._changes[0]

    def remember(self, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()``, kept until this dataset's graphs change (name look-ups: 1-13 ms each).

        Only for graphs that nothing else can change while this dataset is open: a store in
        memory, or on disk (a writer needs every reader gone); a remote endpoint may be
        changed by anyone, so its answers are never kept.
        """
        if self.backend.kind == "remote":
            return compute()
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    def derived_file(self, name: str) -> Path | None:
        """Where a file derived from these graphs may be kept between commands, or None.

        Only a store on disk has such a place (its current generation; see
        ``DiskBackend.derived_path``): the file is removed whenever the graphs change.
        """
        where = getattr(self.backend, "derived_path", None)
        return where(name) if where is not None else None

    # ----- queries -----------------------------------------------------------
    def _scope(self, default_graphs: Sequence[str] | None) -> Sequence[str] | None:
        """Leave the inferences out of the default graph when this dataset was not asked for them.

        The default graph is then the merged graph of the articles and the ontology, which every
        backend holds under one name (``GRAPH_UNION``), so this costs nothing at any number of
        graphs. ``GRAPH ?g`` still ranges over every graph, the inferred one too (it is named
        <https://w3id.org/relgraph/graph/inferred>, so a row from it says where it comes from):
        restricting the named graphs means listing them, and Oxigraph then matches a ``GRAPH ?g``
        pattern graph by graph (article_changes at 1M triples: 18 s with the list of 3,075
        graphs, 0.04 s without).
        """
        if default_graphs is None and not self.include_inferred and self.backend.graph(GRAPH_INFERRED) is not None:
            return [GRAPH_UNION]
        return default_graphs

    def select(self, text: str, bindings: Mapping[str, Term] | None = None) -> SelectResult:
        """Run a trusted SELECT in-process (relgraph's own look-ups, never a user's text)."""
        result = self.backend.select(text, bindings, default_graphs=self._scope(None))
        if not isinstance(result, SelectResult):
            raise QueryError("internal look-up is not a SELECT")
        return result

    def execute(
        self,
        text: str,
        *,
        bindings: Mapping[str, Term] | None = None,
        timeout: float | None = 60.0,
        default_graphs: Sequence[str] | None = None,
    ) -> QueryResult:
        """Run a user's query, stopped after ``timeout`` seconds (None: no limit).

        ``default_graphs`` restricts the default graph to those named graphs (for
        example, leave the inferences out); None means the union of all graphs.
        """
        return self.backend.execute(
            text, bindings=bindings, timeout=timeout, default_graphs=self._scope(default_graphs)
        )

    def time_limit(self, seconds: float | None) -> contextlib.AbstractContextManager[None]:
        """One deadline for everything done inside (a remote backend's look-ups, query and answer); the
        embedded backends bound each user query in its child already."""
        limit = getattr(self.backend, "time_limit", None)
        return limit(seconds) if limit is not None else contextlib.nullcontext()

    def run_in_parallel(self, processes: int) -> None:
        """Let up to ``processes`` user queries run at once (a server's clients); an embedded
        backend forks that many query children now, a remote engine needs nothing."""
        hook = getattr(self.backend, "run_in_parallel", None)
        if hook is not None:
            hook(processes)

    # ----- changes -----------------------------------------------------------
    def replace_graph(self, name: str, triples: Iterable[ox.Triple], *, kind: str = "article", path=None) -> None:
        """Make the named graph ``name`` hold exactly ``triples`` (added if new), in one step.

        Call it after writing the article's file (``path``): the on-disk store then
        records the file in its manifest, so it stays in step with the files.
        """
        self._writable()
        self._memo.clear()
        self.backend.replace_graph(GraphInfo(name, kind, path), list(triples))
        self._changes[0] += 1

    def drop_graph(self, name: str) -> None:
        """Remove the named graph ``name`` (nothing happens if there is none)."""
        self._writable()
        self._memo.clear()
        self.backend.drop_graph(name)
        self._changes[0] += 1

    def _writable(self) -> None:
        if self.project.read_only and self.backend.kind != "remote":
            raise StoreError(
                f"The graph bundled with relgraph ({self.project.root}) is read-only. "
                "Start a graph folder of your own with 'relgraph init DIR' and work there."
            )

    def close(self) -> None:
        """Release the backend (locks and files of an on-disk store, connections of a remote one)."""
        self.backend.close()

    def __enter__(self) -> Dataset:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ----- output ------------------------------------------------------------
    def source_triples(self, graph: str) -> list[ox.Triple]:
        """A graph's triples as its files state them: literals keep their datatype and lexical
        form ("1"^^xsd:positiveInteger, 5.20), which the store normalises (to xsd:integer, 5.2).

        Read from the graph's file(s) when they are there (the ontology's files, an article's
        file, the inferences); from the backend otherwise (a remote endpoint, whose graphs
        need not be the local files, or a file that has gone).
        """
        info = self.graph(graph)
        project = self.project
        files: list[Path] = []
        if info is not None and info.kind == "ontology":
            files = project.ontology_files()
        elif info is not None and info.kind == "inferred":
            files = project.inferred_files()
        elif info is not None and info.path is not None and info.path.is_file():
            files = [info.path]
        if not files or self.backend.kind == "remote":
            return self.triples_in(graph)
        found: list[ox.Triple] = []
        for path in files:
            found.extend(parse_rdf(path, name=project.relative(path)))
        return found

    def dump(self, *, fmt: str, graphs: Sequence[str] | None = None) -> bytes:
        """The dataset (or some of its graphs) as bytes, with the datatypes the files state.

        Quad formats (TriG, N-Quads) keep the named graphs; triple formats get the
        union of the graphs with duplicates removed. Each graph is read as its files
        state it (``source_triples``), not from the store, which normalises literals.
        """
        names = [g.name for g in self.graphs] if graphs is None else list(graphs)
        fmt_ = rdf_format(fmt)
        if fmt_.supports_datasets:
            quads = [
                ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(n))
                for n in names
                for t in self.source_triples(n)
            ]
            data = ox.serialize(quads, format=fmt_, prefixes=PREFIXES)
            return tidy_prefixes(data) if fmt_ == ox.RdfFormat.TRIG else data
        seen: set[ox.Triple] = set()
        for name in names:
            seen.update(self.source_triples(name))
        return serialize_triples(seen, fmt=fmt)
