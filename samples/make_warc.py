"""Pack the bundled sample pages into a WARC archive, as a crawler would have recorded them.

    python samples/make_warc.py                  # writes samples/sample.warc.gz
    python samples/make_warc.py --out x.warc.gz  # anywhere else (`onrecord demo` does this)

The pages are invented (see samples/README.md). Each page becomes a ``request`` record and a
``response`` record whose target URI is the page's own ``<link rel="canonical">`` (its outlet's
made-up URL), or with ``--placeholder-urls`` the ``http://news.example/pages/<file>`` URL the
sample feeds use. The two feeds are archived too, as non-HTML responses, and a ``warcinfo``
record comes first. Every record is its own gzip member (the usual .warc.gz layout).

Dates and record IDs are derived from the pages, so the same pages always give the same bytes.
The archive is built at demo time and kept out of git.
"""

from __future__ import annotations

import argparse
import io
import re
import sys
import uuid
from datetime import datetime, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
PAGES = HERE / "pages"
FEEDS = HERE / "feeds"
PLACEHOLDER = "http://news.example/"
SOFTWARE = "onrecord samples/make_warc.py"
FALLBACK_DATE = datetime(2025, 10, 3, 12, 0, tzinfo=timezone.utc)

_CANONICAL = re.compile(rb"""<link\s+rel=["']canonical["']\s+href=["']([^"']+)["']""", re.I)
_PUBLISHED = re.compile(
    rb"""(?:article:published_time["']\s+content|datetime|"datePublished"\s*:\s*)=?["']"""
    rb"""(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:[+-]\d{2}:\d{2}|Z)?)""",
    re.I,
)


def page_url(path: Path, data: bytes, placeholder: bool) -> str:
    if not placeholder:
        found = _CANONICAL.search(data)
        if found:
            return found.group(1).decode("utf-8")
    return f"{PLACEHOLDER}{path.parent.name}/{path.name}"


def crawl_date(data: bytes) -> datetime:
    """When the 'crawler' fetched the page: one hour after it says it was published."""
    found = _PUBLISHED.search(data)
    if not found:
        return FALLBACK_DATE
    stamp = datetime.fromisoformat(found.group(1).decode("ascii").replace("Z", "+00:00"))
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=timezone.utc)
    return stamp.astimezone(timezone.utc) + timedelta(hours=1)


def warc_date(when: datetime) -> str:
    return when.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def record_id(*parts: str) -> str:
    return f"<urn:uuid:{uuid.uuid5(uuid.NAMESPACE_URL, '|'.join(parts))}>"


def sources(placeholder: bool) -> list[tuple[Path, str, str]]:
    """(file, URL, content type) for every page, then the feeds."""
    out: list[tuple[Path, str, str]] = []
    for path in sorted(PAGES.glob("*.html")):
        out.append((path, page_url(path, path.read_bytes(), placeholder), "text/html; charset=utf-8"))
    for name, ctype in (("rss.xml", "application/rss+xml; charset=utf-8"), ("sitemap.xml", "application/xml; charset=utf-8")):
        path = FEEDS / name
        if path.is_file():
            out.append((path, f"{PLACEHOLDER}feeds/{name}", ctype))
    return out


def build(out: Path, *, placeholder: bool = False) -> int:
    """Write the archive; returns the number of response records."""
    try:
        from warcio.statusandheaders import StatusAndHeaders
        from warcio.warcwriter import WARCWriter
    except ImportError:
        sys.stderr.write("make_warc.py needs warcio: pip install warcio (it is an onrecord dependency)\n")
        raise SystemExit(2) from None

    items = sources(placeholder)
    if not items:
        sys.stderr.write(f"make_warc.py: no sample pages in {PAGES}\n")
        raise SystemExit(1)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".part")
    responses = 0
    with tmp.open("wb") as fh:
        writer = WARCWriter(fh, gzip=out.name.endswith(".gz"), warc_version="WARC/1.1")
        info = writer.create_warcinfo_record(
            out.name,
            {
                "software": SOFTWARE,
                "format": "WARC File Format 1.1",
                "description": "onrecord sample corpus: invented news pages (not real news)",
                "isPartOf": "onrecord-samples",
            },
        )
        info.rec_headers.replace_header("WARC-Date", warc_date(FALLBACK_DATE))
        info.rec_headers.replace_header("WARC-Record-ID", record_id("warcinfo", out.name))
        writer.write_record(info)
        for path, url, ctype in items:
            data = path.read_bytes()
            when = crawl_date(data)
            parts = urlsplit(url)
            target = parts.path + (f"?{parts.query}" if parts.query else "")
            req_id = record_id("request", url)
            resp_id = record_id("response", url)
            request = writer.create_warc_record(
                url,
                "request",
                payload=io.BytesIO(b""),
                http_headers=StatusAndHeaders(
                    f"GET {target or '/'} HTTP/1.1",
                    [("Host", parts.netloc), ("User-Agent", "onrecord-sample-crawler/1.0"), ("Accept", "*/*")],
                    is_http_request=True,
                ),
                warc_headers_dict={"WARC-Date": warc_date(when), "WARC-Record-ID": req_id, "WARC-Concurrent-To": resp_id},
            )
            response = writer.create_warc_record(
                url,
                "response",
                payload=io.BytesIO(data),
                length=None,
                http_headers=StatusAndHeaders(
                    "200 OK",
                    [
                        ("Date", format_datetime(when, usegmt=True)),
                        ("Content-Type", ctype),
                        ("Content-Length", str(len(data))),
                        ("Server", "onrecord-samples"),
                    ],
                    protocol="HTTP/1.1",
                ),
                warc_headers_dict={"WARC-Date": warc_date(when), "WARC-Record-ID": resp_id},
            )
            writer.write_record(request)
            writer.write_record(response)
            responses += 1
    tmp.replace(out)
    return responses


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Pack samples/pages (and samples/feeds) into a WARC archive.")
    parser.add_argument("--out", type=Path, default=HERE / "sample.warc.gz", help="archive to write (.warc or .warc.gz)")
    parser.add_argument(
        "--placeholder-urls",
        action="store_true",
        help=f"record pages under {PLACEHOLDER}pages/<file> instead of their canonical URLs",
    )
    args = parser.parse_args(argv)
    count = build(args.out, placeholder=args.placeholder_urls)
    print(f"{args.out}: {count} responses")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
