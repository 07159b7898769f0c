"""The explorer: a read-only web UI and JSON API over a corpus (``onrecord serve``).

    from onrecord.serve import create_app
    app = create_app("news.db")          # an ASGI app; run it with uvicorn

Pages are rendered on the server with Jinja2 (autoescaped: the corpus is hostile input) and a
little JavaScript served as a static file, so the Content-Security-Policy allows no inline
script. The store is opened read-only; the app answers GET and HEAD only.

Starlette, Jinja2 and uvicorn come with the ``serve`` extra; importing this package does not
load them, so the command line stays fast.
"""

from __future__ import annotations

from typing import Any

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from onrecord.serve.app import create_app

        return create_app
    raise AttributeError(name)
