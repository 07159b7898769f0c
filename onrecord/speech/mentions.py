"""What a mention says about who it is: a name with its role, a place, a group, a pronoun.

"French President Emmanuel Macron" → name "Emmanuel Macron", role "French President", person.
"Moscow" → Russia, a state. "European leaders" → a group. "the ministry" → an organisation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from onrecord.speech.gazetteer import Gazetteer, gazetteer

PRONOUNS: dict[str, tuple[str | None, str]] = {
    "he": ("m", "s"), "him": ("m", "s"), "his": ("m", "s"), "himself": ("m", "s"),
    "she": ("f", "s"), "her": ("f", "s"), "hers": ("f", "s"), "herself": ("f", "s"),
    "they": (None, "p"), "them": (None, "p"), "their": (None, "p"), "themselves": (None, "p"),
    "it": ("n", "s"), "its": ("n", "s"), "itself": ("n", "s"),
    "i": (None, "s"), "me": (None, "s"), "we": (None, "p"), "us": (None, "p"), "you": (None, "s"),
}
RELATIVES = frozenset(("who", "whom", "whose", "which", "that"))
_DETERMINERS = frozenset("the a an this that these those its his her their our some many several".split())
_GROUP_HEADS = frozenset(
    """leaders officials lawmakers legislators senators ministers diplomats analysts experts critics
    supporters opponents residents voters citizens people protesters demonstrators activists
    republicans democrats conservatives liberals economists scientists researchers doctors
    investors traders workers farmers fishers teachers students parents police officers soldiers
    troops rebels militants allies members aides advisers advisors sources authorities
    observers commentators organizers organisers campaigners executives managers employees
    unions families victims witnesses neighbors neighbours governments nations countries states
    prosecutors lawyers judges insiders donors fans players coaches others many some""".split()
)
_ORG_HEADS = frozenset(
    """ministry department agency commission committee council party union association government
    administration campaign company firm group office bureau court police army military navy
    embassy parliament congress senate assembly board authority service institute university
    bank fund team club league cabinet regime kremlin presidency federation coalition alliance
    organization organisation newspaper network website report study survey poll statement
    spokesman""".split()
)
_NAME_TOKEN = re.compile(r"[A-ZÀ-ÝŁŚŻĆŃ][\w'’\-]*\.?|[A-Z]\.|(?:al|el|bin|ibn|de|da|del|della|der|den|van|von|la|le|du|dos|di|ter|st\.)(?=\s)", re.U)
_POSSESSIVE_HEAD = re.compile(r"^(?P<owner>.+?)[’']s?\s+(?P<rest>[A-Z].*)$")


@dataclass
class MentionInfo:
    kind: str  # pronoun | relative | name | place | seat | organization | group | nominal
    name: str  # the canonical form this mention gives on its own
    type: str  # person | organization | state | group | unknown
    role: str | None = None
    gender: str | None = None  # m | f | n (neuter) | None
    number: str = "s"
    first: str | None = None
    last: str | None = None


def _strip_determiner(words: list[str]) -> list[str]:
    while words and words[0].lower() in _DETERMINERS:
        words = words[1:]
    return words


def _is_cap(word: str) -> bool:
    return bool(word) and (word[0].isupper() or word[0].isdigit())


def split_role(words: list[str], g: Gazetteer) -> tuple[list[str], list[str]]:
    """Leading role words (titles, demonyms, lowercase modifiers) and the name that follows."""
    # Walk from the end: the name is the run of capitalised non-title words.
    i = len(words)
    while i > 0:
        w = words[i - 1]
        low = w.lower().rstrip(",")
        if not _is_cap(w) and low not in ("de", "van", "von", "bin", "al", "da", "del", "der", "la", "le", "di", "ibn"):
            break
        if low in g.titles or low in g.demonyms or low in g.honorifics:
            break
        # A multi-word title ending here ("Foreign Minister", "Secretary of State"): stop before it.
        if any(" ".join(words[i - k : i]).lower() in g.titles for k in range(2, min(g.max_title_words, i) + 1)):
            break
        i -= 1
    role, name = words[:i], words[i:]
    # "Commission Ana Ruiz": a known first name inside the run starts the name.
    for j in range(1, len(name) - 1):
        if name[j].lower() in g.first_names and g.first_names[name[j].lower()] in ("m", "f"):
            return role + name[:j], name[j:]
    return role, name


def analyse(mention: str, g: Gazetteer | None = None) -> MentionInfo:
    g = g or gazetteer()
    text = re.sub(r"\s*\([^)]*\)", "", mention).strip(" ,;:—–-\"“”'’")
    low = text.lower()
    if low in PRONOUNS:
        gender, number = PRONOUNS[low]
        return MentionInfo("pronoun", text, "unknown", gender=gender, number=number)
    if low in RELATIVES:
        return MentionInfo("relative", text, "unknown")
    # "GOP contender and former neurosurgeon Ben Carson": one person under two descriptions;
    # "Bolton and Gorka": a group of two. A name after "and" decides which.
    if " and " in text:
        head_part, _, tail_part = text.rpartition(" and ")
        tail_info = analyse(tail_part, g)
        if tail_info.kind == "name" and tail_info.first and not any(w[:1].isupper() for w in _strip_determiner(head_part.split())[-1:]):
            tail_info.role = tail_info.role or head_part
            return tail_info
        if tail_info.kind == "name" and analyse(head_part, g).kind == "name":
            return MentionInfo("group", text, "group", number="p")
    words = text.split()
    # "a spokesperson for Premier Ilse Marenko", "an aide to the mayor": the head noun before the
    # preposition is who spoke; the name after it is whom they speak for.
    lead = _strip_determiner(words)
    for k, w in enumerate(lead[:4]):
        if w.lower() not in ("for", "of", "to", "at", "with") or k == 0:
            continue
        head = lead[k - 1].lower()
        # "Residents of the Quayside district", "Dockworkers at the port": a plural head keeps
        # its capital at the start of a sentence.
        plural_head = k == 1 and (head in _GROUP_HEADS or (_plural(head) and head not in _ORG_HEADS))
        if plural_head or not any(x[:1].isupper() for x in lead[:k]):
            number = g.nominals.get(head, "p" if _plural(head) else "s")
            if number == "p" or head in _GROUP_HEADS:
                return MentionInfo("group", " ".join(lead), "group", number="p")
            return MentionInfo("nominal", " ".join(lead), "person", role=" ".join(lead), gender=_role_gender(lead[:k], g))
    core = _strip_determiner(words)
    core_text = " ".join(core)
    core_low = core_text.lower()
    if not core:
        return MentionInfo("nominal", text, "unknown")
    if core_low in g.seats or low in g.seats:
        country, kind = g.seats.get(core_low) or g.seats[low]
        if kind == "state":
            return MentionInfo("seat", country, "state", gender="n")
        return MentionInfo("organization", "the " + core_text if low.startswith("the ") else core_text, "organization", gender="n")
    if core_low in g.places:
        return MentionInfo("place", g.places[core_low], "state", gender="n")
    if core_low in g.capitals and len(core) <= 3:
        return MentionInfo("place", g.capitals[core_low], "state", gender="n")
    if core_low in g.demonyms and len(core) == 1:
        return MentionInfo("place", g.demonyms[core_low], "state", gender="n")

    # "NBC News’ Kristen Welker": the outlet owns the name; the person is what follows.
    m = _POSSESSIVE_HEAD.match(core_text)
    if m and _looks_personal(m.group("rest").split(), g):
        core = m.group("rest").split()
        core_text = " ".join(core)

    head = core[-1].lower().rstrip(".,")
    role_words, name_words = split_role(core, g)
    if role_words and role_words[-1].lower() in ("of", "for", "at", "on"):
        if len(name_words) >= 2 and role_words[0].lower() in g.titles:
            # "Minister of Fisheries Oda Lindqvist": the title takes the word after "of".
            role_words, name_words = [*role_words, name_words[0]], name_words[1:]
        else:
            # No title ends in "of": "Eastmere Chamber of Commerce" is one name, not a role
            # followed by the surname "Commerce".
            role_words, name_words = [], core
    has_caps = any(_is_cap(w) for w in name_words)
    if core_text.isupper() and len(core) == 1 and len(core_text) >= 2:
        return MentionInfo("organization", core_text, "organization", gender="n")
    if core_text in g.acronyms:
        return MentionInfo("organization", core_text, "organization", gender="n")
    if not has_caps or not name_words:
        number = g.nominals.get(head, "p" if _plural(head) else "s")
        if head in _GROUP_HEADS or (number == "p" and head not in _ORG_HEADS):
            return MentionInfo("group", _group_name(core_text, words), "group", number="p")
        gender = _role_gender(core, g)
        kind_type = "organization" if head in _ORG_HEADS and head not in ("spokesman",) else "person"
        if kind_type == "organization":
            return MentionInfo("nominal", "the " + core_text if words[0].lower() == "the" else core_text, "organization", gender="n")
        return MentionInfo("nominal", core_text, "person", role=core_text, gender=gender)

    name = " ".join(name_words)
    role = " ".join(role_words) or None
    if _is_organization(name_words, g):
        full = " ".join(core)
        return MentionInfo("organization", ("the " + full) if words[0].lower() == "the" else full, "organization", gender="n")
    if head in _GROUP_HEADS or (len(core) >= 2 and _plural(head) and not _is_cap(core[-1])):
        return MentionInfo("group", _group_name(core_text, words), "group", number="p")
    gender = None
    first = name_words[0] if len(name_words) >= 2 else None
    if first:
        gender = _first_name_gender(first, g)
    if gender is None:
        gender = _role_gender(core, g)
    last = name_words[-1].rstrip(".,’'")
    if last.endswith(("’s", "'s")):
        last = last[:-2]
    return MentionInfo("name", name, "person", role=role, gender=gender, first=first, last=last)


def _plural(word: str) -> bool:
    return (word.endswith("s") and not word.endswith(("ss", "us", "is"))) or word.endswith("men") or word in (
        "people", "police", "children", "staff", "clergy", "public", "crowd")


def _group_name(core_text: str, words: list[str]) -> str:
    return core_text


def _looks_personal(words: list[str], g: Gazetteer) -> bool:
    return len(words) >= 2 and words[0].lower() in g.first_names and all(_is_cap(w) for w in words)


def _is_organization(words: list[str], g: Gazetteer) -> bool:
    for w in words:
        low = w.lower().rstrip(".,")
        if low in g.org_words or w in g.acronyms:
            return True
    return False


def _first_name_gender(first: str, g: Gazetteer) -> str | None:
    gender = g.first_names.get(first.lower())
    return gender if gender in ("m", "f") else None


def _role_gender(words: list[str], g: Gazetteer) -> str | None:
    for w in words:
        low = w.lower()
        gender = g.honorifics.get(low) or g.titles.get(low)
        if gender in ("m", "f"):
            return gender
    return None


def name_tokens(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _NAME_TOKEN.finditer(text)]
