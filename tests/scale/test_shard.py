"""One shard read in this process (no Ray): records, chunks, resuming, bad input, formats."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from onrecord.model import Article
from onrecord.scale.child import ChildReader, ChildSettings
from onrecord.scale.shards import MissingInput, expand, local_copy, shard_id
from onrecord.scale.worker import ScaleSettings, process_shard
from tests.scale.conftest import HOOKED, read_table
from tests.scale.local import local_records
from tests.scale.readers import marked
from tests.scale.warcs import (
    corrupt_record,
    cut_member,
    huge_record,
    page_records,
    sample_pages,
    write_gz,
    write_plain,
)


def _shard(path: Path) -> Any:
    shards, missing = expand([str(path)])
    assert not missing and len(shards) == 1
    return shards[0]


def _settings(out: Path, **kw: Any) -> ScaleSettings:
    return ScaleSettings(output=str(out), chunk=kw.pop("chunk", 5), batch=kw.pop("batch", 4), **kw)


def test_records_equal_the_local_pipeline(tmp_path: Path, hooked_reader: ChildReader) -> None:
    warc = write_gz(tmp_path / "news.warc.gz", page_records(sample_pages()))
    out = tmp_path / "out"
    row = process_shard(_shard(warc), "run-1", _settings(out), hooked_reader)
    assert row["status"] == "done", row
    assert (row["records"], row["documents"], row["articles"], row["errors"]) == (12, 12, 12, 0)

    expected = local_records(warc)
    articles = read_table(out, "articles")
    assert [a["offset"] for a in articles] == sorted(expected)
    for a in articles:
        assert Article.from_json(a["record"]).to_dict() == expected[a["offset"]]
        assert a["target_uri"].startswith("https://news.example/") and len(a["content_hash"]) == 64
    # Statement rows: the article's statements, flattened in order, under its id.
    statements = read_table(out, "statements")
    assert len(statements) == row["statements"] == sum(len(v["statements"]) for v in expected.values()) > 0
    by_id = {a["article_id"]: expected[a["offset"]] for a in articles}
    for st in statements:
        original = by_id[st["article_id"]]["statements"][st["position"]]
        assert (st["kind"], st["text"], st["start"], st["end"], st["where"]) == (
            original["kind"], original["text"], original["start"], original["end"], original["where"])
        assert st["cue"] == (original["cue"] or {}).get("lemma")
    manifest = json.loads((out / "_shards" / f"{shard_id(str(warc))}.json").read_text())
    assert manifest["status"] == "done" and manifest["articles"] == 12
    assert not (out / "_work" / shard_id(str(warc))).exists()
    # The same task again (Ray rebuilding a lost result) reads nothing and reports the shard.
    again = process_shard(_shard(warc), "run-1", _settings(out), hooked_reader)
    assert (again["status"], again["documents"], again["articles"]) == ("done", 0, 12)


class _Dies(BaseException):
    """Stands for the death of the worker process: nothing in process_shard catches it."""


class _DyingReader:
    def __init__(self, reader: ChildReader, after: int) -> None:
        self._reader, self._left = reader, after

    def read(self, pages: list[Any]) -> list[Any]:
        if self._left == 0:
            raise _Dies()
        self._left -= 1
        return self._reader.read(pages)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._reader, name)


def test_a_dead_worker_costs_one_chunk_and_is_recorded(tmp_path: Path, hooked_reader: ChildReader) -> None:
    warc = write_gz(tmp_path / "news.warc.gz", page_records(sample_pages()))
    shard = _shard(warc)
    whole = tmp_path / "whole"
    assert process_shard(shard, "r", _settings(whole), hooked_reader)["status"] == "done"

    out = tmp_path / "out"
    # chunk 5, batch 4: reads 1-2 are chunk one (4 + 1 pages); read 3 is in chunk two: it dies.
    with pytest.raises(_Dies):
        process_shard(shard, "run-1", _settings(out), _DyingReader(hooked_reader, after=3))  # type: ignore[arg-type]
    state = json.loads((out / "_work" / shard.id / "state.json").read_text())
    assert state["flushed"] == 5 and state["chunks"] == [0]
    assert not (out / "_shards").exists()

    row = process_shard(shard, "run-1", _settings(out), hooked_reader)  # Ray's retry, same run
    assert (row["status"], row["attempts"], row["resumed_at"], row["documents"]) == ("done", 2, 5, 7)
    assert read_table(out, "articles") == read_table(whole, "articles")
    assert read_table(out, "statements") == read_table(whole, "statements")
    errors = read_table(out, "errors")
    assert [e["stage"] for e in errors] == ["worker"]
    assert "attempt 2 resumed after record 5" in errors[0]["reason"]


def test_a_stopped_run_resumes_without_blame(tmp_path: Path, hooked_reader: ChildReader) -> None:
    warc = write_gz(tmp_path / "news.warc.gz", page_records(sample_pages()))
    shard, out = _shard(warc), tmp_path / "out"
    with pytest.raises(_Dies):
        process_shard(shard, "run-1", _settings(out), _DyingReader(hooked_reader, after=2))  # type: ignore[arg-type]
    row = process_shard(shard, "run-2", _settings(out), hooked_reader)  # a new run of the command
    assert (row["status"], row["attempts"], row["resumed_at"]) == ("done", 1, 5)
    assert len(read_table(out, "articles")) == 12 and read_table(out, "errors") == []


def test_a_warc_that_changed_is_read_again(tmp_path: Path, hooked_reader: ChildReader) -> None:
    warc = write_gz(tmp_path / "news.warc.gz", page_records(sample_pages()[:8]))
    shard, out = _shard(warc), tmp_path / "out"
    with pytest.raises(_Dies):
        process_shard(shard, "run-1", _settings(out), _DyingReader(hooked_reader, after=2))  # type: ignore[arg-type]
    write_gz(warc, page_records(sample_pages()[4:]))  # replaced by another crawl under the same name
    row = process_shard(shard, "run-2", _settings(out), hooked_reader)
    assert (row["status"], row["resumed_at"], row["documents"]) == ("done", 5, 8)
    assert [a["target_uri"] for a in read_table(out, "articles")] == [url for url, _ in sample_pages()[4:]]
    assert [e["stage"] for e in read_table(out, "errors")] == ["shard"]


def test_a_shard_whose_worker_keeps_dying_is_given_up(tmp_path: Path, hooked_reader: ChildReader) -> None:
    warc = write_gz(tmp_path / "news.warc.gz", page_records(sample_pages()[:3]))
    shard, out = _shard(warc), tmp_path / "out"
    settings = _settings(out, max_attempts=2)
    for _ in range(2):
        with pytest.raises(_Dies):
            process_shard(shard, "run-1", settings, _DyingReader(hooked_reader, after=0))  # type: ignore[arg-type]
    row = process_shard(shard, "run-1", settings, hooked_reader)
    assert row["status"] == "failed" and "given up after 2 attempts" in row["reason"]
    errors = read_table(out, "errors")
    assert [e["stage"] for e in errors] == ["worker", "worker", "worker"]
    assert not (out / "_shards").exists()
    # The next run of the command tries it again, and finishes it.
    row = process_shard(shard, "run-2", settings, hooked_reader)
    assert row["status"] == "done"
    assert [e["stage"] for e in read_table(out, "errors")] == ["worker", "worker"]  # the failure note is gone


def test_bad_input_is_recorded_and_the_rest_is_read(tmp_path: Path) -> None:
    pages = sample_pages()
    good = page_records(pages[:6])
    flag = tmp_path / "never-used"
    hang = marked(pages[6][1], "onrecord-test:hang")
    crash = marked(pages[7][1], "onrecord-test:crash")
    from tests.sources.warcs import record

    damaged = write_plain(tmp_path / "damaged.warc", [*good[:2], corrupt_record("https://news.example/corrupt"), *good[2:4]])
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(cut_member(good[:4], at=1))
    big = write_plain(tmp_path / "big.warc", [good[0], huge_record("https://news.example/huge"), good[1]])
    odd = write_gz(tmp_path / "odd.warc.gz", [good[4], record("https://news.example/hang", hang),
                                               record("https://news.example/crash", crash), good[5]])
    out = tmp_path / "out"
    reader = ChildReader(ChildSettings(reader=HOOKED, time_limit=8.0))  # roomy: the machine may be busy
    try:
        rows = {p.name: process_shard(_shard(p), "run-1", _settings(out), reader) for p in (damaged, cut, big, odd)}
    finally:
        reader.close()
    assert all(r["status"] == "done" for r in rows.values()), rows
    assert not flag.exists()
    errors = {(e["source"].rsplit("/", 1)[-1], e["stage"]) for e in read_table(out, "errors")}
    assert errors == {("damaged.warc", "warc"), ("cut.warc.gz", "warc"), ("big.warc", "warc"),
                      ("odd.warc.gz", "timeout"), ("odd.warc.gz", "crash")}
    reasons = " | ".join(e["reason"] for e in read_table(out, "errors"))
    assert "over the limit" in reasons and "took over 8 s" in reasons and "died on this page" in reasons
    # Every page the damage did not touch was read, and none that misbehaved. (The WARC reader
    # may also hand over what it salvaged of a damaged record.)
    read: dict[str, set[str]] = {}
    for a in read_table(out, "articles"):
        read.setdefault(a["source"].rsplit("/", 1)[-1], set()).add(a["target_uri"])
    urls = [url for url, _ in pages]
    assert set(urls[:4]) <= read["damaged.warc"]
    assert read["cut.warc.gz"] == {urls[0], urls[2], urls[3]}
    assert read["big.warc"] == {urls[0], urls[1]}
    assert read["odd.warc.gz"] == {urls[4], urls[5]}


def test_globs_and_folders_take_warc_files_only(tmp_path: Path) -> None:
    for name in ("a.warc.gz", "b.warc", "notes.txt", "sub/c.WARC.GZ"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_bytes(b"x")
    by_glob = [Path(s.source).name for s in expand([str(tmp_path / "*")])[0]]
    by_folder = [Path(s.source).name for s in expand([str(tmp_path)])[0]]
    assert by_glob == by_folder == ["a.warc.gz", "b.warc", "c.WARC.GZ"]
    # Named on its own, a file is read whatever its name (and recorded if it is no WARC).
    assert [Path(s.source).name for s in expand([str(tmp_path / "notes.txt")])[0]] == ["notes.txt"]


def test_missing_inputs_are_named() -> None:
    shards, missing = expand(["/nonexistent/folder/x.warc.gz", "/nonexistent/*.warc.gz"])
    assert shards == []
    assert [m.reason for m in missing] == [
        "no such file or folder: /nonexistent/folder/x.warc.gz", "no WARC file matches /nonexistent/*.warc.gz"]
    assert missing[0].id != missing[1].id and missing[0].id == MissingInput(missing[0].pattern, "").id


def test_an_input_list_names_shards_without_checking_them(tmp_path: Path) -> None:
    import gzip

    from onrecord.scale.shards import listed

    names = "# Common Crawl style: one per line\ns3://commoncrawl/crawl-data/x/warc/a.warc.gz\n\nlocal/b.warc\n"
    (tmp_path / "paths.gz").write_bytes(gzip.compress(names.encode()))
    shards = listed(str(tmp_path / "paths.gz"))
    assert [s.source for s in shards] == ["s3://commoncrawl/crawl-data/x/warc/a.warc.gz", str(Path("local/b.warc").resolve())]
    assert shards[0].id.startswith("a.warc.gz-") and shards[0].id != shard_id("s3://elsewhere/a.warc.gz")


def test_a_shard_that_cannot_be_opened_fails_alone(tmp_path: Path, hooked_reader: ChildReader) -> None:
    warc = tmp_path / "later.warc.gz"
    shard, out = expand([str(tmp_path)])[0], tmp_path / "out"
    assert shard == []
    from onrecord.scale.shards import Shard

    shard = Shard(shard_id(str(warc)), str(warc))
    row = process_shard(shard, "run-1", _settings(out), hooked_reader)
    assert row["status"] == "failed" and "No such file" in row["reason"]
    assert [e["stage"] for e in read_table(out, "errors")] == ["read"]
    write_gz(warc, page_records(sample_pages()[:2]))
    assert process_shard(shard, "run-2", _settings(out), hooked_reader)["status"] == "done"
    assert read_table(out, "errors") == [] and len(read_table(out, "articles")) == 2


def test_jsonl_holds_the_same_rows(tmp_path: Path, hooked_reader: ChildReader) -> None:
    warc = write_gz(tmp_path / "news.warc.gz", page_records(sample_pages()[:5]))
    for fmt in ("parquet", "jsonl"):
        assert process_shard(_shard(warc), "r", _settings(tmp_path / fmt, fmt=fmt), hooked_reader)["status"] == "done"
    for table in ("articles", "statements"):
        assert read_table(tmp_path / "jsonl", table) == read_table(tmp_path / "parquet", table)
    assert list((tmp_path / "jsonl" / "articles").glob("*.jsonl"))


def test_a_remote_output_folder(tmp_path: Path, hooked_reader: ChildReader) -> None:
    import fsspec

    from onrecord.scale.outdir import OutputDir
    from onrecord.scale.tables import decode

    warc = write_gz(tmp_path / "news.warc.gz", page_records(sample_pages()[:3]))
    fs = fsspec.filesystem("memory")
    try:
        row = process_shard(_shard(warc), "r", ScaleSettings(output="memory://results/run", chunk=2, batch=2),
                            hooked_reader)
        assert row["status"] == "done", row
        out = OutputDir("memory://results/run")
        assert not out.local
        assert out.names("_shards") == [f"{row['shard']}.json"] and out.names("_work") == []
        rows = list(decode(out.read_bytes("articles", f"{row['shard']}.parquet"), "parquet"))
        assert [r["target_uri"] for r in rows] == [url for url, _ in sample_pages()[:3]]
        with pytest.raises(RuntimeError), out.open_atomic("errors", "half.parquet") as fh:
            fh.write(b"half a file")
            raise RuntimeError("the worker fails mid-write")
        assert "half.parquet" not in out.names("errors")
    finally:
        fs.rm("/results", recursive=True)


def test_remote_sources_are_listed_and_copied_in(tmp_path: Path) -> None:
    import fsspec

    fs = fsspec.filesystem("memory")
    data = write_gz(tmp_path / "a.warc.gz", page_records(sample_pages()[:1])).read_bytes()
    fs.pipe("/bucket/crawl/a.warc.gz", data)
    fs.pipe("/bucket/crawl/notes.txt", b"not a warc")
    try:
        shards, missing = expand(["memory://bucket/crawl", "memory://bucket/none/*.warc.gz"])
        assert [s.source for s in shards] == ["memory:///bucket/crawl/a.warc.gz"]
        assert len(missing) == 1
        with local_copy(shards[0].source, str(tmp_path)) as local:
            assert Path(local).read_bytes() == data and Path(local).parent == tmp_path
        assert not Path(local).exists()
    finally:
        fs.rm("/bucket", recursive=True)
