"""relgraph's errors as HTTP answers: one status per kind, the message as the body.

    400  a query that does not parse (with line and column), a bad parameter, a protocol mistake
    403  a query relgraph never runs: an update, SERVICE, LOAD, FROM outside the dataset, too many rows
    404  no canned query of that name, no entity of that IRI
    413  a request body over the limit; 414 a URL over the limit
    429  a client with too many requests at once
    500  the store cannot be read, or the engine failed
    503  a query stopped at the time limit

The answer's form follows the route: JSON for /api, plain text for /sparql (as other SPARQL
servers answer), an HTML page for the rest.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, PlainTextResponse, Response
from starlette.types import Scope, Send

from relgraph.errors import (
    ClientBusyError,
    EntityError,
    ParameterError,
    QueryRefusedError,
    QuerySyntaxError,
    QueryTimeoutError,
    StoreError,
    UnknownQueryError,
)

__all__ = ["error_response", "refuse", "status_for"]


def status_for(exc: Exception) -> int:
    if isinstance(exc, ClientBusyError):
        return 429
    if isinstance(exc, QueryTimeoutError):
        return 503
    if isinstance(exc, QueryRefusedError):
        return 403
    if isinstance(exc, UnknownQueryError):
        return 404
    if isinstance(exc, QuerySyntaxError | ParameterError | EntityError):
        return 400
    if isinstance(exc, StoreError):
        return 500
    return 500


def _kind(path: str) -> str:
    if path.startswith("/api/"):
        return "json"
    if path.startswith("/sparql"):
        return "text"
    return "html"


def error_response(path: str, status: int, message: str, kind_name: str, *, state=None) -> Response:
    headers = {"Retry-After": "2"} if status in (429, 503) else {}
    kind = _kind(path)
    if kind == "json":
        return JSONResponse({"error": {"type": kind_name, "status": status, "message": message}}, status, headers)
    if kind == "text" or state is None:
        return PlainTextResponse(message + "\n", status, headers)
    html = state.render("error.html", status=status, message=message, kind=kind_name, settings=state.settings)
    return HTMLResponse(html, status, headers)


async def handle_error(request: Request, exc: Exception) -> Response:
    state = getattr(request.app.state, "relgraph", None)
    return error_response(request.url.path, status_for(exc), str(exc), type(exc).__name__, state=state)


async def refuse(scope: Scope, send: Send, status: int, message: str) -> None:
    """Answer before the app runs (a request over a size limit)."""
    response = error_response(scope.get("path", ""), status, message, "RequestTooLarge")
    await response(scope, None, send)  # type: ignore[arg-type]
