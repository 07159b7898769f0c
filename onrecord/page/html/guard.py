"""Limits that keep a hostile page from taking the parser down with it.

lexbor's tree builder is quadratic in nesting depth (100,000 nested divs take minutes), and a
page of a million tags takes gigabytes. Real pages never come near these limits, so the
checks only run on inputs big enough to need them.
"""

from __future__ import annotations

import re

MAX_DEPTH = 1_000
MAX_TAGS = 200_000
MAX_HTML_CHARS = 16 * 1024 * 1024
_CHECK_ABOVE_TAGS = 5_000
_SCRIPT_STYLE = re.compile(r"<(script|style)\b[^>]*>.*?</\1\s*>", re.I | re.S)
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9:-]*)[^<>]*?(/?)>")
_VOID = frozenset(
    "area base br col embed hr img input link meta param source track wbr p li td tr th option dt dd".split()
)


def make_safe(html: str) -> str:
    if len(html) > MAX_HTML_CHARS:
        html = _SCRIPT_STYLE.sub("", html)
        if len(html) > MAX_HTML_CHARS:
            html = html[:MAX_HTML_CHARS]
    if html.count("<") <= _CHECK_ABOVE_TAGS:
        return html
    return _limit_structure(html)


def _limit_structure(html: str) -> str:
    """Drop tags beyond MAX_DEPTH levels and past MAX_TAGS, keeping all the text."""
    out: list[str] = []
    depth = 0
    tags = 0
    last = 0
    changed = False
    for m in _TAG.finditer(html):
        closing, name, selfclose = m.group(1), m.group(2).lower(), m.group(3)
        tags += 1
        keep = tags <= MAX_TAGS
        if name in _VOID or selfclose:
            pass
        elif closing:
            keep = keep and depth <= MAX_DEPTH
            depth = max(0, depth - 1)
        else:
            depth += 1
            keep = keep and depth <= MAX_DEPTH
        if not keep:
            out.append(html[last : m.start()])
            out.append(" ")
            last = m.end()
            changed = True
    if not changed:
        return html
    out.append(html[last:])
    return "".join(out)
