"""Human renderings: a quote split around its cue reads as its pieces, not with the cue in it."""

from __future__ import annotations

import onrecord
from onrecord.render import to_markdown

BODY = ("“We cannot keep paying for a building that is falling apart,” Mayor Hanna Osei told "
        "reporters after the vote. “The new terminal will be ready by spring.”")


def test_a_split_quote_reads_as_its_pieces() -> None:
    article = onrecord.read(BODY, kind="body")
    [statement] = [s for s in article.statements if s.kind == "direct"]
    assert len(statement.spans) == 2
    assert statement.said(article.text) == (
        "We cannot keep paying for a building that is falling apart, … The new terminal will be ready by spring.")
    assert "told reporters" in statement.text  # the record keeps the verbatim slice
    assert "told reporters after the vote. “The new" not in to_markdown(article).split("## People")[0]


def test_without_the_body_the_text_is_kept() -> None:
    article = onrecord.read(BODY, kind="body")
    [statement] = [s for s in article.statements if s.kind == "direct"]
    assert statement.said() == statement.text
