"""kill -9 in the middle of an ingest, then the same command again: same store as a clean run."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import psutil

from onrecord.corpus import Corpus
from tests.corpus.crash_corpus import stored_articles
from tests.corpus.scripted import READER, article, filler, write_script

ROOT = Path(__file__).resolve().parents[2]
COUNTS = {
    "articles": "SELECT count(*) FROM articles",
    "distinct_sources": "SELECT count(DISTINCT source_id) FROM articles",
    "copies": "SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL",
    "statements": "SELECT count(*) FROM statements",
    "statements_fts": "SELECT count(*) FROM statements_fts",
    "people": "SELECT count(*) FROM people",
    "mentions": "SELECT count(*) FROM mentions",
    "errors": "SELECT count(*) FROM errors",
    "sources": "SELECT count(*) FROM sources",
    "speaker_counts": "SELECT sum(statements) || '/' || sum(articles) FROM people",
}


def _counts(db: Path) -> dict[str, int]:
    conn = sqlite3.connect(db)
    try:
        return {name: conn.execute(sql).fetchone()[0] for name, sql in COUNTS.items()}
    finally:
        conn.close()


def _corpus(root: Path, n: int = 48) -> None:
    people = [
        {"id": "a", "name": "Ilka Varga", "type": "person", "role": "mayor", "mentions": ["Varga"]},
        {"id": "b", "name": "Harbour Trust", "type": "organization"},
    ]
    for i in range(n):
        text = filler(1000 + i, 150)
        if i % 10 == 9:  # a syndicated copy of the previous story
            text = filler(1000 + i - 1, 150) + " Distributed by Coastwire."
        a = article(text, [("a", f"Quote number {i} about the pier"), ("b", f"Statement {i}")], people=people,
                    url=f"https://k.example/{i}")
        write_script(root / f"doc-{i:03d}.txt", article=a, sleep=0.12)
    write_script(root / "zz-bad.txt", **{"raise": "a bad page"})


def _command(db: Path, pages: Path) -> list[str]:
    code = (
        "from onrecord.corpus import Corpus\n"
        f"Corpus({str(db)!r}).ingest([{str(pages)!r}], reader={READER!r}, workers=2, batch=3)\n"
    )
    return [sys.executable, "-c", code]


def test_sigkill_mid_run_then_rerun_equals_a_clean_run(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    _corpus(pages)
    clean, killed = tmp_path / "clean.db", tmp_path / "killed.db"

    subprocess.run(_command(clean, pages), cwd=ROOT, check=True, timeout=300)
    expected = _counts(clean)
    assert expected["articles"] == 48 and expected["copies"] == 4 and expected["errors"] == 1

    proc = subprocess.Popen(_command(killed, pages), cwd=ROOT)
    try:
        deadline = time.monotonic() + 120
        while (stored_articles(killed) or 0) < 9 and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
        assert proc.poll() is None, "the ingest finished before it could be killed"
        children = psutil.Process(proc.pid).children(recursive=True)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
    finally:
        if proc.poll() is None:
            proc.kill()
    partial = stored_articles(killed) or 0
    assert 9 <= partial < 48
    # No worker outlives the killed ingest for long (they die with their parent).
    _gone, alive = psutil.wait_procs(children, timeout=15)
    assert not alive, f"orphaned workers: {alive}"

    subprocess.run(_command(killed, pages), cwd=ROOT, check=True, timeout=300)
    assert _counts(killed) == expected
    with Corpus(killed, readonly=True) as corpus:
        runs = corpus.runs()
        assert runs[0].status == "done" and runs[0].skipped >= partial
        assert runs[0].documents == 48 - runs[0].skipped
