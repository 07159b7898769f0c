"""Bytes to text: BOM, then the declared charset (HTTP, then <meta>), then sniffing.

Decoding never raises. A declared charset is only believed when the bytes agree with it,
because the most common fault in the field is a page that says UTF-8 and is Latin-1, or the
reverse.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from onrecord.errors import InputError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]{1,40})""", re.I
)
_HTTP_CHARSET = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9_\-:.]{1,40})""", re.I)
_SINGLE_BYTE = {"latin-1", "iso8859-1", "cp1252", "iso8859-15", "ascii"}

# Signatures of files that are not pages. Reporting them beats decoding them into mojibake.
_MAGIC = (
    (b"%PDF-", "a PDF document"),
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or an Office document)"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"BZh", "bzip2-compressed data"),
    (b"\xfd7zXZ\x00", "xz-compressed data"),
    (b"7z\xbc\xaf\x27\x1c", "a 7-Zip archive"),
    (b"RIFF", "a RIFF media file"),
    (b"\x00\x00\x00\x18ftyp", "an MP4 video"),
    (b"\x00\x00\x00\x20ftyp", "an MP4 video"),
    (b"OggS", "an Ogg media file"),
    (b"ID3", "an MP3 file"),
    (b"\x7fELF", "an executable"),
    (b"wOFF", "a web font"),
    (b"wOF2", "a web font"),
)


_CONTROL_BYTES = bytes(b for b in range(32) if b < 9 or 13 < b)


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    how: str  # "bom" | "http" | "meta" | "utf-8" | "sniffed" | "fallback"


def normalise_encoding(name: str | None) -> str | None:
    if not name:
        return None
    try:
        canonical = codecs.lookup(name.strip().strip("\"'").lower()).name
    except LookupError:
        return None
    # Browsers read latin-1 and ascii labels as windows-1252; so do the pages written for them.
    if canonical in ("latin-1", "iso8859-1", "ascii"):
        return "cp1252"
    return canonical


def refuse_binary(data: bytes) -> None:
    """Raise InputError when the bytes are a known non-page format or plainly binary."""
    head = data[:16]
    for magic, what in _MAGIC:
        if head.startswith(magic):
            raise InputError(f"the input is {what}, not a web page or text")
    sample = data[:4096]
    if not sample:
        return
    nul = sample.count(0)
    if nul and _utf16_without_bom(sample) is None and nul > len(sample) // 20:
        raise InputError("the input is binary data (many NUL bytes), not a web page or text")
    controls = len(sample) - len(sample.translate(None, _CONTROL_BYTES))
    if controls > len(sample) // 10:
        raise InputError("the input is binary data (control bytes), not a web page or text")


def _utf16_without_bom(sample: bytes) -> str | None:
    """UTF-16 text of a Latin script has a NUL in every other byte."""
    if len(sample) < 8:
        return None
    even = sample[0::2]
    odd = sample[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def _strict(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def _is_ascii(data: bytes) -> bool:
    return data.isascii()


def decode(data: bytes, *, content_type: str | None = None, html: bool = True) -> Decoded:
    """Decode page bytes. Raises InputError only for non-text input (see refuse_binary)."""
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return Decoded(data[len(bom) :].decode(enc, errors="replace"), enc, "bom")

    utf16 = _utf16_without_bom(data[:4096])
    if utf16:
        return Decoded(data.decode(utf16, errors="replace"), utf16, "sniffed")
    refuse_binary(data)

    declared: list[tuple[str, str]] = []
    if content_type:
        m = _HTTP_CHARSET.search(content_type)
        enc = normalise_encoding(m.group(1)) if m else None
        if enc:
            declared.append((enc, "http"))
    if html:
        m2 = _META_CHARSET.search(data[:16384])
        enc = normalise_encoding(m2.group(1).decode("ascii", "replace")) if m2 else None
        if enc:
            declared.append((enc, "meta"))

    if _is_ascii(data):
        return Decoded(data.decode("ascii"), "ascii", "utf-8")

    as_utf8 = _strict(data, "utf-8")
    for enc, how in declared:
        if enc == "utf-8":
            if as_utf8 is not None:
                return Decoded(as_utf8, "utf-8", how)
            continue  # declared UTF-8 but the bytes disagree: sniff below
        if enc in _SINGLE_BYTE and as_utf8 is not None:
            # A single-byte label on valid multi-byte UTF-8 is nearly always a wrong label.
            return Decoded(as_utf8, "utf-8", "utf-8")
        text = _strict(data, enc)
        if text is not None:
            return Decoded(text, enc, how)
    if as_utf8 is not None:
        return Decoded(as_utf8, "utf-8", "utf-8")

    sniffed = _sniff(data)
    if sniffed:
        try:
            return Decoded(data.decode(sniffed, errors="replace"), sniffed, "sniffed")
        except LookupError:
            pass
    return Decoded(data.decode("cp1252", errors="replace"), "cp1252", "fallback")


def _sniff(data: bytes) -> str | None:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    # Only non-ASCII bytes carry the signal, and the detector is slow on big inputs.
    best = from_bytes(data[:65536]).best()
    if best is None:
        return None
    return normalise_encoding(best.encoding)
