"""The pipeline on Ray in local mode (two CPUs), on small WARCs the tests build.

One Ray session serves the whole module: starting Ray takes seconds.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from onrecord.model import Article
from onrecord.scale.child import ChildSettings
from onrecord.scale.pipeline import run
from onrecord.scale.worker import ScaleSettings
from tests.scale.conftest import HOOKED, read_table
from tests.scale.local import local_records
from tests.scale.readers import marked
from tests.scale.warcs import (
    cut_member,
    huge_record,
    page_records,
    sample_pages,
    write_gz,
    write_plain,
)
from tests.sources.warcs import record


@pytest.fixture(scope="module")
def ray_session() -> Iterator[None]:
    import ray

    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, configure_logging=False)
    try:
        yield
    finally:
        ray.shutdown()


def _settings(out: Path, time_limit: float = 20.0) -> ScaleSettings:
    return ScaleSettings(output=str(out), chunk=4, batch=4, child=ChildSettings(reader=HOOKED, time_limit=time_limit))


def _corpus_statements(db: Path) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(db)
    try:
        return sorted(conn.execute(
            'SELECT src.key, s.position, s.kind, s.text, s.start, s."end", s."where", s.speaker_name,'
            " s.speaker_mention, s.speaker_type, s.cue, s.venue"
            " FROM statements s JOIN articles a ON a.id = s.article_id JOIN sources src ON src.id = a.source_id"
        ).fetchall())
    finally:
        conn.close()


def test_output_equals_the_local_pipeline_and_a_rerun_resumes(tmp_path: Path, ray_session: None) -> None:
    pages = sample_pages()
    inputs = tmp_path / "in"
    inputs.mkdir()
    a = write_gz(inputs / "a.warc.gz", page_records(pages[:6]))
    b = write_plain(inputs / "b.warc", page_records(pages[6:]))
    out = tmp_path / "out"

    summary = run([str(inputs / "*.warc*"), str(tmp_path / "nowhere.warc.gz")], str(out), workers=2,
                  settings=_settings(out))
    assert (summary.shards, summary.done, summary.failed, summary.missing_inputs) == (2, 2, 0, 1), summary
    assert (summary.documents, summary.articles, summary.workers) == (12, 12, 2)

    # Articles: the very records the local pipeline makes of each page.
    expected = {(str(p), off): rec for p in (a, b) for off, rec in local_records(p).items()}
    articles = read_table(out, "articles")
    assert {(r["source"], r["offset"]) for r in articles} == set(expected)
    for r in articles:
        assert Article.from_json(r["record"]).to_dict() == expected[(r["source"], r["offset"])]

    # Statements: the rows the corpus store holds after `onrecord ingest` of the same WARCs.
    from onrecord.corpus import Corpus

    with Corpus(tmp_path / "local.db") as corpus:
        corpus.ingest([str(inputs)], workers=-1)
    uri = {r["article_id"]: r["target_uri"] for r in articles}
    mine = sorted(
        (uri[s["article_id"]], s["position"], s["kind"], s["text"], s["start"], s["end"], s["where"],
         s["speaker_name"], s["speaker_mention"], s["speaker_type"], s["cue"], s["venue"])
        for s in read_table(out, "statements")
    )
    assert mine == _corpus_statements(tmp_path / "local.db")
    assert len(mine) == summary.statements > 0

    errors = read_table(out, "errors")
    assert [(e["stage"], e["reason"]) for e in errors] == [
        ("discover", f"no such file or folder: {tmp_path / 'nowhere.warc.gz'}")]

    again = run([str(inputs / "*.warc*")], str(out), workers=2, settings=_settings(out))
    assert (again.skipped, again.done, again.documents) == (2, 0, 0)
    assert read_table(out, "articles") == articles
    assert len(list((out / "_runs").glob("*.json"))) == 2
    assert not (out / "_work").exists()  # nothing left in progress


def test_bad_input_and_a_killed_worker(tmp_path: Path, ray_session: None) -> None:
    pages = sample_pages()
    good = page_records(pages)
    inputs = tmp_path / "in"
    inputs.mkdir()
    flag = tmp_path / "worker-killed"
    killer = record(pages[6][0], marked(pages[6][1], f"onrecord-test:kill-worker:{flag}"))
    # 8 records in chunks of 4: the worker dies in the second chunk, after the first is written.
    killed = write_gz(inputs / "killed.warc.gz", [*good[:6], killer, good[7]])
    (inputs / "cut.warc.gz").write_bytes(cut_member(good[8:12], at=2))
    write_plain(inputs / "big.warc", [good[0], huge_record("https://news.example/huge"), good[1]])
    write_gz(inputs / "odd.warc.gz", [good[2], record("https://news.example/hang", marked(pages[3][1], "onrecord-test:hang")),
                                       record("https://news.example/crash", marked(pages[4][1], "onrecord-test:crash"))])
    out = tmp_path / "out"

    summary = run([str(inputs), str(tmp_path / "missing" / "*.warc.gz")], str(out), workers=2,
                  settings=_settings(out, time_limit=10.0))  # roomy: the machine may be busy
    assert (summary.shards, summary.done, summary.failed, summary.missing_inputs) == (4, 4, 0, 1), summary
    assert flag.exists()  # the worker really was killed, once
    assert summary.worker_restarts == 1

    stages: dict[str, set[str]] = {}
    for e in read_table(out, "errors"):
        stages.setdefault(e["source"].rsplit("/", 1)[-1], set()).add(e["stage"])
    assert stages == {"killed.warc.gz": {"worker"}, "cut.warc.gz": {"warc"}, "big.warc": {"warc"},
                      "odd.warc.gz": {"timeout", "crash"}, "*.warc.gz": {"discover"}}

    # The killed worker's shard is whole: every page once, the same records as the local pipeline.
    rows = [r for r in read_table(out, "articles") if r["source"] == str(killed)]
    expected = local_records(killed)
    assert [r["offset"] for r in rows] == sorted(expected)
    assert all(Article.from_json(r["record"]).to_dict() == expected[r["offset"]] for r in rows)
    manifest = json.loads(next((out / "_shards").glob("killed.warc.gz-*.json")).read_text())
    assert manifest["attempts"] == 2 and manifest["resumed_at"] == 4
    counts = {r["source"].rsplit("/", 1)[-1]: 0 for r in read_table(out, "articles")}
    for r in read_table(out, "articles"):
        counts[r["source"].rsplit("/", 1)[-1]] += 1
    assert counts == {"killed.warc.gz": 8, "cut.warc.gz": 3, "big.warc": 2, "odd.warc.gz": 1}


def test_the_command(tmp_path: Path, ray_session: None, capsys: pytest.CaptureFixture[str]) -> None:
    from onrecord.cli import main

    warc = write_gz(tmp_path / "a.warc.gz", page_records(sample_pages()[:3]))
    out = tmp_path / "out"
    code = main(["scale", "run", "--input", str(warc), "--output", str(out), "--format", "jsonl", "--quiet"])
    assert code == 0
    summary = json.loads(capsys.readouterr().out)
    assert (summary["done"], summary["articles"], summary["errors"]) == (1, 3, 0)
    assert len(read_table(out, "articles")) == 3 and list((out / "statements").glob("*.jsonl"))
    # An input that does not exist: recorded, the rest done, exit status 1.
    code = main(["scale", "run", "--input", str(warc), "--input", str(tmp_path / "no.warc"), "--output", str(out), "--quiet"])
    assert code == 1
    assert json.loads(capsys.readouterr().out)["missing_inputs"] == 1
