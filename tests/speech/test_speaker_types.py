"""Who a speaker mention names: a person, a group or an organisation, and which word is the role.

Names with "of" inside ("Chamber of Commerce") are organisations, not a role followed by a
surname; a capitalised plural head at the start of a sentence is still a group; a
spokesperson for someone is not that someone."""

from __future__ import annotations

import pytest

import onrecord
from onrecord.speech.mentions import analyse


@pytest.mark.parametrize(("mention", "kind", "name"), [
    ("the Westerholm Chamber of Commerce", "organization", "the Westerholm Chamber of Commerce"),
    ("Brask Institute of Coastal Studies", "organization", "Brask Institute of Coastal Studies"),
    ("Korvel Terminals", "organization", "Korvel Terminals"),
    ("Fishers at the harbour of Brask", "group", "Fishers at the harbour of Brask"),
    ("Residents of the old quarter", "group", "Residents of the old quarter"),
])
def test_types(mention: str, kind: str, name: str) -> None:
    info = analyse(mention)
    assert (info.type, info.name) == (kind, name)


def test_a_title_with_of_still_leads_a_name() -> None:
    info = analyse("Minister of Fisheries Oda Lindqvist")
    assert (info.type, info.name) == ("person", "Oda Lindqvist")
    assert info.role and info.role.startswith("Minister")


def test_a_spokesperson_is_not_the_person_they_speak_for() -> None:
    text = (
        "Premier Oda Lindqvist said on Monday that the harbour would reopen in spring.\n\n"
        "A spokesperson for Premier Oda Lindqvist said the timetable had not changed."
    )
    statements = onrecord.attribute(text)
    by_text = {s.text: s for s in statements}
    second = next(s for t, s in by_text.items() if "timetable" in t)
    assert second.speaker is not None and second.speaker.name != "Oda Lindqvist"


def test_an_organisation_with_of_speaks_as_one() -> None:
    article = onrecord.read(
        "According to the Westerholm Chamber of Commerce, a strike would cost the region 40 million crowns.",
        kind="body",
    )
    speakers = {s.speaker.name: s.speaker.type for s in article.statements if s.speaker}
    assert speakers.get("the Westerholm Chamber of Commerce") == "organization" or speakers.get(
        "Westerholm Chamber of Commerce") == "organization", speakers


@pytest.mark.parametrize("sentence", [
    "“Nobody should pay more this winter,” said Marta Lindqvist, the operator’s director, at the harbour office.",
    "“Nobody should pay more this winter,” said Marta Lindqvist, a director, at a meeting in the town hall.",
])
def test_the_mention_ends_before_its_appositive_and_the_setting(sentence: str) -> None:
    [statement] = onrecord.attribute(sentence)
    assert statement.speaker is not None
    assert (statement.speaker.mention, statement.speaker.name, statement.speaker.type) == (
        "Marta Lindqvist", "Marta Lindqvist", "person")


@pytest.mark.parametrize("sentence", [
    '"This is not over," Diaz said.',
    '"Nobody asked us," said Leila Haddad, who runs a café next to the terminal.',
    "“We are ready,” the mayor said.",
])
def test_a_short_quote_before_its_cue_is_direct(sentence: str) -> None:
    [statement] = onrecord.attribute(sentence)
    assert statement.kind == "direct"
    assert statement.text[:1] not in "\"“" and statement.text.endswith(",")


@pytest.mark.parametrize(("sentence", "venue"), [
    ("Diaz later told the Coast Gazette that he would ask for a second vote.", "the Coast Gazette"),
    ("Diaz told Reuters that he would ask for a second vote.", "Reuters"),
    ("Diaz told Hanna Osei that he would ask for a second vote.", None),
    ("Diaz said in an interview with Hanna Osei that he would ask for a second vote.", None),
    ("Diaz said in an interview with the Harbour Herald that he would ask for a second vote.", "Harbour Herald"),
])
def test_a_venue_is_an_outlet_not_the_person_told(sentence: str, venue: str | None) -> None:
    [statement] = onrecord.attribute(sentence)
    assert statement.venue == venue


@pytest.mark.parametrize(("sentence", "source"), [
    ("According to a report by the Harbour Trust, the terminal needs repairs.", "the Harbour Trust"),
    ("According to figures from the Statistics Office, ferry prices rose by a tenth.", "the Statistics Office"),
    ("According to the mayor, ferry prices rose by a tenth.", "the mayor"),
])
def test_according_to_a_document_names_its_author(sentence: str, source: str) -> None:
    [statement] = onrecord.attribute(sentence)
    assert statement.speaker is not None and statement.speaker.mention == source
