"""Query-string parameters: one declaration per parameter, used to read requests and to
describe them in the OpenAPI schema, so the two cannot drift apart.

Values are only ever passed to the Corpus API as Python values (which binds them as SQL
parameters); a value that does not fit its declaration is a 400 with a sentence saying why.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from onrecord.corpus.query import KINDS

MAX_TEXT = 500  # characters: longer search text is never a real question
MAX_PAGE = 500  # pages of results; deeper than that, narrow the search instead
MAX_PER_PAGE = 100
DOWNLOAD_LIMIT = 10_000  # statements in one search download (the Corpus API's own ceiling)


class BadRequest(ValueError):
    """A parameter the explorer cannot use; the message is shown to the user."""


@dataclass(frozen=True)
class Param:
    name: str
    kind: str  # string | integer | date | boolean | enum
    description: str
    default: Any = None
    minimum: int | None = None
    maximum: int | None = None
    choices: tuple[str, ...] = ()

    def schema(self) -> dict[str, Any]:
        out: dict[str, Any]
        if self.kind == "integer":
            out = {"type": "integer"}
            if self.minimum is not None:
                out["minimum"] = self.minimum
            if self.maximum is not None:
                out["maximum"] = self.maximum
        elif self.kind == "date":
            out = {"type": "string", "format": "date"}
        elif self.kind == "boolean":
            out = {"type": "boolean"}
        elif self.kind == "enum":
            out = {"type": "string", "enum": list(self.choices)}
        else:
            out = {"type": "string", "maxLength": MAX_TEXT}
        if self.default is not None:
            out["default"] = self.default
        return out

    def read(self, raw: str | None) -> Any:
        if raw is None or raw.strip() == "":
            return self.default
        raw = raw.strip()
        if self.kind == "integer":
            try:
                value = int(raw) if len(raw) <= 20 else None
            except ValueError:
                value = None
            if value is None:
                raise BadRequest(f"{self.name} must be a whole number, not {raw[:40]!r}")
            if not -(2**63) <= value < 2**63:
                raise BadRequest(f"{self.name} is out of range")
            if (self.minimum is not None and value < self.minimum) or (self.maximum is not None and value > self.maximum):
                upper = f" and at most {self.maximum}" if self.maximum is not None else ""
                raise BadRequest(f"{self.name} must be at least {self.minimum}{upper}")
            return value
        if self.kind == "date":
            try:
                return date.fromisoformat(raw[:10]).isoformat()
            except ValueError:
                raise BadRequest(f"{self.name} must be a date like 2024-03-31, not {raw[:40]!r}") from None
        if self.kind == "boolean":
            return raw.lower() in {"1", "true", "yes", "on"}
        if self.kind == "enum":
            if raw not in self.choices:
                raise BadRequest(f"{self.name} must be one of {', '.join(self.choices)}")
            return raw
        if len(raw) > MAX_TEXT:
            raise BadRequest(f"{self.name} is longer than {MAX_TEXT} characters")
        if "\x00" in raw:
            raise BadRequest(f"{self.name} holds a NUL character")
        return raw


PAGE = Param("page", "integer", "Page of results, from 1.", 1, 1, MAX_PAGE)
PER_PAGE = Param("per_page", "integer", "Results per page.", 20, 1, MAX_PER_PAGE)

SEARCH = (
    Param("q", "string", 'Words to find in statements: all must match; "a phrase", prefix*, OR.'),
    Param("speaker", "string", "Speaker name or alias (an exact alias first, else names containing it)."),
    Param("site", "string", "Site host (example.com, subdomains included) or site name."),
    Param("since", "date", "First publication day, inclusive."),
    Param("until", "date", "Last publication day, inclusive."),
    Param("kind", "enum", "Kind of statement.", choices=KINDS),
    Param("duplicates", "boolean", "Include copies of syndicated articles.", False),
)
DOWNLOAD_FORMAT = Param("format", "enum", "File format of the download.", "csv", choices=("csv", "json"))
ERRORS = (
    Param("run", "integer", "Only errors of this ingest run.", None, 1, None),
    Param("stage", "string", "Only errors of this stage (fetch, decode, page, speech, store, ...)."),
)


def read_all(params: tuple[Param, ...], query: Mapping[str, str]) -> dict[str, Any]:
    return {p.name: p.read(query.get(p.name)) for p in params}


@dataclass(frozen=True)
class Paging:
    page: int
    per_page: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page

    @classmethod
    def read(cls, query: Mapping[str, str], per_page: int | None = None) -> Paging:
        return cls(PAGE.read(query.get("page")), per_page or PER_PAGE.read(query.get("per_page")))


def search_kwargs(values: Mapping[str, Any]) -> dict[str, Any]:
    """Search parameters as keyword arguments of ``Corpus.search``."""
    return {
        "query": values.get("q"),
        "speaker": values.get("speaker"),
        "site": values.get("site"),
        "since": values.get("since"),
        "until": values.get("until"),
        "kind": values.get("kind"),
        "include_duplicates": bool(values.get("duplicates")),
    }
