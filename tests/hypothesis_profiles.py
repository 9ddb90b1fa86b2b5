"""Hypothesis profiles for the property tests (imported by tests/test_property.py).

* ``ci`` (default): about two thousand examples in all (valid trips through every command
  and exporter, mutated and arbitrary files), deterministic (``derandomize``) so a CI run is
  reproducible; one to two minutes on two cores.
* ``long``: twenty times more (about forty thousand), random seeds, for a run before a
  release (tens of minutes)::

      HYPOTHESIS_PROFILE=long .venv/bin/python -m pytest tests/test_property.py

* ``dev``: a quick smoke run while editing (``HYPOTHESIS_PROFILE=dev``).

No profile has a deadline: speed is measured in benchmarks/, never in unit tests.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

SUPPRESSED = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much,
              HealthCheck.function_scoped_fixture]  # the autouse settings fixture is harmless

settings.register_profile("ci", max_examples=100, deadline=None, derandomize=True,
                          suppress_health_check=SUPPRESSED, print_blob=True)
settings.register_profile("long", max_examples=2000, deadline=None,
                          suppress_health_check=SUPPRESSED, print_blob=True)
settings.register_profile("dev", max_examples=30, deadline=None,
                          suppress_health_check=SUPPRESSED)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

SCALE = {"ci": 1, "long": 20, "dev": 0.1}.get(os.environ.get("HYPOTHESIS_PROFILE", "ci"), 1)
"""Multiplier for tests that set their own example count."""
