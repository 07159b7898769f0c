"""Quotation marks → quoted spans, in every common style, tolerant of unbalanced marks.

The scan is one linear pass per paragraph over the quotation marks only. Straight marks (")
are read as opening or closing from the characters around them; curly, guillemet and corner
marks say which they are, except that German text runs »…« and „…“ the other way round,
which is decided per paragraph. A quote left open at the end of a paragraph runs to the end
of that paragraph, and when the next paragraph opens with a mark it continues the same
quote: the newspaper convention for quotes over several paragraphs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DOUBLE_OPEN = "“„«「『"
DOUBLE_CLOSE = "”»」』"
SINGLE_OPEN = "‘‚‹"
SINGLE_CLOSE = "’›"
STRAIGHT = '"'
# Two apostrophes stand for a double quote in some wire copy (''like this'').
_MARKS = re.compile(r"''|[\"“”„‟«»「」『』‘’‚‹›']")
_PAIRS = {"“": "”", "„": "“”", "«": "»", "「": "」", "『": "』", "‘": "’", "‚": "‘’", "‹": "›", '"': '"', "'": "'", "»": "«"}
_OPEN_BEFORE = set(" \t\n([{—–-/:;,")
_WORDCHAR = re.compile(r"\w")


@dataclass
class Quote:
    """A quoted stretch of text. ``start``/``end`` bound the content, inside the marks."""

    start: int
    end: int
    open_mark: int  # offset of the opening mark (or the paragraph start when it had none)
    close_mark: int | None  # offset of the closing mark's last character; None when unclosed
    paragraph: int
    continues: bool = False  # continues a quote left open in the previous paragraph
    single: bool = False

    @property
    def outer_start(self) -> int:
        return self.open_mark

    @property
    def outer_end(self) -> int:
        return self.close_mark + 1 if self.close_mark is not None else self.end


def _is_opening_context(text: str, i: int, lo: int) -> bool:
    """Does a mark at ``i`` open a quote, judging by its neighbours?"""
    before = text[i - 1] if i > lo else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    if before in _OPEN_BEFORE or before in DOUBLE_OPEN or before in SINGLE_OPEN:
        return not after.isspace()
    return False


def _is_closing_context(text: str, i: int, hi: int) -> bool:
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < hi else " "
    if before.isspace():
        return False
    return not _WORDCHAR.match(after)


def _apostrophe(text: str, i: int, lo: int, hi: int) -> bool:
    """A ’ or ' between letters (don’t, Ukraine’s) or after a plural s (the farmers’ union)."""
    before = text[i - 1] if i > lo else " "
    after = text[i + 1] if i + 1 < hi else " "
    if before.isalnum() and after.isalnum():
        return True
    if before in "sS" and (after.isspace() or after in ",.;:") and i > lo + 1 and text[i - 2].isalpha():
        # "the farmers’ union" — ambiguous with a closing single quote; an apostrophe unless a
        # single quote is open, which the caller checks first.
        return True
    return before.isspace() and after.isdigit()  # ’90s


def find_quotes(text: str, paragraphs: list[tuple[int, int]]) -> list[Quote]:
    quotes: list[Quote] = []
    carried = False  # the previous paragraph ended inside an unclosed double quote
    for p_index, (lo, hi) in enumerate(paragraphs):
        found, open_at_end = _scan_paragraph(text, lo, hi, p_index, carried)
        quotes.extend(q for q in found if text[q.start : q.end].strip())
        carried = open_at_end
    return quotes


def _german_style(segment: str) -> bool:
    first_guillemet = next((ch for ch in segment if ch in "«»"), None)
    if first_guillemet == "»":
        return True
    return "„" in segment


def _scan_paragraph(text: str, lo: int, hi: int, p_index: int, carried: bool) -> tuple[list[Quote], bool]:
    segment = text[lo:hi]
    german = _german_style(segment)
    out: list[Quote] = []
    # Open double quote: (mark offset, mark char, content start, continues)
    open_double: tuple[int, str, int, bool] | None = None
    open_single: tuple[int, str, int] | None = None
    first_mark = True
    for m in _MARKS.finditer(text, lo, hi):
        i = m.start()
        ch = m.group(0)
        width = len(ch)
        if width == 2:
            ch = '"'
        opens = closes = False
        single = ch in "‘’‚‹›'"
        if ch == "'" or ch == "’":
            if open_single is None and _apostrophe(text, i, lo, hi):
                continue
            if ch == "'" and open_single is None and not _is_opening_context(text, i, lo):
                continue
        if german and ch in "»«„“":
            opens, closes = ch in "»„", ch in "«“"
        elif ch in DOUBLE_OPEN or ch in SINGLE_OPEN:
            opens = True
            # A left mark where a right one belongs (a common typo): treat as closing when a
            # quote of this kind is open and the context reads as a close.
            if ch == "“" and open_double is not None and _is_closing_context(text, i, hi):
                opens, closes = False, True
        elif ch in DOUBLE_CLOSE or ch in SINGLE_CLOSE:
            closes = True
            # A right mark where a left one belongs (”Like this…): it opens when nothing is open.
            if ch in DOUBLE_CLOSE and open_double is None and _is_opening_context(text, i, lo):
                opens, closes = True, False
        else:  # straight marks: decide by context, then by parity
            current = open_single if single else open_double
            if current is not None and _is_closing_context(text, i, hi):
                closes = True
            elif _is_opening_context(text, i, lo):
                opens = True
            elif current is not None:
                closes = True
            else:
                opens = not single
        if single:
            if opens and open_single is None and not (closes and open_single is not None):
                open_single = (i, ch, i + 1)
            elif closes and open_single is not None:
                s_at, _, s_start = open_single
                # Nested single quotes inside an open double quote stay part of that quote.
                if open_double is None:
                    out.append(Quote(s_start, i, s_at, i, p_index, single=True))
                open_single = None
            continue
        if opens and open_double is None:
            continues = carried and first_mark and i == lo
            open_double = (i, ch, i + width, continues)
            open_single = None
        elif closes and open_double is not None:
            at, _, start, continues = open_double
            out.append(Quote(start, i, at, i + width - 1, p_index, continues=continues))
            open_double = None
            open_single = None
        elif closes and open_double is None and first_mark and carried:
            # The quote from the previous paragraph closes here without a new opening mark.
            out.append(Quote(lo, i, lo, i + width - 1, p_index, continues=True))
        elif opens and open_double is not None:
            # Two openings in a row: the first was never closed; the new mark starts afresh.
            open_double = (i, ch, i + width, False)
        first_mark = False
    if open_double is not None:
        at, _, start, continues = open_double
        end = hi
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            out.append(Quote(start, end, at, None, p_index, continues=continues))
        return out, True
    return out, False


def inside(quotes: list[Quote], offset: int) -> Quote | None:
    for q in quotes:
        if q.start <= offset < q.end:
            return q
    return None
