"""The window's alignment job, in a process of its own: the quick offset check, then the whole alignment.

PocketSphinx's decoder holds the GIL for a whole turn (6.3 s for 20 s of audio, with another thread waiting
for it), and reading the dictionary, planning and assembling are seconds of Python on a long talk. Run on a
thread of the window's process they froze its event loop, and libvlc's calls into Python with it: the
screen benchmark's Ogg seeks waited 0.4-1.3 s while the words were aligned, and the longest stall of a 5 ms
timer was 516 ms while the sample talk was (tests/benchmarks/bench_user.py, `bench_align_stall`). `run_job`
does the work in any process; `JobProcess` runs it in a spawned one and relays its reports.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import queue
import signal
import tempfile
import threading
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from reader.core.timemap import TimeMap
from reader.core.transcript import Turn

# ("aligned", Alignment, SyncFit | None), ("cancelled", None, None) or ("failed", message, None)
Outcome = tuple[str, Any, Any]
Report = Callable[[str, Any], None]  # ("progress", (done, total)) or ("offset", ms)
POLL_S = 0.1  # how often the relay looks at the caller's cancel flag and whether the process still runs
# Background work: the window, libvlc's decoding and the screen come first when the cores are all busy.
NICENESS = 10


def run_job(turns: Sequence[Turn], media: Path, time_map: TimeMap | None, report: Report,
            cancel: Any) -> Outcome:
    """Align `turns` to `media` as the window does: the quick offset check first (a long talk aligned for the
    first time), then the whole alignment or its cached copy; never raises. `cancel` has `is_set()`."""
    from reader.core.align import (
        AlignCancelled,
        AlignError,
        AudioError,
        cached_alignment,
        choose_method,
        load_alignment,
        quick_offset,
        sync_from_alignment,
    )

    try:
        method = choose_method(turns)[0]  # once: it reads every turn (seconds on 50,000 turns)
        if method == "pocketsphinx" and load_alignment(turns, media) is None:
            offset = quick_offset(turns, media, time_map=time_map, cancel=cancel, method=method)
            if offset is not None:
                report("offset", offset)
        alignment, _ = cached_alignment(turns, media, method=method, cancel=cancel, time_map=time_map,
                                        progress=lambda done, total: report("progress", (done, total)))
        return "aligned", alignment, sync_from_alignment(turns, alignment)
    except AlignCancelled:
        return "cancelled", None, None
    except (AlignError, AudioError, OSError) as exc:
        return "failed", f"Words could not be aligned: {exc}", None
    except Exception as exc:  # a bug must not die silently: said as the others are
        return "failed", f"Words could not be aligned: {type(exc).__name__}: {exc}", None


def _process_main(turns: Sequence[Turn], media: Path, time_map: TimeMap | None, out: Any, cancel: Any,
                  handover: Path) -> None:
    """The spawned process: run the job, send each report and then the outcome.

    The alignment goes through the file `handover`, in the cache's format, not through the queue: pickled, a
    50,000-turn talk's 1.5 million words were the pickle, the bytes received and the arrays made from them at
    once in the window's process (its peak memory 345 -> 426-459 MB in `make bench`).
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C in the terminal is the window's to handle
    with contextlib.suppress(OSError, AttributeError):  # not on Windows
        os.nice(NICENESS)  # the workers it starts inherit it
    outcome = run_job(turns, media, time_map, lambda kind, value: out.put((kind, value)), cancel)
    if outcome[0] == "aligned":
        try:
            with handover.open("wb") as file:
                outcome[1].write(file)
            outcome = ("aligned", handover, outcome[2])
        except OSError:
            handover.unlink(missing_ok=True)  # sent through the queue then
    out.put(("outcome", outcome))


def _received(outcome: Outcome) -> Outcome:
    """Return `outcome` with its alignment read from the handover file (removed), if it came that way."""
    if outcome[0] != "aligned" or not isinstance(outcome[1], Path):
        return outcome
    from reader.core.align.model import Alignment

    try:
        with outcome[1].open("rb") as file:
            return "aligned", Alignment.read(file), outcome[2]
    except (OSError, EOFError, ValueError, KeyError, TypeError, OverflowError) as exc:
        return "failed", f"Words could not be aligned: the aligner's result could not be read: {exc}", None
    finally:
        outcome[1].unlink(missing_ok=True)


class JobProcess:
    """`run_job` in a spawned process (spawn: forking a process with Qt and libvlc threads is unsafe)."""

    def __init__(self, turns: Sequence[Turn], media: Path, time_map: TimeMap | None) -> None:
        context = multiprocessing.get_context("spawn")
        self._queue = context.Queue()
        self._cancel = context.Event()
        handle, name = tempfile.mkstemp(prefix="reader-align-", suffix=".words")
        os.close(handle)
        self._handover = Path(name)
        self._process = context.Process(target=_process_main, name="reader-align",
                                        args=(list(turns), media, time_map, self._queue, self._cancel, self._handover))
        self._process.start()

    def relay(self, report: Report, cancel: threading.Event) -> Outcome:
        """Pass the process's reports to `report` until it ends; return its outcome. Setting `cancel` stops
        it between turns (its outcome is then "cancelled")."""
        try:
            return _received(self._relay(report, cancel))
        finally:
            self._handover.unlink(missing_ok=True)

    def _relay(self, report: Report, cancel: threading.Event) -> Outcome:
        while True:
            if cancel.is_set():
                self._cancel.set()
            try:
                kind, value = self._queue.get(timeout=POLL_S)
            except queue.Empty:
                if self._process.is_alive():
                    continue
                try:  # it may have sent its last words just before it ended
                    kind, value = self._queue.get(timeout=1.0)
                except queue.Empty:
                    return ("failed", "Words could not be aligned: the aligner's process ended without a result "
                                      f"(exit status {self._process.exitcode})", None)
            if kind == "outcome":
                self._process.join(5)
                return value
            report(kind, value)
