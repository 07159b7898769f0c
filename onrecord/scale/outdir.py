"""The output folder of a scale run, local or remote (any fsspec URL: s3://, gs://, ...).

Layout (``SCALING.md`` has the full description)::

    OUT/articles/<shard>.parquet      one file per finished input shard, per table
    OUT/statements/<shard>.parquet
    OUT/errors/<shard>.parquet        (plus input-<hash>.parquet for inputs that matched nothing,
                                       and <shard>-failed.parquet for shards given up on)
    OUT/_shards/<shard>.json          the manifest of a finished shard: written last
    OUT/_work/<shard>/...             a shard in progress: its state and finished chunks
    OUT/_runs/<run>.json              what each run did

Every file is written whole or not at all: locally through a temporary name and a rename,
remotely by one upload (an object store shows an object only once it is complete). So a
worker killed mid-write leaves no half file for a reader or a rerun to trip over.
"""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Any


class OutputDir:
    def __init__(self, url: str) -> None:
        from fsspec.core import url_to_fs

        self.url = url
        self.fs, root = url_to_fs(url)
        self.local = "file" in _protocols(self.fs)
        self.root = os.path.abspath(root) if self.local else root.rstrip("/")

    def path(self, *parts: str) -> str:
        return "/".join([self.root, *parts])

    def exists(self, *parts: str) -> bool:
        return bool(self.fs.exists(self.path(*parts)))

    def names(self, *parts: str) -> list[str]:
        """File names (not paths) directly inside a folder; none when it does not exist."""
        folder = self.path(*parts)
        try:
            entries = self.fs.ls(folder, detail=False)
        except FileNotFoundError:
            return []
        return sorted(str(e).rstrip("/").rsplit("/", 1)[-1] for e in entries)

    def read_bytes(self, *parts: str) -> bytes:
        return bytes(self.fs.cat_file(self.path(*parts)))

    def read_json(self, *parts: str) -> Any:
        try:
            return json.loads(self.read_bytes(*parts))
        except FileNotFoundError:
            return None

    @contextmanager
    def open_atomic(self, *parts: str) -> Iterator[IO[bytes]]:
        target = self.path(*parts)
        folder = target.rsplit("/", 1)[0]
        self.fs.makedirs(folder, exist_ok=True)
        if not self.local:
            # fsspec's transaction holds the file back until the block ends without an error,
            # and throws it away otherwise: no half file appears in a bucket either.
            with self.fs.transaction, self.fs.open(target, "wb") as fh:
                yield fh
            return
        tmp = f"{target}.{uuid.uuid4().hex[:8]}.tmp"
        try:
            with open(tmp, "wb") as fh:
                yield fh
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, target)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)

    def write_bytes(self, data: bytes, *parts: str) -> None:
        with self.open_atomic(*parts) as fh:
            fh.write(data)

    def write_json(self, data: Any, *parts: str) -> None:
        self.write_bytes(json.dumps(data, ensure_ascii=False, indent=1).encode(), *parts)

    def remove(self, *parts: str) -> None:
        target = self.path(*parts)
        try:
            if self.fs.isdir(target):
                self.fs.rm(target, recursive=True)
            elif self.fs.exists(target):
                self.fs.rm(target)
        except FileNotFoundError:
            pass  # removed meanwhile by another attempt: the goal is met


def _protocols(fs: Any) -> tuple[str, ...]:
    proto = fs.protocol
    return (proto,) if isinstance(proto, str) else tuple(proto)
