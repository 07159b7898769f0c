"""Speakers resolved within one article: one canonical entity per person, group, organisation
or state, reached from full names, surnames, titles, roles, pronouns and capitals.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from onrecord.model import Person
from onrecord.speech.found import Found
from onrecord.speech.gazetteer import gazetteer
from onrecord.speech.mentions import MentionInfo, analyse
from onrecord.speech.names import NameMention

_ROLE_WORD = re.compile(r"[A-Za-z]+")
_PRONOUN_WINDOW_UNITS = 6


@dataclass
class Entity:
    id: str
    name: str
    type: str
    role: str | None = None
    gender: str | None = None
    number: str = "s"
    first: str | None = None
    last: str | None = None
    mentions: list[str] = field(default_factory=list)
    positions: list[int] = field(default_factory=list)

    def add(self, mention: str, position: int) -> None:
        if mention not in self.mentions:
            self.mentions.append(mention)
        self.positions.append(position)


class Resolver:
    def __init__(self) -> None:
        self.entities: list[Entity] = []
        self._by_key: dict[str, Entity] = {}
        self.g = gazetteer()

    def _new(self, info: MentionInfo, name: str) -> Entity:
        ent = Entity(
            id=f"e{len(self.entities) + 1}",
            name=name,
            type=info.type,
            role=info.role,
            gender=info.gender if info.gender in ("m", "f") else None,
            number=info.number,
            first=info.first,
            last=info.last,
        )
        self.entities.append(ent)
        return ent

    def person(self, info: MentionInfo, mention: str, position: int, create: bool = True) -> Entity | None:
        last = (info.last or info.name).lower()
        first = info.first.lower() if info.first else None
        match = None
        for ent in reversed(self.entities):
            if ent.type != "person" or not ent.last or ent.last.lower() != last:
                continue
            if first and ent.first and ent.first.lower() != first:
                continue
            if first and not ent.first:
                # A full name after a surname-only entity: the same person, now named in full.
                ent.first = info.first
                ent.name = info.name
            match = ent
            break
        if match is None:
            if not create:
                return None
            match = self._new(info, info.name)
        if info.role and not match.role:
            match.role = info.role
        if info.gender and not match.gender:
            match.gender = info.gender
        match.add(mention, position)
        return match

    def keyed(self, info: MentionInfo, mention: str, position: int) -> Entity:
        key = f"{info.type}:{info.name.lower()}"
        ent = self._by_key.get(key)
        if ent is None:
            ent = self._new(info, info.name)
            self._by_key[key] = ent
        ent.add(mention, position)
        return ent

    def by_role(self, info: MentionInfo, mention: str, position: int) -> Entity | None:
        """"the president" → the last person given that title."""
        words = {w.lower() for w in _ROLE_WORD.findall(info.role or info.name)}
        words -= {"the", "a", "an", "of", "for", "former", "then"}
        if not words:
            return None
        # The head noun comes before any preposition: "the president of the dockworkers' union"
        # is a president, and "a spokesperson for the premier" is not the premier.
        lead = info.name.split()
        for k, w in enumerate(lead):
            if k > 0 and w.lower() in ("of", "for", "to", "at", "with", "in", "on"):
                lead = lead[:k]
                break
        head = lead[-1].lower()
        best = None
        for ent in self.entities:
            if ent.type != "person" or not ent.role:
                continue
            role_words = {w.lower() for w in _ROLE_WORD.findall(ent.role)}
            if head in role_words and (best is None or ent.positions[-1] > best.positions[-1]):
                best = ent
        if best is not None:
            best.add(mention, position)
        return best


def resolve(
    text: str,
    found: list[Found],
    names: list[NameMention],
    unit_starts: list[int],
) -> tuple[list[Entity], dict[int, Entity | None]]:
    """Entities of the article, and for each Found (by index) the entity that said it."""
    r = Resolver()
    events: list[tuple[int, int, str, object]] = []  # (position, order, kind, payload)
    for nm in names:
        events.append((nm.start, 0, "name", nm))
    for fi, f in enumerate(found):
        pos = f.speaker[0] if f.speaker else (f.spans[0][0] if f.spans else 0)
        events.append((pos, 1, "speaker", fi))
    events.sort(key=lambda e: (e[0], e[1]))

    speaker_of: dict[int, Entity | None] = {}
    # Who spoke in which unit, for pronouns: unit index → entities in order.
    spoke_in: dict[int, list[Entity]] = {}
    named_in: dict[int, list[Entity]] = {}

    def unit_of(pos: int) -> int:
        return max(0, bisect.bisect_right(unit_starts, pos) - 1)

    for pos, _, kind, payload in events:
        if kind == "name":
            nm = payload  # type: ignore[assignment]
            assert isinstance(nm, NameMention)
            ent = _attach_name(r, nm.info, nm.text, nm.start)
            if ent is not None:
                named_in.setdefault(unit_of(pos), []).append(ent)
            continue
        fi = payload  # type: ignore[assignment]
        assert isinstance(fi, int)
        f = found[fi]
        ent = _speaker_entity(r, text, f, unit_of(pos), spoke_in, named_in, found, speaker_of)
        speaker_of[fi] = ent
        if ent is not None:
            spoke_in.setdefault(unit_of(pos), []).append(ent)
    return r.entities, speaker_of


def _attach_name(r: Resolver, info: MentionInfo, mention: str, position: int) -> Entity | None:
    if info.kind == "surname":
        return r.person(info, mention, position, create=False)
    if info.type == "person":
        return r.person(info, mention, position)
    if info.type in ("state", "organization"):
        return r.keyed(info, mention, position)
    return None


def _speaker_entity(
    r: Resolver,
    text: str,
    f: Found,
    unit: int,
    spoke_in: dict[int, list[Entity]],
    named_in: dict[int, list[Entity]],
    found: list[Found],
    speaker_of: dict[int, Entity | None],
) -> Entity | None:
    if f.speaker is None:
        return None
    mention = text[f.speaker[0] : f.speaker[1]]
    info = analyse(mention, r.g)
    position = f.speaker[0]
    if info.kind == "relative" and f.antecedent:
        mention = text[f.antecedent[0] : f.antecedent[1]]
        info = analyse(mention, r.g)
    if info.kind == "pronoun":
        return _pronoun(r, info, unit, spoke_in, named_in, position, mention)
    if info.kind in ("name", "surname"):
        if info.type == "person":
            ent = r.person(info, mention, position)
            if f.appositive and ent is not None and not ent.role:
                ent.role = text[f.appositive[0] : f.appositive[1]]
            return ent
    if info.kind == "nominal" and f.appositive:
        # "The finance minister, Jonas Ekberg, said": the name in apposition is who spoke.
        named = analyse(text[f.appositive[0] : f.appositive[1]], r.g)
        if named.kind == "name" and named.type == "person":
            named.role = named.role or info.name
            return r.person(named, mention, position)
    if info.kind == "nominal" and info.type == "person":
        ent = r.by_role(info, mention, position)
        if ent is not None:
            return ent
        return r.keyed(info, mention, position)
    if info.type in ("state", "organization", "group"):
        return r.keyed(info, mention, position)
    return r.keyed(info, mention, position)


def _pronoun(
    r: Resolver,
    info: MentionInfo,
    unit: int,
    spoke_in: dict[int, list[Entity]],
    named_in: dict[int, list[Entity]],
    position: int,
    mention: str,
) -> Entity | None:
    want_gender, number = info.gender, info.number
    if mention.lower() in ("i", "we", "you", "me", "us"):
        return None

    def fits(ent: Entity) -> bool:
        if number == "p":
            return ent.type in ("group", "organization", "state") or ent.number == "p"
        if want_gender == "n":
            return ent.type in ("organization", "state")
        if ent.type != "person":
            return False
        return ent.gender is None or want_gender is None or ent.gender == want_gender

    for u in range(unit, max(-1, unit - _PRONOUN_WINDOW_UNITS), -1):
        # The last speaker first: "…,” he added" nearly always continues the previous voice.
        for ent in reversed(spoke_in.get(u, [])):
            if fits(ent):
                return _adopt(ent, want_gender, mention, position)
        for ent in named_in.get(u, []):
            if ent.positions and min(ent.positions) < position and fits(ent):
                return _adopt(ent, want_gender, mention, position)
    return None


def _adopt(ent: Entity, gender: str | None, mention: str, position: int) -> Entity:
    if gender in ("m", "f") and ent.gender is None:
        ent.gender = gender
    ent.add(mention, position)
    return ent


def people(entities: list[Entity], speaking: set[str]) -> list[Person]:
    out = []
    for ent in entities:
        if ent.type != "person" and ent.id not in speaking:
            continue
        if ent.type == "person" and ent.id not in speaking and not (ent.first and (ent.role or ent.gender)):
            continue  # without a statement, a known first name or a title: too thin to list
        gender = {"m": "male", "f": "female"}.get(ent.gender or "")
        if ent.number == "p":
            gender = "plural"
        out.append(Person(ent.id, ent.name, ent.type, ent.role, gender, list(ent.mentions)))  # type: ignore[arg-type]
    return out
