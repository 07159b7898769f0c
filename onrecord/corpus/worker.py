"""The worker process side of ingest: bytes of one document → Article, JSON record, fingerprint.

Workers share nothing with the writer but a pipe. Each runs under an address-space cap
(RLIMIT_AS), so a page that makes the parser balloon fails with MemoryError in that worker
alone, and under an alarm a little past the per-document time limit, so a worker stuck in a
loop dies by itself even if the process that started it was killed.
"""

from __future__ import annotations

import ctypes
import importlib
import os
import signal
import sys
import traceback
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from onrecord.errors import OnrecordError
from onrecord.model import Article

Reader = Callable[..., Article]
DEFAULT_READER = "onrecord.corpus.worker:read_document"


@dataclass
class WorkerSettings:
    reader: str = DEFAULT_READER  # "module:function", importable in the worker
    fast: bool = False
    kind: str = "auto"
    memory_limit: int = 0  # bytes of address space; 0 leaves it unlimited
    time_limit: float = 30.0


def read_document(content: bytes, *, url: str | None, content_type: str | None, kind: str, fast: bool) -> Article:
    """The default reader: the page layer then the speech layer, as ``onrecord.read``."""
    from onrecord.api import read

    return read(content, url=url, kind=kind, fast=fast, content_type=content_type)


def load_reader(spec: str) -> Reader:
    module, _, name = spec.partition(":")
    func = getattr(importlib.import_module(module), name)
    if not callable(func):
        raise TypeError(f"{spec} is not callable")
    return func  # type: ignore[no-any-return]


def process(job: dict[str, Any], reader: Reader, settings: WorkerSettings) -> tuple[Any, ...]:
    """One document: ("ok", article, record_json, fingerprint) or ("error", stage, reason)."""
    from onrecord.corpus.dedupe import fingerprint
    from onrecord.sources.discover import gunzip

    content: bytes = job["content"]
    if content[:2] == b"\x1f\x8b":
        content = gunzip(content)
    article = reader(content, url=job.get("url"), content_type=job.get("content_type"), kind=settings.kind, fast=settings.fast)
    if not isinstance(article, Article):
        raise TypeError(f"the reader returned {type(article).__name__}, not an Article")
    return ("ok", article, article.to_json(), fingerprint(article.text))


def _die_with_parent() -> None:
    # Linux only: if the process that forked us dies, so do we (no orphaned workers after kill -9).
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL("libc.so.6", use_errno=True)
            libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass


def _limit_memory(limit: int) -> None:
    if limit <= 0:
        return
    try:
        import resource

        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        cap = limit if hard == resource.RLIM_INFINITY else min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    except (ImportError, ValueError, OSError):
        pass


def worker_main(conn: Connection, settings: WorkerSettings) -> None:
    """Serve jobs from ``conn`` until it closes or sends None."""
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the writer's to handle
    # Library warnings (dateutil time zones and the like) would scribble over the progress bar;
    # what matters about a page is recorded as its error.
    warnings.simplefilter("ignore")
    _limit_memory(settings.memory_limit)
    try:
        reader = load_reader(settings.reader)
    except Exception as exc:
        conn.send(("fatal", f"cannot load the reader {settings.reader}: {type(exc).__name__}: {exc}"))
        return
    # Start-up (imports, the reader) is not any document's time: say when it is over.
    conn.send(("ready",))
    # No SIGALRM on Windows: there the pool's own time limit is the only one.
    alarm = int(settings.time_limit) + 5 if settings.time_limit > 0 and hasattr(signal, "alarm") else 0
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        task_id, job = message
        if alarm:
            signal.alarm(alarm)
        try:
            result: tuple[Any, ...] = (task_id, *process(job, reader, settings))
        except MemoryError:
            # The heap may be in a bad state: report, then leave so a fresh worker takes over.
            # "error!" tells the pool this worker is leaving, so nothing more is handed to it.
            conn.send((task_id, "error!", "memory", f"over the worker memory limit ({settings.memory_limit // 1048576} MB)"))
            os._exit(3)
        except OnrecordError as exc:
            result = (task_id, "error", exc.stage, exc.reason)
        except RecursionError:
            result = (task_id, "error", "page", "the page is nested too deeply to read")
        except Exception as exc:
            where = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
            at = f" at {os.path.basename(where.filename)}:{where.lineno}" if where else ""
            result = (task_id, "error", "read", f"{type(exc).__name__}: {exc}{at}"[:1000])
        finally:
            if alarm:
                signal.alarm(0)
        try:
            conn.send(result)
        except (BrokenPipeError, EOFError, OSError):
            return
        except Exception as exc:
            conn.send((task_id, "error", "read", f"cannot send the result: {type(exc).__name__}: {exc}"))
