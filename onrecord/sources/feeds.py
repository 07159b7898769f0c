"""RSS, Atom and sitemap documents → the URLs they list.

Parsing is lxml with every door shut: no DTD loading, no entity substitution, no network, no huge
trees. A document that declares entities at all is refused before parsing, since no feed needs
them and they are how XML bombs and external-entity reads get in.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Literal

from onrecord.errors import InputError

MAX_FEED_BYTES = 50 * 1024 * 1024  # the sitemap protocol's own limit, uncompressed
MAX_URLS = 50_000  # likewise, per sitemap

FeedKind = Literal["rss", "atom", "sitemap", "sitemapindex"]

_ROOTS: dict[str, FeedKind] = {"rss": "rss", "rdf": "rss", "feed": "atom", "urlset": "sitemap", "sitemapindex": "sitemapindex"}
_XML_START = re.compile(rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!DOCTYPE[^>]*>\s*)?<([A-Za-z_][\w.\-]*:)?([A-Za-z_][\w.\-]*)", re.DOTALL)
_ENTITY_DECL = re.compile(rb"<!ENTITY", re.IGNORECASE)


@dataclass
class Feed:
    kind: FeedKind
    urls: list[str] = field(default_factory=list)  # articles (rss, atom, sitemap) or sitemaps (index)
    truncated: bool = False  # more than MAX_URLS were listed


def sniff_feed(data: bytes) -> FeedKind | None:
    """The feed kind when ``data`` starts like a feed or sitemap, else None. Cheap: no parsing."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf")
    found = _XML_START.match(head)
    if not found:
        return None
    return _ROOTS.get(found.group(2).decode("ascii", "replace").lower())


def _local(tag: object) -> str:
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1].lower()


def parse_feed(data: bytes, *, name: str = "the feed") -> Feed:
    """The URLs of an RSS/Atom feed, a sitemap or a sitemap index. Raises InputError."""
    from lxml import etree

    if len(data) > MAX_FEED_BYTES:
        raise InputError(f"{name} is over the {MAX_FEED_BYTES // 1048576} MB feed limit", stage="feed")
    if _ENTITY_DECL.search(data[:65536]):
        raise InputError(f"{name} declares XML entities; refused (no feed needs them)", stage="feed")
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False, recover=False
    )
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError as exc:
        raise InputError(f"{name} is not well-formed XML: {exc}", stage="feed") from exc
    if root is None:
        raise InputError(f"{name} is empty", stage="feed")
    kind = _ROOTS.get(_local(root.tag))
    if kind is None:
        raise InputError(f"{name} is XML but not a feed or sitemap (root element <{_local(root.tag)}>)", stage="feed")
    feed = Feed(kind)
    seen: set[str] = set()

    def add(url: str | None) -> None:
        url = (url or "").strip()
        if not url.startswith(("http://", "https://")) or url in seen:
            return
        if len(feed.urls) >= MAX_URLS:
            feed.truncated = True
            return
        seen.add(url)
        feed.urls.append(url)

    if kind in ("sitemap", "sitemapindex"):
        for loc in root.iter():
            if _local(loc.tag) == "loc" and _local(loc.getparent().tag) in ("url", "sitemap"):
                add(loc.text)
    elif kind == "atom":
        for entry in root.iter():
            if _local(entry.tag) != "entry":
                continue
            links = [el for el in entry if _local(el.tag) == "link"]
            # The alternate link is the article; without rel it is alternate by definition.
            chosen = [el for el in links if el.get("rel", "alternate") == "alternate"] or links
            if chosen:
                add(chosen[0].get("href"))
    else:
        for item in root.iter():
            if _local(item.tag) != "item":
                continue
            link = next((el.text for el in item if _local(el.tag) == "link" and el.text), None)
            if link is None:
                guid = next((el for el in item if _local(el.tag) == "guid"), None)
                if guid is not None and guid.get("isPermaLink", "true") != "false":
                    link = guid.text
            add(link)
    return feed
