"""Qt fixtures: a main window driven by the deterministic fake player."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from reader.playback.fake_player import FakePlayer
from reader.qt.main_window import MainWindow


@pytest.fixture
def fake_player() -> FakePlayer:
    """Return a fake player of a 150 s video reporting its time every second, like a slow libvlc."""
    return FakePlayer(150_000, report_every_ms=1000, has_video=True)


@pytest.fixture
def window(qtbot, fake_player: FakePlayer) -> Iterator[MainWindow]:
    """Return a shown main window whose clock is the fake player's."""
    win = MainWindow(fake_player, monotonic=fake_player.clock)
    qtbot.addWidget(win)
    win.resize(1000, 700)
    win.show()
    qtbot.waitExposed(win)
    yield win
