"""Readers with test hooks, given to the scale pipeline as "module:function" (read_many's shape).

A page carrying one of these markers misbehaves in the reading process, as real pages rarely
but surely do; every other page is read by ``onrecord.api.read_many`` unchanged:

- ``onrecord-test:hang``: never finishes (the per-document time limit must stop it);
- ``onrecord-test:crash``: kills the reading process whenever it is read;
- ``onrecord-test:kill-worker:<flag file>``: kills the Ray worker itself (the parent of the
  reading process), once: the flag file is created first, so the retried task reads on.
"""

from __future__ import annotations

import os
import re
import signal
import time
from typing import Any

from onrecord.api import read_many

_KILL = re.compile(rb"onrecord-test:kill-worker:(\S+?) ")


def hooked_read_many(sources: list[Any], **kwargs: Any) -> list[Any]:
    for source in sources:
        data = source if isinstance(source, bytes) else str(source).encode()
        if b"onrecord-test:hang" in data:
            while True:
                time.sleep(1)
        if b"onrecord-test:crash" in data:
            os._exit(9)
        found = _KILL.search(data)
        if found:
            flag = found.group(1).decode()
            if not os.path.exists(flag):
                with open(flag, "w") as fh:
                    fh.write(str(os.getppid()))
                os.kill(os.getppid(), signal.SIGKILL)
                time.sleep(30)  # the parent's death takes this process too
    return read_many(sources, **kwargs)


def marked(html: bytes, marker: str) -> bytes:
    """The page with a marker in a comment (it changes nothing the page layer keeps)."""
    return html.replace(b"<body", f"<!-- {marker} --><body".encode(), 1)
