"""The explorer in a real browser: Playwright driving Debian's Chromium (/usr/bin/chromium).

The server runs on 127.0.0.1 on a free port in a background thread. The tests search, go to a
speaker, open an article, click a highlight and read its details, and save a screenshot under
test-artifacts/. Every XSS probe stored in the corpus would set ``window.__xss`` or open a
dialog if it ran; neither may happen, and no Content-Security-Policy violation may be reported
either (the probes must be inert through escaping alone, not merely blocked).

`make test` and .ci/run install Chromium with apt-get when it is missing; on a machine without
it these tests are skipped, except under CI, where a missing browser is a failure.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.serve.corpus import SCRIPT

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"

if not Path(CHROMIUM).exists() or shutil.which("chromium") is None:
    if os.environ.get("CI"):
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs it with apt-get", pytrace=False)
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright comes with the test extra")
uvicorn = pytest.importorskip("uvicorn", reason="uvicorn comes with the serve extra")

# Collects what must never happen: dialogs opened by a probe, CSP violations, page errors.
WATCH = """
window.__violations = [];
document.addEventListener('securitypolicyviolation', e => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
"""


@pytest.fixture(scope="module")
def base_url(explorer_db: Path) -> Iterator[str]:
    from onrecord.serve import create_app
    from onrecord.serve.commands import allowed_hosts

    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))  # a free port, held until the server takes the socket
    port = sock.getsockname()[1]
    app = create_app(explorer_db, allowed_hosts=allowed_hosts("127.0.0.1", []))
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the explorer did not start"
        time.sleep(0.02)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(10)
    sock.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(10_000)
    pg.add_init_script(WATCH)
    pg.dialogs = []  # type: ignore[attr-defined]
    pg.errors = []  # type: ignore[attr-defined]

    def on_dialog(dialog: Any) -> None:
        pg.dialogs.append(dialog.message)  # type: ignore[attr-defined]
        dialog.dismiss()

    pg.on("dialog", on_dialog)
    pg.on("pageerror", lambda exc: pg.errors.append(str(exc)))  # type: ignore[attr-defined]
    yield pg
    context.close()


def assert_inert(pg: Any) -> None:
    assert pg.evaluate("typeof window.__xss") == "undefined", pg.url
    assert pg.dialogs == [], pg.url
    assert pg.evaluate("window.__violations") == [], pg.url
    assert pg.errors == [], pg.url


def test_search_speaker_article_and_highlight_details(page: Any, base_url: str) -> None:
    page.goto(base_url + "/")
    assert page.locator("ol.top-speakers li").first.inner_text().startswith("Ana Ruiz")

    # Search from the header box, then narrow it with the full form.
    page.fill("header input[name=q]", "pier")
    page.press("header input[name=q]", "Enter")
    page.wait_for_url(re.compile(r"/search\?q=pier"))
    assert page.locator("table.statements tbody tr").count() == 6
    page.select_option("select[name=kind]", "direct")
    page.fill("input[name=since]", "2024-04-10")
    page.click("form.search button[type=submit]")
    page.wait_for_url(re.compile(r"since=2024-04-10"))
    assert "until=" not in page.url  # empty fields stay out of the query string
    assert page.locator("table.statements tbody tr").count() == 4

    # The speaker: role, aliases, the weekly chart, who they appear with.
    page.click("table.statements tbody tr >> nth=0 >> a.speaker")
    page.wait_for_url(re.compile(r"/speakers/\d+$"))
    assert page.inner_text("h1") == "Ana Ruiz"
    assert "Mayor" in page.inner_text("p.meta")
    assert page.locator("svg.weekly rect.bar").count() == 6
    assert "Tom Okafor" in page.inner_text("ul.co-speakers")
    assert_inert(page)

    # An article: highlights coloured by speaker; a click shows speaker, cue and venue.
    page.click("a.article-link:has-text('Budget is safe')")
    page.wait_for_url(re.compile(r"/articles/\d+$"))
    marks = page.locator("mark.st")
    assert marks.count() == 4
    assert page.locator("h1.headline mark.st").count() == 1
    assert page.is_hidden("#card-0") and page.is_visible("#details-hint")
    page.click("mark.st[data-st='0'] >> nth=1")
    assert page.is_visible("#card-0") and page.is_hidden("#card-1") and page.is_hidden("#details-hint")
    card = page.inner_text("#card-0")
    assert "Ana Ruiz" in card and "said" in card and "an interview with Radio Coast" in card
    assert page.locator("mark.st.active").count() == 2  # both spans of the broken quote
    assert page.get_attribute("mark.st[data-st='0'] >> nth=0", "class") != page.get_attribute("mark.st[data-st='1']", "class")
    # Keyboard: a highlight is focusable and Enter selects it.
    page.focus("mark.st[data-st='1']")
    page.keyboard.press("Enter")
    assert page.is_visible("#card-1") and "Port Authority" in page.inner_text("#card-1")
    assert "Ana Ruiz" in page.inner_text("section.people") and "Port Authority" in page.inner_text("section.people")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "explorer-article.png"), full_page=True)
    assert (ARTIFACTS / "explorer-article.png").stat().st_size > 10_000
    assert_inert(page)


def test_xss_probes_never_run(page: Any, base_url: str) -> None:
    import json
    import urllib.request

    with urllib.request.urlopen(base_url + "/api/v1/search?q=nothing+to+see") as r:
        hit = json.load(r)["results"][0]
    hostile, evil = hit["article_id"], hit["person_id"]
    for path in ("/", "/search?q=harbour", f"/search?speaker={SCRIPT}&q={SCRIPT}", f"/speakers/{evil}",
                 f"/articles/{hostile}", "/errors", "/runs", "/speakers"):
        page.goto(base_url + path)
        page.wait_for_load_state("load")
        assert page.locator("a[href^='javascript:' i]").count() == 0, path
        assert page.locator("img, iframe, object, embed").count() == 0, path
        assert_inert(page)
    # On the hostile article, the probes are visible as text; hover and click every highlight.
    page.goto(f"{base_url}/articles/{hostile}")
    assert "<script>window.__xss=1" in page.inner_text("h1.headline")
    assert "onerror=" in page.inner_text("#body")
    for i in range(page.locator("mark.st").count()):
        page.locator("mark.st").nth(i).hover()
        page.locator("mark.st").nth(i).click()
    assert "<script>" in page.inner_text("#card-0")  # the hostile cue lemma, shown as text
    page.hover("h1.headline")
    page.screenshot(path=str(ARTIFACTS / "explorer-hostile.png"), full_page=True)
    assert_inert(page)


def test_inline_script_is_refused_by_the_policy(page: Any, base_url: str) -> None:
    """Belt and braces: were a script ever injected, the CSP header would stop it."""
    page.goto(base_url + "/")
    page.evaluate("""() => { const s = document.createElement('script');
                     s.textContent = 'window.__xss = 1'; document.body.appendChild(s); }""")
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert any("script-src" in v for v in page.evaluate("window.__violations"))
