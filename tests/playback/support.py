"""What the player tests share: media generated with ffmpeg (or Python's wave), and a listener to wait on.

Media are made once a session by the `media` fixture (tests/playback/conftest.py) and never downloaded.
"""

from __future__ import annotations

import math
import shutil
import struct
import subprocess
import threading
import time
import wave
from collections.abc import Callable
from pathlib import Path

import pytest

from reader.playback.player import PlayerListener, PlayerState

FFMPEG = shutil.which("ffmpeg")
MEDIA_S = 6
WAIT_S = 15.0  # generous: a loaded 2-core CI machine can stall a player's threads for seconds

# ffmpeg arguments for each generated format: a 64x36 test picture and/or a sine tone, MEDIA_S long.
_PICTURE = ["-f", "lavfi", "-i", f"testsrc=size=64x36:rate=25:duration={MEDIA_S}"]
_TONE = ["-f", "lavfi", "-i", f"sine=frequency=440:sample_rate=48000:duration={MEDIA_S}"]
_H264_AAC = ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest"]
FFMPEG_FORMATS = {
    "mp4": [*_PICTURE, *_TONE, *_H264_AAC],
    "webm": [*_PICTURE, *_TONE, "-c:v", "libvpx", "-deadline", "realtime", "-c:a", "libopus", "-shortest"],
    "vp9": [*_PICTURE, *_TONE, "-c:v", "libvpx-vp9", "-deadline", "realtime", "-c:a", "libopus", "-shortest"],
    "mkv": [*_PICTURE, *_TONE, *_H264_AAC],
    "av1": [*_PICTURE, *_TONE, "-c:v", "libaom-av1", "-cpu-used", "8", "-c:a", "libopus", "-shortest"],
    "mp3": [*_TONE, "-c:a", "libmp3lame"],
    "ogg": [*_TONE, "-c:a", "libopus"],
    "flac": [*_TONE, "-c:a", "flac"],
    # Longer: libvlc's first report after a position seek comes up to ~1.5 s late, and headless audio-only
    # playback ends ~1.5 s early, so a 6 s file can end before a test sees where a seek landed.
    "vorbis": ["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=20", "-c:a", "libvorbis"],
    # The index (moov) first, so that a copy cut short still plays its beginning.
    "faststart": [*_PICTURE, *_TONE, *_H264_AAC, "-movflags", "+faststart"],
    "long": ["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=12", "-c:a", "libmp3lame"],
    # Well-formed and 0 seconds long.
    "zero-mp4": ["-f", "lavfi", "-i", "sine=duration=1", "-t", "0", "-c:a", "aac"],
    "zero-wav": ["-f", "lavfi", "-i", "sine=duration=1", "-t", "0"],
}
# "ogg" is Opus in Ogg, as ffmpeg writes a .ogg by default.
FILE_NAMES = {"vorbis": "vorbis.ogg", "vp9": "vp9.webm", "av1": "av1.webm", "faststart": "faststart.mp4",
              "long": "long.mp3", "zero-mp4": "zero.mp4", "zero-wav": "zero.wav"}
HAS_VIDEO = {"wav": False, "mp3": False, "ogg": False, "vorbis": False, "flac": False, "mp4": True, "webm": True,
             "vp9": True, "mkv": True, "av1": True}
# What each format is, for reports.
CODECS = {"wav": "wav/pcm", "mp3": "mp3", "ogg": "ogg/opus", "vorbis": "ogg/vorbis", "flac": "flac",
          "mp4": "mp4/h264+aac", "webm": "webm/vp8+opus", "vp9": "webm/vp9+opus", "mkv": "mkv/h264+aac",
          "av1": "webm/av1+opus"}


def write_wav(path: Path, seconds: int = MEDIA_S, rate: int = 16000) -> None:
    """Write `seconds` of alternating 440/660 Hz tones as 16-bit mono PCM."""
    frames = bytearray()
    for i in range(seconds * rate):
        freq = 440 if (i // rate) % 2 == 0 else 660
        frames += struct.pack("<h", int(8000 * math.sin(2 * math.pi * freq * i / rate)))
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes(bytes(frames))


def make_media(folder: Path, fmt: str) -> Path:
    """Write the generated file of format `fmt` into `folder` and return its path (skips without ffmpeg)."""
    path = folder / FILE_NAMES.get(fmt, f"talk.{fmt}")
    if fmt == "wav":
        write_wav(path)
        return path
    if not FFMPEG:
        pytest.skip("ffmpeg is not installed")
    subprocess.run([FFMPEG, "-hide_banner", "-loglevel", "error", "-y", *FFMPEG_FORMATS[fmt], str(path)],
                   check=True, timeout=120)
    return path


def process_qt_events() -> None:
    """Run Qt's pending events, if Qt is running: a Qt-based player reports only from the event loop."""
    import sys

    qt = sys.modules.get("PySide6.QtCore")
    if qt is not None and qt.QCoreApplication.instance() is not None:
        qt.QCoreApplication.processEvents()


class RecordingListener(PlayerListener):
    """Records every hook call (from any thread) and lets a test wait for a condition on them.

    While it waits it runs Qt's events (`pump`), so it serves players that report from libvlc's threads and
    players that report from Qt's event loop alike.
    """

    def __init__(self, pump: Callable[[], None] = process_qt_events) -> None:
        self._cond = threading.Condition()
        self.pump = pump
        self.times: list[tuple[int, float]] = []
        self.states: list[PlayerState] = []
        self.durations: list[int] = []
        self.videos: list[bool] = []
        self.errors: list[str] = []
        self.warnings: list[str] = []

    def _record(self, into: list, value: object) -> None:
        with self._cond:
            into.append(value)
            self._cond.notify_all()

    def on_time(self, ms: int, monotonic_s: float) -> None:
        self._record(self.times, (ms, monotonic_s))

    def on_state(self, state: PlayerState) -> None:
        self._record(self.states, state)

    def on_duration(self, ms: int) -> None:
        self._record(self.durations, ms)

    def on_video(self, has_video: bool) -> None:
        self._record(self.videos, has_video)

    def on_error(self, message: str) -> None:
        self._record(self.errors, message)

    def on_warning(self, message: str) -> None:
        self._record(self.warnings, message)

    def wait(self, condition: Callable[[], object], timeout: float = WAIT_S, what: str = "") -> None:
        """Wait until `condition()` (called under the lock) is true, failing the test after `timeout`."""
        deadline = time.monotonic() + timeout
        while True:
            self.pump()  # outside the lock: the hooks it runs take it
            with self._cond:
                if condition():
                    return
                left = deadline - time.monotonic()
                if left <= 0:
                    pytest.fail(f"timed out after {timeout} s waiting for {what or condition}; "
                                f"states={self.states} times={self.times[-5:]} errors={self.errors}")
                self._cond.wait(min(left, 0.005))

    def idle(self, seconds: float) -> None:
        """Let `seconds` pass with the event loop running (waiting for nothing to happen)."""
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            self.pump()
            time.sleep(0.005)

    def mark(self) -> int:
        """Return how many time reports there are, to look only at later ones."""
        with self._cond:
            return len(self.times)

    def times_since(self, mark: int) -> list[tuple[int, float]]:
        """Return the time reports made after `mark`."""
        with self._cond:
            return list(self.times[mark:])
