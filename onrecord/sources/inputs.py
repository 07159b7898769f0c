"""One command-line input (a path, a URL or "-") → the raw bytes of a page."""

from __future__ import annotations

import sys
import zlib
from dataclasses import dataclass
from pathlib import Path

from onrecord.errors import InputError

MAX_FILE_BYTES = 64 * 1024 * 1024
_GZIP_MAGIC = b"\x1f\x8b"


@dataclass
class RawPage:
    name: str  # what the user gave: a path, a URL or "-"
    content: bytes
    url: str | None = None
    content_type: str | None = None


def is_url(value: str) -> bool:
    return value.startswith(("http://", "https://"))


def read_limited_gzip(data: bytes, limit: int = MAX_FILE_BYTES) -> bytes:
    """Decompress at most ``limit`` bytes, so a gzip bomb is refused, not inflated.

    Members are read one after another, as gzip does. A file cut short gives what it holds
    (a truncated download is still most of a page); corrupt data is an InputError. Bytes
    that are not gzip at all (a server already decompressed them) come back as they are.
    """
    if not data.startswith(_GZIP_MAGIC):
        return data
    out = bytearray()
    rest = data
    while rest:
        inflater = zlib.decompressobj(wbits=31)  # 31: a gzip header and trailer
        pending = rest
        try:
            while pending:
                # max_length bounds what one call may produce: the bomb never inflates.
                out += inflater.decompress(pending, limit + 1 - len(out))
                if len(out) > limit:
                    raise InputError(f"the decompressed page is over the {limit // 1048576} MB limit")
                pending = inflater.unconsumed_tail
        except zlib.error as exc:
            if out:
                break  # trailing garbage after a good member: gzip itself stops there too
            raise InputError(f"broken gzip data ({exc})") from exc
        if not inflater.eof:
            out += inflater.flush()[: limit + 1 - len(out)]  # what the window still holds
            if not out:
                raise InputError("the gzip file is cut short before any of the page")
            break
        rest = inflater.unused_data
        if not rest.strip(b"\x00") or not rest.startswith(_GZIP_MAGIC):
            break  # padding, or bytes that are not another member
    return bytes(out)


def load(name: str, *, allow_private: bool = False) -> RawPage:
    if name == "-":
        data = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            raise InputError(f"standard input is over the {MAX_FILE_BYTES // 1048576} MB limit")
        return RawPage(name, data)
    if is_url(name):
        # Imported here: httpx costs a tenth of a second at start-up, and most reads are files.
        from onrecord.sources.fetch import fetch

        fetched = fetch(name, allow_private=allow_private)
        return RawPage(name, fetched.content, fetched.final_url, fetched.content_type)
    path = Path(name)
    try:
        if not path.is_file():
            if not path.exists():
                raise InputError(f"no such file: {name}", stage="input")
            raise InputError(f"{name} is not a file", stage="input")
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise InputError(f"{name} is {size // 1048576} MB; the limit is {MAX_FILE_BYTES // 1048576} MB")
        with path.open("rb") as fh:
            # Read no more than the limit even if the file grew since stat().
            data = fh.read(MAX_FILE_BYTES + 1)
        if len(data) > MAX_FILE_BYTES:
            raise InputError(f"{name} is over the {MAX_FILE_BYTES // 1048576} MB limit")
    except FileNotFoundError as exc:
        raise InputError(f"no such file: {name}", stage="input") from exc
    except PermissionError as exc:
        raise InputError(f"cannot read {name}: permission denied", stage="input") from exc
    except IsADirectoryError as exc:
        raise InputError(f"{name} is a directory", stage="input") from exc
    except OSError as exc:
        raise InputError(f"cannot read {name}: {exc.strerror or exc}", stage="input") from exc
    except ValueError as exc:  # a NUL byte in the path
        raise InputError(f"cannot read {name!r}: {exc}", stage="input") from exc
    if name.lower().endswith(".gz"):
        data = read_limited_gzip(data)
    return RawPage(name, data)
