"""Find in the transcript: the search index (folded on a worker for big transcripts), matches and ticks."""

from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QWidget

from reader.core.media_times import MediaTimes
from reader.core.search import Matches, SearchIndex
from reader.core.transcript import Transcript
from reader.qt.playback_controller import PlaybackController
from reader.qt.search_bar import SearchBar
from reader.qt.transcript_view import TranscriptView

# Folding 50,000 turns for Find takes 0.4 s: from this size it is done on a worker as the transcript opens.
BACKGROUND_INDEX_TURNS = 5_000
TICKS_DELAY_MS = 200  # the timeline's match ticks wait for the typing to pause


class FindController(QObject):
    """Owns the find bar and what it found.

    Signals: `matchesChanged(Matches | None)` for the view to mark; `currentMatchChanged(object)` with
    (row, start, end) or None; `ticksChanged(list)`, the recording times of the turns with a match, for the
    timeline (after a short pause in typing). The first match shown is the one at or after where the
    reader is: the spoken turn, else the turn at the top of the view.
    """

    matchesChanged = Signal(object)
    currentMatchChanged = Signal(object)
    ticksChanged = Signal(list)

    def __init__(self, parent: QWidget, view: TranscriptView, playback: PlaybackController) -> None:
        super().__init__(parent)
        self._view, self._playback = view, playback
        self._transcript: Transcript | None = None
        self._index: SearchIndex | None = None
        self._pending: Future[SearchIndex] | None = None
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="search index")
        self._matches: Matches | None = None
        self._times = MediaTimes()
        self.bar = SearchBar(self.index, parent, origin_provider=self._origin)
        self.bar.hide()
        self._ticks_timer = QTimer(self)
        self._ticks_timer.setSingleShot(True)
        self._ticks_timer.setInterval(TICKS_DELAY_MS)
        self._ticks_timer.timeout.connect(self._emit_ticks)
        self.bar.matchesChanged.connect(self._on_bar_matches_changed)
        self.bar.currentMatchChanged.connect(self._on_bar_current_match_changed)
        self.bar.closed.connect(self._on_bar_closed)
        self._generation = 0
        # The worker never emits: a signal emitted from it after the window closed (the controller deleted)
        # crashes the process. The GUI thread polls for its result instead, on a timer the controller owns.
        self._ticks_future: Future[tuple[int, list[int]]] | None = None
        self._ticks_poll = QTimer(self)
        self._ticks_poll.setInterval(15)
        self._ticks_poll.timeout.connect(self._on_ticks_poll_timeout)
        self.destroyed.connect(lambda *_: self._executor.shutdown(wait=False, cancel_futures=True))

    def set_transcript(self, transcript: Transcript) -> None:
        """Search `transcript` from now on; a big one is folded on the worker at once."""
        self._transcript = transcript
        self._index = None
        self._pending = None
        if len(transcript.turns) >= BACKGROUND_INDEX_TURNS:
            self._pending = self._executor.submit(SearchIndex, transcript.turns)
        if self.bar.isVisible():
            self.bar.refresh(keep_place=False)

    def set_times(self, times: MediaTimes) -> None:
        """Place the match ticks at these times."""
        self._times = times
        if self._matches is not None:
            self._ticks_timer.start()

    def index(self) -> SearchIndex | None:
        """Return the search index of the transcript (built once and kept: typing stays cheap)."""
        if self._index is None and self._transcript is not None:
            if self._pending is not None:
                self._index = self._pending.result()  # nearly always done: it started when the file opened
            else:
                self._index = SearchIndex(self._transcript.turns)
            self._pending = None
        return self._index

    def index_ready(self) -> bool:
        """Return whether the index is built (a big transcript's is built on a worker as it opens)."""
        return self._index is not None or (self._pending is not None and self._pending.done())

    def _origin(self) -> tuple[int, int]:
        row = self._playback.active_turn()
        if row < 0:
            row = max(0, self._view.indexAt(self._view.viewport().rect().topLeft()).row())
        return row, 0

    def matches(self) -> Matches | None:
        """Return the matches shown (None when there are none or the bar is closed)."""
        return self._matches

    # -- slots ----------------------------------------------------------------------------------------

    def _on_bar_matches_changed(self, matches: Matches) -> None:
        self._matches = matches if len(matches) else None
        self.matchesChanged.emit(self._matches)
        self._ticks_timer.start()

    def _on_bar_current_match_changed(self, row: int, start: int, end: int) -> None:
        self.currentMatchChanged.emit((row, start, end) if row >= 0 else None)

    def _on_bar_closed(self) -> None:
        self._matches = None
        self._ticks_timer.stop()
        self.matchesChanged.emit(None)
        self.currentMatchChanged.emit(None)
        self.ticksChanged.emit([])

    def _emit_ticks(self) -> None:
        self._generation += 1
        if self._matches is None:
            self.ticksChanged.emit([])
            return
        # On the worker: finding the turn of 60,000 matches of "the" takes 0.17 s, a felt stall in typing.
        matches, times, generation = self._matches, self._times, self._generation

        def find() -> tuple[int, list[int]]:
            starts = (times.start(turn) for turn in dict.fromkeys(matches.turns()))
            return generation, [ms for ms in starts if ms is not None]

        self._ticks_future = self._executor.submit(find)
        self._ticks_poll.start()

    def _on_ticks_poll_timeout(self) -> None:
        future = self._ticks_future
        if future is None or not future.done():
            return
        self._ticks_poll.stop()
        self._ticks_future = None
        if future.cancelled() or future.exception() is not None:
            return
        generation, ticks = future.result()
        if generation == self._generation and self._matches is not None:  # not for a query since replaced
            self.ticksChanged.emit(ticks)
