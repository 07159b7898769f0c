"""A search as a file: CSV for spreadsheets, JSON for programs.

CSV cells that start like a formula (=, +, -, @, tab, carriage return) get a leading apostrophe:
a spreadsheet would otherwise run a formula planted in a quoted statement.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from dataclasses import fields
from typing import Any

from onrecord.corpus.query import StatementHit

COLUMNS = [f.name for f in fields(StatementHit)]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def csv_chunks(rows: list[StatementHit], chunk: int = 500) -> Iterator[str]:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for i, row in enumerate(rows, 1):
        data = row.to_dict()
        writer.writerow([_cell(data[name]) for name in COLUMNS])
        if i % chunk == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def json_chunks(filters: dict[str, Any], rows: list[StatementHit], truncated: bool) -> Iterator[str]:
    head = {"filters": filters, "count": len(rows), "truncated": truncated}
    yield json.dumps(head, ensure_ascii=False)[:-1] + ', "results": ['
    for i, row in enumerate(rows):
        yield ("," if i else "") + json.dumps(row.to_dict(), ensure_ascii=False)
    yield "]}\n"


def filename(filters: dict[str, Any], ext: str) -> str:
    """A safe file name that says what was searched: letters, digits and dashes only."""
    words = "-".join(str(v) for k, v in filters.items() if v and k != "duplicates")
    slug = "".join(ch if ch.isascii() and ch.isalnum() else "-" for ch in words.lower())
    slug = "-".join(part for part in slug.split("-") if part)[:60]
    return f"onrecord-search{'-' + slug if slug else ''}.{ext}"
