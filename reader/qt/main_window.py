"""The main window: the recording beside the transcript, the transport bar, menus and drops."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable
from pathlib import Path

from PySide6 import QtGui
from PySide6.QtCore import QModelIndex, QSettings, Qt, QTimer, QUrl, Slot
from PySide6.QtGui import (
    QAccessible,
    QAccessibleEvent,
    QAction,
    QCloseEvent,
    QColor,
    QDragEnterEvent,
    QDropEvent,
    QFont,
    QFontDatabase,
    QHideEvent,
    QKeySequence,
)
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMainWindow,
    QPlainTextEdit,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reader.core.errors import TranscriptError
from reader.core.loading import LoadCancelled, TranscriptLoad
from reader.core.media import MEDIA_EXTENSIONS, find_media_beside, is_media_file
from reader.core.notes import NoteItem, Quote, Session
from reader.core.search import Matches, SearchIndex
from reader.core.sync import offset_at_time, time_at_offset
from reader.core.timecode import ms_to_clock
from reader.core.timemap import (
    SyncSettings,
    TimeMap,
    anchors_to_taps,
    estimate_times,
    media_mismatch,
    taps_to_anchors,
    with_tap,
)
from reader.core.transcript import Transcript, Turn
from reader.playback.player import Player, PlayerState
from reader.qt.load_progress import LoadProgress
from reader.qt.note_editor import NoteEditor, colour_tint
from reader.qt.notes_controller import NotesController
from reader.qt.notes_panel import NotesPanel
from reader.qt.plain_text import menu_text, plain_tooltip, window_title
from reader.qt.playback_controller import PlaybackController
from reader.qt.search_bar import SearchBar, ask_time
from reader.qt.speakers_panel import SpeakersPanel
from reader.qt.timeline import TimelineStrip
from reader.qt.transcript_model import TranscriptModel
from reader.qt.transcript_view import TranscriptView
from reader.qt.transport_bar import TransportBar
from reader.qt.video_widget import VideoWidget, native_video_system

APP_NAME = "Transcript Reader"
SKIP_MS = 5000
RECENT_COUNT = 10
# Folding 50,000 turns for Find takes 0.4 s: from this size it is done on a thread as the transcript opens.
BACKGROUND_INDEX_TURNS = 5_000
BANNER_MESSAGES = 3  # a media problem and a sync notice can arrive together: neither may hide the other


class Banner(QFrame):
    """A dismissible message line above the content, for errors that must not block the transcript."""

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
        """Show `text` (plain text, never markup) under the messages still shown, the last few kept."""
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


class MainWindow(QMainWindow):
    """One transcript and its recording, side by side."""

    def __init__(self, player: Player, *, monotonic: Callable[[], float] = time.monotonic,
                 notes_dir: Path | None = None, settings: QSettings | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings if settings is not None else QSettings()
        self.setWindowTitle(APP_NAME)
        self.setAcceptDrops(True)
        self.resize(1200, 760)
        self.transcript: Transcript | None = None
        self._loading: TranscriptLoad | None = None
        self.controller = PlaybackController(player, monotonic=monotonic, parent=self)
        self.model = TranscriptModel(parent=self)
        self.view = TranscriptView(self.model, self)
        self.notes = NotesController(self, fallback_dir=notes_dir)
        self._items_by_turn: dict[int, list[NoteItem]] = {}
        self.view.highlight_provider = self._highlights_for_row
        self.view.bookmark_provider = self._bookmarked_row
        self._editor: NoteEditor | None = None
        self._restoring = False
        self._loop_row = -1
        self._announced_speaker: str | None = None
        self.time_map = TimeMap()
        self._taps: dict[int, int] = {}  # untimed transcripts: turn index -> media ms the user tapped
        self._media_starts: list[int | None] = []
        self.sync_label = QLabel(self)
        self.sync_label.setTextFormat(Qt.TextFormat.PlainText)
        self.statusBar().addPermanentWidget(self.sync_label)
        self.shortcuts_dialog: QDialog | None = None
        self.export_dialog: QDialog | None = None
        self.anchors_dialog: QDialog | None = None
        self.video = VideoWidget(self)
        self.video.hide()
        self.video.closeRequested.connect(self._on_video_close_requested)
        self.transport = TransportBar(self.controller, self)
        self.banner = Banner(self)
        self.info = QLabel(self)
        self.info.setTextFormat(Qt.TextFormat.PlainText)
        self.info.setContentsMargins(10, 6, 10, 6)
        self.info.setWordWrap(True)
        self.info.setText("Open a transcript (File > Open Transcript…) or drop one on this window.")
        self.follow = True
        self.follow_suspended = False
        self.back_button = QToolButton(self.view.viewport())
        self.back_button.setText("↓ Back to playback  (.)")
        self.back_button.setAccessibleName("Back to playback")
        self.back_button.setToolTip("Follow the playback again (.)")
        self.back_button.setStyleSheet("QToolButton { background: palette(highlight); color: palette(highlighted-text);"
                                       " border-radius: 12px; padding: 4px 12px; font-weight: bold; }")
        self.back_button.hide()
        self.back_button.clicked.connect(self.resume_following)
        self._video_bound = False

        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        self.splitter.addWidget(self.video)
        self.splitter.addWidget(self.view)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        central = QWidget(self)
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        column.addWidget(self.banner)
        column.addWidget(self.info)
        self._search_index: SearchIndex | None = None
        self._index_build: tuple[Transcript, threading.Thread, dict[str, SearchIndex]] | None = None
        self._matches: Matches | None = None
        self.search_bar = SearchBar(self._search_index_for_bar, self, origin_provider=self._search_origin)
        self.search_bar.hide()
        column.addWidget(self.search_bar)
        self._ticks_timer = QTimer(self)
        self._ticks_timer.setSingleShot(True)
        self._ticks_timer.setInterval(200)
        self._ticks_timer.timeout.connect(self._update_search_ticks)
        column.addWidget(self.splitter, 1)
        column.addWidget(self.transport)
        self.timeline = TimelineStrip(self)
        column.addWidget(self.timeline)
        self.setCentralWidget(central)
        self.notes_panel = NotesPanel(self.notes, self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.notes_panel)
        self.notes_panel.hide()
        self.speakers_panel = SpeakersPanel(self)
        self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.speakers_panel)
        self.speakers_panel.hide()
        self.speakers_panel.filterRequested.connect(self._on_speakers_panel_filter_requested)
        self.speakers_panel.renameRequested.connect(self._on_speakers_panel_rename_requested)
        self._speaker_filter: frozenset[str] | None = None
        self._notes_only = False
        self.notes_panel.seekRequested.connect(self._on_notes_panel_seek_requested)
        self.notes_panel.editRequested.connect(self.edit_item)
        self._build_menus()

        self.view.turnClicked.connect(self._on_view_turn_clicked)
        self.view.activated.connect(self._on_view_activated)
        self.notes.itemsChanged.connect(self._on_notes_items_changed)
        self.notes.messageRaised.connect(self.banner.show_message)
        self.notes.saved.connect(self._on_notes_saved)
        self.transport.rate_box.currentIndexChanged.connect(self._remember_session)
        self.controller.activeTurnChanged.connect(self._on_controller_active_turn_changed)
        self.controller.positionChanged.connect(self._on_controller_position_changed)
        self.view.textClicked.connect(self._on_view_text_clicked)
        self.view.userScrolled.connect(self.suspend_following)
        self.view.verticalScrollBar().valueChanged.connect(self._on_view_scrolled)
        self.view.textSelectionChanged.connect(self._on_view_text_selection_changed)
        self.view.progress_provider = self._progress_for_row
        self.view.match_provider = self._matches_for_row
        self.search_bar.matchesChanged.connect(self._on_search_bar_matches_changed)
        self.search_bar.currentMatchChanged.connect(self._on_search_bar_current_match_changed)
        self.search_bar.closed.connect(self._on_search_bar_closed)
        self.controller.positionChanged.connect(self.timeline.set_position)
        self.controller.durationChanged.connect(self._on_controller_duration_changed)
        self.timeline.seekRequested.connect(self._on_timeline_seek_requested)
        self.controller.errorOccurred.connect(self._on_controller_error_occurred)
        self.controller.videoChanged.connect(self._on_controller_video_changed)
        self.controller.stateChanged.connect(self._on_controller_state_changed)
        self.view.setFocus()

    # -- menus --------------------------------------------------------------------------------

    def _action(self, text: str, shortcut: QKeySequence | str | None, slot: object) -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            action.setShortcut(QKeySequence(shortcut))
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _build_menus(self) -> None:
        menu = self.menuBar().addMenu("&File")
        menu.addAction(self._action("Open &Transcript…", QKeySequence.StandardKey.Open, self._on_open_transcript))
        menu.addAction(self._action("Open &Media…", "Ctrl+Shift+O", self._on_open_media))
        menu.addSeparator()
        self.export_action = self._action("&Export Notes…", "Ctrl+E", self.export_notes)
        menu.addAction(self.export_action)
        self.recent_menu = menu.addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(self._on_recent_menu_about_to_show)
        menu.addSeparator()
        menu.addAction(self._action("&Quit", QKeySequence.StandardKey.Quit, self.close))
        play = self.menuBar().addMenu("&Playback")
        self.play_action = self._action("&Play / Pause", "Space", self.controller.toggle)
        self.play_action.setShortcuts([QKeySequence("Space"), QKeySequence("K"), QKeySequence("Ctrl+Space"),
                                       QKeySequence(Qt.Key.Key_MediaTogglePlayPause),
                                       QKeySequence(Qt.Key.Key_MediaPlay)])
        play.addAction(self.play_action)
        play.addSeparator()
        for text, keys, delta in ((f"&Back {SKIP_MS // 1000} s", ["Left"], -SKIP_MS),
                                  (f"&Forward {SKIP_MS // 1000} s", ["Right"], SKIP_MS),
                                  ("Back 10 s", ["J"], -10_000), ("Forward 10 s", ["L"], 10_000),
                                  ("Back 30 s", ["Shift+Left"], -30_000), ("Forward 30 s", ["Shift+Right"], 30_000)):
            action = self._action(text, None, lambda _=False, d=delta: self.controller.skip(d))
            action.setShortcuts([QKeySequence(k) for k in keys])
            play.addAction(action)
        play.addSeparator()
        previous_turn = self._action("Pre&vious Turn", "Ctrl+Left", lambda: self.step_turn(-1))
        previous_turn.setShortcuts([QKeySequence("Ctrl+Left"), QKeySequence(Qt.Key.Key_MediaPrevious)])
        next_turn = self._action("Ne&xt Turn", "Ctrl+Right", lambda: self.step_turn(1))
        next_turn.setShortcuts([QKeySequence("Ctrl+Right"), QKeySequence(Qt.Key.Key_MediaNext)])
        play.addAction(previous_turn)
        play.addAction(next_turn)
        play.addAction(self._action("Previous Turn of This Speaker", "Ctrl+Shift+Up",
                                    lambda: self.step_turn(-1, same_speaker=True)))
        play.addAction(self._action("Next Turn of This Speaker", "Ctrl+Shift+Down",
                                    lambda: self.step_turn(1, same_speaker=True)))
        play.addAction(self._action("&Replay This Turn", "R", self.replay_turn))
        self.loop_action = self._action("&Loop This Turn", "Ctrl+L", self._on_loop_toggled)
        self.loop_action.setCheckable(True)
        play.addAction(self.loop_action)
        play.addSeparator()
        slower = self._action("&Slower", "Ctrl+[", lambda: self.transport.step_rate(-1))
        slower.setShortcuts([QKeySequence("Ctrl+["), QKeySequence("[")])
        faster = self._action("&Faster", "Ctrl+]", lambda: self.transport.step_rate(1))
        faster.setShortcuts([QKeySequence("Ctrl+]"), QKeySequence("]")])
        play.addAction(slower)
        play.addAction(faster)
        play.addAction(self._action("&Normal Speed", "=", lambda: self.transport.set_rate(1.0)))
        play.addSeparator()
        play.addAction(self._action("Back to Playback", ".", self.resume_following))
        self.follow_action = self._action("&Follow Playback", "F", self._on_follow_toggled)
        self.follow_action.setCheckable(True)
        self.follow_action.setChecked(True)
        play.addAction(self.follow_action)
        self.reduce_motion_action = self._action("Reduce &Motion", None, self._on_reduce_motion_toggled)
        self.reduce_motion_action.setCheckable(True)
        play.addAction(self.reduce_motion_action)
        sync = self.menuBar().addMenu("&Sync")
        sync.addAction(self._action("&Shift Timing…", None, self._on_shift_timing_triggered))
        for text, key, delta in (("Transcript 0.1 s Earlier", "Ctrl+Alt+Left", -100),
                                 ("Transcript 0.1 s Later", "Ctrl+Alt+Right", 100),
                                 ("Transcript 1 s Earlier", "Ctrl+Alt+Shift+Left", -1000),
                                 ("Transcript 1 s Later", "Ctrl+Alt+Shift+Right", 1000)):
            sync.addAction(self._action(text, key, lambda _=False, d=delta: self.shift_timing(d)))
        sync.addSeparator()
        sync.addAction(self._action("This Turn Starts &Now", "Ctrl+T", self.turn_starts_now))
        sync.addAction(self._action("&Anchors…", None, self.show_anchors))
        sync.addAction(self._action("&Reset Sync", None, self.reset_sync))
        find = self.menuBar().addMenu("&Find")
        find.addAction(self._action("&Find…", QKeySequence.StandardKey.Find, self.search_bar.open))
        find.addAction(self._action("Find &Next", QKeySequence.StandardKey.FindNext, self.search_bar.next))
        find.addAction(self._action("Find &Previous", QKeySequence.StandardKey.FindPrevious, self.search_bar.previous))
        find.addAction(self._action("&Go to Time…", "Ctrl+G", self.go_to_time))
        view = self.menuBar().addMenu("&View")
        zoom_in = self._action("Zoom &In", "Ctrl++", lambda: self.zoom(1))
        zoom_in.setShortcuts([QKeySequence("Ctrl++"), QKeySequence("Ctrl+=")])
        view.addAction(zoom_in)
        view.addAction(self._action("Zoom &Out", "Ctrl+-", lambda: self.zoom(-1)))
        view.addAction(self._action("&Reset Zoom", "Ctrl+0", lambda: self.zoom(0)))
        view.addSeparator()
        self.notes_only_action = self._action("Only Turns With &Notes", "Ctrl+Shift+H",
                                              lambda: self.set_notes_only(self.notes_only_action.isChecked()))
        self.notes_only_action.setCheckable(True)
        view.addAction(self.notes_only_action)
        speakers = self.speakers_panel.toggleViewAction()
        speakers.setText("&Speakers Panel")
        speakers.setShortcut(QKeySequence("Ctrl+Shift+S"))
        self.addAction(speakers)
        view.addAction(speakers)
        view.addSeparator()
        self.detach_action = self._action("&Detach Video", "Ctrl+Shift+D", self._on_detach_toggled)
        self.detach_action.setCheckable(True)
        view.addAction(self.detach_action)
        view.addAction(self._action("&Full Screen", "F11", self._on_full_screen_toggled))
        notes = self.menuBar().addMenu("&Notes")
        notes.addAction(self._action("&Bookmark This Moment", "Ctrl+B", self.add_bookmark))
        notes.addAction(self._action("&Highlight Selection", "Ctrl+H", self.add_highlight))
        notes.addSeparator()
        undo = self.notes.undo_stack.createUndoAction(self, "&Undo")
        undo.setShortcut(QKeySequence("Ctrl+Z"))
        redo = self.notes.undo_stack.createRedoAction(self, "&Redo")
        redo.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        for action in (undo, redo):
            self.addAction(action)
            notes.addAction(action)
        notes.addSeparator()
        help_menu = self.menuBar().addMenu("&Help")
        help_menu.addAction(self._action("&Keyboard Shortcuts", QKeySequence.StandardKey.HelpContents,
                                         self.show_shortcuts))
        panel = self.notes_panel.toggleViewAction()
        panel.setText("Notes &Panel")
        panel.setShortcut(QKeySequence("Ctrl+Shift+N"))
        self.addAction(panel)
        notes.addAction(panel)

    def export_notes(self) -> None:
        """Open the export dialog for the notes of the transcript shown."""
        if self.transcript is None:
            self.banner.show_message("Open a transcript first: its bookmarks and highlights are what is exported.")
            return
        self.notes.save_now()
        from reader.qt.export_dialog import ExportDialog  # loaded on first use: start-up stays quick

        dialog = ExportDialog(self.transcript, self.notes.document, self.controller.media_path, self)
        dialog.exported.connect(lambda path: self.statusBar().showMessage(f"Notes exported to {path}", 6000))
        self.export_dialog = dialog
        dialog.open()

    # -- navigation -----------------------------------------------------------------------------

    def step_turn(self, step: int, *, same_speaker: bool = False) -> None:
        """Seek to the next (step 1) or previous (-1) shown turn, optionally of the same speaker."""
        if self.transcript is None:
            return
        turns = self.transcript.turns
        current = self.controller.active_turn()
        speaker = turns[current].speaker if current >= 0 else None
        row = current
        position = self.controller.position()
        current_start = self._media_start(current) if current >= 0 else None
        if step < 0 and current_start is not None and position - current_start > 2000:
            row = current + 1  # more than 2 s into a turn, "previous" first goes back to its own start
        row += step
        while 0 <= row < len(turns):
            turn = turns[row]
            start = self._media_start(row)
            if start is not None and self.view.row_shown(row) and (not same_speaker or turn.speaker == speaker):
                self.controller.seek(start)
                self.resume_following()
                return
            row += step

    def replay_turn(self) -> None:
        """Play the active turn again from its start."""
        row = self.controller.active_turn()
        if row >= 0 and self._media_start(row) is not None:
            self.controller.seek(self._media_start(row))
            self.controller.play()

    @Slot()
    def _on_loop_toggled(self) -> None:
        row = self.controller.active_turn()
        self._loop_row = row if self.loop_action.isChecked() and row >= 0 else -1
        if self._loop_row < 0:
            self.loop_action.setChecked(False)
            return
        self.statusBar().showMessage(f"Looping turn {row + 1} (Ctrl+L to stop)", 3000)

    def _keep_looping(self) -> None:
        row = self._loop_row
        if row < 0 or self.transcript is None:
            return
        start, end = self._media_start(row), self._media_end(row)
        position = self.controller.position()
        if start is not None and end is not None and (position >= end or position < start - 1000):
            self.controller.seek(start)

    def zoom(self, steps: int) -> None:
        """Make the transcript text larger (steps > 0), smaller, or the default size (0)."""
        font = QFont(self.view.font())
        size = font.pointSizeF() if font.pointSizeF() > 0 else 10.0
        default = QApplication.font().pointSizeF() if QApplication.font().pointSizeF() > 0 else 10.0
        size = default if steps == 0 else min(40.0, max(6.0, size + steps))
        font.setPointSizeF(size)
        self.view.setFont(font)
        self.view.delegate.set_font(font)
        self.view.relayout()

    @Slot()
    def _on_reduce_motion_toggled(self) -> None:
        self.view.reduced_motion = self.reduce_motion_action.isChecked()

    def set_video_detached(self, detached: bool) -> None:
        """Show the video in a window of its own (True) or beside the transcript (False)."""
        self.detach_action.setChecked(detached)
        if detached == self.video.isWindow():
            return
        if detached:
            size = self.video.size()
            self.video.setParent(None)
            self.video.setWindowTitle(f"{self.windowTitle()} — video")
            self.video.resize(size)
            # Over the transcript's right half at first: the window manager may place it elsewhere.
            self.video.move(self.x() + self.width() - size.width() - 40, self.y() + 80)
            self.video.show()
        else:
            self.splitter.insertWidget(0, self.video)
            self.video.setVisible(self.controller.player.has_video())

    @Slot()
    def _on_video_close_requested(self) -> None:
        if self.video.isFullScreen():
            self.video.showNormal()
        self.set_video_detached(False)

    @Slot()
    def _on_detach_toggled(self) -> None:
        self.set_video_detached(self.detach_action.isChecked())

    @Slot()
    def _on_full_screen_toggled(self) -> None:
        """F11: the video full screen (Esc or F11 leaves); without a picture, the window full screen."""
        if self.video.isWindow() and self.video.isFullScreen():
            self.video.showNormal()
            self.set_video_detached(False)
        elif self.controller.player.has_video():
            self.set_video_detached(True)
            self.video.showFullScreen()
        elif self.isFullScreen():
            self.showNormal()
        else:
            self.showFullScreen()

    def show_shortcuts(self) -> None:
        """Show every action and its keys in a plain-text sheet."""
        rows = []
        for menu_action in self.menuBar().actions():
            menu = menu_action.menu()
            if menu is None:
                continue
            for action in menu.actions():
                if action.isSeparator() or not action.text():
                    continue
                keys = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts())
                rows.append((menu_action.text().replace("&", ""), action.text().replace("&", ""), keys))
        text = "\n".join(f"{menu:<10} {name:<34} {keys}" for menu, name, keys in rows)
        dialog = QDialog(self)
        dialog.setWindowTitle("Keyboard Shortcuts")
        sheet = QPlainTextEdit(dialog)
        sheet.setReadOnly(True)
        sheet.setPlainText(text + "\n\nIn the transcript: Shift+Home/End or a drag starts a text selection, "
                           "Shift+Left/Right extend it while one exists (Ctrl: by word), Ctrl+C copies, Esc clears.")
        sheet.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        layout = QVBoxLayout(dialog)
        layout.addWidget(sheet)
        dialog.resize(720, 560)
        self.shortcuts_dialog = dialog
        dialog.show()

    # -- opening files ------------------------------------------------------------------------

    def open_transcript(self, path: Path, media: Path | None = None) -> bool:
        """Show the transcript at `path` and pair it with `media` or the recording beside it.

        The file is parsed on a worker thread; a slow one shows a progress dialog that can cancel it.
        Returns False, with what is already open left as it was, when the file cannot be read or the
        user cancelled.
        """
        if self._loading is not None:  # the progress dialog is window-modal, but drops and scripts are not
            self.statusBar().showMessage(f"Still opening {self._loading.path.name}", 4000)
            return False
        self._loading = TranscriptLoad(path).start()
        progress = LoadProgress(self._loading, self)
        try:
            try:
                transcript = progress.wait()
            finally:
                self._loading = None
            progress.step(f"Laying out {len(transcript.turns):,} turns…")
            self._show_transcript(path, transcript, media or find_media_beside(path))
        except LoadCancelled:
            self.statusBar().showMessage(f"Opening {path.name} was cancelled", 6000)
            return False
        except TranscriptError as exc:
            self.banner.show_message(str(exc))
            return False
        finally:
            progress.close()
        return True

    def _show_transcript(self, path: Path, transcript: Transcript, media: Path | None) -> None:
        self._remember_session()
        self.notes.save_now()
        self.transcript = transcript
        self.model.set_transcript(transcript)
        session = self.notes.open_for(transcript, media)
        self._speaker_filter = None
        self._search_index = None
        self._build_search_index_in_background(transcript)
        if self.search_bar.isVisible():
            self.search_bar.refresh(keep_place=False)
        self._load_sync()
        self._apply_row_filter()
        names = self.notes.document.speaker_names
        self.model.set_display_names(names)
        colours = self.model.colours()
        self.timeline.set_display_names(names)
        self.speakers_panel.set_transcript(transcript, colours, self.controller.duration())
        self.speakers_panel.set_display_names(names)
        self._show_info()
        if transcript.warnings:
            shown = "; ".join(transcript.warnings[:3])
            more = f" (and {len(transcript.warnings) - 3} more)" if len(transcript.warnings) > 3 else ""
            self.banner.show_message(f"{path.name}: {shown}{more}")
        elif not self.notes.read_only:
            self.banner.hide()
        if media is not None:
            self.open_media(media)
        self._restore_session(session)
        self._add_recent(path, media)

    # -- settings -------------------------------------------------------------------------------

    def recent_files(self) -> list[tuple[str, str]]:
        """Return the recently opened (transcript, media) pairs, newest first."""
        raw = self.settings.value("recent", [])
        pairs = []
        for entry in raw if isinstance(raw, list) else [raw]:
            transcript, media = _recent_pair(str(entry))
            if transcript:
                pairs.append((transcript, media))
        return pairs

    def _add_recent(self, path: Path, media: Path | None) -> None:
        # A JSON pair: file names may hold line breaks, which the older "transcript\nmedia" entries split on.
        entry = json.dumps([str(path.resolve()), str(media.resolve()) if media else ""], ensure_ascii=False)
        recent = [json.dumps([t, m], ensure_ascii=False) for t, m in self.recent_files() if t != str(path.resolve())]
        self.settings.setValue("recent", [entry, *recent][:RECENT_COUNT])

    @Slot()
    def _on_recent_menu_about_to_show(self) -> None:
        self.recent_menu.clear()
        recent = self.recent_files()
        for number, (transcript, media) in enumerate(recent, start=1):
            action = self.recent_menu.addAction(f"&{number % 10} {menu_text(Path(transcript).name)}")
            action.setToolTip(plain_tooltip(transcript))
            action.triggered.connect(
                lambda _=False, t=transcript, m=media: self.open_transcript(Path(t), Path(m) if m else None))
        if not recent:
            self.recent_menu.addAction("No recent transcripts").setEnabled(False)

    def restore_layout(self) -> None:
        """Restore the window geometry, docks and splitter from the last session."""
        geometry = self.settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        state = self.settings.value("window/state")
        if state is not None:
            self.restoreState(state)
        splitter = self.settings.value("window/splitter")
        if splitter is not None:
            self.splitter.restoreState(splitter)

    def save_layout(self) -> None:
        """Remember the window geometry, docks and splitter."""
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.setValue("window/splitter", self.splitter.saveState())
        self.settings.sync()

    def _restore_session(self, session: Session) -> None:
        position, rate, follow = session.position_ms, session.rate, session.follow
        self._restoring = True  # the widgets' change signals must not record half-restored state
        try:
            self.transport.set_rate(rate)
            self.follow_action.setChecked(follow)
            self.follow = follow
            if position > 0:
                self.controller.seek(position)
        finally:
            self._restoring = False

    def _remember_session(self) -> None:
        if self.transcript is not None and not self._restoring:
            self.notes.set_session(self.controller.position(), self.controller.rate(), self.follow)

    def open_media(self, path: Path) -> None:
        """Load the recording at `path` (errors show in the banner; the transcript stays usable)."""
        self._bind_video_output()
        self.controller.load(path)
        self.transport.set_media_name(path.name)
        self._show_info()

    def _bind_video_output(self) -> None:
        system = native_video_system()
        if system is None or self._video_bound:
            return
        # libvlc needs the native window before playback starts; the widget gets one even while hidden.
        self.controller.player.set_video_output(self.video.native_handle(), system)
        self._video_bound = True

    def _show_info(self) -> None:
        t = self.transcript
        if t is None:
            return
        title = t.title or (t.source.stem if t.source else "Untitled")
        self.setWindowTitle(window_title(f"{title} — {APP_NAME}"))
        counts: dict[str, int] = {}
        for name, n in t.speaker_turn_counts().items():
            shown = self.model.display_speaker(name) or name
            counts[shown] = counts.get(shown, 0) + n
        speakers = ", ".join(f"{name} ({n})" for name, n in counts.items()) or "no speakers named"
        media = f" · {self.controller.media_path.name}" if self.controller.media_path else " · no recording"
        self.info.setText(f"{title} · {speakers} · {len(t.turns)} turns{media}")

    # -- slots --------------------------------------------------------------------------------

    @Slot()
    def _on_open_transcript(self) -> None:
        name, _ = QFileDialog.getOpenFileName(
            self, "Open Transcript", "", "Transcripts (*.txt *.md *.srt *.vtt *.json);;All files (*)")
        if name:
            self.open_transcript(Path(name))

    @Slot()
    def _on_open_media(self) -> None:
        patterns = " ".join(f"*{ext}" for ext in MEDIA_EXTENSIONS)
        name, _ = QFileDialog.getOpenFileName(self, "Open Media", "", f"Audio and video ({patterns});;All files (*)")
        if name:
            self.open_media(Path(name))

    @Slot(int)
    def _on_view_turn_clicked(self, row: int) -> None:
        start = self._media_start(row)
        if start is not None:
            self.controller.seek(start)
            self.resume_following()
            self._remember_session()

    @Slot(QModelIndex)
    def _on_view_activated(self, index: QModelIndex) -> None:
        self._on_view_turn_clicked(index.row())

    # -- notes ----------------------------------------------------------------------------------

    def _target_row(self) -> int:
        """Return the turn a note applies to: the one the user selected, else the one being spoken."""
        rows = self.view.selectionModel().selectedRows() if self.view.selectionModel() else []
        if rows:
            return rows[0].row()
        return self.controller.active_turn()

    def add_bookmark(self) -> NoteItem | None:
        """Bookmark the current playback moment and open the editor for its label."""
        if self.transcript is None:
            return None
        position = self.controller.position()
        row = self.controller.active_turn()
        item = NoteItem(kind="bookmark", start_ms=self.time_map.to_transcript(position),
                        turn_index=row if row >= 0 else None,
                        speaker=self.model.turn(row).speaker if row >= 0 else None)
        self.notes.add_item(item)
        self.notes_panel.show()
        self._open_editor(item, f"Bookmark at {ms_to_clock(position)}", with_colours=False)
        return item

    def add_highlight(self) -> NoteItem | None:
        """Highlight the selected text (or the selected or active turn) and open the editor."""
        if self.transcript is None:
            return None
        selection = self.view.text_selection()
        if selection is not None:
            row, start, end = selection
        else:
            row = self._target_row()
            if row < 0:
                self.banner.show_message("Select some text or a turn to highlight.")
                return None
            start, end = 0, len(self.model.turn(row).text)
        turn = self.model.turn(row)
        item = NoteItem(kind="highlight", start_ms=_time_at(turn, start), end_ms=turn.end, turn_index=row,
                        speaker=turn.speaker, quote=Quote.from_text(turn.text, start, end), char_start=start,
                        char_end=end, color="yellow")
        self.notes.add_item(item)
        self.notes_panel.show()
        self.view.clear_text_selection()
        self._open_editor(item, f"Highlight at {ms_to_clock(item.start_ms)}", with_colours=True)
        return item

    @Slot(int, int)
    def _on_notes_panel_seek_requested(self, start_ms: int, turn_index: int) -> None:
        self.controller.seek(self.time_map.to_media(start_ms))
        if turn_index >= 0:
            self.view.scroll_to_row(turn_index)
        self._remember_session()

    def edit_item(self, item_id: str) -> None:
        """Open the editor for an existing item."""
        item = self.notes.item(item_id)
        if item is not None:
            self._open_editor(item, f"{item.kind.capitalize()} at {ms_to_clock(item.start_ms)}",
                              with_colours=item.kind == "highlight")

    def _open_editor(self, item: NoteItem, title: str, *, with_colours: bool) -> None:
        if self._editor is not None:
            # Closing only hides the popup; deleted too, or every note ever added keeps one (~256 KB of window).
            self._editor.close()
            self._editor.deleteLater()
        self._editor = NoteEditor(item.id, title, label=item.label, note=item.note, colour=item.color,
                                  with_colours=with_colours, parent=self)
        self._editor.accepted.connect(self._on_editor_accepted)
        row = item.turn_index if item.turn_index is not None else -1
        if row >= 0 and self.view.is_row_visible(row):
            rect = self.view.row_rect(row)
            point = self.view.viewport().mapToGlobal(rect.bottomLeft())
        else:
            point = self.view.viewport().mapToGlobal(self.view.viewport().rect().center())
        self._editor.open_at(point)

    @Slot(str, str, str, str)
    def _on_editor_accepted(self, item_id: str, label: str, note: str, colour: str) -> None:
        item = self.notes.item(item_id)
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
            self.notes.edit_item(item_id, **changes)

    def _highlights_for_row(self, row: int) -> list[tuple[int, int, QColor]]:
        return [(i.char_start, i.char_end, colour_tint(i.color)) for i in self._items_by_turn.get(row, ())
                if i.kind == "highlight" and i.char_start is not None and i.char_end is not None]

    def _bookmarked_row(self, row: int) -> bool:
        return any(i.kind == "bookmark" for i in self._items_by_turn.get(row, ()))

    @Slot()
    def _on_notes_items_changed(self) -> None:
        by_turn: dict[int, list[NoteItem]] = {}
        markers = []
        for item in self.notes.items():
            if item.turn_index is not None and not item.detached:
                by_turn.setdefault(item.turn_index, []).append(item)
            colour = colour_tint(item.color) if item.kind == "highlight" else QColor("#1f5fa8")
            markers.append((self.time_map.to_media(item.start_ms), colour))
        self._items_by_turn = by_turn
        self.transport.slider.set_markers(markers)
        self.timeline.set_notes([
            (self.time_map.to_media(item.start_ms),
             None if item.end_ms is None else self.time_map.to_media(item.end_ms),
             colour_tint(item.color) if item.kind == "highlight" else QColor("#1f5fa8"), item.kind)
            for item in self.notes.items()])
        if self._notes_only:
            self._apply_row_filter()
        self.view.viewport().update()

    # -- find -----------------------------------------------------------------------------------

    def _search_index_for_bar(self) -> SearchIndex | None:
        # Built once per transcript (in the background for big ones) and kept: typing stays cheap.
        if self._search_index is None and self.transcript is not None:
            pending = self._index_build
            if pending is not None and pending[0] is self.transcript:
                pending[1].join()  # nearly always finished already: it started when the transcript opened
                self._search_index = pending[2].get("index")
            if self._search_index is None:
                self._search_index = SearchIndex(self.transcript.turns)
        self._index_build = None
        return self._search_index

    def _build_search_index_in_background(self, transcript: Transcript) -> None:
        """Start folding a big transcript's text for Find now, so the first keystroke does not wait for it."""
        self._index_build = None
        if len(transcript.turns) < BACKGROUND_INDEX_TURNS:
            return
        holder: dict[str, SearchIndex] = {}

        def build() -> None:
            holder["index"] = SearchIndex(transcript.turns)

        thread = threading.Thread(target=build, name="search index", daemon=True)
        thread.start()
        self._index_build = (transcript, thread, holder)

    def _search_origin(self) -> tuple[int, int]:
        row = self.controller.active_turn()
        if row < 0:
            row = max(0, self.view.indexAt(self.view.viewport().rect().topLeft()).row())
        return row, 0

    def _matches_for_row(self, row: int) -> list[tuple[int, int]]:
        if self._matches is None or not self.search_bar.isVisible():
            return []
        return [(start, end) for _, start, end in self._matches.in_turn(row)]

    @Slot(object)
    def _on_search_bar_matches_changed(self, matches: Matches) -> None:
        self._matches = matches if len(matches) else None
        self.view.viewport().update()
        self._ticks_timer.start()

    def _update_search_ticks(self) -> None:
        if self._matches is None:
            self.timeline.set_search_hits([])
            return
        starts = (self._media_start(turn) for turn in dict.fromkeys(self._matches.turns()))
        self.timeline.set_search_hits([ms for ms in starts if ms is not None])

    @Slot(int, int, int)
    def _on_search_bar_current_match_changed(self, row: int, start: int, end: int) -> None:
        self.view.current_match = (row, start, end) if row >= 0 else None
        if row >= 0:
            self.suspend_following()  # reading a match is reading elsewhere
            if not self.view.row_shown(row):
                self._speaker_filter, self._notes_only = None, False
                self.notes_only_action.setChecked(False)
                self._apply_row_filter()
            self.view.follow(row, start, smooth=True)
        self.view.viewport().update()

    @Slot()
    def _on_search_bar_closed(self) -> None:
        self._matches = None
        self.view.current_match = None
        self.timeline.set_search_hits([])
        self.view.viewport().update()
        self.view.setFocus()

    def go_to_time(self) -> None:
        """Ask for a time (`12:18`, `1:02:03`, `754`, `+30`, `-1:00`) and seek there."""
        ms = ask_time(self, self.controller.position(), self.controller.duration())
        if ms is not None:
            self.controller.seek(ms)
            self.resume_following()

    # -- sync -----------------------------------------------------------------------------------

    def _load_sync(self) -> None:
        messages: list[str] = []
        settings = SyncSettings.from_json(self.notes.document.extra.get("sync"), messages)
        turns = self.transcript.turns if self.transcript else []
        if turns and all(t.start is None for t in turns):
            self.time_map = TimeMap(settings.offset_ms)
            self._taps = anchors_to_taps(turns, settings.anchors)
        else:
            self.time_map = settings.time_map()
            self._taps = {}
        for message in messages:
            self.banner.show_message(message)
        self._recompute_times()

    def _recompute_times(self) -> None:
        """Map every turn to the recording's clock (through the sync), estimating untimed turns."""
        if self.transcript is None:
            return
        turns = self.transcript.turns
        if any(t.start is None for t in turns):
            estimates = estimate_times(turns, self.controller.duration(), self._taps, time_map=self.time_map)
            starts: list[int | None] = [e.ms for e in estimates]
            estimated = [e.estimated for e in estimates]
        else:
            starts = self.time_map.to_media_all([t.start for t in turns])  # type: ignore[arg-type]
            estimated = [False] * len(turns)
        self._media_starts = starts
        self.controller.set_media_starts(starts)
        self.model.set_media_times(starts, estimated)
        self.timeline.set_turns(turns, self.controller.duration() or 0, self.model.colours(), starts=starts)
        self._on_notes_items_changed()
        self._show_sync_status()

    def _set_time_map(self, time_map: TimeMap, taps: dict[int, int] | None = None) -> None:
        self.time_map = time_map
        if taps is not None:
            self._taps = taps
        turns = self.transcript.turns if self.transcript else []
        if self._taps:
            settings = SyncSettings(time_map.offset_ms, taps_to_anchors(turns, self._taps))
        else:
            settings = SyncSettings.from_time_map(time_map)
        self.notes.set_sync(None if settings.is_default else settings.to_json())
        self._recompute_times()
        self.controller.refresh()

    def shift_timing(self, delta_ms: int) -> None:
        """Move every transcript time by `delta_ms` (positive: the words come later in the recording)."""
        self._set_time_map(self.time_map.with_offset(self.time_map.offset_ms + delta_ms))

    def turn_starts_now(self) -> None:
        """Anchor the selected (or active) turn's start to the current playback moment."""
        row = self._target_row()
        if self.transcript is None or row < 0:
            self.banner.show_message("Select the turn that is starting, then press Ctrl+T as it begins.")
            return
        position = self.controller.position()
        turn = self.transcript.turns[row]
        if turn.start is None:
            self._set_time_map(self.time_map, with_tap(self._taps, row, position))
        else:
            conflicts = self.time_map.conflicting_anchors(turn.start, position)
            self._set_time_map(self.time_map.with_anchor(turn.start, position))
            if conflicts:
                self.statusBar().showMessage(f"Replaced {len(conflicts)} sync anchor(s) this one contradicts", 5000)
        self.statusBar().showMessage(f"Turn {row + 1} now starts at {ms_to_clock(position)}", 4000)

    def show_anchors(self) -> None:
        """List the sync anchors; each can be removed."""
        from reader.qt.sync_dialog import AnchorsDialog

        if self._taps:
            anchors = [(f"turn {i + 1}", ms, None) for i, ms in sorted(self._taps.items())]
        else:
            anchors = [(ms_to_clock(t, millis=True), m, t) for t, m in self.time_map.anchors]
        self.anchors_dialog = AnchorsDialog(anchors, self.time_map.offset_ms, self.remove_anchor, self)
        self.anchors_dialog.open()

    def remove_anchor(self, index: int) -> None:
        """Remove the `index`-th sync anchor (in transcript order)."""
        if self._taps:
            taps = dict(sorted(self._taps.items()))
            taps.pop(list(taps)[index], None)
            self._set_time_map(self.time_map, taps)
        else:
            self._set_time_map(self.time_map.without_anchor(index))

    def reset_sync(self) -> None:
        """Forget the offset and every anchor."""
        self._set_time_map(TimeMap(), {})

    @Slot()
    def _on_shift_timing_triggered(self) -> None:
        value, ok = QInputDialog.getInt(self, "Shift Timing", "Move every transcript time by (ms, + is later):",
                                        self.time_map.offset_ms, -36_000_000, 36_000_000, 100)
        if ok:
            self._set_time_map(self.time_map.with_offset(value))

    def _show_sync_status(self) -> None:
        parts = []
        if self.time_map.offset_ms:
            parts.append(f"offset {self.time_map.offset_ms / 1000:+.1f} s")
        anchors = len(self._taps) or len(self.time_map.anchors)
        if anchors:
            parts.append(f"{anchors} sync anchor{'s' if anchors != 1 else ''}")
        self.sync_label.setText("Sync: " + ", ".join(parts) if parts else "")

    # -- speakers and filters -------------------------------------------------------------------

    def _apply_row_filter(self) -> None:
        speakers, notes_only = self._speaker_filter, self._notes_only
        if speakers is None and not notes_only:
            self.view.set_row_filter(None)
        else:
            turns = self.transcript.turns if self.transcript else []
            with_notes = set(self._items_by_turn)
            self.view.set_row_filter(
                lambda row: (speakers is None or turns[row].speaker in speakers)
                and (not notes_only or row in with_notes))
        self._follow_playback(smooth=False)

    @Slot(object)
    def _on_speakers_panel_filter_requested(self, speakers: frozenset[str] | None) -> None:
        self._speaker_filter = speakers
        self.search_bar.set_speakers(speakers)
        self._apply_row_filter()

    def set_notes_only(self, on: bool) -> None:
        """Show only the turns that have a bookmark or highlight."""
        self._notes_only = on
        self.notes_only_action.setChecked(on)
        self._apply_row_filter()

    @Slot(str, str)
    def _on_speakers_panel_rename_requested(self, original: str, shown: str) -> None:
        names = dict(self.notes.document.speaker_names)
        if shown.strip() and shown.strip() != original:
            names[original] = shown.strip()
        else:
            names.pop(original, None)
        self.notes.set_speaker_names(names)
        self.model.set_display_names(names)
        self.timeline.set_display_names(names)
        self.speakers_panel.set_display_names(names)
        self._show_info()

    @Slot(int)
    def _on_controller_duration_changed(self, ms: int) -> None:
        self._recompute_times()
        self.timeline.set_duration(ms)
        notice = media_mismatch(self.transcript.turns, ms, time_map=self.time_map) if self.transcript else None
        if notice:
            self.banner.show_message(notice)
        if self.transcript is not None:
            self.speakers_panel.set_transcript(self.transcript, self.model.colours(), ms)
            self.speakers_panel.set_display_names(self.notes.document.speaker_names)

    @Slot(int)
    def _on_timeline_seek_requested(self, ms: int) -> None:
        self.controller.seek(ms)
        self.resume_following()

    @Slot(str)
    def _on_notes_saved(self, path: str) -> None:
        self.statusBar().showMessage(f"Notes saved to {path}", 4000)

    @Slot(int)
    def _on_controller_active_turn_changed(self, row: int) -> None:
        self.model.set_active_row(row)
        self._announce_turn(row)
        self._follow_playback()
        if self.follow_suspended:
            self._place_back_button()

    def _announce_turn(self, row: int) -> None:
        """Tell assistive technology which turn is spoken (not colour only), and when the speaker changes."""
        if row < 0 or self.transcript is None:
            self.view.setAccessibleDescription("Nothing is being spoken")
            return
        turn = self.transcript.turns[row]
        speaker = self.model.display_speaker(turn.speaker) or "Unknown speaker"
        self.view.setAccessibleDescription(f"Now playing turn {row + 1}: {speaker}, {turn.text}")
        QAccessible.updateAccessibility(QAccessibleEvent(self.view, QAccessible.Event.DescriptionChanged))
        if turn.speaker != self._announced_speaker:
            self._announced_speaker = turn.speaker
            announcement = getattr(QtGui, "QAccessibleAnnouncementEvent", None)  # Qt 6.8 and later
            if announcement is not None:
                QAccessible.updateAccessibility(announcement(self.view, f"{speaker} speaking"))

    @Slot(int)
    def _on_controller_position_changed(self, ms: int) -> None:
        self._keep_looping()
        row = self.controller.active_turn()
        if row >= 0:
            self.view.viewport().update(self.view.row_rect(row))
        self._follow_playback()

    def _follow_playback(self, *, smooth: bool = True) -> None:
        """Keep the spoken turn (and, in a long turn, the spoken line) in view unless following is off."""
        row = self.controller.active_turn()
        if row < 0 or not self.follow or self.follow_suspended or not self.view.row_shown(row):
            return
        self.view.follow(row, self._progress_for_row(row), smooth=smooth)

    def suspend_following(self) -> None:
        """Stop following while the user reads elsewhere; the Back to playback button resumes."""
        if not self.follow or self.follow_suspended or self.controller.active_turn() < 0:
            return
        self.follow_suspended = True
        self._place_back_button()
        self.back_button.show()

    @Slot()
    def _on_view_scrolled(self) -> None:
        if self.follow_suspended:
            self._place_back_button()

    def resume_following(self) -> None:
        """Follow the playback again, scrolling back to it."""
        self.follow_suspended = False
        self.back_button.hide()
        self._follow_playback(smooth=True)

    def _place_back_button(self) -> None:
        """Point the button at the spoken turn: up, down, or no arrow while it is in view."""
        viewport = self.view.viewport()
        row = self.controller.active_turn()
        arrow = ""
        if 0 <= row < self.model.rowCount():
            rect = self.view.row_rect(row)
            arrow = "↑ " if rect.bottom() < 0 else "↓ " if rect.top() >= viewport.height() else ""
        text = f"{arrow}Back to playback  (.)"
        if self.back_button.text() != text:
            self.back_button.setText(text)
        self.back_button.adjustSize()
        self.back_button.move((viewport.width() - self.back_button.width()) // 2,
                              viewport.height() - self.back_button.height() - 12)

    def _next_start(self, row: int) -> int | None:
        """Return the transcript time where turn `row` ends: the next timed turn, else the media's end."""
        turns = self.transcript.turns if self.transcript else []
        for turn in turns[row + 1:row + 50]:
            if turn.start is not None:
                return turn.start
        duration = self.controller.duration()
        return None if duration is None else self.time_map.to_transcript(duration)

    def _media_start(self, row: int) -> int | None:
        """Return when turn `row` starts in the recording (synced, or estimated for untimed turns)."""
        return self._media_starts[row] if 0 <= row < len(self._media_starts) else None

    def _media_end(self, row: int) -> int | None:
        for start in self._media_starts[row + 1:row + 50]:
            if start is not None:
                return start
        return self.controller.duration()

    def _media_time_at(self, row: int, offset: int) -> int | None:
        """Return the recording's time of character `offset` in turn `row`."""
        turn = self.model.turn(row)
        if turn.start is not None:
            ms = time_at_offset(turn, self._next_start(row), offset)
            return None if ms is None else self.time_map.to_media(ms)
        start, end = self._media_start(row), self._media_end(row)
        if start is None:
            return None
        if end is None or not turn.text:
            return start
        return start + (end - start) * offset // len(turn.text)

    def _progress_for_row(self, row: int) -> int | None:
        if row != self.controller.active_turn() or self.transcript is None:
            return None
        turn = self.transcript.turns[row]
        position = self.controller.position()
        if turn.start is not None:
            return offset_at_time(turn, self._next_start(row), self.time_map.to_transcript(position))
        start, end = self._media_start(row), self._media_end(row)
        if start is None or end is None or end <= start:
            return 0
        return max(0, min(len(turn.text), (position - start) * len(turn.text) // (end - start)))

    @Slot(int, int)
    def _on_view_text_clicked(self, row: int, offset: int) -> None:
        ms = self._media_time_at(row, offset)
        if ms is not None:
            self.controller.seek(ms)
            self.resume_following()
            self._remember_session()

    @Slot()
    def _on_view_text_selection_changed(self) -> None:
        if self.view.text_selection() is not None:
            self.suspend_following()

    @Slot(str)
    def _on_controller_error_occurred(self, message: str) -> None:
        self.banner.show_message(message)

    @Slot(bool)
    def _on_controller_video_changed(self, has_video: bool) -> None:
        self.video.setVisible(has_video)
        if has_video:
            self.splitter.setSizes([self.width() // 2, self.width() // 2])

    @Slot(object)
    def _on_controller_state_changed(self, state: PlayerState) -> None:
        if state is PlayerState.ERROR:
            self.video.hide()
        if state in (PlayerState.PAUSED, PlayerState.ENDED, PlayerState.STOPPED):
            self._remember_session()

    @Slot()
    def _on_follow_toggled(self) -> None:
        self.follow = self.follow_action.isChecked()
        self._remember_session()
        self.resume_following()

    # -- drag and drop ------------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        self.open_dropped([url for url in event.mimeData().urls() if url.isLocalFile()])
        event.acceptProposedAction()

    def open_dropped(self, urls: list[QUrl]) -> None:
        """Open dropped files: media as the recording, anything else as the transcript."""
        paths = [Path(url.toLocalFile()) for url in urls]
        media = [p for p in paths if is_media_file(p)]
        texts = [p for p in paths if not is_media_file(p)]
        if texts:
            self.open_transcript(texts[0], media[0] if media else None)
        elif media:
            self.open_media(media[0])

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.video.isWindow():
            self.set_video_detached(False)
        self._remember_session()
        self.notes.save_now()
        self.save_layout()
        self.controller.close()
        super().closeEvent(event)


def _recent_pair(entry: str) -> tuple[str, str]:
    """Return the (transcript, media) paths of a recent-files entry: a JSON pair, or the older two lines."""
    if entry.startswith("["):  # paths are absolute: a "[" can only start a JSON pair
        try:
            transcript, media = json.loads(entry)
        except ValueError:
            return "", ""
        return str(transcript), str(media)
    transcript, _, media = entry.partition("\n")
    return transcript, media


def _time_at(turn: Turn, offset: int) -> int:
    """Return the time of character `offset` in `turn`: its last known anchor at or before it."""
    start = turn.start if turn.start is not None else 0
    for anchor_offset, ms in turn.anchors:
        if anchor_offset > offset:
            break
        start = ms
    return start
