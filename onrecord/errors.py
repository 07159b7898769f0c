"""Errors with a stage and a reason a person can act on.

A batch records ``stage`` and ``reason`` for every failed document, so both must be short,
stable strings rather than tracebacks.
"""

from __future__ import annotations


class OnrecordError(Exception):
    stage = "read"

    def __init__(self, reason: str, *, stage: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        if stage is not None:
            self.stage = stage

    def to_dict(self) -> dict[str, str]:
        return {"error": type(self).__name__, "stage": self.stage, "reason": self.reason}


class InputError(OnrecordError):
    """The input is not something a news page can be read from (empty, binary, too big)."""

    stage = "decode"


class ExtractionError(OnrecordError):
    stage = "page"


class FetchError(OnrecordError):
    stage = "fetch"
