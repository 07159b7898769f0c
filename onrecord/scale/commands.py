"""``onrecord scale run``: the Ray Data pipeline from the command line.

Ray is imported inside the handler only, so ``onrecord read`` and the other commands never pay
for it, and a machine without the ``scale`` extra still runs them.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any


def _line(summary: Any, row: dict[str, Any]) -> None:
    status = row["status"] if row["status"] == "done" else f"FAILED ({row['reason']})"
    sys.stderr.write(
        f"[{summary.done + summary.failed}/{summary.shards - summary.skipped}] {row['source']}: {status}; "
        f"{row['articles']} articles, {row['statements']} statements, {row['errors']} errors, "
        f"{row['documents']} pages in {float(row['seconds']):.1f} s\n"
    )


def cmd_scale_run(args: argparse.Namespace) -> int:
    try:
        import ray  # noqa: F401 - only to say clearly what is missing
    except ImportError:
        sys.stderr.write("onrecord: scale needs Ray: pip install 'onrecord[scale]'\n")
        return 2
    from onrecord.scale.child import ChildSettings
    from onrecord.scale.pipeline import run
    from onrecord.scale.worker import ScaleSettings

    settings = ScaleSettings(
        output=args.output,
        fmt=args.format,
        chunk=args.chunk,
        batch=args.batch,
        scratch=args.scratch,
        child=ChildSettings(kind=args.kind, fast=args.fast, time_limit=args.time_limit,
                            memory_limit_mb=args.memory_limit),
    )
    if not args.input and not args.input_list:
        sys.stderr.write("onrecord: give --input or --input-list\n")
        return 2
    try:
        summary = run(args.input, args.output, address=args.address, workers=args.workers, fmt=args.format,
                      settings=settings, progress=None if args.quiet else _line, input_list=args.input_list)
    except KeyboardInterrupt:
        sys.stderr.write("onrecord: interrupted; finished shards stay finished: rerun the command to go on\n")
        return 130
    except OSError as exc:  # the input list or the output folder cannot be read or written
        sys.stderr.write(f"onrecord: {exc}\n")
        return 1
    sys.stdout.write(json.dumps(summary.to_dict()) + "\n")
    # Pages that fail are rows of the errors table, not a failed run; a shard not finished or an
    # input that matched nothing is.
    return 1 if summary.failed or summary.missing_inputs else 0


def register(sub: Any) -> None:
    if "scale" in getattr(sub, "choices", {}):
        return  # cli.main() may hand us the same parser twice
    scale = sub.add_parser("scale", help="run the pipeline over WARC archives on Ray (a cluster or this machine)")
    scale_sub = scale.add_subparsers(dest="scale_command", metavar="COMMAND")
    scale.set_defaults(func=lambda _args: (scale.print_help(), 2)[1])

    p = scale_sub.add_parser(
        "run",
        help="WARC files → Parquet tables of articles, statements and errors",
        description="Reads every WARC file named by --input (paths, globs, folders, or URLs such as "
        "s3://bucket/crawl/*.warc.gz) with Ray Data, one file per task, and writes the tables articles, "
        "statements and errors under --output. Rerunning the same command skips finished files.",
    )
    p.add_argument("--input", action="append", default=[], metavar="GLOB|URI",
                   help="WARC files to read: a path, glob, folder or URL (repeat for more)")
    p.add_argument("--input-list", metavar="FILE", help="a file naming WARCs one per line (e.g. warc.paths, gzipped or not)")
    p.add_argument("--output", required=True, metavar="DIR", help="output folder (a path or an fsspec URL)")
    p.add_argument("--address", default=None, metavar="auto|local|ADDR",
                   help="'local' starts Ray here (the default, unless RAY_ADDRESS is set); 'auto' joins this "
                   "machine's cluster; anything else goes to ray.init")
    p.add_argument("--format", default="parquet", choices=["parquet", "jsonl"])
    p.add_argument("--workers", type=int, default=None, metavar="N",
                   help="shards read at once (default: one per CPU of the cluster)")
    p.add_argument("--time-limit", type=float, default=30.0, metavar="S", help="seconds per document (default 30)")
    p.add_argument("--memory-limit", type=int, default=3072, metavar="MB",
                   help="address space of each reading process (default 3072; 0: none)")
    p.add_argument("--chunk", type=int, default=1000, metavar="N",
                   help="records written at a time; a lost worker costs at most this many (default 1000)")
    p.add_argument("--batch", type=int, default=32, metavar="N", help="pages per parser pass (default 32)")
    p.add_argument("--scratch", default=None, metavar="DIR", help="where remote WARCs are downloaded (default: temp)")
    p.add_argument("--fast", action="store_true", help="rules-only attribution: direct quotes, no parser")
    p.add_argument("--as", dest="kind", default="auto", choices=["auto", "html", "text"], help="what the pages are")
    p.add_argument("--quiet", action="store_true", help="no line per shard on standard error")
    p.set_defaults(func=_with_address(cmd_scale_run))


def _with_address(handler: Any) -> Any:
    def run(args: argparse.Namespace) -> int:
        import os

        if args.address is None:
            args.address = "auto" if os.environ.get("RAY_ADDRESS") else "local"
        return int(handler(args))

    return run
