"""A disk that fills up in the middle of `onrecord ingest`: a clear error, an intact store.

Two ways to run out of room, both on the real command with the real reader:

- a small tmpfs mounted for the test, with ``--db`` on it (needs root, as on the development
  machine and in CI containers; skipped otherwise), later grown with ``mount -o remount`` —
  "a bigger disk" for the rerun;
- a file size limit (RLIMIT_FSIZE) on the ingest process, which makes SQLite's writes fail
  with EFBIG; it works for any user, so the case is covered everywhere. The rerun drops it.

Each time: exit status 1 and one ``onrecord:`` line on stderr saying the disk is full or a
write failed, no traceback; the store passes integrity_check; every article a reader saw
committed during the run is still there, whole (its statements as in a clean run); the runs
table agrees with the rows; and a rerun with room to spare ends equal to a clean run.
"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import sqlite3
import subprocess
import threading
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.corpus.crash_corpus import (
    duplicates,
    ingest_command,
    runs_add_up,
    snapshot,
    write_corpus,
)

ROOT = Path(__file__).resolve().parents[2]
PAGES = 120  # and 60 of them again in the WARC: 180 articles, a store of about 2.5 MB


@dataclass
class Clean:
    sources: list[str]
    snap: dict[str, Any]


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Clean:
    root = tmp_path_factory.mktemp("crash-diskfull")
    sources = write_corpus(root, PAGES)
    db = root / "clean.db"
    subprocess.run(ingest_command(sources, db), cwd=ROOT, check=True, timeout=600)
    return Clean(sources, snapshot(db))


def _mount(target: Path, size_kb: int, *, remount: bool = False) -> subprocess.CompletedProcess[str]:
    options = f"size={size_kb}k" + (",remount" if remount else "")
    return subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(target)],
                          capture_output=True, text=True, check=False)


@pytest.fixture
def small_tmpfs(tmp_path: Path) -> Iterator[Callable[[int], Path]]:
    """Mounts a tmpfs of the size asked for (in KB) on a fresh folder; unmounted afterwards."""
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root; the RLIMIT_FSIZE case covers a full disk here")
    mounted: list[Path] = []

    def mount(size_kb: int) -> Path:
        target = tmp_path / f"small-{uuid.uuid4().hex[:8]}"
        target.mkdir()
        done = _mount(target, size_kb)
        if done.returncode != 0:
            pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
        mounted.append(target)
        return target

    yield mount
    for target in mounted:
        subprocess.run(["umount", "-l", str(target)], check=False, capture_output=True)


def _limit_file_size(limit: int) -> Callable[[], None]:
    def apply() -> None:
        # Ignored, SIGXFSZ no longer kills the process: the write fails with EFBIG instead,
        # which is what a program sees on a quota or a full disk.
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


class Watcher:
    """Polls the store read-only while the ingest runs: the articles committed so far."""

    def __init__(self, db: Path) -> None:
        self.db = db
        self.seen: set[str] = set()
        self.polls = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> Watcher:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join(timeout=30)

    def _run(self) -> None:
        while not self._stop.wait(0.05):
            if not self.db.exists():
                continue
            try:
                conn = sqlite3.connect(f"file:{self.db}?mode=ro", uri=True, timeout=2)
                try:
                    keys = conn.execute("SELECT s.key FROM articles a JOIN sources s ON s.id = a.source_id").fetchall()
                finally:
                    conn.close()
            except sqlite3.Error:
                continue  # not created yet, or mid-migration
            self.seen.update(k for (k,) in keys)
            self.polls += 1


def run_until_full(command: list[str], db: Path, preexec: Callable[[], None] | None = None) -> tuple[subprocess.CompletedProcess[str], Watcher]:
    with Watcher(db) as watcher:
        result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600, preexec_fn=preexec)
    return result, watcher


def check_failed_cleanly(result: subprocess.CompletedProcess[str], db: Path, clean: Clean, seen: set[str]) -> int:
    """The error is one clear line; the store is intact and holds whole documents. Returns
    the number of articles it holds."""
    assert result.returncode == 1, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"onrecord: cannot write to {db}"), result.stderr
    assert "disk is full" in lines[0] or "write failed" in lines[0]
    assert "rerun" in lines[0]

    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        stored = {k for (k,) in conn.execute("SELECT s.key FROM articles a JOIN sources s ON s.id = a.source_id")}
        statements = sorted(tuple(r) for r in conn.execute(
            "SELECT s.key, st.position, st.kind, st.text, st.speaker_name, st.cue, p.name FROM statements st"
            " JOIN articles a ON a.id = st.article_id JOIN sources s ON s.id = a.source_id"
            " LEFT JOIN people p ON p.id = st.person_id"))
        status = conn.execute("SELECT status FROM runs ORDER BY id DESC LIMIT 1").fetchone()
    finally:
        conn.close()
    # Everything a reader saw committed is still there...
    assert seen <= stored, sorted(seen - stored)[:5]
    # ...and whole: each stored article has exactly the statements a clean run gives it.
    wanted = sorted(row for row in clean.snap["statements"] if row[0] in stored)
    assert statements == wanted
    assert status is not None and status[0] == "interrupted"
    assert duplicates(db) == dict.fromkeys(duplicates(db), 0)
    runs_add_up_partial(db)
    # Every stored article opens in the explorer's read-only mode, rebuilt as read.
    from onrecord.corpus import Corpus

    with Corpus(db, readonly=True) as corpus:
        for row in corpus.articles(limit=1000):
            assert corpus.show(row.id).article.text
    return len(stored)


def runs_add_up_partial(db: Path) -> None:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        documents, statements = conn.execute("SELECT sum(documents), sum(statements) FROM runs").fetchone()
        assert documents == conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        assert statements == conn.execute("SELECT count(*) FROM statements").fetchone()[0]
    finally:
        conn.close()


def check_rerun_completes(command: list[str], db: Path, clean: Clean) -> None:
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr
    snap = snapshot(db)
    for part in clean.snap:
        assert snap[part] == clean.snap[part], f"{part} differs from a clean run"
    runs_add_up(db)


@pytest.mark.slow  # a few seconds of real ingest: deselect with -m "not slow"
def test_disk_fills_up_mid_run_on_a_small_tmpfs(clean: Clean, small_tmpfs: Callable[[int], Path]) -> None:
    # The write-ahead log holds about 1.3 MB when the first batch (64 documents) commits and
    # 3.8 MB at the end: 2 MB lets at least one batch in and fills up in the next.
    disk = small_tmpfs(2048)
    db = disk / "news.db"
    command = ingest_command(clean.sources, db)
    result, watcher = run_until_full(command, db)
    stored = check_failed_cleanly(result, db, clean, watcher.seen)
    total = clean.snap["counts"]["articles"]
    assert 0 < stored < total, f"the disk should fill up mid-run: {stored} of {total} stored"
    assert watcher.seen, "no commit was seen before the disk filled up"
    print(f"\ntmpfs of 2 MB: full after {stored} of {total} articles; {len(watcher.seen)} seen committed by a reader")
    # The same disk, grown: the rerun finishes the rest.
    grown = _mount(disk, 64 * 1024, remount=True)
    assert grown.returncode == 0, grown.stderr
    check_rerun_completes(command, db, clean)


@pytest.mark.slow  # a few seconds of real ingest: deselect with -m "not slow"
def test_disk_already_full_before_the_store_is_created(clean: Clean, small_tmpfs: Callable[[int], Path]) -> None:
    disk = small_tmpfs(16)
    (disk / "filler").write_bytes(b"\0" * (16 * 1024 - 4096))  # leaves one page: not enough
    db = disk / "news.db"
    result = subprocess.run(ingest_command(clean.sources, db), cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("onrecord: "), result.stderr
    assert "full" in lines[0] or "write failed" in lines[0], lines[0]


@pytest.mark.slow  # a few seconds of real ingest: deselect with -m "not slow"
@pytest.mark.parametrize("limit_kb", [2048, 24])
def test_file_size_limit_stops_writes_mid_run(clean: Clean, tmp_path: Path, limit_kb: int) -> None:
    """RLIMIT_FSIZE: 2 MB fills mid-run (as the tmpfs above); 24 KB fails while the schema is
    being created."""
    db = tmp_path / "news.db"
    command = ingest_command(clean.sources, db)
    result, watcher = run_until_full(command, db, _limit_file_size(limit_kb * 1024))
    if limit_kb < 100:
        assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("onrecord: "), result.stderr
        assert "write failed" in lines[0] or "full" in lines[0], lines[0]
    else:
        stored = check_failed_cleanly(result, db, clean, watcher.seen)
        total = clean.snap["counts"]["articles"]
        assert 0 < stored < total
        print(f"\nRLIMIT_FSIZE of 2 MB: stopped after {stored} of {total} articles")
    # No limit on the rerun: it finishes and equals a clean run (also from a store that never
    # got its tables).
    check_rerun_completes(command, db, clean)


def test_a_failing_write_keeps_the_batch_to_whole_documents(tmp_path: Path) -> None:
    """A document that fails half-way (here an INSERT refused in the middle of its statements)
    leaves nothing of itself in the batch: the writer rolls back to before the document."""
    from onrecord.corpus import Corpus
    from onrecord.corpus.store import StoreError
    from tests.corpus.scripted import READER, article, filler, write_script

    pages = tmp_path / "pages"
    pages.mkdir()
    people = [{"id": "a", "name": "Ilka Varga", "type": "person"}]
    for i in range(5):
        said = [("a", f"Quote {i} part {j}") for j in range(3)]
        write_script(pages / f"p{i}.txt", article=article(filler(i, 80), said, people=people))
    db = tmp_path / "c.db"
    with Corpus(db) as corpus:
        # The fourth document's second statement is refused (as a full disk would refuse it),
        # after its source, article, bands and first statement were written.
        corpus.conn.execute(
            "CREATE TEMP TRIGGER refuse BEFORE INSERT ON main.statements WHEN NEW.text = 'Quote 3 part 1'"
            " BEGIN SELECT RAISE(ABORT, 'database or disk is full'); END")
        with pytest.raises(StoreError, match="disk is full"):
            corpus.ingest([str(pages)], reader=READER, workers=-1, batch=100)
    conn = sqlite3.connect(db)
    try:
        texts = [r[0] for r in conn.execute("SELECT text FROM statements ORDER BY id")]
        assert texts == [f"Quote {i} part {j}" for i in range(3) for j in range(3)]
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 3
        assert conn.execute("SELECT count(*) FROM sources").fetchone()[0] == 3
        assert conn.execute("SELECT documents, statements, status FROM runs").fetchone() == (3, 9, "interrupted")
    finally:
        conn.close()
    # The rerun stores the two missing documents, whole.
    with Corpus(db) as corpus:
        summary = corpus.ingest([str(pages)], reader=READER, workers=-1)
    assert (summary.stored, summary.skipped) == (2, 3)
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("SELECT count(*) FROM statements").fetchone()[0] == 15
    finally:
        conn.close()


def test_interrupt_in_the_middle_of_a_document_stores_whole_documents(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Ctrl-C can land between two INSERTs of one document; the batch committed on the way
    out must not carry that half document (a rerun would skip it as done)."""
    from onrecord.corpus import Corpus
    from onrecord.corpus.registry import Registry
    from tests.corpus.scripted import READER, article, filler, write_script

    pages = tmp_path / "pages"
    pages.mkdir()
    people = [{"id": "a", "name": "Ilka Varga", "type": "person"}]
    for i in range(5):
        write_script(pages / f"p{i}.txt", article=article(filler(i, 80), [("a", f"Quote {i}")], people=people))
    calls = {"n": 0}
    resolve = Registry.resolve

    def interrupted(self: Registry, *args: Any, **kwargs: Any) -> int:
        calls["n"] += 1
        if calls["n"] == 4:  # the fourth document: its source and article rows are written
            raise KeyboardInterrupt
        return resolve(self, *args, **kwargs)

    monkeypatch.setattr(Registry, "resolve", interrupted)
    db = tmp_path / "c.db"
    with Corpus(db) as corpus, pytest.raises(KeyboardInterrupt):
        corpus.ingest([str(pages)], reader=READER, workers=-1, batch=100)
    monkeypatch.setattr(Registry, "resolve", resolve)
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 3
        assert conn.execute("SELECT count(*) FROM sources").fetchone()[0] == 3
        assert conn.execute("SELECT documents, statements, status FROM runs").fetchone() == (3, 3, "interrupted")
    finally:
        conn.close()
    with Corpus(db) as corpus:
        summary = corpus.ingest([str(pages)], reader=READER, workers=-1)
    assert (summary.stored, summary.skipped) == (2, 3)
    with Corpus(db, readonly=True) as corpus:
        assert sorted(h.text for h in corpus.search(limit=100)) == [f"Quote {i}" for i in range(5)]
