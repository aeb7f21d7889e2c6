"""The player used when libvlc cannot be loaded: the transcript still works, playback says why not."""

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

    def close(self) -> None:
        return


def create_player(*, headless: bool = False) -> Player:
    """Return a libvlc player, or an UnavailablePlayer explaining how to install VLC."""
    from reader.playback import vlc_player  # the only module that imports vlc; loaded only when asked

    available, message = vlc_player.vlc_status()
    if not available:
        return UnavailablePlayer(message)
    try:
        return vlc_player.VlcPlayer(headless=headless)
    except RuntimeError as exc:
        return UnavailablePlayer(str(exc))
