"""Which player plays: the order tried, the fallback, and reading mode when neither loads (no Qt needed)."""

from __future__ import annotations

import pytest

from reader.playback import backends
from reader.playback.fake_player import FakePlayer
from reader.playback.player import Player
from reader.playback.unavailable_player import UnavailablePlayer


def test_order_is_vlc_then_qt_unless_one_is_asked_for() -> None:
    assert backends.player_order(None) == ["vlc", "qt"]
    assert backends.player_order("auto") == ["vlc", "qt"]
    assert backends.player_order("nonsense") == ["vlc", "qt"]  # a hand-edited setting never stops playback
    assert backends.player_order("qt") == ["qt", "vlc"]
    assert backends.player_order(" VLC ") == ["vlc", "qt"]


def _makers(monkeypatch: pytest.MonkeyPatch, **works: bool) -> list[str]:
    """Replace the makers: each named one fails (False) or gives a FakePlayer (True); return the calls made."""
    tried: list[str] = []

    def maker(name: str):
        def make(*, headless: bool) -> Player:
            tried.append(name)
            if not works[name]:
                raise RuntimeError(f"{name} is missing. Install {name}.")
            player = FakePlayer()
            player.made_by = name  # type: ignore[attr-defined]
            return player
        return make

    monkeypatch.setattr(backends, "MAKERS", {name: maker(name) for name in works})
    return tried


def test_vlc_first_then_qt_when_vlc_does_not_load(monkeypatch: pytest.MonkeyPatch) -> None:
    tried = _makers(monkeypatch, vlc=False, qt=True)
    player = backends.create_player()
    assert player.made_by == "qt" and tried == ["vlc", "qt"]  # type: ignore[attr-defined]
    assert player.error() is None  # no "install VLC" banner when Qt Multimedia plays


def test_a_preference_is_tried_first_and_falls_back(monkeypatch: pytest.MonkeyPatch) -> None:
    tried = _makers(monkeypatch, vlc=True, qt=True)
    assert backends.create_player("qt").made_by == "qt"  # type: ignore[attr-defined]
    assert tried == ["qt"]
    tried = _makers(monkeypatch, vlc=True, qt=False)
    assert backends.create_player("qt").made_by == "vlc"  # type: ignore[attr-defined]
    assert tried == ["qt", "vlc"]


def test_reading_mode_when_neither_loads_says_how_to_install_vlc(monkeypatch: pytest.MonkeyPatch) -> None:
    _makers(monkeypatch, vlc=False, qt=False)
    player = backends.create_player("qt")
    assert isinstance(player, UnavailablePlayer)
    message = player.error() or ""
    assert message.startswith("vlc is missing. Install vlc.")  # VLC's own advice first, whichever was asked for
    assert "qt is missing" in message
    assert player.describe() == "No media player"
