"""The window with the Qt Multimedia player (no VLC): the sample plays with the highlight following and the
picture painted in the video area, and no banner about VLC."""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from reader.playback.player import PlayerState
from reader.qt.main_window import MainWindow

qt_player = pytest.importorskip("reader.playback.qt_player", reason="Qt Multimedia (PySide6-Addons) is missing")

WAIT_MS = 15_000


@pytest.fixture
def window(qtbot, tmp_path: Path) -> Iterator[MainWindow]:
    """Yield a shown window whose player is a headless QtPlayer, its picture placed as app.run places it."""
    player = qt_player.QtPlayer(headless=True)
    win = MainWindow(player, notes_dir=tmp_path / "user-notes",
                     settings=QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    win.video.set_view(player.video_view())
    qtbot.addWidget(win)
    win.resize(1000, 700)
    win.show()
    qtbot.waitExposed(win)
    yield win
    win.close()


def test_sample_plays_with_the_highlight_following_and_the_picture_shown(
        qtbot, window: MainWindow, sample_paths: tuple[Path, Path]) -> None:
    transcript, media = sample_paths
    window.open_transcript(transcript, media)
    qtbot.waitUntil(lambda: window.model.rowCount() > 5 and window.controller.duration() is not None,
                    timeout=WAIT_MS)
    times = window.controller.times()
    start = times.start(2)
    assert start is not None
    window.controller.seek(max(0, start - 700))  # just before turn 2 starts
    changes: list[tuple[int, float]] = []
    window.controller.activeTurnChanged.connect(lambda row: changes.append((row, time.monotonic())))
    window.controller.play()
    qtbot.waitUntil(lambda: window.controller.state() is PlayerState.PLAYING, timeout=WAIT_MS)
    qtbot.waitUntil(lambda: any(row == 2 for row, _ in changes), timeout=WAIT_MS)
    assert window.model.active_row() == 2
    view = window.controller.player.video_view()
    qtbot.waitUntil(lambda: view.isVisible() and view.frame().isValid(), timeout=WAIT_MS)
    assert window.video.isVisible()
    picture = view.grab().toImage()
    centre = picture.pixelColor(picture.width() // 2, picture.height() // 2)
    assert centre.lightness() > 20  # the sample's dark slate slide (lightness 39), not an empty area's black
    bright = sum(picture.pixelColor(x, y).lightness() > 160
                 for x in range(0, picture.width(), 4) for y in range(0, picture.height(), 4))
    assert bright > 50  # and its white clock and green name
    assert not window.banner.isVisible()
    assert window.controller.player.describe().startswith("Qt Multimedia")
