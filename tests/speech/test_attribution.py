"""Attribution patterns, one invented sentence or paragraph each."""

from __future__ import annotations

import pytest

import onrecord
from onrecord.model import Statement


def statements(text: str, fast: bool = False) -> list[Statement]:
    found = onrecord.attribute(text, fast=fast)
    for st in found:
        # The contract every statement keeps.
        assert text[st.start : st.end] == st.text
        for span in st.spans:
            assert 0 <= span.start < span.end <= len(text)
        if st.speaker and st.speaker.start is not None:
            assert text[st.speaker.start : st.speaker.end] == st.speaker.mention
        if st.cue:
            assert text[st.cue.start : st.cue.end] == st.cue.text
    return found


def one(text: str, fast: bool = False) -> Statement:
    found = statements(text, fast)
    assert len(found) == 1, [(s.kind, s.text) for s in found]
    return found[0]


@pytest.mark.parametrize("fast", [False, True])
def test_direct_quote_then_speaker_and_cue(fast: bool) -> None:
    st = one("“The bridge will open in May,” Mayor Ana Ruiz said.", fast)
    assert st.kind == "direct"
    assert st.text == "The bridge will open in May,"
    assert st.speaker is not None and st.speaker.name == "Ana Ruiz"
    assert st.speaker.mention == "Mayor Ana Ruiz"
    assert st.cue is not None and st.cue.lemma == "say"


@pytest.mark.parametrize("fast", [False, True])
def test_cue_before_speaker(fast: bool) -> None:
    st = one("“We are not finished,” said Petra Lindqvist, a spokeswoman for the union.", fast)
    assert st.speaker is not None and st.speaker.name == "Petra Lindqvist"


@pytest.mark.parametrize("fast", [False, True])
def test_speaker_then_colon_quote(fast: bool) -> None:
    st = one("Governor Malik Osei said: “Nobody will lose their home because of this flood.”", fast)
    assert st.kind == "direct"
    assert st.text.startswith("Nobody will lose")
    assert st.speaker is not None and st.speaker.name == "Malik Osei"


@pytest.mark.parametrize("fast", [False, True])
def test_split_quote_is_one_statement_with_two_spans(fast: bool) -> None:
    text = "“The levee held,” engineer Tomas Brandt said, “but the next storm will test it again.”"
    st = one(text, fast)
    assert len(st.spans) == 2
    assert text[st.spans[0].start : st.spans[0].end] == "The levee held,"
    assert text[st.spans[1].start : st.spans[1].end].startswith("but the next storm")


def test_told_outlet_is_the_venue() -> None:
    st = one("“The talks are over,” Foreign Minister Ilse Marenko told Radio Nordvik.")
    assert st.cue is not None and st.cue.lemma == "tell"
    assert st.venue == "Radio Nordvik"
    assert st.speaker is not None and st.speaker.name == "Ilse Marenko"


def test_interview_on_a_show_is_the_venue() -> None:
    st = one("Senator Carla Benz said in an interview on Morning Harbour that the tax would be repealed.")
    assert st.venue is not None and st.venue.startswith("Morning Harbour")
    assert st.kind == "indirect"


def test_indirect_that_clause() -> None:
    st = one("The finance minister, Jonas Ekberg, said on Monday that the budget would be balanced by 2030.")
    assert st.kind == "indirect"
    assert st.text == "the budget would be balanced by 2030"
    assert st.speaker is not None and "Ekberg" in (st.speaker.name or "")


def test_accused_of() -> None:
    st = one("The opposition accused the government of hiding the cost of the new airport.")
    assert st.cue is not None and st.cue.lemma == "accuse"
    assert st.text.startswith("the government of hiding")


def test_according_to() -> None:
    st = one("According to the port authority, the harbour will stay closed until Friday.")
    assert st.cue is not None and st.cue.lemma == "accord"
    assert "harbour will stay closed" in st.text
    assert st.speaker is not None and st.speaker.mention == "the port authority"


def test_partial_quote_inside_reported_speech() -> None:
    found = statements("Mayor Ana Ruiz said the closure was “a disgrace for the whole coast” and promised an inquiry.")
    assert found
    st = found[0]
    assert st.kind in ("partial", "mixed")
    assert any(f.text == "a disgrace for the whole coast" for f in st.quoted) or st.kind == "partial"


def test_added_with_pronoun_resolves_by_gender() -> None:
    text = (
        "“The ferry service will resume,” Transport Minister Helga Sorensen said.\n\n"
        "“And the fares will not rise this year,” she added."
    )
    found = statements(text)
    assert len(found) == 2
    assert found[1].speaker is not None and found[1].speaker.mention == "she"
    assert found[1].speaker.name == "Helga Sorensen"
    assert found[0].speaker is not None and found[1].speaker.id == found[0].speaker.id


def test_he_skips_a_woman_between() -> None:
    text = (
        "“We saw the water rise in minutes,” said farmer Oskar Lind, speaking to reporter Maria Costa.\n\n"
        "“Nobody warned us,” he said."
    )
    found = statements(text)
    assert found[-1].speaker is not None and found[-1].speaker.name == "Oskar Lind"


def test_paragraph_continuation_without_cue() -> None:
    text = (
        "“The mine will close in June,” company spokesman Arto Virtanen told the Valley Courier.\n\n"
        "“About two hundred jobs are affected, and we will help every worker find a new one.”"
    )
    found = statements(text)
    assert len(found) == 2
    assert found[1].continuation and found[1].cue is None
    assert found[1].speaker is not None and found[1].speaker.name == "Arto Virtanen"


def test_quote_over_several_paragraphs() -> None:
    text = (
        "Chief Inspector Dana Whitfield said: “We have arrested two men in connection with the fire.\n\n"
        "“Both are known to us, and we are not looking for anyone else at this stage.”"
    )
    found = statements(text)
    assert len(found) == 2
    assert all(st.speaker and st.speaker.name == "Dana Whitfield" for st in found)


def test_surname_and_title_resolve_to_the_full_name() -> None:
    text = (
        "President Aurelio Santana met farmers on Tuesday.\n\n"
        "“Prices must come down,” Santana said.\n\n"
        "The president said later that he would cut fuel taxes."
    )
    found = statements(text)
    names = {st.speaker.name for st in found if st.speaker}
    assert names == {"Aurelio Santana"}


def test_capital_city_speaks_for_its_state() -> None:
    st = one("Moscow has accused the alliance of moving troops toward its border.")
    assert st.speaker is not None and st.speaker.name == "Russia" and st.speaker.type == "state"


def test_group_stays_a_group() -> None:
    st = one("Local fishermen warned that the new quotas would empty the harbour within a year.")
    assert st.speaker is not None and st.speaker.type == "group"
    assert st.speaker.name == "Local fishermen"


def test_no_statement_from_a_plain_fact() -> None:
    assert statements("The council is arranging a meeting between the two mayors before the end of August.") == []


def test_cue_inside_the_quote_is_not_a_cue() -> None:
    st = one("“They said the bridge was safe, and it was not,” resident Kofi Mensah said.")
    assert st.speaker is not None and st.speaker.name == "Kofi Mensah"


def test_people_are_listed_with_roles_and_mentions() -> None:
    art = onrecord.read(
        "Harbour Minister Ilse Marenko visited the docks.\n\n“The port stays public,” Marenko said.",
        kind="body",
    )
    people = {p.name: p for p in art.people}
    assert "Ilse Marenko" in people
    person = people["Ilse Marenko"]
    assert person.role == "Harbour Minister"
    assert "Marenko" in person.mentions and person.type == "person"


def test_headline_attribution_in_a_heading() -> None:
    html = b"""<html><head><title>Port deal</title></head><body><article>
    <h1>Port deal signed</h1>
    <p>Harbour Minister Ilse Marenko signed the lease on Monday after months of talks with the operators and unions.</p>
    <h2>Port Will Stay Public: Marenko</h2>
    <p>&ldquo;The port stays public,&rdquo; Marenko told reporters after the signing ceremony in the old customs hall.</p>
    </article></body></html>"""
    art = onrecord.read(html, kind="html")
    heads = [st for st in art.statements if st.where == "heading"]
    assert len(heads) == 1
    assert heads[0].speaker is not None and heads[0].speaker.name == "Ilse Marenko"
    assert art.text[heads[0].start : heads[0].end] == heads[0].text == "Port Will Stay Public"


def test_short_fragment_after_a_noun_is_not_a_direct_quote() -> None:
    text = (
        "Governor Lena Park indicated that the state would build two shelters, while the county "
        "would provide support “within a month,” using its own budget."
    )
    found = statements(text)
    assert len(found) == 1
    st = found[0]
    assert st.kind in ("indirect", "mixed")
    assert st.text.startswith("the state would build")
    assert any(f.text == "within a month," for f in st.quoted)


@pytest.mark.parametrize(
    ("mention", "name", "role"),
    [
        ("Secretary of State Dana Okafor", "Dana Okafor", "Secretary of State"),
        ("President of the Commission Ana Ruiz", "Ana Ruiz", "President of the Commission"),
        ("Russian Foreign Minister Sergey Lavrov", "Sergey Lavrov", "Russian Foreign Minister"),
    ],
)
def test_titles_split_from_names(mention: str, name: str, role: str) -> None:
    from onrecord.speech.mentions import analyse

    info = analyse(mention)
    assert (info.name, info.role, info.type) == (name, role, "person")


def test_spokesperson_for_a_person_is_not_that_person() -> None:
    st = one("“The lease is final,” a spokesperson for Premier Ilse Marenko said on Friday.")
    assert st.speaker is not None and st.speaker.name != "Ilse Marenko"
    assert "spokesperson" in (st.speaker.name or "")


@pytest.mark.parametrize("fast", [False, True])
def test_quote_signed_with_a_dash(fast: bool) -> None:
    text = "“The new bridge saved me an hour every day.” ― Maria Oduya, commuter"
    found = statements(text, fast)
    assert len(found) == 1 and found[0].speaker is not None
    assert found[0].speaker.name == "Maria Oduya"


def test_quote_labelled_with_a_name_and_colon() -> None:
    found = statements("Tomas Brenner: “The union will not sign this lease.”")
    assert len(found) == 1 and found[0].speaker is not None and found[0].speaker.name == "Tomas Brenner"


def test_a_subordinate_cue_does_not_swallow_the_main_quote() -> None:
    text = "Asked about the lease, the minister replied: “I have not read it yet.”"
    found = statements(text)
    direct = [st for st in found if st.kind == "direct"]
    assert len(direct) == 1 and direct[0].text == "I have not read it yet."
    assert direct[0].speaker is not None and direct[0].speaker.mention == "the minister"
