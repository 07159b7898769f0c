"""An article's text cut into pieces for the page: plain runs and runs inside a statement.

Offsets come from the store and the store holds whatever a page said, so nothing here trusts
them: ranges are clipped to the text, empty ones dropped, and where two statements overlap the
earlier statement keeps the characters (each character is shown once, in one colour). The
output is plain data; the template escapes every piece of text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from onrecord.model import Article, Statement

PALETTE = 10  # colour slots in the stylesheet (.sp-0 … .sp-9); more speakers reuse them
UNKNOWN = "x"  # the slot of statements without a speaker


@dataclass
class Piece:
    text: str
    statement: int | None = None  # index into Article.statements
    colour: str | None = None
    first: bool = False  # the first piece of its statement (the anchor a link can jump to)


@dataclass
class Block:
    kind: str  # a Paragraph kind: paragraph, heading, quote, list, table
    pieces: list[Piece] = field(default_factory=list)


@dataclass
class Marked:
    title: list[Piece]
    blocks: list[Block]
    colours: dict[int, str]  # statement index → colour slot


def speaker_key(st: Statement, registry: dict[str, int]) -> str | None:
    """Who a statement belongs to, for colouring: the registry entry, else the article's person."""
    sp = st.speaker
    if sp is None:
        return None
    if sp.id and sp.id in registry:
        return f"r{registry[sp.id]}"
    if sp.id:
        return f"l{sp.id}"
    name = sp.name or sp.mention
    return f"n{name.casefold()}" if name else None


def colours(statements: list[Statement], registry: dict[str, int]) -> dict[int, str]:
    """A colour slot per statement: one per speaker, in order of first appearance."""
    slots: dict[str, str] = {}
    out: dict[int, str] = {}
    for i, st in enumerate(statements):
        key = speaker_key(st, registry)
        if key is None:
            out[i] = UNKNOWN
            continue
        if key not in slots:
            slots[key] = str(len(slots) % PALETTE)
        out[i] = slots[key]
    return out


def ranges_of(st: Statement) -> list[tuple[int, int]]:
    """The characters a statement covers: its content spans when it has them, else start..end."""
    pairs = [(s.start, s.end) for s in st.spans] if st.spans else [(st.start, st.end)]
    # A record edited by hand or by a buggy writer could hold anything; such ranges are skipped.
    return [(s, e) for s, e in pairs if type(s) is int and type(e) is int]


def cut(text: str, ranges: list[tuple[int, int, int]], colour: dict[int, str], lo: int = 0, hi: int | None = None) -> list[Piece]:
    """``text[lo:hi]`` as pieces; ``ranges`` are (start, end, statement index) in text offsets."""
    hi = len(text) if hi is None else min(hi, len(text))
    lo = max(0, lo)
    if hi <= lo:
        return []
    events: dict[int, list[tuple[int, int]]] = {}  # offset → [(+1 start | -1 end, statement)]
    for start, end, index in ranges:
        start, end = max(start, lo), min(end, hi)
        if end <= start:
            continue
        events.setdefault(start, []).append((1, index))
        events.setdefault(end, []).append((-1, index))
    pieces: list[Piece] = []
    active: dict[int, int] = {}  # statement → how many of its ranges are open here
    position = lo
    for offset in [*sorted(events), hi]:
        if offset > position:
            owner = min(active) if active else None
            if pieces and pieces[-1].statement == owner:  # a boundary inside one owner's run
                pieces[-1].text += text[position:offset]
            else:
                pieces.append(Piece(text[position:offset], owner, colour.get(owner) if owner is not None else None))
            position = offset
        for step, index in events.get(offset, []):
            left = active.get(index, 0) + step
            if left > 0:
                active[index] = left
            else:
                active.pop(index, None)
    return pieces


_BLANK_LINES = re.compile(r"\n\s*\n")


def paragraph_ranges(article: Article) -> list[tuple[int, int, str]]:
    """The article's paragraphs as sorted, non-overlapping ranges inside the text.

    Falls back to blank-line separated blocks when the record has no usable paragraphs.
    """
    size = len(article.text)
    out: list[tuple[int, int, str]] = []
    previous_end = 0
    for p in sorted(article.paragraphs, key=lambda p: (p.start, p.end)):
        start, end = max(p.start, previous_end, 0), min(p.end, size)
        if end > start:
            out.append((start, end, p.kind if p.kind in {"paragraph", "heading", "quote", "list", "table"} else "paragraph"))
            previous_end = end
    if out:
        return out
    start = 0
    for m in _BLANK_LINES.finditer(article.text):
        if m.start() > start:
            out.append((start, m.start(), "paragraph"))
        start = m.end()
    if size > start:
        out.append((start, size, "paragraph"))
    return out


def mark(article: Article, registry: dict[str, int] | None = None) -> Marked:
    registry = registry or {}
    colour = colours(article.statements, registry)
    body: list[tuple[int, int, int]] = []
    title: list[tuple[int, int, int]] = []
    for i, st in enumerate(article.statements):
        target = title if st.where == "title" else body
        target.extend((s, e, i) for s, e in ranges_of(st))
    blocks = [Block(kind, cut(article.text, body, colour, start, end)) for start, end, kind in paragraph_ranges(article)]
    marked = Marked(cut(article.title or "", title, colour), blocks, colour)
    seen: set[int] = set()
    for piece in [*marked.title, *(p for b in marked.blocks for p in b.pieces)]:
        if piece.statement is not None and piece.statement not in seen:
            seen.add(piece.statement)
            piece.first = True
    return marked
