"""Ingest sources (paths, folders, globs, URL lists, feeds, sitemaps, WARCs) → documents to read.

``discover`` turns what the user typed into a lazy stream of items, so a folder of a million
pages or a 50 GB WARC is walked, not loaded: a FileItem to read from disk, a PageItem whose bytes
are already here (a WARC record), a UrlItem to fetch, or a Problem to record. Remote feeds and
sitemaps are expanded later, once fetched (see ``expand_fetched``).
"""

from __future__ import annotations

import glob
import os
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from onrecord.errors import InputError, OnrecordError
from onrecord.sources.feeds import parse_feed, sniff_feed
from onrecord.sources.inputs import is_url, read_limited_gzip
from onrecord.sources.warc import WarcPage, is_warc_name, looks_like_warc, read_warc

PAGE_SUFFIXES = (".html", ".htm", ".xhtml", ".txt")
FEED_SUFFIXES = (".xml", ".rss", ".atom")
MAX_LIST_LINES = 1_000_000
MAX_FEED_DEPTH = 3  # sitemap index → sitemap → page, and one spare level


@dataclass
class FileItem:
    path: Path
    key: str
    origin: str | None = None


@dataclass
class PageItem:
    key: str
    content: bytes
    kind: str  # "warc"
    url: str | None
    content_type: str | None
    origin: str | None


@dataclass
class UrlItem:
    url: str
    origin: str | None = None
    depth: int = 0  # how many feeds/sitemaps led here


@dataclass
class Problem:
    key: str
    stage: str
    reason: str
    origin: str | None = None


Item = FileItem | PageItem | UrlItem | Problem


def gunzip(data: bytes) -> bytes:
    """Decompress a gzip page with the size cap; any damage is an InputError (stage decode)."""
    import zlib

    try:
        return read_limited_gzip(data)
    except (zlib.error, EOFError, OSError) as exc:
        raise InputError(f"broken gzip data: {exc}") from exc


def _page_name(name: str) -> bool:
    lowered = name.lower()
    lowered = lowered.removesuffix(".gz")
    return lowered.endswith(PAGE_SUFFIXES)


def _head(path: Path, size: int = 2048) -> bytes:
    with path.open("rb") as fh:
        head = fh.read(size)
    return head


def _is_url_list(path: Path, head: bytes) -> bool:
    if not path.name.lower().endswith((".txt", ".urls", ".lst", ".list")):
        return False
    lines = [ln.strip() for ln in head.decode("utf-8", "replace").splitlines()[:-1] or [head.decode("utf-8", "replace")]]
    lines = [ln for ln in lines if ln and not ln.startswith("#")]
    return bool(lines) and all(is_url(ln) and " " not in ln for ln in lines)


def _url_lines(stream: IO[str], origin: str) -> Iterator[UrlItem | Problem]:
    for n, line in enumerate(stream):
        if n >= MAX_LIST_LINES:
            yield Problem(origin, "discover", f"URL list over {MAX_LIST_LINES} lines; the rest ignored")
            return
        line = line.strip()
        if line and not line.startswith("#"):
            if is_url(line):
                yield UrlItem(line, origin)
            else:
                yield Problem(f"{origin}:{n + 1}", "discover", f"not an http(s) URL: {line[:200]!r}", origin)


def _feed_file(path: Path, key: str) -> Iterator[Item]:
    data = path.read_bytes()
    if path.name.lower().endswith(".gz"):
        data = gunzip(data)
    feed = parse_feed(data, name=str(path))
    for url in feed.urls:
        # A local sitemap index lists remote sitemaps: fetched, then expanded in turn.
        yield UrlItem(url, key, depth=1)
    if feed.truncated:
        yield Problem(key, "discover", f"{path} lists over {len(feed.urls)} URLs; the rest ignored")


def _warc_file(path: Path, key: str) -> Iterator[Item]:
    for rec in read_warc(path):
        if isinstance(rec, WarcPage):
            yield PageItem(rec.url or f"{key}#{rec.offset}", rec.content, "warc", rec.url, rec.content_type, key)
        else:
            yield Problem(f"{key}#{rec.offset}", "warc", rec.reason, key)


def _one_file(path: Path, *, explicit: bool) -> Iterator[Item]:
    key = os.path.abspath(path)  # not resolve(): a symlink is known by its own name
    name = path.name
    try:
        if is_warc_name(name):
            yield from _warc_file(path, key)
            return
        if not explicit:
            if _page_name(name):
                yield FileItem(path, key)
            return
        head = _head(path)
        if looks_like_warc(head):
            yield from _warc_file(path, key)
            return
        probe = head
        if head[:2] == b"\x1f\x8b":
            import zlib

            try:
                probe = zlib.decompressobj(wbits=31).decompress(head, 2048)
            except zlib.error:
                probe = b""
        if sniff_feed(probe) or name.lower().endswith(FEED_SUFFIXES + tuple(s + ".gz" for s in FEED_SUFFIXES)):
            yield from _feed_file(path, key)
            return
        if _is_url_list(path, head):
            with path.open("r", encoding="utf-8", errors="replace") as fh:
                yield from _url_lines(fh, key)
            return
        yield FileItem(path, key)
    except OnrecordError as exc:
        yield Problem(key, exc.stage, exc.reason)
    except PermissionError:
        yield Problem(key, "read", f"cannot read {path}: permission denied")
    except OSError as exc:
        yield Problem(key, "read", f"cannot read {path}: {exc.strerror or exc}")


def _folder(root: Path) -> Iterator[Item]:
    errors: list[OSError] = []
    for folder, dirs, files in os.walk(root, onerror=errors.append):
        dirs.sort()
        for name in sorted(files):
            if _page_name(name) or is_warc_name(name):
                yield from _one_file(Path(folder) / name, explicit=False)
        while errors:
            err = errors.pop()
            where = getattr(err, "filename", None) or str(root)
            yield Problem(os.path.abspath(where), "read", f"cannot list {where}: {err.strerror or err}")


def _path_source(source: str) -> Iterator[Item]:
    path = Path(source).expanduser()
    if path.is_dir():
        yield from _folder(path)
        return
    if path.exists():
        yield from _one_file(path, explicit=True)
        return
    if any(ch in source for ch in "*?["):
        matches = sorted(glob.glob(os.path.expanduser(source), recursive=True))
        if not matches:
            yield Problem(source, "discover", f"no file matches {source}")
        for match in matches:
            mp = Path(match)
            if mp.is_dir():
                yield from _folder(mp)
            elif _page_name(match) or is_warc_name(match):
                yield from _one_file(mp, explicit=False)
        return
    yield Problem(source, "read", f"no such file or folder: {source}")


def discover(sources: Iterable[str], *, stdin: IO[str] | None = None) -> Iterator[Item]:
    """Items for each source, in order; '-' reads sources (URLs or paths) from standard input."""
    for source in sources:
        if source == "-":
            stream = stdin if stdin is not None else sys.stdin
            for line in stream:
                line = line.strip()
                if not line or line.startswith("#") or line == "-":
                    continue
                if is_url(line):
                    yield UrlItem(line, "-")
                else:
                    yield from _path_source(line)
        elif is_url(source):
            yield UrlItem(source)
        else:
            yield from _path_source(source)


def expand_fetched(url: str, content: bytes, depth: int) -> list[Item] | None:
    """If a fetched URL is a feed or sitemap, the items it lists; None when it is a page."""
    data = content
    if data[:2] == b"\x1f\x8b":
        try:
            data = gunzip(data)
        except OnrecordError:
            return None
    if sniff_feed(data) is None:
        return None
    try:
        feed = parse_feed(data, name=url)
    except OnrecordError as exc:
        return [Problem(url, "feed", exc.reason)]
    if depth >= MAX_FEED_DEPTH:
        return [Problem(url, "feed", f"feeds and sitemaps nested deeper than {MAX_FEED_DEPTH}; not followed")]
    items: list[Item] = [UrlItem(u, url, depth + 1) for u in feed.urls]
    if feed.truncated:
        items.append(Problem(url, "feed", f"lists over {len(feed.urls)} URLs; the rest ignored"))
    return items
