"""Scale-out benchmark: the Ray Data pipeline with 1 and 2 workers on this machine.

    .venv/bin/python bench/scale.py                  # all 588 development pages, 8 shards, 1 and 2 workers
    .venv/bin/python bench/scale.py --pages 100      # a quick look
    .venv/bin/python bench/scale.py --repeat 3       # medians of 3 runs per worker count
    .venv/bin/python bench/scale.py --copies 3       # every page 3 times: longer runs, fixed costs weigh less
    .venv/bin/python bench/scale.py --markdown       # also print the BENCHMARKS.md section

What it measures:

* the development pages of scrapinghub-aeb and trafilatura-eval (real news and blog pages,
  read in place from ../shared/bench) are packed round-robin into ``--shards`` WARC.gz files
  in a temporary folder (``--copies`` times each, under different URLs);
* for each worker count N (1, then 2), Ray is started here with N CPUs and ``onrecord scale
  run`` reads every shard into a fresh output folder. The time is the pipeline's wall time
  (listing the shards, starting the actors and their reading processes, reading, writing),
  Ray's own start excluded;
* throughput = pages / wall time; scaling efficiency = throughput(2) / (2 × throughput(1));
* per-core figures for the projection: pages/s per worker with 2 workers (the busier, more
  cluster-like case), and CPU seconds per page (workers and their reading processes);
* peak memory per worker: the largest (Ray actor + its reading process) peak resident size
  any worker reached.

The machine is shared: the load average before each run is printed with it. Only timings,
counts and memory figures are written (bench/out/scale.json); no page text.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from devpages import BODY_SETS, dev_pages  # noqa: E402 - after the path set-up above


def build_shards(folder: Path, shards: int, limit: int, copies: int = 1) -> tuple[int, int]:
    """Pack the development pages round-robin into ``shards`` WARC.gz files: (pages, HTML bytes).

    ``copies`` > 1 packs each page that many times under different URLs: longer runs, so the
    fixed costs (starting actors, loading the model) weigh less, as they do on real shards."""
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    handles = [(folder / f"dev-{i:02d}.warc.gz").open("wb") for i in range(shards)]
    writers = [WARCWriter(fh, gzip=True) for fh in handles]
    n = raw = 0
    try:
        pages = list(dev_pages(BODY_SETS))
        if limit:
            pages = pages[:limit]
        for copy in range(copies):
            for page in pages:
                url = page.url or f"https://bench.invalid/{page.dataset}/{page.page_id}"
                if copy:
                    url += f"#copy-{copy}"
                headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
                record = writers[n % shards].create_warc_record(url, "response", payload=io.BytesIO(page.raw),
                                                                http_headers=headers)
                writers[n % shards].write_record(record)
                n += 1
                raw += len(page.raw)
    finally:
        for fh in handles:
            fh.close()
    return n, raw


class CpuMeter(threading.Thread):
    """CPU seconds of this process and everything under it (Ray's own processes, its workers and
    their reading processes), sampled: processes end during the run, so each one's last sample
    counts."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.seen: dict[int, float] = {}
        self.stop = threading.Event()

    def sample(self) -> None:
        import psutil

        me = psutil.Process()
        for proc in [me, *me.children(recursive=True)]:
            try:
                t = proc.cpu_times()
                self.seen[proc.pid] = t.user + t.system + (t.children_user + t.children_system if proc is me else 0)
            except psutil.Error:
                pass

    def run(self) -> None:
        while not self.stop.wait(0.25):
            self.sample()

    def total(self) -> float:
        self.stop.set()
        self.sample()
        return sum(self.seen.values())


def one_run(shard_dir: Path, out: Path, workers: int) -> dict[str, Any]:
    import ray

    from onrecord.scale.pipeline import run

    load = os.getloadavg()[0]
    ray.init(num_cpus=workers, include_dashboard=False, log_to_driver=False, configure_logging=False)
    meter = CpuMeter()
    meter.sample()
    before = sum(meter.seen.values())
    meter.start()
    try:
        summary = run([str(shard_dir / "*.warc.gz")], str(out), workers=workers)
        all_cpu = meter.total() - before
    finally:
        ray.shutdown()
    if summary.failed or summary.errors:
        from onrecord.scale.tables import decode

        sys.stderr.write(f"warning: {summary.failed} shards failed, {summary.errors} error rows\n")
        for path in sorted((out / "errors").glob("*.parquet")):
            for row in decode(path.read_bytes(), "parquet"):
                sys.stderr.write(f"  {row['stage']}: {row['reason'][:200]}\n")  # stage and reason only
    return {
        "workers": workers,
        "pages": summary.documents,
        "articles": summary.articles,
        "statements": summary.statements,
        "seconds": summary.seconds,
        "pages_per_second": round(summary.documents / summary.seconds, 3),
        "busy_seconds": summary.busy_seconds,
        "cpu_seconds": summary.cpu_seconds,
        "cpu_seconds_per_page": round(summary.cpu_seconds / max(summary.documents, 1), 4),
        "all_cpu_seconds_per_page": round(all_cpu / max(summary.documents, 1), 4),
        "peak_worker_rss_mb": summary.peak_worker_rss_mb,
        "load_before": round(load, 2),
    }


def markdown(result: dict[str, Any]) -> str:
    rows = result["runs"]
    one, two = result["median"]["1"], result["median"]["2"]
    lines = [
        "## Scale-out (Ray)",
        "",
        (f"`onrecord scale run` on Ray Data in local mode, on this 2-core machine: {result['pages']} pages — the "
         f"development pages of scrapinghub-aeb and trafilatura-eval (real news and blog pages, {result['mean_kb']:.0f} KB "
         f"of HTML on average), {result['copies']} time(s) each — packed into {result['shards']} WARC.gz shards; "
         "one Ray actor per worker, each with "
         "its reading process. Wall time of the pipeline: listing shards, starting the actors and loading the "
         "model, reading, writing Parquet (Ray's own start excluded). Median of "
         f"{result['repeat']} run(s) per worker count."),
        "",
        ("| workers | pages/s | wall s | pages/s per worker | CPU s per page (workers) | CPU s per page (all, with Ray) "
        "| peak memory per worker (actor + reader) |"),
        "|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for n, m in (("1", one), ("2", two)):
        lines.append(
            f"| {n} | {m['pages_per_second']:.2f} | {m['seconds']:.1f} | {m['pages_per_second'] / int(n):.2f} | "
            f"{m['cpu_seconds_per_page']:.3f} | {m['all_cpu_seconds_per_page']:.3f} | {m['peak_worker_rss_mb']:.0f} MB |"
        )
    lines += [
        "",
        (f"Scaling efficiency, throughput(2) / (2 × throughput(1)): **{result['efficiency']:.2f}** (goal ≥ 0.85). "
        f"CPU ratio, all CPU per page with 1 worker / with 2: **{result['cpu_ratio']:.2f}**."),
        "",
        "Runs (load average before each): " + "; ".join(
            f"{r['workers']}w {r['pages_per_second']:.2f} p/s (load {r['load_before']})" for r in rows) + ".",
        "",
        "```",
        f".venv/bin/python bench/scale.py --copies {result['copies']} --repeat {result['repeat']} --markdown",
        "```",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=0, help="pages to use (default: all development pages)")
    parser.add_argument("--shards", type=int, default=8, help="WARC files to pack them into (default 8)")
    parser.add_argument("--copies", type=int, default=1, help="pack every page this many times (longer runs)")
    parser.add_argument("--repeat", type=int, default=1, help="runs per worker count; medians are kept")
    parser.add_argument("--markdown", action="store_true", help="print the BENCHMARKS.md section")
    args = parser.parse_args(argv)

    runs: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory(prefix="onrecord-bench-scale-") as tmp:
        shard_dir = Path(tmp) / "in"
        shard_dir.mkdir()
        pages, raw = build_shards(shard_dir, args.shards, args.pages, args.copies)
        size = sum(p.stat().st_size for p in shard_dir.iterdir())
        mean_kb = raw / 1024 / max(pages, 1)
        print(f"{pages} pages in {args.shards} shards ({size / 1048576:.1f} MB gzipped)", file=sys.stderr)
        for i in range(args.repeat):
            # Alternate the order so a change in the machine's load does not favour one count.
            for workers in ((1, 2) if i % 2 == 0 else (2, 1)):
                out = Path(tmp) / f"out-{workers}-{i}"
                started = time.monotonic()
                result = one_run(shard_dir, out, workers)
                result["total_seconds"] = round(time.monotonic() - started, 2)
                runs.append(result)
                print(json.dumps(result), file=sys.stderr)

    median: dict[str, dict[str, float]] = {}
    for workers in (1, 2):
        mine = [r for r in runs if r["workers"] == workers]
        median[str(workers)] = {k: statistics.median(r[k] for r in mine)
                                for k in ("pages_per_second", "seconds", "cpu_seconds_per_page",
                                          "all_cpu_seconds_per_page", "peak_worker_rss_mb")}
    efficiency = median["2"]["pages_per_second"] / (2 * median["1"]["pages_per_second"])
    # What 2 workers cost over 1 in CPU for the same pages: the efficiency an idle machine allows.
    cpu_ratio = median["1"]["all_cpu_seconds_per_page"] / median["2"]["all_cpu_seconds_per_page"]
    result = {"pages": pages, "copies": args.copies, "shards": args.shards, "repeat": args.repeat, "mean_kb": mean_kb,
              "runs": runs, "median": median, "efficiency": round(efficiency, 3), "cpu_ratio": round(cpu_ratio, 3),
              "per_core_pages_per_second": round(median["2"]["pages_per_second"] / 2, 3)}
    (HERE / "out").mkdir(exist_ok=True)
    (HERE / "out" / "scale.json").write_text(json.dumps(result, indent=1))
    print(json.dumps({k: v for k, v in result.items() if k != "runs"}, indent=1))
    if args.markdown:
        print(markdown(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
