"""What each page shows, as plain data: the HTML pages render it, the JSON API returns it.

One function per page keeps the two in step: the API mirrors the pages because it is built from
the very same calls to the Corpus API.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from onrecord.corpus import Corpus, QueryError
from onrecord.serve import params as P
from onrecord.serve.chart import weekly_chart
from onrecord.serve.highlight import mark
from onrecord.serve.memo import Memo

HOME_LATEST = 10
HOME_SPEAKERS = 10
CO_SPEAKERS = 20


@dataclass
class Page:
    """A page of rows plus whether another page follows (found by asking for one row more)."""

    rows: list[Any]
    paging: P.Paging
    has_more: bool

    @classmethod
    def of(cls, fetch: Any, paging: P.Paging) -> Page:
        rows = fetch(limit=paging.per_page + 1, offset=paging.offset)
        return cls(rows[: paging.per_page], paging, len(rows) > paging.per_page)

    def to_dict(self) -> dict[str, Any]:
        return {
            "page": self.paging.page,
            "per_page": self.paging.per_page,
            "has_more": self.has_more,
            "results": [r.to_dict() for r in self.rows],
        }


def home(corpus: Corpus, memo: Memo) -> dict[str, Any]:
    return {
        "stats": memo.get("stats", corpus.stats),
        "latest": corpus.search(limit=HOME_LATEST),
        "top_speakers": memo.get(("speakers", HOME_SPEAKERS, 0),
                                 lambda: corpus.ranked_speakers(limit=HOME_SPEAKERS)),
    }


def search(corpus: Corpus, query: Mapping[str, str]) -> dict[str, Any]:
    values = P.read_all(P.SEARCH, query)
    paging = P.Paging.read(query)
    kwargs = P.search_kwargs(values)
    page = Page.of(lambda **more: corpus.search(**kwargs, **more), paging)
    return {"filters": values, "page": page}


def search_all(corpus: Corpus, query: Mapping[str, str]) -> tuple[dict[str, Any], list[Any], bool]:
    """Every match of a search, up to DOWNLOAD_LIMIT; the flag says whether more were left out."""
    values = P.read_all(P.SEARCH, query)
    rows = corpus.search(**P.search_kwargs(values), limit=P.DOWNLOAD_LIMIT + 1)
    return values, rows[: P.DOWNLOAD_LIMIT], len(rows) > P.DOWNLOAD_LIMIT


def speakers(corpus: Corpus, query: Mapping[str, str], memo: Memo) -> dict[str, Any]:
    paging = P.Paging.read(query)

    def ranked(limit: int, offset: int) -> list[Any]:
        return memo.get(("speakers", limit, offset), lambda: corpus.ranked_speakers(limit=limit, offset=offset))

    return {"page": Page.of(ranked, paging)}


def stored_id(value: int, what: str) -> int:
    """A path id SQLite can hold (a 20-digit number would overflow its integer, not miss)."""
    if not 0 < value < 2**63:
        raise QueryError(f"no {what} {value} in the store")
    return value


def speaker(corpus: Corpus, person_id: int, query: Mapping[str, str]) -> dict[str, Any]:
    person_id = stored_id(person_id, "speaker")
    person = corpus.speaker(person_id)  # QueryError (→ 404) when there is no such entry
    paging = P.Paging.read(query)
    weeks = corpus.speaker_weeks(person_id)
    return {
        "speaker": person,
        "weeks": weeks,
        "chart": weekly_chart(weeks),
        "co_speakers": corpus.co_speakers(person_id, limit=CO_SPEAKERS),
        "page": Page.of(lambda **more: corpus.speaker_statements(person_id, **more), paging),
    }


def article(corpus: Corpus, article_id: int) -> dict[str, Any]:
    view = corpus.show(stored_id(article_id, "article"))
    art = view.article
    said = Counter(st.speaker.id for st in art.statements if st.speaker is not None and st.speaker.id)
    marked = mark(art, view.people)
    people = [
        {"person": p, "registry_id": view.people.get(p.id), "statements": said.get(p.id, 0),
         "colour": next((marked.colours[i] for i, st in enumerate(art.statements)
                         if st.speaker is not None and st.speaker.id == p.id), None)}
        for p in art.people
    ]
    return {"view": view, "marked": marked, "people": people}


def runs(corpus: Corpus, query: Mapping[str, str]) -> dict[str, Any]:
    return {"page": Page.of(corpus.runs, P.Paging.read(query))}


def errors(corpus: Corpus, query: Mapping[str, str]) -> dict[str, Any]:
    values = P.read_all(P.ERRORS, query)
    page = Page.of(lambda **more: corpus.errors(run_id=values["run"], stage=values["stage"], **more), P.Paging.read(query))
    return {"filters": values, "page": page}
