"""Bytes to text: each rule of onrecord/page/decode.py, in its order of precedence.

BOM, then the HTTP charset, then the <meta> one (each believed only when the bytes agree),
then sniffing, then windows-1252 with replacement; and decode never raises.
"""

from __future__ import annotations

import codecs
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from onrecord.errors import InputError
from onrecord.page.decode import decode, normalise_encoding, refuse_binary

CAFE = "Le café de Zürich rouvre ses portes, a déclaré la maire à la façade du port."
RUSSIAN = "Городской совет Москвы в понедельник одобрил план восстановления восточного причала."
JAPANESE = "市議会は月曜日、東桟橋の再建計画を承認した。市長は「冬が来る前に工事を始める」と述べた。"


def page(body: str, charset: str | None = None) -> str:
    meta = f'<meta charset="{charset}">' if charset else ""
    return f"<!DOCTYPE html><html><head>{meta}<title>t</title></head><body><p>{body}</p></body></html>"


# --- rule 1: a byte-order mark wins ----------------------------------------------------------

@pytest.mark.parametrize("bom,codec", [
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
])
def test_bom_wins_over_meta_and_http(bom: bytes, codec: str) -> None:
    data = bom + page(CAFE, charset="windows-1251").encode(codec)
    got = decode(data, content_type="text/html; charset=iso-8859-1")
    assert got.how == "bom"
    assert CAFE in got.text
    assert not got.text.startswith("\ufeff")


# --- rule 2: the HTTP charset, when the bytes agree ------------------------------------------

def test_http_charset_is_believed_when_the_bytes_agree() -> None:
    data = page(RUSSIAN).encode("cp1251")
    got = decode(data, content_type='text/html; charset="windows-1251"')
    assert (got.how, got.encoding) == ("http", "cp1251")
    assert RUSSIAN in got.text


def test_http_charset_beats_an_agreeing_meta() -> None:
    # Both single-byte Cyrillic encodings accept the bytes; the header comes first.
    data = page(RUSSIAN, charset="koi8-r").encode("cp1251")
    got = decode(data, content_type="text/html; charset=windows-1251")
    assert got.how == "http"
    assert RUSSIAN in got.text


def test_http_charset_is_ignored_when_the_bytes_disagree() -> None:
    # Shift_JIS would read these UTF-8 bytes without an error, as katakana.
    data = page(CAFE, charset="utf-8").encode("utf-8")
    got = decode(data, content_type="text/html; charset=Shift_JIS")
    assert got.how == "meta"
    assert CAFE in got.text


def test_a_single_byte_http_label_on_utf8_bytes_is_ignored() -> None:
    data = page(CAFE).encode("utf-8")
    got = decode(data, content_type="text/html; charset=ISO-8859-1")
    assert got.encoding == "utf-8"
    assert CAFE in got.text


def test_a_garbage_content_type_is_harmless() -> None:
    data = page(CAFE, charset="utf-8").encode("utf-8")
    got = decode(data, content_type='text/html; charset="\x00\xff;;=')
    assert CAFE in got.text


# --- rule 3: the <meta> charset, when the bytes agree ----------------------------------------

def test_meta_charset_is_believed_when_the_bytes_agree() -> None:
    data = page(RUSSIAN, charset="windows-1251").encode("cp1251")
    got = decode(data)
    assert (got.how, got.encoding) == ("meta", "cp1251")
    assert RUSSIAN in got.text


def test_latin1_bytes_under_a_utf8_meta_are_not_read_as_utf8() -> None:
    got = decode(page(CAFE, charset="utf-8").encode("latin-1"))
    assert got.how != "meta"
    assert CAFE in got.text
    assert "\ufffd" not in got.text


def test_a_few_broken_bytes_do_not_overturn_a_utf8_meta() -> None:
    raw = page(CAFE + " " + CAFE, charset="utf-8").encode("utf-8")
    cut = raw.index(b"rouvre")
    data = raw[:cut] + b"\xff\xe2\x80 " + raw[cut:]
    got = decode(data)
    assert (got.how, got.encoding) == ("meta", "utf-8")
    assert "Zürich" in got.text and "façade" in got.text


def test_a_meta_utf16_label_on_ascii_readable_bytes_means_utf8() -> None:
    got = decode(page(CAFE, charset="utf-16").encode("utf-8"))
    assert got.encoding == "utf-8"
    assert CAFE in got.text


@pytest.mark.parametrize("label", ["x-klingon-42", "utf-7", "base64", "unicode_escape"])
def test_unknown_and_non_web_meta_labels_are_ignored(label: str) -> None:
    got = decode(page(CAFE + " \\u0041 +AGEAYgBj-", charset=label).encode("utf-8"))
    assert got.how != "meta"
    assert CAFE in got.text
    assert "\\u0041 +AGEAYgBj-" in got.text  # neither unicode_escape nor UTF-7 got a say


# --- rule 4: sniffing ------------------------------------------------------------------------

def test_pure_ascii_needs_no_guess() -> None:
    got = decode(page("The council met on Monday.", charset="shift_jis").encode("ascii"))
    assert got.how == "ascii"


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom_is_told_by_its_nuls(codec: str) -> None:
    got = decode(page(CAFE).encode(codec))
    assert got.encoding == codec
    assert CAFE in got.text


def test_valid_utf8_is_read_as_utf8_without_a_declaration() -> None:
    got = decode(page(CAFE + JAPANESE).encode("utf-8"))
    assert (got.how, got.encoding) == ("utf-8", "utf-8")


def test_shift_jis_under_a_wrong_meta_is_sniffed() -> None:
    got = decode(page(JAPANESE * 3, charset="iso-8859-1").encode("shift_jis"))
    assert got.how == "sniffed"
    assert JAPANESE in got.text


def test_undeclared_cyrillic_is_sniffed() -> None:
    got = decode(page(RUSSIAN * 3).encode("cp1251"))
    assert got.how == "sniffed"
    assert RUSSIAN in got.text


def test_western_text_prefers_windows_1252_between_equal_guesses() -> None:
    text = "Naïve señores ordered crème brûlée at the café; the maître d' was déjà vu."
    got = decode(page(text * 3, charset="x-unknown").encode("cp1252"))
    assert got.encoding == "cp1252"
    assert text in got.text


# --- rule 5: windows-1252 with replacement, and never an exception ---------------------------

def test_what_nothing_recognises_falls_back_to_windows_1252() -> None:
    data = random.Random(3).randbytes(4096)
    got = decode(data)
    assert got.how in ("fallback", "sniffed")
    assert isinstance(got.text, str)


@settings(max_examples=150, deadline=None)
@given(data=st.binary(max_size=3000), content_type=st.none() | st.text(max_size=60), html=st.booleans())
def test_decode_never_raises(data: bytes, content_type: str | None, html: bool) -> None:
    got = decode(data, content_type=content_type, html=html)
    assert isinstance(got.text, str)
    assert "\x00" not in got.text
    got.text.encode("utf-8")  # no lone surrogates either


def test_nul_characters_are_dropped() -> None:
    data = page(CAFE).encode("utf-8").replace(b"</p>", b"</\x00p>")
    assert "</p>" in decode(data).text


# --- labels and non-text input ----------------------------------------------------------------

@pytest.mark.parametrize("label,expected", [
    ("latin1", "cp1252"), ("ISO-8859-1", "cp1252"), ("us-ascii", "cp1252"), ("gb2312", "gb18030"),
    ("shift_jis", "cp932"), ("x-sjis", "cp932"), ("euc-kr", "cp949"), ("UTF8", "utf-8"),
    ("utf-7", None), ("base64", None), ("rot13", None), ("", None), ("x-nonsense", None),
])
def test_labels_mean_what_they_mean_in_a_browser(label: str, expected: str | None) -> None:
    assert normalise_encoding(label) == expected


@pytest.mark.parametrize("data,what", [
    (b"\x89PNG\r\n\x1a\n" + bytes(100), "PNG"),
    (b"%PDF-1.7\n" + b"1 0 obj\n" * 50, "PDF"),
    (b"\x00" * 5000, "NUL"),
    (random.Random(1).randbytes(20000), "binary"),
])
def test_non_text_is_refused_with_a_reason(data: bytes, what: str) -> None:
    with pytest.raises(InputError) as err:
        refuse_binary(data)
    assert what in err.value.reason


@pytest.mark.parametrize("data", [
    page(CAFE).encode("utf-16-le"),
    ("🙂 " * 2000).encode("utf-8"),
    page(CAFE + "\x07\x08").encode("cp1252"),
    b"",
])
def test_text_is_not_refused(data: bytes) -> None:
    refuse_binary(data)
