"""The byline pre-filter must never hide a byline token."""

from onrecord.page.html.byline import _BYLINE_STEMS, _BYLINE_TOKENS


def test_every_byline_token_holds_a_stem() -> None:
    assert all(any(stem in token for stem in _BYLINE_STEMS) for token in _BYLINE_TOKENS)
