"""Exporting the store: statements, articles or people as JSONL, CSV or Parquet.

Rows are streamed from SQLite in chunks and written as they come, so exporting a large corpus
takes the memory of one chunk. Parquet goes through pyarrow with a fixed schema per table, so
a column that happens to be empty in the first chunk still gets its proper type.
"""

from __future__ import annotations

import csv
import json
import sqlite3
from collections.abc import Iterator
from typing import IO, Any

from onrecord.corpus.query import QueryError, iter_rows

WHATS = ("statements", "articles", "people")
FORMATS = ("jsonl", "csv", "parquet")
CHUNK = 2000

_STATEMENTS = (
    "SELECT s.id, s.article_id, s.kind, s.text, coalesce(p.name, s.speaker_name) AS speaker, s.person_id,"
    " s.speaker_mention, s.cue, s.venue, s.\"where\", s.start, s.\"end\", a.title, a.url, a.site, a.published"
    " FROM statements s JOIN articles a ON a.id = s.article_id LEFT JOIN people p ON p.id = s.person_id"
)
_ARTICLES = (
    "SELECT a.id, src.key AS source, a.url, a.site, a.site_name, a.title, a.authors, a.published, a.language,"
    " a.words, a.duplicate_of, a.similarity,"
    " (SELECT count(*) FROM statements s WHERE s.article_id = a.id) AS statements, a.record"
    " FROM articles a JOIN sources src ON src.id = a.source_id"
)
_PEOPLE = (
    "SELECT p.id, p.name, p.type, p.gender,"
    " (SELECT count(*) FROM statements s JOIN articles a ON a.id = s.article_id"
    "   WHERE s.person_id = p.id AND a.duplicate_of IS NULL) AS statements,"
    " (SELECT count(DISTINCT m.article_id) FROM mentions m WHERE m.person_id = p.id) AS articles"
    " FROM people p"
)


def _rows(conn: sqlite3.Connection, what: str, include_duplicates: bool) -> Iterator[dict[str, Any]]:
    if what == "statements":
        sql = _STATEMENTS + ("" if include_duplicates else " WHERE a.duplicate_of IS NULL") + " ORDER BY s.id"
        for row in iter_rows(conn, sql, size=CHUNK):
            yield dict(row)
    elif what == "articles":
        sql = _ARTICLES + ("" if include_duplicates else " WHERE a.duplicate_of IS NULL") + " ORDER BY a.id"
        for row in iter_rows(conn, sql, size=CHUNK):
            data = dict(row)
            data["authors"] = json.loads(data["authors"] or "[]")
            data["record"] = json.loads(data["record"])
            yield data
    elif what == "people":
        for row in iter_rows(conn, _PEOPLE + " ORDER BY p.id", size=CHUNK):
            data = dict(row)
            pid = data["id"]
            data["aliases"] = [a for (a,) in conn.execute("SELECT alias FROM aliases WHERE person_id = ? ORDER BY count DESC, alias", (pid,))]
            data["roles"] = [r for (r,) in conn.execute("SELECT role FROM roles WHERE person_id = ? ORDER BY first_seen, role", (pid,))]
            yield data
    else:
        raise QueryError(f"--what must be one of {', '.join(WHATS)}, not {what!r}")


def _flat(value: Any) -> Any:
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False)
    return value


def write_jsonl(rows: Iterator[dict[str, Any]], out: IO[str]) -> int:
    n = 0
    for row in rows:
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
        n += 1
    return n


def write_csv(rows: Iterator[dict[str, Any]], out: IO[str]) -> int:
    writer: csv.DictWriter[str] | None = None
    n = 0
    for row in rows:
        row.pop("record", None)  # the full JSON does not belong in a spreadsheet cell
        if writer is None:
            writer = csv.DictWriter(out, fieldnames=list(row))
            writer.writeheader()
        writer.writerow({k: _flat(v) for k, v in row.items()})
        n += 1
    return n


def _arrow_schema(what: str) -> Any:
    import pyarrow as pa

    text, i64, f64 = pa.string(), pa.int64(), pa.float64()
    if what == "statements":
        cols = [("id", i64), ("article_id", i64), ("kind", text), ("text", text), ("speaker", text),
                ("person_id", i64), ("speaker_mention", text), ("cue", text), ("venue", text), ("where", text),
                ("start", i64), ("end", i64), ("title", text), ("url", text), ("site", text), ("published", text)]
    elif what == "articles":
        cols = [("id", i64), ("source", text), ("url", text), ("site", text), ("site_name", text), ("title", text),
                ("authors", pa.list_(text)), ("published", text), ("language", text), ("words", i64),
                ("duplicate_of", i64), ("similarity", f64), ("statements", i64), ("record", text)]
    else:
        cols = [("id", i64), ("name", text), ("type", text), ("gender", text), ("statements", i64),
                ("articles", i64), ("aliases", pa.list_(text)), ("roles", pa.list_(text))]
    return pa.schema(cols)


def write_parquet(rows: Iterator[dict[str, Any]], path: str, what: str) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:  # pragma: no cover - pyarrow is a dependency
        raise QueryError("Parquet export needs pyarrow: pip install pyarrow") from exc
    schema = _arrow_schema(what)
    n = 0
    with pq.ParquetWriter(path, schema, compression="zstd") as writer:
        batch: list[dict[str, Any]] = []
        for row in rows:
            if "record" in row and not isinstance(row["record"], str):
                row["record"] = json.dumps(row["record"], ensure_ascii=False)
            batch.append(row)
            if len(batch) >= CHUNK:
                writer.write_table(pa.Table.from_pylist(batch, schema=schema))
                n += len(batch)
                batch = []
        if batch or n == 0:
            writer.write_table(pa.Table.from_pylist(batch, schema=schema))
            n += len(batch)
    return n


def export(
    conn: sqlite3.Connection,
    what: str,
    fmt: str,
    out: IO[str] | str,
    *,
    include_duplicates: bool = False,
) -> int:
    """Write ``what`` in ``fmt`` to a text stream or (Parquet: must be) a path; returns the row count."""
    if fmt not in FORMATS:
        raise QueryError(f"--format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    rows = _rows(conn, what, include_duplicates)
    if fmt == "parquet":
        if not isinstance(out, str):
            raise QueryError("Parquet is binary: give a file with --out")
        return write_parquet(rows, out, what)
    if isinstance(out, str):
        with open(out, "w", encoding="utf-8", newline="") as fh:
            return write_jsonl(rows, fh) if fmt == "jsonl" else write_csv(rows, fh)
    return write_jsonl(rows, out) if fmt == "jsonl" else write_csv(rows, out)
