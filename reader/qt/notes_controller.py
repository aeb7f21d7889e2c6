"""The open transcript's notes for the window: undoable edits, debounced atomic saves, the session."""

from __future__ import annotations

import copy
from pathlib import Path

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from reader.core.anchoring import reanchor
from reader.core.notes import NoteItem, NotesDocument, Session
from reader.core.notes_store import NotesSaveError, NotesStore, file_sha256, notes_path_for
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
        self._dirty = False
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.timeout.connect(self.save_now)

    @property
    def path(self) -> Path | None:
        """Return the notes file's path, once a transcript is open."""
        return self.store.path if self.store else None

    @property
    def read_only(self) -> bool:
        """Return whether saving is off for this file (written by a newer version, unreadable)."""
        return bool(self.store and self.store.read_only)

    def open_for(self, transcript: Transcript, media: Path | None) -> Session:
        """Load the notes of `transcript` (saving the previous ones first); return the saved session."""
        self.save_now()
        self.undo_stack.clear()
        self.transcript = transcript
        source = transcript.source
        if source is None:
            self.store, self.document = None, NotesDocument()
            self.itemsChanged.emit()
            return self.document.session
        self.store = NotesStore(notes_path_for(source, fallback_dir=self._fallback_dir))
        result = self.store.load()
        self.document = result.document
        for message in result.messages:
            self.messageRaised.emit(message)
        self.document.transcript_path = str(source)
        self.document.transcript_sha256 = file_sha256(source)
        if media is not None:
            self.document.media_path = str(media)
        detached = [item for item in self.document.items if not reanchor(item, transcript.turns)]
        if detached:
            self.messageRaised.emit(
                f"{len(detached)} highlight(s) no longer match the transcript's text; they are kept and "
                "listed as detached in the Notes panel")
        self.itemsChanged.emit()
        return self.document.session

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
        if data is None:
            self.document.extra.pop("sync", None)
        else:
            self.document.extra["sync"] = data
        self._schedule_save()

    def set_speaker_names(self, names: dict[str, str]) -> None:
        """Show speakers under other names (saved with the notes; the transcript is never rewritten)."""
        self.document.speaker_names = dict(names)
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
            self.messageRaised.emit(str(exc))
            self._save_timer.start(RETRY_DELAY_MS)
            return False
        finally:
            for message in self.store.take_messages():  # another program's garbage moved aside, and so on
                self.messageRaised.emit(message)
        self._dirty = False
        if merged is not self.document:  # another window saved too: show the union
            if self.transcript is not None:
                for item in merged.items:
                    reanchor(item, self.transcript.turns)
            self.document = merged
            self.itemsChanged.emit()
        self.saved.emit(str(self.store.path))
        return True
