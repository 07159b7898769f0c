"""Limits that keep a hostile page from taking the HTML parser down with it.

Why a model and not a tag count: lexbor's tree builder is quadratic in nesting depth (100,000
nested divs take ~13 s) and in the attributes of one tag (50,000 take ~8 s), and it re-opens
every formatting element that a block closed under it ("reconstruct the active formatting
elements"), so 13 KB of misnested ``<b class=..>`` become a million nodes. What nests is
decided by end tags, implied ends, scopes, comments and raw text, so a regex that counts tags
is fooled by ``<div></x>``, ``<div/>`` or ``<div title="<">``.

``make_safe`` walks the page once, following the tokenizer exactly (tags, attribute quoting,
comments, raw text, script escapes, CDATA in SVG) and the tree builder conservatively: the
common implied ends (p, li, dd/dt, cells, rows, options, headings), end tags by scope, tables
and SVG/MathML are modelled, and the model closes an element only when the parser certainly
does. Elements it cannot be sure of are marked and never closed by name again, so the model's
depth is an upper bound on the parser's. Then:

* at MAX_DEPTH the innermost element is closed before the next one opens, so deep nesting
  becomes siblings (or, when the model is unsure of it, the start tag is dropped);
* formatting elements that the parser would close implicitly get explicit end tags, so it
  has nothing to re-open, and no more than MAX_OPEN_FORMATTING may be open at once;
* a tag keeps its first MAX_ATTRIBUTES attributes;
* past MAX_TAGS tags, or any other budget, the rest of the page is kept as plain text.

A page that needs none of this comes back as the same string. The model is in treemodel.py,
the standard's rules it follows in markup.py.
"""


from __future__ import annotations

import re

from onrecord.page.html.markup import as_text
from onrecord.page.html.treemodel import Limits, Walk

__all__ = ["MAX_HTML_CHARS", "as_text", "make_safe"]

# The limits sit far above real pages: among 800 news pages of many CMSs the largest had
# 1.4 MB of HTML (scripts included; an oversized page loses its scripts before it is cut),
# 19,400 tags, 28,500 attributes, nesting 47 deep and a depth work of
# 130,000. The extractor above costs tens of microseconds a node, so they are kept modest.
MAX_HTML_CHARS = 2 * 1024 * 1024
MAX_DEPTH = 256
MAX_TAGS = 40_000
MAX_ATTRIBUTES = 64
MAX_TOTAL_ATTRIBUTES = 200_000
MAX_OPEN_FORMATTING = 24
# Sum, over kept start tags, of the depth they open at: the extractor walks every block's
# ancestry, so this bounds its work as well as the parser's.
MAX_DEPTH_WORK = 5_000_000
# Past that work, nesting is cut back to this depth (another MAX_DEPTH_WORK allowed) before
# the page is given up as plain text.
SHALLOW_DEPTH = 32
# Sum, over kept tags, of the formatting elements the parser might re-open at each: a bound
# on the elements "reconstruct the active formatting elements" can create.
MAX_REOPEN_WORK = 500_000
# Paragraph breaks kept in a page's plain-text tail.
MAX_TAIL_BREAKS = 2_000
# Steps where the model lost certainty; a messy real page has a handful.
MAX_UNSURE = 1_000


def make_safe(html: str) -> str:
    if len(html) > MAX_HTML_CHARS:
        html = _shrink(html)
    return Walk(html, _limits()).run()


def _limits() -> Limits:
    # Read at each call, so a test (or a caller) can lower one for a while.
    return Limits(
        depth=MAX_DEPTH,
        tags=MAX_TAGS,
        attributes=MAX_ATTRIBUTES,
        total_attributes=MAX_TOTAL_ATTRIBUTES,
        open_formatting=MAX_OPEN_FORMATTING,
        depth_work=MAX_DEPTH_WORK,
        shallow_depth=SHALLOW_DEPTH,
        reopen_work=MAX_REOPEN_WORK,
        unsure=MAX_UNSURE,
        tail_breaks=MAX_TAIL_BREAKS,
    )


def _shrink(html: str) -> str:
    """Scripts and styles go first (they are most of an oversized page), then the tail.

    The whole input is scanned (a 20 MB inline script must not hide the body after it), but
    copying stops once MAX_HTML_CHARS are kept.
    """
    out: list[str] = []
    kept = 0
    pos = 0
    opener = re.compile(r"<(script|style)(?=[\t\n\f\r />])", re.I | re.A)
    while kept < MAX_HTML_CHARS:
        m = opener.search(html, pos)
        if m is None:
            out.append(html[pos : pos + MAX_HTML_CHARS - kept])
            break
        out.append(html[pos : min(m.start(), pos + MAX_HTML_CHARS - kept)])
        kept += len(out[-1])
        closer = re.compile(rf"</{m.group(1)}(?=[\t\n\f\r />])", re.I | re.A).search(html, m.end())
        if closer is None:
            break
        gt = html.find(">", closer.end())
        pos = len(html) if gt < 0 else gt + 1
    return "".join(out)
