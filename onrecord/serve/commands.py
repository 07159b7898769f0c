"""``onrecord serve``: the explorer over a store, on 127.0.0.1 by default.

Starlette, Jinja2 and uvicorn are imported inside the handler, so other commands start without
them, and a missing ``serve`` extra is one line saying what to install.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from onrecord.serve.safety import LOOPBACK_NAMES

DEFAULT_DB = "onrecord.db"


def allowed_hosts(host: str, extra: list[str]) -> list[str] | None:
    """Host names a browser may use to reach the server; None (any) on a non-loopback address.

    On loopback only the loopback names are accepted, which is what defeats DNS rebinding; on a
    public address the server cannot know its names, so ``--allowed-host`` narrows it instead.
    """
    if extra:
        return [h.lower() for h in extra] + list(LOOPBACK_NAMES)
    if host in ("127.0.0.1", "localhost", "::1") or host.startswith("127."):
        return [*LOOPBACK_NAMES, host]
    return None


def cmd_serve(args: argparse.Namespace) -> int:
    try:
        import uvicorn

        from onrecord.serve.app import create_app
    except ImportError as exc:
        sys.stderr.write(f"onrecord: the explorer needs the serve extra ({exc.name} is missing): "
                         "pip install 'onrecord[serve]'\n")
        return 1
    from onrecord.errors import OnrecordError

    try:
        app = create_app(args.db, allowed_hosts=allowed_hosts(args.host, args.allowed_host))
    except OnrecordError as exc:
        sys.stderr.write(f"onrecord: {exc.reason}\n")
        return 1
    shown = f"[{args.host}]" if ":" in args.host else args.host
    sys.stderr.write(f"onrecord: exploring {args.db} (read-only) at http://{shown}:{args.port}/\n")
    uvicorn.run(app, host=args.host, port=args.port, log_level=args.log_level, server_header=False,
                proxy_headers=False)
    return 0


def register(sub: Any) -> None:
    if "serve" in getattr(sub, "choices", {}):
        return  # registered already (main() may run more than once in one process)
    p = sub.add_parser("serve", help="browse a corpus in a web browser (read-only web UI and JSON API)")
    p.add_argument("--db", default=DEFAULT_DB, help=f"the store to explore (default: {DEFAULT_DB})")
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    p.add_argument("--port", type=int, default=8000, help="port to listen on (default: 8000)")
    p.add_argument("--allowed-host", action="append", default=[], metavar="NAME",
                   help="a host name browsers use to reach the server (repeatable); others get 400")
    p.add_argument("--log-level", default="warning", choices=["critical", "error", "warning", "info", "debug"])
    p.set_defaults(func=cmd_serve)
