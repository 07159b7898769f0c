"""Structure checks for the speech layer's reference data (onrecord/speech/data/*.tsv).

Every file is UTF-8, tab-separated, with one header row. A broken edit (a stray column,
a duplicate key, a value outside an enumerated column) should fail here, not at run time.
"""

from __future__ import annotations

import csv
import unicodedata
from collections import Counter
from importlib.resources import files
from pathlib import Path

import pytest

DATA = Path(str(files("onrecord") / "speech" / "data"))

HEADERS = {
    "first_names.tsv": ["name", "gender"],
    "countries.tsv": ["name", "aliases", "capital", "capital_aliases", "demonyms"],
    "seats_of_power.tsv": ["phrase", "country", "type"],
    "roles.tsv": ["role", "kind", "gender", "number"],
    "organization_words.tsv": ["word", "kind"],
    "media_outlets.tsv": ["name", "aliases"],
    "pronouns.tsv": ["pronoun", "gender", "number", "person"],
}

MIN_ROWS = {
    "first_names.tsv": 1500,
    "countries.tsv": 197,
    "seats_of_power.tsv": 30,
    "roles.tsv": 400,
    "organization_words.tsv": 250,
    "media_outlets.tsv": 200,
    "pronouns.tsv": 30,
}


# Organisation words that are properly written in lower case.
LOWER_CASE_ORG_WORDS = {"plc", "al-Qaeda", "al-Shabab", "xAI"}


def load(name: str) -> list[dict[str, str]]:
    path = DATA / name
    raw = path.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf"), f"{name}: has a BOM"
    assert b"\r" not in raw, f"{name}: has CR line endings"
    text = raw.decode("utf-8")
    assert text.endswith("\n"), f"{name}: no final newline"
    assert "\n\n" not in text, f"{name}: blank line"
    rows = list(csv.reader(text.splitlines(), delimiter="\t", quoting=csv.QUOTE_NONE))
    header = HEADERS[name]
    assert rows[0] == header, f"{name}: header {rows[0]!r}"
    out = []
    for lineno, row in enumerate(rows[1:], start=2):
        assert len(row) == len(header), (
            f"{name}:{lineno}: {len(row)} columns, want {len(header)}: {row!r}"
        )
        for cell in row:
            assert cell == cell.strip(), f"{name}:{lineno}: stray whitespace in {cell!r}"
            assert "  " not in cell, f"{name}:{lineno}: double space in {cell!r}"
            assert unicodedata.normalize("NFC", cell) == cell, f"{name}:{lineno}: not NFC: {cell!r}"
        assert row[0], f"{name}:{lineno}: empty key"
        out.append(dict(zip(header, row)))
    return out


def split_list(cell: str) -> list[str]:
    if not cell:
        return []
    parts = cell.split("|")
    assert all(p and p == p.strip() for p in parts), f"empty or padded item in {cell!r}"
    assert len(parts) == len(set(parts)), f"repeated item in {cell!r}"
    return parts


def assert_unique(keys: list[str], what: str) -> None:
    dups = sorted(k for k, n in Counter(keys).items() if n > 1)
    assert not dups, f"duplicate {what}: {dups}"


@pytest.mark.parametrize("name", sorted(HEADERS))
def test_file_structure_and_size(name: str) -> None:
    rows = load(name)
    assert len(rows) >= MIN_ROWS[name], f"{name}: only {len(rows)} rows"
    assert_unique([r[HEADERS[name][0]] for r in rows], f"keys in {name}")


def test_data_files_are_all_known() -> None:
    assert sorted(p.name for p in DATA.glob("*.tsv")) == sorted(HEADERS)


def test_first_names() -> None:
    rows = load("first_names.tsv")
    by_name = {r["name"]: r["gender"] for r in rows}
    for r in rows:
        assert r["gender"] in {"m", "f", "u"}, r
        n = r["name"]
        assert n[0].isupper(), r
        assert " " not in n and "\t" not in n, r
        assert all(ch.isalpha() or ch in "-'’" for ch in n), r
    # Lookups are case-insensitive, so case variants would shadow each other.
    assert_unique([n.casefold() for n in by_name], "first names (case-insensitive)")
    genders = Counter(by_name.values())
    assert genders["m"] >= 500 and genders["f"] >= 500 and genders["u"] >= 20
    expected = {
        "Bob": "m", "Bill": "m", "Mike": "m", "Joe": "m", "Liz": "f", "Beto": "m", "Hank": "m",
        "Sergey": "m", "Sergei": "m", "Volodymyr": "m", "Vladimir": "m",
        "Yulia": "f", "Yuliya": "f",
        "Jinping": "m", "Olaf": "m", "Emmanuel": "m", "Giorgia": "f", "Narendra": "m", "Recep": "m",
        "Fumio": "m", "Mette": "f", "Kamala": "f", "Jordan": "u", "Alex": "u", "Andrea": "u",
    }
    for n, g in expected.items():
        assert by_name.get(n) == g, (n, by_name.get(n))
    # Common surnames must not be listed as given names.
    surnames = ("Xi", "Wang", "Zhang", "Li", "Liu", "Chen", "Nguyen", "Park", "Tanaka", "Smith")
    for surname in surnames:
        assert surname not in by_name, surname


def test_countries() -> None:
    rows = load("countries.tsv")
    names = {r["name"]: r for r in rows}
    surface: list[str] = []
    for r in rows:
        aliases = split_list(r["aliases"])
        assert r["name"] not in aliases, r
        surface += [r["name"].casefold()] + [a.casefold() for a in aliases]
        assert r["capital"], r
        caps = split_list(r["capital_aliases"])
        assert r["capital"] not in caps, r
        assert split_list(r["demonyms"]), f"no demonym for {r['name']}"
    assert_unique(surface, "country names/aliases (case-insensitive)")
    assert_unique([r["capital"] for r in rows], "capitals")
    demonyms = Counter(d for r in rows for d in split_list(r["demonyms"]))
    shared = {d for d, n in demonyms.items() if n > 1}
    assert shared <= {"Congolese", "Dominican"}, shared
    for extra in ("Taiwan", "Kosovo", "Palestine", "Vatican City"):
        assert extra in names, extra
    assert len(rows) == 193 + 4
    us = names["United States"]
    assert {"U.S.", "US", "USA", "America", "the United States"} <= set(split_list(us["aliases"]))
    assert "American" in split_list(us["demonyms"])
    uk = names["United Kingdom"]
    assert {"U.K.", "UK", "Britain", "Great Britain"} <= set(split_list(uk["aliases"]))
    assert "British" in split_list(uk["demonyms"])
    assert "Russian Federation" in split_list(names["Russia"]["aliases"])
    assert {"People's Republic of China", "PRC"} <= set(split_list(names["China"]["aliases"]))
    assert "DPRK" in split_list(names["North Korea"]["aliases"])
    assert "Republic of Korea" in split_list(names["South Korea"]["aliases"])
    ua = names["Ukraine"]
    assert ua["capital"] == "Kyiv" and "Kiev" in split_list(ua["capital_aliases"])
    assert "Ukrainian" in split_list(ua["demonyms"])


def test_seats_of_power() -> None:
    rows = load("seats_of_power.tsv")
    countries = {r["name"] for r in load("countries.tsv")}
    by_phrase = {r["phrase"]: r for r in rows}
    for r in rows:
        assert r["type"] in {"state", "organization"}, r
        assert r["country"] in countries, r
    kremlin = by_phrase["the Kremlin"]
    assert (kremlin["country"], kremlin["type"]) == ("Russia", "state")
    wh = by_phrase["the White House"]
    assert (wh["country"], wh["type"]) == ("United States", "organization")
    assert by_phrase["the Pentagon"]["type"] == "organization"
    assert by_phrase["Downing Street"]["country"] == "United Kingdom"
    assert by_phrase["Zhongnanhai"]["country"] == "China"
    others = ("the Élysée", "the Elysee", "Whitehall", "the Blue House", "Foggy Bottom")
    others += ("Quai d'Orsay",)
    for phrase in others:
        assert phrase in by_phrase, phrase


def test_roles() -> None:
    rows = load("roles.tsv")
    by_role = {r["role"]: r for r in rows}
    kinds = Counter()
    for r in rows:
        assert r["kind"] in {"title", "honorific", "nominal"}, r
        assert r["gender"] in {"", "m", "f", "u"}, r
        assert r["number"] in {"", "s", "p"}, r
        kinds[r["kind"]] += 1
        if r["kind"] == "honorific":
            assert r["gender"], f"honorific without gender: {r}"
        if r["kind"] == "nominal":
            assert r["number"], f"nominal without number: {r}"
            role = r["role"]
            # lower case, or an upper-case abbreviation with an optional plural s (MPs, CEOs)
            assert role == role.lower() or role.removesuffix("s").isupper(), r
        if r["kind"] == "title":
            assert r["role"][0].isupper() or r["role"][0].isdigit(), r
    assert kinds["title"] >= 150 and kinds["honorific"] >= 14 and kinds["nominal"] >= 150
    for kind in kinds:
        same = [r["role"].casefold() for r in rows if r["kind"] == kind]
        assert_unique(same, f"{kind} roles (case-insensitive)")
    expect = {
        "Mr.": ("honorific", "m"), "Mrs.": ("honorific", "f"), "Ms.": ("honorific", "f"),
        "Mx.": ("honorific", "u"), "Dr.": ("honorific", "u"), "Sir": ("honorific", "m"),
        "Dame": ("honorific", "f"), "Herr": ("honorific", "m"), "Mme": ("honorific", "f"),
        "President": ("title", ""), "Queen": ("title", "f"), "King": ("title", "m"),
        "Spokeswoman": ("title", "f"), "Spokesman": ("title", "m"), "Congresswoman": ("title", "f"),
        "Sheikh": ("title", "m"), "Foreign Minister": ("title", ""),
        "Secretary-General": ("title", ""),
        "White House Press Secretary": ("title", ""), "Sen.": ("title", ""), "Gen.": ("title", ""),
    }
    for role, (kind, gender) in expect.items():
        assert (by_role[role]["kind"], by_role[role]["gender"]) == (kind, gender), role
    assert (by_role["officials"]["kind"], by_role["officials"]["number"]) == ("nominal", "p")
    assert (by_role["spokeswoman"]["gender"], by_role["spokeswoman"]["number"]) == ("f", "s")
    assert by_role["Sens."]["number"] == "p"


def test_organization_words() -> None:
    rows = load("organization_words.tsv")
    by_word = {r["word"]: r["kind"] for r in rows}
    for r in rows:
        assert r["kind"] in {"suffix", "acronym"}, r
        w = r["word"]
        assert w[0].isupper() or w[0].isdigit() or w in LOWER_CASE_ORG_WORDS, r
    kinds = Counter(by_word.values())
    assert kinds["acronym"] >= 150 and kinds["suffix"] >= 100
    for w in ("Ministry", "Party", "University", "Inc.", "Air Force", "Centre", "Center"):
        assert by_word[w] == "suffix", w
    for w in ("NATO", "UN", "WHO", "IMF", "FBI", "Fed", "Hamas", "Hezbollah", "GOP", "AFL-CIO"):
        assert by_word[w] == "acronym", w


def test_media_outlets() -> None:
    rows = load("media_outlets.tsv")
    surface: list[str] = []
    for r in rows:
        aliases = split_list(r["aliases"])
        assert r["name"] not in aliases, r
        surface += [r["name"].casefold()] + [a.casefold() for a in aliases]
    assert_unique(surface, "outlet names/aliases (case-insensitive)")
    known = set(surface)
    for outlet in ("Reuters", "AP", "AFP", "CNN", "NBC News", "Meet the Press", "Face the Nation",
                   "60 Minutes", "Fox & Friends", "Rossiya-24", "Der Spiegel", "Al Jazeera", "TASS",
                   "Xinhua", "Yonhap", "Today programme", "WSJ"):
        assert outlet.casefold() in known, outlet


def test_pronouns() -> None:
    rows = load("pronouns.tsv")
    by = {r["pronoun"]: r for r in rows}
    for r in rows:
        assert r["gender"] in {"m", "f", "u", "n"}, r
        assert r["number"] in {"s", "p", "u"}, r
        assert r["person"] in {"1", "2", "3"}, r
        assert r["pronoun"] == "I" or r["pronoun"].islower(), r
    assert (by["he"]["gender"], by["he"]["number"], by["he"]["person"]) == ("m", "s", "3")
    assert (by["she"]["gender"], by["she"]["number"]) == ("f", "s")
    assert (by["they"]["number"], by["we"]["person"], by["I"]["person"]) == ("p", "1", "1")
    needed = ("you", "it", "who", "which", "that", "him", "her", "them", "his", "hers", "their")
    needed += ("one",)
    for p in needed:
        assert p in by, p
