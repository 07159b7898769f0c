"""HTML → Article: structured data for the facts about the page, our extractor for the story."""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser

from onrecord.model import Article
from onrecord.page.authors import byline_names, clean_authors
from onrecord.page.blocks import Block, compose, reading_minutes
from onrecord.page.furniture import reading_time
from onrecord.page.html.byline import visible_byline
from onrecord.page.html.content import extract_content
from onrecord.page.html.dates import modified_date, published_date
from onrecord.page.html.flatten import SKIP, Doc, flatten
from onrecord.page.html.guard import MAX_HTML_CHARS, make_safe
from onrecord.page.html.image import lead_image
from onrecord.page.html.meta import Meta, first_str, names_of, read_meta
from onrecord.page.language import guess_language, normalise_language

__all__ = ["read_html"]

_NEVER_TEXT = sorted(SKIP - {"head"})
_TITLE_SEPARATORS = re.compile(r"\s+[|\-–—·:»«]\s+|\s+::\s+")
_WORDS = re.compile(r"\w+")


def read_html(html: str, *, url: str | None = None) -> Article:
    if _needs_guard(html):
        html = make_safe(html)
    tree = LexborHTMLParser(html)
    meta = read_meta(tree)
    # Scripts, styles and SVG never hold page text; lexbor drops them in C, so the Python walk
    # never visits their thousands of nodes.
    tree.strip_tags(_NEVER_TEXT)
    doc = flatten(tree.root if tree.root is not None else tree.body)
    content = extract_content(doc)

    site_name = _site_name(meta)
    title = _title(meta, content.h1, site_name, content.blocks)
    blocks = _drop_title(content.blocks, title)
    text, paragraphs = compose(blocks)

    article = Article(url=url or meta.canonical or meta.get("og:url"), source_kind="html")
    article.title = title
    article.site_name = site_name
    article.description = meta.get("og:description", "description", "twitter:description") or first_str(
        meta.article.get("description")
    )
    article.authors = _authors(meta, content.bylines, site_name, doc)
    article.published = published_date(meta, tree, html, content.dates, url)
    article.modified = modified_date(meta)
    article.language = normalise_language(
        meta.lang or meta.get("og:locale", "content-language", "language", "dc.language")
        or first_str(meta.article.get("inLanguage"))
    ) or guess_language(text)
    article.lead_image = lead_image(doc, content.container, meta, article.url)
    if article.lead_image and not article.lead_image.credit and content.credits:
        article.lead_image.credit = content.credits[0]
    article.stated_reading_time_minutes = content.reading_time or _declared_reading_time(meta)
    article.text = text
    article.paragraphs = paragraphs
    article.headings = [text[p.start : p.end] for p in paragraphs if p.kind == "heading"]
    article.reading_time_minutes = reading_minutes(text)
    return article


# One scan for both: each match is "" for a start tag and "/" for an end tag.
_FORMATTING_TAG = re.compile(r"<(/?)(?:a|b|big|code|em|font|i|nobr|s|small|strike|strong|tt|u)(?=[\s/>])", re.I)
# A tag with hundreds of attributes (lexbor is quadratic in them). Possessive quantifiers keep
# the scan linear on script text full of "<".
_MANY_ATTRIBUTES = re.compile(r"<[A-Za-z][\w:-]*+(?:\s++[^\s=>/\"']++(?:=(?:\"[^\"]*+\"|'[^']*+'|[^\s>]*+))?+){300}")
# Among 800 real pages the 99th percentile of unclosed formatting tags is 35; lexbor's blow-up
# (re-opening them under every block) needs hundreds.
_FORMATTING_SLACK = 64
_TAGS_WITHOUT_MODEL = 15_000


def _needs_guard(html: str) -> bool:
    """Cheap checks (C-speed scans) that rule a page out of the parser's pathological cases;
    only a page that fails one pays for the guard's full tree-builder model."""
    if len(html) > MAX_HTML_CHARS or html.count("<") > _TAGS_WITHOUT_MODEL:
        return True
    if _MANY_ATTRIBUTES.search(html):
        return True
    tags = _FORMATTING_TAG.findall(html)
    ends = tags.count("/")
    return len(tags) - 2 * ends > _FORMATTING_SLACK


def _site_name(meta: Meta) -> str | None:
    name = meta.get("og:site_name", "application-name", "al:android:app_name", "al:ios:app_name")
    if name:
        return name
    publisher = meta.article.get("publisher")
    names = names_of(publisher)
    if names:
        return names[0].strip()
    return meta.microdata.get("publisher")


def _similar(a: str, b: str) -> bool:
    wa, wb = set(_WORDS.findall(a.lower())), set(_WORDS.findall(b.lower()))
    if not wa or not wb:
        return False
    return len(wa & wb) / min(len(wa), len(wb)) >= 0.8


def _clean_html_title(title: str, site_name: str | None) -> str:
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    if site_name:
        kept = [p for p in parts if not _similar(p, site_name)]
        if kept and len(kept) < len(parts):
            return " - ".join(kept) if len(kept) > 1 else kept[0]
    # "Headline | Site": the longest part is the headline.
    return max(parts, key=len)


def _title(meta: Meta, h1: list[str], site_name: str | None, blocks: list[Block]) -> str | None:
    declared = [
        t
        for t in (
            first_str(meta.article.get("headline")),
            meta.get("og:title", "twitter:title", "dc.title", "sailthru.title", "parsely-title"),
            meta.microdata.get("headline"),
        )
        if t
    ]
    html_title = meta.html_title
    for candidate in h1:
        if any(_similar(candidate, d) for d in declared) or (html_title and _similar(candidate, html_title)):
            return candidate
    if declared:
        return _clean_html_title(declared[0], site_name) if site_name else declared[0]
    if not h1 and blocks and blocks[0].kind == "heading" and len(blocks) > 1:
        # No <h1>, no declared title: a hand-made page's headline is its first bold line, when
        # the <title> is only the site's name.
        first = blocks[0].text
        if len(first.split()) <= 16 and not (html_title and _similar(first, html_title)):
            return first
    if html_title:
        return _clean_html_title(html_title, site_name)
    return h1[0] if h1 else None


def _drop_title(blocks: list[Block], title: str | None) -> list[Block]:
    """The headline heads the page, not the body."""
    if not title or not blocks:
        return blocks
    for i, block in enumerate(blocks[:3]):
        if block.kind == "heading" and _similar(block.text, title) and len(block.text) <= len(title) * 1.3:
            return blocks[:i] + blocks[i + 1 :]
    return blocks


def _authors(meta: Meta, bylines: list[str], site_name: str | None, doc: Doc) -> list[str]:
    raws: list[str] = []
    raws.extend(names_of(meta.article.get("author")))
    if not raws:
        raws.extend(names_of(meta.article.get("creator")))
    if not raws:
        for key in ("author", "article:author", "parsely-author", "sailthru.author", "dc.creator", "byl", "twitter:creator"):
            value = meta.tags.get(key)
            if value and not value.startswith(("http", "@")):
                raws.append(value)
                break
    if not raws and meta.microdata.get("author"):
        raws.append(meta.microdata["author"])
    authors = clean_authors(raws, site_names=[site_name])
    if authors:
        return authors
    for line in bylines:
        names = byline_names(line)
        if names:
            return clean_authors(names, site_names=[site_name])
    return clean_authors(visible_byline(doc), site_names=[site_name])


def _declared_reading_time(meta: Meta) -> int | None:
    # Yoast and similar plugins put "Est. reading time" into Twitter's label/data pairs.
    for i in ("1", "2", "3"):
        label = meta.tags.get(f"twitter:label{i}", "")
        if "reading" in label.lower() or "lesezeit" in label.lower():
            m = re.search(r"\d+", meta.tags.get(f"twitter:data{i}", ""))
            if m:
                return int(m.group(0))
    required = meta.article.get("timeRequired")
    if isinstance(required, str):
        m = re.fullmatch(r"PT(?:(\d+)H)?(\d+)M", required.strip())
        if m:
            return int(m.group(1) or 0) * 60 + int(m.group(2))
    value = meta.get("reading-time", "readingtime")
    if value:
        return reading_time(value) or (int(value) if value.isdigit() else None)
    return None
