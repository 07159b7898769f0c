"""Fetching pages over HTTP(S) with httpx: bounded in time, size and redirects.

Every hop of a redirect chain is checked: only http(s), and no private, loopback,
link-local, multicast or cloud-metadata address unless the caller allows private addresses
(tests do, on 127.0.0.1). The address check resolves the host name itself, so a DNS name that
points into a private network is refused like the bare address.

The check is made twice: once on the URL, for a readable refusal before any queueing, and
again where the connection is made. The clients built here connect through ``_GuardedBackend``,
which resolves the name, refuses if any answer is not public, and connects to the very address
it checked (the Host header and TLS SNI still carry the name). So a name whose answer changes
between the two lookups (DNS rebinding) cannot slip a private address past the first check.

``timeout`` bounds each wait on the network, and twice ``timeout`` the whole exchange, headers
included: the same backend shortens every read and write to what is left of that budget, so a
server dripping one header byte at a time cannot hold a fetch for ever.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urljoin, urlsplit

import httpcore
import httpx

from onrecord.errors import FetchError

USER_AGENT = "onrecord/0.1 (+https://github.com/onrecord/onrecord; news statement research)"
DEFAULT_TIMEOUT = 20.0
DEFAULT_MAX_BYTES = 16 * 1024 * 1024
DEFAULT_MAX_REDIRECTS = 5


@dataclass
class Fetched:
    url: str  # the URL asked for
    final_url: str  # after redirects
    status: int
    content: bytes
    content_type: str | None = None
    headers: dict[str, str] = field(default_factory=dict)


class TransientFetchError(FetchError):
    """A failure worth retrying later: a timeout, a dropped connection, HTTP 429 or 5xx."""

    def __init__(self, reason: str, *, retry_after: float | None = None) -> None:
        super().__init__(reason)
        self.retry_after = retry_after


def _retry_after(value: str | None) -> float | None:
    if value and value.strip().isdigit():
        return float(value.strip())
    return None


def _blocked_address(ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(ip, ipaddress.IPv6Address):
        # IPv6 forms that carry an IPv4 address a router would deliver to: IPv4-mapped
        # (::ffff:a.b.c.d) and 6to4 (2002:AABB:CCDD::/48). NAT64 (64:ff9b::/96) and
        # IPv4-compatible (::a.b.c.d) forms are in ::/8, reserved, and refused below.
        embedded = ip.ipv4_mapped or ip.sixtofour
        if embedded is not None and _blocked_address(embedded):
            return True
    return (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or (isinstance(ip, ipaddress.IPv4Address) and ip in ipaddress.ip_network("100.64.0.0/10"))
    )


def _refusal(host: str, ip: ipaddress.IPv4Address | ipaddress.IPv6Address) -> FetchError:
    return FetchError(f"refusing {host}: it resolves to the non-public address {ip} (use --allow-private to permit)")


def _public_addresses(host: str, port: int) -> list[str]:
    """Every address ``host`` resolves to, all public, or FetchError."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, ValueError) as exc:
        raise FetchError(f"cannot resolve {host}: {exc}") from exc
    addresses: list[str] = []
    for info in infos:
        address = str(info[4][0]).split("%", 1)[0]
        try:
            ip = ipaddress.ip_address(address)
        except ValueError as exc:
            raise FetchError(f"cannot resolve {host}: not an IP address {address!r}") from exc
        # One private answer is enough to refuse: the connection could take any of them.
        if _blocked_address(ip):
            raise _refusal(host, ip)
        if address not in addresses:
            addresses.append(address)
    if not addresses:
        raise FetchError(f"cannot resolve {host}: no address")
    return addresses


def check_url(url: str, *, allow_private: bool = False) -> None:
    """Raise FetchError unless ``url`` is http(s) to a public address."""
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        raise FetchError(f"not a valid URL: {url!r}") from exc
    if parts.scheme not in ("http", "https"):
        raise FetchError(f"only http and https URLs are fetched, not {parts.scheme or 'a bare path'!r}")
    host = parts.hostname
    if not host:
        raise FetchError(f"the URL has no host: {url!r}")
    if allow_private:
        return
    try:
        port = parts.port
    except ValueError as exc:
        raise FetchError(f"not a valid URL (bad port): {url!r}") from exc
    _public_addresses(host, port or (443 if parts.scheme == "https" else 80))


# -- where connections are made ----------------------------------------------------------------

# The end of the whole exchange for the fetch running on this thread (httpx's sync client does
# all of a request's I/O on the calling thread), or None outside fetch().
_budget = threading.local()


def _within_budget(timeout: float | None) -> float | None:
    deadline: float | None = getattr(_budget, "deadline", None)
    if deadline is None:
        return timeout
    left = deadline - time.monotonic()
    if left <= 0:
        raise httpcore.ReadTimeout("the time for the whole transfer is up")
    return left if timeout is None else min(timeout, left)


class _BudgetedStream(httpcore.NetworkStream):
    """A connection whose every read and write waits no longer than the fetch has left."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _within_budget(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _within_budget(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None) -> httpcore.NetworkStream:
        return _BudgetedStream(self._inner.start_tls(ssl_context, server_hostname, _within_budget(timeout)))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _GuardedBackend(httpcore.SyncBackend):
    """Resolves each host once, refuses non-public answers, connects to a checked address."""

    def __init__(self, allow_private: bool) -> None:
        self.allow_private = allow_private

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        addresses = [host] if self.allow_private else _public_addresses(host, port)
        failure: Exception | None = None
        for address in addresses:  # as socket.create_connection does, but over checked addresses only
            try:
                stream = super().connect_tcp(address, port, _within_budget(timeout), local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                failure = exc
                continue
            return _BudgetedStream(stream)
        assert failure is not None
        raise failure

    def connect_unix_socket(self, *args: Any, **kwargs: Any) -> httpcore.NetworkStream:
        raise FetchError("Unix sockets are never fetched from")


class _GuardedTransport(httpx.HTTPTransport):
    def __init__(self, *, allow_private: bool, limits: httpx.Limits) -> None:
        super().__init__(limits=limits, trust_env=False)
        # httpx builds its connection pool without a way to pass a network backend; the same
        # pool is built again here with ours. (A future httpx without ``_pool`` fails loudly
        # in the tests rather than fetching unguarded: see make_client.)
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=_GuardedBackend(allow_private),
        )


def fetch(
    url: str,
    *,
    client: httpx.Client | None = None,
    allow_private: bool = False,
    timeout: float = DEFAULT_TIMEOUT,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_redirects: int = DEFAULT_MAX_REDIRECTS,
    raise_for_status: bool = True,
) -> Fetched:
    """GET ``url`` and return its body. Raises FetchError with a readable reason.

    ``timeout`` bounds each network operation and also the whole transfer, so a server that
    drips one byte a second cannot hold a fetch for ever. Timeouts, dropped connections, 429 and
    5xx raise TransientFetchError. With ``raise_for_status=False`` a 4xx/5xx response is
    returned (robots.txt needs the status) instead of raised.
    """
    own = client is None
    http = client or make_client(timeout=timeout, allow_private=allow_private)
    deadline = time.monotonic() + timeout * 2
    _budget.deadline = deadline
    try:
        current = url
        for _hop in range(max_redirects + 1):
            check_url(current, allow_private=allow_private)
            try:
                with http.stream("GET", current, timeout=timeout) as response:
                    if response.is_redirect:
                        location = response.headers.get("location")
                        if not location:
                            raise FetchError(f"HTTP {response.status_code} redirect without a Location")
                        current = urljoin(current, location)
                        continue
                    declared = response.headers.get("content-length")
                    if declared and declared.isdigit() and int(declared) > max_bytes:
                        raise FetchError(f"the response is {int(declared)} bytes; the limit is {max_bytes}")
                    chunks: list[bytes] = []
                    size = 0
                    for chunk in response.iter_bytes():
                        size += len(chunk)
                        if size > max_bytes:
                            raise FetchError(f"the response is over the {max_bytes}-byte limit")
                        if time.monotonic() > deadline:
                            raise TransientFetchError(f"the transfer took over {timeout * 2:g}s: {current}")
                        chunks.append(chunk)
                    if raise_for_status and (response.status_code == 429 or response.status_code >= 500):
                        raise TransientFetchError(
                            f"HTTP {response.status_code} from {current}",
                            retry_after=_retry_after(response.headers.get("retry-after")),
                        )
                    if raise_for_status and response.status_code >= 400:
                        raise FetchError(f"HTTP {response.status_code} from {current}")
                    return Fetched(
                        url=url,
                        final_url=current,
                        status=response.status_code,
                        content=b"".join(chunks),
                        content_type=response.headers.get("content-type"),
                        headers=dict(response.headers),
                    )
            except httpx.TimeoutException as exc:
                if time.monotonic() >= deadline:
                    raise TransientFetchError(f"the transfer took over {timeout * 2:g}s: {current}") from exc
                raise TransientFetchError(f"timed out after {timeout:g}s fetching {current}") from exc
            except (httpx.TransportError, httpx.RemoteProtocolError) as exc:
                raise TransientFetchError(f"{type(exc).__name__} fetching {current}: {exc}") from exc
            except (httpx.HTTPError, httpx.InvalidURL) as exc:
                raise FetchError(f"{type(exc).__name__} fetching {current}: {exc}") from exc
        raise FetchError(f"more than {max_redirects} redirects from {url}")
    finally:
        _budget.deadline = None
        if own:
            http.close()


def make_client(
    *, timeout: float = DEFAULT_TIMEOUT, max_connections: int = 10, allow_private: bool = False
) -> httpx.Client:
    """An httpx client whose connections go only to checked addresses (see the module doc)."""
    limits = httpx.Limits(max_connections=max_connections, max_keepalive_connections=max_connections)
    transport = _GuardedTransport(allow_private=allow_private, limits=limits)
    return httpx.Client(
        headers={"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"},
        timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
        follow_redirects=False,
        limits=limits,
        transport=transport,
        trust_env=False,
    )
