"""The corpus commands as a user runs them: output, exit status, and clean errors."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path

import pytest

from onrecord.cli import main
from onrecord.corpus import Corpus
from tests.corpus.scripted import READER

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def db(tmp_path: Path, scripted_folder: Path) -> Path:
    path = tmp_path / "cli.db"
    with Corpus(path) as corpus:
        corpus.ingest([str(scripted_folder)], reader=READER, workers=-1)
    return path


def test_query_commands(db: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["search", "pier", "--db", str(db), "--format", "jsonl", "--limit", "3"]) == 0
    hits = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(hits) == 3 and all(h["speaker"] == "Ana Ruiz" for h in hits)
    assert main(["speakers", "--db", str(db), "--top", "2", "--format", "jsonl"]) == 0
    names = [json.loads(line)["name"] for line in capsys.readouterr().out.splitlines()]
    assert names == ["Ana Ruiz", "Tom Okafor"]
    assert main(["show", "1", "--db", str(db)]) == 0
    assert "Ana Ruiz" in capsys.readouterr().out
    assert main(["search", "tide", "--db", str(db), "--speaker", "Tom Okafor"]) == 0
    assert "Okafor" in capsys.readouterr().out
    for command in (["runs"], ["errors"], ["export", "--what", "people", "--format", "csv"]):
        assert main([*command, "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "Tom Okafor" in out


def test_store_problems_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bogus = tmp_path / "x.db"
    bogus.write_bytes(b"\x00not sqlite at all" * 64)
    assert main(["search", "x", "--db", str(bogus)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("onrecord: ") and "not an onrecord database" in err and "Traceback" not in err
    assert main(["speakers", "--db", str(tmp_path / "none.db")]) == 1
    assert "no such database" in capsys.readouterr().err
    assert main(["show", "7", "--db", str(tmp_path / "none.db")]) == 1
    assert main(["search", "x", "--since", "yesterday", "--db", str(bogus)]) == 1


def test_ingest_command_on_sample_pages(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pages = sorted((ROOT / "samples" / "pages").glob("*.html"))[:3]
    if not pages:
        pytest.skip("no samples")
    folder = tmp_path / "p"
    folder.mkdir()
    for page in pages:
        shutil.copy(page, folder / page.name)
    db = tmp_path / "s.db"
    assert main(["ingest", str(folder), "--db", str(db), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["stored"] == 3 and summary["statements"] > 0 and summary["errors"] == 0
    assert main(["ingest", str(folder), "--db", str(db), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["skipped"] == 3
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_demo(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    if not (ROOT / "samples" / "pages").is_dir():
        pytest.skip("no samples")
    monkeypatch.chdir(tmp_path)
    assert main(["demo", "--db", "demo.db"]) == 0
    out = capsys.readouterr().out
    assert "Who said the most" in out and "onrecord serve --db demo.db" in out
    with Corpus(tmp_path / "demo.db", readonly=True) as corpus:
        stats = corpus.stats()
        assert stats["articles"] >= 12 and stats["duplicates"] >= 1 and stats["errors"] == 0
        assert stats["statements_counted"] < stats["statements"]
        names = [r.name for r in corpus.speakers(limit=10)]
        assert "Ilse Marenko" in names and "Karin Brenner" in names and "Tomas Brenner" in names
