"""`onrecord ingest --from-parquet`: a scale run's tables loaded into the store, as if ingested here."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from onrecord.corpus import Corpus
from onrecord.scale.child import ChildReader
from onrecord.scale.shards import expand
from onrecord.scale.worker import ScaleSettings, process_shard
from tests.scale.readers import marked
from tests.scale.warcs import cut_member, page_records, sample_pages, write_gz, write_plain
from tests.sources.warcs import record


def _scale(inputs: Path, out: Path, reader: ChildReader, fmt: str = "parquet") -> None:
    shards, _missing = expand([str(inputs)])
    for shard in shards:
        row = process_shard(shard, "run", ScaleSettings(output=str(out), fmt=fmt, chunk=5, batch=4), reader)
        assert row["status"] == "done", row


def _dump(db: Path) -> dict[str, Any]:
    conn = sqlite3.connect(db)
    try:
        q = conn.execute
        return {
            "articles": sorted(q("SELECT src.key, src.content_hash, src.origin, a.url, a.site, a.title, a.record"
                                 " FROM articles a JOIN sources src ON src.id = a.source_id").fetchall()),
            "copies": sorted(q("SELECT s1.key, s2.key FROM articles a JOIN sources s1 ON s1.id = a.source_id"
                               " JOIN articles o ON o.id = a.duplicate_of JOIN sources s2 ON s2.id = o.source_id").fetchall()),
            "statements": sorted(q(
                'SELECT src.key, s.position, s.kind, s.text, s.start, s."end", s."where", s.speaker_name, s.cue, s.venue,'
                " p.name FROM statements s JOIN articles a ON a.id = s.article_id JOIN sources src ON src.id = a.source_id"
                " LEFT JOIN people p ON p.id = s.person_id").fetchall()),
            "people": sorted(q("SELECT name, type FROM people").fetchall()),
            "aliases": sorted(q("SELECT p.name, al.alias FROM aliases al JOIN people p ON p.id = al.person_id").fetchall()),
        }
    finally:
        conn.close()


def test_loaded_store_equals_a_local_ingest(tmp_path: Path, hooked_reader: ChildReader) -> None:
    pages = sample_pages()
    inputs = tmp_path / "in"
    inputs.mkdir()
    write_gz(inputs / "a.warc.gz", page_records(pages[:7]))
    write_plain(inputs / "b.warc", page_records(pages[7:]))
    out = tmp_path / "out"
    _scale(inputs, out, hooked_reader)

    with Corpus(tmp_path / "local.db") as corpus:
        corpus.ingest([str(inputs)], workers=-1)
    with Corpus(tmp_path / "loaded.db") as corpus:
        summary = corpus.import_parquet(str(out))
        assert (summary.stored, summary.errors, summary.skipped) == (12, 0, 0)
        hits = len(corpus.search("strike", limit=100))
    local, loaded = _dump(tmp_path / "local.db"), _dump(tmp_path / "loaded.db")
    assert loaded == local
    assert local["copies"] and local["people"]  # the samples hold syndicated copies and speakers
    with Corpus(tmp_path / "local.db") as corpus:
        assert hits == len(corpus.search("strike", limit=100)) > 0

    # Loading again, or on top of the local ingest, adds nothing.
    with Corpus(tmp_path / "loaded.db") as corpus:
        again = corpus.import_parquet(str(out))
        assert (again.stored, again.skipped) == (0, 12)
        assert [r.status for r in corpus.runs()] == ["done", "done"]
    with Corpus(tmp_path / "local.db") as corpus:
        assert corpus.import_parquet(str(out)).stored == 0
    assert _dump(tmp_path / "local.db") == local


def test_errors_are_loaded_and_the_command(tmp_path: Path, hooked_reader: ChildReader,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    pages = sample_pages()
    good = page_records(pages[:4])
    inputs = tmp_path / "in"
    inputs.mkdir()
    crash = record("https://news.example/crash", marked(pages[5][1], "onrecord-test:crash"))
    (inputs / "cut.warc.gz").write_bytes(cut_member(good, at=1))
    write_gz(inputs / "crash.warc.gz", [good[0], crash])
    out = tmp_path / "out"
    _scale(inputs, out, hooked_reader, fmt="jsonl")

    from onrecord.cli import main

    db = tmp_path / "c.db"
    assert main(["ingest", "--from-parquet", str(out), "--db", str(db), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert (summary["stored"], summary["skipped"]) == (3, 1)  # pages[0] is in both WARCs
    assert summary["errors"] >= 2  # the crash, and the cut member (one or two damaged stretches)
    with Corpus(db, readonly=True) as corpus:
        errors = {(e.stage, e.source) for e in corpus.errors()}
    assert ("crash", "https://news.example/crash") in errors
    assert any(stage == "warc" and source.startswith(str(inputs / "cut.warc.gz") + "#") for stage, source in errors)

    assert main(["ingest", "--db", str(db)]) == 2  # neither sources nor --from-parquet
    assert main(["ingest", "--from-parquet", str(tmp_path / "in"), "--db", str(db)]) == 1  # not a scale output
    assert "no articles/ or errors/" in capsys.readouterr().err
