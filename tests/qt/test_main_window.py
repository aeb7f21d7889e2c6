"""The main window with the fake player: click to seek, the highlight follows the clock, keys, errors."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt, QUrl
from PySide6.QtWidgets import QApplication, QToolButton

from reader.playback.fake_player import FakePlayer
from reader.playback.player import PlayerState
from reader.playback.unavailable_player import UnavailablePlayer
from reader.qt.main_window import MainWindow


def settle() -> None:
    """Deliver the queued signals from the player (they are queued, as libvlc's would be)."""
    QApplication.processEvents()


def open_sample(window: MainWindow, sample_paths: tuple[Path, Path]) -> None:
    transcript, media = sample_paths
    assert window.open_transcript(transcript, media)
    settle()


def test_opening_shows_title_speakers_and_turns(window: MainWindow, sample_paths: tuple[Path, Path]) -> None:
    open_sample(window, sample_paths)
    assert window.windowTitle().startswith("Reading the Record:")
    assert window.model.rowCount() == 26
    info = window.info.text()
    assert "Maya Lindqvist (10)" in info and "26 turns" in info and "talk.mp4" in info
    assert window.video.isVisible()  # the fake says the media has a picture
    assert window.transport.duration_label.text() == "02:30"


def test_clicking_a_turn_seeks_to_its_start_and_moves_the_highlight(
        qtbot, window: MainWindow, fake_player: FakePlayer, sample_paths: tuple[Path, Path]) -> None:
    open_sample(window, sample_paths)
    for row in (7, 2, 12):
        window.view.scrollTo(window.model.index(row, 0))
        rect = window.view.visualRect(window.model.index(row, 0))
        # The time column (not a word): the turn's start.
        qtbot.mouseClick(window.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.topLeft() + QPoint(20, 12))
        start = window.model.turn(row).start
        assert fake_player.seeks[-1] == start
        assert window.controller.active_turn() == row  # at once, before any report from the player
        assert window.model.active_row() == row


def test_highlight_follows_the_interpolated_clock_not_the_coarse_reports(
        window: MainWindow, fake_player: FakePlayer, sample_paths: tuple[Path, Path]) -> None:
    open_sample(window, sample_paths)
    starts = [t.start for t in window.model.transcript.turns]
    window.controller.seek(500)  # reports now fall on x.5 s, never on a turn start
    window.controller.play()
    settle()
    fake_player.advance(starts[3] - 500 + 100)  # 100 ms into turn 3
    settle()
    assert fake_player.position_ms() < starts[3]  # the player's own report still says turn 2...
    window.controller.refresh()
    assert window.controller.active_turn() == 3  # ...but the highlight has moved on time
    fake_player.advance(starts[4] - starts[3] - 150)  # 50 ms before turn 4
    settle()
    window.controller.refresh()
    assert window.controller.active_turn() == 3
    fake_player.advance(60)
    window.controller.refresh()
    assert window.controller.active_turn() == 4


def test_highlight_keeps_the_active_turn_in_view(
        qtbot, window: MainWindow, fake_player: FakePlayer, sample_paths: tuple[Path, Path]) -> None:
    open_sample(window, sample_paths)
    window.resize(700, 300)
    settle()
    last = window.model.rowCount() - 1
    window.controller.seek(window.model.turn(last).start)
    qtbot.waitUntil(lambda: window.view.is_row_visible(last), timeout=2000)  # scrolled smoothly


def test_space_toggles_play_and_arrows_skip(
        qtbot, window: MainWindow, fake_player: FakePlayer, sample_paths: tuple[Path, Path]) -> None:
    open_sample(window, sample_paths)
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Space)
    settle()
    assert fake_player.state() is PlayerState.PLAYING
    assert window.transport.play_button.accessibleName() == "Pause"
    qtbot.keyClick(window.view, Qt.Key.Key_Right)
    assert fake_player.seeks[-1] == 5000
    qtbot.keyClick(window.view, Qt.Key.Key_Space)
    settle()
    assert fake_player.state() is PlayerState.PAUSED


def test_speed_selector_sets_the_rate(window: MainWindow, fake_player: FakePlayer,
                                      sample_paths: tuple[Path, Path]) -> None:
    open_sample(window, sample_paths)
    window.transport.rate_box.setCurrentIndex(window.transport.rate_box.findData(1.5))
    assert fake_player.rate() == 1.5
    assert window.controller.rate() == 1.5


def test_media_error_shows_a_banner_and_keeps_the_transcript(
        window: MainWindow, fake_player: FakePlayer, sample_paths: tuple[Path, Path]) -> None:
    fake_player.fail_with = "Cannot play talk.mp4: no audio or video stream found"
    open_sample(window, sample_paths)
    assert window.banner.isVisible()
    assert "no audio or video stream" in window.banner.label.text()
    assert window.model.rowCount() == 26
    assert not window.video.isVisible()


def test_without_libvlc_the_transcript_opens_and_the_banner_says_how_to_install(
        qtbot, sample_paths: tuple[Path, Path]) -> None:
    window = MainWindow(UnavailablePlayer("VLC is not installed: sudo apt install vlc"))
    qtbot.addWidget(window)
    window.show()
    assert window.open_transcript(*sample_paths)
    settle()
    assert window.model.rowCount() == 26
    assert "apt install vlc" in window.banner.label.text()


def test_bad_transcript_shows_a_banner_naming_the_file(window: MainWindow, tmp_path: Path) -> None:
    bad = tmp_path / "notes.txt"
    bad.write_text("no turns here\n")
    assert not window.open_transcript(bad)
    assert window.banner.isVisible() and str(bad) in window.banner.label.text()


def test_dropping_a_transcript_and_its_media(window: MainWindow, fake_player: FakePlayer,
                                             sample_paths: tuple[Path, Path]) -> None:
    transcript, media = sample_paths
    window.open_dropped([QUrl.fromLocalFile(str(media)), QUrl.fromLocalFile(str(transcript))])
    settle()
    assert window.model.rowCount() == 26
    assert fake_player.path == media


def test_media_beside_the_transcript_is_paired(window: MainWindow, fake_player: FakePlayer, tmp_path: Path,
                                                sample_paths: tuple[Path, Path]) -> None:
    transcript = tmp_path / "interview.txt"
    transcript.write_text(sample_paths[0].read_text(encoding="utf-8"), encoding="utf-8")
    (tmp_path / "interview.ogg").write_bytes(b"OggS")
    assert window.open_transcript(transcript)
    assert fake_player.path == tmp_path / "interview.ogg"


def test_untrusted_text_is_shown_literally(window: MainWindow, tmp_path: Path) -> None:
    page = tmp_path / "x.txt"
    page.write_text(
        "<h1>Big</h1> <img src=x>\nPosted Jan 01 | Views 1\n\nAna Lee (00:01): <b>bold</b> <a href='http://x'>link</a>\n",
        encoding="utf-8")
    assert window.open_transcript(page)
    assert window.windowTitle().startswith("<h1>Big</h1> <img src=x>")
    assert window.info.textFormat() == Qt.TextFormat.PlainText
    assert "<h1>Big</h1>" in window.info.text()
    assert window.model.turn(0).text == "<b>bold</b> <a href='http://x'>link</a>"
    assert window.banner.label.textFormat() == Qt.TextFormat.PlainText


def test_recent_files_and_layout_are_remembered(qtbot, tmp_path: Path, sample_paths: tuple[Path, Path]) -> None:
    from PySide6.QtCore import QSettings

    settings_file = str(tmp_path / "s.ini")
    player = FakePlayer()
    first = MainWindow(player, monotonic=player.clock, settings=QSettings(settings_file, QSettings.Format.IniFormat))
    qtbot.addWidget(first)
    first.show()
    first.open_transcript(*sample_paths)
    first.resize(700, 500)  # the offscreen screen is 800x600
    first.notes_panel.show()
    first.close()
    player = FakePlayer()
    second = MainWindow(player, monotonic=player.clock, settings=QSettings(settings_file, QSettings.Format.IniFormat))
    qtbot.addWidget(second)
    second.restore_layout()
    second.show()
    assert second.recent.pairs()[0] == (str(sample_paths[0].resolve()), str(sample_paths[1].resolve()))
    assert (second.width(), second.height()) == (700, 500)
    assert second.notes_panel.isVisible()
    second.recent.fill_menu(second.recent_menu)
    second.recent_menu.actions()[0].trigger()
    assert second.model.rowCount() == 26 and player.path == sample_paths[1].resolve()


def test_video_detaches_into_its_own_window_and_comes_back(qtbot, window: MainWindow,
                                                           sample_paths: tuple[Path, Path]) -> None:
    open_sample(window, sample_paths)
    handle = window.video.native_handle()
    qtbot.keyClick(window.view, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    assert window.video.isWindow() and window.video.isVisible()
    assert window.video.native_handle() == handle  # the window libvlc draws into is kept, not recreated
    window.video.close()  # closing the video window puts it back
    assert not window.video.isWindow() and window.splitter.indexOf(window.video) == 0
    assert not window.commands["detach_video"].isChecked()


def test_f11_puts_the_video_full_screen_and_esc_brings_it_back(qtbot, window: MainWindow,
                                                               sample_paths: tuple[Path, Path]) -> None:
    open_sample(window, sample_paths)
    window.splitter.setSizes([300, 700])  # the reader's own split
    QApplication.processEvents()
    before = window.splitter.sizes()
    qtbot.keyClick(window.view, Qt.Key.Key_F11)
    assert window.video.isWindow() and window.video.windowState() & Qt.WindowState.WindowFullScreen
    qtbot.keyClick(window.video, Qt.Key.Key_Escape)
    assert not window.video.isWindow() and window.splitter.indexOf(window.video) == 0
    QApplication.processEvents()
    assert window.splitter.sizes() == before  # leaving full screen does not widen the video pane


def test_the_banner_keeps_the_last_few_messages_until_dismissed(qtbot, window: MainWindow) -> None:
    banner = window.banner
    banner.show_message("talk.mp4: the file is incomplete")
    banner.show_message("The recording is shorter than the transcript")
    banner.show_message("talk.mp4: the file is incomplete")  # again: moved last, not doubled
    assert banner.messages() == ["The recording is shorter than the transcript", "talk.mp4: the file is incomplete"]
    assert banner.label.text() == "The recording is shorter than the transcript\ntalk.mp4: the file is incomplete"
    for n in range(4):
        banner.show_message(f"message {n}")
    assert banner.messages() == ["message 1", "message 2", "message 3"]
    qtbot.mouseClick(banner.findChild(QToolButton), Qt.MouseButton.LeftButton)
    assert not banner.isVisible() and banner.messages() == []
    banner.show_message("a new one")
    assert banner.label.text() == "a new one"


def test_about_says_which_player_plays_and_what_times_the_words(window: MainWindow) -> None:
    from reader.qt.about import about_text

    text = about_text(window.controller.player)
    assert "Playback: FakePlayer" in text and "Word times: " in text
    assert window.statusBar().toolTip() == "Playback: FakePlayer"
    assert window.commands["about"] in window.menuBar().actions()[-1].menu().actions()
