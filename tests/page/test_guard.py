"""The HTML guard: whatever the markup, lexbor's tree stays within the limits.

The property is checked against lexbor itself: the guard's output is parsed and the real
tree measured. Limits are lowered for the test so that small inputs reach them.
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

import onrecord
import onrecord.page.html as page_html
from onrecord.page.html import guard

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "html"
# html and body above the model's stack, and a leaf (void or raw-text) element below it.
SLACK = 3


def measure(html: str) -> tuple[int, int]:
    """(depth, elements) of lexbor's tree for ``html``, walked without recursion."""
    tree = LexborHTMLParser(html)
    depth = count = 0
    stack = [(tree.root, 1)] if tree.root is not None else []
    while stack:
        node, d = stack.pop()
        count += 1
        depth = max(depth, d)
        child = node.child
        while child is not None:
            if child.is_element_node:
                stack.append((child, d + 1))
            child = child.next
    return depth, count


@pytest.fixture
def low_limits(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(guard, "MAX_DEPTH", 12)
    monkeypatch.setattr(guard, "SHALLOW_DEPTH", 6)
    yield


# --- random tag soup ---------------------------------------------------------------------------

_VOCABULARY = """div span p a b i em font nobr li ul ol dd dt table tbody tr td th caption colgroup col
select option optgroup svg g math mi mtext annotation-xml foreignObject desc form button h1 h2
template object marquee noscript textarea title script style xmp iframe plaintext input br img hr
section x-y head body html frameset pre image noframes listing rb rt rtc rp ruby mglyph malignmark
keygen menu dir dialog address applet embed big tt code strike u s small frame sub sup""".split()
_ATTRS = (' class="c1"', ' title="<"', ' a=">"', " color=red", " encoding=text/html", " size",
          " x='</div>'", " face=x", " encoding='application/xhtml+xml'", " a=b/")
_ODD = ("<!--", "-->", "<!-- c -->", '<!--<br a="-->"', "<![CDATA[", "]]>", "<!-->", "</ x>", "<?x>",
        "<script><!--<script>", "</script>", "<!--<!-->", "--!>", "</>", "</3>")
_TEXT = ("x", "text ", " ", "<", "&amp;", '"', "'")


def soup(rng: random.Random, tokens: int) -> str:
    out = []
    for _ in range(tokens):
        r = rng.random()
        name = rng.choice(_VOCABULARY)
        if rng.random() < 0.2:
            name = name.upper()
        if r < 0.5:
            attrs = rng.choice(_ATTRS) if rng.random() < 0.3 else ""
            out.append(f"<{name}{attrs}{'/' if rng.random() < 0.1 else ''}>")
        elif r < 0.85:
            out.append(f"</{name}>")
        elif r < 0.9:
            out.append(rng.choice(_ODD))
        else:
            out.append(rng.choice(_TEXT))
    return ("<!DOCTYPE html>" if rng.random() < 0.5 else "") + "".join(out)


@pytest.mark.parametrize("batch", range(4))
def test_random_tag_soup_stays_within_the_depth_limit(batch: int, low_limits: None) -> None:
    # Some 70,000 soups passed at several limits while the guard was written; a thousand
    # run here. Every failure found then is among the named cases below.
    for seed in range(batch * 250, batch * 250 + 250):
        rng = random.Random(seed)
        tokens = rng.choice([200, 1000])
        html = soup(rng, tokens)
        depth, elements = measure(guard.make_safe(html))
        assert depth <= guard.MAX_DEPTH + SLACK, f"seed {seed}: depth {depth}"
        assert elements <= 4 * tokens + 10, f"seed {seed}: {elements} elements"


# --- the attacks met while writing the guard, each once ----------------------------------------

N = 3_000
DEEP = "<p>deep text</p>"
ATTACKS = {
    "nested divs": "<div>" * N,
    "self-closing divs (HTML ignores the slash)": "<div/>" * N,
    "stray end tags": "<div></x>" * N,
    "quoted '<' in attributes": '<div title="<">' * N,
    "unknown names that look void": "<p.x>" * N,
    "span end tag behind a div (a special element)": "<span><div></span>" * N,
    "p closed by a block, then </p> again": "<p><div></p>" * N,
    "comment hiding the end of a fake tag": '<!--<br a="-->"<div>' * N,
    "script escape: </script> inside <!--<script>": "<script><!--<script></script></script>" + "<div>" * N,
    "style in SVG is markup": "<svg><style>" + "<div>" * N,
    "CDATA in SVG": "<svg><![CDATA[</svg>]]>" + "<div>" * N,
    "a template that began with <col> ignores <style>": "<template><col><style></template>" + "<div>" * N,
    "frameset makes raw-text tags ignored": "<frameset><style>" + "<frameset>" * N,
    "<a> in a table is out of scope": "<a><table><a>" * N,
    "select inside select": "<div><select><span>" * N,
    "nested tables": "<table><tr><td>" * N,
    "nobr in scope": "<nobr><div>" * N,
    "formatting elements with distinct attributes": "".join(f'<b class="c{i}">' for i in range(N)),
    "a form in a table is closed at once": "<table><rb><form><svg></rb><![CDATA[" + "<div>" * N,
    "mglyph under mi is MathML": "<math><mi>" + "<span>" * 20 + "<mglyph><textarea>" + "<li><div>" * N,
    "a frameset in a table leaves its state unknown": "<table><frameset>" + "<td><div>" * N,
    "an ignored </form> still clears the form pointer": "<form><object></form></object></form>" * N,
}


@pytest.mark.parametrize("markup", list(ATTACKS.values()), ids=list(ATTACKS))
def test_attack_is_held_to_the_depth_limit(markup: str, low_limits: None) -> None:
    depth, elements = measure(guard.make_safe(markup + DEEP))
    assert depth <= guard.MAX_DEPTH + SLACK
    assert elements <= 4 * markup.count("<") + 10


def test_formatting_reconstruction_bomb_is_defused() -> None:
    # 13 KB: every <p> would re-open all thousand <b> elements, a million nodes in all.
    bomb = "<p>" + "".join(f'<b class="c{i}">' for i in range(1000)) + "<p>x" * 1000
    depth, elements = measure(guard.make_safe(bomb))
    assert elements < 5_000
    assert depth <= guard.MAX_DEPTH + SLACK


def test_attributes_are_capped_per_tag() -> None:
    attrs = " ".join(f"data-a{i}=v" for i in range(10_000))
    safe = guard.make_safe(f"<div {attrs}>text</div>")
    node = LexborHTMLParser(safe).css_first("div")
    assert node is not None and len(node.attributes) == guard.MAX_ATTRIBUTES
    assert node.text() == "text"


def test_past_the_tag_budget_the_rest_is_plain_text(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(guard, "MAX_TAGS", 100)
    html = "<p>one</p>" * 40 + "<div><b>tail</b> &amp; <i>more</i></div>" * 50
    safe = guard.make_safe(html)
    tree = LexborHTMLParser(safe)
    assert len(tree.css("b")) < 20  # tags past the budget were not kept as markup
    assert tree.body is not None and "tail & more" in tree.body.text()


def test_the_plain_text_tail_holds_no_markup() -> None:
    text = guard.as_text('<p>a</p><<br>b<i>c</i><script>x<p></script><div x="<p>">d<br', breaks=True)
    assert measure(f"<body>{text}</body>")[1] <= 3 + text.count("<br>")
    assert "x<p>" not in text and "&lt;" in text


def test_a_tag_that_never_ends_is_dropped_at_once() -> None:
    # lexbor would read all its attributes (quadratically) before dropping it at the end.
    html = "<p>Kept.</p><div " + " ".join(f"a{i}=x" for i in range(100_000))
    started = time.perf_counter()
    assert guard.make_safe(html) == "<p>Kept.</p>"
    assert guard.make_safe('<div a="' + "<b " * 200_000) == ""
    assert time.perf_counter() - started < 2.0


def test_an_oversized_page_keeps_its_body_after_a_giant_script() -> None:
    html = "<html><head><script>" + "x" * (guard.MAX_HTML_CHARS + 1000) + "</script></head><body><p>Kept.</p></body></html>"
    safe = guard.make_safe(html)
    assert len(safe) <= guard.MAX_HTML_CHARS
    assert "<p>Kept.</p>" in safe


# --- real pages are unharmed -------------------------------------------------------------------

@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.html")), ids=lambda p: p.stem)
def test_fixture_pages_read_the_same_with_and_without_the_guard(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = path.read_bytes()
    guarded = onrecord.read(data, statements=False)
    monkeypatch.setattr(page_html, "make_safe", lambda html: html)
    unguarded = onrecord.read(data, statements=False)
    assert guarded.to_dict() == unguarded.to_dict()


def test_well_formed_html_comes_back_as_the_same_string() -> None:
    html = "<!DOCTYPE html><html><head><title>t</title><script>if (a < b) {}</script></head><body><div><p>One.</p><ul><li>a</li></ul></div></body></html>"
    assert guard.make_safe(html) is html
