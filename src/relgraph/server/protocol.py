"""``/sparql``: the SPARQL 1.1 Protocol for queries, read-only, and its service description.

- query by ``GET /sparql?query=...``, ``POST`` form-encoded (``query=...``) or ``POST`` with the
  query as the body (``application/sparql-query``);
- results by content negotiation (``Accept``; or ``format``/``output`` in the URL, as
  SPARQLWrapper and browsers' links send): SPARQL JSON, XML, CSV, TSV for SELECT and ASK;
  Turtle, N-Triples, JSON-LD for CONSTRUCT and DESCRIBE; 406 for anything else;
- 400 with the parser's message, line and column for a syntax error, or for a malformed request
  (no query, two queries, a query and an update, ``default-graph-uri``/``named-graph-uri``:
  the dataset is fixed, use ``GRAPH`` or ``FROM`` with a graph of it);
- 403 for what relgraph never runs: updates (``update=``, ``application/sparql-update``, or an
  update keyword in a query), ``SERVICE``, ``FROM`` a graph outside the dataset, ``LOAD``;
- 503 for a query stopped at the time limit; 429 for a client with too many requests at once;
- ``GET /sparql`` without a query: the service description (sd: vocabulary) as Turtle,
  N-Triples or JSON-LD, or, to a browser, the query editor.

The same checks and time limit as ``relgraph sparql`` (``run_sparql``); the same engine.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from urllib.parse import parse_qsl

import pyoxigraph as ox
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response

from relgraph.errors import ParameterError, QueryRefusedError, QuerySyntaxError
from relgraph.query.formats import format_result, json_term
from relgraph.query.queries import QueryOutcome, run_sparql
from relgraph.server.negotiation import (
    BOOLEAN_FORMATS,
    FORMAT_MEDIA,
    GRAPH_FORMATS,
    MEDIA_FORMAT,
    SELECT_FORMATS,
    choose,
)
from relgraph.server.state import ServerState
from relgraph.store import AskResult, GraphResult, SelectResult, Term, serialize_triples
from relgraph.store.worker import Serialised, serialised_as

__all__ = [
    "answer",
    "answer_natively",
    "request_fields",
    "result_response",
    "select_format",
    "select_json",
    "service_description",
    "sparql_endpoint",
]

SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS_NS = "http://www.w3.org/ns/formats/"
_RESULT_FORMAT_IRIS = {
    "json": "SPARQL_Results_JSON",
    "xml": "SPARQL_Results_XML",
    "csv": "SPARQL_Results_CSV",
    "tsv": "SPARQL_Results_TSV",
    "turtle": "Turtle",
    "ntriples": "N-Triples",
    "jsonld": "JSON-LD",
}
_SHORT_FORMATS = {
    "json": "json",
    "srj": "json",
    "xml": "xml",
    "srx": "xml",
    "csv": "csv",
    "tsv": "tsv",
    "turtle": "turtle",
    "ttl": "turtle",
    "ntriples": "ntriples",
    "nt": "ntriples",
    "jsonld": "jsonld",
    "json-ld": "jsonld",
}


def _first(pairs: list[tuple[str, str]], name: str) -> list[str]:
    return [v for k, v in pairs if k == name]


async def request_fields(request: Request) -> tuple[list[tuple[str, str]], str | None]:
    """The request's parameters and the query it carries (SPARQL 1.1 Protocol, 2.1)."""
    pairs = parse_qsl(request.url.query, keep_blank_values=True)
    queries, updates = _first(pairs, "query"), _first(pairs, "update")
    if request.method == "POST":
        media = request.headers.get("content-type", "").split(";")[0].strip().lower()
        body = (await request.body()).decode("utf-8", errors="replace")
        if media == "application/x-www-form-urlencoded":
            form = parse_qsl(body, keep_blank_values=True)
            pairs += form
            queries, updates = queries + _first(form, "query"), updates + _first(form, "update")
        elif media == "application/sparql-query":
            queries = [*queries, body]
        elif media == "application/sparql-update":
            updates = [*updates, body]
        else:
            raise ParameterError(
                f"A POST to /sparql carries the query as application/x-www-form-urlencoded (query=...) or "
                f"application/sparql-query; this one is {media or 'untyped'}."
            )
    if updates:
        raise QueryRefusedError(
            "This endpoint only reads: SPARQL updates are refused. relgraph changes the graph only by adding "
            "or removing an article ('relgraph add FILE', 'relgraph remove ARTICLE')."
        )
    if len(queries) > 1:
        raise ParameterError("The request carries more than one query; send one.")
    for name in ("default-graph-uri", "named-graph-uri"):
        if _first(pairs, name):
            raise ParameterError(
                f"{name} is not supported: the dataset is fixed (the union of the article graphs as the default "
                "graph, each article a named graph). Use GRAPH <article> { ... } in the query instead."
            )
    return pairs, (queries[0] if queries else None)


def _wanted_format(request: Request, pairs: list[tuple[str, str]], offered: tuple[str, ...]) -> str | None:
    """A ``format``/``output`` parameter wins (a known name or media type), else the Accept header."""
    for name in ("format", "output"):
        for raw in _first(pairs, name):
            fmt = _SHORT_FORMATS.get(raw.strip().lower()) or MEDIA_FORMAT.get(raw.strip().lower())
            if fmt in offered:
                return fmt
    return choose(request.headers.get("accept"), offered)


def select_format(request: Request, pairs: list[tuple[str, str]]) -> str | None:
    """The format a SELECT's answer will be sent in, known before the query runs (``answer_natively``)."""
    return _wanted_format(request, pairs, SELECT_FORMATS)


def answer_natively(fmt: str | None, run: Callable[[], QueryOutcome]) -> tuple[QueryOutcome, Serialised | None]:
    """``run()``, with a SELECT's answer written in ``fmt`` by the query child itself (Oxigraph's
    writer; ``relgraph.store.worker.serialised_as``), sent on as it is: the rows are not passed to
    this process to be written again in Python. In the thread that runs the query."""
    with serialised_as(fmt) as native:
        outcome = run()
    if native is not None and native.body is not None and not native.answers(outcome.result):
        return run(), None  # (should not happen) the rows are placeholders: run it again, the usual way
    return outcome, native


def result_response(
    request: Request,
    outcome: QueryOutcome,
    pairs: list[tuple[str, str]],
    *,
    filename: str | None = None,
    native: Serialised | None = None,
) -> Response:
    """The outcome in the format the client prefers (406 if it accepts none we can write); a SELECT's
    answer the query child wrote in that format (``native``) as the child wrote it."""
    result = outcome.result
    offered: tuple[str, ...]
    if isinstance(result, GraphResult):
        offered = GRAPH_FORMATS
    elif isinstance(result, AskResult):
        offered = BOOLEAN_FORMATS
    else:
        offered = SELECT_FORMATS
    fmt = _wanted_format(request, pairs, offered)
    if fmt is None:
        wanted = request.headers.get("accept", "")
        return PlainTextResponse(
            f"Cannot answer in any of the formats asked for ({wanted}); this answer is available as "
            + ", ".join(FORMAT_MEDIA[f] for f in offered)
            + ".\n",
            status_code=406,
        )
    if native is not None and native.fmt == fmt and native.body is not None and native.answers(result):
        body = native.body
    elif isinstance(result, GraphResult):
        body = serialize_triples(result.triples, fmt={"turtle": "turtle", "ntriples": "nt", "jsonld": "jsonld"}[fmt])
    elif fmt == "json" and isinstance(result, SelectResult):
        body = select_json(result)
    else:
        body = format_result(result, fmt=fmt).encode("utf-8")
    media = FORMAT_MEDIA[fmt]
    if fmt in ("csv", "tsv", "turtle", "ntriples", "xml"):
        media += "; charset=utf-8"
    headers = {"Vary": "Accept"}
    if filename:
        headers["Content-Disposition"] = f'attachment; filename="{filename}.{_EXTENSIONS[fmt]}"'
    return Response(body, media_type=media, headers=headers)


def select_json(result: SelectResult) -> bytes:
    """SPARQL 1.1 JSON results, as ``format_result`` writes them but compact, with each distinct term
    converted once and written by json's C encoder (``indent`` would use the Python one): 3x less
    CPU on a 3,600-row answer, where this was a fifth of the server's work per request."""
    memo: dict[Term, dict[str, object]] = {}

    def converted(term: Term) -> dict[str, object]:
        found = memo.get(term)
        if found is None:
            found = memo[term] = json_term(term)
        return found

    variables = result.variables
    bindings = [{v: converted(t) for v, t in zip(variables, row, strict=True) if t is not None} for row in result.rows]
    document = {"head": {"vars": list(variables)}, "results": {"bindings": bindings}}
    return json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"


_EXTENSIONS = {
    "json": "json",
    "xml": "xml",
    "csv": "csv",
    "tsv": "tsv",
    "turtle": "ttl",
    "ntriples": "nt",
    "jsonld": "jsonld",
}


def answer(state: ServerState, text: str, *, max_rows: int | None) -> QueryOutcome:
    """Run an ad-hoc query as ``relgraph sparql`` does; more rows than ``max_rows`` is an error."""
    outcome = run_sparql(
        state.dataset,
        text,
        timeout=state.settings.timeout,
        include_inferred=state.settings.include_inferred,
        limit=max_rows,
        checked=state.checked(text),
    )
    if outcome.more:
        raise QueryRefusedError(
            f"The answer has more than {max_rows:,} rows, the most this server sends at once; add a LIMIT "
            "(and OFFSET to page through it), or narrow the query."
        )
    return outcome


async def sparql_endpoint(request: Request) -> Response:
    state: ServerState = request.app.state.relgraph
    pairs, query = await request_fields(request)
    if query is None:
        if request.method != "GET" or any(k not in ("format", "output") for k, _ in pairs):
            raise ParameterError("The request has no query: send query=... (GET or a form) or the query as the body.")
        return service_description(request, state, pairs)
    if not query.strip():
        raise QuerySyntaxError("The query is empty.")
    fmt = select_format(request, pairs)
    outcome, native = await state.run(
        request,
        lambda: answer_natively(fmt, lambda: answer(state, query, max_rows=state.settings.max_rows)),
        key=("sparql", hash(query)),
    )
    return result_response(request, outcome, pairs, native=native)


def service_description(request: Request, state: ServerState, pairs: list[tuple[str, str]]) -> Response:
    """What this endpoint is and does, in the SPARQL 1.1 Service Description vocabulary."""
    fmt = _wanted_format(request, pairs, (*GRAPH_FORMATS, "html"))  # a browser asks for text/html by name
    if fmt == "html":
        return RedirectResponse("/editor", status_code=303)
    if fmt is None:
        return PlainTextResponse("The service description is Turtle, N-Triples or JSON-LD.\n", status_code=406)
    endpoint = ox.NamedNode(str(request.url_for("sparql")))
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    dcterms = "http://purl.org/dc/terms/"
    service = ox.BlankNode("service")
    dataset_node, default_graph = ox.BlankNode("dataset"), ox.BlankNode("default")
    triples = [
        ox.Triple(service, rdf_type, ox.NamedNode(SD + "Service")),
        ox.Triple(service, ox.NamedNode(SD + "endpoint"), endpoint),
        ox.Triple(service, ox.NamedNode(SD + "supportedLanguage"), ox.NamedNode(SD + "SPARQL11Query")),
        ox.Triple(service, ox.NamedNode(SD + "feature"), ox.NamedNode(SD + "UnionDefaultGraph")),
        ox.Triple(
            service,
            ox.NamedNode(dcterms + "title"),
            ox.Literal("relgraph: relations between states, from news articles"),
        ),
        ox.Triple(
            service,
            ox.NamedNode(dcterms + "description"),
            ox.Literal(
                f"Read-only: updates, SERVICE and LOAD are refused. Every query is stopped after "
                f"{state.settings.timeout:g} s; at most {state.settings.max_rows:,} rows per answer. The default "
                "graph is the union of the article graphs and the ontology; each article is a named graph."
            ),
        ),
        ox.Triple(service, ox.NamedNode(SD + "defaultDataset"), dataset_node),
        ox.Triple(dataset_node, rdf_type, ox.NamedNode(SD + "Dataset")),
        ox.Triple(dataset_node, ox.NamedNode(SD + "defaultGraph"), default_graph),
        ox.Triple(default_graph, rdf_type, ox.NamedNode(SD + "Graph")),
    ]
    for fmt_name in _RESULT_FORMAT_IRIS.values():
        triples.append(ox.Triple(service, ox.NamedNode(SD + "resultFormat"), ox.NamedNode(FORMATS_NS + fmt_name)))
    for i, graph in enumerate(state.dataset.graphs):
        named = ox.BlankNode(f"graph{i}")
        triples += [
            ox.Triple(dataset_node, ox.NamedNode(SD + "namedGraph"), named),
            ox.Triple(named, rdf_type, ox.NamedNode(SD + "NamedGraph")),
            ox.Triple(named, ox.NamedNode(SD + "name"), ox.NamedNode(graph.name)),
        ]
    body = serialize_triples(triples, fmt={"turtle": "turtle", "ntriples": "nt", "jsonld": "jsonld"}[fmt])
    return Response(body, media_type=FORMAT_MEDIA[fmt], headers={"Vary": "Accept"})
