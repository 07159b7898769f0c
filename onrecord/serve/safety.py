"""Response headers that keep hostile corpus text inert, and the GET/HEAD-only rule.

The Content-Security-Policy allows scripts, styles and images from this server only and no
inline script or style at all, so even markup that slipped through escaping could not run.
The explorer never changes anything, so every other method is refused before routing.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # only types: importing this module must not load Starlette (the CLI does)
    from starlette.types import ASGIApp, Message, Receive, Scope, Send

CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
    "font-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
)

HEADERS: list[tuple[bytes, bytes]] = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
    (b"permissions-policy", b"camera=(), microphone=(), geolocation=(), interest-cohort=()"),
]

ALLOWED_METHODS = frozenset({"GET", "HEAD"})
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1", "[::1]")


def _host_of(scope: Scope) -> str | None:
    for name, value in scope.get("headers", []):
        if name == b"host":
            host = value.decode("latin-1").strip().lower()
            if host.startswith("["):  # [::1]:8000
                return host.split("]")[0] + "]"
            return host.rsplit(":", 1)[0] if host.count(":") == 1 else host
    return None


logger = logging.getLogger("onrecord.serve")


class SafetyMiddleware:
    """Adds the security headers to every response; refuses other methods and unknown hosts.

    ``allowed_hosts`` (lower-case names, no port) guards a loopback server against DNS
    rebinding: a page on another site cannot point its own name at 127.0.0.1 and read the
    corpus through the visitor's browser. ``None`` accepts any Host.
    """

    def __init__(self, app: ASGIApp, allowed_hosts: Iterable[str] | None = None) -> None:
        self.app = app
        self.allowed_hosts = None if allowed_hosts is None else frozenset(h.lower() for h in allowed_hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(n, v) for n, v in HEADERS if n not in present]
                message["headers"] = list(message.get("headers", [])) + extra
            await send(message)

        if scope["method"] not in ALLOWED_METHODS:
            await _plain(send_with_headers, 405, "Only GET and HEAD are allowed: the explorer is read-only.\n",
                         [(b"allow", b"GET, HEAD")])
            return
        if self.allowed_hosts is not None and _host_of(scope) not in self.allowed_hosts:
            await _plain(send_with_headers, 400, "Unknown Host header.\n", [])
            return
        if "\x00" in scope.get("path", ""):
            await _plain(send_with_headers, 404, "Not found.\n", [])  # no file name holds a NUL
            return
        started = False

        async def send_tracked(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send_with_headers(message)

        try:
            await self.app(scope, receive, send_tracked)
        except Exception:
            # A bug must not cost the response its security headers: Starlette's own 500 page is
            # built outside this middleware. Log it and answer here instead.
            logger.exception("unhandled error serving %s", scope.get("path"))
            if not started:
                await _plain(send_with_headers, 500, "Internal error: the explorer could not answer this request.\n", [])


async def _plain(send: Send, status: int, text: str, headers: list[tuple[bytes, bytes]]) -> None:
    body = text.encode()
    await send({
        "type": "http.response.start",
        "status": status,
        "headers": [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode()),
                    *headers],
    })
    await send({"type": "http.response.body", "body": body})
