from __future__ import annotations

import json

from onrecord.model import (
    Article,
    Cue,
    Fragment,
    LeadImage,
    Paragraph,
    Person,
    Span,
    Speaker,
    Statement,
)


def sample_article() -> Article:
    text = "“We will rebuild,” Mayor Ana Ruiz said."
    return Article(
        url="https://example.org/a",
        title="T",
        authors=["A B"],
        lead_image=LeadImage(url="https://example.org/i.jpg", caption="c", credit="X/Agency"),
        text=text,
        paragraphs=[Paragraph(0, len(text))],
        statements=[
            Statement(
                kind="direct",
                text="We will rebuild,",
                start=1,
                end=17,
                spans=[Span(1, 17)],
                speaker=Speaker("Mayor Ana Ruiz", 19, 33, "Ana Ruiz", "person", "p1"),
                cue=Cue("said", 34, 38, "say"),
                quoted=[Fragment("We", 1, 3)],
            )
        ],
        people=[Person("p1", "Ana Ruiz", "person", "Mayor", "female", ["Mayor Ana Ruiz"])],
    )


def test_json_round_trip_is_lossless() -> None:
    art = sample_article()
    again = Article.from_json(art.to_json())
    assert again == art
    assert isinstance(again.statements[0].speaker, Speaker)
    assert isinstance(again.statements[0].spans[0], Span)


def test_key_order_is_stable() -> None:
    keys = list(json.loads(sample_article().to_json()))
    assert keys[:5] == ["url", "title", "authors", "published", "modified"]
    assert keys.index("text") < keys.index("paragraphs") < keys.index("statements") < keys.index("people")
    st_keys = list(json.loads(sample_article().to_json())["statements"][0])
    assert st_keys[:4] == ["kind", "text", "start", "end"]


def test_unknown_keys_are_ignored_on_load() -> None:
    data = sample_article().to_dict()
    data["from_the_future"] = 1
    assert Article.from_dict(data).title == "T"
