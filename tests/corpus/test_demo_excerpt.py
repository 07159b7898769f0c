"""The demo's summary lines: a long statement is cut at a word and says so; quotation marks
are added only to statements that do not carry their own."""

from onrecord.corpus.demo import _excerpt


def test_a_long_direct_quote_is_cut_at_a_word() -> None:
    quote = "“We will keep the ferry running,” the harbour master said. “Every boat, every day, whatever the weather brings us this winter.”"
    line = _excerpt(quote, limit=80)
    assert line.endswith(" …") and not line.endswith("” …")
    assert quote.startswith(line[:-2])
    assert line[:-2].split()[-1] in quote.split()  # a whole word, not half of one


def test_reported_speech_gets_marks_and_quotes_keep_theirs() -> None:
    assert _excerpt("the ferry would keep running") == "“the ferry would keep running”"
    assert _excerpt("“We are ready,” she said.") == "“We are ready,” she said."
