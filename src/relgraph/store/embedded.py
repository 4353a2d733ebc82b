"""Oxigraph in this process: the in-memory backend (the default) and the engine under the on-disk one.

A user's query runs in a forked child process that is killed when the time limit
passes (``relgraph.store.worker``), so a limit really stops the work and an engine
crash cannot take the caller down with it (pyoxigraph has no way to cancel a running
query). Internal look-ups (labels, entity names) run in-process.

The default graph holds the union of the ontology and article graphs, each triple
once. Oxigraph's own ``use_default_graph_as_union`` yields a triple once per named
graph that holds it (a bag, not SPARQL's set union), and news restates what it
mentions, so joins over restated facts multiplied: wrong row counts, and queries
that took minutes (benchmarks/ANALYSIS.md). Adding or dropping a graph keeps the
merged default graph in step: in with the new triples, out with those no other
graph holds. The reasoner's graph stays apart and joins the default graph only
when asked for.
"""

from __future__ import annotations

import os
import sys
import weakref
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote

import pyoxigraph as ox

from relgraph.errors import DataParseError, DataShapeError, QueryError, StoreError
from relgraph.model.namespaces import GRAPH_INFERRED, GRAPH_ONTOLOGY, GRAPH_UNION, PREFIXES, RELD, SOURCE_CLASSES
from relgraph.paths import Project
from relgraph.store.binding import bind_values, can_bind_values
from relgraph.store.files import parse_error
from relgraph.store.results import GraphInfo, QueryResult, Term, materialise, query_syntax_error

if TYPE_CHECKING:  # imported when the first query child is forked: a one-shot command forks none
    from relgraph.store.worker import QueryWorker, QueryWorkerPool

__all__ = ["OxigraphBackend", "article_of", "load_memory_backend"]

#: Removes from the default graph what only ``{graph}`` holds (run before the graph changes).
_UNMERGE = (
    "DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} "
    "FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER(?other != {graph} && ?other != <"
    + GRAPH_INFERRED
    + ">) }} }}"
)
#: Puts the union of the named graphs (the inferences left out) into the default graph.
MERGE_UNION = "INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } FILTER(?g != <" + GRAPH_INFERRED + ">) }"

_SOURCE_CLASSES = tuple(ox.NamedNode(c) for c in SOURCE_CLASSES)
_RDF_TYPE = ox.NamedNode(PREFIXES["rdf"] + "type")

Raw = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples


class OxigraphBackend:
    """An Oxigraph store and the named graphs in it (memory; the disk backend builds on it)."""

    kind = "memory"

    def __init__(self, store: ox.Store, graphs: Iterable[GraphInfo], *, location: str = "in memory"):
        # The store's default graph must hold the union of its graphs (see MERGE_UNION).
        self.store = store
        self.location = location
        self._graphs: dict[str, GraphInfo] = {g.name: g for g in graphs}
        self._worker: QueryWorker | QueryWorkerPool | None = None
        self._parallel = 1  # query children (relgraph serve runs several; a command needs one)

    # ----- what is in it ---------------------------------------------------
    def graphs(self) -> tuple[GraphInfo, ...]:
        return tuple(self._graphs.values())

    def graph(self, name: str) -> GraphInfo | None:
        return self._graphs.get(name)

    def _holds_inferred(self) -> bool:
        return GRAPH_INFERRED in self._graphs

    def count(self) -> int:
        """Quads in the named graphs (the merged default graph is a copy, not counted)."""
        rows = self.store.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")
        return int(next(iter(rows))[0].value)

    def triples_in(self, graph: str) -> list[ox.Triple]:
        return [q.triple for q in self.store.quads_for_pattern(None, None, None, ox.NamedNode(graph))]

    # ----- queries -----------------------------------------------------------
    def select(
        self,
        text: str,
        bindings: Mapping[str, Term] | None = None,
        *,
        default_graphs: Sequence[str] | None = None,
    ) -> QueryResult:
        return materialise(self._run(text, bindings, default_graphs))

    def execute(
        self,
        text: str,
        *,
        bindings: Mapping[str, Term] | None = None,
        timeout: float | None = 60.0,
        default_graphs: Sequence[str] | None = None,
    ) -> QueryResult:
        if timeout is None or not hasattr(os, "fork"):
            return materialise(self._run(text, bindings, default_graphs))
        request = (
            text,
            dict(bindings) if bindings else None,
            list(default_graphs) if default_graphs is not None else None,
        )
        return self._query_worker().execute(request, timeout)

    def _query_worker(self) -> QueryWorker | QueryWorkerPool:
        if self._worker is None:
            from relgraph.store.worker import QueryWorker, QueryWorkerPool

            ref = weakref.ref(self)

            def run(*request):
                backend = ref()
                if backend is None:
                    raise QueryError("The store was closed.")
                return backend._run(*request)

            self._worker = QueryWorker(run) if self._parallel == 1 else QueryWorkerPool(run, self._parallel)
            weakref.finalize(self, self._worker.stop)
        return self._worker

    def query_children(self) -> QueryWorker | QueryWorkerPool:
        """The query children (forked on first use): their ``call`` runs a function in one of them."""
        return self._query_worker()

    def run_in_parallel(self, processes: int) -> None:
        """Answer up to ``processes`` queries at once, each in a child of its own, forked now.

        For a server: a query that runs to its time limit then holds one child, not all of
        them. Call it before starting other threads (see ``QueryWorkerPool.start``).
        """
        from relgraph.store.worker import QueryWorkerPool

        self.stop_worker()
        self._worker = None
        self._parallel = max(1, int(processes))
        worker = self._query_worker()
        if isinstance(worker, QueryWorkerPool):
            worker.start()

    def stop_worker(self) -> None:
        """Stop the query children: they hold a snapshot of the store, which is about to change."""
        if self._worker is not None:
            self._worker.stop()

    def _run(
        self,
        text: str,
        bindings: Mapping[str, Term] | None,
        default_graphs: Sequence[str] | None = None,
    ) -> Raw:
        sent = text
        substitutions = {ox.Variable(k): v for k, v in bindings.items()} if bindings else None
        if can_bind_values(bindings):
            sent = bind_values(text, bindings)  # and the substitutions too: see relgraph.store.binding
        options: dict[str, object] = {"prefixes": PREFIXES, "substitutions": substitutions}
        if default_graphs is None:
            if self._holds_inferred():
                options["default_graph"] = [ox.DefaultGraph(), ox.NamedNode(GRAPH_INFERRED)]
        elif list(default_graphs) != [GRAPH_UNION]:  # the store's default graph is the merged union
            union = {name for name, g in self._graphs.items() if g.kind != "inferred"}
            if set(default_graphs) != union:
                options["default_graph"] = [
                    ox.DefaultGraph() if g == GRAPH_UNION else ox.NamedNode(g) for g in default_graphs
                ]
        try:
            return self.store.query(sent, **options)
        except SyntaxError as exc:
            raise query_syntax_error(_error_in_user_text(exc, text, sent), text) from exc
        except RuntimeError as exc:
            raise QueryError(f"The query could not be run: {exc}.") from exc
        except OSError as exc:
            raise StoreError(f"The store could not be read: {exc}") from exc

    # ----- changes -----------------------------------------------------------
    def replace_graph(self, info: GraphInfo, triples: Iterable[ox.Triple]) -> None:
        """Make the named graph hold exactly ``triples``, in one transaction."""
        graph = ox.NamedNode(info.name)
        body = " .\n".join(str(t) for t in triples)
        # One update is one transaction: readers see the old graph or the new one, never half.
        # The text holds only terms that pyoxigraph serialised (N-Triples syntax), never user text.
        update = f"DROP SILENT GRAPH {graph} ;\nINSERT DATA {{ GRAPH {graph} {{\n{body}\n}} }}"
        if info.kind != "inferred":
            # Keep the default graph the union: out with what only this graph held, in with the new,
            # copied from the graph rather than inserted twice, so blank nodes stay the same nodes.
            update = f"{_UNMERGE.format(graph=graph)} ;\n{update} ;\nINSERT {{ ?s ?p ?o }} WHERE {{ GRAPH {graph} {{ ?s ?p ?o }} }}"
        self.stop_worker()
        self._update(update)
        self._graphs[info.name] = info

    def drop_graph(self, name: str) -> None:
        self.stop_worker()
        graph = ox.NamedNode(name)
        unmerge = "" if name == GRAPH_INFERRED else f"{_UNMERGE.format(graph=graph)} ;\n"
        self._update(f"{unmerge}DROP SILENT GRAPH {graph}")
        self._graphs.pop(name, None)

    def _update(self, text: str) -> None:
        try:
            self.store.update(text)
        except (SyntaxError, RuntimeError) as exc:
            raise StoreError(f"The store could not be changed: {exc}") from exc
        except OSError as exc:
            raise StoreError(f"The store could not be written: {exc}") from exc

    def close(self) -> None:
        """Stop the query child; the store itself lives as long as the object."""
        self.stop_worker()


# ----- loading files into a store --------------------------------------------------------


def load_file(store: ox.Store, path: Path, graph: str, label: str) -> None:
    try:
        store.load(path=path, format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(graph))
    except SyntaxError as exc:
        raise parse_error(exc, label) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise DataParseError(f"cannot be read: {exc}", path=label) from exc


def article_of(subjects: Iterable[ox.NamedNode | ox.BlankNode], label: str) -> str:
    """The one rel:Article (or rel:BackgroundSource) a data file describes (DataShapeError if none or several)."""
    articles = sorted({str(s.value) for s in subjects})
    if len(articles) != 1:
        found = "none" if not articles else ", ".join(f"<{a}>" for a in articles)
        raise DataShapeError(
            f"{label}: a data file describes exactly one rel:Article (a rel:NewsArticle or rel:OfficialRelease), "
            f"or, in data/background/, one rel:BackgroundSource; its named graph is named after it; "
            f"this one describes {found}."
        )
    return articles[0]


def article_subjects(triples: Iterable[ox.Triple]) -> list[ox.NamedNode | ox.BlankNode]:
    return [t.subject for t in triples if t.predicate == _RDF_TYPE and t.object in _SOURCE_CLASSES]


def load_memory_backend(project: Project, *, include_inferred: bool = False, progress: bool = False) -> OxigraphBackend:
    """Read the ontology and every data file of a graph folder into a store in memory.

    Each data file becomes the named graph of the article it describes. A file that
    does not parse, or that describes no article or two, is an error naming the file.
    ``progress`` shows a bar on stderr while the files are read.
    """
    store = ox.Store()
    graphs: list[GraphInfo] = []
    for path in project.require_ontology():
        load_file(store, path, GRAPH_ONTOLOGY, project.relative(path))
    graphs.append(GraphInfo(GRAPH_ONTOLOGY, "ontology", project.ontology_dir))
    files = project.data_files()
    if progress:  # tqdm only then: it imports multiprocessing and importlib.metadata (~20 ms a command)
        from tqdm import tqdm

        with tqdm(total=len(files), desc="reading files", unit="file", file=sys.stderr, leave=False) as bar:
            graphs += _load_articles(store, project, files, bar.update)
            bar.set_description("merging the graphs")
            store.update(MERGE_UNION)
    else:
        graphs += _load_articles(store, project, files, lambda: None)
        store.update(MERGE_UNION)
    if include_inferred:
        for path in project.inferred_files():
            load_file(store, path, GRAPH_INFERRED, project.relative(path))
        if project.inferred_files():
            graphs.append(GraphInfo(GRAPH_INFERRED, "inferred", project.inferred_dir))
    return OxigraphBackend(store, graphs)


def _load_articles(store: ox.Store, project: Project, files: list[Path], done: Callable[[], object]) -> list[GraphInfo]:
    """Each data file into the named graph of the article it describes; ``done`` after each."""
    graphs: list[GraphInfo] = []
    seen: dict[str, Path] = {}
    for path in files:
        label = project.relative(path)
        provisional = RELD + quote(path.stem, safe="-_.")  # the usual case: the file is named after its article
        if provisional in seen:
            provisional = "urn:relgraph:file:" + quote(label, safe="/-_.")
        load_file(store, path, provisional, label)
        found = [
            q.subject
            for kind in _SOURCE_CLASSES
            for q in store.quads_for_pattern(None, _RDF_TYPE, kind, ox.NamedNode(provisional))
        ]
        article = article_of(found, label)
        if article in seen:
            raise DataShapeError(
                f"{label} and {project.relative(seen[article])} both describe the article <{article}>; "
                "an article's facts live in one file."
            )
        seen[article] = path
        if article != provisional:
            store.update(f"MOVE GRAPH <{provisional}> TO <{article}>")
        kind = "background" if path.parent.name == "background" else "article"
        graphs.append(GraphInfo(article, kind, path))
        done()
    return graphs


def _error_in_user_text(exc: SyntaxError, text: str, sent: str) -> SyntaxError:
    """The syntax error as the user's text has it (positions move when a VALUES block was added)."""
    if sent is text:
        return exc
    try:
        ox.Store().query(text, prefixes=PREFIXES)
    except SyntaxError as original:
        return original
    return exc
