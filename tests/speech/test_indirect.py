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


def test_pointed_out_reports_its_clause() -> None:
    st = only("Councillor Bram Oduya pointed out that the depot had flooded twice since March.")
    assert st.text == "the depot had flooded twice since March"
    assert st.speaker is not None and st.speaker.name == "Bram Oduya"
    assert st.cue is not None and st.cue.lemma == "point"


def test_echoed_reports_what_was_repeated() -> None:
    st = only("The harbour master echoed the coast guard's warning about the ice.")
    assert st.text == "the coast guard's warning about the ice"
    assert st.speaker is not None and st.speaker.mention == "The harbour master"
    assert st.cue is not None and st.cue.lemma == "echo"


def test_sought_to_reports_the_aim() -> None:
    st = only("Senator Lotte Haverkamp sought to reassure farmers about the drought fund.")
    assert st.text.startswith("to reassure farmers")
    assert st.speaker is not None and st.speaker.name == "Lotte Haverkamp"


def test_railed_against_reports_the_target() -> None:
    st = only("Mayor Dario Fenwick railed against the new parking fees at the rally.")
    assert "the new parking fees" in st.text
    assert st.speaker is not None and st.speaker.name == "Dario Fenwick"


def test_portrayed_as_reports_the_characterisation() -> None:
    st = only("Ms. Quaye portrayed her rival as a friend of the developers.")
    assert "a friend of the developers" in st.text
    assert st.speaker is not None and st.speaker.mention == "Ms. Quaye"


def test_passive_cue_without_agent_has_no_speaker() -> None:
    st = only("The ferry company was expected to raise fares before the summer.")
    assert st.speaker is None or st.speaker.mention is None


def test_passive_subject_of_ask_is_the_addressee_not_the_speaker() -> None:
    st = only("Councillor Pell was asked about the closure of the swimming pool.")
    assert st.speaker is None or st.speaker.mention is None


def test_passive_cue_speaker_is_the_by_agent() -> None:
    st = only("The new budget was announced on Monday by Finance Minister Aziz Karimi.")
    assert st.speaker is not None and st.speaker.name == "Aziz Karimi"


def test_quoted_as_saying_keeps_its_subject() -> None:
    st = only("Lena Moss was quoted as saying the pool would reopen.")
    assert st.speaker is not None and st.speaker.name == "Lena Moss"


def test_passive_subject_is_what_was_said() -> None:
    text = "The merger was first reported by the Harbour Gazette."
    st = only(text)
    assert pieces(text, st)[0] == "The merger"
    assert st.speaker is not None and st.speaker.mention == "the Harbour Gazette"


def test_passive_subject_and_complement_are_both_content() -> None:
    text = "The ferry company was expected to raise fares before the summer."
    st = only(text)
    assert st.text.startswith("The ferry company")
    assert st.text.endswith("to raise fares before the summer")


def test_expletive_it_of_a_passive_cue_is_not_content() -> None:
    st = only("It was revealed in March that the mayor had used a private phone.")
    assert st.text == "the mayor had used a private phone"


def test_passive_reputation_is_not_a_statement() -> None:
    assert statements("The old mill town is known for its cheese.") == []


def test_supposed_to_is_duty_not_belief() -> None:
    assert statements("The night bus was supposed to stop at every village on the coast road.") == []


def test_allow_with_an_infinitive_is_permission_not_speech() -> None:
    assert statements("The new bylaw allows shop owners to open on Sundays.") == []


def test_allowed_that_still_reports() -> None:
    st = only("Minister Hadley allowed that the harbour plan had some flaws.")
    assert st.text == "the harbour plan had some flaws"
    assert st.speaker is not None and st.speaker.name == "Hadley"


def test_praise_target_leaves_out_the_setting() -> None:
    st = only("Ms. Adeyemi praised the lifeguards at a ceremony in Portmore on Friday.")
    assert st.text == "the lifeguards"


def test_criticism_target_leaves_out_a_contrast_clause() -> None:
    st = only("Governor Sato criticized the ferry operator, while the unions stayed silent.")
    assert st.text == "the ferry operator"


def test_endorsement_does_not_run_on_into_another_clause() -> None:
    st = only("The league endorsed Mira Holm for mayor and the chamber of commerce quietly agreed.")
    assert st.text == "Mira Holm for mayor"


def test_seems_reports_an_impression_on_no_ones_record() -> None:
    text = "The harbour board seemed ready to approve the dredging plan."
    st = only(text)
    assert st.text == "The harbour board seemed ready to approve the dredging plan"
    assert st.speaker is None or st.speaker.mention is None
    assert st.cue is not None and st.cue.lemma == "seem"


def test_appeared_on_a_programme_is_no_impression() -> None:
    assert statements("Mayor Tilde Ruiz appeared on Radio Nordvik on Monday.") == []
