"""A deterministic player for logic tests: its clock moves only when the test says so."""

from __future__ import annotations

from pathlib import Path

from reader.playback.player import Player, PlayerState


class FakeClock:
    """A monotonic clock in seconds that a test advances by hand."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now_s = start

    def __call__(self) -> float:
        return self.now_s


class FakePlayer(Player):
    """Plays an imaginary medium of `duration_ms`, reporting time every `report_every_ms` of media.

    Like libvlc, it reports its position coarsely (every `report_every_ms` of media), so code that
    interpolates between reports is exercised by the logic tests.
    """

    def __init__(self, duration_ms: int = 180_000, *, report_every_ms: int = 250,
                 has_video: bool = False, clock: FakeClock | None = None) -> None:
        super().__init__()
        self.clock = clock or FakeClock()
        self.report_every_ms = report_every_ms
        self._duration = duration_ms
        self._video = has_video
        self._state = PlayerState.EMPTY
        self._pos = 0.0
        self._reported = 0
        self._rate = 1.0
        self._error: str | None = None
        self.path: Path | None = None
        self.seeks: list[int] = []
        self.fail_with: str | None = None
        self.land_past_ms = 0  # seeks land this far past their target, as libvlc 3.0's do at high rates

    def load(self, path: Path) -> None:
        self.path = Path(path)
        self._pos = 0.0
        self._reported = 0
        if self.fail_with:
            self._error = self.fail_with
            self._set_state(PlayerState.ERROR)
            self.listener.on_error(self.fail_with)
            return
        self._error = None
        self._set_state(PlayerState.STOPPED)
        self.listener.on_duration(self._duration)
        self.listener.on_video(self._video)

    def play(self) -> None:
        if self._state in (PlayerState.EMPTY, PlayerState.ERROR):
            return
        if self._state is PlayerState.ENDED:
            self._pos = 0.0
        self._set_state(PlayerState.PLAYING)
        self._report()

    def pause(self) -> None:
        if self._state is PlayerState.PLAYING:
            self._set_state(PlayerState.PAUSED)

    def seek_ms(self, ms: int) -> None:
        self.seeks.append(ms)
        self._pos = float(max(0, min(ms + self.land_past_ms, self._duration)))
        if self._state is PlayerState.ENDED:
            self._set_state(PlayerState.PAUSED)
        self._report()

    def set_rate(self, rate: float) -> None:
        self._rate = rate

    def rate(self) -> float:
        return self._rate

    def position_ms(self) -> int:
        return self._reported

    def duration_ms(self) -> int | None:
        return self._duration

    def state(self) -> PlayerState:
        return self._state

    def error(self) -> str | None:
        return self._error

    def has_video(self) -> bool:
        return self._video

    def close(self) -> None:
        self._state = PlayerState.EMPTY

    def true_position_ms(self) -> float:
        """Return where the imaginary medium really is (the truth a test compares against)."""
        return self._pos

    def advance(self, ms: float) -> None:
        """Let `ms` of wall-clock time pass, reporting the position the way libvlc would."""
        step = 5.0
        left = float(ms)
        while left > 0:
            dt = min(step, left)
            left -= dt
            self.clock.now_s += dt / 1000.0
            if self._state is not PlayerState.PLAYING:
                continue
            self._pos += dt * self._rate
            if self._pos >= self._duration:
                self._pos = float(self._duration)
                self._report()
                self._set_state(PlayerState.ENDED)
                continue
            if self._pos - self._reported >= self.report_every_ms:
                self._report()

    def _report(self) -> None:
        self._reported = int(self._pos)
        self.listener.on_time(self._reported, self.clock())

    def _set_state(self, state: PlayerState) -> None:
        if state is not self._state:
            self._state = state
            self.listener.on_state(state)
