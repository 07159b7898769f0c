"""The bundled sample corpus (samples/): pages marked as invented, feeds that point at them, and
samples/make_warc.py, which packs them into a WARC at demo time."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import lxml.etree
import lxml.html
import pytest

from tests.conftest import ROOT

SAMPLES = ROOT / "samples"
PAGES = sorted((SAMPLES / "pages").glob("*.html"))
MARK = "<!-- onrecord sample page:"
PLACEHOLDER = "http://news.example/"
CANONICAL = re.compile(r"""<link\s+rel=["']canonical["']\s+href=["']([^"']+)["']""")


def canonical(path: Path) -> str:
    found = CANONICAL.search(path.read_text("utf-8"))
    assert found, f"{path.name} has no canonical link"
    return found.group(1)


def test_pages_are_marked_as_invented_samples() -> None:
    assert len(PAGES) >= 10, f"expected about 12 sample pages, found {len(PAGES)}"
    for page in PAGES:
        head = page.read_text("utf-8")[:400]
        assert MARK in head and "invented" in head, f"{page.name} lacks the sample-page comment near its top"
    readme = (SAMPLES / "README.md").read_text("utf-8")
    assert "invented" in readme.lower() and "not real news" in readme.lower()


def test_pages_come_from_four_outlets_over_several_weeks() -> None:
    hosts = {re.sub(r"^https?://([^/]+)/.*$", r"\1", canonical(p)) for p in PAGES}
    assert len(hosts) == 4, hosts
    dates = sorted(re.match(r"[a-z]+-(\d{4}-\d{2}-\d{2})-", p.name).group(1) for p in PAGES)  # type: ignore[union-attr]
    assert dates[0] < "2025-09-08" and dates[-1] > "2025-09-29", dates


@pytest.mark.parametrize("feed", ["rss.xml", "sitemap.xml"])
def test_feeds_list_existing_pages(feed: str) -> None:
    root = lxml.etree.fromstring((SAMPLES / "feeds" / feed).read_bytes())
    urls = [el.text for el in root.iter() if isinstance(el.tag, str) and el.tag.rsplit("}", 1)[-1] in ("link", "loc")]
    pages = [u for u in urls if u and u.startswith(PLACEHOLDER + "pages/")]
    assert len(pages) >= 5, f"{feed} lists too few pages: {urls}"
    for url in pages:
        assert (SAMPLES / url[len(PLACEHOLDER):]).is_file(), f"{feed} lists {url}, which is not in samples/pages"


def _body_paragraphs(path: Path) -> list[str]:
    doc = lxml.html.document_fromstring(path.read_bytes())
    body = doc.xpath('//*[@itemprop="articleBody"] | //*[contains(@class, "field--name-body")]')
    assert body, f"{path.name}: no article body element"
    return [" ".join(p.text_content().split()) for p in body[0].iter("p")]


def test_the_wire_story_is_republished_as_a_near_duplicate() -> None:
    wire = SAMPLES / "pages" / "coastwire-2025-09-05-dockworkers-threaten-strike.html"
    copy = SAMPLES / "pages" / "today-2025-09-05-halvik-dockworkers-threaten-strike.html"
    assert _body_paragraphs(wire) == _body_paragraphs(copy)
    assert canonical(wire) != canonical(copy)
    assert wire.read_bytes() != copy.read_bytes()


def _build(out: Path, *extra: str) -> None:
    result = subprocess.run(
        [sys.executable, str(SAMPLES / "make_warc.py"), "--out", str(out), *extra],
        cwd=out.parent,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def test_make_warc_archives_every_page(tmp_path: Path) -> None:
    pytest.importorskip("warcio")
    from warcio.archiveiterator import ArchiveIterator

    out = tmp_path / "samples.warc.gz"
    _build(out)
    responses: dict[str, bytes] = {}
    kinds: list[str] = []
    with out.open("rb") as fh:
        for record in ArchiveIterator(fh):
            kinds.append(record.rec_type)
            if record.rec_type == "response" and "text/html" in (record.http_headers.get_header("Content-Type") or ""):
                responses[record.rec_headers.get_header("WARC-Target-URI")] = record.content_stream().read()
    assert kinds[0] == "warcinfo"
    assert kinds.count("request") == kinds.count("response")
    assert responses == {canonical(p): p.read_bytes() for p in PAGES}


def test_make_warc_is_deterministic_and_can_use_placeholder_urls(tmp_path: Path) -> None:
    pytest.importorskip("warcio")
    from warcio.archiveiterator import ArchiveIterator

    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    _build(tmp_path / "a" / "s.warc.gz", "--placeholder-urls")
    _build(tmp_path / "b" / "s.warc.gz", "--placeholder-urls")
    first = (tmp_path / "a" / "s.warc.gz").read_bytes()
    assert first == (tmp_path / "b" / "s.warc.gz").read_bytes()
    with (tmp_path / "a" / "s.warc.gz").open("rb") as fh:
        uris = {r.rec_headers.get_header("WARC-Target-URI") for r in ArchiveIterator(fh) if r.rec_type == "response"}
    assert {f"{PLACEHOLDER}pages/{p.name}" for p in PAGES} <= uris
