"""Sentence units: sentences, merged wherever a quotation runs across a sentence boundary.

Attribution looks at one unit at a time: ``“We won. They lost,” she said.`` is one unit,
because the cue that attributes both sentences is outside the quote. Splitting is rule-based
(abbreviations, initials, decimal numbers), which is all news prose needs and costs nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from onrecord.speech.lexicon import CUE_FORMS
from onrecord.speech.quotes import Quote

_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof sen rep gov gen lt col sgt capt cmdr adm maj cpl pvt st jr sr rev hon
    pres supt insp det messrs mme mlle no nos vol vs v etc inc corp co ltd llc bros dept univ
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur thurs fri sat sun
    ft mt ave blvd rd approx est fig al e.g i.e u.s u.k u.n u.s.a d.c a.m p.m ph.d""".split()
)
_BOUNDARY = re.compile(r"[.!?…]+[\"”’»)\]]*(?=\s+[\"“‘«„(\[]?[A-Z0-9À-ÝА-ЯЁΑ-Ω]|\s*$)")
_PRE_WORD = re.compile(r"([\w.]+)$")


@dataclass
class Unit:
    start: int
    end: int
    paragraph: int

    def slice(self, text: str) -> str:
        return text[self.start : self.end]


def _is_abbreviation(text: str, dot: int, lo: int) -> bool:
    m = _PRE_WORD.search(text, lo, dot + 1)
    if not m:
        return False
    word = m.group(1).rstrip(".").lower()
    if not word:
        return False
    if word in _ABBREVIATIONS:
        return True
    # Initials ("J. R. Smith", "U.S.") and single letters.
    if len(word) == 1 and word.isalpha():
        return True
    return bool(re.fullmatch(r"(?:[a-z]\.){1,4}[a-z]?", word))


def split_sentences(text: str, lo: int, hi: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = lo
    for m in _BOUNDARY.finditer(text, lo, hi):
        punct = m.group(0)
        if punct.startswith(".") and len(punct.rstrip("\"”’»)]")) == 1 and _is_abbreviation(text, m.start(), start):
            continue
        end = m.end()
        if end > start:
            spans.append((start, end))
        start = end
        while start < hi and text[start].isspace():
            start += 1
    if start < hi and text[start:hi].strip():
        spans.append((start, hi))
    return [(s, e) for s, e in spans if text[s:e].strip()]


_CLOSERS = frozenset("”\"’»")


def _tag_line(text: str, prev_end: int, start: int, end: int) -> bool:
    """“… are missing.” Trump said. — a short attribution after a quote that ended with a full
    stop belongs to that quote's sentence."""
    if prev_end < 1 or text[prev_end - 1] not in _CLOSERS:
        return False
    words = text[start:end].split()
    if not 2 <= len(words) <= 8:
        return False
    return any(w.strip(".,;:!?").lower() in CUE_FORMS for w in words)


def units(text: str, paragraphs: list[tuple[int, int]], quotes: list[Quote]) -> list[Unit]:
    """Sentences of every paragraph, merged where a quote spans their boundary."""
    by_paragraph: dict[int, list[Quote]] = {}
    for q in quotes:
        by_paragraph.setdefault(q.paragraph, []).append(q)
    out: list[Unit] = []
    for p_index, (lo, hi) in enumerate(paragraphs):
        sentences = split_sentences(text, lo, hi)
        qs = by_paragraph.get(p_index, [])
        merged: list[list[int]] = []
        qi = 0
        for s, e in sentences:
            while qi < len(qs) and qs[qi].outer_end <= s:
                qi += 1
            inside_quote = any(q.outer_start < s < q.outer_end for q in qs[qi : qi + 2])
            if merged and (inside_quote or _tag_line(text, merged[-1][1], s, e)):
                merged[-1][1] = e
            else:
                merged.append([s, e])
        out.extend(Unit(s, e, p_index) for s, e in merged)
    return out
