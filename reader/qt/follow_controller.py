"""Following the playback: the spoken turn kept in view, Back to playback, and what screen readers hear."""

from __future__ import annotations

from PySide6 import QtGui
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAccessible, QAccessibleEvent
from PySide6.QtWidgets import QToolButton

from reader.core.media_times import MediaTimes
from reader.playback.player import PlayerState
from reader.qt.playback_controller import PlaybackController
from reader.qt.transcript_view import TranscriptView


class FollowController(QObject):
    """Scrolls the view to the spoken turn (and, in a long turn, its spoken line) while following is on.

    Reading elsewhere (a scroll, a selection, a find match) suspends following; a Back to playback button
    shows over the view while the spoken turn is off screen, and `resume()` scrolls back. A seek made by
    clicking a turn on screen resumes without scrolling (`resume(reveal=False)`): that turn stays under the
    pointer until the playback moves to another turn. `enabled` is the user's Follow Playback setting;
    `followingChanged(bool)` says when it changes.
    """

    followingChanged = Signal(bool)

    def __init__(self, view: TranscriptView, playback: PlaybackController, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._view = view
        self._playback = playback
        self._times = MediaTimes()
        self._enabled = True
        self._suspended = False
        self._announced_speaker: str | None = None
        self._pinned = -1  # the turn clicked: left where it is on screen while it is the one spoken
        self.back_button = QToolButton(view.viewport())
        self.back_button.setText("↓ Back to playback  (.)")
        self.back_button.setAccessibleName("Back to playback")
        self.back_button.setToolTip("Follow the playback again (.)")
        self.back_button.setStyleSheet(
            "QToolButton { background: palette(highlight); color: palette(highlighted-text);"
            " border-radius: 12px; padding: 4px 12px; font-weight: bold; }")
        self.back_button.hide()
        self.back_button.clicked.connect(self.resume)
        view.userScrolled.connect(self.suspend)
        view.verticalScrollBar().valueChanged.connect(self._on_view_scrolled)
        view.textSelectionChanged.connect(self._on_view_text_selection_changed)
        playback.activeTurnChanged.connect(self._on_playback_active_turn_changed)
        playback.positionChanged.connect(self._on_playback_position_changed)

    @property
    def enabled(self) -> bool:
        """Return whether the user wants the view to follow the playback."""
        return self._enabled

    @property
    def suspended(self) -> bool:
        """Return whether following is paused while the user reads elsewhere."""
        return self._suspended

    def set_enabled(self, enabled: bool) -> None:
        """Turn following on or off (on: scroll back to the playback at once)."""
        changed = enabled != self._enabled
        self._enabled = enabled
        if changed:
            self.followingChanged.emit(enabled)
        self.resume()

    def set_times(self, times: MediaTimes) -> None:
        """Read the spoken line's place from these times."""
        self._times = times

    def suspend(self) -> None:
        """Stop following while the user reads elsewhere; the Back to playback button resumes."""
        if not self._enabled or self._suspended or self._playback.active_turn() < 0 or not self._has_playback():
            return
        self._suspended = True
        self._pinned = -1
        self._place_back_button()

    def resume(self, *, reveal: bool = True) -> None:
        """Follow the playback again, scrolling back to it (`reveal`) or leaving the view as it is."""
        self._suspended = False
        self.back_button.hide()
        if reveal:
            self._pinned = -1
        self.follow_now(smooth=True)

    def pin(self, row: int) -> None:
        """Leave turn `row` where it is on screen while it is spoken (it was just clicked there)."""
        self._pinned = row if self._view.is_row_visible(row) else -1

    def follow_now(self, *, smooth: bool = True) -> None:
        """Bring the spoken turn (or its spoken line) into view, unless following is off or suspended."""
        row = self._playback.active_turn()
        if row < 0 or not self._enabled or self._suspended or not self._view.row_shown(row):
            return
        progress = self._times.progress(row, self._playback.position())
        if row == self._pinned and self._view.is_offset_visible(row, progress):
            return
        self._pinned = -1
        self._view.follow(row, progress, smooth=smooth)

    def _has_playback(self) -> bool:
        return self._playback.media_path is not None and self._playback.state() is not PlayerState.ERROR

    # -- slots ----------------------------------------------------------------------------------------

    def _on_playback_active_turn_changed(self, row: int) -> None:
        if row != self._pinned:
            self._pinned = -1
        self._announce_turn(row)
        self.follow_now()
        if self._suspended:
            self._place_back_button()

    def _on_playback_position_changed(self, ms: int) -> None:
        self.follow_now()

    def _on_view_scrolled(self) -> None:
        if self._suspended:
            self._place_back_button()

    def _on_view_text_selection_changed(self) -> None:
        if self._view.text_selection() is not None:
            self.suspend()

    def _announce_turn(self, row: int) -> None:
        """Tell assistive technology which turn is spoken (not colour only), and when the speaker changes."""
        view = self._view
        model = view.transcript_model()
        if not 0 <= row < model.rowCount():
            view.setAccessibleDescription("Nothing is being spoken")
            return
        turn = model.turn(row)
        speaker = model.display_speaker(turn.speaker) or "Unknown speaker"
        view.setAccessibleDescription(f"Now playing turn {row + 1}: {speaker}, {turn.text}")
        QAccessible.updateAccessibility(QAccessibleEvent(view, QAccessible.Event.DescriptionChanged))
        if turn.speaker != self._announced_speaker:
            self._announced_speaker = turn.speaker
            announcement = getattr(QtGui, "QAccessibleAnnouncementEvent", None)  # Qt 6.8 and later
            if announcement is not None:
                QAccessible.updateAccessibility(announcement(view, f"{speaker} speaking"))

    def place_back_button(self) -> None:
        """Show the button while following is suspended and the spoken turn is off screen, pointing at it."""
        self._place_back_button()

    def _place_back_button(self) -> None:
        viewport = self._view.viewport()
        row = self._playback.active_turn()
        if not self._suspended or not 0 <= row < self._view.transcript_model().rowCount() \
                or not self._view.row_shown(row):
            self.back_button.hide()
            return
        rect = self._view.row_rect(row)
        if rect.bottom() >= 0 and rect.top() < viewport.height():
            self.back_button.hide()  # the spoken turn is on screen: the button would point at (and cover) it
            return
        arrow = "↑ " if rect.bottom() < 0 else "↓ "
        text = f"{arrow}Back to playback  (.)"
        if self.back_button.text() != text:
            self.back_button.setText(text)
        self.back_button.adjustSize()
        # Under the top edge when the turn is above, over the bottom edge when it is below: never over it.
        y = 12 if arrow.startswith("↑") else viewport.height() - self.back_button.height() - 12
        self.back_button.move((viewport.width() - self.back_button.width()) // 2, y)
        self.back_button.show()
        self.back_button.raise_()
