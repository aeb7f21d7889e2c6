"""The screen measurement of `bench_screen.py` (highlight lag and seeks, read from x11grab) with the Qt player.

Until `bench_screen` takes the player as an option, this runs its driver with `VlcPlayer` replaced by
`QtPlayer` (in the driver's own process only) and the player's picture placed as `reader.qt.app.run` places
it. Same media, transcript, runs and figures as `bench_screen`; `--smoke` for the short series.

    .venv/bin/python -m tests.benchmarks.bench_screen_qt [--smoke]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from tests.benchmarks import bench_screen as screen


def drive_with_qt(config_path: Path) -> None:
    """Run bench_screen's driver with the Qt Multimedia player; print its measurements as JSON."""
    import reader.playback.vlc_player as vlc_player
    import reader.qt.main_window as main_window
    from reader.playback.qt_player import QtPlayer

    vlc_player.VlcPlayer = lambda *args, **kwargs: QtPlayer(headless=False)  # type: ignore[assignment,misc]
    original = main_window.MainWindow.__init__

    def init(self, player, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        original(self, player, *args, **kwargs)
        view = player.video_view()
        if view is not None:
            self.video.set_view(view)

    main_window.MainWindow.__init__ = init  # type: ignore[method-assign]
    print(json.dumps(screen.drive(json.loads(config_path.read_text()))))


def run(smoke: bool, tmp: Path) -> dict:
    """Make bench_screen's media, start Xvfb, run the Qt driver in its own process; return what it measured."""
    frames = screen.segment_frames(8 if smoke else 41)
    starts = screen.segment_starts_ms(frames)
    media, ogv, transcript = tmp / "colours.mp4", tmp / "colours.ogv", tmp / "colours.vtt"
    screen.make_colour_media(media, frames)
    screen.make_colour_media(ogv, frames)
    screen.write_cues(transcript, starts)
    if smoke:
        sync_runs = [(1.0, True, 0), (2.0, False, 0), (1.0, True, 100)]
        seek_runs = [(str(media), 3.0, 2), (str(ogv), 1.0, 2)]
    else:
        sync_runs = [(1.0, True, 0), (1.0, False, 0), (2.0, True, 0), (2.0, False, 0), (1.0, True, 100)]
        seek_runs = [(str(media), 1.0, 20), (str(media), 3.0, 20), (str(ogv), 1.0, 20), (str(ogv), 3.0, 10)]
    with screen.Xvfb() as server:
        config = {"tmp": str(tmp), "starts": starts, "media": str(media), "transcript": str(transcript),
                  "display": server.display, "sync_runs": sync_runs, "seek_runs": seek_runs}
        (tmp / "screen-config.json").write_text(json.dumps(config))
        env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "WAYLAND_DISPLAY")}
        env.update(DISPLAY=server.display, QT_QPA_PLATFORM="xcb")
        proc = subprocess.run([sys.executable, "-m", "tests.benchmarks.bench_screen_qt", "--driver",
                               str(tmp / "screen-config.json")], capture_output=True, text=True, env=env,
                              cwd=screen.ROOT, timeout=900)
    if proc.returncode != 0:
        return {"error": proc.stderr[-1500:]}
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    """Driver mode (`--driver CONFIG`) or a stand-alone run printing the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--driver", type=Path)
    parser.add_argument("--smoke", action="store_true")
    args = parser.parse_args(argv)
    if args.driver:
        drive_with_qt(args.driver)
        return 0
    from tests.benchmarks.bench import print_table

    with tempfile.TemporaryDirectory() as name:
        print_table(screen.figures_from(run(args.smoke, Path(name)), args.smoke))
    return 0


if __name__ == "__main__":
    sys.exit(main())
