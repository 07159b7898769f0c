"""The fuzz harness itself works: its random-input loop runs, replays a file, and reports a
crash as one (so `make fuzz` reporting "0 crashes" means something)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HARNESS = ROOT / "fuzz" / "fuzz_read.py"


def run(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(HARNESS), *args], check=False, capture_output=True, text=True,
                          timeout=300,
                          env={**os.environ, "FUZZ_FALLBACK": "1", **(env or {})}, cwd=ROOT)


def test_the_loop_runs_a_bounded_number_of_inputs() -> None:
    done = run("-runs=40", "-seed=7")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Done 40 runs" in done.stdout and "0 crash(es)" in done.stdout


def test_a_file_is_replayed(tmp_path: Path) -> None:
    page = tmp_path / "page"
    page.write_bytes(bytes([0x08, 0x00]) + "\u201cWe will,\u201d she said.".encode())
    done = run(str(page))
    assert done.returncode == 0 and f"{page}: ok" in done.stdout, done.stdout + done.stderr


def test_an_exception_that_is_not_an_onrecord_error_is_a_crash(tmp_path: Path) -> None:
    # A sitecustomize that breaks read() the way a bug would: the harness must call it a crash.
    (tmp_path / "sitecustomize.py").write_text(
        "import onrecord.api\n"
        "original = onrecord.api.read_page\n"
        "def broken(source, **k):\n"
        "    if isinstance(source, bytes):\n"  # the harness's warm-up passes a str
        "        raise KeyError('a bug')\n"
        "    return original(source, **k)\n"
        "onrecord.api.read_page = broken\n"
    )
    page = tmp_path / "page"
    page.write_bytes(b"\x01\x00<p>x</p>")
    env = {"PYTHONPATH": os.pathsep.join([str(tmp_path), os.environ.get("PYTHONPATH", "")])}
    done = run(str(page), env=env)
    assert done.returncode == 1 and "CRASH" in done.stdout and "KeyError" in done.stderr, done.stdout + done.stderr


def test_the_input_header_reaches_every_kind_and_both_paths() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["FUZZ_FALLBACK"] = "1"
    try:
        import importlib.util

        spec = importlib.util.spec_from_file_location("fuzz_read_under_test", HARNESS)
        assert spec and spec.loader
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    finally:
        os.environ.pop("FUZZ_FALLBACK", None)
    seen = set()
    for b0 in range(256):
        source, kwargs = module.decode_input(bytes([b0, b0]) + b"<p>x</p>")
        seen.add((kwargs["kind"], kwargs["fast"], isinstance(source, str)))
    assert len(seen) == 4 * 2 * 2
