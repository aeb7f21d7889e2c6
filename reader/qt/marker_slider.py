"""The seek slider, with bookmarks and highlights marked along its groove."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QProxyStyle, QSlider, QStyle, QStyleHintReturn, QStyleOption, QStyleOptionSlider, QWidget


class _JumpToClickStyle(QProxyStyle):
    """The application's style, except that a left click on the groove moves the handle there.

    Qt's default pages by a step towards the click (30 s here): on a seek bar people expect to land where
    they clicked, as in every media player; the press also starts a drag, so click-and-scrub works.
    """

    def styleHint(self, hint: QStyle.StyleHint, option: QStyleOption | None = None, widget: QWidget | None = None,
                  returned: QStyleHintReturn | None = None) -> int:
        if hint == QStyle.StyleHint.SH_Slider_AbsoluteSetButtons:
            return Qt.MouseButton.LeftButton.value
        return super().styleHint(hint, option, widget, returned)


class MarkerSlider(QSlider):
    """A horizontal QSlider that paints small marks at given positions (ms) in given colours."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self._markers: list[tuple[int, QColor]] = []
        self._style = _JumpToClickStyle()  # no base given: it wraps the application's style without owning it
        self._style.setParent(self)
        self.setStyle(self._style)

    def set_markers(self, notes: list[tuple[int, int | None, QColor, str]]) -> None:
        """Mark the starts of these (start, end or None, colour, kind) notes in their colours."""
        self._markers = [(start, colour) for start, _, colour, _ in notes]
        self.update()

    def markers(self) -> list[tuple[int, QColor]]:
        """Return the marked (position, colour) pairs."""
        return list(self._markers)

    def marker_x(self, value: int) -> int:
        """Return the x coordinate of `value` on the groove."""
        option = QStyleOptionSlider()
        self.initStyleOption(option)
        groove = self.style().subControlRect(QStyle.ComplexControl.CC_Slider, option,
                                             QStyle.SubControl.SC_SliderGroove, self)
        handle = self.style().subControlRect(QStyle.ComplexControl.CC_Slider, option,
                                             QStyle.SubControl.SC_SliderHandle, self)
        span = groove.width() - handle.width()
        return groove.left() + handle.width() // 2 + QStyle.sliderPositionFromValue(
            self.minimum(), self.maximum(), value, max(1, span))

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._markers or self.maximum() <= self.minimum():
            return
        painter = QPainter(self)
        height = self.height()
        for value, colour in self._markers:
            x = self.marker_x(value)
            painter.fillRect(QRect(x - 1, 1, 3, max(4, height // 4)), colour.darker(140))
        painter.end()
