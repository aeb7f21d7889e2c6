"""Run every benchmark once at tiny size so `make bench` never rots; no timing is asserted here."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.benchmarks import bench


@pytest.mark.skipif(shutil.which("ffmpeg") is None, reason="ffmpeg makes the benchmark's media")
def test_every_benchmark_produces_a_figure(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    assert bench.main(["--smoke", "--out", str(out)]) == 0
    figures = json.loads(out.read_text())["figures"]
    names = " | ".join(f["figure"] for f in figures)
    for expected in ("active-turn lookup", "event-page transcript", "through the window to rows painted",
                     "start-up to the first paint", "highlight lag", "seek", "SRT", "VTT", "paint one viewport",
                     "save 200 notes", "first save of 200 notes", "typing in the find bar", "peak memory",
                     "search keystroke"):
        assert expected in names
    for figure in figures:
        assert figure["value"] is not None and figure["value"] >= 0, figure
