"""Where a shard in progress stands: how many of its records are safely written, and by whom.

A shard is read in chunks of records; each finished chunk's rows go to part files and then
``flushed`` moves past it (``_work/<shard>/state.json``). A worker that dies loses at most the
chunk in hand: Ray starts the task again, the new attempt finds the state, skips the records
already flushed and goes on from there.

The run id tells the two ways of finding a state apart. The same run's id means this very
task was already tried and its worker died (killed, preempted, out of memory): that is
counted, and recorded as an error row so the loss of a worker is on record. An earlier run's
id means that whole run was stopped: the shard just resumes.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from onrecord.scale.outdir import OutputDir


@dataclass
class ShardState:
    shard: str
    source: str
    run: str
    attempt: int = 1  # tries of this shard within ``run``
    flushed: int = 0  # records (pages and damaged stretches alike) whose rows are written
    chunks: list[int] = field(default_factory=list)  # first record of each written chunk
    events: list[dict[str, Any]] = field(default_factory=list)  # error rows kept across attempts
    started: float = 0.0
    size: int = 0  # bytes of the WARC when reading began: a changed file is read from the start

    @classmethod
    def load(cls, out: OutputDir, shard: str) -> ShardState | None:
        data = out.read_json("_work", shard, "state.json")
        if not isinstance(data, dict):
            return None
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in data.items() if k in known})

    def save(self, out: OutputDir) -> None:
        out.write_json(asdict(self), "_work", self.shard, "state.json")
