"""Media faults in the real window with each real player, libvlc and Qt Multimedia (headless): each names the
file and says what is wrong, and the transcript stays usable (turns shown, click and keys move the highlight,
a note is saved).

The recordings are generated with ffmpeg, then broken: cut to 30% or to their header, replaced by seeded
random bytes, a text, a PDF or a web page under a media name, made 0 seconds long, deleted or renamed while
playing. Every test fails on an exception in a Qt slot (pytest-qt), on a logged error (a listener hook that
raised inside a libvlc callback is logged, not raised) and on a Python traceback or warning on stderr.
"""

from __future__ import annotations

import json
import logging
import os
import random
import shutil
import subprocess
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtWidgets import QApplication

from reader.playback.fake_player import FakePlayer
from reader.playback.player import Player, PlayerState
from reader.playback.vlc_player import VlcPlayer, vlc_status
from reader.qt.main_window import MainWindow

FFMPEG = shutil.which("ffmpeg")

pytestmark = [
    pytest.mark.skipif(FFMPEG is None, reason="ffmpeg makes the recordings"),
    pytest.mark.filterwarnings("error"),
]

TURNS = 6  # one a second, over the first 6 s: the recordings below are 4-8 s long
WAIT_MS = 10_000  # generous: a loaded 2-core machine can stall libvlc's threads for seconds
_TONE = ["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration={s}"]
_PICTURE = ["-f", "lavfi", "-i", "testsrc=size=64x36:rate=25:duration={s}"]
_H264 = ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p", "-c:a", "aac", "-shortest"]
RECORDINGS = {
    "talk.mp4": [*_PICTURE, *_TONE, *_H264],  # ffmpeg writes the index (moov) at the end
    "faststart.mp4": [*_PICTURE, *_TONE, *_H264, "-movflags", "+faststart"],  # the index first
    "talk.ogg": [*_TONE, "-c:a", "libvorbis"],
    "talk.mp3": [*_TONE, "-c:a", "libmp3lame"],
    "long.mp4": [*_PICTURE, *_TONE, *_H264],
}
SECONDS = {"long.mp4": 12}  # still playing when the check that the file went away comes (each second)
ZERO = {  # containers that are well formed and 0 seconds long
    "mp4": ["-f", "lavfi", "-i", "sine=duration=1", "-t", "0", "-c:a", "aac"],
    "ogg": ["-f", "lavfi", "-i", "sine=duration=1", "-t", "0", "-c:a", "libvorbis"],
    "wav": ["-f", "lavfi", "-i", "sine=duration=1", "-t", "0"],
}


def ffmpeg(path: Path, args: list[str], seconds: int = 6) -> Path:
    """Write `path` with ffmpeg from `args` (with {s} replaced by `seconds`)."""
    subprocess.run([FFMPEG, "-hide_banner", "-loglevel", "error", "-y", *(a.format(s=seconds) for a in args),
                    str(path)], check=True, timeout=120)
    return path


@pytest.fixture(scope="module")
def recordings(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Return the intact recordings, made once."""
    folder = tmp_path_factory.mktemp("recordings")
    return {name: ffmpeg(folder / name, args, SECONDS.get(name, 6)) for name, args in RECORDINGS.items()}


@pytest.fixture
def transcript(tmp_path: Path) -> Path:
    """Return a WebVTT transcript of TURNS one-second turns by two speakers, in a folder of its own."""
    folder = tmp_path / "transcript"
    folder.mkdir()
    cues = [f"00:00:0{i}.000 --> 00:00:0{i + 1}.000\n<v {'Ana' if i % 2 == 0 else 'Ben'}>Turn number {i}.\n"
            for i in range(TURNS)]
    path = folder / "talk.vtt"
    path.write_text("WEBVTT\n\n" + "\n".join(cues), encoding="utf-8")
    return path


@pytest.fixture
def media_dir(tmp_path: Path) -> Path:
    """Return an empty folder for the broken media."""
    folder = tmp_path / "media"
    folder.mkdir()
    return folder


# How each player names itself in the core's messages (reader.core.media's say "VLC").
PLAYER_WORDS = {"vlc": "VLC", "qt": "the built-in player"}


def make_player(kind: str) -> Player:
    """Return a headless player of `kind` ("vlc" or "qt"), or skip when it is not installed."""
    if kind == "vlc":
        if not vlc_status()[0]:
            pytest.skip("libvlc is not installed")
        return VlcPlayer(headless=True)
    qt_player = pytest.importorskip("reader.playback.qt_player", reason="Qt Multimedia is missing")
    return qt_player.QtPlayer(headless=True)


@pytest.fixture(params=[pytest.param("vlc", marks=pytest.mark.vlc), "qt"])
def player_kind(request: pytest.FixtureRequest) -> str:
    """Each real player in turn."""
    return request.param


@pytest.fixture
def window(qtbot, tmp_path: Path, transcript: Path, caplog: pytest.LogCaptureFixture,
           capfd: pytest.CaptureFixture[str], player_kind: str) -> Iterator[MainWindow]:
    """Yield a shown window with a headless player of each kind and the transcript open."""
    player = make_player(player_kind)
    win = MainWindow(player, notes_dir=tmp_path / "user-notes",
                     settings=QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    view = player.video_view()
    if view is not None:  # as reader.qt.app.run places it
        win.video.set_view(view)
    qtbot.addWidget(win)
    win.resize(1000, 700)
    win.show()
    qtbot.waitExposed(win)
    win.messages = []  # every message the controller gave the banner, in order
    win.controller.errorOccurred.connect(win.messages.append)
    win.open_transcript(transcript)
    qtbot.waitUntil(lambda: win.model.rowCount() == TURNS, timeout=WAIT_MS)
    yield win
    win.close()
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], caplog.text
    err = capfd.readouterr().err
    assert "Traceback" not in err and "Warning" not in err, err


def open_media(qtbot, window: MainWindow, path: Path, *, play: bool = False) -> None:
    """Open `path` as the recording (and press Space to play it)."""
    window.open_media(path)
    if play:
        qtbot.wait(200)  # a user's reaction time: libvlc has read the header by then (a few ms)
        qtbot.keyClick(window.view, Qt.Key.Key_Space)


def wait_message(qtbot, window: MainWindow, message: str | Callable[[str], bool]) -> str:
    """Wait until the banner has been given `message` (or one it accepts); return it."""
    accepts = message if callable(message) else message.__eq__
    qtbot.waitUntil(lambda: any(accepts(m) for m in window.messages), timeout=WAIT_MS)
    assert window.banner.isVisible()
    return next(m for m in window.messages if accepts(m))


def assert_failed_cleanly(qtbot, window: MainWindow, message: str) -> None:
    """Check the banner says `message` and the transport offers nothing it cannot do."""
    wait_message(qtbot, window, message)
    assert window.banner.messages()[-1] == message  # the newest line (an earlier warning may stay above it)
    qtbot.waitUntil(lambda: window.controller.state() is PlayerState.ERROR, timeout=WAIT_MS)
    transport = window.transport
    assert not transport.play_button.isEnabled() and not transport.slider.isEnabled()
    assert transport.duration_label.text() == "--:--"
    assert not window.video.isVisible()
    qtbot.keyClick(window.view, Qt.Key.Key_Space)  # play does nothing, and says nothing new
    before = window.controller.position()
    qtbot.wait(150)
    assert window.controller.position() == before  # no clock running on nothing
    assert window.controller.state() is PlayerState.ERROR


def assert_transcript_usable(qtbot, window: MainWindow, label: str) -> None:
    """Check the turns are shown, a click and a key move the highlight, and a bookmark reaches the file."""
    assert window.model.rowCount() == TURNS
    # Turn 3, or the last one the recording reaches (seeks stop at its end): turns are 1 s apart.
    duration = window.controller.duration()
    row = max(1, min(3, duration // 1000 if duration else 3))
    rect = window.view.visualRect(window.model.index(row, 0))
    assert rect.isValid() and window.view.viewport().rect().intersects(rect)
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.topLeft() + QPoint(20, 12))
    assert window.controller.active_turn() == row and window.model.active_row() == row
    qtbot.keyClick(window.view, Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier)  # previous turn
    assert window.controller.active_turn() == row - 1
    qtbot.keyClick(window.view, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)  # bookmark this moment
    editor = window.note_commands.editor
    assert editor is not None and editor.isVisible()
    qtbot.keyClicks(editor.label_edit, label)
    qtbot.keyClick(editor.label_edit, Qt.Key.Key_Return)
    path = window.notes.path
    assert path is not None
    assert window.notes.save_now()  # what the autosave does 0.7 s later (tests/qt/test_notes_in_window.py)
    items = json.loads(path.read_text(encoding="utf-8"))["items"]
    assert [item["label"] for item in items] == [label]


def settle(qtbot, window: MainWindow) -> None:
    """Wait until playback has stopped by itself (ended or failed)."""
    qtbot.waitUntil(lambda: window.controller.state() in (PlayerState.ENDED, PlayerState.ERROR), timeout=WAIT_MS)


# --- files that cannot be played at all ----------------------------------------------------------------


def test_missing_file(qtbot, window: MainWindow, media_dir: Path) -> None:
    open_media(qtbot, window, media_dir / "talk.mp4")
    assert_failed_cleanly(qtbot, window, "Cannot play talk.mp4: the file does not exist")
    assert_transcript_usable(qtbot, window, "missing")


def test_empty_file(qtbot, window: MainWindow, media_dir: Path) -> None:
    (media_dir / "talk.mp4").touch()
    open_media(qtbot, window, media_dir / "talk.mp4")
    assert_failed_cleanly(qtbot, window, "Cannot play talk.mp4: the file is empty (0 bytes)")
    assert_transcript_usable(qtbot, window, "empty")


def test_mp4_cut_to_30_percent(qtbot, window: MainWindow, media_dir: Path, recordings: dict[str, Path]) -> None:
    data = recordings["talk.mp4"].read_bytes()
    cut = media_dir / "talk.mp4"
    cut.write_bytes(data[:len(data) * 3 // 10])
    size = f"{len(data) * 3 // 10 / 1000:.0f} KB"
    open_media(qtbot, window, cut)  # the index is at the end: gone, and nothing plays; said at once
    assert_failed_cleanly(qtbot, window, f"Cannot play talk.mp4: the file is incomplete: it stops after {size} "
                                         "(an interrupted download or copy?)")
    assert_transcript_usable(qtbot, window, "cut mp4")


def test_mp4_header_only(qtbot, window: MainWindow, media_dir: Path, recordings: dict[str, Path]) -> None:
    cut = media_dir / "talk.mp4"
    cut.write_bytes(recordings["talk.mp4"].read_bytes()[:48])  # ftyp, free and the data box's header
    open_media(qtbot, window, cut)
    assert_failed_cleanly(qtbot, window, "Cannot play talk.mp4: the file is incomplete: it stops after 48 bytes "
                                         "(an interrupted download or copy?)")
    assert_transcript_usable(qtbot, window, "header only")


def test_ogg_cut_to_30_percent(qtbot, window: MainWindow, media_dir: Path, recordings: dict[str, Path]) -> None:
    data = recordings["talk.ogg"].read_bytes()
    cut = media_dir / "talk.ogg"
    size = len(data) * 3 // 10
    cut.write_bytes(data[:size])  # Vorbis's headers, and not one whole page of sound
    open_media(qtbot, window, cut, play=True)
    assert_failed_cleanly(qtbot, window, f"Cannot play talk.ogg: the file is incomplete: it stops after "
                                         f"{size / 1000:.1f} KB (an interrupted download or copy?)")
    assert_transcript_usable(qtbot, window, "cut ogg")


def test_random_bytes(qtbot, window: MainWindow, media_dir: Path, player_kind: str) -> None:
    noise = media_dir / "talk.mp4"
    noise.write_bytes(random.Random(20240).randbytes(200_000))  # no media signature in its first bytes
    open_media(qtbot, window, noise, play=True)  # the player has to try: only then is it known
    assert_failed_cleanly(qtbot, window, f"Cannot play talk.mp4: it is not in an audio or video format "
                                         f"{PLAYER_WORDS[player_kind]} can play (or it is damaged)")
    assert_transcript_usable(qtbot, window, "noise")


@pytest.mark.parametrize(("content", "kind"), [
    (b"These are my notes about the talk.\nThey are not a video.\n" * 40, "a text file"),
    (b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n", "a PDF document"),
    (b"<!DOCTYPE html>\n<html><head><title>404 Not Found</title></head><body>Not Found</body></html>\n",
     "a web page (HTML)"),
])
def test_other_file_under_a_media_name(qtbot, window: MainWindow, media_dir: Path, content: bytes,
                                       kind: str) -> None:
    path = media_dir / "talk.mp4"
    path.write_bytes(content)
    open_media(qtbot, window, path)  # plainly no media: said at once, before play
    assert_failed_cleanly(qtbot, window, f"Cannot play talk.mp4: it is {kind}, not audio or video")
    assert_transcript_usable(qtbot, window, kind)


@pytest.mark.parametrize("ext", sorted(ZERO))
def test_recording_of_length_zero(qtbot, window: MainWindow, media_dir: Path, ext: str, player_kind: str) -> None:
    path = ffmpeg(media_dir / f"talk.{ext}", ZERO[ext])
    open_media(qtbot, window, path, play=True)
    if player_kind == "qt" and ext == "ogg":
        # Qt refuses a 0-second Ogg as it refuses a damaged one (ResourceError), before anything plays; only the
        # file's last page (granule 0) could tell them apart, and reader.core.media does not read it yet.
        words = PLAYER_WORDS[player_kind]
        message = f"Cannot play talk.ogg: {words} could not read it (a damaged file, or a codec {words} does not have)"
    else:
        message = f"Cannot play talk.{ext}: the recording is empty: it lasts 0 seconds"
    assert_failed_cleanly(qtbot, window, message)
    assert_transcript_usable(qtbot, window, f"zero {ext}")


# --- files cut short that play in part ------------------------------------------------------------------


def assert_plays_what_is_there(qtbot, window: MainWindow, name: str, size: int) -> None:
    """Check the banner says the file is incomplete, and playback ends where its data ends, not stuck."""
    message = (f"{name}: the file is incomplete: it stops after {size / 1000:.{1 if size < 10_000 else 0}f} KB "
               "(an interrupted download or copy?). The part that is there plays, and ends early.")
    wait_message(qtbot, window, message)
    qtbot.keyClick(window.view, Qt.Key.Key_Space)
    settle(qtbot, window)
    assert window.controller.state() is PlayerState.ENDED
    end = window.controller.position()
    qtbot.wait(150)
    assert window.controller.position() == end  # not a playing clock that never moves
    assert window.transport.play_button.isEnabled()  # what is there can be played again


@pytest.mark.parametrize(("name", "fraction"), [("faststart.mp4", 0.4), ("talk.ogg", 0.6), ("talk.mp3", 0.3)])
def test_file_cut_short_plays_its_part(qtbot, window: MainWindow, media_dir: Path, recordings: dict[str, Path],
                                       name: str, fraction: float) -> None:
    data = recordings[name].read_bytes()
    size = int(len(data) * fraction)
    cut = media_dir / name
    cut.write_bytes(data[:size])
    open_media(qtbot, window, cut)
    assert_plays_what_is_there(qtbot, window, name, size)
    if name == "faststart.mp4":  # its header still says 6 s: playback ends where the data does
        assert window.controller.duration() == 6000
        assert window.controller.position() < 4000
    assert_transcript_usable(qtbot, window, f"cut {name}")


# --- the file goes away while it plays -------------------------------------------------------------------


@pytest.mark.parametrize("how", ["deleted", "renamed"])
def test_file_goes_away_while_playing(qtbot, window: MainWindow, media_dir: Path, recordings: dict[str, Path],
                                      how: str) -> None:
    path = media_dir / "talk.mp4"
    shutil.copy(recordings["long.mp4"], path)
    open_media(qtbot, window, path, play=True)
    qtbot.waitUntil(lambda: window.controller.position() > 300, timeout=WAIT_MS)
    if how == "deleted":
        os.remove(path)
    else:
        os.rename(path, media_dir / "renamed.mp4")
    t_gone = time.monotonic()
    wait_message(qtbot, window, "talk.mp4 was moved, renamed or deleted while playing. It plays on to its end, "
                                "but cannot be opened again from here: open it from where it is now "
                                "(File > Open Media…).")
    assert time.monotonic() - t_gone < 5
    # The open file stays readable: playback goes on, and seeks within it work.
    assert window.controller.state() is PlayerState.PLAYING
    assert_transcript_usable(qtbot, window, how)
    window.controller.seek(11_500)  # on to the end, sooner
    settle(qtbot, window)
    assert window.controller.state() is PlayerState.ENDED
    qtbot.keyClick(window.view, Qt.Key.Key_Space)  # playing again needs the file
    assert_failed_cleanly(qtbot, window, "Cannot play talk.mp4: the file was moved, renamed or deleted after it "
                                         "was opened")


# --- a duration the player reports as 0 ------------------------------------------------------------------


def test_duration_reported_as_zero_leaves_the_slider_off(qtbot, tmp_path: Path, transcript: Path) -> None:
    """libvlc says 0 (or -1) for a length it does not know: no scale to seek on, and nothing divides by it."""
    player = FakePlayer(0)
    win = MainWindow(player, monotonic=player.clock, notes_dir=tmp_path / "user-notes",
                     settings=QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(win)
    win.resize(1000, 700)
    win.show()
    qtbot.waitExposed(win)
    win.open_transcript(transcript)
    qtbot.waitUntil(lambda: win.model.rowCount() == TURNS, timeout=WAIT_MS)
    win.open_media(tmp_path / "stream.mp4")
    QApplication.processEvents()
    assert win.controller.duration() is None
    assert win.transport.duration_label.text() == "--:--"
    assert win.transport.play_button.isEnabled() and not win.transport.slider.isEnabled()
    win.timeline.grab()  # paints the strip over a span of 0
    assert_transcript_usable(qtbot, win, "no duration")
