"""Headline attributions: "Lavrov: Trump Understands Russia’s Perspective" and
"U.S., NATO Credibility on the Line: Macron" — a short name on one side of a colon."""

from __future__ import annotations

import re
from dataclasses import dataclass

_NAME = r"[A-Z][\w.'’\-]*(?:\s+[A-Z][\w.'’\-]*){0,2}"
_LEADING = re.compile(rf"^(?P<name>{_NAME})\s*:\s+(?P<claim>\S.*)$")
_TRAILING = re.compile(rf"^(?P<claim>.*\S)\s*:\s+(?P<name>{_NAME})\s*$")
_SAYS = re.compile(rf"^(?P<claim>.*\S),\s+(?:says|said|warns|insists|claims)\s+(?P<name>{_NAME})\s*$")
_SAYS_LEAD = re.compile(rf"^(?P<name>{_NAME})\s+(?:says|warns|insists|claims|vows|urges)\s+(?P<claim>\S.*)$")


@dataclass
class HeadlineClaim:
    name: str
    name_start: int
    claim_start: int
    claim_end: int
    cue: str | None = None


def headline_claim(line: str) -> HeadlineClaim | None:
    line = line.rstrip()
    for pattern in (_TRAILING, _LEADING, _SAYS, _SAYS_LEAD):
        m = pattern.match(line)
        if m:
            claim_s, claim_e = m.span("claim")
            if claim_e - claim_s < 8:
                continue
            cue = None
            if pattern in (_SAYS, _SAYS_LEAD):
                cue_m = re.search(r"\b(says|said|warns|insists|claims|vows|urges)\b", line)
                cue = cue_m.group(1) if cue_m else None
            return HeadlineClaim(m.group("name"), m.start("name"), claim_s, claim_e, cue)
    return None
