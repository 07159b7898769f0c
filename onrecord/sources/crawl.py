"""Polite concurrent fetching: robots.txt, at most N connections and a delay per host, retries.

A small thread pool does the network waiting (threads are right for that: the work is I/O and
httpx releases the GIL), while the ingesting process stays free to hand pages to the parsing
workers. Each host has a gate: a semaphore for its connections and a "next request not before"
time, so the delay holds across threads. Transient failures (timeouts, dropped connections,
429, 5xx) are retried with exponential backoff and jitter, honouring Retry-After.
"""

from __future__ import annotations

import random
import threading
import time
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from urllib.parse import urlsplit

from onrecord.errors import FetchError
from onrecord.sources.fetch import (
    DEFAULT_MAX_BYTES,
    USER_AGENT,
    Fetched,
    TransientFetchError,
    check_url,
    fetch,
    make_client,
)
from onrecord.sources.robots import RobotsCache

MAX_CRAWL_DELAY = 30.0  # a robots.txt Crawl-delay above this is capped, not obeyed to the letter


@dataclass
class CrawlSettings:
    allow_private: bool = False
    per_host: int = 2
    delay: float = 1.0  # seconds between two requests to one host
    retries: int = 3
    backoff: float = 1.0  # first retry after this, then doubling
    timeout: float = 20.0
    max_bytes: int = DEFAULT_MAX_BYTES
    threads: int = 8
    robots: bool = True


class _HostGate:
    def __init__(self, connections: int) -> None:
        self.slots = threading.Semaphore(connections)
        self.lock = threading.Lock()
        self.next_at = 0.0

    def wait_turn(self, delay: float) -> None:
        with self.lock:
            now = time.monotonic()
            start = max(now, self.next_at)
            self.next_at = start + delay
        if start > now:
            time.sleep(start - now)


class Crawler:
    def __init__(self, settings: CrawlSettings | None = None) -> None:
        self.settings = settings or CrawlSettings()
        s = self.settings
        self._client = make_client(timeout=s.timeout, max_connections=max(4, s.threads * 2), allow_private=s.allow_private)
        self._pool = ThreadPoolExecutor(max_workers=s.threads, thread_name_prefix="onrecord-fetch")
        self._gates: dict[str, _HostGate] = {}
        self._guard = threading.Lock()
        self._robots = RobotsCache(self._get_robots, USER_AGENT)

    def _gate(self, url: str) -> _HostGate:
        host = (urlsplit(url).hostname or "").lower()
        with self._guard:
            gate = self._gates.get(host)
            if gate is None:
                gate = self._gates[host] = _HostGate(self.settings.per_host)
            return gate

    def _get_robots(self, url: str) -> Fetched:
        return self._polite(url, raise_for_status=False, max_bytes=512 * 1024)

    def _polite(self, url: str, *, raise_for_status: bool = True, max_bytes: int | None = None) -> Fetched:
        s = self.settings
        gate = self._gate(url)
        delay = s.delay
        # Read before taking a slot: loading robots.txt takes one itself.
        if s.robots and not url.endswith("/robots.txt"):
            crawl_delay = self._robots.crawl_delay(url)
            if crawl_delay is not None:
                delay = max(delay, min(crawl_delay, MAX_CRAWL_DELAY))
        attempt = 0
        while True:
            with gate.slots:
                gate.wait_turn(delay)
                try:
                    return fetch(
                        url,
                        client=self._client,
                        allow_private=s.allow_private,
                        timeout=s.timeout,
                        max_bytes=max_bytes or s.max_bytes,
                        raise_for_status=raise_for_status,
                    )
                except TransientFetchError as exc:
                    attempt += 1
                    if attempt > s.retries:
                        raise FetchError(f"{exc.reason} (after {attempt} tries)") from exc
                    wait = exc.retry_after if exc.retry_after is not None else s.backoff * 2 ** (attempt - 1)
                    wait = min(wait, 60.0) * (1.0 + random.random() * 0.25)
            time.sleep(wait)  # outside the host's slot, so other URLs of the host can go on

    def get(self, url: str) -> Fetched:
        """Fetch one URL politely (blocking). Raises FetchError, also when robots.txt forbids it."""
        check_url(url, allow_private=self.settings.allow_private)
        if self.settings.robots and not self._robots.allowed(url):
            raise FetchError(f"robots.txt of {urlsplit(url).netloc} disallows {url}", stage="robots")
        return self._polite(url)

    def submit(self, url: str) -> Future[Fetched]:
        return self._pool.submit(self.get, url)

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)
        self._client.close()

    def __enter__(self) -> Crawler:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
