"""Bytes to text, by evidence: a byte-order mark, then the declared charsets (the HTTP header,
then the page's <meta>) when the bytes agree with them, then sniffing, then windows-1252.

``decode`` never raises: whatever the bytes, it returns text. A declared charset is only
believed when the bytes agree with it, because the most common fault in the field is a page
that says UTF-8 and is Latin-1, or the reverse. Refusing input that is not text at all (an
image, an archive, binary noise) is ``refuse_binary``'s job; the page layer calls it first.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from onrecord.errors import InputError

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),  # before UTF-16 LE, whose BOM it starts with
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]{1,40})""", re.I
)
_HTTP_CHARSET = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9_\-:.]{1,40})""", re.I)
_NON_ASCII = re.compile(rb"[\x80-\xff]")
# Bytes below 0x20 that text never holds in numbers (tab, line feed, form feed, carriage
# return and escape, which ISO-2022 uses, are left out).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in b"\t\n\x0b\x0c\r\x1b")

# The encodings a web page can be in, by Python codec name: the WHATWG Encoding Standard's
# set. Anything else a page names (utf-7, base64, unicode_escape...) is ignored as a label.
WEB_ENCODINGS = frozenset(
    """utf-8 utf-16-le utf-16-be utf-32-le utf-32-be ibm866 iso8859-2 iso8859-3 iso8859-4
    iso8859-5 iso8859-6 iso8859-7 iso8859-8 iso8859-10 iso8859-13 iso8859-14 iso8859-15
    iso8859-16 koi8-r koi8-u mac-roman mac-cyrillic cp874 cp1250 cp1251 cp1252 cp1253 cp1254
    cp1255 cp1256 cp1257 cp1258 gb18030 big5hkscs euc_jp iso2022_jp cp932 cp949""".split()
)
# Labels whose meaning on the web differs from Python's codec of the same name: browsers read
# these as the superset encoding, and so do the pages written for them.
_WEB_ALIASES = {
    "latin-1": "cp1252", "iso8859-1": "cp1252", "ascii": "cp1252", "iso8859-9": "cp1254",
    "iso8859-11": "cp874", "tis-620": "cp874", "gb2312": "gb18030", "gbk": "gb18030",
    "big5": "big5hkscs", "shift_jis": "cp932", "euc_kr": "cp949", "cp866": "ibm866",
    "utf-16": "utf-16-le", "utf-32": "utf-32-le",
}
_EXTRA_LABELS = {
    "x-sjis": "cp932", "windows-31j": "cp932", "x-mac-roman": "mac-roman",
    "x-mac-cyrillic": "mac-cyrillic", "iso-8859-8-i": "iso8859-8", "unicode-1-1-utf-8": "utf-8",
    "x-user-defined": "cp1252", "x-cp1250": "cp1250", "x-cp1251": "cp1251", "x-euc-jp": "euc_jp",
    "x-gbk": "gb18030", "ks_c_5601-1989": "cp949", "windows-949": "cp949",
}
_SNIFF_CANDIDATES = sorted(
    e.replace("-", "_") for e in WEB_ENCODINGS - {"utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"}
)
_SNIFF_SAMPLE = 64 * 1024
_LATIN_PAGES = frozenset(
    "cp1250 cp1254 cp1257 cp1258 iso8859_2 iso8859_3 iso8859_4 iso8859_10 iso8859_13 iso8859_14 "
    "iso8859_15 iso8859_16 mac_roman".split()
)

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
    (b"MZ", "a Windows executable"),
    (b"wOFF", "a web font"),
    (b"wOF2", "a web font"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an old Office document"),
)


@dataclass(frozen=True)
class Decoded:
    text: str
    encoding: str
    how: str  # "bom" | "http" | "meta" | "ascii" | "utf-8" | "utf-16" | "sniffed" | "fallback"


def normalise_encoding(name: str | None) -> str | None:
    """A charset label as a web encoding's Python codec name, or None when unusable."""
    if not name:
        return None
    label = name.strip().strip("\"'").lower()
    if label in _EXTRA_LABELS:
        return _EXTRA_LABELS[label]
    try:
        canonical = codecs.lookup(label).name
    except (LookupError, ValueError):
        return None
    canonical = _WEB_ALIASES.get(canonical, canonical)
    return canonical if canonical in WEB_ENCODINGS else None


def refuse_binary(data: bytes) -> None:
    """Raise InputError when the bytes are a known non-page format or plainly binary."""
    head = data[:16]
    for magic, what in _MAGIC:
        if head.startswith(magic):
            raise InputError(f"the input is {what}, not a web page or text")
    if any(data.startswith(bom) for bom, _ in _BOMS):
        return
    sample = data[:_SNIFF_SAMPLE]
    if not sample or _utf16_without_bom(sample) or _utf32_without_bom(sample):
        return
    # Text in any encoding has next to no C0 control bytes; random or compressed data has
    # one in ten. Valid UTF-8 is given more room, short of a file of NULs.
    controls = _control_bytes(sample)
    if controls * 10 > len(sample) or (controls * 50 > len(sample) and not _valid_utf8(sample)):
        nul = sample.count(0)
        what = "many NUL bytes" if nul * 20 > len(sample) else "control bytes"
        raise InputError(f"the input is binary data ({what}), not a web page or text")


def _control_bytes(data: bytes) -> int:
    return len(data) - len(data.translate(None, _CONTROL_BYTES))


def _valid_utf8(sample: bytes) -> bool:
    # A sample cut from a longer input may end inside a character.
    try:
        sample.decode("utf-8")
        return True
    except UnicodeDecodeError as exc:
        return exc.start >= len(sample) - 3 and exc.reason == "unexpected end of data"


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


def wide_enc(data: bytes) -> str | None:
    """UTF-16 or UTF-32 (with its byte order) for text without a BOM, told by its NULs."""
    sample = data[:_SNIFF_SAMPLE]
    return _utf16_without_bom(sample) or _utf32_without_bom(sample)


def _utf32_without_bom(sample: bytes) -> str | None:
    """UTF-32 text of a Latin script has three NULs in every four bytes."""
    if len(sample) < 16:
        return None
    n = len(sample) // 4
    lanes = [sample[i::4].count(0) for i in range(4)]
    if lanes[1] > 0.9 * n and lanes[2] > 0.9 * n and lanes[3] > 0.9 * n and lanes[0] < 0.1 * n:
        return "utf-32-le"
    if lanes[0] > 0.9 * n and lanes[1] > 0.9 * n and lanes[2] > 0.9 * n and lanes[3] < 0.1 * n:
        return "utf-32-be"
    return None


def decode(data: bytes, *, content_type: str | None = None, html: bool = True) -> Decoded:
    """Decode page bytes; never raises. NUL characters are dropped from the text.

    Order: BOM; the HTTP charset, then the <meta> one, each only when the bytes agree;
    UTF-16/32 without a BOM; valid UTF-8; sniffing; windows-1252 with replacement.
    """
    found = _decode(bytes(data), content_type, html)
    if "\x00" in found.text:
        # A NUL is never page text; in a tag name it would break the markup around it.
        found = Decoded(found.text.replace("\x00", ""), found.encoding, found.how)
    return found


def _decode(data: bytes, content_type: str | None, html: bool) -> Decoded:
    for bom, enc in _BOMS:
        if data.startswith(bom):
            return Decoded(data[len(bom) :].decode(enc, errors="replace"), enc, "bom")

    if data.isascii():
        # Every encoding a page can declare reads ASCII alike (UTF-16 has NULs, which are
        # ASCII too, so it is sniffed first).
        if wide_enc(data) is None:
            return Decoded(data.decode("ascii"), "ascii", "ascii")

    utf8 = _Utf8(data)
    declared: list[tuple[str, str]] = []
    if content_type:
        m = _HTTP_CHARSET.search(content_type)
        http = normalise_encoding(m.group(1)) if m else None
        if http:
            declared.append((http, "http"))
    if html:
        m2 = _META_CHARSET.search(data[:16384])
        meta = normalise_encoding(m2.group(1).decode("ascii", "replace")) if m2 else None
        if meta and meta.startswith(("utf-16", "utf-32")):
            meta = "utf-8"  # a <meta> readable as ASCII is not in UTF-16 (HTML says so too)
        if meta:
            declared.append((meta, "meta"))
    for enc, how in declared:
        text = _agreeing(data, enc, utf8)
        if text is not None:
            return Decoded(text, enc, how)

    wide = wide_enc(data)
    if wide:
        return Decoded(data.decode(wide, errors="replace"), wide, "utf-16" if "16" in wide else "utf-32")
    if utf8.valid or utf8.mostly_valid(strict=True):
        return Decoded(utf8.text, "utf-8", "utf-8")
    sniffed = _sniff(data)
    if sniffed:
        return Decoded(data.decode(sniffed, errors="replace"), sniffed, "sniffed")
    return Decoded(data.decode("cp1252", errors="replace"), "cp1252", "fallback")


class _Utf8:
    """What the bytes look like as UTF-8, computed once."""

    def __init__(self, data: bytes) -> None:
        self.text = data.decode("utf-8", errors="replace")
        # Replacement characters the page itself contains (encoded) are not errors.
        self.bad = self.text.count("\ufffd") - data.count(b"\xef\xbf\xbd")
        self.valid = self.bad == 0
        self.good = len(self.text) - len(self.text.encode("ascii", "ignore")) - self.bad - data.count(b"\xef\xbf\xbd")

    def mostly_valid(self, *, strict: bool) -> bool:
        """UTF-8 with some broken bytes (a truncated copy, a bad paste), not another encoding.

        Latin-1 or windows-1252 text read as UTF-8 has almost no valid multi-byte sequences,
        since an accented letter is followed by ASCII. Declared UTF-8 needs one good sequence
        per four bad bytes; undeclared, twenty good per bad.
        """
        if self.valid:
            return True
        if strict:
            return self.good >= 20 and self.bad * 20 <= self.good
        return self.good >= 1 and self.bad <= 4 * self.good


def _agreeing(data: bytes, enc: str, utf8: _Utf8) -> str | None:
    """The text, when the bytes agree with a declared encoding; else None."""
    if enc == "utf-8":
        return utf8.text if utf8.mostly_valid(strict=False) else None
    if utf8.valid and utf8.good:
        # Valid multi-byte UTF-8 is near impossible by chance: a label saying otherwise lies.
        return None
    if enc.startswith(("utf-16", "utf-32")):
        enc = wide_enc(data) or ""  # the label may name the wrong byte order; the NULs do not
        if not enc:
            return None
    if enc == wide_enc(data):
        return data.decode(enc, errors="replace")
    # A single-byte encoding decodes anything; bytes full of controls are a sign that the
    # page is in another, wider encoding.
    if _control_bytes(data[:_SNIFF_SAMPLE]) * 100 > min(len(data), _SNIFF_SAMPLE):
        return None
    try:
        return data.decode(enc)
    except (UnicodeDecodeError, LookupError):
        return None


def _sniff(data: bytes) -> str | None:
    """charset-normalizer's best web encoding for the part of the page that is not ASCII."""
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - a declared dependency
        return None
    # Only non-ASCII bytes carry the signal, and the detector is slow on big inputs: sample
    # from just before the first of them, ending on an ASCII byte so no character is cut.
    first = _NON_ASCII.search(data)
    start = 0 if first is None else max(0, first.start() - 2048)
    sample = data[start : start + _SNIFF_SAMPLE]
    cut = len(sample)
    while cut > 0 and sample[cut - 1] >= 0x80 and len(sample) - cut < 8:
        cut -= 1
    sample = sample[:cut] if cut else sample
    try:
        matches = from_bytes(sample, cp_isolation=_SNIFF_CANDIDATES)
    except Exception:  # the detector's own failures must not fail a page
        return None
    best = matches.best()
    if best is None:
        return None
    choice = best.encoding
    # Among the Latin code pages the detector's margins are noise on a short text (it rates
    # "Naļve seńores" in cp1257 above "Naïve señores"): prefer windows-1252, the web's
    # commonest legacy encoding, when it reads nearly as well.
    if choice in _LATIN_PAGES:
        close = "cp1252" in best.could_be_from_charset or any(
            m.encoding == "cp1252" and m.chaos <= best.chaos + 0.1 and m.coherence >= best.coherence - 0.05
            for m in matches
        )
        if close:
            choice = "cp1252"
    return normalise_encoding(choice)
