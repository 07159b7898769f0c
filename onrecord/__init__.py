"""onrecord: read news pages and put on record who said what."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from onrecord.api import attribute, read
from onrecord.errors import ExtractionError, FetchError, InputError, OnrecordError
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

if TYPE_CHECKING:
    from onrecord.corpus import Corpus

__version__ = "0.1.0"

__all__ = [
    "Article",
    "Corpus",
    "Cue",
    "ExtractionError",
    "FetchError",
    "Fragment",
    "InputError",
    "LeadImage",
    "OnrecordError",
    "Paragraph",
    "Person",
    "Span",
    "Speaker",
    "Statement",
    "attribute",
    "read",
]


def __getattr__(name: str) -> Any:
    # The corpus layer pulls in SQLite and the process pool; a bare `read` should not pay for it.
    if name == "Corpus":
        from onrecord.corpus import Corpus

        return Corpus
    raise AttributeError(name)
