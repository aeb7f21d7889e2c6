"""Word by word in the window: the sample aligned by real PocketSphinx, the spoken word marked, clicks and hovers."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from reader.core.align import sphinx
from reader.core.timecode import ms_to_clock
from reader.playback.fake_player import FakePlayer
from reader.playback.player import PlayerState
from reader.qt.main_window import MainWindow
from reader.qt.transcript_model import ProgressRole, WordRole
from tests.qt.test_notes_in_window import point_of

pytestmark = pytest.mark.skipif(sphinx.available() is not None, reason="PocketSphinx is not installed")


@pytest.fixture
def aligned(qtbot, window: MainWindow, fake_player: FakePlayer, sample_paths: tuple[Path, Path],
            monkeypatch) -> MainWindow:
    """Return the window with the sample open and its words aligned (real PocketSphinx, a few seconds)."""
    monkeypatch.setenv("TRANSCRIPT_READER_ALIGN", "1")
    with qtbot.waitSignal(window.aligner.aligned, timeout=120_000):
        assert window.open_transcript(*sample_paths)
    return window


def test_words_are_aligned_in_the_background_and_the_method_is_shown(aligned: MainWindow) -> None:
    words = aligned.sync.times.words
    assert words is not None and words.method == "pocketsphinx"
    assert words.aligned / len(words.words) > 0.8
    assert aligned.status.words.text().startswith("Words: PocketSphinx, ")
    assert not aligned.status.progress.isVisible()


def test_the_word_being_said_is_marked_and_the_spoken_ones_counted(aligned: MainWindow) -> None:
    times = aligned.sync.times
    word = times.words.turn_words(3)[4]
    aligned.controller.seek(word.start_ms + 20)
    index = aligned.model.index(3, 0)
    assert index.data(WordRole) == (word.char_start, word.char_end)
    assert index.data(ProgressRole) == word.char_end
    assert aligned.model.turn(3).text[word.char_start:word.char_end] == word.text


def test_a_click_on_a_word_seeks_to_its_start_and_hover_says_when(qtbot, aligned: MainWindow,
                                                                  fake_player: FakePlayer) -> None:
    aligned.resize(1000, 700)
    words = aligned.sync.times.words
    row = max(range(8), key=lambda r: len(words.turn_words(r)))
    aligned.view.scroll_to_row(row)
    QApplication.processEvents()
    word = words.turn_words(row)[3]
    point = point_of(aligned, row, word.char_start + 1)
    qtbot.mouseClick(aligned.view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert fake_player.seeks[-1] == word.start_ms
    assert aligned.view.time_tip(point) == ms_to_clock(word.start_ms, millis=True)


def test_shift_r_plays_exactly_the_selection(qtbot, aligned: MainWindow, fake_player: FakePlayer) -> None:
    words = aligned.sync.times.words.turn_words(4)
    first, last = words[1], words[3]
    aligned.view.set_text_selection(4, first.char_start, last.char_end)
    qtbot.keyClick(aligned.view, Qt.Key.Key_R, Qt.KeyboardModifier.ShiftModifier)
    assert fake_player.seeks[-1] == first.start_ms
    qtbot.waitUntil(lambda: aligned.controller.state() is PlayerState.PLAYING)
    fake_player.advance(last.end_ms - first.start_ms + 60)
    qtbot.waitUntil(lambda: aligned.controller.state() is PlayerState.PAUSED, timeout=2000)
    assert abs(fake_player.true_position_ms() - last.end_ms) < 150


def test_pocketsphinx_runs_outside_the_windows_process(qtbot, window: MainWindow, sample_paths: tuple[Path, Path],
                                                       monkeypatch) -> None:
    # Its decoder holds the GIL for a whole turn (seconds): in this process it froze the event loop and
    # libvlc's callbacks into Python (seeks waited 0.4-1.3 s). The sample is short enough that it used to be
    # aligned here, its quick offset check likewise.
    monkeypatch.setenv("TRANSCRIPT_READER_ALIGN", "1")
    monkeypatch.setattr(sphinx, "_DECODERS", {})
    with qtbot.waitSignal(window.aligner.aligned, timeout=120_000):
        assert window.open_transcript(*sample_paths)
    assert window.sync.times.words.method == "pocketsphinx"
    assert sphinx._DECODERS == {}
