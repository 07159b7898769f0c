"""One read-only Corpus per server thread.

Starlette runs the page handlers in a thread pool, and one sqlite3 connection must not be used
by two threads at once; a connection per thread needs no lock and lets reads run side by side.
Every handle is opened with ``readonly=True``: the file is opened with a read-only URI, so no
request can write to the store whatever it asks for.
"""

from __future__ import annotations

import threading
from pathlib import Path

from onrecord.corpus import Corpus


class ReadOnlyHandles:
    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self._local = threading.local()
        self._all: list[Corpus] = []
        self._lock = threading.Lock()
        # Open one now so that a missing or foreign file fails at start-up, not on first request.
        self.get()

    def get(self) -> Corpus:
        corpus: Corpus | None = getattr(self._local, "corpus", None)
        if corpus is None:
            corpus = Corpus(self.path, readonly=True)
            self._local.corpus = corpus
            with self._lock:
                self._all.append(corpus)
        return corpus

    def close(self) -> None:
        with self._lock:
            for corpus in self._all:
                corpus.close()
            self._all.clear()
        self._local = threading.local()
