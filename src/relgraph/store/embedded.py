"""Oxigraph in this process: the in-memory backend (the default) and the engine under the on-disk one.

A user's query runs in a forked child process that the parent kills when the time
limit passes, so a limit really stops the work and an engine crash cannot take the
caller down with it (pyoxigraph has no way to cancel a running query). The child
streams its answer through a pipe in a SPARQL result format while the parent parses
it, so on two cores the engine and the reading overlap instead of adding up.
Internal look-ups (labels, entity names) run in-process.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox

from relgraph.errors import DataParseError, DataShapeError, QueryError, QuerySyntaxError, QueryTimeoutError, StoreError
from relgraph.namespaces import GRAPH_INFERRED, GRAPH_ONTOLOGY, PREFIXES, REL, RELD
from relgraph.paths import Project
from relgraph.store.files import parse_error
from relgraph.store.results import (
    AskResult,
    GraphInfo,
    GraphResult,
    QueryResult,
    SelectResult,
    Term,
    materialise,
    query_syntax_error,
)

__all__ = ["OxigraphBackend", "article_of", "load_memory_backend", "run_forked"]

_NEWS_ARTICLE = ox.NamedNode(REL + "NewsArticle")
_RDF_TYPE = ox.NamedNode(PREFIXES["rdf"] + "type")

Raw = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples


class OxigraphBackend:
    """An Oxigraph store and the named graphs in it (memory; the disk backend builds on it)."""

    kind = "memory"

    def __init__(self, store: ox.Store, graphs: Iterable[GraphInfo], *, location: str = "in memory"):
        self.store = store
        self.location = location
        self._graphs: dict[str, GraphInfo] = {g.name: g for g in graphs}

    # ----- what is in it ---------------------------------------------------
    def graphs(self) -> tuple[GraphInfo, ...]:
        return tuple(self._graphs.values())

    def count(self) -> int:
        return len(self.store)

    def triples_in(self, graph: str) -> list[ox.Triple]:
        return [q.triple for q in self.store.quads_for_pattern(None, None, None, ox.NamedNode(graph))]

    # ----- queries -----------------------------------------------------------
    def select(
        self,
        text: str,
        bindings: Mapping[str, Term] | None = None,
        *,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
    ) -> QueryResult:
        return materialise(self._run(text, bindings, default_graphs, named_graphs))

    def execute(
        self,
        text: str,
        *,
        bindings: Mapping[str, Term] | None = None,
        timeout: float | None = 60.0,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
    ) -> QueryResult:
        if timeout is None or not hasattr(os, "fork"):
            return materialise(self._run(text, bindings, default_graphs, named_graphs))
        return run_forked(lambda: self._run(text, bindings, default_graphs, named_graphs), timeout)

    def _run(
        self,
        text: str,
        bindings: Mapping[str, Term] | None,
        default_graphs: Sequence[str] | None = None,
        named_graphs: Sequence[str] | None = None,
    ) -> Raw:
        substitutions = {ox.Variable(k): v for k, v in (bindings or {}).items()}
        options: dict[str, object] = {"prefixes": PREFIXES, "substitutions": substitutions or None}
        if default_graphs is None:
            options["use_default_graph_as_union"] = True
        else:
            options["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
        if named_graphs is not None:
            options["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
        try:
            return self.store.query(text, **options)
        except SyntaxError as exc:
            raise query_syntax_error(exc, text) from exc
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
        self._update(update)
        self._graphs[info.name] = info

    def drop_graph(self, name: str) -> None:
        self._update(f"DROP SILENT GRAPH {ox.NamedNode(name)}")
        self._graphs.pop(name, None)

    def _update(self, text: str) -> None:
        try:
            self.store.update(text)
        except (SyntaxError, RuntimeError) as exc:
            raise StoreError(f"The store could not be changed: {exc}") from exc
        except OSError as exc:
            raise StoreError(f"The store could not be written: {exc}") from exc

    def close(self) -> None:
        """Nothing to release for a store in memory."""


# ----- running a query in a child process ----------------------------------------------


def _write_answer(raw: Raw, out) -> None:
    if isinstance(raw, ox.QueryBoolean):
        out.write(b"B1" if bool(raw) else b"B0")
    elif isinstance(raw, ox.QuerySolutions):
        out.write(b"S")
        raw.serialize(out, format=ox.QueryResultsFormat.TSV)
    else:
        out.write(b"G")
        ox.serialize(raw, out, format=ox.RdfFormat.N_TRIPLES)


def _read_answer(pipe) -> QueryResult | None:
    tag = pipe.read(1)
    if tag == b"B":
        return AskResult(pipe.read(1) == b"1")
    if tag == b"S":
        raw = ox.parse_query_results(pipe, format=ox.QueryResultsFormat.TSV)
        return SelectResult(tuple(v.value for v in raw.variables), tuple(tuple(row) for row in raw))
    if tag == b"G":
        return GraphResult(tuple(q.triple for q in ox.parse(pipe, format=ox.RdfFormat.N_TRIPLES)))
    return None


def run_forked(run: Callable[[], Raw], timeout: float) -> QueryResult:
    """Run ``run`` in a forked child and read its answer, killing the child after ``timeout`` s."""
    data_r, data_w = os.pipe()
    err_r, err_w = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: run, stream the answer, leave without running the parent's cleanup
        code = 0
        try:
            os.close(data_r)
            os.close(err_r)
            problem: list[object] | None = None
            try:
                with os.fdopen(data_w, "wb", buffering=1 << 16) as out:
                    _write_answer(run(), out)
            except QuerySyntaxError as exc:
                problem = ["syntax", str(exc), exc.line, exc.column]
            except (QueryError, StoreError) as exc:
                problem = ["query", str(exc), None, None]
            except (RuntimeError, OSError, ValueError) as exc:
                problem = ["query", f"The query could not be run: {exc}.", None, None]
            if problem is not None:
                code = 2
                os.write(err_w, json.dumps(problem).encode())
        finally:
            os._exit(code)
    os.close(data_w)
    os.close(err_w)
    timed_out = threading.Event()

    def kill() -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)

    def on_time_limit() -> None:
        timed_out.set()
        kill()

    timer = threading.Timer(timeout, on_time_limit)
    timer.daemon = True
    timer.start()
    answer: QueryResult | None = None
    unreadable: Exception | None = None
    try:
        with os.fdopen(data_r, "rb") as pipe:
            try:
                answer = _read_answer(pipe)
            except (SyntaxError, ValueError, OSError, RuntimeError) as exc:
                unreadable = exc  # cut short (a kill) or an error in the child mid-answer
                if not timed_out.is_set():
                    kill()
            while pipe.read(1 << 16):  # drain, so the child never blocks on a full pipe
                pass
    finally:
        _, status = os.waitpid(pid, 0)
        timer.cancel()
        with os.fdopen(err_r, "rb") as errors:
            problem = errors.read()
    killed = os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    if timed_out.is_set() and (killed or answer is None):  # a cut-off answer is never taken as complete
        raise QueryTimeoutError(
            f"The query was stopped after {timeout:g} s, its time limit. "
            "Narrow it (a LIMIT, a more selective pattern) or raise --timeout."
        )
    if os.WIFSIGNALED(status) and os.WTERMSIG(status) != signal.SIGKILL:
        raise QueryError(
            f"The query engine crashed (signal {os.WTERMSIG(status)}) on this query; "
            "the graph is untouched. Simplify the query (a cartesian product or deep nesting?)."
        )
    if problem:
        kind, message, line, column = json.loads(problem)
        if kind == "syntax":
            raise QuerySyntaxError(message, line=line, column=column)
        raise QueryError(message)
    if answer is None:
        detail = f" ({unreadable})" if unreadable else ""
        raise QueryError(f"The query engine returned no readable answer{detail}.")
    return answer


# ----- loading files into a store --------------------------------------------------------


def load_file(store: ox.Store, path: Path, graph: str, label: str) -> None:
    try:
        store.load(path=path, format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(graph))
    except SyntaxError as exc:
        raise parse_error(exc, label) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise DataParseError(f"cannot be read: {exc}", path=label) from exc


def article_of(subjects: Iterable[ox.NamedNode | ox.BlankNode], label: str) -> str:
    """The one rel:NewsArticle a data file describes (DataShapeError if none or several)."""
    articles = sorted({str(s.value) for s in subjects})
    if len(articles) != 1:
        found = "none" if not articles else ", ".join(f"<{a}>" for a in articles)
        raise DataShapeError(
            f"{label}: a data file describes exactly one rel:NewsArticle (its named graph is named "
            f"after it); this one describes {found}."
        )
    return articles[0]


def article_subjects(triples: Iterable[ox.Triple]) -> list[ox.NamedNode | ox.BlankNode]:
    return [t.subject for t in triples if t.predicate == _RDF_TYPE and t.object == _NEWS_ARTICLE]


def load_memory_backend(project: Project, *, include_inferred: bool = False) -> OxigraphBackend:
    """Read the ontology and every data file of a graph folder into a store in memory.

    Each data file becomes the named graph of the article it describes. A file that
    does not parse, or that describes no article or two, is an error naming the file.
    """
    store = ox.Store()
    graphs: list[GraphInfo] = []
    for path in project.ontology_files():
        load_file(store, path, GRAPH_ONTOLOGY, project.relative(path))
    if project.ontology_files():
        graphs.append(GraphInfo(GRAPH_ONTOLOGY, "ontology", project.ontology_dir))
    seen: dict[str, Path] = {}
    for path in project.data_files():
        label = project.relative(path)
        provisional = RELD + quote(path.stem, safe="-_.")  # the usual case: the file is named after its article
        if provisional in seen:
            provisional = "urn:relgraph:file:" + quote(label, safe="/-_.")
        load_file(store, path, provisional, label)
        found = [q.subject for q in store.quads_for_pattern(None, _RDF_TYPE, _NEWS_ARTICLE, ox.NamedNode(provisional))]
        article = article_of(found, label)
        if article in seen:
            raise DataShapeError(
                f"{label} and {project.relative(seen[article])} both describe the article <{article}>; "
                "an article's facts live in one file."
            )
        seen[article] = path
        if article != provisional:
            store.update(f"MOVE GRAPH <{provisional}> TO <{article}>")
        graphs.append(GraphInfo(article, "article", path))
    if include_inferred:
        for path in project.inferred_files():
            load_file(store, path, GRAPH_INFERRED, project.relative(path))
        if project.inferred_files():
            graphs.append(GraphInfo(GRAPH_INFERRED, "inferred", project.inferred_dir))
    return OxigraphBackend(store, graphs)
