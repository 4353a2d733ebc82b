"""Where a remote SPARQL engine answers (``RemoteConfig``): kept apart from the HTTP client.

Choosing a backend reads this on every command; the client (``relgraph.store.remote``,
which imports httpx) is imported only when a remote backend is opened.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from relgraph.errors import StoreError

__all__ = ["RemoteConfig"]


@dataclass(frozen=True)
class RemoteConfig:
    """Where a remote engine answers: its query, update and Graph Store URLs, and the limits."""

    query_url: str
    update_url: str | None = None
    graph_store_url: str | None = None
    graph_param: str = "graph"  # the Graph Store protocol's parameter; Virtuoso's crud endpoint takes graph-uri
    timeout: float = 60.0
    connect_timeout: float = 10.0
    # The query parameter by which the engine itself stops a query at the time limit, in
    # milliseconds (Virtuoso: timeout). Without it the engine goes on working on a query that
    # relgraph gave up on, and the next queries wait behind it. "" when the engine has none.
    timeout_param: str = ""

    @classmethod
    def for_url(cls, url: str, **settings: object) -> RemoteConfig:
        """A configuration for ``url``, guessing the update and Graph Store URLs of well-known engines.

        ``.../query`` (the Oxigraph server): ``.../update`` and ``.../store``.
        ``.../sparql`` (Virtuoso): ``.../sparql-auth`` and ``.../sparql-graph-crud-auth?graph-uri=``, and
        its own time limit in the ``timeout`` parameter.
        Anything given in ``settings`` (from relgraph.toml or options) wins.
        """
        if not re.match(r"^https?://", url):
            raise StoreError(f"The endpoint {url!r} is not an http:// or https:// URL.")
        guessed: dict[str, object] = {}
        base, _, last = url.rstrip("/").rpartition("/")
        if last == "query":
            guessed = {"update_url": f"{base}/update", "graph_store_url": f"{base}/store"}
        elif last == "sparql":
            guessed = {
                "update_url": f"{base}/sparql-auth",
                "graph_store_url": f"{base}/sparql-graph-crud-auth",
                "graph_param": "graph-uri",
                "timeout_param": "timeout",
            }
        guessed.update({k: v for k, v in settings.items() if v is not None})
        return cls(url, **guessed)  # type: ignore[arg-type]
