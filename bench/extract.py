"""Main-content and date extraction: onrecord beside its peers, in one run.

Every extractor x dataset pair is scored by the reference scorer (shared/tools/extract_score.py,
called, never copied) in a process of its own, so that each one's peak memory is its own and one
library's crash or leak cannot touch another's figures. Speed on a shared two-core machine is
noise-prone, so the published figure is each extractor's pages/s divided by trafilatura's pages/s
measured in the same run.

    python bench/extract.py                          # everything, both kinds of dataset
    python bench/extract.py --limit 20 --extractors onrecord,trafilatura
    python bench/extract.py --markdown               # BENCHMARKS.md-ready section
    python bench/extract.py --per-page-memory        # onrecord alone, peak RSS page by page
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib.util
import json
import os
import platform
import shlex
import statistics
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # run as a script from anywhere

from child import run_measured
from devpages import BODY_SETS, DATE_SETS, REPO, bench_dir, dataset_name, scorer_path


@dataclass(frozen=True)
class Extractor:
    name: str
    modules: tuple[str, ...]  # what must import for the scorer's adapter to work
    extra: bool = False  # extras run only when installed, and are not listed as skipped


BODY_EXTRACTORS = (
    Extractor("onrecord", ("onrecord",)),
    Extractor("trafilatura", ("trafilatura",)),
    Extractor("trafilatura-fast", ("trafilatura",)),
    Extractor("readability", ("readability", "html_text")),
    Extractor("newspaper4k", ("newspaper",)),
    Extractor("resiliparse", ("resiliparse",)),
    Extractor("goose3", ("goose3",)),
    Extractor("justext", ("justext",)),
    Extractor("justext-all", ("justext",), extra=True),
    Extractor("boilerpy3", ("boilerpy3",), extra=True),
    Extractor("html-text", ("html_text",), extra=True),
    Extractor("inscriptis", ("inscriptis",), extra=True),
)
DATE_EXTRACTORS = (
    Extractor("onrecord", ("onrecord",)),
    Extractor("htmldate", ("htmldate",)),
    Extractor("htmldate-fast", ("htmldate",)),
    Extractor("trafilatura", ("trafilatura",)),
    Extractor("newspaper4k", ("newspaper",)),
    Extractor("goose3", ("goose3",)),
)
REFERENCE = "trafilatura"  # the speed yardstick and the F1 to beat
BASELINE = "nothing"  # scorer's null extractor: what the harness alone costs in memory


def installed(ex: Extractor) -> bool:
    return all(importlib.util.find_spec(m) is not None for m in ex.modules)


def catalogue(dataset: str) -> tuple[Extractor, ...]:
    return DATE_EXTRACTORS if dataset in DATE_SETS else BODY_EXTRACTORS


@dataclass
class Cell:
    """All runs of one extractor on one dataset."""

    dataset: str
    extractor: str
    status: str = "ok"  # ok | skipped | failed
    note: str = ""
    summary: dict = field(default_factory=dict)
    pages_per_s: list[float] = field(default_factory=list)
    peak_rss_mb: list[float] = field(default_factory=list)
    wall_s: list[float] = field(default_factory=list)

    @property
    def speed(self) -> float | None:
        return statistics.median(self.pages_per_s) if self.pages_per_s else None

    @property
    def rss(self) -> float | None:
        return max(self.peak_rss_mb) if self.peak_rss_mb else None


def score_once(
    dataset: str, extractor: str, args: argparse.Namespace
) -> tuple[dict | None, str, float, float]:
    """One scorer process: (summary or None, failure note, peak RSS MB, wall seconds)."""
    cmd = [sys.executable, str(scorer_path()), str(bench_dir() / dataset), extractor, "--json",
           "--bootstrap", str(args.bootstrap), "--timeout", str(args.timeout)]
    if args.limit:
        cmd += ["--limit", str(args.limit)]
    run = run_measured(cmd, args.process_timeout)
    if run.killed:
        return None, f"killed after {args.process_timeout:.0f} s", run.peak_rss_mb, run.wall_s
    lines = [ln for ln in run.stdout.splitlines() if ln.startswith("{")]
    if run.returncode != 0 or not lines:
        err = [ln for ln in run.stderr.strip().splitlines() if ln.strip()]
        note = (err[-1] if err else f"exit {run.returncode}")[:300]
        return None, note, run.peak_rss_mb, run.wall_s
    return json.loads(lines[-1]), "", run.peak_rss_mb, run.wall_s


def plan(args: argparse.Namespace) -> list[Cell]:
    wanted = set(args.extractors.split(",")) if args.extractors else None
    known = {ex.name for ex in BODY_EXTRACTORS + DATE_EXTRACTORS}
    if wanted and not wanted <= known:
        raise SystemExit(f"unknown extractor(s): {sorted(wanted - known)}; known: {sorted(known)}")
    cells = []
    for ds in args.datasets:
        for ex in catalogue(ds):
            if wanted is not None and ex.name not in wanted:
                continue
            cell = Cell(ds, ex.name)
            if not installed(ex):
                if ex.extra and wanted is None:
                    continue
                cell.status, cell.note = "skipped", "not installed: " + ", ".join(ex.modules)
            cells.append(cell)
    return cells


def run_all(cells: list[Cell], args: argparse.Namespace) -> dict[str, float]:
    """Fill the cells; return the harness-only peak RSS per dataset."""
    harness: dict[str, float] = {}
    for ds in args.datasets:
        _, _, rss, _ = score_once(ds, BASELINE, args)
        harness[ds] = rss
    todo = [c for c in cells if c.status == "ok"]
    for rep in range(args.repeat):
        # Rotate the order between repeats so no extractor always runs right after a heavy one.
        shift = rep % len(todo) if todo else 0
        for cell in todo[shift:] + todo[:shift]:
            if cell.status != "ok":
                continue
            summary, note, rss, wall = score_once(cell.dataset, cell.extractor, args)
            if summary is None:
                cell.status, cell.note = "failed", note
                print(f"  {cell.dataset:17} {cell.extractor:17} FAILED: {note}", file=sys.stderr)
                continue
            cell.summary = cell.summary or summary  # quality figures are deterministic
            if summary.get("pages_per_s"):
                cell.pages_per_s.append(summary["pages_per_s"])
            cell.peak_rss_mb.append(rss)
            cell.wall_s.append(wall)
            print(f"  {cell.dataset:17} {cell.extractor:17} F1={summary['f1']:.3f} "
                  f"{summary.get('pages_per_s')} pages/s {rss:.0f} MB "
                  f"[{rep + 1}/{args.repeat}]", file=sys.stderr)
    return harness


def _find(cells: list[Cell], dataset: str, name: str) -> Cell | None:
    hits = (c for c in cells if c.dataset == dataset and c.extractor == name and c.summary)
    return next(hits, None)


def derived(cells: list[Cell], dataset: str) -> dict:
    ref, own = _find(cells, dataset, REFERENCE), _find(cells, dataset, "onrecord")
    out: dict = {"reference": REFERENCE}
    if ref and own:
        out["onrecord_minus_reference_f1"] = own.summary["f1"] - ref.summary["f1"]
    return out


def speed_ratio(cell: Cell, cells: list[Cell]) -> float | None:
    ref = _find(cells, cell.dataset, REFERENCE)
    if not ref or not ref.speed or cell.speed is None:
        return None
    return cell.speed / ref.speed


def _num(x: float | None, fmt: str = ".3f") -> str:
    return "–" if x is None else format(x, fmt)


def table(cells: list[Cell], dataset: str) -> list[str]:
    """Markdown table lines for one dataset, best F1 first; padded so it also reads as text."""
    head = ["extractor", "version", "precision", "recall", "F1", "pages/s",
            f"speed × {REFERENCE}", "peak RSS MB", "errors / timeouts"]
    rows = []
    mine = [c for c in cells if c.dataset == dataset and c.summary]
    mine.sort(key=lambda c: -c.summary["f1"])
    for c in mine:
        s = c.summary
        f1 = _num(s["f1"]) + (f" ± {s['f1_std']:.3f}" if "f1_std" in s else "")
        name = f"**{c.extractor}**" if c.extractor == "onrecord" else c.extractor
        rows.append([name, str(s.get("version", "-")), _num(s["precision"]), _num(s["recall"]), f1,
                     _num(c.speed, ".1f"), _num(speed_ratio(c, cells), ".2f"),
                     _num(c.rss, ".0f"), f"{s['errors']} / {s['timeouts']}"])
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]

    def line(r: list[str]) -> str:
        return "| " + " | ".join(v.ljust(w) for v, w in zip(r, widths)) + " |"

    out = [line(head), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    out += [line(r) for r in rows]
    return out


def notes(cells: list[Cell], dataset: str, harness: dict[str, float]) -> list[str]:
    out = []
    d = derived(cells, dataset)
    if "onrecord_minus_reference_f1" in d:
        gap = round(d["onrecord_minus_reference_f1"], 3) + 0.0  # no "-0.000"
        out.append(f"onrecord F1 − {REFERENCE} F1: {gap:+.3f}")
    pages = next((c.summary["pages"] for c in cells if c.dataset == dataset and c.summary), None)
    if pages is not None:
        out.append(f"pages: {pages}; the scorer alone (null extractor) peaks at "
                   f"{harness.get(dataset, 0):.0f} MB RSS")
    for c in cells:
        if c.dataset == dataset and c.status != "ok":
            out.append(f"{c.extractor}: {c.status} ({c.note})")
    return out


def git_state() -> str:
    try:
        head = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
                              capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", str(REPO), "status", "--porcelain", "onrecord"],
                               capture_output=True, text=True, check=False).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return head + (" + uncommitted changes under onrecord/" if dirty else "")


def command_line() -> str:
    return "python bench/extract.py" + ("" if len(sys.argv) < 2 else " " + shlex.join(sys.argv[1:]))


def markdown(cells: list[Cell], harness: dict[str, float], meta: dict) -> str:
    titles = {"scrapinghub-aeb": "ScrapingHub article-extraction-benchmark, development half "
                                 "(4-gram shingle P/R/F1, macro; ± = bootstrap std)",
              "trafilatura-eval": "trafilatura evaluation set, development half "
                                  "(with/without chunks, micro P/R/F1)",
              "htmldate-eval": "htmldate evaluation set, development half "
                               "(exact YYYY-MM-DD publication date)"}
    parts = [(f"Command: `{meta['command']}` — run {meta['date']} on {meta['machine']}, "
              f"onrecord at {meta['onrecord_commit']}, {meta['repeat']} repeat(s), "
              f"pages/s = median over repeats of the scorer's extraction-only time.")]
    for ds in meta["datasets"]:
        parts += ["", f"### {ds}", "", titles.get(ds, ds), ""]
        parts += table(cells, ds)
        parts += [""] + [f"- {n}" for n in notes(cells, ds, harness)]
    return "\n".join(parts) + "\n"


def machine_note() -> str:
    return (f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores shared with other "
            f"work, Python {platform.python_version()}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--datasets", default=",".join(BODY_SETS + DATE_SETS),
                    help="comma-separated: scrapinghub-aeb (aeb), trafilatura-eval, htmldate-eval")
    ap.add_argument("--extractors", default="", help="comma-separated (default: all)")
    ap.add_argument("--limit", type=int, default=0, help="only the first N pages of each dataset")
    ap.add_argument("--repeat", type=int, default=1, help="runs per pair; pages/s = median")
    ap.add_argument("--bootstrap", type=int, default=200, help="resamples for the AEB std")
    ap.add_argument("--timeout", type=int, default=60, help="per-page limit inside the scorer, s")
    ap.add_argument("--process-timeout", type=float, default=1800, help="per scorer run, s")
    ap.add_argument("--out", help="JSON record (default bench/out/extract.json, or memory.json)")
    ap.add_argument("--markdown", action="store_true", help="print a BENCHMARKS.md-ready section")
    ap.add_argument("--per-page-memory", action="store_true",
                    help="onrecord alone, one process, peak RSS of every dev page of the body sets")
    ap.add_argument("--statements", action="store_true",
                    help="with --per-page-memory: also run the speech layer")
    ap.add_argument("--budget-mb", type=float, default=200, help="with --per-page-memory: the goal")
    args = ap.parse_args(argv)
    try:
        args.datasets = [dataset_name(d.strip()) for d in args.datasets.split(",") if d.strip()]
    except ValueError as exc:
        ap.error(str(exc))
    if args.per_page_memory:
        from page_memory import main as memory_main

        body = tuple(d for d in args.datasets if d in BODY_SETS) or BODY_SETS
        out = args.out or str(REPO / "bench" / "out" / "memory.json")
        return memory_main(body, args.limit, args.statements, args.timeout, args.budget_mb, out)
    if not scorer_path().exists():
        raise SystemExit(f"reference scorer not found at {scorer_path()} (set ONRECORD_SHARED)")

    args.out = args.out or str(REPO / "bench" / "out" / "extract.json")
    cells = plan(args)
    meta = {"command": command_line(), "date": dt.date.today().isoformat(),
            "started": dt.datetime.now().isoformat(timespec="seconds"), "machine": machine_note(),
            "onrecord_commit": git_state(), "repeat": args.repeat, "limit": args.limit,
            "datasets": args.datasets, "loadavg_start": list(os.getloadavg())}
    harness = run_all(cells, args)
    meta["loadavg_end"] = list(os.getloadavg())
    meta["finished"] = dt.datetime.now().isoformat(timespec="seconds")

    record = {"meta": meta, "harness_peak_rss_mb": harness,
              "derived": {ds: derived(cells, ds) for ds in args.datasets},
              "results": [{"dataset": c.dataset, "extractor": c.extractor, "status": c.status,
                           "note": c.note, "pages_per_s_runs": c.pages_per_s,
                           "pages_per_s": c.speed,
                           "speed_ratio_to_reference": speed_ratio(c, cells),
                           "peak_rss_mb": c.rss, "wall_s_runs": [round(w, 2) for w in c.wall_s],
                           **c.summary} for c in cells]}
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    text = json.dumps(record, indent=1, ensure_ascii=False) + "\n"
    Path(args.out).write_text(text, encoding="utf-8")

    if args.markdown:
        print(markdown(cells, harness, meta))
    else:
        for ds in args.datasets:
            print(f"\n{ds}")
            print("\n".join(table(cells, ds)))
            for n in notes(cells, ds, harness):
                print("  " + n)
        print(f"\nwritten: {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
