"""Bookmarks, highlights, undo and the session in the real window (fake player, offscreen)."""

from __future__ import annotations

import json
import time
from pathlib import Path

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from reader.playback.fake_player import FakePlayer
from reader.qt.main_window import MainWindow
from reader.qt.transcript_model import BookmarkedRole, HighlightsRole


def notes_file(transcript: Path) -> dict:
    return json.loads(transcript.with_name(transcript.name + ".notes.json").read_text(encoding="utf-8"))


def wait_for_file(qtbot, transcript: Path, predicate) -> dict:
    """Return the notes file once `predicate(data)` holds (saves are debounced, within a second)."""
    path = transcript.with_name(transcript.name + ".notes.json")
    started = time.monotonic()
    qtbot.waitUntil(lambda: path.exists() and predicate(notes_file(transcript)), timeout=1500)
    assert time.monotonic() - started < 1.5
    return notes_file(transcript)


def point_of(window: MainWindow, row: int, offset: int) -> QPoint:
    """Return the viewport point of character `offset` in turn `row`."""
    from reader.qt.turn_delegate import layout_text

    view = window.view
    rect = view.row_rect(row)
    text = window.model.turn(row).text
    layout = layout_text(text, view.delegate._font, view.delegate.text_width(rect.width()))
    line = layout.lineForTextPosition(offset)
    origin = view.delegate.text_origin(rect)
    x = origin.x() + line.cursorToX(offset)[0]
    y = origin.y() + line.y() + line.height() / 2
    return QPointF(x, y).toPoint()


def test_ctrl_b_bookmarks_the_moment_and_the_label_reaches_the_file(
        qtbot, window: MainWindow, fake_player: FakePlayer, sample_paths: tuple[Path, Path]) -> None:
    transcript, media = sample_paths
    window.open_transcript(transcript, media)
    window.controller.seek(36_500)
    qtbot.keyClick(window.view, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
    editor = window.note_commands.editor
    assert editor is not None and editor.isVisible()
    qtbot.keyClicks(editor.label_edit, "Key claim")
    qtbot.keyClick(editor.label_edit, Qt.Key.Key_Return)
    data = wait_for_file(qtbot, transcript, lambda d: d["items"] and d["items"][0]["label"] == "Key claim")
    item = data["items"][0]
    assert item["kind"] == "bookmark" and item["start_ms"] == 36_500
    assert item["turn_index"] == 6 and item["speaker"] == "Maya Lindqvist"
    assert window.model.index(6, 0).data(BookmarkedRole)


def test_escape_keeps_the_bookmark_without_text(qtbot, window: MainWindow,
                                               sample_paths: tuple[Path, Path]) -> None:
    window.open_transcript(*sample_paths)
    window.controller.seek(12_000)
    window.note_commands.add_bookmark()
    qtbot.keyClick(window.note_commands.editor.label_edit, Qt.Key.Key_Escape)
    data = wait_for_file(qtbot, sample_paths[0], lambda d: len(d["items"]) == 1)
    assert data["items"][0]["label"] == "" and data["items"][0]["start_ms"] == 12_000


def test_mouse_drag_selects_text_without_seeking_and_ctrl_h_stores_the_quote(
        qtbot, window: MainWindow, fake_player: FakePlayer, sample_paths: tuple[Path, Path]) -> None:
    transcript, media = sample_paths
    window.open_transcript(transcript, media)
    row = 4
    text = window.model.turn(row).text
    start = text.index("A transcript")
    end = start + len("A transcript lets you skim")
    window.view.scrollTo(window.model.index(row, 0))
    viewport = window.view.viewport()
    seeks_before = list(fake_player.seeks)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=point_of(window, row, start))
    qtbot.mouseMove(viewport, point_of(window, row, start + 5))
    qtbot.mouseMove(viewport, point_of(window, row, end))
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=point_of(window, row, end))
    assert window.view.selected_text() == "A transcript lets you skim"
    assert fake_player.seeks == seeks_before  # a drag selects; it does not seek
    qtbot.keyClick(window.view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == "A transcript lets you skim"

    qtbot.keyClick(window.view, Qt.Key.Key_H, Qt.KeyboardModifier.ControlModifier)
    editor = window.note_commands.editor
    qtbot.keyClick(editor.note_edit, Qt.Key.Key_3, Qt.KeyboardModifier.AltModifier)  # blue
    qtbot.keyClicks(editor.note_edit, "the core argument")
    qtbot.keyClick(editor.note_edit, Qt.Key.Key_Return)
    data = wait_for_file(qtbot, transcript, lambda d: d["items"] and d["items"][0]["note"] == "the core argument")
    item = data["items"][0]
    assert item["kind"] == "highlight" and item["color"] == "blue"
    assert (item["turn_index"], item["char_start"], item["char_end"]) == (row, start, end)
    assert item["quote"]["exact"] == "A transcript lets you skim"
    assert text.endswith(item["quote"]["suffix"]) or item["quote"]["suffix"] in text
    assert window.model.index(row, 0).data(HighlightsRole)[0][:2] == (start, end)

    window.notes.undo_stack.undo()  # the edit
    window.notes.undo_stack.undo()  # the highlight itself
    wait_for_file(qtbot, transcript, lambda d: d["items"] == [])
    window.notes.undo_stack.redo()
    data = wait_for_file(qtbot, transcript, lambda d: len(d["items"]) == 1)
    assert data["items"][0]["quote"]["exact"] == "A transcript lets you skim"


def test_shift_arrows_select_and_ctrl_h_without_selection_takes_the_whole_turn(
        qtbot, window: MainWindow, sample_paths: tuple[Path, Path]) -> None:
    window.open_transcript(*sample_paths)
    view = window.view
    view.setFocus()
    view.setCurrentIndex(window.model.index(1, 0))
    qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier | Qt.KeyboardModifier.ControlModifier)
    assert view.selected_text() == window.model.turn(1).text.split()[0]
    qtbot.keyClick(view, Qt.Key.Key_Escape)
    assert view.text_selection() is None
    window.controller.seek(15_500)  # turn 2 is being spoken
    view.selectionModel().clear()
    item = window.note_commands.add_highlight()
    assert item is not None and item.turn_index == 2
    assert item.quote is not None and item.quote.exact == window.model.turn(2).text


def test_reopening_restores_notes_position_speed_and_follow(
        qtbot, fake_player: FakePlayer, sample_paths: tuple[Path, Path], tmp_path: Path) -> None:
    transcript, media = sample_paths
    first = MainWindow(fake_player, monotonic=fake_player.clock, notes_dir=tmp_path / "n")
    qtbot.addWidget(first)
    first.open_transcript(transcript, media)
    first.controller.seek(64_000)
    first.transport.set_rate(1.5)
    first.commands["follow"].trigger()  # off
    first.note_commands.add_bookmark()
    first.close()
    QApplication.processEvents()

    player = FakePlayer(150_000, report_every_ms=1000)
    second = MainWindow(player, monotonic=player.clock, notes_dir=tmp_path / "n")
    qtbot.addWidget(second)
    second.open_transcript(transcript, media)
    assert player.seeks[-1] == 64_000
    assert player.rate() == 1.5
    assert not second.follower.enabled and not second.commands["follow"].isChecked()
    assert len(second.notes.items()) == 1
    assert second.controller.active_turn() == 11


def test_corrupt_notes_file_is_reported_and_kept(qtbot, window: MainWindow,
                                                 sample_paths: tuple[Path, Path]) -> None:
    transcript, media = sample_paths
    transcript.with_name(transcript.name + ".notes.json").write_text("{ broken")
    window.open_transcript(transcript, media)
    assert "moved aside" in window.banner.label.text()
    assert list(transcript.parent.glob("talk.txt.notes.json.corrupt-*"))


def test_notes_panel_lists_items_and_a_click_seeks(qtbot, window: MainWindow, fake_player: FakePlayer,
                                                  sample_paths: tuple[Path, Path]) -> None:
    window.open_transcript(*sample_paths)
    assert not window.notes_panel.isVisible()
    qtbot.keyClick(window.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.notes_panel.isVisible()
    window.controller.seek(48_200)
    window.note_commands.add_bookmark()
    window.note_commands.editor.close()
    window.controller.seek(0)
    panel_view = window.notes_panel.view
    rect = panel_view.visualRect(window.notes_panel.proxy.index(0, 0))
    qtbot.mouseClick(panel_view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert fake_player.seeks[-1] == 48_200
    assert window.controller.active_turn() == 9


def test_ctrl_e_opens_the_export_dialog(qtbot, window: MainWindow, sample_paths: tuple[Path, Path]) -> None:
    window.open_transcript(*sample_paths)
    window.controller.seek(20_000)
    window.note_commands.add_bookmark()
    window.note_commands.editor.close()
    qtbot.keyClick(window.view, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    assert window.export_dialog is not None and window.export_dialog.isVisible()
    out = sample_paths[0].parent / "notes.md"
    assert window.export_dialog.export_to(out)
    assert "[00:20]" in out.read_text(encoding="utf-8")
    window.export_dialog.close()


def test_note_editors_do_not_pile_up(qtbot, window: MainWindow, fake_player: FakePlayer,
                                     sample_paths: tuple[Path, Path]) -> None:
    # The soak found every editor ever opened kept alive, closed but not deleted: ~256 KB each (its window).
    from reader.qt.note_editor import NoteEditor

    window.open_transcript(*sample_paths)
    for n in range(12):
        window.controller.seek(1000 * n)
        window.note_commands.add_bookmark()
        if n % 2:
            qtbot.keyClick(window.note_commands.editor.label_edit, Qt.Key.Key_Escape)
    qtbot.wait(10)  # deleteLater() is carried out by the event loop
    assert len(window.findChildren(NoteEditor)) == 1
    assert len(window.notes.items()) == 12


def test_ctrl_h_highlights_the_turn_on_screen_not_a_selection_scrolled_away(qtbot, window: MainWindow,
                                                                           fake_player: FakePlayer,
                                                                           sample_paths: tuple[Path, Path]) -> None:
    from PySide6.QtWidgets import QLabel

    window.resize(700, 320)
    window.open_transcript(*sample_paths)
    last = window.model.rowCount() - 1
    window.view.setCurrentIndex(window.model.index(last, 0))  # selected near the end of the talk
    window.controller.seek(window.model.turn(2).start + 100)  # while the start plays, in view
    window.view.reduced_motion = True
    window.follower.resume()
    QApplication.processEvents()
    assert not window.view.is_row_visible(last)
    item = window.note_commands.add_highlight()
    assert item is not None and item.turn_index == 2
    titles = [label.text() for label in window.note_commands.editor.findChildren(QLabel)]
    assert any(title.endswith(": the turn being spoken") for title in titles)


def test_space_without_a_recording_says_how_to_open_one(qtbot, window: MainWindow, tmp_path: Path,
                                                        sample_paths: tuple[Path, Path]) -> None:
    bare = tmp_path / "bare.txt"
    bare.write_text(sample_paths[0].read_text(encoding="utf-8"), encoding="utf-8")
    window.open_transcript(bare)
    qtbot.keyClick(window.view, Qt.Key.Key_Space)
    assert window.statusBar().currentMessage().startswith("No recording: File > Open Media")


def test_a_highlight_takes_the_whole_words_its_selection_touches(qtbot, window: MainWindow,
                                                                  sample_paths: tuple[Path, Path]) -> None:
    from reader.qt.note_commands import snap_to_words

    assert snap_to_words("big things have changed, ", 8, 18) == (4, 23)  # "gs have ch" -> "things have changed"
    assert snap_to_words("skim, search", 0, 4) == (0, 4)  # the comma after it stays out
    assert snap_to_words("a  bc", 1, 4) == (3, 5)  # spaces at the ends dropped first, then the word grows
    assert snap_to_words("word", 2, 2) == (2, 2)
    window.open_transcript(*sample_paths)
    text = window.model.turn(3).text
    window.view.set_text_selection(3, 2, 9)
    item = window.note_commands.add_highlight()
    assert item.quote.exact == text[item.char_start:item.char_end]
    assert item.char_start == 0 and not text[item.char_end - 1].isspace() and text[item.char_end] == " "


def test_the_status_bar_says_where_notes_go_once_then_only_that_they_are_saved(
        qtbot, window: MainWindow, fake_player: FakePlayer, sample_paths: tuple[Path, Path]) -> None:
    # Every autosave used to put the notes file's whole path in the status bar for 4 s (a hashed name in the
    # data folder for the sample), over the alignment's progress.
    transcript, media = sample_paths
    window.open_transcript(transcript, media)
    said = []
    window.notes.saved.connect(lambda path: said.append(window.statusBar().currentMessage()))
    for ms in (10_000, 20_000):
        window.controller.seek(ms)
        qtbot.keyClick(window.view, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)
        qtbot.keyClick(window.note_commands.editor.label_edit, Qt.Key.Key_Return)
        window.notes.save_now()
    where = str(window.notes.path)
    assert said[0] == f"Notes saved to {where}" and said[1:] and set(said[1:]) == {"Notes saved"}, said
