"""Run the real window on an X display with libvlc and a video whose every frame has its own colour; print JSON.

Used by test_video_picture.py in a subprocess (the test process's QApplication is offscreen). Frame i of the
video is PALETTE[i % 60] (bench_screen's colours), so the colour in the middle of the video area says which
frame libvlc shows, to the frame (mod 60).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from reader.playback.player import PlayerState
from reader.playback.vlc_player import VlcPlayer
from reader.qt.main_window import MainWindow
from tests.benchmarks.bench_screen import segment_of

FRAME_MS = 40  # bench_screen.FPS = 25


def spin(app: QApplication, seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.005)


def shown_frame(window: MainWindow) -> int:
    """Return the frame (mod 60) whose colour is in the middle of the video area, or -1 (black, other)."""
    video = window.video
    centre = video.mapToGlobal(video.rect().center())
    image = QGuiApplication.primaryScreen().grabWindow(0, centre.x() - 2, centre.y() - 2, 5, 5).toImage()
    colour = image.pixelColor(2, 2)
    return segment_of((colour.red(), colour.green(), colour.blue()))


def frames_after(target_ms: int, shown: int, most: int = 6) -> bool:
    """Return whether `shown` (a frame mod 60) is the frame at `target_ms` or at most `most` frames after it.

    A paused picture is asked for REORDER_FRAMES late on an x264 file (libvlc draws 2-4 frames early
    otherwise). In 60 paused seeks to random times (a stress run) it was exact 9 times, 1 frame late 42 times,
    2-6 frames late 9 times and never early: never the turn before, which is what is checked.
    """
    return any((target_ms // FRAME_MS + k) % 60 == shown for k in range(most + 1))


def picture_at(app: QApplication, window: MainWindow, target_ms: int, seen: dict[str, object], name: str) -> None:
    """Record in `seen` the frame shown for `target_ms` and how long it took to show (up to 2.5 s).

    A loaded machine draws later: a frame read 1 s after a seek was black once in a clean-clone run.
    """
    started = time.monotonic()
    spin(app, 0.3)
    while not frames_after(target_ms, shown_frame(window)) and time.monotonic() < started + 2.5:
        spin(app, 0.1)
    seen[name] = shown_frame(window)
    seen[name + "_after_s"] = round(time.monotonic() - started, 1)


def main() -> int:
    transcript, media = Path(sys.argv[1]), Path(sys.argv[2])
    app = QApplication([])
    window = MainWindow(VlcPlayer(extra_args=["--aout=adummy"]))
    states: list[str] = []
    positions: list[int] = []
    window.controller.stateChanged.connect(lambda state: states.append(state.value))
    window.controller.positionChanged.connect(positions.append)
    window.resize(1000, 600)
    window.show()
    window.open_transcript(transcript, media)
    opened = time.monotonic()
    spin(app, 1.0)
    while shown_frame(window) == -1 and time.monotonic() < opened + 8:  # a busy machine opens the output later
        spin(app, 0.2)
    spin(app, 0.5)
    player = window.controller.player
    seen: dict[str, object] = {"start": shown_frame(window), "start_after_s": round(time.monotonic() - opened, 1),
                               "prime": [(step, round(at - opened, 2)) for step, at in player.prime_log],
                               "start_states": list(states),
                               "start_position": window.controller.position(),
                               "start_positions": sorted(set(positions))}
    before_the_end(app, window, seen, states)
    # Play to the end, then click a turn: its picture, paused, no Play needed; three times.
    for target in (12000, 4000, 8000):  # frames 300, 100, 200: 0, 40, 20
        window.controller.seek(19500)
        window.controller.play()
        ends = time.monotonic() + 6
        while window.controller.state() is not PlayerState.ENDED and time.monotonic() < ends:
            spin(app, 0.1)
        seen.setdefault("ends", []).append((target, window.controller.state().value))  # type: ignore[union-attr]
        seen["ended"] = window.controller.state().value
        window.controller.seek(target)
        picture_at(app, window, target, seen, "seek_after_end")
        seen.setdefault("after_end", []).append((target, seen["seek_after_end"]))  # type: ignore[union-attr]
        seen["seek_after_end_state"] = window.controller.state().value
        seen["seek_after_end_position"] = window.controller.position()
    window.close()
    print(json.dumps(seen))
    return 0


def before_the_end(app: QApplication, window: MainWindow, seen: dict[str, object], states: list[str]) -> None:
    """Seek before Play, play, pause, seek paused twice, full screen, detach: what each shows, into `seen`."""
    window.controller.seek(3080)  # frame 77 (17 mod 60), before Play
    picture_at(app, window, 3080, seen, "stopped_seek")
    seen["stopped_seek_position"] = window.controller.position()
    window.controller.seek(18800)  # into the last 1.2 s (an Ogg demuxer reads to the end there), then back
    spin(app, 0.5)
    window.controller.seek(4000)  # frame 100 (40): far from 470 (50) and 77 (17)
    picture_at(app, window, 4000, seen, "stopped_after_tail")
    window.controller.seek(3080)
    picture_at(app, window, 3080, seen, "stopped_seek_2")
    seen["states_before_play"] = list(states)
    window.controller.play()
    spin(app, 1.0)
    window.controller.pause()
    spin(app, 0.5)
    seen["paused_on"] = shown_frame(window)  # what the picture was before the paused seeks, if one fails
    for name, target in (("paused_seek", 11040), ("paused_seek_2", 6000)):  # frames 276 (36) and 150 (30)
        window.controller.seek(target)
        picture_at(app, window, target, seen, name)
        seen[name + "_position"] = window.controller.position()
    # A paused seek into the last 1.2 s (an Ogg demuxer reads to the end of the file there), then back.
    window.controller.seek(18800)
    spin(app, 0.5)
    window.controller.seek(4000)  # frame 100 (40): far from the frame at 18800, 470 (50)
    picture_at(app, window, 4000, seen, "paused_after_tail")
    window.controller.seek(6000)  # where the steps below expect to be
    picture_at(app, window, 6000, seen, "paused_seek_3")
    window.video_dock.toggle_full_screen()
    picture_at(app, window, 6000, seen, "full_screen")
    window.video_dock.toggle_full_screen()
    picture_at(app, window, 6000, seen, "after_full_screen")
    window.video_dock.set_detached(True)
    spin(app, 1.0)
    window.video_dock.set_detached(False)
    picture_at(app, window, 6000, seen, "after_detach")
    seen["state"] = window.controller.state().value
    seen["paused"] = window.controller.state() is PlayerState.PAUSED


if __name__ == "__main__":
    sys.exit(main())
