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


def read_many(
    sources: list[str | bytes],
    *,
    urls: list[str | None] | None = None,
    content_types: list[str | None] | None = None,
    kind: str = "auto",
    statements: bool = True,
    fast: bool = False,
) -> list[Article | Exception]:
    """``read`` for a batch, in order. A page that cannot be read gives its exception in its
    place; the others are still read. Batches attribute faster than single pages."""
    from onrecord.errors import OnrecordError

    urls = urls or [None] * len(sources)
    content_types = content_types or [None] * len(sources)
    out: list[Article | Exception] = []
    for source, url, content_type in zip(sources, urls, content_types):
        try:
            out.append(read_page(source, url=url, kind=kind, content_type=content_type))
        except (OnrecordError, ValueError, RecursionError, MemoryError) as exc:
            out.append(exc)
    if statements:
        from onrecord.speech import annotate, annotate_many

        articles = [a for a in out if isinstance(a, Article)]
        try:
            annotate_many(articles, fast=fast)
        except Exception:  # one page's failure must not cost the batch: retry them one by one
            for i, item in enumerate(out):
                if isinstance(item, Article):
                    try:
                        annotate(item, fast=fast)
                    except Exception as exc:  # recorded in the page's place, as bad input is
                        out[i] = exc
    return out


def attribute(text: str, *, fast: bool = False) -> list[Statement]:
    """Statements in a bare body text; offsets index ``text``."""
    article = read_page(text, kind="body")
    from onrecord.speech import annotate

    annotate(article, fast=fast)
    return article.statements
