"""`onrecord read URL`: fetched with the honest User-Agent, decoded by the page's own charset,
loopback refused unless --allow-private, and a redirect loop one error line among good ones."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from onrecord.cli import main
from onrecord.sources.fetch import USER_AGENT

PAGE = """<!DOCTYPE html><html><head><meta charset="windows-1252"><title>Ferry Fares Frozen | Coast Post</title></head>
<body><article><h1>Ferry Fares Frozen</h1>
<p>The island ferry will keep its winter fares until March, the operator said on Friday, after weeks of complaints from commuters.</p>
<p>\u201cNobody on the crossing should pay more this winter,\u201d said Marta Lindqvist, the operator\u2019s director, at the harbour office.</p>
<p>Commuter groups welcomed the decision but said the caf\u00e9 on board still closes too early for the late crossing.</p>
</article></body></html>""".encode("cp1252")


@pytest.fixture()
def server() -> Iterator[tuple[str, list[str]]]:
    agents: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            agents.append(self.headers.get("User-Agent", ""))
            if self.path == "/story":
                self.send_response(200)
                self.send_header("Content-Type", "text/html")  # no charset: the meta says it
                self.send_header("Content-Length", str(len(PAGE)))
                self.end_headers()
                self.wfile.write(PAGE)
            else:  # /a and /b send each other round for ever
                self.send_response(302)
                self.send_header("Location", "/b" if self.path == "/a" else "/a")
                self.send_header("Content-Length", "0")
                self.end_headers()

        def log_message(self, *args: object) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", agents
    finally:
        httpd.shutdown()
        httpd.server_close()


def _lines(capsys: pytest.CaptureFixture[str]) -> list[dict]:
    return [json.loads(line) for line in capsys.readouterr().out.splitlines() if line.strip()]


def test_a_url_is_read_with_its_statements(server: tuple[str, list[str]], capsys: pytest.CaptureFixture[str]) -> None:
    base, agents = server
    status = main(["read", "--allow-private", "--format", "jsonl", f"{base}/story"])
    [article] = _lines(capsys)
    assert status == 0
    assert article["title"] == "Ferry Fares Frozen"
    assert "café on board" in article["text"]  # cp1252, declared only in the page
    assert any(s["speaker"] and s["speaker"]["name"] == "Marta Lindqvist" for s in article["statements"])
    assert agents == [USER_AGENT]


def test_loopback_is_refused_without_the_flag_and_a_redirect_loop_is_one_error(
    server: tuple[str, list[str]], capsys: pytest.CaptureFixture[str]
) -> None:
    base, agents = server
    status = main(["read", "--format", "jsonl", f"{base}/story"])
    [refused] = _lines(capsys)
    assert status == 1 and "error" in refused and agents == []

    status = main(["read", "--allow-private", "--format", "jsonl", f"{base}/a", f"{base}/story"])
    looped, story = _lines(capsys)
    assert status == 1
    assert "redirect" in json.dumps(looped).lower()
    assert story["title"] == "Ferry Fares Frozen"
