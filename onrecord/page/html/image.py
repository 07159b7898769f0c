"""The lead image, its caption and its credit."""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin

from onrecord.model import LeadImage
from onrecord.page.furniture import credit_of, split_caption_credit
from onrecord.page.html.boilerplate import tokens
from onrecord.page.html.flatten import Doc
from onrecord.page.html.meta import Meta, first_str

_CREDIT_TOKENS = frozenset(
    "credit credits copyright photographer photocredit imagecredit source attribution byline author courtesy".split()
)


def _img_src(attrs: dict[str, str | None] | None) -> str | None:
    if not attrs:
        return None
    for key in ("src", "data-src", "data-lazy-src", "data-original", "data-url"):
        value = attrs.get(key)
        if value and not value.startswith("data:"):
            return value.strip()
    srcset = attrs.get("srcset") or attrs.get("data-srcset")
    if srcset:
        return srcset.strip().split(",")[0].split()[0]
    return None


def _basename(url: str | None) -> str:
    if not url:
        return ""
    return url.split("?")[0].rstrip("/").rsplit("/", 1)[-1].lower()


def _is_credit_element(attrs: dict[str, str | None] | None) -> bool:
    if not attrs:
        return False
    names = " ".join(v for v in (attrs.get("class"), attrs.get("id"), attrs.get("itemprop")) if v)
    return bool(names) and bool(set(tokens(names)) & _CREDIT_TOKENS)


def _figure_parts(doc: Doc, figure: int) -> tuple[str | None, str | None, str | None, str | None]:
    """(image url, alt, caption, credit) of one figure-like element."""
    src = alt = None
    caption_parts: list[str] = []
    credit_parts: list[str] = []
    elements = doc.elements
    end = figure + 1
    while end < len(elements) and elements[end].depth > elements[figure].depth:
        el = elements[end]
        if el.tag == "img" and src is None:
            src = _img_src(el.attrs)
            alt = (el.attrs or {}).get("alt") or None
        end += 1
    for run in doc.runs:
        if not figure <= run.owner < end:
            continue
        in_credit = False
        a = run.owner
        while a > figure:
            if _is_credit_element(elements[a].attrs) or elements[a].tag in ("small", "cite"):
                in_credit = True
                break
            a = elements[a].parent
        (credit_parts if in_credit else caption_parts).append(run.text)
    caption = " ".join(caption_parts).strip() or None
    credit = " ".join(credit_parts).strip() or None
    if caption:
        head, tail = split_caption_credit(caption)
        if tail and not credit:
            caption, credit = head, tail
    if credit:
        credit = credit_of(credit) or credit.strip(" ()")
    return src, alt, caption, credit


def lead_image(doc: Doc, container: int, meta: Meta, url: str | None) -> LeadImage | None:
    declared = (
        meta.get("og:image", "og:image:url", "og:image:secure_url", "twitter:image", "twitter:image:src")
        or first_str(meta.article.get("image"))
        or first_str(meta.article.get("thumbnailUrl"))
    )
    figures = [i for i, el in enumerate(doc.elements) if el.tag == "figure"]
    chosen: tuple[str | None, str | None, str | None, str | None] | None = None
    if figures:
        target = _basename(declared)
        in_story = [f for f in figures if container in doc.ancestors(f) or f < container]
        candidates = in_story or figures
        for f in candidates[:12]:
            parts = _figure_parts(doc, f)
            if target and _basename(parts[0]) == target:
                chosen = parts
                break
        if chosen is None:
            below = [f for f in candidates if container in doc.ancestors(f)]
            first = below[0] if below else candidates[0]
            parts = _figure_parts(doc, first)
            if parts[0] and (not declared or parts[2] or parts[3]):
                chosen = parts
    image_obj = meta.article.get("image")
    if isinstance(image_obj, list) and image_obj:
        image_obj = image_obj[0]
    ld_caption = ld_credit = None
    if isinstance(image_obj, dict):
        ld_caption = first_str(image_obj.get("caption")) or first_str(image_obj.get("description"))
        ld_credit = (
            first_str(image_obj.get("creditText"))
            or first_str(image_obj.get("copyrightHolder"))
            or first_str(image_obj.get("author"))
        )
    src = declared or (chosen[0] if chosen else None)
    if src is None and chosen is None:
        return None
    caption = (chosen[2] if chosen else None) or ld_caption
    credit = (chosen[3] if chosen else None) or ld_credit
    alt = chosen[1] if chosen else meta.get("og:image:alt", "twitter:image:alt")
    if src and url:
        try:
            src = urljoin(url, src)
        except ValueError:
            pass
    return LeadImage(url=src, caption=caption, credit=credit, alt=alt)
