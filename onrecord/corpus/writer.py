"""Writing documents into the store: one writer (the ingesting process), batched transactions.

Everything about one document (its source row, article, statements, registry links, FTS rows,
LSH bands) goes into the same transaction, so a process killed at any moment leaves each
document either fully stored or absent, and a rerun fills in exactly the absent ones.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlsplit

from onrecord.corpus.dedupe import Fingerprint, find_original, store_bands
from onrecord.corpus.names import split_name
from onrecord.corpus.registry import Context, Registry, name_like
from onrecord.model import Article, Statement


def site_of(url: str | None) -> str | None:
    if not url or not url.startswith(("http://", "https://")):
        return None
    try:
        host = urlsplit(url).hostname
    except ValueError:
        return None
    if not host:
        return None
    return host.removeprefix("www.")


@dataclass
class Stored:
    article_id: int
    statements: int
    duplicate_of: int | None


class Writer:
    """Stores documents and errors; commits every ``batch`` documents or ``interval`` seconds.

    ``store`` and ``record_error`` only add to the open transaction; the caller calls ``tick``
    after each (once its own counters are up to date) and ``commit`` at the end.
    """

    def __init__(self, conn: sqlite3.Connection, run_id: int, *, batch: int = 64, interval: float = 2.0) -> None:
        self.conn = conn
        self.run_id = run_id
        self.batch = batch
        self.interval = interval
        self.registry = Registry(conn)
        self._pending = 0
        self._opened = 0.0
        # Called inside each transaction just before COMMIT (the run's counters ride along).
        self.before_commit: Callable[[], None] | None = None

    # -- transactions -------------------------------------------------------------------------

    def _begin(self) -> None:
        if not self.conn.in_transaction:
            self.conn.execute("BEGIN IMMEDIATE")
            self._opened = time.monotonic()

    def tick(self) -> None:
        """Commit when the batch is full or old enough (called after each document and idly)."""
        if self.conn.in_transaction and (
            self._pending >= self.batch or time.monotonic() - self._opened >= self.interval
        ):
            self.commit()

    @contextmanager
    def _document(self) -> Iterator[None]:
        """One document's writes, all or nothing inside the batch's transaction.

        Whatever stops a document half-way (a full disk failing one INSERT, Ctrl-C between two)
        takes back what it wrote, so the batch that is committed afterwards holds whole
        documents only: a rerun would skip a half-stored one as done.
        """
        self._begin()
        self.conn.execute("SAVEPOINT document")
        try:
            yield
        except BaseException:
            try:
                self.conn.execute("ROLLBACK TO document")
                self.conn.execute("RELEASE document")
            except sqlite3.Error:
                pass  # SQLite rolled the whole transaction back itself (SQLITE_FULL can)
            raise
        self.conn.execute("RELEASE document")
        # No commit here: the caller commits (tick) once it has counted this document in the
        # run's counters, which ride along in the same transaction (before_commit). Committing
        # here would save the counters one document behind, and a kill before the next commit
        # would leave the runs table disagreeing with the rows.
        self._pending += 1

    def commit(self) -> None:
        if self.conn.in_transaction:
            if self.before_commit is not None:
                self.before_commit()
            self.conn.execute("COMMIT")
        self._pending = 0

    # -- what is done already -------------------------------------------------------------------

    def is_done(self, key: str, content_hash: str, *, retry_errors: bool = False) -> bool:
        row = self.conn.execute(
            "SELECT status FROM sources WHERE key = ? AND content_hash = ?", (key, content_hash)
        ).fetchone()
        if row is None:
            return False
        return row[0] == "ok" or not retry_errors

    def stored_key(self, key: str) -> bool:
        """Whether any version of ``key`` is stored (used to skip re-fetching URLs)."""
        return (
            self.conn.execute("SELECT 1 FROM sources WHERE key = ? AND status = 'ok' LIMIT 1", (key,)).fetchone()
            is not None
        )

    # -- writing -------------------------------------------------------------------------------

    def _source(self, key: str, content_hash: str, kind: str, origin: str | None, status: str) -> int:
        row = self.conn.execute(
            "INSERT INTO sources (key, content_hash, kind, origin, status, run_id, seen)"
            " VALUES (?, ?, ?, ?, ?, ?, datetime('now'))"
            " ON CONFLICT(key, content_hash) DO UPDATE SET status = excluded.status, run_id = excluded.run_id,"
            " seen = excluded.seen RETURNING id",
            (key, content_hash, kind, origin, status, self.run_id),
        ).fetchone()
        return int(row[0])

    def store(
        self,
        *,
        key: str,
        content_hash: str,
        kind: str,
        origin: str | None,
        article: Article,
        record: str,
        fp: Fingerprint,
    ) -> Stored:
        with self._document():
            return self._store(key, content_hash, kind, origin, article, record, fp)

    def _store(
        self, key: str, content_hash: str, kind: str, origin: str | None, article: Article, record: str, fp: Fingerprint
    ) -> Stored:
        source_id = self._source(key, content_hash, kind, origin, "ok")
        existing = self.conn.execute(
            "SELECT id, duplicate_of FROM articles WHERE source_id = ?", (source_id,)
        ).fetchone()
        if existing is not None:  # stored by an earlier run: nothing to add
            count = self.conn.execute("SELECT count(*) FROM statements WHERE article_id = ?", (existing[0],)).fetchone()[0]
            return Stored(int(existing[0]), int(count), existing[1])
        url = article.url or (key if kind != "file" else None)
        cur = self.conn.execute(
            "INSERT INTO articles (source_id, url, site, site_name, title, authors, published, language,"
            " words, text_hash, shingles, signature, record, run_id, added)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, datetime('now'))",
            (
                source_id,
                url,
                site_of(url),
                article.site_name,
                article.title,
                json.dumps(article.authors, ensure_ascii=False),
                article.published,
                article.language,
                len(article.text.split()),
                fp.text_hash,
                fp.shingles,
                fp.signature,
                record,
                self.run_id,
            ),
        )
        article_id = int(cur.lastrowid or 0)
        original = find_original(self.conn, fp, article_id)
        if original is not None:
            self.conn.execute(
                "UPDATE articles SET duplicate_of = ?, similarity = ? WHERE id = ?",
                (original[0], round(original[1], 3), article_id),
            )
        store_bands(self.conn, fp, article_id)
        self.conn.execute(
            "INSERT INTO articles_fts (rowid, title, text) VALUES (?, ?, ?)",
            (article_id, article.title or "", article.text),
        )
        people = self._people(article, article_id, site_of(url), article.published)
        for position, st in enumerate(article.statements):
            sp = st.speaker
            person_id = people.get(sp.id) if sp is not None and sp.id else None
            speaker_name = (sp.name or sp.mention) if sp is not None else None
            cur = self.conn.execute(
                'INSERT INTO statements (article_id, position, kind, text, start, "end", "where", speaker_name,'
                " speaker_mention, speaker_type, person_id, cue, venue, said)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    article_id,
                    position,
                    st.kind,
                    st.text,
                    st.start,
                    st.end,
                    st.where,
                    speaker_name,
                    sp.mention if sp is not None else None,
                    sp.type if sp is not None else None,
                    person_id,
                    st.cue.lemma if st.cue else None,
                    st.venue,
                    _said(st, article.text),
                ),
            )
            self.conn.execute(
                "INSERT INTO statements_fts (rowid, text, speaker_name) VALUES (?, ?, ?)",
                (cur.lastrowid, st.text, speaker_name or ""),
            )
        if original is None:
            self._count(article, people)
        # A document stored now is no longer an outstanding problem, whatever failed before.
        self.conn.execute("DELETE FROM errors WHERE source = ?", (key,))
        return Stored(article_id, len(article.statements), original[0] if original else None)

    def _count(self, article: Article, people: dict[str, int]) -> None:
        """Add this article's statements to its speakers' counts (copies are never counted)."""
        said: dict[int, int] = {}
        for st in article.statements:
            pid = people.get(st.speaker.id) if st.speaker is not None and st.speaker.id else None
            if pid is not None:
                said[pid] = said.get(pid, 0) + 1
        if said:
            self.conn.executemany(
                "UPDATE people SET statements = statements + ?, articles = articles + 1 WHERE id = ?",
                [(n, pid) for pid, n in said.items()],
            )

    def _people(self, article: Article, article_id: int, site: str | None, date: str | None) -> dict[str, int]:
        """Tie each Person of the article to the registry; returns local id → registry id."""
        context = Context(article_id=article_id, site=site, date=(date or "")[:10] or None, people=set())
        # Full names first: they anchor the context that surname-only mentions are judged by.
        ordered = sorted(
            article.people,
            key=lambda p: (p.type != "person", split_name(p.name).first is None if p.type == "person" else False),
        )
        mapping: dict[str, int] = {}
        for person in ordered:
            if not person.name or not person.name.strip():
                continue
            if person.type == "person" and not name_like(person.name):
                # "the premier", "a spokesperson": a description, not an identity to carry across
                # articles. Its statements keep the words as speaker_name.
                continue
            pid = self.registry.resolve(person, context)
            mapping[person.id] = pid
            context.people.add(pid)
            self.conn.execute(
                "INSERT OR REPLACE INTO mentions (article_id, local_id, person_id, name, role) VALUES (?, ?, ?, ?, ?)",
                (article_id, person.id, pid, person.name, person.role),
            )
        return mapping

    def record_error(
        self, *, key: str, content_hash: str, kind: str, origin: str | None, stage: str, reason: str
    ) -> None:
        with self._document():
            if content_hash:
                self._source(key, content_hash, kind, origin, "error")
            self.conn.execute(
                "INSERT INTO errors (source, content_hash, origin, stage, reason, run_id, at)"
                " VALUES (?, ?, ?, ?, ?, ?, datetime('now'))"
                " ON CONFLICT(source, content_hash) DO UPDATE SET stage = excluded.stage, reason = excluded.reason,"
                " origin = excluded.origin, run_id = excluded.run_id, at = excluded.at, attempts = attempts + 1",
                (key, content_hash, origin, stage, reason[:2000], self.run_id),
            )


def _said(st: Statement, body: str) -> str | None:
    """The reader's form of a split quote, stored only when it differs from the verbatim text."""
    shown = st.said(body)
    return shown if shown != st.text else None

