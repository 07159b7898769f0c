"""Remembering whole-store aggregates (counts, speaker rankings) until the store changes.

Counting every statement takes tens of milliseconds at 100,000 statements and grows with the
store, yet the answer only changes when an ingest writes. The store's files say when that
happens: a commit grows or touches the WAL, a checkpoint rewrites the database file. An answer
is reused while the files look the same and it is younger than ``max_age`` seconds (file times
are coarse, so the age bounds how stale a missed change can leave a page).
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import Any, TypeVar

T = TypeVar("T")


def store_state(db: Path) -> tuple[int, ...]:
    """Size and modification time of the database and its WAL (0s when a file is absent)."""
    state: list[int] = []
    for suffix in ("", "-wal"):
        try:
            st = Path(str(db) + suffix).stat()
        except OSError:
            state += [0, 0]
            continue
        state += [st.st_size, st.st_mtime_ns]
    return tuple(state)


class Memo:
    def __init__(self, db: Path, *, max_age: float = 30.0, size: int = 64) -> None:
        self.db = db
        self.max_age = max_age
        self.size = size
        self._lock = threading.Lock()
        self._entries: OrderedDict[Hashable, tuple[tuple[int, ...], float, Any]] = OrderedDict()

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        if self.max_age <= 0:
            return compute()
        state = store_state(self.db)
        now = time.monotonic()
        with self._lock:
            hit = self._entries.get(key)
            if hit is not None and hit[0] == state and now - hit[1] < self.max_age:
                self._entries.move_to_end(key)
                return hit[2]  # type: ignore[no-any-return]
        value = compute()  # outside the lock: two threads may both compute once, never block
        with self._lock:
            self._entries[key] = (state, now, value)
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)
        return value
