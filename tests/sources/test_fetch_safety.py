"""What the fetcher must refuse, and how quickly it gives up on servers that misbehave.

Addresses: private, loopback, link-local, cloud metadata, unspecified, multicast, shared and
reserved ranges, their IPv4-mapped and 6to4 IPv6 forms, numeric tricks (decimal, octal, hex,
short forms, ideographic dots) and DNS names that resolve there — by ``check_url``, by a real
``fetch`` (the test server on 127.0.0.1 must see no request) and through redirects.

A "public" host is simulated without leaving the machine: ``socket.getaddrinfo`` is patched so
that ``public.example`` resolves to a global address (93.184.216.34), and
``socket.create_connection`` is patched so that a connection to that address reaches the test
server on 127.0.0.1. The fetcher sees a public first hop; the server then redirects it inward.
DNS rebinding is a name whose first answer is public and whose next is 127.0.0.1.

Caps: a redirect chain that never ends, a 1 GB body (without a length, with a lying length,
and as a gzip bomb), a server that never answers, one that drips its body, one that drips its
headers. Each must end in a FetchError within seconds, having read a small part of the data.
robots.txt: what it disallows is never requested, by the crawler or by ingest, and is recorded.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from onrecord.corpus import Corpus
from onrecord.errors import FetchError
from onrecord.sources.crawl import Crawler, CrawlSettings
from onrecord.sources.fetch import check_url, fetch
from tests.corpus.scripted import READER, article, filler
from tests.sources.server import send

ROBOTS = b"User-agent: *\nDisallow: /private/\n"
PUBLIC_IP = "93.184.216.34"  # a global address; connections to it are routed to the test server
GB = 1 << 30


def _page(i: int) -> bytes:
    import json

    people = [{"id": "s", "name": "Nadia Ferro", "type": "person"}]
    return json.dumps({"article": article(filler(900 + i), [("s", f"Safe quote {i}")], people=people).to_dict()}).encode()


class Server:
    """A misbehaving HTTP server on 127.0.0.1; records every request and the bytes it sent."""

    def __init__(self) -> None:
        self.hits: list[str] = []
        self.sent: dict[str, int] = {}
        self.robots = ROBOTS
        # Another origin, the same server: a group for onrecord, which replaces the * group.
        self.robots_by_host = {"localhost": b"User-agent: *\nDisallow: /\n\nUser-agent: onrecord\nDisallow: /not-for-onrecord/\n"}
        self.robots_status = 200
        self.robots_location: str | None = None
        self.routed = 0  # connections that came through PUBLIC_IP (see the dns fixture)
        self.stopping = threading.Event()
        self.lock = threading.Lock()
        server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        server.daemon_threads = True
        self.server = server
        self.port = server.server_address[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(target=server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.stopping.set()
        self.server.shutdown()
        self.server.server_close()

    def requested(self, prefix: str) -> list[str]:
        with self.lock:
            return [h for h in self.hits if h.startswith(prefix)]

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def _send(self, status: int, body: bytes, ctype: str = "text/html", extra: dict[str, str] | None = None) -> None:
                send(self, status, body, ctype, extra)

            def _stream(self, path: str, chunks: Iterator[bytes]) -> None:
                sent = 0
                try:
                    for chunk in chunks:
                        if site.stopping.is_set():
                            break
                        self.wfile.write(chunk)
                        sent += len(chunk)
                except (BrokenPipeError, ConnectionResetError, OSError):
                    pass  # the client gave up, as it should
                finally:
                    with site.lock:
                        site.sent[path] = site.sent.get(path, 0) + sent
                self.close_connection = True

            def _drip(self, path: str, first: bytes, byte: bytes, every: float) -> None:
                def chunks() -> Iterator[bytes]:
                    yield first
                    while not site.stopping.wait(every):
                        yield byte

                self._stream(path, chunks())

            def do_GET(self) -> None:
                with site.lock:
                    site.hits.append(self.path)
                try:
                    self._route()
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def _route(self) -> None:
                parts = urlsplit(self.path)
                path, query = parts.path, parse_qs(parts.query)
                if path == "/robots.txt" and site.robots_location:
                    self._send(302, b"", extra={"Location": site.robots_location})
                elif path == "/robots.txt":
                    host = (self.headers.get("Host") or "").rsplit(":", 1)[0]
                    self._send(site.robots_status, site.robots_by_host.get(host, site.robots), "text/plain")
                elif path.startswith(("/page/", "/private/", "/Private/", "/not-for-onrecord/")):
                    self._send(200, _page(int(path.rsplit("/", 1)[1] or 0)))
                elif path == "/to":  # a redirect to wherever ?u= says
                    self.send_response(int(query.get("status", ["302"])[0]))
                    self.send_header("Location", query["u"][0])
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                elif path.startswith("/forever/"):
                    n = int(path.rsplit("/", 1)[1])
                    self.send_response(302)
                    self.send_header("Location", f"/forever/{n + 1}")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                elif path == "/huge":  # 1 GB, no Content-Length
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html")
                    self.send_header("Connection", "close")
                    self.end_headers()
                    block = b"<p>" + b"x" * 65529 + b"</p>"
                    self._stream(path, (block for _ in range(GB // len(block))))
                elif path == "/liar":  # says 1 GB up front
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html")
                    self.send_header("Content-Length", str(GB))
                    self.end_headers()
                    self._stream(path, (b"y" * 65536 for _ in range(GB // 65536)))
                elif path == "/gzip-bomb":  # 4.5 MB on the wire, 1 GB once decoded
                    # No Content-Length: the length check cannot stop it, only the decoded size.
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html")
                    self.send_header("Content-Encoding", "gzip")
                    self.send_header("Connection", "close")
                    self.end_headers()
                    self._stream(path, (BOMB[i : i + 65536] for i in range(0, len(BOMB), 65536)))
                elif path == "/stall":  # accepts, then says nothing
                    site.stopping.wait(60)
                elif path == "/drip-body":  # headers, then a byte every 0.1 s for ever
                    self._drip(path, b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>", b"x", 0.1)
                elif path == "/drip-headers":  # headers that never end
                    self._drip(path, b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nX-Slow: ", b"a", 0.1)
                else:
                    self._send(404, b"not here")

        return Handler


def _bomb() -> bytes:
    squeeze = zlib.compressobj(1, zlib.DEFLATED, 31)  # gzip framing; level 1 builds in ~1 s
    block = b"\0" * (1 << 20)
    return b"".join(squeeze.compress(block) for _ in range(GB // len(block))) + squeeze.flush()


BOMB = b""


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    global BOMB
    if not BOMB:
        BOMB = _bomb()
    s = Server()
    yield s
    s.close()


# -- resolving, as the tests need it ------------------------------------------------------------

_real_getaddrinfo = socket.getaddrinfo
_real_create_connection = socket.create_connection


def _answer(address: str, port: Any) -> list[tuple[Any, ...]]:
    family = socket.AF_INET6 if ":" in address else socket.AF_INET
    sockaddr: tuple[Any, ...] = (address, int(port or 0), 0, 0) if family == socket.AF_INET6 else (address, int(port or 0))
    return [(family, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", sockaddr)]


@pytest.fixture
def dns(monkeypatch: pytest.MonkeyPatch, server: Server) -> dict[str, Callable[[], str]]:
    """Names → a function giving the next answer. A connection to PUBLIC_IP reaches the test
    server, so a "public" host can be fetched from without leaving the machine."""
    names: dict[str, Callable[[], str]] = {}

    def getaddrinfo(host: Any, port: Any, *args: Any, **kwargs: Any) -> list[tuple[Any, ...]]:
        name = host.decode() if isinstance(host, bytes) else str(host)
        answer = names.get(name.lower().rstrip("."))
        if answer is not None:
            return _answer(answer(), port)
        return _real_getaddrinfo(host, port, *args, **kwargs)

    def create_connection(address: tuple[Any, ...], *args: Any, **kwargs: Any) -> socket.socket:
        # Names are resolved here with the patched resolver (as socket.create_connection would),
        # and nothing leaves the machine: PUBLIC_IP is this server, loopback is loopback, and
        # any other address has no route.
        host, port = address[0], address[1]
        ip = str(getaddrinfo(host, port, 0, socket.SOCK_STREAM)[0][4][0])
        if ip == PUBLIC_IP:
            with server.lock:
                server.routed += 1
            return _real_create_connection(("127.0.0.1", server.port), *args, **kwargs)
        if ipaddress.ip_address(ip.split("%")[0]).is_loopback:
            return _real_create_connection((ip, port), *args, **kwargs)
        raise ConnectionRefusedError(f"the test network has no route to {ip}")

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)
    monkeypatch.setattr(socket, "create_connection", create_connection)
    names["public.example"] = lambda: PUBLIC_IP
    names["intranet.example"] = lambda: "10.20.30.40"
    names["loopback.example"] = lambda: "127.0.0.1"
    names["metadata.example"] = lambda: "169.254.169.254"
    names["v6-metadata.example"] = lambda: "fd00:ec2::254"
    names["mapped.example"] = lambda: "::ffff:127.0.0.1"
    return names


# -- addresses --------------------------------------------------------------------------------

BLOCKED_HOSTS = [
    # private
    "10.0.0.1", "10.255.255.254", "172.16.0.1", "172.31.255.254", "192.168.0.1", "192.168.255.254",
    # loopback
    "127.0.0.1", "127.255.255.254", "[::1]", "[0:0:0:0:0:0:0:1]",
    # link-local and cloud metadata
    "169.254.0.1", "169.254.169.254", "[fe80::1]", "[fd00:ec2::254]", "[fc00::1]",
    # unspecified, multicast, broadcast, shared, reserved, benchmarking, documentation
    "0.0.0.0", "0", "[::]", "224.0.0.1", "239.255.255.250", "[ff02::1]", "255.255.255.255",
    "100.64.0.1", "240.0.0.1", "198.18.0.1", "192.0.2.1", "192.0.0.170",
    # IPv4-mapped, IPv4-compatible, NAT64 and 6to4 forms
    "[::ffff:127.0.0.1]", "[::ffff:7f00:1]", "[::ffff:10.0.0.1]", "[::ffff:169.254.169.254]",
    "[0:0:0:0:0:ffff:192.168.1.1]", "[::127.0.0.1]", "[64:ff9b::7f00:1]", "[64:ff9b::a9fe:a9fe]",
    "[2002:7f00:1::1]", "[2002:a9fe:a9fe::1]", "[2002:c0a8:101::]",
    # numeric tricks for 127.0.0.1 and 169.254.169.254
    "2130706433", "0177.0.0.1", "0x7f000001", "0x7f.0.0.1", "127.1", "127.0.1", "017700000001",
    "0x7F.1", "2852039166", "0xa9.0xfe.0xa9.0xfe", "0251.0376.0251.0376", "127.0.0.1.",
    "127\u30020\u30020\u30021", "127\uff0e0\uff0e0\uff0e1",
    # names
    "localhost", "LOCALHOST", "localhost.", "ip6-localhost",
]


@pytest.mark.parametrize("host", BLOCKED_HOSTS)
def test_check_url_refuses_non_public_addresses(host: str) -> None:
    for url in (f"http://{host}/", f"https://{host}:8443/x?y=1", f"http://user:pw@{host}/"):
        try:
            check_url(url)
        except FetchError as exc:
            assert "refusing" in exc.reason or "cannot resolve" in exc.reason, exc.reason
        else:
            raise AssertionError(f"{url} was allowed")


def test_names_that_resolve_to_non_public_addresses_are_refused(dns: dict[str, Callable[[], str]]) -> None:
    for name in ("intranet.example", "loopback.example", "metadata.example", "v6-metadata.example", "mapped.example"):
        with pytest.raises(FetchError, match="refusing"):
            check_url(f"http://{name}/")
    # A name with one public and one private answer is refused too (the connection could take either).
    real = dns["public.example"]
    dns["both.example"] = real
    original = socket.getaddrinfo

    def two(host: Any, port: Any, *args: Any, **kwargs: Any) -> list[tuple[Any, ...]]:
        if host == "both.example":
            return _answer(PUBLIC_IP, port) + _answer("10.0.0.7", port)
        return original(host, port, *args, **kwargs)

    socket.getaddrinfo = two  # undone by the fixture's monkeypatch
    try:
        with pytest.raises(FetchError, match="refusing"):
            check_url("http://both.example/")
    finally:
        socket.getaddrinfo = original
    check_url("http://public.example/")  # and the public one is fine


def test_other_schemes_and_broken_urls_are_refused() -> None:
    for url in ("file:///etc/passwd", "ftp://example.com/", "gopher://127.0.0.1:70/", "dict://127.0.0.1:11211/",
                "javascript:alert(1)", "data:text/html,hi", "//example.com/", "http:///nohost", "http://[::1/"):
        with pytest.raises(FetchError):
            check_url(url, allow_private=True)


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "2130706433", "0x7f000001", "0177.0.0.1", "127.1",
                                  "[::ffff:127.0.0.1]", "0.0.0.0"])
def test_fetch_refuses_before_connecting(server: Server, host: str) -> None:
    """The real fetch, at the real server's port: nothing reaches it."""
    before = len(server.hits)
    with pytest.raises(FetchError, match=r"refusing|cannot resolve"):
        fetch(f"http://{host}:{server.port}/page/1", timeout=2)
    assert len(server.hits) == before
    # ...and the same URL is fetched when private addresses are allowed (the tests' own mode),
    # where the address can be reached at all.
    if host in ("127.0.0.1", "localhost", "2130706433", "127.1"):
        assert fetch(f"http://{host}:{server.port}/page/1", timeout=5, allow_private=True).status == 200


def test_url_parser_tricks_do_not_reach_a_private_address(server: Server, dns: dict[str, Callable[[], str]]) -> None:
    """Userinfo, backslashes and encoded characters that make URL parsers disagree about the
    host: whichever host the HTTP client settles on, it must not be the loopback server."""
    port = server.port
    tricky = [
        f"http://public.example@127.0.0.1:{port}/page/1",
        f"http://127.0.0.1:{port}\\@public.example/page/1",
        f"http://public.example\\@127.0.0.1:{port}/page/1",
        f"http://127.0.0.1:{port}#@public.example/page/1",
        f"http://127.0.0.1:{port}?@public.example/page/1",
        f"http://public.example:80@127.0.0.1:{port}/page/1",
        "http://127.0.0.1%2f@public.example/page/1",
        f"http://%31%32%37.0.0.1:{port}/page/1",
    ]
    for url in tricky:
        hits, routed = len(server.hits), server.routed
        try:
            fetch(url, timeout=2, max_redirects=0)
        except FetchError:
            pass
        # Whatever happened, every request the server saw came through the public address.
        assert len(server.hits) - hits <= server.routed - routed, url


def test_urls_the_http_client_rejects_are_a_fetch_error(dns: dict[str, Callable[[], str]]) -> None:
    """Control characters pass the URL check (urllib.parse keeps them) but httpx rejects them
    with InvalidURL, which is not an httpx.HTTPError: it must still come out as a FetchError."""
    for url in ("http://public.example/\x00", "http://public.example/a\nb", "http://public.example/\x7f"):
        with pytest.raises(FetchError, match="InvalidURL"):
            fetch(url, timeout=2)


# -- redirects --------------------------------------------------------------------------------

PRIVATE_TARGETS = [
    "http://127.0.0.1:{port}/page/2",
    "http://localhost:{port}/page/2",
    "http://[::1]:{port}/page/2",
    "http://2130706433:{port}/page/2",
    "http://0x7f000001:{port}/page/2",
    "http://0:{port}/page/2",
    "http://169.254.169.254/latest/meta-data/iam/security-credentials/",
    "http://[fd00:ec2::254]/latest/meta-data/",
    "http://metadata.example/computeMetadata/v1/",
    "http://intranet.example/admin",
    "http://loopback.example:{port}/page/2",
    "http://[::ffff:127.0.0.1]:{port}/page/2",
    "http://10.0.0.1/",
    "file:///etc/passwd",
]


@pytest.mark.parametrize("target", PRIVATE_TARGETS)
@pytest.mark.parametrize("status", [301, 302, 303, 307, 308])
def test_a_public_page_redirecting_inward_is_refused(server: Server, dns: dict[str, Callable[[], str]], target: str, status: int) -> None:
    from urllib.parse import quote

    inward = target.format(port=server.port)
    url = f"http://public.example/to?status={status}&u={quote(inward, safe='')}"
    before = len(server.requested("/page/2"))
    with pytest.raises(FetchError) as err:
        fetch(url, timeout=3)
    assert "refusing" in err.value.reason or "only http and https" in err.value.reason, err.value.reason
    assert len(server.requested("/page/2")) == before, "the private target was requested"
    assert server.requested("/to?status=")  # the public first hop was really fetched


def test_redirects_to_public_hosts_still_work(server: Server, dns: dict[str, Callable[[], str]]) -> None:
    fetched = fetch("http://public.example/to?u=http%3A%2F%2Fpublic.example%2Fpage%2F3", timeout=3)
    assert fetched.status == 200 and fetched.final_url == "http://public.example/page/3"


def test_crawler_and_ingest_refuse_an_inward_redirect(server: Server, dns: dict[str, Callable[[], str]], tmp_path: Path) -> None:
    inward = f"http%3A%2F%2F127.0.0.1%3A{server.port}%2Fpage%2F4"
    with Crawler(CrawlSettings(delay=0, retries=0, timeout=3)) as crawler, pytest.raises(FetchError, match="refusing"):
        crawler.get(f"http://public.example/to?u={inward}")
    with Corpus(tmp_path / "c.db") as corpus:
        summary = corpus.ingest([f"http://public.example/to?u={inward}", "http://public.example/page/5"],
                                reader=READER, workers=1, delay=0, retries=0, timeout=3)
        assert summary.stored == 1
        (error,) = corpus.errors()
        assert error.stage == "fetch" and "refusing" in error.reason
    assert not server.requested("/page/4")


# -- DNS rebinding ----------------------------------------------------------------------------


def test_dns_rebinding_between_the_check_and_the_connection_is_refused(server: Server, dns: dict[str, Callable[[], str]]) -> None:
    """The name answers a public address when the URL is checked and 127.0.0.1 afterwards.
    The connection must go to an address that was checked, never to the second answer."""
    answers = iter([PUBLIC_IP] + ["127.0.0.1"] * 50)
    dns["rebind.example"] = lambda: next(answers)
    before = len(server.requested("/page/6"))
    try:
        fetched = fetch(f"http://rebind.example:{server.port}/page/6", timeout=3)
    except FetchError as exc:
        assert "refusing" in exc.reason or "timed out" in exc.reason or "Connect" in exc.reason, exc.reason
    else:
        raise AssertionError(f"fetched through a rebound name: {fetched.final_url}")
    assert len(server.requested("/page/6")) == before, "the request reached 127.0.0.1"


def test_dns_rebinding_on_a_later_hop_and_in_the_crawler(server: Server, dns: dict[str, Callable[[], str]]) -> None:
    answers = iter([PUBLIC_IP] + ["127.0.0.1"] * 50)
    dns["rebind2.example"] = lambda: next(answers)
    before = len(server.requested("/page/7"))
    with pytest.raises(FetchError):
        fetch(f"http://public.example/to?u=http%3A%2F%2Frebind2.example%3A{server.port}%2Fpage%2F7", timeout=3)
    answers3 = iter([PUBLIC_IP] * 2 + ["127.0.0.1"] * 50)  # robots.txt and the check see public
    dns["rebind3.example"] = lambda: next(answers3)
    with Crawler(CrawlSettings(delay=0, retries=0, timeout=3, robots=False)) as crawler, pytest.raises(FetchError):
        crawler.get(f"http://rebind3.example:{server.port}/page/7")
    assert len(server.requested("/page/7")) == before


def test_the_checked_address_is_the_one_connected_to(server: Server, dns: dict[str, Callable[[], str]]) -> None:
    """A name whose answers alternate public, private: every connection that is made goes to a
    public answer (routed here), so each fetch either succeeds through PUBLIC_IP or is refused."""
    flip = iter([PUBLIC_IP, PUBLIC_IP, PUBLIC_IP, "127.0.0.1"] * 100)
    dns["flip.example"] = lambda: next(flip)
    hits, routed = len(server.hits), server.routed
    outcomes = {"ok": 0, "refused": 0}
    for i in range(20):
        try:
            fetch(f"http://flip.example/page/{100 + i}", timeout=3)
            outcomes["ok"] += 1
        except FetchError as exc:
            assert "refusing" in exc.reason, exc.reason
            outcomes["refused"] += 1
    assert outcomes["refused"] > 0 and outcomes["ok"] > 0, outcomes
    assert len(server.hits) - hits == server.routed - routed == outcomes["ok"]


# -- caps -------------------------------------------------------------------------------------


def test_a_redirect_chain_that_never_ends(server: Server) -> None:
    started = time.monotonic()
    with pytest.raises(FetchError, match="more than 5 redirects"):
        fetch(f"{server.base}/forever/0", allow_private=True, timeout=3)
    assert time.monotonic() - started < 10
    assert len(server.requested("/forever/")) <= 6 + 1  # at most max_redirects + 1 requests per try


def test_a_1_gb_body_is_refused_quickly_without_reading_it(server: Server) -> None:
    for path in ("/huge", "/liar"):
        started = time.monotonic()
        with pytest.raises(FetchError, match="limit"):
            fetch(f"{server.base}{path}", allow_private=True, timeout=10, max_bytes=4 << 20)
        elapsed = time.monotonic() - started
        assert elapsed < 10, f"{path}: {elapsed:.1f}s"
    time.sleep(0.5)  # the server notices the closed connection
    # What the server managed to push before the client hung up: socket buffers, not a gigabyte.
    assert server.sent.get("/huge", 0) < 64 << 20, server.sent
    assert server.sent.get("/liar", 0) < 64 << 20, server.sent


def test_a_gzip_bomb_is_refused_at_the_decoded_size(server: Server) -> None:
    import resource

    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    started = time.monotonic()
    with pytest.raises(FetchError, match="over the 4194304-byte limit"):
        fetch(f"{server.base}/gzip-bomb", allow_private=True, timeout=10, max_bytes=4 << 20)
    assert time.monotonic() - started < 10
    grown_mb = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
    assert grown_mb < 256, f"peak memory grew by {grown_mb:.0f} MB"


@pytest.mark.parametrize("path", ["/stall", "/drip-body", "/drip-headers"])
def test_a_server_that_stalls_or_drips(server: Server, path: str) -> None:
    """The timeout bounds each wait, and twice the timeout bounds the whole transfer, headers
    included: a server sending one byte every 0.1 s never trips a per-read timeout."""
    started = time.monotonic()
    with pytest.raises(FetchError) as err:
        fetch(f"{server.base}{path}", allow_private=True, timeout=1.0)
    elapsed = time.monotonic() - started
    assert "timed out" in err.value.reason or "took over" in err.value.reason, err.value.reason
    assert elapsed < 5, f"{path}: {elapsed:.1f}s"


def test_crawler_retries_a_stalling_server_a_bounded_number_of_times(server: Server) -> None:
    started = time.monotonic()
    with Crawler(CrawlSettings(allow_private=True, delay=0, retries=2, backoff=0.05, timeout=0.5, robots=False)) as crawler, \
            pytest.raises(FetchError, match="after 3 tries"):
        crawler.get(f"{server.base}/drip-headers")
    assert time.monotonic() - started < 10


# -- robots.txt -------------------------------------------------------------------------------


def test_ingest_honours_robots_txt(server: Server, tmp_path: Path) -> None:
    local = f"http://localhost:{server.port}"
    urls = tmp_path / "urls.txt"
    urls.write_text("\n".join([
        *(f"{server.base}{p}" for p in ("/page/10", "/private/11", "/page/12", "/private/", "/Private/14")),
        # localhost's robots.txt disallows everything for *, but its group for onrecord only
        # /not-for-onrecord/: the most specific group is the one that applies (RFC 9309).
        *(f"{local}{p}" for p in ("/page/15", "/not-for-onrecord/16", "/private/17")),
    ]) + "\n")
    before = len(server.hits)
    with Corpus(tmp_path / "c.db") as corpus:
        summary = corpus.ingest([str(urls)], reader=READER, workers=1, allow_private=True, delay=0, retries=0, timeout=3)
        errors = {e.source: (e.stage, e.reason) for e in corpus.errors()}
    new = server.hits[before:]
    assert sorted(new) == sorted(["/robots.txt", "/robots.txt", "/page/10", "/page/12", "/Private/14",
                                  "/page/15", "/private/17"]), new
    assert summary.stored == 5  # paths are case-sensitive: /Private/14 is not /private/
    assert set(errors) == {f"{server.base}/private/11", f"{server.base}/private/", f"{local}/not-for-onrecord/16"}
    assert all(stage == "robots" and "robots.txt" in reason for stage, reason in errors.values())


def test_robots_txt_that_forbids_everything(server: Server, tmp_path: Path) -> None:
    for status, robots in ((200, b"User-agent: *\nDisallow: /\n"), (403, b"no"), (401, b"no")):
        server.robots, server.robots_status = robots, status
        try:
            before = len(server.hits)
            with Crawler(CrawlSettings(allow_private=True, delay=0, retries=0, timeout=3)) as crawler, \
                    pytest.raises(FetchError, match=r"robots\.txt") as err:
                crawler.get(f"{server.base}/page/20")
            assert err.value.stage == "robots"
            assert server.hits[before:] == ["/robots.txt"], server.hits[before:]
        finally:
            server.robots_status = 200
            server.robots = ROBOTS


def test_robots_txt_is_fetched_with_the_same_guards(server: Server, dns: dict[str, Callable[[], str]]) -> None:
    """A public site whose robots.txt redirects inward: that fetch is refused like any other
    (the site then counts as having no robots.txt), and the private address is never asked."""
    server.robots_location = f"http://127.0.0.1:{server.port}/robots.txt?inward"
    try:
        with Crawler(CrawlSettings(delay=0, retries=0, timeout=3)) as crawler:
            assert crawler.get("http://public.example/page/31").status == 200
    finally:
        server.robots_location = None
    assert not server.requested("/robots.txt?inward")
    assert server.requested("/page/31")
