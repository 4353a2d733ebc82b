"""What every route shares: the dataset, the settings, the gate per client, the thread pool, the
page templates, and what is kept between requests: the canned queries, the label index, the home
page's summary, rendered entity and article pages, and the outcome of checking an ad-hoc query's
text. Everything kept is keyed by the dataset's ``stamp``: when a graph changes (through the
dataset) it is all dropped, so no page shows a graph that is gone; a remote endpoint, which anyone
may change, has no stamp and nothing read from it is kept."""

from __future__ import annotations

import functools
import os
import threading
import weakref
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import quote, urlencode

import anyio
import anyio.to_thread
import pyoxigraph as ox
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.requests import Request

from relgraph.browse import LabelIndex
from relgraph.errors import QueryTimeoutError, ServeError
from relgraph.model.namespaces import RELD, compact_iri
from relgraph.query.queries import QuerySpec, list_queries
from relgraph.server.limits import ClientGate
from relgraph.server.settings import ServeSettings
from relgraph.store import Dataset
from relgraph.store.worker import metered

__all__ = ["LRU", "ServerState", "entity_href", "term_href"]

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


class LRU(OrderedDict):
    """A dict that keeps its ``size`` most recently used entries (safe across threads)."""

    def __init__(self, size: int):
        super().__init__()
        self.size = size
        self._guard = threading.Lock()

    def get(self, key, default=None):
        with self._guard:
            if key not in self:
                return default
            self.move_to_end(key)
            return super().__getitem__(key)

    def __setitem__(self, key, value) -> None:
        with self._guard:
            super().__setitem__(key, value)
            self.move_to_end(key)
            while len(self) > self.size:
                self.popitem(last=False)

    def clear(self) -> None:
        with self._guard:
            super().clear()

    def unlock(self) -> None:
        """A fresh lock (in a child just forked: see ``ServerState.unlock``)."""
        self._guard = threading.Lock()


#: Rendered pages kept (entity and article pages, 10-100 kB each) and checked query texts.
PAGES_KEPT = 512
CHECKS_KEPT = 1024
DURATIONS_KEPT = 4096
#: A query that cost its query child this much processor time (seconds) last time runs in the slow
#: lane (ServerState.run): the heavy queries of the canned mix cost 0.1-7 s, the quick ones 1-40 ms.
SLOW_SECONDS = 0.05
#: The templates of the pages built in a query child (ServerState.in_child).
PAGE_TEMPLATES = ("entity.html", "article.html")
#: Longer query texts are checked every time rather than kept.
CHECKED_TEXT_MAX = 65_536


_LIVE: weakref.WeakValueDictionary[int, ServerState] = weakref.WeakValueDictionary()


def _unlock(ref: weakref.ref[ServerState]) -> None:
    state = ref()
    if state is not None:
        state.unlock()


@dataclass
class ServerState:
    dataset: Dataset
    settings: ServeSettings
    gate: ClientGate
    limiter: anyio.CapacityLimiter
    slow_lane: anyio.Semaphore
    env: Environment
    _queries: list[QuerySpec] | None = None
    _index: LabelIndex | None = None
    _cache: dict[str, Any] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    pages: LRU = field(default_factory=lambda: LRU(PAGES_KEPT))
    checks: LRU = field(default_factory=lambda: LRU(CHECKS_KEPT))
    durations: LRU = field(default_factory=lambda: LRU(DURATIONS_KEPT))  # each query's last cost in its child, seconds
    _stamp: int | None = None

    @property
    def key(self) -> int:
        """What names this state to ``live`` (in this process and in its query children)."""
        return id(self)

    @staticmethod
    def live(key: int) -> ServerState:
        """The state named ``key``: in a query child, the child's copy of it (``in_child``)."""
        state = _LIVE.get(key)
        if state is None:
            raise ServeError(
                "This query process was started before the server's state was made; it cannot build pages."
            )
        return state

    def in_child(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn(*args)`` run in a query child of the embedded store, in one round trip, stopped at the time
        limit as a query is; every query ``fn`` runs is answered in that child, not sent on. For a page's
        look-ups: seven queries, each waiting for a child and its answer passed back, took a page's first
        build to 0.9 s at p95 under load (benchmarks/SERVE.md). ``fn`` is a module-level function (pickled
        by name) that finds this state with ``ServerState.live``; a remote endpoint runs it here."""
        children = getattr(self.dataset.backend, "query_children", None)
        if children is None or not hasattr(os, "fork"):
            return fn(*args)
        return children().call(fn, *args, timeout=self.settings.timeout)

    @classmethod
    def create(cls, dataset: Dataset, settings: ServeSettings) -> ServerState:
        env = Environment(
            loader=PackageLoader("relgraph.server", "templates"),
            autoescape=select_autoescape(default=True, default_for_string=True),
            trim_blocks=True,
            lstrip_blocks=True,
        )
        env.globals.update(href=entity_href, term_href=term_href, curie=compact_iri)
        for name in PAGE_TEMPLATES:  # compiled once here, not by every query child that builds a page
            env.get_template(name)
        state = cls(
            dataset=dataset,
            settings=settings,
            gate=ClientGate(limit=settings.client_limit, queue=settings.client_queue),
            limiter=anyio.CapacityLimiter(settings.query_processes + 2),
            slow_lane=anyio.Semaphore(max(1, settings.query_processes // 3)),  # the pool's slow lane's size
            env=env,
        )
        _LIVE[state.key] = state
        if hasattr(os, "register_at_fork"):
            os.register_at_fork(after_in_child=functools.partial(_unlock, weakref.ref(state)))
        return state

    def unlock(self) -> None:
        """Fresh locks, in a child just forked (a query child that builds pages: ``in_child``). A child
        forked again after a kill is forked from one of the server's threads; a lock another thread held
        at that moment stays held in the child for ever, and the page it builds would wait on it."""
        self._lock = threading.Lock()
        for kept in (self.pages, self.checks, self.durations):
            kept.unlock()
        cache = getattr(self.env, "cache", None)
        if cache is not None and hasattr(cache, "_wlock"):  # jinja2.utils.LRUCache: compiled templates
            cache._wlock = threading.Lock()

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

    def fresh(self) -> int | None:
        """The dataset's stamp, after dropping everything kept if it moved since the last look."""
        stamp = self.dataset.stamp
        if stamp != self._stamp:
            with self._lock:
                if stamp != self._stamp:
                    self._cache.clear()
                    self._index = None
                    self.pages.clear()
                    self.checks.clear()
                    self.durations.clear()
                    self._stamp = stamp
        return stamp

    def checked(self, text: str) -> LRU | None:
        """Where ``run_sparql`` keeps the outcome of checking ``text`` (None: check it every time)."""
        if self.fresh() is None or len(text) > CHECKED_TEXT_MAX:
            return None
        return self.checks

    def page(self, key: Hashable) -> str | None:
        """A rendered page kept under ``key`` for the graph as it is now."""
        return self.pages.get(key) if self.fresh() is not None else None

    def keep_page(self, key: Hashable, stamp: int | None, html: str) -> None:
        """Keep ``html``, rendered from the graph as it was at ``stamp``, unless the graph has moved."""
        if stamp is not None and self.fresh() == stamp:
            self.pages[key] = html

    def index(self) -> LabelIndex:
        self.fresh()
        with self._lock:
            if self._index is None:
                self._index = LabelIndex.build(self.dataset, timeout=max(self.settings.timeout, 120.0))
            return self._index

    def cached(self, key: str, make: Callable[[], T]) -> T:
        self.fresh()
        with self._lock:
            if key in self._cache:
                return self._cache[key]
        made = make()
        with self._lock:
            return self._cache.setdefault(key, made)

    # ----- running blocking work ---------------------------------------------------------------
    async def run(self, request: Request, work: Callable[[], T], *, key: Hashable | None = None) -> T:
        """Run ``work`` (queries: blocking) in the thread pool, inside the client's share.

        ``key`` names the query (its text, or a canned query and its parameters). One whose last run
        cost its query child ``SLOW_SECONDS`` of processor time or more, or ran into the time limit,
        runs in the pool's slow lane (``relgraph.store.worker.QueryWorkerPool``: its own children, at
        a lower priority), so quick queries always find a child free and get the cores first instead
        of queueing behind second-long ones (with 16 clients on one lane of 8 children they did: 1 ms
        queries took seconds). A slow query waits for its lane before it takes a thread: waiting in
        threads, they held every thread and the quick ones queued for one. The cost is the child's
        processor time, not the time waited: under load a quick query can take seconds once, and must
        not be sent to the slow lane for it.
        """
        client = request.client.host if request.client else "unknown"
        slow = key is not None and (self.durations.get(key) or 0.0) >= SLOW_SECONDS
        async with self.gate.slot(client):
            if not slow:
                return await anyio.to_thread.run_sync(self._metered(work, key, slow), limiter=self.limiter)
            async with self.slow_lane:  # waited for here, not in a thread: the threads stay free for quick ones
                return await anyio.to_thread.run_sync(self._metered(work, key, slow), limiter=self.limiter)

    def _metered(self, work: Callable[[], T], key: Hashable | None, slow: bool) -> Callable[[], T]:
        def metered_work() -> T:  # in the worker thread: the meter is the thread's
            with metered(slow=slow) as meter:
                try:
                    return work()
                except QueryTimeoutError:
                    meter.cpu, meter.runs = float("inf"), 1
                    raise
                finally:
                    if key is not None and meter.runs:
                        self.durations[key] = meter.cpu

        return metered_work

    def render(self, name: str, **context: Any) -> str:
        return self.env.get_template(name).render(**context)
