"""Play/pause, the seek slider with current and total time, and the speed selector."""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QSlider, QStyle, QToolButton, QWidget

from reader.core.timecode import ms_to_clock
from reader.playback.player import PlayerState
from reader.qt.marker_slider import MarkerSlider
from reader.qt.plain_text import plain_tooltip
from reader.qt.playback_controller import PlaybackController

# 0.5x to 3x in steps of 0.1 (libvlc keeps the pitch: its scaletempo filter is on by default).
RATES = tuple(round(0.5 + 0.1 * i, 1) for i in range(26))


class TransportBar(QWidget):
    """Controls for the controller's player; also the compact bar shown for audio-only media."""

    def __init__(self, controller: PlaybackController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self._dragging = False

        self.play_button = QToolButton(self)
        self.play_button.setAccessibleName("Play")
        self.play_button.setToolTip("Play / pause (Space)")
        self.play_button.setIcon(self.style().standardIcon(QStyle.StandardPixmap.SP_MediaPlay))
        self.play_button.clicked.connect(controller.toggle)

        self.time_label = QLabel("00:00", self)
        self.time_label.setTextFormat(Qt.TextFormat.PlainText)
        self.slider = MarkerSlider(self)
        self.slider.setAccessibleName("Playback position")
        self.slider.setRange(0, 0)
        self.slider.setEnabled(False)  # until a medium with a known duration is loaded
        self.slider.setSingleStep(5000)
        self.slider.setPageStep(30000)
        self.duration_label = QLabel("--:--", self)
        self.duration_label.setTextFormat(Qt.TextFormat.PlainText)

        self.media_label = QLabel(self)
        self.media_label.setTextFormat(Qt.TextFormat.PlainText)
        self.media_label.setMaximumWidth(260)

        self.rate_box = QComboBox(self)
        self.rate_box.setAccessibleName("Playback speed")
        self.rate_box.setToolTip("Playback speed (Ctrl+[ slower, Ctrl+] faster, = normal)")
        for rate in RATES:
            self.rate_box.addItem(f"{rate:.1f}×", rate)
        self.rate_box.setCurrentIndex(RATES.index(1.0))
        self.rate_box.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.rate_box.currentIndexChanged.connect(self._on_rate_box_current_index_changed)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.addWidget(self.play_button)
        layout.addWidget(self.time_label)
        layout.addWidget(self.slider, 1)
        layout.addWidget(self.duration_label)
        layout.addWidget(self.media_label)
        layout.addWidget(self.rate_box)
        for widget in (self.play_button, self.slider):
            widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)

        self.slider.sliderPressed.connect(self._on_slider_pressed)
        self.slider.sliderReleased.connect(self._on_slider_released)
        self.slider.sliderMoved.connect(self._on_slider_moved)
        self.slider.actionTriggered.connect(self._on_slider_action_triggered)
        controller.positionChanged.connect(self._on_controller_position_changed)
        controller.durationChanged.connect(self._on_controller_duration_changed)
        controller.stateChanged.connect(self._on_controller_state_changed)
        controller.mediaChanged.connect(self._on_controller_media_changed)

    def set_media_name(self, name: str) -> None:
        """Show which media file is loaded."""
        metrics = self.media_label.fontMetrics()
        self.media_label.setText(metrics.elidedText(name, Qt.TextElideMode.ElideMiddle, 250))
        self.media_label.setToolTip(plain_tooltip(name))

    def set_rate(self, rate: float) -> None:
        """Select `rate` (the nearest offered speed)."""
        nearest = min(range(len(RATES)), key=lambda i: abs(RATES[i] - rate))
        self.rate_box.setCurrentIndex(nearest)

    def step_rate(self, steps: int) -> None:
        """Select the next faster (`steps` > 0) or slower speed."""
        index = min(max(0, self.rate_box.currentIndex() + steps), len(RATES) - 1)
        self.rate_box.setCurrentIndex(index)

    @Slot(int)
    def _on_controller_position_changed(self, ms: int) -> None:
        if not self._dragging:
            self.slider.blockSignals(True)
            self.slider.setValue(ms)
            self.slider.blockSignals(False)
        self.time_label.setText(ms_to_clock(ms))

    @Slot(int)
    def _on_controller_duration_changed(self, ms: int) -> None:
        known = ms > 0
        self.slider.setRange(0, max(0, ms))
        if not self._dragging:  # a position restored before the length was known (the range was 0..0)
            self.slider.blockSignals(True)
            self.slider.setValue(self.controller.position())
            self.slider.blockSignals(False)
        self.duration_label.setText(ms_to_clock(ms) if known else "--:--")
        self._enable_for(self.controller.state())

    @Slot(object)
    def _on_controller_state_changed(self, state: PlayerState) -> None:
        playing = state is PlayerState.PLAYING
        icon = QStyle.StandardPixmap.SP_MediaPause if playing else QStyle.StandardPixmap.SP_MediaPlay
        self.play_button.setIcon(self.style().standardIcon(icon))
        self.play_button.setAccessibleName("Pause" if playing else "Play")
        if state is PlayerState.ERROR:  # nothing to play: no length to show or seek on
            self._on_controller_media_changed(None)
        self._enable_for(state)

    @Slot(object)
    def _on_controller_media_changed(self, path: object) -> None:
        # The previous medium's length must not linger on the slider while the new one is opened (or fails).
        self._dragging = False
        self.slider.setRange(0, 0)
        self.duration_label.setText("--:--")
        self.time_label.setText(ms_to_clock(0))

    def _enable_for(self, state: PlayerState) -> None:
        """Offer play and the slider only when they can do something: no medium or a failed one cannot play."""
        usable = state not in (PlayerState.EMPTY, PlayerState.ERROR)
        self.play_button.setEnabled(usable)
        # Without a duration (not known yet, or 0) the slider has no scale to seek on.
        self.slider.setEnabled(usable and self.slider.maximum() > 0)

    def _on_rate_box_current_index_changed(self, index: int) -> None:
        self.controller.set_rate(RATES[index])

    def _on_slider_pressed(self) -> None:
        self._dragging = True

    def _on_slider_released(self) -> None:
        self._dragging = False
        self.controller.seek(self.slider.value())

    def _on_slider_moved(self, value: int) -> None:
        self.time_label.setText(ms_to_clock(value))

    def _on_slider_action_triggered(self, action: int) -> None:
        # Clicks on the groove and keyboard steps (not drags) seek at once.
        if action != QSlider.SliderAction.SliderMove.value and not self._dragging:
            self.controller.seek(self.slider.sliderPosition())
