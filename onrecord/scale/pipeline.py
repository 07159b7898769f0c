"""The driver: WARC files in, a Parquet (or JSONL) dataset out, on Ray Data.

    from onrecord.scale import run
    summary = run(["s3://bucket/crawl/*.warc.gz"], "s3://bucket/onrecord-out", address="auto")

The dataset Ray Data executes has one row per input shard (one WARC file). ``map_batches``
hands each row to a ``ShardWorker`` in a pool of actors, one per worker CPU: the actor keeps
its reading process (and so the language model) across shards, reads the WARC itself, and
writes the shard's files. Ray Data does the scheduling, back-pressure and retries (a dead
actor is restarted and its shard retried, resuming from what was written); the driver only
lists names and collects one short summary row per shard.

Shards whose manifest is in the output folder are done and left out, so a rerun of the same
command resumes where the last one stopped.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from onrecord.scale.outdir import OutputDir
from onrecord.scale.shards import MissingInput, Shard, expand, listed
from onrecord.scale.tables import encode, error_row
from onrecord.scale.worker import ScaleSettings, ShardWorker


@dataclass
class ScaleSummary:
    run: str
    output: str
    shards: int = 0  # shards named by the inputs
    skipped: int = 0  # already done by an earlier run
    done: int = 0
    failed: int = 0
    missing_inputs: int = 0
    records: int = 0
    documents: int = 0
    articles: int = 0
    statements: int = 0
    errors: int = 0
    worker_restarts: int = 0  # attempts beyond the first, over all shards
    workers: int = 0
    seconds: float = 0.0
    busy_seconds: float = 0.0  # wall time the workers spent in shards, summed
    cpu_seconds: float = 0.0
    peak_worker_rss_mb: float = 0.0  # the largest (actor + its reading process) seen
    shard_rows: list[dict[str, Any]] = field(default_factory=list, repr=False)

    @property
    def pages_per_second(self) -> float:
        return self.documents / self.seconds if self.seconds > 0 else 0.0

    def to_dict(self, *, rows: bool = False) -> dict[str, Any]:
        data = asdict(self)
        if not rows:
            data.pop("shard_rows")
        data["pages_per_second"] = round(self.pages_per_second, 2)
        return data


Progress = Callable[[ScaleSummary, dict[str, Any]], None]


def _connect(address: str | None, workers: int | None) -> bool:
    """Start or join Ray; returns whether this call started it (and so must stop it)."""
    import ray

    if ray.is_initialized():
        return False
    if address in (None, "", "local"):
        # A Ray of our own on this machine: as many CPUs as workers asked for, else all.
        ray.init(num_cpus=workers or os.cpu_count() or 1, include_dashboard=False, log_to_driver=False,
                 configure_logging=False)
    else:
        ray.init(address=address, log_to_driver=False, configure_logging=False)
    return True


def _record_missing(out: OutputDir, missing: list[MissingInput], fmt: str) -> None:
    for item in missing:
        row = error_row(item.pattern, "discover", item.reason)
        out.write_bytes(encode("errors", [row], fmt), "errors", f"{item.id}.{fmt}")


def _clear_found(out: OutputDir, patterns: list[str], missing: list[MissingInput], fmt: str) -> None:
    # An input missing in an earlier run and present now: its old error row is no longer true.
    gone = {m.pattern for m in missing}
    for pattern in patterns:
        if pattern not in gone:
            out.remove("errors", f"{MissingInput(pattern, '').id}.{fmt}")


def run(
    inputs: list[str],
    output: str,
    *,
    address: str | None = None,
    workers: int | None = None,
    fmt: str = "parquet",
    settings: ScaleSettings | None = None,
    progress: Progress | None = None,
    input_list: str | None = None,
) -> ScaleSummary:
    """Read every WARC named by ``inputs`` into ``output``; see the module docstring.

    ``address``: None or "local" starts a Ray on this machine; "auto" joins the cluster this
    machine belongs to; any other value is handed to ``ray.init``. ``workers``: actors reading
    shards at once (default: the cluster's CPUs, one per actor). ``input_list``: a file naming
    more WARCs, one per line (see ``shards.listed``).
    """
    import ray
    import ray.data

    settings = settings or ScaleSettings(output=output, fmt=fmt)
    settings.output, settings.fmt = output, fmt
    started = time.monotonic()
    run_id = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime()) + "-" + uuid.uuid4().hex[:6]
    summary = ScaleSummary(run=run_id, output=output)

    out = OutputDir(output)
    shards, missing = expand(inputs)
    if input_list:
        known = {s.source for s in shards}
        shards += [s for s in listed(input_list) if s.source not in known]
    summary.shards, summary.missing_inputs = len(shards), len(missing)
    _record_missing(out, missing, fmt)
    _clear_found(out, inputs, missing, fmt)
    done = {name.removesuffix(".json") for name in out.names("_shards") if name.endswith(".json")}
    todo = [s for s in shards if s.id not in done]
    summary.skipped = len(shards) - len(todo)

    if todo:
        started_ray = _connect(address, workers)
        try:
            summary.workers = min(len(todo), workers or int(ray.cluster_resources().get("CPU", 1)) or 1)
            _execute(todo, run_id, settings, summary, progress)
        finally:
            if started_ray:
                ray.shutdown()
    if not out.names("_work"):
        out.remove("_work")  # every shard finished: nothing in progress to keep
    summary.seconds = round(time.monotonic() - started, 3)
    out.write_json(summary.to_dict(rows=True) | {"inputs": inputs}, "_runs", f"{run_id}.json")
    return summary


def _execute(todo: list[Shard], run_id: str, settings: ScaleSettings, summary: ScaleSummary,
             progress: Progress | None) -> None:
    import ray.data

    ctx = ray.data.DataContext.get_current()
    ctx.enable_progress_bars = False  # the command prints its own one line per shard
    ctx.verbose_stats_logs = False
    items = [{"shard": s.id, "source": s.source} for s in todo]
    dataset = ray.data.from_items(items, override_num_blocks=len(items)).map_batches(
        ShardWorker,
        fn_constructor_kwargs={"settings": settings, "run": run_id},
        batch_size=1,
        # One shard in hand per actor: a queued shard would wait behind a long one while
        # another actor sits idle at the end of the run.
        compute=ray.data.ActorPoolStrategy(size=summary.workers, max_tasks_in_flight_per_actor=1),
        num_cpus=1,
    )
    for row in dataset.iter_rows():
        row = {k: (v.item() if hasattr(v, "item") else v) for k, v in row.items()}
        summary.shard_rows.append(row)
        if row["status"] == "done":
            summary.done += 1
        else:
            summary.failed += 1
        for key in ("records", "documents", "articles", "statements", "errors"):
            summary.__dict__[key] += int(row[key])
        summary.worker_restarts += max(0, int(row["attempts"]) - 1)
        summary.busy_seconds = round(summary.busy_seconds + float(row["seconds"]), 3)
        summary.cpu_seconds = round(summary.cpu_seconds + float(row["cpu_seconds"]), 3)
        summary.peak_worker_rss_mb = max(summary.peak_worker_rss_mb,
                                         float(row["peak_rss_mb"]) + float(row["reader_peak_rss_mb"]))
        if progress is not None:
            progress(summary, row)
