"""Structured data a page states about itself: JSON-LD, OpenGraph, <meta> and microdata."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

_ARTICLE_TYPES = frozenset(
    """article newsarticle reportagenewsarticle analysisnewsarticle opinionnewsarticle
    backgroundnewsarticle reviewnewsarticle askpublicnewsarticle blogposting socialmediaposting
    liveblogposting scholarlyarticle techarticle report webpage medicalwebpage
    creativework""".split()
)
_PAGE_TYPES = frozenset(("webpage", "creativework"))
_MAX_JSONLD_CHARS = 2_000_000


@dataclass
class Meta:
    html_title: str | None = None
    lang: str | None = None
    tags: dict[str, str] = field(default_factory=dict)  # meta name/property (lowercased) → content
    article: dict[str, Any] = field(default_factory=dict)  # the JSON-LD article object
    graph: list[dict[str, Any]] = field(default_factory=list)  # every JSON-LD object
    microdata: dict[str, str] = field(default_factory=dict)
    canonical: str | None = None

    def get(self, *names: str) -> str | None:
        for name in names:
            value = self.tags.get(name)
            if value and value.strip():
                return value.strip()
        return None


def _objects(data: Any, depth: int = 0) -> list[dict[str, Any]]:
    """Every JSON-LD object, with @graph and nested lists flattened."""
    if depth > 6:
        return []
    out: list[dict[str, Any]] = []
    if isinstance(data, list):
        for item in data[:200]:
            out.extend(_objects(item, depth + 1))
    elif isinstance(data, dict):
        out.append(data)
        graph = data.get("@graph")
        if graph is not None:
            out.extend(_objects(graph, depth + 1))
        main = data.get("mainEntity") or data.get("mainEntityOfPage")
        if isinstance(main, dict) and "@type" in main:
            out.extend(_objects(main, depth + 1))
    return out


def types_of(obj: dict[str, Any]) -> set[str]:
    t = obj.get("@type")
    if isinstance(t, str):
        return {t.lower().rsplit("/", 1)[-1]}
    if isinstance(t, list):
        return {x.lower().rsplit("/", 1)[-1] for x in t if isinstance(x, str)}
    return set()


def _load_jsonld(raw: str) -> Any:
    raw = raw.strip()
    if not raw or len(raw) > _MAX_JSONLD_CHARS:
        return None
    if raw.startswith(("<!--", "//<![CDATA[")):
        raw = re.sub(r"^(?://)?\s*(?:<!--|<!\[CDATA\[)|(?://)?\s*(?:-->|\]\]>)\s*$", "", raw).strip()
    try:
        return json.loads(raw)
    except (ValueError, RecursionError):  # deep nesting is a broken block, not a broken page
        pass
    # Common breakage: raw newlines inside strings, trailing commas.
    fixed = re.sub(r",\s*([}\]])", r"\1", raw.replace("\n", " ").replace("\r", " ").replace("\t", " "))
    try:
        return json.loads(fixed)
    except (ValueError, RecursionError):
        return None


def read_meta(tree: Any) -> Meta:
    meta = Meta()
    html = tree.css_first("html")
    if html is not None:
        meta.lang = (html.attributes.get("lang") or html.attributes.get("xml:lang") or "").strip() or None
    title = tree.css_first("title")
    if title is not None:
        meta.html_title = title.text(strip=True) or None
    for node in tree.css("meta"):
        attrs = node.attributes
        key = attrs.get("property") or attrs.get("name") or attrs.get("itemprop") or attrs.get("http-equiv")
        content = attrs.get("content")
        if key and content:
            key = key.strip().lower()
            if key not in meta.tags:
                meta.tags[key] = content
    for node in tree.css('link[rel="canonical"]'):
        href = node.attributes.get("href")
        if href:
            meta.canonical = href.strip()
            break

    objects: list[dict[str, Any]] = []
    for node in tree.css('script[type="application/ld+json"]'):
        data = _load_jsonld(node.text(deep=True))
        if data is not None:
            objects.extend(_objects(data))
    meta.graph = objects
    meta.article = _pick_article(objects)

    publisher = tree.css_first('[itemprop="publisher"]')
    if publisher is not None:
        name = publisher.css_first('[itemprop="name"]')
        if name is not None:
            value = name.attributes.get("content") or name.text(strip=True, separator=" ")
            if value:
                meta.microdata["publisher"] = value.strip()[:200]
    for node in tree.css("[itemprop]"):
        prop = (node.attributes.get("itemprop") or "").strip()
        if not prop or prop in meta.microdata or prop == "articleBody":
            continue
        attrs = node.attributes
        value = attrs.get("content") or attrs.get("datetime")
        if value is None and prop in ("author", "name", "headline", "datePublished", "dateModified"):
            value = node.text(strip=True, separator=" ")
        if value:
            meta.microdata[prop] = value.strip()[:300]
    return meta


def _pick_article(objects: list[dict[str, Any]]) -> dict[str, Any]:
    best: dict[str, Any] = {}
    best_rank = 99
    for obj in objects:
        types = types_of(obj)
        if not types & _ARTICLE_TYPES:
            continue
        rank = 2 if types <= _PAGE_TYPES else 0
        if rank == 0 and not obj.get("headline") and not obj.get("articleBody"):
            rank = 1
        if rank < best_rank:
            best, best_rank = obj, rank
    return best


def names_of(value: Any, depth: int = 0) -> list[str]:
    """Names from a JSON-LD author/publisher value: a string, an object or a list of them."""
    if depth > 3 or value is None:
        return []
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        out: list[str] = []
        for item in value[:20]:
            out.extend(names_of(item, depth + 1))
        return out
    if isinstance(value, dict):
        name = value.get("name")
        if isinstance(name, str):
            return [name]
        if isinstance(name, list):
            return [n for n in name if isinstance(n, str)]
        given, family = value.get("givenName"), value.get("familyName")
        if isinstance(given, str) and isinstance(family, str):
            return [f"{given} {family}"]
    return []


def first_str(value: Any) -> str | None:
    if isinstance(value, str):
        return value.strip() or None
    if isinstance(value, list):
        for item in value:
            found = first_str(item)
            if found:
                return found
    if isinstance(value, dict):
        for key in ("url", "contentUrl", "@id", "name"):
            found = first_str(value.get(key))
            if found:
                return found
    return None
