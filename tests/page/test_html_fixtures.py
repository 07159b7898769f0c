"""Invented news pages in the styles of the big CMSs, read as HTML and compared field by field
with what a careful human reader takes from each page (``X.expected.json`` beside ``X.html``).

Each check is its own test so that a failing field shows up on its own line; nothing here is
marked xfail. ``test_expectation_is_on_the_page`` checks the fixtures themselves, without
onrecord: every string an expectation names must really be on its page.
"""

from __future__ import annotations

import json
import re
from functools import cache
from typing import Any

import lxml.html
import pytest

import onrecord
from tests.conftest import FIXTURES

HTML_DIR = FIXTURES / "html"
NAMES = sorted(p.stem for p in HTML_DIR.glob("*.html"))


def norm(text: str | None) -> str:
    """Whitespace-normalised text (no-break and thin spaces count as spaces)."""
    return " ".join((text or "").split())


def bare_credit(text: str | None) -> str:
    """A credit without the parentheses some outlets wrap it in: "(X Photo/Y)" is "X Photo/Y"."""
    text = norm(text)
    while len(text) > 1 and text[0] in "([" and text[-1] in ")]":
        text = text[1:-1].strip()
    return text


@cache
def expected(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((HTML_DIR / f"{name}.expected.json").read_text("utf-8"))
    return data


@cache
def article(name: str) -> onrecord.Article:
    raw = (HTML_DIR / f"{name}.html").read_bytes()
    return onrecord.read(raw, url=expected(name)["url"], kind="html", statements=False)


def having(key: str) -> list[str]:
    return [n for n in NAMES if key in expected(n) and expected(n)[key] is not None]


def items(key: str) -> list[Any]:
    return [
        pytest.param(n, frag, id=f"{n}-{i}")
        for n in NAMES
        for i, frag in enumerate(expected(n).get(key, []))
    ]


def body(name: str) -> str:
    return norm(article(name).text)


def test_there_are_fixtures() -> None:
    assert len(NAMES) >= 14, f"expected at least 14 HTML fixtures in {HTML_DIR}, found {NAMES}"
    for name in NAMES:
        assert (HTML_DIR / f"{name}.expected.json").exists(), f"{name}.html has no expectation file"


@pytest.mark.parametrize("name", having("title"))
def test_title(name: str) -> None:
    want = expected(name)["title"]
    got = article(name).title
    assert norm(got) == norm(want), f"{name}: title {got!r}, a reader sees {want!r}"


@pytest.mark.parametrize("name", having("authors"))
def test_authors(name: str) -> None:
    want = [norm(a) for a in expected(name)["authors"]]
    got = [norm(a) for a in article(name).authors]
    assert got == want, f"{name}: authors {got!r}, the byline names {want!r}"


@pytest.mark.parametrize("name", having("published"))
def test_published(name: str) -> None:
    want = expected(name)["published"]
    got = article(name).published
    assert got is not None, f"{name}: no published date found; the page says {want}"
    assert got[:10] == want, f"{name}: published {got!r}, the page says {want}"


@pytest.mark.parametrize("name", having("language"))
def test_language(name: str) -> None:
    want = expected(name)["language"].lower()
    got = article(name).language
    assert got is not None, f"{name}: no language found; the page is in {want!r}"
    primary = re.split(r"[-_]", got.lower())[0]
    assert primary == want, f"{name}: language {got!r}, the page is in {want!r}"


@pytest.mark.parametrize("name", having("site_name"))
def test_site_name(name: str) -> None:
    want = expected(name)["site_name"]
    got = article(name).site_name
    assert norm(got) == norm(want), f"{name}: site_name {got!r}, the page states {want!r}"


@pytest.mark.parametrize("name", [n for n in NAMES if "stated_reading_time_minutes" in expected(n)])
def test_stated_reading_time(name: str) -> None:
    want = expected(name)["stated_reading_time_minutes"]
    got = article(name).stated_reading_time_minutes
    if want is None:
        assert got is None, f"{name}: stated reading time {got!r}, but the page has no reading-time badge"
    else:
        assert got == want, f"{name}: stated reading time {got!r}, the badge says {want} min"


@pytest.mark.parametrize("name", having("lead_image"))
def test_lead_image_credit(name: str) -> None:
    want = expected(name)["lead_image"].get("credit")
    image = article(name).lead_image
    assert image is not None, f"{name}: no lead image found; the page has one credited {want!r}"
    if want is None:
        assert not image.credit, f"{name}: lead image credit {image.credit!r}, but the page gives none"
    else:
        got = bare_credit(image.credit)
        assert got == bare_credit(want), f"{name}: lead image credit {image.credit!r}, the page credits {want!r}"


@pytest.mark.parametrize("name", [n for n in having("lead_image") if expected(n)["lead_image"].get("caption_contains")])
def test_lead_image_caption(name: str) -> None:
    want = expected(name)["lead_image"]["caption_contains"]
    image = article(name).lead_image
    assert image is not None, f"{name}: no lead image found; its caption says {want!r}"
    assert norm(want) in norm(image.caption), f"{name}: lead image caption {image.caption!r} lacks {want!r}"


@pytest.mark.parametrize("name", [n for n in NAMES if "headings" in expected(n)])
def test_headings(name: str) -> None:
    want = [norm(h) for h in expected(name)["headings"]]
    got = [norm(h) for h in article(name).headings]
    assert got == want, f"{name}: headings {got!r}, the body's section headings are {want!r}"


@pytest.mark.parametrize("name", having("body_starts_with"))
def test_body_start(name: str) -> None:
    want = norm(expected(name)["body_starts_with"])
    got = body(name)
    assert got.startswith(want), f"{name}: body starts {got[:160]!r}, should start {want!r}"


@pytest.mark.parametrize("name", having("body_ends_with"))
def test_body_end(name: str) -> None:
    want = norm(expected(name)["body_ends_with"])
    got = body(name)
    assert got.endswith(want), f"{name}: body ends {got[-160:]!r}, should end {want!r}"


@pytest.mark.parametrize(("name", "fragment"), items("must_contain"))
def test_body_contains(name: str, fragment: str) -> None:
    assert norm(fragment) in body(name), f"{name}: the body lacks {fragment!r}"


@pytest.mark.parametrize(("name", "fragment"), items("not_in_body"))
def test_body_leaves_out(name: str, fragment: str) -> None:
    got = body(name)
    at = got.find(norm(fragment))
    assert at < 0, f"{name}: page furniture {fragment!r} is in the body: …{got[max(0, at - 80):at + 80]!r}…"


# --- the fixtures themselves ---------------------------------------------------------------

_META_CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([A-Za-z0-9_-]+)""", re.I)


def page_text(name: str) -> str:
    """The visible text of a fixture, decoded and parsed without onrecord."""
    raw = (HTML_DIR / f"{name}.html").read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        encoding = "utf-8-sig"
    else:
        found = _META_CHARSET.search(raw[:2048])
        encoding = found.group(1).decode("ascii") if found else "utf-8"
    doc = lxml.html.document_fromstring(raw.decode(encoding))
    for bad in doc.xpath("//script|//style|//noscript|//template"):
        bad.drop_tree()
    return norm(doc.text_content())


@pytest.mark.parametrize("name", NAMES)
def test_expectation_is_on_the_page(name: str) -> None:
    exp = expected(name)
    text = page_text(name)
    wanted: list[str] = [exp["title"], exp["body_starts_with"], exp["body_ends_with"]]
    wanted += exp.get("authors", []) + exp.get("headings", [])
    wanted += exp.get("must_contain", []) + exp.get("not_in_body", [])
    lead = exp.get("lead_image") or {}
    wanted += [v for v in (lead.get("caption_contains"), lead.get("credit")) if v]
    missing = [w for w in wanted if norm(w) not in text]
    assert not missing, f"{name}.expected.json names strings that are not on the page: {missing}"
    assert not set(map(norm, exp.get("must_contain", []))) & set(map(norm, exp.get("not_in_body", [])))
    assert 5 <= len(exp.get("not_in_body", [])) <= 10, f"{name}: 5 to 10 furniture strings expected"
    assert 3 <= len(exp.get("must_contain", [])) <= 8, f"{name}: 3 to 8 body fragments expected"
