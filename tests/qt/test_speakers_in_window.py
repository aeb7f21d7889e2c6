"""Speakers panel, renames and filters, and the timeline, wired into the window."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication

from reader.playback.fake_player import FakePlayer
from reader.qt.main_window import MainWindow
from reader.qt.transcript_model import SpeakerRole


def test_filter_by_speaker_and_by_notes(window: MainWindow, sample_paths: tuple[Path, Path]) -> None:
    window.open_transcript(*sample_paths)
    window.speakers_panel.filterRequested.emit(frozenset({"Priya Raman"}))
    QApplication.processEvents()
    shown = [r for r in range(window.model.rowCount()) if window.view.row_shown(r)]
    assert shown and all(window.model.turn(r).speaker == "Priya Raman" for r in shown)
    window.speakers_panel.filterRequested.emit(None)
    window.controller.seek(window.model.turn(5).start)
    window.note_commands.add_bookmark()
    window.note_commands.editor.close()
    window.rows.set_notes_only(True)
    assert [r for r in range(window.model.rowCount()) if window.view.row_shown(r)] == [5]
    window.rows.set_notes_only(False)
    assert all(window.view.row_shown(r) for r in range(window.model.rowCount()))


def test_rename_is_a_display_override_saved_with_the_notes(qtbot, fake_player: FakePlayer, tmp_path: Path,
                                                           sample_paths: tuple[Path, Path]) -> None:
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    window = MainWindow(fake_player, monotonic=fake_player.clock, settings=settings)
    qtbot.addWidget(window)
    window.open_transcript(*sample_paths)
    window.speakers_panel.renameRequested.emit("Tomás Okafor", "Dr Okafor")
    assert window.model.index(1, 0).data(SpeakerRole) == "Dr Okafor"
    assert "Dr Okafor (8)" in window.info.text()
    window.close()
    notes = json.loads(sample_paths[0].with_name("talk.txt.notes.json").read_text(encoding="utf-8"))
    assert notes["speaker_names"] == {"Tomás Okafor": "Dr Okafor"}
    assert "Tomás Okafor" in sample_paths[0].read_text(encoding="utf-8")  # the transcript is untouched
    player = FakePlayer()
    again = MainWindow(player, monotonic=player.clock, settings=settings)
    qtbot.addWidget(again)
    again.open_transcript(*sample_paths)
    assert again.model.index(1, 0).data(SpeakerRole) == "Dr Okafor"


def test_timeline_click_seeks_and_follows_the_playhead(window: MainWindow, fake_player: FakePlayer,
                                                       sample_paths: tuple[Path, Path]) -> None:
    window.open_transcript(*sample_paths)
    QApplication.processEvents()
    window.timeline.seekRequested.emit(77_000)
    assert fake_player.seeks[-1] == 77_000
    assert window.controller.active_turn() == 14
