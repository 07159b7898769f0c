"""Dates: normalising what pages state into ISO 8601."""

from __future__ import annotations

import datetime as dt
import re
import warnings

from dateutil import parser as dateparser

# "EST", "IST" and other ambiguous zone names: the date part is what we keep anyway.
warnings.filterwarnings("ignore", category=dateparser.UnknownTimezoneWarning)

_MONTHS = (
    r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?"
)
_DATE_LINE = re.compile(
    rf"""^(?:(?:published|posted|updated|last\s+updated|date|on)\s*:?\s*)?
    (?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?
    (?:
        \d{{4}}-\d{{1,2}}-\d{{1,2}}(?:[T\s]\d{{1,2}}:\d{{2}}(?::\d{{2}})?(?:\.\d+)?(?:Z|[+-]\d{{2}}:?\d{{2}})?)?
      | (?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}
      | \d{{1,2}}(?:st|nd|rd|th)?\.?\s+(?:{_MONTHS})\.?,?\s+\d{{4}}
      | \d{{1,2}}[./]\d{{1,2}}[./]\d{{4}}
    )
    (?:\s*(?:,|at|-|\||um)?\s*\d{{1,2}}[:.]\d{{2}}(?:\s*[ap]\.?m\.?)?(?:\s*[A-Z]{{2,4}})?)?\s*$""",
    re.I | re.X,
)
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})")
MIN_YEAR = 1990


def _valid(value: dt.datetime | dt.date) -> bool:
    today = dt.date.today()
    day = value.date() if isinstance(value, dt.datetime) else value
    return dt.date(MIN_YEAR, 1, 1) <= day <= today + dt.timedelta(days=2)


def normalise_iso(value: object) -> str | None:
    """A structured-data date ("2025-08-19T10:03:00-04:00", "Aug 19, 2025") as ISO 8601."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or len(text) > 64:
        return None
    try:
        parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        try:
            parsed = dateparser.parse(text, default=dt.datetime(1900, 1, 1))
        except (ValueError, OverflowError, TypeError):
            return None
        if parsed.year == 1900:
            return None
    if not _valid(parsed):
        return None
    if parsed.hour == parsed.minute == parsed.second == 0 and parsed.tzinfo is None and "T" not in text:
        return parsed.date().isoformat()
    return parsed.isoformat()


_STAMP = re.compile(
    rf"""^(?:published|posted|updated|last\s+updated|modified|date)\s*:?\s+
    (?=.*\b(?:{_MONTHS})\b|.*\d{{1,2}}[./-]\d{{1,2}}[./-]\d{{2,4}})(?=.*\b(?:19|20)\d{{2}}\b)[\w\s,.:/-]{{4,60}}$""",
    re.I | re.X,
)


def parse_date_text(line: str) -> str | None:
    """The date when a whole short line states one ("Aug. 19, 2025 10:03 AM",
    "Published 10:03 AM EST, Tue March 4, 2025"), else None."""
    line = line.strip()
    if len(line) > 80:
        return None
    if not _DATE_LINE.match(line):
        if not _STAMP.match(line):
            return None
        body = re.sub(r"^\w+(?:\s+updated)?\s*:?\s+", "", line)
        body = re.sub(r"\b[A-Z]{2,4}\b(?=,)", "", body)  # zone names dateutil does not know
        try:
            parsed = dateparser.parse(body, fuzzy=True)
        except (ValueError, OverflowError, TypeError):
            return None
        return parsed.date().isoformat() if parsed and _valid(parsed) else None
    cleaned = re.sub(r"^(?:published|posted|updated|last\s+updated|date|on)\s*:?\s*", "", line, flags=re.I)
    cleaned = re.sub(r"(\d)(st|nd|rd|th)\b", r"\1", cleaned)
    cleaned = re.sub(r"\b(at|um)\b", " ", cleaned)
    cleaned = re.sub(r"\s[A-Z]{2,4}$", "", cleaned)  # time-zone names dateutil does not know
    try:
        parsed = dateparser.parse(cleaned, dayfirst=bool(re.match(r"^\d{1,2}[./]", cleaned)))
    except (ValueError, OverflowError, TypeError):
        return None
    if parsed is None or not _valid(parsed):
        return None
    return parsed.date().isoformat()


def date_part(value: str | None) -> str | None:
    if not value:
        return None
    m = _ISO_DATE.match(value)
    return m.group(0) if m else None
