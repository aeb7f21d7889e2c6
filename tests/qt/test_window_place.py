"""What the window shows around playback: the clicked turn stays put, the seek bar jumps, the place is kept."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtWidgets import QApplication, QStyle, QStyleOptionSlider

from reader.playback.fake_player import FakePlayer
from reader.qt.main_window import MainWindow
from tests.qt.test_follow import open_small


def test_a_click_on_a_turn_seeks_without_moving_it_from_under_the_pointer(
        qtbot, window: MainWindow, fake_player: FakePlayer, sample_paths: tuple[Path, Path]) -> None:
    open_small(window, sample_paths)
    view = window.view
    bar = view.verticalScrollBar()
    # Turn 9 low in the view, where following would scroll it up (placed by pixels: the window's strips and
    # bars take what height they need, so which turn happens to sit there varies).
    row = 9
    bar.setValue(bar.value() + view.row_rect(row).top() - (int(view.viewport().height() * 0.6) + 4))
    assert view.is_row_visible(row)
    assert view.row_rect(row).top() > view.viewport().height() * 0.6
    before = view.row_rect(row).top()
    point = QPoint(30, view.row_rect(row).top() + 8)  # on the time column: a click on the turn
    qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)
    assert window.controller.active_turn() == row
    fake_player.play()
    for _ in range(5):  # playback goes on inside that turn: still no scroll
        fake_player.advance(100)
        window.controller.positionChanged.emit(window.controller.position())
        QApplication.processEvents()
    assert view.row_rect(row).top() == before
    qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=point)  # a double click: same turn
    assert window.controller.active_turn() == row and view.row_rect(row).top() == before
    window.controller.seek(window.model.times().start(row + 2))  # the playback moves on: following goes on
    assert view.row_rect(row + 2).top() < view.viewport().height() * 0.6


def test_a_click_on_the_seek_bar_jumps_there(qtbot, window: MainWindow, fake_player: FakePlayer,
                                            sample_paths: tuple[Path, Path]) -> None:
    window.open_transcript(*sample_paths)
    qtbot.waitUntil(lambda: window.transport.slider.isEnabled())
    slider = window.transport.slider
    option = QStyleOptionSlider()
    slider.initStyleOption(option)
    groove = slider.style().subControlRect(QStyle.ComplexControl.CC_Slider, option,
                                           QStyle.SubControl.SC_SliderGroove, slider)
    qtbot.mouseClick(slider, Qt.MouseButton.LeftButton, pos=QPoint(groove.left() + groove.width() * 3 // 4,
                                                                   groove.center().y()))
    duration = window.controller.duration()
    assert abs(fake_player.seeks[-1] - duration * 3 / 4) < duration * 0.03  # not one page of 30 s


def test_no_back_button_without_a_recording(qtbot, window: MainWindow, sample_paths: tuple[Path, Path],
                                            tmp_path: Path) -> None:
    bare = tmp_path / "bare.txt"
    bare.write_text(sample_paths[0].read_text(encoding="utf-8"), encoding="utf-8")
    window.open_transcript(bare)
    window.view.verticalScrollBar().triggerAction(window.view.verticalScrollBar().SliderAction.SliderToMaximum)
    assert not window.follower.suspended and not window.follower.back_button.isVisible()


def test_a_speaker_filter_keeps_the_spoken_turn_in_view(qtbot, window: MainWindow, fake_player: FakePlayer,
                                                        sample_paths: tuple[Path, Path]) -> None:
    open_small(window, sample_paths)
    turns = window.model.transcript.turns
    row = 20
    window.controller.seek(turns[row].start)
    assert window.view.is_row_visible(row)
    window.speakers_panel.filterRequested.emit(frozenset({turns[row].speaker}))
    QApplication.processEvents()
    assert window.view.is_row_visible(row)
    window.speakers_panel.filterRequested.emit(None)
    QApplication.processEvents()
    assert window.view.is_row_visible(row)


def test_reopening_shows_the_restored_place(qtbot, fake_player: FakePlayer, sample_paths: tuple[Path, Path],
                                            tmp_path: Path) -> None:
    def new_window(player: FakePlayer) -> MainWindow:
        win = MainWindow(player, monotonic=player.clock, notes_dir=tmp_path / "n",
                         settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
        qtbot.addWidget(win)
        win.resize(700, 320)
        win.show()
        qtbot.waitExposed(win)
        return win

    first = new_window(fake_player)
    first.open_transcript(*sample_paths)
    first.controller.seek(130_000)
    first.close()
    player = FakePlayer(150_000, report_every_ms=1000, has_video=True)
    second = new_window(player)
    second.view.reduced_motion = True
    second.open_transcript(*sample_paths)
    QApplication.processEvents()
    row = second.controller.active_turn()
    assert row > 20 and second.view.is_row_visible(row)  # the spoken turn, not the top of the talk
    assert abs(second.transport.slider.value() - 130_000) < 1000  # the handle where playback will resume


def test_focus_returns_to_the_transcript_after_a_dialog(qtbot, window: MainWindow,
                                                       sample_paths: tuple[Path, Path]) -> None:
    window.open_transcript(*sample_paths)
    window.export_notes()
    dialog = window.export_dialog
    assert dialog is not None
    qtbot.waitExposed(dialog)
    dialog.reject()
    QApplication.processEvents()
    assert QApplication.focusWidget() is window.view


def test_sync_keys_have_a_binding_desktops_do_not_take(qtbot, window: MainWindow,
                                                       sample_paths: tuple[Path, Path]) -> None:
    window.open_transcript(*sample_paths)
    qtbot.keyClick(window.view, Qt.Key.Key_Right, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(window.view, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.sync.time_map.offset_ms == 100 - 1000


def test_the_detached_video_passes_the_window_s_keys_on(qtbot, window: MainWindow, fake_player: FakePlayer,
                                                         sample_paths: tuple[Path, Path]) -> None:
    window.open_transcript(*sample_paths)
    window.video_dock.set_detached(True)
    qtbot.waitExposed(window.video)
    window.video.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window.video)  # the main window's keys are not live
    qtbot.keyClick(window.video, Qt.Key.Key_B, Qt.KeyboardModifier.ControlModifier)  # bookmark this moment
    assert len(window.notes.items()) == 1
    window.note_commands.editor.close()
    window.video_dock.set_detached(False)
