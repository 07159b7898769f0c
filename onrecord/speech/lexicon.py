"""Our cue lexicon: the verbs and phrases that attribute speech or thought, matched on lemmas.

Each lemma carries a frame that says where its content and addressee are:
- "say":    content is the clause or quote (said that …, said: “…”);
- "tell":   the direct object is the addressee (told reporters that …, told NBC News: “…”);
- "accuse": the object and its of-phrase are the content (accused Ukraine of …);
- "call":   call for / call on …;
- "think":  verbs of belief, weaker evidence of a statement;
- "report": non-human sources (a poll shows, the report found);
- "seem":   impressions on no one's record (X seems ready to …): the subject and its complement
            are the content, and there is no speaker.
"""

from __future__ import annotations

from dataclasses import dataclass

_SAY = """say add state declare announce explain note observe remark comment reply respond answer
insist claim contend maintain assert argue stress emphasize emphasise underline underscore warn
caution concede admit acknowledge confirm deny reiterate repeat predict promise pledge vow
suggest propose recommend urge demand write tweet post testify recall continue conclude
complain lament bemoan grouse gripe boast brag joke quip shout yell scream whisper mutter exclaim concur agree
disagree dispute counter retort rebut object protest allege charge describe characterize
characterise dismiss reject question wonder speculate estimate forecast project indicate
signal hint imply mention disclose reveal clarify elaborate summarize summarise specify
stipulate swear guarantee affirm allow proclaim contend posit theorize theorise surmise
muse recount relate narrate report threaten counsel advise instruct order plead appeal beg
cite quote acknowledge assure reassure inform notify remind warn caution write point echo"""
_TELL = """tell inform assure reassure notify remind advise warn caution urge instruct order
ask tell"""
_ACCUSE = """accuse charge blame criticize criticise condemn praise thank fault slam attack blast denounce
call label dub brand name term hail deride mock ridicule lambast lambaste decry applaud commend
welcome endorse back oppose reject dismiss defend champion tout rail assail portray"""
_THINK = """believe think feel hope fear worry expect know doubt suspect suppose assume
consider reckon figure guess understand realize realise want wish plan intend anticipate
predict see trust bet prefer seek"""
_REPORT = "show find indicate suggest reveal conclude estimate report"
_SEEM = "seem appear"
# Stances and acts that news copy attributes like speech ("refused to …", "discussed …").
_STANCE = """support refuse discuss talk offer express share learn ignore recognize recognise vote
decide refer reference detail outline highlight pledge propose"""

# Cue lemmas that need a clause or quote to count (bare "he added" is still a cue for a quote).
IRREGULAR = {
    "say": ("said", "says", "saying"),
    "tell": ("told", "tells", "telling"),
    "write": ("wrote", "written", "writes", "writing"),
    "think": ("thought", "thinks", "thinking"),
    "feel": ("felt", "feels", "feeling"),
    "know": ("knew", "known", "knows", "knowing"),
    "find": ("found", "finds", "finding"),
    "show": ("showed", "shown", "shows", "showing"),
    "swear": ("swore", "sworn", "swears", "swearing"),
    "understand": ("understood", "understands", "understanding"),
    "see": ("saw", "seen", "sees", "seeing"),
    "forecast": ("forecast", "forecasts", "forecasting", "forecasted"),
    "bet": ("bet", "bets", "betting"),
    "give": ("gave", "given", "gives", "giving"),
    "make": ("made", "makes", "making"),
    "issue": ("issued", "issues", "issuing"),
    "seek": ("sought", "seeks", "seeking"),
}
_DOUBLE_FINAL = {"admit": "admitt", "commit": "committ", "regret": "regrett", "plan": "plann", "quip": "quipp",
                 "rebut": "rebutt", "object": "object", "bet": "bett", "refer": "referr", "prefer": "preferr",
                 "concur": "concurr", "aver": "averr", "omit": "omitt", "transmit": "transmitt", "submit": "submitt"}


def _regular_forms(lemma: str) -> tuple[str, ...]:
    if lemma in IRREGULAR:
        return IRREGULAR[lemma]
    stem = _DOUBLE_FINAL.get(lemma, lemma)
    if lemma.endswith("e"):
        return (lemma + "d", lemma + "s", lemma[:-1] + "ing")
    if lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        return (lemma[:-1] + "ied", lemma[:-1] + "ies", lemma + "ing")
    if lemma.endswith(("s", "sh", "ch", "x", "z")):
        return (lemma + "ed", lemma + "es", lemma + "ing")
    return (stem + "ed", lemma + "s", stem + "ing")


@dataclass(frozen=True)
class CueVerb:
    lemma: str
    frame: str  # say | tell | accuse | think | report


def _build() -> tuple[dict[str, CueVerb], dict[str, str]]:
    lemmas: dict[str, CueVerb] = {}
    for words, frame in ((_SEEM, "seem"), (_STANCE, "accuse"), (_THINK, "think"), (_REPORT, "report"), (_ACCUSE, "accuse"), (_SAY, "say"), (_TELL, "tell")):
        for lemma in words.split():
            lemmas[lemma] = CueVerb(lemma, frame)
    forms: dict[str, str] = {}
    for lemma in lemmas:
        forms[lemma] = lemma
        for form in _regular_forms(lemma):
            forms.setdefault(form, lemma)
    return lemmas, forms


CUE_VERBS, CUE_FORMS = _build()

# The verbs a direct quote is attributed with in nearly all news copy: safe for the rules-only
# path, where no parser checks that the word is a verb.
QUOTE_VERBS = frozenset(
    """say add tell ask write tweet post explain note insist continue reply respond answer
    recall warn declare announce state argue claim admit acknowledge conclude joke quip shout
    exclaim whisper stress emphasize emphasise concede remark observe predict promise vow
    counter retort complain agree suggest urge assert maintain contend confirm deny
    reiterate repeat testify describe""".split()
)

# Speech nouns used with a light verb: "gave my assurance that …", "issued a warning that …".
LIGHT_VERBS = frozenset("give offer issue make deliver provide express voice".split())
SPEECH_NOUNS = frozenset(
    """assurance assurances warning warnings statement statements pledge promise promises
    guarantee guarantees remark remarks comment comments claim claims assertion assertions
    speech address testimony argument arguments prediction predictions vow vows reminder
    admission announcement explanation suggestion insistence acknowledgment acknowledgement
    denial""".split()
)
# "in an interview with …", "in a statement" mark a venue or a medium, not content.
VENUE_NOUNS = frozenset("interview interviews statement briefing conference podcast appearance op-ed column post tweet letter speech address broadcast programme program show".split())


def lemma_of(word: str) -> str | None:
    return CUE_FORMS.get(word.lower())


def frame_of(lemma: str) -> str:
    verb = CUE_VERBS.get(lemma)
    return verb.frame if verb else "say"


# "according to a report by X": documents whose author is the source.
DOCUMENT_NOUNS = frozenset(
    """report reports study studies survey surveys poll polls analysis estimate estimates figures
    data statement statements filing filings memo letter document documents records review audit
    assessment forecast projections research findings""".split()
)
