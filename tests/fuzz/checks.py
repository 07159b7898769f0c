"""The invariants every Article must keep, whatever page it came from.

Shared by the hypothesis properties and the atheris harness (fuzz/fuzz_read.py), so both hold
the records to the same contract: offsets slice to the text they claim, the JSON form
round-trips exactly, and a record can always be written as UTF-8.
"""

from __future__ import annotations

import json
from typing import get_args

from onrecord.model import Article, ParagraphKind, SpeakerType, Statement, StatementKind

_KINDS = set(get_args(StatementKind))
_SPEAKER_TYPES = set(get_args(SpeakerType))
_PARAGRAPH_KINDS = set(get_args(ParagraphKind))
_WHERE = {"body", "heading", "title"}


def _within(start: object, end: object, size: int, what: str) -> None:
    assert isinstance(start, int) and isinstance(end, int), f"{what}: offsets {start!r}, {end!r} are not ints"
    assert 0 <= start <= end <= size, f"{what}: [{start}, {end}) is outside [0, {size}]"


def check_statement(st: Statement, base: str, i: int) -> None:
    """``base`` is the text the statement's offsets point into (the body or the title)."""
    where = f"statement {i} ({st.where})"
    assert st.kind in _KINDS, f"{where}: kind {st.kind!r}"
    assert st.where in _WHERE, f"{where}: where {st.where!r}"
    _within(st.start, st.end, len(base), where)
    assert base[st.start : st.end] == st.text, f"{where}: text {st.text!r} != slice {base[st.start:st.end]!r}"
    last = st.start
    for j, span in enumerate(st.spans):
        _within(span.start, span.end, len(base), f"{where} span {j}")
        assert st.start <= span.start and span.end <= st.end, f"{where} span {j} lies outside the statement"
        # The pieces of one statement (a quote broken by its attribution) in reading order.
        assert span.start >= last, f"{where} span {j} starts before the previous one ends"
        last = span.end
    if st.spans:
        assert (st.spans[0].start, st.spans[-1].end) == (st.start, st.end), f"{where}: spans do not span it"
    for j, frag in enumerate(st.quoted):
        _within(frag.start, frag.end, len(base), f"{where} fragment {j}")
        assert base[frag.start : frag.end] == frag.text, f"{where} fragment {j}: {frag.text!r}"
    if st.cue is not None:
        _within(st.cue.start, st.cue.end, len(base), f"{where} cue")
        assert base[st.cue.start : st.cue.end] == st.cue.text, f"{where} cue: {st.cue.text!r}"
        assert isinstance(st.cue.lemma, str) and st.cue.lemma, f"{where} cue: empty lemma"
    sp = st.speaker
    if sp is not None:
        assert sp.type in _SPEAKER_TYPES, f"{where} speaker type {sp.type!r}"
        assert (sp.start is None) == (sp.end is None), f"{where} speaker: one offset of two"
        if sp.start is not None:
            _within(sp.start, sp.end, len(base), f"{where} speaker")
            assert base[sp.start : sp.end] == sp.mention, f"{where} speaker: {sp.mention!r} != slice"


def check_article(article: Article) -> None:
    assert isinstance(article, Article), f"read returned {type(article).__name__}"
    text = article.text
    assert isinstance(text, str)
    for name in ("url", "title", "published", "modified", "language", "site_name", "description"):
        value = getattr(article, name)
        assert value is None or isinstance(value, str), f"{name} is {type(value).__name__}"
    assert all(isinstance(a, str) for a in article.authors), "an author is not a str"
    assert all(isinstance(h, str) for h in article.headings), "a heading is not a str"
    for name in ("stated_reading_time_minutes", "reading_time_minutes"):
        value = getattr(article, name)
        assert value is None or (isinstance(value, int) and value >= 0), f"{name} is {value!r}"
    last_end = 0
    for i, p in enumerate(article.paragraphs):
        _within(p.start, p.end, len(text), f"paragraph {i}")
        assert p.kind in _PARAGRAPH_KINDS, f"paragraph {i}: kind {p.kind!r}"
        assert p.start >= last_end, f"paragraph {i} starts at {p.start}, inside the one before (ends {last_end})"
        last_end = p.end
    for i, st in enumerate(article.statements):
        base = (article.title or "") if st.where == "title" else text
        check_statement(st, base, i)
    ids = [p.id for p in article.people]
    assert len(ids) == len(set(ids)), f"people ids repeat: {ids}"
    check_json(article)


def check_json(article: Article) -> None:
    """The JSON form is valid UTF-8 (a store and a JSONL export can write it) and round-trips."""
    as_json = article.to_json()
    as_json.encode("utf-8")  # raises on a lone surrogate anywhere in the record
    assert Article.from_json(as_json) == article, "Article.from_json(article.to_json()) != article"
    assert json.loads(as_json) == article.to_dict()


def check_statements(text: str, statements: list[Statement]) -> None:
    """``attribute``'s answer: offsets index the caller's own ``text`` (no title there)."""
    for i, st in enumerate(statements):
        assert isinstance(st, Statement)
        assert st.where != "title", f"statement {i} claims a title in a bare text"
        check_statement(st, text, i)
        json.dumps(st.to_dict(), ensure_ascii=False).encode("utf-8")
        assert Statement.from_json(st.to_json()) == st, f"statement {i} does not round-trip"
