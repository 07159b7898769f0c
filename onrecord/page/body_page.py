"""Body → Article: the input is the article body, verbatim, so offsets point into the input."""

from __future__ import annotations

import re

from onrecord.model import Article, Paragraph
from onrecord.page.blocks import reading_minutes

_PARAGRAPH = re.compile(r"[^\n]+(?:\n(?![ \t\r]*\n)[^\n]+)*")


def read_body(text: str, *, url: str | None = None) -> Article:
    paragraphs = []
    for m in _PARAGRAPH.finditer(text):
        start, end = m.start(), m.end()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            paragraphs.append(Paragraph(start, end))
    return Article(
        url=url,
        text=text,
        paragraphs=paragraphs,
        reading_time_minutes=reading_minutes(text),
        source_kind="body",
    )
