"""What every route shares: the dataset, the settings, the gate per client, the thread pool, the
page templates, and the few things read once (the canned queries, the label index, the home page's
summary). The graph does not change while the server runs (it only reads), so those stay valid."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import quote, urlencode

import anyio
import anyio.to_thread
import pyoxigraph as ox
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.requests import Request

from relgraph.browse import LabelIndex
from relgraph.model.namespaces import RELD, compact_iri
from relgraph.query.queries import QuerySpec, list_queries
from relgraph.server.limits import ClientGate
from relgraph.server.settings import ServeSettings
from relgraph.store import Dataset

__all__ = ["ServerState", "entity_href", "term_href"]

T = TypeVar("T")


def entity_href(iri: str) -> str:
    """The page of an IRI on this server: ``/id/...`` for the project's namespace (as
    ``https://w3id.org/relgraph/id/...`` resolves), else ``/entity?iri=...``. A fragment stays one."""
    base, hashmark, fragment = iri.partition("#")
    if base.startswith(RELD) and len(base) > len(RELD):
        return (
            "/id/" + quote(base[len(RELD) :], safe="/-_.~") + (("#" + quote(fragment, safe="=,")) if hashmark else "")
        )
    return "/entity?" + urlencode({"iri": iri})


def term_href(term: object) -> str | None:
    return entity_href(term.value) if isinstance(term, ox.NamedNode) else None


@dataclass
class ServerState:
    dataset: Dataset
    settings: ServeSettings
    gate: ClientGate
    limiter: anyio.CapacityLimiter
    env: Environment
    _queries: list[QuerySpec] | None = None
    _index: LabelIndex | None = None
    _cache: dict[str, Any] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def create(cls, dataset: Dataset, settings: ServeSettings) -> ServerState:
        env = Environment(
            loader=PackageLoader("relgraph.server", "templates"),
            autoescape=select_autoescape(default=True, default_for_string=True),
            trim_blocks=True,
            lstrip_blocks=True,
        )
        env.globals.update(href=entity_href, term_href=term_href, curie=compact_iri)
        return cls(
            dataset=dataset,
            settings=settings,
            gate=ClientGate(limit=settings.client_limit, queue=settings.client_queue),
            limiter=anyio.CapacityLimiter(settings.query_processes + 2),
            env=env,
        )

    # ----- read once ---------------------------------------------------------------------------
    def queries(self) -> list[QuerySpec]:
        if self._queries is None:
            self._queries = list_queries(self.dataset.project)
        return self._queries

    def query(self, name: str) -> QuerySpec:
        from relgraph.query.queries import load_query

        for spec in self.queries():
            if spec.name == name:
                return spec
        return load_query(self.dataset.project, name)  # raises UnknownQueryError with suggestions

    def index(self) -> LabelIndex:
        with self._lock:
            if self._index is None:
                self._index = LabelIndex.build(self.dataset, timeout=max(self.settings.timeout, 120.0))
            return self._index

    def cached(self, key: str, make: Callable[[], T]) -> T:
        with self._lock:
            if key in self._cache:
                return self._cache[key]
        made = make()
        with self._lock:
            return self._cache.setdefault(key, made)

    # ----- running blocking work ---------------------------------------------------------------
    async def run(self, request: Request, work: Callable[[], T]) -> T:
        """Run ``work`` (queries: blocking) in the thread pool, inside the client's share."""
        client = request.client.host if request.client else "unknown"
        async with self.gate.slot(client):
            return await anyio.to_thread.run_sync(work, limiter=self.limiter)

    def render(self, name: str, **context: Any) -> str:
        return self.env.get_template(name).render(**context)
