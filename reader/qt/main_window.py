"""The main window: builds the parts (views, panels, controllers) and connects their signals.

Each job has its own module and talks through signals: sync (`SyncController`, which publishes the
turns' times on the recording's clock), following (`FollowController`), find (`FindController`),
moving by turns (`TurnNavigator`), notes (`NotesController`, `NoteCommands`), recent files, the banner
and the video's place (`VideoDock`). Every command is a row of `actions.ACTIONS`. What is left here is
opening files, the session kept with the notes, and the wiring.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QUrl
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import (
    QDialog,
    QFileDialog,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QVBoxLayout,
    QWidget,
)

from reader.core.errors import TranscriptError
from reader.core.formats import open_filter
from reader.core.loading import LoadCancelled, TranscriptLoad
from reader.core.media import MEDIA_EXTENSIONS, find_media_beside, is_media_file
from reader.core.media_times import MediaTimes
from reader.core.notes import Session
from reader.core.timemap import media_mismatch
from reader.core.transcript import Transcript
from reader.playback.player import Player, PlayerState
from reader.qt.actions import create_actions, fill_menus, shortcut_rows
from reader.qt.align_controller import AlignController
from reader.qt.banner import Banner
from reader.qt.find_controller import FindController
from reader.qt.follow_controller import FollowController
from reader.qt.load_progress import LoadProgress, PreviewRows
from reader.qt.note_commands import NoteCommands
from reader.qt.notes_controller import NotesController
from reader.qt.notes_panel import NotesPanel
from reader.qt.plain_text import window_title
from reader.qt.playback_controller import PlaybackController
from reader.qt.recent_files import RecentFiles
from reader.qt.row_filter import RowFilter
from reader.qt.search_bar import ask_time
from reader.qt.shortcuts_sheet import ShortcutsSheet
from reader.qt.speakers_panel import SpeakersPanel
from reader.qt.status_bar import StatusParts
from reader.qt.sync_controller import SyncController
from reader.qt.timeline import TimelineStrip
from reader.qt.transcript_model import TranscriptModel
from reader.qt.transcript_view import TranscriptView
from reader.qt.transport_bar import TransportBar
from reader.qt.turn_navigator import TurnNavigator
from reader.qt.video_widget import VideoDock, VideoWidget, native_video_system

APP_NAME = "Transcript Reader"


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
        self._restoring = False
        self._video_bound = False
        self.export_dialog: QDialog | None = None  # the last one opened of each
        self.anchors_dialog: QDialog | None = None
        self.shortcuts_dialog: QDialog | None = None
        self.controller = PlaybackController(player, monotonic=monotonic, parent=self)
        self.model = TranscriptModel(parent=self)
        self.view = TranscriptView(self.model, self)
        self.notes = NotesController(self, fallback_dir=notes_dir)
        self.sync = SyncController(self)
        self.follower = FollowController(self.view, self.controller, self)
        self.navigator = TurnNavigator(self.controller, self.view.row_shown, self)
        self.note_commands = NoteCommands(self.notes, self.view, self.controller, self)
        self.recent = RecentFiles(self.settings, self)
        self.find = FindController(self, self.view, self.controller)
        self.rows = RowFilter(self.view, self)
        self.aligner = AlignController(self)
        self._build_widgets()
        self.commands = create_actions(self)
        fill_menus(self.menuBar(), self.commands)
        # The detached (or full-screen) video is a window of its own: it hears the same keys.
        self.video.addActions([a for a in self.commands.values() if a.shortcuts() and a.menu() is None])
        self._connect_parts()
        self.view.setFocus()

    def _build_widgets(self) -> None:
        self.banner = Banner(self)
        self.info = QLabel("Open a transcript (File > Open Transcript…) or drop one on this window.", self)
        self.info.setTextFormat(Qt.TextFormat.PlainText)
        self.info.setContentsMargins(10, 6, 10, 6)
        self.info.setWordWrap(True)
        self.status = StatusParts(self.statusBar())
        self.statusBar().setToolTip(f"Playback: {self.controller.player.describe()}")
        self.video = VideoWidget(self)
        self.video.hide()
        if (view := self.controller.player.video_view()) is not None:  # a player painting its own picture (Qt)
            self.video.set_view(view)
        self.video_dock = VideoDock(self.video, self.view, self, self.controller.player.has_video)
        self.splitter = self.video_dock.splitter
        self.transport = TransportBar(self.controller, self)
        self.timeline = TimelineStrip(self)
        central = QWidget(self)
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(0)
        for widget, stretch in ((self.banner, 0), (self.info, 0), (self.find.bar, 0), (self.splitter, 1),
                                (self.transport, 0), (self.timeline, 0)):
            column.addWidget(widget, stretch)
        self.setCentralWidget(central)
        self.notes_panel = NotesPanel(self.notes, self)
        self.speakers_panel = SpeakersPanel(self)
        for dock in (self.notes_panel, self.speakers_panel):
            self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock)
            dock.hide()
        self.recent_menu = QMenu("Open &Recent", self)
        self.recent_menu.aboutToShow.connect(lambda: self.recent.fill_menu(self.recent_menu))

    def _connect_parts(self) -> None:
        """Wire the parts: each emits what happened, the window says who hears it."""
        controller, view, sync = self.controller, self.view, self.sync
        sync.timesChanged.connect(self._on_sync_times_changed)
        sync.settingsChanged.connect(self.notes.set_sync)
        sync.statusChanged.connect(self.status.sync.setText)
        sync.messageRaised.connect(self.banner.show_message)
        controller.activeTurnChanged.connect(self._on_controller_active_turn_changed)
        controller.positionChanged.connect(self.model.set_position)
        controller.positionChanged.connect(self.timeline.set_position)
        controller.durationChanged.connect(self._on_controller_duration_changed)
        controller.errorOccurred.connect(self.banner.show_message)
        controller.noticeRaised.connect(lambda text: self.statusBar().showMessage(text, 6000))
        controller.videoChanged.connect(self.video_dock.show_video)
        controller.stateChanged.connect(self._on_controller_state_changed)
        # A click (or Enter, or a double click) seeks without scrolling a turn on screen: it stays under the
        # pointer, and the second click of a double click lands on the same words.
        view.turnClicked.connect(lambda row: self._seek_in_view(row, None))
        view.textClicked.connect(self._seek_in_view)
        view.activated.connect(lambda index: self._seek_in_view(index.row(), None))
        self.navigator.seeked.connect(self._on_navigator_seeked)
        self.navigator.loopChanged.connect(lambda row: self.commands["loop"].setChecked(row >= 0))
        self.navigator.noticeRaised.connect(lambda text: self.statusBar().showMessage(text, 3000))
        self.timeline.seekRequested.connect(self.navigator.seek)
        self.notes.itemsChanged.connect(self._on_notes_items_changed)
        self.notes.messageRaised.connect(self.banner.show_message)
        self.notes.saved.connect(lambda path: self.statusBar().showMessage(*self.notes.saved_notice(path)))
        self.note_commands.messageRaised.connect(self.banner.show_message)
        self.note_commands.panelRequested.connect(self.notes_panel.show)
        self.note_commands.markersChanged.connect(self.transport.slider.set_markers)
        self.note_commands.markersChanged.connect(self.timeline.set_notes)
        self.notes_panel.seekRequested.connect(lambda ms, _turn: self.navigator.seek(ms))
        self.notes_panel.editRequested.connect(self.note_commands.edit)
        self.find.matchesChanged.connect(self.model.set_matches)
        self.find.currentMatchChanged.connect(self._on_find_current_match_changed)
        self.find.ticksChanged.connect(self.timeline.set_search_hits)
        self.find.bar.closed.connect(self.view.setFocus)
        self.follower.followingChanged.connect(self.commands["follow"].setChecked)
        self.video_dock.detachedChanged.connect(self.commands["detach_video"].setChecked)
        self.speakers_panel.filterRequested.connect(self._on_speakers_panel_filter_requested)
        self.speakers_panel.renameRequested.connect(self._on_speakers_panel_rename_requested)
        self.recent.openRequested.connect(self.open_transcript)
        self.aligner.progressed.connect(self.status.show_progress)
        self.aligner.statusChanged.connect(self.status.words.setText)
        self.aligner.failed.connect(lambda message: self.statusBar().showMessage(message, 8000))
        self.aligner.aligned.connect(self.sync.take_alignment)
        self.aligner.offsetChecked.connect(self.sync.take_offset_check)
        sync.suggestionChanged.connect(lambda offered: self.commands["apply_auto_sync"].setEnabled(
            offered or self.sync.suggestion_applied()))
        self.rows.changed.connect(self._on_rows_changed)
        self.rows.notesOnlyChanged.connect(self.commands["notes_only"].setChecked)
        self.transport.rate_box.currentIndexChanged.connect(self._remember_session)

    # -- opening files ------------------------------------------------------------------------------------

    def open_transcript(self, path: Path, media: Path | None = None) -> bool:
        """Show the transcript at `path` and pair it with `media` or the recording beside it.

        The file is parsed on a worker thread; a slow one shows a progress dialog that can cancel it.
        Returns False, with what is already open left as it was, when the file cannot be read or the
        user cancelled.
        """
        if self._loading is not None:  # the progress dialog is window-modal, but drops and scripts are not
            self.statusBar().showMessage(f"Still opening {self._loading.path.name}", 4000)
            return False
        if not self.notes.confirm_close(self):  # notes that cannot be saved are never dropped unasked
            return False
        self._loading = TranscriptLoad(path).start()
        progress = LoadProgress(self._loading, self, PreviewRows(self.view))
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

    @property
    def loading(self) -> TranscriptLoad | None:
        """Return the transcript being read now (its progress dialog may be showing), if any."""
        return self._loading

    def _show_transcript(self, path: Path, transcript: Transcript, media: Path | None) -> None:
        self._remember_session()
        self.notes.save_now()
        self.transcript = transcript
        self.model.set_transcript(transcript)
        session = self.notes.open_for(transcript, media)
        self.find.set_transcript(transcript)
        self.sync.load(transcript.turns, self.notes.document.extra.get("sync"), self.controller.duration())
        self.rows.reset()
        self._set_display_names(self.notes.document.speaker_names)
        self.speakers_panel.set_transcript(transcript, self.model.colours(), self.controller.duration())
        self.speakers_panel.set_display_names(self.notes.document.speaker_names)
        if transcript.warnings:
            shown = "; ".join(transcript.warnings[:3])
            more = f" (and {len(transcript.warnings) - 3} more)" if len(transcript.warnings) > 3 else ""
            self.banner.show_message(f"{path.name}: {shown}{more}")
        elif not self.notes.read_only:
            self.banner.hide()
        if media is not None:
            self.open_media(media)
        self._restore_session(session)
        self.recent.add(path, media)

    def open_media(self, path: Path) -> None:
        """Load the recording at `path` (errors show in the banner; the transcript stays usable)."""
        system = native_video_system()
        if system is not None and not self._video_bound and self.controller.player.video_view() is None:
            # libvlc needs the native window before playback starts; the widget gets one even while hidden.
            self.controller.player.set_video_output(self.video.native_handle(), system)
            self._video_bound = True
        self.controller.load(path)
        self.transport.set_media_name(path.name)
        self._show_info()
        self.set_word_alignment(self.commands["align_words"].isChecked())

    def open_dropped(self, urls: list[QUrl]) -> None:
        """Open dropped files: media as the recording, anything else as the transcript."""
        paths = [Path(url.toLocalFile()) for url in urls]
        media = [p for p in paths if is_media_file(p)]
        texts = [p for p in paths if not is_media_file(p)]
        if texts:
            self.open_transcript(texts[0], media[0] if media else None)
        elif media:
            self.open_media(media[0])

    def choose_transcript(self) -> None:
        """Ask for a transcript file and open it."""
        name, _ = QFileDialog.getOpenFileName(self, "Open Transcript", "", open_filter())
        if name:
            self.open_transcript(Path(name))

    def choose_media(self) -> None:
        """Ask for a recording and open it."""
        patterns = " ".join(f"*{ext}" for ext in MEDIA_EXTENSIONS)
        name, _ = QFileDialog.getOpenFileName(self, "Open Media", "", f"Audio and video ({patterns});;All files (*)")
        if name:
            self.open_media(Path(name))

    # -- session and layout -------------------------------------------------------------------------------

    def restore_layout(self) -> None:
        """Restore the window geometry, docks and splitter from the last session."""
        for key, restore in (("window/geometry", self.restoreGeometry), ("window/state", self.restoreState),
                             ("window/splitter", self.splitter.restoreState)):
            value = self.settings.value(key)
            if value is not None:
                restore(value)

    def save_layout(self) -> None:
        """Remember the window geometry, docks and splitter."""
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        self.settings.setValue("window/splitter", self.splitter.saveState())
        self.settings.sync()

    def _restore_session(self, session: Session) -> None:
        self._restoring = True  # the widgets' change signals must not record half-restored state
        try:
            self.transport.set_rate(session.rate)
            self.commands["follow"].setChecked(session.follow)
            self.follower.set_enabled(session.follow)
            if session.position_ms > 0:
                self.controller.seek(session.position_ms)
        finally:
            self._restoring = False

    def _remember_session(self) -> None:
        if self.transcript is not None and not self._restoring:
            self.notes.set_session(self.controller.position(), self.controller.rate(), self.follower.enabled)

    def _show_info(self) -> None:
        t = self.transcript
        if t is None:
            return
        title = t.title or (t.source.stem if t.source else "Untitled")
        self.setWindowTitle(window_title(f"{title} — {APP_NAME}"))
        media = self.controller.media_path.name if self.controller.media_path else "no recording"
        self.info.setText(f"{title} · {self.model.speakers_summary()} · {len(t.turns)} turns · {media}")

    # -- commands (see actions.ACTIONS) --------------------------------------------------------------------

    def set_following(self, on: bool) -> None:
        """Keep the spoken turn in view (on) or leave the view where the reader puts it."""
        self.follower.set_enabled(on)
        self._remember_session()

    def set_word_alignment(self, on: bool) -> None:
        """Find every word of the transcript in the recording (on; from the cache when done before), or stop."""
        self.commands["align_words"].setChecked(on)
        media = self.controller.media_path
        if not on or self.transcript is None or media is None or os.environ.get("TRANSCRIPT_READER_ALIGN") == "0":
            self.aligner.cancel()
            self.status.show_progress(1, 1)
            return
        self.aligner.start(self.transcript.turns, media, self.sync.time_map)

    def export_notes(self) -> None:
        """Open the export dialog for the notes of the transcript shown."""
        if self.transcript is None:
            self.banner.show_message("Open a transcript first: its bookmarks and highlights are what is exported.")
            return
        self.notes.save_now()
        from reader.qt.export_dialog import ExportDialog  # loaded on first use: start-up stays quick

        dialog = ExportDialog(self.transcript, self.notes.document, self.controller.media_path, self,
                              settings=self.settings)
        dialog.exported.connect(lambda path: self.statusBar().showMessage(f"Notes exported to {path}", 6000))
        self.export_dialog = dialog
        dialog.finished.connect(self.refocus)
        dialog.open()

    def go_to_time(self) -> None:
        """Ask for a time (`12:18`, `1:02:03`, `754`, `+30`, `-1:00`) and seek there."""
        self.navigator.seek(ask_time(self, self.controller.position(), self.controller.duration()))
        self.refocus()

    def ask_shift_timing(self) -> None:
        """Ask by how much every transcript time moves."""
        value, ok = QInputDialog.getInt(self, "Shift Timing", "Move every transcript time by (ms, + is later):",
                                        self.sync.time_map.offset_ms, -36_000_000, 36_000_000, 100)
        self.refocus()
        if ok:
            self.sync.set_offset(value)

    def turn_starts_now(self) -> None:
        """Anchor the selected (or active) turn's start to the current playback moment."""
        row = self.note_commands.target_row()
        if self.transcript is None or row < 0:
            self.banner.show_message("Select the turn that is starting, then press Ctrl+T as it begins.")
            return
        self.statusBar().showMessage(self.sync.anchor_turn(row, self.controller.position()), 5000)

    def show_anchors(self) -> None:
        """List the sync anchors; each can be removed."""
        from reader.qt.sync_dialog import AnchorsDialog

        self.anchors_dialog = AnchorsDialog(self.sync.anchors(), self.sync.time_map.offset_ms,
                                            self.sync.remove_anchor, self)
        self.anchors_dialog.finished.connect(self.refocus)
        self.anchors_dialog.open()

    def show_shortcuts(self) -> None:
        """Show every command and its keys, grouped by menu, with a filter."""
        self.shortcuts_dialog = ShortcutsSheet(shortcut_rows(self.commands), self)
        self.shortcuts_dialog.show()

    def refocus(self) -> None:
        """Give the keyboard back to the transcript after a dialog (no window manager would: shortcuts died)."""
        self.activateWindow()
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- what the parts say -------------------------------------------------------------------------------

    def _on_sync_times_changed(self, times: MediaTimes) -> None:
        """Hand the turns' new times on the recording's clock to every part that shows or uses one."""
        self.model.set_times(times)
        self.controller.set_times(times)
        self.timeline.set_times(times, self.model.colours())
        for part in (self.follower, self.navigator, self.note_commands, self.find, self.notes_panel):
            part.set_times(times)

    def _on_controller_active_turn_changed(self, row: int) -> None:
        self.model.set_active_row(row)
        self.model.set_position(self.controller.position())

    def _on_controller_duration_changed(self, ms: int) -> None:
        self.sync.set_duration(ms)
        self.timeline.set_duration(ms)
        if self.transcript is not None:
            notice = media_mismatch(self.transcript.turns, ms, time_map=self.sync.time_map)
            if notice:
                self.banner.show_message(notice)
            self.speakers_panel.set_transcript(self.transcript, self.model.colours(), ms)
            self.speakers_panel.set_display_names(self.notes.document.speaker_names)

    def _on_controller_state_changed(self, state: PlayerState) -> None:
        if state is PlayerState.ERROR:
            self.video.hide()
        if state in (PlayerState.PAUSED, PlayerState.ENDED, PlayerState.STOPPED):
            self._remember_session()

    def _seek_in_view(self, row: int, offset: int | None) -> None:
        self.follower.pin(row)
        if offset is None:
            self.navigator.seek_turn(row, reveal=False)
        else:
            self.navigator.seek_text(row, offset, reveal=False)

    def _on_navigator_seeked(self, reveal: bool) -> None:
        self.follower.resume(reveal=reveal)
        self._remember_session()

    def _on_notes_items_changed(self) -> None:
        self.model.set_notes(self.notes.items())
        if self.rows.notes_only:
            self.rows.apply()

    def _on_find_current_match_changed(self, match: tuple[int, int, int] | None) -> None:
        self.model.set_current_match(match)
        if match is None:
            return
        row, start, _ = match
        self.follower.suspend()  # reading a match is reading elsewhere
        if not self.view.row_shown(row):
            self.rows.show_all()
        self.view.follow(row, start, smooth=True)

    # -- speakers -------------------------------------------------------------------------------------------

    def _on_rows_changed(self) -> None:
        self.follower.follow_now(smooth=False)
        self.follower.place_back_button()

    def _on_speakers_panel_filter_requested(self, speakers: frozenset[str] | None) -> None:
        self.find.bar.set_speakers(speakers)
        self.rows.set_speakers(speakers)

    def _on_speakers_panel_rename_requested(self, original: str, shown: str) -> None:
        names = self.notes.rename_speaker(original, shown)
        self._set_display_names(names)
        self.speakers_panel.set_display_names(names)

    def _set_display_names(self, names: dict[str, str]) -> None:
        self.model.set_display_names(names)
        self.timeline.set_display_names(names)
        self.notes_panel.set_display_names(names)
        self._show_info()

    # -- Qt events ----------------------------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        self.open_dropped([url for url in event.mimeData().urls() if url.isLocalFile()])
        event.acceptProposedAction()

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.notes.confirm_close(self):  # notes that cannot be saved: saved elsewhere, or a question
            event.ignore()
            return
        if self.video.isWindow():
            self.video_dock.set_detached(False)
        self._remember_session()
        self.notes.save_now()
        self.save_layout()
        self.controller.close()
        super().closeEvent(event)

