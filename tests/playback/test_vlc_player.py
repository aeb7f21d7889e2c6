"""What is VlcPlayer's own, against real libvlc, headless: its instance options, a missing libvlc, video outputs.

Everything a player must do (formats, report spacing, pauses, seeks, rates, the end, faults, the clock) is
in test_player_contract.py, which runs on libvlc and on Qt Multimedia alike.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from reader.playback.vlc_player import VlcPlayer, instance_args, vlc_status
from tests.playback.support import FFMPEG, RecordingListener

pytestmark = pytest.mark.vlc

VLC_OK, VLC_MESSAGE = vlc_status()
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def player() -> Iterator[VlcPlayer]:
    """Yield a headless VlcPlayer whose listener is a RecordingListener."""
    if not VLC_OK:
        pytest.skip(VLC_MESSAGE)
    p = VlcPlayer(headless=True)
    p.listener = RecordingListener()
    yield p
    p.close()


def rec(player: VlcPlayer) -> RecordingListener:
    """Return the player's recording listener."""
    listener = player.listener
    assert isinstance(listener, RecordingListener)
    return listener


def play_until(player: VlcPlayer, ms: int) -> None:
    """Play from the current state until libvlc reports a time of at least `ms`."""
    listener = rec(player)
    since = listener.mark()
    player.play()
    listener.wait(lambda: any(t >= ms for t, _at in listener.times[since:]), what=f"a time report >= {ms}")


# --- without libvlc -------------------------------------------------------------------------------------


def test_instance_args_without_display_use_dummy_video(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    args = instance_args(headless=False)
    if sys.platform.startswith("linux"):
        assert "--vout=dummy" in args
    assert "--aout=adummy" not in args
    assert {"--vout=dummy", "--aout=adummy", "--no-spu", "--quiet"} <= set(instance_args(headless=True))


def test_missing_libvlc_is_reported_not_raised_at_import() -> None:
    code = (
        "from reader.playback.vlc_player import VlcPlayer, vlc_status\n"
        "ok, message = vlc_status()\n"
        "print(ok)\n"
        "print(message)\n"
        "try:\n"
        "    VlcPlayer(headless=True)\n"
        "except RuntimeError as exc:\n"
        "    print('RuntimeError', exc)\n"
    )
    env = dict(os.environ, PYTHON_VLC_LIB_PATH="/nonexistent/libvlc.so.5")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "False"
    assert "Install VLC" in lines[1]
    assert lines[-1].startswith("RuntimeError") and "Install VLC" in lines[-1]


# --- with libvlc ----------------------------------------------------------------------------------------


def test_unknown_option_raises_a_clear_error() -> None:
    if not VLC_OK:
        pytest.skip(VLC_MESSAGE)
    with pytest.raises(RuntimeError, match="--no-such-option"):
        VlcPlayer(headless=True, extra_args=["--no-such-option"])


def test_video_output_can_be_set_before_and_after_load(player: VlcPlayer, media: Callable[[str], Path]) -> None:
    player.set_video_output(0, "x11")  # 0: no window of ours (headless uses the dummy output anyway)
    player.load(media("mp4" if FFMPEG else "wav"))
    player.set_video_output(0, "x11")
    with pytest.raises(ValueError, match="wayland"):
        player.set_video_output(0, "wayland")
    play_until(player, 300)
