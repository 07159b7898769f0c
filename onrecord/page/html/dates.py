"""Publication and modification dates: structured data first, htmldate as the fallback."""

from __future__ import annotations

import re
from typing import Any

from onrecord.page.dates import normalise_iso, parse_date_text
from onrecord.page.html.meta import Meta, first_str

_PUBLISHED_TAGS = (
    "article:published_time", "og:article:published_time", "article:published", "published_time",
    "datepublished", "date_published", "publishdate", "publish_date", "publish-date", "pubdate",
    "parsely-pub-date", "sailthru.date", "dc.date.issued", "dcterms.date", "dcterms.created",
    "dc.date", "dc.date.created", "date", "og:published_time", "article.published",
    "cxenseparse:recs:publishtime", "originalpublicationdate", "displaydate", "citation_publication_date",
    "citation_date", "rnews:datepublished", "article_date_original", "timestamp",
)
_MODIFIED_TAGS = (
    "article:modified_time", "og:updated_time", "article:modified", "datemodified", "modified_time",
    "last-modified", "lastmod", "dcterms.modified", "dc.date.modified",
)
_URL_DATE = re.compile(r"/((?:19|20)\d{2})[/_-]?(0[1-9]|1[0-2])[/_-]?(0[1-9]|[12]\d|3[01])(?:/|[_-]|$)")


def _from_ld(meta: Meta, key: str) -> str | None:
    value = normalise_iso(first_str(meta.article.get(key)))
    if value:
        return value
    for obj in meta.graph:
        value = normalise_iso(first_str(obj.get(key)))
        if value:
            return value
    return None


def published_date(meta: Meta, tree: Any, html: str, date_lines: list[str], url: str | None) -> str | None:
    found = _from_ld(meta, "datePublished") or _from_ld(meta, "dateCreated")
    if found:
        return found
    for key in _PUBLISHED_TAGS:
        value = normalise_iso(meta.tags.get(key))
        if value:
            return value
    for key in ("datePublished", "dateCreated"):
        value = normalise_iso(meta.microdata.get(key))
        if value:
            return value
    for node in tree.css("time[pubdate], time[datetime]")[:3]:
        value = normalise_iso(node.attributes.get("datetime"))
        if value:
            return value
    if url:
        m = _URL_DATE.search(url)
        if m:
            value = normalise_iso("-".join(m.groups()))
            if value:
                return value
    for line in date_lines:
        value = parse_date_text(line)
        if value:
            return value
    return _htmldate(html, url)


def modified_date(meta: Meta) -> str | None:
    found = _from_ld(meta, "dateModified")
    if found:
        return found
    for key in _MODIFIED_TAGS:
        value = normalise_iso(meta.tags.get(key))
        if value:
            return value
    return normalise_iso(meta.microdata.get("dateModified"))


def _htmldate(html: str, url: str | None) -> str | None:
    try:
        from htmldate import find_date
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    try:
        return find_date(html, url=url, original_date=True, extensive_search=True)
    except Exception:  # htmldate raises assorted errors on odd pages; a date is optional
        return None
