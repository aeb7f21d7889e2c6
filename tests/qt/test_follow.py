"""Following the playback: suspension and resume, in-turn progress, clicking a word, filtered turns."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from reader.playback.fake_player import FakePlayer
from reader.qt.main_window import MainWindow
from reader.qt.transcript_model import ProgressRole


def open_small(window: MainWindow, sample_paths: tuple[Path, Path]) -> None:
    window.resize(700, 320)
    window.open_transcript(*sample_paths)
    window.view.reduced_motion = True  # jumps instead of animating: the assertions need no waiting
    QApplication.processEvents()


def test_user_scroll_suspends_following_and_dot_resumes(
        qtbot, window: MainWindow, fake_player: FakePlayer, sample_paths: tuple[Path, Path]) -> None:
    open_small(window, sample_paths)
    window.controller.seek(window.model.turn(20).start)
    assert window.view.is_row_visible(20)
    window.view.verticalScrollBar().triggerAction(window.view.verticalScrollBar().SliderAction.SliderToMinimum)
    assert window.follower.suspended and window.follower.back_button.isVisible()
    window.controller.seek(window.model.turn(22).start)  # playback moves on; the view stays where the user is
    assert not window.view.is_row_visible(22)
    qtbot.keyClick(window.view, Qt.Key.Key_Period)
    assert not window.follower.suspended and not window.follower.back_button.isVisible()
    assert window.view.is_row_visible(22)


def test_back_button_resumes_and_selection_suspends(
        qtbot, window: MainWindow, sample_paths: tuple[Path, Path]) -> None:
    open_small(window, sample_paths)
    window.controller.seek(window.model.turn(3).start)
    window.view.set_text_selection(3, 0, 5)
    assert window.follower.suspended
    qtbot.mouseClick(window.follower.back_button, Qt.MouseButton.LeftButton)
    assert not window.follower.suspended


def test_progress_inside_the_active_turn_and_a_long_turn_is_followed_line_by_line(
        window: MainWindow, fake_player: FakePlayer, sample_paths: tuple[Path, Path]) -> None:
    open_small(window, sample_paths)
    window.resize(420, 260)
    QApplication.processEvents()
    turns = window.model.transcript.turns
    long_row = max(range(len(turns)), key=lambda r: len(turns[r].text))
    start, end = turns[long_row].start, turns[long_row + 1].start
    window.controller.seek(start)
    assert window.model.index(long_row, 0).data(ProgressRole) == 0
    assert window.model.index(long_row - 1, 0).data(ProgressRole) is None  # only the active turn shows progress
    window.controller.seek(start + (end - start) // 2)
    half = window.model.index(long_row, 0).data(ProgressRole)
    assert abs(half - len(turns[long_row].text) // 2) <= 2
    top_at_half = window.view.verticalScrollBar().value()
    window.controller.seek(end - 300)
    assert window.view.verticalScrollBar().value() >= top_at_half  # the view followed down inside the turn
    line_y = window.view.offset_y(long_row, window.model.index(long_row, 0).data(ProgressRole))
    assert 0 <= line_y - window.view.verticalScrollBar().value() <= window.view.viewport().height()


def test_clicking_a_word_seeks_to_its_estimated_time(
        qtbot, window: MainWindow, fake_player: FakePlayer, sample_paths: tuple[Path, Path]) -> None:
    from tests.qt.test_notes_in_window import point_of

    open_small(window, sample_paths)
    turns = window.model.transcript.turns
    row = 4
    window.view.scroll_to_row(row, 0.0)
    text = turns[row].text
    offset = text.index("search")
    qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=point_of(window, row, offset + 1))
    start, end = turns[row].start, turns[row + 1].start
    expected = start + (end - start) * offset / len(text)
    assert abs(fake_player.seeks[-1] - expected) < (end - start) * 3 / len(text) + 5


def test_row_filter_hides_turns_from_layout_hit_tests_and_keys(
        qtbot, window: MainWindow, sample_paths: tuple[Path, Path]) -> None:
    open_small(window, sample_paths)
    view = window.view
    maya = {r for r in range(window.model.rowCount()) if window.model.turn(r).speaker == "Maya Lindqvist"}
    view.set_row_filter(lambda r: r in maya)
    QApplication.processEvents()
    seen = {view.indexAt(view.visualRect(window.model.index(r, 0)).center()).row() for r in maya}
    assert seen == maya
    for r in set(range(window.model.rowCount())) - maya:
        assert view.visualRect(window.model.index(r, 0)).height() == 0
    view.setFocus()
    view.setCurrentIndex(window.model.index(min(maya), 0))
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert view.currentIndex().row() == sorted(maya)[1]
    view.set_row_filter(None)
    assert view.visualRect(window.model.index(1, 0)).height() > 0


def test_active_turn_is_exposed_to_assistive_technology(window: MainWindow, sample_paths: tuple[Path, Path]) -> None:
    from PySide6.QtGui import QAccessible

    window.open_transcript(*sample_paths)
    window.controller.seek(window.model.turn(4).start + 100)
    interface = QAccessible.queryAccessibleInterface(window.view)
    assert interface is not None
    description = interface.text(QAccessible.Text.Description)
    assert description.startswith("Now playing turn 5: Tomás Okafor, Because listening is linear")
    assert interface.text(QAccessible.Text.Name) == "Transcript"
    index = window.model.index(4, 0)
    assert "now playing" in index.data(Qt.ItemDataRole.AccessibleTextRole)
    names = {QAccessible.queryAccessibleInterface(w).text(QAccessible.Text.Name)
             for w in (window.transport.play_button, window.transport.slider)}
    assert names == {"Play", "Playback position"}
    assert window.transport.rate_box.accessibleName() == "Playback speed"  # Qt names a combo by its value


def test_the_back_button_points_at_the_spoken_turn(qtbot, window: MainWindow, fake_player: FakePlayer,
                                                   sample_paths: tuple[Path, Path]) -> None:
    window.open_transcript(*sample_paths)
    window.controller.seek(5_000)  # the first turns
    qtbot.waitUntil(lambda: window.controller.active_turn() == 0)
    window.follower.suspend()
    bar = window.view.verticalScrollBar()
    button = window.follower.back_button
    bar.setValue(bar.maximum())
    assert button.isVisible() and button.text() == "↑ Back to playback  (.)"
    assert button.geometry().top() < 60  # at the top edge, towards the turn, not over the text below
    bar.setValue(0)
    assert not button.isVisible()  # the spoken turn is on screen: nothing to point at, nothing covered
    window.controller.seek(140_000)  # playback moves on below the view
    qtbot.waitUntil(lambda: window.controller.active_turn() > 20)
    assert button.isVisible() and button.text() == "↓ Back to playback  (.)"
    assert button.geometry().bottom() > window.view.viewport().height() - 60
