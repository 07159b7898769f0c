"""One shard, start to finish: a WARC file → article, statement and error files plus a manifest.

``ShardWorker`` is the callable class Ray Data runs in its actor pool (one shard per call), and
``process_shard`` is everything it does, plain Python, so it runs and is tested without Ray too.

A shard is walked in record order; each chunk of records is read in batches (the speech layer
parses a batch's sentences in one pass), its rows written as part files, and the shard's state
moved past it. When the walk ends, the parts become the shard's final files, then the manifest
is written, then the work folder is removed. A worker that dies anywhere in that sequence
leaves a state a new attempt resumes from; the manifest is the one sign that a shard is done.
"""

from __future__ import annotations

import hashlib
import os
import resource
import time
from dataclasses import dataclass, field
from typing import Any

from onrecord.scale.child import ChildError, ChildReader, ChildSettings
from onrecord.scale.outdir import OutputDir
from onrecord.scale.shards import Shard, local_copy
from onrecord.scale.state import ShardState
from onrecord.scale.tables import TABLES, article_id, concat_into, encode, error_row


@dataclass
class ScaleSettings:
    output: str
    fmt: str = "parquet"
    chunk: int = 1000  # records per chunk: the most a dead worker costs
    batch: int = 32  # pages per call of the reader
    max_attempts: int = 4  # tries of a shard within one run before it is given up on
    scratch: str | None = None  # where remote WARCs are downloaded (default: the temp folder)
    child: ChildSettings = field(default_factory=ChildSettings)


SUMMARY_KEYS = (
    "shard", "source", "status", "attempts", "resumed_at", "records", "documents", "articles",
    "statements", "errors", "seconds", "cpu_seconds", "peak_rss_mb", "reader_peak_rss_mb", "reader_restarts",
    "pid", "reason",
)


def _part(table: str, start: int, fmt: str) -> str:
    return f"{table}-{start:010d}.{fmt}"


class _Chunk:
    def __init__(self, start: int) -> None:
        self.start = start
        self.rows: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}
        self.pages: list[Any] = []  # WarcPages waiting for the reader
        self.documents = 0


class _Run:
    """The reading of one shard by one attempt."""

    def __init__(self, shard: Shard, state: ShardState, settings: ScaleSettings, reader: ChildReader,
                 out: OutputDir) -> None:
        self.shard, self.state, self.settings, self.reader, self.out = shard, state, settings, reader, out
        self.documents = 0
        self.records = 0

    def _read_pending(self, chunk: _Chunk) -> None:
        pages, chunk.pages = chunk.pages, []
        if not pages:
            return
        outcomes = self.reader.read([(p.content, p.url, p.content_type) for p in pages])
        source = self.shard.source
        for page, outcome in zip(pages, outcomes):
            aid = article_id(source, page.offset)
            digest = hashlib.sha256(page.content).hexdigest()
            if outcome[0] == "ok":
                fields, statements = outcome[1], outcome[2]
                chunk.rows["articles"].append({
                    "article_id": aid, "source": source, "offset": page.offset, "record_id": page.record_id,
                    "target_uri": page.url, "content_hash": digest, **fields,
                })
                chunk.rows["statements"].extend({"article_id": aid, **st} for st in statements)
            else:
                chunk.rows["errors"].append(error_row(source, outcome[1], outcome[2], offset=page.offset,
                                                      record_id=page.record_id, target_uri=page.url,
                                                      content_hash=digest))
        chunk.documents += len(pages)
        self.documents += len(pages)

    def _flush(self, chunk: _Chunk, end: int) -> None:
        self._read_pending(chunk)
        fmt = self.settings.fmt
        chunk.rows["errors"].sort(key=lambda r: (r["offset"] is None, r["offset"] or 0))
        for table in TABLES:
            self.out.write_bytes(encode(table, chunk.rows[table], fmt), "_work", self.shard.id, _part(table, chunk.start, fmt))
        if chunk.start not in self.state.chunks:
            self.state.chunks.append(chunk.start)
        self.state.flushed = end
        self.state.save(self.out)

    def walk(self) -> None:
        from onrecord.sources.warc import WarcPage, read_warc

        settings = self.settings
        with local_copy(self.shard.source, settings.scratch) as path:
            size = os.path.getsize(path)
            if self.state.size and self.state.size != size and self.state.flushed:
                # The WARC is not the one the written chunks came from: they cannot be trusted.
                self.state.events.append(error_row(
                    self.shard.source, "shard",
                    f"the WARC changed since reading began ({self.state.size} → {size} bytes); read again from the start",
                ))
                self.state.flushed, self.state.chunks = 0, []
            self.state.size = size
            chunk = _Chunk(self.state.flushed)
            index = -1
            for index, item in enumerate(read_warc(path)):
                if index < self.state.flushed:
                    continue  # written by an earlier attempt
                self.records += 1
                if isinstance(item, WarcPage):
                    chunk.pages.append(item)
                    if len(chunk.pages) >= settings.batch:
                        self._read_pending(chunk)
                else:
                    chunk.rows["errors"].append(error_row(self.shard.source, "warc", item.reason, offset=item.offset,
                                                          target_uri=item.url))
                if index + 1 - chunk.start >= settings.chunk:
                    self._flush(chunk, index + 1)
                    chunk = _Chunk(index + 1)
            if index + 1 > chunk.start or not self.state.chunks:
                self._flush(chunk, max(index + 1, chunk.start))

    def finish(self) -> dict[str, int]:
        """The parts become the shard's files; then the manifest; then the work folder goes."""
        fmt, shard, out = self.settings.fmt, self.shard, self.out
        counts: dict[str, int] = {}
        starts = sorted(self.state.chunks)
        for table in TABLES:
            parts = (out.read_bytes("_work", shard.id, _part(table, s, fmt)) for s in starts)
            if table == "errors":
                parts = _chain(encode("errors", self.state.events, fmt), parts)
            with out.open_atomic(table, f"{shard.id}.{fmt}") as fh:
                counts[table] = concat_into(table, parts, fmt, fh)
        out.remove("errors", f"{shard.id}-failed.{fmt}")
        return counts


def _chain(first: bytes, rest: Any) -> Any:
    yield first
    yield from rest


def _usage() -> tuple[float, float]:
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return ru.ru_utime + ru.ru_stime, ru.ru_maxrss / 1024  # Linux reports kilobytes


def process_shard(shard: Shard, run: str, settings: ScaleSettings, reader: ChildReader) -> dict[str, Any]:
    """Read one shard into the output folder; returns its summary row (never raises)."""
    out = OutputDir(settings.output)
    started, (cpu0, _) = time.monotonic(), _usage()
    child_cpu0 = reader.cpu_seconds()
    summary: dict[str, Any] = {k: 0 for k in SUMMARY_KEYS}
    summary.update(shard=shard.id, source=shard.source, status="failed", reason="", pid=os.getpid())
    state: ShardState | None = None
    job: _Run | None = None

    def measure() -> None:
        cpu1, peak = _usage()
        summary.update(
            seconds=round(time.monotonic() - started, 3),
            cpu_seconds=round(cpu1 - cpu0 + reader.cpu_seconds() - child_cpu0, 3),
            peak_rss_mb=round(peak, 1),
            reader_peak_rss_mb=round(reader.peak_rss_mb, 1),
            reader_restarts=reader.restarts,
        )
        if job is not None:
            summary.update(records=job.records, documents=job.documents)

    try:
        done = out.read_json("_shards", f"{shard.id}.json")
        if isinstance(done, dict) and done.get("status") == "done":
            # Finished already (Ray may run a task again to rebuild a lost result): report it.
            summary.update({k: done.get(k, 0) for k in ("attempts", "articles", "statements", "errors")},
                           status="done", reason="finished earlier")
            return summary
        state = ShardState.load(out, shard.id)
        if state is not None and state.run == run:
            # This task ran before in this same run and its worker died: say so, and resume.
            state.attempt += 1
            state.events.append(error_row(
                shard.source, "worker",
                f"the worker reading this shard stopped (attempt {state.attempt - 1}); "
                f"attempt {state.attempt} resumed after record {state.flushed}",
            ))
        elif state is not None:
            state.run, state.attempt = run, 1
        else:
            state = ShardState(shard.id, shard.source, run, started=time.time())
        summary.update(attempts=state.attempt, resumed_at=state.flushed)
        state.save(out)
        if state.attempt > settings.max_attempts:
            raise _GiveUp(f"given up after {state.attempt - 1} attempts whose workers died")
        job = _Run(shard, state, settings, reader, out)
        job.walk()
        counts = job.finish()
        measure()
        manifest = {k: summary[k] for k in SUMMARY_KEYS if k not in ("pid", "reason", "status")}
        manifest.update(status="done", run=run, fmt=settings.fmt, articles=counts["articles"],
                        statements=counts["statements"], errors=counts["errors"],
                        finished=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()))
        out.write_json(manifest, "_shards", f"{shard.id}.json")  # the shard is done from here on
        out.remove("_work", shard.id)
        summary.update(status="done", articles=counts["articles"], statements=counts["statements"],
                       errors=counts["errors"])
    except Exception as exc:  # a shard that cannot be read is that shard's failure
        measure()
        stage = "read" if isinstance(exc, OSError) else "worker" if isinstance(exc, (ChildError, _GiveUp)) else "shard"
        reason = f"{exc}" if isinstance(exc, (ChildError, _GiveUp)) else f"{type(exc).__name__}: {exc}"
        summary["reason"] = reason
        events = list(state.events) if state is not None else []
        events.append(error_row(shard.source, stage, f"shard not finished: {reason}"))
        summary["errors"] = len(events)
        try:
            out.write_bytes(encode("errors", events, settings.fmt), "errors", f"{shard.id}-failed.{settings.fmt}")
        except Exception:  # the output itself is failing; the summary row says why
            pass
    return summary


class _GiveUp(Exception):
    pass


class ShardWorker:
    """The Ray Data UDF: a batch of shard rows in, a batch of summary rows out."""

    def __init__(self, settings: ScaleSettings, run: str) -> None:
        self.settings = settings
        self.run = run
        self.reader = ChildReader(settings.child)

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        rows = [
            process_shard(Shard(str(sid), str(src)), self.run, self.settings, self.reader)
            for sid, src in zip(batch["shard"], batch["source"])
        ]
        return {k: [r[k] for r in rows] for k in SUMMARY_KEYS}

    def __del__(self) -> None:
        try:
            self.reader.close()
        except Exception:  # the process is going away anyway
            pass
