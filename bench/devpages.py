"""Where the staged benchmark sets live, and their development pages as raw bytes.

The data sits outside the repository (it must never be copied in), in a ``shared`` folder
beside the work tree; ``ONRECORD_SHARED`` points elsewhere when the layout differs.
"""

from __future__ import annotations

import gzip
import json
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

# Folder names under shared/bench, with the short names the CLI also accepts.
BODY_SETS = ("scrapinghub-aeb", "trafilatura-eval")
DATE_SETS = ("htmldate-eval",)
ALIASES = {
    "aeb": "scrapinghub-aeb",
    "scrapinghub": "scrapinghub-aeb",
    "trafilatura": "trafilatura-eval",
    "htmldate": "htmldate-eval",
    "dates": "htmldate-eval",
}


def shared_dir() -> Path:
    override = os.environ.get("ONRECORD_SHARED")
    return Path(override).expanduser().resolve() if override else (REPO.parent / "shared")


def bench_dir() -> Path:
    return shared_dir() / "bench"


def scorer_path() -> Path:
    return shared_dir() / "tools" / "extract_score.py"


def dataset_name(name: str) -> str:
    full = ALIASES.get(name, name)
    if full not in BODY_SETS + DATE_SETS:
        known = ", ".join(BODY_SETS + DATE_SETS + tuple(ALIASES))
        raise ValueError(f"unknown dataset {name!r}; known: {known}")
    return full


@dataclass(frozen=True)
class DevPage:
    dataset: str
    page_id: str  # the item id (AEB) or the page's file name; never page text
    url: str | None
    raw: bytes


def _entries(folder: Path) -> list[tuple[str, str, str | None]]:
    """(page id, gz file name, url) for each annotated page of a body set, in a stable order."""
    truth = folder / "ground-truth.json"
    if truth.exists():
        items = json.loads(truth.read_text(encoding="utf-8"))
        return [(k, f"{k}.html.gz", v.get("url")) for k, v in sorted(items.items())]
    evaldata = folder / "evaldata.json"
    if evaldata.exists():
        items = json.loads(evaldata.read_text(encoding="utf-8"))
        return sorted((v["file"], v["file"] + ".gz", url) for url, v in items.items())
    raise FileNotFoundError(f"{folder}: no ground-truth.json or evaldata.json")


def dev_pages(datasets: tuple[str, ...] = BODY_SETS, limit: int = 0) -> Iterator[DevPage]:
    """The development pages of the body-extraction sets; ``limit`` caps each set."""
    for name in datasets:
        folder = bench_dir() / name
        entries = _entries(folder)
        if limit:
            entries = entries[:limit]
        for page_id, fname, url in entries:
            with gzip.open(folder / "html" / fname, "rb") as fh:
                yield DevPage(name, page_id, url, fh.read())


_META_CHARSET = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([\w\-:.]{1,40})""", re.IGNORECASE
)


def to_text(raw: bytes) -> str:
    """A plain decode, so both parsers in the parser benchmark get the very same string.

    UTF-8 when the bytes are UTF-8, else the declared charset, else cp1252: enough for timing
    parsers, which is all it is used for.
    """
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    found = _META_CHARSET.search(raw[:8192])
    if found:
        try:
            return raw.decode(found.group(1).decode("ascii"), errors="replace")
        except LookupError:
            pass
    return raw.decode("cp1252", errors="replace")
