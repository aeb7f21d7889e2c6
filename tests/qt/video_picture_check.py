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
    window.controller.seek(3080)  # frame 77 (17 mod 60), before Play
    spin(app, 1.0)
    seen["stopped_seek"] = shown_frame(window)
    seen["stopped_seek_position"] = window.controller.position()
    seen["states_before_play"] = list(states)
    window.controller.play()
    spin(app, 1.0)
    window.controller.pause()
    spin(app, 0.5)
    seen["paused_on"] = shown_frame(window)  # what the picture was before the paused seeks, if one fails
    for name, target in (("paused_seek", 11040), ("paused_seek_2", 6000)):  # frames 276 (36) and 150 (30)
        window.controller.seek(target)
        spin(app, 1.0)
        seen[name] = shown_frame(window)
        seen[name + "_position"] = window.controller.position()
    window.video_dock.toggle_full_screen()
    spin(app, 1.0)
    seen["full_screen"] = shown_frame(window)
    window.video_dock.toggle_full_screen()
    spin(app, 1.0)
    seen["after_full_screen"] = shown_frame(window)
    window.video_dock.set_detached(True)
    spin(app, 1.0)
    window.video_dock.set_detached(False)
    spin(app, 1.0)
    seen["after_detach"] = shown_frame(window)
    seen["state"] = window.controller.state().value
    seen["paused"] = window.controller.state() is PlayerState.PAUSED
    window.controller.seek(19500)  # play to the end, then click a turn: its picture, paused, no Play needed
    window.controller.play()
    ends = time.monotonic() + 6
    while window.controller.state() is not PlayerState.ENDED and time.monotonic() < ends:
        spin(app, 0.1)
    seen["ended"] = window.controller.state().value
    window.controller.seek(8000)  # frame 200 (20)
    spin(app, 1.0)
    seen["seek_after_end"] = shown_frame(window)
    seen["seek_after_end_state"] = window.controller.state().value
    seen["seek_after_end_position"] = window.controller.position()
    window.close()
    print(json.dumps(seen))
    return 0


if __name__ == "__main__":
    sys.exit(main())
