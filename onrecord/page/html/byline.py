"""The visible byline: the element a page marks as its author line, read as names."""

from __future__ import annotations

import re

from onrecord.page.authors import byline_names
from onrecord.page.html.boilerplate import tokens
from onrecord.page.html.flatten import Doc

_BYLINE_TOKENS = frozenset(
    """byline byl author authors autor autoren autorenzeile auteur autore writer writers
    contributor contributors reporter storyby articleauthor postauthor entryauthor""".split()
)
# Every byline token contains one of these.
_BYLINE_STEMS = ("byl", "auth", "autor", "auteur", "writer", "contrib", "reporter", "storyby")
# The same test in one C-level scan, on the lowered names as before.
_STEM = re.compile("|".join(_BYLINE_STEMS))
# Author boxes also hold a bio, a role line, a follow button: none of them are names.
_NOT_NAME_TOKENS = frozenset("bio biography description role title follow photo avatar image img social twitter email more".split())
_MAX_CHARS = 200


def visible_byline(doc: Doc) -> list[str]:
    for el in doc.elements:
        attrs = el.attrs
        if not attrs:
            continue
        rel = (attrs.get("rel") or "").lower()
        prop = (attrs.get("itemprop") or "").lower()
        cls = attrs.get("class")
        ident = attrs.get("id")
        names = f"{cls} {ident}" if cls and ident else (cls or ident or "")
        if rel != "author" and prop != "author":
            # Most elements name nothing like a byline: a substring test spares tokenising them.
            if _STEM.search(names.lower()) is None:
                continue
        toks = set(tokens(names)) if names else set()
        if not (toks & _BYLINE_TOKENS or rel == "author" or prop == "author"):
            continue
        if toks & _NOT_NAME_TOKENS:
            continue
        text = " ".join(el.node.text(deep=True, separator=" ").split())
        if not text or len(text) > _MAX_CHARS:
            continue
        found = byline_names(text)
        if found:
            return found
    return []
