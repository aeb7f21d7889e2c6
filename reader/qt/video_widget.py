"""The native surface libvlc draws video into."""

from __future__ import annotations

import sys

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeyEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget


def native_video_system() -> str | None:
    """Return how libvlc can embed into our windows here ("x11", "windows", "cocoa"), or None."""
    platform = QGuiApplication.platformName()
    if sys.platform.startswith("win"):
        return "windows"
    if sys.platform == "darwin":
        return "cocoa"
    # Under "offscreen" (tests) the window id is not a real X window: libvlc would open its own window.
    return "x11" if platform == "xcb" else None


class VideoWidget(QWidget):
    """A black native window that libvlc paints; Qt must not paint over it.

    It can be detached into a window of its own and back: its native window (the one libvlc draws into)
    is reparented, not recreated, so playback goes on (checked under Xvfb with libvlc playing).
    """

    closeRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_NativeWindow, True)
        self.setAttribute(Qt.WidgetAttribute.WA_DontCreateNativeAncestors, True)
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, Qt.GlobalColor.black)
        self.setPalette(palette)
        self.setMinimumSize(240, 135)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Video")

    def native_handle(self) -> int:
        """Return the native window id to hand to the player."""
        return int(self.winId())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Esc leaves the detached (or full-screen) video; other keys go on to the main window's shortcuts.
        if event.key() == Qt.Key.Key_Escape and self.isWindow():
            self.closeRequested.emit()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        # Closing the detached video window puts the video back into the main window.
        if self.isWindow():
            event.ignore()
            self.closeRequested.emit()
        else:
            super().closeEvent(event)
