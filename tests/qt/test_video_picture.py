"""The video area shows a picture whenever a recording is open (libvlc, the real window under Xvfb).

libvlc draws nothing until it plays: the area was black at start until Play, and a paused seek showed a
frame 2-4 frames before the target (the end of the turn before). The video's every frame has its own colour
(see video_picture_check.py), so the test reads which frame is on the screen.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from reader.playback.vlc_player import vlc_status
from tests.benchmarks.bench_screen import Xvfb, make_colour_media, write_cues
from tests.qt.video_picture_check import frames_after

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.vlc,
    pytest.mark.skipif(shutil.which("Xvfb") is None, reason="Xvfb is needed to see the embedded video"),
    pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="ffmpeg makes the video"),
    pytest.mark.skipif(not vlc_status()[0], reason="libvlc is not installed"),
]


def said(seen: dict) -> str:
    """Return everything the check saw, whole (pytest cuts a dict's repr short), for a failure's message."""
    return json.dumps(seen)


def run_check(folder: Path, suffix: str) -> dict:
    """Run video_picture_check on a 20 s video with a colour per frame (mp4 or ogv) under Xvfb; return what it saw."""
    media, transcript = folder / f"frames{suffix}", folder / "frames.vtt"
    make_colour_media(media, [1] * 500, size=(320, 180))
    write_cues(transcript, [0, 5000, 10000, 15000, 20000])
    with Xvfb() as server:
        env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
        env.update(DISPLAY=server.display, QT_QPA_PLATFORM="xcb", XDG_CONFIG_HOME=str(folder / "config"),
                   XDG_DATA_HOME=str(folder / "data"), XDG_CACHE_HOME=str(folder / "cache"))
        result = subprocess.run([sys.executable, "-m", "tests.qt.video_picture_check",
                                 str(transcript), str(media)], capture_output=True, text=True, env=env,
                                cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def seen(tmp_path_factory: pytest.TempPathFactory) -> dict:
    return run_check(tmp_path_factory.mktemp("picture"), ".mp4")


def test_first_frame_shows_at_start_without_playing(seen: dict) -> None:
    assert seen["start"] == 0, said(seen)
    assert "playing" not in seen["start_states"], said(seen)  # the Play button must not flash to Pause
    assert seen["start_position"] == 0 and seen["start_positions"] in ([], [0]), said(seen)  # the clock stays


def test_seek_before_play_shows_the_target(seen: dict) -> None:
    assert frames_after(3080, seen["stopped_seek"]), said(seen)
    assert seen["stopped_seek_position"] == 3080, said(seen)
    assert "playing" not in seen["states_before_play"], said(seen)
    assert frames_after(4000, seen["stopped_after_tail"]), said(seen)  # after one in the last second


def test_paused_seek_shows_the_target_not_the_frames_before(seen: dict) -> None:
    assert frames_after(11040, seen["paused_seek"]), said(seen)
    assert seen["paused_seek_position"] == 11040, said(seen)
    assert frames_after(6000, seen["paused_seek_2"]), said(seen)
    assert seen["paused_seek_2_position"] == 6000, said(seen)
    assert frames_after(4000, seen["paused_after_tail"]), said(seen)  # after one in the last second


def test_picture_stays_through_full_screen_and_detaching(seen: dict) -> None:
    assert seen["paused"], said(seen)
    for name in ("full_screen", "after_full_screen", "after_detach"):
        assert frames_after(6000, seen[name]), (name, said(seen))


def test_a_seek_after_the_end_shows_the_target_paused(seen: dict) -> None:
    assert all(state == "ended" for _target, state in seen["ends"]), said(seen)
    assert all(frames_after(target, shown) for target, shown in seen["after_end"]), said(seen)
    assert seen["seek_after_end_state"] == "paused", said(seen)
    assert seen["seek_after_end_position"] == 8000, said(seen)


def test_a_seek_after_the_end_of_an_ogg_video_shows_the_target_paused(tmp_path: Path) -> None:
    # The restart after the end sought while paused, which an Ogg video does not always draw: it showed the
    # first frame or the frame it paused on (the screen benchmark's one ogv click never shown); it now starts
    # from the target.
    # (Paused seeks before the end are not checked on Ogg: libvlc drew 34 of 40 in a stress run.)
    # After a paused seek into its last second every paused seek was dropped (15 of 15 in a stress run); the
    # player now starts libvlc again from there, paused at the target.
    seen = run_check(tmp_path, ".ogv")
    assert frames_after(4000, seen["paused_after_tail"]), said(seen)
    assert frames_after(4000, seen["stopped_after_tail"]), said(seen)
    assert "playing" not in seen["states_before_play"], said(seen)
    assert all(state == "ended" for _target, state in seen["ends"]), said(seen)
    assert all(frames_after(target, shown) for target, shown in seen["after_end"]), said(seen)
    assert seen["seek_after_end_state"] == "paused", said(seen)
