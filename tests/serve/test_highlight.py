"""Cutting an article into highlighted pieces, with offsets that cannot be trusted."""

from __future__ import annotations

from onrecord.model import Article, Paragraph, Span, Speaker, Statement
from onrecord.serve.highlight import cut, mark, paragraph_ranges


def st(start: int, end: int, who: str | None = "a", **kw: object) -> Statement:
    speaker = Speaker(name=who, id=who) if who else None
    return Statement(kind="direct", text="", start=start, end=end, speaker=speaker, **kw)  # type: ignore[arg-type]


def plain(pieces: list) -> list[tuple[str, int | None]]:  # type: ignore[type-arg]
    return [(p.text, p.statement) for p in pieces]


def test_pieces_cover_the_text_exactly_once() -> None:
    text = "0123456789"
    pieces = cut(text, [(2, 5, 0), (7, 9, 1)], {0: "0", 1: "1"})
    assert "".join(p.text for p in pieces) == text
    assert plain(pieces) == [("01", None), ("234", 0), ("56", None), ("78", 1), ("9", None)]


def test_overlaps_go_to_the_earlier_statement_and_bad_offsets_are_clipped() -> None:
    text = "abcdefghij"
    pieces = cut(text, [(3, 8, 1), (0, 5, 0), (8, 99, 2), (-5, 1, 3), (6, 4, 4)], {})
    assert "".join(p.text for p in pieces) == text
    assert plain(pieces) == [("abcde", 0), ("fgh", 1), ("ij", 2)]


def test_a_statement_with_two_spans_is_two_marks_of_one_colour() -> None:
    text = "“We will,” she said, “not back down.”"
    art = Article(text=text, statements=[st(1, 35, spans=[Span(1, 8), Span(22, 35)])])
    marked = mark(art)
    marks = [p for b in marked.blocks for p in b.pieces if p.statement is not None]
    assert [p.text for p in marks] == ["We will", "not back down"]
    assert [p.first for p in marks] == [True, False]
    assert {p.colour for p in marks} == {"0"}


def test_colours_follow_speakers_and_the_title_is_marked_too() -> None:
    text = "One. Two. Three. Four."
    art = Article(title="Big news", text=text, statements=[
        st(0, 3, "x"), st(5, 8, "y"), st(10, 15, "x"), st(17, 21, None),
        st(0, 3, "y", where="title"),
    ])
    marked = mark(art, {"x": 7})
    colours = marked.colours
    assert colours[0] == colours[2] != colours[1] and colours[3] == "x" and colours[4] == colours[1]
    assert plain(marked.title) == [("Big", 4), (" news", None)]


def test_paragraphs_sorted_clipped_and_without_overlap() -> None:
    art = Article(text="aaaa\n\nbbbb\n\ncccc", paragraphs=[
        Paragraph(12, 16), Paragraph(0, 4, kind="heading"), Paragraph(2, 8), Paragraph(20, 30), Paragraph(5, 3),
    ])
    assert paragraph_ranges(art) == [(0, 4, "heading"), (4, 8, "paragraph"), (12, 16, "paragraph")]
    # Without paragraphs, blank lines separate the blocks.
    assert paragraph_ranges(Article(text="one\n\n two\n \nthree")) == [(0, 3, "paragraph"), (5, 9, "paragraph"), (12, 17, "paragraph")]


def test_statements_across_paragraphs_are_cut_at_the_boundary() -> None:
    art = Article(text="abc\n\ndef", paragraphs=[Paragraph(0, 3), Paragraph(5, 8)], statements=[st(1, 7)])
    marked = mark(art)
    assert [plain(b.pieces) for b in marked.blocks] == [[("a", None), ("bc", 0)], [("de", 0), ("f", None)]]
    assert [p.first for b in marked.blocks for p in b.pieces if p.statement is not None] == [True, False]


def test_offsets_of_the_wrong_type_are_ignored() -> None:
    art = Article(text="abcdef", statements=[st("2", 4), st(1, 3)])  # type: ignore[arg-type]
    assert plain(mark(art).blocks[0].pieces) == [("a", None), ("bc", 1), ("def", None)]
