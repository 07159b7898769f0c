"""A supervised pool of worker processes, one document at a time each.

Not concurrent.futures: there a worker that dies breaks the whole pool and every pending
document with it. Here each worker has its own pipe and exactly one document in hand, so the
supervisor always knows which document a dead or stuck worker was on. It records that one
(crash, timeout), kills and replaces the worker, and the rest of the run goes on. Workers are
also replaced after ``max_tasks`` documents, which bounds any slow leak in the parsers.
"""

from __future__ import annotations

import multiprocessing
import multiprocessing.connection
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from onrecord.corpus.worker import DEFAULT_READER, WorkerSettings, worker_main
from onrecord.errors import OnrecordError


@dataclass
class Outcome:
    task_id: int
    ok: bool
    payload: tuple[Any, ...]  # ok: (article, record, fingerprint); error: (stage, reason)


@dataclass
class _Worker:
    process: Any
    conn: multiprocessing.connection.Connection
    task: int | None = None
    started: float = 0.0
    done: int = 0
    ready: bool = False  # has loaded its reader; only then is a document handed over


class PoolError(OnrecordError):
    """The pool cannot work at all (the reader does not load, workers die as they start)."""

    stage = "ingest"


def _context(settings: WorkerSettings) -> multiprocessing.context.BaseContext:
    # forkserver: workers fork from a clean single-threaded server, never from this process,
    # whose fetch threads could hold locks at fork time. The server preloads the worker module,
    # and for the default reader the language model too, so a replacement worker starts in
    # milliseconds. (The server starts once per process: the first pool's preload list stays.)
    methods = multiprocessing.get_all_start_methods()
    if "forkserver" in methods:
        ctx = multiprocessing.get_context("forkserver")
        preload = ["onrecord.corpus.worker", "onrecord.api"]
        if settings.reader == DEFAULT_READER and not settings.fast:
            preload.append("onrecord.corpus.warm")
        ctx.set_forkserver_preload(preload)
        return ctx
    return multiprocessing.get_context("spawn")


@contextmanager
def _main_module_hidden() -> Iterator[None]:
    """Start a worker without it re-running the caller's script.

    multiprocessing re-imports the parent's ``__main__`` file in every spawned or
    forkserver-started child, so a script that calls Corpus.ingest without an
    ``if __name__ == "__main__":`` guard would start ingests inside its own workers. Our workers
    need nothing from that script (their code is in onrecord.corpus.worker), so the script's
    path is kept out of what the child is told to prepare.
    """
    main = sys.modules.get("__main__")
    path = getattr(main, "__file__", None)
    if main is None or path is None or getattr(main, "__spec__", None) is not None:
        yield
        return
    del main.__file__
    try:
        yield
    finally:
        main.__file__ = path


@dataclass
class WorkerPool:
    size: int
    settings: WorkerSettings = field(default_factory=WorkerSettings)
    max_tasks: int = 2000
    _workers: list[_Worker] = field(default_factory=list)
    _ctx: Any = None
    respawns: int = 0
    _failed_starts: int = 0

    def start(self) -> None:
        self._ctx = _context(self.settings)
        for _ in range(self.size):
            self._workers.append(self._spawn())

    def _spawn(self) -> _Worker:
        parent, child = self._ctx.Pipe(duplex=True)
        proc = self._ctx.Process(target=worker_main, args=(child, self.settings), daemon=True, name="onrecord-worker")
        with _main_module_hidden():
            proc.start()
        child.close()
        return _Worker(proc, parent)

    def _replace(self, worker: _Worker, *, kill: bool) -> None:
        if kill and worker.process.is_alive():
            worker.process.kill()
        worker.process.join(timeout=5)
        worker.conn.close()
        index = self._workers.index(worker)
        self._workers[index] = self._spawn()
        self.respawns += 1

    @property
    def idle(self) -> int:
        return sum(1 for w in self._workers if w.task is None and w.ready)

    @property
    def busy(self) -> int:
        return sum(1 for w in self._workers if w.task is not None)

    def submit(self, task_id: int, job: dict[str, Any]) -> None:
        worker = next(w for w in self._workers if w.task is None and w.ready)
        worker.task = task_id
        worker.started = time.monotonic()
        try:
            worker.conn.send((task_id, job))
        except (BrokenPipeError, OSError):
            # Died while idle: the next poll sees the dead process and reports this task.
            pass

    def poll(self, timeout: float) -> list[Outcome]:
        """Wait up to ``timeout`` seconds for results; returns what finished, failed or timed out."""
        outcomes: list[Outcome] = []
        limit = self.settings.time_limit
        now = time.monotonic()
        if limit > 0:
            deadlines = [w.started + limit - now for w in self._workers if w.task is not None]
            if deadlines:
                timeout = max(0.0, min(timeout, min(deadlines)))
        waitables: list[Any] = []
        for w in self._workers:
            waitables.append(w.conn)
            waitables.append(w.process.sentinel)
        ready = set(multiprocessing.connection.wait(waitables, timeout=timeout))
        for worker in list(self._workers):
            if worker.conn in ready:
                try:
                    message = worker.conn.recv()
                except (EOFError, OSError):
                    message = None
                if message is not None:
                    if message[0] == "fatal":
                        raise PoolError(message[1])
                    if message[0] == "ready":
                        worker.ready = True
                        self._failed_starts = 0
                        continue
                    task_id, status, *rest = message
                    outcomes.append(Outcome(task_id, status == "ok", tuple(rest)))
                    worker.task = None
                    worker.done += 1
                    if status == "error!":  # the worker is exiting after this error
                        self._replace(worker, kill=True)
                    elif worker.done >= self.max_tasks:
                        self._retire(worker)
                    continue
            if worker.process.sentinel in ready or not worker.process.is_alive():
                if worker.task is not None:
                    code = worker.process.exitcode
                    worker.process.join(timeout=1)
                    code = worker.process.exitcode if code is None else code
                    how = f"killed by signal {-code}" if code is not None and code < 0 else f"exit code {code}"
                    outcomes.append(Outcome(worker.task, False, ("crash", f"the worker process died ({how})")))
                elif not worker.ready:
                    self._failed_starts += 1
                    if self._failed_starts > 3 * self.size:
                        code = worker.process.exitcode
                        raise PoolError(f"worker processes die as they start (exit code {code}); is --memory-limit too low?")
                self._replace(worker, kill=False)
        if limit > 0:
            now = time.monotonic()
            for worker in list(self._workers):
                if worker.task is not None and now - worker.started > limit:
                    outcomes.append(Outcome(worker.task, False, ("timeout", f"no result within {limit:g}s; the worker was stopped")))
                    self._replace(worker, kill=True)
        return outcomes

    def _retire(self, worker: _Worker) -> None:
        try:
            worker.conn.send(None)
        except (BrokenPipeError, OSError):
            pass
        worker.process.join(timeout=10)
        self._replace(worker, kill=True)
        self.respawns -= 1  # a planned replacement, not a failure

    def close(self) -> None:
        for worker in self._workers:
            try:
                worker.conn.send(None)
            except (BrokenPipeError, OSError):
                pass
        deadline = time.monotonic() + 5
        for worker in self._workers:
            worker.process.join(timeout=max(0.0, deadline - time.monotonic()))
            if worker.process.is_alive():
                worker.process.kill()
                worker.process.join(timeout=2)
            worker.conn.close()
        self._workers.clear()

    def __enter__(self) -> WorkerPool:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
