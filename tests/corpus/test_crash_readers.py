"""Readers while `onrecord ingest` writes: the explorer and read-only Corpus handles.

While the real command ingests the invented corpus (120 pages and a WARC of 60 of them), three
readers run side by side until it is over and a little after:

- a process holding one ``Corpus(path, readonly=True)`` open the whole time (as the explorer's
  handles do), looping over stats, search, speakers, ranked speakers, show and errors;
- a process that opens a fresh read-only Corpus for every round (as each CLI query does);
- the explorer itself (`onrecord serve`), asked for its home, search, speakers and an article
  over HTTP, JSON and HTML.

No reader may see an error (above all no "database is locked"), and what they see only grows:
article, statement and people counts, the hits of a search, each speaker's statements. Once the
ingest is over, every reader sees the final store.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.corpus.crash_corpus import ingest_command, snapshot, write_corpus

ROOT = Path(__file__).resolve().parents[2]
SPEAKER = "Kettering"  # a surname several people of the invented cast share


def reader_main(argv: list[str]) -> None:
    """A reader process: ``db stop-file keep|reopen``; prints one JSON summary at the end."""
    from onrecord.corpus import Corpus, StoreError

    db, stop, mode = Path(argv[0]), Path(argv[1]), argv[2]
    report: dict[str, Any] = {"rounds": 0, "not_yet": 0, "errors": [], "regressions": [], "last": None}
    previous: dict[str, int] = {}
    corpus: Corpus | None = None

    def grow(name: str, value: int) -> None:
        if value < previous.get(name, 0):
            report["regressions"].append(f"{name}: {previous[name]} then {value}")
        previous[name] = value

    (stop.parent / f"ready-{mode}").touch()
    finishing = False
    while True:
        time.sleep(0.01)  # two cores are shared with the ingest: leave it most of them
        if stop.exists():
            if finishing:
                break
            finishing = True  # one more full round on the finished store
        try:
            if corpus is None:
                corpus = Corpus(db, readonly=True)
            stats = corpus.stats()
            for name in ("articles", "statements", "people", "errors"):
                grow(name, stats[name])
            grow("search", len(corpus.search("wait", limit=10_000)))
            grow("search_speaker", len(corpus.search("plan", speaker=SPEAKER, limit=10_000)))
            for row in corpus.speakers(limit=1000):
                grow(f"speaker {row.name}", row.statements)
            corpus.ranked_speakers(limit=20)
            newest = corpus.articles(limit=1)
            if newest:
                view = corpus.show(newest[0].id)
                assert view.article.text
            corpus.errors(limit=100)
            report["rounds"] += 1
            report["last"] = stats
        except StoreError as exc:
            reason = str(exc)
            if "no such database" in reason or "holds no onrecord corpus yet" in reason:
                report["not_yet"] += 1  # opened before the ingest made the store: try again
                corpus = None
                time.sleep(0.05)
                continue
            report["errors"].append(reason)
        except Exception as exc:  # every failure is reported, none stops the loop
            report["errors"].append(f"{type(exc).__name__}: {exc}")
        if mode == "reopen" and corpus is not None:
            corpus.close()
            corpus = None
    sys.stdout.write(json.dumps(report) + "\n")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Explorer:
    """`onrecord serve` on the store, asked in a loop over HTTP from a thread."""

    def __init__(self, db: Path) -> None:
        self.db = db
        self.port = _free_port()
        self.proc: subprocess.Popen[bytes] | None = None
        self.requests = 0
        self.failures: list[str] = []
        self.regressions: list[str] = []
        self.last: dict[str, int] = {}
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._loop, daemon=True)

    def start(self) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "onrecord", "serve", "--db", str(self.db), "--port", str(self.port),
             "--log-level", "warning"],
            cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        )
        self.thread.start()

    def _get(self, client: httpx.Client, path: str) -> httpx.Response | None:
        try:
            response = client.get(path)
        except httpx.TransportError:
            return None  # not listening yet
        self.requests += 1
        if response.status_code != 200:
            self.failures.append(f"{path}: HTTP {response.status_code} {response.text[:200]}")
        return response

    def _loop(self) -> None:
        base = f"http://127.0.0.1:{self.port}"
        with httpx.Client(base_url=base, timeout=30) as client:
            finishing = False
            while True:
                time.sleep(0.02)  # leave the ingest its share of the two cores
                if self.stop.is_set():
                    if finishing:
                        return
                    finishing = True
                home = self._get(client, "/api/v1/home")
                if home is None:  # still starting (or it died: then no request ever counts)
                    if self.stop.is_set() and not self.requests:
                        return
                    time.sleep(0.1)
                    continue
                if home.status_code == 200:
                    stats = home.json()["stats"]
                    for name in ("articles", "statements", "people"):
                        if stats[name] < self.last.get(name, 0):
                            self.regressions.append(f"{name}: {self.last[name]} then {stats[name]}")
                        self.last[name] = stats[name]
                    latest = home.json()["latest"]
                    if latest:
                        self._get(client, f"/api/v1/articles/{latest[0]['article_id']}")
                        self._get(client, f"/articles/{latest[0]['article_id']}")
                self._get(client, "/api/v1/search?q=wait")
                self._get(client, f"/search?q=plan&speaker={SPEAKER}")
                self._get(client, "/api/v1/speakers")
                self._get(client, "/")

    def close(self) -> None:
        self.stop.set()
        self.thread.join(timeout=60)
        if self.proc is not None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
            if self.proc.stderr is not None:
                self.proc.stderr.close()


def _wait_for_schema(db: Path, deadline: float) -> None:
    """The explorer refuses a store without tables (by design); it starts once they exist."""
    import sqlite3

    while time.monotonic() < deadline:
        if db.exists():
            try:
                conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=1)
                try:
                    if conn.execute("PRAGMA user_version").fetchone()[0] > 0:
                        return
                finally:
                    conn.close()
            except sqlite3.Error:
                pass
        time.sleep(0.02)
    raise AssertionError("the ingest never created its store")


@pytest.mark.slow  # a few seconds of real ingest: deselect with -m "not slow"
def test_readers_see_a_growing_store_and_no_errors_while_ingest_writes(tmp_path: Path) -> None:
    pytest.importorskip("uvicorn")
    sources = write_corpus(tmp_path, 120)
    db = tmp_path / "news.db"
    stop = tmp_path / "stop"
    reader_code = "import sys; from tests.corpus.test_crash_readers import reader_main; reader_main(sys.argv[1:])"
    readers = [
        subprocess.Popen([sys.executable, "-c", reader_code, str(db), str(stop), mode], cwd=ROOT,
                         stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for mode in ("keep", "reopen")
    ]
    explorer = Explorer(db)
    try:
        deadline = time.monotonic() + 120
        while not all((tmp_path / f"ready-{m}").exists() for m in ("keep", "reopen")):
            assert time.monotonic() < deadline and all(p.poll() is None for p in readers), "readers did not start"
            time.sleep(0.05)
        # The readers start first, so they also meet the store before it exists and mid-creation.
        ingest = subprocess.Popen(ingest_command(sources, db), cwd=ROOT, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.PIPE, text=True)
        _wait_for_schema(db, time.monotonic() + 120)
        explorer.start()
        _, ingest_err = ingest.communicate(timeout=600)
        assert ingest.returncode == 0, ingest_err
        time.sleep(1.0)
    finally:
        stop.touch()
        explorer.close()
        reports = []
        for proc in readers:
            out, err = proc.communicate(timeout=120)
            assert proc.returncode == 0, err
            reports.append(json.loads(out.strip().splitlines()[-1]))

    final = snapshot(db)["counts"]
    for mode, report in zip(("keep", "reopen"), reports):
        print(f"\nreader ({mode}): {report['rounds']} rounds, {len(report['errors'])} errors, "
              f"{len(report['regressions'])} regressions, {report['not_yet']} times before the store existed")
        assert report["errors"] == [], report["errors"][:5]
        assert report["regressions"] == [], report["regressions"][:5]
        assert report["rounds"] >= 10, report
        assert report["last"]["articles"] == final["articles"] and report["last"]["statements"] == final["statements"]
    print(f"explorer: {explorer.requests} requests, {len(explorer.failures)} failures")
    assert explorer.failures == [], explorer.failures[:5]
    assert explorer.regressions == [], explorer.regressions[:5]
    assert explorer.requests >= 20
    # The explorer's cache may hold the last figures a little; they never exceed the store's.
    assert explorer.last and explorer.last["articles"] <= final["articles"]
