"""Ingest: sources → fetched/read bytes → worker processes → one writer → the store.

The ingesting process does the cheap, ordered work (walking sources, reading files, hashing,
fetching through a polite thread pool, writing SQLite) and the worker pool does the expensive,
risky work (decoding, parsing, attribution, fingerprints). A bounded window of documents in
flight keeps memory flat whatever the size of the source. Documents already in the store (same
key and content hash) are skipped before any parsing, which is what makes a rerun after a crash
finish only the rest.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, wait
from dataclasses import asdict, dataclass, field
from typing import Any

from onrecord.corpus.worker import DEFAULT_READER, WorkerSettings
from onrecord.corpus.writer import Writer
from onrecord.errors import OnrecordError

MAX_FILE_BYTES = 64 * 1024 * 1024
PAGE_TYPES = ("application/xhtml+xml", "application/xml", "application/octet-stream")


@dataclass
class IngestOptions:
    workers: int = 0  # 0: one per core; -1: no pool, everything in this process (a baseline)
    time_limit: float = 30.0  # seconds per document in a worker
    memory_limit_mb: int = 3072  # address space per worker; 0: unlimited
    allow_private: bool = False
    delay: float = 1.0  # seconds between requests to one host
    per_host: int = 2
    retries: int = 3
    timeout: float = 20.0
    max_bytes: int = 16 * 1024 * 1024
    robots: bool = True
    refetch: bool = False  # fetch URLs already stored again (a changed page is a new version)
    retry_errors: bool = False  # read documents that failed before again
    fast: bool = False
    kind: str = "auto"
    reader: str = DEFAULT_READER
    batch: int = 64
    max_tasks_per_worker: int = 2000


@dataclass
class IngestSummary:
    run_id: int
    stored: int = 0
    statements: int = 0
    duplicates: int = 0
    skipped: int = 0
    errors: int = 0
    seconds: float = 0.0
    interrupted: bool = False
    respawns: int = 0

    @property
    def rate(self) -> float:
        return self.stored / self.seconds if self.seconds > 0 else 0.0

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["documents_per_second"] = round(self.rate, 2)
        return data


ProgressHook = Callable[[IngestSummary], None]


@dataclass
class _Job:
    key: str
    kind: str
    origin: str | None
    content_hash: str
    payload: dict[str, Any] = field(repr=False)
    retried: bool = False


def _hash(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()


class Ingest:
    def __init__(self, conn: Any, run_id: int, options: IngestOptions, progress: ProgressHook | None = None) -> None:
        self.conn = conn
        self.options = options
        self.summary = IngestSummary(run_id)
        self.writer = Writer(conn, run_id, batch=options.batch)
        self.writer.before_commit = self.save_run
        self.progress = progress
        self._last_progress = 0.0
        self._crawler: Any = None
        # Set when the store itself failed (a full disk, an I/O error): SQLite may have rolled
        # back the open batch, so the counters in memory are ahead of the rows on disk.
        self.store_failed = False

    def save_run(self, status: str | None = None) -> None:
        s = self.summary
        if self.store_failed:
            # The counters last committed went with their rows and stay right; only the status
            # and the end time change.
            self.conn.execute(
                "UPDATE runs SET status = coalesce(?, status), finished = datetime('now') WHERE id = ?",
                (status, s.run_id),
            )
            return
        self.conn.execute(
            "UPDATE runs SET documents = ?, skipped = ?, statements = ?, duplicates = ?, errors = ?,"
            " status = coalesce(?, status), finished = CASE WHEN ? IS NULL THEN finished ELSE datetime('now') END"
            " WHERE id = ?",
            (s.stored, s.skipped, s.statements, s.duplicates, s.errors, status, status, s.run_id),
        )

    # -- items → jobs ---------------------------------------------------------------------------

    def _error(self, key: str, stage: str, reason: str, *, kind: str = "file", origin: str | None = None, content_hash: str = "") -> None:
        self.writer.record_error(key=key, content_hash=content_hash, kind=kind, origin=origin, stage=stage, reason=reason)
        self.summary.errors += 1
        self.writer.tick()  # after counting: the run's counters are committed with the row

    def _job(self, key: str, kind: str, origin: str | None, content: bytes, url: str | None, content_type: str | None) -> _Job | None:
        digest = _hash(content)
        if self.writer.is_done(key, digest, retry_errors=self.options.retry_errors):
            self.summary.skipped += 1
            return None
        return _Job(key, kind, origin, digest, {"content": content, "url": url, "content_type": content_type, "name": key})

    def _crawl(self) -> Any:
        if self._crawler is None:
            from onrecord.sources.crawl import Crawler, CrawlSettings

            o = self.options
            self._crawler = Crawler(
                CrawlSettings(
                    allow_private=o.allow_private, per_host=o.per_host, delay=o.delay, retries=o.retries,
                    timeout=o.timeout, max_bytes=o.max_bytes, robots=o.robots,
                )
            )
        return self._crawler

    # -- the loop -------------------------------------------------------------------------------

    def run(self, sources: Iterable[str]) -> IngestSummary:
        from onrecord.sources.discover import discover

        started = time.monotonic()
        try:
            try:
                if self.options.workers < 0:
                    self._run_inline(discover(sources))
                else:
                    self._run_pool(discover(sources))
            except KeyboardInterrupt:
                self.summary.interrupted = True
                raise
            finally:
                # Whatever stopped the run, the open batch holds whole documents only (the
                # writer takes back a half-written one), so it is kept.
                self.writer.commit()
        except sqlite3.Error:
            # The store failed (disk full, I/O error). SQLite may have rolled the batch back
            # already; what is still open cannot be trusted to commit, so it goes, and a rerun
            # redoes it. Committed batches are untouched.
            self.store_failed = True
            if self.conn.in_transaction:
                try:
                    self.conn.execute("ROLLBACK")
                except sqlite3.Error:
                    pass
            raise
        finally:
            self.summary.seconds = time.monotonic() - started
            if self._crawler is not None:
                self._crawler.close()
        return self.summary

    def _items(self, items: Iterator[Any], extra: deque[Any]) -> Iterator[Any]:
        """Items from feeds fetched meanwhile first, then the next from the sources."""
        while True:
            if extra:
                yield extra.popleft()
                continue
            item = next(items, None)
            if item is None:
                return
            yield item

    def _take(self, item: Any, ready: deque[_Job], fetching: dict[Future[Any], Any], seen: set[str]) -> None:
        from onrecord.sources.discover import FileItem, PageItem, Problem, UrlItem

        if isinstance(item, Problem):
            self._error(item.key, item.stage, item.reason, origin=item.origin)
        elif isinstance(item, FileItem):
            if item.key in seen:
                return
            seen.add(item.key)
            try:
                size = item.path.stat().st_size
                if size > MAX_FILE_BYTES:
                    raise OnrecordError(f"{item.path} is {size // 1048576} MB; the limit is {MAX_FILE_BYTES // 1048576} MB", stage="read")
                content = item.path.read_bytes()
            except OnrecordError as exc:
                self._error(item.key, exc.stage, exc.reason)
                return
            except OSError as exc:
                self._error(item.key, "read", f"cannot read {item.path}: {exc.strerror or exc}")
                return
            job = self._job(item.key, "file", item.origin, content, None, None)
            if job is not None:
                ready.append(job)
        elif isinstance(item, PageItem):
            job = self._job(item.key, item.kind, item.origin, item.content, item.url, item.content_type)
            if job is not None:
                ready.append(job)
        elif isinstance(item, UrlItem):
            if item.url in seen:
                return  # a sitemap that lists itself, or a page in two feeds
            seen.add(item.url)
            if not self.options.refetch and self.writer.stored_key(item.url):
                self.summary.skipped += 1
                return
            fetching[self._crawl().submit(item.url)] = item

    def _fetched(self, future: Future[Any], item: Any, ready: deque[_Job], extra: deque[Any]) -> None:
        from onrecord.sources.discover import expand_fetched

        try:
            fetched = future.result()
        except OnrecordError as exc:
            self._error(item.url, exc.stage, exc.reason, kind="url", origin=item.origin)
            return
        except Exception as exc:
            self._error(item.url, "fetch", f"{type(exc).__name__}: {exc}", kind="url", origin=item.origin)
            return
        listed = expand_fetched(item.url, fetched.content, item.depth)
        if listed is not None:
            extra.extend(listed)
            return
        ctype = (fetched.content_type or "").split(";")[0].strip().lower()
        if ctype and not (ctype.startswith("text/") or ctype in PAGE_TYPES):
            # A PDF, an image, a video: not a page; said so here rather than by a parser.
            self._error(item.url, "fetch", f"not a web page (Content-Type {ctype})", kind="url", origin=item.origin)
            return
        job = self._job(item.url, "url", item.origin, fetched.content, fetched.final_url, fetched.content_type)
        if job is not None:
            ready.append(job)

    def _write(self, job: _Job, ok: bool, payload: tuple[Any, ...]) -> None:
        if ok:
            article, record, fp = payload
            stored = self.writer.store(
                key=job.key, content_hash=job.content_hash, kind=job.kind, origin=job.origin,
                article=article, record=record, fp=fp,
            )
            self.summary.stored += 1
            self.summary.statements += stored.statements
            if stored.duplicate_of is not None:
                self.summary.duplicates += 1
            self.writer.tick()  # after counting: the run's counters are committed with the rows
        else:
            stage, reason = payload
            self._error(job.key, stage, reason, kind=job.kind, origin=job.origin, content_hash=job.content_hash)

    def _report(self, force: bool = False) -> None:
        now = time.monotonic()
        if self.progress is not None and (force or now - self._last_progress >= 0.1):
            self._last_progress = now
            self.progress(self.summary)

    def _run_pool(self, items: Iterator[Any]) -> None:
        from onrecord.corpus.pool import WorkerPool

        o = self.options
        size = o.workers or os.cpu_count() or 1
        settings = WorkerSettings(
            reader=o.reader, fast=o.fast, kind=o.kind, memory_limit=o.memory_limit_mb * 1048576, time_limit=o.time_limit
        )
        window = size * 4 + 8
        ready: deque[_Job] = deque()
        extra: deque[Any] = deque()
        fetching: dict[Future[Any], Any] = {}
        seen: set[str] = set()
        inflight: dict[int, _Job] = {}
        next_id = 0
        stream_done = False
        pool = WorkerPool(size, settings, max_tasks=o.max_tasks_per_worker)
        pool.start()
        try:
            while True:
                # Keep a bounded window of documents between the sources and the workers.
                while len(ready) + len(fetching) < window:
                    if extra:
                        item = extra.popleft()
                    elif not stream_done:
                        item = next(items, None)
                        if item is None:
                            stream_done = True
                            continue
                    else:
                        break
                    self._take(item, ready, fetching, seen)
                for future in [f for f in fetching if f.done()]:
                    self._fetched(future, fetching.pop(future), ready, extra)
                while pool.idle and ready:
                    job = ready.popleft()
                    inflight[next_id] = job
                    pool.submit(next_id, job.payload)
                    next_id += 1
                if pool.busy or (ready and not pool.idle):  # results, or workers still starting
                    for outcome in pool.poll(0.05 if fetching else 0.5):
                        job = inflight.pop(outcome.task_id)
                        if not outcome.ok and outcome.payload[0] == "crash" and not job.retried:
                            # A worker can die for reasons outside its document (the kernel's
                            # OOM killer picking it, a neighbour's signal): one more try.
                            job.retried = True
                            ready.appendleft(job)
                            continue
                        self._write(job, outcome.ok, outcome.payload)
                elif fetching:
                    wait(list(fetching), timeout=0.5, return_when=FIRST_COMPLETED)
                elif stream_done and not ready and not extra:
                    break
                self.writer.tick()
                self._report()
        finally:
            self.summary.respawns = pool.respawns
            pool.close()
            self._report(force=True)

    def _run_inline(self, items: Iterator[Any]) -> None:
        """Everything in this process, one document after another: the single-process baseline."""
        from onrecord.corpus.worker import load_reader, process

        o = self.options
        settings = WorkerSettings(reader=o.reader, fast=o.fast, kind=o.kind)
        reader = load_reader(o.reader)
        ready: deque[_Job] = deque()
        extra: deque[Any] = deque()
        fetching: dict[Future[Any], Any] = {}
        seen: set[str] = set()
        for item in self._items(items, extra):
            self._take(item, ready, fetching, seen)
            while fetching:
                future = next(iter(fetching))
                self._fetched(future, fetching.pop(future), ready, extra)
            while ready:
                job = ready.popleft()
                # Only reading the document is guarded: a failure to store it (a full disk) is
                # the store's, not this document's, and stops the run as it does with workers.
                try:
                    ok, outcome = True, process(job.payload, reader, settings)[1:]
                except OnrecordError as exc:
                    ok, outcome = False, (exc.stage, exc.reason)
                except Exception as exc:
                    ok, outcome = False, ("read", f"{type(exc).__name__}: {exc}")
                self._write(job, ok, outcome)
                self._report()
        self._report(force=True)


def command_line(sources: Iterable[str]) -> str:
    return json.dumps([str(s) for s in sources], ensure_ascii=False)

