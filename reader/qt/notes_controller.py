"""The open transcript's notes for the window: undoable edits, debounced atomic saves, the session."""

from __future__ import annotations

import contextlib
import copy
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack
from PySide6.QtWidgets import QMessageBox, QWidget

from reader.core.anchoring import reanchor
from reader.core.display_text import neutralise
from reader.core.notes import NoteItem, NotesDocument, NotesFormatError, Session, merge
from reader.core.notes_store import (
    NotesSaveError,
    NotesStore,
    beside_path,
    file_sha256,
    notes_path_for,
    read_notes,
    remember_notes_path,
    user_notes_path,
)
from reader.core.transcript import Transcript

SAVE_DELAY_MS = 700  # changes reach the disk within a second
RETRY_DELAY_MS = 5000


class _AddCommand(QUndoCommand):
    def __init__(self, controller: NotesController, item: NoteItem, text: str) -> None:
        super().__init__(text)
        self._controller, self._item = controller, item

    def redo(self) -> None:
        self._controller._apply_add(self._item)

    def undo(self) -> None:
        self._controller._apply_remove(self._item.id)


class _RemoveCommand(QUndoCommand):
    def __init__(self, controller: NotesController, item: NoteItem) -> None:
        super().__init__(f"Delete {item.kind}")
        self._controller, self._item = controller, item

    def redo(self) -> None:
        self._controller._apply_remove(self._item.id)

    def undo(self) -> None:
        self._controller._apply_add(self._item)


class _EditCommand(QUndoCommand):
    def __init__(self, controller: NotesController, before: NoteItem, after: NoteItem) -> None:
        super().__init__(f"Edit {before.kind}")
        self._controller, self._before, self._after = controller, before, after

    def redo(self) -> None:
        self._controller._apply_replace(copy.deepcopy(self._after))

    def undo(self) -> None:
        self._controller._apply_replace(copy.deepcopy(self._before))


def ask_to_save_elsewhere(parent: QWidget | None, reason: str, where: Path) -> str:
    """Ask what to do with notes that cannot be saved where they are: "save" (in `where`), "discard" or "cancel"."""
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle("Unsaved Notes")
    box.setText("Your latest notes are not saved.")
    box.setInformativeText(f"They cannot be saved beside the transcript: {reason}.\n\n"
                           f"Save them in your user data folder instead?\n{where}")
    save = box.addButton("Save in User Folder", QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton("Discard Changes", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(save)
    box.exec()
    clicked = box.clickedButton()
    return "save" if clicked is save else "discard" if clicked is discard else "cancel"


class NotesController(QObject):
    """Owns the notes document of the transcript shown, its file and the undo stack."""

    itemsChanged = Signal()
    messageRaised = Signal(str)
    saved = Signal(str)

    def __init__(self, parent: QObject | None = None, *, fallback_dir: Path | None = None) -> None:
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
        self.document = NotesDocument()
        self.store: NotesStore | None = None
        self.transcript: Transcript | None = None
        self._fallback_dir = fallback_dir
        self._dirty = False  # something to write (the session counts)
        self._unsaved = False  # notes, names or sync changed and not yet on disk (the session does not count)
        self._last_error: str | None = None
        self._told_where: str | None = None  # the notes file the status bar has named
        # Replaceable (tests answer without a dialog): (parent, why it cannot be saved, where) -> answer.
        self.ask_to_save_elsewhere: Callable[[QWidget | None, str, Path], str] = ask_to_save_elsewhere
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.timeout.connect(self.save_now)

    def saved_notice(self, path: str) -> tuple[str, int]:
        """Return the status bar's words for a save to `path`, and for how long (ms): where the first save of
        a file went (the folder may be one the reader never chose), then only that it was saved."""
        if path != self._told_where:
            self._told_where = path
            return f"Notes saved to {path}", 6000
        return "Notes saved", 2000

    @property
    def path(self) -> Path | None:
        """Return the notes file's path, once a transcript is open."""
        return self.store.path if self.store else None

    @property
    def read_only(self) -> bool:
        """Return whether saving is off for this file (read-only file or folder, newer version, unreadable)."""
        return bool(self.store and self.store.read_only)

    @property
    def read_only_reason(self) -> str | None:
        """Return why the notes are not saved in this session, in words the window can show, or None."""
        if self.store is None or not self.store.read_only:
            return None
        return self.store.read_only_reason or "the notes file cannot be written"

    @property
    def unsaved(self) -> bool:
        """Return whether notes, speaker names or sync changed since they were last written."""
        return self._unsaved

    def open_for(self, transcript: Transcript, media: Path | None) -> Session:
        """Load the notes of `transcript` (saving the previous ones first); return the saved session.

        Call confirm_close() first: notes that cannot be saved are otherwise dropped here.
        """
        self.save_now()
        self.undo_stack.clear()
        self.transcript = transcript
        self._unsaved, self._dirty, self._last_error = False, False, None
        source = transcript.source
        try:
            path = None if source is None else notes_path_for(source, fallback_dir=self._fallback_dir)
        except OSError as exc:  # the transcript went away (or was replaced by a special file) since it was read
            self.messageRaised.emit(f"{source}: cannot find its notes ({exc.strerror or exc})")
            path = None
        if source is None or path is None:
            self.store, self.document = None, NotesDocument()
            self.itemsChanged.emit()
            return self.document.session
        self.store = NotesStore(path)
        result = self.store.load()
        self.document = result.document
        for message in result.messages:
            self.messageRaised.emit(message)
        remember_notes_path(source, path, fallback_dir=self._fallback_dir)
        self._merge_beside(source, path)
        stored_sha = self.document.transcript_sha256
        self.document.transcript_path = str(source)
        with contextlib.suppress(OSError):  # else keep the one stored: the file is checked again when next opened
            self.document.transcript_sha256 = file_sha256(source)
        if media is not None:
            self.document.media_path = str(media)
        places = {item.id: (item.turn_index, item.char_start) for item in self.document.items}
        detached = [item for item in self.document.items if not reanchor(item, transcript.turns)]
        moved = [item for item in self.document.items
                 if not item.detached and places.get(item.id) != (item.turn_index, item.char_start)]
        if stored_sha and stored_sha != self.document.transcript_sha256 and moved:
            self.messageRaised.emit(
                f"{neutralise(source.name)} changed since these notes were saved: {len(moved)} highlight(s) were found "
                "again at their words' new places")
        if detached:
            self.messageRaised.emit(
                f"{len(detached)} highlight(s) no longer match the transcript's text; they are kept and "
                "listed as detached in the Notes panel")
        self.itemsChanged.emit()
        return self.document.session

    def _merge_beside(self, source: Path, path: Path) -> None:
        """Bring in the read-only notes file beside the transcript when ours are kept in the user folder."""
        beside = beside_path(source)
        if path == beside or not beside.exists():
            return
        try:
            theirs = read_notes(beside, [])
        except (OSError, NotesFormatError):
            return  # unreadable there: ours are complete without it
        if theirs.items:
            self.document = merge(self.document, theirs)

    def confirm_close(self, parent: QWidget | None = None) -> bool:
        """Save the notes; if they cannot be saved where they are, offer the user data folder.

        Return whether closing (or opening another transcript) may go on: notes are never dropped without
        a question. Called by the window's closeEvent.
        """
        if self.store is None or self.transcript is None or self.transcript.source is None:
            return True
        self.save_now()
        if not self._unsaved:
            return True
        reason = self.read_only_reason or self._last_error or "the notes file cannot be written"
        try:
            where = user_notes_path(self.transcript.source, fallback_dir=self._fallback_dir)
        except OSError as exc:
            where = Path(f"(the transcript cannot be read: {exc.strerror or exc})")
        answer = self.ask_to_save_elsewhere(parent, reason, where)
        if answer == "discard":
            return True
        return answer == "save" and self.save_elsewhere()

    def save_elsewhere(self) -> bool:
        """Save the notes in the user data folder (merged with any kept there) and keep them there from now on.

        Return False (and say why) when that fails too.
        """
        source = self.transcript.source if self.transcript is not None else None
        if source is None:
            return False
        try:
            path = user_notes_path(source, fallback_dir=self._fallback_dir)
        except OSError as exc:
            self.messageRaised.emit(f"{source}: cannot save its notes elsewhere ({exc.strerror or exc})")
            return False
        store = NotesStore(path)
        existing = store.load()
        for message in existing.messages:
            self.messageRaised.emit(message)
        if existing.read_only:
            return False
        try:
            merged = store.save(merge(self.document, existing.document))
        except NotesSaveError as exc:
            self.messageRaised.emit(str(exc))
            return False
        self._save_timer.stop()
        self.store = store
        self._dirty = self._unsaved = False
        remember_notes_path(source, path, fallback_dir=self._fallback_dir)
        if self.transcript is not None:
            for item in merged.items:
                reanchor(item, self.transcript.turns)
        self.document = merged
        self.itemsChanged.emit()
        self.messageRaised.emit(f"Notes saved in {neutralise(str(path))}; they are kept there from now on")
        self.saved.emit(str(path))
        return True

    # -- reading ----------------------------------------------------------------------------------

    def items(self) -> list[NoteItem]:
        """Return every item in time order."""
        return self.document.sorted_items()

    def item(self, item_id: str) -> NoteItem | None:
        """Return the item with `item_id`."""
        return self.document.item(item_id)

    # -- undoable changes -------------------------------------------------------------------------

    def add_item(self, item: NoteItem) -> None:
        """Add `item` (undoable)."""
        self.undo_stack.push(_AddCommand(self, item, f"Add {item.kind}"))

    def edit_item(self, item_id: str, **changes: object) -> None:
        """Change fields of an item (undoable)."""
        current = self.document.item(item_id)
        if current is None:
            return
        after = copy.deepcopy(current)
        for name, value in changes.items():
            setattr(after, name, value)
        after.touch()
        self.undo_stack.push(_EditCommand(self, copy.deepcopy(current), after))

    def remove_item(self, item_id: str) -> None:
        """Delete an item (undoable)."""
        current = self.document.item(item_id)
        if current is not None:
            self.undo_stack.push(_RemoveCommand(self, copy.deepcopy(current)))

    def set_session(self, position_ms: int, rate: float, follow: bool) -> None:
        """Remember where the reader is (saved with the notes, not undoable)."""
        session = self.document.session
        if (session.position_ms, session.rate, session.follow) != (position_ms, rate, follow):
            session.position_ms, session.rate, session.follow = position_ms, rate, follow
            self._schedule_save()

    def set_sync(self, data: dict | None) -> None:
        """Store the sync settings (the "sync" key of the notes file; None removes it)."""
        if data == self.document.extra.get("sync"):
            return
        if data is None:
            self.document.extra.pop("sync", None)
        else:
            self.document.extra["sync"] = data
        self._unsaved = True
        self._schedule_save()

    def rename_speaker(self, original: str, shown: str) -> dict[str, str]:
        """Show `original` as `shown` (blank or the same: its own name again); return every shown name."""
        names = dict(self.document.speaker_names)
        if shown.strip() and shown.strip() != original:
            names[original] = shown.strip()
        else:
            names.pop(original, None)
        self.set_speaker_names(names)
        return names

    def set_speaker_names(self, names: dict[str, str]) -> None:
        """Show speakers under other names (saved with the notes; the transcript is never rewritten)."""
        if names == self.document.speaker_names:
            return
        self.document.speaker_names = dict(names)
        self._unsaved = True
        self._schedule_save()

    def _apply_add(self, item: NoteItem) -> None:
        self.document.add(copy.deepcopy(item))
        self._changed()

    def _apply_remove(self, item_id: str) -> None:
        self.document.remove(item_id)
        self._changed()

    def _apply_replace(self, item: NoteItem) -> None:
        for n, existing in enumerate(self.document.items):
            if existing.id == item.id:
                item.touch()
                self.document.items[n] = item
                break
        self._changed()

    def _changed(self) -> None:
        self._unsaved = True
        self.itemsChanged.emit()
        self._schedule_save()

    # -- saving -----------------------------------------------------------------------------------

    def _schedule_save(self) -> None:
        self._dirty = True
        if not self._save_timer.isActive():
            self._save_timer.start(SAVE_DELAY_MS)

    def save_now(self) -> bool:
        """Write pending changes now; return False (and say why, and retry later) when the disk refuses."""
        self._save_timer.stop()
        if not self._dirty or self.store is None or self.store.read_only:
            return True
        try:
            merged = self.store.save(self.document)
        except NotesSaveError as exc:
            self._last_error = str(exc)
            self.messageRaised.emit(str(exc))
            self._save_timer.start(RETRY_DELAY_MS)
            return False
        finally:
            for message in self.store.take_messages():  # another program's garbage moved aside, and so on
                self.messageRaised.emit(message)
        self._dirty = self._unsaved = False
        self._last_error = None
        if merged is not self.document:  # another window saved too: show the union
            if self.transcript is not None:
                for item in merged.items:
                    reanchor(item, self.transcript.turns)
            self.document = merged
            self.itemsChanged.emit()
        self.saved.emit(str(self.store.path))
        return True
