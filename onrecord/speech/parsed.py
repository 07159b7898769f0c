"""Attribution on the dependency parse: cue verbs, their subjects and their complements.

Only the sentence units that can hold a statement are parsed (a quotation mark, a cue word or
"according to" in them), with long quotes masked (see masking.py). For every cue verb the
subject is the speaker mention; the content is the quote(s) of the unit when there are any,
otherwise the verb's clausal complement, or what follows the verb for frames like "accuse".
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from onrecord.speech.found import Found
from onrecord.speech.lexicon import CUE_FORMS, LIGHT_VERBS, SPEECH_NOUNS, VENUE_NOUNS, frame_of
from onrecord.speech.masking import PLACEHOLDER, Masked, mask_unit
from onrecord.speech.quotes import Quote
from onrecord.speech.sentences import Unit

_LIGHT_FORMS = {
    f: lemma
    for lemma, forms in {
        "give": "give gave given gives giving",
        "offer": "offer offered offers offering",
        "issue": "issue issued issues issuing",
        "make": "make made makes making",
        "deliver": "deliver delivered delivers delivering",
        "provide": "provide provided provides providing",
        "express": "express expressed expresses expressing",
        "voice": "voice voiced voices voicing",
    }.items()
    for f in forms.split()
    if lemma in LIGHT_VERBS
}
_SUBJECT_DEPS = ("nsubj", "nsubjpass", "csubj")
_INHERIT_DEPS = ("advcl", "xcomp", "conj", "pcomp", "acl")
_MENTION_RIGHT_DEPS = ("compound", "flat", "nn", "case", "poss", "nummod")
_MENTION_PREPS = ("of", "for", "at", "from", "with", "in", "to", "on")
_SKIP_RIGHT = ("punct", "cc", "npadvmod", "dative", "mark", "advmod", "aux", "auxpass", "neg", "prt")
_TIME_WORDS = frozenset(
    """monday tuesday wednesday thursday friday saturday sunday today yesterday tonight
    morning afternoon evening night week weekend month year earlier later""".split()
)


class _Tokens:
    """Original-text offsets for the tokens of one masked unit."""

    def __init__(self, doc: Any, masked: Masked, quotes: list[Quote]) -> None:
        self.doc = doc
        self.masked = masked
        self.quotes = quotes

    def start(self, tok: Any) -> int:
        return self.masked.to_original(tok.idx)

    def end(self, tok: Any) -> int:
        return self.masked.to_original(tok.idx + len(tok.text))

    def span(self, toks: Iterable[Any]) -> tuple[int, int] | None:
        toks = [t for t in toks if not t.is_punct or t.text == PLACEHOLDER]
        if not toks:
            return None
        first = min(toks, key=lambda t: t.i)
        last = max(toks, key=lambda t: t.i)
        return self.start(first), self.end(last)

    def quote_of(self, tok: Any) -> Quote | None:
        if tok.text == PLACEHOLDER and tok.idx in self.masked.quote_at:
            return self.masked.quote_at[tok.idx]
        s = self.start(tok)
        for q in self.quotes:
            if q.start <= s < q.end:
                return q
        return None


def _cue_lemma(tok: Any, toks: _Tokens) -> str | None:
    lemma = CUE_FORMS.get(tok.lower_)
    if lemma is None or not tok.tag_.startswith("VB") or tok.dep_ in ("amod", "compound"):
        return None
    if toks.quote_of(tok) is not None:
        return None  # a verb inside the quotation is the speaker's, not the reporter's
    return lemma


def _subject(verb: Any, depth: int = 0) -> Any | None:
    for child in verb.children:
        if child.dep_ in _SUBJECT_DEPS:
            return child
    if depth < 3 and verb.dep_ in _INHERIT_DEPS and verb.head is not verb:
        return _subject(verb.head, depth + 1)
    return None


def _mention_tokens(head: Any) -> tuple[list[Any], Any | None]:
    """The speaker mention around its head word, and an appositive if there is one."""
    left = [t for t in head.subtree if t.i < head.i and t.dep_ not in ("punct", "cc", "advmod", "preconj")]
    # Cut the mention at a comma on its left ("…, officials said"), keeping the closest part.
    for t in reversed(list(head.lefts)):
        pass
    toks = [t for t in left if t.i >= _left_bound(head)] + [head]
    appositive = None
    for child in head.rights:
        if child.dep_ in _MENTION_RIGHT_DEPS:
            toks.extend(child.subtree)
        elif child.dep_ == "prep" and child.lower_ in _MENTION_PREPS and not _is_time_or_venue(child):
            toks.extend(child.subtree)
        elif child.dep_ == "appos" and appositive is None:
            appositive = child
    return toks, appositive


def _left_bound(head: Any) -> int:
    i = head.i
    doc = head.doc
    lo = head.left_edge.i
    while i > lo:
        if doc[i - 1].text in (",", ";", "(", "—", "–") or doc[i - 1].text in ("“", "”", '"'):
            return i
        i -= 1
    return lo


def _is_time_or_venue(prep: Any) -> bool:
    for t in prep.subtree:
        if t.lower_ in _TIME_WORDS or t.lower_ in VENUE_NOUNS:
            return True
    return False


def _complement(verb: Any, frame: str, toks: _Tokens) -> list[Any]:
    """The tokens of what was said, without quotes' own handling."""
    doc = verb.doc
    for child in verb.children:
        if child.dep_ == "ccomp" and not _is_cue_clause(child, toks):
            return [t for t in child.subtree]
    if frame == "think":
        for child in verb.children:
            if child.dep_ == "xcomp":
                return list(child.subtree)
        return []
    if frame in ("accuse", "say", "tell", "report"):
        out: list[Any] = []
        for child in verb.rights:
            dep = child.dep_
            if dep in _SKIP_RIGHT or dep in _SUBJECT_DEPS:
                continue
            if dep == "dobj" and frame == "tell":
                continue  # the addressee
            if dep == "prep" and _is_time_or_venue(child):
                continue
            if dep in ("advcl", "conj") and (_is_cue_clause(child, toks) or dep == "conj"):
                continue
            out.extend(child.subtree)
        if frame in ("say", "report", "tell") and out and all(t.dep_ in ("dobj", "pobj", "det", "amod", "compound", "poss", "case", "prep") for t in out) and len(out) <= 3:
            return []  # "said it", "said so", "told him": no content of its own
        return out
    del doc
    return []


def _is_cue_clause(tok: Any, toks: _Tokens) -> bool:
    return _cue_lemma(tok, toks) is not None


def _venue(verb: Any, frame: str, toks: _Tokens, text: str) -> str | None:
    if frame == "tell":
        for child in verb.children:
            if child.dep_ in ("dobj", "dative"):
                head = child
                span = toks.span(t for t in head.subtree if t.dep_ != "punct")
                if span and _looks_like_outlet(text[span[0] : span[1]]):
                    return _strip_possessive_tail(text[span[0] : span[1]])
    for child in verb.children:
        if child.dep_ == "prep" and child.lower_ in ("in", "on", "during", "to", "with"):
            words = [t for t in child.subtree]
            if any(t.lower_ in VENUE_NOUNS for t in words) or child.lower_ == "on":
                span = toks.span(words[1:])
                if span:
                    return text[span[0] : span[1]]
    return None


def _looks_like_outlet(phrase: str) -> bool:
    words = phrase.split()
    return bool(words) and words[0][:1].isupper() and phrase.lower() not in ("reporters", "journalists")


def _strip_possessive_tail(phrase: str) -> str:
    """"NBC News’ Kristen Welker" → "NBC News": the outlet, not the interviewer."""
    for mark in ("’s ", "'s ", "’ ", "' "):
        if mark in phrase:
            return phrase.split(mark, 1)[0]
    return phrase


def parse_units(
    text: str, units: list[Unit], wanted: list[int], quotes_by_unit: dict[int, list[Quote]], nlp: Any
) -> list[Found]:
    masked = [mask_unit(text, units[i].start, units[i].end, quotes_by_unit.get(i, [])) for i in wanted]
    found: list[Found] = []
    for doc, m, ui in zip(nlp.pipe([m.text for m in masked], batch_size=64), masked, wanted):
        found.extend(_from_doc(doc, m, text, units[ui], ui, quotes_by_unit.get(ui, [])))
    return found


def _from_doc(doc: Any, masked: Masked, text: str, unit: Unit, ui: int, quotes: list[Quote]) -> list[Found]:
    toks = _Tokens(doc, masked, quotes)
    ents = {}
    for ent in getattr(doc, "ents", ()):
        span = toks.span(ent)
        if span:
            ents[span] = ent.label_
    cues: list[tuple[Any, str]] = []
    for tok in doc:
        lemma = _cue_lemma(tok, toks)
        if lemma:
            cues.append((tok, lemma))
            continue
        if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            cues.append((tok, "according to"))
            continue
        light = _LIGHT_FORMS.get(tok.lower_)
        if light and tok.tag_.startswith("VB") and toks.quote_of(tok) is None:
            for child in tok.children:
                if child.dep_ == "dobj" and child.lower_ in SPEECH_NOUNS:
                    cues.append((tok, light))
                    break

    # Quotes go to the cue nearest them; a cue inside a quote never attributes it, and a short
    # quote embedded mid-clause ("support “likely by air”") is a fragment, not a direct quote.
    quote_owner: dict[int, int] = {}
    for qi, q in enumerate(quotes):
        if _embedded(text, q, unit):
            continue
        best, best_distance = None, None
        for ci, (tok, lemma) in enumerate(cues):
            if lemma in ("according to",) or frame_of(lemma) in ("think", "report", "accuse"):
                continue
            if _LIGHT_FORMS.get(tok.lower_) == lemma:
                continue
            s = toks.start(tok)
            distance = q.start - s if s < q.start else s - q.end
            if best_distance is None or distance < best_distance:
                best, best_distance = ci, distance
        if best is not None:
            quote_owner[qi] = best

    out: list[Found] = []
    for ci, (verb, lemma) in enumerate(cues):
        cue_span = (toks.start(verb), toks.end(verb))
        if lemma == "according to":
            cue_span = (toks.start(verb), toks.end(verb.doc[verb.i + 1]))
            f = _according(verb, toks, text, unit, ui, quotes, quote_owner, ci)
            if f:
                f.ner = ents
                out.append(f)
            continue
        frame = frame_of(lemma) if lemma not in _LIGHT_FORMS.values() else "say"
        subject = _subject(verb)
        mine_quotes = [qi for qi, owner in quote_owner.items() if owner == ci]
        if subject is None and not mine_quotes:
            continue  # agentless ("efforts to find a path"): no one to put on record
        speaker = antecedent = appositive = None
        if subject is not None:
            mention, appos = _mention_tokens(subject)
            speaker = toks.span(mention)
            if appos is not None:
                appositive = toks.span(t for t in appos.subtree if t.dep_ != "punct")
            if subject.tag_ in ("WP", "WDT") and subject.head.dep_ == "relcl":
                noun = subject.head.head
                antecedent = toks.span(_mention_tokens(noun)[0])
        mine = [quotes[qi] for qi, owner in quote_owner.items() if owner == ci]
        venue = _venue(verb, frame, toks, text)
        if mine:
            spans = [(q.start, q.end) for q in sorted(mine, key=lambda q: q.start)]
            f = Found("direct", spans, ui, unit.paragraph, (cue_span[0], cue_span[1], lemma), speaker,
                      antecedent, appositive, venue=venue)
            f.ner = ents
            out.append(f)
            continue
        if _LIGHT_FORMS.get(verb.lower_) == lemma:
            content_toks = []
            for child in verb.children:
                if child.dep_ == "dobj":
                    for grand in child.children:
                        if grand.dep_ in ("relcl", "acl", "ccomp"):
                            content_toks = list(grand.subtree)
                if child.dep_ == "ccomp":
                    content_toks = list(child.subtree)
            quoted_obj = [toks.quote_of(t) for t in verb.children if t.dep_ == "dobj"]
        else:
            content_toks = _complement(verb, frame, toks)
            quoted_obj = []
        content_toks = [t for t in content_toks if not (t.dep_ == "mark" and t.head.head is verb)]
        while content_toks and content_toks[0].dep_ == "mark":
            content_toks = content_toks[1:]
        span = toks.span(content_toks)
        if span is None or span[1] - span[0] < 3:
            continue
        inner = [q for q in quotes if q.start >= span[0] - 1 and q.end <= span[1] + 1]
        kind = "indirect"
        if inner:
            quoted_chars = sum(q.end - q.start for q in inner)
            if quoted_chars >= 0.6 * (span[1] - span[0]) and len(inner) == 1:
                kind = "partial"
                span = (inner[0].start, inner[0].end)
            else:
                kind = "mixed"
        f = Found(kind, [span], ui, unit.paragraph, (cue_span[0], cue_span[1], lemma), speaker, antecedent,
                  appositive, venue=venue)
        f.quoted = [(q.start, q.end) for q in inner if kind != "partial"]
        f.quoted += [(q.start, q.end) for q in quoted_obj if q is not None]
        f.ner = ents
        out.append(f)
    return out


def _embedded(text: str, q: Quote, unit: Unit) -> bool:
    i = q.open_mark - 1
    while i >= unit.start and text[i] in " \t\u00a0":
        i -= 1
    if i < unit.start:
        return False
    before = text[i]
    if not (before.isalnum() or before in "’'"):
        return False
    # A quote that reaches the end of its sentence after "said" is still direct ("said “…”").
    return len(text[q.start : q.end].split()) < 8


def _according(verb: Any, toks: _Tokens, text: str, unit: Unit, ui: int, quotes: list[Quote],
               quote_owner: dict[int, int], ci: int) -> Found | None:
    doc = verb.doc
    to = doc[verb.i + 1]
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
    if pobj is None:
        pobj = next((c for c in verb.children if c.dep_ == "pobj"), None)
    if pobj is None:
        return None
    mention, appos = _mention_tokens(pobj)
    speaker = toks.span(mention)
    phrase = set(t.i for t in verb.subtree) | {verb.i, to.i}
    head = verb.head if verb.head is not verb else verb
    if head is verb:
        content = [t for t in doc if t.i not in phrase]
    else:
        content = [t for t in head.subtree if t.i not in phrase]
    span = toks.span(content)
    if span is None:
        return None
    mine = [quotes[qi] for qi, owner in quote_owner.items() if owner == ci]
    kind = "indirect"
    if any(q.start >= span[0] - 1 and q.end <= span[1] + 1 for q in quotes):
        kind = "mixed"
    f = Found(kind, [span], ui, unit.paragraph, (toks.start(verb), toks.end(to), "accord"), speaker, None,
              toks.span(appos.subtree) if appos is not None else None)
    del mine
    return f
