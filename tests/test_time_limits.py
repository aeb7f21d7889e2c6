"""The tests' CPU-time bound stops what it bounds, regexes included, and leaves nothing armed."""

from __future__ import annotations

import re
import signal
import time

import pytest

from tests.time_limits import Hang, cpu_limit


def test_cpu_limit_stops_a_backtracking_regex_in_time() -> None:
    began = time.process_time()
    with pytest.raises(Hang), cpu_limit(0.3):
        re.match(r"(a+)+$", "a" * 64 + "b")  # years of backtracking
    assert time.process_time() - began < 3
    assert signal.getitimer(signal.ITIMER_PROF) == (0.0, 0.0)


def test_cpu_limit_lets_a_quick_block_through() -> None:
    with cpu_limit(5):
        assert sum(range(1000)) == 499500
    assert signal.getitimer(signal.ITIMER_PROF) == (0.0, 0.0)
