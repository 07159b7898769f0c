"""WARC files the scale tests build in a temp folder: the invented sample pages, and damage.

The pages are the bundled invented news pages (samples/pages); nothing here is real news.
"""

from __future__ import annotations

import gzip
from pathlib import Path

from tests.sources.warcs import record

SAMPLES = Path(__file__).resolve().parents[2] / "samples" / "pages"


def sample_pages() -> list[tuple[str, bytes]]:
    """(URL, HTML) for every sample page, in name order."""
    return [(f"https://news.example/{p.stem}", p.read_bytes()) for p in sorted(SAMPLES.glob("*.html"))]


def page_records(pages: list[tuple[str, bytes]]) -> list[bytes]:
    return [record(url, html) for url, html in pages]


def write_gz(path: Path, records: list[bytes]) -> Path:
    """One gzip member per record, as crawlers write .warc.gz."""
    path.write_bytes(b"".join(gzip.compress(r, compresslevel=1) for r in records))
    return path


def write_plain(path: Path, records: list[bytes]) -> Path:
    path.write_bytes(b"".join(records))
    return path


def cut_member(records: list[bytes], at: int) -> bytes:
    """A .warc.gz whose member ``at`` is cut short (half its compressed bytes are missing)."""
    members = [gzip.compress(r, compresslevel=1) for r in records]
    members[at] = members[at][: len(members[at]) // 2]
    return b"".join(members)


def corrupt_record(url: str) -> bytes:
    """A response record whose block is not an HTTP response at all (garbage in the middle)."""
    body = b"\x00\xff garbage that is no HTTP status line \x00" * 40
    head = (
        f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: {url}\r\n"
        "WARC-Record-ID: <urn:uuid:00000000-dead-beef-0000-000000000000>\r\n"
        "WARC-Date: 2024-05-01T00:00:00Z\r\nContent-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {len(body) + 5000}\r\n\r\n"
    ).encode()
    return head + body + b"\r\n\r\n"


def huge_record(url: str, megabytes: int = 100) -> bytes:
    """A response of ``megabytes`` MB: over the reader's record limit, so skipped and recorded."""
    body = b"<html><body><p>" + b"x" * (megabytes * 1024 * 1024) + b"</p></body></html>"
    return record(url, body)
