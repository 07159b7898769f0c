"""kill -9 of `onrecord ingest` at random points, then the same command again, many times.

Each round ingests the same invented corpus (200 HTML pages in a folder, 100 of them again in a
WARC, 3 unreadable pages) into a fresh store with the real reader, kills the command with
SIGKILL at a random moment, sometimes kills the rerun too, then reruns it to completion. The
final store must equal a clean run's: same articles (key and content hash), statements, people,
aliases, roles, mentions, copies and errors; no duplicates; integrity_check and the full-text
indexes' own checks pass; the runs' counters add up to the rows.

The kill moments are random but stratified, so a short loop still covers the whole run: the
first round is killed during start-up (before a clean run's first commit: imports, schema,
workers starting), and the others split the writing phase of a clean run (first commit to
end) into equal slices, one random moment in each. The default is 3 rounds;
``ONRECORD_KILL_RUNS=20`` runs the full loop and ``ONRECORD_KILL_SEED`` replays one.
"""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil
import pytest

from tests.corpus.crash_corpus import (
    duplicates,
    ingest_command,
    runs_add_up,
    snapshot,
    stored_articles,
    write_corpus,
)

ROOT = Path(__file__).resolve().parents[2]
RUNS = int(os.environ.get("ONRECORD_KILL_RUNS", "3"))
SEED = int(os.environ.get("ONRECORD_KILL_SEED", str(random.SystemRandom().randrange(1 << 30))))


@dataclass
class Clean:
    sources: list[str]
    snap: dict[str, Any]
    seconds: float
    first_commit: float  # seconds from start to the first articles readable in the store


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Clean]:
    root = tmp_path_factory.mktemp("crash-kill")
    sources = write_corpus(root)
    db = root / "clean.db"
    started = time.monotonic()
    proc = subprocess.Popen(ingest_command(sources, db), cwd=ROOT)
    first_commit = None
    while proc.poll() is None:
        if first_commit is None and (stored_articles(db) or 0) > 0:
            first_commit = time.monotonic() - started
        time.sleep(0.02)
    seconds = time.monotonic() - started
    assert proc.returncode == 0
    snap = snapshot(db)
    assert snap["counts"]["articles"] == 300 and snap["counts"]["errors"] == 3
    assert len(snap["copies"]) == 100 and snap["counts"]["statements"] > 1000
    yield Clean(sources, snap, seconds, first_commit if first_commit is not None else seconds / 2)


def kill_after(command: list[str], delay: float) -> tuple[bool, float]:
    """Start ``command``, SIGKILL it after ``delay`` s. Returns (killed, seconds it ran).

    Only the ingesting process is killed, as `kill -9 PID` would; its workers must go by
    themselves (they die with their parent), which is checked here too.
    """
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    started = time.monotonic()
    try:
        end = started + delay
        while time.monotonic() < end and proc.poll() is None:
            time.sleep(0.01)
        if proc.poll() is not None:
            _, err = proc.communicate()
            assert proc.returncode == 0, err.decode(errors="replace")
            return False, time.monotonic() - started
        try:
            children = psutil.Process(proc.pid).children(recursive=True)
        except psutil.NoSuchProcess:
            children = []
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        ran = time.monotonic() - started
        _gone, alive = psutil.wait_procs(children, timeout=20)
        assert not alive, f"processes outlived the killed ingest: {alive}"
        return True, ran
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        if proc.stderr is not None:
            proc.stderr.close()


@pytest.mark.slow  # a few seconds of real ingest: deselect with -m "not slow"
def test_kill_9_at_random_points_then_rerun_equals_a_clean_run(clean: Clean, tmp_path: Path) -> None:
    rng = random.Random(SEED)
    print(f"\nkill loop: {RUNS} rounds, seed {SEED} (ONRECORD_KILL_SEED={SEED} replays it); "
          f"clean run {clean.seconds:.1f}s, first commit after {clean.first_commit:.1f}s, "
          f"{clean.snap['counts']['articles']} articles")
    total_kills = 0
    at_kills: list[int] = []
    for k in range(RUNS):
        db = tmp_path / f"round-{k}.db"
        command = ingest_command(clean.sources, db)
        if k == 0:  # start-up
            delay = clean.first_commit * rng.random()
        else:  # the writing phase, in RUNS - 1 slices
            span = clean.seconds - clean.first_commit
            delay = clean.first_commit + span * (k - 1 + rng.random()) / max(1, RUNS - 1)
        killed, ran = kill_after(command, delay)
        at_kill = stored_articles(db)
        if killed:
            at_kills.append(at_kill or 0)
        second = ""
        if killed and rng.random() < 1 / 3:
            # Sometimes the resuming run is killed as well: a rerun must resume a resume.
            delay2 = rng.uniform(0.5, max(1.0, clean.seconds * 0.8))
            killed2, _ = kill_after(command, delay2)
            total_kills += killed2
            second = f"; rerun killed after {delay2:.2f}s with {stored_articles(db)} articles" if killed2 else ""
        total_kills += killed
        finish = subprocess.run(command, cwd=ROOT, capture_output=True, timeout=600)
        assert finish.returncode == 0, finish.stderr.decode(errors="replace")
        assert not finish.stderr.strip(), finish.stderr.decode(errors="replace")
        snap = snapshot(db)
        print(f"round {k + 1}: {'killed' if killed else 'finished'} after {ran:.2f}s with "
              f"{at_kill} articles committed{second}; after rerun {snap['counts']['articles']} articles, "
              f"{snap['counts']['statements']} statements, {snap['counts']['people']} people")
        assert snap["integrity"] == [("ok",)] and snap["foreign_keys"] == []
        assert duplicates(db) == dict.fromkeys(duplicates(db), 0)
        for part in clean.snap:
            assert snap[part] == clean.snap[part], f"round {k + 1} (seed {SEED}): {part} differs from a clean run"
        runs_add_up(db)
        db.unlink()
        for suffix in ("-wal", "-shm"):
            db.with_name(db.name + suffix).unlink(missing_ok=True)
    print(f"kill loop: {total_kills} kills in {RUNS} rounds, every final store equal to the clean run's; "
          f"articles committed at the first kill of each round: {sorted(at_kills)}")
    assert total_kills >= RUNS - 1  # at most the last slice may find the run already over


def test_run_counters_are_committed_with_the_rows_they_count(tmp_path: Path) -> None:
    """A regression found by the loop above: the writer committed inside ``store`` before the
    run had counted the document, so after a kill the runs table was one document behind."""
    from onrecord.corpus import Corpus
    from tests.corpus.scripted import READER, article, filler, write_script

    pages = tmp_path / "pages"
    pages.mkdir()
    people = [{"id": "a", "name": "Ilka Varga", "type": "person"}]
    for i in range(6):
        write_script(pages / f"p{i}.txt", article=article(filler(i, 80), [("a", f"Quote {i}")], people=people))
    write_script(pages / "zz-bad.txt", **{"raise": "a bad page"})
    db = tmp_path / "c.db"
    seen: list[tuple[int, int, int, int]] = []

    def look(_summary: object) -> None:
        # What another process would find if this one were killed now: the committed state.
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            seen.append(conn.execute(
                "SELECT (SELECT documents FROM runs ORDER BY id DESC LIMIT 1), (SELECT count(*) FROM articles),"
                " (SELECT errors FROM runs ORDER BY id DESC LIMIT 1), (SELECT count(*) FROM errors)").fetchone())
        finally:
            conn.close()

    with Corpus(db) as corpus:
        corpus.ingest([str(pages)], reader=READER, workers=-1, batch=1, progress=look)
    assert seen and all(documents == articles and errors == rows for documents, articles, errors, rows in seen), seen
    assert seen[-1] == (6, 6, 1, 1)
