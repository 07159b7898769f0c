"""Reported (indirect) speech frames, one invented sentence each."""

from __future__ import annotations

from onrecord.model import Statement
from tests.speech.test_attribution import statements


def only(text: str) -> Statement:
    found = statements(text)
    assert len(found) == 1, [(s.kind, s.text) for s in found]
    return found[0]


def pieces(text: str, st: Statement) -> list[str]:
    return [text[s.start : s.end] for s in st.spans] if st.spans else [st.text]


def test_parenthetical_cue_reports_the_clause_around_it() -> None:
    text = "The tram line will reopen in June, Councillor Ines Varga said, and fares will stay the same."
    st = only(text)
    assert st.kind == "indirect"
    assert pieces(text, st) == ["The tram line will reopen in June", "and fares will stay the same"]
    assert st.speaker is not None and st.speaker.name == "Ines Varga"
    assert st.cue is not None and st.cue.lemma == "say"


def test_parenthetical_cue_after_a_fronted_subject() -> None:
    text = "Farmers, the minister suggested, need not fear the new water levy."
    st = only(text)
    assert pieces(text, st) == ["Farmers", "need not fear the new water levy"]
    assert st.speaker is not None and st.speaker.mention == "the minister"


def test_parenthetical_cue_does_not_report_its_own_trailing_phrase() -> None:
    text = "The ferry was late again, he said, on condition of anonymity."
    st = only(text)
    assert st.text == "The ferry was late again"
