"""The one module that reads and writes graphs and runs SPARQL.

The dataset is the ontology (in its own named graph), one named graph per article
(named by the article's IRI, so every fact knows its source) and, when asked for,
the reasoner's inferences. Queries see the union of those graphs as their default
graph; ``GRAPH ?article { ... }`` picks out one article's facts.

SPARQL runs in Oxigraph. A user's query runs in a forked child process that the
parent kills when the time limit passes, so a limit really stops the work and an
engine crash cannot take the caller down with it. Internal look-ups (labels,
entity names) run in-process.

Nothing outside this module opens a data file or knows which engine answers.
"""

from __future__ import annotations

import json
import os
import re
import select
import signal
import tempfile
import time
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import pyoxigraph as ox

from relgraph.errors import (
    DataParseError,
    DataShapeError,
    QueryError,
    QuerySyntaxError,
    QueryTimeoutError,
    StoreError,
)
from relgraph.namespaces import GRAPH_INFERRED, GRAPH_ONTOLOGY, PREFIXES, REL, RELD
from relgraph.paths import Project

__all__ = [
    "AskResult",
    "Dataset",
    "GraphInfo",
    "GraphResult",
    "QueryResult",
    "SelectResult",
    "Term",
    "load_dataset",
    "parse_rdf",
    "serialize_triples",
    "write_atomic",
]

Term = ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple

_FORMATS: dict[str, ox.RdfFormat] = {
    "turtle": ox.RdfFormat.TURTLE,
    "ttl": ox.RdfFormat.TURTLE,
    "ntriples": ox.RdfFormat.N_TRIPLES,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nquads": ox.RdfFormat.N_QUADS,
    "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
    "json-ld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
    "xml": ox.RdfFormat.RDF_XML,
}

_NEWS_ARTICLE = ox.NamedNode(REL + "NewsArticle")
_RDF_TYPE = ox.NamedNode(PREFIXES["rdf"] + "type")


@dataclass(frozen=True)
class GraphInfo:
    """One named graph of the dataset and the file it was read from."""

    name: str
    kind: str  # "ontology", "article" or "inferred"
    path: Path | None = None


@dataclass(frozen=True)
class SelectResult:
    """Rows of a SELECT: ``rows[i][j]`` is the value of ``variables[j]`` (None if unbound)."""

    variables: tuple[str, ...]
    rows: tuple[tuple[Term | None, ...], ...]

    def column(self, name: str) -> list[Term | None]:
        index = self.variables.index(name)
        return [row[index] for row in self.rows]

    def records(self) -> list[dict[str, Term | None]]:
        return [dict(zip(self.variables, row, strict=True)) for row in self.rows]


@dataclass(frozen=True)
class GraphResult:
    """Triples of a CONSTRUCT or DESCRIBE."""

    triples: tuple[ox.Triple, ...]


@dataclass(frozen=True)
class AskResult:
    """The answer of an ASK."""

    value: bool


QueryResult = SelectResult | GraphResult | AskResult


def rdf_format(name: str) -> ox.RdfFormat:
    """The Oxigraph format for a user's format name (turtle, nt, nq, trig, jsonld, xml)."""
    try:
        return _FORMATS[name.lower()]
    except KeyError:
        raise StoreError(f"Unknown RDF format {name!r}; use one of {', '.join(sorted(_FORMATS))}.") from None


def _parse_error(exc: SyntaxError, path: str) -> DataParseError:
    message = str(exc.msg if hasattr(exc, "msg") else exc)
    # Oxigraph says "Parser error at line L between columns A and B: what"; keep the "what".
    detail = message.split(": ", 1)[1] if message.startswith("Parser error") and ": " in message else message
    return DataParseError(detail, path=path, line=exc.lineno, column=exc.offset)


def parse_rdf(source: Path | bytes, *, fmt: str = "turtle", name: str | None = None) -> list[ox.Triple]:
    """Parse Turtle (or another triple format) strictly into triples.

    An IRI with a space, a bad escape or any syntax error raises DataParseError with
    the file, line and column; nothing is half-read.
    """
    label = name or (str(source) if isinstance(source, Path) else "<input>")
    try:
        if isinstance(source, Path):
            quads = list(ox.parse(path=source, format=rdf_format(fmt)))
        else:
            quads = list(ox.parse(source, format=rdf_format(fmt)))
    except SyntaxError as exc:
        raise _parse_error(exc, label) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise DataParseError(f"cannot be read: {exc}", path=label) from exc
    return [q.triple for q in quads]


def _tidy_prefixes(data: bytes) -> bytes:
    """Keep only the ``@prefix`` lines a Turtle/TriG text uses, in PREFIXES' order.

    Oxigraph writes every prefix it is given in hash order; a stable header makes a
    git diff of a data file show only what changed.
    """
    text = data.decode("utf-8")
    lines = text.split("\n")
    head = [line for line in lines if line.startswith("@prefix ")]
    body = "\n".join(line for line in lines[len(head) :])
    declared = {line.split()[1][:-1]: line for line in head}
    used = [name for name in PREFIXES if name in declared and re.search(rf"(?<![\w./#-]){re.escape(name)}:", body)]
    return ("".join(declared[name] + "\n" for name in used) + body).encode("utf-8")


def serialize_triples(triples: Iterable[ox.Triple], *, fmt: str = "turtle") -> bytes:
    """Triples as Turtle (relgraph's prefixes, sorted), N-Triples, JSON-LD or RDF/XML."""
    fmt_ = rdf_format(fmt)
    data = ox.serialize(sorted(triples, key=str), format=fmt_, prefixes=PREFIXES)
    return _tidy_prefixes(data) if fmt_ in (ox.RdfFormat.TURTLE, ox.RdfFormat.TRIG) else data


def write_atomic(path: Path, data: bytes) -> None:
    """Write a file so that a crash leaves either the old or the new content, never half.

    A temporary file in the same folder is written, flushed and fsynced, then renamed
    over the target, and the folder is fsynced.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)


@dataclass(frozen=True)
class Dataset:
    """The loaded graph: its Oxigraph store and the named graphs in it."""

    project: Project
    graphs: tuple[GraphInfo, ...]
    _store: ox.Store = field(repr=False)

    # ----- what is in it ---------------------------------------------------
    def graph(self, name: str) -> GraphInfo | None:
        return next((g for g in self.graphs if g.name == name), None)

    def article_graphs(self) -> list[GraphInfo]:
        return [g for g in self.graphs if g.kind == "article"]

    def __len__(self) -> int:
        return len(self._store)

    def triples_in(self, graph: str) -> list[ox.Triple]:
        return [q.triple for q in self._store.quads_for_pattern(None, None, None, ox.NamedNode(graph))]

    # ----- queries -----------------------------------------------------------
    def select(self, text: str, bindings: Mapping[str, Term] | None = None) -> SelectResult:
        """Run a trusted SELECT in-process (relgraph's own look-ups, never a user's text)."""
        result = self._run(text, bindings)
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("internal look-up is not a SELECT")
        variables = tuple(v.value for v in result.variables)
        return SelectResult(variables, tuple(tuple(row) for row in result))

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
        if timeout is None or not hasattr(os, "fork"):
            return _materialise(self._run(text, bindings, default_graphs))
        return _run_forked(lambda: self._run(text, bindings, default_graphs), timeout)

    def _run(
        self,
        text: str,
        bindings: Mapping[str, Term] | None,
        default_graphs: Sequence[str] | None = None,
    ) -> ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples:
        substitutions = {ox.Variable(k): v for k, v in (bindings or {}).items()}
        options: dict[str, object] = {"prefixes": PREFIXES, "substitutions": substitutions or None}
        if default_graphs is None:
            options["use_default_graph_as_union"] = True
        else:
            options["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
        try:
            return self._store.query(text, **options)
        except SyntaxError as exc:
            raise _query_syntax_error(exc, text) from exc
        except RuntimeError as exc:
            raise QueryError(f"The query could not be run: {exc}.") from exc
        except OSError as exc:
            raise StoreError(f"The store could not be read: {exc}") from exc

    # ----- output ------------------------------------------------------------
    def dump(self, *, fmt: str, graphs: Sequence[str] | None = None) -> bytes:
        """The dataset (or some of its graphs) as bytes.

        Quad formats (TriG, N-Quads) keep the named graphs; triple formats get the
        union of the graphs with duplicates removed.
        """
        names = [g.name for g in self.graphs] if graphs is None else list(graphs)
        fmt_ = rdf_format(fmt)
        if fmt_.supports_datasets:
            quads = [q for name in names for q in self._store.quads_for_pattern(None, None, None, ox.NamedNode(name))]
            data = ox.serialize(quads, format=fmt_, prefixes=PREFIXES)
            return _tidy_prefixes(data) if fmt_ == ox.RdfFormat.TRIG else data
        seen: set[ox.Triple] = set()
        for name in names:
            seen.update(q.triple for q in self._store.quads_for_pattern(None, None, None, ox.NamedNode(name)))
        return serialize_triples(seen, fmt=fmt)


def _query_syntax_error(exc: SyntaxError, text: str) -> QuerySyntaxError:
    """Turn Oxigraph's parser message into a sentence with line, column and a caret.

    Oxigraph reports the position just past the token where parsing stopped, and
    lists every alternative its grammar would have taken; we point at the token and
    keep the list short.
    """
    message = str(exc)
    line = column = None
    # Oxigraph: "error at 3:14: expected ..."
    if message.startswith("error at "):
        position, _, rest = message[len("error at ") :].partition(": ")
        row, _, col = position.partition(":")
        if row.isdigit() and col.isdigit():
            line, column = int(row), max(int(col) - 1, 1)
            message = rest
    lines = text.splitlines()
    source_line = lines[line - 1] if line and 0 < line <= len(lines) else ""
    if "Prefix not found" in message:
        name = re.search(r"([A-Za-z][\w.-]*)?:[\w.-]*$", source_line[: (column or 0)])
        prefix = (name.group(1) or "") if name else "?"
        message = (
            f"the prefix '{prefix}:' is not declared; add 'PREFIX {prefix}: <...>' or use a predeclared one "
            f"({', '.join(p + ':' for p in PREFIXES)})"
        )
    elif message.startswith("expected one of "):
        options = [o.strip() for o in message[len("expected one of ") :].split(", ") if o.strip()]
        readable = all(o.isalpha() or (o.startswith('"') and len(o) <= 4) for o in options)
        message = "unexpected text here" + (
            f" (expected {' or '.join(options)})" if readable and len(options) <= 6 else ""
        )
    where = f" at line {line}, column {column}" if line else ""
    snippet = f"\n  {source_line}\n  {' ' * ((column or 1) - 1)}^" if source_line else ""
    return QuerySyntaxError(f"SPARQL syntax error{where}: {message}.{snippet}", line=line, column=column)


# ----- running a query in a child process ----------------------------------------


def _materialise(raw: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples) -> QueryResult:
    if isinstance(raw, ox.QueryBoolean):
        return AskResult(bool(raw))
    if isinstance(raw, ox.QuerySolutions):
        return SelectResult(tuple(v.value for v in raw.variables), tuple(tuple(row) for row in raw))
    return GraphResult(tuple(raw))


def _encode(raw: ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples) -> bytes:
    if isinstance(raw, ox.QueryTriples):
        return b"G" + ox.serialize(raw, format=ox.RdfFormat.N_TRIPLES)
    return b"S" + raw.serialize(format=ox.QueryResultsFormat.JSON)


def _decode(payload: bytes) -> QueryResult:
    tag, body = payload[:1], payload[1:]
    if tag == b"G":
        return GraphResult(tuple(q.triple for q in ox.parse(body, format=ox.RdfFormat.N_TRIPLES)))
    if tag == b"S":
        return _materialise(ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON))
    if tag == b"E":
        kind, message, line, column = json.loads(body)
        if kind == "syntax":
            raise QuerySyntaxError(message, line=line, column=column)
        raise QueryError(message)
    raise QueryError("The query engine returned no answer.")


def _run_forked(run, timeout: float) -> QueryResult:
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # child: run, write the answer, leave without running the parent's cleanup
        os.close(read_fd)
        try:
            try:
                payload = _encode(run())
            except QuerySyntaxError as exc:
                payload = b"E" + json.dumps(["syntax", str(exc), exc.line, exc.column]).encode()
            except QueryError as exc:
                payload = b"E" + json.dumps(["query", str(exc), None, None]).encode()
            with os.fdopen(write_fd, "wb") as out:
                out.write(payload)
        finally:
            os._exit(0)
    os.close(write_fd)
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout
    try:
        with os.fdopen(read_fd, "rb", buffering=0) as pipe:
            while True:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    os.kill(pid, signal.SIGKILL)
                    raise QueryTimeoutError(
                        f"The query was stopped after {timeout:g} s, its time limit. "
                        "Narrow it (a LIMIT, a more selective pattern) or raise --timeout."
                    )
                ready, _, _ = select.select([pipe], [], [], remaining)
                if ready:
                    chunk = pipe.read(1 << 20)
                    if not chunk:
                        break
                    chunks.append(chunk)
    finally:
        _, status = os.waitpid(pid, 0)
    if os.WIFSIGNALED(status) and os.WTERMSIG(status) != signal.SIGKILL:
        raise QueryError(
            f"The query engine crashed (signal {os.WTERMSIG(status)}) on this query; "
            "the graph is untouched. Simplify the query (a cartesian product or deep nesting?)."
        )
    return _decode(b"".join(chunks))


# ----- loading -----------------------------------------------------------------------


def _load_file(store: ox.Store, path: Path, graph: str, label: str) -> None:
    try:
        store.load(path=path, format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(graph))
    except SyntaxError as exc:
        raise _parse_error(exc, label) from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise DataParseError(f"cannot be read: {exc}", path=label) from exc


def _article_of(store: ox.Store, graph: str, label: str) -> str:
    articles = sorted(
        {str(q.subject.value) for q in store.quads_for_pattern(None, _RDF_TYPE, _NEWS_ARTICLE, ox.NamedNode(graph))}
    )
    if len(articles) != 1:
        found = "none" if not articles else ", ".join(f"<{a}>" for a in articles)
        raise DataShapeError(
            f"{label}: a data file describes exactly one rel:NewsArticle (its named graph is named "
            f"after it); this one describes {found}."
        )
    return articles[0]


def load_dataset(project: Project, *, include_inferred: bool = False) -> Dataset:
    """Read the ontology and every data file of a graph folder into one dataset.

    Each data file becomes the named graph of the article it describes. A file that
    does not parse, or that describes no article or two, is an error naming the file.
    """
    store = ox.Store()
    graphs: list[GraphInfo] = []
    for path in project.ontology_files():
        _load_file(store, path, GRAPH_ONTOLOGY, project.relative(path))
    if project.ontology_files():
        graphs.append(GraphInfo(GRAPH_ONTOLOGY, "ontology", project.ontology_dir))
    seen: dict[str, Path] = {}
    for path in project.data_files():
        label = project.relative(path)
        provisional = RELD + quote(path.stem, safe="-_.")  # the usual case: the file is named after its article
        if provisional in seen:
            provisional = "urn:relgraph:file:" + quote(label, safe="/-_.")
        _load_file(store, path, provisional, label)
        article = _article_of(store, provisional, label)
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
            _load_file(store, path, GRAPH_INFERRED, project.relative(path))
        if project.inferred_files():
            graphs.append(GraphInfo(GRAPH_INFERRED, "inferred", project.inferred_dir))
    return Dataset(project, tuple(graphs), store)
