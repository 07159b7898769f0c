"""The command line: a thin shell over the library API.

Every command parses its arguments, calls one public function and prints the result. Errors
in one input are printed as a JSON object on their own line and the command goes on; the exit
status says whether some inputs failed (1) or the command was misused (2).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from typing import Any

from onrecord.errors import OnrecordError

EXIT_OK, EXIT_SOME_FAILED, EXIT_USAGE = 0, 1, 2


def _out(text: str) -> None:
    sys.stdout.write(text)
    if not text.endswith("\n"):
        sys.stdout.write("\n")


def _error_object(name: str, exc: BaseException) -> dict[str, Any]:
    if isinstance(exc, OnrecordError):
        obj = exc.to_dict()
    else:
        # Not an error we raise on purpose: name it, on one short line, never a traceback.
        reason = " ".join(str(exc).split())[:300] or type(exc).__name__
        obj = {"error": type(exc).__name__, "stage": "read", "reason": f"unexpected {type(exc).__name__}: {reason}"}
    obj["input"] = name
    return obj


# Pages read together: the parser runs fastest over many sentences at once, and a batch this
# size keeps output flowing and memory small.
BATCH = 32


def _each_input(
    inputs: Sequence[str], args: argparse.Namespace, statements: bool, emit: Callable[[str, Any], None]
) -> int:
    """Read every input; each gives one result (or one error object), whatever goes wrong."""
    from onrecord.sources.inputs import RawPage, load

    _utf8_stdout()
    failed = 0
    for at in range(0, len(inputs), BATCH):
        names = inputs[at : at + BATCH]
        raws: list[RawPage | BaseException] = []
        for name in names:
            try:
                raws.append(load(name, allow_private=getattr(args, "allow_private", False)))
            except Exception as exc:  # one bad input must not stop the others
                raws.append(exc)
        pages = [r for r in raws if isinstance(r, RawPage)]
        results = iter(_read_batch(pages, args, statements))
        for name, raw in zip(names, raws):
            result = raw if isinstance(raw, BaseException) else next(results)
            if not isinstance(result, BaseException):
                try:
                    emit(name, result)
                    continue
                except Exception as exc:
                    result = exc
            failed += 1
            _out(json.dumps(_error_object(name, result), ensure_ascii=False))
    return EXIT_SOME_FAILED if failed else EXIT_OK


def _read_batch(pages: Sequence[Any], args: argparse.Namespace, statements: bool) -> list[Any]:
    """read_many over a batch. If the batch fails as a whole (an error some page provokes
    that its layer did not turn into a result), the pages are read one by one, so that only
    that page fails."""
    from onrecord.api import read_many

    def read(batch: Sequence[Any]) -> list[Any]:
        return read_many(
            [p.content for p in batch],
            urls=[p.url for p in batch],
            content_types=[p.content_type for p in batch],
            kind=args.kind,
            statements=statements,
            fast=getattr(args, "fast", False),
        )

    try:
        return read(pages)
    except Exception as exc:
        if len(pages) == 1:
            return [exc]
    out: list[Any] = []
    for page in pages:
        try:
            out.extend(read([page]))
        except Exception as exc:
            out.append(exc)
    return out


def _utf8_stdout() -> None:
    # JSON is UTF-8 by definition; a terminal or pipe set to ASCII or Latin-1 would otherwise
    # fail on the first non-ASCII character of a page.
    encoding = (getattr(sys.stdout, "encoding", None) or "").lower().replace("_", "-")
    if encoding not in ("utf-8", "utf8") and hasattr(sys.stdout, "reconfigure"):
        try:
            sys.stdout.reconfigure(encoding="utf-8")
        except (ValueError, OSError):
            pass


def cmd_read(args: argparse.Namespace) -> int:
    from onrecord.render import to_markdown, to_text

    fmt = args.format
    many = len(args.inputs) > 1

    def emit(name: str, article: Any) -> None:
        if fmt == "jsonl":
            _out(article.to_json())
        elif fmt == "json":
            _out(article.to_json(indent=2))
        elif fmt == "markdown":
            if many:
                _out(f"<!-- {name} -->")
            _out(to_markdown(article))
        else:
            _out(to_text(article))

    return _each_input(args.inputs, args, not args.no_statements, emit)


def cmd_quotes(args: argparse.Namespace) -> int:
    from rich.console import Console
    from rich.table import Table


    console = Console()

    def emit(name: str, article: Any) -> None:
        table = Table(title=f"{article.title or name}", show_lines=False, expand=True)
        for column in ("speaker", "kind", "cue", "venue", "text"):
            table.add_column(column, overflow="fold", ratio=4 if column == "text" else 1)
        for st in article.statements:
            sp = st.speaker
            speaker = (sp.name or sp.mention or "?") if sp else "?"
            table.add_row(speaker, st.kind, st.cue.text if st.cue else "", st.venue or "", st.said(article.text))
        console.print(table)

    args.kind = getattr(args, "kind", "auto")
    return _each_input(args.inputs, args, True, emit)


def build_parser() -> argparse.ArgumentParser:
    from onrecord import __version__

    parser = argparse.ArgumentParser(prog="onrecord", description="Read news pages and put on record who said what.")
    parser.add_argument("--version", action="version", version=f"onrecord {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    def add_input_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("inputs", nargs="+", metavar="PATH|URL|-", help="pages to read ('-' reads standard input)")
        p.add_argument("--as", dest="kind", default="auto", choices=["auto", "html", "text", "body"],
                       help="what the input is (default: sniffed); 'body' takes it verbatim as the body")
        p.add_argument("--fast", action="store_true", help="rules-only attribution: direct quotes, no parser")
        p.add_argument("--allow-private", action="store_true", help="allow URLs on private or loopback addresses")

    p_read = sub.add_parser("read", help="read pages into Article records")
    add_input_options(p_read)
    p_read.add_argument("--format", default="json", choices=["json", "jsonl", "markdown", "text"])
    p_read.add_argument("--no-statements", action="store_true", help="skip attribution (page layer only)")
    p_read.set_defaults(func=cmd_read)

    p_quotes = sub.add_parser("quotes", help="print a table of who said what")
    add_input_options(p_quotes)
    p_quotes.set_defaults(func=cmd_quotes)

    for register in _EXTRA_COMMANDS:
        register(sub)
    return parser


# Upper layers (corpus, serve, scale) add their commands here without this module importing them
# at start-up.
_EXTRA_COMMANDS: list[Callable[[Any], None]] = []


def _register_optional() -> None:
    import importlib

    if _EXTRA_COMMANDS:
        return  # main() may run many times in one process (tests, notebooks)
    for module in ("onrecord.corpus.commands", "onrecord.serve.commands", "onrecord.scale.commands"):
        try:
            mod = importlib.import_module(module)
        except ImportError:
            continue
        _EXTRA_COMMANDS.append(mod.register)


def main(argv: Sequence[str] | None = None) -> int:
    _register_optional()
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return EXIT_USAGE
    try:
        return int(args.func(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
