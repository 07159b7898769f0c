"""Imported by the fork server before it forks any worker: loads the spaCy model once.

Workers fork from a server that already holds the model, so a new or replacement worker starts
at once and the model's memory pages are shared between workers rather than loaded N times.
``gc.freeze()`` then moves everything loaded so far out of the collector's sight: a worker's
garbage collections would otherwise walk (and, by touching, copy) those shared pages.
If the model is missing, nothing happens here; the worker reports it on its first page.
"""

from __future__ import annotations

import gc

# A small page read end to end fills the lazy caches and tables of the page and speech layers
# (name lists, cue lexicon, compiled patterns) once here instead of once in every worker.
_SAMPLE = (
    "<html><head><title>Warm-up</title></head><body><article><h1>Warm-up</h1>"
    "<p>\u201cWe will not back down,\u201d Mayor Ana Ruiz said on Tuesday, adding that the council "
    "would meet again. The minister told reporters that talks would go on.</p></article></body></html>"
).encode("utf-8")

try:
    from onrecord.speech.nlp import load_model

    load_model()
    from onrecord.api import read

    read(_SAMPLE, url="https://warm-up.invalid/")
except Exception:
    pass
gc.freeze()
