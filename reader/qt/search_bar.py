"""The find bar (incremental search in the transcript) and the go-to-time dialog."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from reader.core.search import (
    PATIENT_REGEX_BUDGET_S,
    Match,
    Matches,
    SearchError,
    SearchIndex,
    SearchTimeout,
)
from reader.core.timecode import ms_to_clock, parse_time_query
from reader.qt.plain_text import plain_tooltip

# Long enough to merge the keys of a fast typist's burst, short enough not to be felt; a search at
# 50,000 turns takes about as long again (see tests/benchmarks/bench_search.py).
DEBOUNCE_MS = 30
NO_MATCH = (-1, -1, -1)
# A regular expression that outruns the budget of a keystroke (REGEX_BUDGET_S) may still be one the user
# wants on a long transcript (\w+ing\b): Enter searches again with the longer budget, once.
TOO_SLOW_AS_YOU_TYPE = (f"Pattern too slow to search as you type: simplify it, or press Enter to let it run "
                        f"up to {PATIENT_REGEX_BUDGET_S:g} s")


def warning_colour(palette: QPalette) -> QColor:
    """Return a red that reads as a warning on the palette's window colour (light or dark)."""
    dark = palette.color(QPalette.ColorRole.Window).lightness() < 128
    return QColor("#ff8a80" if dark else "#b3261e")


class SearchBar(QWidget):
    """A find bar: type to search the transcript, step through the matches, Esc to close.

    `index_provider` returns the SearchIndex of the transcript shown (None when there is none); the bar
    asks for it on every search, so a newly opened transcript is searched without rewiring (call
    `refresh()` to search it again at once). `origin_provider`, if given, returns the (turn, offset)
    where the reader is, so the first match shown is the one at or after it rather than the first of
    the talk. While the query is edited, the current match stays where it was if it still matches.
    A regular expression is stopped when it searches for longer than the core's budget (the bar says so
    and shows no match); Enter then gives it the longer PATIENT_REGEX_BUDGET_S.

    Signals: `matchesChanged(Matches)` with every match (a lazy sequence of (turn, start, end) in
    original string offsets; empty when the bar closes or the query is cleared or invalid);
    `currentMatchChanged(turn, start, end)`, (-1, -1, -1) for none; `closed()`.
    """

    matchesChanged = Signal(object)
    currentMatchChanged = Signal(int, int, int)
    closed = Signal()

    def __init__(self, index_provider: Callable[[], SearchIndex | None], parent: QWidget | None = None, *,
                 origin_provider: Callable[[], tuple[int, int] | None] | None = None) -> None:
        super().__init__(parent)
        self._index_provider = index_provider
        self._origin_provider = origin_provider
        self._matches: Matches = Matches.empty()
        self._current = -1
        self._speakers: frozenset[str | None] | None = None
        self._error: str | None = None
        self._offer_patience = False  # the last search ran out of its as-you-type time: Enter may retry
        self.setAccessibleName("Find bar")

        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText("Find in transcript")
        self.edit.setAccessibleName("Find in transcript")
        self.edit.setClearButtonEnabled(True)
        self.edit.setToolTip("Case and accents are ignored. Enter: next match, Shift+Enter: previous, "
                             "Esc: close")
        self.word_button = self._toggle("W", "Whole word", "Match whole words only (Alt+W)")
        self.regex_button = self._toggle(".*", "Regular expression", "Use a regular expression (Alt+R)")
        self.count_label = QLabel(self)
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)
        self.count_label.setAccessibleName("Matches")
        self.count_label.setMinimumWidth(self.count_label.fontMetrics().horizontalAdvance("100,000+ of 100,000+"))
        self.previous_button = self._button("↑", "Previous match", "Previous match (Shift+Enter, Shift+F3)",
                                            self.previous)
        self.next_button = self._button("↓", "Next match", "Next match (Enter, F3)", self.next)
        self.close_button = self._button("✕", "Close find bar", "Close (Esc)", self.dismiss)

        self._layout = layout = QHBoxLayout(self)
        layout.setContentsMargins(8, 4, 8, 4)
        layout.setSpacing(4)
        layout.addWidget(self.edit, 1)
        for widget in (self.word_button, self.regex_button, self.count_label, self.previous_button,
                       self.next_button, self.close_button):
            layout.addWidget(widget)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self._on_timer_timeout)
        self.edit.textChanged.connect(self._on_edit_text_changed)
        self.word_button.toggled.connect(self._on_option_toggled)
        self.regex_button.toggled.connect(self._on_option_toggled)
        for widget in (self.edit, self.word_button, self.regex_button, self.previous_button, self.next_button,
                       self.close_button):
            widget.installEventFilter(self)
        self._update_label()

    def _toggle(self, text: str, name: str, tip: str) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setCheckable(True)
        button.setAccessibleName(name)
        button.setToolTip(tip)
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        return button

    def _button(self, text: str, name: str, tip: str, slot: Callable[[], object]) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setAutoRaise(True)
        button.setAccessibleName(name)
        button.setToolTip(tip)
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        button.clicked.connect(slot)
        return button

    # -- public API -------------------------------------------------------------------------------

    def open(self) -> None:
        """Show the bar, focus the field with its text selected, and search again."""
        self.show()
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()
        if self.edit.text():
            self._search_now()

    def dismiss(self) -> None:
        """Hide the bar, clear the matches shown and emit `closed`."""
        self._timer.stop()
        self.hide()
        self._set_results(Matches.empty(), -1)
        self.closed.emit()

    def next(self) -> None:
        """Make the next match current (after the last: the first)."""
        self._step(1)

    def previous(self) -> None:
        """Make the previous match current (before the first: the last)."""
        self._step(-1)

    def refresh(self, *, keep_place: bool = True) -> None:
        """Search again now if the bar is open (the transcript changed: pass keep_place=False)."""
        if not keep_place:
            self._current = -1  # the old place belongs to another transcript: start from the origin
        if self.isVisible():
            self._search_now()

    def set_speakers(self, speakers: Iterable[str | None] | None) -> None:
        """Search only the turns of `speakers` (None: every turn), as the transcript filter shows."""
        key = None if speakers is None else frozenset(speakers)
        if key != self._speakers:
            self._speakers = key
            if self.isVisible():
                self._search_now()

    def matches(self) -> Matches:
        """Return the current matches (empty if none)."""
        return self._matches

    def current_match(self) -> Match | None:
        """Return the current match as (turn, start, end), or None."""
        return self._matches[self._current] if self._current >= 0 else None

    def error(self) -> str | None:
        """Return why the query cannot be searched (an invalid or too slow regular expression), or None."""
        return self._error

    # -- searching --------------------------------------------------------------------------------

    def _on_edit_text_changed(self, text: str) -> None:
        self._timer.start()

    def _on_option_toggled(self, checked: bool) -> None:
        self._search_now()

    def _on_timer_timeout(self) -> None:
        self._search_now()

    def _origin(self) -> tuple[int, int]:
        current = self.current_match()
        if current is not None:
            return current[0], current[1]
        origin = self._origin_provider() if self._origin_provider is not None else None
        return origin if origin is not None else (0, 0)

    def _search_now(self, *, patient: bool = False) -> None:
        self._timer.stop()
        query = self.edit.text()
        index = self._index_provider()
        self._error = None
        self._offer_patience = False
        if not query or index is None:
            self._set_results(Matches.empty(), -1)
            return
        try:
            matches = index.find(query, whole_word=self.word_button.isChecked(),
                                 regex=self.regex_button.isChecked(), speakers=self._speakers,
                                 time_limit=PATIENT_REGEX_BUDGET_S if patient else None)
        except SearchTimeout as exc:
            self._offer_patience = not patient
            self._error = TOO_SLOW_AS_YOU_TYPE if self._offer_patience else str(exc)
            self._set_results(Matches.empty(), -1)
            return
        except SearchError as exc:
            self._error = str(exc)
            self._set_results(Matches.empty(), -1)
            return
        current = -1
        if matches:
            current = matches.index_at_or_after(*self._origin())
            if current >= len(matches):
                current = 0  # nothing after the reader's place: wrap to the first
        self._set_results(matches, current)

    def _set_results(self, matches: Matches, current: int) -> None:
        had_any = len(self._matches) > 0
        self._matches = matches
        self._current = current
        self._update_label()
        if matches or had_any:
            self.matchesChanged.emit(matches)
        self._emit_current()

    def _step(self, delta: int) -> None:
        # Stepping asks for the matches: a pattern too slow as you type gets the longer time then.
        if self._offer_patience:
            self._search_now(patient=True)
            return  # the first match is current now, if there is one
        if self._timer.isActive():
            self._search_now(patient=True)  # the keys typed just before Enter count
        count = len(self._matches)
        if count == 0:
            return
        self._current = (self._current + delta) % count if self._current >= 0 else 0
        self._update_label()
        self._emit_current()

    def _emit_current(self) -> None:
        match = self.current_match()
        self.currentMatchChanged.emit(*(match if match is not None else NO_MATCH))

    def _update_label(self) -> None:
        label = self.count_label
        palette = self.palette()
        if self._error is not None:
            label.setText(self._error)
            palette.setColor(QPalette.ColorRole.WindowText, warning_colour(palette))
            self.edit.setAccessibleDescription(self._error)
        else:
            count = len(self._matches)
            if not self.edit.text():
                text = ""
            elif self._index_provider() is None:
                text = "No transcript"
            elif count == 0:
                text = "No results"
            else:
                more = "+" if self._matches.truncated else ""
                text = f"{self._current + 1:,} of {count:,}{more}"
            label.setText(text)
            self.edit.setAccessibleDescription(text)
        label.setPalette(palette)
        # An error message is long: the field gives up its spare width to it, and the tooltip has it all.
        error = self._error is not None
        self._layout.setStretchFactor(self.edit, 0 if error else 1)
        self._layout.setStretchFactor(label, 1 if error else 0)
        label.setToolTip(plain_tooltip(self._error or ""))
        has_matches = len(self._matches) > 0
        self.previous_button.setEnabled(has_matches)
        self.next_button.setEnabled(has_matches)

    # -- keys ---------------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and self._handle_key(event):  # type: ignore[arg-type]
            return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if not self._handle_key(event):
            super().keyPressEvent(event)

    def _handle_key(self, event: QKeyEvent) -> bool:
        """Handle the bar's own keys wherever the focus is inside it; return whether it did."""
        key = event.key()
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        shift = modifiers == Qt.KeyboardModifier.ShiftModifier
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F3) and (shift or not modifiers):
            self.previous() if shift else self.next()
            return True
        if key == Qt.Key.Key_Escape and not modifiers:
            self.dismiss()
            return True
        if modifiers == Qt.KeyboardModifier.AltModifier and key in (Qt.Key.Key_W, Qt.Key.Key_R):
            (self.word_button if key == Qt.Key.Key_W else self.regex_button).toggle()
            return True
        return False


class GoToTimeDialog(QDialog):
    """Asks for a time to go to: `12:18`, `1:02:03`, `754` (seconds), `+30`, `-1:00`; shows where it leads."""

    def __init__(self, current_ms: int, duration_ms: int | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Go to Time")
        self._current_ms = current_ms
        self._duration_ms = duration_ms
        self._value: int | None = None
        prompt = QLabel("Time (12:18, 1:02:03, 754 seconds, +30 or -1:00 from now):", self)
        prompt.setTextFormat(Qt.TextFormat.PlainText)
        self.edit = QLineEdit(ms_to_clock(current_ms), self)
        self.edit.setAccessibleName("Time to go to")
        prompt.setBuddy(self.edit)
        self.message = QLabel(self)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setWordWrap(True)
        self.message.setAccessibleName("Where this goes")
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(prompt)
        layout.addWidget(self.edit)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.edit.textChanged.connect(self._on_edit_text_changed)
        self.edit.selectAll()
        self._on_edit_text_changed(self.edit.text())

    def value_ms(self) -> int | None:
        """Return the time typed, in ms (clamped to the recording), or None while it is not a time."""
        return self._value

    def _on_edit_text_changed(self, text: str) -> None:
        palette = self.palette()
        try:
            self._value = parse_time_query(text, current_ms=self._current_ms, duration_ms=self._duration_ms)
        except ValueError as exc:
            self._value = None
            self.message.setText(str(exc) if text.strip() else "")
            palette.setColor(QPalette.ColorRole.WindowText, warning_colour(palette))
        else:
            of = f" of {ms_to_clock(self._duration_ms)}" if self._duration_ms is not None else ""
            self.message.setText(f"Go to {ms_to_clock(self._value)}{of}")
        self.message.setPalette(palette)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(self._value is not None)

    def accept(self) -> None:
        if self._value is not None:
            super().accept()


def ask_time(parent: QWidget | None, current_ms: int, duration_ms: int | None) -> int | None:
    """Ask for a time to go to; return it in ms, or None if cancelled."""
    dialog = GoToTimeDialog(current_ms, duration_ms, parent)
    try:
        return dialog.value_ms() if dialog.exec() == QDialog.DialogCode.Accepted else None
    finally:
        dialog.deleteLater()
