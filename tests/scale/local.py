"""The local pipeline's records for a WARC: what `onrecord ingest` makes of each page."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from onrecord.corpus.worker import DEFAULT_READER, WorkerSettings, load_reader, process
from onrecord.sources.warc import WarcPage, read_warc


def local_records(path: Path) -> dict[int, dict[str, Any]]:
    """offset → Article dict, read one page at a time by the corpus worker's own code."""
    reader = load_reader(DEFAULT_READER)
    out: dict[int, dict[str, Any]] = {}
    for item in read_warc(path):
        if isinstance(item, WarcPage):
            job = {"content": item.content, "url": item.url, "content_type": item.content_type}
            _ok, article, _record, _fp = process(job, reader, WorkerSettings())
            out[item.offset] = article.to_dict()
    return out
