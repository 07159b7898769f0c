"""The page layer: a page (HTML, saved text or a bare body) → a clean Article.

This layer knows nothing of statements; ``onrecord.read`` runs the speech layer after it.
"""

from __future__ import annotations

import re
from typing import Literal

from onrecord.errors import InputError
from onrecord.model import Article
from onrecord.page.body_page import read_body
from onrecord.page.decode import decode, refuse_binary
from onrecord.page.sniff import looks_like_html
from onrecord.page.text_page import read_text_page

Kind = Literal["auto", "html", "text", "body"]
KINDS: tuple[str, ...] = ("auto", "html", "text", "body")

# Input above this is refused before any parsing: no news page comes near it, and a parser
# given hundreds of megabytes can take the whole machine with it.
MAX_INPUT_BYTES = 64 * 1024 * 1024
# Text past this many characters is not read: no article comes near it, and the text reader
# and the speech layer above it work per character (HTML has its own limits, in
# page/html/guard.py). A saved-text page is cut at a paragraph; a body, which must stay the
# caller's text verbatim, is refused.
MAX_TEXT_CHARS = 4 * 1024 * 1024

_SURROGATES = re.compile("[\ud800-\udfff]")

__all__ = ["KINDS", "MAX_INPUT_BYTES", "MAX_TEXT_CHARS", "Kind", "input_size", "read_page", "to_text"]


def to_text(source: str | bytes, *, kind: str = "auto", content_type: str | None = None) -> str:
    if isinstance(source, str):
        return _without_surrogates(source)
    if not isinstance(source, (bytes, bytearray, memoryview)):
        raise InputError(f"expected str or bytes, got {type(source).__name__}")
    data = bytes(source)
    refuse_binary(data)
    return decode(data, content_type=content_type, html=kind in ("auto", "html")).text


def _without_surrogates(text: str) -> str:
    """Lone surrogates (from a bad decode upstream) as U+FFFD, one for one.

    Nothing can write them as UTF-8, so every JSON line or database row with one would fail;
    one character for one keeps a body's offsets pointing into the caller's string.
    """
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATES.sub("\ufffd", text)
    return text


def input_size(source: object) -> int:
    """The input's size in bytes (a str counts as its UTF-8 encoding)."""
    if isinstance(source, str):
        if len(source) > MAX_INPUT_BYTES or source.isascii():
            return len(source)
        # Encoded in slices, so measuring a huge string does not copy it whole.
        step = 1 << 20
        return sum(len(source[i : i + step].encode("utf-8", "surrogatepass")) for i in range(0, len(source), step))
    if isinstance(source, (bytes, bytearray)):
        return len(source)
    if isinstance(source, memoryview):
        return source.nbytes
    raise InputError(f"expected str or bytes, got {type(source).__name__}")


def read_page(
    source: str | bytes,
    *,
    url: str | None = None,
    kind: str = "auto",
    content_type: str | None = None,
) -> Article:
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    size = input_size(source)
    if size > MAX_INPUT_BYTES:
        raise InputError(f"the input is {size / 1048576:.0f} MB; the limit is {MAX_INPUT_BYTES // 1048576} MB")
    text = to_text(source, kind=kind, content_type=content_type)
    if kind == "body":
        if len(text) > MAX_TEXT_CHARS:
            raise InputError(
                f"the body is {len(text) / 1048576:.1f} million characters; the limit is {MAX_TEXT_CHARS // 1048576} million"
            )
        return read_body(text, url=url)
    if not text.strip():
        raise InputError("the input is empty")
    if kind == "auto":
        kind = "html" if looks_like_html(text) else "text"
    if kind == "html":
        from onrecord.page.html import read_html

        return read_html(text, url=url)
    return read_text_page(_cut_text(text), url=url)


def _cut_text(text: str) -> str:
    """The first MAX_TEXT_CHARS characters, ending at a paragraph (else a line, a word)."""
    if len(text) <= MAX_TEXT_CHARS:
        return text
    for sep in ("\n\n", "\n", " "):
        cut = text.rfind(sep, 0, MAX_TEXT_CHARS)
        if cut >= MAX_TEXT_CHARS // 2:
            return text[:cut]
    return text[:MAX_TEXT_CHARS]
