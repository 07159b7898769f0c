"""The lead image, its caption and its credit.

Pages mark these up in three ways: a <figure> with a <figcaption> (and often a credit span
inside it), a bare <img> followed by a caption block ("cutline", "field-image-caption") and a
credit block, or only OpenGraph/JSON-LD data. All three are read here, the declared image
(og:image) deciding between candidates.
"""

from __future__ import annotations

import bisect
from urllib.parse import urljoin

from onrecord.model import LeadImage
from onrecord.page.furniture import credit_of, split_caption_credit
from onrecord.page.html.boilerplate import tokens
from onrecord.page.html.flatten import Doc
from onrecord.page.html.meta import Meta, first_str

_IMAGE_TAGS = ("img", "amp-img", "image")
_CREDIT_TOKENS = frozenset(
    "credit credits copyright photographer photocredit imagecredit attribution courtesy credittext copyrightholder".split()
)
_CAPTION_TOKENS = frozenset("caption cutline legend imagecaption figcaption subtitle imagesubtitle bildunterschrift".split())
_MAX_CAPTION = 400


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


def _names(attrs: dict[str, str | None] | None) -> set[str]:
    if not attrs:
        return set()
    value = " ".join(v for v in (attrs.get("class"), attrs.get("id"), attrs.get("itemprop")) if v)
    toks = tokens(value) if value else []
    return set(toks) | {a + b for a, b in zip(toks, toks[1:])}


def _clean(text: str | None) -> str | None:
    if not text:
        return None
    text = " ".join(text.split())
    return text or None


def _figure_parts(doc: Doc, figure: int) -> tuple[str | None, str | None, str | None, str | None]:
    """(image url, alt, caption, credit) of a <figure>."""
    elements = doc.elements
    end = doc.subtree_end(figure)
    src = alt = None
    caption_node = credit_node = None
    for i in range(figure + 1, end):
        el = elements[i]
        if el.tag in _IMAGE_TAGS and src is None:
            src = _img_src(el.attrs)
            alt = (el.attrs or {}).get("alt") or None
        names = _names(el.attrs)
        if credit_node is None and (names & _CREDIT_TOKENS or el.tag in ("cite", "small")):
            credit_node = el.node
        elif caption_node is None and (el.tag == "figcaption" or names & _CAPTION_TOKENS):
            caption_node = el.node
    credit = _clean(credit_node.text(deep=True, separator=" ")) if credit_node is not None else None
    caption = _clean(caption_node.text(deep=True, separator=" ")) if caption_node is not None else None
    if caption and credit and credit in caption:
        caption = _clean(caption.replace(credit, " "))
    return src, alt, caption, credit


def _loose_parts(doc: Doc, image: int, owners: list[int]) -> tuple[str | None, str | None, str | None, str | None]:
    """(url, alt, caption, credit) of a bare <img> and the caption and credit blocks after it."""
    el = doc.elements[image]
    src, alt = _img_src(el.attrs), (el.attrs or {}).get("alt") or None
    caption = credit = None
    k = bisect.bisect_right(owners, image)  # runs are in document order by their ``seq``
    for run in doc.runs[k : k + 3]:
        text = run.text
        if len(text) > _MAX_CAPTION:
            break
        names: set[str] = set()
        for a in doc.ancestors(run.owner)[:4]:
            names |= _names(doc.elements[a].attrs)
        if names & _CREDIT_TOKENS and credit is None:
            credit = credit_of(text) or text
        elif (names & _CAPTION_TOKENS or run.after_image) and caption is None:
            caption = text
        else:
            break
    return src, alt, caption, credit


def lead_image(doc: Doc, container: int, meta: Meta, url: str | None) -> LeadImage | None:
    declared = (
        meta.get("og:image", "og:image:url", "og:image:secure_url", "twitter:image", "twitter:image:src")
        or first_str(meta.article.get("image"))
        or first_str(meta.article.get("thumbnailUrl"))
    )
    target = _basename(declared)
    container_end = doc.subtree_end(container)
    owners = [run.seq for run in doc.runs]
    figures = [i for i, el in enumerate(doc.elements) if el.tag == "figure"]
    images = [i for i, el in enumerate(doc.elements) if el.tag in _IMAGE_TAGS]

    chosen: tuple[str | None, str | None, str | None, str | None] | None = None
    # The declared image wherever it is on the page; else the first figure or image of the story.
    for f in figures:
        parts = _figure_parts(doc, f)
        if target and _basename(parts[0]) == target:
            chosen = parts
            break
    if chosen is None:
        for i in images:
            if target and _basename(_img_src(doc.elements[i].attrs)) == target and not _in_figure(doc, i):
                chosen = _loose_parts(doc, i, owners)
                break
    if chosen is None:
        near = [f for f in figures if f <= container_end and (f >= container or _before_story(doc, f, container))]
        if near:
            chosen = _figure_parts(doc, near[0])
        else:
            inside = [i for i in images if container <= i < container_end]
            before = [i for i in images if i < container and _before_story(doc, i, container)]
            loose = [i for i in inside + before[-2:] if not _in_figure(doc, i)]
            if loose:
                parts = _loose_parts(doc, loose[0], owners)
                if parts[2] or parts[3]:
                    chosen = parts

    ld_caption = ld_credit = None
    image_obj = meta.article.get("image")
    if isinstance(image_obj, list) and image_obj:
        image_obj = image_obj[0]
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
    if caption and not credit:
        head, tail = split_caption_credit(caption)
        if tail:
            caption, credit = head, tail
    if credit:
        credit = credit_of(credit) or credit.strip(" ()")
    alt = (chosen[1] if chosen else None) or meta.get("og:image:alt", "twitter:image:alt")
    if src and url:
        try:
            src = urljoin(url, src)
        except ValueError:
            pass
    return LeadImage(url=src, caption=caption, credit=credit, alt=alt)


def _in_figure(doc: Doc, index: int) -> bool:
    return any(doc.elements[a].tag == "figure" for a in doc.ancestors(index)[1:8])


def _before_story(doc: Doc, figure: int, container: int) -> bool:
    """A figure shortly before the story's container, under the same article-level parent."""
    chain = set(doc.ancestors(container)[1:4])
    return figure < container and any(a in chain for a in doc.ancestors(figure)[1:6])
