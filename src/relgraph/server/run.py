"""Running the application with uvicorn: bind, say where, stop cleanly."""

from __future__ import annotations

import errno
import socket
import sys

from relgraph.errors import ServeError
from relgraph.server.settings import ServeSettings
from relgraph.store import Dataset

__all__ = ["LOOPBACK", "bind_socket", "serve"]

LOOPBACK = ("127.0.0.1", "::1", "localhost")


def bind_socket(host: str, port: int) -> socket.socket:
    """A listening socket on host:port, or a ServeError that says why not."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP named, not left 0: asyncio sets TCP_NODELAY on a connection only when its socket says
    # it is TCP (and connections inherit the listener's). Without it every answer waited ~40 ms for the
    # client's delayed ACK (Nagle), a kept page took 48 ms where the Oxigraph server answers in 0.6.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        sock.bind((host, port))
    except OSError as exc:
        sock.close()
        if exc.errno == errno.EADDRINUSE:
            raise ServeError(
                f"Port {port} on {host} is already in use (another relgraph serve, or another server). "
                f"Choose another with --port, e.g. --port {port + 1}."
            ) from exc
        raise ServeError(f"Cannot listen on {host}:{port}: {exc.strerror or exc}.") from exc
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def serve(
    dataset: Dataset, settings: ServeSettings | None = None, *, sock: socket.socket | None = None, announce=print
) -> None:
    """Serve ``dataset`` until interrupted (Ctrl-C), on ``sock`` if given (else bind settings.host:port)."""
    import uvicorn

    from relgraph.server.app import create_app

    settings = settings or ServeSettings()
    if sock is None:
        sock = bind_socket(settings.host, settings.port)  # before the app forks its query children: fail early
    app = create_app(dataset, settings)
    host = f"[{settings.host}]" if ":" in settings.host else settings.host
    url = f"http://{host}:{sock.getsockname()[1]}/"
    announce(f"Serving {dataset.project.root} ({dataset.kind}) at {url}  (SPARQL endpoint: {url}sparql)")
    announce("Press Ctrl-C to stop.")
    config = uvicorn.Config(
        app,
        log_level="warning",
        access_log=False,
        server_header=False,
        timeout_keep_alive=5,
        limit_concurrency=1000,
        h11_max_incomplete_event_size=settings.max_url + 16_384,
    )
    server = uvicorn.Server(config)
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()
        dataset.close()
    if server.should_exit and not server.started:
        print("The server could not start.", file=sys.stderr)
