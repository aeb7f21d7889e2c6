"""Run the real window on an X display with real libvlc and the sample; print what was seen as JSON.

Used by test_real_window.py in a subprocess, because the test process's QApplication is offscreen.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from reader.core.sync import TurnTimeline
from reader.playback.vlc_player import VlcPlayer
from reader.qt.main_window import MainWindow


def spin(app: QApplication, seconds: float) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.002)


def main() -> int:
    transcript, media = Path(sys.argv[1]), Path(sys.argv[2])
    app = QApplication([])
    # No sound card on test machines: the video output is real (embedded in our window), the audio dummy.
    window = MainWindow(VlcPlayer(extra_args=["--aout=adummy"]))
    window.resize(1000, 600)
    window.show()
    window.open_transcript(transcript, media)
    spin(app, 0.3)
    turns = window.model.transcript.turns
    timeline = TurnTimeline(turns)
    target_row = 14
    window.controller.seek(turns[target_row].start - 1200)
    window.controller.play()
    samples = []
    deadline = time.monotonic() + 8
    while time.monotonic() < deadline and len(samples) < 40:
        spin(app, 0.1)
        active = window.controller.active_turn()
        position = window.controller.position()
        # The boundary timer fires within a couple of milliseconds of a turn's start (the screen benchmark
        # measures that lag), later on a loaded machine (a CI run on 2 busy cores saw 3 ms): a sample read
        # within a frame (40 ms) of a start may still see the turn before.
        expected = timeline.active_index(position)
        before = timeline.active_index(position - 40)
        samples.append({"position": position, "active": active,
                        "expected": before if active == before else expected})
        if position > turns[target_row].start + 1500:
            break
    video = window.video
    origin = video.mapToGlobal(video.rect().topLeft())
    shot = QGuiApplication.primaryScreen().grabWindow(0, origin.x(), origin.y(), video.width(), video.height())
    image = shot.toImage()
    colours = {image.pixelColor(x, y).name() for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
    result = {
        "platform": QGuiApplication.platformName(),
        "video_visible": video.isVisible(),
        "has_video": window.controller.player.has_video(),
        "distinct_colours_in_video": len(colours),
        "state": window.controller.state().value,
        "samples": samples,
        "highlighted_row": window.model.active_row(),
        "banner": window.banner.label.text() if window.banner.isVisible() else "",
    }
    window.close()
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
