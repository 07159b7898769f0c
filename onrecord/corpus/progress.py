"""The ingest progress bar (rich, on standard error) and the closing summary."""

from __future__ import annotations

import time
from typing import Any

from onrecord.corpus.ingest import IngestSummary


class IngestProgress:
    """A context manager whose instance is the ``progress`` hook of Corpus.ingest."""

    def __init__(self, *, console: Any = None, enabled: bool = True) -> None:
        self.enabled = enabled
        self._console = console
        self._progress: Any = None
        self._task: Any = None
        self._started = time.monotonic()

    def __enter__(self) -> IngestProgress:
        if not self.enabled:
            return self
        from rich.console import Console
        from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        console = self._console or Console(stderr=True)
        self._progress = Progress(
            SpinnerColumn(),
            TextColumn("[bold]ingest[/]"),
            BarColumn(bar_width=10),
            TextColumn(
                "{task.fields[stored]} docs · {task.fields[rate]:.1f}/s · {task.fields[statements]} statements"
                " · {task.fields[errors]} errors · {task.fields[duplicates]} copies · {task.fields[skipped]} skipped"
            ),
            TimeElapsedColumn(),
            console=console,
            transient=False,
            refresh_per_second=8,
        )
        self._progress.start()
        self._task = self._progress.add_task(
            "ingest", total=None, stored=0, rate=0.0, statements=0, duplicates=0, skipped=0, errors=0
        )
        self._started = time.monotonic()
        return self

    def __call__(self, summary: IngestSummary) -> None:
        if self._progress is None:
            return
        elapsed = max(time.monotonic() - self._started, 1e-6)
        self._progress.update(
            self._task,
            stored=summary.stored,
            rate=summary.stored / elapsed,
            statements=summary.statements,
            duplicates=summary.duplicates,
            skipped=summary.skipped,
            errors=summary.errors,
        )

    def __exit__(self, *exc: object) -> None:
        if self._progress is not None:
            self._progress.stop()
            self._progress = None


def summary_lines(summary: IngestSummary, db: str) -> list[str]:
    s = summary
    lines = [
        f"run {s.run_id}: {s.stored} documents stored in {s.seconds:.1f}s ({s.rate:.1f}/s), "
        f"{s.statements} statements, {s.duplicates} syndicated copies linked",
        f"{s.skipped} already in the store (skipped), {s.errors} errors recorded",
    ]
    if s.respawns:
        lines.append(f"{s.respawns} worker processes were replaced after a crash or a time-out")
    if s.errors:
        lines.append(f"see them with: onrecord errors --db {db} --run {s.run_id}")
    if s.interrupted:
        lines.append("interrupted: run the same command again to finish the rest")
    return lines
