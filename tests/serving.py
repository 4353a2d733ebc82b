"""A real relgraph server for tests: uvicorn in a thread of the test process, on a free port of 127.0.0.1."""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator

import httpx

from relgraph.server import ServeSettings, create_app
from relgraph.server.run import bind_socket
from relgraph.store import Dataset


@contextlib.contextmanager
def running_server(dataset: Dataset, settings: ServeSettings | None = None) -> Iterator[str]:
    """Serve ``dataset`` and yield the base URL (``http://127.0.0.1:PORT``); stop on exit."""
    import uvicorn

    sock = bind_socket("127.0.0.1", 0)
    app = create_app(dataset, settings or ServeSettings())
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{sock.getsockname()[1]}"
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.02)
    try:
        yield base
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


def client_from(address: str, **options) -> httpx.Client:
    """An HTTP client whose requests come from ``address`` (127.0.0.x: a client of its own)."""
    return httpx.Client(transport=httpx.HTTPTransport(local_address=address), **options)
