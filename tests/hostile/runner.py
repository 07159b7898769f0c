"""Run one hostile case through ``onrecord.read`` in a child process, with limits, and check it.

The child is forked, so it starts with everything the parent already imported (the spaCy
model included, once warmed), caps its own address space, builds the input, reads it and
sends back a small report: the outcome, the time the read took, peak memory and any broken
invariant. The parent only waits, and kills the child when it runs past the limit.

    python -m tests.hostile.runner                 # every case, page layer only
    python -m tests.hostile.runner --statements nested-div-100k page-50mb
"""

from __future__ import annotations

import json
import multiprocessing
import multiprocessing.connection
import os
import resource
import sys
import time
import traceback
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from tests.hostile.cases import CASES, Case

GIB = 1024**3
# Address-space cap for the child: a runaway allocation fails there instead of taking the
# machine down. The target for one page is a peak RSS under 1 GB.
ADDRESS_SPACE_LIMIT = 2 * GIB
RSS_TARGET_MB = 1024
# Building the input (and forking) happens outside the timed read; it gets this much extra.
BUILD_SLACK_SECONDS = 15.0


@dataclass
class Report:
    case: str
    statements: bool
    outcome: str  # "article" | "error" | "crash" | "hang" | "died"
    seconds: float = 0.0
    cpu_seconds: float = 0.0  # the read's own CPU time: what the case costs, whatever else runs
    build_seconds: float = 0.0
    peak_rss_mb: float = 0.0
    start_rss_mb: float = 0.0
    input_bytes: int = 0
    text_chars: int = 0
    paragraphs: int = 0
    statement_count: int = 0
    error: dict[str, Any] | None = None
    problems: list[str] = field(default_factory=list)

    def line(self) -> str:
        what = self.error["reason"][:70] if self.error else f"{self.text_chars} chars, {self.paragraphs} paragraphs"
        flag = " PROBLEMS: " + "; ".join(self.problems) if self.problems else ""
        return (f"{self.case:36} {'on ' if self.statements else 'off'} {self.outcome:7} "
                f"{self.seconds:6.2f}s {self.peak_rss_mb:6.0f} MB  {what}{flag}")


def _rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1048576


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def check_article(article: Any, case: Case) -> list[str]:
    """Invariants every Article must keep, however bad its input was.

    The record contract (offsets, JSON round trip, UTF-8) is the one the fuzz suite checks
    (tests/fuzz/checks.py); on top of it, paragraphs slice without surrounding space and the
    case's own expectations about the text hold.
    """
    from tests.fuzz.checks import check_article as check_record

    problems: list[str] = []
    try:
        check_record(article)
    except (AssertionError, ValueError, TypeError) as exc:
        problems.append(f"{type(exc).__name__}: {exc}"[:300])
    text = article.text if isinstance(article.text, str) else ""
    for i, p in enumerate(article.paragraphs):
        chunk = text[p.start : p.end]
        if not chunk or chunk != chunk.strip():
            problems.append(f"paragraph {i} does not slice cleanly: {chunk[:40]!r}")
            break
    seen = (article.title or "") + "\n" + text
    for needle in case.contains:
        if needle not in seen:
            problems.append(f"missing {needle!r}")
    for needle in case.lacks:
        if needle in seen:
            problems.append(f"contains {needle!r}")
    return problems


def check_error(error: dict[str, Any]) -> list[str]:
    reason = error.get("reason")
    if not isinstance(reason, str) or not reason.strip():
        return ["error without a reason"]
    problems = []
    if len(reason) > 300 or "Traceback" in reason or not reason.isprintable():
        problems.append(f"unreadable reason: {reason[:80]!r}")
    return problems


def _mapped_bytes() -> int:
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[0]) * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        return 0


def _child(conn: Any, name: str, statements: bool, limit: int) -> None:
    report = Report(name, statements, "crash")
    t0 = time.perf_counter()
    try:
        report.start_rss_mb = _rss_mb()
        # The cap is on top of what the forked child already maps: a test process that imported
        # Ray or pyarrow before forking reserves gigabytes of address space it never touches.
        cap = _mapped_bytes() + limit
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
        case = CASES[name]
        t0 = time.perf_counter()
        data = case.build()
        report.build_seconds = time.perf_counter() - t0
        report.input_bytes = len(data)
        import onrecord
        from onrecord.errors import OnrecordError

        t0 = time.perf_counter()
        c0 = time.process_time()
        try:
            article = onrecord.read(data, statements=statements, content_type=case.content_type)
        except OnrecordError as exc:
            report.cpu_seconds = time.process_time() - c0
            report.seconds = time.perf_counter() - t0
            report.outcome = "error"
            report.error = exc.to_dict()
            json.dumps(report.error)
            report.problems = check_error(report.error)
        else:
            report.cpu_seconds = time.process_time() - c0
            report.seconds = time.perf_counter() - t0
            report.outcome = "article"
            report.text_chars = len(article.text)
            report.paragraphs = len(article.paragraphs)
            report.statement_count = len(article.statements)
            report.problems = check_article(article, case)
    except BaseException as exc:  # the point of the exercise: report anything that escapes
        report.seconds = report.seconds or time.perf_counter() - t0
        report.outcome = "crash"
        report.error = {"error": type(exc).__name__, "reason": str(exc)[:300]}
        report.problems = [f"{type(exc).__name__}: {str(exc)[:200]}",
                           "".join(traceback.format_exception(exc)[-3:])[-600:]]
    report.peak_rss_mb = _peak_rss_mb()
    conn.send(report)
    conn.close()


def run_case(name: str, *, statements: bool, limit: int = ADDRESS_SPACE_LIMIT) -> Report:
    """Fork a child for one read of one case; never waits past the case's limit plus slack."""
    return run_cases([(name, statements)], parallel=1, limit=limit)[(name, statements)]


def run_cases(
    keys: Iterable[tuple[str, bool]], *, parallel: int = 2, limit: int = ADDRESS_SPACE_LIMIT
) -> dict[tuple[str, bool], Report]:
    """Run (case, statements) reads in forked children, ``parallel`` at a time.

    The scheduling happens in the calling thread (no threads: forking a threaded process can
    hand the child a lock held by a thread that no longer exists). Slowest cases first, so the
    two lanes finish together.
    """
    ctx = multiprocessing.get_context("fork")
    todo = sorted(keys, key=lambda k: -CASES[k[0]].seconds)
    running: dict[Any, tuple[tuple[str, bool], Any, float]] = {}
    reports: dict[tuple[str, bool], Report] = {}
    while todo or running:
        while todo and len(running) < parallel:
            key = todo.pop(0)
            parent_end, child_end = ctx.Pipe(duplex=False)
            proc = ctx.Process(target=_child, args=(child_end, key[0], key[1], limit), daemon=True)
            proc.start()
            child_end.close()
            deadline = time.perf_counter() + CASES[key[0]].seconds * 1.5 + BUILD_SLACK_SECONDS
            running[parent_end] = (key, proc, deadline)
        now = time.perf_counter()
        wait = max(0.0, min(d for _, _, d in running.values()) - now)
        ready = multiprocessing.connection.wait(list(running), timeout=wait)
        now = time.perf_counter()
        for conn in list(running):
            key, proc, deadline = running[conn]
            if conn in ready:
                try:
                    report: Report = conn.recv()
                except EOFError:
                    proc.join(5)
                    report = Report(key[0], key[1], "died", problems=[f"child died with exit code {proc.exitcode}"])
            elif now >= deadline:
                report = Report(key[0], key[1], "hang", seconds=CASES[key[0]].seconds * 1.5 + BUILD_SLACK_SECONDS)
                report.problems.append(f"no answer within {report.seconds:.0f}s")
            else:
                continue
            if proc.is_alive():
                proc.kill()
            proc.join(5)
            conn.close()
            del running[conn]
            reports[key] = report
    return reports


def warm_up(statements: bool) -> None:
    """Import and load in the parent so forked children share it instead of each loading it."""
    import onrecord

    onrecord.read(b"<p>Warm-up.</p>", statements=False)
    if statements:
        onrecord.read(b'<p>"We are ready," the mayor said on Monday.</p>', statements=True)


def main(argv: list[str]) -> int:
    statements = "--statements" in argv
    names = [a for a in argv if not a.startswith("--")] or list(CASES)
    warm_up(statements)
    bad = 0
    for name in names:  # one at a time, so that the times measured are the case's own
        report = run_case(name, statements=statements)
        print(report.line(), flush=True)
        bad += bool(report.problems) or report.outcome in ("crash", "hang", "died")
    return 1 if bad else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
