from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from onrecord.scale.child import ChildReader, ChildSettings

HOOKED = "tests.scale.readers:hooked_read_many"


@pytest.fixture(scope="module")
def hooked_reader() -> Iterator[ChildReader]:
    """One reading process for a whole test module (it loads the language model once)."""
    reader = ChildReader(ChildSettings(reader=HOOKED, time_limit=20.0))
    yield reader
    reader.close()


def read_table(folder: Path, table: str) -> list[dict[str, Any]]:
    """Every row of one output table (Parquet or JSONL), in source and offset order."""
    from onrecord.scale.tables import decode

    rows: list[dict[str, Any]] = []
    for path in sorted((folder / table).glob("*")):
        if path.suffix in (".parquet", ".jsonl"):
            rows.extend(decode(path.read_bytes(), path.suffix[1:]))
    if table == "statements":
        rows.sort(key=lambda r: (r["article_id"], r["position"]))
    else:
        rows.sort(key=lambda r: (r["source"], r["offset"] if r["offset"] is not None else -1, r["stage"] if table == "errors" else ""))
    return rows
