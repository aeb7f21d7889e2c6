"""What only the Qt Multimedia player does (the shared contract is in test_player_contract.py)."""

from __future__ import annotations

import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from reader.playback.player import PlayerState
from tests.playback.support import FFMPEG, RecordingListener

qt_player = pytest.importorskip("reader.playback.qt_player", reason="Qt Multimedia (PySide6-Addons) is missing")


@pytest.fixture
def player(qapp) -> Iterator[qt_player.QtPlayer]:
    """Yield a headless QtPlayer whose listener is a RecordingListener."""
    p = qt_player.QtPlayer(headless=True)
    p.listener = RecordingListener()
    yield p
    p.close()


def test_describes_itself_with_qt_and_the_backend(player: qt_player.QtPlayer) -> None:
    assert player.describe().startswith("Qt Multimedia 6.") and player.describe().endswith("(FFmpeg)")


def test_av1_video_plays_its_sound_and_says_the_picture_needs_vlc(player: qt_player.QtPlayer,
                                                                   media: Callable[[str], Path]) -> None:
    """PySide6's FFmpeg has no software AV1 decoder: Qt plays the sound and shows nothing, silently."""
    encoders = subprocess.run([FFMPEG or "ffmpeg", "-hide_banner", "-encoders"], capture_output=True, text=True,
                              check=False).stdout if FFMPEG else ""
    if "libaom-av1" not in encoders:
        pytest.skip("ffmpeg cannot encode AV1 here")
    listener = player.listener
    assert isinstance(listener, RecordingListener)
    player.load(media("av1"))
    player.play()
    listener.wait(lambda: listener.warnings, what="a warning about the picture")
    assert listener.warnings == [
        "av1.webm: the built-in player cannot show this video's picture (AV1); the sound plays. With VLC "
        "installed, the picture shows too."]
    assert player.state() is PlayerState.PLAYING and not listener.errors


def test_video_view_is_one_widget_and_none_after_close(player: qt_player.QtPlayer) -> None:
    view = player.video_view()
    assert view is not None and player.video_view() is view
    player.close()
    assert player.video_view() is None
    view.deleteLater()


def test_a_native_window_is_ignored(player: qt_player.QtPlayer, media: Callable[[str], Path]) -> None:
    player.set_video_output(0, "x11")  # the window hands it one when it runs on X11: harmless here
    player.load(media("wav"))
    assert player.state() is PlayerState.STOPPED
