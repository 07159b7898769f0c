"""Properties of ``onrecord.read`` and ``onrecord.attribute`` over generated input.

For every input: ``read`` returns an Article or raises an OnrecordError (nothing else), every
offset slices to the text it claims, the record round-trips through JSON, and the same input
always gives the same record. Each property runs with the rules (``fast=True``) and with the
parser (``fast=False``); the parser is about ten times slower, so it gets fewer examples.

More examples: ``HYPOTHESIS_PROFILE=long .venv/bin/python -m pytest tests/fuzz``.
"""

from __future__ import annotations

import pytest
from hypothesis import assume, example, given
from hypothesis import strategies as st

import onrecord
from onrecord.api import read_many
from onrecord.errors import OnrecordError
from onrecord.model import Article
from tests.fuzz import strategies as S
from tests.fuzz.checks import check_article, check_statements
from tests.fuzz.profiles import FUZZ, scaled

SPEEDS = [pytest.param(True, id="rules"), pytest.param(False, id="parser")]


def _settings(fast: bool):  # type: ignore[no-untyped-def]
    return FUZZ if fast else scaled(2)


def read_or_refuse(source: str | bytes, **kwargs: object) -> Article | None:
    """``read``'s answer, or None when it refused the input with an OnrecordError. Any other
    exception propagates: that is the bug these properties look for."""
    try:
        article = onrecord.read(source, **kwargs)  # type: ignore[arg-type]
    except OnrecordError as exc:
        assert isinstance(exc.reason, str) and exc.reason, "an OnrecordError without a reason"
        assert "Traceback" not in exc.reason
        return None
    check_article(article)
    return article


def _without_surrogates(text: str) -> str:
    return "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in text)


@st.composite
def html_input(draw: st.DrawFn) -> tuple[str | bytes, str, str | None, str | None]:
    page = draw(S.html_page())
    source: str | bytes = page if draw(st.integers(0, 4)) == 0 else draw(S.encoded(page))
    return source, draw(st.sampled_from(["auto", "html"])), draw(S.urls), draw(st.sampled_from(S.CONTENT_TYPES))


@st.composite
def text_input(draw: st.DrawFn) -> tuple[str | bytes, str, str | None]:
    text = draw(st.one_of(S.news_body(), S.any_text))
    source: str | bytes = text if draw(st.booleans()) else draw(S.encoded(text))
    return source, draw(st.sampled_from(["auto", "text", "body"])), draw(S.urls)


@pytest.mark.parametrize("fast", SPEEDS)
def test_read_generated_html(fast: bool) -> None:
    @_settings(fast)
    @given(html_input())
    def prop(case: tuple[str | bytes, str, str | None, str | None]) -> None:
        source, kind, url, content_type = case
        read_or_refuse(source, kind=kind, url=url, content_type=content_type, fast=fast)

    prop()


@pytest.mark.parametrize("fast", SPEEDS)
def test_read_generated_text(fast: bool) -> None:
    @_settings(fast)
    @given(text_input())
    def prop(case: tuple[str | bytes, str, str | None]) -> None:
        source, kind, url = case
        read_or_refuse(source, kind=kind, url=url, fast=fast)

    prop()


@pytest.mark.parametrize("fast", SPEEDS)
def test_body_offsets_point_into_the_callers_string(fast: bool) -> None:
    @_settings(fast)
    @given(st.one_of(S.news_body(), S.any_text))
    def prop(text: str) -> None:
        article = read_or_refuse(text, kind="body", fast=fast)
        assert article is not None, "a str body is never refused"
        # Verbatim: the same string, with only lone surrogates replaced one for one.
        assert article.text == _without_surrogates(text)

    prop()


@pytest.mark.parametrize("fast", SPEEDS)
def test_attribute_on_any_text(fast: bool) -> None:
    @_settings(fast)
    @given(st.one_of(S.news_body(), S.news_paragraph(), S.any_text))
    @example("\u201cWe will not back down,\u201d Mayor Ana Ruiz said.")
    @example("\u201c" * 50 + "said" + "\u201d" * 3)
    @example("She said: \u201c")
    def prop(text: str) -> None:
        statements = onrecord.attribute(text, fast=fast)
        check_statements(_without_surrogates(text), statements)

    prop()


@FUZZ
@given(st.binary(max_size=4096), st.sampled_from(["auto", "html", "text", "body"]),
       st.sampled_from(S.CONTENT_TYPES), st.booleans())
def test_read_arbitrary_bytes(data: bytes, kind: str, content_type: str | None, fast: bool) -> None:
    read_or_refuse(data, kind=kind, content_type=content_type, fast=fast)


@FUZZ
@given(st.binary(max_size=64), S.html_page())
def test_read_html_behind_binary_junk(junk: bytes, page: str) -> None:
    # A page whose first bytes are garbage (a broken proxy, a partial download) or whose
    # garbage follows it.
    read_or_refuse(junk + page.encode("utf-8", "surrogatepass"), fast=True)
    read_or_refuse(page.encode("utf-8", "surrogatepass") + junk, fast=True)


@scaled(3)
@given(st.one_of(S.html_page(), S.news_body()), st.sampled_from(["auto", "text"]), st.booleans())
def test_the_same_input_gives_the_same_record(page: str, kind: str, fast: bool) -> None:
    first = read_or_refuse(page, kind=kind, fast=fast)
    second = read_or_refuse(page, kind=kind, fast=fast)
    assume(first is not None)
    assert second is not None and first.to_json() == second.to_json()


@scaled(3)
@given(st.lists(st.one_of(S.html_page(), S.news_body(), S.any_text), min_size=1, max_size=4), st.booleans())
def test_a_batch_reads_as_its_pages_one_by_one(pages: list[str], fast: bool) -> None:
    batch = read_many(list(pages), fast=fast)  # type: ignore[arg-type]
    assert len(batch) == len(pages)
    for page, got in zip(pages, batch):
        one = read_or_refuse(page, fast=fast)
        if one is None:
            assert isinstance(got, OnrecordError), f"read refused the page, read_many gave {got!r}"
        else:
            assert isinstance(got, Article), f"read read the page, read_many gave {got!r}"
            check_article(got)
            assert got.to_json() == one.to_json()
