"""``relgraph serve``: the graph in the browser for people, and a SPARQL endpoint for programs.

    create_app(dataset, settings)   the ASGI application (Starlette); test it with httpx
    serve(dataset, settings)        run it with uvicorn until Ctrl-C
    ServeSettings                   address, time limit, rows, sizes, concurrency, CORS

Modules: ``app`` (routes), ``pages`` (HTML), ``protocol`` (/sparql), ``api`` (JSON),
``limits`` (per-client share, sizes, security headers), ``negotiation`` (Accept),
``errors`` (statuses), ``state`` (what routes share), ``templates/`` and ``static/``.
The web framework (Starlette), uvicorn and Jinja2 are imported only here, when serving.
"""

from __future__ import annotations

from relgraph.server.app import create_app
from relgraph.server.run import serve
from relgraph.server.settings import ServeSettings

__all__ = ["ServeSettings", "create_app", "serve"]
