"""`onrecord serve` as a user runs it: a subprocess answering on 127.0.0.1."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_serve_command_answers_and_stops(explorer_db: Path) -> None:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "onrecord", "serve", "--db", str(explorer_db), "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v1/home", timeout=2) as r:
                    body = json.load(r)
                    headers = dict(r.headers)
                break
            except (urllib.error.URLError, ConnectionError):
                assert proc.poll() is None, proc.communicate()[1]
                assert time.monotonic() < deadline, "onrecord serve did not answer"
                time.sleep(0.1)
        assert body["stats"]["articles"] == 10
        assert "server" not in {k.lower() for k in headers}  # no version banner
        request = urllib.request.Request(f"http://127.0.0.1:{port}/", headers={"Host": "rebound.example"})
        try:
            urllib.request.urlopen(request, timeout=2)
            raise AssertionError("a foreign Host header was served")
        except urllib.error.HTTPError as exc:
            assert exc.code == 400
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=15)
    assert "read-only" in err


def test_serve_command_refuses_a_file_that_is_not_a_store(tmp_path: Path) -> None:
    junk = tmp_path / "junk.db"
    junk.write_text("not a database")
    done = subprocess.run([sys.executable, "-m", "onrecord", "serve", "--db", str(junk)],
                          check=False, capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert done.stderr.startswith("onrecord: ") and len(done.stderr.strip().splitlines()) == 1
