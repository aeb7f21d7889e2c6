"""The transcript list: a QAbstractItemView that lays out 50,000 wrapped turns lazily.

QListView asks every row for its size before showing anything; with wrapped text that is 3 s for
50,000 turns (measured here: 0.5 s even when each size is a cached lookup, because each one is a Python
call). This view keeps a height per row instead: a guess from the text length until the row is first
painted, then the exact height, cached for the current width. Scrolling is per pixel over the prefix sums
of those heights; when painted rows turn out taller or shorter than guessed, the row at the top of the
viewport stays where it is on screen.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from itertools import accumulate

from PySide6.QtCore import (
    QEasingCurve,
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QPoint,
    QPointF,
    QRect,
    Qt,
    QVariantAnimation,
    Signal,
)
from PySide6.QtGui import QFont, QGuiApplication, QHelpEvent, QKeyEvent, QKeySequence, QMouseEvent, QPainter, QRegion
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QFrame,
    QStyle,
    QStyleOptionViewItem,
    QToolTip,
    QWidget,
)

from reader.core.timecode import ms_to_clock
from reader.qt.plain_text import plain_tooltip
from reader.qt.transcript_model import CopyTextRole, TextRole, TranscriptModel
from reader.qt.turn_delegate import TurnDelegate, to_qt_offset

SMOOTH_SCROLL_MS = 220


class TranscriptView(QAbstractItemView):
    """Shows a TranscriptModel's turns top to bottom, each as tall as its wrapped text.

    Text inside one turn can be selected with the mouse (a drag) or Shift+arrows and copied; a click
    without a drag emits `turnClicked`.
    """

    turnClicked = Signal(int)
    textClicked = Signal(int, int)  # row, character offset: a click on a word
    textSelectionChanged = Signal()
    userScrolled = Signal()

    def __init__(self, model: TranscriptModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._selection: tuple[int, int, int] | None = None  # (row, anchor, cursor) character offsets
        self._press: tuple[int, int, QPoint] | None = None  # (row, offset or -1, where) of a left press
        self._dragging = False
        self._row_filter: Callable[[int], bool] | None = None
        self._programmatic_scroll = 0
        self._animation = QVariantAnimation(self)
        self._animation.setDuration(SMOOTH_SCROLL_MS)
        self._animation.setEasingCurve(QEasingCurve.Type.OutCubic)
        self._animation.valueChanged.connect(self._on_animation_value_changed)
        self.reduced_motion = False
        self._heights: list[int] = []
        self._exact = bytearray()
        self._offsets: list[int] = [0]
        self._layout_width = -1
        self.delegate = TurnDelegate(self)
        self.setItemDelegate(self.delegate)
        self.setModel(model)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setMouseTracking(True)
        self.setAccessibleName("Transcript")
        self.verticalScrollBar().actionTriggered.connect(self._on_scroll_bar_action_triggered)

    # -- layout -----------------------------------------------------------------------------------

    def transcript_model(self) -> TranscriptModel:
        """Return the model shown."""
        model = self.model()
        assert isinstance(model, TranscriptModel)
        return model

    def _relayout(self, keep_position: bool = True) -> None:
        """Guess every row's height at the current width, keeping the top visible row in place."""
        anchor = self._anchor() if keep_position else None
        width = self.viewport().width()
        lengths = self.transcript_model().text_lengths()
        self._heights = self.delegate.estimate_heights(lengths, width)
        self._exact = bytearray(len(lengths))
        if self._row_filter is not None:
            # Hidden turns are rows of height 0: hit tests, offsets and painting skip them for free.
            shown = self._row_filter
            for row in range(len(lengths)):
                if not shown(row):
                    self._heights[row] = 0
                    self._exact[row] = 1
        self._layout_width = width
        self._rebuild_offsets()
        if anchor is not None:
            self._restore_anchor(anchor)

    def _rebuild_offsets(self) -> None:
        self._offsets = list(accumulate(self._heights, initial=0))
        self._update_scrollbar()

    def _update_scrollbar(self) -> None:
        bar = self.verticalScrollBar()
        page = self.viewport().height()
        bar.setRange(0, max(0, self._offsets[-1] - page))
        bar.setPageStep(page)
        bar.setSingleStep(max(12, self.delegate._line_height * 2))

    def _anchor(self) -> tuple[int, int] | None:
        """Return (row, pixels of it above the viewport top) for the row at the top of the viewport."""
        if not self._heights:
            return None
        y = self.verticalScrollBar().value()
        row = self._row_at_y(y)
        return (row, y - self._offsets[row]) if row >= 0 else None

    def _restore_anchor(self, anchor: tuple[int, int]) -> None:
        row, delta = anchor
        if row < len(self._heights):
            self.verticalScrollBar().setValue(self._offsets[row] + max(0, min(delta, self._heights[row] - 1)))

    def _row_at_y(self, y: int) -> int:
        """Return the row covering content coordinate `y`, or -1 outside the rows."""
        if not self._heights or y < 0 or y >= self._offsets[-1]:
            return -1
        return bisect_right(self._offsets, y) - 1

    def _ensure_layout(self) -> None:
        if self._layout_width != self.viewport().width() or len(self._heights) != self.model().rowCount():
            self._relayout()

    def _measure(self, first: int, last: int) -> bool:
        """Replace guessed heights of rows first..last with exact ones; return whether any changed."""
        model = self.model()
        width = self._layout_width
        exact_height = self.delegate.exact_height
        changed = False
        for row in range(first, last + 1):
            if self._exact[row]:
                continue
            text = model.index(row, 0).data(TextRole) or ""
            height = exact_height(text, width)
            self._exact[row] = 1
            if height != self._heights[row]:
                self._heights[row] = height
                changed = True
        return changed

    def _measure_row(self, row: int) -> None:
        """Make one row's height exact; rebuild the offsets only when it changed (follow() runs 20x a second)."""
        if self._measure(row, row):
            anchor = self._anchor()
            self._rebuild_offsets()
            if anchor is not None:
                self._restore_anchor(anchor)

    def _measure_visible(self) -> None:
        """Make the heights of the rows on screen exact, keeping the top row still on screen."""
        self._ensure_layout()
        for _ in range(4):  # converges in one or two passes: rows only change once
            first, last = self._visible_rows()
            if first < 0 or not self._measure(first, last):
                return
            anchor = self._anchor()
            self._rebuild_offsets()
            if anchor is not None:
                self._restore_anchor(anchor)

    def _visible_rows(self) -> tuple[int, int]:
        if not self._heights:
            return -1, -1
        top = self.verticalScrollBar().value()
        first = max(0, self._row_at_y(top))
        bottom = top + self.viewport().height()
        last = bisect_right(self._offsets, bottom) - 1
        return first, min(max(first, last), len(self._heights) - 1)

    def row_rect(self, row: int) -> QRect:
        """Return the rectangle of `row` in viewport coordinates."""
        self._ensure_layout()
        y = self._offsets[row] - self.verticalScrollBar().value()
        return QRect(0, y, self.viewport().width(), self._heights[row])

    def scroll_to_row(self, row: int, fraction: float = 0.3) -> None:
        """Scroll so `row` starts `fraction` of the way down the viewport (its top always visible)."""
        self._ensure_layout()
        if not 0 <= row < len(self._heights):
            return
        self._measure_row(row)
        self.verticalScrollBar().setValue(int(self._offsets[row] - self.viewport().height() * fraction))
        self._measure_visible()
        self.viewport().update()

    def is_offset_visible(self, row: int, offset: int) -> bool:
        """Return whether the line holding character `offset` of `row` shows on screen (its top, at least)."""
        if not 0 <= row < len(self._heights) or self._heights[row] == 0:
            return False
        y = self.offset_y(row, offset) - self.verticalScrollBar().value()
        return 0 <= y < self.viewport().height()  # at least the top of the line: it can be seen and clicked

    def is_row_visible(self, row: int) -> bool:
        """Return whether the whole top line of `row` is on screen."""
        if not 0 <= row < len(self._heights):
            return False
        rect = self.row_rect(row)
        return rect.top() >= 0 and rect.top() + self.delegate._line_height * 2 <= self.viewport().height()

    # -- QAbstractItemView ------------------------------------------------------------------------

    def visualRect(self, index: QModelIndex) -> QRect:
        if not index.isValid() or index.row() >= self.model().rowCount():
            return QRect()
        return self.row_rect(index.row())

    def scrollTo(self, index: QModelIndex, hint: QAbstractItemView.ScrollHint = QAbstractItemView.ScrollHint.EnsureVisible) -> None:  # noqa: E501
        if not index.isValid():
            return
        row = index.row()
        self._ensure_layout()
        self._measure_row(row)
        bar = self.verticalScrollBar()
        top, height, page = self._offsets[row], self._heights[row], self.viewport().height()
        if hint == QAbstractItemView.ScrollHint.PositionAtTop:
            bar.setValue(top)
        elif hint == QAbstractItemView.ScrollHint.PositionAtBottom:
            bar.setValue(top + height - page)
        elif hint == QAbstractItemView.ScrollHint.PositionAtCenter:
            bar.setValue(top - (page - min(height, page)) // 2)
        elif top < bar.value() or height > page:
            bar.setValue(top)
        elif top + height > bar.value() + page:
            bar.setValue(top + height - page)
        self.viewport().update()

    def indexAt(self, point: QPoint) -> QModelIndex:
        self._ensure_layout()
        row = self._row_at_y(point.y() + self.verticalScrollBar().value())
        return self.model().index(row, 0) if row >= 0 else QModelIndex()

    def moveCursor(self, action: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier) -> QModelIndex:
        count = self.model().rowCount()
        if count == 0:
            return QModelIndex()
        current = self.currentIndex().row() if self.currentIndex().isValid() else -1
        actions = QAbstractItemView.CursorAction
        if action in (actions.MoveUp, actions.MovePrevious):
            row = self._shown_row(current - 1, -1, fallback=current)
        elif action in (actions.MoveDown, actions.MoveNext):
            row = self._shown_row(current + 1, 1, fallback=current)
        elif action == actions.MoveHome:
            row = self._shown_row(0, 1, fallback=current)
        elif action == actions.MoveEnd:
            row = self._shown_row(count - 1, -1, fallback=current)
        elif action in (actions.MovePageUp, actions.MovePageDown):
            step = self.viewport().height() * (1 if action == actions.MovePageDown else -1)
            base = self._offsets[max(current, 0)] + step
            row = self._row_at_y(min(max(0, base), self._offsets[-1] - 1))
        else:
            row = max(current, 0)
        return self.model().index(row, 0)

    def _shown_row(self, row: int, step: int, *, fallback: int) -> int:
        """Return the first row from `row` in direction `step` that the filter shows, else `fallback`."""
        count = self.model().rowCount()
        while 0 <= row < count:
            if self._row_filter is None or self._row_filter(row):
                return row
            row += step
        return max(fallback, 0)

    def relayout(self) -> None:
        """Lay the rows out again (after a font change), keeping the top row in place."""
        self._relayout()
        self.viewport().update()

    def viewportEvent(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            QToolTip.showText(event.globalPos(), plain_tooltip(self.time_tip(event.pos())), self.viewport())
            return True
        return super().viewportEvent(event)

    def time_tip(self, point: QPoint) -> str:
        """Return when the word at `point` (viewport coordinates) is said: "12:18.320", "~12:18" if estimated."""
        row = self.indexAt(point).row()
        offset = self._offset_at(row, point, clamp=False) if row >= 0 else -1
        if offset < 0:
            return ""
        times = self.transcript_model().times()
        ms = times.time_at(row, offset)
        if ms is None:
            return ""
        if times.words is not None and times.words.turn_words(row):
            return ms_to_clock(ms, millis=True)
        return "~" + ms_to_clock(ms)  # between the turn's known times, by character count

    def event(self, event: QEvent) -> bool:
        # While text is selected, Shift+Left/Right extend the selection instead of skipping 30 s.
        if (event.type() == QEvent.Type.ShortcutOverride and self._selection is not None
                and isinstance(event, QKeyEvent)
                and event.modifiers() & Qt.KeyboardModifier.ShiftModifier
                and event.key() in (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Home, Qt.Key.Key_End)):
            event.accept()
            return True
        return super().event(event)

    def set_row_filter(self, shown: Callable[[int], bool] | None) -> None:
        """Show only the rows for which `shown(row)` is true (None: all rows)."""
        if shown is None and self._row_filter is None:
            return  # nothing hidden before or after: laying 200,000 rows out again would cost 100 ms for nothing
        self._row_filter = shown
        self._layout_width = -1
        # The row at the top stays at the top (a hidden one gives way to the next row shown): the place is kept.
        self._relayout(keep_position=True)
        self.viewport().update()

    def row_filter(self) -> Callable[[int], bool] | None:
        """Return the filter set by set_row_filter (None: all rows shown)."""
        return self._row_filter

    def row_shown(self, row: int) -> bool:
        """Return whether the filter shows `row`."""
        return self._row_filter is None or self._row_filter(row)

    # -- scrolling ---------------------------------------------------------------------------------

    def _on_scroll_bar_action_triggered(self, action: int) -> None:
        # Only the user moves the scroll bar through its actions (drag, arrows, page clicks, wheel).
        self._animation.stop()
        self.userScrolled.emit()

    def wheelEvent(self, event) -> None:
        self._animation.stop()
        super().wheelEvent(event)
        self.userScrolled.emit()

    def _on_animation_value_changed(self, value: object) -> None:
        self._programmatic_scroll += 1
        try:
            self.verticalScrollBar().setValue(int(value))  # type: ignore[call-overload]
        finally:
            self._programmatic_scroll -= 1

    def scroll_to_y(self, y: int, *, smooth: bool = False) -> None:
        """Scroll so content coordinate `y` is at the top of the viewport (animated when `smooth`)."""
        bar = self.verticalScrollBar()
        target = max(bar.minimum(), min(int(y), bar.maximum()))
        self._animation.stop()
        if not smooth or self.reduced_motion or abs(target - bar.value()) > 4 * self.viewport().height():
            self._on_animation_value_changed(target)
            return
        self._animation.setStartValue(bar.value())
        self._animation.setEndValue(target)
        self._animation.start()

    def zoom(self, steps: int) -> None:
        """Make the text larger (steps > 0), smaller, or the application's default size (0)."""
        font = QFont(self.font())
        size = font.pointSizeF() if font.pointSizeF() > 0 else 10.0
        default = QApplication.font().pointSizeF() if QApplication.font().pointSizeF() > 0 else 10.0
        size = default if steps == 0 else min(40.0, max(6.0, size + steps))
        font.setPointSizeF(size)
        self.setFont(font)
        self.delegate.set_font(font)
        self.relayout()

    def set_reduced_motion(self, on: bool) -> None:
        """Jump instead of scrolling smoothly (for readers whom motion bothers)."""
        self.reduced_motion = on

    def scroll_target(self) -> int:
        """Return where the view is scrolling to (the current position when not animating)."""
        if self._animation.state() == QVariantAnimation.State.Running:
            return int(self._animation.endValue())
        return self.verticalScrollBar().value()

    def offset_y(self, row: int, offset: int) -> int:
        """Return the content y of the line holding character `offset` of `row`."""
        self._ensure_layout()
        self._measure_row(row)
        text = self.transcript_model().turn(row).text
        rect = QRect(0, self._offsets[row], self.viewport().width(), self._heights[row])
        layout = self.delegate.layout(text, self.delegate.text_width(rect.width()))
        line = layout.lineForTextPosition(to_qt_offset(text, min(offset, len(text))))
        origin = self.delegate.text_origin(rect)
        return int(origin.y() + (line.y() if line.isValid() else 0))

    def follow(self, row: int, offset: int | None = None, *, fraction: float = 0.3, smooth: bool = True) -> None:
        """Keep `row` (or, in a turn taller than the view, the line of `offset`) in the upper third."""
        self._ensure_layout()
        if not 0 <= row < len(self._heights) or self._heights[row] == 0:
            return
        self._measure_row(row)
        page = self.viewport().height()
        top = self.scroll_target()
        row_top, row_height = self._offsets[row], self._heights[row]
        if row_height <= page * 0.7 or offset is None:
            if not top + page * 0.05 <= row_top <= top + page * 0.6 or row_top + min(row_height, page) > top + page:
                self.scroll_to_y(int(row_top - page * fraction), smooth=smooth)
            return
        line_y = self.offset_y(row, offset)
        if not top + page * 0.15 <= line_y <= top + page * 0.75:
            self.scroll_to_y(int(line_y - page * fraction), smooth=smooth)

    def horizontalOffset(self) -> int:
        return 0

    def verticalOffset(self) -> int:
        return self.verticalScrollBar().value()

    def isIndexHidden(self, index: QModelIndex) -> bool:
        return False

    def setSelection(self, rect: QRect, flags: QItemSelectionModel.SelectionFlag) -> None:
        self._ensure_layout()
        top = self._row_at_y(rect.top() + self.verticalScrollBar().value())
        bottom = self._row_at_y(rect.bottom() + self.verticalScrollBar().value())
        if top < 0:
            return
        bottom = bottom if bottom >= 0 else len(self._heights) - 1
        selection = QItemSelection(self.model().index(top, 0), self.model().index(bottom, 0))
        self.selectionModel().select(selection, flags)

    def visualRegionForSelection(self, selection: QItemSelection) -> QRegion:
        region = QRegion()
        for item_range in selection:
            for row in range(item_range.top(), item_range.bottom() + 1):
                region += self.row_rect(row)
        return region

    def reset(self) -> None:
        super().reset()
        self._selection = None
        self._layout_width = -1
        self.verticalScrollBar().setValue(0)
        self.viewport().update()

    def rowsInserted(self, parent: QModelIndex, start: int, end: int) -> None:
        super().rowsInserted(parent, start, end)
        self._layout_width = -1

    def rowsAboutToBeRemoved(self, parent: QModelIndex, start: int, end: int) -> None:
        super().rowsAboutToBeRemoved(parent, start, end)
        self._layout_width = -1

    def updateGeometries(self) -> None:
        super().updateGeometries()
        self._ensure_layout()
        self._update_scrollbar()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._ensure_layout()

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        self.viewport().update()

    # -- text selection ---------------------------------------------------------------------------

    def text_selection(self) -> tuple[int, int, int] | None:
        """Return (row, start, end) of the selected text, or None."""
        if self._selection is None:
            return None
        row, anchor, cursor = self._selection
        start, end = min(anchor, cursor), max(anchor, cursor)
        return (row, start, end) if end > start else None

    def selected_text(self) -> str:
        """Return the selected text, or ''."""
        selection = self.text_selection()
        if selection is None:
            return ""
        row, start, end = selection
        return self.transcript_model().turn(row).text[start:end]

    def set_text_selection(self, row: int, anchor: int, cursor: int) -> None:
        """Select characters anchor..cursor of turn `row`."""
        text = self.transcript_model().turn(row).text
        self._selection = (row, max(0, min(anchor, len(text))), max(0, min(cursor, len(text))))
        self.viewport().update()
        self.textSelectionChanged.emit()

    def clear_text_selection(self) -> None:
        """Select no text."""
        if self._selection is not None:
            self._selection = None
            self.viewport().update()
            self.textSelectionChanged.emit()

    def _offset_at(self, row: int, point: QPoint, *, clamp: bool) -> int:
        text = self.transcript_model().turn(row).text
        return self.delegate.hit_test(self.row_rect(row), text, QPointF(point), clamp=clamp)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        super().mousePressEvent(event)
        self._dragging = False
        if event.button() != Qt.MouseButton.LeftButton:
            return
        index = self.indexAt(event.position().toPoint())
        if not index.isValid():
            self._press = None
            return
        row = index.row()
        point = event.position().toPoint()
        offset = self._offset_at(row, point, clamp=False)
        if event.modifiers() & Qt.KeyboardModifier.ShiftModifier and self._selection and self._selection[0] == row:
            if offset >= 0:
                self.set_text_selection(row, self._selection[1], offset)
                self._dragging = True
            self._press = (row, self._selection[1], point)
            return
        self._press = (row, offset, point)
        self.clear_text_selection()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._press is None or not event.buttons() & Qt.MouseButton.LeftButton:
            super().mouseMoveEvent(event)
            return
        row, offset, where = self._press
        point = event.position().toPoint()
        if not self._dragging and (point - where).manhattanLength() < QApplication.startDragDistance():
            return
        if offset < 0:
            return  # the press was outside the text (the time column): no selection
        self._dragging = True
        # A selection stays inside the turn it started in; beyond it, it runs to the turn's start or end.
        self.set_text_selection(row, offset, self._offset_at(row, point, clamp=True))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        press, self._press = self._press, None
        if event.button() != Qt.MouseButton.LeftButton or press is None:
            return
        if not self._dragging and self.indexAt(event.position().toPoint()).row() == press[0]:
            if press[1] >= 0:
                self.textClicked.emit(press[0], press[1])
            else:
                self.turnClicked.emit(press[0])
        self._dragging = False

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.matches(QKeySequence.StandardKey.Copy):
            self.copy()
            return
        key = event.key()
        shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        if shift and key in (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Home, Qt.Key.Key_End):
            self._extend_selection(key, bool(event.modifiers() & Qt.KeyboardModifier.ControlModifier))
            return
        if key == Qt.Key.Key_Escape and self._selection is not None:
            self.clear_text_selection()
            return
        super().keyPressEvent(event)

    def _extend_selection(self, key: Qt.Key, by_word: bool) -> None:
        row = self.currentIndex().row() if self.currentIndex().isValid() else -1
        if self._selection is not None:
            row, anchor, cursor = self._selection
        elif row >= 0:
            forward = key in (Qt.Key.Key_Right, Qt.Key.Key_End)
            anchor = cursor = 0 if forward else len(self.transcript_model().turn(row).text)
        else:
            return
        text = self.transcript_model().turn(row).text
        if key == Qt.Key.Key_Home:
            cursor = 0
        elif key == Qt.Key.Key_End:
            cursor = len(text)
        elif key == Qt.Key.Key_Right:
            cursor = _next_word(text, cursor) if by_word else min(len(text), cursor + 1)
        else:
            cursor = _previous_word(text, cursor) if by_word else max(0, cursor - 1)
        self.set_text_selection(row, anchor, cursor)

    def copy(self) -> None:
        """Copy the selected text, or the current turn with its time and speaker."""
        text = self.selected_text()
        if not text and self.currentIndex().isValid():
            text = self.currentIndex().data(CopyTextRole)  # the time on the recording's clock, the shown name
        if text:
            QGuiApplication.clipboard().setText(text)

    def paintEvent(self, event) -> None:
        self._measure_visible()
        first, last = self._visible_rows()
        if first < 0:
            return
        painter = QPainter(self.viewport())
        option = QStyleOptionViewItem()
        self.initViewItemOption(option)
        current = self.currentIndex()
        selection = self.selectionModel()
        has_focus = self.hasFocus()
        model = self.model()
        for row in range(first, last + 1):
            if self._heights[row] == 0:
                continue
            index = model.index(row, 0)
            option.rect = self.row_rect(row)
            state = QStyle.StateFlag.State_Enabled
            if selection is not None and selection.isSelected(index):
                state |= QStyle.StateFlag.State_Selected
            if has_focus and index == current:
                state |= QStyle.StateFlag.State_HasFocus
            option.state = state
            chosen = self._selection
            self.delegate.paint_turn(
                painter, option, index,
                selection=(min(chosen[1:]), max(chosen[1:])) if chosen and chosen[0] == row else None)
        painter.end()


def _next_word(text: str, position: int) -> int:
    """Return the offset after the word at or following `position`."""
    n = len(text)
    while position < n and text[position].isspace():
        position += 1
    while position < n and not text[position].isspace():
        position += 1
    return position


def _previous_word(text: str, position: int) -> int:
    """Return the offset of the start of the word before `position`."""
    while position > 0 and text[position - 1].isspace():
        position -= 1
    while position > 0 and not text[position - 1].isspace():
        position -= 1
    return position
