from __future__ import annotations

from pathlib import Path

from onrecord.sources.warc import WarcPage, WarcProblem, looks_like_warc, read_warc
from tests.sources.warcs import gz, page, plain, record


def _read(path: Path) -> tuple[list[str | None], list[str]]:
    pages, problems = [], []
    for item in read_warc(path):
        if isinstance(item, WarcPage):
            pages.append(item.url)
        else:
            assert isinstance(item, WarcProblem)
            problems.append(item.reason)
    return pages, problems


def _good(n: int) -> list[bytes]:
    return [record(f"https://w.example/{i}", page(i)) for i in range(n)]


def test_html_responses_only(tmp_path: Path) -> None:
    records = [*_good(3), record("https://w.example/logo.png", b"\x89PNG....", ctype="image/png"), record("https://w.example/404", page(9), status=404), record("https://w.example/req", b"GET / HTTP/1.1\r\n\r\n", rtype="request")]
    for name, data in (("a.warc", plain(records)), ("a.warc.gz", gz(records))):
        path = tmp_path / name
        path.write_bytes(data)
        assert looks_like_warc(data[:1024])
        assert _read(path) == ([f"https://w.example/{i}" for i in range(3)], [])


def test_truncated_archive_keeps_what_came_before(tmp_path: Path) -> None:
    for name, data in (("t.warc", plain(_good(4))), ("t.warc.gz", gz(_good(4)))):
        cut = tmp_path / name
        cut.write_bytes(data[: int(len(data) * 0.6)])
        pages, problems = _read(cut)
        assert pages == ["https://w.example/0", "https://w.example/1"]
        assert len(problems) == 1


def test_lying_content_length_costs_one_record(tmp_path: Path) -> None:
    for declared in (50_000, 40):  # says more than there is; says less than there is
        records = _good(4)
        records[1] = record("https://w.example/liar", page(1), declared=declared)
        for name, data in (("l.warc", plain(records)), ("l.warc.gz", gz(records))):
            path = tmp_path / name
            path.write_bytes(data)
            pages, problems = _read(path)
            assert pages == ["https://w.example/0", "https://w.example/2", "https://w.example/3"], (declared, name)
            assert problems, (declared, name)


def test_not_a_warc(tmp_path: Path) -> None:
    path = tmp_path / "x.warc"
    path.write_bytes(b"just some text\n" * 50)
    assert _read(path) == ([], ["the file does not start with a WARC record; no record found"])
    empty = tmp_path / "e.warc.gz"
    empty.write_bytes(b"")
    assert _read(empty)[1] == ["the WARC file is empty"]
