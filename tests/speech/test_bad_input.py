"""Hostile text for the speech layer: no crash, valid offsets, time that grows linearly."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

import onrecord


def check(text: str, fast: bool = False) -> list[onrecord.Statement]:
    found = onrecord.attribute(text, fast=fast)
    for st in found:
        assert text[st.start : st.end] == st.text
        assert st.start < st.end
    return found


def _quote_storm(n: int) -> str:
    # Unbalanced marks of every style, glued to words and standing alone.
    marks = ['"', "“", "”", "«", "»", "„", "‘", "’", "「", "」", "''"]
    words = []
    for i in range(n):
        words.append(marks[i % len(marks)] + "word" + ("," if i % 7 == 0 else ""))
        if i % 13 == 0:
            words.append("said Anna Berg.")
    return " ".join(words)


def _long_paragraph(n_chars: int) -> str:
    chunk = "the river rose over the old stone wall while the town slept and nobody said a word "
    return (chunk * (n_chars // len(chunk) + 1))[:n_chars]


def _many_quotes(n: int) -> str:
    return "\n\n".join(f"“Line number {i} of the speech goes on,” Mayor Vera Holm said." for i in range(n))


CASES: dict[str, Callable[[int], str]] = {
    "quote storm": _quote_storm,
    "one long paragraph without sentences": lambda n: _long_paragraph(n * 40),
    "many attributed quotes": _many_quotes,
}


@pytest.mark.parametrize("fast", [False, True])
def test_five_thousand_unbalanced_quotation_marks(fast: bool) -> None:
    check(_quote_storm(5000), fast)


def test_a_one_megabyte_paragraph() -> None:
    check(_long_paragraph(1_000_000))  # any result; it must finish without error
    # Past the attribution budget (600,000 characters) nothing is attributed, but it finishes.
    check("“" + _long_paragraph(1_000_000) + "”, Anna Berg said.")
    quoted = "“" + _long_paragraph(400_000) + "”, Anna Berg said."
    found = check(quoted)
    assert found and found[0].speaker is not None and found[0].speaker.name == "Anna Berg"


def test_text_with_no_sentences_and_no_letters() -> None:
    assert check("—— … ;;; 12 34 56 —— “ ” «»") == []
    assert check("") == []
    assert check("\n\n\n") == []


def test_non_english_text() -> None:
    text = "„Wir haben seit Januar gesucht“, sagte Sprecher Holger Mainz. 他说：“我们会赢。” Он сказал: «Мы победим»."
    check(text)
    check(text, fast=True)


def test_all_capitals() -> None:
    check("“WE WILL NOT CLOSE THE SCHOOL,” MAYOR ANA RUIZ SAID ON TUESDAY. THE COUNCIL AGREED THAT IT WOULD STAY OPEN.")


@pytest.mark.parametrize("name", sorted(CASES))
def test_time_grows_linearly(name: str) -> None:
    make = CASES[name]
    small, big = make(300), make(1200)
    check(small)  # warm the model

    def cost(text: str) -> float:
        t = time.process_time()
        check(text)
        return time.process_time() - t

    ratio = cost(big) / max(cost(small), 1e-3)
    # Four times the input; quadratic behaviour would show as ~16.
    assert ratio < 9, f"{name}: 4x input took {ratio:.1f}x the time"


def test_a_run_on_sentence_longer_than_the_parser_takes() -> None:
    # Two million characters with a short quote and a cue in the middle: one "sentence".
    filler = _long_paragraph(1_000_000)
    text = filler + " “it is over,” said Anna Berg " + filler
    found = check(text)
    assert all(st.start < st.end for st in found)
