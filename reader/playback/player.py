"""The Player interface: our shape for media playback, not any backend's."""

from __future__ import annotations

import enum
from abc import ABC, abstractmethod
from pathlib import Path


class PlayerState(enum.Enum):
    """Where a player is in its life."""

    EMPTY = "empty"
    STOPPED = "stopped"
    PLAYING = "playing"
    PAUSED = "paused"
    ENDED = "ended"
    ERROR = "error"


class PlayerListener:
    """Hooks a player calls when something happens.

    Hooks may run on a backend thread (libvlc calls them from its own threads), so an implementation
    must only record or forward what it is given; the Qt bridge re-emits each hook as a queued signal.
    """

    def on_time(self, ms: int, monotonic_s: float) -> None:
        """The media clock reported `ms` at `monotonic_s` (time.monotonic() of that instant)."""

    def on_state(self, state: PlayerState) -> None:
        """The player entered `state`."""

    def on_duration(self, ms: int) -> None:
        """The media's duration became known (or changed)."""

    def on_video(self, has_video: bool) -> None:
        """The media turned out to have (or not have) a picture."""

    def on_error(self, message: str) -> None:
        """Playback failed; `message` is a sentence a user can read."""

    def on_warning(self, message: str) -> None:
        """Something is wrong with the media but playback goes on; `message` is a sentence a user can read."""


class Player(ABC):
    """Plays one media file at a time; every time is an integer in milliseconds."""

    def __init__(self) -> None:
        self.listener: PlayerListener = PlayerListener()

    @abstractmethod
    def load(self, path: Path) -> None:
        """Open `path`, ready to play from 0; failures are reported through on_error."""

    @abstractmethod
    def play(self) -> None:
        """Start or resume playback (from the start again after the end)."""

    @abstractmethod
    def pause(self) -> None:
        """Pause playback, keeping the position."""

    def toggle(self) -> None:
        """Pause when playing, play otherwise."""
        if self.state() is PlayerState.PLAYING:
            self.pause()
        else:
            self.play()

    @abstractmethod
    def seek_ms(self, ms: int) -> None:
        """Move the playback position to `ms`, keeping the playing/paused state."""

    @abstractmethod
    def set_rate(self, rate: float) -> None:
        """Play at `rate` times normal speed."""

    @abstractmethod
    def rate(self) -> float:
        """Return the playback rate."""

    @abstractmethod
    def position_ms(self) -> int:
        """Return the position the backend reports now (coarse: see reader.core.sync.PlaybackClock)."""

    @abstractmethod
    def duration_ms(self) -> int | None:
        """Return the media's duration, or None while unknown."""

    @abstractmethod
    def state(self) -> PlayerState:
        """Return the current state."""

    @abstractmethod
    def error(self) -> str | None:
        """Return the last error message, or None."""

    @abstractmethod
    def has_video(self) -> bool:
        """Return whether the loaded media shows a picture."""

    def set_video_output(self, handle: int, system: str) -> None:  # noqa: B027 - optional hook
        """Draw video into the native window `handle` ("x11", "windows" or "cocoa"); default: no video."""

    def video_view(self) -> object | None:
        """Return a widget of the window's toolkit that shows the picture itself, or None (see set_video_output).

        A player that paints its own picture (QtPlayer: a QWidget) returns the same widget on every call; the
        window places it in its video area. Players drawing into a native window return None.
        """
        return None

    def describe(self) -> str:
        """Return the player's name and version for the user ("VLC 3.0.21", "Qt Multimedia 6.11.3 (FFmpeg)")."""
        return type(self).__name__

    @abstractmethod
    def close(self) -> None:
        """Release the backend; the player cannot be used afterwards."""
