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
from itertools import accumulate

from PySide6.QtCore import QItemSelection, QItemSelectionModel, QModelIndex, QPoint, QRect, Qt
from PySide6.QtGui import QPainter, QRegion
from PySide6.QtWidgets import QAbstractItemView, QFrame, QStyle, QStyleOptionViewItem, QWidget

from reader.qt.transcript_model import TextRole, TranscriptModel
from reader.qt.turn_delegate import TurnDelegate


class TranscriptView(QAbstractItemView):
    """Shows a TranscriptModel's turns top to bottom, each as tall as its wrapped text."""

    def __init__(self, model: TranscriptModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
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
            self.verticalScrollBar().setValue(self._offsets[row] + min(delta, self._heights[row] - 1))

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
        self._measure(row, row)
        self._rebuild_offsets()
        self.verticalScrollBar().setValue(int(self._offsets[row] - self.viewport().height() * fraction))
        self._measure_visible()
        self.viewport().update()

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
        self._measure(row, row)
        self._rebuild_offsets()
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
            row = max(0, current - 1)
        elif action in (actions.MoveDown, actions.MoveNext):
            row = min(count - 1, current + 1)
        elif action == actions.MoveHome:
            row = 0
        elif action == actions.MoveEnd:
            row = count - 1
        elif action in (actions.MovePageUp, actions.MovePageDown):
            step = self.viewport().height() * (1 if action == actions.MovePageDown else -1)
            base = self._offsets[max(current, 0)] + step
            row = self._row_at_y(min(max(0, base), self._offsets[-1] - 1))
        else:
            row = max(current, 0)
        return self.model().index(row, 0)

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
            index = model.index(row, 0)
            option.rect = self.row_rect(row)
            state = QStyle.StateFlag.State_Enabled
            if selection is not None and selection.isSelected(index):
                state |= QStyle.StateFlag.State_Selected
            if has_focus and index == current:
                state |= QStyle.StateFlag.State_HasFocus
            option.state = state
            self.delegate.paint(painter, option, index)
        painter.end()
