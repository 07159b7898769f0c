"""The three tables a scale run writes: articles, statements and errors.

An article row carries the full Article JSON (``record``) beside a few flat columns, so a
consumer that wants the exact record the local pipeline makes (``onrecord read``, the corpus
store) rebuilds it with ``Article.from_json(row["record"])``; the flat columns are there for
SQL. Statements are flattened one row each, keyed by the article's id. Errors say which
source, which record, which stage failed and why.

The schemas are fixed, so a part file whose rows happen to have only nulls in a column still
gets that column's real type, and every part of a table can be read as one dataset.
"""

from __future__ import annotations

import hashlib
import io
import json
from collections.abc import Iterable, Iterator
from typing import IO, Any

from onrecord.model import Article

TABLES = ("articles", "statements", "errors")
FORMATS = ("parquet", "jsonl")

# Column names and types, in order; the Arrow schemas are built from these.
_COLUMNS: dict[str, list[tuple[str, str]]] = {
    "articles": [
        ("article_id", "string"), ("source", "string"), ("offset", "int64"), ("record_id", "string"),
        ("target_uri", "string"), ("url", "string"), ("content_hash", "string"), ("site", "string"),
        ("site_name", "string"), ("title", "string"), ("authors", "list<string>"), ("published", "string"),
        ("language", "string"), ("words", "int64"), ("statements", "int64"), ("record", "string"),
    ],
    "statements": [
        ("article_id", "string"), ("position", "int64"), ("url", "string"), ("kind", "string"),
        ("text", "string"), ("start", "int64"), ("end", "int64"), ("where", "string"),
        ("continuation", "bool"), ("speaker_name", "string"), ("speaker_mention", "string"),
        ("speaker_type", "string"), ("speaker_id", "string"), ("cue", "string"),
        ("cue_text", "string"), ("venue", "string"),
    ],
    "errors": [
        ("source", "string"), ("offset", "int64"), ("record_id", "string"), ("target_uri", "string"),
        ("content_hash", "string"), ("stage", "string"), ("reason", "string"),
    ],
}


def columns(table: str) -> list[str]:
    return [name for name, _ in _COLUMNS[table]]


def arrow_schema(table: str) -> Any:
    import pyarrow as pa

    types = {"string": pa.string(), "int64": pa.int64(), "bool": pa.bool_(), "list<string>": pa.list_(pa.string())}
    return pa.schema([(name, types[kind]) for name, kind in _COLUMNS[table]])


def article_id(source: str, offset: int) -> str:
    """A stable id for the document at ``offset`` of ``source``: the same on every rerun."""
    return hashlib.sha256(f"{source}#{offset}".encode()).hexdigest()[:24]


def article_fields(article: Article) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The flat article columns (without ids) and the statement rows (without article_id)."""
    from onrecord.corpus.writer import site_of

    fields = {
        "url": article.url,
        "site": site_of(article.url),
        "site_name": article.site_name,
        "title": article.title,
        "authors": list(article.authors),
        "published": article.published,
        "language": article.language,
        "words": len(article.text.split()),
        "statements": len(article.statements),
        "record": article.to_json(),
    }
    statements = []
    for position, st in enumerate(article.statements):
        sp = st.speaker
        statements.append({
            "position": position,
            "url": article.url,
            "kind": st.kind,
            "text": st.text,
            "start": st.start,
            "end": st.end,
            "where": st.where,
            "continuation": st.continuation,
            # As the corpus store names a speaker: the resolved name, else the words used.
            "speaker_name": (sp.name or sp.mention) if sp is not None else None,
            "speaker_mention": sp.mention if sp is not None else None,
            "speaker_type": sp.type if sp is not None else None,
            "speaker_id": sp.id if sp is not None else None,
            "cue": st.cue.lemma if st.cue else None,
            "cue_text": st.cue.text if st.cue else None,
            "venue": st.venue,
        })
    return fields, statements


def error_row(source: str, stage: str, reason: str, *, offset: int | None = None, record_id: str | None = None,
              target_uri: str | None = None, content_hash: str | None = None) -> dict[str, Any]:
    return {"source": source, "offset": offset, "record_id": record_id, "target_uri": target_uri,
            "content_hash": content_hash, "stage": stage, "reason": reason[:2000]}


# -- encoding and decoding part files -------------------------------------------------------------


def encode(table: str, rows: list[dict[str, Any]], fmt: str) -> bytes:
    """The bytes of one part file of ``table`` holding ``rows`` (possibly none)."""
    if fmt == "jsonl":
        names = columns(table)
        return "".join(json.dumps({k: row.get(k) for k in names}, ensure_ascii=False) + "\n" for row in rows).encode()
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = arrow_schema(table)
    data = pa.Table.from_pylist([{k: row.get(k) for k in schema.names} for row in rows], schema=schema)
    sink = io.BytesIO()
    pq.write_table(data, sink, compression="zstd")
    return sink.getvalue()


def decode(data: bytes, fmt: str) -> Iterator[dict[str, Any]]:
    """The rows of one part file, in order."""
    if fmt == "jsonl":
        for line in data.decode("utf-8").splitlines():
            if line.strip():
                yield json.loads(line)
        return
    import pyarrow.parquet as pq

    parquet = pq.ParquetFile(io.BytesIO(data))
    for batch in parquet.iter_batches(batch_size=2000):
        yield from batch.to_pylist()


def concat_into(table: str, parts: Iterable[bytes], fmt: str, out: IO[bytes]) -> int:
    """Several part files of one table written to ``out`` as one file; returns the row count.

    Parts are copied one at a time (as Arrow row groups, or as lines), so a shard's final file
    takes the memory of its largest part, not of the whole shard.
    """
    if fmt == "jsonl":
        count = 0
        for part in parts:
            out.write(part)
            count += part.count(b"\n")
        return count
    import pyarrow.parquet as pq

    count = 0
    with pq.ParquetWriter(out, arrow_schema(table), compression="zstd") as writer:
        for part in parts:
            data = pq.read_table(io.BytesIO(part), schema=arrow_schema(table))
            if data.num_rows:
                writer.write_table(data)
                count += data.num_rows
    return count
