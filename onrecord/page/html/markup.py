"""What the HTML standard says, as patterns, name sets and small functions: how the tokenizer
reads markup (tags and their attributes, comments, raw text, script escapes) and how the tree
builder treats each element. The guard's model of the parser (treemodel.py) is built on them.

Where lexbor, the parser behind selectolax, follows the 2025 <select> parsing rather than
the older text, the sets say so.
"""

from __future__ import annotations

import re

WS = "\t\n\f\r "
_ATTR_SRC = rf"""[^{WS}/>][^{WS}/>=]*+(?:[{WS}]*+=[{WS}]*+(?:"[^"]*+"|'[^']*+'|[^{WS}>]*+))?"""
# One markup token at a '<', as the HTML tokenizer reads it: comments (with the abrupt "<!-->"
# forms, and an unclosed one running to the end), bogus comments and doctypes up to the first
# '>', and tags, whose quoted attribute values may hold '<' and '>'.
MARKUP = re.compile(
    rf"""<(?:
        (?P<comment>!--(?:-?>|.*?--!?>|.*))
      | (?P<bogus>[!?][^>]*+>?|/(?![A-Za-z])[^>]*+>?)
      | (?P<end>/)?(?P<name>[A-Za-z][^{WS}/>]*+)
        (?P<attrs>(?:[{WS}]++|/(?!>)|{_ATTR_SRC})*+)(?P<selfclose>/?)>
    )""",
    re.S | re.X,
)
ATTR = re.compile(_ATTR_SRC)
TAG_OPEN = re.compile(r"</?[A-Za-z]")
_SCRIPT_TOKEN = re.compile(r"<!--|-->|<(/?)script(?=[\t\n\f\r />])", re.I | re.A)
NO_QUIRKS = re.compile(
    r"\A\ufeff?[\t\n\f\r ]*(?:<!--.*?-->[\t\n\f\r ]*)*<!doctype[\t\n\f\r ]+html[\t\n\f\r ]*>", re.I | re.S | re.A
)
# For the plain-text tail: anything that could open markup is removed, every other '<' escaped.
_TAIL_MARKUP = re.compile(
    r"<!--.*?(?:-->|\Z)|<(script|style|textarea|title|xmp|iframe|noembed|noframes)\b.*?(?:</\1\s*>|\Z)"
    r"|</?([A-Za-z][^\t\n\f\r />]*)[^>]*>?|<[!?][^>]*>?",
    re.S | re.I | re.A,
)
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


def _names(text: str) -> frozenset[str]:
    return frozenset(text.split())


VOID = _names("area base basefont bgsound br col embed frame hr image img input keygen link meta param source track wbr")
RAW_TEXT = _names("script style textarea title xmp iframe noembed noframes")
FORMATTING = _names("a b big code em font i nobr s small strike strong tt u")
SPECIAL = _names(
    """address applet area article aside base basefont bgsound blockquote body br button caption
    center col colgroup dd details dir div dl dt embed fieldset figcaption figure footer
    form frame frameset h1 h2 h3 h4 h5 h6 head header hgroup hr html iframe img input keygen li
    link listing main marquee menu meta nav noembed noframes noscript object ol p param plaintext
    pre script search section select source style summary table tbody td template textarea tfoot
    th thead title tr track ul wbr xmp"""
)
# The default scope's boundaries ("has an element in scope" stops at them). lexbor follows
# the 2025 <select> parsing, in which select bounds scope too.
SCOPE = _names("applet caption html table td th marquee object template select")
TABLE_SCOPE = _names("html table template")
# lexbor also treats an open <select> as a marker (an <a> inside does not close an outer one).
MARKERS = _names("applet object marquee template td th caption select")
CLEARS_FORMATTING = _names("template td th caption")
HEADINGS = _names("h1 h2 h3 h4 h5 h6")
CLOSES_P = _names(
    """address article aside blockquote center details dialog dir div dl fieldset figcaption
    figure footer header hgroup main menu nav ol p search section summary ul h1 h2 h3 h4 h5 h6
    pre listing form li dd dt plaintext hr xmp"""
)
# End tags that close by scope; other special names only close when nothing special is nearer.
SCOPED_END = _names(
    """address article aside blockquote button center details dialog dir div dl fieldset
    figcaption figure footer header hgroup listing main menu nav ol pre search section summary ul
    dd dt applet marquee object select"""
)
IMPLIED_END = _names("dd dt li optgroup option p rb rp rt rtc")
TABLE_PARTS = _names("caption col colgroup tbody td tfoot th thead tr")
TABLE_CONTEXT = _names("table tbody thead tfoot tr td th caption colgroup template")
HEAD_ONLY = _names("base basefont bgsound link meta title style script noscript template noframes")
# Start tags that leave SVG or MathML for HTML.
BREAKOUT = _names(
    """b big blockquote body br center code dd div dl dt em embed h1 h2 h3 h4 h5 h6 head hr i
    img li listing menu meta nobr ol p pre ruby s small span strong strike sub sup table tt u ul
    var"""
)
SVG_INTEGRATION = _names("foreignobject desc title")
MATH_TEXT_INTEGRATION = _names("mi mo mn ms mtext")
# Start tags with rules of their own; any other just opens an element (the fast path).
NOT_PLAIN = (
    CLOSES_P | FORMATTING | RAW_TEXT | TABLE_PARTS | VOID | HEAD_ONLY | HEADINGS
    | _names("""table li dd dt button select option optgroup input keygen textarea rb rtc rp rt
    form frameset svg math a nobr html body head image plaintext template noscript frame""")
)
# Blocks whose only rule is to close an open <p> first (the second fast path).
BLOCK_FAST = CLOSES_P - HEADINGS - _names("form li dd dt plaintext hr xmp")
# End tags that matter even with no element of their name open.
END_NEEDS_RULES = FORMATTING | HEADINGS | _names("html body head br p form colgroup")
_TAIL_BLOCKS = CLOSES_P | TABLE_PARTS | _names("table br hr article aside body html main section")
# Block-level names: a dropped one leaves a space so that the words either side stay apart.
BLOCKISH = CLOSES_P | TABLE_PARTS | _names("table br img hr tr")

# What a <noscript> in <head> may hold (the parser's "in head noscript" mode).
IN_HEAD_NOSCRIPT = _names("link meta style noframes basefont bgsound")

# Tags a template takes without leaving its initial mode.
IN_HEAD = _names("base basefont bgsound link meta noframes script style template title")


def lower(name: str) -> str:
    # The tokenizer lowercases ASCII only ("<ſcript>" is not a script).
    return name.lower() if name.isascii() else name.translate(_ASCII_LOWER)


def attribute_names(attrs: str) -> set[str]:
    return {lower(a.group(0).partition("=")[0].strip(WS)) for a in ATTR.finditer(attrs)}


def html_encoding(attrs: str) -> bool:
    """Whether an annotation-xml's encoding makes it an HTML integration point."""
    for a in ATTR.finditer(attrs):
        name, _, value = a.group(0).partition("=")
        if lower(name.strip(WS)) == "encoding":
            return lower(value.strip(WS).strip("\"'")) in ("text/html", "application/xhtml+xml")
    return False


def script_end(html: str, pos: int) -> int:
    """Where the script starting at ``pos`` ends, following the script-data escape states.

    Inside "<!--", an inner "<script" double-escapes and a "</script>" then does not end the
    script: a page can hide markup from a naive scanner that way. The search steps into a
    "<!--" by two characters only, because its dashes also count towards a "-->".
    """
    state = 0  # 0 data, 1 escaped, 2 double-escaped
    while True:
        tok = _SCRIPT_TOKEN.search(html, pos)
        if tok is None:
            return len(html)
        text = tok.group(0)
        pos = tok.end()
        if text == "<!--":
            if state == 0:
                state = 1
            pos = tok.start() + 2
        elif text == "-->":
            state = 0
        elif tok.group(1):  # </script
            if state == 2:
                state = 1
            else:
                return tok.start()
        elif state == 1:  # <script inside an escape
            state = 2


def as_text(html: str, *, breaks: bool = False, max_breaks: int = 2_000) -> str:
    """Markup removed and every remaining '<' escaped, so a parser finds no tag in it.

    With ``breaks``, a block tag becomes "<br><br>", so that paragraphs (and the footer after
    them) stay apart for the extractor: a <br> never nests, and only re-opens formatting
    elements the parser holds closed, which the caller rules out.
    """
    gap = "<br><br>" if breaks else " "
    # Each break is two elements, so they are few, and spent only where text came before
    # (a run of empty blocks shares one).
    state = {"left": max_breaks, "end": 0, "text": False}

    def replace(m: re.Match[str]) -> str:
        if not state["text"] and not html[state["end"] : m.start()].isspace() and m.start() > state["end"]:
            state["text"] = True
        state["end"] = m.end()
        name = m.group(2)
        if name and state["text"] and state["left"] > 0 and lower(name) in _TAIL_BLOCKS:
            state["left"] -= 1
            state["text"] = False
            return gap
        return " "

    text = _TAIL_MARKUP.sub(replace, html)
    # Every '<' but those of the inserted breaks is escaped.
    return gap.join(part.replace("<", "&lt;") for part in text.split(gap)) if breaks else text.replace("<", "&lt;")
