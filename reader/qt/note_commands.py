"""Bookmark, highlight and edit from the transcript: what Ctrl+B, Ctrl+H and the editor popup do."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QGuiApplication

from reader.core.media_times import MediaTimes
from reader.core.notes import NoteItem, Quote
from reader.core.timecode import ms_to_clock
from reader.qt.note_editor import NoteEditor, colour_tint
from reader.qt.notes_controller import NotesController
from reader.qt.palette import bookmark_colour
from reader.qt.playback_controller import PlaybackController
from reader.qt.transcript_view import TranscriptView


def snap_to_words(text: str, start: int, end: int) -> tuple[int, int]:
    """Return start..end grown to whole words and without spaces at its ends ("gs have" -> "things have").

    A drag starts and ends where the pointer happened to be; a quote cut inside a word reads as a typo
    in every export, so the selection takes the words it touches, as browsers do on double-click-drag.
    """
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start == end:
        return start, end
    # Only a cut inside a word grows: punctuation next to the selection stays out ("skim" not "skim,").
    while start > 0 and _in_word(text[start - 1]) and _in_word(text[start]):
        start -= 1
    while end < len(text) and _in_word(text[end - 1]) and _in_word(text[end]):
        end += 1
    return start, end


def _in_word(char: str) -> bool:
    return char.isalnum() or char in "'’_"


class NoteCommands(QObject):
    """Makes notes where the reader is and opens the editor popup beside them.

    Notes store times on the transcript's clock (a later sync moves them with the text); everything shown
    here is on the recording's (`set_times`). Signals: `messageRaised(str)` for the banner,
    `panelRequested()` when the Notes panel should show what was just added, `markersChanged(list)` with
    (start, end or None, QColor, kind) of every item on the recording's clock, for the seek bar and timeline.
    """

    messageRaised = Signal(str)
    panelRequested = Signal()
    markersChanged = Signal(list)

    def __init__(self, notes: NotesController, view: TranscriptView, playback: PlaybackController,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._notes = notes
        self._view = view
        self._playback = playback
        self._times = MediaTimes()
        self.editor: NoteEditor | None = None  # the popup open now, if any
        notes.itemsChanged.connect(self.refresh_markers)

    def set_times(self, times: MediaTimes) -> None:
        """Show and place notes by these times."""
        self._times = times
        self.refresh_markers()

    def target_row(self) -> int:
        """Return the turn a note applies to: the one selected while it is on screen, else the one spoken.

        A selection scrolled far away (the reader clicked a turn at 57:57, then went back to 10:00) is not
        what the reader is looking at.
        """
        model = self._view.selectionModel()
        rows = model.selectedRows() if model is not None else []
        if rows and self._view.is_row_visible(rows[0].row()):
            return rows[0].row()
        return self._playback.active_turn()

    def target_range(self) -> tuple[int, int, int] | None:
        """Return (row, start, end): the selected text, else the whole selected or spoken turn, else None."""
        selection = self._view.text_selection()
        if selection is not None:
            return selection
        row = self.target_row()
        return (row, 0, len(self._view.transcript_model().turn(row).text)) if row >= 0 else None

    def add_bookmark(self) -> NoteItem | None:
        """Bookmark the current playback moment and open the editor for its label."""
        if self._notes.transcript is None:
            return None
        position = self._playback.position()
        row = self._playback.active_turn()
        model = self._view.transcript_model()
        item = NoteItem(kind="bookmark", start_ms=self._times.to_transcript(position),
                        turn_index=row if row >= 0 else None,
                        speaker=model.turn(row).speaker if row >= 0 else None)
        self._notes.add_item(item)
        self.panelRequested.emit()
        self._open_editor(item, f"Bookmark at {ms_to_clock(position)}", with_colours=False)
        return item

    def add_highlight(self) -> NoteItem | None:
        """Highlight the selected text (or the selected or active turn) and open the editor."""
        if self._notes.transcript is None:
            return None
        target = self.target_range()
        if target is None:
            self.messageRaised.emit("Select some text or a turn to highlight.")
            return None
        row, start, end = target
        start, end = snap_to_words(self._view.transcript_model().turn(row).text, start, end)
        turn = self._view.transcript_model().turn(row)
        start_ms, end_ms = self._times.time_at(row, start), self._times.end_at(row, end)
        item = NoteItem(kind="highlight", start_ms=self._times.to_transcript(start_ms or 0),
                        end_ms=None if end_ms is None else self._times.to_transcript(end_ms), turn_index=row,
                        speaker=turn.speaker, quote=Quote.from_text(turn.text, start, end), char_start=start,
                        char_end=end, color="yellow")
        self._notes.add_item(item)
        self.panelRequested.emit()
        whose = "the selected text" if self._view.text_selection() is not None else (
            "the turn being spoken" if row == self._playback.active_turn() else "the selected turn")
        self._view.clear_text_selection()
        self._open_editor(item, f"Highlight at {ms_to_clock(start_ms or 0)}: {whose}", with_colours=True)
        return item

    def edit(self, item_id: str) -> None:
        """Open the editor for an existing item."""
        item = self._notes.item(item_id)
        if item is not None:
            when = ms_to_clock(self._times.to_media(item.start_ms))
            self._open_editor(item, f"{item.kind.capitalize()} at {when}", with_colours=item.kind == "highlight")

    def refresh_markers(self) -> None:
        """Emit where every item lies on the recording's clock."""
        to_media = self._times.to_media
        bookmark = bookmark_colour(QGuiApplication.palette())
        self.markersChanged.emit([
            (to_media(item.start_ms), None if item.end_ms is None else to_media(item.end_ms),
             colour_tint(item.color) if item.kind == "highlight" else bookmark, item.kind)
            for item in self._notes.items()])

    def _open_editor(self, item: NoteItem, title: str, *, with_colours: bool) -> None:
        if self.editor is not None:
            # Closing only hides the popup; deleted too, or every note ever added keeps one (~256 KB of window).
            self.editor.close()
            self.editor.deleteLater()
        self.editor = NoteEditor(item.id, title, label=item.label, note=item.note, colour=item.color,
                                 with_colours=with_colours, parent=self._view.window())
        self.editor.accepted.connect(self._on_editor_accepted)
        view = self._view
        row = item.turn_index if item.turn_index is not None else -1
        if row >= 0 and view.is_row_visible(row):
            point = view.viewport().mapToGlobal(view.row_rect(row).bottomLeft())
        else:
            point = view.viewport().mapToGlobal(view.viewport().rect().center())
        self.editor.open_at(point)

    def _on_editor_accepted(self, item_id: str, label: str, note: str, colour: str) -> None:
        item = self._notes.item(item_id)
        if item is None:
            return
        changes: dict[str, object] = {}
        if label != item.label:
            changes["label"] = label
        if note != item.note:
            changes["note"] = note
        if colour and colour != item.color:
            changes["color"] = colour
        if changes:
            self._notes.edit_item(item_id, **changes)
