"""The native surface libvlc draws video into, and where it is shown: beside the transcript, detached, full screen."""

from __future__ import annotations

import sys
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication, QKeyEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QSplitter, QVBoxLayout, QWidget


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

    def set_view(self, view: QWidget) -> None:
        """Fill this area with `view`, a player's own picture (Player.video_view) instead of a native window."""
        layout = self.layout() or QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(view)  # a child: detached and full screen with this widget, as libvlc's picture is

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


class VideoDock(QObject):
    """Puts the video beside the transcript, in a window of its own, or full screen, and back.

    `splitter` holds the video and `beside` (the transcript); `window` is the main window (for its title
    and place); `has_video()` says whether the recording has a picture. `detachedChanged(bool)` follows
    the state, whoever changed it (the menu, Esc, closing the video window).
    """

    detachedChanged = Signal(bool)

    def __init__(self, video: VideoWidget, beside: QWidget, window: QWidget, has_video: Callable[[], bool]) -> None:
        super().__init__(window)
        self.splitter = splitter = QSplitter(Qt.Orientation.Horizontal, window)
        splitter.addWidget(video)
        splitter.addWidget(beside)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        splitter.setChildrenCollapsible(False)
        self._video, self._window, self._splitter, self._has_video = video, window, splitter, has_video
        self._sizes: list[int] = []  # the splitter's sizes before the video left it
        video.closeRequested.connect(self._on_video_close_requested)

    def show_video(self, has_video: bool) -> None:
        """Show the video beside the transcript when the recording has a picture, half and half at first."""
        self._video.setVisible(has_video)
        if has_video and not self._video.isWindow():
            width = self._splitter.width()
            self._splitter.setSizes([width // 2, width - width // 2])

    def set_detached(self, detached: bool) -> None:
        """Show the video in a window of its own (True) or beside the transcript (False)."""
        video = self._video
        if detached != video.isWindow():
            if detached:
                self._sizes = self._splitter.sizes()
                size = video.size()
                video.setParent(None)
                video.setWindowTitle(f"{self._window.windowTitle()} — video")
                video.resize(size)
                # Over the transcript's right half at first: the window manager may place it elsewhere.
                window = self._window
                video.move(window.x() + window.width() - size.width() - 40, window.y() + 80)
                video.show()
            else:
                self._splitter.insertWidget(0, video)
                video.setVisible(self._has_video())
                if len(self._sizes) == 2 and all(self._sizes):
                    self._splitter.setSizes(self._sizes)  # as it was: leaving full screen must not widen it
        self.detachedChanged.emit(detached)

    def toggle_full_screen(self) -> None:
        """The video full screen (Esc or F11 leaves); without a picture, the window full screen."""
        video, window = self._video, self._window
        if video.isWindow() and video.isFullScreen():
            video.showNormal()
            self.set_detached(False)
        elif self._has_video():
            self.set_detached(True)
            video.showFullScreen()
        elif window.isFullScreen():
            window.showNormal()
        else:
            window.showFullScreen()

    def _on_video_close_requested(self) -> None:
        if self._video.isFullScreen():
            self._video.showNormal()
        self.set_detached(False)
