"""Author names: one clean name per person, with "By", roles, handles and site names stripped."""

from __future__ import annotations

import re
from collections.abc import Iterable

_PREFIX = re.compile(
    r"^\s*(?:(?:written|posted|reported|reporting|words|text|story|published|compiled|edited)\s+by|by|von|par|por|di|door|av|af|autor(?:in)?|author|authors|auteur|texto?|text)\s*[:\-–]?\s+",
    re.I,
)
_SPLIT = re.compile(r"\s*(?:,|;|\||&|\band\b|\bund\b|\bet\b|\by\b|\be\b|\ben\b|\bog\b|\boch\b|/)\s*", re.I)
_ROLE_TAIL = re.compile(
    r"\s*(?:[,\-–—|]\s*|\s+)(?:the\s+)?(?:senior\s+|chief\s+|deputy\s+|staff\s+|special\s+|contributing\s+|"
    r"political\s+|white\s+house\s+|foreign\s+|national\s+|washington\s+|business\s+|sports?\s+|health\s+|"
    r"science\s+|tech(?:nology)?\s+|investigative\s+|global\s+|managing\s+|associate\s+|executive\s+|news\s+|"
    r"digital\s+|breaking\s+news\s+)*"
    r"(?:correspondent|reporter|writer|editor|columnist|contributor|producer|journalist|analyst|"
    r"staff|intern|fellow|bureau\s+chief|photographer|redakteur(?:in)?|korrespondent(?:in)?|journaliste|"
    r"r[ée]dacteur|r[ée]daction|redaktion|periodista|corresponsal|for\s+.+|at\s+.+|in\s+.+)\b.*$",
    re.I,
)
_HANDLE = re.compile(r"@\w+|\S+@\S+\.\w+|https?://\S+|www\.\S+")
_PAREN = re.compile(r"\s*[\(\[].*?[\)\]]\s*")
_DATEISH = re.compile(r"\b(?:updated|published|posted|am|pm|gmt|utc|edt|est|\d{1,2}:\d{2}|\d{4})\b", re.I)
_LETTERS = re.compile(r"[^\W\d_]")
_NOT_NAMES = {
    "admin", "administrator", "staff", "editor", "editors", "news desk", "newsdesk", "redaktion",
    "team", "guest", "anonymous", "unknown", "none", "null", "author", "wire", "wires",
    "associated press", "the associated press", "ap", "reuters", "afp", "dpa", "bloomberg",
    "cnn", "bbc", "staff writer", "staff reporter", "web desk", "online desk", "agencies",
    "staff writers", "staff reporters", "contributors", "correspondents", "reporters",
}
_ROLE_WORDS = frozenset(
    """writer writers reporter reporters editor editors correspondent correspondents columnist
    contributor contributors staff producer journalist photographer intern""".split()
)


def _clean_one(raw: str) -> str:
    name = _HANDLE.sub(" ", raw)
    name = _PAREN.sub(" ", name)
    name = _ROLE_TAIL.sub("", name)
    name = name.strip(" \t\n,;:|-–—.·•")
    return re.sub(r"\s+", " ", name)


def clean_authors(raws: Iterable[str], *, site_names: Iterable[str | None] = ()) -> list[str]:
    """Normalise raw author strings into a de-duplicated list of person names."""
    skip = {s.strip().lower() for s in site_names if s}
    out: list[str] = []
    seen: set[str] = set()
    for raw in raws:
        if not raw or not isinstance(raw, str):
            continue
        text = re.sub(r"\s+", " ", raw).strip()
        if len(text) > 300:
            continue
        text = _PREFIX.sub("", text)
        for part in _SPLIT.split(text):
            part = _PREFIX.sub("", part)
            name = _clean_one(part)
            if not _plausible(name):
                continue
            key = name.lower()
            if key in skip or key in _NOT_NAMES or key in seen:
                continue
            seen.add(key)
            out.append(name)
    return out


def _plausible(name: str) -> bool:
    if not name or len(name) > 60 or len(name) < 2:
        return False
    if _DATEISH.search(name) or any(ch.isdigit() for ch in name):
        return False
    words = name.split()
    if len(words) > 5 or words[-1].lower() in _ROLE_WORDS:
        return False
    return bool(_LETTERS.search(name))


_BYLINE = re.compile(
    r"^(?:by|von|par|por|di|door|(?:written|posted|reporting|story|text|words)\s+by|text\s*:)\s+(?P<n>.{2,200})$",
    re.I,
)
_PARTICLE = frozenset("de da del della der den van von la le du dos di bin ibn al el ter y e".split())


def looks_like_name(name: str) -> bool:
    """Two to five words, each capitalised (or a particle): "Jean de la Fontaine", "Hana Kovač"."""
    words = name.split()
    if not 1 < len(words) <= 5:
        return False
    return all(w[:1].isupper() or w.lower() in _PARTICLE for w in words)


def byline_names(line: str) -> list[str] | None:
    """Names when a whole line is a byline ("By Jane Doe and John Roe", "Jane Doe"), else None."""
    line = line.strip()
    if not line or len(line) > 200:
        return None
    m = _BYLINE.match(line)
    if m:
        names = [n for n in clean_authors([m.group("n")]) if looks_like_name(n)]
        return names or None
    if not any(ch in line for ch in ".:;!?") and all(looks_like_name(part) for part in _SPLIT.split(line) if part):
        names = clean_authors([line])
        return names or None
    return None
