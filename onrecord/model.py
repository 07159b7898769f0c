"""The records onrecord produces: Article, Statement and their parts.

Everything above this module (page, speech, corpus, serve, scale) speaks these types, so they
stay plain dataclasses with a JSON form whose key order never changes: a stored record, a
JSONL export and an API response all look the same.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, fields
from typing import Any, Literal, TypeVar

SCHEMA_VERSION = 1

StatementKind = Literal["direct", "partial", "indirect", "mixed"]
SpeakerType = Literal["person", "group", "organization", "state", "unknown"]
ParagraphKind = Literal["paragraph", "heading", "quote", "list", "table"]

T = TypeVar("T")


def _plain(value: Any) -> Any:
    if isinstance(value, Record):
        return value.to_dict()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


class Record:
    """Mixin: dict/JSON conversion in field order, tolerant of unknown keys on the way in."""

    def to_dict(self) -> dict[str, Any]:
        return {f.name: _plain(getattr(self, f.name)) for f in fields(self)}  # type: ignore[arg-type]

    def to_json(self, *, indent: int | None = None) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent)

    @classmethod
    def from_dict(cls: type[T], data: dict[str, Any]) -> T:
        known = {f.name for f in fields(cls)}  # type: ignore[arg-type]
        kwargs = {k: v for k, v in data.items() if k in known}
        return cls(**_revive(cls, kwargs))  # type: ignore[call-arg]

    @classmethod
    def from_json(cls: type[T], text: str) -> T:
        return cls.from_dict(json.loads(text))  # type: ignore[attr-defined, no-any-return]


def _revive(cls: type, kwargs: dict[str, Any]) -> dict[str, Any]:
    nested = _NESTED.get(cls.__name__, {})
    for name, (sub, many) in nested.items():
        value = kwargs.get(name)
        if value is None:
            continue
        sub_cls = _TYPES[sub]
        if many:
            kwargs[name] = [sub_cls.from_dict(v) if isinstance(v, dict) else v for v in value]
        elif isinstance(value, dict):
            kwargs[name] = sub_cls.from_dict(value)
    return kwargs


@dataclass
class Span(Record):
    """A half-open character range [start, end) into Article.text."""

    start: int
    end: int


@dataclass
class Fragment(Record):
    """A quoted fragment inside an indirect statement ("my assurance")."""

    text: str
    start: int
    end: int


@dataclass
class Paragraph(Record):
    start: int
    end: int
    kind: ParagraphKind = "paragraph"


@dataclass
class LeadImage(Record):
    url: str | None = None
    caption: str | None = None
    credit: str | None = None
    alt: str | None = None


@dataclass
class Speaker(Record):
    """Who a statement is attributed to: the mention as written plus the resolved entity."""

    mention: str | None = None
    start: int | None = None
    end: int | None = None
    name: str | None = None
    type: SpeakerType = "unknown"
    id: str | None = None


@dataclass
class Cue(Record):
    text: str
    start: int
    end: int
    lemma: str


@dataclass
class Statement(Record):
    """One attributed statement. ``text == article.text[start:end]`` always holds.

    ``where`` says which part of the page carries it: the body, a section heading of the body
    (offsets still into the body) or the title (offsets into ``Article.title``).
    """

    kind: StatementKind
    text: str
    start: int
    end: int
    spans: list[Span] = field(default_factory=list)
    speaker: Speaker | None = None
    cue: Cue | None = None
    venue: str | None = None
    quoted: list[Fragment] = field(default_factory=list)
    where: Literal["body", "heading", "title"] = "body"
    continuation: bool = False

    def said(self, body: str | None = None) -> str:
        """What was said, as a reader wants it: the pieces of a quote split around its cue
        joined by an ellipsis ("…," he said, "…" reads "… … …"), else ``text``. ``body`` is
        the article's text, which the spans index."""
        if body is not None and self.where == "body" and len(self.spans) > 1:
            pieces = [body[sp.start : sp.end] for sp in self.spans]
            if all(pieces):
                return " … ".join(pieces)
        return self.text


@dataclass
class Person(Record):
    """A canonical entity of one article: a person, group, organisation or state."""

    id: str
    name: str
    type: SpeakerType = "person"
    role: str | None = None
    gender: Literal["male", "female", "plural"] | None = None
    mentions: list[str] = field(default_factory=list)


@dataclass
class Article(Record):
    url: str | None = None
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    modified: str | None = None
    language: str | None = None
    site_name: str | None = None
    description: str | None = None
    lead_image: LeadImage | None = None
    stated_reading_time_minutes: int | None = None
    reading_time_minutes: int | None = None
    headings: list[str] = field(default_factory=list)
    text: str = ""
    paragraphs: list[Paragraph] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    source_kind: Literal["html", "text", "body"] | None = None
    schema_version: int = SCHEMA_VERSION

    def paragraph_texts(self) -> list[str]:
        return [self.text[p.start : p.end] for p in self.paragraphs]


_TYPES: dict[str, type[Record]] = {
    c.__name__: c
    for c in (Span, Fragment, Paragraph, LeadImage, Speaker, Cue, Statement, Person, Article)
}
# field name -> (record type, is a list) for every nested record field
_NESTED: dict[str, dict[str, tuple[str, bool]]] = {
    "Statement": {
        "spans": ("Span", True),
        "speaker": ("Speaker", False),
        "cue": ("Cue", False),
        "quoted": ("Fragment", True),
    },
    "Article": {
        "lead_image": ("LeadImage", False),
        "paragraphs": ("Paragraph", True),
        "statements": ("Statement", True),
        "people": ("Person", True),
    },
}
