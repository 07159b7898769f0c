"""Scripted documents for ingest tests: each "page" is a JSON object that says what to do.

{"article": {...}}            → that Article, as if read (statements and people included)
{"sleep": 0.2, "article": …}  → the same, slowly (for the kill test)
{"crash": true}               → the worker process dies (SIGKILL to itself)
{"hang": true}                → the worker loops for ever
{"balloon": true}             → the worker allocates memory until the cap stops it
{"raise": "text"}             → an unexpected exception in the reader
"""

from __future__ import annotations

import json
import os
import signal
import time
from pathlib import Path
from typing import Any

from onrecord.model import Article, Cue, Person, Speaker, Statement

READER = "tests.corpus.scripted:read_scripted"


def read_scripted(content: bytes, *, url: str | None, content_type: str | None, kind: str, fast: bool) -> Article:
    script = json.loads(content.decode("utf-8"))
    if script.get("crash"):
        os.kill(os.getpid(), signal.SIGKILL)
    if script.get("hang"):
        while True:
            pass
    if script.get("balloon"):
        hoard = []
        while True:
            hoard.append(bytearray(64 * 1024 * 1024))
    if "raise" in script:
        raise ValueError(script["raise"])
    if script.get("sleep"):
        time.sleep(float(script["sleep"]))
    return Article.from_dict(script["article"])


def article(
    text: str,
    said: list[tuple[str, str]] = (),  # type: ignore[assignment]
    *,
    people: list[dict[str, Any]] | None = None,
    url: str | None = None,
    title: str = "A story",
    published: str | None = "2024-05-01",
    site_name: str | None = None,
) -> Article:
    """An Article whose body is ``text`` plus one paragraph per (speaker local id, quote)."""
    persons = [Person(**p) for p in (people or [])]
    by_id = {p.id: p for p in persons}
    body = text
    statements = []
    for local_id, quote in said:
        person = by_id[local_id]
        sentence = f"“{quote},” said {person.name}."
        start = len(body) + 2 + 1
        body = body + "\n\n" + sentence
        statements.append(
            Statement(
                kind="direct",
                text=quote,
                start=start,
                end=start + len(quote),
                speaker=Speaker(mention=person.name, name=person.name, type=person.type, id=person.id),
                cue=Cue(text="said", start=start + len(quote) + 3, end=start + len(quote) + 7, lemma="say"),
            )
        )
    return Article(
        url=url, title=title, published=published, site_name=site_name, text=body,
        statements=statements, people=persons, source_kind="html",
    )


def write_script(path: Path, **script: Any) -> Path:
    if isinstance(script.get("article"), Article):
        script["article"] = script["article"].to_dict()
    path.write_text(json.dumps(script), encoding="utf-8")
    return path


WORDS = ["council", "harbour", "ferry", "budget", "school", "river", "bridge", "housing", "rent", "storm", "flood", "road", "rail", "port", "fishing", "museum", "library", "clinic", "hospital", "nurse", "teacher", "market", "festival", "theatre", "stadium", "tram", "wind", "solar", "grid", "water", "sewer", "park", "garden", "forest", "coast", "island", "village", "town", "city", "county", "region", "parliament", "court", "police"]


def filler(seed: int, n: int = 120) -> str:
    """Deterministic prose-like filler, different for each seed."""
    import random

    rng = random.Random(seed)
    sentences = []
    for _ in range(max(1, n // 12)):
        words = [rng.choice(WORDS) for _ in range(12)]
        sentences.append(" ".join(words).capitalize() + ".")
    return " ".join(sentences)
