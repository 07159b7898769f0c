"""Venues: the outlet or occasion a statement was made to or on ("told NBC News", "in an
interview on Fox & Friends"), including the follow-up sentence news copy uses for it
("Trump made the remarks during an interview on Fox & Friends")."""

from __future__ import annotations

import re

from onrecord.speech.found import Found
from onrecord.speech.gazetteer import gazetteer
from onrecord.speech.sentences import Unit

_STOP = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|on|in|at|last|this|that|earlier|later|after|before|when|while|about|morning|evening)"
_OUTLET = rf"(?P<v>(?!{_STOP}\b)[A-Z0-9][\w’'\-.]*(?:\s+(?:&|and|of|the|de|du)?\s*(?!{_STOP}\b)[A-Z0-9][\w’'\-.]*)*)"
_INTERVIEW = re.compile(
    rf"\b(?:in|during)\s+(?:an?\s+)?(?:\w+\s+)?(?:interview|appearance|conversation|podcast|op-ed|column)\s+(?P<p>with|on|for|in|to)\s+{_OUTLET}"
)
_REMARKS = re.compile(
    rf"\b(?:made|gave|delivered)\s+(?:the|these|those|his|her|their)\s+(?:remarks|comments|statement|statements)\b.{{0,40}}?\b(?:in|during|on|to)\s+(?:an?\s+)?(?:(?:\w+\s+)?(?:interview|appearance|broadcast)\s+(?:on|with|to)\s+)?{_OUTLET}"
)
_ON_SHOW = re.compile(rf"\b(?:speaking|appearing)\s+(?:on|to)\s+{_OUTLET}")


def _clean(venue: str) -> str:
    venue = venue.strip(" .,;:")
    for mark in ("’s ", "'s ", "’ ", "' "):
        if mark in venue:
            head, tail = venue.split(mark, 1)
            # "NBC News’ Kristen Welker": the interviewer is not the venue.
            if tail[:1].isupper():
                venue = head
    return venue


# Words that make a name a newspaper, broadcaster or agency ("the Coast Gazette", "Radio Nordvik").
_OUTLET_WORDS = frozenset(
    """gazette times news post herald journal radio tv television channel press tribune courier
    chronicle review magazine daily weekly broadcasting broadcaster network telegraph guardian
    observer express mail star sun record standard independent today newspaper agency wire
    bulletin dispatch examiner inquirer monitor register reporter sentinel telegram leader
    podcast show programme program""".split()
)


def looks_like_outlet(phrase: str) -> bool:
    """A news outlet, not a person told something: "told Reuters", "told the Coast Gazette",
    "told NBC News' Kristen Welker" — not "told Hanna Osei" or "told reporters"."""
    words = phrase.split()
    if words and words[0].lower() == "the":
        words = words[1:]
    if not words or not words[0][:1].isupper():
        return False
    name = _clean(" ".join(words))
    if name.lower() in gazetteer().outlets:
        return True
    name_words = name.split()
    if any(w.lower().strip(".,") in _OUTLET_WORDS for w in name_words if w[:1].isupper()):
        return True
    # Broadcasters and agencies go by their initials: CNN, AFP, ZDF.
    return len(name_words) == 1 and name.isupper() and 2 <= len(name) <= 6


def venue_followups(text: str, us: list[Unit], found: list[Found]) -> None:
    by_unit: dict[int, list[Found]] = {}
    for f in found:
        by_unit.setdefault(f.unit, []).append(f)
    for i, u in enumerate(us):
        chunk = text[u.start : u.end]
        m = _INTERVIEW.search(chunk) or _ON_SHOW.search(chunk)
        if m and m.re is _INTERVIEW and m.group("p") in ("with", "to") and not looks_like_outlet(m.group("v")):
            m = None  # "an interview with Hanna Osei": the interviewer, not an outlet
        if m:
            for f in by_unit.get(i, []):
                if f.venue is None:
                    f.venue = _clean(m.group("v"))
        m = _REMARKS.search(chunk)
        if m:
            venue = _clean(m.group("v"))
            for j in range(i - 1, max(-1, i - 3), -1):
                for f in by_unit.get(j, []):
                    if f.venue is None:
                        f.venue = venue
                if by_unit.get(j):
                    break
