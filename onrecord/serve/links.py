"""Links built from stored values: only http(s) URLs become links, and query strings are encoded.

A stored URL is whatever a page or a feed claimed; ``javascript:`` or ``data:`` must never reach
an ``href``. Escaping keeps an attribute closed, but only this check keeps the scheme harmless.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode, urlsplit


def web_url(url: Any) -> str | None:
    """``url`` when it is an absolute http or https URL without control characters, else None."""
    if not isinstance(url, str) or len(url) > 4096:
        return None
    if any(ord(ch) < 0x20 or ch == "\x7f" for ch in url):
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() not in {"http", "https"} or not parts.netloc:
        return None
    return url.strip()


def query_string(values: Mapping[str, Any], **changes: Any) -> str:
    """``values`` updated with ``changes`` as ``?a=1&b=2``, leaving out empty and default values."""
    merged = {**values, **changes}
    pairs = []
    for name, value in merged.items():
        if value is None or value is False or value == "":
            continue
        if name == "page" and value == 1:
            continue
        pairs.append((name, "1" if value is True else str(value)))
    return "?" + urlencode(pairs) if pairs else ""
