"""The speech layer: Article → statements and the people who made them.

Steps: quotation marks → sentence units → candidate units (a quote, a cue word, "according
to") → attribution (the dependency parse, or the rules-only path) → continuations (quotes that
carry on the previous speaker's words) → headline attributions → speakers resolved into the
article's entities → Statement and Person records.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

from onrecord.model import Article, Cue, Fragment, Span, Speaker, Statement
from onrecord.speech.found import Found
from onrecord.speech.headlines import headline_claim
from onrecord.speech.lexicon import CUE_FORMS, SPEECH_NOUNS
from onrecord.speech.names import scan_names
from onrecord.speech.quotes import Quote, find_quotes
from onrecord.speech.resolve import Entity, people, resolve
from onrecord.speech.sentences import Unit, units
from onrecord.speech.venues import venue_followups

__all__ = ["annotate", "annotate_many"]

_WORD = re.compile(r"[A-Za-z]+")
_LIGHT_WORDS = frozenset("gave given give gives giving offered offer offers issued issue issues made make makes delivered provided expressed voiced".split())
# A run-on paragraph with no quote and no cue still costs nothing: it is never parsed.
MAX_UNIT_CHARS = 5_000
# Statements are looked for in the first 600,000 characters of a body: a hundred times a long
# article, and a bound of about ten seconds on the parser path for a hostile one.
MAX_ATTRIBUTED_CHARS = 600_000


# After these a cue form is a noun ("the report", "his call", "a claim"), not a verb.
_NOUN_CONTEXT = frozenset("the a an his her their its our my your this that these those every each no any some".split())


def _title_case(chunk: str) -> bool:
    """A headline in title case ("Senator Says She Will Run"), where capitals mark no names."""
    words = [w for w in _WORD.findall(chunk) if len(w) > 3]
    return len(words) >= 2 and sum(w[0].isupper() for w in words) >= 0.7 * len(words)


def _candidate(text: str, unit: Unit, has_quote: bool) -> bool:
    """Is the unit worth parsing: a quote, "according to", or a cue form used as a verb?"""
    if has_quote:
        return True
    chunk = text[unit.start : unit.end]
    if len(chunk) > MAX_UNIT_CHARS:
        return False
    previous = ""
    light_nouns: bool | None = None
    headline = _title_case(chunk)
    for n, m in enumerate(_WORD.finditer(chunk)):
        word = m.group(0)
        w = word.lower()
        if w == "according":
            return True
        if previous not in _NOUN_CONTEXT and (n == 0 or headline or not word[0].isupper()):
            # A capitalised cue form inside the sentence is a name ("United States", "Secretary
            # of State", "the Washington Post"), never the verb.
            if w in CUE_FORMS:
                return True
            if w in _LIGHT_WORDS:
                # "made remarks", "gave her assurance": a light verb speaks only with its noun.
                if light_nouns is None:
                    light_nouns = any(x.lower() in SPEECH_NOUNS for x in _WORD.findall(chunk))
                if light_nouns:
                    return True
        previous = w
    return False


@dataclass
class _Prepared:
    article: Article
    body: list[tuple[int, int]]
    units: list[Unit]
    quotes_by_unit: dict[int, list[Quote]]
    wanted: list[int]


def annotate(article: Article, *, fast: bool = False) -> Article:
    """Fill ``article.statements`` and ``article.people`` in place and return the article."""
    return annotate_many([article], fast=fast)[0]


def annotate_many(articles: list[Article], *, fast: bool = False) -> list[Article]:
    """``annotate`` for a batch: the parser sees every article's sentences at once, sorted by
    length, which is how it runs fastest."""
    prepared = [_prepare(article) for article in articles]
    work = [p for p in prepared if p is not None]
    if fast:
        from onrecord.speech.rules import attribute_rules

        founds = [attribute_rules(p.article.text, p.units, p.wanted, p.quotes_by_unit) for p in work]
    else:
        from onrecord.speech.nlp import load_model
        from onrecord.speech.parsed import parse_many

        founds = parse_many([(p.article.text, p.units, p.wanted, p.quotes_by_unit) for p in work], load_model())
    for p, found in zip(work, founds):
        _finish(p, found)
    return articles


def _prepare(article: Article) -> _Prepared | None:
    text = article.text
    if not text:
        article.statements, article.people = [], []
        return None
    body = [
        (p.start, min(p.end, MAX_ATTRIBUTED_CHARS))
        for p in article.paragraphs
        if p.kind != "heading" and p.start < MAX_ATTRIBUTED_CHARS
    ]
    if not body and not article.paragraphs:
        body = [(0, min(len(text), MAX_ATTRIBUTED_CHARS))]
    quotes = find_quotes(text, body)
    us = units(text, body, quotes)
    quotes_by_unit = _quotes_by_unit(us, quotes)
    wanted = [i for i, u in enumerate(us) if _candidate(text, u, bool(quotes_by_unit.get(i)))]
    return _Prepared(article, body, us, quotes_by_unit, wanted)


def _finish(p: _Prepared, found: list[Found]) -> None:
    article, text, us, quotes_by_unit = p.article, p.article.text, p.units, p.quotes_by_unit
    found = _resolve_pending(text, us, quotes_by_unit, found)
    found.extend(_signed_quotes(text, us, quotes_by_unit, found))
    found = _dedupe(found)
    found.extend(_continuations(text, us, quotes_by_unit, found))
    found.sort(key=lambda f: f.start)
    venue_followups(text, us, found)

    names = scan_names(text, p.body)
    unit_starts = [u.start for u in us]
    entities, speaker_of = resolve(text, found, names, unit_starts)
    _inherit_continuations(found, speaker_of)

    statements = [_statement(text, f, speaker_of.get(i)) for i, f in enumerate(found)]
    statements.extend(_headline_statements(article, entities))
    statements.sort(key=lambda s: (s.where != "title", s.start))
    article.statements = statements
    speaking = {s.speaker.id for s in statements if s.speaker and s.speaker.id}
    article.people = people(entities, speaking)


def _quotes_by_unit(us: list[Unit], quotes: list[Quote]) -> dict[int, list[Quote]]:
    out: dict[int, list[Quote]] = {}
    j = 0
    for i, u in enumerate(us):
        while j < len(quotes) and quotes[j].end <= u.start:
            j += 1
        k = j
        while k < len(quotes) and quotes[k].start < u.end:
            if quotes[k].start >= u.start:
                out.setdefault(i, []).append(quotes[k])
            k += 1
    return out


_NAME_RUN = r"[A-Z][\w.'’\-]*(?:\s+(?:[A-Z][\w.'’\-]*|de|van|von|al|bin|da|del|la|le)){0,5}"
_DASH_SIGNATURE = re.compile(rf"^\s*[―—–-]{{1,2}}\s*(?P<name>{_NAME_RUN})")
_COLON_LABEL = re.compile(rf"^\s*(?P<name>{_NAME_RUN})\s*:\s*$")


def _signed_quotes(text: str, us: list[Unit], quotes_by_unit: dict[int, list[Quote]], found: list[Found]) -> list[Found]:
    """Quotes signed with a dash (“…” ― Jane Roe) or labelled with a name and a colon
    (Jane Roe: “…”), the forms of quote collections, transcripts and live blogs."""
    out: list[Found] = []
    taken = _Coverage(found)
    for i, u in enumerate(us):
        for q in quotes_by_unit.get(i, []):
            if q.close_mark is None or taken.covers(q):
                continue
            after = text[q.outer_end : min(u.end, q.outer_end + 80)]
            m = _DASH_SIGNATURE.match(after)
            if m:
                dash = q.outer_end + after.index(m.group(0).strip()[0])
                name_at = q.outer_end + m.start("name")
                out.append(Found("direct", [(q.start, q.end)], i, u.paragraph, (dash, dash + 1, "say"),
                                 (name_at, name_at + len(m.group("name")))))
                continue
            before = text[u.start : q.open_mark]
            m = _COLON_LABEL.match(before)
            if m and len(m.group("name").split()) <= 5:
                colon = u.start + before.rindex(":")
                out.append(Found("direct", [(q.start, q.end)], i, u.paragraph, (colon, colon + 1, "say"),
                                 (u.start + m.start("name"), u.start + m.end("name"))))
    return out


def _resolve_pending(text: str, us: list[Unit], quotes_by_unit: dict[int, list[Quote]], found: list[Found]) -> list[Found]:
    """A cue that ends its paragraph with a colon takes the quote that opens the next one."""
    out = []
    for f in found:
        if f.kind != "pending":
            out.append(f)
            continue
        nxt = f.unit + 1
        quotes = quotes_by_unit.get(nxt, [])
        if nxt < len(us) and quotes and quotes[0].open_mark <= us[nxt].start + 1:
            f.kind = "direct"
            f.spans = [(quotes[0].start, quotes[0].end)]
            f.unit, f.paragraph = nxt, us[nxt].paragraph
            out.append(f)
    return out


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Pieces in reading order, none empty, none overlapping another."""
    out: list[tuple[int, int]] = []
    for s, e in sorted(sp for sp in spans if sp[1] > sp[0]):
        if out and s <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], e))
        else:
            out.append((s, e))
    return out


def _dedupe(found: list[Found]) -> list[Found]:
    """One statement per stretch of text: the outer cue wins over a cue inside its content."""
    for f in found:
        f.spans = _merged(f.spans)
    found = [f for f in found if f.spans and sum(e - s for s, e in f.spans) >= 2]
    found = sorted(found, key=lambda f: (f.start, -(f.end - f.start)))
    out: list[Found] = []
    reach = 0  # the furthest end among kept statements: only those can overlap what follows
    for f in found:
        clash = False
        if f.start < reach:
            for o in reversed(out):
                if _overlap(o, f) > 0.5:
                    clash = True
                    break
                if o.end <= f.start and o.start < f.start - _LOOKBACK:
                    break
        if not clash:
            out.append(f)
            reach = max(reach, f.end)
    # What overlaps a little is trimmed: a statement ends where the next one begins.
    out.sort(key=lambda f: f.start)
    for a, b in zip(out, out[1:]):
        s, e = a.spans[-1]
        if e > b.start > s:
            a.spans[-1] = (s, max(s, b.start))
    return [f for f in out if f.spans and f.spans[-1][1] > f.spans[-1][0]]


# How far back (in characters) a statement can start and still overlap one starting here.
_LOOKBACK = 5_000


def _overlap(a: Found, b: Found) -> float:
    inter = 0
    for s1, e1 in a.spans:
        for s2, e2 in b.spans:
            inter += max(0, min(e1, e2) - max(s1, s2))
    shorter = min(sum(e - s for s, e in a.spans), sum(e - s for s, e in b.spans)) or 1
    return inter / shorter


class _Coverage:
    """Which stretches statements already cover, for quick "is this quote taken?" checks."""

    def __init__(self, found: list[Found]) -> None:
        self.spans = sorted(sp for f in found for sp in f.spans)
        self.starts = [s for s, _ in self.spans]

    def add_span(self, sp: tuple[int, int]) -> None:
        k = bisect.bisect_left(self.starts, sp[0])
        self.starts.insert(k, sp[0])
        self.spans.insert(k, sp)

    def covers(self, q: Quote) -> bool:
        k = bisect.bisect_right(self.starts, q.end)
        # Spans starting before the quote ends; a span is at most _LOOKBACK long in practice,
        # but check back until spans end too early to matter.
        for j in range(k - 1, max(-1, k - 64), -1):
            s, e = self.spans[j]
            if max(s, q.start) < min(e, q.end):
                return True
        return False



def _continuations(text: str, us: list[Unit], quotes_by_unit: dict[int, list[Quote]], found: list[Found]) -> list[Found]:
    """Quotes with no cue of their own that carry on the previous speaker's words.

    In the same paragraph they become further pieces of that statement ("…,” she said. “…”);
    in a following paragraph they are a statement of their own, marked as a continuation.
    """
    out: list[Found] = []
    by_unit: dict[int, list[Found]] = {}
    for f in found:
        by_unit.setdefault(f.unit, []).append(f)
    last: Found | None = None
    last_unit = -10
    taken = _Coverage(found)
    for i, u in enumerate(us):
        own = by_unit.get(i, [])
        for q in quotes_by_unit.get(i, []):
            if taken.covers(q):
                continue
            if last is None or last.speaker is None or last_unit < 0:
                continue
            lead = text[u.start : q.open_mark]
            opens_unit = q.continues or (len(lead.split()) <= 2 and not any(ch in lead for ch in ",;:"))
            gap = u.paragraph - us[last_unit].paragraph
            if not (opens_unit and gap <= 1 and i - last_unit <= 3 and _long_enough(text, q)):
                continue
            if gap == 0 and not own:
                last.spans.append((q.start, q.end))
                taken.add_span((q.start, q.end))
                continue
            f = Found("direct", [(q.start, q.end)], i, u.paragraph, None, last.speaker, last.antecedent,
                      continuation=True)
            out.append(f)
            taken.add_span((q.start, q.end))
            last, last_unit = f, i
        for f in own:
            if f.speaker is not None:
                last, last_unit = f, i
    return out


def _long_enough(text: str, q: Quote) -> bool:
    return len(text[q.start : q.end].split()) >= 4


def _inherit_continuations(found: list[Found], speaker_of: dict[int, Entity | None]) -> None:
    """A continuation speaks with the voice of the statement it continues."""
    by_mention: dict[tuple[int, int], Entity | None] = {}
    for i, f in enumerate(found):
        if not f.continuation and f.speaker is not None and speaker_of.get(i) is not None:
            by_mention[f.speaker] = speaker_of[i]
    for i, f in enumerate(found):
        if f.continuation and f.speaker in by_mention:
            speaker_of[i] = by_mention[f.speaker]


def _statement(text: str, f: Found, ent: Entity | None) -> Statement:
    f.spans = _merged(f.spans)
    start, end = f.spans[0][0], f.spans[-1][1]
    speaker = None
    if f.speaker is not None or ent is not None:
        s, e = f.speaker if f.speaker else (None, None)
        speaker = Speaker(
            mention=text[s:e] if s is not None else None,
            start=s,
            end=e,
            name=ent.name if ent else (text[s:e] if s is not None else None),
            type=ent.type if ent else "unknown",  # type: ignore[arg-type]
            id=ent.id if ent else None,
        )
    cue = Cue(text[f.cue[0] : f.cue[1]], f.cue[0], f.cue[1], f.cue[2]) if f.cue else None
    return Statement(
        kind=f.kind,  # type: ignore[arg-type]
        text=text[start:end],
        start=start,
        end=end,
        spans=[Span(s, e) for s, e in f.spans] if len(f.spans) > 1 else [],
        speaker=speaker,
        cue=cue,
        venue=f.venue,
        quoted=[Fragment(text[s:e], s, e) for s, e in f.quoted],
        where=f.where,  # type: ignore[arg-type]
        continuation=f.continuation,
    )


def _headline_statements(article: Article, entities: list[Entity]) -> list[Statement]:
    out: list[Statement] = []
    sources: list[tuple[str, str, int]] = []
    if article.title:
        sources.append(("title", article.title, 0))
    for p in article.paragraphs:
        if p.kind == "heading":
            sources.append(("heading", article.text[p.start : p.end], p.start))
    for where, line, base in sources:
        claim = headline_claim(line)
        if claim is None:
            continue
        ent = _entity_named(claim.name, entities)
        if ent is None:
            continue
        s, e = base + claim.claim_start, base + claim.claim_end
        name_s = base + claim.name_start
        out.append(
            Statement(
                kind="indirect",
                text=line[claim.claim_start : claim.claim_end],
                start=s,
                end=e,
                speaker=Speaker(claim.name, name_s, name_s + len(claim.name), ent.name, ent.type, ent.id),  # type: ignore[arg-type]
                cue=_headline_cue(line, claim.cue, base),
                where=where,  # type: ignore[arg-type]
            )
        )
        ent.add(claim.name, s)
    return out


def _headline_cue(line: str, word: str | None, base: int) -> Cue | None:
    if word is None:
        return None
    i = line.find(word)
    return Cue(word, base + i, base + i + len(word), CUE_FORMS.get(word, word)) if i >= 0 else None


def _entity_named(name: str, entities: list[Entity]) -> Entity | None:
    low = name.lower()
    for ent in entities:
        if ent.name.lower() == low or (ent.last and ent.last.lower() == low.split()[-1]):
            return ent
    return None
