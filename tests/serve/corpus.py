"""A small invented corpus for the explorer tests, stored through ``Corpus.ingest``.

Each "page" is a JSON file holding an Article; the reader below turns it back into one, so the
store is written by the real ingest (registry, duplicates, FTS, errors) without any parsing.
Some pages are hostile on purpose: every probe sets ``window.__xss`` and calls ``alert`` if it
ever runs, and the tests check that neither happens.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from onrecord.corpus import Corpus
from onrecord.model import Article, Cue, Person, Span, Speaker, Statement

READER = "tests.serve.corpus:read_page"
FAILING_MARK = "FAIL:"

# Probes for every place a stored value is shown.
SCRIPT = "<script>window.__xss=1;alert('script')</script>"
IMG = '"><img src=x onerror="window.__xss=1;alert(\'img\')">'
SVG = "<svg/onload=window.__xss=1;alert('svg')>"
QUOTE_BREAK = "' onmouseover='window.__xss=1' x='"
JS_URL = "javascript:window.__xss=1;alert('url')"


def read_page(content: bytes, *, url: str | None, content_type: str | None, kind: str, fast: bool) -> Article:
    text = content.decode("utf-8")
    if text.startswith(FAILING_MARK):
        raise ValueError(text[len(FAILING_MARK):])
    return Article.from_json(text)


class Builder:
    """Writes articles whose statements are sentences appended to the body, offsets computed."""

    def __init__(self) -> None:
        self.articles: list[tuple[str, Article]] = []
        self.failures: list[tuple[str, str]] = []

    def article(
        self,
        name: str,
        *,
        title: str,
        url: str,
        published: str,
        people: list[Person],
        said: list[tuple[str, str, str | None, str]],  # (person id, quote, venue, kind)
        lead: str = "The council met on Tuesday.",
        site_name: str | None = None,
        authors: list[str] | None = None,
    ) -> Article:
        by_id = {p.id: p for p in people}
        body = lead
        statements: list[Statement] = []
        for local_id, quote, venue, kind in said:
            person = by_id[local_id]
            tail = f" said {person.name}" + (f" in {venue}" if venue else "")
            sentence = f"“{quote},”{tail}."
            start = len(body) + 2 + 1
            body = body + "\n\n" + sentence
            cue_at = start + len(quote) + 3
            statements.append(Statement(
                kind=kind, text=quote, start=start, end=start + len(quote),
                speaker=Speaker(mention=person.name, name=person.name, type=person.type, id=person.id),
                cue=Cue(text="said", start=cue_at, end=cue_at + 4, lemma="say"), venue=venue,
            ))
        art = Article(url=url, title=title, published=published, site_name=site_name, authors=authors or [],
                      text=body, statements=statements, people=people, source_kind="html")
        self.articles.append((name, art))
        return art

    def failure(self, name: str, reason: str) -> None:
        self.failures.append((name, reason))

    def ingest(self, folder: Path, db: Path) -> Any:
        folder.mkdir(parents=True, exist_ok=True)
        for name, art in self.articles:
            (folder / f"{name}.txt").write_text(art.to_json(), encoding="utf-8")
        for name, reason in self.failures:
            (folder / f"{name}.txt").write_text(FAILING_MARK + reason, encoding="utf-8")
        with Corpus(db) as corpus:
            return corpus.ingest([str(folder)], reader=READER, workers=-1)


RUIZ = Person(id="p1", name="Ana Ruiz", type="person", role="Mayor", gender="female", mentions=["Ana Ruiz", "Ruiz"])
OKAFOR = Person(id="p2", name="Tom Okafor", type="person", role="harbour master", mentions=["Tom Okafor"])
PORT = Person(id="p3", name="Port Authority", type="organization", mentions=["Port Authority"])
HOSTILE = Person(id="h1", name="Eve <script>window.__xss=1</script> Mallory", type="person",
                 role=IMG, mentions=["Eve Mallory" + SVG])


def build(tmp: Path) -> Path:
    """The test store: ten harbour stories over six weeks, a syndicated copy, probes, failures."""
    b = Builder()
    for week in range(6):
        day = f"2024-04-{1 + week * 5:02d}"
        b.article(
            f"harbour-{week}", title=f"Harbour plan, week {week}", url=f"https://harbour.example/story-{week}",
            published=day, people=[RUIZ, OKAFOR], site_name="Harbour News",
            said=[("p1", f"We will rebuild pier number {week} before winter", "a council meeting" if week == 0 else None, "direct"),
                  ("p2", f"The tide tables for week {week} are ready", None, "indirect")],
        )
    ferry = b.article(
        "ferry", title="Ferry fares frozen", url="https://news.other.example/ferry", published="2024-05-02",
        people=[RUIZ, PORT], site_name="Other News", authors=["Jo Writer"],
        said=[("p1", "The ferry budget is safe", "an interview with Radio Coast", "direct"),
              ("p3", "Fares stay frozen until spring", None, "partial")],
    )
    # A statement in the title, and one quote broken by its attribution (two content spans).
    ferry.title = "“Budget is safe,” says mayor"
    ferry.statements.append(Statement(kind="direct", text="Budget is safe", start=1, end=15, where="title",
                                      speaker=Speaker(mention="mayor", name="Ana Ruiz", type="person", id="p1")))
    split_at = ferry.text.index("The ferry budget")
    ferry.statements[0].spans = [Span(split_at, split_at + 10), Span(split_at + 11, split_at + 24)]
    wire = b.article(
        "wire", title="Dockworkers vote to strike", url="https://wire.example/strike", published="2024-05-10",
        people=[OKAFOR, PORT], lead="Dockworkers voted on Friday after a long meeting in the harbour hall. " * 4,
        said=[("p2", "The strike starts on Monday", None, "direct"), ("p3", "We regret the vote", None, "indirect")],
    )
    copy = Article.from_dict(wire.to_dict())
    copy.url = "https://reprint.example/strike"
    b.articles.append(("wire-copy", copy))
    # The hostile page: probes in the title, body, URL, site name, authors, speaker, venue, cue.
    hostile = b.article(
        "hostile", title=f"Harbour {SCRIPT} news {IMG}", url=JS_URL, published="2024-05-12",
        people=[HOSTILE, RUIZ], site_name=f"Evil {SVG} Site", authors=[IMG],
        lead=f"Before {SCRIPT} the {IMG} meeting {SVG} and {QUOTE_BREAK} then {JS_URL}.",
        said=[("h1", f"Nothing to see {SCRIPT} here", IMG, "direct"), ("p1", f"The harbour {SVG} is open", None, "direct")],
    )
    hostile.statements[0].cue = Cue(text=f"said{IMG}", start=0, end=4, lemma=SCRIPT)
    b.failure("broken", f"could not read {SCRIPT} {IMG}")
    b.failure("empty", "no text in the page")
    db = tmp / "explorer.db"
    summary = b.ingest(tmp / "pages", db)
    assert summary.stored == len(b.articles), summary
    assert summary.errors == 2, summary
    return db
