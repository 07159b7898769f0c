"""Publication and modification dates: structured data first, htmldate as the fallback."""

from __future__ import annotations

import re
from typing import Any

# Imported with the module, not on the first page that needs it: that page would otherwise pay
# a tenth of a second of imports, and a long-running reader pays it once anyway.
from htmldate import find_date

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
_SCRIPTS = re.compile(r"<(script|style|svg)\b[^>]*>.*?</\1\s*>", re.I | re.S)
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
    url_date = _url_date(url)
    found = _structured(meta)
    if found:
        # A timestamp in UTC often falls on the next calendar day; the URL was minted locally.
        if url_date and url_date != found[:10] and _days_apart(url_date, found[:10]) <= 2:
            return url_date
        return _to_local(found, _time_element(tree))
    if url_date:
        return url_date  # a date in the URL beats a <time> element, which may date a teaser
    for line in date_lines:
        value = parse_date_text(line)
        if value:
            return value
    # htmldate weighs every date on the page; a lone <time> element is the weaker witness.
    return _htmldate(html, url) or _time_element(tree)


def _to_local(stamp: str, local: str | None) -> str:
    """A UTC timestamp shown in the offset the page itself uses, so its date is the local one."""
    import datetime as dt

    try:
        instant = dt.datetime.fromisoformat(stamp)
        other = dt.datetime.fromisoformat(local) if local else None
    except ValueError:
        return stamp
    if instant.utcoffset() != dt.timedelta(0) or other is None or other.utcoffset() in (None, dt.timedelta(0)):
        return stamp
    return instant.astimezone(other.tzinfo).isoformat()


def _structured(meta: Meta) -> str | None:
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
    return None


def _time_element(tree: Any) -> str | None:
    # Only the article's own <time>: the first one on a page often dates a teaser.
    for node in tree.css("time[pubdate], article time[datetime], header time[datetime]")[:3]:
        value = normalise_iso(node.attributes.get("datetime"))
        if value:
            return value
    return None


def _url_date(url: str | None) -> str | None:
    if not url:
        return None
    m = _URL_DATE.search(url)
    return normalise_iso("-".join(m.groups())) if m else None


def _days_apart(a: str, b: str) -> int:
    import datetime as dt

    try:
        return abs((dt.date.fromisoformat(a) - dt.date.fromisoformat(b)).days)
    except ValueError:
        return 999


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
    # htmldate parses the page again: without scripts and styles that is several times cheaper,
    # and the structured data in them has been read already.
    lean = _SCRIPTS.sub(" ", html) if len(html) > 20_000 else html
    try:
        # The quick search first: when it finds a date the extensive one (a scan of all the
        # page's text) is spared, and on htmldate's own benchmark it is as accurate.
        return find_date(lean, url=url, original_date=True, extensive_search=False) or find_date(
            lean, url=url, original_date=True, extensive_search=True
        )
    except Exception:  # htmldate raises assorted errors on odd pages; a date is optional
        return None
