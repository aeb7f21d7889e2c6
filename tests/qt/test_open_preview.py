"""A big transcript's first turns show while the rest is read; cancelling puts back what was shown."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtWidgets import QPushButton

import reader.core.formats as formats
from reader.core.formats import PREVIEW_CHARS, PREVIEW_MIN_CHARS, parse_file
from reader.qt.load_progress import LoadProgressDialog
from reader.qt.main_window import MainWindow
from reader.qt.transcript_model import HighlightsRole
from tests.core.test_loading import write_big_page


def test_parse_file_previews_the_first_turns_of_a_big_file_only(tmp_path: Path) -> None:
    big = write_big_page(tmp_path / "big.txt", 20_000)
    assert len(big.read_text(encoding="utf-8")) >= PREVIEW_MIN_CHARS
    previews = []
    whole = parse_file(big, on_preview=previews.append)
    assert len(previews) == 1
    first = previews[0]
    assert 10 < len(first.turns) < len(whole.turns)
    assert sum(len(t.text) for t in first.turns) <= PREVIEW_CHARS
    for shown, read in zip(first.turns, whole.turns, strict=False):  # the same turns, in the same format
        assert (shown.speaker, shown.start, shown.text) == (read.speaker, read.start, read.text)
    assert first.format == whole.format

    small = write_big_page(tmp_path / "small.txt", 50)
    parse_file(small, on_preview=previews.append)
    assert len(previews) == 1  # a small file opens at once: no preview


def test_a_json_document_cut_short_gives_no_preview_and_no_error(tmp_path: Path) -> None:
    segments = ",".join(f'{{"start": {i}.0, "end": {i}.5, "text": "word {i} {"x" * 40}"}}' for i in range(25_000))
    path = tmp_path / "whisper.json"
    path.write_text(f'{{"text": "", "segments": [{segments}]}}', encoding="utf-8")
    previews = []
    transcript = parse_file(path, on_preview=previews.append)
    assert transcript.turns and previews == []


def _dialog(window: MainWindow) -> LoadProgressDialog | None:
    dialogs = [d for d in window.findChildren(LoadProgressDialog) if d.isVisible()]
    return dialogs[0] if dialogs else None


def test_the_first_turns_are_painted_before_the_file_is_read(qtbot, window: MainWindow, tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    page = write_big_page(tmp_path / "big.txt", 60_000)
    resets: list[tuple[int, str | None, bool]] = []  # (rows, first speaker, while the file was being read)
    painted: list[int] = []
    preview_painted = threading.Event()
    # The whole file is read only once the preview has been painted (or after 20 s): on a busy machine the
    # worker could otherwise finish before the window's next look, and the test would see no preview.
    real_parse_text = formats.parse_text

    def gated_parse_text(text: str, **kwargs):
        if len(text) > PREVIEW_CHARS:
            preview_painted.wait(20)
        return real_parse_text(text, **kwargs)

    monkeypatch.setattr(formats, "parse_text", gated_parse_text)

    def on_reset() -> None:
        loading = window.loading is not None and not window.loading.done()
        rows = window.model.rowCount()
        resets.append((rows, window.model.turn(0).speaker if rows else None, loading))

    window.model.modelReset.connect(on_reset)
    original = window.view.paintEvent

    def paint_event(event) -> None:
        original(event)
        if window.loading is not None and not window.loading.done() and window.model.rowCount():
            painted.append(window.model.rowCount())
            preview_painted.set()

    window.view.paintEvent = paint_event  # type: ignore[method-assign]
    started = time.monotonic()
    assert window.open_transcript(page)
    assert preview_painted.is_set(), f"no rows were painted while the file was being read: {resets}"
    assert time.monotonic() - started < 15
    previews = [reset for reset in resets if reset[2]]
    assert previews and all(0 < rows < 60_000 for rows, _, _ in previews), resets
    assert all(0 < rows < 60_000 for rows in painted), painted
    assert window.model.rowCount() == 60_000 and window.model.turn(0).speaker == previews[0][1]
    assert window.view.indexAt(QPoint(4, 4)).row() == 0


def test_cancel_after_the_preview_puts_back_rows_notes_place_and_filter(
        qtbot, window: MainWindow, tmp_path: Path, sample_paths: tuple[Path, Path]) -> None:
    assert window.open_transcript(*sample_paths)
    window.view.setCurrentIndex(window.model.index(3, 0))
    window.view.selectionModel().clear()
    window.controller.seek(window.controller.times().start(3) + 100)
    item = window.note_commands.add_highlight()
    assert item is not None and item.turn_index == 3
    speaker = window.model.turn(3).speaker
    window.rows.set_speakers(frozenset({speaker}))
    shown_before = [row for row in range(window.model.rowCount()) if window.view.row_shown(row)]
    assert 0 < len(shown_before) < window.model.rowCount()
    window.view.scrollTo(window.model.index(shown_before[-1], 0), window.view.ScrollHint.PositionAtTop)
    qtbot.wait(50)
    top = window.view.indexAt(QPoint(4, 4)).row()
    title = window.windowTitle()

    page = write_big_page(tmp_path / "huge.txt", 200_000)
    cancelled: list[int] = []

    def cancel_after_preview() -> None:
        dialog = _dialog(window)
        if dialog is not None and window.model.rowCount() not in (0, 26):  # the preview is up
            cancelled.append(window.model.rowCount())
            qtbot.mouseClick(dialog.findChild(QPushButton), Qt.MouseButton.LeftButton)
        else:
            QTimer.singleShot(5, cancel_after_preview)

    QTimer.singleShot(5, cancel_after_preview)
    assert not window.open_transcript(page)
    assert cancelled
    assert window.model.rowCount() == 26 and window.windowTitle() == title
    assert window.model.index(3, 0).data(HighlightsRole)  # the highlight is painted again
    assert [row for row in range(26) if window.view.row_shown(row)] == shown_before
    qtbot.wait(50)
    assert window.view.indexAt(QPoint(4, 4)).row() == top
    assert window.open_transcript(sample_paths[0])  # and the next open works
