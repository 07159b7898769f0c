"""Loading the tables of an ``onrecord scale run`` (Parquet or JSONL) into the store.

The rows go through the store's own Writer, as documents ingested here do: the same source
keys (a WARC record is known by its target URI, else by ``<warc>#<offset>``), the same content
hashes, the speaker registry, full-text indexes and near-duplicate links. So a WARC read on a
cluster and loaded here ends up exactly as if it had been ingested here, and a document
already in the store (same key and content) is skipped, which makes loading the same folder
twice, or after a local ingest of the same WARC, harmless.

Only the articles and errors tables are read: each article row carries the whole Article
JSON, from which the statements are stored again (the statements table is for SQL engines).
This module reads the dataset's columns by name and imports nothing from ``onrecord.scale``:
the corpus sits below it.
"""

from __future__ import annotations

import io
import json
import os
import sqlite3
import time
from collections.abc import Generator
from typing import IO, Any

from onrecord.corpus.dedupe import fingerprint
from onrecord.corpus.ingest import IngestSummary, ProgressHook
from onrecord.corpus.store import StoreError
from onrecord.corpus.writer import Writer
from onrecord.model import Article

SUFFIXES = (".parquet", ".jsonl")
# Rows of this stage say a worker was replaced and its shard resumed: nothing is missing.
INFORMATIONAL_STAGES = ("worker",)


class _Folder:
    """A dataset folder, local or behind an fsspec URL."""

    def __init__(self, url: str) -> None:
        self.url = url
        if "://" in url and not url.startswith("file://"):
            from fsspec.core import url_to_fs

            self.fs, self.root = url_to_fs(url)
        else:
            self.fs, self.root = None, os.path.abspath(url.removeprefix("file://"))

    def files(self, table: str) -> list[str]:
        folder = f"{self.root}/{table}"
        if self.fs is None:
            names = sorted(os.listdir(folder)) if os.path.isdir(folder) else []
            return [f"{folder}/{n}" for n in names if n.endswith(SUFFIXES)]
        try:
            return sorted(str(p) for p in self.fs.ls(folder, detail=False) if str(p).endswith(SUFFIXES))
        except FileNotFoundError:
            return []

    def is_dataset(self) -> bool:
        exists = os.path.isdir if self.fs is None else self.fs.isdir
        return bool(exists(f"{self.root}/articles") or exists(f"{self.root}/errors"))

    def open(self, path: str) -> IO[bytes]:
        return open(path, "rb") if self.fs is None else self.fs.open(path, "rb")

    def rows(self, path: str, columns: list[str]) -> Generator[dict[str, Any], None, None]:
        """The rows of one file, streamed (a shard's file can be hundreds of MB)."""
        with self.open(path) as fh:
            if path.endswith(".jsonl"):
                for line in io.TextIOWrapper(fh, encoding="utf-8"):
                    if line.strip():
                        row = json.loads(line)
                        yield {c: row.get(c) for c in columns}
                return
            import pyarrow.parquet as pq

            parquet = pq.ParquetFile(fh)
            present = [c for c in columns if c in parquet.schema_arrow.names]
            for batch in parquet.iter_batches(batch_size=500, columns=present):
                for row in batch.to_pylist():
                    yield {c: row.get(c) for c in columns}


def _key(row: dict[str, Any]) -> str:
    if row.get("target_uri"):
        return str(row["target_uri"])
    if row.get("offset") is not None:
        return f"{row['source']}#{row['offset']}"
    return str(row["source"])


_ARTICLE_COLUMNS = ["source", "offset", "target_uri", "content_hash", "record"]
_ERROR_COLUMNS = ["source", "offset", "target_uri", "content_hash", "stage", "reason"]


class ParquetImport:
    def __init__(self, conn: sqlite3.Connection, run_id: int, progress: ProgressHook | None = None) -> None:
        self.conn = conn
        self.summary = IngestSummary(run_id)
        self.writer = Writer(conn, run_id)
        self.writer.before_commit = self.save_run
        self.progress = progress

    def save_run(self, status: str | None = None) -> None:
        s = self.summary
        self.conn.execute(
            "UPDATE runs SET documents = ?, skipped = ?, statements = ?, duplicates = ?, errors = ?,"
            " status = coalesce(?, status), finished = CASE WHEN ? IS NULL THEN finished ELSE datetime('now') END"
            " WHERE id = ?",
            (s.stored, s.skipped, s.statements, s.duplicates, s.errors, status, status, s.run_id),
        )

    def _article(self, row: dict[str, Any]) -> None:
        key, digest = _key(row), row.get("content_hash") or ""
        if self.writer.is_done(key, digest):
            self.summary.skipped += 1
            return
        article = Article.from_json(row["record"])
        stored = self.writer.store(
            key=key, content_hash=digest, kind="warc", origin=row["source"], article=article,
            record=row["record"], fp=fingerprint(article.text),
        )
        self.summary.stored += 1
        self.summary.statements += stored.statements
        if stored.duplicate_of is not None:
            self.summary.duplicates += 1

    def _error(self, row: dict[str, Any]) -> None:
        if row.get("stage") in INFORMATIONAL_STAGES:
            return
        key, digest = _key(row), row.get("content_hash") or ""
        if digest and self.writer.is_done(key, digest):
            self.summary.skipped += 1
            return
        self.writer.record_error(
            key=key, content_hash=digest, kind="warc" if digest else "file",
            origin=row["source"] if key != row["source"] else None,
            stage=row.get("stage") or "read", reason=row.get("reason") or "",
        )
        self.summary.errors += 1

    def run(self, folder: _Folder) -> IngestSummary:
        started = time.monotonic()
        try:
            # One file per shard; in the order of their WARCs' names, as a local ingest of
            # the same folder would go (the first copy of a syndicated story is the original).
            for table, columns, take in (("articles", _ARTICLE_COLUMNS, self._article),
                                         ("errors", _ERROR_COLUMNS, self._error)):
                files = []
                for path in folder.files(table):
                    rows = folder.rows(path, ["source"])
                    first = next(rows, {"source": ""})
                    rows.close()
                    files.append((str(first["source"] or ""), path))
                files.sort()
                for _source, path in files:
                    for row in folder.rows(path, columns):
                        take(row)
                        self.writer.tick()
                        if self.progress is not None:
                            self.progress(self.summary)
        finally:
            self.summary.seconds = time.monotonic() - started
            self.writer.commit()
        return self.summary


def import_directory(conn: sqlite3.Connection, directory: str, *, progress: ProgressHook | None = None) -> IngestSummary:
    """Load ``directory`` (the --output of ``onrecord scale run``) into the store behind ``conn``."""
    folder = _Folder(directory)
    if not folder.is_dataset():
        raise StoreError(f"{directory} holds no articles/ or errors/ folder of an 'onrecord scale run'")
    cur = conn.execute(
        "INSERT INTO runs (started, command, status) VALUES (datetime('now'), ?, 'running')",
        (json.dumps(["--from-parquet", directory], ensure_ascii=False),),
    )
    job = ParquetImport(conn, int(cur.lastrowid or 0), progress)
    status = "interrupted"
    try:
        summary = job.run(folder)
        status = "done"
    finally:
        if not conn.in_transaction:
            conn.execute("BEGIN IMMEDIATE")
        job.save_run(status)
        conn.execute("COMMIT")
    return summary
