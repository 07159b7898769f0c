"""Which sentences are worth the parser: a cue verb, a quote or "according to" — not a name
that happens to spell a cue word, nor a light verb without a speech noun."""

from __future__ import annotations

import pytest

from onrecord.speech import _candidate
from onrecord.speech.sentences import Unit


def _wanted(sentence: str) -> bool:
    return _candidate(sentence, Unit(0, len(sentence), 0), has_quote=False)


@pytest.mark.parametrize("sentence", [
    "The mayor said the pier would reopen in spring.",
    "State officials say the bridge is safe.",  # a cue at the start may be capitalised
    "Senator Ilse Brandt Says She Will Not Run Again.",  # a title-case headline
    "She made the remarks at a harbour rally on Tuesday.",
    "He gave his assurance that the berths would stay open.",
    "According to the council, the work will take a year.",
])
def test_parsed(sentence: str) -> None:
    assert _wanted(sentence)


@pytest.mark.parametrize("sentence", [
    "The ferry sails between the United States and the islands twice a week.",
    "She served as Secretary of State for two years before the election.",
    "The council made a profit on the sale of the old depot.",
    "The fund gave the town four million euros for the new pier.",
    "Rain fell over the harbour for most of the week.",
])
def test_not_parsed(sentence: str) -> None:
    assert not _wanted(sentence)
