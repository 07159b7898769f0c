"""Scale-out: the local pipeline over many WARC files on Ray Data (``onrecord scale run``).

    from onrecord.scale import run
    summary = run(["s3://bucket/crawl/*.warc.gz"], "s3://bucket/out", address="auto")

Modules, from the bottom: ``tables`` (the three output tables), ``outdir`` (the output folder,
local or fsspec), ``shards`` (inputs → one shard per WARC file), ``child`` (the reading process
with its time and memory limits), ``state`` (where a shard in progress stands), ``worker`` (one
shard, start to finish; the Ray Data UDF), ``pipeline`` (the driver), ``commands`` (the CLI).
Ray is imported only by ``pipeline`` when it runs, so importing this package costs nothing.
SCALING.md has the whole story.
"""

from __future__ import annotations

from typing import Any


def run(*args: Any, **kwargs: Any) -> Any:
    """``onrecord.scale.pipeline.run``, imported when first called."""
    from onrecord.scale.pipeline import run as _run

    return _run(*args, **kwargs)
