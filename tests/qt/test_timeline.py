"""The timeline strip: aggregation into columns, time mapping, tooltips, the cached picture, marks and keys."""

from __future__ import annotations

import itertools
import time

import pytest
from PySide6 import QtGui
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QAction, QColor, QHelpEvent, QImage, QMouseEvent, QTextDocument
from PySide6.QtWidgets import QApplication, QToolTip, QVBoxLayout, QWidget

from reader.core.media_times import MediaTimes
from reader.core.transcript import Turn
from reader.qt import timeline as timeline_module
from reader.qt.note_editor import colour_tint
from reader.qt.plain_text import plain_tooltip
from reader.qt.timeline import HIT_COLOUR, NOTES_BAND, TimelineStrip, speaker_initials

MARKUP = "<b>x</b>"
BLUE, RED = QColor("#1f5fa8"), QColor("#b3261e")


def _strip(qtbot, width: int = 600) -> TimelineStrip:
    strip = TimelineStrip()
    qtbot.addWidget(strip)
    strip.resize(width, strip.sizeHint().height())
    strip.show()
    qtbot.waitExposed(strip)
    return strip


def _image(strip: TimelineStrip) -> QImage:
    image = strip.grab().toImage()
    assert image.width() == strip.width(), "these tests read logical pixels: device pixel ratio 1"
    return image


def _two_speakers() -> list[Turn]:
    """Return a 100 s talk: Ana 0-40 s, a pause, Bo 50-100 s (open end: until the talk ends)."""
    return [Turn(0, 0, "Ana", "hello", end=40_000), Turn(1, 50_000, MARKUP, "hi")]


def _many_turns(count: int) -> tuple[list[Turn], int]:
    """Return `count` short turns of three speakers taking turns, and the talk's length."""
    turns = []
    t = 0
    for i in range(count):
        length = 300 + (i * 37) % 500
        turns.append(Turn(i, t, ("Ana", "Bo", "Cy")[i % 3], "…", end=t + length if i % 2 else None))
        t += length + (i % 5) * 20
    return turns, t


def test_lanes_show_who_speaks_when(qtbot) -> None:
    strip = _strip(qtbot)
    strip.set_times(MediaTimes(_two_speakers(), duration_ms=100_000), {"Ana": BLUE, MARKUP: RED})
    image = _image(strip)
    lanes = strip._lanes_rect()
    ana_y = lanes.top() + lanes.height() // 4
    bo_y = lanes.top() + 3 * lanes.height() // 4
    assert QColor(image.pixel(round(strip.x_for_ms(20_000)), ana_y)) == BLUE
    assert QColor(image.pixel(round(strip.x_for_ms(20_000)), bo_y)) != RED
    assert QColor(image.pixel(round(strip.x_for_ms(75_000)), bo_y)) == RED
    assert QColor(image.pixel(round(strip.x_for_ms(75_000)), ana_y)) != BLUE
    assert QColor(image.pixel(round(strip.x_for_ms(45_000)), bo_y)) not in (BLUE, RED)  # the pause
    assert strip.plot_rect().left() > 0, "two lanes have room for their initials"


def test_renders_50000_turns_in_columns_not_per_turn(qtbot, monkeypatch: pytest.MonkeyPatch) -> None:
    turns, length = _many_turns(50_000)
    fills = 0

    class CountingPainter(timeline_module.QPainter):
        def fillRect(self, *args: object) -> None:
            nonlocal fills
            fills += 1
            super().fillRect(*args)

    monkeypatch.setattr(timeline_module, "QPainter", CountingPainter)
    strip = _strip(qtbot, width=800)
    colours = {"Ana": BLUE, "Bo": RED, "Cy": QColor("#1e7d32")}
    started = time.perf_counter()
    strip.set_times(MediaTimes(turns, duration_ms=length), colours)
    prepared = time.perf_counter()
    fills = 0
    image = _image(strip)
    drawn = time.perf_counter()
    print(f"\n50,000 turns: prepare {1000 * (prepared - started):.0f} ms, "
          f"render {1000 * (drawn - prepared):.0f} ms")  # shown with pytest -s
    assert strip.rebuild_count == 1
    lanes = 3
    assert fills < lanes * strip.width() + 50, f"{fills} rects: the picture must be drawn per column, not per turn"
    # Each speaker talks in every column (~35 turns of each per pixel): all three lanes are shaded throughout.
    lane_rect = strip._lanes_rect()
    for lane in range(lanes):
        y = lane_rect.top() + round((lane + 0.5) * lane_rect.height() / lanes)
        for ms in (length // 10, length // 2, length - length // 10):
            assert QColor(image.pixel(round(strip.x_for_ms(ms)), y)) != QColor(image.pixel(2, 1))


def test_many_speakers_share_one_lane_in_the_dominant_colour(qtbot) -> None:
    names = [f"P{i}" for i in range(10)]
    turns = [Turn(i, i * 10_000, name, "…", end=i * 10_000 + 10_000) for i, name in enumerate(names)]
    colours = {name: QColor(QColor.fromHsv(i * 36, 200, 160).name()) for i, name in enumerate(names)}
    strip = _strip(qtbot)
    strip.set_times(MediaTimes(turns, duration_ms=100_000), colours)
    image = _image(strip)
    middle = strip._lanes_rect().center().y()
    assert strip.plot_rect().left() == 0, "no room for ten labels: no gutter"
    for i, name in enumerate(names):
        assert QColor(image.pixel(round(strip.x_for_ms(i * 10_000 + 5_000)), middle)) == colours[name]


def test_click_seeks_to_the_time_under_the_mouse(qtbot) -> None:
    strip = _strip(qtbot)
    strip.set_times(MediaTimes(_two_speakers(), duration_ms=600_000), {"Ana": BLUE, MARKUP: RED})
    ms_per_px = strip.extent() / strip.plot_rect().width()
    for target in (0, 123_000, 300_000, 599_000):
        x = round(strip.x_for_ms(target))
        with qtbot.waitSignal(strip.seekRequested) as blocker:
            qtbot.mouseClick(strip, Qt.MouseButton.LeftButton, pos=QPoint(x, strip.height() // 2))
        assert abs(blocker.args[0] - target) <= ms_per_px
    assert strip.ms_at(-50) == 0
    assert strip.ms_at(strip.width() + 50) == 600_000


def test_dragging_scrubs(qtbot) -> None:
    strip = _strip(qtbot)
    strip.set_times(MediaTimes(_two_speakers(), duration_ms=100_000), {})
    seen: list[int] = []
    strip.seekRequested.connect(seen.append)
    y = strip.height() // 2

    def send(kind: QEvent.Type, x: float, buttons: Qt.MouseButton) -> None:
        point = QPointF(x, y)
        event = QMouseEvent(kind, point, strip.mapToGlobal(point), Qt.MouseButton.LeftButton, buttons,
                            Qt.KeyboardModifier.NoModifier)
        QApplication.sendEvent(strip, event)

    send(QEvent.Type.MouseButtonPress, strip.x_for_ms(10_000), Qt.MouseButton.LeftButton)
    send(QEvent.Type.MouseMove, strip.x_for_ms(30_000), Qt.MouseButton.LeftButton)
    strip.set_position(12_000)  # a late report from the player does not pull the playhead back mid-drag
    send(QEvent.Type.MouseMove, strip.x_for_ms(60_000), Qt.MouseButton.LeftButton)
    send(QEvent.Type.MouseButtonRelease, strip.x_for_ms(60_000), Qt.MouseButton.NoButton)
    ms_per_px = strip.extent() / strip.plot_rect().width()
    assert len(seen) == 3
    for got, want in zip(seen, (10_000, 30_000, 60_000), strict=True):
        assert abs(got - want) <= ms_per_px
    assert strip.position() == seen[-1]


def test_hover_shows_time_and_speaker_as_escaped_markup(qtbot) -> None:
    strip = _strip(qtbot)
    strip.set_times(MediaTimes(_two_speakers(), duration_ms=100_000), {"Ana": BLUE, MARKUP: RED})
    x = round(strip.x_for_ms(75_000))
    text = strip.tooltip_text_at(x)
    assert QtGui.Qt.mightBeRichText(text), "always markup, so the escaping is what decides"
    document = QTextDocument()
    document.setHtml(text)
    shown = document.toPlainText()
    assert shown.startswith("01:15 — ") or shown.startswith("01:14 — ")
    assert shown.endswith(MARKUP), "the speaker's name shows literally, never bold"
    assert strip.tooltip_text_at(round(strip.x_for_ms(10_000))).endswith(" — Ana</span>")
    assert "no speech" in strip.tooltip_text_at(round(strip.x_for_ms(45_000)))

    point = QPoint(x, strip.height() // 2)
    QApplication.sendEvent(strip, QHelpEvent(QEvent.Type.ToolTip, point, strip.mapToGlobal(point)))
    qtbot.waitUntil(QToolTip.isVisible, timeout=2000)
    assert QToolTip.text() == text
    QToolTip.hideText()


def test_display_names_rename_and_merge_lanes(qtbot) -> None:
    strip = _strip(qtbot)
    turns = [Turn(0, 0, "SPEAKER_00", "a", end=10_000), Turn(1, 10_000, "SPEAKER_01", "b", end=20_000),
             Turn(2, 20_000, "SPEAKER_02", "c", end=30_000)]
    strip.set_times(MediaTimes(turns, duration_ms=30_000), {})
    assert [lane[0] for lane in strip._lane_list] == ["SPEAKER_00", "SPEAKER_01", "SPEAKER_02"]
    strip.set_display_names({"SPEAKER_00": "Maria", "SPEAKER_02": "Maria"})
    assert [lane[0] for lane in strip._lane_list] == ["Maria", "SPEAKER_01"]
    assert strip.speaker_at(25_000) == "Maria"
    assert strip.speaker_at(15_000) == "SPEAKER_01"


def test_cached_picture_is_kept_when_only_the_playhead_moves(qtbot) -> None:
    strip = _strip(qtbot)
    strip.set_times(MediaTimes(_many_turns(2_000)[0], duration_ms=1_000_000), {"Ana": BLUE, "Bo": RED})
    strip.grab()
    assert strip.rebuild_count == 1
    for ms in range(0, 1_000_000, 50_000):
        strip.set_position(ms)
        strip.grab()  # paints through paintEvent, as a screen update would
    _image(strip)
    assert strip.rebuild_count == 1
    strip.set_search_hits([100_000])
    strip.set_search_hits([100_000])  # the same hits again: nothing to redraw
    strip.grab()
    assert strip.rebuild_count == 2
    strip.set_notes([(5_000, None, colour_tint("blue"), "bookmark")])
    strip.set_notes([(5_000, None, colour_tint("blue"), "bookmark")])
    strip.grab()
    assert strip.rebuild_count == 3
    strip.resize(500, strip.height())
    strip.grab()
    assert strip.rebuild_count == 4


def test_playhead_is_drawn_over_the_picture(qtbot) -> None:
    strip = _strip(qtbot)
    strip.set_times(MediaTimes([], duration_ms=100_000), {})
    strip.set_position(50_000)
    image = _image(strip)
    x = round(strip.x_for_ms(50_000))
    ink = strip.palette().color(strip.foregroundRole())
    assert QColor(image.pixel(x, strip.height() // 2)) == ink
    assert QColor(image.pixel(x - 20, strip.height() // 2)) != ink


def test_search_hits_and_notes_are_drawn_where_they_belong(qtbot) -> None:
    strip = _strip(qtbot)
    strip.set_times(MediaTimes(_two_speakers(), duration_ms=100_000), {"Ana": BLUE, MARKUP: RED})
    yellow, pink = colour_tint("yellow"), colour_tint("pink")
    strip.set_notes([(20_000, None, yellow, "bookmark"), (60_000, 80_000, pink, "highlight")])
    strip.set_search_hits([10_000, 90_000])
    strip.set_position(0)
    image = _image(strip)
    hit_y = strip.height() - 2
    for ms in (10_000, 90_000):
        assert QColor(image.pixel(round(strip.x_for_ms(ms)), hit_y)) == QColor(HIT_COLOUR)
    assert QColor(image.pixel(round(strip.x_for_ms(50_000)), hit_y)) != QColor(HIT_COLOUR)
    assert QColor(image.pixel(round(strip.x_for_ms(20_000)), 3)) == yellow, "the bookmark's flag"
    for ms in (62_000, 70_000, 78_000):
        assert QColor(image.pixel(round(strip.x_for_ms(ms)), NOTES_BAND // 2)) == pink, "the highlight's span"
    assert QColor(image.pixel(round(strip.x_for_ms(40_000)), NOTES_BAND // 2)) not in (yellow, pink)


def test_duration_set_later_extends_an_open_last_turn(qtbot) -> None:
    strip = _strip(qtbot)
    strip.set_times(MediaTimes(_two_speakers(), duration_ms=0), {})
    assert strip.extent() == 50_000  # unknown duration: the strip spans up to the last turn's start
    strip.set_duration(200_000)
    assert strip.extent() == 200_000
    assert strip.speaker_at(150_000) == MARKUP


def test_keys_step_and_beat_window_shortcuts(qtbot) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    strip = TimelineStrip(window)
    QVBoxLayout(window).addWidget(strip)
    fired: list[bool] = []
    action = QAction(window)
    action.setShortcut("Right")
    action.triggered.connect(lambda: fired.append(True))
    window.addAction(action)
    window.resize(600, 60)
    window.show()
    qtbot.waitExposed(window)
    strip.set_times(MediaTimes(_two_speakers(), duration_ms=100_000), {})
    strip.set_position(2_000)
    strip.setFocus()
    seen: list[int] = []
    strip.seekRequested.connect(seen.append)
    qtbot.keyClick(strip, Qt.Key.Key_Right)
    qtbot.keyClick(strip, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    qtbot.keyClick(strip, Qt.Key.Key_Left)
    qtbot.keyClick(strip, Qt.Key.Key_End)
    qtbot.keyClick(strip, Qt.Key.Key_Right)
    qtbot.keyClick(strip, Qt.Key.Key_Home)
    qtbot.keyClick(strip, Qt.Key.Key_Left)
    assert seen == [7_000, 37_000, 32_000, 100_000, 100_000, 0, 0]
    assert not fired, "the focused strip takes Right before the window's shortcut"


def test_accessible_name_and_description(qtbot) -> None:
    strip = _strip(qtbot)
    assert strip.accessibleName() == "Timeline"
    assert "Left and Right" in strip.accessibleDescription()
    assert strip.focusPolicy() & Qt.FocusPolicy.TabFocus


@pytest.mark.parametrize(("name", "initials"), [
    ("Maria Lopez", "ML"), ("SPEAKER_01", "S01"), ("Speaker 2", "S2"), ("Ana", "An"), ("josé garcía", "JG"),
    ("<b>x</b>", "BB"), ("", "?"), ("Ilya S. (OpenAI)", "IS"), ("Jane Doe [host]", "JD"), ("(OpenAI)", "Op"),
])
def test_speaker_initials(name: str, initials: str) -> None:
    assert speaker_initials(name) == initials


def test_an_empty_strip_paints_and_ignores_clicks(qtbot) -> None:
    strip = _strip(qtbot)
    seen: list[int] = []
    strip.seekRequested.connect(seen.append)
    _image(strip)
    qtbot.mouseClick(strip, Qt.MouseButton.LeftButton, pos=QPoint(100, 10))
    assert seen == []
    assert strip.tooltip_text_at(100) == plain_tooltip("00:00 — no speech")
    strip.set_times(MediaTimes([Turn(0, None, "Ana", "untimed")], duration_ms=0), {})
    _image(strip)
    assert strip.extent() == 0


def _column_runs(image: QImage, x: int, colours: list[QColor]) -> list[tuple[int, int, int]]:
    """Return (top, height, colour index) of each run of one of `colours` down column `x`, read from pixels."""
    runs: list[tuple[int, int, int]] = []
    for y in range(image.height()):
        pixel = QColor(image.pixel(x, y))
        index = colours.index(pixel) if pixel in colours else -1
        if runs and runs[-1][2] == index and runs[-1][0] + runs[-1][1] == y:
            runs[-1] = (runs[-1][0], runs[-1][1] + 1, index)
        elif index >= 0:
            runs.append((y, 1, index))
    return runs


LANE_COLOURS = [QColor(c) for c in ("#1f5fa8", "#b3261e", "#1e7d32", "#8e24aa", "#ef6c00", "#00838f")]


@pytest.mark.parametrize("speakers", [1, 2, 3, 4, 6])
def test_each_lane_is_a_readable_height_measured_from_pixels(qtbot, speakers: int) -> None:
    # Every speaker talks throughout, so each lane is filled from end to end; the strip sits in a layout,
    # as in the window, so it takes the height it asks for.
    names = [f"Speaker {chr(65 + i)}" for i in range(speakers)]
    turns = [Turn(i, 0, name, "…", end=100_000) for i, name in enumerate(names)]
    window = QWidget()
    qtbot.addWidget(window)
    column = QVBoxLayout(window)
    column.addStretch(1)
    strip = TimelineStrip(window)
    column.addWidget(strip)
    window.resize(600, 200)
    window.show()
    qtbot.waitExposed(window)
    strip.set_times(MediaTimes(turns, duration_ms=100_000), dict(zip(names, LANE_COLOURS, strict=False)))
    qtbot.waitUntil(lambda: strip.height() == strip.sizeHint().height(), timeout=1000)
    image = _image(strip)
    lanes = _column_runs(image, strip.width() - 40, LANE_COLOURS)
    heights = [height for _top, height, _who in lanes]
    assert [who for _top, _height, who in lanes] == list(range(speakers)), f"one lane per speaker: {lanes}"
    assert min(heights) >= 8, f"lane heights {heights} px: too thin to tell apart or label"
    assert max(heights) - min(heights) <= 1, f"lane heights {heights} px: the lanes differ"
    for (top, height, _who), (next_top, _h, _w) in itertools.pairwise(lanes):
        assert top + height < next_top, f"lanes {lanes} touch or overlap"
    area = strip._lanes_rect()
    assert area.top() < lanes[0][0] and lanes[-1][0] + lanes[-1][1] < area.bottom() + 1
    spare = area.height() - sum(heights)
    assert spare <= 2 * speakers, f"{spare} px of the lanes' band is empty (lanes {heights})"
    # Each lane's initials are inked inside that lane, at a legible size.
    ink = strip.palette().color(strip.foregroundRole())
    for top, height, _who in lanes:
        rows = [y for y in range(top - 1, top + height + 1)
                if any(_near(QColor(image.pixel(x, y)), ink) for x in range(strip.plot_rect().left() - 2))]
        assert rows, f"no label in the lane at y={top}"
        assert rows[-1] - rows[0] + 1 >= 6, f"label {rows[-1] - rows[0] + 1} px tall at y={top}: too small to read"
    assert strip._label_font.pixelSize() >= 9


def _near(a: QColor, b: QColor, tolerance: int = 90) -> bool:
    return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue()) <= tolerance


def test_merging_lanes_shrinks_the_strip_and_too_many_speakers_share_one(qtbot) -> None:
    names = [f"P{i}" for i in range(7)]
    turns = [Turn(i, i * 10_000, name, "…", end=i * 10_000 + 10_000) for i, name in enumerate(names)]
    strip = _strip(qtbot)
    strip.set_times(MediaTimes(turns[:3], duration_ms=100_000), {})
    three = strip.sizeHint().height()
    strip.set_display_names({"P1": "P0", "P2": "P0"})
    assert strip.sizeHint().height() < three, "one lane left: the strip gives back the space"
    strip.set_display_names({})
    strip.set_times(MediaTimes(turns, duration_ms=100_000), {})
    assert strip.sizeHint().height() < three, "seven speakers share one lane"
    assert strip.lane_bounds() == [strip._lanes_rect().top(), strip._lanes_rect().bottom() + 1]
