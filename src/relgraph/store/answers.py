"""What passes between a query child and the server: the request kinds and the answers' wire format.

A query's answer goes through a pipe as one tag byte and a body: ``B`` an ASK's answer, ``S`` a
SELECT's rows as SPARQL TSV, ``G`` a graph as N-Triples, ``N`` a SELECT's answer already written
in the format the client asked for (``Native``; its variables and row count first, pickled),
``P``/``X`` what a function run in the child (``Call``) returned or raised, pickled: the child is
a fork of the reader, trusted as the reader is. ``relgraph.store.worker`` runs the children.
"""

from __future__ import annotations

import io
import pickle
from collections.abc import Callable
from typing import Any

import pyoxigraph as ox

from relgraph.errors import QueryError
from relgraph.store.results import AskResult, GraphResult, QueryResult, SelectResult

__all__ = [
    "RESULT_FORMATS",
    "Call",
    "Native",
    "Returned",
    "Serialised",
    "Unread",
    "read_answer",
    "write_answer",
    "write_call",
    "write_native",
]

Raw = ox.QuerySolutions | ox.QueryBoolean | ox.QueryTriples


def write_answer(raw: Raw, out) -> None:
    if isinstance(raw, ox.QueryBoolean):
        out.write(b"B1" if bool(raw) else b"B0")
    elif isinstance(raw, ox.QuerySolutions):
        out.write(b"S")
        raw.serialize(out, format=ox.QueryResultsFormat.TSV)
    else:
        out.write(b"G")
        ox.serialize(raw, out, format=ox.RdfFormat.N_TRIPLES)


class Call:
    """A request to run ``fn(*args)`` in a child (``QueryWorker.call``), and what came back of it."""

    def __init__(self, fn: Callable[..., Any], args: tuple):
        self.fn, self.args = fn, args


class Returned:
    def __init__(self, value: Any, raised: bool):
        self.value, self.raised = value, raised


def write_call(call: Call, out) -> None:
    """Run the call and write what it returned (``P``) or raised (``X``), pickled."""
    try:
        value, tag = call.fn(*call.args), b"P"
    except Exception as exc:  # any: the caller gets it raised as if the call had run in its own process
        value, tag = exc, b"X"
    try:
        data = pickle.dumps(value)
        pickle.loads(data)  # an exception whose class cannot be rebuilt from its pickle goes as a QueryError
    except Exception as exc:
        data, tag = pickle.dumps(QueryError(f"{type(value).__name__}: {value} (and not picklable: {exc})")), b"X"
    out.write(tag)
    out.write(data)


#: The SPARQL results formats a child writes itself for a caller that asks (``serialised_as``).
RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}


class Serialised:
    """A SELECT's answer as the child wrote it, in ``fmt`` (one of ``RESULT_FORMATS``), with its
    variables and number of rows; ``body`` stays None until a query's answer fills it."""

    def __init__(self, fmt: str):
        self.fmt = fmt
        self.variables: tuple[str, ...] = ()
        self.rows = 0
        self.body: bytes | None = None

    def answers(self, result: QueryResult) -> bool:
        """Whether ``body`` is ``result`` written out (the last query run, with all its rows)."""
        return (
            self.body is not None
            and isinstance(result, SelectResult)
            and result.variables == self.variables
            and len(result.rows) == self.rows
        )


class Unread(tuple):
    """A row of an answer the child wrote itself (``serialised_as``): there to be counted, and an
    error to read, so no one can take it for the row."""

    def _unread(self, *args: object) -> Any:
        raise QueryError("relgraph read the rows of an answer its query process wrote out (a bug).")

    __iter__ = __getitem__ = __contains__ = _unread


class Native:
    """A query whose SELECT answer the child writes in ``fmt`` itself."""

    def __init__(self, request: tuple, fmt: str):
        self.request, self.fmt = request, fmt


def write_native(raw: Raw, fmt: str, out) -> None:
    """A SELECT's answer in ``fmt`` by Oxigraph's own writer, behind its variables and row count
    (``N``); other answers as ``write_answer`` writes them. The rows are counted in TSV, where a
    row is a line (a line break in a literal is escaped), and that text read back to write ``fmt``:
    both natively, where the parent's rows and JSON cost Python work per row."""
    if not isinstance(raw, ox.QuerySolutions):
        write_answer(raw, out)
        return
    tsv = io.BytesIO()
    raw.serialize(tsv, format=ox.QueryResultsFormat.TSV)
    text = tsv.getvalue()
    rows = max(0, text.count(b"\n") - 1)  # the first line holds the variables
    if fmt == "tsv":
        body, variables = text, tuple(v.value for v in raw.variables)
    else:
        again = ox.parse_query_results(text, format=ox.QueryResultsFormat.TSV)
        assert isinstance(again, ox.QuerySolutions)
        variables = tuple(v.value for v in again.variables)
        written = io.BytesIO()
        again.serialize(written, format=RESULT_FORMATS[fmt])
        body = written.getvalue() + (b"\n" if fmt == "json" else b"")
    out.write(b"N")
    pickle.dump((variables, rows), out)
    out.write(body)


def read_answer(pipe) -> QueryResult | Returned | Serialised | None:
    tag = pipe.read(1)
    if tag in (b"P", b"X"):  # from our own child (a fork of this process): trusted as this process is
        return Returned(pickle.load(pipe), raised=tag == b"X")
    if tag == b"N":
        native = Serialised("")
        native.variables, native.rows = pickle.load(pipe)
        native.body = pipe.read()
        return native
    if tag == b"B":
        return AskResult(pipe.read(1) == b"1")
    if tag == b"S":
        raw = ox.parse_query_results(pipe, format=ox.QueryResultsFormat.TSV)
        assert isinstance(raw, ox.QuerySolutions)
        return SelectResult(tuple(v.value for v in raw.variables), tuple(tuple(row) for row in raw))
    if tag == b"G":
        return GraphResult(tuple(q.triple for q in ox.parse(pipe, format=ox.RdfFormat.N_TRIPLES)))
    return None
