"""Parse a transcript file on a worker thread that the caller can poll and cancel at any time.

The window must not freeze while a 200 MB page or a million cues are parsed, so the parse runs off the
GUI thread. A parse is pure Python, so cancelling it is real: the worker gets a `LoadCancelled` raised
inside it (CPython's PyThreadState_SetAsyncExc, checked between bytecodes) instead of running to the end
and holding its memory. The caller never waits for that: a cancelled job is abandoned at once.
"""

from __future__ import annotations

import ctypes
import gc
import logging
import threading
import time
from pathlib import Path

from reader.core.errors import TranscriptError
from reader.core.formats import parse_file
from reader.core.transcript import Transcript

__all__ = ["MAX_TURNS", "LoadCancelled", "TranscriptLoad"]

# Past this many turns the window's set-up (per-turn tables for the view, timeline and speakers, built on
# the GUI thread) takes over a second; the command line (export, convert) has no such limit.
MAX_TURNS = 200_000


class LoadCancelled(BaseException):
    """Raised inside the worker to stop a parse; a BaseException so no parser's `except` swallows it."""


class TranscriptLoad:
    """One transcript file parsed on a daemon thread: start(), poll done()/phase, then result() or cancel()."""

    def __init__(self, path: Path | str, *, format: str | None = None, max_turns: int | None = MAX_TURNS) -> None:
        self.path = Path(path)
        self.format = format
        self.max_turns = max_turns
        self.phase = "waiting"
        self.size = 0
        self.started_at = 0.0
        self._done = threading.Event()
        self._lock = threading.Lock()
        self._in_parse = False
        self._cancelled = False
        self._result: Transcript | None = None
        # The first turns of a big file, while the rest is read (see formats.parse_file); None until then.
        self.preview: Transcript | None = None
        self._error: TranscriptError | None = None
        self._gc_was_enabled = True
        self._thread = threading.Thread(target=self._run, name=f"parse {self.path.name}", daemon=True)

    def start(self) -> TranscriptLoad:
        """Start parsing; return self."""
        self.started_at = time.monotonic()
        self._gc_was_enabled = gc.isenabled()
        try:
            self.size = self.path.stat().st_size
        except OSError:
            self.size = 0  # read_text reports the real problem with the file's name
        self._thread.start()
        return self

    def wait(self, timeout: float | None = None) -> bool:
        """Block for up to `timeout` seconds; return whether the job has finished."""
        return self._done.wait(timeout)

    def done(self) -> bool:
        """Return whether the parse has finished (or was cancelled)."""
        return self._done.is_set()

    @property
    def cancelled(self) -> bool:
        """Return whether cancel() was called before the parse finished."""
        return self._cancelled

    def elapsed(self) -> float:
        """Return the seconds since start()."""
        return time.monotonic() - self.started_at if self.started_at else 0.0

    def result(self) -> Transcript:
        """Return the transcript, or raise the parse's TranscriptError or LoadCancelled; wait if needed."""
        if self._cancelled:
            raise LoadCancelled(str(self.path))
        self._done.wait()
        if self._error is not None:
            raise self._error
        if self._result is None:  # the worker died of something that is not ours: a bug, say so
            raise TranscriptError("could not be read (internal error; see the log)", path=self.path)
        return self._result

    def cancel(self) -> None:
        """Stop the parse and forget it; returns at once, the worker ends by itself."""
        with self._lock:
            if self._done.is_set():
                return
            self._cancelled = True
            if self._in_parse and self._thread.ident is not None:
                ctypes.pythonapi.PyThreadState_SetAsyncExc(
                    ctypes.c_ulong(self._thread.ident), ctypes.py_object(LoadCancelled))
        self._done.set()
        if self._gc_was_enabled:  # the exception may land in the worker's `finally` before it re-enables
            gc.enable()

    def _parse(self) -> Transcript:
        # A big file makes millions of objects; the cyclic collector would walk them all again and again
        # while they pile up, each walk holding the GIL (the window froze 300 ms at a time on a million
        # cues). None of them form cycles, so the collector pauses for the parse, and the result is
        # frozen (gc.freeze) so that later collections skip it too: a 1M-turn transcript otherwise costs
        # every full collection in the GUI thread a few hundred ms for as long as it is open.
        enabled = gc.isenabled()
        try:
            gc.disable()  # inside the try: a cancel landing anywhere after this line re-enables it
            transcript = parse_file(self.path, format=self.format, on_phase=self._set_phase,
                                    on_preview=self._set_preview)
            if self.max_turns is not None and len(transcript.turns) > self.max_turns:
                raise TranscriptError(
                    f"has {len(transcript.turns):,} turns, more than the {self.max_turns:,} the reader shows; "
                    "`transcript-reader export` and `convert` work on it", path=self.path)
            gc.freeze()
            return transcript
        finally:
            if enabled:
                gc.enable()

    def _set_phase(self, phase: str) -> None:
        self.phase = phase

    def _set_preview(self, transcript: Transcript) -> None:
        self.preview = transcript

    def _run(self) -> None:
        try:
            with self._lock:
                if self._cancelled:
                    return
                self._in_parse = True
            transcript: Transcript | None = None
            error: TranscriptError | None = None
            try:
                transcript = self._parse()
            except TranscriptError as exc:
                error = exc
            with self._lock:
                self._in_parse = False
                if not self._cancelled:
                    self._result, self._error = transcript, error
        except LoadCancelled:
            pass  # the caller has already moved on
        except BaseException:  # a parser bug must not leave the caller waiting forever
            logging.getLogger(__name__).exception("parsing %s failed", self.path)
        finally:
            self.phase = "done"
            self._done.set()
