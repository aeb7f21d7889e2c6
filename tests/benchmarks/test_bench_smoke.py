"""Run every benchmark once at tiny size so `make bench` never rots; no timing is asserted here."""

from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="ffmpeg makes the benchmark's media")
def test_every_benchmark_produces_a_figure(tmp_path: Path) -> None:
    # In its own interpreter, as `make bench` runs it: the benchmarks leave players, windows and worker
    # processes behind, and a native crash while those are torn down (seen in the test process, after the
    # figures were written) must not take the whole suite with it. A crash before the figures fails here.
    out = tmp_path / "results.json"
    result = subprocess.run([sys.executable, "-m", "tests.benchmarks.bench", "--smoke", "--out", str(out)],
                            capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert out.exists(), f"exit status {result.returncode}: {result.stderr[-3000:]}"
    assert result.returncode in (0, -signal.SIGSEGV), result.stderr[-3000:]
    figures = json.loads(out.read_text())["figures"]
    names = " | ".join(f["figure"] for f in figures)
    for expected in ("active-turn lookup", "event-page transcript", "through the window to rows painted",
                     "start-up to the first paint", "highlight lag", "seek", "SRT", "VTT", "paint one viewport",
                     "save 200 notes", "first save of 200 notes", "typing in the find bar", "peak memory",
                     "search keystroke"):
        assert expected in names
    for figure in figures:
        assert figure["value"] is not None and figure["value"] >= 0, figure
