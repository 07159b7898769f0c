"""Long quotations replaced by a one-word stand-in before parsing, with offsets mapped back.

The parser only needs to see that a quote is there to find who said it. Long quotes hold most
of the words of a news story's statements, so masking them makes parsing several times
cheaper and keeps the parser from wandering into the quote's own clauses.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from onrecord.speech.quotes import Quote

PLACEHOLDER = "Something"
MASK_MIN_WORDS = 5
_TRAILING_PUNCT = re.compile(r"[\s,.;:!?…—–-]+$")


@dataclass
class Masked:
    text: str
    # Parallel lists: a masked offset at or after masked_starts[i] maps by orig_starts[i].
    masked_starts: list[int]
    orig_starts: list[int]
    quote_at: dict[int, Quote]  # masked offset of a placeholder → the quote it stands for
    origin: int  # original offset of the unit start

    def to_original(self, offset: int) -> int:
        i = bisect.bisect_right(self.masked_starts, offset) - 1
        if i < 0:
            return self.origin + offset
        base_m, base_o = self.masked_starts[i], self.orig_starts[i]
        if base_m in self.quote_at:
            # Inside a placeholder: point at the start or end of the real quote.
            q = self.quote_at[base_m]
            return q.start if offset == base_m else q.end
        return base_o + (offset - base_m)


# "MACAU (Reuters) – ", "WASHINGTON — ": a dateline is not part of the sentence's grammar.
_DATELINE = re.compile(r"^[A-Z][A-Z.'’\- ]{1,40}(?:,\s*[A-Z][\w.]*(?:\s[A-Z][\w.]*)?)?\s*(?:\([^)]{1,40}\))?\s*[—–-]{1,2}\s+")


def mask_unit(text: str, start: int, end: int, quotes: list[Quote]) -> Masked:
    """The unit's text with each long quote's words (not its final punctuation) replaced."""
    dateline = _DATELINE.match(text[start : min(end, start + 80)])
    if dateline:
        start += dateline.end()
    parts: list[str] = []
    masked_starts: list[int] = [0]
    orig_starts: list[int] = [start]
    quote_at: dict[int, Quote] = {}
    pos = start
    length = 0
    for q in quotes:
        if q.start < max(start, pos) or q.end > end:
            continue
        content = text[q.start : q.end]
        if len(content.split()) < MASK_MIN_WORDS:
            continue
        tail = _TRAILING_PUNCT.search(content)
        body_end = q.start + (tail.start() if tail else len(content))
        parts.append(text[pos : q.start])
        length += q.start - pos
        quote_at[length] = q
        masked_starts.append(length)
        orig_starts.append(q.start)
        parts.append(PLACEHOLDER)
        length += len(PLACEHOLDER)
        masked_starts.append(length)
        orig_starts.append(body_end)
        pos = body_end
    parts.append(text[pos:end])
    return Masked("".join(parts), masked_starts, orig_starts, quote_at, start)
