"""The rules-only path: direct quotes and their speakers without a parser.

A quote set off by punctuation is attributed by the words right after it ("…,” Ana Ruiz
said / “…,” said Ana Ruiz, the mayor) or right before it (Ruiz said: “…” / Ruiz told
reporters, “…”). It finds what the great majority of news quotes look like, at regex speed;
reported speech needs the parse and is left to the full path.
"""

from __future__ import annotations

import re

from onrecord.speech.found import Found
from onrecord.speech.lexicon import CUE_FORMS, QUOTE_VERBS
from onrecord.speech.quotes import Quote
from onrecord.speech.sentences import Unit

_CUE_WORDS = sorted((f for f, lemma in CUE_FORMS.items() if lemma in QUOTE_VERBS), key=len, reverse=True)
_CUE = r"(?P<cue>" + "|".join(re.escape(w) for w in _CUE_WORDS) + r")"
_NAME_WORD = r"(?:[A-Z][\w.'’\-]*|de|van|von|al|bin|da|del|la|le)"
_PRONOUN = r"(?:he|she|they|it|we|I|He|She|They|It|We)"
_NOMINAL = r"(?:[Tt]he|[Aa]n?|[A-Z][\w’']*’s|[A-Z][\w']*'s)\s+(?:[\w’'\-.]+\s+){0,5}?[\w’'\-.]+"
# A name may follow lowercase role words: "engineer Tomas Brandt", "union chair Ilse Brandt".
_SPEAKER = rf"(?P<spk>{_PRONOUN}|(?:[a-z][\w\-]+\s+){{0,2}}(?:{_NAME_WORD}\s+){{0,6}}{_NAME_WORD}|{_NOMINAL})"
# "…,” Ruiz said" / "…,” said Ruiz" / "…,” Ruiz, the mayor, said"
_AFTER_SPK_CUE = re.compile(rf"^[\s,]*{_SPEAKER}(?:,[^,]{{2,80}},)?\s+(?:also\s+|later\s+|then\s+)?{_CUE}\b")
_AFTER_CUE_SPK = re.compile(rf"^[\s,]*{_CUE}\s+{_SPEAKER}")
# "Ruiz said: “…”", "Ruiz told reporters, “…”", "Ruiz said on Monday that “…”"
_BEFORE = re.compile(rf"{_SPEAKER}\s+(?:also\s+|later\s+|then\s+)?{_CUE}\b(?P<tail>[^.!?“”\"]{{0,60}}?)\s*[,:]?\s*$")
_BAD_SPEAKERS = frozenset("this that there what which who it".split())


def _speaker_ok(spk: str) -> bool:
    return (bool(spk) and spk.split()[0].lower() not in _BAD_SPEAKERS) or spk in ("It",)


def attribute_rules(
    text: str, units: list[Unit], wanted: list[int], quotes_by_unit: dict[int, list[Quote]]
) -> list[Found]:
    out: list[Found] = []
    for ui in wanted:
        unit = units[ui]
        quotes = quotes_by_unit.get(ui, [])
        i = 0
        while i < len(quotes):
            q = quotes[i]
            nxt = quotes[i + 1].open_mark if i + 1 < len(quotes) else unit.end
            after = text[q.outer_end : nxt]
            m = _AFTER_SPK_CUE.match(after) or _AFTER_CUE_SPK.match(after)
            if m and _speaker_ok(m.group("spk")):
                base = q.outer_end
                spans = [(q.start, q.end)]
                # "“…,” she said, “…”": the second piece continues the same statement.
                rest = after[m.end() :]
                if i + 1 < len(quotes) and re.fullmatch(r"[^.!?]{0,80}?,\s*", rest):
                    spans.append((quotes[i + 1].start, quotes[i + 1].end))
                    i += 1
                out.append(
                    Found(
                        "direct",
                        spans,
                        ui,
                        unit.paragraph,
                        (base + m.start("cue"), base + m.end("cue"), CUE_FORMS[m.group("cue").lower()]),
                        (base + m.start("spk"), base + m.end("spk")),
                    )
                )
                i += 1
                continue
            prev_end = quotes[i - 1].outer_end if i > 0 else unit.start
            before = text[prev_end : q.open_mark]
            m = _BEFORE.search(before)
            if m and _speaker_ok(m.group("spk")):
                base = prev_end
                out.append(
                    Found(
                        "direct",
                        [(q.start, q.end)],
                        ui,
                        unit.paragraph,
                        (base + m.start("cue"), base + m.end("cue"), CUE_FORMS[m.group("cue").lower()]),
                        (base + m.start("spk"), base + m.end("spk")),
                    )
                )
            i += 1
    return out
