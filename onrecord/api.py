"""The library API: ``read`` a page into an Article, ``attribute`` statements in a bare text."""

from __future__ import annotations

from onrecord.model import Article, Statement
from onrecord.page import read_page


def read(
    source: str | bytes,
    *,
    url: str | None = None,
    kind: str = "auto",
    statements: bool = True,
    fast: bool = False,
    content_type: str | None = None,
) -> Article:
    """Read one page (HTML, saved text or a bare body) into an Article.

    ``source`` is normally the raw bytes of the page: they are decoded here (BOM, then
    ``content_type``'s charset, then the page's <meta>, then sniffing). ``kind`` is one of
    auto, html, text or body; with ``body`` the input is taken verbatim as the body, so all
    offsets point into it. ``statements=False`` skips the speech layer; ``fast=True`` uses the
    rules-only attribution path (direct quotes without a parser).
    """
    article = read_page(source, url=url, kind=kind, content_type=content_type)
    if statements:
        from onrecord.speech import annotate

        annotate(article, fast=fast)
    return article


def attribute(text: str, *, fast: bool = False) -> list[Statement]:
    """Statements in a bare body text; offsets index ``text``."""
    article = read_page(text, kind="body")
    from onrecord.speech import annotate

    annotate(article, fast=fast)
    return article.statements
