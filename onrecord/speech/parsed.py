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
from onrecord.speech.lexicon import (
    CUE_FORMS,
    DOCUMENT_NOUNS,
    LIGHT_VERBS,
    QUOTE_VERBS,
    SPEECH_NOUNS,
    VENUE_NOUNS,
    frame_of,
)
from onrecord.speech.masking import PLACEHOLDER, Masked, mask_unit
from onrecord.speech.quotes import Quote
from onrecord.speech.sentences import Unit
from onrecord.speech.venues import looks_like_outlet

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
_SKIP_RIGHT = ("punct", "cc", "npadvmod", "dative", "mark", "advmod", "aux", "auxpass", "neg", "prt", "agent")
# Prepositions that place an act in time or space rather than say what it was about.
_SETTING_PREPS = frozenset(
    "at during in by after before since from amid despite following throughout within until near".split()
)
_CONTRAST = frozenset("but whereas although though yet however".split())
_QUOTE_VERB_FORMS = frozenset(f for f, lemma in CUE_FORMS.items() if lemma in QUOTE_VERBS)
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


# The parser's labels say whether a word acts as a verb; the tagger (a third of the pipeline's
# cost) is not needed for that.
_VERB_DEPS = frozenset("ROOT ccomp xcomp advcl conj relcl parataxis acl pcomp csubj".split())
_NOUN_DEPS = frozenset("nsubj nsubjpass dobj pobj iobj compound amod attr appos poss npadvmod nmod det".split())
_QUOTE_TOKENS = frozenset(('"', "“", "”", "``", "''", "‘", "’", "«", "»"))
_PERSONAL = frozenset("he she they we i it".split())
# Cue verbs that report only with a clause ("she allowed that …", "I suppose that …"); with an
# infinitive or an object they speak of duty or permission.
_PERMISSION = frozenset("allow suppose".split())


def _is_verb(tok: Any) -> bool:
    if tok.dep_ in _NOUN_DEPS:
        return False
    if tok.dep_ in _VERB_DEPS:
        return True
    return any(c.dep_ in ("nsubj", "nsubjpass", "dobj", "ccomp", "aux", "auxpass") for c in tok.children)


def _cue_lemma(tok: Any, toks: _Tokens) -> str | None:
    lemma = CUE_FORMS.get(tok.lower_)
    if lemma is None or not _is_verb(tok):
        return None
    if toks.quote_of(tok) is not None:
        return None  # a verb inside the quotation is the speaker's, not the reporter's
    if lemma in _PERMISSION and not any(c.dep_ == "ccomp" and _finite(c) for c in tok.children):
        return None  # "was supposed to close", "rules allow only …": duty and permission, not a report
    return lemma


def _finite(clause: Any) -> bool:
    """A clause with a tense of its own, not "(for) X to do": "allow users to post" is no report."""
    return not any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children)


def _subject(verb: Any, depth: int = 0) -> Any | None:
    for child in verb.children:
        if child.dep_ in _SUBJECT_DEPS and child.text != PLACEHOLDER and child.text not in _QUOTE_TOKENS:
            return child
    if depth < 3 and verb.dep_ in _INHERIT_DEPS and verb.head is not verb:
        return _subject(verb.head, depth + 1)
    return None


def _mention_tokens(head: Any) -> tuple[list[Any], Any | None]:
    """The speaker mention around its head word, and an appositive if there is one."""
    left = [t for t in head.subtree if t.i < head.i and t.dep_ not in ("punct", "cc", "advmod", "preconj")]
    toks = [t for t in left if t.i >= _left_bound(head)] + [head]
    appositive = None
    set_off = False  # past a comma or an appositive: "X, the director, at the office" ends at X
    for child in head.rights:
        if child.dep_ == "appos" or (child.dep_ == "punct" and child.text in ",;"):
            set_off = True
        if child.dep_ in _MENTION_RIGHT_DEPS or (
            child.dep_ == "prep" and not set_off and child.lower_ in _MENTION_PREPS and not _is_time_or_venue(child)
        ):
            toks.extend(child.subtree)
        elif child.dep_ == "appos" and appositive is None:
            appositive = child
        elif child.dep_ == "conj" and not _is_verb(child):
            # "Bolton and Gorka", "GOP contender and former neurosurgeon Ben Carson"
            toks.extend(t for t in child.subtree if t.dep_ not in ("relcl", "acl") and t.text not in ",;")
            toks.extend(c for c in head.rights if c.dep_ == "cc")
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
    return any(t.lower_ in _TIME_WORDS or t.lower_ in VENUE_NOUNS for t in prep.subtree)


def _complement(verb: Any, frame: str, toks: _Tokens) -> list[Any]:
    """The tokens of what was said, without quotes' own handling."""
    for child in verb.children:
        if child.dep_ == "ccomp" and not _is_cue_clause(child, toks):
            return [t for t in child.subtree]
    if frame == "seem":
        return next((list(c.subtree) for c in verb.children if c.dep_ in ("xcomp", "acomp", "oprd")), [])
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
            if frame == "accuse" and ((dep == "prep" and child.lower_ in _SETTING_PREPS) or (dep == "advcl" and child.i > verb.i)):
                continue  # "praised her at a rally", "…, while others …": the setting, not the target
            if dep in ("advcl", "conj") and (_is_cue_clause(child, toks) or dep == "conj"):
                continue
            out.extend(child.subtree)
        if frame in ("say", "report", "tell") and out and all(t.dep_ in ("dobj", "pobj", "det", "amod", "compound", "poss", "case", "prep") for t in out) and len(out) <= 3:
            return []  # "said it", "said so", "told him": no content of its own
        return out
    return []


def _is_cue_clause(tok: Any, toks: _Tokens) -> bool:
    return _cue_lemma(tok, toks) is not None


def _venue(verb: Any, frame: str, toks: _Tokens, text: str) -> str | None:
    if frame == "tell":
        for child in verb.children:
            if child.dep_ in ("dobj", "dative"):
                head = child
                span = toks.span(t for t in head.subtree if t.dep_ != "punct")
                if span and looks_like_outlet(text[span[0] : span[1]]):
                    return _strip_possessive_tail(text[span[0] : span[1]])
    for child in verb.children:
        if child.dep_ != "prep" or child.lower_ not in ("in", "on", "during", "to", "with"):
            continue
        # "in an interview on Fox & Friends": the named outlet inside the phrase; after "with"
        # or "to" a name may be the interviewer, so it must look like an outlet.
        for t in child.subtree:
            if t.dep_ == "prep" and t is not child and t.lower_ in ("on", "with", "to", "for"):
                named = _named_pobj(t, toks, text)
                if named and (t.lower_ == "on" or looks_like_outlet(named)):
                    return named
        # "on Fox & Friends", "to Radio Nordvik" — but not "on Tuesday".
        if child.lower_ in ("on", "to"):
            named = _named_pobj(child, toks, text)
            if named:
                return named
    return None


def _named_pobj(prep: Any, toks: _Tokens, text: str) -> str | None:
    pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
    if pobj is None or not pobj.text[:1].isupper() or pobj.lower_ in _TIME_WORDS:
        return None
    span = toks.span(t for t in pobj.subtree if t.dep_ not in ("punct", "det"))
    return _strip_possessive_tail(text[span[0] : span[1]]) if span else None


def _strip_possessive_tail(phrase: str) -> str:
    """"NBC News’ Kristen Welker" → "NBC News": the outlet, not the interviewer."""
    for mark in ("’s ", "'s ", "’ ", "' "):
        if mark in phrase:
            return phrase.split(mark, 1)[0]
    return phrase


# A "sentence" longer than this after masking is not prose (a run-on scrape, a table turned to
# text): parsing it would cost much and find little, so only the rules look at it.
MAX_PARSE_CHARS = 20_000


def parse_units(
    text: str, units: list[Unit], wanted: list[int], quotes_by_unit: dict[int, list[Quote]], nlp: Any
) -> list[Found]:
    return parse_many([(text, units, wanted, quotes_by_unit)], nlp)[0]


def parse_many(
    jobs: list[tuple[str, list[Unit], list[int], dict[int, list[Quote]]]], nlp: Any
) -> list[list[Found]]:
    """Attribution for several texts with one pass of the parser over all their units."""
    from onrecord.speech.rules import attribute_rules

    results: list[list[Found]] = []
    todo: list[tuple[int, int, Masked]] = []  # (job, unit, masked text)
    for j, (text, units, wanted, quotes_by_unit) in enumerate(jobs):
        too_long: list[int] = []
        for i in wanted:
            m = mask_unit(text, units[i].start, units[i].end, quotes_by_unit.get(i, []))
            if len(m.text) > MAX_PARSE_CHARS:
                too_long.append(i)
            else:
                todo.append((j, i, m))
        results.append(attribute_rules(text, units, too_long, quotes_by_unit) if too_long else [])
    # Similar lengths in a batch waste less of the parser's work on padding.
    todo.sort(key=lambda item: len(item[2].text))
    docs = nlp.pipe([m.text for _, _, m in todo], batch_size=256)
    for (j, ui, m), doc in zip(todo, docs):
        text, units, _, quotes_by_unit = jobs[j]
        results[j].extend(_from_doc(doc, m, text, units[ui], ui, quotes_by_unit.get(ui, [])))
    for found in results:
        found.sort(key=lambda f: (f.unit, f.spans[0][0] if f.spans else 0))
    return results


def _find_cues(doc: Any, toks: _Tokens) -> list[tuple[Any, str]]:
    cues: list[tuple[Any, str]] = []
    for tok in doc:
        lemma = _cue_lemma(tok, toks)
        if lemma:
            cues.append((tok, lemma))
            continue
        if tok.lower_ == "according" and tok.i + 1 < len(doc) and doc[tok.i + 1].lower_ == "to":
            if toks.quote_of(tok) is None:
                cues.append((tok, "according to"))
            continue
        light = _LIGHT_FORMS.get(tok.lower_)
        if light and _is_verb(tok) and toks.quote_of(tok) is None:
            if any(c.dep_ == "dobj" and c.lower_ in SPEECH_NOUNS for c in tok.children):
                cues.append((tok, light))
    return cues


def _classify(span: tuple[int, int], quotes: list[Quote]) -> tuple[str, tuple[int, int], list[Quote]]:
    """direct / partial / mixed / indirect by how much of the content is quoted."""
    inner = [q for q in quotes if q.start >= span[0] - 2 and q.end <= span[1] + 2]
    if not inner:
        return "indirect", span, []
    # Keep the quotation marks of a fragment at the content's edge, so the text reads whole.
    start, end = span
    for q in inner:
        if q.start <= span[0] + 2:
            start = min(start, q.outer_start)
        if q.end >= span[1] - 2:
            end = max(end, q.outer_end)
    span = (start, end)
    # Marks count as quoted: two of them are a tenth of a four-word quote ("This is not over,").
    quoted = sum(min(q.outer_end, span[1]) - max(q.outer_start, span[0]) for q in inner)
    length = max(1, span[1] - span[0])
    if len(inner) == 1 and quoted >= 0.9 * length:
        return "direct", (inner[0].start, inner[0].end), []
    if len(inner) == 1 and quoted >= 0.6 * length:
        return "partial", span, inner
    return "mixed", span, inner


def _standalone(text: str, q: Quote, unit: Unit) -> bool:
    """A quote set off by punctuation or standing at the unit's start, not embedded mid-clause."""
    i = q.open_mark - 1
    while i >= unit.start and text[i] in " \t\u00a0":
        i -= 1
    if i < unit.start or (q.open_mark == q.start and q.continues):
        return True
    before = text[i]
    if not (before.isalnum() or before in "’'"):
        return True
    # "…, writing “…”": a cue verb right before the mark introduces the quote.
    j = i
    while j > unit.start and (text[j - 1].isalpha()):
        j -= 1
    return text[j : i + 1].lower() in _QUOTE_VERB_FORMS


def _speaker_tokens(verb: Any, toks: _Tokens) -> tuple[Any | None, bool]:
    """The subject of a cue, or None; the flag says the statement has no speaker by design
    ("Asked whether …": an agentless participle)."""
    if verb.lower_.endswith(("ed", "en", "ld", "wn")) and verb.dep_ in ("advcl", "acl") and verb.i < verb.head.i and not any(
        c.dep_ in _SUBJECT_DEPS for c in verb.children
    ):
        return None, True
    if frame_of(CUE_FORMS.get(verb.lower_, "")) == "seem":
        return None, True
    subject = _subject(verb)
    if subject is not None and subject.dep_ == "nsubjpass" and subject.head.i == verb.i and CUE_FORMS.get(verb.lower_) != "quote":
        # "The budget was announced by X", "Pell was asked about …", "It was revealed that …":
        # a passive cue's subject is what was said or whom it was said to; the speaker is the
        # by-agent, or no one on record. ("X was quoted as saying" is the exception.)
        agent = next((c for c in verb.children if c.dep_ == "agent"), None)
        by = next((c for c in agent.children if c.dep_ == "pobj"), None) if agent is not None else None
        if by is None or toks.quote_of(by) is not None or by.text == PLACEHOLDER:
            return None, True
        return by, False
    if subject is not None and (subject.text == PLACEHOLDER or toks.quote_of(subject) is not None):
        subject = None
    if subject is None:
        # "“…,” said X" parsed with X as an object, or "X:"-style frames: the nearest proper
        # noun phrase after the verb.
        for child in verb.rights:
            if child.dep_ in ("dobj", "attr", "npadvmod", "appos") and (child.text[:1].isupper() or child.lower_ in _PERSONAL):
                if toks.quote_of(child) is None and child.text != PLACEHOLDER:
                    return child, False
    return subject, False


def _from_doc(doc: Any, masked: Masked, text: str, unit: Unit, ui: int, quotes: list[Quote]) -> list[Found]:
    toks = _Tokens(doc, masked, quotes)
    cues = _find_cues(doc, toks)
    out: list[Found] = []
    used: set[int] = set()  # quotes inside some cue's complement
    plans: list[tuple[Any, str, tuple[int, int] | None]] = []
    pieces: dict[int, list[tuple[int, int]]] = {}  # plan index → content around a parenthetical cue
    for verb, lemma in cues:
        if lemma == "according to":
            plans.append((verb, lemma, None))
            continue
        around = _parenthetical(verb, toks)
        if around:
            pieces[len(plans)] = around
            plans.append((verb, lemma, (around[0][0], around[-1][1])))
            continue
        frame = "say" if _LIGHT_FORMS.get(verb.lower_) == lemma else frame_of(lemma)
        content = _light_content(verb) if _LIGHT_FORMS.get(verb.lower_) == lemma else _complement(verb, frame, toks)
        span = toks.span(_trim_content(verb, content))
        if span is not None and _classify(span, quotes)[0] in ("indirect", "mixed"):
            span = toks.span(_trim_content(verb, content, extend=frame not in ("accuse", "seem")))
        topic = _passive_topic(verb, toks, frame)
        if frame == "seem" and (topic is None or span is None):
            plans.append((verb, lemma, None))
            continue  # "appeared on Fox News", "it seems that …": no impression of anyone
        if topic is not None and ((frame == "think" and span is None) or frame == "tell"):
            # "is known for", "is seen as": a reputation, not a belief on record; "Pell was
            # asked about …", "was told that …": the subject is the addressee.
            topic = None
        if topic is not None and not any(topic[0] - 2 <= q.start < topic[1] + 2 for q in quotes):
            if span is None or not any(q.start >= span[0] - 2 and q.end <= span[1] + 2 for q in quotes):
                pieces[len(plans)] = [topic] + ([span] if span is not None and span[1] - span[0] >= 3 else [])
                plans.append((verb, lemma, (topic[0], pieces[len(plans)][-1][1])))
                continue
        if span is not None and span[1] - span[0] >= 3:
            for qi, q in enumerate(quotes):
                if q.start >= span[0] - 2 and q.end <= span[1] + 2:
                    used.add(qi)
        else:
            span = None
        plans.append((verb, lemma, span))

    # Standalone quotes nobody's complement took go to the nearest speech cue.
    owner: dict[int, int] = {}
    for qi, q in enumerate(quotes):
        if qi in used or not _standalone(text, q, unit):
            continue
        best, best_distance = None, None
        for ci, (verb, lemma, _) in enumerate(plans):
            if lemma == "according to" or frame_of(lemma) in ("think", "report", "accuse", "seem"):
                continue
            if _LIGHT_FORMS.get(verb.lower_) == lemma:
                continue
            s = toks.start(verb)
            distance = q.start - s if s < q.start else s - q.end
            if best_distance is None or distance < best_distance:
                best, best_distance = ci, distance
        if best is not None:
            owner[qi] = best

    for ci, (verb, lemma, span) in enumerate(plans):
        if lemma == "according to":
            f = _according(verb, toks, unit, ui, quotes)
            if f:
                out.append(f)
            continue
        frame = frame_of(lemma)
        subject, agentless = _speaker_tokens(verb, toks)
        mine = sorted((quotes[qi] for qi, o in owner.items() if o == ci), key=lambda q: q.start)
        if subject is None and not agentless and not mine:
            continue  # "efforts to find a path": no one to put on record
        speaker = antecedent = appositive = None
        if subject is not None:
            mention, appos = _mention_tokens(subject)
            speaker = toks.span(mention)
            if appos is not None:
                appositive = toks.span(t for t in appos.subtree if t.dep_ != "punct")
            if subject.lower_ in ("who", "which", "that") and subject.head.dep_ == "relcl":
                antecedent = toks.span(_mention_tokens(subject.head.head)[0])
        cue = (toks.start(verb), toks.end(verb), lemma)
        venue = _venue(verb, frame, toks, text)
        if mine:
            f = Found("direct", [(q.start, q.end) for q in mine], ui, unit.paragraph, cue, speaker, antecedent,
                      appositive, venue=venue)
            out.append(f)
            continue
        if span is None:
            if speaker is not None and frame in ("say", "tell") and text[unit.start : unit.end].rstrip().endswith(":"):
                # "Breitbart News responded:" — the quote follows in the next paragraph.
                out.append(Found("pending", [], ui, unit.paragraph, cue, speaker, antecedent, appositive, venue=venue))
            continue
        if ci in pieces:
            out.append(Found("indirect", pieces[ci], ui, unit.paragraph, cue, speaker, antecedent, appositive,
                             venue=venue))
            continue
        kind, span, inner = _classify(span, quotes)
        f = Found(kind, [span], ui, unit.paragraph, cue, speaker, antecedent, appositive, venue=venue)
        f.quoted = [(q.start, q.end) for q in inner]
        if _LIGHT_FORMS.get(verb.lower_) == lemma:
            for child in verb.children:
                obj = toks.quote_of(child) if child.dep_ == "dobj" else None
                if obj is not None:
                    f.quoted.append((obj.start, obj.end))
        out.append(f)

    # Quotes after a colon with no cue of their own: "Cruz called them on it: “…”".
    taken = set(owner) | used
    for qi, q in enumerate(quotes):
        if qi in taken or not _after_colon(text, q, unit):
            continue
        root = next((t for t in doc if t.dep_ == "ROOT"), None)
        if root is None or toks.start(root) > q.start:
            continue
        subject = _subject(root)
        if subject is None or subject.text == PLACEHOLDER or toks.quote_of(subject) is not None:
            continue
        mention, appos = _mention_tokens(subject)
        speaker = toks.span(mention)
        colon = text.rfind(":", unit.start, q.open_mark)
        out.append(Found("direct", [(q.start, q.end)], ui, unit.paragraph, (colon, colon + 1, "say"), speaker))
    return out


def _passive_topic(verb: Any, toks: _Tokens, frame: str) -> tuple[int, int] | None:
    """"The levy was announced on Monday", "who was lambasted as …": the subject of a passive
    cue is what was said (or whom it was said of), so it is content. An expletive "it" ("It was
    revealed that …") is not; nor is the subject of "was quoted as saying", who speaks."""
    if CUE_FORMS.get(verb.lower_) == "quote":
        return None
    subject_dep = "nsubj" if frame == "seem" else "nsubjpass"
    subject = next((c for c in verb.children if c.dep_ == subject_dep), None)
    if subject is None or subject.text == PLACEHOLDER or toks.quote_of(subject) is not None:
        return None
    if subject.lower_ == "it" and any(c.dep_ == "ccomp" for c in verb.children):
        return None
    return toks.span(subject.subtree)


def _parenthetical(verb: Any, toks: _Tokens) -> list[tuple[int, int]] | None:
    """"The ferry was late, she said, and …" / "Voters, the mayor suggested, need not …": a cue
    set off inside the clause it reports. What was said is that clause on both sides of the
    cue, not the cue's own trailing phrase ("on condition of anonymity"). Quoted clauses are
    left to the quote handling, which knows their marks."""
    head = verb.head
    if verb.dep_ != "parataxis" or head is verb or _subject(verb) is None:
        return None
    if any(c.dep_ in ("ccomp", "xcomp") for c in verb.children):
        return None
    lo, hi = verb.left_edge.i, verb.right_edge.i
    # "…, she said, and fares will stay …": a clause with its own subject coordinated after the
    # cue carries on the report (the parser hangs it on the cue); "…, she said, and left" does not.
    for child in verb.rights:
        own_subject = any(c.dep_ in _SUBJECT_DEPS for c in child.children)
        if child.dep_ == "conj" and own_subject and not _is_cue_clause(child, toks):
            cc = [c for c in verb.rights if c.dep_ == "cc" and c.i < child.i]
            hi = min([child.left_edge.i, *(c.i for c in cc)]) - 1
            break
    clause = [t for t in head.subtree if not lo <= t.i <= hi]
    if any(t.text == PLACEHOLDER or t.text in _QUOTE_TOKENS or toks.quote_of(t) is not None for t in clause):
        return None
    out: list[tuple[int, int]] = []
    for part in ([t for t in clause if t.i < lo], [t for t in clause if t.i > hi]):
        span = toks.span(part)
        if span is not None and span[1] - span[0] >= 3:
            out.append(span)
    return out or None


def _after_colon(text: str, q: Quote, unit: Unit) -> bool:
    i = q.open_mark - 1
    while i >= unit.start and text[i].isspace():
        i -= 1
    return i > unit.start and text[i] == ":"


def _light_content(verb: Any) -> list[Any]:
    for child in verb.children:
        if child.dep_ == "ccomp":
            return list(child.subtree)
        if child.dep_ == "dobj":
            for grand in child.children:
                if grand.dep_ in ("relcl", "acl", "ccomp"):
                    return list(grand.subtree)
    return []


def _main_clause(verb: Any) -> bool:
    while verb.dep_ in ("conj", "xcomp") and verb.head is not verb:
        verb = verb.head
    return verb.dep_ in ("ROOT", "parataxis", "ccomp")


def _trim_content(verb: Any, content: list[Any], extend: bool = False) -> list[Any]:
    """Drop the complementiser and the punctuation at the edges. With ``extend``, a right-hand
    complement runs on to the end of its sentence, as reported clauses do in news copy (the
    parser often cuts them at a relative clause or a coordination), unless another cue or
    another subject takes over."""
    if not content:
        return content
    doc = verb.doc
    keep = {t.i for t in content}
    first, last = min(keep), max(keep)
    # Only a main clause's report runs on to the sentence's end; a subordinate cue ("As X tried
    # to discuss …, Y said") ends with its own subtree.
    if extend and first > verb.i and _main_clause(verb):
        end = last
        for t in doc[last + 1 :]:
            if t.dep_ in ("advcl", "conj", "parataxis") and t.head.i <= verb.i and CUE_FORMS.get(t.lower_):
                break
            if t.dep_ in _SUBJECT_DEPS and t.head.i <= verb.i:
                break
            if t.head.i == verb.i and t.dep_ in ("conj", "cc") and not t.is_punct:
                break
            end = t.i
        keep |= set(range(first, end + 1))
    out = [doc[i] for i in sorted(keep)]
    if extend:
        # ", but for Republicans, it is …": a contrast hands the sentence back to the reporter.
        for k in range(3, len(out)):
            t = out[k]
            if (t.lower_ in _CONTRAST and out[k - 1].text in (",", ";", "—", "–")) or t.text == ";":
                out = out[: k - 1] if out[k - 1].text in (",", ";", "—", "–") else out[:k]
                break
    while out and (out[0].dep_ == "mark" or out[0].is_punct or out[0].dep_ == "cc"):
        out = out[1:]
    while out and ((out[-1].is_punct and out[-1].text != PLACEHOLDER) or out[-1].dep_ == "cc"):
        out = out[:-1]
    return out


def _according(verb: Any, toks: _Tokens, unit: Unit, ui: int, quotes: list[Quote]) -> Found | None:
    doc = verb.doc
    to = doc[verb.i + 1]
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
    if pobj is None:
        pobj = next((c for c in verb.children if c.dep_ == "pobj"), None)
    if pobj is None:
        return None
    source = pobj
    if pobj.lower_ in DOCUMENT_NOUNS:
        # "according to a report by the Harbour Trust": the Trust is the source, not "report".
        for prep in pobj.children:
            if prep.dep_ == "prep" and prep.lower_ in ("by", "from", "of", "in"):
                author = next((c for c in prep.children if c.dep_ == "pobj"), None)
                if author is not None and (prep.lower_ == "by" or author.text[:1].isupper()):
                    source = author
                    break
    mention, appos = _mention_tokens(source)
    speaker = toks.span(mention)
    phrase = {t.i for t in verb.subtree} | {verb.i, to.i}
    head = verb.head if verb.head is not verb else verb
    pool = doc if head is verb else head.subtree
    content = [t for t in pool if t.i not in phrase and not (t.is_punct and t.text != PLACEHOLDER)]
    span = toks.span(content)
    if span is None:
        return None
    kind, span, inner = _classify(span, quotes)
    f = Found(kind, [span], ui, unit.paragraph, (toks.start(verb), toks.end(to), "accord"), speaker, None,
              toks.span(appos.subtree) if appos is not None else None)
    f.quoted = [(q.start, q.end) for q in inner]
    return f
