"""An invented news corpus for the crash-safety tests, and a comparable snapshot of a store.

The pages are real HTML read by the real reader (not scripted Articles), so a kill can land
anywhere in the actual pipeline: decoding, parsing, attribution, the registry, the writer.
Speakers have unique full names, so the registry's answer does not depend on the order in
which the workers hand back their pages (a clean run and a killed-and-rerun one store pages
in different orders).
"""

from __future__ import annotations

import html
import random
import sqlite3
import sys
from pathlib import Path
from typing import Any

from tests.sources.warcs import gz, record

FIRST = ["Ilka", "Tomasz", "Wren", "Odile", "Kofi", "Marisol", "Anders", "Priya", "Duncan", "Leilani",
         "Hamid", "Greta", "Joaquin", "Sunniva", "Emeka", "Rosalind", "Yuto", "Fenna", "Dario", "Aoife"]
LAST = ["Varga", "Okonkwo", "Halvorsen", "Marenko", "Bellweather", "Castellanos", "Achterberg",
        "Quennell", "Rautio", "Stavros", "Lindqvist", "Pemberton", "Oyelaran", "Dufresne", "Kettering"]
ROLES = ["mayor", "harbour master", "council leader", "head teacher", "fire chief", "ferry operator",
         "union steward", "museum director", "planning officer", "chief nurse"]
ORGS = ["Harbour Trust", "Coastal Ferries", "Riverside Tenants Union", "Northgate Council"]
TOPICS = ["the pier", "the ferry timetable", "rents on the seafront", "the flood wall", "the new library",
          "school buses", "the fish market", "the tram extension", "night shifts at the clinic", "the storm drains"]
VERBS = ["said", "told reporters", "added", "warned", "insisted"]
FILL = ["council", "harbour", "ferry", "budget", "school", "river", "bridge", "housing", "storm", "flood",
        "road", "rail", "port", "museum", "library", "clinic", "market", "festival", "tram", "coast"]


def people(rng: random.Random, n: int) -> list[tuple[str, str]]:
    """``n`` distinct (full name, role) pairs from a pool of 300 names."""
    names = rng.sample([f"{f} {s}" for f in FIRST for s in LAST], n)
    return [(name, rng.choice(ROLES)) for name in names]


def _prose(rng: random.Random, sentences: int) -> str:
    out = []
    for _ in range(sentences):
        words = [rng.choice(FILL) for _ in range(rng.randint(9, 16))]
        out.append(" ".join(words).capitalize() + ".")
    return " ".join(out)


def page_html(i: int, *, cast: list[tuple[str, str]], base: str = "https://news.example") -> tuple[str, bytes]:
    """Story ``i``: a URL and an HTML page with direct quotes, reported speech and furniture."""
    rng = random.Random(7000 + i)
    url = f"{base}/{2024 + i % 2}/story-{i:04d}"
    speakers = rng.sample(cast, 3)
    org = rng.choice(ORGS)
    topic = rng.choice(TOPICS)
    paras = [f"The row over {topic} went on this week. {_prose(rng, 3)}"]
    for name, role in speakers:
        surname = name.split()[-1]
        quote = f"We will not wait another year for {topic}, and story {i} is why"
        paras.append(f"“{quote},” {rng.choice(VERBS)} {name}, the town’s {role}.")
        paras.append(_prose(rng, 2))
        paras.append(f"{surname} said the plan for {topic} would be published in {rng.choice(['May', 'June', 'July'])}.")
    paras.append(f"A spokesperson for the {org} said: “The {org} has nothing to add about {topic} today.”")
    paras.append(_prose(rng, 4))
    body = "\n".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paras)
    title = f"Story {i}: {speakers[0][0].split()[-1]} and the fight over {topic}"
    day = 1 + i % 28
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>{html.escape(title)} | The Coast Courier</title>
<link rel="canonical" href="{url}">
<meta property="og:title" content="{html.escape(title)}">
<meta property="og:site_name" content="The Coast Courier">
<meta property="article:published_time" content="2024-{1 + i % 12:02d}-{day:02d}T08:00:00Z">
</head><body>
<nav class="site-nav"><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
<div class="cookie-banner">We use cookies. <button>Accept</button></div>
<main><article>
<h1>{html.escape(title)}</h1>
<p class="byline">By {html.escape(rng.choice(cast)[0])}</p>
{body}
</article>
<aside class="related"><h3>Related</h3><ul><li><a href="/x">Another story</a></li></ul></aside>
</main>
<footer>© The Coast Courier. <a href="/privacy">Privacy</a></footer>
</body></html>
"""
    return url, page.encode("utf-8")


def write_corpus(root: Path, n: int = 200, *, warc: bool = True, bad: bool = True) -> list[str]:
    """``n`` pages under ``root/pages`` (some in a subfolder), a WARC of the same pages, and a
    few pages that cannot be read. Returns the sources to give ``onrecord ingest``.

    The WARC's pages are the folder's pages again (same canonical URL and text): each is stored
    and linked as a copy of its folder twin, so copies are exercised across a kill as well.
    """
    pages = root / "pages"
    (pages / "more").mkdir(parents=True, exist_ok=True)
    cast = people(random.Random(99), 40)
    records: list[bytes] = []
    for i in range(n):
        url, data = page_html(i, cast=cast)
        folder = pages / "more" if i % 3 == 0 else pages
        (folder / f"story-{i:04d}.html").write_bytes(data)
        if warc and i % 2 == 0:  # half of them in the archive
            records.append(record(url.replace("news.example", "mirror.example"), data))
    if bad:
        (pages / "empty.html").write_bytes(b"")
        (pages / "binary.html").write_bytes(bytes(range(256)) * 64)
        (pages / "nul.html").write_bytes(b"\0" * 4096)
    sources = [str(pages)]
    if warc:
        archive = root / "mirror.warc.gz"
        archive.write_bytes(gz(records))
        sources.append(str(archive))
    return sources


def ingest_command(sources: list[str], db: Path) -> list[str]:
    """`onrecord ingest` as a user types it. Two workers whatever the machine: the pool of the
    development machine, where the figures in RELIABILITY.md come from."""
    return [sys.executable, "-m", "onrecord", "ingest", *sources, "--db", str(db), "--workers", "2", "--quiet"]


# -- comparing stores ----------------------------------------------------------------------------


def stored_articles(db: Path) -> int | None:
    """Articles readable in a store just after a kill (None: no store, or no table yet)."""
    if not db.exists():
        return None
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return int(conn.execute("SELECT count(*) FROM articles").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.Error:
        return None


def _rows(conn: sqlite3.Connection, sql: str) -> list[tuple[Any, ...]]:
    return [tuple(r) for r in conn.execute(sql).fetchall()]


def snapshot(db: Path) -> dict[str, Any]:
    """What must be the same after kill-and-rerun as after a clean run, keyed by content, not by
    row ids (ids follow the order pages were stored in, which the workers do not fix)."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        snap: dict[str, Any] = {}
        snap["integrity"] = _rows(conn, "PRAGMA integrity_check")
        snap["foreign_keys"] = _rows(conn, "PRAGMA foreign_key_check")
        snap["articles"] = sorted(_rows(conn,
            "SELECT s.key, s.content_hash, a.title, a.url, a.words, a.text_hash FROM articles a"
            " JOIN sources s ON s.id = a.source_id"))
        snap["sources"] = sorted(_rows(conn, "SELECT key, content_hash, kind, status FROM sources"))
        snap["statements"] = sorted(_rows(conn,
            "SELECT s.key, st.position, st.kind, st.text, st.speaker_name, st.cue, p.name FROM statements st"
            " JOIN articles a ON a.id = st.article_id JOIN sources s ON s.id = a.source_id"
            " LEFT JOIN people p ON p.id = st.person_id"))
        # A copy's group, by keys: which of two twins is "the original" depends on which was
        # stored first, so the pair is compared, not its direction.
        snap["copies"] = sorted(
            tuple(sorted(pair)) for pair in _rows(conn,
                "SELECT s1.key, s2.key FROM articles a JOIN articles o ON o.id = a.duplicate_of"
                " JOIN sources s1 ON s1.id = a.source_id JOIN sources s2 ON s2.id = o.source_id"))
        snap["people"] = sorted(_rows(conn,
            "SELECT name, type, first_name, surname, statements, articles FROM people"))
        snap["aliases"] = sorted(_rows(conn,
            "SELECT p.name, a.alias, a.count FROM aliases a JOIN people p ON p.id = a.person_id"))
        snap["roles"] = sorted(_rows(conn,
            "SELECT p.name, r.role, r.count FROM roles r JOIN people p ON p.id = r.person_id"))
        snap["mentions"] = sorted(_rows(conn,
            "SELECT s.key, m.local_id, p.name, m.role FROM mentions m JOIN people p ON p.id = m.person_id"
            " JOIN articles a ON a.id = m.article_id JOIN sources s ON s.id = a.source_id"))
        snap["errors"] = sorted(_rows(conn, "SELECT source, content_hash, stage, reason FROM errors"))
        snap["counts"] = {
            table: conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
            for table in ("articles", "statements", "statements_fts", "people", "mentions", "errors",
                          "sources", "article_bands")
        }
    finally:
        conn.close()
    # The full-text index agrees with its table: FTS5's 'integrity-check' raises if the index
    # and the statements table disagree. It is a command written as an INSERT, so it needs a
    # read-write handle, though it changes nothing.
    rw = sqlite3.connect(db)
    try:
        rw.execute("INSERT INTO statements_fts(statements_fts, rank) VALUES ('integrity-check', 1)")
        rw.execute("INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 0)")
    finally:
        rw.close()
    return snap


def duplicates(db: Path) -> dict[str, int]:
    """Rows that would be there twice if a document had been stored twice (all must be 0)."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        checks = {
            "sources_per_key_hash": "SELECT count(*) FROM (SELECT 1 FROM sources GROUP BY key, content_hash HAVING count(*) > 1)",
            "articles_per_source": "SELECT count(*) FROM (SELECT 1 FROM articles GROUP BY source_id HAVING count(*) > 1)",
            "statements_per_position": "SELECT count(*) FROM (SELECT 1 FROM statements GROUP BY article_id, position HAVING count(*) > 1)",
            "people_per_name": "SELECT count(*) FROM (SELECT 1 FROM people GROUP BY name, type HAVING count(*) > 1)",
            "bands_per_article": "SELECT count(*) FROM (SELECT 1 FROM article_bands GROUP BY article_id, key HAVING count(*) > 1)",
            "errors_also_stored": "SELECT count(*) FROM errors e JOIN sources s ON s.key = e.source AND s.status = 'ok'",
            "ok_sources_without_article": "SELECT count(*) FROM sources s WHERE s.status = 'ok'"
            " AND NOT EXISTS (SELECT 1 FROM articles a WHERE a.source_id = s.id)",
            "articles_of_error_sources": "SELECT count(*) FROM articles a JOIN sources s ON s.id = a.source_id WHERE s.status != 'ok'",
        }
        return {name: int(conn.execute(sql).fetchone()[0]) for name, sql in checks.items()}
    finally:
        conn.close()


def runs_add_up(db: Path) -> None:
    """The runs' counters are committed with the rows they count, so they agree even after kills."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        documents, statements, copies = conn.execute(
            "SELECT sum(documents), sum(statements), sum(duplicates) FROM runs").fetchone()
        assert documents == conn.execute("SELECT count(*) FROM articles").fetchone()[0]
        assert statements == conn.execute("SELECT count(*) FROM statements").fetchone()[0]
        assert copies == conn.execute("SELECT count(*) FROM articles WHERE duplicate_of IS NOT NULL").fetchone()[0]
        last = conn.execute("SELECT status FROM runs ORDER BY id DESC LIMIT 1").fetchone()[0]
        assert last == "done"
    finally:
        conn.close()
