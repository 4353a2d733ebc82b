"""What keeps one client or one query from taking the server: a bounded number of requests at
work per client (the rest wait in a short queue, then get 429), request size limits, and the
security headers every answer carries.

A client is its network address. Requests that run queries pass through ``ClientGate``: at most
``per_client`` of one address's requests are at work at once, so a client that opens many slow
requests uses a share of the query processes, never all of them, and others are answered. The
blocking work itself runs in a bounded thread pool (``anyio.to_thread``) on a pool of query
children (``Dataset.run_in_parallel``), each stopped at the time limit.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from contextlib import asynccontextmanager

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from relgraph.errors import ClientBusyError

__all__ = ["ClientGate", "LimitsMiddleware", "SecurityHeadersMiddleware", "csp_header"]


def _busy(client: str, limit: int, queue: int) -> ClientBusyError:
    return ClientBusyError(
        f"Too many requests from {client} at once: {limit} run and {queue} wait; the rest are refused. "
        "Wait for your earlier requests to finish."
    )


class ClientGate:
    """At most ``limit`` requests of one client at work; up to ``queue`` more wait their turn."""

    def __init__(self, *, limit: int, queue: int):
        self.limit = limit
        self.queue = queue
        self._slots: dict[str, asyncio.Semaphore] = {}
        self._waiting: dict[str, int] = {}
        self._active: dict[str, int] = {}

    @asynccontextmanager
    async def slot(self, client: str):
        semaphore = self._slots.get(client)
        if semaphore is None:
            semaphore = self._slots[client] = asyncio.Semaphore(self.limit)
        if semaphore.locked() and self._waiting.get(client, 0) >= self.queue:
            raise _busy(client, self.limit, self.queue)
        self._waiting[client] = self._waiting.get(client, 0) + 1
        try:
            await semaphore.acquire()
        finally:
            self._waiting[client] -= 1
        self._active[client] = self._active.get(client, 0) + 1
        try:
            yield
        finally:
            semaphore.release()
            self._active[client] -= 1
            if not self._active[client] and not self._waiting[client]:  # forget idle clients
                self._slots.pop(client, None)
                self._waiting.pop(client, None)
                self._active.pop(client, None)

    def busy(self) -> dict[str, int]:
        """Requests at work per client (for tests and the status page)."""
        return {c: n for c, n in self._active.items() if n}


def csp_header(*, relaxed_styles: bool = False) -> str:
    """The Content Security Policy of every page: scripts and styles from this server only, requests
    only to it, no plug-ins, no framing by other sites. ``relaxed_styles`` lets a page's libraries set
    inline styles (the editor's), never scripts."""
    style = "'self' 'unsafe-inline'" if relaxed_styles else "'self'"
    return "; ".join(
        [
            "default-src 'none'",
            "script-src 'self'",
            f"style-src {style}",
            "img-src 'self' data:",
            "font-src 'self' data:",
            "connect-src 'self'",
            "frame-src 'self'",
            "frame-ancestors 'self'",
            "form-action 'self'",
            "base-uri 'none'",
            "object-src 'none'",
        ]
    )


class SecurityHeadersMiddleware:
    """Adds the security headers to every answer (a route may set its own CSP first)."""

    def __init__(self, app: ASGIApp):
        self.app = app
        self._csp = csp_header().encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                for name, value in (
                    (b"content-security-policy", self._csp),
                    (b"x-content-type-options", b"nosniff"),
                    (b"referrer-policy", b"no-referrer"),
                    (b"x-frame-options", b"SAMEORIGIN"),
                    (b"cross-origin-opener-policy", b"same-origin"),
                    (b"cross-origin-resource-policy", b"same-origin"),
                ):
                    if name not in present:
                        headers.append((name, value))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)


class LimitsMiddleware:
    """Refuses a request whose URL or body is larger than the limits (414, 413), before any work."""

    def __init__(self, app: ASGIApp, *, max_body: int, max_url: int, on_refuse: Callable[..., Awaitable[None]]):
        self.app = app
        self.max_body = max_body
        self.max_url = max_url
        self.on_refuse = on_refuse

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        url_size = len(scope.get("raw_path") or scope["path"].encode()) + len(scope.get("query_string", b""))
        if url_size > self.max_url:
            await self.on_refuse(
                scope,
                send,
                414,
                f"The request's URL is {url_size:,} bytes, more than the {self.max_url:,} "
                "this server takes; send a long query with POST instead.",
            )
            return
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > self.max_body:
            await self.on_refuse(
                scope,
                send,
                413,
                f"The request's body is {int(declared):,} bytes, more than the {self.max_body:,} this server takes.",
            )
            return
        received = 0
        too_big = False

        async def counted() -> Message:
            nonlocal received, too_big
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_body:
                    too_big = True
                    raise BodyTooLarge(self.max_body)
            return message

        try:
            await self.app(scope, counted, send)
        except BodyTooLarge:
            if too_big:
                await self.on_refuse(
                    scope, send, 413, f"The request's body is more than the {self.max_body:,} bytes this server takes."
                )


class BodyTooLarge(Exception):
    def __init__(self, limit: int):
        super().__init__(f"body over {limit} bytes")
