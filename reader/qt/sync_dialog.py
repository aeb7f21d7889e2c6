"""Sync > Anchors…: the taps that map the transcript's clock to the recording's, listed and removable."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from reader.core.timecode import ms_to_clock


class AnchorsDialog(QDialog):
    """Lists anchors (where a transcript time or turn really is in the recording); Remove calls `remove`.

    `anchors` holds (what is anchored, recording ms, transcript ms or None for a turn without a time).
    """

    def __init__(self, anchors: list[tuple[str, int, int | None]], offset_ms: int, remove: Callable[[int], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Sync Anchors")
        self._remove = remove
        intro = QLabel("Each anchor says where a transcript time really is in the recording. One anchor is an "
                       "offset; more follow drift and cuts. Add one with Sync > This Turn Starts Now (Ctrl+T).",
                       self)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        intro.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setAccessibleName("Sync anchors")
        for index, (what, media_ms, transcript_ms) in enumerate(anchors):
            delta = "" if transcript_ms is None else f"   ({(media_ms - transcript_ms) / 1000:+.2f} s)"
            item = QListWidgetItem(f"{what}  →  {ms_to_clock(media_ms, millis=True)}{delta}")
            item.setData(Qt.ItemDataRole.UserRole, index)
            self.list.addItem(item)
        offset = QLabel(f"Offset on top: {offset_ms / 1000:+.1f} s", self)
        offset.setTextFormat(Qt.TextFormat.PlainText)
        self.remove_button = QPushButton("&Remove", self)
        self.remove_button.clicked.connect(self._on_remove_button_clicked)
        self.remove_button.setEnabled(bool(anchors))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        buttons.addButton(self.remove_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list)
        layout.addWidget(offset)
        layout.addWidget(buttons)
        self.resize(460, 320)

    def _on_remove_button_clicked(self) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        index = int(item.data(Qt.ItemDataRole.UserRole))
        self._remove(index)
        row = self.list.row(item)
        self.list.takeItem(row)
        for n in range(self.list.count()):  # the remaining anchors' indices shift down
            later = self.list.item(n)
            if int(later.data(Qt.ItemDataRole.UserRole)) > index:
                later.setData(Qt.ItemDataRole.UserRole, int(later.data(Qt.ItemDataRole.UserRole)) - 1)
        self.remove_button.setEnabled(self.list.count() > 0)
