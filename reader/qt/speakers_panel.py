"""The Speakers panel: who speaks, how often and for how long, as plain text and bars; click to filter."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractListModel,
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QRectF,
    QSize,
    Qt,
    Signal,
    Slot,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeyEvent, QPainter, QPalette, QPen
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDockWidget,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListView,
    QMenu,
    QPushButton,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from reader.core.timecode import ms_to_clock
from reader.core.transcript import Transcript

_Index = QModelIndex | QPersistentModelIndex

OriginalsRole = Qt.ItemDataRole.UserRole + 1
ColourRole = Qt.ItemDataRole.UserRole + 2
TurnsRole = Qt.ItemDataRole.UserRole + 3
TalkRole = Qt.ItemDataRole.UserRole + 4
ShareRole = Qt.ItemDataRole.UserRole + 5  # talk time as a fraction of the longest speaker's
PercentRole = Qt.ItemDataRole.UserRole + 6  # talk time as a percentage of everyone's
FilteredRole = Qt.ItemDataRole.UserRole + 7  # True: shown by the filter; False: hidden; None: no filter

UNKNOWN_COLOUR = "#8a8a8a"


def talk_times(transcript: Transcript, duration_ms: int | None = None) -> dict[str, tuple[int, int]]:
    """Return (number of turns, talk time in ms) per speaker, in order of first appearance.

    A turn lasts from its start to its end or, without one, to the next timed turn's start (the last
    to `duration_ms` when given); untimed turns count as turns but add no time.
    """
    stats: dict[str, list[int]] = {}
    for turn in transcript.turns:
        if turn.speaker is not None:
            stats.setdefault(turn.speaker, [0, 0])[0] += 1
    timed = sorted((t for t in transcript.turns if t.start is not None), key=lambda t: t.start or 0)
    for i, turn in enumerate(timed):
        start = turn.start or 0
        end = turn.end
        if end is None:
            end = timed[i + 1].start if i + 1 < len(timed) else duration_ms
        if turn.speaker is not None and end is not None and end > start:
            stats[turn.speaker][1] += end - start
    return {name: (turns, talk) for name, (turns, talk) in stats.items()}


@dataclass(slots=True)
class SpeakerRow:
    """One line of the list: a shown name and the original speakers it stands for (several when merged)."""

    name: str
    originals: tuple[str, ...]
    colour: QColor
    turns: int
    talk_ms: int


def group_speakers(stats: dict[str, tuple[int, int]], colours: dict[str, QColor],
                   names: dict[str, str]) -> list[SpeakerRow]:
    """Return one row per shown name, counts and times summed over merged originals, by talk time."""
    groups: dict[str, list[str]] = {}
    for original in stats:
        groups.setdefault(names.get(original, original) or original, []).append(original)
    rows = []
    for order, (name, originals) in enumerate(groups.items()):
        # A merged row keeps the colour of the speaker it was merged into (the one already called so).
        primary = name if name in originals else originals[0]
        colour = colours.get(primary)
        rows.append((order, SpeakerRow(name, tuple(originals), QColor(colour) if colour else QColor(UNKNOWN_COLOUR),
                                       sum(stats[o][0] for o in originals), sum(stats[o][1] for o in originals))))
    rows.sort(key=lambda pair: (-pair[1].talk_ms, -pair[1].turns, pair[0]))
    return [row for _order, row in rows]


def spoken_summary(row: SpeakerRow, percent: int, filtered: bool | None) -> str:
    """Return the row as a sentence for screen readers."""
    noun = "turn" if row.turns == 1 else "turns"
    state = {True: ", shown", False: ", hidden by the filter", None: ""}[filtered]
    return f"{row.name}: {row.turns} {noun}, talk time {ms_to_clock(row.talk_ms, force_hours=True)}, " \
           f"{percent} percent{state}"


class SpeakersModel(QAbstractListModel):
    """Rows are the speakers under their shown names, longest talk time first."""

    renameEdited = Signal(int, str)  # row, new name (from the inline editor; the model itself stays as it is)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[SpeakerRow] = []
        self._longest = 0
        self._total = 0
        self._shown: frozenset[str] | None = None  # original names the filter shows, None: no filter

    def set_rows(self, rows: list[SpeakerRow]) -> None:
        """Show these rows."""
        self.beginResetModel()
        self._rows = rows
        self._longest = max((r.talk_ms for r in rows), default=0)
        self._total = sum(r.talk_ms for r in rows)
        self.endResetModel()

    def set_shown(self, originals: frozenset[str] | None) -> None:
        """Mark the rows the filter shows (None: no filter)."""
        self._shown = originals
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, 0), [FilteredRole])

    def row(self, row: int) -> SpeakerRow:
        """Return the speaker shown in `row`."""
        return self._rows[row]

    def rows(self) -> list[SpeakerRow]:
        """Return every row in display order."""
        return list(self._rows)

    def row_of(self, name: str) -> int:
        """Return the row showing `name`, or -1."""
        return next((i for i, row in enumerate(self._rows) if row.name == name), -1)

    def _percent(self, row: SpeakerRow) -> int:
        return round(100 * row.talk_ms / self._total) if self._total else 0

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's signature
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        row = self._rows[index.row()]
        filtered = None if self._shown is None else bool(self._shown.intersection(row.originals))
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return row.name
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return spoken_summary(row, self._percent(row), filtered)
        if role == OriginalsRole:
            return row.originals
        if role == ColourRole:
            return row.colour
        if role == TurnsRole:
            return row.turns
        if role == TalkRole:
            return row.talk_ms
        if role == ShareRole:
            return row.talk_ms / self._longest if self._longest else 0.0
        if role == PercentRole:
            return self._percent(row)
        if role == FilteredRole:
            return filtered
        # No ToolTipRole: Qt shows tooltips that look like markup as rich text, and names come from files.
        return None

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or not 0 <= index.row() < len(self._rows):
            return False
        # Renames are display overrides the owner stores; the list changes when it sets the new names.
        self.renameEdited.emit(index.row(), str(value))
        return False

    def flags(self, index: _Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsEditable
                | Qt.ItemFlag.ItemNeverHasChildren)


PADDING = 5
H_PADDING = 8
GAP = 8
BAR_HEIGHT = 6
COUNT_TEMPLATE = "9999 turns · 100%"  # the room kept right of every bar


class SpeakerDelegate(QStyledItemDelegate):
    """Paints a speaker: colour chip, name and talk time, then a bar of the talk time and the turn count.

    Everything is drawn with drawText, which takes plain text: a speaker called `<b>x</b>` shows those
    characters. Rows hidden by the filter are drawn faded, and their chip hollow (not colour alone).
    """

    def _metrics(self, font: QFont) -> tuple[QFont, QFontMetrics, QFontMetrics]:
        bold = QFont(font)
        bold.setBold(True)
        return bold, QFontMetrics(font), QFontMetrics(bold)

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        _bold, metrics, bold_metrics = self._metrics(option.font)
        return QSize(200, 2 * PADDING + bold_metrics.lineSpacing() + max(metrics.lineSpacing(), BAR_HEIGHT) + 2)

    def _name_rect(self, option: QStyleOptionViewItem) -> QRect:
        _bold, _metrics, bold_metrics = self._metrics(option.font)
        chip = bold_metrics.ascent()
        rect: QRect = option.rect
        return QRect(rect.left() + H_PADDING + chip + GAP // 2, rect.top() + PADDING,
                     max(40, rect.width() - 2 * H_PADDING - chip - GAP // 2), bold_metrics.lineSpacing())

    def updateEditorGeometry(self, editor: QWidget, option: QStyleOptionViewItem, index: _Index) -> None:
        rect = self._name_rect(option)
        editor.setGeometry(rect.adjusted(-3, -3, 3, 3))

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: _Index) -> QWidget:
        editor = QLineEdit(parent)
        editor.setAccessibleName("Speaker name")
        return editor

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        bold, metrics, bold_metrics = self._metrics(option.font)
        rect: QRect = option.rect
        palette: QPalette = option.palette
        widget = option.widget
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        if widget is not None:
            widget.style().drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, widget)
        elif selected:
            painter.fillRect(rect, palette.color(QPalette.ColorRole.Highlight))
        filtered = index.data(FilteredRole)
        ink = palette.color(QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        if filtered is False and not selected:
            ink.setAlpha(120)
        muted = QColor(ink)
        if not selected:
            muted.setAlpha(min(ink.alpha(), 170))
        colour = QColor(index.data(ColourRole) or QColor(UNKNOWN_COLOUR))
        if palette.color(QPalette.ColorRole.Base).lightness() < 128:
            colour = colour.lighter(150)  # the palette's colours are made to be read on white

        left = rect.left() + H_PADDING
        right = rect.right() - H_PADDING
        top = rect.top() + PADDING
        line = bold_metrics.lineSpacing()
        chip = bold_metrics.ascent()
        chip_rect = QRectF(left + 0.5, top + (line - chip) / 2 + 0.5, chip - 1, chip - 1)
        if selected:  # a ring in the text colour keeps the chip apart from the selection's colour
            painter.setPen(QPen(ink, 1))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(chip_rect.adjusted(-1.5, -1.5, 1.5, 1.5), 3, 3)
        painter.setPen(QPen(colour.darker(130), 1.5))
        painter.setBrush(Qt.BrushStyle.NoBrush if filtered is False else colour)
        painter.drawRoundedRect(chip_rect, 2, 2)

        align = Qt.AlignmentFlag.AlignVCenter
        time_text = ms_to_clock(index.data(TalkRole), force_hours=True)
        time_width = metrics.horizontalAdvance(time_text)
        x = left + chip + GAP // 2
        painter.setFont(option.font)
        painter.setPen(muted)
        painter.drawText(QRect(right - time_width, top, time_width, line), align | Qt.AlignmentFlag.AlignRight,
                         time_text)
        painter.setFont(bold)
        painter.setPen(ink)
        name_width = max(0, right - time_width - GAP - x)
        name = bold_metrics.elidedText(" ".join(str(index.data()).split()), Qt.TextElideMode.ElideRight, name_width)
        painter.drawText(QRect(x, top, name_width, line), align | Qt.AlignmentFlag.AlignLeft, name)

        self._paint_share(painter, option, index, (ink, muted, colour), QRect(x, top + line + 2, right - x, 0))
        if option.state & QStyle.StateFlag.State_HasFocus:
            pen = QPen(ink)
            pen.setStyle(Qt.PenStyle.DotLine)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(rect.adjusted(1, 1, -2, -2))
        painter.restore()

    @staticmethod
    def _paint_share(painter: QPainter, option: QStyleOptionViewItem, index: _Index,
                     colours: tuple[QColor, QColor, QColor], area: QRect) -> None:
        """Paint the second line: a bar of the speaker's share of talk time, and their turns and percentage."""
        ink, muted, colour = colours
        metrics = QFontMetrics(option.font)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        filtered = index.data(FilteredRole)
        x, top, right = area.left(), area.top(), area.right() + 1
        align = Qt.AlignmentFlag.AlignVCenter
        turns = index.data(TurnsRole)
        count_text = f"{turns} {'turn' if turns == 1 else 'turns'} · {index.data(PercentRole)}%"
        count_width = max(metrics.horizontalAdvance(count_text), metrics.horizontalAdvance(COUNT_TEMPLATE))
        bar_height = max(metrics.lineSpacing(), BAR_HEIGHT)
        bar_space = max(0, right - count_width - GAP - x)  # the same in every row: bars compare by length
        track = QColor(ink)
        track.setAlpha(60 if selected else 25)
        bar_top = top + (bar_height - BAR_HEIGHT) / 2
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(track)
        painter.drawRoundedRect(QRectF(x, bar_top, bar_space, BAR_HEIGHT), 2, 2)
        share = float(index.data(ShareRole) or 0.0)
        if share > 0:
            bar = QColor(ink if selected else colour)  # a speaker's colour can be the selection's own
            if filtered is False and not selected:
                bar.setAlpha(90)
            painter.setBrush(bar)
            painter.drawRoundedRect(QRectF(x, bar_top, max(2.0, bar_space * share), BAR_HEIGHT), 2, 2)
        painter.setFont(option.font)
        painter.setPen(muted)
        painter.drawText(QRect(right - count_width, top, count_width, bar_height),
                         align | Qt.AlignmentFlag.AlignRight, count_text)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: _Index) -> None:
        if isinstance(editor, QLineEdit):
            model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)


class SpeakersPanel(QDockWidget):
    """The Speakers dock: each speaker's colour, shown name, turns and talk time, longest first.

    Clicking a speaker (or Enter) asks to show only their turns, Ctrl+click adds or removes speakers,
    clicking the only shown speaker again or "Show all" asks to show everyone. F2, a double-click or the
    context menu renames a speaker; "Merge into…" gives it another speaker's name. Renames and merges are
    asked for, never applied here: the owner stores them and calls `set_display_names`.
    """

    filterRequested = Signal(object)  # frozenset of original speaker names to show, or None for everyone
    renameRequested = Signal(str, str)  # original speaker name, new shown name (the original: no override)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Speakers", parent)
        self.setObjectName("speakersPanel")
        self._stats: dict[str, tuple[int, int]] = {}
        self._colours: dict[str, QColor] = {}
        self._names: dict[str, str] = {}
        self._shown: frozenset[str] | None = None
        self._before_click: tuple[frozenset[str] | None] | None = None  # the filter a double-click restores

        self.model = SpeakersModel(self)
        body = QWidget(self)
        self.view = QListView(body)
        self.view.setModel(self.model)
        self.delegate = SpeakerDelegate(self.view)
        self.view.setItemDelegate(self.delegate)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)  # F2 and double-click: ours
        self.view.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.view.setUniformItemSizes(True)
        self.view.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.view.setAccessibleName("Speakers")
        self.view.setAccessibleDescription(
            "Enter shows only the selected speaker, Ctrl+Enter adds them to those shown; F2 renames; "
            "the context menu key offers rename and merge")
        self.summary_label = QLabel(body)
        self.summary_label.setTextFormat(Qt.TextFormat.PlainText)
        self.summary_label.setAccessibleName("Speakers shown")
        self.show_all_button = QPushButton("Show all", body)
        self.show_all_button.setAccessibleName("Show all speakers")
        self.show_all_button.setAccessibleDescription("Clear the speaker filter")
        header = QHBoxLayout()
        header.addWidget(self.summary_label, 1)
        header.addWidget(self.show_all_button)
        layout = QVBoxLayout(body)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.setSpacing(4)
        layout.addLayout(header)
        layout.addWidget(self.view, 1)
        self.setWidget(body)

        self.view.clicked.connect(self._on_view_clicked)
        self.view.doubleClicked.connect(self._on_view_double_clicked)
        self.view.customContextMenuRequested.connect(self._on_view_custom_context_menu_requested)
        self.model.renameEdited.connect(self._on_model_rename_edited)
        self.show_all_button.clicked.connect(self._on_show_all_button_clicked)
        self.view.installEventFilter(self)
        self._update_summary()

    # -- public -----------------------------------------------------------------------------------

    def set_transcript(self, transcript: Transcript | None, colours: dict[str, QColor],
                       duration_ms: int | None = None) -> None:
        """List the speakers of `transcript` in `colours` (the last turn lasts until `duration_ms`, if given)."""
        self._stats = talk_times(transcript, duration_ms) if transcript is not None else {}
        self._colours = dict(colours)
        was_filtering = self._shown is not None
        self._shown = None
        self.model.set_shown(None)
        self._regroup()
        if was_filtering:
            self.filterRequested.emit(None)

    def set_display_names(self, overrides: dict[str, str]) -> None:
        """Show speakers by these names (original -> shown); originals given one name are one row."""
        self._names = dict(overrides)
        self._regroup()
        if self._shown is not None:
            # A speaker merged into a shown one is shown too; the filter follows the rows, not the old names.
            shown = frozenset(o for row in self.model.rows() if self._shown.intersection(row.originals)
                              for o in row.originals)
            if shown != self._shown:
                self._apply_filter(shown or None)

    def filtered_speakers(self) -> frozenset[str] | None:
        """Return the original names the filter shows, or None when it shows everyone."""
        return self._shown

    def show_all(self) -> None:
        """Clear the speaker filter."""
        self._apply_filter(None)

    def toggle_speaker(self, row: int, *, add: bool = False) -> None:
        """Show only the speaker in `row`, or everyone when only they are shown; `add` adds or removes them."""
        originals = frozenset(self.model.row(row).originals)
        shown = self._shown
        if add and shown is not None:
            target = shown - originals if originals <= shown else shown | originals
        elif shown == originals:
            target = frozenset()
        else:
            target = originals
        self._apply_filter(target or None)

    def rename_row(self, row: int, new_name: str) -> None:
        """Ask to show every original speaker of `row` as `new_name` (blank or unchanged: nothing)."""
        name = " ".join(new_name.split())
        speaker = self.model.row(row)
        if not name or name == speaker.name:
            return
        for original in speaker.originals:
            self.renameRequested.emit(original, name)

    def split_row(self, row: int) -> None:
        """Undo a merge: the longest-talking original keeps the name, the others get theirs back."""
        speaker = self.model.row(row)
        if len(speaker.originals) < 2:
            return
        keep = max(speaker.originals, key=lambda o: (self._stats[o][1], o == speaker.name))
        for original in speaker.originals:
            if original != keep:
                self.renameRequested.emit(original, original)

    def build_menu(self, row: int) -> QMenu:
        """Return the context menu of the speaker in `row`."""
        speaker = self.model.row(row)
        menu = QMenu(self)
        only = menu.addAction("Show Only This Speaker")
        only.triggered.connect(lambda: self._apply_filter(frozenset(speaker.originals)))
        everyone = menu.addAction("Show All Speakers")
        everyone.setEnabled(self._shown is not None)
        everyone.triggered.connect(self.show_all)
        menu.addSeparator()
        rename = menu.addAction("Rename…")
        rename.triggered.connect(lambda: self._rename_interactively(row))
        merge = menu.addAction("Merge Into…")
        merge.setEnabled(self.model.rowCount() > 1)
        merge.triggered.connect(lambda: self._merge_interactively(row))
        if len(speaker.originals) > 1:
            split = menu.addAction("Split Merged Speakers")
            split.triggered.connect(lambda: self.split_row(row))
        return menu

    # -- dialogs (tests replace these) ------------------------------------------------------------

    def ask_new_name(self, current: str) -> str | None:
        """Return the name the user types for `current`, or None when cancelled."""
        # The name goes in the edit, which is plain text (a QInputDialog label would render markup); the title
        # stays short, as window managers cut long ones ("Renam…kever").
        text, ok = QInputDialog.getText(self, "Rename Speaker", "New name:", QLineEdit.EchoMode.Normal, current)
        return text if ok else None

    def ask_merge_target(self, current: str, choices: list[str]) -> str | None:
        """Return the speaker the user picks to merge `current` into, or None when cancelled."""
        choice, ok = QInputDialog.getItem(self, "Merge Speaker", "Merge into:", choices, 0, False)
        return choice if ok else None

    def _rename_interactively(self, row: int) -> None:
        name = self.ask_new_name(self.model.row(row).name)
        if name is not None:
            self.rename_row(row, name)

    def _merge_interactively(self, row: int) -> None:
        current = self.model.row(row).name
        choices = [r.name for r in self.model.rows() if r.name != current]
        if not choices:
            return
        target = self.ask_merge_target(current, choices)
        if target:
            self.rename_row(row, target)

    # -- internals --------------------------------------------------------------------------------

    def _regroup(self) -> None:
        selected = self.view.currentIndex().data() if self.view.currentIndex().isValid() else None
        self.model.set_rows(group_speakers(self._stats, self._colours, self._names))
        if selected is not None and (row := self.model.row_of(selected)) >= 0:
            self.view.setCurrentIndex(self.model.index(row, 0))
        self._update_summary()

    def _apply_filter(self, originals: frozenset[str] | None) -> None:
        if originals == self._shown:
            return
        self._shown = originals
        self.model.set_shown(originals)
        self._update_summary()
        self.filterRequested.emit(originals)

    def _update_summary(self) -> None:
        total = self.model.rowCount()
        noun = "speaker" if total == 1 else "speakers"
        if self._shown is None:
            self.summary_label.setText(f"{total} {noun}")
        else:
            shown = sum(1 for row in self.model.rows() if self._shown.intersection(row.originals))
            self.summary_label.setText(f"Showing {shown} of {total} {noun}")
        self.show_all_button.setEnabled(self._shown is not None)

    @staticmethod
    def _popup(menu: QMenu, point: QPoint) -> None:
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(point)

    def _selected_row(self) -> int:
        index = self.view.currentIndex()
        return index.row() if index.isValid() and self.view.selectionModel().isSelected(index) else -1

    _VIEW_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F2, Qt.Key.Key_Menu)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Give the list Enter (filter), F2 (rename) and the menu key, before any window shortcut."""
        kind = event.type()
        if (watched is not self.view or kind not in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride)
                or not isinstance(event, QKeyEvent) or self.view.state() == QAbstractItemView.State.EditingState):
            return super().eventFilter(watched, event)
        key = event.key()
        modifiers = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        ctrl = modifiers == Qt.KeyboardModifier.ControlModifier
        row = self._selected_row()
        if key not in self._VIEW_KEYS or row < 0 or (modifiers and not (ctrl and key != Qt.Key.Key_F2)):
            return super().eventFilter(watched, event)
        if kind == QEvent.Type.ShortcutOverride:
            event.accept()
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.toggle_speaker(row, add=ctrl)
        elif key == Qt.Key.Key_F2:
            self.view.edit(self.model.index(row, 0))
        else:
            rect = self.view.visualRect(self.model.index(row, 0))
            self._popup(self.build_menu(row), self.view.viewport().mapToGlobal(rect.bottomLeft()))
        return True

    # -- slots ------------------------------------------------------------------------------------

    @Slot(QModelIndex)
    def _on_view_clicked(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        self._before_click = (self._shown,)
        add = bool(QApplication.keyboardModifiers() & Qt.KeyboardModifier.ControlModifier)
        self.toggle_speaker(index.row(), add=add)

    @Slot(QModelIndex)
    def _on_view_double_clicked(self, index: QModelIndex) -> None:
        if not index.isValid():
            return
        if self._before_click is not None:
            # The double-click's first click toggled the filter: a double-click renames and nothing else.
            self._apply_filter(self._before_click[0])
            self._before_click = None
        self.view.edit(index)

    @Slot(QPoint)
    def _on_view_custom_context_menu_requested(self, pos: QPoint) -> None:
        index = self.view.indexAt(pos)
        if index.isValid():
            self.view.setCurrentIndex(index)
            self._popup(self.build_menu(index.row()), self.view.viewport().mapToGlobal(pos))

    @Slot(int, str)
    def _on_model_rename_edited(self, row: int, name: str) -> None:
        self.rename_row(row, name)

    @Slot()
    def _on_show_all_button_clicked(self) -> None:
        self.show_all()
