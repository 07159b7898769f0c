"""Name mentions in running text: capitalised runs with their titles, found without a parser.

Speakers are often named in full only once ("Ukrainian President Volodymyr Zelensky"), in a
sentence that carries no statement and is never parsed, then by surname or role. This scan
finds those first mentions so later "Zelensky" and "the president" have someone to point to.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from onrecord.speech.gazetteer import gazetteer
from onrecord.speech.mentions import MentionInfo, analyse

_PARTICLES = frozenset("de da del della der den van von la le du dos di bin ibn al el ter".split())
# Capitalised words that open sentences or name days and months, never people.
_COMMON = frozenset(
    """the a an and but or if when while after before as at in on of for to from with by this
    that these those there here it its he she they we i you his her their our my your some many
    most more all no not yes so yet also still even just only then now today yesterday tomorrow
    however meanwhile although though because since until unless despite during under over
    monday tuesday wednesday thursday friday saturday sunday january february march april may june
    july august september october november december what who why how where which whose
    asked according mr mrs ms dr sen rep gov gen prof president minister""".split()
)
_MAX_RUN = 7


@dataclass
class NameMention:
    start: int
    end: int
    text: str
    info: MentionInfo
    in_quote: bool = False


def _sentence_initial(text: str, start: int, lo: int) -> bool:
    i = start - 1
    while i >= lo and text[i] in " \t\"“‘«(":
        i -= 1
    return i < lo or text[i] in ".!?:\n"


_CAP = r"[A-ZÀ-ÝŁŚŻĆŃ][\w'’\-]*(?:\.(?=\s))?|[A-Z]\.(?:[A-Z]\.)*"
_RUN = re.compile(rf"(?:{_CAP})(?:[ \u00a0](?:(?:de|da|del|della|der|den|van|von|la|le|du|dos|di|bin|ibn|al|el|ter)[ \u00a0])*(?:{_CAP}))*")
_WORD_SPAN = re.compile(r"\S+")


def scan_names(text: str, paragraphs: list[tuple[int, int]]) -> list[NameMention]:
    g = gazetteer()
    out: list[NameMention] = []
    for lo, hi in paragraphs:
        for m in _RUN.finditer(text, lo, hi):
            words = [(w.start() + m.start(), w.end() + m.start()) for w in _WORD_SPAN.finditer(m.group(0))]
            if len(words) > _MAX_RUN:
                words = words[-_MAX_RUN:]
            _flush(text, words, lo, out, g)
    return out


def _flush(text: str, run: list[tuple[int, int]], lo: int, out: list[NameMention], g: object) -> None:
    if not run:
        return
    while run and text[run[0][0] : run[0][1]].lower().rstrip(".") in _COMMON and (
        _sentence_initial(text, run[0][0], lo) or text[run[0][0] : run[0][1]].lower() in ("the", "a", "an")
    ):
        # Keep titles ("President Trump"), drop sentence-opening function words.
        word = text[run[0][0] : run[0][1]].lower().rstrip(".")
        if word in ("mr", "mrs", "ms", "dr", "sen", "rep", "gov", "gen", "prof", "president", "minister"):
            break
        run = run[1:]
    # A word ending in a full stop ends the name unless it is an initial or a title ("Sen.").
    for k, (a, b) in enumerate(run[:-1]):
        word = text[a:b]
        if word.endswith(".") and len(word) > 2 and word[:-1].lower() not in _COMMON:
            run = run[: k + 1]
            break
    while run and (
        text[run[-1][0] : run[-1][1]].lower() in _PARTICLES
        or text[run[-1][0] : run[-1][1]].lower().rstrip(".") in _COMMON
    ):
        run = run[:-1]
    if not run:
        return
    start, end = run[0][0], run[-1][1]
    mention = text[start:end].rstrip(".,")
    end = start + len(mention)
    if mention.endswith(("’s", "'s")):
        mention = mention[:-2]
        end -= 2
    info = analyse(mention)
    if info.kind == "name" and info.type == "person":
        words = mention.split()
        # A lone capitalised word is a name only beside a title ("President Trump"); alone it may
        # be anything ("Ukraine", "Tuesday") and is matched later against known surnames.
        if len(words) == 1 and not info.role:
            info.kind = "surname"
        out.append(NameMention(start, end, mention, info))
    elif info.kind in ("place", "seat", "organization"):
        out.append(NameMention(start, end, mention, info))
