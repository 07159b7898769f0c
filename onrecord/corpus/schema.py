"""The store's tables, as an ordered list of migrations keyed by ``PRAGMA user_version``.

A database at version N runs migrations N+1.. in one transaction each, so a store written by an
older onrecord opens in a newer one. Never edit a migration once released: add the next one.
"""

from __future__ import annotations

import sqlite3

# Each entry is one migration; its 1-based position is the version it brings the store to.
MIGRATIONS: list[str] = [
    # 1: the first layout.
    """
    CREATE TABLE runs (
        id            INTEGER PRIMARY KEY,
        started       TEXT NOT NULL,
        finished      TEXT,
        command       TEXT NOT NULL,          -- the sources as given, JSON list
        status        TEXT NOT NULL DEFAULT 'running',   -- running | done | interrupted
        documents     INTEGER NOT NULL DEFAULT 0,   -- documents stored by this run
        skipped       INTEGER NOT NULL DEFAULT 0,   -- already in the store
        statements    INTEGER NOT NULL DEFAULT 0,
        duplicates    INTEGER NOT NULL DEFAULT 0,
        errors        INTEGER NOT NULL DEFAULT 0
    );

    -- One row per document met: where it came from (URL, path or WARC record) and the hash of
    -- the bytes read. (key, content_hash) is what makes a rerun skip what is already done.
    CREATE TABLE sources (
        id            INTEGER PRIMARY KEY,
        key           TEXT NOT NULL,
        content_hash  TEXT NOT NULL,
        kind          TEXT NOT NULL,           -- file | url | warc
        origin        TEXT,                    -- the WARC file or feed it was found in
        status        TEXT NOT NULL,           -- ok | error
        run_id        INTEGER REFERENCES runs(id),
        seen          TEXT NOT NULL,
        UNIQUE (key, content_hash)
    );

    CREATE TABLE articles (
        id            INTEGER PRIMARY KEY,
        source_id     INTEGER NOT NULL UNIQUE REFERENCES sources(id),
        url           TEXT,
        site          TEXT,                    -- host of the URL, without www.
        site_name     TEXT,
        title         TEXT,
        authors       TEXT,                    -- JSON list
        published     TEXT,                    -- ISO date as the page layer gave it
        language      TEXT,
        words         INTEGER NOT NULL,
        text_hash     TEXT NOT NULL,
        shingles      INTEGER NOT NULL DEFAULT 0,
        signature     BLOB,                    -- MinHash signature, uint32 little-endian
        duplicate_of  INTEGER REFERENCES articles(id),
        similarity    REAL,                    -- estimated Jaccard to duplicate_of
        record        TEXT NOT NULL,           -- the full Article JSON, as read
        run_id        INTEGER REFERENCES runs(id),
        added         TEXT NOT NULL
    );
    CREATE INDEX articles_site ON articles(site);
    CREATE INDEX articles_published ON articles(published);
    CREATE INDEX articles_text_hash ON articles(text_hash);
    CREATE INDEX articles_duplicate ON articles(duplicate_of);

    -- MinHash LSH bands: one row per (article, band); a shared key makes two articles candidates.
    CREATE TABLE article_bands (
        key           INTEGER NOT NULL,
        article_id    INTEGER NOT NULL REFERENCES articles(id)
    );
    CREATE INDEX article_bands_key ON article_bands(key);

    -- The cross-article speaker registry.
    CREATE TABLE people (
        id            INTEGER PRIMARY KEY,
        name          TEXT NOT NULL,           -- canonical: the fullest name seen
        type          TEXT NOT NULL,           -- person | group | organization | state | unknown
        first_name    TEXT,                    -- lower-case, NULL when only a surname is known
        surname       TEXT,                    -- lower-case key for persons, the name for others
        gender        TEXT,
        added         TEXT NOT NULL
    );
    CREATE INDEX people_surname ON people(type, surname);

    CREATE TABLE aliases (
        person_id     INTEGER NOT NULL REFERENCES people(id),
        alias         TEXT NOT NULL,
        norm          TEXT NOT NULL,           -- casefolded, for lookups
        count         INTEGER NOT NULL DEFAULT 1,
        PRIMARY KEY (person_id, norm)
    );
    CREATE INDEX aliases_norm ON aliases(norm);

    -- Role history: every role a person was given, with when it was first and last seen.
    CREATE TABLE roles (
        person_id     INTEGER NOT NULL REFERENCES people(id),
        role          TEXT NOT NULL,
        norm          TEXT NOT NULL,
        first_seen    TEXT,
        last_seen     TEXT,
        count         INTEGER NOT NULL DEFAULT 1,
        PRIMARY KEY (person_id, norm)
    );

    -- A person of one article (Article.people) tied to the registry.
    CREATE TABLE mentions (
        article_id    INTEGER NOT NULL REFERENCES articles(id),
        local_id      TEXT NOT NULL,           -- Person.id within the article
        person_id     INTEGER NOT NULL REFERENCES people(id),
        name          TEXT NOT NULL,
        role          TEXT,
        PRIMARY KEY (article_id, local_id)
    );
    CREATE INDEX mentions_person ON mentions(person_id);

    CREATE TABLE statements (
        id            INTEGER PRIMARY KEY,
        article_id    INTEGER NOT NULL REFERENCES articles(id),
        position      INTEGER NOT NULL,        -- index in Article.statements
        kind          TEXT NOT NULL,
        text          TEXT NOT NULL,
        start         INTEGER NOT NULL,
        "end"         INTEGER NOT NULL,
        "where"       TEXT NOT NULL,
        speaker_name  TEXT,
        speaker_mention TEXT,
        speaker_type  TEXT,
        person_id     INTEGER REFERENCES people(id),
        cue           TEXT,
        venue         TEXT,
        UNIQUE (article_id, position)
    );
    CREATE INDEX statements_person ON statements(person_id);
    CREATE INDEX statements_kind ON statements(kind);

    -- Outstanding problems: one row per failed document (the latest failure), removed when the
    -- document is later stored. Counts per run are in runs.errors.
    CREATE TABLE errors (
        id            INTEGER PRIMARY KEY,
        source        TEXT NOT NULL,
        content_hash  TEXT NOT NULL DEFAULT '',
        origin        TEXT,
        stage         TEXT NOT NULL,
        reason        TEXT NOT NULL,
        run_id        INTEGER REFERENCES runs(id),
        attempts      INTEGER NOT NULL DEFAULT 1,
        at            TEXT NOT NULL,
        UNIQUE (source, content_hash)
    );

    CREATE VIRTUAL TABLE statements_fts USING fts5(
        text, speaker_name, content='statements', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2'
    );
    CREATE VIRTUAL TABLE articles_fts USING fts5(
        title, text, content='',
        tokenize='porter unicode61 remove_diacritics 2'
    );
    """,
    # 2: search speed. Prefix indexes for word* searches; speaker names indexed without case,
    # so a speaker filter is an index lookup, not a scan.
    """
    CREATE INDEX statements_speaker_name ON statements(speaker_name COLLATE NOCASE);
    DROP TABLE statements_fts;
    CREATE VIRTUAL TABLE statements_fts USING fts5(
        text, speaker_name, content='statements', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2', prefix='2 3 4'
    );
    INSERT INTO statements_fts(statements_fts) VALUES ('rebuild');
    """,
    # 3: speaker counts kept on the people rows, so "who said the most" is an index walk, not a
    # count over every statement. Counts leave out copies: an article's copy status is decided
    # when it is stored and never changes, so the writer can add as it goes.
    """
    ALTER TABLE people ADD COLUMN statements INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE people ADD COLUMN articles INTEGER NOT NULL DEFAULT 0;
    UPDATE people SET
        statements = (SELECT count(*) FROM statements s JOIN articles a ON a.id = s.article_id
                      WHERE s.person_id = people.id AND a.duplicate_of IS NULL),
        articles = (SELECT count(DISTINCT s.article_id) FROM statements s JOIN articles a ON a.id = s.article_id
                    WHERE s.person_id = people.id AND a.duplicate_of IS NULL);
    CREATE INDEX people_statements ON people(statements DESC, name);
    -- (person, article) answers "how many, in how many articles" from the index alone.
    DROP INDEX statements_person;
    CREATE INDEX statements_person ON statements(person_id, article_id);
    """,
    # A quote split around its cue, as a reader wants it: the pieces joined by an ellipsis
    # (NULL when it reads the same as the verbatim text).
    """
    ALTER TABLE statements ADD COLUMN said TEXT;
    """,
]

VERSION = len(MIGRATIONS)


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the store to VERSION; returns the version it was at. Raises on a newer store."""
    found = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if found > VERSION:
        from onrecord.corpus.store import StoreError

        raise StoreError(f"the store is at schema version {found}; this onrecord knows up to {VERSION}: upgrade onrecord")
    for version in range(found + 1, VERSION + 1):
        # executescript commits first; wrap the migration and its version bump together.
        conn.executescript(
            "BEGIN IMMEDIATE;\n" + MIGRATIONS[version - 1] + f"\nPRAGMA user_version = {version};\nCOMMIT;"
        )
    return found
