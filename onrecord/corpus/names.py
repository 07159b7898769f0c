"""Splitting a person's name into the parts the speaker registry matches on.

"President Donald J. Trump Jr." → first "donald", surname "trump jr", titles ["president"].
The registry needs only a first-name key and a surname key; everything else (titles, middle
initials, honorifics) is stripped here so that "Mr Trump" and "Donald Trump" meet on "trump".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache

# Words that come before a name as a title, not part of it. Lower-case, without the dot.
TITLES = frozenset(
    ["mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "lord", "lady", "rev", "reverend", "fr", "father", "sister", "brother", "president", "vice", "prime", "minister", "chancellor", "premier", "governor", "gov", "mayor", "senator", "sen", "rep", "representative", "congressman", "congresswoman", "councillor", "councilman", "councilwoman", "councilor", "judge", "justice", "chief", "secretary", "ambassador", "general", "gen", "colonel", "col", "major", "maj", "captain", "capt", "lieutenant", "lt", "sergeant", "sgt", "commissioner", "inspector", "detective", "officer", "deputy", "speaker", "king", "queen", "prince", "princess", "pope", "cardinal", "bishop", "rabbi", "imam", "sheikh", "coach", "chairman", "chairwoman", "chair", "ceo", "minister", "mp", "mep", "attorney", "director", "superintendent", "dean", "state", "foreign", "interior", "defence", "defense", "health", "finance", "treasury", "home", "leader", "opposition", "former", "acting", "interim", "the", "of", "county", "city", "district", "regional", "federal", "national", "provincial", "council", "commission", "commissioner", "assistant", "associate", "executive", "senior", "spokesman", "spokeswoman", "spokesperson", "manager", "head", "officer", "supervisor", "alderman", "alderwoman", "trustee", "chancellor", "provost", "rector", "registrar", "ombudsman", "sheriff", "constable", "marshal", "admiral", "commander", "corporal", "private", "superintendent", "coroner", "magistrate", "assemblyman", "assemblywoman", "assemblymember", "delegate", "envoy", "consul", "auditor", "controller", "comptroller", "treasurer", "clerk", "founder", "cofounder", "co-founder", "owner", "partner", "economist", "analyst"]
)
SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv", "phd", "md", "qc", "kc", "mp", "esq"})
PARTICLES = frozenset({"van", "von", "de", "der", "den", "da", "di", "du", "del", "della", "la", "le", "bin", "al", "el", "ibn", "st"})

_WORD = re.compile(r"[^\W\d_](?:[^\W\d_]|['’\-])*", re.UNICODE)


def fold(text: str) -> str:
    """Case- and accent-insensitive key: "José Núñez" and "jose nunez" fold alike."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().replace("’", "'").split())


@dataclass
class NameParts:
    first: str | None  # folded first name; None when only one name word is left
    surname: str | None  # folded surname key (with particles and suffixes), None if nothing left
    titles: list[str] = field(default_factory=list)
    initial_only: bool = False  # the first name is an initial ("J. Smith")
    proper: str = ""  # the name without the titles and roles before it


@lru_cache(maxsize=1)
def _lexicon() -> tuple[frozenset[str], frozenset[str]]:
    """Given names and extra title words from the speech layer's lists, when it has them."""
    try:
        from onrecord.speech.gazetteer import gazetteer

        g = gazetteer()
        titles = {t for t in list(g.titles) + list(g.nominals) if " " not in t}
        return frozenset(g.first_names), frozenset(fold(t).rstrip(".") for t in titles)
    except Exception:
        return frozenset(), frozenset()


def is_title(word: str) -> bool:
    key = fold(word).rstrip(".")
    return key in TITLES or key in _lexicon()[1] or (word[:1].islower() and key not in PARTICLES)


def split_name(name: str) -> NameParts:
    found = [(m.group().strip("'’-"), m.start()) for m in _WORD.finditer(name)]
    found = [(w, at) for w, at in found if w]
    words = [w for w, _ in found]
    given = _lexicon()[0]
    # The name proper is what follows the last title or role word: "Eastmere Premier Ilse
    # Marenko" → "Ilse Marenko"; "Opposition finance critic Karin Brenner" → "Karin Brenner".
    # A given name right before the surname is a name, not a title ("Dean Smith").
    cut = 0
    for i, word in enumerate(words[:-1]):
        if is_title(word) and not (i == len(words) - 2 and fold(word) in given and word[:1].isupper()):
            cut = i + 1
    titles = [fold(w) for w in words[:cut]]
    proper_text = name[found[cut][1]:].strip() if cut < len(found) else ""
    words = words[cut:]
    suffix: list[str] = []
    while len(words) > 1 and fold(words[-1]).rstrip(".") in SUFFIXES:
        suffix.insert(0, fold(words.pop()))
    if not words:
        return NameParts(None, None, titles)
    proper = proper_text
    if len(words) == 1:
        return NameParts(None, " ".join([fold(words[0]), *suffix]), titles, proper=proper)
    # The surname starts at the first particle after the first name ("Ursula von der Leyen").
    start = len(words) - 1
    for i in range(1, len(words) - 1):
        if fold(words[i]) in PARTICLES:
            start = i
            break
    surname = " ".join([fold(w) for w in words[start:]] + suffix)
    # The first known given name before the surname, else the first word ("Ilse" in a
    # left-over "Halvik Ilse Marenko" too).
    first = next((fold(w) for w in words[:start] if fold(w) in given), fold(words[0]))
    return NameParts(first, surname, titles, initial_only=len(first) == 1, proper=proper)


_ON_BEHALF = frozenset(("for", "to", "with", "at"))


def speaks_for_another(name: str) -> bool:
    """A description that names someone else: "a spokesperson for X", "an aide to X"."""
    words = name.split()
    if len(words) < 3 or not words[0][:1].islower():
        return False
    return any(w in _ON_BEHALF for w in words[1:-1])


def display_name(name: str) -> str:
    """The name without the titles before it ("County Commissioner Beth Aldana" → "Beth
    Aldana"), as long as two words remain; otherwise as given ("President Trump" stays)."""
    if speaks_for_another(name):
        return " ".join(name.split())
    parts = split_name(name)
    if parts.titles and len(parts.proper.split()) >= 2:
        return parts.proper
    return " ".join(name.split())


def first_names_agree(a: str | None, b: str | None) -> bool:
    """Two first-name keys that can be the same person: equal, or one is the other's initial."""
    if a is None or b is None:
        return True
    if a == b:
        return True
    if len(a) == 1 or len(b) == 1:
        return a[0] == b[0]
    return False
