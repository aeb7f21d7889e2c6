"""Both players' clocks, per container: how often each reports its position, and how far the app's clock is off.

For each player (libvlc, Qt Multimedia) and each generated file (tests/playback/support.py: mp4/h264+aac,
webm/vp9+opus, webm/vp8+opus, webm/av1+opus, mkv/h264+aac, ogg/vorbis, ogg/opus, mp3, wav, flac), headless,
at rate 1.0:
play from the start and, every 20 ms until 1.3 s before the end, compare with the truth (the wall clock since
the first report that moved, `truth = ms0 + (t - t0)`) both the last reported position (naive: what a player
polled on a timer shows) and `core.sync.PlaybackClock` fed with every report (ours). The report interval is
the wall time between reports that moved. A file a player cannot play is a figure with no value and the
error in its note, and a warning (the Qt player's for a picture it cannot decode, AV1) is in the note:
that is how the formats the Qt backend lacks are found.

Run `python -m tests.benchmarks.bench_players [--smoke]`; `bench.py` calls `run_players()`.
"""

from __future__ import annotations

import argparse
import itertools
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from tests.benchmarks.bench import Figure, percentile, print_table

FORMATS = ("mp4", "vp9", "webm", "av1", "mkv", "vorbis", "ogg", "mp3", "wav", "flac")
STOP_BEFORE_END_MS = 1300  # headless audio-only playback with libvlc ends early
SAMPLE_EVERY_S = 0.02


def _players() -> dict[str, Callable[[], object] | str]:
    """Return a maker for each player that works here, or the reason it does not."""
    from reader.playback import backends

    players: dict[str, Callable[[], object] | str] = {}
    for name, label in (("vlc", "libvlc"), ("qt", "Qt Multimedia")):
        try:
            backends.MAKERS[name](headless=True).close()
        except RuntimeError as exc:
            players[label] = str(exc)
        else:
            players[label] = lambda name=name: backends.MAKERS[name](headless=True)
    return players


def measure(make: Callable[[], object], path: Path, timeout_s: float = 30.0) -> dict:
    """Play `path` with a new player and return its report intervals and clock errors (or its error)."""
    from PySide6.QtCore import QCoreApplication

    from reader.core.sync import PlaybackClock
    from reader.playback.player import PlayerListener, PlayerState

    clock = PlaybackClock()
    reports: list[tuple[int, float]] = []
    errors: list[str] = []
    warnings: list[str] = []  # the Qt player's "no picture" for AV1, for one

    class Listener(PlayerListener):
        # libvlc calls these on its threads; appends and the clock's few assignments are safe enough here.
        def on_time(self, ms: int, monotonic_s: float) -> None:
            clock.observe(ms, monotonic_s)
            reports.append((ms, monotonic_s))

        def on_state(self, state: PlayerState) -> None:
            clock.set_playing(state is PlayerState.PLAYING, time.monotonic())

        def on_error(self, message: str) -> None:
            errors.append(message)

        def on_warning(self, message: str) -> None:
            warnings.append(message)

    player = make()
    player.listener = Listener()  # type: ignore[attr-defined]
    ours: list[float] = []
    naive: list[float] = []
    try:
        player.load(path)  # type: ignore[attr-defined]
        player.play()  # type: ignore[attr-defined]
        deadline = time.monotonic() + timeout_s
        anchor: tuple[int, float] | None = None
        while time.monotonic() < deadline and not errors:
            QCoreApplication.processEvents()  # Qt's player reports from the event loop, libvlc's from threads
            now = time.monotonic()
            if anchor is None:
                anchor = next(((ms, at) for ms, at in reports if ms > 0), None)
            duration = player.duration_ms()  # type: ignore[attr-defined]
            if anchor is not None and duration:
                truth = anchor[0] + (now - anchor[1]) * 1000
                if truth >= duration - STOP_BEFORE_END_MS or player.state() is not PlayerState.PLAYING:  # type: ignore[attr-defined]
                    break
                ours.append(abs(clock.position(now) - truth))
                naive.append(abs(reports[-1][0] - truth))
            time.sleep(SAMPLE_EVERY_S)
    finally:
        player.close()  # type: ignore[attr-defined]
    if errors or not ours:
        return {"error": errors[0] if errors else "no position was reported"}
    moved = [reports[0]] + [b for a, b in itertools.pairwise(reports) if b[0] != a[0]]
    intervals = [(b[1] - a[1]) * 1000 for a, b in itertools.pairwise(moved) if a[0] > 0]
    return {"interval_median": statistics.median(intervals), "interval_p95": percentile(intervals, 95),
            "ours_p95": percentile(ours, 95), "ours_max": max(ours), "naive_p95": percentile(naive, 95),
            "naive_median": statistics.median(naive), "samples": len(ours), "warnings": warnings}


def run_players(smoke: bool, tmp: Path) -> list[Figure]:
    """Return, per player and container, the clock error (ours vs the last report) and the report interval."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from tests.playback.support import CODECS, FFMPEG, make_media

    if FFMPEG is None:
        return [Figure("player clock error", None, "ms", note="ffmpeg is not installed: no media to play")]
    QApplication.instance() or QApplication([])
    figures: list[Figure] = []
    for label, make in _players().items():
        if isinstance(make, str):
            figures.append(Figure(f"clock error, {label}", None, "ms", note=make))
            continue
        for fmt in FORMATS[:1] if smoke else FORMATS:
            path = make_media(tmp, fmt)
            result = measure(make, path)
            name = f"{label}, {CODECS[fmt]}"
            if "error" in result:
                figures.append(Figure(f"clock error, {name}", None, "ms", note=f"does not play: {result['error']}"))
                continue
            figures.append(Figure(
                f"clock error, {name} (p95 |ours - wall|)", round(result["ours_p95"], 1), "ms",
                round(result["naive_p95"], 1), "last report",
                round(result["naive_p95"] / max(result["ours_p95"], 1), 1),
                "p95 ≤ 40 ms", result["ours_p95"] <= 40,
                f"{result['samples']} samples every 20 ms; ours max {result['ours_max']:.1f} ms; last report median "
                f"{result['naive_median']:.1f} ms; ratio = last report / ours (ours floored at 1 ms)"
                + "".join(f"; warned: {w}" for w in result["warnings"])))
            figures.append(Figure(
                f"report interval, {name} (median)", round(result["interval_median"], 1), "ms",
                note=f"p95 {result['interval_p95']:.1f} ms, wall time between reports that moved"))
    return figures


def main(argv: list[str] | None = None) -> int:
    """Print the players' figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--smoke", action="store_true", help="one container, for make test")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as name:
        print_table(run_players(args.smoke, Path(name)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
