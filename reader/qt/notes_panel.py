"""The Notes panel: every bookmark and highlight of the transcript in time order, filterable, as plain text."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QPointF,
    QRect,
    QRectF,
    QSize,
    QSortFilterProxyModel,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QTextLayout,
    QTextOption,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QAbstractScrollArea,
    QDockWidget,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from reader.core.display_text import neutralise
from reader.core.media_times import MediaTimes
from reader.core.notes import COLOUR_TINTS, COLOURS, NoteItem
from reader.core.search import fold as fold_text  # the find bar's folding: accents, case, ß, quotes
from reader.core.timecode import ms_to_clock
from reader.qt.notes_controller import NotesController
from reader.qt.palette import highlight_text, highlight_tint

_Index = QModelIndex | QPersistentModelIndex
ALIGN = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter

# Highlighter tints: light enough that black text stays readable on them (contrast above 14:1).
HIGHLIGHT_COLOURS = COLOUR_TINTS  # the same tints as the transcript and the exports
DETACHED_TEXT = "(text no longer in the transcript)"
SUMMARY_QUOTE_CHARS = 60
SUMMARY_NOTE_CHARS = 80

ItemIdRole = Qt.ItemDataRole.UserRole + 1
StartRole = Qt.ItemDataRole.UserRole + 2  # on the recording's clock
KindRole = Qt.ItemDataRole.UserRole + 3
ColourRole = Qt.ItemDataRole.UserRole + 4
ColourNameRole = Qt.ItemDataRole.UserRole + 5
SpeakerRole = Qt.ItemDataRole.UserRole + 6
QuoteRole = Qt.ItemDataRole.UserRole + 7
NoteRole = Qt.ItemDataRole.UserRole + 8
LabelRole = Qt.ItemDataRole.UserRole + 9
DetachedRole = Qt.ItemDataRole.UserRole + 10
TurnIndexRole = Qt.ItemDataRole.UserRole + 11
TagsRole = Qt.ItemDataRole.UserRole + 12
TimeTextRole = Qt.ItemDataRole.UserRole + 13
SearchTextRole = Qt.ItemDataRole.UserRole + 14
ItemRole = Qt.ItemDataRole.UserRole + 15  # the NoteItem itself: one call instead of one per field


def one_line(text: str) -> str:
    """Return `text` with every run of whitespace (newlines included) made one space, bidi overrides removed."""
    return " ".join(neutralise(text).split())


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


def highlight_colour(name: str | None) -> QColor | None:
    """Return the tint painted for our colour `name`, or None for no (or an unknown) colour."""
    value = HIGHLIGHT_COLOURS.get(name or "")
    return QColor(value) if value else None


def summary(item: NoteItem, start_ms: int | None = None) -> str:
    """Return the item on one plain line: "[12:18] Speaker — “quote…” — note" (at `start_ms` if given)."""
    time = f"[{ms_to_clock(item.start_ms if start_ms is None else start_ms)}]"
    parts = [f"{time} {item.speaker}" if item.speaker else time]
    if item.label:
        parts.append(one_line(item.label))
    if item.quote is not None and item.quote.exact:
        parts.append(f"“{_shorten(one_line(item.quote.exact), SUMMARY_QUOTE_CHARS)}”")
    if item.note:
        parts.append(_shorten(one_line(item.note), SUMMARY_NOTE_CHARS))
    if item.detached:
        parts.append(DETACHED_TEXT)
    if len(parts) == 1 and not item.speaker:
        parts.append(item.kind.capitalize())
    return " — ".join(parts)


def spoken_description(item: NoteItem, start_ms: int | None = None) -> str:
    """Return the whole item as a sentence for screen readers (nothing shortened)."""
    colour = f", {item.color}" if item.color else ""
    text = f"{item.kind.capitalize()} at {ms_to_clock(item.start_ms if start_ms is None else start_ms)}{colour}"
    if item.speaker:
        text += f", {item.speaker}"
    if item.label:
        text += f". {one_line(item.label)}"
    if item.quote is not None and item.quote.exact:
        text += f". Quote: “{one_line(item.quote.exact)}”"
    if item.detached:
        text += ". The quoted text is no longer in the transcript"
    if item.note:
        text += f". Note: {one_line(item.note)}"
    if item.tags:
        text += f". Tags: {', '.join(item.tags)}"
    return text + "."


def search_text(item: NoteItem, start_ms: int | None = None) -> str:
    """Return every field the filter matches, folded."""
    when = ms_to_clock(item.start_ms if start_ms is None else start_ms)
    fields = [item.label, item.note, item.quote.exact if item.quote else "", item.speaker or "", item.kind,
              item.color or "", *item.tags, when, "detached" if item.detached else ""]
    return fold_text("\n".join(fields))


class NotesListModel(QAbstractListModel):
    """Rows are the controller's items in time order, rebuilt whenever the controller's items change.

    Items keep their times on the transcript's clock; the rows show them on the recording's (`set_times`).
    """

    def __init__(self, controller: NotesController, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._controller = controller
        self._times = MediaTimes()
        self._names: dict[str, str] = {}
        self._items: list[NoteItem] = []
        self._rows: dict[str, int] = {}
        self._search: list[str | None] = []  # computed when a filter first asks
        self._load(controller.items())
        controller.itemsChanged.connect(self._on_controller_items_changed)

    def _load(self, items: list[NoteItem]) -> None:
        self._items = items
        self._rows = {item.id: row for row, item in enumerate(items)}
        self._search = [None] * len(items)

    @Slot()
    def _on_controller_items_changed(self) -> None:
        items = self._controller.items()
        if [i.id for i in items] == [i.id for i in self._items]:
            # Same rows (an edit): update in place, so views keep their selection and scroll position.
            self._load(items)
            if items:
                self.dataChanged.emit(self.index(0, 0), self.index(len(items) - 1, 0))
            return
        self.beginResetModel()
        self._load(items)
        self.endResetModel()

    def set_times(self, times: MediaTimes) -> None:
        """Show the items' times on the recording's clock through `times`."""
        self._times = times
        self._refresh()

    def set_display_names(self, names: dict[str, str]) -> None:
        """Show speakers by the names the user gave them (original -> shown)."""
        self._names = dict(names)
        self._refresh()

    def _refresh(self) -> None:
        self._search = [None] * len(self._items)
        if self._items:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._items) - 1, 0))

    def _shown(self, item: NoteItem) -> NoteItem:
        """Return `item` as the rows show it: its speaker's display name, its time on the recording's clock."""
        speaker = neutralise(self._names.get(item.speaker, item.speaker)) if item.speaker else item.speaker
        start_ms = self._times.to_media(item.start_ms)
        if speaker == item.speaker and start_ms == item.start_ms:
            return item
        return replace(item, speaker=speaker, start_ms=start_ms)

    def item(self, row: int) -> NoteItem:
        """Return the item shown in `row`."""
        return self._items[row]

    def row_of(self, item_id: str) -> int:
        """Return the row of the item with `item_id`, or -1."""
        return self._rows.get(item_id, -1)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        if role == ItemRole:
            return item  # as stored: what edits and seeks work on
        item = self._shown(item)
        start_ms = item.start_ms
        if role == Qt.ItemDataRole.DisplayRole:
            return summary(item, start_ms)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return spoken_description(item, start_ms)
        if role == ItemIdRole:
            return item.id
        if role == StartRole:
            return start_ms
        if role == KindRole:
            return item.kind
        if role == ColourRole:
            return highlight_colour(item.color)
        if role == ColourNameRole:
            return item.color
        if role == SpeakerRole:
            return item.speaker
        if role == QuoteRole:
            return item.quote.exact if item.quote is not None else ""
        if role == NoteRole:
            return item.note
        if role == LabelRole:
            return item.label
        if role == DetachedRole:
            return item.detached
        if role == TurnIndexRole:
            return item.turn_index if item.turn_index is not None else -1
        if role == TagsRole:
            return list(item.tags)
        if role == TimeTextRole:
            return ms_to_clock(start_ms)
        if role == SearchTextRole:
            text = self._search[index.row()]
            if text is None:
                text = self._search[index.row()] = search_text(item, start_ms)
            return text
        if role == ItemRole:
            return item
        # No ToolTipRole: Qt shows tooltips that look like markup as rich text, and these are the user's words.
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def roleNames(self) -> dict[int, bytes]:
        names = dict(super().roleNames())
        names.update({
            ItemIdRole: b"itemId", StartRole: b"start", KindRole: b"kind", ColourRole: b"colour",
            ColourNameRole: b"colourName", SpeakerRole: b"speaker", QuoteRole: b"quote", NoteRole: b"note",
            LabelRole: b"label", DetachedRole: b"detached", TurnIndexRole: b"turnIndex", TagsRole: b"tags",
            TimeTextRole: b"timeText", SearchTextRole: b"searchText", ItemRole: b"item",
        })
        return names


class NotesFilterProxy(QSortFilterProxyModel):
    """Keeps the rows matching every word of the filter in any field, ignoring case and accents."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._words: list[str] = []

    def is_filtering(self) -> bool:
        """Return whether the filter hides anything at all (it has words)."""
        return bool(self._words)

    def set_filter_text(self, text: str) -> None:
        """Show only the rows whose fields contain every word of `text`."""
        words = fold_text(text).split()
        if words == self._words:
            return
        if hasattr(self, "beginFilterChange"):  # Qt 6.10 deprecates invalidateRowsFilter() for this pair
            self.beginFilterChange()
            self._words = words
            self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        else:
            self._words = words
            self.invalidateRowsFilter()

    def filterAcceptsRow(self, source_row: int, source_parent: _Index) -> bool:
        if not self._words:
            return True
        model = self.sourceModel()
        haystack = model.index(source_row, 0, source_parent).data(SearchTextRole) or ""
        return all(word in haystack for word in self._words)


PADDING = 6
H_PADDING = 8
GAP = 8
MIN_ELIDED_CHARS = 3  # an elided name shows at least this many characters before its "…", or nothing
QUOTE_LINES = 2
NOTE_LINES = 1


class _Fonts:
    """The fonts and metrics of one base font."""

    def __init__(self, base: QFont) -> None:
        self.text = QFont(base)
        self.bold = QFont(base)
        self.bold.setBold(True)
        self.italic = QFont(base)
        self.italic.setItalic(True)
        self.time = QFont(base)
        self.time.setFamilies(["monospace"])
        self.time.setStyleHint(QFont.StyleHint.Monospace)
        self.metrics = QFontMetrics(self.text)
        self.bold_metrics = QFontMetrics(self.bold)
        self.italic_metrics = QFontMetrics(self.italic)
        self.line = self.metrics.lineSpacing()
        self.header = max(self.bold_metrics.lineSpacing(), QFontMetrics(self.time).lineSpacing())
        self.time_width = QFontMetrics(self.time).horizontalAdvance("0:00:00") + GAP
        self.chip = max(9, self.metrics.ascent() - 1)


class NoteDelegate(QStyledItemDelegate):
    """Paints an item: time, colour chip or bookmark ribbon, label, speaker and kind, quote and note.

    Everything is drawn with drawText and QTextLayout, which take plain text: a note that says
    `<b>bold</b>` shows those characters, never bold text.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._fonts: dict[str, _Fonts] = {}
        self._wraps: dict[tuple[str, str, int, int], list[str]] = {}

    def _fonts_for(self, font: QFont) -> _Fonts:
        key = font.key()
        fonts = self._fonts.get(key)
        if fonts is None:
            fonts = self._fonts[key] = _Fonts(font)
        return fonts

    def _wrap(self, text: str, font: QFont, width: int, max_lines: int) -> list[str]:
        """Return `text` broken into at most `max_lines` lines of `width`, the last elided if it overflows."""
        key = (text, font.key(), width, max_lines)
        cached = self._wraps.get(key)
        if cached is not None:
            return cached
        layout = QTextLayout(text, font)
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        layout.setTextOption(option)
        layout.beginLayout()
        starts: list[tuple[int, int]] = []
        while len(starts) <= max_lines:
            line = layout.createLine()
            if not line.isValid():
                break
            line.setLineWidth(width)
            starts.append((line.textStart(), line.textLength()))
        layout.endLayout()
        lines = [text[start:start + length].rstrip() for start, length in starts[:max_lines]]
        if len(starts) > max_lines:
            rest = text[starts[max_lines - 1][0]:]
            lines[-1] = QFontMetrics(font).elidedText(rest, Qt.TextElideMode.ElideRight, width)
        if len(self._wraps) > 4000:  # a few screens' worth at a few widths; cheap to recompute
            self._wraps.clear()
        self._wraps[key] = lines
        return lines

    def _width(self, option: QStyleOptionViewItem) -> int:
        if option.rect.width() > 0:
            return option.rect.width()
        widget = option.widget
        if isinstance(widget, QAbstractScrollArea):
            return widget.viewport().width()
        return 300

    def _body(self, index: _Index, fonts: _Fonts, width: int) -> tuple[list[str], bool, list[str]]:
        """Return the quote's lines, whether the detached marker shows, and the note's lines."""
        body_width = max(40, width - fonts.time_width - 2 * H_PADDING)
        item: NoteItem = index.data(ItemRole)
        quote = one_line(item.quote.exact) if item.quote is not None else ""
        note = one_line(item.note)
        quote_lines = self._wrap(f"“{quote}”", fonts.text, body_width, QUOTE_LINES) if quote else []
        note_lines = self._wrap(note, fonts.text, body_width, NOTE_LINES) if note else []
        return quote_lines, item.detached, note_lines

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        fonts = self._fonts_for(option.font)
        width = self._width(option)
        quote_lines, detached, note_lines = self._body(index, fonts, width)
        lines = len(quote_lines) + int(detached) + len(note_lines)
        return QSize(width, 2 * PADDING + fonts.header + lines * fonts.line)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        fonts = self._fonts_for(option.font)
        rect: QRect = option.rect
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        text_colour, muted = self._paint_frame(painter, option, selected)
        left, top, right = rect.left() + H_PADDING, rect.top() + PADDING, rect.right() - H_PADDING
        painter.setFont(fonts.time)
        painter.setPen(muted)
        painter.drawText(QRect(left, top, fonts.time_width, fonts.header), ALIGN, index.data(TimeTextRole) or "")
        self._paint_heading(painter, index, fonts, text_colour, muted, left + fonts.time_width, top, right)
        # The quote's tint and ink are the transcript's for this palette (deeper tints and light ink when dark).
        tint = ((highlight_tint(index.data(ColourNameRole), option.palette), highlight_text(option.palette))
                if index.data(ColourRole) is not None else None)
        self._paint_body(painter, index, fonts, (text_colour, muted), tint,
                         QRect(left + fonts.time_width, top + fonts.header, right - left - fonts.time_width, 0),
                         rect.width())
        painter.restore()

    @staticmethod
    def _paint_frame(painter: QPainter, option: QStyleOptionViewItem, selected: bool) -> tuple[QColor, QColor]:
        """Paint the row's background, rule and focus; return the text colour and the muted one."""
        rect: QRect = option.rect
        palette: QPalette = option.palette
        widget = option.widget
        style = widget.style() if widget is not None else None
        if style is not None:
            style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, widget)
        elif selected:
            painter.fillRect(rect, palette.color(QPalette.ColorRole.Highlight))
        text_colour = palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        muted = QColor(text_colour)
        if not selected:  # on the selection colour, a faded HighlightedText would be too faint to read
            muted.setAlpha(170)
        rule = QColor(palette.color(QPalette.ColorRole.Text))
        rule.setAlpha(28)
        painter.setPen(rule)
        painter.drawLine(rect.left(), rect.bottom(), rect.right(), rect.bottom())
        if option.state & QStyle.StateFlag.State_HasFocus:
            pen = QPen(text_colour)
            pen.setStyle(Qt.PenStyle.DotLine)
            painter.setPen(pen)
            painter.drawRect(rect.adjusted(1, 1, -2, -2))
        return text_colour, muted

    def _paint_heading(self, painter: QPainter, index: _Index, fonts: _Fonts, text_colour: QColor, muted: QColor,
                       x: int, top: int, right: int) -> None:
        """Paint the kind's marker, the label (or speaker, or kind) in bold and what else names the item."""
        kind = index.data(KindRole) or ""
        self._paint_marker(painter, kind, index.data(ColourRole), text_colour, x,
                           top + (fonts.header - fonts.chip) // 2, fonts.chip)
        x += fonts.chip + GAP // 2
        shown, rest = self.heading(index, fonts, max(0, right - x))
        painter.setFont(fonts.bold)
        painter.setPen(text_colour)
        painter.drawText(QRect(x, top, max(0, right - x), fonts.header), ALIGN, shown)
        x += fonts.bold_metrics.horizontalAdvance(shown)
        if rest:
            painter.setFont(fonts.text)
            painter.setPen(muted)
            painter.drawText(QRect(x, top, right - x, fonts.header), ALIGN, rest)

    @staticmethod
    def heading(index: _Index, fonts: _Fonts, width: int) -> tuple[str, str]:
        """Return the heading as shown in `width` px: the bold part (label, speaker or kind) and the rest.

        The kind goes first when room is short (the marker's shape already tells a bookmark from a
        highlight), then the rest is elided; the bold part is elided only when it alone does not fit, so a
        speaker's name is never cut to "Alexa…" to keep the word "bookmark".
        """
        kind = index.data(KindRole) or ""
        label = one_line(index.data(LabelRole) or "")
        speaker = index.data(SpeakerRole) or ""
        primary = label or speaker or kind.capitalize()
        extras = [p for p in (speaker if label else "", kind if (label or speaker) else "") if p]
        shown = fonts.bold_metrics.elidedText(primary, Qt.TextElideMode.ElideRight, width)
        room = width - fonts.bold_metrics.horizontalAdvance(shown)
        for count in range(len(extras), 0, -1):
            rest = "  " + " · ".join(extras[:count])
            if fonts.metrics.horizontalAdvance(rest) <= room:
                return shown, rest
        if extras and shown == primary:
            rest = fonts.metrics.elidedText("  " + extras[0], Qt.TextElideMode.ElideRight, room)
            if len(rest.strip().rstrip("…")) >= MIN_ELIDED_CHARS:  # "  A…" says nothing: leave it out
                return shown, rest
        return shown, ""

    def _paint_body(self, painter: QPainter, index: _Index, fonts: _Fonts, colours: tuple[QColor, QColor],
                    tint: tuple[QColor, QColor] | None, area: QRect, row_width: int) -> None:
        """Paint the quote (on `tint`'s colour in its ink), the detached notice and the note from `area`'s top
        left."""
        text_colour, muted = colours
        quote_lines, detached, note_lines = self._body(index, fonts, row_width)
        x, y, width = area.left(), area.top(), max(0, area.width())
        painter.setFont(fonts.text)
        for line in quote_lines:
            if tint is not None:  # tinted like a highlighter pen
                advance = min(width, fonts.metrics.horizontalAdvance(line))
                painter.fillRect(QRect(x - 2, y, advance + 4, fonts.line), tint[0])
                painter.setPen(tint[1])
            else:
                painter.setPen(text_colour)
            painter.drawText(QRect(x, y, width, fonts.line), ALIGN, line)
            y += fonts.line
        if detached:
            painter.setFont(fonts.italic)
            painter.setPen(text_colour)
            shown = fonts.italic_metrics.elidedText(DETACHED_TEXT, Qt.TextElideMode.ElideRight, width)
            painter.drawText(QRect(x, y, width, fonts.line), ALIGN, shown)
            y += fonts.line
        painter.setFont(fonts.text)
        painter.setPen(muted)
        for line in note_lines:
            painter.drawText(QRect(x, y, width, fonts.line), ALIGN, line)
            y += fonts.line

    @staticmethod
    def _paint_marker(painter: QPainter, kind: str, colour: QColor | None, ink: QColor, x: int, y: int,
                      size: int) -> None:
        """Draw a bookmark ribbon or a highlight's colour chip: kinds differ by shape, not colour alone."""
        edge = QColor(colour.darker(160)) if colour is not None else QColor(ink)
        painter.setPen(QPen(edge, 1))
        painter.setBrush(colour if colour is not None else Qt.BrushStyle.NoBrush)
        if kind == "bookmark":
            w = size * 0.7
            left = x + (size - w) / 2
            ribbon = QPainterPath(QPointF(left, y))
            ribbon.lineTo(left + w, y)
            ribbon.lineTo(left + w, y + size)
            ribbon.lineTo(left + w / 2, y + size * 0.7)
            ribbon.lineTo(left, y + size)
            ribbon.closeSubpath()
            painter.drawPath(ribbon)
        else:
            painter.drawRoundedRect(QRectF(x + 0.5, y + 0.5, size - 1, size - 1), 2, 2)
        painter.setBrush(Qt.BrushStyle.NoBrush)


class NotesPanel(QDockWidget):
    """The Notes dock: a filter box, the items and how many are shown.

    Clicking an item (or Enter) asks to seek to it, double-clicking it (or F2) asks to edit it, and
    Delete or Backspace removes it through the controller, so Undo brings it back.
    """

    seekRequested = Signal(int, int)  # start on the recording's clock (ms), turn index or -1
    editRequested = Signal(str)  # item id

    def set_times(self, times: MediaTimes) -> None:
        """Show the items' times on the recording's clock."""
        self.model.set_times(times)

    def set_display_names(self, names: dict[str, str]) -> None:
        """Show speakers by the names the user gave them."""
        self.model.set_display_names(names)

    def __init__(self, controller: NotesController, parent: QWidget | None = None) -> None:
        super().__init__("Notes", parent)
        self.setObjectName("notesPanel")
        self._controller = controller
        self._selected_id: str | None = None  # kept while the item is filtered out, to select it again

        self.model = NotesListModel(controller, self)
        self.proxy = NotesFilterProxy(self)
        self.proxy.setSourceModel(self.model)

        body = QWidget(self)
        self.filter_edit = QLineEdit(body)
        self.filter_edit.setPlaceholderText("Filter notes: text, colour, kind, speaker")
        self.filter_edit.setClearButtonEnabled(True)
        self.filter_edit.setAccessibleName("Filter notes")
        self.view = QListView(body)
        self.view.setModel(self.proxy)
        self.delegate = NoteDelegate(self.view)
        self.view.setItemDelegate(self.delegate)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setResizeMode(QListView.ResizeMode.Adjust)  # wrapped quotes change height with the width
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.view.setAccessibleName("Notes")
        self.view.setAccessibleDescription("Enter goes to the item, F2 edits it, Delete removes it")
        self.count_label = QLabel(body)
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)
        self.count_label.setAccessibleName("Number of notes shown")
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addWidget(self.filter_edit)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count_label)
        self.setWidget(body)

        self.filter_edit.textChanged.connect(self._on_filter_edit_text_changed)
        self.view.clicked.connect(self._on_view_clicked)
        self.view.doubleClicked.connect(self._on_view_double_clicked)
        self.view.selectionModel().selectionChanged.connect(self._on_selection_selection_changed)
        self.proxy.modelReset.connect(self._on_proxy_model_reset)
        self.proxy.rowsInserted.connect(self._on_proxy_rows_inserted)
        self.proxy.rowsRemoved.connect(self._on_proxy_rows_removed)
        self.view.installEventFilter(self)
        self.filter_edit.installEventFilter(self)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.customContextMenuRequested.connect(self._on_view_custom_context_menu_requested)
        self._update_count()

    # -- public -----------------------------------------------------------------------------------

    def selected_item_id(self) -> str | None:
        """Return the id of the item selected in the list, or None."""
        index = self._selected_index()
        return index.data(ItemIdRole) if index.isValid() else None

    def _selected_index(self) -> QModelIndex:
        # Keys act on the selected item only: the current index can stay on a row that is not selected
        # (Ctrl+click), and Delete must remove only what the list shows as selected.
        index = self.view.currentIndex()
        selection = self.view.selectionModel()
        return index if index.isValid() and selection.isSelected(index) else QModelIndex()

    def select_item(self, item_id: str) -> bool:
        """Select and show the item with `item_id`; return False when it is absent or filtered out."""
        row = self.model.row_of(item_id)
        index = self.proxy.mapFromSource(self.model.index(row, 0)) if row >= 0 else QModelIndex()
        if not index.isValid():
            return False
        flags = QItemSelectionModel.SelectionFlag.ClearAndSelect
        self.view.selectionModel().setCurrentIndex(index, flags)
        self.view.scrollTo(index)
        return True

    def go_to_selected(self) -> bool:
        """Seek to the selected item (Enter); return False when nothing is selected."""
        index = self._selected_index()
        if index.isValid():
            self._request_seek(index)
        return index.isValid()

    def edit_selected(self) -> bool:
        """Open the editor of the selected item (F2); return False when nothing is selected."""
        index = self._selected_index()
        if index.isValid():
            self.editRequested.emit(index.data(ItemIdRole))
        return index.isValid()

    def delete_selected(self) -> bool:
        """Delete the selected item (Delete; undoable); return False when nothing is selected."""
        index = self._selected_index()
        if index.isValid():
            self._delete(index)
        return index.isValid()

    def colour_selected(self, colour: str) -> bool:
        """Give the selected highlight `colour` (Alt+1..4; undoable); False when no highlight is selected."""
        index = self._selected_index()
        if not index.isValid() or index.data(KindRole) != "highlight":
            return False
        if index.data(ColourNameRole) != colour:
            self._controller.edit_item(index.data(ItemIdRole), color=colour)
        return True

    def copy_selected(self) -> bool:
        """Put the selected item on the clipboard as one plain line (Ctrl+C)."""
        index = self._selected_index()
        if index.isValid():
            QGuiApplication.clipboard().setText(index.data(Qt.ItemDataRole.DisplayRole))
        return index.isValid()

    def context_menu(self) -> QMenu:
        """Return the menu of what can be done to the selected item (the list's right click)."""
        index = self._selected_index()
        menu = QMenu(self)
        for text, keys, slot in (("&Go To", "Enter", self.go_to_selected), ("&Edit…", "F2", self.edit_selected),
                                 ("&Copy", "Ctrl+C", self.copy_selected)):
            menu.addAction(f"{text}\t{keys}", slot).setEnabled(index.isValid())
        colours = menu.addMenu("C&olour")
        colours.setEnabled(index.isValid() and index.data(KindRole) == "highlight")
        for number, name in enumerate(COLOURS, start=1):
            action = colours.addAction(f"&{number} {name.capitalize()}\tAlt+{number}",
                                       lambda n=name: self.colour_selected(n))
            action.setCheckable(True)
            action.setChecked(index.isValid() and index.data(ColourNameRole) == name)
        menu.addSeparator()
        menu.addAction("&Delete\tDel", self.delete_selected).setEnabled(index.isValid())
        return menu

    def _on_view_custom_context_menu_requested(self, point: QPoint) -> None:
        index = self.view.indexAt(point)
        if index.isValid():
            self.view.selectionModel().setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.context_menu().popup(self.view.viewport().mapToGlobal(point))

    # -- keys -------------------------------------------------------------------------------------

    _VIEW_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F2, Qt.Key.Key_Delete, Qt.Key.Key_Backspace)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Give the list its Enter, F2 and Delete keys, and the filter box Down and Escape."""
        kind = event.type()
        if kind not in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride) or not isinstance(event, QKeyEvent):
            return super().eventFilter(watched, event)
        key = event.key()
        plain = not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if watched is self.view and plain and key in self._VIEW_KEYS and self._selected_index().isValid():
            if kind == QEvent.Type.ShortcutOverride:
                event.accept()  # a window shortcut on the same key must not take it from the list
                return True
            self._on_view_key(key)
            return True
        alt = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier == Qt.KeyboardModifier.AltModifier
        copy = event.matches(QKeySequence.StandardKey.Copy)
        if watched is self.view and (copy or (alt and Qt.Key.Key_1 <= key < Qt.Key.Key_1 + len(COLOURS))) \
                and self._selected_index().isValid():
            if kind == QEvent.Type.ShortcutOverride:
                event.accept()
            elif copy:
                self.copy_selected()
            else:
                self.colour_selected(COLOURS[key - Qt.Key.Key_1])
            return True
        if watched is self.filter_edit and plain and kind == QEvent.Type.KeyPress:
            if key == Qt.Key.Key_Down and self.proxy.rowCount() > 0:
                if not self._selected_index().isValid():
                    current = self.view.currentIndex()
                    self.view.setCurrentIndex(current if current.isValid() else self.proxy.index(0, 0))
                self.view.setFocus(Qt.FocusReason.TabFocusReason)
                return True
            if key == Qt.Key.Key_Escape and self.filter_edit.text():
                self.filter_edit.clear()
                return True
        return super().eventFilter(watched, event)

    def _on_view_key(self, key: int) -> None:
        index = self._selected_index()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._request_seek(index)
        elif key == Qt.Key.Key_F2:
            self.editRequested.emit(index.data(ItemIdRole))
        else:
            self._delete(index)

    def _request_seek(self, index: QModelIndex) -> None:
        self.seekRequested.emit(int(index.data(StartRole)), int(index.data(TurnIndexRole)))

    def _delete(self, index: QModelIndex) -> None:
        """Remove the item at `index`, moving the selection to its neighbour so Delete can repeat."""
        row = index.row()
        item_id = index.data(ItemIdRole)
        neighbour = self.proxy.index(row + 1 if row + 1 < self.proxy.rowCount() else row - 1, 0)
        self._selected_id = neighbour.data(ItemIdRole) if neighbour.isValid() else None
        self._controller.remove_item(item_id)

    def _update_count(self) -> None:
        total = self.model.rowCount()
        noun = "item" if total == 1 else "items"
        if self.proxy.is_filtering():
            self.count_label.setText(f"{self.proxy.rowCount()} of {total} {noun}")
        else:
            self.count_label.setText(f"{total} {noun}")

    # -- slots ------------------------------------------------------------------------------------

    @Slot(str)
    def _on_filter_edit_text_changed(self, text: str) -> None:
        remembered = self._selected_id
        self.proxy.set_filter_text(text)
        if remembered is not None and not self.select_item(remembered):
            # Hidden by the filter: Qt would select a neighbour the user never chose; select nothing and
            # keep the item in mind, to select it again when the filter shows it.
            self.view.selectionModel().clear()
            self._selected_id = remembered
        self._update_count()

    @Slot(QModelIndex)
    def _on_view_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self._request_seek(index)

    @Slot(QModelIndex)
    def _on_view_double_clicked(self, index: QModelIndex) -> None:
        if index.isValid():
            self.editRequested.emit(index.data(ItemIdRole))

    @Slot(QItemSelection, QItemSelection)
    def _on_selection_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        index = self._selected_index()
        if index.isValid():  # an item filtered out stays remembered until another is chosen
            self._selected_id = index.data(ItemIdRole)

    @Slot()
    def _on_proxy_model_reset(self) -> None:
        if self._selected_id is not None:
            self.select_item(self._selected_id)
        self._update_count()

    @Slot(QModelIndex, int, int)
    def _on_proxy_rows_inserted(self, _parent: QModelIndex, _first: int, _last: int) -> None:
        self._update_count()

    @Slot(QModelIndex, int, int)
    def _on_proxy_rows_removed(self, _parent: QModelIndex, _first: int, _last: int) -> None:
        self._update_count()
