"""A small HTTP server on 127.0.0.1 for the fetching tests: pages, feeds, robots.txt, traps."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from tests.corpus.scripted import article, filler


def send(handler: BaseHTTPRequestHandler, status: int, body: bytes, ctype: str = "text/html",
         extra: dict[str, str] | None = None) -> None:
    """One whole response with its length: what every test server here answers with."""
    handler.send_response(status)
    handler.send_header("Content-Type", ctype)
    handler.send_header("Content-Length", str(len(body)))
    for k, v in (extra or {}).items():
        handler.send_header(k, v)
    handler.end_headers()
    handler.wfile.write(body)


class Site:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.active = 0
        self.max_active = 0
        self.hits: list[tuple[float, str]] = []
        self.flaky_left = 2
        self.page_delay = 0.0
        server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        server.daemon_threads = True
        self.server = server
        self.base = f"http://127.0.0.1:{server.server_address[1]}"
        self.thread = threading.Thread(target=server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def page(self, i: int) -> bytes:
        people = [{"id": "s", "name": "Nadia Ferro", "type": "person"}]
        a = article(filler(500 + i), [("s", f"Fetched quote {i}")], people=people, url=f"{self.base}/page/{i}")
        return json.dumps({"article": a.to_dict()}).encode()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.0"

            def log_message(self, *args: Any) -> None:
                pass

            def _send(self, status: int, body: bytes, ctype: str = "text/html", extra: dict[str, str] | None = None) -> None:
                send(self, status, body, ctype, extra)

            def do_GET(self) -> None:
                path = self.path
                with site.lock:
                    site.hits.append((time.monotonic(), path))
                    site.active += 1
                    site.max_active = max(site.max_active, site.active)
                try:
                    self._route(path)
                except (BrokenPipeError, ConnectionResetError):
                    pass
                finally:
                    with site.lock:
                        site.active -= 1

            def _route(self, path: str) -> None:
                b = site.base
                if path == "/robots.txt":
                    self._send(200, b"User-agent: *\nDisallow: /private/\n", "text/plain")
                elif path.startswith("/page/"):
                    time.sleep(site.page_delay)
                    self._send(200, site.page(int(path.rsplit("/", 1)[1])))
                elif path.startswith("/private/"):
                    self._send(200, site.page(99))
                elif path == "/flaky":
                    with site.lock:
                        site.flaky_left -= 1
                        fail = site.flaky_left >= 0
                    if fail:
                        self._send(503, b"busy", extra={"Retry-After": "0"})
                    else:
                        self._send(200, site.page(50))
                elif path == "/slow":
                    time.sleep(3)
                    self._send(200, site.page(51))
                elif path in ("/loop", "/loop2"):
                    self.send_response(302)
                    self.send_header("Location", "/loop2" if path == "/loop" else "/loop")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                elif path == "/huge":
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html")
                    self.end_headers()
                    chunk = b"<p>" + b"x" * 65536 + b"</p>"
                    for _ in range(20000):  # ~1.3 GB if nobody stops reading
                        self.wfile.write(chunk)
                elif path == "/to-private":
                    self.send_response(301)
                    self.send_header("Location", "http://169.254.169.254/latest/meta-data/")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                elif path == "/feed.xml":
                    items = "".join(f"<item><link>{b}/page/{i}</link></item>" for i in (1, 2, 3))
                    items += f"<item><link>{b}/private/secret</link></item>"
                    self._send(200, f'<?xml version="1.0"?><rss><channel>{items}</channel></rss>'.encode(), "application/rss+xml")
                elif path == "/sitemap-index.xml":
                    body = (f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
                            f"<sitemap><loc>{b}/sitemap.xml</loc></sitemap>"
                            f"<sitemap><loc>{b}/sitemap-index.xml</loc></sitemap></sitemapindex>")
                    self._send(200, body.encode(), "application/xml")
                elif path == "/sitemap.xml":
                    locs = "".join(f"<url><loc>{b}/page/{i}</loc></url>" for i in (3, 4, 5))
                    locs += f"<url><loc>{b}/sitemap-index.xml</loc></url>"
                    self._send(200, f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{locs}</urlset>'.encode(), "application/xml")
                elif path == "/report.pdf":
                    self._send(200, b"%PDF-1.4 ...", "application/pdf")
                elif path == "/broken-feed.xml":
                    self._send(200, b'<?xml version="1.0"?><rss><channel><item><link>oops', "application/xml")
                else:
                    self._send(404, b"not here")

        return Handler
