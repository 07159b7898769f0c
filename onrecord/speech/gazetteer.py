"""Our reference lists (onrecord/speech/data/*.tsv), loaded once and indexed for lookups."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources


def _rows(name: str) -> list[list[str]]:
    try:
        raw = resources.files("onrecord.speech").joinpath("data", name).read_text("utf-8")
    except (FileNotFoundError, ModuleNotFoundError, OSError):
        return []
    rows = []
    for row in csv.reader(raw.splitlines(), delimiter="\t"):
        if row and row[0] and not row[0].startswith("#"):
            rows.append([c.strip() for c in row])
    if rows and rows[0] and rows[0][0].lower() in ("name", "role", "word", "phrase", "pronoun"):
        rows = rows[1:]
    return rows


@dataclass
class Gazetteer:
    first_names: dict[str, str] = field(default_factory=dict)  # lowercased → m | f | u
    # Lowercased country name, alias, capital or demonym → canonical country name.
    places: dict[str, str] = field(default_factory=dict)
    capitals: dict[str, str] = field(default_factory=dict)
    demonyms: dict[str, str] = field(default_factory=dict)
    seats: dict[str, tuple[str, str]] = field(default_factory=dict)  # "the kremlin" → (Russia, state)
    titles: dict[str, str] = field(default_factory=dict)  # lowercased title → gender ("" unknown)
    honorifics: dict[str, str] = field(default_factory=dict)
    nominals: dict[str, str] = field(default_factory=dict)  # lowercased role noun → number s|p
    org_words: frozenset[str] = frozenset()
    acronyms: frozenset[str] = frozenset()
    outlets: dict[str, str] = field(default_factory=dict)  # lowercased name or alias → name
    max_title_words: int = 1


_FALLBACK_TITLES = """president prime minister foreign minister minister secretary senator sen. rep.
representative gov. governor mayor chancellor chairman chairwoman chair director ambassador
spokesman spokeswoman spokesperson judge justice gen. general dr. prof. professor pope king queen
prince princess chief ceo speaker leader"""


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    g = Gazetteer()
    for row in _rows("first_names.tsv"):
        if len(row) >= 2:
            g.first_names[row[0].lower()] = row[1] or "u"
    for row in _rows("countries.tsv"):
        row = row + [""] * (5 - len(row))
        name, aliases, capital, capital_aliases, demonyms = row[:5]
        if not name:
            continue
        for alias in [name, *aliases.split("|")]:
            if alias:
                g.places[alias.lower()] = name
                if alias.lower().startswith("the "):
                    g.places[alias[4:].lower()] = name
        for cap in [capital, *capital_aliases.split("|")]:
            if cap:
                g.capitals[cap.lower()] = name
        for dem in demonyms.split("|"):
            if dem:
                g.demonyms[dem.lower()] = name
    for row in _rows("seats_of_power.tsv"):
        if len(row) >= 2:
            kind = row[2] if len(row) > 2 and row[2] else "state"
            g.seats[row[0].lower()] = (row[1], kind)
            if row[0].lower().startswith("the "):
                g.seats[row[0][4:].lower()] = (row[1], kind)
    for row in _rows("roles.tsv"):
        row = row + [""] * (4 - len(row))
        role, kind, gender, number = row[:4]
        key = role.lower()
        if kind == "title":
            g.titles[key] = gender
        elif kind == "honorific":
            g.honorifics[key] = gender
            g.titles.setdefault(key, gender)
        elif kind == "nominal":
            g.nominals[key] = number or "s"
    if not g.titles:
        for t in _FALLBACK_TITLES.split():
            g.titles[t] = ""
        for h, gender in (("mr.", "m"), ("mrs.", "f"), ("ms.", "f"), ("miss", "f"), ("dr.", "")):
            g.honorifics[h] = gender
            g.titles[h] = gender
    g.max_title_words = max((len(t.split()) for t in g.titles), default=1)
    words, acronyms = set(), set()
    for row in _rows("organization_words.tsv"):
        if len(row) >= 2 and row[1] == "acronym":
            acronyms.add(row[0])
        elif row:
            words.add(row[0].lower())
    g.org_words = frozenset(words)
    g.acronyms = frozenset(acronyms)
    for row in _rows("media_outlets.tsv"):
        if row:
            g.outlets[row[0].lower()] = row[0]
            if len(row) > 1:
                for alias in row[1].split("|"):
                    if alias:
                        g.outlets[alias.lower()] = row[0]
    return g
