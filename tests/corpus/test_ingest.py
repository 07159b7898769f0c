"""Ingest end to end: folders, skipping on rerun, isolation of bad documents in the worker pool."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from onrecord.corpus import Corpus
from tests.corpus.scripted import READER, article, filler, write_script


def test_folder_ingest_counts_and_rerun_skips(tmp_path: Path, scripted_folder: Path) -> None:
    with Corpus(tmp_path / "c.db") as corpus:
        first = corpus.ingest([str(scripted_folder)], reader=READER, workers=2)
        assert (first.stored, first.statements, first.errors) == (12, 24, 0)
        again = corpus.ingest([str(scripted_folder)], reader=READER, workers=2)
        assert (again.stored, again.skipped, again.errors) == (0, 12, 0)
        stats = corpus.stats()
        assert stats["articles"] == 12 and stats["statements"] == 24
        # One registry row per speaker across the twelve articles.
        top = corpus.speakers(limit=10)
        assert [(r.name, r.statements, r.articles) for r in top[:2]] == [("Ana Ruiz", 12, 12), ("Tom Okafor", 12, 12)]
        assert "She" not in top[0].aliases and "Ruiz" in top[0].aliases
        runs = corpus.runs()
        assert [r.status for r in runs] == ["done", "done"] and runs[1].documents == 12


def test_changed_file_is_a_new_version(tmp_path: Path) -> None:
    page = write_script(tmp_path / "p.txt", article=article(filler(1)))
    with Corpus(tmp_path / "c.db") as corpus:
        assert corpus.ingest([str(page)], reader=READER, workers=1).stored == 1
        write_script(page, article=article(filler(2)))
        assert corpus.ingest([str(page)], reader=READER, workers=1).stored == 1
        assert corpus.stats()["articles"] == 2


def test_bad_documents_are_recorded_and_the_run_goes_on(tmp_path: Path) -> None:
    root = tmp_path / "mixed"
    root.mkdir()
    for i in range(6):
        write_script(root / f"good-{i}.txt", article=article(filler(i), url=f"https://a.example/{i}"))
    write_script(root / "crash.txt", crash=True)
    write_script(root / "hang.txt", hang=True)
    write_script(root / "raise.txt", **{"raise": "reader bug"})
    (root / "broken.html.gz").write_bytes(b"\x1f\x8b\x08\x00" + bytes(range(256)) * 4)
    (root / "empty.html").write_bytes(b"")
    os.symlink(root / "nowhere.html", root / "dangling.html")
    with Corpus(tmp_path / "c.db") as corpus:
        summary = corpus.ingest([str(root)], reader=READER, workers=2, time_limit=5)
        assert summary.stored == 6, corpus.errors()
        errors = {Path(e.source).name: e for e in corpus.errors()}
        assert errors["crash.txt"].stage == "crash"
        assert errors["hang.txt"].stage == "timeout"
        assert "reader bug" in errors["raise.txt"].reason
        assert errors["broken.html.gz"].stage == "decode"
        assert "dangling.html" in errors
        assert "empty.html" in errors
        assert summary.errors == len(errors) == 6
        assert summary.respawns >= 2
        # The failures are remembered: a rerun does not try them again unless asked.
        again = corpus.ingest([str(root)], reader=READER, workers=2, time_limit=5)
        assert again.stored == 0 and again.skipped >= 5


def test_memory_cap_stops_a_ballooning_document(tmp_path: Path) -> None:
    write_script(tmp_path / "balloon.txt", balloon=True)
    write_script(tmp_path / "fine.txt", article=article(filler(3)))
    with Corpus(tmp_path / "c.db") as corpus:
        summary = corpus.ingest([str(tmp_path)], reader=READER, workers=1, memory_limit_mb=1500, time_limit=20)
        assert summary.stored == 1
        (error,) = corpus.errors()
        assert error.stage in ("memory", "crash")


def test_inline_mode_matches_pool(tmp_path: Path, scripted_folder: Path) -> None:
    with Corpus(tmp_path / "a.db") as a, Corpus(tmp_path / "b.db") as b:
        a.ingest([str(scripted_folder)], reader=READER, workers=-1)
        b.ingest([str(scripted_folder)], reader=READER, workers=2)
        assert a.stats() == b.stats()


def test_real_pages_with_the_default_reader(tmp_path: Path, fixtures: Path) -> None:
    pages = fixtures / "html"
    if not pages.is_dir():
        pytest.skip("no HTML fixtures")
    with Corpus(tmp_path / "c.db") as corpus:
        summary = corpus.ingest([str(pages)], workers=2)
        assert summary.stored >= 5 and summary.stored + summary.errors == len(list(pages.glob("*.htm*")))
        view = corpus.show(1)
        assert view.article.text and view.article.title


def test_damaged_warc_and_bad_feed_file(tmp_path: Path) -> None:
    import json

    from tests.sources.warcs import gz, record

    def script(i: int) -> bytes:
        return json.dumps({"article": article(filler(40 + i), url=f"https://w.example/{i}").to_dict()}).encode()

    records = [record(f"https://w.example/{i}", script(i)) for i in range(5)]
    records[2] = record("https://w.example/liar", script(2), declared=10**6)
    warc = tmp_path / "crawl.warc.gz"
    warc.write_bytes(gz(records)[:-30])  # and the last record cut short
    feed = tmp_path / "feed.xml"
    feed.write_text("<rss><channel><item><link>https://x.example/1</link>")
    with Corpus(tmp_path / "c.db") as corpus:
        summary = corpus.ingest([str(warc), str(feed)], reader=READER, workers=1)
        assert summary.stored == 3  # records 0, 1 and 3
        stages = sorted(e.stage for e in corpus.errors())
        assert stages == ["feed", "warc", "warc"], stages
        assert any("feed.xml" in e.source and "not well-formed" in e.reason for e in corpus.errors())
        assert {h.url for h in corpus.search(limit=10)} == set()  # scripted articles say nothing
        assert corpus.show(1).source == "https://w.example/0"


def test_a_script_without_a_main_guard_can_use_the_pool(tmp_path: Path, scripted_folder: Path) -> None:
    import subprocess
    import sys

    script = tmp_path / "use_corpus.py"
    script.write_text(
        "from onrecord.corpus import Corpus\n"
        f"s = Corpus({str(tmp_path / 's.db')!r}).ingest([{str(scripted_folder)!r}], reader={READER!r}, workers=2)\n"
        "print('stored', s.stored)\n"
    )
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, str(script)], cwd=root, capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(root)})
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == "stored 12"
