"""A quote split around its cue is stored with its reader's form, and search hits carry it."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import onrecord
from onrecord.corpus import Corpus
from onrecord.corpus.dedupe import fingerprint
from onrecord.corpus.schema import migrate
from onrecord.corpus.writer import Writer

BODY = ("“We cannot keep paying for a building that is falling apart,” Mayor Hanna Osei told "
        "reporters after the vote. “The new terminal will be ready by spring.”\n\n"
        "Councillor Ruben Diaz said the closure would hurt the harbour’s shops.")


def test_split_quotes_are_stored_as_read_and_others_as_written(tmp_path: Path) -> None:
    article = onrecord.read(BODY, kind="body", url="https://coast.example/terminal")
    with Corpus(tmp_path / "c.db") as corpus:
        run = int(corpus.conn.execute(
            "INSERT INTO runs (started, command) VALUES (datetime('now'), '[]')").lastrowid or 0)
        writer = Writer(corpus.conn, run)
        writer.store(key=article.url, content_hash="1", kind="url", origin=None, article=article,
                     record=article.to_json(), fp=fingerprint(article.text))
        writer.commit()
        hits = {h.speaker: h for h in corpus.search("terminal")} | {h.speaker: h for h in corpus.search("shops")}
    osei, diaz = hits["Hanna Osei"], hits["Ruben Diaz"]
    assert osei.said == "We cannot keep paying for a building that is falling apart, … The new terminal will be ready by spring."
    assert "told reporters" in osei.text  # the verbatim slice stays as it was
    assert diaz.said is None and diaz.text.startswith("the closure")


def test_a_store_from_before_the_column_gets_it(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with Corpus(path):
        pass
    conn = sqlite3.connect(path)
    columns = {row[1] for row in conn.execute("PRAGMA table_info(statements)")}
    assert "said" in columns
    assert migrate(conn) >= 1  # already current: nothing to do, nothing raised
    conn.close()
