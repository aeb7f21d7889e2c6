"""Find (Ctrl+F) and Go to time (Ctrl+G) in the window."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from reader.core.search import REGEX_BUDGET_S
from reader.playback.fake_player import FakePlayer
from reader.qt import find_controller as find_controller_module
from reader.qt import main_window as main_window_module
from reader.qt.main_window import MainWindow
from reader.qt.transcript_model import MatchesRole


def test_find_counts_paints_navigates_and_closes(qtbot, window: MainWindow,
                                                 sample_paths: tuple[Path, Path]) -> None:
    window.open_transcript(*sample_paths)
    window.view.reduced_motion = True
    window.controller.seek(5_000)
    qtbot.keyClick(window.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    bar = window.find.bar
    assert bar.isVisible() and bar.edit.hasFocus()
    qtbot.keyClicks(bar.edit, "transcript")
    qtbot.waitUntil(lambda: window.find.matches() is not None, timeout=2000)
    total = len(window.find.matches())
    rows = sorted({turn for turn, _, _ in window.find.matches()})
    assert total >= 3 and rows
    assert window.model.index(rows[0], 0).data(MatchesRole)
    text = window.model.turn(rows[0]).text
    start, end = window.model.index(rows[0], 0).data(MatchesRole)[0]
    assert text[start:end].casefold() == "transcript"
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return)
    qtbot.keyClick(bar.edit, Qt.Key.Key_F3)
    row, start, end = window.model.current_match()
    assert window.view.is_row_visible(row)
    assert window.follower.suspended  # reading a match suspends following
    qtbot.waitUntil(lambda: len(window.timeline._hits) > 0, timeout=1000)  # ticks on the timeline
    qtbot.keyClick(bar.edit, Qt.Key.Key_Escape)
    assert not bar.isVisible() and window.find.matches() is None and window.model.current_match() is None


def test_find_is_accent_and_case_insensitive(qtbot, window: MainWindow, sample_paths: tuple[Path, Path]) -> None:
    window.open_transcript(*sample_paths)
    window.find.bar.open()
    qtbot.keyClicks(window.find.bar.edit, "TOMAS")
    qtbot.waitUntil(lambda: window.find.matches() is not None, timeout=2000)
    turn, start, end = window.find.matches()[0]
    assert window.model.turn(turn).text[start:end] == "Tomás"


def test_a_regex_too_slow_to_search_leaves_the_window_usable(qtbot, window: MainWindow,
                                                           sample_paths: tuple[Path, Path]) -> None:
    # The hang it guards against: `re` was still running this over the sample after a minute, on the GUI thread.
    window.open_transcript(*sample_paths)
    window.view.reduced_motion = True
    bar = window.find.bar
    qtbot.keyClick(window.view, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(bar.edit, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    assert bar.regex_button.isChecked()
    qtbot.keyClicks(bar.edit, r"transcripts?")
    qtbot.waitUntil(lambda: window.find.matches() is not None and window.model.current_match() is not None,
                    timeout=2000)
    qtbot.waitUntil(lambda: len(window.timeline._hits) > 0, timeout=1000)
    bar.edit.clear()
    began = time.monotonic()
    qtbot.keyClicks(bar.edit, r"(.*){1,32000}[bc]")
    qtbot.waitUntil(lambda: bar.error() is not None, timeout=3000)
    assert time.monotonic() - began < REGEX_BUDGET_S + 1.5
    assert bar.count_label.text().startswith("Pattern too slow to search")
    # No highlight, current match or timeline tick is left from before.
    assert window.find.matches() is None and window.model.current_match() is None
    qtbot.waitUntil(lambda: window.timeline._hits == [], timeout=1000)
    # The window answers at once, and the next search works.
    answered: list[bool] = []
    QTimer.singleShot(0, lambda: answered.append(True))
    qtbot.waitUntil(lambda: answered == [True], timeout=500)
    bar.edit.clear()
    qtbot.keyClicks(bar.edit, r"\btranscript\b")
    qtbot.waitUntil(lambda: window.find.matches() is not None, timeout=2000)
    assert bar.error() is None and window.model.current_match() is not None


def test_go_to_time(qtbot, window: MainWindow, fake_player: FakePlayer, sample_paths: tuple[Path, Path],
                    monkeypatch) -> None:
    window.open_transcript(*sample_paths)
    monkeypatch.setattr(main_window_module, "ask_time", lambda parent, current, duration: 77_000)
    # Ctrl+G itself: it was also Find Next on Linux (the platform's FindNext keys), so Qt ran neither.
    qtbot.keyClick(window.view, Qt.Key.Key_G, Qt.KeyboardModifier.ControlModifier)
    QApplication.processEvents()
    assert fake_player.seeks[-1] == 77_000 and window.controller.active_turn() == 14


def test_a_big_transcript_is_folded_for_find_in_the_background_once(qtbot, window: MainWindow, tmp_path: Path,
                                                                      monkeypatch) -> None:
    from tests.core.test_loading import write_big_page

    built: list[int] = []

    class CountingIndex(find_controller_module.SearchIndex):
        def __init__(self, turns: list) -> None:
            built.append(len(turns))
            super().__init__(turns)

    monkeypatch.setattr(find_controller_module, "SearchIndex", CountingIndex)
    assert window.open_transcript(write_big_page(tmp_path / "big.txt", 6_000))
    qtbot.waitUntil(window.find.index_ready, timeout=10_000)
    assert built == [6_000]  # folded as the transcript opened, off the GUI thread
    window.find.bar.open()
    qtbot.keyClicks(window.find.bar.edit, "scaling")
    qtbot.waitUntil(lambda: len(window.find.bar.matches()) == 6_000)
    assert built == [6_000]  # the find bar used it rather than folding again
