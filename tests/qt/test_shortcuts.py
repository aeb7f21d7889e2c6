"""Every playback and view shortcut, pressed on the transcript as a user would."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from reader.playback.fake_player import FakePlayer
from reader.playback.player import PlayerState
from reader.qt.actions import ACTIONS, NOTES_PANEL_KEYS, TRANSCRIPT_KEYS
from reader.qt.main_window import MainWindow
from reader.qt.shortcuts_sheet import ShortcutsSheet

CTRL = Qt.KeyboardModifier.ControlModifier
SHIFT = Qt.KeyboardModifier.ShiftModifier


@pytest.fixture
def ready(window: MainWindow, sample_paths: tuple[Path, Path]) -> MainWindow:
    window.open_transcript(*sample_paths)
    window.view.reduced_motion = True
    window.view.setFocus()
    QApplication.processEvents()
    return window


@pytest.mark.parametrize(("key", "modifiers", "delta"), [
    (Qt.Key.Key_Left, Qt.KeyboardModifier.NoModifier, -5000), (Qt.Key.Key_Right, Qt.KeyboardModifier.NoModifier, 5000),
    (Qt.Key.Key_J, Qt.KeyboardModifier.NoModifier, -10_000), (Qt.Key.Key_L, Qt.KeyboardModifier.NoModifier, 10_000),
    (Qt.Key.Key_Left, SHIFT, -30_000), (Qt.Key.Key_Right, SHIFT, 30_000),
])
def test_skips(qtbot, ready: MainWindow, fake_player: FakePlayer, key: Qt.Key,
               modifiers: Qt.KeyboardModifier, delta: int) -> None:
    ready.controller.seek(60_000)
    qtbot.keyClick(ready.view, key, modifiers)
    assert fake_player.seeks[-1] == 60_000 + delta


def test_k_and_ctrl_space_toggle_play(qtbot, ready: MainWindow, fake_player: FakePlayer) -> None:
    qtbot.keyClick(ready.view, Qt.Key.Key_K)
    QApplication.processEvents()
    assert fake_player.state() is PlayerState.PLAYING
    qtbot.keyClick(ready.view, Qt.Key.Key_Space, CTRL)
    QApplication.processEvents()
    assert fake_player.state() is PlayerState.PAUSED


def test_turn_navigation(qtbot, ready: MainWindow, fake_player: FakePlayer) -> None:
    turns = ready.model.transcript.turns
    ready.controller.seek(turns[5].start)
    qtbot.keyClick(ready.view, Qt.Key.Key_Right, CTRL)
    assert fake_player.seeks[-1] == turns[6].start
    qtbot.keyClick(ready.view, Qt.Key.Key_Left, CTRL)
    assert fake_player.seeks[-1] == turns[5].start
    speaker = turns[5].speaker
    qtbot.keyClick(ready.view, Qt.Key.Key_Down, CTRL | SHIFT)
    following = next(t for t in turns[6:] if t.speaker == speaker)
    assert fake_player.seeks[-1] == following.start
    ready.controller.seek(turns[8].start + 1500)
    qtbot.keyClick(ready.view, Qt.Key.Key_R)
    assert fake_player.seeks[-1] == turns[8].start and fake_player.state() is PlayerState.PLAYING


def test_loop_the_turn(qtbot, ready: MainWindow, fake_player: FakePlayer) -> None:
    turns = ready.model.transcript.turns
    ready.controller.seek(turns[3].start)
    qtbot.keyClick(ready.view, Qt.Key.Key_L, CTRL)
    ready.controller.play()
    QApplication.processEvents()
    fake_player.advance(turns[4].start - turns[3].start + 100)
    QApplication.processEvents()
    ready.controller.positionChanged.emit(ready.controller.position())  # a tick of the UI timer
    assert fake_player.seeks[-1] == turns[3].start
    qtbot.keyClick(ready.view, Qt.Key.Key_L, CTRL)
    assert ready.navigator.looped_turn() == -1 and not ready.commands["loop"].isChecked()


def test_speed_steps_of_a_tenth(qtbot, ready: MainWindow, fake_player: FakePlayer) -> None:
    qtbot.keyClick(ready.view, Qt.Key.Key_BracketRight, CTRL)
    assert fake_player.rate() == pytest.approx(1.1)
    qtbot.keyClick(ready.view, Qt.Key.Key_BracketLeft, CTRL)
    qtbot.keyClick(ready.view, Qt.Key.Key_BracketLeft, CTRL)
    assert fake_player.rate() == pytest.approx(0.9)
    qtbot.keyClick(ready.view, Qt.Key.Key_Equal)
    assert fake_player.rate() == pytest.approx(1.0)


def test_zoom_changes_the_text_size_and_row_heights(qtbot, ready: MainWindow) -> None:
    before = ready.view.visualRect(ready.model.index(4, 0)).height()
    qtbot.keyClick(ready.view, Qt.Key.Key_Plus, CTRL)
    qtbot.keyClick(ready.view, Qt.Key.Key_Plus, CTRL)
    QApplication.processEvents()
    assert ready.view.visualRect(ready.model.index(4, 0)).height() > before
    qtbot.keyClick(ready.view, Qt.Key.Key_0, CTRL)
    QApplication.processEvents()
    assert ready.view.visualRect(ready.model.index(4, 0)).height() == before


def test_shift_arrows_extend_a_selection_instead_of_skipping(qtbot, ready: MainWindow,
                                                             fake_player: FakePlayer) -> None:
    ready.view.set_text_selection(4, 0, 3)
    seeks = list(fake_player.seeks)
    qtbot.keyClick(ready.view, Qt.Key.Key_Right, SHIFT)
    assert ready.view.text_selection() == (4, 0, 4)
    assert fake_player.seeks == seeks


def test_help_sheet_lists_the_shortcuts_grouped_and_filters(ready: MainWindow) -> None:
    ready.show_shortcuts()
    sheet = ready.shortcuts_dialog
    assert isinstance(sheet, ShortcutsSheet)
    tree = sheet.tree
    groups = [tree.topLevelItem(g) for g in range(tree.topLevelItemCount())]
    assert [g.text(0) for g in groups] == ["File", "Playback", "Sync", "Find", "View", "Notes", "Help", "Transcript",
                                           "Notes panel"]
    text = "\n".join(g.child(c).text(1) for g in groups for c in range(g.childCount()))
    for expected in ("Ctrl+B", "Ctrl+H", "Space", "Ctrl+L", "F11", "Ctrl+Shift+N", "Shift+Right", "F2", "Alt+2",
                     "Delete"):
        assert expected in text
    assert len(sheet.visible_commands()) == len(ACTIONS) + len(TRANSCRIPT_KEYS) + len(NOTES_PANEL_KEYS)
    sheet.filter.setText("bookmark")
    assert sheet.visible_commands() == ["Bookmark This Moment"]
    sheet.filter.setText("ctrl+shift+n")  # keys are searched too
    assert sheet.visible_commands() == ["Notes Panel"]


def test_help_sheet_shows_every_key_whole(ready: MainWindow) -> None:
    """Play / Pause's keys ended in "Media…" at the sheet's fixed 640 px: the sheet fits its columns."""
    ready.show_shortcuts()
    sheet = ready.shortcuts_dialog
    tree = sheet.tree
    QApplication.processEvents()
    margin = 2 * (tree.style().pixelMetric(tree.style().PixelMetric.PM_FocusFrameHMargin, None, tree) + 1)
    metrics = tree.fontMetrics()
    rows = [tree.topLevelItem(g).child(c) for g in range(tree.topLevelItemCount())
            for c in range(tree.topLevelItem(g).childCount())]
    cut = []
    for row in rows:
        lines = max(1, round(tree.visualItemRect(row).height() / metrics.lineSpacing()))  # a wrapped row is taller
        for column in (0, 1):
            width = tree.columnWidth(column) - (tree.indentation() if column == 0 else 0)
            if metrics.horizontalAdvance(row.text(column)) + margin > width * lines:
                cut.append(f"{row.text(column)!r} in {width} px")
    assert not cut, f"cut short: {cut}"
    right = tree.header().sectionPosition(1) + tree.columnWidth(1)
    assert right <= tree.viewport().width(), "the keys column runs past the sheet"
    assert sheet.width() <= sheet.screen().availableGeometry().width()
    assert all(row.toolTip(1) == row.text(1) for row in rows), "each keys cell says its keys in full on hover"
