from __future__ import annotations

import pytest

from onrecord.errors import InputError
from onrecord.sources.feeds import parse_feed, sniff_feed

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Harbour</title>
<item><title>One</title><link>https://h.example/one</link></item>
<item><title>Two</title><guid isPermaLink="true">https://h.example/two</guid></item>
<item><title>Three</title><guid isPermaLink="false">tag:h.example,3</guid></item>
<item><title>Dup</title><link>https://h.example/one</link></item>
</channel></rss>"""

ATOM = b"""<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title>
<entry><link rel="self" href="https://a.example/self/1"/><link rel="alternate" href="https://a.example/1"/></entry>
<entry><link href="https://a.example/2"/></entry></feed>"""

SITEMAP = b"""<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc> https://s.example/a </loc></url><url><loc>ftp://s.example/b</loc></url></urlset>"""

INDEX = b"""<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://s.example/sitemap-1.xml</loc></sitemap></sitemapindex>"""


def test_kinds_and_urls() -> None:
    assert parse_feed(RSS).urls == ["https://h.example/one", "https://h.example/two"]
    assert parse_feed(ATOM).urls == ["https://a.example/1", "https://a.example/2"]
    assert parse_feed(SITEMAP).urls == ["https://s.example/a"]
    index = parse_feed(INDEX)
    assert index.kind == "sitemapindex" and index.urls == ["https://s.example/sitemap-1.xml"]
    assert [sniff_feed(x) for x in (RSS, ATOM, SITEMAP, INDEX, b"<html><body>hi</body></html>")] == [
        "rss", "atom", "sitemap", "sitemapindex", None,
    ]


def test_entity_tricks_are_refused() -> None:
    bomb = b"""<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">
    <!ENTITY c "&b;&b;&b;&b;&b;&b;">]><rss><channel><item><link>&c;</link></item></channel></rss>"""
    xxe = b"""<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>
    <urlset><url><loc>&x;</loc></url></urlset>"""
    for doc in (bomb, xxe):
        with pytest.raises(InputError, match="entities"):
            parse_feed(doc)


def test_not_xml_and_not_a_feed() -> None:
    with pytest.raises(InputError, match="not well-formed"):
        parse_feed(b"<rss><channel><item>")
    with pytest.raises(InputError, match="not a feed"):
        parse_feed(b"<html><body/></html>")
