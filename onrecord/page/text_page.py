"""Text → Article, for pages already saved as plain text (a browser's "save as text", a scrape).

Such a page still carries its furniture as lines: a photo credit over the headline, a byline,
a "3 Min Read" badge, section headings between paragraphs and share and comment prompts at
the end. The header and footer are read line by line; the body is what lies between.
"""

from __future__ import annotations

import re

from onrecord.model import Article, LeadImage
from onrecord.page.authors import byline_names
from onrecord.page.blocks import Block, clean_inline, compose, reading_minutes
from onrecord.page.dates import parse_date_text
from onrecord.page.furniture import credit_of, is_furniture, reading_time
from onrecord.page.language import guess_language

_END_PUNCT = (".", "!", "?", "\u2026", '"', "\u201d", "\u2019", "'", ")", "»", ":", ";", ",")
_WORDS = re.compile(r"\w+")
_TRAILING_NOTES = re.compile(
    r"^(?:your\s+email\s+address|required\s+fields|save\s+my\s+name|name\s*\*|email\s*\*|website|"
    r"comment\s*\*|post\s+comment|notify\s+me|this\s+site\s+uses\s+akismet|related(?:\s+\w+)?|"
    r"you\s+may\s+also\s+like|more\s+from|about\s+the\s+author|previous\s+article|next\s+article)",
    re.I,
)
_MAX_HEADER_LINES = 12


def _is_sentence(line: str) -> bool:
    """A body paragraph: enough words and sentence punctuation."""
    words = _WORDS.findall(line)
    return len(words) >= 12 or (len(words) >= 5 and line.rstrip().endswith(_END_PUNCT[:4]))


def _is_heading(line: str) -> bool:
    words = _WORDS.findall(line)
    if not words or len(words) > 16 or len(line) > 140:
        return False
    if line.rstrip().endswith((".", "!", ",", ";", '"', "\u201d")):
        return False
    # Headings are capitalised like titles or open with a capital and have no verb-heavy tail.
    return line[:1].isupper() or line[:1].isdigit()


def read_text_page(text: str, *, url: str | None = None) -> Article:
    lines = [clean_inline(line) for line in text.splitlines()]
    lines = [line for line in lines if line]
    article = Article(url=url, source_kind="text")
    if not lines:
        return article

    first_body = next((i for i, line in enumerate(lines) if _is_sentence(line)), len(lines))
    header_end = min(first_body, _MAX_HEADER_LINES)
    title: str | None = None
    authors: list[str] = []
    credit: str | None = None
    body_start = header_end
    for i in range(header_end):
        line = lines[i]
        minutes = reading_time(line)
        if minutes is not None:
            article.stated_reading_time_minutes = minutes
            continue
        found_credit = credit_of(line)
        if found_credit and credit is None and title is None:
            credit = found_credit
            continue
        if is_furniture(line):
            continue
        if title is None:
            date = parse_date_text(line)
            if date:
                article.published = article.published or date
                continue
            title = line
            continue
        names = byline_names(line)
        if names and not authors:
            authors = names
            continue
        date = parse_date_text(line)
        if date:
            article.published = article.published or date
            continue
        if found_credit and credit is None:
            credit = found_credit
            continue
        # An unclassified header line after the title: a standfirst belongs to the body.
        body_start = i
        break

    end = len(lines)
    while end > body_start:
        line = lines[end - 1]
        if is_furniture(line) or _TRAILING_NOTES.match(line) or credit_of(line):
            end -= 1
            continue
        break

    blocks: list[Block] = []
    for i in range(body_start, end):
        line = lines[i]
        if is_furniture(line):
            minutes = reading_time(line)
            if minutes is not None and article.stated_reading_time_minutes is None:
                article.stated_reading_time_minutes = minutes
            continue
        prev_body = i > body_start and _is_sentence(lines[i - 1])
        next_body = i + 1 < end and _is_sentence(lines[i + 1])
        if not _is_sentence(line) and _is_heading(line) and (prev_body or i == body_start) and next_body:
            blocks.append(Block("heading", line))
        else:
            blocks.append(Block("paragraph", line))

    article.title = title
    article.authors = authors
    if credit:
        article.lead_image = LeadImage(credit=credit)
    article.text, article.paragraphs = compose(blocks)
    article.headings = [article.text[p.start : p.end] for p in article.paragraphs if p.kind == "heading"]
    article.reading_time_minutes = reading_minutes(article.text)
    article.language = guess_language(article.text)
    return article
