"""Hypothesis profiles for the fuzz tests: a short run in every `pytest`, a long one in `make fuzz`.

Pick one with HYPOTHESIS_PROFILE=fuzz (read by tests/fuzz only, so other tests keep their settings);
FUZZ_EXAMPLES sets the long run's examples per test. The names are not "ci" or "default": Hypothesis loads
its own "ci" profile on CI machines, and registering a profile under the active name would change every
test in the session.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

# Mutating a real file draws a lot of data, and a parse through all ten formats takes milliseconds.
_SUPPRESSED = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]

# Built on the settings in force (on CI: Hypothesis's derandomized, database-free "ci" profile). No
# Hypothesis deadline: wall time on a machine shared with other jobs varies tenfold, which makes deadlines
# flaky; properties.bounded() limits each example's CPU time instead, which catches hangs just as well.
settings.register_profile("fuzz-quick", settings(), max_examples=100, deadline=None, suppress_health_check=_SUPPRESSED)
settings.register_profile("fuzz", settings.get_profile("fuzz-quick"),
                          max_examples=int(os.environ.get("FUZZ_EXAMPLES", "20000")))
