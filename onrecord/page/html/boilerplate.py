"""What an element's tag, class, id and role say about it: story, furniture, caption, byline.

Class and id names are split into tokens ("c-share-bar__item" → c, share, bar, item) and
matched whole, so "shareholder-letter" or "commentary" are not furniture.
"""

from __future__ import annotations

import re

_TOKEN_SPLIT = re.compile(r"[\s_\-:./]+|(?<=[a-z])(?=[A-Z])")

# Furniture in any language a class name is written in (nearly always English).
JUNK_TOKENS = frozenset(
    """share shares sharing sharebar sharetools social socials socialmedia sociallinks
    comment comments commentlist disqus respond reply replies discussion
    newsletter newsletters subscribe subscription signup optin mailing
    related relatedposts relatedarticles recommended recommendation recommendations recirc
    morestories popular mostpopular mostread trending teaser teasers outbrain taboola
    promo promos promotion advert adverts advertisement advertising ad ads adslot adunit
    adsense dfp gpt sponsor sponsored partner partners affiliate
    cookie cookies consent gdpr cmp banner
    breadcrumb breadcrumbs pagination pager paging
    sidebar widget widgets rail
    footer nav navbar navigation menu menus masthead toolbar topbar skip skiplink
    tags tagcloud taglist keywords categories
    popup modal overlay lightbox paywall login signin register
    print rating ratings vote poll
    author bio authorbio byline byl contributor
    meta metadata entrymeta postmeta dateline timestamp date
    hidden hide invisible srOnly visuallyhidden offscreen
    carousel slider slideshow gallery
    jump jumplink readmore readnext upnext nextup
    app download follow feedback survey
    copyright disclaimer legal imprint impressum
    toc
    """.split()
)
# Tokens that win over junk tokens: the story's own container often carries both
# ("article-body has-comments").
CONTENT_TOKENS = frozenset(
    """articlebody articlecontent articletext storybody storycontent storytext entrycontent
    postcontent postbody posttext bodytext contentbody maincontent richtext articlesection
    paywalledcontent textcontent""".split()
)
CAPTION_TOKENS = frozenset("caption figcaption credit credits copyright photocredit imagecredit wpcaption".split())
STRONG_JUNK_ROLES = frozenset("navigation banner contentinfo search dialog alertdialog menu menubar complementary".split())
JUNK_TAGS = frozenset("nav footer aside menu dialog form header".split())


def tokens(value: str) -> list[str]:
    out = []
    for tok in _TOKEN_SPLIT.split(value):
        if tok:
            out.append(tok.lower())
    return out


def _joined_pairs(toks: list[str]) -> set[str]:
    """"article", "body" → also "articlebody", so BEM and camelCase spellings meet."""
    pairs = set(toks)
    for a, b in zip(toks, toks[1:]):
        pairs.add(a + b)
    return pairs


def element_class(tag: str, attrs: dict[str, str | None]) -> str:
    """Classify one element: "" (neutral), "content", "junk", "strong-junk", "caption", "hidden"."""
    if tag == "figcaption":
        return "caption"
    if tag in ("html", "body", "main"):
        # Page-wide classes ("has-sidebar", "single-post") say nothing about the element itself.
        return ""
    if attrs:
        if "hidden" in attrs or attrs.get("aria-hidden") == "true":
            return "hidden"
        style = attrs.get("style")
        if style and "none" in style and re.search(r"display\s*:\s*none|visibility\s*:\s*hidden", style):
            return "hidden"
        if attrs.get("itemprop") == "articleBody":
            return "content"
        role = attrs.get("role")
        if role and role.lower() in STRONG_JUNK_ROLES:
            return "strong-junk"
        names = " ".join(v for v in (attrs.get("class"), attrs.get("id")) if v)
        if names:
            toks = _joined_pairs(tokens(names))
            if toks & CONTENT_TOKENS:
                return "content"
            if toks & CAPTION_TOKENS:
                return "caption"
            if toks & JUNK_TOKENS:
                return "junk"
    if tag in JUNK_TAGS:
        return "junk"
    return ""
