"""A time bound for tests whose regression would be a hang (a regex backtracking on a megabyte line).

Such a test otherwise fails only by never ending; under `cpu_limit` it fails in seconds, saying so. The
bound is on CPU time, not wall time: a machine busy with other jobs slows a test down tenfold but does not
make it use more CPU. `re` checks for signals while it matches, so a backtracking regex is stopped too.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator

# A linear parse of a megabyte line takes well under a second; a backtracking regex on it takes minutes.
LONG_LINE_CPU_S = 5


class Hang(Exception):
    """A call used more CPU time than its bound."""


@contextlib.contextmanager
def cpu_limit(seconds: float) -> Iterator[None]:
    """Raise Hang inside the block once the process has used `seconds` of CPU time in it (main thread only)."""
    if threading.current_thread() is not threading.main_thread():  # signals reach the main thread only
        yield
        return

    def on_timer(signum: int, frame: object) -> None:
        raise Hang(f"used more than {seconds} s of CPU time: a regex backtracking or a quadratic loop?")

    # SIGPROF, not SIGALRM, which libFuzzer keeps for its own -timeout (tests/fuzz runs under it).
    previous = signal.signal(signal.SIGPROF, on_timer)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)
