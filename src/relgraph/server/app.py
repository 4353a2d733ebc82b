"""The ASGI application: routes, middleware and error handling around a ``Dataset``.

Starlette (plain, small, ASGI; what Datasette-like tools build on) served by uvicorn, with Jinja2
templates (autoescaping on). Routes::

    /                    home: articles, states, dyads, counts, search
    /search?q=           labels and alternative labels           /api/search?q=  (the type-ahead)
    /id/NAME             an entity or article of https://w3id.org/relgraph/id/NAME (HTML or RDF)
    /entity?iri=         any other IRI's page
    /queries, /queries/NAME?param=...   the canned queries as forms and results
    /api/queries, /api/query/NAME?param=...   the same as JSON (CSV, TSV, XML; RDF for CONSTRUCT)
    /editor              the SPARQL editor (YASGUI)
    /sparql              the SPARQL 1.1 Protocol endpoint and its service description
    /dyad?a=&b=          a pair of states
    /graph?focus=|article=|query=   the interactive graph (the render page's drawing)
    /static/...          every script and stylesheet (nothing comes from the network)
"""

from __future__ import annotations

from pathlib import Path

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from relgraph.errors import RelgraphError
from relgraph.server import api, pages, protocol
from relgraph.server.errors import handle_error, refuse
from relgraph.server.limits import LimitsMiddleware, SecurityHeadersMiddleware
from relgraph.server.settings import ServeSettings
from relgraph.server.state import ServerState
from relgraph.store import Dataset
from relgraph.store.sparql import guard_query

__all__ = ["create_app"]

STATIC = Path(__file__).parent / "static"


def _graph_assets():
    from relgraph.views.visualise import asset_files

    files = asset_files()
    return {
        "vis-network.min.js": files["vis_js"],
        "vis-network.css": files["vis_css"],
        "graph.js": files["app_js"],
        "graph.css": files["app_css"],
    }


async def graph_asset(request: Request) -> Response:
    """The render page's own files (vis-network from the pyvis package, graph.js), served as they are."""
    path = _graph_assets().get(request.path_params["name"])
    if path is None:
        return PlainTextResponse("No such file.\n", status_code=404)
    return FileResponse(path, headers={"Cache-Control": "public, max-age=3600"})


async def robots(request: Request) -> Response:
    return PlainTextResponse("User-agent: *\nDisallow: /sparql\nDisallow: /api/\nDisallow: /graph\n")


def create_app(dataset: Dataset, settings: ServeSettings | None = None) -> Starlette:
    """The server's application for ``dataset`` (serve it with uvicorn, or test it with httpx).

    Forks the query children now (``Dataset.run_in_parallel``), before the server starts threads.
    """
    settings = settings or ServeSettings()
    # Every ad-hoc query is checked in a child forked for it (relgraph.store.sparql.guard_query under
    # run_bounded). Reading the first query builds rdflib's SPARQL grammar, ~0.5 s; done here, once,
    # every such child inherits the built grammar instead of building it again for each request.
    guard_query("ASK {}", ())
    state = ServerState.create(dataset, settings)
    # The canned queries are read (each one checked in a child) now, not by the first request that
    # names one: that took 1.6 s on the bundled graph, with the first client waiting on it. Before the
    # query children are forked, so that they hold the state and its queries too (ServerState.in_child).
    state.queries()
    dataset.run_in_parallel(settings.query_processes)
    routes = [
        Route("/", pages.home_page, name="home"),
        Route("/search", pages.search_page, name="search"),
        Route("/id/{name:path}", pages.entity_page, name="entity"),
        Route("/entity", pages.entity_by_iri, name="entity_by_iri"),
        Route("/queries", pages.queries_page, name="queries"),
        Route("/queries/{name}", pages.query_page, name="query"),
        Route("/editor", pages.editor_page, name="editor"),
        Route("/dyad", pages.dyad_page, name="dyad"),
        Route("/graph", pages.graph_page_route, name="graph"),
        Route("/sparql", protocol.sparql_endpoint, methods=["GET", "POST"], name="sparql"),
        Route("/api/queries", api.api_queries, name="api_queries"),
        Route("/api/query/{name}", api.api_query, name="api_query"),
        Route("/api/search", api.api_search, name="api_search"),
        Route("/robots.txt", robots),
        Route("/static/graph/{name}", graph_asset),
        Mount("/static", app=StaticFiles(directory=STATIC), name="static"),
    ]
    middleware = [
        Middleware(SecurityHeadersMiddleware),
        Middleware(LimitsMiddleware, max_body=settings.max_body, max_url=settings.max_url, on_refuse=refuse),
    ]
    if settings.cors:
        middleware.append(
            Middleware(CORSMiddleware, allow_origins=["*"], allow_methods=["GET", "POST"], allow_headers=["*"])
        )
    app = Starlette(
        routes=routes,
        middleware=middleware,
        exception_handlers={RelgraphError: handle_error},
    )
    app.state.relgraph = state
    return app
