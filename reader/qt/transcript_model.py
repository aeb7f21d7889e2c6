"""The transcript as a Qt list model: one row per turn, with named roles for everything a row shows.

Times come from one `MediaTimes` (the recording's clock, after the sync), so the row, its accessible text
and Copy all say the same time. Per-row view state (the spoken turn and how far into it, highlights,
bookmarks, find matches) is model state too: the delegate paints from `index.data(role)` only.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from reader.core.display_text import isolate, neutralise
from reader.core.media_times import MediaTimes
from reader.core.notes import NoteItem
from reader.core.search import Matches
from reader.core.timecode import ms_to_clock
from reader.core.transcript import Transcript, Turn
from reader.qt.palette import speaker_colours

_Index = QModelIndex | QPersistentModelIndex

StartRole = Qt.ItemDataRole.UserRole + 1  # the recording's time (ms) the turn starts at, or None
SpeakerRole = Qt.ItemDataRole.UserRole + 2  # the speaker's display name
TextRole = Qt.ItemDataRole.UserRole + 3
ActiveRole = Qt.ItemDataRole.UserRole + 4  # the turn being spoken
SpeakerColourRole = Qt.ItemDataRole.UserRole + 5
TimeTextRole = Qt.ItemDataRole.UserRole + 6  # the start as shown: "12:18", "~12:18" for an estimate
TurnRole = Qt.ItemDataRole.UserRole + 7
EstimatedRole = Qt.ItemDataRole.UserRole + 8
ProgressRole = Qt.ItemDataRole.UserRole + 9  # characters spoken of the active turn, else None
HighlightsRole = Qt.ItemDataRole.UserRole + 10  # [(start, end, colour name)] of the turn's highlights
BookmarkedRole = Qt.ItemDataRole.UserRole + 11
MatchesRole = Qt.ItemDataRole.UserRole + 12  # [(start, end)] of the find bar's matches in the turn
CurrentMatchRole = Qt.ItemDataRole.UserRole + 13  # (start, end) of the current match when in this turn
CopyTextRole = Qt.ItemDataRole.UserRole + 14  # "[12:18] Speaker: text", what Copy puts on the clipboard
WordRole = Qt.ItemDataRole.UserRole + 15  # (start, end) of the word being said in the active turn, or None


# Everything a reset of the model replaces (see preview()).
_STATE = ("_turns", "_transcript", "_colours", "_active", "_progress", "_word", "_times", "_notes", "_matches",
          "_current_match")


class TranscriptModel(QAbstractListModel):
    """Rows are the turns of one transcript; ActiveRole marks the turn being spoken."""

    def __init__(self, transcript: Transcript | None = None, parent: Any = None) -> None:
        super().__init__(parent)
        self._turns: list[Turn] = []
        self._transcript: Transcript | None = None
        self._colours: dict[str, QColor] = {}
        self._active = -1
        self._progress: int | None = None
        self._word: tuple[int, int] | None = None
        self._display_names: dict[str, str] = {}
        self._times: MediaTimes | None = None
        self._notes: dict[int, list[NoteItem]] = {}
        self._matches: Matches | None = None
        self._current_match: tuple[int, int, int] | None = None
        self._stashed: dict[str, Any] | None = None  # what preview() replaced, for end_preview()
        if transcript is not None:
            self.set_transcript(transcript)

    @property
    def transcript(self) -> Transcript | None:
        """Return the transcript shown, if any."""
        return self._transcript

    def set_transcript(self, transcript: Transcript | None) -> None:
        """Show `transcript` (or nothing), with no active turn, notes or matches, on its own clock."""
        self._stashed = None
        self._set(transcript)

    def preview(self, transcript: Transcript) -> None:
        """Show the first turns of a file being opened; end_preview() puts back what was shown."""
        if self._stashed is None:
            self._stashed = {name: getattr(self, name) for name in _STATE}
        self._set(transcript)

    def end_preview(self) -> None:
        """Show again what was shown before preview() (the file could not be opened, or was cancelled)."""
        if self._stashed is not None:
            self.beginResetModel()
            for name, value in self._stashed.items():
                setattr(self, name, value)
            self._stashed = None
            self.endResetModel()

    def _set(self, transcript: Transcript | None) -> None:
        self.beginResetModel()
        self._transcript = transcript
        self._turns = list(transcript.turns) if transcript else []
        self._colours = speaker_colours(transcript.speakers) if transcript else {}
        self._times = None  # built when first asked: the window hands over the sync's at once (twice is 40 ms)
        self._notes, self._matches, self._current_match = {}, None, None
        self._active, self._progress = -1, None
        self.endResetModel()

    def turn(self, row: int) -> Turn:
        """Return the turn shown in `row`."""
        return self._turns[row]

    def text_lengths(self) -> list[int]:
        """Return the length of every turn's text, for the view's quick height estimates."""
        return [len(t.text) for t in self._turns]

    def _changed_all(self, roles: list[int]) -> None:
        if self._turns:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._turns) - 1, 0), roles)

    def _changed_rows(self, rows: Iterable[int], roles: list[int]) -> None:
        for row in rows:
            if 0 <= row < len(self._turns):
                index = self.index(row, 0)
                self.dataChanged.emit(index, index, roles)

    # -- times -----------------------------------------------------------------------------------------

    def set_times(self, times: MediaTimes) -> None:
        """Show the turns at these recording times (synced, or estimated for untimed turns)."""
        if self._stashed is not None:  # they are the times of what the preview stands in front of
            self._stashed["_times"] = times
            return
        self._times = times
        self._changed_all([StartRole, TimeTextRole, EstimatedRole, CopyTextRole,
                           Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole])

    def times(self) -> MediaTimes:
        """Return the times shown (the file's own, until `set_times`)."""
        if self._times is None:
            self._times = MediaTimes(self._turns)
        return self._times

    def time_text(self, row: int) -> str:
        """Return the start of `row` as shown ("~" before an estimate, "" when it has none)."""
        start = self.times().start(row)
        if start is None:
            return ""
        return ("~" if self.times().estimated(row) else "") + ms_to_clock(start)

    # -- speakers --------------------------------------------------------------------------------------

    def colours(self) -> dict[str, QColor]:
        """Return the colour of every speaker (by the name in the file)."""
        return dict(self._colours)

    def set_display_names(self, names: dict[str, str]) -> None:
        """Show speakers under these names (original -> shown); the transcript itself is untouched."""
        self._display_names = dict(names)
        self._changed_all([SpeakerRole, CopyTextRole, Qt.ItemDataRole.DisplayRole,
                           Qt.ItemDataRole.AccessibleTextRole])

    def display_speaker(self, speaker: str | None) -> str | None:
        """Return the name `speaker` is shown under (bidi overrides removed: a name must not reverse)."""
        return neutralise(self._display_names.get(speaker, speaker)) if speaker is not None else None

    def speakers_summary(self) -> str:
        """Return "Ana (10), Bo (8)": the speakers by their shown names, with their turn counts."""
        counts: dict[str, int] = {}
        for name, n in (self._transcript.speaker_turn_counts().items() if self._transcript else ()):
            shown = self.display_speaker(name) or name
            counts[shown] = counts.get(shown, 0) + n
        return ", ".join(f"{name} ({n})" for name, n in counts.items()) or "no speakers named"

    def speaker_colour(self, speaker: str | None) -> QColor | None:
        """Return the colour of `speaker`."""
        return self._colours.get(speaker) if speaker is not None else None

    # -- playback --------------------------------------------------------------------------------------

    def active_row(self) -> int:
        """Return the active turn's row, or -1."""
        return self._active

    def set_active_row(self, row: int) -> None:
        """Mark `row` as the turn being spoken (-1 for none)."""
        if self._stashed is not None:  # a row of what the preview stands in front of (still playing)
            self._stashed.update(_active=row, _progress=None, _word=None)
            return
        if row == self._active:
            return
        old, self._active = self._active, row
        self._progress, self._word = None, None
        self._changed_rows((old, row), [ActiveRole, ProgressRole, WordRole, Qt.ItemDataRole.AccessibleTextRole])

    def set_position(self, ms: int) -> None:
        """Take the playback position: the active turn's spoken part grows with it."""
        if self._active < 0 or self._stashed is not None:
            return
        progress = self.times().progress(self._active, ms)
        word = self.times().word_span(self._active, ms)
        if progress != self._progress or word != self._word:
            self._progress, self._word = progress, word
            self._changed_rows((self._active,), [ProgressRole, WordRole])

    def progress(self) -> int | None:
        """Return how many characters of the active turn have been spoken (None: not known yet)."""
        return self._progress

    # -- notes and matches -----------------------------------------------------------------------------

    def set_notes(self, items: Iterable[NoteItem]) -> None:
        """Mark the highlights and bookmarks of these items on their turns."""
        by_turn: dict[int, list[NoteItem]] = {}
        for item in items:
            if item.turn_index is not None and not item.detached:
                by_turn.setdefault(item.turn_index, []).append(item)
        changed = set(self._notes) | set(by_turn)
        self._notes = by_turn
        self._changed_rows(sorted(changed), [HighlightsRole, BookmarkedRole])

    def rows_with_notes(self) -> set[int]:
        """Return the rows that have a highlight or a bookmark."""
        return set(self._notes)

    def set_matches(self, matches: Matches | None) -> None:
        """Mark the find bar's matches (None or empty: none)."""
        old = self._matches
        self._matches = matches if matches is not None and len(matches) else None
        if old is not None or self._matches is not None:
            self._changed_all([MatchesRole])

    def current_match(self) -> tuple[int, int, int] | None:
        """Return (row, start, end) of the current match, or None."""
        return self._current_match

    def set_current_match(self, match: tuple[int, int, int] | None) -> None:
        """Mark (row, start, end) as the current match (None: none)."""
        old, self._current_match = self._current_match, match
        self._changed_rows({m[0] for m in (old, match) if m is not None}, [CurrentMatchRole])

    # -- Qt --------------------------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._turns)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._turns):
            return None
        row = index.row()
        getter = _ROLE_GETTERS.get(role)
        return getter(self, row, self._turns[row]) if getter is not None else None

    def _copy_text(self, row: int, turn: Turn) -> str:
        who = self.display_speaker(turn.speaker) or "Unknown speaker"
        time = self.time_text(row)
        return f"[{time}] {who}: {isolate(turn.text)}" if time else f"{who}: {isolate(turn.text)}"

    def _accessible_text(self, row: int, turn: Turn) -> str:
        who = self.display_speaker(turn.speaker) or "Unknown speaker"
        active = ", now playing" if row == self._active else ""
        time = self.time_text(row)
        return f"{who}{' at ' + time if time else ''}{active}: {isolate(turn.text)}"

    def _display_text(self, row: int, turn: Turn) -> str:
        speaker = self.display_speaker(turn.speaker)
        return f"{self.time_text(row)}  {speaker + ': ' if speaker else ''}{isolate(turn.text)}"

    def _highlights(self, row: int) -> list[tuple[int, int, str]]:
        return [(i.char_start, i.char_end, i.color or "") for i in self._notes.get(row, ())
                if i.kind == "highlight" and i.char_start is not None and i.char_end is not None]

    def _match_spans(self, row: int) -> list[tuple[int, int]]:
        return [] if self._matches is None else [(start, end) for _, start, end in self._matches.in_turn(row)]

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemNeverHasChildren

    def roleNames(self) -> dict[int, bytes]:
        names = dict(super().roleNames())
        names.update({
            StartRole: b"start", SpeakerRole: b"speaker", TextRole: b"text", ActiveRole: b"active",
            SpeakerColourRole: b"speakerColour", TimeTextRole: b"timeText", TurnRole: b"turn",
            EstimatedRole: b"estimated", ProgressRole: b"progress", HighlightsRole: b"highlights",
            BookmarkedRole: b"bookmarked", MatchesRole: b"matches", CurrentMatchRole: b"currentMatch",
            CopyTextRole: b"copyText", WordRole: b"word",
        })
        return names


_ROLE_GETTERS: dict[int, Any] = {
    TextRole: lambda m, r, t: t.text,
    Qt.ItemDataRole.DisplayRole: TranscriptModel._display_text,
    StartRole: lambda m, r, t: m.times().start(r),
    SpeakerRole: lambda m, r, t: m.display_speaker(t.speaker),
    ActiveRole: lambda m, r, t: r == m._active,
    SpeakerColourRole: lambda m, r, t: m.speaker_colour(t.speaker),
    TimeTextRole: lambda m, r, t: m.time_text(r),
    EstimatedRole: lambda m, r, t: m.times().estimated(r),
    Qt.ItemDataRole.AccessibleTextRole: TranscriptModel._accessible_text,
    TurnRole: lambda m, r, t: t,
    ProgressRole: lambda m, r, t: m._progress if r == m._active else None,
    WordRole: lambda m, r, t: m._word if r == m._active else None,
    HighlightsRole: lambda m, r, t: m._highlights(r),
    BookmarkedRole: lambda m, r, t: any(i.kind == "bookmark" for i in m._notes.get(r, ())),
    MatchesRole: lambda m, r, t: m._match_spans(r),
    CurrentMatchRole: lambda m, r, t: (m._current_match[1:] if m._current_match and m._current_match[0] == r
                                       else None),
    CopyTextRole: TranscriptModel._copy_text,
}
