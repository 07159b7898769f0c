"""Blocks of body text and their assembly into Article.text with paragraph offsets."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from onrecord.model import Paragraph, ParagraphKind

_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000\r\f\v]+")
_NEWLINES = re.compile(r"\s*\n\s*")
_ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_WORD = re.compile(r"\w+")

# Adults read news at about 238 words a minute (Brysbaert 2019); CJK readers at about 500
# characters a minute.
WORDS_PER_MINUTE = 238
CJK_CHARS_PER_MINUTE = 500


@dataclass
class Block:
    kind: ParagraphKind
    text: str


def clean_inline(text: str) -> str:
    """Collapse runs of spaces and drop invisible characters, keeping the page's own wording."""
    text = _ZERO_WIDTH.sub("", text)
    text = _SPACES.sub(" ", text)
    return _NEWLINES.sub("\n", text).strip()


def compose(blocks: list[Block]) -> tuple[str, list[Paragraph]]:
    """Join blocks with one blank line; every paragraph records its offsets into the text."""
    parts: list[str] = []
    paragraphs: list[Paragraph] = []
    pos = 0
    for block in blocks:
        text = block.text
        if not text:
            continue
        if parts:
            parts.append("\n\n")
            pos += 2
        parts.append(text)
        paragraphs.append(Paragraph(pos, pos + len(text), block.kind))
        pos += len(text)
    return "".join(parts), paragraphs


def reading_minutes(text: str) -> int | None:
    if not text:
        return None
    cjk = len(_CJK.findall(text))
    words = len(_WORD.findall(_CJK.sub(" ", text)))
    minutes = words / WORDS_PER_MINUTE + cjk / CJK_CHARS_PER_MINUTE
    return max(1, math.ceil(minutes)) if minutes > 0 else None
