"""Moving through the talk by turns: click to seek, previous and next turn, replay, loop."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from reader.core.media_times import MediaTimes
from reader.core.transcript import Turn
from reader.qt.playback_controller import PlaybackController

# More than this far into a turn, "previous turn" first goes back to the start of the turn itself.
RESTART_MS = 2000
# A loop is left when the user seeks this far before the looped turn.
LOOP_ESCAPE_MS = 1000


class TurnNavigator(QObject):
    """Seeks the playback to turns and places in them, on the recording's clock (`set_times`).

    `shown(row)` says whether a turn is shown (a filter may hide some: stepping skips those). Every seek
    made for the user emits `seeked(reveal)`, so the window can follow the playback there again; `reveal`
    is False for a click on a turn that is on screen, which must not scroll away from under the pointer.
    """

    seeked = Signal(bool)
    loopChanged = Signal(int)  # the looped turn, -1 for none
    noticeRaised = Signal(str)  # a passing word for the status bar

    def __init__(self, playback: PlaybackController, shown: Callable[[int], bool],
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._playback = playback
        self._shown = shown
        self._times = MediaTimes()
        self._loop_row = -1
        self._stop_at: int | None = None  # where a played selection ends
        playback.positionChanged.connect(self._on_playback_position_changed)

    def set_times(self, times: MediaTimes) -> None:
        """Seek by these times."""
        self._times = times

    def seek(self, ms: int | None, *, reveal: bool = True) -> None:
        """Seek to `ms` (nothing when None) and say so."""
        if ms is not None:
            self._playback.seek(ms)
            self.seeked.emit(reveal)

    def seek_turn(self, row: int, *, reveal: bool = True) -> None:
        """Seek to the start of turn `row`."""
        self.seek(self._times.start(row), reveal=reveal)

    def seek_text(self, row: int, offset: int, *, reveal: bool = True) -> None:
        """Seek to where character `offset` of turn `row` is spoken."""
        self.seek(self._times.time_at(row, offset), reveal=reveal)

    def step(self, step: int, *, same_speaker: bool = False) -> None:
        """Seek to the next (step 1) or previous (-1) shown turn, optionally of the same speaker."""
        turns: list[Turn] | tuple[()] = list(self._times.turns)
        current = self._playback.active_turn()
        speaker = turns[current].speaker if 0 <= current < len(turns) else None
        row = current
        start = self._times.start(current)
        if step < 0 and start is not None and self._playback.position() - start > RESTART_MS:
            row = current + 1
        row += step
        while 0 <= row < len(turns):
            if (self._times.start(row) is not None and self._shown(row)
                    and (not same_speaker or turns[row].speaker == speaker)):
                self.seek_turn(row)
                return
            row += step

    def replay(self) -> None:
        """Play the active turn again from its start."""
        start = self._times.start(self._playback.active_turn())
        if start is not None:
            self.seek(start)
            self._playback.play()

    def play_range(self, target: tuple[int, int, int] | None) -> bool:
        """Play characters start..end of turn row, (row, start, end), and pause after them; False: nothing to play."""
        if target is None:
            return False
        row, start, end = target
        begin, finish = self._times.time_at(row, start), self._times.end_at(row, end)
        if begin is None:
            return False
        if finish is None or finish <= begin:
            finish = self._times.end(row)
        self.seek(begin)
        self._stop_at = finish
        self._playback.play()
        return True

    def set_looping(self, on: bool) -> int:
        """Loop the active turn (on) or stop looping; return the looped turn, -1 for none."""
        row = self._playback.active_turn()
        self._loop_row = row if on and row >= 0 else -1
        self.loopChanged.emit(self._loop_row)
        if self._loop_row >= 0:
            self.noticeRaised.emit(f"Looping turn {row + 1} (Ctrl+L to stop)")
        return self._loop_row

    def looped_turn(self) -> int:
        """Return the turn being looped, or -1."""
        return self._loop_row

    def _on_playback_position_changed(self, position: int) -> None:
        if self._stop_at is not None and position >= self._stop_at:
            self._stop_at = None
            self._playback.pause()
        row = self._loop_row
        if row < 0:
            return
        start, end = self._times.start(row), self._times.end(row)
        if start is not None and end is not None and (position >= end or position < start - LOOP_ESCAPE_MS):
            self._playback.seek(start)
