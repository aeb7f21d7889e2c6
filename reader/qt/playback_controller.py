"""Turns a Player's coarse reports into a smooth clock and an active turn, on the GUI thread."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, Qt, Signal

from reader.core.media_times import MediaTimes
from reader.core.sync import PlaybackClock
from reader.playback.player import Player, PlayerListener, PlayerState
from reader.qt.timers import TimerFactory, qt_timer

UI_TICK_MS = 50  # slider and time label refresh while playing; the highlight has its own exact timer
# After a pause, the player's own position is read again once reports are believed again (see
# _on_resync_timeout), plus this margin for libvlc to have settled.
RESYNC_MARGIN_MS = 150


class PlayerBridge(QObject):
    """Re-emits a Player's hooks as Qt signals, queued to the thread this object lives in."""

    timeReported = Signal(int, float)
    stateChanged = Signal(object)
    durationChanged = Signal(int)
    videoChanged = Signal(bool)
    errorOccurred = Signal(str)
    warningRaised = Signal(str)

    class _Listener(PlayerListener):
        def __init__(self, bridge: PlayerBridge) -> None:
            self._bridge = bridge

        # These run on libvlc's threads: emitting a signal is the only thing done here.
        def on_time(self, ms: int, monotonic_s: float) -> None:
            self._bridge.timeReported.emit(ms, monotonic_s)

        def on_state(self, state: PlayerState) -> None:
            self._bridge.stateChanged.emit(state)

        def on_duration(self, ms: int) -> None:
            self._bridge.durationChanged.emit(ms)

        def on_video(self, has_video: bool) -> None:
            self._bridge.videoChanged.emit(has_video)

        def on_error(self, message: str) -> None:
            self._bridge.errorOccurred.emit(message)

        def on_warning(self, message: str) -> None:
            self._bridge.warningRaised.emit(message)

    def __init__(self, player: Player, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.listener = self._Listener(self)
        player.listener = self.listener


class PlaybackController(QObject):
    """Owns the player for the window: play, pause, seek and rate, and which turn is being spoken.

    The active turn changes exactly when the interpolated clock crosses a turn's start: a single-shot
    precise timer is armed for the next boundary whenever the clock is re-anchored (report, seek, rate).
    `errorOccurred` carries a sentence for the user about the media: playback failed (the state is then
    ERROR), or something is wrong with the file while playback goes on (a file cut short, moved away).
    `durationChanged` only ever carries a positive duration; until one comes it is unknown.
    """

    activeTurnChanged = Signal(int)
    positionChanged = Signal(int)
    stateChanged = Signal(object)
    durationChanged = Signal(int)
    videoChanged = Signal(bool)
    errorOccurred = Signal(str)
    mediaChanged = Signal(object)  # the Path just loaded: its duration is unknown until durationChanged
    noticeRaised = Signal(str)  # a passing word for the status bar (Play with no recording)

    def __init__(self, player: Player, *, monotonic: Callable[[], float] = time.monotonic,
                 timers: TimerFactory = qt_timer, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.player = player
        self._now = monotonic
        self.clock = PlaybackClock()
        self._times = MediaTimes()
        self._active = -1
        self._duration: int | None = None
        self._state = PlayerState.EMPTY
        self.media_path: Path | None = None
        self._bridge = PlayerBridge(player, self)
        queued = Qt.ConnectionType.QueuedConnection
        self._bridge.timeReported.connect(self._on_player_time, queued)
        self._bridge.stateChanged.connect(self._on_player_state, queued)
        self._bridge.durationChanged.connect(self._on_player_duration, queued)
        self._bridge.videoChanged.connect(self.videoChanged, queued)
        self._bridge.errorOccurred.connect(self.errorOccurred, queued)
        self._bridge.warningRaised.connect(self.errorOccurred, queued)
        self._boundary_timer = timers(self)
        self._boundary_timer.setSingleShot(True)
        self._boundary_timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._boundary_timer.timeout.connect(self.refresh)
        self._tick = timers(self)
        self._tick.setInterval(UI_TICK_MS)
        self._tick.timeout.connect(self._on_tick_timeout)
        self._resync_timer = timers(self)
        self._resync_timer.setSingleShot(True)
        self._resync_timer.timeout.connect(self._on_resync_timeout)

    # -- commands ---------------------------------------------------------------------------------

    def set_times(self, times: MediaTimes) -> None:
        """Follow the turns at these recording times (a new transcript, sync or recording length)."""
        self._times = times
        self._active = -2  # forces the next refresh to announce the active turn
        self.refresh()

    def times(self) -> MediaTimes:
        """Return the times the active turn is looked up in."""
        return self._times

    def load(self, path: Path) -> None:
        """Open the media file at `path`."""
        self.media_path = path
        self._duration = None
        self.clock = PlaybackClock()
        self.mediaChanged.emit(path)
        self.player.load(path)
        self.refresh()

    def play(self) -> None:
        """Start or resume playback."""
        if self._say_if_nothing_to_play():
            return
        self.player.play()

    def pause(self) -> None:
        """Pause playback."""
        self.player.pause()

    def toggle(self) -> None:
        """Play when paused, pause when playing."""
        if self._say_if_nothing_to_play():
            return
        self.player.toggle()

    def _say_if_nothing_to_play(self) -> bool:
        """Emit `noticeRaised` and return True when no recording is open (or it failed): Space must say why."""
        if self.media_path is None:
            self.noticeRaised.emit("No recording: File > Open Media… (Ctrl+Shift+O)")
            return True
        if self._state is PlayerState.ERROR:
            self.noticeRaised.emit(f"{self.media_path.name} cannot be played: File > Open Media… to choose another")
            return True
        return False

    def seek(self, ms: int) -> None:
        """Move playback to `ms`; the highlight follows at once."""
        ms = max(0, int(ms))
        if self._duration:
            ms = min(ms, self._duration)
        self.player.seek_ms(ms)
        self.clock.jump(ms, self._now())
        self.refresh()
        self.positionChanged.emit(ms)

    def skip(self, delta_ms: int) -> None:
        """Move playback by `delta_ms` (negative: back)."""
        self.seek(self.position() + delta_ms)

    def set_rate(self, rate: float) -> None:
        """Play at `rate` times normal speed."""
        self.player.set_rate(rate)
        self.clock.set_rate(rate, self._now())
        self.refresh()

    def rate(self) -> float:
        """Return the playback rate."""
        return self.clock.rate

    def position(self) -> int:
        """Return the interpolated media position in ms."""
        return self.clock.position(self._now())

    def duration(self) -> int | None:
        """Return the media duration in ms, if known."""
        return self._duration

    def state(self) -> PlayerState:
        """Return the player's last reported state."""
        return self._state

    def active_turn(self) -> int:
        """Return the index of the active turn, or -1."""
        return max(self._active, -1)

    def refresh(self) -> None:
        """Recompute the active turn from the clock and arm the timer for the next turn boundary."""
        position = self.position()
        active = self._times.row_at(position)
        if active != self._active:
            self._active = active
            self.activeTurnChanged.emit(active)
        self._arm_boundary_timer(position)

    def close(self) -> None:
        """Stop timers and release the player."""
        self._tick.stop()
        self._boundary_timer.stop()
        self.player.close()

    # -- internals --------------------------------------------------------------------------------

    def _arm_boundary_timer(self, position: int) -> None:
        self._boundary_timer.stop()
        if not self.clock.playing:
            return
        boundary = self._times.next_boundary(position)
        if boundary is None:
            return
        # ceil and at least 1 ms: firing a hair early would only re-arm, firing late is the lag we measure.
        delay = max(1, math.ceil((boundary - position) / max(self.clock.rate, 0.01)))
        self._boundary_timer.start(delay)

    def _on_player_time(self, ms: int, at_s: float) -> None:
        self.clock.observe(ms, at_s)
        self.refresh()

    def _on_player_state(self, state: PlayerState) -> None:
        self._state = state
        now = self._now()
        playing = state is PlayerState.PLAYING
        if state is PlayerState.ENDED:
            # Where the player ended: the duration, or earlier in a file whose data ran out before it.
            self.clock.jump(self.player.position_ms(), now)
        self.clock.set_playing(playing, now)
        if playing:
            self._tick.start()
        else:
            self._tick.stop()
        if state is PlayerState.PAUSED:
            self._resync_timer.start(round(self.clock.settle_remaining(now) * 1000) + RESYNC_MARGIN_MS)
        self.refresh()
        self.positionChanged.emit(self.position())
        self.stateChanged.emit(state)

    def _on_resync_timeout(self) -> None:
        # libvlc 3.0 at 3x and faster lands seconds past a seek target on files with audio and video. The
        # clock takes such reports for stale ones (queued before the seek) for a moment after a seek, so a
        # pause in that moment froze the highlight behind the audio. Paused, the player's position is
        # final: believe it when it is that far off.
        if self._state is not PlayerState.PAUSED:
            return
        reported, now = self.player.position_ms(), self._now()
        if abs(reported - self.clock.position(now)) > self.clock.stale_report_ms:
            self.clock.jump(reported, now)
            self.refresh()
            self.positionChanged.emit(self.position())

    def _on_player_duration(self, ms: int) -> None:
        if ms <= 0:  # "0 or -1: unknown", as libvlc says of streams and of empty files
            return
        self._duration = ms
        self.durationChanged.emit(ms)

    def _on_tick_timeout(self) -> None:
        self.refresh()
        self.positionChanged.emit(self.position())
