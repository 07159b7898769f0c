"""One command-line input (a path, a URL or "-") → the raw bytes of a page."""

from __future__ import annotations

import gzip
import sys
from dataclasses import dataclass
from pathlib import Path

from onrecord.errors import InputError
from onrecord.sources.fetch import fetch

MAX_FILE_BYTES = 64 * 1024 * 1024


@dataclass
class RawPage:
    name: str  # what the user gave: a path, a URL or "-"
    content: bytes
    url: str | None = None
    content_type: str | None = None


def is_url(value: str) -> bool:
    return value.startswith(("http://", "https://"))


def read_limited_gzip(data: bytes, limit: int = MAX_FILE_BYTES) -> bytes:
    """Decompress at most ``limit`` bytes, so a gzip bomb is refused, not inflated."""
    import io

    try:
        with gzip.GzipFile(fileobj=io.BytesIO(data)) as gz:
            out = gz.read(limit + 1)
    except (OSError, EOFError) as exc:
        raise InputError(f"broken gzip data: {exc}") from exc
    if len(out) > limit:
        raise InputError(f"the decompressed page is over the {limit // 1048576} MB limit")
    return out


def load(name: str, *, allow_private: bool = False) -> RawPage:
    if name == "-":
        data = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            raise InputError(f"standard input is over the {MAX_FILE_BYTES // 1048576} MB limit")
        return RawPage(name, data)
    if is_url(name):
        fetched = fetch(name, allow_private=allow_private)
        return RawPage(name, fetched.content, fetched.final_url, fetched.content_type)
    path = Path(name)
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise InputError(f"{name} is not a file")
        if size > MAX_FILE_BYTES:
            raise InputError(f"{name} is {size // 1048576} MB; the limit is {MAX_FILE_BYTES // 1048576} MB")
        data = path.read_bytes()
    except FileNotFoundError as exc:
        raise InputError(f"no such file: {name}") from exc
    except PermissionError as exc:
        raise InputError(f"cannot read {name}: permission denied") from exc
    except IsADirectoryError as exc:
        raise InputError(f"{name} is a directory") from exc
    except OSError as exc:
        raise InputError(f"cannot read {name}: {exc.strerror or exc}") from exc
    if name.endswith(".gz"):
        data = read_limited_gzip(data)
    return RawPage(name, data)
