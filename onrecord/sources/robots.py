"""robots.txt, fetched through our own fetcher (same address checks and caps) and cached per host.

urllib.robotparser does the parsing; only its own network code is bypassed, since it would skip
the private-address refusal and the size cap. Conventions as robotparser's: 401/403 forbid the
whole site, any other 4xx allows it; an unreachable or failing (5xx) robots.txt is taken as
allowing, after retries, rather than stalling the crawl.
"""

from __future__ import annotations

import threading
import urllib.robotparser
from collections.abc import Callable
from urllib.parse import urlsplit

from onrecord.errors import FetchError
from onrecord.sources.fetch import Fetched

ROBOTS_MAX_BYTES = 512 * 1024


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


class RobotsCache:
    def __init__(self, get: Callable[[str], Fetched], user_agent: str) -> None:
        self._get = get  # fetches a URL, returning 4xx/5xx responses rather than raising
        self.user_agent = user_agent
        self._parsers: dict[str, urllib.robotparser.RobotFileParser] = {}
        self._locks: dict[str, threading.Lock] = {}
        self._guard = threading.Lock()

    def _parser(self, origin: str) -> urllib.robotparser.RobotFileParser:
        with self._guard:
            lock = self._locks.setdefault(origin, threading.Lock())
        with lock:  # one fetch of robots.txt per host, however many threads ask
            parser = self._parsers.get(origin)
            if parser is None:
                parser = self._load(origin)
                self._parsers[origin] = parser
            return parser

    def _load(self, origin: str) -> urllib.robotparser.RobotFileParser:
        parser = urllib.robotparser.RobotFileParser(origin + "/robots.txt")
        try:
            fetched = self._get(origin + "/robots.txt")
        except FetchError:
            parser.parse([])  # unreachable: allow
            return parser
        if fetched.status in (401, 403):
            parser.disallow_all = True  # type: ignore[attr-defined]  # set by parse(); typeshed omits it
        elif fetched.status >= 400:
            parser.allow_all = True  # type: ignore[attr-defined]
        else:
            text = fetched.content[:ROBOTS_MAX_BYTES].decode("utf-8", "replace")
            parser.parse(text.splitlines())
        return parser

    def allowed(self, url: str) -> bool:
        return self._parser(origin_of(url)).can_fetch(self.user_agent, url)

    def crawl_delay(self, url: str) -> float | None:
        delay = self._parser(origin_of(url)).crawl_delay(self.user_agent)
        return float(delay) if delay is not None else None
