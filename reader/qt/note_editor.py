"""The small editor that opens over a turn for a bookmark's or highlight's label, note and colour."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import QButtonGroup, QFrame, QHBoxLayout, QLabel, QLineEdit, QToolButton, QVBoxLayout, QWidget

from reader.core.notes import COLOUR_TINTS, COLOURS

# Soft tints that keep black text readable on top (the same names are stored in the notes file).


def colour_tint(name: str | None) -> QColor:
    """Return the tint painted behind text highlighted in colour `name` (yellow when unknown)."""
    return QColor(COLOUR_TINTS.get(name or "yellow", COLOUR_TINTS["yellow"]))


class NoteEditor(QFrame):
    """Label, note and colour of one item: Enter saves, Esc leaves the item as it is."""

    accepted = Signal(str, str, str, str)  # item id, label, note, colour ("" for none)

    def __init__(self, item_id: str, title: str, *, label: str = "", note: str = "", colour: str | None = None,
                 with_colours: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Popup)
        self.item_id = item_id
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAccessibleName("Note editor")
        heading = QLabel(title, self)
        heading.setTextFormat(Qt.TextFormat.PlainText)
        self.label_edit = QLineEdit(label, self)
        self.label_edit.setPlaceholderText("Label (optional)")
        self.label_edit.setAccessibleName("Label")
        self.note_edit = QLineEdit(note, self)
        self.note_edit.setPlaceholderText("Note (optional) — Enter saves, Esc skips")
        self.note_edit.setAccessibleName("Note")
        self.note_edit.setMinimumWidth(360)
        column = QVBoxLayout(self)
        column.setContentsMargins(10, 8, 10, 8)
        column.addWidget(heading)
        column.addWidget(self.label_edit)
        column.addWidget(self.note_edit)
        self.colour_group = QButtonGroup(self)
        self.colour_group.setExclusive(True)
        if with_colours:
            row = QHBoxLayout()
            for number, name in enumerate(COLOURS, start=1):
                button = QToolButton(self)
                button.setCheckable(True)
                button.setText(f"{number} {name}")
                button.setAccessibleName(f"Colour {name}")
                button.setToolTip(f"Colour {name} (Alt+{number})")
                button.setStyleSheet(f"QToolButton {{ background: {COLOUR_TINTS[name]}; color: black; "
                                     "border: 1px solid #999; padding: 2px 6px; }"
                                     "QToolButton:checked { border: 2px solid black; font-weight: bold; }")
                button.setProperty("colour", name)
                self.colour_group.addButton(button, number)
                row.addWidget(button)
                if name == (colour or "yellow"):
                    button.setChecked(True)
                # A shortcut, not keyPressEvent: the focused line edit would take Alt+digit as text.
                shortcut = QShortcut(QKeySequence(f"Alt+{number}"), self)
                shortcut.activated.connect(button.click)
            row.addStretch(1)
            column.addLayout(row)
        self.label_edit.returnPressed.connect(self._on_edit_return_pressed)
        self.note_edit.returnPressed.connect(self._on_edit_return_pressed)

    def colour(self) -> str:
        """Return the chosen colour name, or ''."""
        button = self.colour_group.checkedButton()
        return str(button.property("colour")) if button is not None else ""

    def open_at(self, point: QPoint) -> None:
        """Show the editor with its top-left at global `point`, focused on the note."""
        self.adjustSize()
        self.move(point)
        self.show()
        self.note_edit.setFocus() if self.label_edit.text() else self.label_edit.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close()
            return
        super().keyPressEvent(event)

    def _on_edit_return_pressed(self) -> None:
        self.accepted.emit(self.item_id, self.label_edit.text().strip(), self.note_edit.text().strip(), self.colour())
        self.close()
