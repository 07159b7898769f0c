"""The corpus commands: ingest, search, speakers, show, export, runs, errors, demo.

Each handler opens an ``onrecord.Corpus``, calls one public method and prints what it returns.
Imports stay inside the handlers so that ``onrecord read`` does not pay for SQLite, rich tables
or the worker pool at start-up. A store problem (not a database, locked, missing) is one line
on standard error and exit status 1, never a traceback.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

DEFAULT_DB = "onrecord.db"


def _fail(message: str) -> int:
    sys.stderr.write(f"onrecord: {message}\n")
    return 1


def _guarded(handler: Any) -> Any:
    def run(args: argparse.Namespace) -> int:
        from onrecord.errors import OnrecordError

        try:
            return int(handler(args))
        except OnrecordError as exc:
            return _fail(exc.reason)

    return run


def _open(args: argparse.Namespace, *, readonly: bool = True) -> Any:
    from onrecord.corpus import Corpus

    return Corpus(args.db, readonly=readonly)


def _jsonl(rows: list[Any]) -> None:
    for row in rows:
        sys.stdout.write(json.dumps(row.to_dict(), ensure_ascii=False) + "\n")


def _table(title: str | None, columns: list[tuple[str, dict[str, Any]]], rows: list[list[Any]]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=title, expand=True, show_lines=False)
    for name, opts in columns:
        table.add_column(name, overflow="fold", **opts)
    for row in rows:
        table.add_row(*["" if v is None else str(v) for v in row])
    Console().print(table)


# -- ingest -------------------------------------------------------------------------------------


def cmd_ingest(args: argparse.Namespace) -> int:
    from onrecord.corpus import IngestOptions
    from onrecord.corpus.progress import IngestProgress, summary_lines

    options = IngestOptions(
        workers=args.workers,
        time_limit=args.time_limit,
        memory_limit_mb=args.memory_limit,
        allow_private=args.allow_private,
        delay=args.delay,
        per_host=args.per_host,
        retries=args.retries,
        timeout=args.timeout,
        max_bytes=int(args.max_mb * 1048576),
        robots=not args.ignore_robots,
        refetch=args.refetch,
        retry_errors=args.retry_errors,
        fast=args.fast,
        kind=args.kind,
    )
    if bool(args.sources) == bool(args.from_parquet):
        _fail("give either sources to ingest or --from-parquet DIR, not both or neither")
        return 2
    with _open(args, readonly=False) as corpus:
        try:
            with IngestProgress(enabled=not args.quiet and sys.stderr.isatty()) as progress:
                if args.from_parquet:  # the output of `onrecord scale run`
                    summary = corpus.import_parquet(args.from_parquet, progress=progress)
                else:
                    summary = corpus.ingest(args.sources, options, progress=progress)
        except KeyboardInterrupt:
            sys.stderr.write("onrecord: interrupted; what was stored stays stored: rerun the command to finish\n")
            return 130
    if args.json:
        sys.stdout.write(json.dumps(summary.to_dict()) + "\n")
    elif not args.quiet:
        for line in summary_lines(summary, args.db):
            sys.stdout.write(line + "\n")
    return 0


# -- queries ------------------------------------------------------------------------------------


def cmd_search(args: argparse.Namespace) -> int:
    with _open(args) as corpus:
        hits = corpus.search(
            args.query, speaker=args.speaker, site=args.site, since=args.since, until=args.until, kind=args.kind,
            include_duplicates=args.include_duplicates, limit=args.limit, offset=args.offset,
        )
    if args.format == "jsonl":
        _jsonl(hits)
        return 0
    _table(
        f"{len(hits)} statements" + (f" for “{args.query}”" if args.query else ""),
        [("speaker", {"ratio": 2}), ("kind", {"ratio": 1}), ("statement", {"ratio": 6}), ("article", {"ratio": 3})],
        [[h.speaker or "?", h.kind, h.text, f"#{h.article_id} {h.site or ''} {(h.published or '')[:10]}"] for h in hits],
    )
    return 0


def cmd_speakers(args: argparse.Namespace) -> int:
    with _open(args) as corpus:
        rows = corpus.speakers(limit=args.top, offset=args.offset, include_duplicates=args.include_duplicates, type=args.type)
    if args.format == "jsonl":
        _jsonl(rows)
        return 0
    _table(
        "speakers by statements",
        [("#", {"justify": "right"}), ("name", {"ratio": 3}), ("type", {}), ("statements", {"justify": "right"}),
         ("articles", {"justify": "right"}), ("also called", {"ratio": 3}), ("roles", {"ratio": 3})],
        [[r.id, r.name, r.type, r.statements, r.articles, ", ".join(a for a in r.aliases if a != r.name)[:200],
          "; ".join(r.roles[:4])] for r in rows],
    )
    return 0


def cmd_show(args: argparse.Namespace) -> int:
    with _open(args) as corpus:
        view = corpus.show(args.article_id)
    if args.format == "json":
        sys.stdout.write(json.dumps(view.to_dict(), ensure_ascii=False, indent=2) + "\n")
        return 0
    from onrecord.render import to_markdown

    head = [f"<!-- article {view.id} · source {view.source} -->"]
    if view.duplicate_of:
        head.append(f"<!-- a copy of article {view.duplicate_of} (similarity {view.similarity}) -->")
    if view.copies:
        head.append(f"<!-- copied by articles {', '.join(map(str, view.copies))} -->")
    sys.stdout.write("\n".join(head) + "\n" + to_markdown(view.article) + "\n")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    with _open(args) as corpus:
        count = corpus.export(args.what, args.format, args.out, include_duplicates=args.include_duplicates)
    if args.out:
        sys.stderr.write(f"{count} {args.what} written to {args.out}\n")
    return 0


def cmd_runs(args: argparse.Namespace) -> int:
    with _open(args) as corpus:
        rows = corpus.runs(limit=args.limit, offset=args.offset)
    if args.format == "jsonl":
        _jsonl(rows)
        return 0
    _table(
        "ingest runs",
        [("run", {"justify": "right"}), ("started", {}), ("status", {}), ("stored", {"justify": "right"}),
         ("statements", {"justify": "right"}), ("copies", {"justify": "right"}), ("skipped", {"justify": "right"}),
         ("errors", {"justify": "right"}), ("sources", {"ratio": 3})],
        [[r.id, r.started, r.status, r.documents, r.statements, r.duplicates, r.skipped, r.errors, " ".join(r.sources)[:200]]
         for r in rows],
    )
    return 0


def cmd_errors(args: argparse.Namespace) -> int:
    with _open(args) as corpus:
        rows = corpus.errors(run_id=args.run, stage=args.stage, limit=args.limit, offset=args.offset)
    if args.format == "jsonl":
        _jsonl(rows)
        return 0
    _table(
        "documents that could not be stored",
        [("source", {"ratio": 3}), ("stage", {}), ("reason", {"ratio": 4}), ("run", {"justify": "right"}),
         ("tries", {"justify": "right"})],
        [[r.source, r.stage, r.reason, r.run_id, r.attempts] for r in rows],
    )
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from onrecord.corpus.demo import run_demo

    return run_demo(args.db, quiet=args.quiet)


# -- registration -------------------------------------------------------------------------------


def register(sub: Any) -> None:
    if "ingest" in getattr(sub, "choices", {}):
        return  # cli.main() may hand us the same parser twice when called more than once
    def db_option(p: argparse.ArgumentParser, default: str = DEFAULT_DB) -> None:
        p.add_argument("--db", default=default, metavar="PATH", help=f"the corpus database (default: {default})")

    def paging(p: argparse.ArgumentParser, limit: int) -> None:
        p.add_argument("--limit", type=int, default=limit, help=f"rows to show (default {limit})")
        p.add_argument("--offset", type=int, default=0, help="rows to skip (for paging)")

    def fmt(p: argparse.ArgumentParser) -> None:
        p.add_argument("--format", default="table", choices=["table", "jsonl"])

    p = sub.add_parser(
        "ingest",
        help="read files, folders, URL lists, feeds, sitemaps and WARCs into a corpus database",
        description="Sources: files and folders (.html .htm .txt and .gz), globs, a file of URLs or '-' "
        "(sources on standard input), URLs (feeds and sitemaps are expanded), WARC and WARC.gz. "
        "Rerunning the same command after an interruption finishes the rest without duplicates.",
    )
    p.add_argument("sources", nargs="*", metavar="SOURCE")
    p.add_argument("--from-parquet", metavar="DIR", help="load the output folder of 'onrecord scale run' instead")
    db_option(p)
    p.add_argument("--workers", type=int, default=0, help="worker processes (default: one per core; -1: none, in-process)")
    p.add_argument("--time-limit", type=float, default=30.0, metavar="S", help="seconds per document (default 30)")
    p.add_argument("--memory-limit", type=int, default=3072, metavar="MB", help="address space per worker (default 3072; 0: none)")
    p.add_argument("--allow-private", action="store_true", help="allow URLs on private, loopback or link-local addresses")
    p.add_argument("--delay", type=float, default=1.0, metavar="S", help="seconds between requests to one host (default 1)")
    p.add_argument("--per-host", type=int, default=2, metavar="N", help="connections per host (default 2)")
    p.add_argument("--retries", type=int, default=3, help="retries of a timed-out or 5xx fetch (default 3)")
    p.add_argument("--timeout", type=float, default=20.0, metavar="S", help="network timeout (default 20)")
    p.add_argument("--max-mb", type=float, default=16.0, metavar="MB", help="largest page fetched (default 16)")
    p.add_argument("--ignore-robots", action="store_true", help="do not honour robots.txt (only for your own sites)")
    p.add_argument("--refetch", action="store_true", help="fetch URLs already in the store again")
    p.add_argument("--retry-errors", action="store_true", help="read documents that failed before again")
    p.add_argument("--fast", action="store_true", help="rules-only attribution: direct quotes, no parser")
    p.add_argument("--as", dest="kind", default="auto", choices=["auto", "html", "text"], help="what the pages are")
    p.add_argument("--quiet", action="store_true", help="no progress bar and no summary")
    p.add_argument("--json", action="store_true", help="print the summary as one JSON object")
    p.set_defaults(func=_guarded(cmd_ingest))

    p = sub.add_parser("search", help="search the statements of a corpus")
    p.add_argument("query", nargs="?", default=None, metavar="QUERY",
                   help='words that must all occur ("a phrase", prefix*, OR); omit to list the newest')
    db_option(p)
    p.add_argument("--speaker", metavar="NAME", help="only this speaker (any name the registry knows them by)")
    p.add_argument("--site", metavar="S", help="only this site (host, e.g. example.com, or site name)")
    p.add_argument("--since", metavar="DATE", help="published on or after (YYYY-MM-DD)")
    p.add_argument("--until", metavar="DATE", help="published on or before (YYYY-MM-DD)")
    p.add_argument("--kind", choices=["direct", "partial", "indirect", "mixed"])
    p.add_argument("--include-duplicates", action="store_true", help="also statements from syndicated copies")
    paging(p, 20)
    fmt(p)
    p.set_defaults(func=_guarded(cmd_search))

    p = sub.add_parser("speakers", help="the people (and bodies) who said the most")
    db_option(p)
    p.add_argument("--top", type=int, default=20, metavar="N")
    p.add_argument("--offset", type=int, default=0)
    p.add_argument("--type", choices=["person", "group", "organization", "state", "unknown"])
    p.add_argument("--include-duplicates", action="store_true")
    fmt(p)
    p.set_defaults(func=_guarded(cmd_speakers))

    p = sub.add_parser("show", help="one stored article with who said what")
    p.add_argument("article_id", type=int, metavar="ARTICLE_ID")
    db_option(p)
    p.add_argument("--format", default="markdown", choices=["markdown", "json"])
    p.set_defaults(func=_guarded(cmd_show))

    p = sub.add_parser("export", help="export statements, articles or people")
    db_option(p)
    p.add_argument("--what", default="statements", choices=["statements", "articles", "people"])
    p.add_argument("--format", default="jsonl", choices=["jsonl", "csv", "parquet"])
    p.add_argument("--out", metavar="PATH", help="write here (default: standard output; Parquet needs a file)")
    p.add_argument("--include-duplicates", action="store_true")
    p.set_defaults(func=_guarded(cmd_export))

    p = sub.add_parser("runs", help="the ingest runs of a corpus")
    db_option(p)
    paging(p, 20)
    fmt(p)
    p.set_defaults(func=_guarded(cmd_runs))

    p = sub.add_parser("errors", help="documents that could not be stored, and why")
    db_option(p)
    p.add_argument("--run", type=int, metavar="ID", help="only errors of this run")
    p.add_argument("--stage", help="only errors of this stage (fetch, decode, page, warc, timeout, crash, ...)")
    paging(p, 50)
    fmt(p)
    p.set_defaults(func=_guarded(cmd_errors))

    p = sub.add_parser("demo", help="ingest the bundled sample pages and show who said what")
    db_option(p, "demo.db")
    p.add_argument("--quiet", action="store_true")
    p.set_defaults(func=_guarded(cmd_demo))
