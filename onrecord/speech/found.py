"""The intermediate form of a statement, before speakers are resolved into entities."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Found:
    kind: str  # direct | partial | indirect | mixed
    spans: list[tuple[int, int]]  # content pieces, in order
    unit: int
    paragraph: int
    cue: tuple[int, int, str] | None = None  # start, end, lemma
    speaker: tuple[int, int] | None = None  # the mention as written
    antecedent: tuple[int, int] | None = None  # for "who": the noun phrase it stands for
    appositive: tuple[int, int] | None = None  # "X, a spokesman for Y, said" → "a spokesman for Y"
    quoted: list[tuple[int, int]] = field(default_factory=list)
    venue: str | None = None
    continuation: bool = False
    where: str = "body"
    ner: dict[tuple[int, int], str] = field(default_factory=dict)  # entity spans seen in the unit

    @property
    def start(self) -> int:
        return self.spans[0][0]

    @property
    def end(self) -> int:
        return self.spans[-1][1]
