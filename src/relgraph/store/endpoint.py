"""Where a remote SPARQL engine answers (``RemoteConfig``): kept apart from the HTTP client.

Choosing a backend reads this on every command; the client (``relgraph.store.remote``,
which imports httpx) is imported only when a remote backend is opened.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from relgraph.errors import StoreError

__all__ = ["MAX_ANSWER_BYTES", "RemoteConfig", "redact_url"]

#: The most bytes relgraph reads of one answer unless [store.remote] max_answer_bytes says otherwise: an
#: endpoint that never stops sending grew a process to 24 GB until the kernel killed it.
MAX_ANSWER_BYTES = 512 * 1024 * 1024


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
    max_answer_bytes: int = MAX_ANSWER_BYTES

    @classmethod
    def for_url(cls, url: str, **settings: object) -> RemoteConfig:
        """A configuration for ``url``, guessing the update and Graph Store URLs of well-known engines.

        ``.../query`` (the Oxigraph server): ``.../update`` and ``.../store``.
        ``.../sparql`` (Virtuoso): ``.../sparql-auth`` and ``.../sparql-graph-crud-auth?graph-uri=``, and
        its own time limit in the ``timeout`` parameter.
        Anything given in ``settings`` (from relgraph.toml or options) wins.
        """
        if not re.match(r"^https?://", url):
            raise StoreError(f"The endpoint {redact_url(url)!r} is not an http:// or https:// URL.")
        if "@" in url.split("://", 1)[1].split("/", 1)[0]:
            raise StoreError(
                f"The endpoint URL {redact_url(url)} carries credentials; relgraph takes them from the environment "
                "only, so that they appear in no command line, log or message: RELGRAPH_ENDPOINT_USER and "
                "RELGRAPH_ENDPOINT_PASSWORD (or RELGRAPH_ENDPOINT_TOKEN). Give the URL without them."
            )
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


def redact_url(url: str) -> str:
    """The URL with any user and password replaced by ***, for messages."""
    return re.sub(r"^([a-zA-Z][\w+.-]*://)[^/@]*@", r"\1***@", url)
