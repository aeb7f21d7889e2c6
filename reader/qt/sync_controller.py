"""The sync between the transcript's clock and the recording's: offset, anchors, taps, and the times they give.

Every change (a transcript opened, the recording's length known, a shift, an anchor, a reset) makes one
new `MediaTimes` and emits it in `timesChanged`: the model, the playback controller, the timeline, the
notes panel and the window's commands all take their times from it, so none can show a stale clock.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from reader.core.media_times import MediaTimes
from reader.core.timecode import ms_to_clock
from reader.core.timemap import SyncSettings, TimeMap, taps_to_anchors, with_tap
from reader.core.transcript import Turn

if TYPE_CHECKING:
    from reader.core.align import Alignment, SyncFit


class SyncController(QObject):
    """Owns the TimeMap (timed transcripts) or the taps (untimed ones) and publishes the MediaTimes.

    Signals: `timesChanged(MediaTimes)` after every change; `settingsChanged(dict | None)` when the user
    changed the sync (the notes file keeps it; None: the default); `statusChanged(str)`, a short
    status-bar text ("" when there is no sync); `messageRaised(str)`, for the banner.
    """

    timesChanged = Signal(object)
    settingsChanged = Signal(object)
    statusChanged = Signal(str)
    messageRaised = Signal(str)
    suggestionChanged = Signal(bool)  # whether an automatic sync is offered (True) or applied/none (False)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._turns: Sequence[Turn] = ()
        self._times = MediaTimes()
        self._suggested: TimeMap | None = None  # the sync the words imply, when it differs from the user's
        self._before_suggestion: tuple[TimeMap, dict[int, int]] | None = None

    @property
    def times(self) -> MediaTimes:
        """Return the current times of every turn on the recording's clock."""
        return self._times

    @property
    def time_map(self) -> TimeMap:
        """Return the current map between the transcript's clock and the recording's."""
        return self._times.time_map

    # -- what the window tells it -----------------------------------------------------------------------

    def load(self, turns: Sequence[Turn], saved: Any, duration_ms: int | None) -> None:
        """Time `turns` with the sync `saved` in the notes file (JSON, or None), quietly fixing bad values."""
        messages: list[str] = []
        settings = SyncSettings.from_json(saved, messages)
        self._turns = turns
        self._times = MediaTimes.from_settings(turns, settings, duration_ms)
        self._suggested, self._before_suggestion = None, None
        self.suggestionChanged.emit(False)
        for message in messages:
            self.messageRaised.emit(message)
        self._publish()

    def set_duration(self, duration_ms: int | None) -> None:
        """Spread estimates over a recording `duration_ms` long (known once the player says so)."""
        if duration_ms != self._times.duration:
            self._times = self._times.with_duration(duration_ms)
            self._publish()

    def take_alignment(self, words: Alignment, fit: SyncFit | None) -> None:
        """Use the word times found in the recording; offer the sync they imply when it differs noticeably."""
        notice = self.set_words(words, fit.time_map() if fit is not None and fit.noticeable else None)
        if notice:
            self.messageRaised.emit(notice)

    def take_offset_check(self, offset_ms: int) -> None:
        """Offer to move the transcript by `offset_ms` (the recording's first minutes say its first turns are
        that much later), unless the sync already agrees within half a second or a fuller fit is known."""
        from reader.core.align.autosync import NOTICEABLE_MS

        if self._suggested is not None or self._before_suggestion is not None or not self._turns:
            return
        implied = TimeMap(offset_ms)
        if abs(self._moved_ms(implied)) <= NOTICEABLE_MS:
            return
        self._suggested = implied
        self.suggestionChanged.emit(True)
        self.messageRaised.emit(self._offer(implied, "in its first minutes") + "; the whole recording is still "
                                                                               "being aligned.")

    def _moved_ms(self, implied: TimeMap) -> int:
        """Return how much later `implied` puts the first timed turn than the sync in use."""
        first = next((turn.start for turn in self._turns if turn.start is not None), 0)
        return implied.to_media(first) - self.time_map.to_media(first)

    def _offer(self, implied: TimeMap, where: str = "") -> str:
        """Return the sentence offering `implied` as the automatic sync."""
        moved = self._moved_ms(implied) / 1000
        return (f"The recording is {abs(moved):.1f} s {'later' if moved > 0 else 'earlier'} than the transcript "
                f"says, by the words heard{' ' + where if where else ''}: Sync > Apply Automatic Sync "
                "(Ctrl+Shift+Y) lines them up")

    def set_words(self, words: Alignment | None, implied: TimeMap | None = None) -> str | None:
        """Use these word times; `implied` is the sync they suggest (offered, not applied). Return a notice."""
        self._times = self._times.with_words(words)
        self._suggested = implied if implied is not None and implied != self.time_map else None
        self.suggestionChanged.emit(self._suggested is not None)
        self._publish()
        if self._suggested is None:
            return None
        return self._offer(self._suggested) + "."

    def apply_suggestion(self, on: bool = True) -> None:
        """Apply the sync the words imply (on), or go back to the one before it (off)."""
        if on and self._suggested is not None:
            self._before_suggestion = (self.time_map, self._times.taps)
            self._change(self._suggested, {})
            self._suggested = None
        elif not on and self._before_suggestion is not None:
            time_map, taps = self._before_suggestion
            self._before_suggestion = None
            self._change(time_map, taps)

    def suggestion_applied(self) -> bool:
        """Return whether the automatic sync is in use (and can be undone)."""
        return self._before_suggestion is not None

    # -- what the user does ------------------------------------------------------------------------------

    def set_offset(self, offset_ms: int) -> None:
        """Move every transcript time by `offset_ms` in all (positive: the words come later)."""
        self._change(self.time_map.with_offset(offset_ms))

    def shift(self, delta_ms: int) -> None:
        """Move every transcript time by `delta_ms` more."""
        self.set_offset(self.time_map.offset_ms + delta_ms)

    def anchor_turn(self, row: int, media_ms: int) -> str:
        """Make turn `row` start at `media_ms`; return what was done, in words."""
        turn = self._turns[row]
        message = f"Turn {row + 1} now starts at {ms_to_clock(media_ms)}"
        if turn.start is None:
            self._change(self.time_map, with_tap(self._times.taps, row, media_ms))
            return message
        conflicts = self.time_map.conflicting_anchors(turn.start, media_ms)
        self._change(self.time_map.with_anchor(turn.start, media_ms))
        if conflicts:
            message += f"; replaced {len(conflicts)} sync anchor(s) this one contradicts"
        return message

    def anchors(self) -> list[tuple[str, int, int | None]]:
        """Return the anchors as (what is anchored, media ms, transcript ms or None for a tapped turn)."""
        taps = self._times.taps
        if taps:
            return [(f"turn {i + 1}", ms, None) for i, ms in sorted(taps.items())]
        return [(ms_to_clock(t, millis=True), m, t) for t, m in self.time_map.anchors]

    def remove_anchor(self, index: int) -> None:
        """Remove the `index`-th anchor (in transcript order)."""
        taps = dict(sorted(self._times.taps.items()))
        if taps:
            taps.pop(list(taps)[index], None)
            self._change(self.time_map, taps)
        else:
            self._change(self.time_map.without_anchor(index))

    def reset(self) -> None:
        """Forget the offset and every anchor."""
        self._change(TimeMap(), {})

    # -- internals ----------------------------------------------------------------------------------------

    def _change(self, time_map: TimeMap, taps: dict[int, int] | None = None) -> None:
        self._times = self._times.with_sync(time_map, taps)
        taps = self._times.taps
        if taps:
            settings = SyncSettings(time_map.offset_ms, taps_to_anchors(self._turns, taps))
        else:
            settings = SyncSettings.from_time_map(time_map)
        self.settingsChanged.emit(None if settings.is_default else settings.to_json())
        self._publish()

    def _publish(self) -> None:
        time_map = self.time_map
        parts = []
        if time_map.offset_ms:
            parts.append(f"offset {time_map.offset_ms / 1000:+.1f} s")
        anchors = len(self._times.taps) or len(time_map.anchors)
        if anchors:
            parts.append(f"{anchors} sync anchor{'s' if anchors != 1 else ''}")
        self.statusChanged.emit("Sync: " + ", ".join(parts) if parts else "")
        self.timesChanged.emit(self._times)
