"""Generators of hostile-but-plausible input for the page and speech layers.

Three families: HTML (random trees of real tags, attributes, entities, unbalanced markup,
JSON-LD and <meta> blocks, every encoding), plain text (anything at all, with the characters
that break naive code over-represented) and news-like prose (quotes of every typographic
style, cue verbs and speaker names in the orders reporters use, and broken variants of them).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

from hypothesis import strategies as st

# -- building blocks ------------------------------------------------------------------------------

# (open, close) pairs as newsrooms print them, plus the lone and mismatched marks that break
# quote matchers.
QUOTE_PAIRS: list[tuple[str, str]] = [
    ("\u201c", "\u201d"), ('"', '"'), ("'", "'"), ("\u2018", "\u2019"), ("\u00ab", "\u00bb"),
    ("\u00bb", "\u00ab"), ("\u201e", "\u201c"), ("\u201a", "\u2018"), ("\u300c", "\u300d"),
    ("\u300e", "\u300f"), ("\u2039", "\u203a"), ("``", "''"), ("\u00ab\u00a0", "\u00a0\u00bb"),
    ("\u201c", "\u201c"), ("\u201d", "\u201d"), ("\u201c", ""), ("", "\u201d"), ("\u2033", "\u2033"),
    ("\uff02", "\uff02"), ("&ldquo;", "&rdquo;"), ("&quot;", "&quot;"), ("&#8220;", "&#8221;"),
    ("\u201f", "\u201d"), ("\u275d", "\u275e"),
]
QUOTE_MARKS = sorted({m for pair in QUOTE_PAIRS for m in pair if m and not m.startswith("&")})

CUES = [
    "said", "says", "told", "told reporters", "added", "stated", "warned", "insisted", "argued",
    "claimed", "explained", "noted", "said in a statement", "wrote on X", "asked", "replied",
    "admitted", "denied", "confirmed", "announced", "tweeted", "sagte", "a déclaré", "dijo",
    "said on Tuesday", "said, adding", "acknowledged", "recalled", "believes", "thinks",
]
NAMES = [
    "Ana Ruiz", "Mayor Ana Ruiz", "Ruiz", "Tom Okafor", "the harbour master", "Dr. José Álvarez-Núñez",
    "Seán O'Brien", "She", "He", "They", "It", "A spokesperson for the Port Authority", "the Port Authority",
    "President Xi Jinping", "Nguyễn Thị Minh Khai", "Prime Minister", "Sen. Mary-Kate St. John Jr.",
    "the ministry", "Reuters", "officials", "an official who asked not to be named", "Ms. Lee", "Mr. Smith",
    "UN Secretary-General António Guterres", "Владимир Петров", "محمد علي", "李明", "Hélène", "I",
    "We", "Police", "The company", "Müller", "von der Leyen", "De la Cruz", "A", "Mr.", "Dr. Dr. Dr.",
]
WORDS = [
    "the", "budget", "is", "safe", "we", "will", "not", "back", "down", "harbour", "plan", "was",
    "according", "to", "that", "strike", "Monday", "vote", "council", "\u2014", "\u2013", "...", "\u2026",
    "U.S.", "e.g.", "No.", "3.5%", "$1.2bn", "10:30", "a.m.", "(AP)", "[sic]", "@handle", "#tag",
    "https://example.com/a?b=c", "it's", "don't", "rock'n'roll", "'90s", "6'2\"", "O'Neil",
]
# Characters that break naive text code: NUL and controls, bidi marks, joiners, combining
# marks, non-characters, astral symbols, line/paragraph separators, full-width forms, BOMs,
# and lone surrogates (which a str can hold and UTF-8 cannot).
ODD_CHARS = [
    "\x00", "\x01", "\x08", "\x0b", "\x0c", "\r", "\r\n", "\t", "\x1b", "\x7f", "\x85", "\xa0", "\xad",
    "\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u202a", "\u202e", "\u2066", "\u2069", "\u2028",
    "\u2029", "\u0301", "\u0308\u0308\u0308", "\ufeff", "\ufffd", "\ufffe", "\uffff", "\U0001f600",
    "\U0001f468\u200d\U0001f469\u200d\U0001f467", "\U000e0001", "\U0010ffff", "\u3000", "\uff21",
    "\u0130", "\u0131", "\u00df", "\ufb01", "\u1e9e", "\u2160", "\u0663", "\u05d0", "\u0627", "\u0e01",
    "\ud800", "\udfff", "\udc80",
]
ENTITIES = [
    "&amp;", "&lt;", "&gt;", "&quot;", "&apos;", "&nbsp;", "&ldquo;", "&rdquo;", "&lsquo;", "&rsquo;",
    "&laquo;", "&raquo;", "&#8220;", "&#x201D;", "&#39;", "&mdash;", "&hellip;", "&bogus;", "&amp",
    "&#0;", "&#xD800;", "&#99999999;", "&#x110000;", "&#;", "&#x;", "&", "&&", "&#128512;",
    "&NotANamedEntity;", "&lt", "&copy", "&#13;", "&#x85;", "&#127;",
]


def _text_piece() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(WORDS),
        st.sampled_from(QUOTE_MARKS),
        st.sampled_from(ODD_CHARS),
        st.sampled_from(NAMES),
        st.sampled_from(CUES),
        st.text(max_size=12),
        st.sampled_from([" ", " ", " ", "\n", "\n\n", ", ", ". ", ": ", "; ", "? ", "! "]),
    )


def text_run(max_pieces: int = 25) -> st.SearchStrategy[str]:
    """Words, marks, names and odd characters in any order."""
    return st.lists(_text_piece(), max_size=max_pieces).map("".join)


# -- news-like prose ---------------------------------------------------------------------------------


@st.composite
def clause(draw: st.DrawFn, words: int = 12) -> str:
    n = draw(st.integers(1, words))
    out = " ".join(draw(st.sampled_from(WORDS)) for _ in range(n))
    return out[:1].upper() + out[1:] if draw(st.booleans()) else out


@st.composite
def quoted(draw: st.DrawFn) -> str:
    """A quotation: sometimes with a nested quote, sometimes with one mark missing."""
    op, cl = draw(st.sampled_from(QUOTE_PAIRS))
    inner = draw(clause())
    if draw(st.integers(0, 4)) == 0:
        iop, icl = draw(st.sampled_from(QUOTE_PAIRS))
        inner = f"{inner} {iop}{draw(clause(4))}{icl} {draw(clause(4))}"
    end = draw(st.sampled_from([",", ".", "?", "!", "", "...", " \u2014"]))
    if draw(st.integers(0, 9)) == 0:
        op = ""
    if draw(st.integers(0, 9)) == 0:
        cl = ""
    return f"{op}{inner}{end}{cl}"


@st.composite
def news_sentence(draw: st.DrawFn) -> str:
    """One sentence in a shape reporters use to attribute speech."""
    name, cue, q = draw(st.sampled_from(NAMES)), draw(st.sampled_from(CUES)), draw(quoted())
    shape = draw(st.integers(0, 11))
    if shape == 0:
        return f"{q} {name} {cue}."
    if shape == 1:
        return f"{q} {cue} {name}."
    if shape == 2:
        return f"{name} {cue}: {q}"
    if shape == 3:
        return f"{name} {cue}, {q}"
    if shape == 4:
        return f"{q} {name} {cue}. {draw(quoted())}"
    if shape == 5:
        return f"{name} {cue} that {draw(clause())}."
    if shape == 6:
        return f"According to {name}, {draw(clause())}."
    if shape == 7:
        return f"{name} {cue} the {draw(clause(3))} was {draw(quoted())} and {draw(clause())}."
    if shape == 8:
        return f"{draw(clause())}, {name} {cue}, {draw(clause())}."
    if shape == 9:  # the split quote: “First half,” she said, “second half.”
        return f"{q} {name} {cue}, {draw(quoted())}"
    if shape == 10:
        return f"{q}"
    return f"{draw(clause())}."


@st.composite
def news_paragraph(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.one_of(news_sentence(), news_sentence(), text_run(6)), min_size=1, max_size=5))
    return " ".join(parts)


@st.composite
def news_body(draw: st.DrawFn) -> str:
    """Paragraphs of reported speech, separated as saved text separates them; sometimes a quote
    that opens in one paragraph and never closes."""
    paras = draw(st.lists(news_paragraph(), min_size=1, max_size=8))
    if draw(st.integers(0, 5)) == 0:
        op = draw(st.sampled_from(QUOTE_MARKS))
        paras = [op + p for p in paras]  # the old convention: each paragraph reopens the quote
    sep = draw(st.sampled_from(["\n\n", "\n", "\r\n\r\n", "\n \n", "\u2029", "\n\n\n\n"]))
    return sep.join(paras)


# -- plain text ---------------------------------------------------------------------------------------

any_text = st.one_of(
    st.text(max_size=300),
    st.text(st.characters(codec="utf-8"), max_size=300),
    st.lists(st.sampled_from([*QUOTE_MARKS, " ", "\n", "a", ",", "."]), max_size=200).map("".join),
    text_run(60),
    st.lists(st.sampled_from(ODD_CHARS), max_size=40).map("".join),
)
"""Anything a str can hold, with quote marks and odd characters over-represented."""

# -- HTML -------------------------------------------------------------------------------------------

TAGS = [
    "html", "head", "body", "title", "meta", "link", "article", "main", "div", "section", "p", "span",
    "a", "b", "i", "em", "strong", "h1", "h2", "h3", "h4", "h5", "h6", "blockquote", "q", "ul", "ol",
    "li", "table", "tbody", "tr", "td", "th", "figure", "figcaption", "img", "br", "hr", "script",
    "style", "noscript", "nav", "header", "footer", "aside", "time", "iframe", "svg", "math", "template",
    "textarea", "pre", "code", "form", "input", "button", "font", "center", "cite", "abbr", "sup", "sub",
    "small", "del", "ins", "mark", "picture", "source", "video", "address", "dl", "dt", "dd", "select",
    "option", "xmp", "plaintext", "frameset", "frame", "object", "embed", "base", "details", "summary",
    "dialog", "slot", "custom-element", "o:p", "fb:like", "amp-img", "x",
]
VOID = {"meta", "link", "img", "br", "hr", "input", "source", "base", "embed", "frame"}
ATTR_NAMES = [
    "class", "id", "itemprop", "itemtype", "itemscope", "property", "content", "name", "href", "src",
    "srcset", "datetime", "lang", "dir", "charset", "http-equiv", "style", "rel", "alt", "title",
    "aria-hidden", "hidden", "role", "onclick", "data-src", "data-author", "type", "dateTime", "CLASS",
    "xmlns", "xml:lang", "width", "colspan", "",
]
ATTR_VALUES = [
    "byline", "author", "share", "comments", "newsletter", "related", "article-body", "caption",
    "credit", "headline", "entry-content", "story", "post", "ad", "promo", "sidebar", "footer", "nav",
    "og:title", "og:site_name", "og:image", "og:description", "article:published_time",
    "article:modified_time", "author", "description", "datePublished", "dateModified", "headline",
    "name", "twitter:title", "http://schema.org/NewsArticle", "https://schema.org/Person",
    "2024-03-31", "2024-13-45T25:61:61Z", "0000-00-00", "99999-01-01", "1700000000", "yesterday",
    "utf-8", "shift_jis", "utf-16", "x-unknown", "latin-1", "text/html; charset=utf-7",
    "javascript:alert(1)", "//evil.example/x.png", "data:image/png;base64,AAAA", "", " ", "5 min read",
    "PT5M", "rtl", "application/ld+json", "stylesheet", "canonical", "true",
]


@dataclass
class Node:
    tag: str
    attrs: list[tuple[str, str | None, str]]  # name, value, quote char ('' = unquoted)
    children: list[Node | str] = field(default_factory=list)
    close: bool = True  # False: the closing tag is left out
    stray: str | None = None  # a closing tag of some other element emitted after this one


def _attr() -> st.SearchStrategy[tuple[str, str | None, str]]:
    value = st.one_of(st.none(), st.sampled_from(ATTR_VALUES), text_run(5), st.text(max_size=20))
    return st.tuples(st.sampled_from(ATTR_NAMES), value, st.sampled_from(['"', "'", ""]))


def _leaf() -> st.SearchStrategy[Node | str]:
    return st.one_of(
        text_run(12),
        news_sentence(),
        st.sampled_from(ENTITIES),
        st.builds(lambda e, w: f"{w}{e}{w}", st.sampled_from(ENTITIES), st.sampled_from(WORDS)),
        st.sampled_from(["<!-- c -->", "<!--", "-->", "<![CDATA[x]]>", "<?php echo 1 ?>", "<!DOCTYPE html>",
                         "<", ">", "</", "<p", "< p>", "<br/>", "<BR>", "</br>", "<a href=x", "\x00",
                         "<!---->", "<!-- -- -->", "<script>var a='</scr'+'ipt>';</script>"]),
        st.builds(Node, st.sampled_from(sorted(VOID)), st.lists(_attr(), max_size=3)),
    )


def _element(children: st.SearchStrategy[list[Node | str]]) -> st.SearchStrategy[Node]:
    return st.builds(
        Node,
        st.sampled_from(TAGS),
        st.lists(_attr(), max_size=4),
        children,
        st.integers(0, 5).map(bool),  # about one element in six is left unclosed
        st.one_of(st.none(), st.none(), st.none(), st.sampled_from(TAGS)),
    )


tree = st.recursive(_leaf(), lambda kids: _element(st.lists(kids, max_size=6)), max_leaves=40)


def _escape_attr(value: str, quote: str) -> str:
    # Mostly well-formed, but an unquoted value keeps its spaces and quotes: browsers cope, and
    # so must the page layer.
    return value.replace(quote, "&quot;" if quote == '"' else "&#39;") if quote else value


def render(node: Node | str) -> str:
    if isinstance(node, str):
        return node
    attrs = "".join(
        f" {n}" if v is None or not n else f" {n}={q}{_escape_attr(v, q)}{q}" for n, v, q in node.attrs
    )
    inner = "".join(render(c) for c in node.children)
    if node.tag in VOID:
        out = f"<{node.tag}{attrs}>{inner}"
    else:
        out = f"<{node.tag}{attrs}>{inner}" + (f"</{node.tag}>" if node.close else "")
    return out + (f"</{node.stray}>" if node.stray else "")


@st.composite
def json_ld(draw: st.DrawFn) -> str:
    """A JSON-LD block as news sites write it, with values of the wrong type and shape."""
    value = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), text_run(6),
                      st.sampled_from(ATTR_VALUES + NAMES))
    person = st.one_of(value, st.fixed_dictionaries({"@type": st.just("Person"), "name": value}),
                       st.lists(st.fixed_dictionaries({"name": value}), max_size=3))
    doc = draw(st.fixed_dictionaries(
        {"@context": st.just("https://schema.org"), "@type": st.sampled_from(["NewsArticle", "Article", "WebPage", 5])},
        optional={"headline": value, "author": person, "datePublished": value, "dateModified": value,
                  "timeRequired": value, "image": st.one_of(value, st.fixed_dictionaries({"url": value})),
                  "publisher": st.one_of(value, st.fixed_dictionaries({"name": value})),
                  "articleBody": text_run(20), "@graph": st.lists(st.just({"@type": "Person"}), max_size=2)},
    ))
    out = json.dumps(draw(st.one_of(st.just(doc), st.lists(st.just(doc), max_size=2))), ensure_ascii=draw(st.booleans()))
    if draw(st.integers(0, 4)) == 0:
        out = out[: draw(st.integers(0, len(out)))]  # truncated: invalid JSON
    return f'<script type="application/ld+json">{out}</script>'


@st.composite
def html_page(draw: st.DrawFn) -> str:
    """A page: sometimes a full document with head and article, sometimes a bare fragment."""
    body = render(draw(tree))
    if draw(st.booleans()):
        return body
    metas = "".join(
        f'<meta {draw(st.sampled_from(["name", "property", "itemprop"]))}="{n}" content="{draw(text_run(4))}">'
        for n in draw(st.lists(st.sampled_from(ATTR_VALUES[18:30]), max_size=5))
    )
    head = f"<head><title>{draw(text_run(8))}</title>{metas}"
    if draw(st.booleans()):
        head += draw(json_ld())
    head += "</head>" if draw(st.integers(0, 5)) else ""
    paras = "".join(f"<p>{p}</p>" for p in draw(st.lists(news_paragraph(), max_size=5)))
    article = f"<article><h1>{draw(text_run(8))}</h1>{paras}{body}</article>"
    doctype = draw(st.sampled_from(["<!DOCTYPE html>", "", "<?xml version='1.0'?>", "<!doctype HTML PUBLIC>"]))
    return f"{doctype}<html>{head}<body>{render(draw(tree))}{article}{render(draw(tree))}</body></html>"


ENCODINGS = ["utf-8", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "latin-1", "cp1252", "shift_jis",
             "gb18030", "koi8-r", "iso2022_jp", "utf-7"]
CONTENT_TYPES = [None, "text/html", "text/html; charset=utf-8", "text/html; charset=latin-1",
                 "text/html; charset=shift_jis", "text/plain; charset=utf-16", "charset=bogus",
                 "text/html; charset=\"utf-8", "application/octet-stream", "", ";;;charset=", "text/html; charset=utf-7"]


@st.composite
def encoded(draw: st.DrawFn, text: str) -> bytes:
    """``text`` as bytes in some encoding, sometimes behind a BOM or a charset <meta> that lies."""
    enc = draw(st.sampled_from(ENCODINGS))
    errors = "surrogatepass" if enc == "utf-8" else draw(st.sampled_from(["replace", "ignore", "xmlcharrefreplace"]))
    try:
        data = text.encode(enc, errors=errors)
    except UnicodeEncodeError:  # surrogatepass only covers surrogates, not, say, NUL in a wide codec
        data = text.encode(enc, errors="replace")
    if draw(st.integers(0, 3)) == 0:
        declared = draw(st.sampled_from([*ENCODINGS, "bogus", ""]))
        data = f'<meta charset="{declared}">'.encode("ascii") + data
    if draw(st.integers(0, 5)) == 0:
        data = draw(st.sampled_from([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00"])) + data
    if draw(st.integers(0, 7)) == 0 and data:
        cut = draw(st.integers(0, len(data)))  # truncated mid-character
        data = data[:cut]
    return data


urls = st.one_of(
    st.none(),
    st.sampled_from([
        "https://example.com/2024/03/31/story.html", "http://[::1", "http://a:99999999/", "https://",
        "not a url", "javascript:alert(1)", "https://example.com/" + "a/" * 500, "//x", "", "http://[",
        "https://xn--80ak6aa92e.com/", "https://例え.jp/2024-02-30/x", "file:///etc/passwd",
        "https://user:pass@host:0/", "http://ex ample.com", "https://example.com/%ff%fe",
    ]),
    st.text(max_size=60),
)
