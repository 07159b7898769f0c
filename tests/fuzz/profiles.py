"""Hypothesis settings for the fuzz properties, chosen by the HYPOTHESIS_PROFILE variable.

``ci`` (the default) keeps ``make test`` quick; ``long`` is for a deliberate search
(``HYPOTHESIS_PROFILE=long .venv/bin/python -m pytest tests/fuzz``). The profiles are applied
per test (``@FUZZ``) rather than loaded globally, so other suites that use hypothesis keep
their own settings.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

# Generated pages are large by design and the first call loads the language model: neither
# is a problem worth a health-check failure.
_QUIET = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much,
          HealthCheck.large_base_example]

settings.register_profile(
    "ci",
    max_examples=30,
    deadline=None,
    suppress_health_check=_QUIET,
    print_blob=True,
    # Under CI the same examples every run: a submission must never be blocked by a new
    # random find. Developers' runs stay random, which is how new bugs get found.
    derandomize=bool(os.environ.get("CI")),
    database=None if os.environ.get("CI") else settings.default.database,
)
settings.register_profile("dev", max_examples=200, deadline=None, suppress_health_check=_QUIET, print_blob=True)
settings.register_profile("long", max_examples=2000, deadline=None, suppress_health_check=_QUIET,
                          print_blob=True)

PROFILE = os.environ.get("HYPOTHESIS_PROFILE", "ci")
if PROFILE not in ("ci", "dev", "long"):
    PROFILE = "ci"  # another suite's profile name: ours stay small
FUZZ = settings.get_profile(PROFILE)


def scaled(n: int) -> settings:
    """The profile with ``n`` times fewer examples: for properties whose every example runs the
    parser-backed path (about ten times slower than the rules)."""
    return settings(FUZZ, max_examples=max(5, FUZZ.max_examples // n))
