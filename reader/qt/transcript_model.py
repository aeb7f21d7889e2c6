"""The transcript as a Qt list model: one row per turn, with named roles."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from reader.core.timecode import ms_to_clock
from reader.core.transcript import Transcript, Turn
from reader.qt.palette import speaker_colours

_Index = QModelIndex | QPersistentModelIndex

StartRole = Qt.ItemDataRole.UserRole + 1
SpeakerRole = Qt.ItemDataRole.UserRole + 2
TextRole = Qt.ItemDataRole.UserRole + 3
ActiveRole = Qt.ItemDataRole.UserRole + 4
SpeakerColourRole = Qt.ItemDataRole.UserRole + 5
TimeTextRole = Qt.ItemDataRole.UserRole + 6
TurnRole = Qt.ItemDataRole.UserRole + 7
EstimatedRole = Qt.ItemDataRole.UserRole + 8


class TranscriptModel(QAbstractListModel):
    """Rows are the turns of one transcript; ActiveRole marks the turn being spoken."""

    def __init__(self, transcript: Transcript | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self._turns: list[Turn] = []
        self._transcript: Transcript | None = None
        self._colours: dict[str, QColor] = {}
        self._active = -1
        self._display_names: dict[str, str] = {}
        self._media_starts: list[int | None] = []
        self._estimated: list[bool] = []
        if transcript is not None:
            self.set_transcript(transcript)

    @property
    def transcript(self) -> Transcript | None:
        """Return the transcript shown, if any."""
        return self._transcript

    def set_transcript(self, transcript: Transcript | None) -> None:
        """Show `transcript` (or nothing), with no active turn."""
        self.beginResetModel()
        self._transcript = transcript
        self._turns = list(transcript.turns) if transcript else []
        self._colours = speaker_colours(transcript.speakers) if transcript else {}
        self._media_starts, self._estimated = [], []
        self._active = -1
        self.endResetModel()

    def turn(self, row: int) -> Turn:
        """Return the turn shown in `row`."""
        return self._turns[row]

    def text_lengths(self) -> list[int]:
        """Return the length of every turn's text, for the view's quick height estimates."""
        return [len(t.text) for t in self._turns]

    def set_media_times(self, starts: list[int | None], estimated: list[bool]) -> None:
        """Show these recording times (synced or estimated) instead of the file's own."""
        self._media_starts = list(starts)
        self._estimated = list(estimated)
        if self._turns:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._turns) - 1, 0), [TimeTextRole])

    def media_start(self, row: int) -> int | None:
        """Return the recording time at which `row` starts."""
        if row < len(self._media_starts):
            return self._media_starts[row]
        return self._turns[row].start

    def colours(self) -> dict[str, QColor]:
        """Return the colour of every speaker (by the name in the file)."""
        return dict(self._colours)

    def set_display_names(self, names: dict[str, str]) -> None:
        """Show speakers under these names (original -> shown); the transcript itself is untouched."""
        self._display_names = dict(names)
        if self._turns:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._turns) - 1, 0), [SpeakerRole])

    def display_speaker(self, speaker: str | None) -> str | None:
        """Return the name `speaker` is shown under."""
        return self._display_names.get(speaker, speaker) if speaker is not None else None

    def speaker_colour(self, speaker: str | None) -> QColor | None:
        """Return the colour of `speaker`."""
        return self._colours.get(speaker) if speaker is not None else None

    def active_row(self) -> int:
        """Return the active turn's row, or -1."""
        return self._active

    def set_active_row(self, row: int) -> None:
        """Mark `row` as the turn being spoken (-1 for none)."""
        if row == self._active:
            return
        old, self._active = self._active, row
        for changed in (old, row):
            if 0 <= changed < len(self._turns):
                index = self.index(changed, 0)
                self.dataChanged.emit(index, index, [ActiveRole])

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._turns)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._turns):
            return None
        turn = self._turns[index.row()]
        if role == TextRole:
            return turn.text
        if role == Qt.ItemDataRole.DisplayRole:
            speaker = f"{turn.speaker}: " if turn.speaker else ""
            return f"{ms_to_clock(turn.start)}  {speaker}{turn.text}"
        if role == StartRole:
            return turn.start
        if role == SpeakerRole:
            return self.display_speaker(turn.speaker)
        if role == ActiveRole:
            return index.row() == self._active
        if role == SpeakerColourRole:
            return self.speaker_colour(turn.speaker)
        if role == TimeTextRole:
            row = index.row()
            if row < len(self._media_starts):
                prefix = "~" if self._estimated[row] else ""
                return prefix + ms_to_clock(self._media_starts[row])
            return ms_to_clock(turn.start)
        if role == EstimatedRole:
            return index.row() < len(self._estimated) and self._estimated[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole:
            return None
        if role == Qt.ItemDataRole.AccessibleTextRole:
            who = self.display_speaker(turn.speaker) or "Unknown speaker"
            active = ", now playing" if index.row() == self._active else ""
            return f"{who} at {ms_to_clock(turn.start)}{active}: {turn.text}"
        if role == TurnRole:
            return turn
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def roleNames(self) -> dict[int, bytes]:
        names = dict(super().roleNames())
        names.update({
            StartRole: b"start", SpeakerRole: b"speaker", TextRole: b"text", ActiveRole: b"active",
            SpeakerColourRole: b"speakerColour", TimeTextRole: b"timeText", TurnRole: b"turn",
        })
        return names
