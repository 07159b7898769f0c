"""Search, speakers, show, export and the read-only mode, on a store built from scripted pages."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest

from onrecord.corpus import Corpus, QueryError, StoreError
from onrecord.corpus.query import fts_query
from onrecord.model import Article
from tests.corpus.scripted import READER, article, filler, write_script

RUIZ = {"id": "r", "name": "Ana Ruiz", "type": "person", "role": "Mayor", "mentions": ["Mayor Ana Ruiz", "Ruiz"]}
OKAFOR = {"id": "o", "name": "Tom Okafor", "type": "person", "role": "harbour master"}
BRENNER_T = {"id": "t", "name": "Tomas Brenner", "type": "person", "role": "union president", "gender": "male"}
BRENNER_K = {"id": "k", "name": "Karin Brenner", "type": "person", "role": "finance critic", "gender": "female"}


@pytest.fixture
def corpus(tmp_path: Path) -> Corpus:
    pages = tmp_path / "pages"
    pages.mkdir()
    wire = filler(77, 300)
    docs = [
        ("a.txt", article(filler(1), [("r", "The ferry budget is safe"), ("o", "Tides are high this week")],
                          people=[RUIZ, OKAFOR], url="https://www.harbour.example/a", published="2024-03-01")),
        ("b.txt", article(filler(2), [("r", "We will build the new bridge")], people=[RUIZ],
                          url="https://news.other.example/b", published="2024-04-15", site_name="Other News")),
        ("c.txt", article(wire, [("t", "The dockworkers will strike"), ("k", "The valuation is far too low")],
                          people=[BRENNER_T, BRENNER_K], url="https://wire.example/c", published="2024-05-02")),
        # The wire story again, on another site, with a note added: a syndicated copy.
        ("d.txt", article(wire + " This story was first published by Coastwire.",
                          [("t", "The dockworkers will strike"), ("k", "The valuation is far too low")],
                          people=[BRENNER_T, BRENNER_K], url="https://reprint.example/d", published="2024-05-02")),
        # "Brenner" alone with the union role: Tomas, not Karin.
        ("e.txt", article(filler(5), [("x", "The union stands together")],
                          people=[{"id": "x", "name": "Brenner", "type": "person", "role": "union president"}],
                          url="https://wire.example/e", published="2024-05-20")),
    ]
    for name, a in docs:
        write_script(pages / name, article=a)
    c = Corpus(tmp_path / "q.db")
    summary = c.ingest([str(pages)], reader=READER, workers=-1)
    assert summary.stored == 5
    return c


def test_search_filters(corpus: Corpus) -> None:
    assert [h.text for h in corpus.search("bridge")] == ["We will build the new bridge"]
    assert {h.text for h in corpus.search(speaker="Ruiz")} == {"The ferry budget is safe", "We will build the new bridge"}
    assert {h.text for h in corpus.search(speaker="mayor ana ruiz")} == {"The ferry budget is safe", "We will build the new bridge"}
    assert [h.text for h in corpus.search(site="harbour.example")] != []
    assert all(h.site == "harbour.example" for h in corpus.search(site="harbour.example"))
    assert [h.text for h in corpus.search(site="Other News")] == ["We will build the new bridge"]
    assert {h.text for h in corpus.search(since="2024-04-01", until="2024-04-30")} == {"We will build the new bridge"}
    assert corpus.search(until="2024-03-01")[0].text in {"The ferry budget is safe", "Tides are high this week"}
    assert corpus.search("tides", kind="indirect") == []
    # Porter stemming: "striking" finds "strike".
    assert [h.text for h in corpus.search("striking")] == ["The dockworkers will strike"]
    with pytest.raises(QueryError):
        corpus.search(since="last tuesday")
    with pytest.raises(QueryError):
        corpus.search(kind="rumour")


def test_copies_are_linked_and_not_counted_twice(corpus: Corpus) -> None:
    copies = [a for a in range(1, 6) if corpus.show(a).duplicate_of]
    assert len(copies) == 1
    assert len(corpus.search("dockworkers")) == 1
    assert len(corpus.search("dockworkers", include_duplicates=True)) == 2
    counts = {r.name: r.statements for r in corpus.speakers()}
    assert counts["Karin Brenner"] == 1


def test_kept_speaker_counts_match_a_recount(corpus: Corpus) -> None:
    recount = dict(corpus.conn.execute(
        "SELECT s.person_id, count(*) FROM statements s JOIN articles a ON a.id = s.article_id"
        " WHERE a.duplicate_of IS NULL AND s.person_id IS NOT NULL GROUP BY s.person_id"
    ).fetchall())
    assert {r.id: r.statements for r in corpus.speakers(limit=100)} == recount
    with_copies = {r.name: r.statements for r in corpus.speakers(limit=100, include_duplicates=True)}
    assert with_copies["Karin Brenner"] == 2


def test_registry_tells_namesakes_apart(corpus: Corpus) -> None:
    rows = {r.name: r for r in corpus.speakers(limit=50)}
    assert "Tomas Brenner" in rows and "Karin Brenner" in rows
    assert rows["Tomas Brenner"].statements == 2  # the strike quote and, by role, "Brenner" alone
    assert rows["Karin Brenner"].statements == 1
    assert rows["Ana Ruiz"].statements == 2 and "Mayor Ana Ruiz" in rows["Ana Ruiz"].aliases
    assert rows["Ana Ruiz"].roles == ["Mayor"]


def test_hostile_query_text_is_quoted(corpus: Corpus) -> None:
    for text in ['"unbalanced', "NEAR(a b)", "a OR", "*", "-x", "col:value", "') OR 1=1 --", "AND", "bridge*"]:
        corpus.search(text)  # never an FTS syntax error
    assert fts_query('budget "new bridge" OR tide*') == '"budget" "new bridge" OR "tide"*'
    assert fts_query("   ") is None


def test_pagination(corpus: Corpus) -> None:
    everything = corpus.search(limit=100)
    assert [h.id for h in corpus.search(limit=2)] + [h.id for h in corpus.search(limit=2, offset=2)] == [
        h.id for h in everything[:4]
    ]


def test_show_rebuilds_the_article_exactly(corpus: Corpus, tmp_path: Path) -> None:
    stored = json.loads((tmp_path / "pages" / "a.txt").read_text())["article"]
    view = corpus.show(1)
    assert view.article.to_dict() == Article.from_dict(stored).to_dict()
    assert set(view.people) == {"r", "o"}
    with pytest.raises(QueryError):
        corpus.show(999)


def test_exports(corpus: Corpus, tmp_path: Path) -> None:
    out = io.StringIO()
    assert corpus.export("statements", "jsonl", out) == 6
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert {line["speaker"] for line in lines} >= {"Ana Ruiz", "Tomas Brenner"}
    out = io.StringIO()
    corpus.export("people", "csv", out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert {"Ana Ruiz", "Karin Brenner", "Tomas Brenner"} <= {r["name"] for r in rows}
    out = io.StringIO()
    assert corpus.export("articles", "jsonl", out, include_duplicates=True) == 5
    import pyarrow.parquet as pq

    target = tmp_path / "s.parquet"
    assert corpus.export("statements", "parquet", str(target)) == 6
    table = pq.read_table(target)
    assert table.num_rows == 6 and "speaker" in table.column_names
    assert corpus.export("articles", "parquet", str(tmp_path / "a.parquet")) == 4


def test_readonly_mode_cannot_write(corpus: Corpus) -> None:
    path = corpus.path
    corpus.close()
    with Corpus(path, readonly=True) as ro:
        assert ro.stats()["articles"] == 5
        with pytest.raises(StoreError):
            ro.ingest([])
        with pytest.raises(sqlite3.OperationalError, match=r"readonly|read-only"):
            ro.conn.execute("DELETE FROM articles")


def test_not_a_database_and_locked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bogus = tmp_path / "notes.db"
    bogus.write_text("these are my notes, not a database\n" * 100)
    with pytest.raises(StoreError, match="not an onrecord database"):
        Corpus(bogus)
    with pytest.raises(StoreError, match="no such database"):
        Corpus(tmp_path / "missing.db", readonly=True)

    from onrecord.corpus import store

    monkeypatch.setattr(store, "BUSY_TIMEOUT_S", 0.2)
    db = tmp_path / "busy.db"
    Corpus(db).close()
    holder = sqlite3.connect(db)
    holder.execute("BEGIN EXCLUSIVE")
    try:
        page = write_script(tmp_path / "p.txt", article=article(filler(9)))
        with pytest.raises(StoreError, match="locked"), Corpus(db) as c:
            c.ingest([str(page)], reader=READER, workers=-1)
    finally:
        holder.rollback()
        holder.close()


def test_article_search(corpus: Corpus) -> None:
    rows = corpus.articles(limit=10)
    assert len(rows) == 4 and rows[0].published >= rows[-1].published  # the copy left out
    assert len(corpus.articles(include_duplicates=True, limit=10)) == 5
    found = corpus.articles('"' + " ".join(filler(77, 300).split()[:6]) + '"')
    assert found and found[0].url == "https://wire.example/c"
    assert [r.url for r in corpus.articles(site="Other News")] == ["https://news.other.example/b"]
