"""The status bar's lasting parts: the sync in use, where word times come from, and alignment progress."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QLabel, QProgressBar, QStatusBar


class StatusParts(QObject):
    """Adds the permanent widgets to `bar`; each is plain text."""

    def __init__(self, bar: QStatusBar) -> None:
        super().__init__(bar)
        self.sync = self._label(bar, "Sync in use: offset and anchors")
        self.words = self._label(bar, "Where the words' times come from")
        self.progress = QProgressBar(bar)
        self.progress.setAccessibleName("Aligning words")
        self.progress.setMaximumWidth(160)
        self.progress.setFormat("Aligning words %p%")
        self.progress.hide()
        bar.addPermanentWidget(self.progress)

    @staticmethod
    def _label(bar: QStatusBar, name: str) -> QLabel:
        label = QLabel(bar)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setAccessibleName(name)
        bar.addPermanentWidget(label)
        return label

    def show_progress(self, done: int, total: int) -> None:
        """Show how far the alignment is (hidden once done)."""
        self.progress.setRange(0, max(1, total))
        self.progress.setValue(done)
        self.progress.setVisible(done < total)
