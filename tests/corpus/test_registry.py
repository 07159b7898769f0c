"""The speaker registry across articles: one row per person, namesakes kept apart."""

from __future__ import annotations

from pathlib import Path

from onrecord.corpus import Corpus
from onrecord.corpus.dedupe import fingerprint
from onrecord.corpus.names import display_name, split_name
from onrecord.corpus.writer import Writer
from tests.corpus.scripted import article, filler


def _store(corpus: Corpus, docs: list[tuple[str, list[dict], list[tuple[str, str]]]]) -> None:
    conn = corpus.conn
    run = int(conn.execute("INSERT INTO runs (started, command) VALUES (datetime('now'), '[]')").lastrowid or 0)
    writer = Writer(conn, run)
    for n, (url, people, said) in enumerate(docs):
        a = article(filler(300 + n), said, people=people, url=url)
        writer.store(key=url, content_hash=str(n), kind="url", origin=None, article=a, record=a.to_json(),
                     fp=fingerprint(a.text))
    writer.commit()


def _people(corpus: Corpus) -> dict[str, int]:
    return {r.name: r.statements for r in corpus.speakers(limit=100)}


def test_names_split_after_titles() -> None:
    assert (split_name("Eastmere Premier Ilse Marenko").first, split_name("Eastmere Premier Ilse Marenko").surname) == ("ilse", "marenko")
    assert split_name("President Trump").first is None and split_name("President Trump").surname == "trump"
    assert split_name("Ursula von der Leyen").surname == "von der leyen"
    assert display_name("County Commissioner Beth Aldana") == "Beth Aldana"
    assert display_name("President Trump") == "President Trump"


def test_one_row_per_person_whatever_the_form(tmp_path: Path) -> None:
    with Corpus(tmp_path / "r.db") as corpus:
        _store(corpus, [
            ("https://a.example/1", [{"id": "t", "name": "Trump", "role": "President"}], [("t", "First")]),
            ("https://a.example/2", [{"id": "t", "name": "Donald Trump", "role": "President",
                                      "mentions": ["President Donald Trump", "Mr Trump", "he"]}], [("t", "Second")]),
            ("https://b.example/3", [{"id": "t", "name": "President Trump"}], [("t", "Third")]),
            ("https://b.example/4", [{"id": "t", "name": "D. Trump"}], [("t", "Fourth")]),
        ])
        rows = corpus.speakers()
        assert [(r.name, r.statements) for r in rows] == [("Donald Trump", 4)]
        assert {"Trump", "President Donald Trump", "Mr Trump"} <= set(rows[0].aliases) and "he" not in rows[0].aliases
        assert rows[0].roles == ["President"]


def test_namesakes_by_first_name_role_and_context(tmp_path: Path) -> None:
    tomas = {"id": "t", "name": "Tomas Brenner", "role": "union president"}
    karin = {"id": "k", "name": "Karin Brenner", "role": "finance critic"}
    kohl = {"id": "o", "name": "Anders Kohl", "role": "spokesperson"}
    with Corpus(tmp_path / "r.db") as corpus:
        _store(corpus, [
            ("https://union.example/1", [tomas, kohl], [("t", "We strike"), ("o", "We talk")]),
            ("https://assembly.example/2", [karin], [("k", "Show the papers")]),
            # Surname only, but with the union's co-speaker and site: Tomas.
            ("https://union.example/3", [{"id": "b", "name": "Brenner"}, kohl], [("b", "Still on strike")]),
            # Surname only with the critic's role: Karin.
            ("https://other.example/4", [{"id": "b", "name": "Brenner", "role": "the finance critic"}], [("b", "Still no papers")]),
            # Surname only, no evidence either way: nobody named is credited.
            ("https://elsewhere.example/5", [{"id": "b", "name": "Brenner"}], [("b", "Who knows")]),
            # A different first name is a different person, never merged.
            ("https://other.example/6", [{"id": "x", "name": "Lena Brenner"}], [("x", "Hello")]),
        ])
        counts = _people(corpus)
        assert counts["Tomas Brenner"] == 2
        assert counts["Karin Brenner"] == 2
        assert counts["Lena Brenner"] == 1
        assert counts.get("Brenner") == 1  # the ambiguous one, on a surname-only row


def test_a_spokesperson_for_someone_is_not_them(tmp_path: Path) -> None:
    oda = {"id": "o", "name": "Oda Lindqvist", "role": "Premier"}
    aide = {"id": "s", "name": "spokesperson for Premier Oda Lindqvist", "role": "spokesperson for Premier Oda Lindqvist"}
    with Corpus(tmp_path / "r.db") as corpus:
        _store(corpus, [
            ("https://a.example/1", [oda], [("o", "We will rebuild the pier")]),
            ("https://a.example/2", [aide], [("s", "The premier respects the vote")]),
            ("https://b.example/3", [aide], [("s", "The premier is listening")]),
        ])
        assert _people(corpus) == {"Oda Lindqvist": 1, "spokesperson for Premier Oda Lindqvist": 2}


def test_a_role_with_or_without_its_article_is_one_role(tmp_path: Path) -> None:
    with Corpus(tmp_path / "r.db") as corpus:
        _store(corpus, [
            ("https://a.example/1", [{"id": "t", "name": "Tove Aaland", "role": "the president of the ferry union"}], [("t", "We sail")]),
            ("https://a.example/2", [{"id": "t", "name": "Tove Aaland", "role": "president of the ferry union"}], [("t", "We wait")]),
        ])
        assert corpus.speakers()[0].roles == ["president of the ferry union"]
