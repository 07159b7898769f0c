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
from onrecord.page.furniture import credit_of, is_furniture, reading_time, split_caption_credit
from onrecord.page.language import guess_language

_END_PUNCT = (".", "!", "?", "\u2026", '"', "\u201d", "\u2019", "'", ")", "»", ":", ";", ",")
_WORDS = re.compile(r"\w+")
_TRAILING_NOTES = re.compile(
    r"^(?:your\s+email\s+address|required\s+fields|save\s+my\s+name|name\s*\*|email\s*\*|website|"
    r"comment\s*\*|post\s+comment|notify\s+me|this\s+site\s+uses\s+akismet|related(?:\s+\w+)?|"
    r"you\s+may\s+also\s+like|more\s+from|about\s+the\s+author|previous\s+article|next\s+article)",
    re.I,
)
_MAX_HEADER_LINES = 14
_UPDATED = re.compile(r"^\s*(?:updated|last\s+updated|modified|aktualisiert|mis\s+à\s+jour)\b", re.I)
# Section labels and breadcrumbs over a headline: "Politics", "Home > Opinion > Columns".
_BREADCRUMB = re.compile(r"\s(?:>|›|»|/|\|)\s")


def _is_headline(line: str) -> bool:
    """Headline-shaped: no full stop at the end, not too long, capitalised like a title or short."""
    words = line.split()
    if not 3 <= len(words) <= 25 or line.rstrip().endswith((".", ",", ";", ":", '"', "\u201d")):
        return False
    capitals = sum(1 for w in words if w[:1].isupper() or not w[:1].isalpha())
    return len(words) <= 14 or capitals >= 0.6 * len(words)


def _is_label(line: str) -> bool:
    words = line.split()
    if _BREADCRUMB.search(line) and len(words) <= 10:
        return True
    return len(words) <= 2 and not line.rstrip().endswith((".", "!", "?"))


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


def _unwrap(raw_lines: list[str]) -> list[str]:
    """Join hard-wrapped lines (text saved at a fixed width) back into their paragraphs."""
    out: list[str] = []
    joinable = False  # the previous line runs on into this one
    for raw in raw_lines:
        line = clean_inline(raw)
        if not line:
            joinable = False
            continue
        if joinable and out and (line[:1].islower() or len(out[-1]) >= 60):
            out[-1] = out[-1] + " " + line
        else:
            out.append(line)
        tail = out[-1].rstrip().rstrip('"\u201d\u2019\'')
        joinable = len(raw.rstrip()) >= 50 and not tail.endswith((".", "!", "?", ":", ")"))
    return out


def read_text_page(text: str, *, url: str | None = None) -> Article:
    lines = _unwrap(text.splitlines())
    article = Article(url=url, source_kind="text")
    if not lines:
        return article

    title: str | None = None
    authors: list[str] = []
    credit: str | None = None
    caption: str | None = None
    body_start = len(lines)
    for i, line in enumerate(lines[:_MAX_HEADER_LINES]):
        minutes = reading_time(line)
        if minutes is not None:
            article.stated_reading_time_minutes = minutes
            continue
        found_credit = credit_of(line)
        if found_credit and credit is None:
            credit = found_credit
            continue
        if is_furniture(line):
            continue
        if title is not None and not authors:
            names = byline_names(line)
            if names:
                authors = names
                continue
        if _is_label(line):
            continue
        stamp = parse_date_text(line)
        if stamp:
            if _UPDATED.match(line):
                article.modified = article.modified or stamp
            else:
                article.published = article.published or stamp
            continue
        if title is None and _is_headline(line):
            title = line
            continue
        head, tail = split_caption_credit(line)
        if tail and credit is None and len(line) <= 400:
            # A photo caption with its credit, under the headline: "Dockworkers gather … (Photo/X)"
            credit, caption = tail, head
            continue
        # The first line that is none of the header's parts starts the body.
        body_start = i
        break
    if title is None and lines and body_start == len(lines):
        body_start = 0
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
    if credit or caption:
        article.lead_image = LeadImage(caption=caption, credit=credit)
    article.text, article.paragraphs = compose(blocks)
    article.headings = [article.text[p.start : p.end] for p in article.paragraphs if p.kind == "heading"]
    article.reading_time_minutes = reading_minutes(article.text)
    article.language = guess_language(article.text)
    return article
