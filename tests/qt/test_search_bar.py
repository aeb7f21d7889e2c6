"""The find bar: counts, stepping and wrapping by key, the options, errors, closing; the go-to-time dialog."""

from __future__ import annotations

import time
from unittest.mock import patch

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QPushButton

from reader.core import search
from reader.core.search import Matches, SearchIndex
from reader.core.transcript import Turn
from reader.qt import search_bar
from reader.qt.search_bar import TOO_SLOW_AS_YOU_TYPE, GoToTimeDialog, SearchBar, ask_time, warning_colour

TEXTS = ("The theory is sound.", "A café and a cafe.", "the end, THE END, bathe")


def make_index(*texts: str) -> SearchIndex:
    return SearchIndex([Turn(index=i, start=i * 1000, speaker="AB"[i % 2], text=t) for i, t in enumerate(texts)])


class Recorder:
    """Keeps what the bar emitted."""

    def __init__(self, bar: SearchBar) -> None:
        self.matches: list[Matches] = []
        self.current: list[tuple[int, int, int]] = []
        self.closed = 0
        bar.matchesChanged.connect(self.matches.append)
        bar.currentMatchChanged.connect(lambda *args: self.current.append(args))
        bar.closed.connect(self._on_closed)

    def _on_closed(self) -> None:
        self.closed += 1


@pytest.fixture
def index() -> dict[str, SearchIndex | None]:
    return {"index": make_index(*TEXTS)}


@pytest.fixture
def bar(qtbot, index: dict[str, SearchIndex | None]) -> SearchBar:
    widget = SearchBar(lambda: index["index"])
    qtbot.addWidget(widget)
    widget.resize(700, 40)
    widget.open()
    qtbot.waitExposed(widget)
    return widget


def type_query(qtbot, bar: SearchBar, text: str) -> None:
    """Type `text` into the field and wait for the debounced search."""
    with qtbot.waitSignal(bar.currentMatchChanged, timeout=2000):
        qtbot.keyClicks(bar.edit, text)


def press(qtbot, bar: SearchBar, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> None:
    qtbot.keyClick(bar.edit, key, modifier)


def test_typing_shows_the_count_and_the_first_match(qtbot, bar: SearchBar) -> None:
    record = Recorder(bar)
    assert bar.edit.placeholderText() == "Find in transcript"
    assert bar.count_label.textFormat() == Qt.TextFormat.PlainText
    type_query(qtbot, bar, "cafe")
    assert bar.count_label.text() == "1 of 2"
    assert record.current[-1] == (1, 2, 6)
    assert list(record.matches[-1]) == [(1, 2, 6), (1, 13, 17)]
    # Debounced: one search for the whole burst of keys.
    assert len(record.matches) == 1


def test_enter_and_f3_step_and_wrap(qtbot, bar: SearchBar) -> None:
    record = Recorder(bar)
    type_query(qtbot, bar, "the")
    assert bar.count_label.text() == "1 of 5"
    press(qtbot, bar, Qt.Key.Key_Return)
    assert bar.count_label.text() == "2 of 5"
    assert record.current[-1] == (0, 4, 7)
    press(qtbot, bar, Qt.Key.Key_F3)
    press(qtbot, bar, Qt.Key.Key_Enter)
    press(qtbot, bar, Qt.Key.Key_F3)
    assert bar.count_label.text() == "5 of 5"
    press(qtbot, bar, Qt.Key.Key_Return)
    assert bar.count_label.text() == "1 of 5"  # wrapped to the first
    press(qtbot, bar, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert bar.count_label.text() == "5 of 5"  # and back to the last
    assert record.current[-1] == (2, 20, 23)
    press(qtbot, bar, Qt.Key.Key_F3, Qt.KeyboardModifier.ShiftModifier)
    assert bar.count_label.text() == "4 of 5"
    bar.previous_button.click()
    bar.next_button.click()
    bar.next_button.click()
    assert bar.count_label.text() == "5 of 5"


def test_enter_right_after_typing_uses_the_new_query(qtbot, bar: SearchBar) -> None:
    qtbot.keyClicks(bar.edit, "end")
    press(qtbot, bar, Qt.Key.Key_Return)  # before the debounce timer fired
    assert bar.count_label.text() == "2 of 2"
    assert bar.current_match() == (2, 13, 16)


def test_whole_word_and_regex_toggles(qtbot, bar: SearchBar) -> None:
    type_query(qtbot, bar, "the")
    assert bar.count_label.text() == "1 of 5"
    press(qtbot, bar, Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)
    assert bar.word_button.isChecked()
    assert bar.edit.text() == "the"  # the key toggled the option, it typed nothing
    assert bar.count_label.text() == "1 of 3"
    press(qtbot, bar, Qt.Key.Key_W, Qt.KeyboardModifier.AltModifier)
    assert bar.count_label.text() == "1 of 5"
    bar.edit.clear()
    press(qtbot, bar, Qt.Key.Key_R, Qt.KeyboardModifier.AltModifier)
    assert bar.regex_button.isChecked()
    type_query(qtbot, bar, "c.f")
    assert bar.count_label.text() == "1 of 2"
    bar.regex_button.click()
    assert bar.count_label.text() == "No results"


def test_bad_regex_shows_a_plain_warning_and_no_matches(qtbot, bar: SearchBar) -> None:
    record = Recorder(bar)
    type_query(qtbot, bar, "the")
    bar.regex_button.setChecked(True)
    assert bar.count_label.text() == "1 of 5"
    type_query(qtbot, bar, "(")
    assert bar.count_label.text().startswith("Invalid regular expression")
    assert bar.error() == bar.count_label.text()
    colour = bar.count_label.palette().color(bar.count_label.foregroundRole())
    assert colour == warning_colour(bar.palette())
    assert len(record.matches[-1]) == 0
    assert record.current[-1] == (-1, -1, -1)
    press(qtbot, bar, Qt.Key.Key_Return)  # nothing to step through, nothing raised
    type_query(qtbot, bar, ")")
    assert bar.count_label.text() == "1 of 5"
    assert bar.error() is None
    assert bar.count_label.palette().color(bar.count_label.foregroundRole()) != warning_colour(bar.palette())


# 400 turns of 40 words: `regex` needs seconds for (\w+\s?)+$ over them (each turn ends in "." and so fails).
SLOW_TEXTS = tuple(" ".join(["the", "model", "reads", "a", "long", "transcript", "aloud", "today"] * 5) + "."
                   for _ in range(400))
SLOW = r"(\w+\s?)+$"


def test_too_slow_regex_is_stopped_says_so_and_shows_nothing(qtbot, bar: SearchBar,
                                                             index: dict[str, SearchIndex | None]) -> None:
    index["index"] = slow = make_index(*SLOW_TEXTS)
    searches: list[float | None] = []
    find = slow.find
    slow.find = lambda *args, **kwargs: searches.append(kwargs.get("time_limit")) or find(*args, **kwargs)
    record = Recorder(bar)
    bar.regex_button.setChecked(True)
    type_query(qtbot, bar, "model")
    assert bar.count_label.text() == "1 of 2,000"
    with patch.object(search, "REGEX_BUDGET_S", 0.1), patch.object(search_bar, "PATIENT_REGEX_BUDGET_S", 0.2):
        began = time.monotonic()
        with qtbot.waitSignal(bar.currentMatchChanged, timeout=3000):
            bar.edit.setText(SLOW)
        assert time.monotonic() - began < 2
        assert bar.count_label.text() == bar.error() == TOO_SLOW_AS_YOU_TYPE
        assert "press Enter" in TOO_SLOW_AS_YOU_TYPE
        assert bar.count_label.palette().color(bar.count_label.foregroundRole()) == warning_colour(bar.palette())
        # Nothing of the previous query, nor any part of this one, is left highlighted.
        assert len(record.matches[-1]) == 0 and record.current[-1] == (-1, -1, -1)
        assert not bar.next_button.isEnabled()
        # Enter gives it the longer time, once; it is still too slow, and says so for good.
        press(qtbot, bar, Qt.Key.Key_Return)
        assert searches[-1] == 0.2
        assert bar.error() == search.TOO_SLOW
        count = len(searches)
        press(qtbot, bar, Qt.Key.Key_Return)
        assert len(searches) == count and bar.error() == search.TOO_SLOW
    # The bar still works: the next search finds.
    bar.edit.clear()
    type_query(qtbot, bar, r"\btoday\.")
    assert bar.error() is None and bar.count_label.text() == "1 of 400"


def test_enter_gives_a_slow_regex_the_longer_time(qtbot, bar: SearchBar, index: dict[str, SearchIndex | None]) -> None:
    index["index"] = make_index(*SLOW_TEXTS)
    bar.regex_button.setChecked(True)
    with patch.object(search, "REGEX_BUDGET_S", 0):  # every regex is too slow as you type
        type_query(qtbot, bar, r"\w+ay\.")
        assert bar.error() == TOO_SLOW_AS_YOU_TYPE
        with qtbot.waitSignal(bar.currentMatchChanged):
            press(qtbot, bar, Qt.Key.Key_Return)
    assert bar.error() is None
    assert bar.count_label.text() == "1 of 400"  # the first match: Enter searched, it did not step
    end = len(SLOW_TEXTS[0])
    assert bar.current_match() == (0, end - len("today."), end)
    press(qtbot, bar, Qt.Key.Key_Return)
    assert bar.count_label.text() == "2 of 400"


def test_escape_closes_and_clears_the_matches(qtbot, bar: SearchBar) -> None:
    type_query(qtbot, bar, "the")
    record = Recorder(bar)
    with qtbot.waitSignal(bar.closed):
        press(qtbot, bar, Qt.Key.Key_Escape)
    assert not bar.isVisible()
    assert record.closed == 1
    assert len(record.matches[-1]) == 0
    assert record.current[-1] == (-1, -1, -1)
    bar.open()  # the query is kept and searched again
    assert bar.edit.selectedText() == "the"
    assert bar.count_label.text() == "1 of 5"
    assert len(record.matches[-1]) == 5


def test_open_focuses_and_selects(qtbot, bar: SearchBar) -> None:
    bar.window().activateWindow()
    bar.edit.setText("cafe")
    bar.edit.deselect()
    bar.open()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is bar.edit, timeout=2000)
    assert bar.edit.selectedText() == "cafe"


def test_first_match_is_at_the_readers_place(qtbot, index: dict[str, SearchIndex | None]) -> None:
    bar = SearchBar(lambda: index["index"], origin_provider=lambda: (1, 0))
    qtbot.addWidget(bar)
    bar.open()
    type_query(qtbot, bar, "the")
    assert bar.count_label.text() == "3 of 5"
    assert bar.current_match() == (2, 0, 3)


def test_place_is_kept_while_the_query_grows(qtbot, bar: SearchBar) -> None:
    type_query(qtbot, bar, "th")
    press(qtbot, bar, Qt.Key.Key_Return)
    press(qtbot, bar, Qt.Key.Key_Return)
    assert bar.current_match() == (2, 0, 2)
    type_query(qtbot, bar, "e e")
    assert bar.current_match() == (2, 0, 5)  # "the end" starts where "th" was
    type_query(qtbot, bar, "x")
    assert bar.count_label.text() == "No results"


def test_speakers_and_refresh(qtbot, bar: SearchBar, index: dict[str, SearchIndex | None]) -> None:
    type_query(qtbot, bar, "the")
    bar.set_speakers({"B"})
    assert bar.count_label.text() == "No results"
    bar.set_speakers(["A"])
    assert bar.count_label.text() == "1 of 5"
    bar.set_speakers(None)
    index["index"] = make_index("the other transcript")
    bar.refresh(keep_place=False)
    assert bar.count_label.text() == "1 of 2"
    index["index"] = None
    bar.refresh()
    assert bar.count_label.text() == "No transcript"
    bar.next()  # harmless


def test_truncated_count_says_so(qtbot, bar: SearchBar) -> None:
    with patch.object(search, "MAX_MATCHES", 3):
        type_query(qtbot, bar, "e")
    assert bar.count_label.text() == "1 of 3+"


def test_clearing_the_query_clears_the_matches(qtbot, bar: SearchBar) -> None:
    type_query(qtbot, bar, "cafe")
    record = Recorder(bar)
    with qtbot.waitSignal(bar.currentMatchChanged):
        bar.edit.clear()
    assert bar.count_label.text() == ""
    assert len(record.matches[-1]) == 0
    assert not bar.next_button.isEnabled()


# -- go to time --------------------------------------------------------------------------------------------


def ok_button(dialog: GoToTimeDialog) -> QPushButton:
    return dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)


def test_go_to_time_dialog_validates_as_you_type(qtbot) -> None:
    dialog = GoToTimeDialog(60_000, 3_723_000)
    qtbot.addWidget(dialog)
    assert dialog.edit.text() == "01:00"
    assert dialog.edit.selectedText() == "01:00"
    dialog.edit.setText("12:18")
    assert dialog.value_ms() == 738_000
    assert dialog.message.text() == "Go to 12:18 of 1:02:03"
    assert ok_button(dialog).isEnabled()
    dialog.edit.setText("+30")
    assert dialog.value_ms() == 90_000
    dialog.edit.setText("-5:00")
    assert dialog.value_ms() == 0
    dialog.edit.setText("3:00:00")
    assert dialog.value_ms() == 3_723_000  # clamped to the recording
    dialog.edit.setText("soon")
    assert dialog.value_ms() is None
    assert not ok_button(dialog).isEnabled()
    assert "12:18" in dialog.message.text()
    assert dialog.message.textFormat() == Qt.TextFormat.PlainText
    dialog.accept()
    assert dialog.result() != GoToTimeDialog.DialogCode.Accepted


def test_ask_time_returns_the_time_or_none(qtbot) -> None:
    def answer(text: str | None) -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, GoToTimeDialog)
        if text is None:
            dialog.reject()
        else:
            dialog.edit.setText(text)
            qtbot.keyClick(dialog.edit, Qt.Key.Key_Return)

    QTimer.singleShot(0, lambda: answer("754"))
    assert ask_time(None, 0, 3_600_000) == 754_000
    QTimer.singleShot(0, lambda: answer(None))
    assert ask_time(None, 0, 3_600_000) is None
