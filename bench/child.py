"""Run one command in its own process and record that process's own peak memory.

``getrusage(RUSAGE_CHILDREN)`` reports the largest child seen so far, so after a big child
every later reading is stuck at its figure. ``os.wait4`` returns the rusage of exactly the
child it reaps, which is what a side-by-side table needs.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class ChildRun:
    returncode: int
    stdout: str
    stderr: str
    peak_rss_mb: float
    wall_s: float
    killed: bool  # the whole-process time limit was hit


def _maxrss_mb(ru_maxrss: int) -> float:
    # Linux reports kilobytes, macOS bytes.
    return ru_maxrss / (1024 * 1024) if sys.platform == "darwin" else ru_maxrss / 1024


def run_measured(
    cmd: Sequence[str], timeout_s: float, env: dict[str, str] | None = None
) -> ChildRun:
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(
            list(cmd), stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=env
        )
        reaped = threading.Event()
        killed = threading.Event()

        def _kill() -> None:
            if reaped.is_set():
                return
            killed.set()
            try:
                os.kill(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

        timer = threading.Timer(timeout_s, _kill)
        timer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            reaped.set()
            timer.cancel()
        wall = time.perf_counter() - started
        code = os.waitstatus_to_exitcode(status)
        # Popen must not try to reap the pid a second time.
        proc.returncode = code
        out.seek(0)
        err.seek(0)
        return ChildRun(
            returncode=code,
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
            peak_rss_mb=_maxrss_mb(usage.ru_maxrss),
            wall_s=wall,
            killed=killed.is_set(),
        )
