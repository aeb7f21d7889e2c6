"""Untrusted strings shown exactly as written: transcript text, speaker names, titles, notes, file names.

Qt guesses whether a string is markup in many places (QLabel's AutoText, tooltips, message boxes), takes
`&` in menu and button texts as a shortcut mark, and `[*]` in window titles as the unsaved-changes mark.
Labels get `Qt.TextFormat.PlainText`; everything that cannot be told so goes through a function here.
Tooltips, menu entries and window titles are short strings people trust at a glance, so bidi overrides
are removed from them too ("gnp.exe" must not show as "exe.png"; see core.display_text).
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from reader.core.display_text import neutralise

# Printable stand-ins for the characters a one-line menu entry cannot show (a tab starts the shortcut column).
_MENU_CONTROLS = str.maketrans({"\n": "␤", "\r": "␍", "\t": "␉"})


def plain_tooltip(text: str) -> str:
    """Return `text` as a tooltip that shows literally: escaped inside markup, so Qt never guesses."""
    if not text:
        return ""
    # Escaped text alone is not safe either: Qt takes "a &lt;b&gt;" for markup and shows "a <b>".
    return f"<span style='white-space:pre-wrap'>{html.escape(neutralise(text), quote=False)}</span>"


def menu_text(text: str) -> str:
    """Return `text` for a menu entry or button: its `&` shown, not taken as a shortcut mark, on one line."""
    return neutralise(text).replace("&", "&&").translate(_MENU_CONTROLS)


def window_title(text: str) -> str:
    """Return `text` for setWindowTitle: a `[*]` in it shown, not taken as the unsaved-changes mark."""
    return neutralise(text).replace("[*]", "[*][*]")


def message_box(parent: QWidget | None, icon: QMessageBox.Icon, title: str, text: str,
                buttons: QMessageBox.StandardButton = QMessageBox.StandardButton.Ok,
                default: QMessageBox.StandardButton = QMessageBox.StandardButton.NoButton) -> QMessageBox:
    """Return a message box showing `title` and `text` as plain text (run it with exec())."""
    box = QMessageBox(icon, window_title(title), text, buttons, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    if default != QMessageBox.StandardButton.NoButton:
        box.setDefaultButton(default)
    return box
