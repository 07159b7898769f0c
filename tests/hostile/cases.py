"""Hostile inputs, generated at test time so that no big file is ever stored.

Each Case names an input, builds its bytes on demand and says what a well-behaved reader does
with it: "article" (a best-effort Article), "error" (an OnrecordError with a readable reason)
or "either". Factories are deterministic (seeded), so a failure reproduces.

Run ``python -m tests.hostile.runner`` to measure every case's time and peak memory.
"""

from __future__ import annotations

import gzip
import io
import random
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Literal

Expect = Literal["article", "error", "either"]

MB = 1024 * 1024


@dataclass(frozen=True)
class Case:
    name: str
    factory: Callable[[], bytes]
    expect: Expect
    filename: str = "page.html"
    content_type: str | None = None
    seconds: float = 10.0  # wall-time limit for one read, generous for a busy machine
    slow: bool = False
    contains: tuple[str, ...] = ()  # must appear in the Article's title or text
    lacks: tuple[str, ...] = ()  # must not appear there (mojibake markers)
    # A failure this case reveals in code this suite does not own, described; the test
    # expects it to fail until that is fixed (then the marker goes). ``statements_issue`` is
    # the same for the speech layer only (the read with statements on).
    known_issue: str | None = None
    statements_issue: str | None = None

    def build(self) -> bytes:
        return self.factory()


# --- prose ------------------------------------------------------------------------------------
# Original sentences about an invented harbour town; they read like news so that the extractor
# and the speech layer do real work on them.
_SENTENCES = (
    "The harbour council voted on Monday to rebuild the eastern pier before the winter storms.",
    '"We cannot wait another season," said Mayor Tomas Varga, who has pushed for the repairs since spring.',
    "The plan will cost about 4.2 million euros, most of it from a regional fund.",
    "Fishers who moor their boats at the pier have asked for guarantees that they can keep working.",
    "According to the cooperative, more than forty families depend on the eastern berths.",
    '"Nobody has told us where we are supposed to land our catch," said Ines Marr, the cooperative\'s chair.',
    "Engineers found cracks in three of the pier's concrete supports during an inspection in June.",
    "The council's opposition leader called the timetable optimistic but supported the vote.",
    "Work is expected to begin in October and to last at least eighteen months.",
    "A temporary landing stage will be built on the western side of the harbour, officials said.",
    "Residents raised concerns about noise and lorry traffic on the narrow coastal road.",
    '"We will publish the schedule for heavy deliveries," a spokesperson for the port authority said.',
)


def prose(paragraphs: int, seed: int = 1) -> list[str]:
    rng = random.Random(seed)
    return [" ".join(rng.choice(_SENTENCES) for _ in range(rng.randint(3, 5))) for _ in range(paragraphs)]


FIRST = prose(1)[0]
# The first few words of FIRST, for cases that must keep the story.
FIRST_WORDS = " ".join(FIRST.split()[:6])

_LATIN = (
    "The café on the façade side of Zürich's old quay reopened, a naïve hope for the "
    "harbour's señores and their crème brûlée."
)
_JAPANESE = (
    "市議会は月曜日、東桟橋の再建計画を承認した。市長は「冬が来る前に工事を始める」と述べた。"
    "漁業者の団体は、工事中も仕事を続けられる保証を求めている。"
)
_RUSSIAN = (
    "Городской совет Москвы в понедельник одобрил план восстановления восточного причала. "
    "«Мы не можем ждать ещё один сезон», — заявил мэр."
)


def page(body_paragraphs: list[str], *, title: str = "Harbour Council Approves Pier Plan",
         charset: str | None = "utf-8", head: str = "") -> str:
    """A realistic news page: head, navigation, the story, a sidebar and a footer."""
    meta = f'<meta charset="{charset}">' if charset else ""
    paras = "\n".join(f"<p>{p}</p>" for p in body_paragraphs)
    return f"""<!DOCTYPE html>
<html lang="en"><head>{meta}
<title>{title} | Coastline Post</title>
<meta property="og:title" content="{title}">
<meta property="og:site_name" content="Coastline Post">
{head}</head>
<body>
<header class="site-header"><nav><ul><li><a href="/">Home</a></li><li><a href="/local">Local</a></li>
<li><a href="/sport">Sport</a></li></ul></nav></header>
<main><article class="story">
<h1>{title}</h1>
<p class="byline">By Maria Kessler</p>
{paras}
</article>
<aside class="sidebar"><h3>Most read</h3><ul><li><a href="/a">Ferry fares rise</a></li>
<li><a href="/b">New lighthouse keeper</a></li></ul></aside></main>
<footer class="site-footer"><p>&copy; Coastline Post. All rights reserved.</p></footer>
</body></html>
"""


def _html(paragraphs: int = 8, **kw: object) -> bytes:
    return page(prose(paragraphs), **kw).encode("utf-8")  # type: ignore[arg-type]


def _text_page(paragraphs: list[str], title: str = "Harbour Council Approves Pier Plan") -> bytes:
    return (title + "\n\nBy Maria Kessler\n\n" + "\n\n".join(paragraphs) + "\n").encode("utf-8")


# --- factories --------------------------------------------------------------------------------

def _random_bytes() -> bytes:
    return random.Random(7).randbytes(1 * MB)


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + bytes(range(64)) * 3 for _ in range(64))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 64, 64, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def _pdf() -> bytes:
    # Mostly ASCII, like a real PDF: only the signature tells it from text.
    return (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
            + b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n" * 200
            + b"trailer\n<< /Root 1 0 R >>\n%%EOF\n")


def _zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("page.html", _html())
    return buf.getvalue()


def _gif() -> bytes:
    return (b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04\x01\x00\x00\x00\x00"
            b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")


def _jpeg() -> bytes:
    rng = random.Random(3)
    return b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + rng.randbytes(20000) + b"\xff\xd9"


def _truncated(marker: str) -> Callable[[], bytes]:
    """The story, then a cut inside a tag, comment, script, attribute or entity."""
    tails = {
        "tag": '<div class="related-artic',
        "comment": "<!-- tracking pixel follows " + "x" * 5000,
        "script": "<script>var config = {story: 'pier', items: [" + "1, " * 5000,
        "attribute": '<a href="https://example.org/never-closed ' + "y" * 5000,
        "entity": "Fishers &amp; traders &#x",
        "doctype": "<!DOCTYPE html PUBLIC \"-//W3C//DTD XHTML 1.0",
    }

    def build() -> bytes:
        if marker == "doctype":
            return tails[marker].encode()
        full = page(prose(6))
        cut = full.index("</article>")
        return (full[:cut] + tails[marker]).encode("utf-8")

    return build


def _big_page() -> bytes:
    block = "\n".join(f"<p>{p}</p>" for p in prose(200))
    repeats = 50 * MB // len(block) + 1
    return page([FIRST]).replace(f"<p>{FIRST}</p>", f"<p>{FIRST}</p>\n" + "\n".join([block] * repeats)).encode()


def _single_line_html() -> bytes:
    block = "".join(f"<p>{p}</p>" for p in prose(200))
    body = block * (10 * MB // len(block) + 1)
    return page([FIRST]).replace("\n", " ").replace(f"<p>{FIRST}</p>", f"<p>{FIRST}</p>" + body).encode()


def _single_line_text() -> bytes:
    line = " ".join(prose(200))
    return ("Harbour Council Approves Pier Plan\n\n" + " ".join([line] * (10 * MB // len(line) + 1))).encode()


def _wrap(inner: str, tail: str = "") -> bytes:
    """Put hostile markup inside an otherwise ordinary page, after the first paragraph."""
    return page([FIRST]).replace(f"<p>{FIRST}</p>", f"<p>{FIRST}</p>\n{inner}{tail}").encode("utf-8")


def _nested(open_tag: str, n: int, text: str = "<p>Deep inside the page, the council met again.</p>") -> Callable[[], bytes]:
    return lambda: _wrap(open_tag * n + text)


def _formatting_bomb() -> bytes:
    # A thousand distinct formatting elements left open, then paragraphs: every paragraph
    # makes an HTML parser reconstruct all thousand ("reconstruct the active formatting
    # elements"), so a few kilobytes become a million nodes.
    opened = "".join(f'<b class="c{i}">' for i in range(1000))
    return _wrap("<p>" + opened + "<p>x" * 5000)


def _formatting_bomb_div() -> bytes:
    # The same with identical tags (three of each survive the "Noah's Ark" rule) and a <div>
    # closing around them, repeated.
    opened = "<b><i><u><s><em><strong><font><big><small><tt><strike><nobr><code>" * 3
    return _wrap("<div>" + opened + "</div>" + "<div>x</div>" * 100_000)


def _attributes(n: int, distinct: bool) -> Callable[[], bytes]:
    def build() -> bytes:
        attrs = " ".join(f"data-a{i}=v{i}" if distinct else "data-a=v" for i in range(n))
        return _wrap(f"<div {attrs}><p>{FIRST}</p></div>")

    return build


def _giant_script() -> bytes:
    js = "var data = [" + ",".join(str(i) for i in range(3_000_000)) + "];\n"
    return page(prose(6), head=f"<script>{js}</script>").encode()


def _giant_inline_script_in_body() -> bytes:
    js = "document.write('<div>' + \"</p>\" + '<!--');\n" * 300_000
    return _wrap(f"<script>{js}</script>", "<p>After the script, the council adjourned.</p>")


def _latin1_under_utf8_meta() -> bytes:
    return page([_LATIN, *prose(4)], charset="utf-8").encode("latin-1")


def _utf16(endianness: str) -> Callable[[], bytes]:
    return lambda: page([_LATIN, *prose(4)]).encode(f"utf-16-{endianness}")


def _shift_jis(meta: str) -> Callable[[], bytes]:
    return lambda: page([_JAPANESE] * 6, title="東桟橋の再建計画", charset=meta).encode("shift_jis")


def _invalid_utf8() -> bytes:
    raw = page([_LATIN, *prose(4)]).encode("utf-8")
    bad = (b"\xff", b"\xe2\x80", b"\xc0\xaf", b"\xed\xa0\x80", b"\x80\x80")
    out = bytearray()
    for i, chunk in enumerate(raw.split(b". ")):
        out += chunk + b". " + (bad[i % len(bad)] if i % 3 == 0 else b"")
    return bytes(out)


def _bom_conflicts_meta() -> bytes:
    return b"\xef\xbb\xbf" + page([_LATIN, _RUSSIAN, *prose(3)], charset="windows-1251").encode("utf-8")


def _utf16_bom_conflicts_meta() -> bytes:
    return b"\xff\xfe" + page([_LATIN, *prose(3)], charset="utf-8").encode("utf-16-le")


def _unknown_meta(encoding: str) -> Callable[[], bytes]:
    return lambda: page([_LATIN] * 3 + prose(4), charset="x-klingon-42").encode(encoding)


def _meta_utf16_on_bytes() -> bytes:
    # A <meta> readable as ASCII cannot be telling the truth about UTF-16.
    return page([_LATIN, *prose(4)], charset="utf-16").encode("utf-8")


def _cp1252_undeclared() -> bytes:
    return page(["“It’s the café we’ll miss,” said a fisher.", _LATIN, *prose(4)],
                charset=None).encode("cp1252")


def _cyrillic_undeclared() -> bytes:
    return page([_RUSSIAN] * 4, title="Причал", charset=None).encode("cp1251")


def _nul_sprinkled() -> bytes:
    raw = _html()
    return b"\x00".join(raw[i : i + 500] for i in range(0, len(raw), 500))


def _quotes_unbalanced() -> bytes:
    rng = random.Random(11)
    paragraphs = []
    for p in prose(250, seed=5):
        words = p.split()
        for _ in range(20):
            words.insert(rng.randrange(len(words) + 1), '"')
        paragraphs.append(" ".join(words))
    return _text_page(paragraphs)


def _quotes_mixed() -> bytes:
    styles = [("\u201c", "\u201d"), ("\u2018", "\u2019"), ("\u00ab", "\u00bb"), ("\u201e", "\u201c"),
              ("\u300c", "\u300d"), ('"', '"'), ("'", "'"), ("\u00bb", "\u00ab"), ("\u201c", '"'), ("\u2039", "\u203a")]
    paragraphs = []
    for i, p in enumerate(prose(120, seed=6)):
        o, c = styles[i % len(styles)]
        o2, c2 = styles[(i * 7 + 3) % len(styles)]
        paragraphs.append(f"{o}We will not move,{c} said Ines Marr. {o2}{p}{c2} she added, {o}and {o2}that{c2} is final.")
    return _text_page(paragraphs)


def _quote_never_closed() -> bytes:
    paragraphs = prose(200, seed=8)
    paragraphs[0] = "\u201cThe pier is finished, " + paragraphs[0].replace('"', "")
    paragraphs[1:] = [p.replace('"', "") for p in paragraphs[1:]]
    return _text_page(paragraphs)


def _quote_never_closed_html() -> bytes:
    paragraphs = [p.replace('"', "") for p in prose(200, seed=9)]
    paragraphs[0] = '"The pier is finished, ' + paragraphs[0]
    return page(paragraphs).encode()


def _all_caps() -> bytes:
    return _text_page([p.upper() for p in prose(40)], title="HARBOUR COUNCIL APPROVES PIER PLAN")


def _non_english() -> bytes:
    german = ("Der Stadtrat hat am Montag beschlossen, die östliche Mole vor den Winterstürmen neu zu bauen. "
              "„Wir können keine weitere Saison warten“, sagte Bürgermeister Tomas Varga.")
    arabic = "وافق المجلس البلدي يوم الاثنين على خطة لإعادة بناء الرصيف الشرقي. وقال رئيس البلدية: «لا يمكننا الانتظار»."
    chinese = "市议会周一批准了重建东码头的计划。市长说：“我们不能再等一个季节了。”"
    return _text_page([german, _RUSSIAN, _JAPANESE, arabic, chinese, german] * 10, title="Mehrsprachig")


def _no_punctuation_paragraph() -> bytes:
    words = " ".join(prose(30)).replace(".", "").replace(",", "").replace('"', "").replace("?", "").split()
    body = " ".join(words * (1_100_000 // (len(" ".join(words)) + 1) + 1))
    return _text_page([prose(1)[0], body, prose(1, seed=2)[0]])


def _gzip_bomb() -> bytes:
    # 256 MiB of spaces (four times the limit) in a quarter-megabyte file, compressed as a
    # stream so that the test never holds them.
    comp = zlib.compressobj(9, zlib.DEFLATED, 31)
    header = b"<!DOCTYPE html><html><body><p>" + FIRST.encode() + b"</p>"
    out = [comp.compress(header)]
    zeros = b" " * MB
    for _ in range(256):
        out.append(comp.compress(zeros))
    out.append(comp.flush())
    return b"".join(out)


def _gzip_truncated() -> bytes:
    data = gzip.compress(_html(30))
    return data[: len(data) // 2]


def _gzip_corrupt() -> bytes:
    data = bytearray(gzip.compress(_html(30)))
    for i in range(40, len(data) - 20, 97):
        data[i] ^= 0x5A
    return bytes(data)


def _deep_jsonld() -> bytes:
    return page(prose(4), head='<script type="application/ld+json">' + "[" * 100_000 + "]" * 100_000 + "</script>").encode()


def _huge_int_jsonld() -> bytes:
    doc = '{"@type": "NewsArticle", "headline": "Pier", "wordCount": ' + "9" * 50_000 + "}"
    return page(prose(4), head=f'<script type="application/ld+json">{doc}</script>').encode()


def _many_meta() -> bytes:
    metas = "".join(f'<meta name="k{i}" content="{"v" * 50}">' for i in range(20_000))
    return page(prose(4), head=metas).encode()


def _huge_title() -> bytes:
    return page(prose(4), title="Pier " * 100_000).encode()


def _one_word() -> bytes:
    return _wrap("<p>" + "a" * (8 * MB) + "</p>")


def _only_tags() -> bytes:
    return ("<div></div><span></span>" * 200_000).encode()


def _script_escape_trick() -> bytes:
    # Inside "<!--<script>" a "</script>" does not end the script: a scanner that ends it
    # there reads the rest as markup, one that never ends it misses the divs after it.
    return _wrap("<script><!--<script></script>var x = 1;</script>" + "<div>" * 100_000 + "<p>Deep inside the page, the council met again.</p>")


def _svg_style_trick() -> bytes:
    # In SVG a <style> holds markup, not raw text: the divs in it break out and nest.
    return _wrap("<svg><style>" + "<div>" * 100_000 + "</style></svg><p>Deep inside the page, the council met again.</p>")


def _attribute_memory() -> bytes:
    # 64 attributes on each of 60,000 tags: about a gigabyte in the parser's attribute nodes.
    attrs = " ".join(f"a{i}" for i in range(64))
    return _wrap(f"<p {attrs}>x</p>" * 60_000)


def _comment_trick() -> bytes:
    # A void tag that starts inside a comment and "ends" after it: a naive tag scanner sees one
    # harmless <br>, an HTML parser sees a <div> that nests.
    return _wrap('<!--<br a="-->"<div>' * 50_000)


# --- the catalogue ----------------------------------------------------------------------------

# Measured: 145,000 characters of news prose take 2.9 s with statements on, 291,000 take 24 s
# (19 s of it in _dedupe), and the page layer's cap of 4 million characters does not finish
# in 270 s.

def _all() -> Iterator[Case]:
    # Not pages at all.
    yield Case("empty", lambda: b"", "error")
    yield Case("whitespace-only", lambda: b" \t\r\n\f" * 20_000, "error")
    yield Case("random-binary", _random_bytes, "error")
    yield Case("nul-filled", lambda: b"\x00" * MB, "error")
    yield Case("png-named-html", _png, "error")
    yield Case("pdf-named-html", _pdf, "error")
    yield Case("zip-named-html", _zip, "error")
    yield Case("gif-named-html", _gif, "error")
    yield Case("jpeg-named-html", _jpeg, "error")
    yield Case("empty-html-document", lambda: b"<!DOCTYPE html><html><head></head><body> </body></html>", "either")

    # Cut short.
    for marker in ("tag", "comment", "script", "attribute", "entity"):
        yield Case(f"truncated-mid-{marker}", _truncated(marker), "article", contains=(FIRST_WORDS,))
    yield Case("truncated-mid-doctype", _truncated("doctype"), "either")

    # Size.
    yield Case("page-50mb", _big_page, "article", seconds=30.0, slow=True, contains=(FIRST_WORDS,))
    yield Case("single-line-10mb-html", _single_line_html, "article", seconds=30.0, contains=(FIRST_WORDS,))
    yield Case("single-line-10mb-text", _single_line_text, "article", seconds=30.0, filename="page.txt")
    yield Case("one-word-8mb", _one_word, "either")
    yield Case("huge-title", _huge_title, "article", contains=(FIRST_WORDS,))
    yield Case("over-the-size-limit", lambda: b"<p>" + b"a" * (70 * MB), "error")
    yield Case("text-page-40mb", lambda: _text_page(prose(400) * 250), "article", filename="page.txt",
               seconds=30.0, slow=True)

    # Structure.
    deep = "Deep inside the page"
    yield Case("nested-div-100k", _nested("<div>", 100_000), "article", contains=(deep,))
    yield Case("nested-span-100k", _nested("<span>", 100_000), "article", contains=(deep,))
    yield Case("nested-div-selfclosing-100k", _nested("<div/>", 100_000), "article", contains=(deep,))
    yield Case("nested-div-stray-end-100k", _nested("<div></x>", 100_000), "article", contains=(deep,))
    yield Case("nested-div-quoted-lt-100k", _nested('<div title="<">', 100_000), "article", contains=(deep,))
    yield Case("nested-unknown-tag-100k", _nested("<p.x>", 100_000), "article", contains=(deep,))
    yield Case("nested-table-30k", _nested("<table><tr><td>", 30_000), "article", contains=(deep,))
    # Text inside a hundred thousand links is link text, which the extractor drops.
    yield Case("nested-a-100k", _nested('<a href="#">', 100_000), "article")
    yield Case("nested-b-distinct-100k", _nested("".join(f'<b class="c{i}">' for i in range(100)), 1000), "article", contains=(deep,))
    yield Case("comment-trick-50k", _comment_trick, "article", contains=(FIRST_WORDS,))
    yield Case("script-escape-trick-100k", _script_escape_trick, "article", contains=(FIRST_WORDS,))
    yield Case("svg-style-trick-100k", _svg_style_trick, "article", contains=(FIRST_WORDS,))
    yield Case("attributes-64-on-60k-tags", _attribute_memory, "article", contains=(FIRST_WORDS,))
    yield Case("formatting-bomb", _formatting_bomb, "article", contains=(FIRST_WORDS,))
    yield Case("formatting-bomb-div", _formatting_bomb_div, "article", contains=(FIRST_WORDS,))
    yield Case("unclosed-b-1m", lambda: b"<b>x" * 1_000_000, "either")
    yield Case("unclosed-p-1m", lambda: b"<p>x" * 1_000_000, "either")
    yield Case("only-tags-400k", _only_tags, "either")
    yield Case("attributes-200k-distinct", _attributes(200_000, True), "article", contains=(FIRST_WORDS,))
    yield Case("attributes-200k-same", _attributes(200_000, False), "article", contains=(FIRST_WORDS,))
    yield Case("giant-head-script", _giant_script, "article", contains=(FIRST_WORDS,))
    yield Case("giant-body-script", _giant_inline_script_in_body, "article", contains=(FIRST_WORDS,))
    yield Case("many-meta-tags", _many_meta, "article", contains=(FIRST_WORDS,))
    yield Case("jsonld-deep-nesting", _deep_jsonld, "article", contains=(FIRST_WORDS,))
    yield Case("jsonld-huge-integer", _huge_int_jsonld, "article", contains=(FIRST_WORDS,))

    # Encodings.
    yield Case("latin1-under-utf8-meta", _latin1_under_utf8_meta, "article", contains=("café", "Zürich"), lacks=("\ufffd",))
    yield Case("utf16le-no-bom", _utf16("le"), "article", contains=("café", FIRST_WORDS))
    yield Case("utf16be-no-bom", _utf16("be"), "article", contains=("café", FIRST_WORDS))
    yield Case("shift-jis-under-latin1-meta", _shift_jis("iso-8859-1"), "article", contains=("東桟橋",))
    yield Case("shift-jis-under-utf8-meta", _shift_jis("utf-8"), "article", contains=("東桟橋",))
    yield Case("invalid-utf8-sequences", _invalid_utf8, "article", contains=("naïve", "Zürich"), lacks=("Ã",))
    yield Case("bom-conflicts-meta", _bom_conflicts_meta, "article", contains=("café", "Москвы"))
    yield Case("utf16-bom-conflicts-meta", _utf16_bom_conflicts_meta, "article", contains=("café",))
    yield Case("unknown-meta-charset-utf8", _unknown_meta("utf-8"), "article", contains=("café",))
    yield Case("unknown-meta-charset-latin1", _unknown_meta("latin-1"), "article", contains=("café",))
    yield Case("meta-utf16-on-ascii-page", _meta_utf16_on_bytes, "article", contains=("café",))
    yield Case("http-charset-conflicts-meta", lambda: page([_LATIN, *prose(3)]).encode(), "article",
               content_type="text/html; charset=Shift_JIS", contains=("café",))
    yield Case("http-latin1-on-utf8", lambda: page([_LATIN, *prose(3)], charset=None).encode(), "article",
               content_type="text/html; charset=ISO-8859-1", contains=("café",), lacks=("Ã",))
    yield Case("http-utf8-on-cp1252", _cp1252_undeclared, "article",
               content_type="text/html; charset=utf-8", contains=("café", "\u2019ll"))
    yield Case("http-garbage-charset", lambda: _html(), "article",
               content_type='text/html; charset="\x00\xff;;=', contains=(FIRST_WORDS,))
    yield Case("cp1252-undeclared", _cp1252_undeclared, "article", contains=("café", "\u2019ll"))
    yield Case("cp1251-undeclared", _cyrillic_undeclared, "article", contains=("Москвы",))
    yield Case("nul-sprinkled-html", _nul_sprinkled, "article", contains=(FIRST_WORDS,))

    # Text that stresses the quote finder and the sentence splitter.
    yield Case("quotes-5000-unbalanced", _quotes_unbalanced, "article", filename="page.txt")
    yield Case("quotes-mixed-styles", _quotes_mixed, "article", filename="page.txt")
    yield Case("quote-never-closed-200-paragraphs", _quote_never_closed, "article", filename="page.txt")
    yield Case("quote-never-closed-html", _quote_never_closed_html, "article")
    yield Case("all-capitals", _all_caps, "article", filename="page.txt")
    yield Case("non-english", _non_english, "article", filename="page.txt", contains=("Москвы", "東桟橋", "码头"))
    yield Case("paragraph-1mb-no-punctuation", _no_punctuation_paragraph, "article", filename="page.txt")

    # Compressed files the CLI opens (read() itself refuses gzip data).
    yield Case("gzip-bomb", _gzip_bomb, "error", filename="page.html.gz")
    yield Case("gzip-truncated", _gzip_truncated, "either", filename="page.html.gz")
    yield Case("gzip-corrupt", _gzip_corrupt, "error", filename="page.html.gz")


CASES: dict[str, Case] = {case.name: case for case in _all()}
