"""The screen benchmark's quick smoke: its pixel reading on made-up frames, and one tiny real run.

`bench.py --smoke` leaves the screen figures out (a real run of every configuration takes ~40 s); this
keeps them from rotting: the analysis must find a known lag in synthetic frames, and the real window under
Xvfb must give a figure for one short playback and one seek.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.benchmarks import bench_screen as bs

WIDTH, HEIGHT = 4, 40
PROBE = bs.Probe(WIDTH, [(0, 5)], stripe_x=3, stripe_top=0, stripe_bottom=HEIGHT, highlight=(48, 140, 198))


def frame(segment: int, stripe_row: int) -> bytes:
    """A 4x40 bgr0 frame: the picture's colour in column 0, the stripe in column 3 at rows of `stripe_row`."""
    out = bytearray()
    for y in range(HEIGHT):
        for x in range(WIDTH):
            if x == 0:
                r, g, b = bs.PALETTE[segment]
            elif x == 3 and stripe_row * 10 <= y < stripe_row * 10 + 10:
                r, g, b = PROBE.highlight
            else:
                r, g, b = 250, 250, 250
            out += bytes((b, g, r, 0))
    return bytes(out)


def test_measure_sync_reads_a_known_lag_and_a_missed_boundary() -> None:
    starts = [0, 1000, 2000, 3000]
    times, frames = [], []
    for i in range(150):  # 3 s at 50 fps; the picture changes at 1.0 s and 2.0 s
        t = i / 50
        segment = 0 if t < 1.0 else 1 if t < 2.0 else 2
        stripe = 0 if t < 1.06 else 1  # 60 ms late at the first boundary, never moves at the second
        times.append(100.0 + t)
        frames.append(frame(segment, stripe))
    result = bs.measure_sync(times, frames, PROBE, [1, 2], starts, 1.0)
    assert result.lags == [60.0]
    assert result.missed == [2]


def test_measure_seeks_times_the_click_to_the_target_picture() -> None:
    times = [10 + i / 50 for i in range(100)]
    frames = [frame(0 if t < 10.5 else 3, 0) for t in times]
    waits, missed = bs.measure_seeks(times, frames, PROBE, [(10.4, 3), (10.41, 5)], limit_s=1.0)
    assert waits == [100.0]
    assert missed[0]["target"] == 5


def test_segments_are_whole_frames() -> None:
    starts = bs.segment_starts_ms(bs.segment_frames(41))
    assert all(ms * bs.FPS % 1000 == 0 for ms in starts)


@pytest.mark.skipif(shutil.which("Xvfb") is None or shutil.which("ffmpeg") is None, reason="needs Xvfb and ffmpeg")
def test_a_tiny_real_run_gives_figures(tmp_path: Path) -> None:
    # In a process of its own, like the driver: nothing of libvlc, Qt or the captures stays in the test's.
    out = tmp_path / "raw.json"
    proc = subprocess.run([sys.executable, "-m", "tests.benchmarks.bench_screen", "--tiny", "--raw", str(out)],
                          capture_output=True, text=True, cwd=bs.ROOT, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    raw = json.loads(out.read_text())
    if "error" in raw and "libvlc" in raw["error"].lower() and "not" in raw["error"].lower():
        pytest.skip(raw["error"])
    assert "error" not in raw, raw.get("error")
    figures = bs.figures_from(raw, True)
    assert [f.figure for f in figures][:1] == ["highlight lag on screen, 1x, follow on (max |lag|)"]
    assert all(f.value is not None for f in figures), figures
