"""Re-sync in the window: offset keys, "this turn starts now", estimates for untimed transcripts."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from reader.playback.fake_player import FakePlayer
from reader.qt.main_window import MainWindow
from reader.qt.transcript_model import EstimatedRole, TimeTextRole

CTRL_ALT = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier


def test_offset_keys_move_every_time_and_are_saved(qtbot, window: MainWindow, fake_player: FakePlayer,
                                                   sample_paths: tuple[Path, Path]) -> None:
    window.open_transcript(*sample_paths)
    for _ in range(3):
        qtbot.keyClick(window.view, Qt.Key.Key_Right, CTRL_ALT)
    qtbot.keyClick(window.view, Qt.Key.Key_Right, CTRL_ALT | Qt.KeyboardModifier.ShiftModifier)
    assert window.sync.time_map.offset_ms == 1300
    assert window.model.index(2, 0).data(TimeTextRole) == "00:16"  # 15.0 s in the file, 16.3 s in the media
    assert "offset +1.3 s" in window.status.sync.text()
    window.navigator.seek_turn(2)
    assert fake_player.seeks[-1] == 16_300
    window.controller.seek(16_200)
    assert window.controller.active_turn() == 1  # the media is still in turn 1 until 16.3 s
    window.notes.save_now()
    data = json.loads(sample_paths[0].with_name("talk.txt.notes.json").read_text(encoding="utf-8"))
    assert data["sync"] == {"offset_ms": 1300, "anchors": []}


def test_this_turn_starts_now_anchors_and_survives_reopening(
        qtbot, window: MainWindow, fake_player: FakePlayer, sample_paths: tuple[Path, Path], tmp_path: Path) -> None:
    window.open_transcript(*sample_paths)
    window.controller.seek(24_500)  # turn 4 (22 s in the file) really begins here in this recording
    window.view.selectionModel().select(window.model.index(4, 0),
                                        window.view.selectionModel().SelectionFlag.ClearAndSelect)
    qtbot.keyClick(window.view, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    assert window.sync.times.start(4) == 24_500
    assert window.sync.times.start(5) == 34_000 + 2_500  # one anchor is an offset
    window.close()
    QApplication.processEvents()
    player = FakePlayer()
    again = MainWindow(player, monotonic=player.clock, settings=window.settings)
    qtbot.addWidget(again)
    again.open_transcript(*sample_paths)
    assert again.sync.times.start(4) == 24_500
    again.sync.reset()
    assert again.sync.times.start(4) == 22_000


def test_untimed_transcript_gets_estimates_that_taps_improve(qtbot, window: MainWindow, fake_player: FakePlayer,
                                                             tmp_path: Path) -> None:
    text = "\n\n".join(f"{'Ana' if i % 2 else 'Ben'}: {'word ' * (5 + i % 7)}end." for i in range(12))
    path = tmp_path / "interview.txt"
    path.write_text(text, encoding="utf-8")
    window.open_transcript(path, None)
    fake_player._duration = 60_000
    window.controller._on_player_duration(60_000)
    assert window.model.index(3, 0).data(EstimatedRole) is True
    assert window.model.index(3, 0).data(TimeTextRole).startswith("~")
    starts = [window.sync.times.start(r) for r in range(12)]
    assert starts == sorted(starts) and starts[0] >= 0 and starts[-1] < 60_000
    window.controller.seek(30_000)
    window.view.selectionModel().select(window.model.index(8, 0),
                                        window.view.selectionModel().SelectionFlag.ClearAndSelect)
    window.turn_starts_now()
    assert window.sync.times.start(8) == 30_000
    assert window.controller.active_turn() == 8


def test_anchors_are_listed_and_removable(window: MainWindow, sample_paths: tuple[Path, Path]) -> None:
    window.open_transcript(*sample_paths)
    window.view.reduced_motion = True  # the view is where it scrolls to at once: the selected turn is on screen
    for row, position in ((4, 24_500), (20, 121_000)):
        window.controller.seek(position)
        window.view.selectionModel().select(window.model.index(row, 0),
                                            window.view.selectionModel().SelectionFlag.ClearAndSelect)
        window.turn_starts_now()
    assert window.sync.time_map.anchors == ((22_000, 24_500), (119_000, 121_000))
    window.show_anchors()
    dialog = window.anchors_dialog
    assert dialog.list.count() == 2 and "00:22.000" in dialog.list.item(0).text()
    dialog.list.setCurrentRow(0)
    dialog.remove_button.click()
    assert window.sync.time_map.anchors == ((119_000, 121_000),)
    assert dialog.list.count() == 1
    assert "1 sync anchor" in window.status.sync.text()


def test_after_a_shift_every_place_shows_the_recordings_time(qtbot, window: MainWindow, fake_player: FakePlayer,
                                                             sample_paths: tuple[Path, Path]) -> None:
    """Row, Copy, accessible text, notes panel, editor title, timeline hover and exports all say 00:20, not 00:15."""
    from PySide6.QtGui import QGuiApplication

    from reader.core.export import export_notes
    from reader.core.timecode import ms_to_clock
    from reader.qt.notes_panel import TimeTextRole as NoteTimeRole

    window.open_transcript(*sample_paths)
    turn = window.model.turn(2)
    assert turn.start == 15_000
    window.sync.shift(5_000)
    media = ms_to_clock(20_000)
    index = window.model.index(2, 0)
    assert index.data(TimeTextRole) == media
    assert index.data(Qt.ItemDataRole.DisplayRole).startswith(media)
    assert f" at {media}" in index.data(Qt.ItemDataRole.AccessibleTextRole)
    window.view.setCurrentIndex(index)
    window.view.copy()
    assert QGuiApplication.clipboard().text().startswith(f"[{media}] ")
    window.navigator.seek_turn(2)
    assert fake_player.seeks[-1] == 20_000
    bookmark = window.note_commands.add_bookmark()
    assert bookmark is not None and bookmark.start_ms == 15_000  # notes keep the transcript's clock...
    editor = window.note_commands.editor
    assert editor is not None and f"Bookmark at {media}" in [label.text() for label in editor.findChildren(QLabel)]
    editor.close()
    panel_index = window.notes_panel.model.index(0, 0)
    assert panel_index.data(NoteTimeRole) == media  # ...and every place shows the recording's
    assert panel_index.data(Qt.ItemDataRole.DisplayRole).startswith(f"[{media}]")
    strip = window.timeline
    strip.resize(800, strip.height())
    assert f"{ms_to_clock(20_500)} — {turn.speaker}" in strip.tooltip_text_at(strip.x_for_ms(20_500))
    before = window.model.turn(1).speaker
    assert f"{ms_to_clock(19_500)} — {before}" in strip.tooltip_text_at(strip.x_for_ms(19_500))
    window.notes.save_now()
    from reader.core.export import ExportOptions
    whole = export_notes(window.transcript, window.notes.document, "markdown", ExportOptions(whole_transcript=True))
    assert f"**[{media}] {turn.speaker}:**" in whole  # the turn's heading in the whole transcript
    for fmt, expected in (("markdown", f"[{media}]"), ("html", f">[{media}]<"), ("json", f'"start": "{media}"'),
                          ("csv", "0:00:20"), ("srt", "00:00:20,000 -->"), ("vtt", "00:00:20.000 -->")):
        assert expected in export_notes(window.transcript, window.notes.document, fmt), fmt
