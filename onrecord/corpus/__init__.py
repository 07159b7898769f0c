"""The corpus: many pages read into one SQLite store, searchable by what was said and by whom.

    from onrecord import Corpus

    corpus = Corpus("news.db")
    corpus.ingest(["pages/", "https://example.com/sitemap.xml", "crawl.warc.gz"])
    for hit in corpus.search("housing", speaker="Ana Ruiz", since="2024-01-01"):
        print(hit.speaker, hit.text)
    corpus.speakers(limit=10)
    corpus.show(42).article          # the Article exactly as read
    corpus.export("statements", "parquet", "statements.parquet")

Every ``onrecord`` corpus command is a thin shell over one of these methods. ``readonly=True``
opens the file with a read-only URI (for the web explorer): writes are impossible, not just
avoided.
"""

from __future__ import annotations

import dataclasses
import os
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from onrecord.corpus import query as _query
from onrecord.corpus.ingest import IngestOptions, IngestSummary, ProgressHook
from onrecord.corpus.query import (
    ArticleRow,
    ArticleView,
    ErrorRow,
    QueryError,
    RunRow,
    SpeakerRow,
    StatementHit,
)
from onrecord.corpus.store import StoreError, connect, translate

__all__ = [
    "ArticleRow",
    "ArticleView",
    "Corpus",
    "ErrorRow",
    "IngestOptions",
    "IngestSummary",
    "QueryError",
    "RunRow",
    "SpeakerRow",
    "StatementHit",
    "StoreError",
]

DEFAULT_DB = "onrecord.db"


class Corpus:
    def __init__(self, path: str | os.PathLike[str] = DEFAULT_DB, *, readonly: bool = False) -> None:
        self.path = Path(path)
        self.readonly = readonly
        self._conn: sqlite3.Connection | None = connect(self.path, readonly=readonly)

    @property
    def conn(self) -> sqlite3.Connection:
        if self._conn is None:
            raise StoreError(f"the corpus {self.path} is closed")
        return self._conn

    def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def __enter__(self) -> Corpus:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _guard(self, func: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return func(self.conn, *args, **kwargs)
        except sqlite3.Error as exc:
            raise translate(exc, self.path) from exc

    # -- writing ---------------------------------------------------------------------------------

    def ingest(
        self,
        sources: Iterable[str],
        options: IngestOptions | None = None,
        *,
        progress: ProgressHook | None = None,
        **settings: Any,
    ) -> IngestSummary:
        """Read every document of ``sources`` into the store; see IngestOptions for ``settings``.

        Documents already stored (same key and content hash) are skipped, so running the same
        ingest again, after a crash or a kill, finishes what is missing and duplicates nothing.
        """
        from onrecord.corpus.ingest import Ingest, command_line

        if self.readonly:
            raise StoreError(f"{self.path} is open read-only")
        sources = list(sources)
        opts = dataclasses.replace(options) if options else IngestOptions()  # the caller's stays as it was
        for name, value in settings.items():
            if not hasattr(opts, name):
                raise TypeError(f"unknown ingest setting {name!r}")
            setattr(opts, name, value)
        conn = self.conn
        try:
            self._close_stale_runs()
            cur = conn.execute(
                "INSERT INTO runs (started, command, status) VALUES (datetime('now'), ?, 'running')",
                (command_line(sources),),
            )
            run = Ingest(conn, int(cur.lastrowid or 0), opts, progress)
            status = "interrupted"
            try:
                summary = run.run(sources)
                status = "done"
            finally:
                if not conn.in_transaction:
                    conn.execute("BEGIN IMMEDIATE")
                run.save_run(status)
                conn.execute("COMMIT")
        except sqlite3.Error as exc:
            raise translate(exc, self.path) from exc
        return summary

    def import_parquet(self, directory: str, *, progress: ProgressHook | None = None) -> IngestSummary:
        """Load the tables written by ``onrecord scale run`` (a folder or an fsspec URL) into the
        store, through the same writer as ``ingest``: registry, full-text index and copies stay
        consistent, and documents already stored are skipped. See ``corpus/parquet_import.py``."""
        from onrecord.corpus.parquet_import import import_directory

        if self.readonly:
            raise StoreError(f"{self.path} is open read-only")
        try:
            return import_directory(self.conn, directory, progress=progress)
        except sqlite3.Error as exc:
            raise translate(exc, self.path) from exc

    def _close_stale_runs(self) -> None:
        # A run still marked running was killed (or is running now in another process: its
        # rows keep coming either way). Mark those whose last write is over an hour old.
        self.conn.execute(
            "UPDATE runs SET status = 'interrupted' WHERE status = 'running'"
            " AND id NOT IN (SELECT DISTINCT run_id FROM sources WHERE seen > datetime('now', '-1 hour') AND run_id IS NOT NULL)"
            " AND started < datetime('now', '-1 hour')"
        )

    # -- reading ---------------------------------------------------------------------------------

    def search(
        self,
        query: str | None = None,
        *,
        speaker: str | None = None,
        site: str | None = None,
        since: str | None = None,
        until: str | None = None,
        kind: str | None = None,
        include_duplicates: bool = False,
        limit: int = 20,
        offset: int = 0,
    ) -> list[StatementHit]:
        """Statements matching words of ``query`` (all of them; "a phrase", prefix*, OR).

        Best first; newest first instead when a speaker is given (their statements with the
        words) or when the words are in more than 10,000 statements (too common to rank).
        """
        return self._guard(
            _query.search, query, speaker=speaker, site=site, since=since, until=until, kind=kind,
            include_duplicates=include_duplicates, limit=limit, offset=offset,
        )  # type: ignore[no-any-return]

    def articles(
        self,
        query: str | None = None,
        *,
        site: str | None = None,
        since: str | None = None,
        until: str | None = None,
        include_duplicates: bool = False,
        limit: int = 20,
        offset: int = 0,
    ) -> list[ArticleRow]:
        """Articles whose title or text has the words of ``query``, best first; else newest first."""
        return self._guard(
            _query.articles, query, site=site, since=since, until=until,
            include_duplicates=include_duplicates, limit=limit, offset=offset,
        )  # type: ignore[no-any-return]

    def speakers(
        self, *, limit: int = 20, offset: int = 0, include_duplicates: bool = False, type: str | None = None
    ) -> list[SpeakerRow]:
        """The registry's people by number of statements (copies of syndicated articles not counted)."""
        return self._guard(_query.speakers, limit=limit, offset=offset, include_duplicates=include_duplicates, type=type)  # type: ignore[no-any-return]

    def show(self, article_id: int) -> ArticleView:
        """One stored article, rebuilt exactly as it was read, with its registry links."""
        return self._guard(_query.show, int(article_id))  # type: ignore[no-any-return]

    def runs(self, *, limit: int = 20, offset: int = 0) -> list[RunRow]:
        return self._guard(_query.runs, limit=limit, offset=offset)  # type: ignore[no-any-return]

    def errors(
        self, *, run_id: int | None = None, stage: str | None = None, limit: int = 50, offset: int = 0
    ) -> list[ErrorRow]:
        """Documents that could not be stored, with the stage that failed and why."""
        return self._guard(_query.errors, run_id=run_id, stage=stage, limit=limit, offset=offset)  # type: ignore[no-any-return]

    def stats(self) -> dict[str, int]:
        return self._guard(_query.stats)  # type: ignore[no-any-return]

    def export(
        self, what: str, fmt: str = "jsonl", out: IO[str] | str | None = None, *, include_duplicates: bool = False
    ) -> int:
        """Write statements, articles or people as jsonl, csv or parquet; returns the row count."""
        import sys

        from onrecord.corpus.export import export

        target = out if out is not None else sys.stdout
        return self._guard(export, what, fmt, target, include_duplicates=include_duplicates)  # type: ignore[no-any-return]

    # -- one speaker's record (used by the explorer) ---------------------------------------------

    def speaker(self, person_id: int) -> SpeakerRow:
        """One registry entry: name, type, counts, aliases and roles. QueryError when unknown."""
        return self._guard(_query.speaker, int(person_id))  # type: ignore[no-any-return]

    def ranked_speakers(self, *, limit: int = 20, offset: int = 0) -> list[SpeakerRow]:
        """``speakers()`` without a type filter, counted from the person index: fast on large stores."""
        return self._guard(_query.ranked_speakers, limit=limit, offset=offset)  # type: ignore[no-any-return]

    def speaker_statements(self, person_id: int, *, limit: int = 20, offset: int = 0) -> list[StatementHit]:
        """A registry entry's statements, newest article first (copies of syndicated articles left out)."""
        return self._guard(_query.speaker_statements, int(person_id), limit=limit, offset=offset)  # type: ignore[no-any-return]

    def speaker_weeks(self, person_id: int) -> list[tuple[str, int]]:
        """Statements per week as (Monday's ISO date, count), oldest first, empty weeks included."""
        return self._guard(_query.speaker_weeks, int(person_id))  # type: ignore[no-any-return]

    def co_speakers(self, person_id: int, *, limit: int = 20) -> list[_query.CoSpeaker]:
        """People named in the same articles as ``person_id``, by number of shared articles."""
        return self._guard(_query.co_speakers, int(person_id), limit=limit)  # type: ignore[no-any-return]

    def __repr__(self) -> str:
        return f"Corpus({str(self.path)!r}{', readonly=True' if self.readonly else ''})"
