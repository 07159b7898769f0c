"""Opening the SQLite store: read-write (WAL, migrated) or read-only, with readable errors.

A file that is not a database, a store another process holds locked, or a folder given as the
path all become a StoreError with a sentence a person can act on, never a traceback.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path
from urllib.parse import quote

from onrecord.errors import OnrecordError

# How long a writer waits for another writer's transaction before giving up.
BUSY_TIMEOUT_S = 10.0


class StoreError(OnrecordError):
    stage = "store"


def _uri(path: Path, mode: str) -> str:
    return f"file:{quote(str(path.resolve()))}?mode={mode}"


def translate(exc: sqlite3.Error, path: Path | str) -> StoreError:
    """A sqlite3 error as a StoreError that names the file and what to do."""
    message = str(exc)
    lowered = message.lower()
    if "not a database" in lowered or "malformed" in lowered or "file is encrypted" in lowered:
        return StoreError(f"{path} is not an onrecord database (SQLite says: {message})")
    if "locked" in lowered or "busy" in lowered:
        return StoreError(f"{path} is locked by another process (another ingest?); try again when it is done")
    if "unable to open" in lowered:
        return StoreError(f"cannot open {path}: {message}")
    if "readonly" in lowered or "read-only" in lowered:
        return StoreError(f"{path} is read-only: {message}")
    # Writes that fail for want of room: SQLITE_FULL, or an I/O error (a file size limit makes
    # write() fail with EFBIG, which SQLite reports as a plain I/O error). SQLite has rolled the
    # unfinished batch back; what was committed before stays, and a rerun finishes the rest.
    if "disk is full" in lowered or "disk i/o error" in lowered:
        what = "the disk is full" if "full" in lowered else "a write failed (a full disk, a file size limit or a failing device)"
        return StoreError(
            f"cannot write to {path}: {what} (SQLite says: {message}). Everything stored before"
            " is intact; free some space (or use a --db on a larger disk) and rerun the same"
            " command to finish"
        )
    return StoreError(f"{path}: {message}")


def connect(path: str | Path, *, readonly: bool = False) -> sqlite3.Connection:
    """A connection with the store's pragmas, migrated to the current schema unless read-only."""
    from onrecord.corpus.schema import migrate

    target = Path(path)
    if target.is_dir():
        raise StoreError(f"{target} is a folder, not a database file")
    if readonly and not target.exists():
        raise StoreError(f"no such database: {target}")
    try:
        conn = sqlite3.connect(
            _uri(target, "ro" if readonly else "rwc"),
            uri=True,
            timeout=BUSY_TIMEOUT_S,
            isolation_level=None,  # we open transactions ourselves, in batches
            check_same_thread=False,
        )
    except sqlite3.Error as exc:
        raise translate(exc, target) from exc
    try:
        conn.row_factory = sqlite3.Row
        # Reading the schema is the first thing that touches the file: a non-database fails here.
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        conn.execute("PRAGMA foreign_keys = ON")
        if readonly:
            conn.execute("PRAGMA query_only = ON")
            _check_schema(conn, target)
        else:
            conn.execute("PRAGMA journal_mode = WAL")
            # WAL with synchronous=NORMAL is durable across a process kill; only a power loss can
            # drop the last commits, and a rerun redoes them.
            conn.execute("PRAGMA synchronous = NORMAL")
            migrate(conn)
        # 64 MB of page cache and memory-mapped reads: searches and article look-ups jump around
        # a file much larger than SQLite's 2 MB default cache.
        conn.execute("PRAGMA cache_size = -65536")
        conn.execute("PRAGMA mmap_size = 268435456")
        conn.execute("PRAGMA temp_store = MEMORY")
    except sqlite3.Error as exc:
        conn.close()
        raise translate(exc, target) from exc
    except StoreError:
        conn.close()
        raise
    return conn


def _check_schema(conn: sqlite3.Connection, path: Path) -> None:
    from onrecord.corpus.schema import VERSION

    found = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if found == 0:
        raise StoreError(f"{path} holds no onrecord corpus yet (run `onrecord ingest` first)")
    if found > VERSION:
        raise StoreError(f"{path} is at schema version {found}; this onrecord knows up to {VERSION}")
    if found < VERSION:
        raise StoreError(f"{path} is at schema version {found}; open it read-write once to upgrade it")
