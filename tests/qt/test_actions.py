"""The command table (qt/actions.ACTIONS) against the window it makes: menus, keys, F1, handlers."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from PySide6.QtGui import QKeySequence

from reader.playback.fake_player import FakePlayer
from reader.qt.actions import ACTIONS, MENUS, key_sequences, shortcut_rows
from reader.qt.main_window import MainWindow

# Commands that open a modal dialog (a file or input dialog would block a test) or end the window.
MODAL = {"open_transcript", "open_media", "quit", "shift_timing", "go_to_time", "recent", "about"}


def test_ids_are_unique_and_every_menu_is_known() -> None:
    assert len({spec.id for spec in ACTIONS}) == len(ACTIONS)
    assert {spec.menu for spec in ACTIONS} <= set(MENUS)
    assert all(spec.help for spec in ACTIONS), "every command explains itself in the F1 sheet and status bar"
    assert all((spec.run is None) + (spec.toggle is None) + (spec.make is None) == 2 for spec in ACTIONS)


def test_no_two_commands_share_a_key(qapp) -> None:
    keys = Counter(sequence.toString() for spec in ACTIONS for sequence in key_sequences(spec))
    assert [key for key, count in keys.items() if count > 1] == []


@pytest.mark.parametrize("spec", ACTIONS, ids=lambda spec: spec.id)
def test_every_command_is_in_its_menu_with_its_keys(window: MainWindow, spec) -> None:
    action = window.commands[spec.id]
    menus = {menu.title(): menu for menu in (a.menu() for a in window.menuBar().actions()) if menu is not None}
    assert action in menus[spec.menu].actions()
    assert action.text() == spec.text
    assert [k.toString() for k in action.shortcuts()] == [k.toString() for k in key_sequences(spec)]
    if spec.keys and action.menu() is None:
        assert action in window.actions(), "heard even when the menu bar is hidden (full screen)"


def test_the_f1_sheet_lists_every_command_once(window: MainWindow) -> None:
    rows = shortcut_rows(window.commands)
    commands = [(menu, name) for menu, name, _ in rows if menu not in ("Transcript", "Notes panel")]
    assert commands == [(spec.menu.replace("&", ""), spec.text.replace("&", "")) for spec in ACTIONS]
    bookmark = next(keys for _, name, keys in rows if name == "Bookmark This Moment")
    assert bookmark == QKeySequence("Ctrl+B").toString(QKeySequence.SequenceFormat.NativeText)


@pytest.mark.parametrize("spec", [s for s in ACTIONS if s.id not in MODAL], ids=lambda spec: spec.id)
def test_every_command_runs_with_a_transcript_open(window: MainWindow, fake_player: FakePlayer,
                                                   sample_paths: tuple[Path, Path], spec) -> None:
    """Trigger each command (twice for toggles) on the sample: none may raise."""
    assert window.open_transcript(*sample_paths)
    fake_player.play()
    fake_player.advance(20_000)
    action = window.commands[spec.id]
    action.trigger()
    if action.isCheckable():
        action.trigger()
    for widget in (window.note_commands.editor, window.export_dialog, window.anchors_dialog,
                   window.shortcuts_dialog):
        if widget is not None:
            widget.close()
    if window.video.isWindow():
        window.video_dock.set_detached(False)
    if window.isFullScreen():
        window.showNormal()
