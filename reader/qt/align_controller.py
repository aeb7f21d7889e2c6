"""Word times for the open transcript, found in its recording on a worker while the window stays usable."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, QTimer, Signal

from reader.core.timemap import TimeMap
from reader.core.transcript import Turn

if TYPE_CHECKING:
    from reader.core.align import Alignment
    from reader.core.align.job import Outcome

METHOD_NAMES = {"pocketsphinx": "PocketSphinx", "vad": "voice activity", "estimate": "character count"}


class AlignController(QObject):
    """Aligns in a process of its own, relayed by a worker thread; one job at a time, cancellable.

    Signals: `progressed(done, total)` in turns; `offsetChecked(ms)`, before a long alignment, how much
    later the recording says the first turns than stated (from its first minutes); `aligned(Alignment,
    SyncFit | None)` when the words are known (from the cache at once when this transcript and recording
    were aligned before), with the offset and drift they imply; `failed(str)` with why nothing could be
    aligned; `statusChanged(str)`, what the status bar says about the words ("Words: PocketSphinx, 97% heard").
    """

    progressed = Signal(int, int)
    offsetChecked = Signal(int)
    aligned = Signal(object, object)
    failed = Signal(str)
    statusChanged = Signal(str)

    def __init__(self, parent: QObject | None = None, *, in_process: bool = False) -> None:
        """`in_process`: align on the worker thread itself, not in a process of its own (see
        reader.core.align.job; for tests that replace the aligner's functions)."""
        super().__init__(parent)
        self._in_process = in_process
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="align")
        self._job: Future | None = None
        self._cancel = threading.Event()
        self._progress: tuple[int, int] | None = None  # written by the worker, read by the poll
        self._offset: int | None = None  # the quick offset check's result, likewise
        # The worker never emits: a signal emitted from it after the window closed (this object deleted)
        # would crash the process. The GUI thread polls, on a timer this object owns.
        self._poll = QTimer(self)
        self._poll.setInterval(100)
        self._poll.timeout.connect(self._on_poll_timeout)
        self.destroyed.connect(lambda *_: self._shutdown())

    def running(self) -> bool:
        """Return whether an alignment is under way."""
        return self._job is not None and not self._job.done()

    def start(self, turns: Sequence[Turn], media: Path, time_map: TimeMap | None = None) -> None:
        """Align `turns` to `media` (the previous job, if any, is cancelled)."""
        self.cancel()
        self._cancel = cancel = threading.Event()
        self._progress = self._offset = None
        self.statusChanged.emit("Words: aligning…")

        def report(kind: str, value: object) -> None:
            if kind == "progress":
                self._progress = value  # type: ignore[assignment]
            elif kind == "offset":
                self._offset = value  # type: ignore[assignment]

        def run() -> Outcome:
            # Loaded here, on the worker: the aligner costs nothing until a recording is opened.
            from reader.core.align.job import JobProcess, run_job

            if self._in_process:
                return run_job(turns, media, time_map, report, cancel)
            return JobProcess(turns, media, time_map).relay(report, cancel)

        self._job = self._executor.submit(run)
        self._poll.start()

    def cancel(self) -> None:
        """Stop the alignment under way (its processes stop between turns)."""
        self._cancel.set()
        if self._job is not None and not self._job.done():
            self.statusChanged.emit("")
        self._job = None
        self._poll.stop()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the job under way to end and deliver its result; return whether it ended."""
        job = self._job
        if job is None:
            return True
        try:
            job.result(timeout)
        except TimeoutError:
            return False
        self._on_poll_timeout()
        return True

    def _on_poll_timeout(self) -> None:
        progress, self._progress = self._progress, None
        if progress is not None:
            self.progressed.emit(*progress)
        offset, self._offset = self._offset, None
        if offset is not None and self._job is not None:
            self.offsetChecked.emit(offset)
        job = self._job
        if job is None or not job.done():
            return
        self._poll.stop()
        self._job = None
        # The worker's last report can land between the read above and its clearing, and be lost: the end
        # is said here, so that the progress bar never stays up at 25 of 26 turns.
        self.progressed.emit(1, 1)
        outcome, value, fit = job.result()
        if outcome == "aligned":
            self.statusChanged.emit(describe(value))  # type: ignore[arg-type]
            self.aligned.emit(value, fit)
        elif outcome == "failed":
            self.statusChanged.emit("")
            self.failed.emit(value)

    def _shutdown(self) -> None:
        self._cancel.set()
        self._executor.shutdown(wait=False, cancel_futures=True)


def describe(alignment: Alignment) -> str:
    """Return what the status bar says of word times: the method and how many words it heard."""
    name = METHOD_NAMES.get(alignment.method, alignment.method)
    total = len(alignment.words)
    if alignment.method == "pocketsphinx" and total:
        return f"Words: {name}, {alignment.aligned * 100 // total}% heard"
    return f"Words: spread by {name}"
