"""Fetching against a server on 127.0.0.1: politeness, robots.txt, retries, caps, refusals."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from onrecord.corpus import Corpus
from onrecord.errors import FetchError
from onrecord.sources.crawl import Crawler, CrawlSettings
from onrecord.sources.fetch import check_url
from tests.corpus.scripted import READER
from tests.sources.server import Site


@pytest.fixture
def site() -> Iterator[Site]:
    s = Site()
    yield s
    s.close()


def _crawler(**kw: object) -> Crawler:
    settings = CrawlSettings(allow_private=True, delay=0.0, backoff=0.05, timeout=5.0, **kw)  # type: ignore[arg-type]
    return Crawler(settings)


def test_private_addresses_are_refused_unless_allowed(site: Site) -> None:
    for url in (f"{site.base}/page/1", "http://169.254.169.254/latest/meta-data/", "http://[::1]/", "http://10.1.2.3/"):
        with pytest.raises(FetchError, match="refusing"):
            check_url(url)
    with Crawler(CrawlSettings(delay=0)) as crawler, pytest.raises(FetchError, match="refusing"):
        crawler.get(f"{site.base}/page/1")
    with pytest.raises(FetchError):
        check_url("file:///etc/passwd", allow_private=True)


def test_at_most_two_connections_per_host(site: Site) -> None:
    site.page_delay = 0.3
    with _crawler(per_host=2, threads=6) as crawler:
        futures = [crawler.submit(f"{site.base}/page/{i}") for i in range(6)]
        assert all(f.result(timeout=30).status == 200 for f in futures)
    assert site.max_active == 2


def test_delay_between_requests_to_one_host(site: Site) -> None:
    with Crawler(CrawlSettings(allow_private=True, delay=0.25, threads=4)) as crawler:
        for f in [crawler.submit(f"{site.base}/page/{i}") for i in range(4)]:
            f.result(timeout=30)
    times = [t for t, path in site.hits if path.startswith("/page/")]
    # Requests leave 0.25 s apart; on a loaded machine one may reach the server late, so the
    # whole span is checked (three gaps), not each gap.
    assert len(times) == 4 and times[-1] - times[0] >= 0.6


def test_robots_txt_is_honoured(site: Site) -> None:
    with _crawler() as crawler:
        with pytest.raises(FetchError, match=r"robots\.txt") as err:
            crawler.get(f"{site.base}/private/secret")
        assert err.value.stage == "robots"
        assert crawler.get(f"{site.base}/page/1").status == 200
    assert sum(1 for _, p in site.hits if p == "/robots.txt") == 1


def test_retries_with_backoff_then_success(site: Site) -> None:
    with _crawler(retries=3) as crawler:
        assert crawler.get(f"{site.base}/flaky").status == 200
    assert sum(1 for _, p in site.hits if p == "/flaky") == 3


def test_timeout_redirect_loop_huge_and_redirect_to_metadata(site: Site) -> None:
    with Crawler(CrawlSettings(allow_private=True, delay=0, timeout=0.5, retries=1, backoff=0.05, max_bytes=1 << 20)) as crawler:
        with pytest.raises(FetchError, match="timed out"):
            crawler.get(f"{site.base}/slow")
        with pytest.raises(FetchError, match="redirects"):
            crawler.get(f"{site.base}/loop")
        started = time.monotonic()
        with pytest.raises(FetchError, match="limit"):
            crawler.get(f"{site.base}/huge")
        assert time.monotonic() - started < 10
    # The first hop is refused already (loopback); a public first hop would be refused at the
    # metadata address, which check_url covers above.
    with Crawler(CrawlSettings(allow_private=False, delay=0)) as strict, pytest.raises(FetchError, match="refusing"):
        strict.get(f"{site.base}/to-private")


def test_ingest_feeds_sitemaps_and_bad_urls(site: Site, tmp_path: Path) -> None:
    urls = tmp_path / "urls.txt"
    urls.write_text(f"# a URL list\n{site.base}/page/7\n{site.base}/loop\n{site.base}/report.pdf\n")
    sources = [
        f"{site.base}/sitemap-index.xml",  # lists itself: must not loop
        f"{site.base}/feed.xml",
        f"{site.base}/broken-feed.xml",
        f"{site.base}/huge",
        str(urls),
    ]
    with Corpus(tmp_path / "c.db") as corpus:
        summary = corpus.ingest(
            sources, reader=READER, workers=2, allow_private=True, delay=0, timeout=3, retries=0, max_bytes=1 << 20
        )
        # pages 1-5 from the feed and the sitemap (3 is in both), and 7 from the list
        assert summary.stored == 6
        stages = {e.source.replace(site.base, ""): e.stage for e in corpus.errors()}
        assert stages == {
            "/private/secret": "robots", "/broken-feed.xml": "feed", "/huge": "fetch", "/loop": "fetch", "/report.pdf": "fetch",
        }
        assert len(corpus.search("fetched")) == 6
        # URLs already stored are not fetched again on a rerun.
        before = len(site.hits)
        again = corpus.ingest([f"{site.base}/feed.xml"], reader=READER, workers=1, allow_private=True, delay=0)
        assert again.stored == 0 and again.skipped == 3
        assert not [p for _, p in site.hits[before:] if p.startswith("/page/")]
