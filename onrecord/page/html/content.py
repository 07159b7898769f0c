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
from onrecord.page.furniture import (
    credit_of,
    is_call_to_action,
    is_furniture,
    reading_time,
    reading_time_in,
    split_caption_credit,
)
from onrecord.page.html.boilerplate import DEK_TOKENS, is_chrome, tokens_of
from onrecord.page.html.flatten import HEADINGS, Doc, Element, Run

_SENTENCE_END = re.compile(r"[.!?…。！？:;\"”»)]\s*$")
_PUNCT = re.compile(r"[,.;:!?，。、！？]")
_FULL_STOP = re.compile(r"[.!?…。！？](?:[\"”’»)]*)(?:\s|$)")
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


_KIND_TAGS = {"li": "list", "blockquote": "quote", "td": "table", "th": "table"}
_EMPTY: list[int] = []
# Tags that change a run's summary whatever their class.
_SUMMARY_TAGS = frozenset(HEADINGS | set(_KIND_TAGS) | {"figure", "figcaption"})


@dataclass(slots=True)
class _Chain:
    """What an element's ancestry (itself up to the root) says about a run it owns."""

    heading: str | None  # the nearest heading tag
    kind: str  # from the nearest li/blockquote/td/th, else "paragraph"
    caption: bool
    junk: list[int]  # junk-classed ancestors that count (bottom-up); shared, never mutated
    hidden: list[int]  # hidden ancestors: they count even under a "content" element


def _chains(elements: list[Element]) -> list[_Chain]:
    """Per element, top-down: parents precede children, so each element extends its parent's
    summary once instead of every run walking its whole ancestor chain."""
    out: list[_Chain] = []
    root = _Chain(None, "paragraph", False, _EMPTY, _EMPTY)
    marked = _SUMMARY_TAGS
    for el in elements:
        up = out[el.parent] if el.parent >= 0 else root
        tag = el.tag
        klass = el.klass
        if not klass and tag not in marked:
            out.append(up)  # most elements change nothing: share the parent's summary
            continue
        heading = tag if tag in HEADINGS else up.heading
        kind = _KIND_TAGS.get(tag) or up.kind
        caption = up.caption or tag == "figure" or tag == "figcaption" or klass == "caption"
        # A "content" element shields its run from junk classes above it, not from hidden ones.
        junk = up.hidden if klass == "content" else up.junk
        hidden = up.hidden
        if klass in JUNK_CLASSES:
            junk = [len(out), *junk]
            if klass == "hidden":
                hidden = [len(out), *hidden]
        out.append(_Chain(heading, kind, caption, junk, hidden))
    return out


def _run_info(doc: Doc, run: Run, chains: list[_Chain]) -> RunInfo:
    ancestors = doc.ancestors(run.owner)
    chain = chains[run.owner]
    heading = chain.heading
    kind = chain.kind
    junk = chain.junk
    caption = chain.caption
    if heading:
        kind = "heading"
    text = run.text
    length = len(text)
    density = min(1.0, run.link_chars / length) if length else 1.0
    quality = 0.0
    if heading is None and run.bold_chars >= 0.9 * length and length <= 90 and not _SENTENCE_END.search(text):
        kind = "heading"  # a bold-only short line between paragraphs is a subheading
    if run.after_image and length <= 300 and split_caption_credit(text)[1]:
        caption = True  # the line under a bare <img> with a credit in it
    if length >= MIN_GOOD_CHARS and density < 0.5 and not caption and not heading:
        quality = length * (1.0 - density)
        if _FULL_STOP.search(text) is None:
            quality *= 0.5 if _PUNCT.search(text) else 0.3
    return RunInfo(run, ancestors, length, density, heading, kind, junk, caption, quality)


def _linky(info: RunInfo) -> bool:
    """Mostly link text — except a long sentence-like paragraph whose names happen to be links."""
    if info.link_density <= 0.5:
        return False
    return not (
        info.kind == "paragraph"
        and info.length >= 150
        and info.link_density <= 0.9
        and _PUNCT.search(info.run.text) is not None
    )


def extract_content(doc: Doc) -> Content:
    chains = _chains(doc.elements)
    infos = [_run_info(doc, run, chains) for run in doc.runs]
    n = len(doc.elements)
    if not infos:
        return Content()
    elements = doc.elements

    parents = [el.parent for el in elements]

    # Boilerplate wrappers that hold most of the story are released — never page chrome.
    raw_good = [0.0] * n
    for info in infos:
        raw_good[info.run.owner] += info.quality
    _sum_up(raw_good, parents)
    total_good = raw_good[0]
    released: set[int] = set()
    for i, el in enumerate(elements):
        if (
            el.klass in ("junk", "strong-junk")
            and raw_good[i] >= UNJUNK_SHARE * total_good
            and raw_good[i] > 300
            and not is_chrome(el.tag, el.attrs)
        ):
            released.add(i)

    good = [0.0] * n
    bad = [0.0] * n
    bad_unclassed = [0.0] * n  # bad text that no boilerplate class would filter out later
    junk_flags: list[bool] = []
    furniture_flags: list[bool] = []
    teasers = _teasers(infos)
    for k, info in enumerate(infos):
        is_junk = any(j not in released for j in info.junk_ancestors)
        furniture = info.length <= 160 and is_furniture(info.run.text)
        junk_flags.append(is_junk)
        furniture_flags.append(furniture)
        owner = info.run.owner
        # Teaser cards weigh against a container, but inside the chosen one they may be a
        # listicle's items, so they are not dropped for it.
        if is_junk or furniture or _linky(info) or k in teasers:
            bad[owner] += info.length
            if not is_junk:
                bad_unclassed[owner] += info.length
        else:
            good[owner] += info.quality
    for totals in (good, bad, bad_unclassed):
        _sum_up(totals, parents)

    best, best_score = 0, float("-inf")
    for i in range(n):
        g = good[i]
        if g <= 0:
            continue
        score = g - BAD_WEIGHT * bad[i]
        if elements[i].klass == "content":
            score += 0.25 * g
        if score > best_score:
            best, best_score = i, score
    best = _climb(elements, best, good, bad, bad_unclassed)

    content = Content(container=best)
    inside = doc.subtree_end(best)
    # The "4 min read" badge sits in the byline or header, wherever the story's container is.
    for info in infos:
        if info.length <= 160:
            minutes = reading_time_in(info.run.text)
            if minutes is not None:
                content.reading_time = minutes
                break
    lead = _lead_runs(doc, infos, best, furniture_flags)
    kept: list[RunInfo] = []
    seen_good = False
    for k, (info, is_junk, furniture) in enumerate(zip(infos, junk_flags, furniture_flags)):
        if k in lead:
            kept.append(info)
            continue
        if not best <= info.run.owner < inside:
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
        if _linky(info):
            continue
        if info.heading == "h1":
            content.h1.append(text)
            continue
        if info.length < 120 and not seen_good:
            # Bylines and date lines head a story; further down the same shapes are body text.
            if byline_names(text) and not _SENTENCE_END.search(text):
                content.bylines.append(text)
                continue
            if parse_date_text(text):
                content.dates.append(text)
                continue
        if info.length < 120:
            credit = credit_of(text)
            if credit:
                content.credits.append(credit)
                continue
        kept.append(info)
        seen_good = seen_good or _is_good(info)

    kept = _drop_orphans(infos, kept, best, inside)
    kept = _trim_edges(kept)
    kept = _drop_edge_pitches(kept)
    content.blocks = _to_blocks(doc, kept)
    return content


_ELLIPSIS_END = re.compile(r"(?:…|\.\.\.|\[…\]|\[\.\.\.\])\s*$")


def _teasers(infos: list[RunInfo]) -> set[int]:
    """Blurbs of teaser cards: a short paragraph right under a fully linked headline, or an
    excerpt cut off with an ellipsis beside a link — a story's own paragraphs are neither."""
    cards: set[int] = set()
    cut: set[int] = set()
    for k, info in enumerate(infos):
        if info.kind != "paragraph" or info.length > 400:
            continue
        for j in range(k - 1, max(-1, k - 4), -1):
            prev = infos[j]
            if prev.kind == "heading" and prev.link_density >= 0.8 and prev.length >= 15:
                cards.add(k)
                break
            if prev.quality >= 60:
                break
        if _ELLIPSIS_END.search(info.run.text):
            near = infos[max(0, k - 2) : k + 3]
            if any(x is not info and x.link_density > 0.5 for x in near):
                cut.add(k)
    # One linked subheading is a story's anchor; a run of them is a feed of cards.
    return (cards if len(cards) >= 3 else set()) | (cut if len(cut) >= 2 else set())


def _sum_up(values: list[float], parents: list[int]) -> None:
    """Totals over subtrees: elements are in document order, so children follow parents."""
    for i in range(len(values) - 1, 0, -1):
        values[parents[i]] += values[i]


def _climb(elements: list[Element], best: int, good: list[float], bad: list[float], bad_unclassed: list[float]) -> int:
    """Widen to the parent while it adds real story: junk nested in the story's wrapper (a
    gallery, a share bar) is filtered later and must not shrink the container."""
    while True:
        parent = elements[best].parent
        if parent < 0 or elements[parent].klass == "strong-junk" or elements[parent].tag == "html":
            return best
        extra_good = good[parent] - good[best]
        extra_bad = bad_unclassed[parent] - bad_unclassed[best]
        if extra_good >= max(100.0, 0.2 * good[best]) and extra_good >= 2.0 * extra_bad:
            best = parent
            continue
        if extra_good == 0 and extra_bad == 0 and bad[parent] == bad[best]:
            best = parent  # a wrapper that adds nothing either way
            continue
        return best


def _lead_runs(doc: Doc, infos: list[RunInfo], best: int, furniture: list[bool]) -> set[int]:
    """The lead paragraph just before the story's container, inside its article-level wrapper —
    but not a dek or standfirst the page marks as such."""
    elements = doc.elements
    chain = doc.ancestors(best)
    scope = next((a for a in chain[1:5] if elements[a].tag in ("article", "main") or elements[a].klass == "content"), None)
    if scope is None:
        scope = chain[2] if len(chain) > 2 else chain[-1]
    first = next((k for k, info in enumerate(infos) if best in info.ancestors), None)
    if first is None:
        return set()
    out: set[int] = set()
    for k in range(first - 1, max(-1, first - 5), -1):
        info = infos[k]
        if scope not in info.ancestors:
            break
        hard = any(
            elements[j].klass in ("strong-junk", "hidden") or elements[j].tag in ("nav", "aside", "footer", "form")
            for j in info.junk_ancestors
        )
        if hard or info.caption or info.link_density > 0.5 or furniture[k] or info.heading or info.kind != "paragraph":
            continue
        text = info.run.text
        if any(tokens_of(elements[a]) & DEK_TOKENS for a in info.ancestors[:3]):
            continue
        if info.length >= 80 and _SENTENCE_END.search(text) and not (info.length < 160 and byline_names(text)):
            out.add(k)
    return out


def _drop_orphans(infos: list[RunInfo], kept: list[RunInfo], best: int, end: int) -> list[RunInfo]:
    """A heading or short label whose section was all dropped ("Related stories:" over links)."""
    position = {id(info): k for k, info in enumerate(infos)}
    kept_ids = {id(info) for info in kept}
    out = []
    for n, info in enumerate(kept):
        text = info.run.text.rstrip()
        short = info.heading or (info.length < 50 and not _SENTENCE_END.search(text.rstrip(":"))) or (
            text.endswith(":") and info.length < 60
        )
        if short:
            following = kept[n + 1] if n + 1 < len(kept) else None
            a = position[id(info)] + 1
            b = position[id(following)] if following is not None else len(infos)
            between = [infos[j] for j in range(a, b) if best <= infos[j].run.owner < end]
            if between and (following is None or following.heading) and all(id(x) not in kept_ids for x in between):
                continue
        out.append(info)
    return out


def _drop_edge_pitches(kept: list[RunInfo]) -> list[RunInfo]:
    """Subscription pitches, correction notes and disclaimers at the very start or end."""
    while len(kept) > 1 and is_call_to_action(kept[-1].run.text):
        kept = kept[:-1]
    while len(kept) > 1 and is_call_to_action(kept[0].run.text):
        kept = kept[1:]
    return kept


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
        if prev.kind == "heading" or prev.length >= 40 or _SENTENCE_END.search(prev.run.text):
            start -= 1
        else:
            break
    last = max(i for i, info in enumerate(kept) if _is_good(info))
    end = last + 1
    while end < len(kept):
        if _edge_junk(kept[end]):
            break
        end += 1
    return kept[start:end]


def _edge_junk(info: RunInfo) -> bool:
    """What trails a story without being part of it: link lines, labels in capitals, dates,
    bylines. A short plain line (a spec, a sign-off, a list item) is still the story's."""
    text = info.run.text
    if info.length >= 40 or _SENTENCE_END.search(text) or info.kind in ("list", "table"):
        return False
    if info.link_density > 0.3 or (text.isupper() and info.length > 3):
        return True
    return bool(parse_date_text(text) or byline_names(text))


def _to_blocks(doc: Doc, kept: list[RunInfo]) -> list[Block]:
    blocks: list[Block] = []
    last_row = last_cell = -1
    for info in kept:
        text = info.run.text
        if info.kind == "table":
            row = _row_of(doc, info.run.owner)
            # Cells of one row make one line; the lines of one (layout) cell stay paragraphs.
            if row == last_row and info.run.owner != last_cell and blocks and blocks[-1].kind == "table":
                blocks[-1].text += " " + text.replace("\n", " ")
                last_cell = info.run.owner
                continue
            last_row, last_cell = row, info.run.owner
            blocks.append(Block("table", text.replace("\n", " ")))
            continue
        last_row = -1
        blocks.append(Block(info.kind, text))  # type: ignore[arg-type]
    return blocks


def _row_of(doc: Doc, owner: int) -> int:
    i = owner
    while i >= 0 and doc.elements[i].tag != "tr":
        i = doc.elements[i].parent
    return i
