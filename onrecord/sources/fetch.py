"""Fetching pages over HTTP(S) with httpx: bounded in time, size and redirects.

Every hop of a redirect chain is checked: only http(s), and no private, loopback,
link-local, multicast or cloud-metadata address unless the caller allows private addresses
(tests do, on 127.0.0.1). The address check resolves the host name itself, so a DNS name that
points into a private network is refused like the bare address.
"""

from __future__ import annotations

import ipaddress
import socket
from dataclasses import dataclass, field
from urllib.parse import urljoin, urlsplit

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
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or (isinstance(ip, ipaddress.IPv4Address) and ip in ipaddress.ip_network("100.64.0.0/10"))
    )


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
        infos = socket.getaddrinfo(host, parts.port or (443 if parts.scheme == "https" else 80))
    except (socket.gaierror, UnicodeError, ValueError) as exc:
        raise FetchError(f"cannot resolve {host}: {exc}") from exc
    for info in infos:
        address = str(info[4][0]).split("%", 1)[0]
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            continue
        if _blocked_address(ip):
            raise FetchError(
                f"refusing {host}: it resolves to the non-public address {ip} (use --allow-private to permit)"
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
    import time

    own = client is None
    http = client or make_client(timeout=timeout)
    deadline = time.monotonic() + timeout * 2
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
                raise TransientFetchError(f"timed out after {timeout:g}s fetching {current}") from exc
            except (httpx.TransportError, httpx.RemoteProtocolError) as exc:
                raise TransientFetchError(f"{type(exc).__name__} fetching {current}: {exc}") from exc
            except httpx.HTTPError as exc:
                raise FetchError(f"{type(exc).__name__} fetching {current}: {exc}") from exc
        raise FetchError(f"more than {max_redirects} redirects from {url}")
    finally:
        if own:
            http.close()


def make_client(*, timeout: float = DEFAULT_TIMEOUT, max_connections: int = 10) -> httpx.Client:
    return httpx.Client(
        headers={"User-Agent": USER_AGENT, "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.5"},
        timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
        follow_redirects=False,
        limits=httpx.Limits(max_connections=max_connections, max_keepalive_connections=max_connections),
        trust_env=False,
    )
