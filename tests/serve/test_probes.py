"""Attack probes against the explorer: injection through every parameter, traversal, methods.

The routes come from the app's own route table and the parameters from its OpenAPI schema and
parameter declarations, so a route or parameter added later is probed without editing this file.
Every response must be free of 5xx, carry the security headers, and never echo a payload
unescaped into HTML; no method but GET/HEAD may reach a handler; no path may leave the static
folder; and the store's file must be byte-for-byte the same after everything.

Part of the requests go through a raw ASGI call rather than an HTTP client: clients normalise
``..`` and re-encode paths, which would hide exactly the requests a traversal probe must send.
``test_a_real_server_refuses_traversal`` sends them over a socket to uvicorn as well.
"""

from __future__ import annotations

import asyncio
import hashlib
import http.client
import json
import re
import threading
import time
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

import pytest
import schemathesis
from hypothesis import assume, given, settings
from schemathesis import GenerationMode
from starlette.routing import Mount, Route
from starlette.testclient import TestClient

from onrecord.serve import params as P
from onrecord.serve.openapi import build as build_schema
from onrecord.serve.safety import CONTENT_SECURITY_POLICY
from tests.fuzz.profiles import FUZZ, PROFILE

# -- payloads ---------------------------------------------------------------------------------------

XSS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg/onload=alert(1)>",
    "</title><script>alert(1)</script>",
    "</textarea><script>alert(1)</script>",
    '" autofocus onfocus="alert(1)',
    "' onmouseover='alert(1)",
    "<iframe srcdoc='<script>alert(1)</script>'>",
    "<a href=javascript:alert(1)>x</a>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<!--<script>-->",
    "\u003cscript\u003ealert(1)\u003c/script\u003e",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
]
# Strings that are harmless as text but dangerous if a link or template ever took them raw.
REFLECTED_AS_TEXT = ["javascript:alert(1)", "{{7*7777}}", "${7*7777}", "{% raw %}", "#{7*7777}", "<%= 7*7777 %>",
                     "data:text/html,<b>x"]
SQL = [
    "' OR '1'='1", "\" OR 1=1 --", "1; DROP TABLE statements; --", "1 UNION SELECT sqlite_version() --",
    "') OR ('1'='1", "'; ATTACH DATABASE '/tmp/pwn.db' AS pwn; --", "1' AND randomblob(100000000) --",
    # FTS5 query syntax: operators, columns, unbalanced quotes and brackets
    '"unterminated', "NEAR(", "*", "a AND", "AND OR NOT", "^", "text:x", "statements_fts MATCH 'x'",
    "(((((((((", "x OR", "-x", "\"a\" + \"b\"", "\\", "%", "_", "' --", "0x7fffffff",
]
TRAVERSAL = [
    "../../etc/passwd", "..%2f..%2fetc%2fpasswd", "%2e%2e/%2e%2e/etc/passwd", "....//....//etc/passwd",
    "/etc/passwd", "..\\..\\windows\\win.ini", "%252e%252e%252fetc%252fpasswd", "file:///etc/passwd",
]
NUMBERS = ["0", "-1", "1e309", "NaN", "99999999999999999999999999", "1.5", "0x10", " 7 ", "\u0667", "+1", "1_000"]
ODD = ["", " ", "\x00", "a\x00b", "\r\nSet-Cookie: pwned=1", "\u202eevil", "\ud83d", "x" * 501, "x" * 5000,
       "\ufeff", "%", "%%", "%zz", "a&b=c", "#frag", "\U0001f600" * 50]
PAYLOADS = XSS + REFLECTED_AS_TEXT + SQL + TRAVERSAL + NUMBERS + ODD
# Inputs that reach an open bug already reproduced in tests/fuzz/test_found_bugs.py, as
# name -> rule(parameter or route, value): left out here so that each bug fails in one place.
# Delete an entry once its bug is fixed. None is open (run-overflow, bare-500 and static-nul were
# fixed in 46804c4; their reproducers stay in tests/fuzz/test_found_bugs.py).
KNOWN_BUGS: dict[str, Callable[[str, str], bool]] = {}


def _known(name: str, value: str) -> bool:
    return any(rule(name, value) for rule in KNOWN_BUGS.values())


# What makes a payload dangerous when echoed into HTML as is.
HTML_SPECIAL = re.compile(r"[<>\"']")

SECURITY_HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
}

# -- the route table ---------------------------------------------------------------------------------


def _query_names() -> list[str]:
    """Every query parameter any route reads, from the declarations the app itself uses."""
    declared = [*P.SEARCH, *P.ERRORS, P.DOWNLOAD_FORMAT, P.PAGE, P.PER_PAGE]
    return sorted({p.name for p in declared})


def _routes(app: Any) -> list[Route]:
    return [r for r in app.routes if isinstance(r, Route)]


def _fill(route: Route, value: str) -> str:
    """The route's path with every path parameter set to ``value`` (already URL-encoded)."""
    return re.sub(r"\{[^}]+\}", lambda _: value, route.path)


def _real_ids(client: TestClient) -> dict[str, str]:
    hit = client.get("/api/v1/search", params={"per_page": 1}).json()["results"][0]
    speaker = client.get("/api/v1/speakers", params={"per_page": 1}).json()["results"][0]
    return {"speaker_id": str(speaker["id"]), "article_id": str(hit["article_id"])}


def _with_ids(route: Route, ids: dict[str, str]) -> str:
    return re.sub(r"\{(\w+)(:\w+)?\}", lambda m: ids[m.group(1)], route.path)


# -- checks on one response ---------------------------------------------------------------------------


def _problems(path: str, status: int, headers: dict[str, str], body: str, payload: str | None) -> list[str]:
    where = f"{path} -> {status}"
    out = []
    if status >= 500:
        out.append(f"{where}: server error")
    for name, value in SECURITY_HEADERS.items():
        if headers.get(name) != value:
            out.append(f"{where}: {name} is {headers.get(name)!r}")
    if "set-cookie" in headers:
        out.append(f"{where}: a Set-Cookie header")
    if any(c in v for v in headers.values() for c in "\r\n"):
        out.append(f"{where}: a header value holds CR/LF")
    if headers.get("content-type", "").startswith("text/html"):
        if payload and HTML_SPECIAL.search(payload) and payload in body:
            out.append(f"{where}: payload {payload!r} reflected unescaped")
        out += [f"{where}: {p}" for p in _active_markup(body)]
        if payload and "7*7777" in payload and "54439" in body:  # 7*7777
            out.append(f"{where}: a template expression was evaluated")
    elif headers.get("content-type", "").startswith("application/json") and status != 204:
        try:
            json.loads(body)
        except ValueError:
            out.append(f"{where}: the JSON body does not parse")
    return out


class _Markup(HTMLParser):
    """The elements and attributes a browser would build from the page: what could run."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "script" and attrs != [("src", "/static/explorer.js"), ("defer", None)]:
            self.found.append(f"a script element that is not the explorer's: {attrs}")
        if tag in ("iframe", "object", "embed", "base", "frame", "math", "form") and not (
                tag == "form" and dict(attrs).get("action", "/").startswith("/")):  # the search form
            self.found.append(f"a <{tag}> element")
        for name, value in attrs:
            if name.startswith("on"):
                self.found.append(f"an inline event handler {name}={value!r} on <{tag}>")
            if name == "style":
                self.found.append(f"an inline style on <{tag}>")
            url = re.sub(r"[\x00-\x20]", "", value or "").lower()  # browsers drop these
            if name in ("href", "src", "action", "formaction", "srcdoc", "xlink:href") and \
                    (url.startswith(("javascript:", "data:", "vbscript:")) or name == "srcdoc"):
                self.found.append(f"an active URL {name}={value!r} on <{tag}>")


def _active_markup(body: str) -> list[str]:
    parser = _Markup()
    parser.feed(body)
    parser.close()
    return parser.found


def _store_state(db: Path) -> tuple[str, list[str]]:
    siblings = sorted(p.name for p in db.parent.iterdir() if p.name.startswith(db.name))
    return hashlib.sha256(db.read_bytes()).hexdigest(), siblings


# -- raw ASGI ----------------------------------------------------------------------------------------


def asgi_get(app: Any, raw_path: str, query: bytes = b"", method: str = "GET",
             body: bytes = b"") -> tuple[int, dict[str, str], str]:
    """One request straight to the app, with ``raw_path`` sent as is (nothing normalised),
    ``path`` decoded from it the way uvicorn decodes it."""
    scope = {
        "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": method, "scheme": "http",
        "path": unquote(raw_path, errors="surrogateescape"), "raw_path": raw_path.encode("latin-1"),
        "query_string": query, "root_path": "", "headers": [(b"host", b"testserver")],
        "client": ("127.0.0.1", 50000), "server": ("testserver", 80), "state": {},
    }
    sent: list[dict[str, Any]] = []
    chunks = [{"type": "http.request", "body": body, "more_body": False}]

    async def receive() -> dict[str, Any]:
        return chunks.pop(0) if chunks else {"type": "http.disconnect"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    start = next(m for m in sent if m["type"] == "http.response.start")
    headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in start["headers"]}
    text = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return start["status"], headers, text.decode("utf-8", "replace")


# -- fixtures ---------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def app(explorer_db: Path) -> Iterator[Any]:
    from onrecord.serve import create_app

    application = create_app(explorer_db)
    with TestClient(application):  # runs the lifespan, so handles close at the end
        yield application


@pytest.fixture(scope="module")
def probe(app: Any) -> Iterator[TestClient]:
    with TestClient(app, raise_server_exceptions=False) as c:  # a 500 is a finding, not a crash
        yield c


@pytest.fixture(scope="module")
def untouched(explorer_db: Path) -> Iterator[None]:
    """The store as it was before the module ran; checked again when every probe has run."""
    before = _store_state(explorer_db)
    yield
    assert _store_state(explorer_db) == before, "a probe changed the store's files"


# -- injection through query parameters ---------------------------------------------------------------


def test_every_route_is_probed(app: Any) -> None:
    # The probes below cover what the table holds; if someone adds a Mount or a WebSocket route,
    # this says so instead of silently skipping it.
    kinds = {type(r).__name__ for r in app.routes}
    assert kinds <= {"Route", "Mount"}, kinds
    assert [r.path for r in app.routes if isinstance(r, Mount)] == ["/static"]
    schema_paths = set(app.state.explorer.schema["paths"])
    api = {re.sub(r":\w+\}", "}", r.path) for r in _routes(app) if r.path.startswith("/api/")}
    assert api == schema_paths
    documented = {p["name"] for op in app.state.explorer.schema["paths"].values()
                  for p in op["get"]["parameters"] if p["in"] == "query"}
    assert documented <= set(_query_names())


@pytest.mark.parametrize("path", [
    "/", "/search", "/speakers", "/speakers/{speaker_id}", "/articles/{article_id}", "/runs", "/errors",
    "/api/v1/home", "/api/v1/search", "/api/v1/search/download", "/api/v1/speakers",
    "/api/v1/speakers/{speaker_id}", "/api/v1/articles/{article_id}", "/api/v1/runs", "/api/v1/errors",
    "/openapi.json",
])
def test_payloads_in_every_query_parameter(app: Any, probe: TestClient, untouched: None, path: str) -> None:
    routes = {re.sub(r":\w+\}", "}", r.path): r for r in _routes(app)}
    assert path in routes, f"{path} is no longer a route: update the list"
    url = _with_ids(routes[path], _real_ids(probe))
    problems: list[str] = []
    for name in _query_names():
        for payload in PAYLOADS:
            if _known(name, payload):
                continue
            # Encoded as a browser would; lone surrogates cannot be, so they go as their UTF-8 bytes.
            query = f"{name}={quote(payload.encode('utf-8', 'surrogatepass'), safe='')}"
            r = probe.get(f"{url}?{query}")
            problems += _problems(f"{url}?{name}={payload[:30]!r}", r.status_code, dict(r.headers), r.text, payload)
        # The same name twice, and one without a value.
        for query in (f"{name}=1&{name}=%3Cscript%3E", name, f"{name}[]=1", f"{name}=a&{name}="):
            r = probe.get(f"{url}?{query}")
            problems += _problems(f"{url}?{query}", r.status_code, dict(r.headers), r.text, None)
    assert not problems, "\n".join(problems[:30])


def test_raw_query_strings_that_no_browser_sends(app: Any, untouched: None) -> None:
    # Bytes a client library would refuse or re-encode: invalid percent-escapes, raw non-ASCII,
    # control characters, NUL and a huge query.
    problems: list[str] = []
    for route in _routes(app):
        path = _with_ids(route, {"speaker_id": "1", "article_id": "1"})
        for query in (b"q=%", b"q=%zz%", b"q=\xff\xfe", b"q=%ff%fe", b"q=\x00\x01", b"q=a\r\nb", b"&&&=&=",
                      b"q=" + b"%3C" * 4000, b"page=1&" * 2000, b"q=%ED%A0%80", b"since=2024-02-30",
                      b"until=9999-99-99", b"per_page=100&page=500"):
            status, headers, body = asgi_get(app, path, query)
            problems += _problems(f"{path}?{query[:40]!r}", status, headers, body, None)
    assert not problems, "\n".join(problems[:30])


# -- injection through path parameters -----------------------------------------------------------------


def test_payloads_in_every_path_parameter(app: Any, untouched: None) -> None:
    problems: list[str] = []
    for route in _routes(app):
        if not route.param_convertors:
            continue
        for payload in [*PAYLOADS, "1/../../1", "1%2f..%2f1", "1;DROP TABLE articles", "1 OR 1=1", "1.0", "01"]:
            if _known(route.path, payload):
                continue
            raw = _fill(route, quote(payload.encode("utf-8", "surrogatepass"), safe=""))
            status, headers, body = asgi_get(app, raw)
            problems += _problems(raw, status, headers, body, payload)
            if status == 200 and not payload.strip().isdigit():
                problems.append(f"{raw}: a non-number id was served")
            # And unencoded, as a hand-typed URL arrives.
            if payload.isascii() and "?" not in payload and "#" not in payload:
                raw = _fill(route, payload)
                status, headers, body = asgi_get(app, raw)
                problems += _problems(repr(raw), status, headers, body, payload)
    assert not problems, "\n".join(problems[:30])


# -- static files --------------------------------------------------------------------------------------

STATIC_TRAVERSAL = [
    "/static/../../etc/passwd", "/static/../../../../../../etc/passwd", "/static/..%2f..%2f..%2fetc%2fpasswd",
    "/static/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/static/%2e%2e%2f%2e%2e%2fetc%2fpasswd",
    "/static/..%252f..%252fetc%252fpasswd", "/static/....//....//etc/passwd", "/static//etc/passwd",
    "/static/%2fetc%2fpasswd", "/static/..\\..\\..\\etc\\passwd", "/static/..%5c..%5cetc%5cpasswd",
    "/static/%c0%ae%c0%ae/%c0%ae%c0%ae/etc/passwd", "/static/..%c0%af..%c0%afetc%c0%afpasswd",
    "/static/../app.py", "/static/../templates/base.html", "/static/../__init__.py", "/static/%2e%2e/safety.py",
    "/static/explorer.js%00.html", "/static/explorer.js/../../app.py", "/static/./../app.py",
    "/static/", "/static", "/static/.", "/static/..", "/static/~", "/static/%00", "/static/\x00",
    "/static/explorer.js::$DATA", "/static/EXPLORER.JS", "/static/explorer.js/", "/static/.htaccess",
]
_SECRET_MARKS = ("root:", "def create_app", "{% block", "SafetyMiddleware", "import ")


def _static_file(raw: str) -> str | None:
    """The text of the static file ``raw`` names (a trailing slash allowed), if it names one."""
    from importlib import resources

    name = raw.removeprefix("/static/").rstrip("/")
    folder = resources.files("onrecord.serve") / "static"
    return (folder / name).read_text() if name in {p.name for p in folder.iterdir()} else None


@pytest.mark.parametrize("raw", [r for r in STATIC_TRAVERSAL if not _known("static", r)])
def test_static_traversal_is_refused(app: Any, raw: str) -> None:
    for method in ("GET", "HEAD"):
        status, headers, body = asgi_get(app, raw, method=method)
        if status == 200:  # only ever one of the explorer's own files
            assert _static_file(raw) == body or (method == "HEAD" and not body), (raw, body[:200])
        else:
            assert status in (301, 302, 307, 308, 400, 403, 404, 405), (raw, status)
        assert not any(mark in body for mark in _SECRET_MARKS), (raw, body[:200])
        assert not _problems(raw, status, headers, body, None), _problems(raw, status, headers, body, None)


def test_static_serves_only_its_own_files(app: Any) -> None:
    for name in ("explorer.js", "explorer.css", "favicon.svg"):
        status, headers, body = asgi_get(app, f"/static/{name}")
        assert status == 200 and body
        assert headers["x-content-type-options"] == "nosniff"


def test_a_real_server_refuses_traversal(explorer_db: Path) -> None:
    """The same probes over a socket to uvicorn, which decodes the path itself."""
    import socket

    import uvicorn

    from onrecord.serve import create_app

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(explorer_db), host="127.0.0.1", port=port, log_level="error"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + 20
        while not server.started:
            assert time.monotonic() < deadline and thread.is_alive(), "uvicorn did not start"
            time.sleep(0.05)
        for raw in [*STATIC_TRAVERSAL, "/speakers/..%2f..%2fetc%2fpasswd", "/api/v1/articles/1%00"]:
            if "\x00" in raw or _known("static", raw):
                continue  # a NUL cannot be sent on a request line at all
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            try:
                conn.putrequest("GET", raw, skip_accept_encoding=True)
                conn.endheaders()
                r = conn.getresponse()
                body = r.read().decode("utf-8", "replace")
            finally:
                conn.close()
            assert r.status < 500, (raw, r.status)
            assert r.status != 200 or _static_file(raw) == body, (raw, body[:200])
            assert not any(mark in body for mark in _SECRET_MARKS), (raw, body[:200])
            assert r.getheader("content-security-policy") == CONTENT_SECURITY_POLICY, raw
    finally:
        server.should_exit = True
        thread.join(timeout=10)


# -- read-only ------------------------------------------------------------------------------------------

WRITE_METHODS = ["POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT", "PROPFIND", "MKCOL", "FOO"]


def test_every_route_is_read_only(app: Any, probe: TestClient, explorer_db: Path) -> None:
    before = _store_state(explorer_db)
    ids = _real_ids(probe)
    paths = [_with_ids(r, ids) for r in _routes(app)] + ["/static/explorer.js", "/nowhere"]
    problems: list[str] = []
    for path in paths:
        for method in WRITE_METHODS:
            for body in (b"", b"q=' OR 1=1; DELETE FROM articles; --", json.dumps({"title": XSS[0]}).encode()):
                status, headers, text = asgi_get(app, path, b"id=1", method=method, body=body)
                if status != 405 or headers.get("allow") != "GET, HEAD":
                    problems.append(f"{method} {path}: {status}, allow={headers.get('allow')!r}")
                problems += _problems(f"{method} {path}", status, headers, text, None)
        # A method override header on a GET is just a GET: it must not act as the named method.
        r = probe.get(path, headers={"X-HTTP-Method-Override": "DELETE", "X-Method-Override": "PUT"})
        problems += _problems(f"GET+override {path}", r.status_code, dict(r.headers), r.text, None)
        head = probe.head(path)
        if head.status_code != probe.get(path).status_code or head.content:
            problems.append(f"HEAD {path}: {head.status_code} with {len(head.content)} bytes")
    assert not problems, "\n".join(problems[:30])
    assert _store_state(explorer_db) == before, "a request changed the store's files"


def test_the_handles_cannot_write(app: Any) -> None:
    corpus = app.state.explorer.handles.get()
    for sql in ("DELETE FROM articles", "DROP TABLE articles", "CREATE TABLE pwn(x)", "PRAGMA user_version = 99",
                "ATTACH DATABASE ':memory:' AS pwn"):
        try:
            corpus.conn.execute(sql)
        except Exception as exc:  # any refusal will do: sqlite3 raises different classes
            assert "readonly" in str(exc).lower().replace("-", "") or "attach" in sql.lower(), (sql, exc)
        else:
            assert sql.startswith("ATTACH"), f"{sql} succeeded on a read-only handle"


# -- schemathesis against /openapi.json -----------------------------------------------------------------

# Examples per API operation: bounded, so the suite stays fast; the "long" profile raises it.
SCHEMA_EXAMPLES = {"ci": 25, "dev": 100, "long": 500}[PROFILE]


@pytest.fixture(scope="module")
def api_schema(app: Any) -> Any:
    return schemathesis.openapi.from_asgi("/openapi.json", app)


# One test per operation, read from the schema itself. (schemathesis' own pytest integration,
# ``from_fixture``, does not run under pytest 9, so its strategies are driven by @given here.)
OPERATIONS = sorted(build_schema()["paths"])


@pytest.mark.parametrize("path", OPERATIONS)
def test_schemathesis_valid_input_gets_documented_answers(api_schema: Any, untouched: None, path: str) -> None:
    """Input the schema allows: a documented status, a body that matches its schema, no 5xx."""
    operation = api_schema[path]["GET"]

    @settings(FUZZ, max_examples=SCHEMA_EXAMPLES)
    @given(operation.as_strategy(generation_mode=GenerationMode.POSITIVE))
    def prop(case: Any) -> None:
        assume(not any(_known(k, str(v)) for k, v in (case.query or {}).items()))
        response = case.call()
        _assert_safe(case, response)
        # Schema-valid text can still be refused with the documented 400: FTS syntax errors,
        # NUL characters. Everything else schemathesis checks (status documented, content type,
        # body against the response schema, headers) stays on.
        case.validate_response(response, excluded_checks=[schemathesis.checks.positive_data_acceptance])

    prop()


@pytest.mark.parametrize("path", OPERATIONS)
def test_schemathesis_invalid_input_is_refused_cleanly(api_schema: Any, untouched: None, path: str) -> None:
    """Input the schema forbids: never a 5xx, always the headers. (Whether it is refused is
    not asserted: some parameters are lenient on purpose, such as ``duplicates``, which reads
    anything but 1/true/yes/on as false.)"""
    operation = api_schema[path]["GET"]
    if not build_schema()["paths"][path]["get"]["parameters"]:
        pytest.skip("no parameters: nothing can be invalid")

    @settings(FUZZ, max_examples=SCHEMA_EXAMPLES)
    @given(operation.as_strategy(generation_mode=GenerationMode.NEGATIVE))
    def prop(case: Any) -> None:
        assume(not any(_known(k, str(v)) for k, v in (case.query or {}).items()))
        response = case.call()
        _assert_safe(case, response)
        assert response.status_code in (200, 400, 404), response.status_code

    prop()


def _assert_safe(case: Any, response: Any) -> None:
    headers = {k.lower(): (v[0] if isinstance(v, list) else v) for k, v in response.headers.items()}
    problems = _problems(f"{case.method} {case.formatted_path} {case.query}", response.status_code, headers,
                         response.text, None)
    assert not problems, "\n".join(problems)
