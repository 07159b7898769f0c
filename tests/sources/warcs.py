"""WARC bytes written by hand for the tests: good, truncated and lying records."""

from __future__ import annotations

import gzip


def record(uri: str, body: bytes, *, ctype: str = "text/html; charset=utf-8", status: int = 200,
           declared: int | None = None, rtype: str = "response") -> bytes:
    http = f"HTTP/1.1 {status} X\r\nContent-Type: {ctype}\r\nContent-Length: {len(body)}\r\n\r\n".encode() + body
    length = len(http) if declared is None else declared
    head = (
        f"WARC/1.0\r\nWARC-Type: {rtype}\r\nWARC-Target-URI: {uri}\r\n"
        f"WARC-Record-ID: <urn:uuid:{abs(hash(uri)) % 10**8:08d}-1111-2222-3333-444455556666>\r\n"
        f"WARC-Date: 2024-05-01T00:00:00Z\r\nContent-Type: application/http; msgtype=response\r\n"
        f"Content-Length: {length}\r\n\r\n"
    ).encode()
    return head + http + b"\r\n\r\n"


def page(i: int) -> bytes:
    return (f"<html><head><title>Story {i}</title></head><body><article><h1>Story {i}</h1>"
            + f"<p>Paragraph {i} of the harbour story, long enough to be read as a page body.</p>" * 8
            + "</article></body></html>").encode()


def plain(records: list[bytes]) -> bytes:
    return b"".join(records)


def gz(records: list[bytes]) -> bytes:
    return b"".join(gzip.compress(r) for r in records)
