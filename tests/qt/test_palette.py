"""Speaker colours stay readable on light and dark palettes."""

from __future__ import annotations

from reader.qt.palette import speaker_colours


def test_dark_palette_gets_lighter_speaker_colours() -> None:
    light = speaker_colours(["A", "B", "C"], dark=False)
    dark = speaker_colours(["A", "B", "C"], dark=True)
    for name in "ABC":
        assert dark[name].lightness() > light[name].lightness() + 40
    assert len({c.name() for c in light.values()}) == 3


def _palette(dark: bool):
    from PySide6.QtGui import QColor, QPalette

    palette = QPalette()
    base, text, window = ("#1e1e1e", "#e8e8e8", "#2b2b2b") if dark else ("#ffffff", "#202020", "#efefef")
    for role, colour in ((QPalette.ColorRole.Base, base), (QPalette.ColorRole.Text, text),
                         (QPalette.ColorRole.Window, window), (QPalette.ColorRole.WindowText, text),
                         (QPalette.ColorRole.Highlight, "#3d7fd9" if dark else "#308cc6"),
                         (QPalette.ColorRole.HighlightedText, "#ffffff"),
                         (QPalette.ColorRole.PlaceholderText, "#9a9a9a" if dark else "#707070")):
        palette.setColor(role, QColor(colour))
    return palette


def _painted_contrast(qtbot, dark: bool, colour: str, active: bool) -> float:
    """Paint a turn with a `colour` highlight and return the contrast of its text pixels on the tint."""
    from collections import Counter

    from PySide6.QtGui import QColor

    from reader.core.notes import NoteItem
    from reader.core.transcript import Transcript, Turn
    from reader.qt.palette import contrast_ratio
    from reader.qt.transcript_model import TranscriptModel
    from reader.qt.transcript_view import TranscriptView
    from reader.qt.turn_delegate import to_qt_offset

    text = "Highlighted words HHHH MMMM here, then the rest."
    model = TranscriptModel(Transcript(turns=[Turn(0, 0, "Ana", text)], format="test"))
    view = TranscriptView(model)
    qtbot.addWidget(view)
    view.setPalette(_palette(dark))
    view.resize(600, 120)
    view.show()
    model.set_notes([NoteItem(kind="highlight", start_ms=0, turn_index=0, char_start=0, char_end=34,
                              color=colour)])
    if active:
        model.set_active_row(0)
    image = view.viewport().grab().toImage()
    rect = view.row_rect(0)
    layout = view.delegate.layout(text, view.delegate.text_width(rect.width()))
    origin = view.delegate.text_origin(rect)
    line = layout.lineAt(0)
    x0 = int(origin.x() + line.cursorToX(0)[0]) + 1
    x1 = int(origin.x() + line.cursorToX(to_qt_offset(text, 34))[0]) - 1
    y0, y1 = int(origin.y() + line.y()) + 1, int(origin.y() + line.y() + line.ascent())
    pixels = Counter(image.pixelColor(x, y).rgb() for x in range(x0, x1) for y in range(y0, y1))
    background = QColor.fromRgb(pixels.most_common(1)[0][0])
    return max(contrast_ratio(background, QColor.fromRgb(rgb)) for rgb in pixels)


import pytest  # noqa: E402


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
@pytest.mark.parametrize("colour", ["yellow", "green", "blue", "pink"])
@pytest.mark.parametrize("active", [False, True], ids=["idle", "playing"])
def test_highlighted_text_reads_at_aa_contrast_in_both_palettes(qtbot, dark: bool, colour: str,
                                                                active: bool) -> None:
    """WCAG AA (4.5:1) between the text's painted pixels and the highlight tint under them."""
    assert _painted_contrast(qtbot, dark, colour, active) >= 4.5


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
def test_a_blue_highlight_shows_on_the_playing_turn(qtbot, dark: bool) -> None:
    """The tint itself stands apart from the playing turn's own tint (3:1 would be ideal; 1.4 shows plainly)."""
    from PySide6.QtGui import QColor

    from reader.qt.palette import contrast_ratio, highlight_tint

    palette = _palette(dark)
    row = QColor(palette.color(palette.ColorRole.Highlight))
    base = palette.color(palette.ColorRole.Base)
    mixed = QColor(round(base.red() + (row.red() - base.red()) * 48 / 255),
                   round(base.green() + (row.green() - base.green()) * 48 / 255),
                   round(base.blue() + (row.blue() - base.blue()) * 48 / 255))
    assert contrast_ratio(highlight_tint("blue", palette), mixed) >= 1.4


@pytest.mark.parametrize("dark", [False, True], ids=["light", "dark"])
@pytest.mark.parametrize("active", [False, True], ids=["idle", "playing"])
def test_a_bookmarks_flag_in_the_text_stands_out_in_both_palettes(qtbot, dark: bool, active: bool) -> None:
    """The flag under a bookmarked turn's time is drawn in the bookmark colour (as on the timeline and the seek
    bar), at 3:1 or more against the row (WCAG's non-text contrast). It used the palette's selection colour:
    Adwaita dark's #15539e on the dark playing row measured 2:1 in a screenshot."""
    from collections import Counter

    from PySide6.QtGui import QColor, QPalette

    from reader.core.notes import NoteItem
    from reader.core.transcript import Transcript, Turn
    from reader.qt.palette import bookmark_colour, contrast_ratio
    from reader.qt.transcript_model import TranscriptModel
    from reader.qt.transcript_view import TranscriptView
    from reader.qt.turn_delegate import ACCENT_WIDTH, PADDING

    palette = _palette(dark)
    palette.setColor(QPalette.ColorRole.Highlight, QColor("#15539e" if dark else "#308cc6"))  # GTK's Adwaita
    model = TranscriptModel(Transcript(turns=[Turn(0, 0, "Ana", "Some words, then more words.")], format="test"))
    view = TranscriptView(model)
    qtbot.addWidget(view)
    view.setPalette(palette)
    view.resize(600, 120)
    view.show()
    model.set_notes([NoteItem(kind="bookmark", start_ms=0, turn_index=0)])
    if active:
        model.set_active_row(0)
    image = view.viewport().grab().toImage()
    rect = view.row_rect(0)
    left = rect.left() + ACCENT_WIDTH + PADDING
    box = [(x, y) for x in range(left, left + 11) for y in range(rect.top(), rect.bottom())]
    flag = bookmark_colour(palette).rgb()
    assert any(image.pixelColor(x, y).rgb() == flag for x, y in box), "no flag in the bookmark colour"
    row = Counter(image.pixelColor(x, y).rgb() for x in range(left + 40, left + 60)
                  for y in range(rect.bottom() - 4, rect.bottom() - 1)).most_common(1)[0][0]
    assert contrast_ratio(QColor.fromRgb(flag), QColor.fromRgb(row)) >= 3
