"""Which turns the transcript shows: all, one or more speakers', or only those with notes."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from reader.qt.transcript_view import TranscriptView


class RowFilter(QObject):
    """Hides turns in the view by speaker and by notes; `changed()` after every change of what is shown."""

    changed = Signal()
    notesOnlyChanged = Signal(bool)

    def __init__(self, view: TranscriptView, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._view = view
        self._speakers: frozenset[str] | None = None
        self._notes_only = False

    @property
    def speakers(self) -> frozenset[str] | None:
        """Return the speakers shown (by their names in the file), None for every speaker."""
        return self._speakers

    @property
    def notes_only(self) -> bool:
        """Return whether only turns with a bookmark or highlight are shown."""
        return self._notes_only

    def set_speakers(self, speakers: frozenset[str] | None) -> None:
        """Show only the turns of `speakers` (None: every speaker's)."""
        self._speakers = speakers
        self.apply()

    def set_notes_only(self, on: bool) -> None:
        """Show only the turns that have a bookmark or highlight (on), or all of them."""
        if on != self._notes_only:
            self._notes_only = on
            self.notesOnlyChanged.emit(on)
        self.apply()

    def show_all(self) -> None:
        """Show every turn (a find match in a hidden turn must be seen)."""
        self._speakers = None
        self.set_notes_only(False)

    def reset(self) -> None:
        """Forget the speaker filter (a new transcript); keep Only Turns With Notes as the user set it."""
        self._speakers = None
        self.apply()

    def apply(self) -> None:
        """Lay the view out again for the current filter and notes."""
        speakers, notes_only = self._speakers, self._notes_only
        if speakers is None and not notes_only:
            self._view.set_row_filter(None)
        else:
            model = self._view.transcript_model()
            turns = model.transcript.turns if model.transcript else []
            with_notes = model.rows_with_notes()
            self._view.set_row_filter(lambda row: (speakers is None or turns[row].speaker in speakers)
                                      and (not notes_only or row in with_notes))
        self.changed.emit()
