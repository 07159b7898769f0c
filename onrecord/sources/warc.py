"""WARC and WARC.gz archives → their HTML response records, surviving damaged archives.

fastwarc does the parsing. What it does not do is say when an archive is damaged: a truncated
record comes out short, and a record whose Content-Length lies swallows or breaks the records
after it. So each record's payload is checked against its declared length, and after a damaged
record or a parse failure reading starts again at the next record boundary (a ``WARC/1.x`` line,
or the next gzip member in a .gz archive). Every damage becomes a WarcProblem and reading goes
on: one bad record costs that record, not the archive.
"""

from __future__ import annotations

import mmap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

HTML_TYPES = ("text/html", "application/xhtml+xml")
MAX_RECORD_BYTES = 64 * 1024 * 1024

_PLAIN_MARK = b"\r\nWARC/1."
_GZIP_MARK = b"\x1f\x8b\x08"


@dataclass
class WarcPage:
    offset: int  # where the record starts in the file
    url: str | None
    record_id: str | None
    content: bytes
    content_type: str | None


@dataclass
class WarcProblem:
    offset: int
    url: str | None
    reason: str


def is_warc_name(name: str) -> bool:
    return name.lower().endswith((".warc", ".warc.gz"))


def looks_like_warc(head: bytes) -> bool:
    """Whether the first bytes of a file (gzip or not) are a WARC record header."""
    if head.startswith(_GZIP_MARK):
        import zlib

        try:
            head = zlib.decompressobj(wbits=31).decompress(head, 16)
        except zlib.error:
            return False
    return head.startswith(b"WARC/1.")


def _next_boundary(mm: mmap.mmap, after: int, gz: bool) -> int | None:
    if gz:
        found = mm.find(_GZIP_MARK, after + 1)
        return None if found < 0 else found
    found = mm.find(_PLAIN_MARK, after)
    return None if found < 0 else found + 2


def _tail_problem(mm: mmap.mmap, last: int, gz: bool, size: int) -> tuple[int, str] | None:
    """Whether the bytes after the last record read are a clean end of file.

    fastwarc ends quietly when a record header is cut off, so the end is checked here: after
    the last record there must be nothing but blank lines (or, gzipped, the member must end).
    Returns (offset of the leftover bytes, reason) when not.
    """
    if gz:
        import zlib

        inflater = zlib.decompressobj(wbits=31)
        try:
            inflater.decompress(mm[last : min(size, last + MAX_RECORD_BYTES)], 0)
        except zlib.error as exc:
            return last, f"damaged gzip member at byte {last}: {exc}"
        if not inflater.eof:
            return last, f"the archive ends inside the record at byte {last} (truncated)"
        rest = size - len(inflater.unused_data)
        if inflater.unused_data.strip(b"\x00\r\n "):
            return rest, f"{len(inflater.unused_data)} bytes after byte {rest} could not be read as records"
        return None
    header_end = mm.find(b"\r\n\r\n", last)
    if header_end < 0:
        return last, f"the archive ends inside a record header at byte {last} (truncated)"
    length = 0
    for line in mm[last:header_end].split(b"\r\n"):
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length" and value.strip().isdigit():
            length = int(value.strip())
    end = header_end + 4 + length
    if end > size:
        return last, f"the archive ends inside the record at byte {last} (truncated)"
    leftover = mm[end:size]
    if leftover.strip(b"\r\n \t\x00"):
        return end, f"{size - end} bytes after byte {end} could not be read as records (truncated or damaged)"
    return None


def read_warc(path: str | Path) -> Iterator[WarcPage | WarcProblem]:
    """HTML response records of a WARC file, and a WarcProblem for each damaged stretch."""
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    path = Path(path)
    size = path.stat().st_size
    if size == 0:
        yield WarcProblem(0, None, "the WARC file is empty")
        return
    with path.open("rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as mm:
        gz = mm[:3] == _GZIP_MARK
        start: int | None = 0
        if not gz and not mm[:8].startswith(b"WARC/1."):
            found = _next_boundary(mm, 0, gz)
            yield WarcProblem(0, None, "the file does not start with a WARC record" + ("" if found else "; no record found"))
            if found is None:
                return
            start = found
        restarts = 0
        while start is not None and start < size:
            fh.seek(start)
            last = start
            resume_after: int | None = None
            try:
                # Every record type is walked (only responses are kept) so that ``last`` really
                # is the last record, for the end-of-file check.
                iterator = ArchiveIterator(fh, record_types=WarcRecordType.any_type, parse_http=False, fsspec_args=False)
                for record in iterator:
                    # stream_pos is the position in the file itself, even when reading began mid-file.
                    offset = int(record.stream_pos)
                    last = offset
                    if record.record_type != WarcRecordType.response:
                        continue
                    url = record.headers.get("WARC-Target-URI")
                    declared = int(record.content_length)
                    if declared > MAX_RECORD_BYTES:
                        yield WarcProblem(offset, url, f"record of {declared} bytes is over the limit; skipped")
                        continue
                    if not record.is_http:
                        continue
                    record.parse_http()
                    body = record.reader.read()
                    if not body:
                        continue  # no page in it (an empty response, or a header cut short)
                    if record.http_headers is None:
                        yield WarcProblem(offset, url, "damaged record: no HTTP response inside")
                        resume_after = offset
                        break
                    if len(body) < record.content_length:
                        yield WarcProblem(offset, url, f"truncated record: {len(body)} of {record.content_length} declared bytes")
                        resume_after = offset
                        break
                    status = getattr(record.http_headers, "status_code", 200)
                    ctype = record.http_content_type
                    if status and not 200 <= int(status) < 300:
                        continue
                    if ctype and not ctype.lower().startswith(HTML_TYPES):
                        continue
                    full_type = record.http_headers.get("Content-Type")
                    yield WarcPage(offset, url, record.headers.get("WARC-Record-ID"), body, full_type or ctype)
                else:
                    tail = _tail_problem(mm, last, gz, size)
                    if tail is None:
                        return  # read to the end without damage
                    yield WarcProblem(tail[0], None, tail[1])
                    resume_after = tail[0]
            except OSError as exc:
                yield WarcProblem(last, None, f"unreadable WARC data after byte {last}: {exc}")
                resume_after = last
            if resume_after is None:
                return
            restarts += 1
            if restarts > 10_000:
                yield WarcProblem(resume_after, None, "too much damage; gave up on the rest of the file")
                return
            nxt = _next_boundary(mm, resume_after, gz)
            if nxt is None or nxt <= resume_after:
                return
            start = nxt
