"""onrecord alone, in one process, over every development page: how much memory each page costs.

The goal is a peak under the budget (200 MB) on any development page. The true peak of each
page is taken from the kernel's high-water mark (VmHWM), which Linux lets a process reset by
writing 5 to /proc/self/clear_refs; a sampled RSS would miss a short spike inside a parse.
Where that reset is not available, the process-wide ``ru_maxrss`` is used instead, which only
shows the pages that raise the record.
"""

from __future__ import annotations

import gc
import json
import resource
import signal
import sys
import time
import warnings
from dataclasses import asdict, dataclass
from pathlib import Path

import psutil
from devpages import dev_pages

_STATUS = Path("/proc/self/status")
_CLEAR_REFS = Path("/proc/self/clear_refs")
_MB = 1024 * 1024


def _hwm_mb() -> float:
    for line in _STATUS.read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise OSError("no VmHWM in /proc/self/status")


def _can_reset_peak() -> bool:
    try:
        _CLEAR_REFS.write_text("5")
        _hwm_mb()
        return True
    except OSError:
        return False


def _maxrss_mb() -> float:
    raw = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return raw / _MB if sys.platform == "darwin" else raw / 1024


class _PageTimeout(Exception):
    pass


def _on_alarm(signum: int, frame: object) -> None:
    raise _PageTimeout()


@dataclass
class PageCost:
    dataset: str
    page_id: str
    rss_before_mb: float
    peak_mb: float  # process peak while this page was read
    growth_mb: float  # peak minus RSS before the page: what the page itself needed
    retained_mb: float  # RSS after minus before: what it left behind
    seconds: float
    error: str | None = None


def measure(
    datasets: tuple[str, ...], limit: int, statements: bool, timeout: int
) -> tuple[list[PageCost], float, bool]:
    import onrecord

    proc = psutil.Process()
    exact = _can_reset_peak()
    # Pay imports and one-off tables before the baseline, so page one is not charged for them.
    onrecord.read(b"<html><body><p>Warm up, said nobody.</p></body></html>", kind="html",
                  statements=statements)
    gc.collect()
    baseline = proc.memory_info().rss / _MB
    signal.signal(signal.SIGALRM, _on_alarm)
    # Library warnings about odd dates on odd pages would bury the report.
    warnings.simplefilter("ignore")
    costs = []
    for page in dev_pages(datasets, limit):
        if exact:
            _CLEAR_REFS.write_text("5")
        before = proc.memory_info().rss / _MB
        error = None
        signal.alarm(timeout)
        started = time.perf_counter()
        try:
            onrecord.read(page.raw, url=page.url, kind="html", statements=statements)
        except _PageTimeout:
            error = f"timeout after {timeout} s"
        except Exception as exc:
            error = f"{type(exc).__name__}: {exc}"[:200]
        finally:
            seconds = time.perf_counter() - started
            signal.alarm(0)
        peak = _hwm_mb() if exact else _maxrss_mb()
        after = proc.memory_info().rss / _MB
        costs.append(PageCost(page.dataset, page.page_id, round(before, 1), round(peak, 1),
                              round(peak - before, 1), round(after - before, 1),
                              round(seconds, 4), error))
    return costs, baseline, exact


def main(datasets: tuple[str, ...], limit: int, statements: bool, timeout: int, budget_mb: float,
         out: str) -> int:
    costs, baseline, exact = measure(datasets, limit, statements, timeout)
    if not costs:
        print("no pages")
        return 1
    final = psutil.Process().memory_info().rss / _MB
    # Ranked by growth, not by absolute peak: memory kept from earlier pages inflates the latter.
    worst = sorted(costs, key=lambda c: (-c.growth_mb, -c.peak_mb))[:10]
    slowest = sorted(costs, key=lambda c: -c.seconds)[:5]
    failed = [c for c in costs if c.error]
    peak = max(c.peak_mb for c in costs)
    summary = {
        "datasets": list(datasets), "pages": len(costs), "statements": statements,
        "per_page_peak": ("exact (VmHWM reset per page)" if exact
                          else "ru_maxrss (record-raising pages only)"),
        "baseline_rss_mb": round(baseline, 1), "peak_rss_mb": peak,
        "max_growth_mb": max(c.growth_mb for c in costs),
        "rss_growth_over_run_mb": round(final - baseline, 1),
        "budget_mb": budget_mb, "pages_over_budget": sum(c.peak_mb > budget_mb for c in costs),
        "errors": len(failed),
    }
    print(f"onrecord, one process, {len(costs)} dev pages of {', '.join(datasets)} "
          f"(statements={'on' if statements else 'off'}; "
          f"per-page peak: {summary['per_page_peak']})")
    verdict = "met" if peak <= budget_mb else "NOT met"
    print(f"  RSS after warm-up {baseline:.1f} MB; peak {peak:.1f} MB (budget {budget_mb:.0f} MB: "
          f"{verdict}, {summary['pages_over_budget']} page(s) over)")
    print(f"  largest growth within one page {summary['max_growth_mb']:.1f} MB; "
          f"RSS growth over the whole run {summary['rss_growth_over_run_mb']:+.1f} MB")
    print("  pages that needed the most memory (peak, growth within the page, time):")
    for c in worst:
        print(f"    {c.peak_mb:7.1f} MB  (+{c.growth_mb:.1f})  {c.seconds:6.3f} s  "
              f"{c.dataset}/{c.page_id}")
    print("  slowest:")
    for c in slowest:
        print(f"    {c.seconds:7.3f} s  {c.peak_mb:7.1f} MB  {c.dataset}/{c.page_id}")
    if failed:
        print(f"  {len(failed)} page(s) failed:")
        for c in failed:
            print(f"    {c.dataset}/{c.page_id}: {c.error}")
    Path(out).parent.mkdir(parents=True, exist_ok=True)
    Path(out).write_text(json.dumps({"summary": summary, "pages": [asdict(c) for c in costs]},
                                    indent=1) + "\n", encoding="utf-8")
    print(f"written: {out}")
    return 0
