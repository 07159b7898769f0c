"""The page layer: a page (HTML, saved text or a bare body) → a clean Article.

This layer knows nothing of statements; ``onrecord.read`` runs the speech layer after it.
"""

from __future__ import annotations

from typing import Literal

from onrecord.errors import InputError
from onrecord.model import Article
from onrecord.page.body_page import read_body
from onrecord.page.decode import decode
from onrecord.page.sniff import looks_like_html
from onrecord.page.text_page import read_text_page

Kind = Literal["auto", "html", "text", "body"]
KINDS: tuple[str, ...] = ("auto", "html", "text", "body")

# Input above this is refused before any parsing: no news page comes near it, and a parser
# given hundreds of megabytes can take the whole machine with it.
MAX_INPUT_BYTES = 64 * 1024 * 1024

__all__ = ["KINDS", "MAX_INPUT_BYTES", "Kind", "read_page", "to_text"]


def to_text(source: str | bytes, *, kind: str = "auto", content_type: str | None = None) -> str:
    if isinstance(source, str):
        return source
    if not isinstance(source, (bytes, bytearray, memoryview)):
        raise InputError(f"expected str or bytes, got {type(source).__name__}")
    return decode(bytes(source), content_type=content_type, html=kind in ("auto", "html")).text


def read_page(
    source: str | bytes,
    *,
    url: str | None = None,
    kind: str = "auto",
    content_type: str | None = None,
) -> Article:
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    size = len(source.encode("utf-8", "surrogatepass") if isinstance(source, str) and len(source) > MAX_INPUT_BYTES // 4 else source)
    if size > MAX_INPUT_BYTES:
        raise InputError(f"the input is {size / 1048576:.0f} MB; the limit is {MAX_INPUT_BYTES // 1048576} MB")
    text = to_text(source, kind=kind, content_type=content_type)
    if kind == "body":
        return read_body(text, url=url)
    if not text.strip():
        raise InputError("the input is empty")
    if kind == "auto":
        kind = "html" if looks_like_html(text) else "text"
    if kind == "html":
        from onrecord.page.html import read_html

        return read_html(text, url=url)
    return read_text_page(text, url=url)
