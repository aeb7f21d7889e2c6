"""The Speakers panel: counts and talk times, order, filtering, rename and merge, plain text."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QImage, QPainter
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit, QStyleOptionViewItem

from reader.core.transcript import Transcript, Turn
from reader.qt.speakers_panel import (
    FilteredRole,
    OriginalsRole,
    SpeakersModel,
    SpeakersPanel,
    TalkRole,
    TurnsRole,
    group_speakers,
    talk_times,
)

MARKUP = "<b>x</b>"
COLOURS = {"Ana": QColor("#1f5fa8"), "Bo": QColor("#b3261e"), MARKUP: QColor("#1e7d32")}


def _transcript() -> Transcript:
    """Return turns with known lengths: Bo talks 25 s, Ana 15 s, MARKUP 4 s in 2 turns (one untimed)."""
    return Transcript([
        Turn(0, 0, "Ana", "a", end=10_000),  # 10 s, its own end
        Turn(1, 10_000, "Bo", "b"),  # open: until Ana starts again at 25 s -> 15 s
        Turn(2, 25_000, "Ana", "c", end=30_000),  # 5 s
        Turn(3, 30_000, None, "applause"),  # nobody's: not a speaker, its 6 s count for no one
        Turn(4, 36_000, MARKUP, "d", end=40_000),  # 4 s
        Turn(5, None, MARKUP, "e"),  # untimed: a turn, no time
        Turn(6, 40_000, "Bo", "f"),  # the last, open: until the recording ends at 50 s -> 10 s
    ], "test")


@pytest.fixture
def panel(qtbot) -> SpeakersPanel:
    """Return a shown Speakers panel of the test transcript, the recording 50 s long."""
    dock = SpeakersPanel()
    qtbot.addWidget(dock)
    dock.set_transcript(_transcript(), COLOURS, duration_ms=50_000)
    dock.resize(320, 400)
    dock.show()
    qtbot.waitExposed(dock)
    return dock


def _names(panel: SpeakersPanel) -> list[str]:
    return [row.name for row in panel.model.rows()]


def _click(qtbot, panel: SpeakersPanel, row: int, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier,
           *, double: bool = False) -> None:
    center = panel.view.visualRect(panel.model.index(row, 0)).center()
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, modifier, pos=center)
    if double:  # QTest sends the double-click event alone; a real one follows a click
        qtbot.mouseDClick(panel.view.viewport(), Qt.MouseButton.LeftButton, modifier, pos=center)


def test_talk_times_count_turns_and_fill_open_ends() -> None:
    transcript = _transcript()
    assert talk_times(transcript, 50_000) == {"Ana": (2, 15_000), "Bo": (2, 25_000), MARKUP: (2, 4_000)}
    assert talk_times(transcript) == {"Ana": (2, 15_000), "Bo": (2, 15_000), MARKUP: (2, 4_000)}


def test_dock_lists_speakers_by_talk_time(panel: SpeakersPanel) -> None:
    assert panel.windowTitle() == "Speakers"
    assert panel.objectName() == "speakersPanel"
    assert _names(panel) == ["Bo", "Ana", MARKUP]
    index = panel.model.index(0, 0)
    assert (index.data(TurnsRole), index.data(TalkRole)) == (2, 25_000)
    spoken = index.data(Qt.ItemDataRole.AccessibleTextRole)
    assert spoken == "Bo: 2 turns, talk time 0:00:25, 57 percent"
    assert panel.summary_label.text() == "3 speakers"
    assert not panel.show_all_button.isEnabled()


def test_model_passes_qabstractitemmodeltester(qtmodeltester) -> None:
    model = SpeakersModel()
    model.set_rows(group_speakers(talk_times(_transcript(), 50_000), COLOURS, {"Ana": "Bo"}))
    qtmodeltester.check(model, force_py=True)


def test_click_filters_to_the_speaker_and_again_shows_all(qtbot, panel: SpeakersPanel) -> None:
    with qtbot.waitSignal(panel.filterRequested) as blocker:
        _click(qtbot, panel, 1)
    assert blocker.args == [{"Ana"}]
    assert panel.summary_label.text() == "Showing 1 of 3 speakers"
    assert panel.model.index(1, 0).data(FilteredRole) is True
    assert panel.model.index(0, 0).data(FilteredRole) is False
    assert "hidden by the filter" in panel.model.index(0, 0).data(Qt.ItemDataRole.AccessibleTextRole)
    with qtbot.waitSignal(panel.filterRequested) as blocker:
        _click(qtbot, panel, 1)
    assert blocker.args == [None]
    assert panel.filtered_speakers() is None
    assert panel.model.index(0, 0).data(FilteredRole) is None


def test_ctrl_click_adds_speakers_and_show_all_clears(qtbot, panel: SpeakersPanel) -> None:
    seen: list[object] = []
    panel.filterRequested.connect(seen.append)
    _click(qtbot, panel, 0)
    _click(qtbot, panel, 2, Qt.KeyboardModifier.ControlModifier)
    assert seen == [{"Bo"}, {"Bo", MARKUP}]
    _click(qtbot, panel, 0, Qt.KeyboardModifier.ControlModifier)
    assert seen[-1] == {MARKUP}
    assert panel.show_all_button.isEnabled()
    qtbot.mouseClick(panel.show_all_button, Qt.MouseButton.LeftButton)
    assert seen[-1] is None
    assert not panel.show_all_button.isEnabled()


def test_enter_toggles_the_filter_from_the_keyboard(qtbot, panel: SpeakersPanel) -> None:
    panel.view.setFocus()
    panel.view.setCurrentIndex(panel.model.index(2, 0))
    with qtbot.waitSignal(panel.filterRequested) as blocker:
        qtbot.keyClick(panel.view, Qt.Key.Key_Return)
    assert blocker.args == [{MARKUP}]
    with qtbot.waitSignal(panel.filterRequested) as blocker:
        qtbot.keyClick(panel.view, Qt.Key.Key_Return)
    assert blocker.args == [None]


def test_f2_renames_inline(qtbot, panel: SpeakersPanel) -> None:
    panel.view.setFocus()
    panel.view.setCurrentIndex(panel.model.index(1, 0))
    qtbot.keyClick(panel.view, Qt.Key.Key_F2)
    editor = QApplication.focusWidget()
    assert isinstance(editor, QLineEdit)
    assert editor.text() == "Ana"
    editor.selectAll()
    with qtbot.waitSignal(panel.renameRequested) as blocker:
        qtbot.keyClicks(editor, "Ana Lima")
        qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert blocker.args == ["Ana", "Ana Lima"]
    assert _names(panel) == ["Bo", "Ana", MARKUP], "the owner applies renames through set_display_names"


def test_double_click_renames_without_changing_the_filter(qtbot, panel: SpeakersPanel) -> None:
    _click(qtbot, panel, 0, double=True)
    assert panel.filtered_speakers() is None
    assert panel.view.state() == panel.view.State.EditingState


def test_menu_renames_and_merges(qtbot, panel: SpeakersPanel, monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[tuple[str, str]] = []
    panel.renameRequested.connect(lambda original, name: seen.append((original, name)))
    monkeypatch.setattr(panel, "ask_new_name", lambda current: f"  {current}  Lima ")
    _action(panel, 1, "Rename…").trigger()
    assert seen == [("Ana", "Ana Lima")], "whitespace is tidied"
    asked: list[list[str]] = []
    monkeypatch.setattr(panel, "ask_merge_target", lambda current, choices: asked.append(choices) or "Bo")
    _action(panel, 2, "Merge Into…").trigger()
    assert asked == [["Bo", "Ana"]]
    assert seen[-1] == (MARKUP, "Bo")
    monkeypatch.setattr(panel, "ask_new_name", lambda current: None)  # cancelled
    _action(panel, 0, "Rename…").trigger()
    assert len(seen) == 2


def _action(panel: SpeakersPanel, row: int, text: str):
    menu = panel.build_menu(row)
    return next(action for action in menu.actions() if action.text() == text)


def test_merged_speakers_share_a_row_with_summed_counts(qtbot, panel: SpeakersPanel) -> None:
    panel.set_display_names({"SPEAKER_9": "nobody", "Ana": "Anabel", MARKUP: "Anabel"})
    assert _names(panel) == ["Bo", "Anabel"]
    merged = panel.model.index(1, 0)
    assert (merged.data(TurnsRole), merged.data(TalkRole)) == (4, 19_000)
    assert set(merged.data(OriginalsRole)) == {"Ana", MARKUP}
    with qtbot.waitSignal(panel.filterRequested) as blocker:
        _click(qtbot, panel, 1)
    assert blocker.args == [{"Ana", MARKUP}]
    seen: list[tuple[str, str]] = []
    panel.renameRequested.connect(lambda original, name: seen.append((original, name)))
    panel.rename_row(1, "Ana B.")
    assert set(seen) == {("Ana", "Ana B."), (MARKUP, "Ana B.")}, "a merged row is renamed as a whole"
    seen.clear()
    panel.split_row(1)
    assert seen == [(MARKUP, MARKUP)], "the longest-talking original keeps the name"


def test_filter_follows_a_merge_into_a_shown_speaker(qtbot, panel: SpeakersPanel) -> None:
    panel.toggle_speaker(0)
    assert panel.filtered_speakers() == {"Bo"}
    with qtbot.waitSignal(panel.filterRequested) as blocker:
        panel.set_display_names({"Ana": "Bo"})
    assert blocker.args == [{"Ana", "Bo"}]


def test_new_transcript_clears_the_filter(qtbot, panel: SpeakersPanel) -> None:
    panel.toggle_speaker(0)
    with qtbot.waitSignal(panel.filterRequested) as blocker:
        panel.set_transcript(Transcript([Turn(0, 0, "Cy", "hello")], "test"), {})
    assert blocker.args == [None]
    assert _names(panel) == ["Cy"]


def test_names_are_plain_text(qtbot, panel: SpeakersPanel) -> None:
    for label in panel.findChildren(QLabel):
        assert label.textFormat() == Qt.TextFormat.PlainText
    row = panel.model.row_of(MARKUP)
    index = panel.model.index(row, 0)
    assert index.data(Qt.ItemDataRole.ToolTipRole) is None, "Qt would show a markup-like tooltip as rich text"
    drawn: list[str] = []

    class RecordingPainter(QPainter):
        def drawText(self, *args: object) -> None:
            drawn.extend(arg for arg in args if isinstance(arg, str))
            super().drawText(*args)

    image = QImage(320, 60, QImage.Format.Format_ARGB32)
    image.fill(0)
    painter = RecordingPainter(image)
    option = QStyleOptionViewItem()
    option.rect = QRect(0, 0, 320, 60)
    option.font = panel.view.font()
    option.palette = panel.view.palette()
    panel.delegate.paint(painter, option, index)
    painter.end()
    assert MARKUP in drawn, "drawText shows the characters of the name, never bold text"


def test_bars_are_proportional_to_talk_time(qtbot, panel: SpeakersPanel) -> None:
    image = panel.view.viewport().grab().toImage()

    def bar_length(row: int) -> int:
        rect = panel.view.visualRect(panel.model.index(row, 0))
        colour = panel.model.row(row).colour.rgb()
        return max(sum(1 for x in range(rect.left(), rect.right()) if image.pixel(x, y) == colour)
                   for y in range(rect.top(), rect.bottom()))

    longest = bar_length(0)
    assert longest > 100
    assert bar_length(1) / longest == pytest.approx(15 / 25, abs=0.04)
    assert bar_length(2) / longest == pytest.approx(4 / 25, abs=0.04)
