from __future__ import annotations

import gzip
import io
from pathlib import Path

from onrecord.sources.discover import FileItem, PageItem, Problem, UrlItem, discover
from tests.sources.warcs import gz, page, record


def _kinds(items: list[object]) -> list[tuple[str, str]]:
    out = []
    for item in items:
        if isinstance(item, FileItem):
            out.append(("file", item.path.name))
        elif isinstance(item, UrlItem):
            out.append(("url", item.url))
        elif isinstance(item, PageItem):
            out.append(("warc", item.url or item.key))
        elif isinstance(item, Problem):
            out.append(("problem", item.reason))
    return out


def test_folders_globs_lists_feeds_and_warcs(tmp_path: Path) -> None:
    (tmp_path / "site" / "2024").mkdir(parents=True)
    (tmp_path / "site" / "a.html").write_text("<p>a</p>")
    (tmp_path / "site" / "2024" / "b.htm.gz").write_bytes(gzip.compress(b"<p>b</p>"))
    (tmp_path / "site" / "2024" / "c.txt").write_text("Story text")
    (tmp_path / "site" / "notes.md").write_text("ignored")
    (tmp_path / "site" / "logo.png").write_bytes(b"\x89PNG")
    (tmp_path / "site" / "arch.warc.gz").write_bytes(gz([record("https://w.example/1", page(1))]))
    urls = tmp_path / "urls.txt"
    urls.write_text("https://x.example/1\n\n# comment\nhttps://x.example/2\n")
    feed = tmp_path / "feed.xml"
    feed.write_text('<rss><channel><item><link>https://f.example/1</link></item></channel></rss>')
    items = list(discover([str(tmp_path / "site"), str(urls), str(feed), str(tmp_path / "site" / "**" / "*.txt"), "https://u.example/"]))
    assert _kinds(items) == [
        ("file", "a.html"),
        ("warc", "https://w.example/1"),
        ("file", "b.htm.gz"),
        ("file", "c.txt"),
        ("url", "https://x.example/1"),
        ("url", "https://x.example/2"),
        ("url", "https://f.example/1"),
        ("file", "c.txt"),
        ("url", "https://u.example/"),
    ]


def test_stdin_and_missing_sources(tmp_path: Path) -> None:
    (tmp_path / "p.html").write_text("<p>x</p>")
    stdin = io.StringIO(f"https://s.example/1\n{tmp_path / 'p.html'}\n\n{tmp_path / 'nope.html'}\n")
    kinds = _kinds(list(discover(["-", str(tmp_path / "nothing*.html")], stdin=stdin)))
    assert kinds[:2] == [("url", "https://s.example/1"), ("file", "p.html")]
    assert kinds[2][0] == "problem" and "no such file" in kinds[2][1]
    assert kinds[3] == ("problem", f"no file matches {tmp_path / 'nothing*.html'}")


def test_a_text_page_is_not_mistaken_for_a_url_list(tmp_path: Path) -> None:
    story = tmp_path / "story.txt"
    story.write_text("Harbour council meets\n\nhttps://example.com is where the minutes are.\n")
    assert _kinds(list(discover([str(story)]))) == [("file", "story.txt")]
