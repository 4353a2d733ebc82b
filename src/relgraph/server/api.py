"""The JSON API: the canned queries with their parameters, and the search behind the type-ahead.

``GET /api/query/NAME?param=value...`` runs a canned query as ``relgraph query NAME -p param=value
--format json`` does and answers the same SPARQL 1.1 JSON (or CSV, TSV, XML; Turtle, N-Triples,
JSON-LD for a CONSTRUCT) by ``Accept`` or ``_format``. Names that start with ``_`` are the API's
own, as in Datasette: ``_format``, ``_limit`` and ``_offset`` (a page of rows; a ``Link`` header
points to the next), ``_example`` (the header's example values). Errors are JSON:
``{"error": {"type": "ParameterError", "message": "..."}}``.
"""

from __future__ import annotations

from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from relgraph.errors import ParameterError, QueryRefusedError
from relgraph.query.queries import QueryOutcome, QuerySpec, run_query
from relgraph.server.protocol import answer_natively, result_response, select_format
from relgraph.server.state import ServerState, entity_href

__all__ = ["api_queries", "api_query", "api_search", "query_params", "run_canned"]

RESERVED = ("_format", "_limit", "_offset", "_example", "_sort", "_desc", "_page")


def query_params(request: Request) -> dict[str, str]:
    """The query's own parameters in the URL (blank ones are left out: an empty form field)."""
    return {k: v for k, v in request.query_params.items() if not k.startswith("_") and v.strip() != ""}


def _count(request: Request, name: str, default: int | None) -> int | None:
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    if not raw.isdigit():
        raise ParameterError(f"{name} must be a whole number of 0 or more; got {raw!r}.")
    return int(raw)


def run_canned(
    state: ServerState, spec: QuerySpec, params: dict[str, str], *, example: bool, limit: int | None, offset: int
) -> QueryOutcome:
    return run_query(
        state.dataset,
        spec,
        params,
        use_example=example,
        timeout=state.settings.timeout,
        include_inferred=state.settings.include_inferred,
        limit=limit,
        offset=offset,
    )


async def api_query(request: Request) -> Response:
    state: ServerState = request.app.state.relgraph
    spec = state.query(request.path_params["name"])
    params = query_params(request)
    example = request.query_params.get("_example", "") not in ("", "0", "false")
    cap = state.settings.max_rows
    limit = _count(request, "_limit", None)
    offset = _count(request, "_offset", 0) or 0
    asked = cap if limit is None else min(limit, cap)
    pairs = [("format", request.query_params["_format"])] if "_format" in request.query_params else []
    fmt = select_format(request, pairs)
    outcome, native = await state.run(
        request,
        lambda: answer_natively(
            fmt, lambda: run_canned(state, spec, params, example=example, limit=asked, offset=offset)
        ),
        key=(spec.name, tuple(sorted(params.items())), example, asked, offset),
    )
    if outcome.more and limit is None:
        raise QueryRefusedError(
            f"The answer has more than {cap:,} rows, the most this server sends at once; ask for pages with "
            f"_limit and _offset (for example _limit=1000&_offset=0)."
        )
    response = result_response(request, outcome, pairs, filename=spec.name if pairs else None, native=native)
    if outcome.more:
        following = [(k, v) for k, v in request.query_params.multi_items() if k != "_offset"]
        following.append(("_offset", str(offset + (asked or 0))))
        response.headers["Link"] = f'<{request.url.path}?{urlencode(following)}>; rel="next"'
    return response


async def api_queries(request: Request) -> Response:
    """Every canned query with its title, description, view and parameters."""
    state: ServerState = request.app.state.relgraph
    return JSONResponse(
        [
            {
                "name": spec.name,
                "title": spec.title,
                "description": spec.description,
                "view": spec.view,
                "params": [
                    {
                        "name": p.name,
                        "type": p.type,
                        "description": p.description,
                        "example": p.example,
                        "required": p.required,
                    }
                    for p in spec.params
                ],
                "url": f"/api/query/{spec.name}",
                "page": f"/queries/{spec.name}",
            }
            for spec in state.queries()
        ]
    )


async def api_search(request: Request) -> Response:
    """Entities whose label (or alternative label) matches ``q``: the type-ahead's answers."""
    state: ServerState = request.app.state.relgraph
    text = request.query_params.get("q", "")
    limit = min(_count(request, "limit", 12) or 12, 50)
    index = await state.run(request, state.index)
    matches = index.search(text, limit=limit)
    return JSONResponse(
        {
            "query": text,
            "results": [
                {
                    "iri": m.iri,
                    "label": m.label,
                    "matched": m.matched,
                    "class": m.class_name,
                    "href": entity_href(m.iri),
                }
                for m in matches
            ],
        }
    )
