"""Paints one turn: its time, the speaker in their colour, and the text wrapped, as plain text."""

from __future__ import annotations

import math

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRect, QSize, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QPainter,
    QPalette,
    QPen,
    QTextCharFormat,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from reader.qt.palette import bookmark_colour, highlight_text, highlight_tint
from reader.qt.transcript_model import (
    ActiveRole,
    BookmarkedRole,
    CurrentMatchRole,
    EstimatedRole,
    HighlightsRole,
    MatchesRole,
    ProgressRole,
    SpeakerColourRole,
    SpeakerRole,
    TextRole,
    TimeTextRole,
    WordRole,
)

_Index = QModelIndex | QPersistentModelIndex

PADDING = 8
GAP = 12
ACCENT_WIDTH = 4
LAYOUT_CACHE = 400


def layout_text(text: str, font: QFont, width: float) -> QTextLayout:
    """Return `text` laid out in lines of `width`, wrapping at words (or anywhere, for long URLs)."""
    layout = QTextLayout(text, font)
    option = QTextOption()
    option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(option)
    layout.beginLayout()
    y = 0.0
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        line.setPosition(QPointF(0, y))
        y += line.height()
    layout.endLayout()
    return layout


def to_qt_offset(text: str, offset: int) -> int:
    """Return Python string offset `offset` as Qt counts it (UTF-16: characters past U+FFFF count twice)."""
    if text.isascii() or all(ord(c) <= 0xFFFF for c in text[:offset]):
        return offset
    return len(text[:offset].encode("utf-16-le")) // 2


def from_qt_offset(text: str, qt_offset: int) -> int:
    """Return the Python string offset of UTF-16 offset `qt_offset` in `text`."""
    if text.isascii() or all(ord(c) <= 0xFFFF for c in text):
        return qt_offset
    units = 0
    for index, char in enumerate(text):
        if units >= qt_offset:
            return index
        units += 2 if ord(char) > 0xFFFF else 1
    return len(text)


def layout_height(layout: QTextLayout) -> int:
    """Return the height of a laid-out text."""
    count = layout.lineCount()
    if count == 0:
        return 0
    last = layout.lineAt(count - 1)
    return math.ceil(last.y() + last.height())


class TurnDelegate(QStyledItemDelegate):
    """Draws turns; never interprets their text as markup (QTextLayout and drawText take plain text)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._font = QFont(parent.font()) if parent is not None else QFont()
        self._configure(self._font)

    def _configure(self, font: QFont) -> None:
        self._layouts: dict[tuple[str, int], QTextLayout] = {}
        self._font = QFont(font)
        self._bold = QFont(font)
        self._bold.setBold(True)
        self._time_font = QFont(font)
        self._time_font.setStyleHint(QFont.StyleHint.Monospace)
        metrics = QFontMetrics(self._font)
        self._line_height = metrics.lineSpacing()
        self._avg_char = max(1.0, metrics.averageCharWidth() * 1.0)
        self._header_height = QFontMetrics(self._bold).lineSpacing()
        self._time_width = QFontMetrics(self._time_font).horizontalAdvance("0:00:00") + GAP

    def set_font(self, font: QFont) -> None:
        """Use `font` for the text (the view relays out afterwards)."""
        self._configure(font)

    def text_width(self, row_width: int) -> int:
        """Return the width the turn's text wraps at in a row `row_width` wide."""
        return max(40, row_width - self._time_width - 2 * PADDING - ACCENT_WIDTH)

    def estimate_heights(self, text_lengths: list[int], row_width: int) -> list[int]:
        """Return quick guesses of rows' heights from their text lengths (refined when painted)."""
        # Word wrap leaves the end of each line a little short of full: 6% more lines than characters fill.
        per_char = 1.06 * self._avg_char / self.text_width(row_width)
        base, line = 2 * PADDING + self._header_height, self._line_height
        ceil = math.ceil
        return [base + line * (ceil(n * per_char) or 1) for n in text_lengths]

    def layout(self, text: str, width: int) -> QTextLayout:
        """Return `text` laid out at `width`, reusing the layouts of recently measured or painted rows."""
        key = (text, width)
        layout = self._layouts.get(key)
        if layout is None:
            layout = layout_text(text, self._font, width)
            self._layouts[key] = layout
            if len(self._layouts) > LAYOUT_CACHE:
                # Rows are measured just before they are painted: keeping the last few hundred layouts
                # halves the cost of a viewport full of new rows.
                self._layouts.pop(next(iter(self._layouts)))
        return layout

    def exact_height(self, text: str, row_width: int) -> int:
        """Return the height a row needs to show `text` at `row_width`."""
        body = layout_height(self.layout(text, self.text_width(row_width))) if text else 0
        return 2 * PADDING + self._header_height + max(body, self._line_height)

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        width = option.rect.width() if option.rect.width() > 0 else 600
        return QSize(width, self.exact_height(index.data(TextRole) or "", width))

    def text_origin(self, rect: QRect) -> QPointF:
        """Return where a row's wrapped text starts, for a row at `rect`."""
        return QPointF(rect.left() + ACCENT_WIDTH + PADDING + self._time_width,
                       rect.top() + PADDING + self._header_height)

    def hit_test(self, rect: QRect, text: str, point: QPointF, *, clamp: bool = False) -> int:
        """Return the character offset in `text` under `point`, or -1 outside the text.

        With `clamp`, points above the text give 0 and below it give len(text) (for drag selection).
        """
        if not text:
            return -1 if not clamp else 0
        origin = self.text_origin(rect)
        layout = self.layout(text, self.text_width(rect.width()))
        x, y = point.x() - origin.x(), point.y() - origin.y()
        if y < 0 or (x < -GAP and not clamp):
            return 0 if clamp and y < 0 else -1
        for n in range(layout.lineCount()):
            line = layout.lineAt(n)
            if y < line.y() + line.height():
                return from_qt_offset(text, line.xToCursor(max(0.0, x)))
        return len(text) if clamp else -1

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        self.paint_turn(painter, option, index)

    def paint_turn(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index, *,
                   selection: tuple[int, int] | None = None) -> None:
        """Paint one turn from its model roles, with the view's own text `selection` if any."""
        rect: QRect = option.rect
        active = bool(index.data(ActiveRole))
        painter.save()
        self._paint_background(painter, option, active)
        left, top = rect.left() + ACCENT_WIDTH + PADDING, rect.top() + PADDING
        self._paint_header(painter, option, index, active, left, top)
        if index.data(BookmarkedRole):
            # A flag under the time: bookmarks are visible in the text as well as on the seek bar.
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(bookmark_colour(option.palette))  # the timeline's and seek bar's flag colour
            y = top + self._header_height + 4
            painter.drawPolygon([QPointF(left, y), QPointF(left + 10, y), QPointF(left + 10, y + 12),
                                 QPointF(left + 5, y + 8), QPointF(left, y + 12)])
            painter.setBrush(Qt.BrushStyle.NoBrush)
        text = index.data(TextRole) or ""
        if text:
            painter.setPen(option.palette.color(QPalette.ColorRole.Text))
            text_width = self.text_width(rect.width())
            layout = self.layout(text, text_width)
            ranges = self._text_ranges(text, index, option.palette, selection)
            layout.draw(painter, QPointF(left + self._time_width, top + self._header_height), ranges)
        painter.restore()

    def _paint_background(self, painter: QPainter, option: QStyleOptionViewItem, active: bool) -> None:
        rect, palette = option.rect, option.palette
        if active:
            tint = QColor(palette.color(QPalette.ColorRole.Highlight))
            tint.setAlpha(48)
            painter.fillRect(rect, tint)
            # The active turn is marked by shape as well as colour: a bar on its left edge.
            painter.fillRect(QRect(rect.left(), rect.top(), ACCENT_WIDTH, rect.height()),
                             palette.color(QPalette.ColorRole.Highlight))
        elif option.state & QStyle.StateFlag.State_Selected:
            shade = QColor(palette.color(QPalette.ColorRole.Highlight))
            shade.setAlpha(22)
            painter.fillRect(rect, shade)
        if option.state & QStyle.StateFlag.State_HasFocus:
            # The keyboard's current turn: a quiet dashed outline, so it never reads as the spoken turn.
            pen = QPen(palette.color(QPalette.ColorRole.PlaceholderText))
            pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawRect(rect.adjusted(1, 1, -2, -2))

    def _paint_header(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index, active: bool,
                      left: int, top: int) -> None:
        """Paint the time (italic with `~` when estimated) and the speaker in their colour."""
        palette = option.palette
        time_font = self._time_font
        if index.data(EstimatedRole):
            # Estimated times (a transcript without times) are marked `~` and italic, never passed as real.
            time_font = QFont(self._time_font)
            time_font.setItalic(True)
        painter.setFont(time_font)
        painter.setPen(palette.color(QPalette.ColorRole.Text) if active
                       else palette.color(QPalette.ColorRole.PlaceholderText))
        painter.drawText(QRect(left, top, self._time_width, self._header_height),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, index.data(TimeTextRole))
        text_left = left + self._time_width
        text_width = self.text_width(option.rect.width())
        painter.setFont(self._bold)
        painter.setPen(index.data(SpeakerColourRole) or palette.color(QPalette.ColorRole.Text))
        label = index.data(SpeakerRole) or "Unknown speaker"
        if active:
            label = "▶ " + label
        elided = QFontMetrics(self._bold).elidedText(label, Qt.TextElideMode.ElideRight, text_width)
        painter.drawText(QRect(text_left, top, text_width, self._header_height),
                         Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, elided)

    def _text_ranges(self, text: str, index: _Index, palette: QPalette,
                     selection: tuple[int, int] | None) -> list[QTextLayout.FormatRange]:
        """Return the formats over the text: highlights, find matches, the part not yet spoken, the selection."""
        def span(start: int, end: int, background: QColor, foreground: QColor | None,
                 *, underline: bool = True) -> QTextLayout.FormatRange:
            # Offsets are Python's; QTextLayout counts UTF-16 units (an emoji is two).
            return _format_range(to_qt_offset(text, start), to_qt_offset(text, end), background, foreground,
                                 underline=underline)

        ink = highlight_text(palette)
        ranges = [span(start, end, highlight_tint(colour, palette), ink)
                  for start, end, colour in index.data(HighlightsRole) or ()]
        ranges += [span(start, end, QColor("#ffd54f"), QColor("#000000"), underline=False)
                   for start, end in index.data(MatchesRole) or ()]
        current_match = index.data(CurrentMatchRole)
        if current_match is not None:
            ranges.append(span(*current_match, QColor("#ff9800"), QColor("#000000"), underline=False))
        word = index.data(WordRole)
        if word is not None:
            # The word being said: a tint of the highlight colour behind it (the spoken words before it are
            # in the full text colour, those to come lighter).
            tint = QColor(palette.color(QPalette.ColorRole.Highlight))
            tint.setAlpha(90)
            ranges.append(span(word[0], word[1], tint, None, underline=False))
        progress = index.data(ProgressRole)
        if progress is not None and progress < len(text):
            # The words still to come, in the active turn, are a shade lighter than those spoken.
            upcoming = QColor(palette.color(QPalette.ColorRole.Text))
            upcoming.setAlphaF(0.55)
            fmt = QTextCharFormat()
            fmt.setForeground(upcoming)
            upcoming_span = QTextLayout.FormatRange()
            start_qt = to_qt_offset(text, progress)
            upcoming_span.start, upcoming_span.format = start_qt, fmt
            upcoming_span.length = to_qt_offset(text, len(text)) - start_qt
            ranges.append(upcoming_span)
        if selection is not None and selection[1] > selection[0]:
            ranges.append(span(selection[0], selection[1], palette.color(QPalette.ColorRole.Highlight),
                               palette.color(QPalette.ColorRole.HighlightedText), underline=False))
        return ranges


def _format_range(start: int, end: int, background: QColor, foreground: QColor | None, *,
                  underline: bool = True) -> QTextLayout.FormatRange:
    """Return a QTextLayout format range painting text[start:end] with these colours."""
    fmt = QTextCharFormat()
    fmt.setBackground(background)
    if foreground is not None:
        fmt.setForeground(foreground)
    if underline:
        # Highlights are underlined in a deeper shade too: a tint alone vanishes on the active turn's tint.
        fmt.setUnderlineStyle(QTextCharFormat.UnderlineStyle.SingleUnderline)
        # (A lighter shade under a deep tint on a dark palette: a darker one would vanish into it.)
        fmt.setUnderlineColor(background.darker(170) if background.lightness() >= 128 else background.lighter(220))
    span = QTextLayout.FormatRange()
    span.start, span.length, span.format = start, end - start, fmt
    return span
