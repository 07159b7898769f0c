"""Main-content extraction: which runs of a page are the story.

The story's container is the element that holds the most good text for the least furniture:
every run is weighed as good (sentence-like text, few links) or bad (link lists, furniture,
boilerplate classes), the weights are summed up the tree, and the element with the best
balance wins. Inside it, runs are kept or dropped one by one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from onrecord.page.authors import byline_names
from onrecord.page.blocks import Block
from onrecord.page.dates import parse_date_text
from onrecord.page.furniture import credit_of, is_furniture, reading_time
from onrecord.page.html.flatten import HEADINGS, Doc, Run

_SENTENCE_END = re.compile(r"[.!?…。！？:;\"”»)]\s*$")
_PUNCT = re.compile(r"[,.;:!?，。、！？]")
JUNK_CLASSES = frozenset(("junk", "strong-junk", "hidden"))
MIN_GOOD_CHARS = 25
BAD_WEIGHT = 1.0
# A boilerplate-classed wrapper that holds this share of the page's good text is the story's
# wrapper after all ("main-wrapper has-sidebar").
UNJUNK_SHARE = 0.5


@dataclass
class RunInfo:
    run: Run
    ancestors: list[int]
    length: int
    link_density: float
    heading: str | None  # "h1".."h6" when the run is (inside) a heading
    kind: str  # paragraph | heading | list | quote | table
    junk_ancestors: list[int]
    caption: bool
    quality: float  # good text weight ignoring boilerplate classes


@dataclass
class Content:
    blocks: list[Block] = field(default_factory=list)
    container: int = 0
    h1: list[str] = field(default_factory=list)
    bylines: list[str] = field(default_factory=list)
    dates: list[str] = field(default_factory=list)
    credits: list[str] = field(default_factory=list)
    reading_time: int | None = None
    captions: list[tuple[int, str]] = field(default_factory=list)


def _run_info(doc: Doc, run: Run) -> RunInfo:
    elements = doc.elements
    ancestors = doc.ancestors(run.owner)
    heading = None
    kind = "paragraph"
    junk: list[int] = []
    protected = False
    caption = False
    for i in ancestors:
        el = elements[i]
        tag = el.tag
        if tag in HEADINGS and heading is None:
            heading = tag
        elif tag == "li" and kind == "paragraph":
            kind = "list"
        elif tag == "blockquote" and kind == "paragraph":
            kind = "quote"
        elif (tag == "td" or tag == "th") and kind == "paragraph":
            kind = "table"
        elif tag == "figure" or tag == "figcaption":
            caption = True
        klass = el.klass
        if not klass:
            continue
        if klass == "content":
            protected = True
        elif klass == "caption":
            caption = True
        elif klass == "hidden" or not protected:
            if klass in JUNK_CLASSES:
                junk.append(i)
    if heading:
        kind = "heading"
    text = run.text
    length = len(text)
    density = min(1.0, run.link_chars / length) if length else 1.0
    quality = 0.0
    if length >= MIN_GOOD_CHARS and density < 0.5 and not caption and not heading:
        quality = length * (1.0 - density)
        if _PUNCT.search(text) is None:
            quality *= 0.3
    return RunInfo(run, ancestors, length, density, heading, kind, junk, caption, quality)


def extract_content(doc: Doc) -> Content:
    infos = [_run_info(doc, run) for run in doc.runs]
    n = len(doc.elements)
    if not infos:
        return Content()

    # Boilerplate wrappers that hold most of the story are released.
    raw_good = [0.0] * n
    total_good = 0.0
    for info in infos:
        if info.quality:
            total_good += info.quality
            for a in info.ancestors:
                raw_good[a] += info.quality
    released: set[int] = set()
    for i, el in enumerate(doc.elements):
        if el.klass in ("junk", "strong-junk") and raw_good[i] >= UNJUNK_SHARE * total_good and raw_good[i] > 300:
            released.add(i)

    good = [0.0] * n
    bad = [0.0] * n
    junk_flags: list[bool] = []
    furniture_flags: list[bool] = []
    for info in infos:
        is_junk = any(j not in released for j in info.junk_ancestors)
        furniture = info.length <= 160 and is_furniture(info.run.text)
        junk_flags.append(is_junk)
        furniture_flags.append(furniture)
        if is_junk or furniture or info.link_density > 0.5:
            weight = info.length
            for a in info.ancestors:
                bad[a] += weight
        elif info.quality:
            for a in info.ancestors:
                good[a] += info.quality

    best, best_score = 0, float("-inf")
    for i in range(n):
        g = good[i]
        if g <= 0:
            continue
        score = g - BAD_WEIGHT * bad[i]
        if doc.elements[i].klass == "content":
            score += 0.25 * g
        if score > best_score:
            best, best_score = i, score

    content = Content(container=best)
    kept: list[RunInfo] = []
    for info, is_junk, furniture in zip(infos, junk_flags, furniture_flags):
        if best not in info.ancestors:
            if info.heading == "h1":
                content.h1.append(info.run.text)
            continue
        text = info.run.text
        if info.caption:
            content.captions.append((info.run.owner, text))
            continue
        if is_junk:
            names = byline_names(text) if info.length < 120 else None
            if names:
                content.bylines.append(text)
            continue
        if furniture:
            minutes = reading_time(text)
            if minutes is not None and content.reading_time is None:
                content.reading_time = minutes
            continue
        if info.link_density > 0.5:
            continue
        if info.heading == "h1":
            content.h1.append(text)
            continue
        if info.length < 120:
            if byline_names(text) and not _SENTENCE_END.search(text):
                content.bylines.append(text)
                continue
            if parse_date_text(text):
                content.dates.append(text)
                continue
            credit = credit_of(text)
            if credit:
                content.credits.append(credit)
                continue
        kept.append(info)

    kept = _trim_edges(kept)
    content.blocks = _to_blocks(doc, kept)
    return content


def _is_good(info: RunInfo) -> bool:
    return info.quality >= 60


def _trim_edges(kept: list[RunInfo]) -> list[RunInfo]:
    """Drop short non-sentences before the first and after the last real paragraph."""
    first = next((i for i, info in enumerate(kept) if _is_good(info)), None)
    if first is None:
        return kept
    start = first
    while start > 0:
        prev = kept[start - 1]
        if prev.heading or prev.length >= 40 or _SENTENCE_END.search(prev.run.text):
            start -= 1
        else:
            break
    last = max(i for i, info in enumerate(kept) if _is_good(info))
    end = last + 1
    while end < len(kept):
        nxt = kept[end]
        if nxt.length >= 40 or _SENTENCE_END.search(nxt.run.text) or nxt.kind in ("list", "table"):
            end += 1
        else:
            break
    return kept[start:end]


def _to_blocks(doc: Doc, kept: list[RunInfo]) -> list[Block]:
    blocks: list[Block] = []
    last_row = -1
    for info in kept:
        text = info.run.text
        if info.kind == "table":
            row = _row_of(doc, info.run.owner)
            if row == last_row and blocks and blocks[-1].kind == "table":
                blocks[-1].text += " " + text.replace("\n", " ")
                continue
            last_row = row
            blocks.append(Block("table", text.replace("\n", " ")))
            continue
        last_row = -1
        kind = info.kind
        for part in text.split("\n"):
            part = part.strip()
            if part:
                blocks.append(Block(kind, part))  # type: ignore[arg-type]
    return blocks


def _row_of(doc: Doc, owner: int) -> int:
    i = owner
    while i >= 0 and doc.elements[i].tag != "tr":
        i = doc.elements[i].parent
    return i
