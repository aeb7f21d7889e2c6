"""Opening a large transcript: parsed off the GUI thread, with a progress dialog that can cancel it."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QLabel, QPushButton

from reader.qt.load_progress import LoadProgressDialog
from reader.qt.main_window import MainWindow
from tests.core.test_loading import write_big_page


def progress_dialogs(window: MainWindow) -> list[LoadProgressDialog]:
    """Return the visible progress dialogs of `window`."""
    return [d for d in window.findChildren(LoadProgressDialog) if d.isVisible()]


def test_a_large_file_opens_with_a_progress_dialog_and_the_window_keeps_running(
        qtbot, window: MainWindow, tmp_path: Path) -> None:
    page = write_big_page(tmp_path / "<b>big <img src=x> talk.txt", 60_000)  # about 8 MB: a second or two to parse
    seen: list[str] = []
    ticks: list[tuple[float, bool]] = []

    def watch() -> None:
        ticks.append((time.perf_counter(), window.loading is not None))
        for dialog in progress_dialogs(window):
            label = dialog.findChild(QLabel)
            seen.append(label.text())
            assert label.textFormat() == Qt.TextFormat.PlainText  # the file name is shown literally

    timer = QTimer()
    timer.timeout.connect(watch)
    timer.start(10)
    assert window.open_transcript(page)
    timer.stop()
    assert window.model.rowCount() == 60_000
    assert window.windowTitle().startswith("<b>big <img src=x> talk")
    assert any("<b>big <img src=x> talk.txt" in text and "MB" in text for text in seen)
    assert not progress_dialogs(window)
    # While the worker parsed, the GUI thread kept running its timers: a parse on the GUI thread leaves none.
    # How often it ran is a figure for `make bench` (a loaded 2-core machine can starve it of the GIL).
    assert any(loading for _, loading in ticks)


def test_cancel_leaves_the_open_transcript_as_it_was(qtbot, window: MainWindow, tmp_path: Path,
                                                     sample_paths: tuple[Path, Path]) -> None:
    assert window.open_transcript(*sample_paths)
    title = window.windowTitle()
    page = write_big_page(tmp_path / "huge.txt", 200_000)  # about 27 MB: many seconds of parsing
    clicked: list[float] = []

    def cancel_when_parsing() -> None:
        dialogs = progress_dialogs(window)
        if dialogs and window.loading is not None and window.loading.phase == "parsing":
            clicked.append(time.perf_counter())
            qtbot.mouseClick(dialogs[0].findChild(QPushButton), Qt.MouseButton.LeftButton)
        else:
            QTimer.singleShot(20, cancel_when_parsing)

    QTimer.singleShot(20, cancel_when_parsing)
    assert not window.open_transcript(page)
    assert clicked and time.perf_counter() - clicked[0] < 0.5  # the window is back at once
    assert window.model.rowCount() == 26 and window.windowTitle() == title
    assert "huge.txt was cancelled" in window.statusBar().currentMessage()
    assert not progress_dialogs(window)
    for thread in threading.enumerate():
        if thread.name == "parse huge.txt":
            thread.join(5)
            assert not thread.is_alive()  # the parse stopped rather than running on in the background
    assert window.open_transcript(sample_paths[0])  # and the next open works


def test_an_unreadable_file_is_reported_and_changes_nothing(qtbot, window: MainWindow, tmp_path: Path,
                                                          sample_paths: tuple[Path, Path]) -> None:
    assert window.open_transcript(*sample_paths)
    binary = tmp_path / "photo.txt"
    binary.write_bytes(bytes(range(256)) * 100)
    assert not window.open_transcript(binary)
    assert window.model.rowCount() == 26
    assert "photo.txt: not a transcript" in window.banner.label.text()


def test_a_five_megabyte_line_opens_in_parts_without_freezing_the_window(qtbot, window: MainWindow,
                                                                          tmp_path: Path) -> None:
    line = tmp_path / "one line.txt"
    line.write_text("Ada Lovelace (00:01): " + "analytical engines weave algebraic patterns. " * 110_000 + "\n",
                    encoding="utf-8")
    assert window.open_transcript(line)
    started = time.perf_counter()
    window.view.viewport().repaint()  # laying the single 5 MB paragraph out took 4 s before it came in parts
    assert time.perf_counter() - started < 1.0
    assert window.model.rowCount() > 450
    assert "shown in" in window.banner.label.text() and "parts" in window.banner.label.text()
