"""Why onrecord parses with lexbor: selectolax/lexbor against lxml on the development pages.

Both parsers get the very same decoded string for each page (onrecord decodes before parsing).
Four timings per page: parse alone, and parse plus a walk that visits every node and reads its
tag, the least any extractor does with a tree. The tasks are interleaved page by page and each
is repeated, keeping the fastest try, so a burst of load from a neighbour on the shared machine
lands on every task alike instead of on whichever happened to be running.

    python bench/parsers.py                 # all dev pages of both body sets, 3 tries each
    python bench/parsers.py --limit 50 --repeat 5
"""

from __future__ import annotations

import argparse
import gc
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

import lxml.html
from selectolax.lexbor import LexborHTMLParser

sys.path.insert(0, str(Path(__file__).resolve().parent))  # run as a script from anywhere

from devpages import BODY_SETS, REPO, dataset_name, dev_pages, to_text


def lexbor_parse(html: str) -> int:
    tree = LexborHTMLParser(html)
    return 0 if tree.root is None else 1


def lexbor_walk(html: str) -> int:
    tree = LexborHTMLParser(html)
    if tree.root is None:
        return 0
    # Text and comment nodes are nodes here; lxml keeps text on its elements (.text/.tail).
    return sum(1 for node in tree.root.traverse(include_text=True) if node.tag)


def lxml_parse(html: str) -> int:
    return 0 if lxml.html.document_fromstring(html) is None else 1


def lxml_walk(html: str) -> int:
    root = lxml.html.document_fromstring(html)
    return sum(1 for el in root.iter() if el.tag is not None)


TASKS: dict[str, Callable[[str], int]] = {
    "lexbor parse": lexbor_parse,
    "lexbor parse+walk": lexbor_walk,
    "lxml parse": lxml_parse,
    "lxml parse+iter": lxml_walk,
}


def _for_lxml(html: str) -> str:
    """lxml refuses a str that starts with an XML encoding declaration; drop it for both."""
    if html.lstrip().startswith("<?xml"):
        end = html.find("?>")
        return html[end + 2 :] if end >= 0 else html
    return html


def measure(datasets: tuple[str, ...], limit: int, repeat: int) -> dict:
    # One entry per page and task, None where the parser failed, so pages stay aligned.
    best: dict[str, list[float | None]] = {name: [] for name in TASKS}
    failures: dict[str, list[str]] = {name: [] for name in TASKS}
    pages = 0
    for task in TASKS.values():  # warm-up: imports and first-call costs
        task("<html><body><p>warm</p></body></html>")
    for page in dev_pages(datasets, limit):
        html = _for_lxml(to_text(page.raw))
        pages += 1
        times = {name: float("inf") for name in TASKS}
        for _ in range(repeat):
            for name, task in TASKS.items():
                started = time.perf_counter()
                try:
                    task(html)
                except Exception as exc:
                    failures[name].append(f"{page.dataset}/{page.page_id}: {type(exc).__name__}")
                    break
                times[name] = min(times[name], time.perf_counter() - started)
        for name, t in times.items():
            best[name].append(None if t == float("inf") else t * 1000)
        gc.collect()  # free the trees between pages, outside the timed calls
    return {"pages": pages, "ms": best, "failures": failures}


def summarise(result: dict) -> dict:
    rows = {}
    for name, timed in result["ms"].items():
        ms = [t for t in timed if t is not None]
        rows[name] = {
            "mean_ms": statistics.fmean(ms) if ms else None,
            "median_ms": statistics.median(ms) if ms else None,
            "p95_ms": statistics.quantiles(ms, n=20)[-1] if len(ms) >= 20 else None,
            "max_ms": max(ms) if ms else None,
            "total_s": sum(ms) / 1000,
            "failures": len(set(result["failures"][name])),
        }
    pairs = (("lxml parse", "lexbor parse"), ("lxml parse+iter", "lexbor parse+walk"))
    ratios = {}
    for slow, fast in pairs:
        a, b = rows[slow]["mean_ms"], rows[fast]["mean_ms"]
        ratios[f"{slow} / {fast}"] = a / b if a and b else None
        # The per-page median ratio is less swayed by a handful of huge pages.
        per_page = [x / y for x, y in zip(result["ms"][slow], result["ms"][fast]) if x and y]
        ratios[f"{slow} / {fast} (median per page)"] = (
            statistics.median(per_page) if per_page else None
        )
    return {"pages": result["pages"], "tasks": rows, "ratios": ratios}


def _fmt(x: float | None, spec: str) -> str:
    return "–" if x is None else format(x, spec)


def table(summary: dict) -> list[str]:
    head = ["task", "mean ms/page", "median ms/page", "p95 ms/page", "max ms", "failures"]
    rows = [[name, _fmt(r["mean_ms"], ".2f"), _fmt(r["median_ms"], ".2f"),
             _fmt(r["p95_ms"], ".2f"), _fmt(r["max_ms"], ".1f"), str(r["failures"])]
            for name, r in summary["tasks"].items()]
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]

    def line(r: list[str]) -> str:
        return "| " + " | ".join(v.ljust(w) for v, w in zip(r, widths)) + " |"

    out = [line(head), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    out += [line(r) for r in rows]
    out.append("")
    out += [f"- {k}: {_fmt(v, '.2f')}×" for k, v in summary["ratios"].items()]
    return out


def versions() -> dict[str, str]:
    from importlib.metadata import version

    return {"selectolax": version("selectolax"), "lxml": version("lxml")}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--datasets", default=",".join(BODY_SETS))
    ap.add_argument("--limit", type=int, default=0, help="only the first N pages of each dataset")
    ap.add_argument("--repeat", type=int, default=3, help="tries per page and task; fastest kept")
    ap.add_argument("--out", default=str(REPO / "bench" / "out" / "parsers.json"))
    args = ap.parse_args(argv)
    try:
        datasets = tuple(dataset_name(d.strip()) for d in args.datasets.split(",") if d.strip())
    except ValueError as exc:
        ap.error(str(exc))
    summary = summarise(measure(datasets, args.limit, args.repeat))
    summary.update({"datasets": list(datasets), "repeat": args.repeat, "versions": versions()})
    v = summary["versions"]
    print(f"{summary['pages']} dev pages of {', '.join(datasets)}; fastest of {args.repeat} "
          f"tries per page; selectolax {v['selectolax']}, lxml {v['lxml']}")
    print("\n".join(table(summary)))
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    Path(args.out).write_text(json.dumps(summary, indent=1) + "\n", encoding="utf-8")
    print(f"written: {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
