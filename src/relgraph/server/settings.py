"""How a server runs: its address, limits and what it allows, in one frozen value."""

from __future__ import annotations

import os
from dataclasses import dataclass

__all__ = ["ServeSettings", "default_processes"]


def default_processes() -> int:
    """Query children to run side by side: six per core, at least six; a third of them are the slow
    lane (``relgraph.store.worker.QueryWorkerPool``). Queries wait for a child, so with fewer
    children than clients a quick query waits behind slow ones (measured in benchmarks/SERVE.md:
    with one per core plus two, a 1 ms query took seconds under a mix of slow ones); with more, the
    kernel shares the cores among them as threads would be, and a query running to its time limit
    holds one child of many. A child is a fork of the server: its memory is shared with it until
    written, and the store is only read."""
    return max(6, 6 * (os.cpu_count() or 1))


@dataclass(frozen=True)
class ServeSettings:
    """The server's choices (``relgraph serve`` options of the same names)."""

    host: str = "127.0.0.1"
    port: int = 8000
    timeout: float = 60.0  # seconds a query may run (the CLI's default); then it is stopped
    processes: int = 0  # query children side by side; 0 = default_processes()
    per_client: int = 0  # requests one client (address) may have running at once; 0 = half the processes
    client_queue: int = 32  # requests one client may have waiting beyond those; more get 429
    page_rows: int = 100  # rows an HTML page shows (then pages)
    max_rows: int = 100_000  # rows /sparql and the API answer at most (more is an error, never a silent cut)
    sort_rows: int = 10_000  # an HTML table sorts by a column when the whole answer has at most this many rows
    max_body: int = 1_000_000  # bytes of a request body (a query) at most
    max_url: int = 16_384  # bytes of a request's path and query string at most
    cors: bool = False  # Access-Control-Allow-Origin: * on /sparql and /api (off unless asked for)
    include_inferred: bool = False

    @property
    def query_processes(self) -> int:
        return self.processes or default_processes()

    @property
    def client_limit(self) -> int:
        return self.per_client or max(1, self.query_processes // 2)
