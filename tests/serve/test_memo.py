"""Whole-store counts are reused until the store changes, and only until then."""

from __future__ import annotations

import shutil
from pathlib import Path

from starlette.testclient import TestClient

from onrecord.serve import create_app
from onrecord.serve.memo import Memo
from tests.serve.corpus import OKAFOR, RUIZ, Builder


def test_memo_reuses_until_the_files_change(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    db.write_bytes(b"one")
    memo = Memo(db)
    calls: list[int] = []
    assert memo.get("k", lambda: calls.append(1) or len(calls)) == 1
    assert memo.get("k", lambda: calls.append(1) or len(calls)) == 1
    db.write_bytes(b"one more")
    assert memo.get("k", lambda: calls.append(1) or len(calls)) == 2
    assert Memo(db, max_age=0).get("k", lambda: 42) == 42


def test_home_follows_an_ingest_running_beside_the_server(explorer_db: Path, tmp_path: Path) -> None:
    db = tmp_path / "live.db"
    for suffix in ("", "-wal"):
        if Path(str(explorer_db) + suffix).exists():
            shutil.copy(str(explorer_db) + suffix, str(db) + suffix)
    with TestClient(create_app(db)) as client:
        before = client.get("/api/v1/home").json()
        assert client.get("/api/v1/home").json() == before
        b = Builder()
        b.article("late", title="A late story", url="https://harbour.example/late", published="2024-06-01",
                  people=[RUIZ, OKAFOR], said=[("p2", "The late tide is in", None, "direct")])
        b.ingest(tmp_path / "late-pages", db)
        after = client.get("/api/v1/home").json()
        assert after["stats"]["articles"] == before["stats"]["articles"] + 1
        assert after["latest"][0]["text"] == "The late tide is in"
        okafor = next(s for s in after["top_speakers"] if s["name"] == "Tom Okafor")
        assert okafor["statements"] == 8
