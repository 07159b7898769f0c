"""``onrecord demo``: ingest the bundled sample corpus into a fresh database and show who said what.

The samples are invented news pages (several CMS styles) in ``samples/``; ``samples/make_warc.py``
packs the same pages into a WARC at demo time, so the demo also shows archive ingest and the
linking of copies (the WARC's pages are the folder's pages again: they are stored once more and
linked as copies, and their statements are not counted twice).
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def samples_dir() -> Path | None:
    for candidate in (REPO / "samples", Path.cwd() / "samples"):
        if candidate.is_dir():
            return candidate
    return None


def _build_warc(samples: Path, workdir: Path) -> list[Path]:
    """Run samples/make_warc.py, if present, and return the WARC files it made."""
    script = samples / "make_warc.py"
    if not script.is_file():
        return []
    out = workdir / "samples.warc.gz"
    result = subprocess.run(
        [sys.executable, str(script), "--out", str(out)],
        cwd=workdir,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if result.returncode != 0:
        sys.stderr.write(f"onrecord demo: could not build the sample WARC: {result.stderr.strip()[-500:]}\n")
        return []
    return sorted(p for p in workdir.iterdir() if p.name.endswith((".warc", ".warc.gz")))


def _fresh(db: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        target = db.with_name(db.name + suffix)
        if target.exists():
            target.unlink()


def run_demo(db: str = "demo.db", *, quiet: bool = False) -> int:
    from rich.console import Console

    from onrecord.corpus import Corpus
    from onrecord.corpus.progress import IngestProgress, summary_lines

    console = Console()
    samples = samples_dir()
    if samples is None:
        sys.stderr.write("onrecord demo: no samples/ folder found (run it from the onrecord checkout)\n")
        return 1
    target = Path(db)
    _fresh(target)
    with tempfile.TemporaryDirectory(prefix="onrecord-demo-") as tmp:
        warcs = _build_warc(samples, Path(tmp))
        sources = [str(samples), *map(str, warcs)]
        with Corpus(target) as corpus:
            with IngestProgress(enabled=not quiet and sys.stderr.isatty()) as progress:
                summary = corpus.ingest(sources, progress=progress)
            speakers = corpus.speakers(limit=8)
            stats = corpus.stats()
            examples = []
            for row in speakers[:4]:
                hits = corpus.search(speaker=row.name, kind="direct", limit=1) or corpus.search(speaker=row.name, limit=1)
                examples.extend(hits)
    for line in summary_lines(summary, str(target)):
        console.print(line, highlight=False)
    console.print(
        f"\n[bold]{target}[/]: {stats['articles']} articles ({stats['duplicates']} copies linked), "
        f"{stats['statements_counted']} statements counted, {stats['people']} speakers and bodies in the registry\n",
        highlight=False,
    )
    if speakers:
        console.print("[bold]Who said the most[/]")
        for row in speakers:
            also = [a for a in row.aliases if a != row.name][:3]
            role = f" — {row.roles[0]}" if row.roles else ""
            aka = f" (also “{'”, “'.join(also)}”)" if also else ""
            console.print(f"  {row.statements:3d}  {row.name}{role}{aka}", highlight=False)
    if examples:
        console.print("\n[bold]A few statements[/]")
        for hit in examples:
            console.print(f"  {hit.speaker}: {_excerpt(hit.text)}  [dim](article {hit.article_id})[/]", highlight=False)
    console.print(
        f"\nExplore it: [bold]onrecord serve --db {target}[/]  ·  or: onrecord search WORDS --db {target},"
        f" onrecord speakers --db {target}, onrecord show ID --db {target}",
        highlight=False,
    )
    return 0


_OPENING_MARKS = "\"“‘«„'"


def _excerpt(text: str, limit: int = 160) -> str:
    """A statement for one line: cut at a word, marked as cut, and quoted only when its own
    quotation marks are not already there (a direct quote carries them)."""
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + " …"
    return text if text[:1] in _OPENING_MARKS else f"“{text}”"

