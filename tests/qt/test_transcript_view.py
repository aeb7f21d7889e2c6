"""The lazily laid-out transcript view: 50,000 turns, exact heights where painted, hit tests."""

from __future__ import annotations

import random

import pytest
from PySide6.QtWidgets import QApplication

from reader.core.transcript import Transcript, Turn
from reader.qt.transcript_model import TextRole, TranscriptModel
from reader.qt.transcript_view import TranscriptView

WORDS = "the record shows what was said and when it was said by whom in which order".split()


def big_transcript(count: int) -> Transcript:
    rng = random.Random(7)
    texts = [" ".join(WORDS[k:] + WORDS[:k]) for k in range(len(WORDS))]  # 16 words each, rotated
    turns = [
        Turn(index=i, start=i * 4000, speaker=f"Speaker {i % 3}", text=" ".join(texts[: rng.randint(1, 6)]))
        for i in range(count)
    ]
    return Transcript(turns=turns, format="test")


@pytest.fixture(scope="module")
def transcript() -> Transcript:
    return big_transcript(50_000)


@pytest.fixture
def view(qtbot, transcript: Transcript):
    model = TranscriptModel(transcript)
    widget = TranscriptView(model)
    qtbot.addWidget(widget)
    widget.resize(700, 500)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def exact_rows(view: TranscriptView) -> int:
    return sum(view._exact)


def test_only_painted_rows_are_measured(view: TranscriptView) -> None:
    QApplication.processEvents()
    assert 0 < exact_rows(view) < 60
    assert view.verticalScrollBar().maximum() > 50_000 * 30


@pytest.mark.parametrize("row", [0, 1, 25_000, 49_999])
def test_scroll_to_row_shows_it_and_hit_tests_agree(view: TranscriptView, row: int) -> None:
    view.scroll_to_row(row)
    QApplication.processEvents()
    assert view.is_row_visible(row)
    index = view.model().index(row, 0)
    rect = view.visualRect(index)
    assert view.indexAt(rect.center()).row() == row
    assert view.indexAt(rect.topLeft()).row() == row
    assert view.indexAt(rect.bottomLeft()).row() == row
    # The painted rows have their exact height: what the delegate needs for their wrapped text.
    text = index.data(TextRole)
    assert rect.height() == view.delegate.exact_height(text, view.viewport().width())


def test_rows_tile_the_content_without_gaps(view: TranscriptView) -> None:
    view.scroll_to_row(30_000, 0.0)
    QApplication.processEvents()
    previous = view.visualRect(view.model().index(30_000, 0))
    for row in range(30_001, 30_010):
        rect = view.visualRect(view.model().index(row, 0))
        assert rect.top() == previous.bottom() + 1
        previous = rect


def test_resizing_relays_out_and_keeps_the_top_row(view: TranscriptView) -> None:
    view.scroll_to_row(20_000, 0.0)
    QApplication.processEvents()
    top = view.indexAt(view.viewport().rect().topLeft()).row()
    view.resize(420, 500)
    QApplication.processEvents()
    assert view.indexAt(view.viewport().rect().topLeft()).row() == top
    rect = view.visualRect(view.model().index(top, 0))
    assert rect.height() == view.delegate.exact_height(view.model().index(top, 0).data(TextRole),
                                                       view.viewport().width())


def test_keyboard_moves_the_current_turn(qtbot, view: TranscriptView) -> None:
    from PySide6.QtCore import Qt

    view.setFocus()
    view.setCurrentIndex(view.model().index(10, 0))
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert view.currentIndex().row() == 11
    qtbot.keyClick(view, Qt.Key.Key_End)
    assert view.currentIndex().row() == 49_999
    assert view.is_row_visible(49_999) or view.visualRect(view.currentIndex()).intersects(view.viewport().rect())
