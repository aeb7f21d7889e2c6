"""Qt fixtures: a main window driven by the deterministic fake player."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from reader.playback.fake_player import FakePlayer
from reader.qt.main_window import MainWindow


@pytest.fixture
def fake_player() -> FakePlayer:
    """Return a fake player of a 150 s video reporting its time every second, like a slow libvlc."""
    return FakePlayer(150_000, report_every_ms=1000, has_video=True)


@pytest.fixture
def sample_paths(tmp_path: Path) -> tuple[Path, Path]:
    """Return a private copy of the sample's transcript and its recording (notes get written beside it)."""
    source = Path(__file__).resolve().parents[2] / "resources" / "sample"
    folder = tmp_path / "sample"
    folder.mkdir()
    shutil.copy(source / "talk.txt", folder / "talk.txt")
    (folder / "talk.mp4").symlink_to(source / "talk.mp4")
    return folder / "talk.txt", folder / "talk.mp4"


@pytest.fixture
def window(qtbot, fake_player: FakePlayer, tmp_path: Path) -> Iterator[MainWindow]:
    """Return a shown main window whose clock is the fake player's."""
    win = MainWindow(fake_player, monotonic=fake_player.clock, notes_dir=tmp_path / "user-notes",
                     settings=QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(win)
    win.resize(1000, 700)
    win.show()
    qtbot.waitExposed(win)
    yield win
