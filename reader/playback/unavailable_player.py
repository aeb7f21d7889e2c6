"""The player used when neither libvlc nor Qt Multimedia loads: the transcript still works, playback says why not."""

from __future__ import annotations

from pathlib import Path

from reader.playback.player import Player, PlayerState


class UnavailablePlayer(Player):
    """Refuses to play and reports `reason` (how to install VLC) whenever media is loaded."""

    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason
        self._rate = 1.0

    def load(self, path: Path) -> None:
        self.listener.on_state(PlayerState.ERROR)
        self.listener.on_error(self.reason)

    def play(self) -> None:
        self.listener.on_error(self.reason)

    def pause(self) -> None:
        return

    def seek_ms(self, ms: int) -> None:
        return

    def set_rate(self, rate: float) -> None:
        self._rate = rate

    def rate(self) -> float:
        return self._rate

    def position_ms(self) -> int:
        return 0

    def duration_ms(self) -> int | None:
        return None

    def state(self) -> PlayerState:
        return PlayerState.ERROR

    def error(self) -> str | None:
        return self.reason

    def has_video(self) -> bool:
        return False

    def describe(self) -> str:
        """Return what the window shows as the player: none."""
        return "No media player"

    def close(self) -> None:
        return

