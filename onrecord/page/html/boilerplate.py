"""What an element's tag, class, id and role say about it: story, furniture, caption, byline.

Class and id names are split into tokens ("c-share-bar__item" → c, share, bar, item) and
matched whole, so "shareholder-letter" or "commentary" are not furniture.
"""

from __future__ import annotations

import re
from functools import lru_cache

# Furniture in any language a class name is written in (nearly always English).
JUNK_TOKENS = frozenset(
    """share shares sharing sharebar sharetools social socials socialmedia sociallinks
    comment comments commentlist disqus respond reply replies discussion
    newsletter newsletters subscribe subscription signup optin mailing
    related relatedposts relatedarticles recommended recommendation recommendations recirc
    morestories popular mostpopular mostread trending teaser teasers outbrain taboola
    promo promos promotion advert adverts advertisement advertising ad ads adslot adunit
    adsense dfp gpt sponsor sponsored partner partners affiliate
    cookie cookies consent gdpr banner
    breadcrumb breadcrumbs pagination pager paging
    sidebar widget widgets rail
    footer nav navbar navigation menu menus masthead toolbar topbar skip skiplink
    tags tagcloud taglist keywords categories
    popup modal overlay lightbox login signin register
    print rating ratings vote poll
    author bio authorbio byline byl contributor
    meta metadata entrymeta postmeta dateline timestamp date
    hidden hide invisible srOnly visuallyhidden offscreen
    carousel slider slideshow gallery
    jump jumplink readmore readnext upnext nextup
    app download follow feedback survey
    copyright disclaimer legal imprint impressum
    toc factbox callout recirculation embedarticle cta calltoaction membership donate donation
    partage partager teilen compartir condividi abonnement abo encart lireaussi voiraussi
    lesenauch mehrzumthema relacionadas leggianche
    """.split()
)
# Tokens that win over junk tokens: the story's own container often carries both
# ("article-body has-comments").
CONTENT_TOKENS = frozenset(
    """articlebody articlecontent articletext storybody storycontent storytext entrycontent
    postcontent postbody posttext bodytext contentbody maincontent richtext articlesection
    paywalledcontent textcontent""".split()
)
CAPTION_TOKENS = frozenset(
    """caption figcaption credit credits copyright photocredit imagecredit wpcaption legend
    imagesubtitle imginline bildunterschrift cutline""".split()
)
# Words that qualify a junk token into something harmless: "hidden-xs" hides on phones only,
# "field-label-hidden" hides a label, "print-only" is the print edition of the story.
_QUALIFIERS = frozenset("xs sm md lg xl xxl mobile desktop tablet phone small medium large label for only full no up down".split())
_PRINT_OK = frozenset("only full no hide hidden for step links area content section".split())
_LAYOUT = frozenset("with has w no without content main".split())
_BUILDER = frozenset("container content text editor wrap elementor".split())
_APP_JUNK = frozenset("appbanner appdownload appstore apppromo getapp".split())
STRONG_JUNK_ROLES = frozenset("navigation banner contentinfo search dialog alertdialog menu menubar complementary".split())
JUNK_TAGS = frozenset("nav footer aside menu dialog form header".split())
_HEADING_TAGS = frozenset("h1 h2 h3 h4 h5 h6".split())
# Chrome is never the story's wrapper, however much text it holds (a short story over a long
# footer, a comment thread longer than the article).
# A summary above the story (dek, standfirst): the page says so, and it is not the story's text.
DEK_TOKENS = frozenset("chapo chapeau dek deck standfirst excerpt summary subtitle subheadline".split())
CHROME_TOKENS = frozenset(
    """footer comment comments commentlist disqus respond discussion cookie cookies consent gdpr
    popup login signin register newsletter subscribe subscription""".split()
)
CHROME_ROLES = frozenset(("dialog", "alertdialog", "contentinfo", "navigation"))


def is_chrome(tag: str, attrs: dict[str, str | None] | None) -> bool:
    if tag in ("footer", "nav"):
        return True
    if tag == "article":
        return False  # "<article class="newsletter-post">" is the story, whatever its class says
    attrs = attrs or {}
    if (attrs.get("role") or "").lower() in CHROME_ROLES:
        return True
    names = " ".join(v for v in (attrs.get("class"), attrs.get("id")) if v)
    return bool(names) and bool(_joined_pairs(tokens(names)) & CHROME_TOKENS)


_SEPARATORS = str.maketrans({c: " " for c in "_-:./"})
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


def tokens(value: str) -> list[str]:
    spaced = value.translate(_SEPARATORS)
    if not spaced.islower():
        spaced = _CAMEL.sub(" ", spaced)
    return spaced.lower().split()


def _joined_pairs(toks: list[str]) -> set[str]:
    """"article", "body" → also "articlebody", so BEM and camelCase spellings meet."""
    pairs = set(toks)
    pairs.update(map(str.__add__, toks, toks[1:]))
    return pairs


def tokens_of(element: object) -> set[str]:
    """Class and id tokens of an Element (anything with ``attrs``), for ad-hoc role checks."""
    attrs = getattr(element, "attrs", None) or {}
    names = " ".join(v for v in (attrs.get("class"), attrs.get("id")) if v)
    return set(tokens(names)) if names else set()


def junk_tokens(names: str) -> set[str]:
    """Junk tokens of a class/id string, read one class word at a time."""
    out: set[str] = set()
    for word in names.split():
        word = word.split("--", 1)[0]  # a BEM modifier ("Section--Ads") styles, it doesn't name
        toks = tokens(word)
        pairs = _joined_pairs(toks)
        hits = pairs & JUNK_TOKENS
        if not hits:
            continue
        words = set(toks)
        if words & _QUALIFIERS:
            hits -= {"hidden", "hide", "invisible"}
        if "print" in hits and words & _PRINT_OK:
            hits.discard("print")
        if "sidebar" in hits and words & _LAYOUT:
            hits.discard("sidebar")
        if hits & {"widget", "widgets"} and words & _BUILDER:
            hits -= {"widget", "widgets"}  # page builders wrap every block in a "widget-container"
        if "app" in hits and not pairs & _APP_JUNK:
            hits.discard("app")
        out |= hits
    return out


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
        # A heading's id is a slug of its own words ("nav-only-the-slides"), not a role.
        ident = None if tag in _HEADING_TAGS else attrs.get("id")
        cls = attrs.get("class")
        names = f"{cls} {ident}" if cls and ident else (cls or ident)
        if names:
            verdict = _names_class(names)
            if verdict:
                return verdict
    if tag in JUNK_TAGS:
        return "junk"
    return ""


@lru_cache(maxsize=65536)
def _names_class(names: str) -> str:
    # Class names repeat across a page and across a site's pages: classify each string once.
    toks = _joined_pairs(tokens(names))
    if toks & CONTENT_TOKENS:
        return "content"
    if toks & CAPTION_TOKENS:
        return "caption"
    if toks.isdisjoint(JUNK_TOKENS):
        # Each class word's tokens and pairs are a subset of the whole string's, so no word
        # can hold a junk token either; most names end here without the per-word reading.
        return ""
    if junk_tokens(names):
        return "junk"
    return ""
