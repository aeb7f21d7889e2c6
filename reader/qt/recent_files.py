"""The recently opened (transcript, recording) pairs, kept in the user's settings, and their menu."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QObject, QSettings, Signal
from PySide6.QtWidgets import QMenu

from reader.qt.plain_text import menu_text, plain_tooltip

RECENT_COUNT = 10


class RecentFiles(QObject):
    """Remembers what was opened; fills a menu whose entries ask to open a pair again (`openRequested`)."""

    openRequested = Signal(object, object)  # transcript Path, media Path or None

    def __init__(self, settings: QSettings, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._settings = settings

    def pairs(self) -> list[tuple[str, str]]:
        """Return the recently opened (transcript, media) paths, newest first ('' for no media)."""
        raw = self._settings.value("recent", [])
        pairs = []
        for entry in raw if isinstance(raw, list) else [raw]:
            transcript, media = recent_pair(str(entry))
            if transcript:
                pairs.append((transcript, media))
        return pairs

    def add(self, path: Path, media: Path | None) -> None:
        """Put `path` (with `media`) first."""
        # A JSON pair: file names may hold line breaks, which the older "transcript\nmedia" entries split on.
        entry = json.dumps([str(path.resolve()), str(media.resolve()) if media else ""], ensure_ascii=False)
        recent = [json.dumps([t, m], ensure_ascii=False) for t, m in self.pairs() if t != str(path.resolve())]
        self._settings.setValue("recent", [entry, *recent][:RECENT_COUNT])

    def fill_menu(self, menu: QMenu) -> None:
        """Replace `menu`'s entries with the recent pairs, numbered for the keyboard."""
        menu.clear()
        recent = self.pairs()
        for number, (transcript, media) in enumerate(recent, start=1):
            action = menu.addAction(f"&{number % 10} {menu_text(Path(transcript).name)}")
            action.setToolTip(plain_tooltip(transcript))
            action.triggered.connect(
                lambda _=False, t=transcript, m=media: self.openRequested.emit(Path(t), Path(m) if m else None))
        if not recent:
            menu.addAction("No recent transcripts").setEnabled(False)


def recent_pair(entry: str) -> tuple[str, str]:
    """Return the (transcript, media) paths of a recent-files entry: a JSON pair, or the older two lines."""
    if entry.startswith("["):  # paths are absolute: a "[" can only start a JSON pair
        try:
            transcript, media = json.loads(entry)
        except ValueError:
            return "", ""
        return str(transcript), str(media)
    transcript, _, media = entry.partition("\n")
    return transcript, media
