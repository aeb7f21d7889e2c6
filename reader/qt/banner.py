"""A dismissible message line above the content, for problems that must not block the transcript."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QHideEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QToolButton, QWidget

BANNER_MESSAGES = 3  # a media problem and a sync notice can arrive together: neither may hide the other


class Banner(QFrame):
    """Shows the last few messages (plain text, never markup) until the user dismisses them."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("banner")
        self.setStyleSheet("#banner { background: #fff4ce; border-bottom: 1px solid #e0c060; }"
                           "#banner QLabel { color: #3a2e00; }")
        self._messages: list[str] = []
        self.label = QLabel(self)
        self.label.setTextFormat(Qt.TextFormat.PlainText)
        self.label.setWordWrap(True)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QToolButton(self)
        close.setText("✕")
        close.setAccessibleName("Dismiss message")
        close.setAutoRaise(True)
        close.clicked.connect(self.hide)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 6, 6)
        layout.addWidget(self.label, 1)
        layout.addWidget(close, 0, Qt.AlignmentFlag.AlignTop)
        self.hide()

    def show_message(self, text: str) -> None:
        """Show `text` under the messages still shown, the last few kept."""
        if text in self._messages:
            self._messages.remove(text)
        self._messages = [*self._messages, text][-BANNER_MESSAGES:]
        self.label.setText("\n".join(self._messages))
        self.show()

    def messages(self) -> list[str]:
        """Return the messages shown, oldest first."""
        return list(self._messages)

    def hideEvent(self, event: QHideEvent) -> None:
        if not event.spontaneous():  # dismissed or cleared by the window, not the window being minimised
            self._messages = []
        super().hideEvent(event)
