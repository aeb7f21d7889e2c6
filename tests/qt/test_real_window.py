"""The real thing: the window on an X server (Xvfb), real libvlc embedding the sample video."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from reader.playback.vlc_player import vlc_status

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.vlc,
    pytest.mark.skipif(shutil.which("Xvfb") is None, reason="Xvfb is needed for the embedded-video test"),
    pytest.mark.skipif(not vlc_status()[0], reason="libvlc is not installed"),
]


@pytest.fixture(scope="module")
def display() -> Iterator[str]:
    """Start a private Xvfb server and return its DISPLAY."""
    for number in range(140, 199):
        if not Path(f"/tmp/.X11-unix/X{number}").exists() and not Path(f"/tmp/.X{number}-lock").exists():
            break
    server = subprocess.Popen(["Xvfb", f":{number}", "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 10
    while not Path(f"/tmp/.X11-unix/X{number}").exists():
        if time.monotonic() > deadline or server.poll() is not None:
            server.kill()
            pytest.fail("Xvfb did not start")
        time.sleep(0.05)
    yield f":{number}"
    server.terminate()
    server.wait(5)


def test_sample_plays_embedded_and_the_highlight_agrees(display: str, sample_paths: tuple[Path, Path]) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
    env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb")
    result = subprocess.run([sys.executable, str(Path(__file__).with_name("real_window_check.py")),
                             *map(str, sample_paths)], capture_output=True, text=True, env=env, cwd=ROOT,
                            timeout=90)
    assert result.returncode == 0, result.stderr[-2000:]
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["platform"] == "xcb"
    assert seen["banner"] == ""
    assert seen["has_video"] and seen["video_visible"]
    assert seen["distinct_colours_in_video"] > 3, "libvlc drew nothing into the embedded window"
    samples = seen["samples"]
    assert samples[-1]["position"] > samples[0]["position"] + 1500, samples  # it played
    assert {s["active"] for s in samples} >= {13, 14}  # crossed the boundary into turn 14
    for sample in samples:
        assert sample["active"] == sample["expected"], sample
