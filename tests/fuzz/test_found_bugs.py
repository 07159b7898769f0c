"""Minimal reproducers of bugs the fuzzers and probes found; all fixed, kept as regression tests.

Each test is the smallest input that showed one bug and failed until it was fixed. A new
finding goes here the same way (a failing test named after its id in RELIABILITY.md), with an
entry in ``KNOWN_BUGS`` of tests/serve/test_probes.py while it is open, so that the probes do
not fail twice on the same bug.

Found by tests/fuzz/test_read_properties.py (hypothesis, ``dev`` profile), fixed in dcf9397:
- spans-order: the parser path gave a statement whose spans overlapped and ran past its end.

Found by tests/serve/test_probes.py (hand-rolled probes and schemathesis), fixed in 46804c4:
- run-overflow: /errors?run=9223372036854775808 was a 500 (sqlite3 OverflowError), page and API;
- bare-500: a 500 response carried none of the security headers (the error response was built
  by Starlette's ServerErrorMiddleware, outside SafetyMiddleware);
- static-nul: /static/x%00 was a 500 (ValueError: embedded null byte, from os.stat).
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("starlette", reason="the explorer needs the serve extra")

from starlette.responses import Response
from starlette.routing import Route
from starlette.testclient import TestClient

from onrecord.serve.safety import CONTENT_SECURITY_POLICY
from tests.serve.corpus import build


@pytest.fixture(scope="module")
def explorer_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(tmp_path_factory.mktemp("found-bugs"))


@pytest.fixture(scope="module")
def client(explorer_db: Path) -> Iterator[TestClient]:
    from onrecord.serve import create_app

    with TestClient(create_app(explorer_db), raise_server_exceptions=False) as c:
        yield c


@pytest.mark.parametrize("path", ["/errors", "/api/v1/errors"])
def test_run_overflow_a_run_id_past_sqlite_integers_is_a_400(client: TestClient, path: str) -> None:
    # `run` is declared with a minimum and no maximum; 2**63 reaches sqlite3, which raises
    # OverflowError, which nothing catches. Expected: the 400 every other bad parameter gets.
    r = client.get(path, params={"run": str(2**63)})
    assert r.status_code == 400, r.status_code


def test_bare_500_a_server_error_still_carries_the_security_headers(explorer_db: Path) -> None:
    # Any unhandled exception will do; a route that raises stands for every future bug.
    from onrecord.serve import create_app

    def boom(request: Any) -> Response:
        raise RuntimeError("a bug in a handler")

    app = create_app(explorer_db)
    app.router.routes.append(Route("/boom", boom))
    with TestClient(app, raise_server_exceptions=False) as c:
        r = c.get("/boom")
    assert r.status_code == 500
    assert r.headers.get("content-security-policy") == CONTENT_SECURITY_POLICY
    assert r.headers.get("x-content-type-options") == "nosniff"
    assert r.headers.get("x-frame-options") == "DENY"


@pytest.mark.parametrize("raw", [b"/static/%00", b"/static/explorer.js%00.html"])
def test_static_nul_a_nul_in_a_static_path_is_a_404(client: TestClient, raw: bytes) -> None:
    # What uvicorn hands the app for GET /static/%00: the path percent-decoded, NUL included.
    app = client.app
    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
             "scheme": "http", "path": raw.decode().replace("%00", "\x00"), "raw_path": raw,
             "query_string": b"", "root_path": "", "headers": [(b"host", b"testserver")],
             "client": ("127.0.0.1", 1), "server": ("testserver", 80)}
    statuses: list[int] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message: dict[str, Any]) -> None:
        if message["type"] == "http.response.start":
            statuses.append(message["status"])

    try:
        asyncio.run(app(scope, receive, send))  # type: ignore[arg-type]
    except ValueError as exc:  # the bug: os.stat's "embedded null byte" escapes as a 500
        pytest.fail(f"{raw!r}: {exc!r}")
    assert statuses and statuses[0] in (400, 404), statuses


def test_spans_order_a_statements_pieces_are_in_order_and_inside_it() -> None:
    # Shrunk from a generated page: a stray mark, a blank line, then ':' in single quotes and a
    # closing curly quote before the cue. The parser path answers kind=direct, start=3, end=5,
    # spans [(3, 6), (4, 5)]: the first span runs past the statement's end and the second lies
    # inside the first. (The rules path gives no statement.)
    import onrecord

    text = "\"\n\n':'\u201d said"
    for st in onrecord.attribute(text, fast=False):
        pieces = [(s.start, s.end) for s in st.spans] or [(st.start, st.end)]
        assert pieces[0][0] == st.start and pieces[-1][1] == st.end, (st.start, st.end, pieces)
        assert all(a[1] <= b[0] for a, b in zip(pieces, pieces[1:])), pieces
