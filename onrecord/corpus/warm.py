"""Imported by the fork server before it forks any worker: loads the spaCy model once.

Workers fork from a server that already holds the model, so a new or replacement worker starts
at once and the model's memory pages are shared between workers rather than loaded N times.
``gc.freeze()`` then moves everything loaded so far out of the collector's sight: a worker's
garbage collections would otherwise walk (and, by touching, copy) those shared pages.
If the model is missing, nothing happens here; the worker reports it on its first page.
"""

from __future__ import annotations

import gc

try:
    from onrecord.speech.nlp import load_model

    load_model()
except Exception:  # noqa: BLE001, S110 - a warm-up only; the real load reports the problem
    pass
gc.freeze()
