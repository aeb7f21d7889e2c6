"""The seek slider, with bookmarks and highlights marked along its groove."""

from __future__ import annotations

from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent
from PySide6.QtWidgets import QSlider, QStyle, QStyleOptionSlider, QWidget


class MarkerSlider(QSlider):
    """A horizontal QSlider that paints small marks at given positions (ms) in given colours."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(Qt.Orientation.Horizontal, parent)
        self._markers: list[tuple[int, QColor]] = []

    def set_markers(self, markers: list[tuple[int, QColor]]) -> None:
        """Mark these (position, colour) pairs."""
        self._markers = list(markers)
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
