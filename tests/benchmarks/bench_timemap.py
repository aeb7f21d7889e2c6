"""Time-map speed: one lookup per turn boundary and seek must stay far below a frame, even at 50k anchors.

Run `python -m tests.benchmarks.bench_timemap [N]`; prints the figures, asserts nothing (noisy machines).
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from collections.abc import Callable

from reader.core.timemap import TimeMap, estimate_times, text_clock
from reader.core.transcript import Turn


def _median_us(fn: Callable[[int], int], probes: list[int], repeat: int = 5) -> float:
    """Return the median over `repeat` runs of the time per call of `fn` on `probes`, in µs."""
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        for probe in probes:
            fn(probe)
        runs.append((time.perf_counter() - start) / len(probes) * 1e6)
    return statistics.median(runs)


def bench_timemap(n: int = 50_000) -> dict[str, float]:
    """Return µs per to_media / to_transcript at `n` anchors, and ms to estimate `n` turns (clock apart)."""
    rng = random.Random(7)
    anchors, t, m = [], 0, 5000
    for _ in range(n):
        t += rng.randint(500, 5000)
        m += rng.randint(400, 6000)  # slopes from 0.08 to 12: the map's worst shape, not a realistic one
        anchors.append((t, m))
    start = time.perf_counter()
    tm = TimeMap(250, anchors)
    build_ms = (time.perf_counter() - start) * 1000
    probes = [rng.randrange(-10_000, t + 10_000) for _ in range(20_000)]
    turns = [Turn(index=i, start=None if i % 10 else i * 3000, speaker="A", text="word " * rng.randint(3, 60))
             for i in range(n)]
    start = time.perf_counter()
    clock = text_clock(turns)
    clock_ms = (time.perf_counter() - start) * 1000
    start = time.perf_counter()
    estimate_times(turns, n * 3000, {n // 2: n * 1500}, time_map=tm, clock=clock)
    estimate_ms = (time.perf_counter() - start) * 1000
    return {
        "anchors": n,
        "build_ms": round(build_ms, 2),
        "to_media_us": round(_median_us(tm.to_media, probes), 3),
        "to_transcript_us": round(_median_us(tm.to_transcript, probes), 3),
        "text_clock_ms": round(clock_ms, 1),
        "estimate_times_ms": round(estimate_ms, 1),
    }


if __name__ == "__main__":
    print(bench_timemap(int(sys.argv[1]) if len(sys.argv) > 1 else 50_000))
