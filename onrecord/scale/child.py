"""The reading process of a scale worker: batches of pages in, article and statement rows out.

Why a child process: Ray Data calls the worker's code on a thread of its own, where no alarm
can interrupt a page that never finishes, and a page that crashes the interpreter or eats all
memory would take the Ray worker (and the shard's progress) with it. So each Ray worker reads
pages in a plain child process (``python -m onrecord.scale.child``) that it can wait for with
a deadline, kill and replace. The child runs under an address-space cap, so a page that makes
the parser balloon fails with MemoryError there, and it dies with its parent.

The protocol is pickles over a socket: a request is a list of (content, url, content_type);
the reply is one outcome per page, in order: ("ok", fields, statements) or ("error", stage,
reason). A batch that raises as a whole gets ("fail", stage, reason), and the parent reads
its pages one at a time.
"""

from __future__ import annotations

import importlib
import os
import signal
import socket
import subprocess
import sys
import traceback
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

DEFAULT_READER = "onrecord.api:read_many"
Outcome = tuple[Any, ...]


@dataclass
class ChildSettings:
    reader: str = DEFAULT_READER  # "module:function" with read_many's signature
    kind: str = "auto"
    fast: bool = False
    memory_limit_mb: int = 3072  # address space of the child; 0: unlimited
    time_limit: float = 30.0  # seconds per document (and per batch: see read_batch)
    recycle_after: int = 4000  # documents before a fresh child (bounds slow leaks)


# -- the child side -------------------------------------------------------------------------------


def _describe(exc: BaseException) -> tuple[str, str]:
    from onrecord.errors import OnrecordError

    if isinstance(exc, OnrecordError):
        return exc.stage, exc.reason
    if isinstance(exc, RecursionError):
        return "page", "the page is nested too deeply to read"
    if isinstance(exc, MemoryError):
        return "memory", "over the reading process's memory limit"
    where = traceback.extract_tb(exc.__traceback__)[-1] if exc.__traceback__ else None
    at = f" at {os.path.basename(where.filename)}:{where.lineno}" if where else ""
    return "read", f"{type(exc).__name__}: {exc}{at}"[:1000]


def _read(reader: Callable[..., list[Any]], pages: list[tuple[bytes, str | None, str | None]],
          settings: ChildSettings) -> list[Outcome]:
    from onrecord.model import Article
    from onrecord.scale.tables import article_fields
    from onrecord.sources.discover import gunzip

    outcomes: list[Outcome | None] = [None] * len(pages)
    contents: list[bytes] = []
    wanted: list[int] = []
    for i, (content, _url, _ctype) in enumerate(pages):
        # As the corpus worker does: a gzip-encoded payload is read as the page it holds.
        if content[:2] == b"\x1f\x8b":
            try:
                content = gunzip(content)
            except Exception as exc:  # that page's error
                outcomes[i] = ("error", *_describe(exc))
                continue
        contents.append(content)
        wanted.append(i)
    results = reader(
        contents,
        urls=[pages[i][1] for i in wanted],
        content_types=[pages[i][2] for i in wanted],
        kind=settings.kind,
        fast=settings.fast,
    )
    if len(results) != len(wanted):
        raise RuntimeError(f"the reader returned {len(results)} results for {len(wanted)} pages")
    for i, result in zip(wanted, results):
        if isinstance(result, Article):
            fields, statements = article_fields(result)
            outcomes[i] = ("ok", fields, statements)
        elif isinstance(result, BaseException):
            outcomes[i] = ("error", *_describe(result))
        else:
            outcomes[i] = ("error", "read", f"the reader returned {type(result).__name__}, not an Article")
    return [o for o in outcomes if o is not None]


def _die_with_parent() -> None:
    # Linux: when the Ray worker dies (killed, preempted), its reading process goes too.
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass


def _limit_memory(megabytes: int) -> None:
    if megabytes <= 0:
        return
    try:
        import resource

        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        cap = megabytes * 1048576
        resource.setrlimit(resource.RLIMIT_AS, (cap if hard == resource.RLIM_INFINITY else min(cap, hard), hard))
    except (ImportError, ValueError, OSError):
        pass


def child_main(fd: int) -> None:
    import pickle

    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the driver's to handle
    warnings.simplefilter("ignore")
    conn = Connection(fd)
    settings: ChildSettings = pickle.loads(conn.recv_bytes())
    _limit_memory(settings.memory_limit_mb)
    try:
        module, _, name = settings.reader.partition(":")
        reader = getattr(importlib.import_module(module), name)
        if not settings.fast:
            from onrecord.speech.nlp import load_model

            load_model()  # now, so that the first batch's deadline is not spent loading it
    except Exception as exc:  # reported; the parent fails the shard with it
        conn.send(("fatal", f"cannot load the reader {settings.reader}: {type(exc).__name__}: {exc}"))
        return
    conn.send(("ready", os.getpid()))
    while True:
        try:
            pages = conn.recv()
        except (EOFError, OSError):
            return
        if pages is None:
            return
        try:
            reply: Any = _read(reader, pages, settings)
        except MemoryError:
            # The heap may be in a bad state: say so and leave; the parent starts a fresh child.
            conn.send(("fail", "memory", f"over the reading process's memory limit ({settings.memory_limit_mb} MB)"))
            os._exit(3)
        except Exception as exc:  # the batch failed as a whole: read one by one
            reply = ("fail", *_describe(exc))
        try:
            conn.send(reply)
        except (BrokenPipeError, OSError):
            return
        except Exception as exc:  # e.g. a result that cannot be pickled
            conn.send(("fail", "read", f"cannot send the result: {type(exc).__name__}: {exc}"))


# -- the parent side ------------------------------------------------------------------------------


def _stderr() -> int:
    # The child's own output (a library that prints) goes to this process's log, never into
    # the protocol; under a test runner that captures stderr there may be no descriptor.
    try:
        return sys.stderr.fileno()
    except (AttributeError, OSError, ValueError):
        return subprocess.DEVNULL


def _proc_usage(pid: int) -> tuple[float, float]:
    """(CPU seconds, peak resident MB) of a live process, from /proc (Linux); zeros elsewhere."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as fh:
            fields = fh.read().rsplit(b")", 1)[1].split()
        cpu = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        peak = 0.0
        with open(f"/proc/{pid}/status", "rb") as fh:
            for line in fh:
                if line.startswith(b"VmHWM:"):
                    peak = int(line.split()[1]) / 1024
        return cpu, peak
    except (OSError, ValueError, IndexError):
        return 0.0, 0.0


class ChildError(RuntimeError):
    """The reading process cannot start at all (the reader does not import, the model is missing)."""


class ChildReader:
    """Reads batches of pages in a child process, with a deadline; replaces the child as needed."""

    STARTUP_LIMIT = 300.0  # seconds for a child to import the reader and load the model

    def __init__(self, settings: ChildSettings) -> None:
        self.settings = settings
        self._proc: subprocess.Popen[bytes] | None = None
        self._conn: Connection | None = None
        self._served = 0
        self.restarts = 0  # children replaced after a timeout, crash or memory failure
        self.peak_rss_mb = 0.0  # the largest resident size any child reached
        self._cpu_done = 0.0  # CPU seconds of children already gone

    def _start(self) -> None:
        import pickle

        parent, child = socket.socketpair()
        env = dict(os.environ)
        # The child imports what this process can: onrecord, and a reader given as module:function.
        env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
        self._proc = subprocess.Popen(
            [sys.executable, "-m", "onrecord.scale.child", str(child.fileno())],
            pass_fds=(child.fileno(),), stdin=subprocess.DEVNULL, stdout=_stderr(), env=env,
        )
        child.close()
        self._conn = Connection(parent.detach())
        self._conn.send_bytes(pickle.dumps(self.settings))
        if not self._conn.poll(self.STARTUP_LIMIT):
            self.close()
            raise ChildError("the reading process did not start in time")
        try:
            hello = self._conn.recv()
        except (EOFError, OSError) as exc:
            self.close()
            raise ChildError(f"the reading process died while starting (exit status {self._exit_status()})") from exc
        if hello[0] != "ready":
            self.close()
            raise ChildError(str(hello[1]))
        self._served = 0

    def _sample(self) -> float:
        """Update the peak from the live child's /proc entry; returns its CPU seconds so far."""
        if self._proc is None:
            return 0.0
        cpu, peak = _proc_usage(self._proc.pid)
        self.peak_rss_mb = max(self.peak_rss_mb, peak)
        return cpu

    def cpu_seconds(self) -> float:
        return self._cpu_done + self._sample()

    def _retire(self) -> None:
        # Called just before a child goes: its CPU time would be lost with its /proc entry.
        self._cpu_done += self._sample()

    def _exit_status(self) -> int | None:
        if self._proc is None:
            return None
        try:
            return self._proc.wait(timeout=5)
        except subprocess.TimeoutExpired:
            return None

    def close(self) -> None:
        self._retire()
        if self._conn is not None:
            try:
                self._conn.send(None)
            except OSError:
                pass
            self._conn.close()
            self._conn = None
        if self._proc is not None:
            try:
                self._proc.wait(timeout=2)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()
            self._proc = None

    def _kill(self) -> int | None:
        self._retire()
        if self._proc is not None:
            self._proc.kill()
            status = self._proc.wait()
            self._proc = None
        else:
            status = None
        if self._conn is not None:
            self._conn.close()
            self._conn = None
        self.restarts += 1
        return status

    def _ask(self, pages: list[tuple[bytes, str | None, str | None]]) -> Any:
        """The child's reply, or ("timeout",) / ("crash", status) after killing it."""
        if self._conn is None or self._served >= self.settings.recycle_after:
            if self._conn is not None:
                self.close()
            self._start()
        assert self._conn is not None
        self._served += len(pages)
        try:
            self._conn.send(pages)
        except OSError:
            return ("crash", self._kill())
        if not self._conn.poll(self.settings.time_limit):
            self._kill()
            return ("timeout",)
        try:
            reply = self._conn.recv()
        except (EOFError, OSError):
            return ("crash", self._kill())
        self._sample()
        return reply

    def read(self, pages: list[tuple[bytes, str | None, str | None]]) -> list[Outcome]:
        """One outcome per page, in order. Never raises for a page's sake.

        A batch gets the per-document time limit as a whole: an ordinary batch takes a small
        part of it. A batch that fails, times out or kills the child is read again one page
        at a time, each with the full limit, so only the page at fault is lost.
        """
        if not pages:
            return []
        reply = self._ask(pages)
        if isinstance(reply, list):
            return reply
        if len(pages) == 1:
            return [self._single_failure(reply)]
        if reply[0] == "fail" and reply[1] == "memory":
            self._kill()  # it left by itself; make sure, and count the replacement
        return [self.read([page])[0] for page in pages]

    def _single_failure(self, reply: Any) -> Outcome:
        if reply[0] == "timeout":
            return ("error", "timeout", f"took over {self.settings.time_limit:g} s to read; stopped")
        if reply[0] == "crash":
            status = reply[1]
            how = f"killed by signal {-status}" if isinstance(status, int) and status < 0 else f"exit status {status}"
            return ("error", "crash", f"the reading process died on this page ({how})")
        if reply[0] == "fail":
            if reply[1] == "memory":
                self._kill()
            return ("error", reply[1], reply[2])
        return ("error", "read", f"unexpected reply from the reading process: {str(reply)[:200]}")


if __name__ == "__main__":
    child_main(int(sys.argv[1]))
