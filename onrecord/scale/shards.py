"""Inputs → shards: one shard is one WARC file, local or behind any fsspec URL.

Only names are listed here, on the driver; the bytes are read inside the tasks, so a run over
90,000 files in a bucket ships 90,000 short strings to the cluster, not the archives.
An input that matches nothing is not fatal: it becomes an error row and the rest runs.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from onrecord.sources.warc import is_warc_name

GLOB_CHARS = "*?["


@dataclass(frozen=True)
class Shard:
    id: str  # file-name safe, readable, unique per source
    source: str  # a local absolute path or a URL


@dataclass(frozen=True)
class MissingInput:
    pattern: str
    reason: str

    @property
    def id(self) -> str:
        return "input-" + hashlib.sha256(self.pattern.encode()).hexdigest()[:16]


def shard_id(source: str) -> str:
    """``<file name>-<hash of the full source>``: readable in a listing, unique across folders."""
    stem = source.rstrip("/").rsplit("/", 1)[-1]
    stem = re.sub(r"[^A-Za-z0-9._-]+", "_", stem)[:80] or "shard"
    return f"{stem}-{hashlib.sha256(source.encode()).hexdigest()[:12]}"


def _is_url(text: str) -> bool:
    return "://" in text


def expand(patterns: list[str]) -> tuple[list[Shard], list[MissingInput]]:
    """The WARC files named by ``patterns`` (paths, globs, folders, URLs), each once, sorted."""
    from fsspec.core import url_to_fs

    found: dict[str, Shard] = {}
    missing: list[MissingInput] = []
    for pattern in patterns:
        try:
            fs, path = url_to_fs(pattern if _is_url(pattern) else os.path.abspath(os.path.expanduser(pattern)))
        except (ValueError, ImportError) as exc:
            # An unknown protocol, or one whose package (s3fs, gcsfs) is not installed.
            missing.append(MissingInput(pattern, f"cannot open {pattern}: {exc}"))
            continue
        prefix = _prefix(pattern, fs)
        try:
            if any(ch in path for ch in GLOB_CHARS):
                names = [str(n) for n in fs.glob(path)]
                # As for a folder: WARC files only (a glob over a crawl folder also meets its logs).
                names = [n for f in names for n in (_folder(fs, f) if fs.isdir(f) else [f]) if is_warc_name(n)]
            elif fs.isdir(path):
                names = _folder(fs, path)
            elif fs.exists(path):
                names = [path]  # named explicitly: read even without a .warc suffix
            else:
                missing.append(MissingInput(pattern, f"no such file or folder: {pattern}"))
                continue
        except OSError as exc:
            missing.append(MissingInput(pattern, f"cannot list {pattern}: {exc}"))
            continue
        if not names:
            missing.append(MissingInput(pattern, f"no WARC file matches {pattern}"))
        for name in names:
            source = prefix + name if prefix and not name.startswith(prefix) else name
            found.setdefault(source, Shard(shard_id(source), source))
    return sorted(found.values(), key=lambda s: s.source), missing


def listed(path: str) -> list[Shard]:
    """The WARCs named one per line in ``path`` (local or a URL; gzipped or not), e.g. Common
    Crawl's warc.paths.gz with the bucket put in front. Nothing is checked here: 90,000 existence
    checks from the driver would take longer than reading; a name that is not there fails its
    own shard, which is recorded like any other."""
    import gzip

    import fsspec

    with fsspec.open(path, "rb") as fh:
        data = fh.read()
    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    names = [ln.strip() for ln in data.decode("utf-8").splitlines()]
    sources = [n if _is_url(n) else os.path.abspath(os.path.expanduser(n)) for n in names if n and not n.startswith("#")]
    return [Shard(shard_id(src), src) for src in dict.fromkeys(sources)]


def _folder(fs: object, path: str) -> list[str]:
    return sorted(str(n) for n in fs.find(path) if is_warc_name(str(n)))  # type: ignore[attr-defined]


def _prefix(pattern: str, fs: object) -> str:
    """The protocol to put back in front of listed names (fsspec lists s3 keys without it)."""
    if not _is_url(pattern) or pattern.startswith("file://"):
        return ""
    return pattern.split("://", 1)[0] + "://"


@contextmanager
def local_copy(source: str, scratch: str | None = None) -> Iterator[str]:
    """A local path for ``source``: itself when local, else a download into scratch space.

    The WARC reader maps the file into memory to find record boundaries after damage, which
    needs a real file; a Common Crawl WARC is about 1 GB, which local scratch disk holds.
    """
    if not _is_url(source) or source.startswith("file://"):
        yield source.removeprefix("file://")
        return
    import shutil
    import tempfile

    import fsspec

    fd, tmp = tempfile.mkstemp(prefix="onrecord-shard-", suffix=".warc" + (".gz" if source.endswith(".gz") else ""),
                               dir=scratch)
    try:
        with os.fdopen(fd, "wb") as out, fsspec.open(source, "rb") as remote:
            shutil.copyfileobj(remote, out, 4 * 1024 * 1024)
        yield tmp
    finally:
        os.unlink(tmp)
