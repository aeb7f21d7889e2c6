"""File > Export Notes…: choose a format and options, preview the first items, save without overwriting.

The format and options of the last export are remembered per user (QSettings) and chosen again next time.
"""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, Qt, Signal, Slot
from PySide6.QtGui import QFontDatabase, QTextDocument
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from reader.core.export import EXPORT_FORMATS, ExportFormat, ExportOptions, export_notes, resolve_items, shows_words
from reader.core.export.common import build_context
from reader.core.notes import COLOURS, NotesDocument
from reader.core.notes_store import atomic_write
from reader.core.transcript import Transcript
from reader.qt.pdf_export import render_pdf
from reader.qt.plain_text import message_box

if TYPE_CHECKING:
    from reader.core.align.model import Alignment

PREVIEW_ITEMS = 5
PREVIEW_CHARS = 8000  # a whole-transcript preview is cut here: the start is enough to judge the layout
GROUPS = (("No grouping", None), ("By speaker", "speaker"), ("By colour", "colour"))
SETTINGS_GROUP = "export"


class ExportDialog(QDialog):
    """Export the notes of one transcript: format, options, preview, then Save… (never a silent overwrite).

    Tests drive it without the file dialog: `export_to(path)` writes, asking `confirm_overwrite(path)`
    first when the file exists.
    """

    exported = Signal(str)  # the path written

    def __init__(self, transcript: Transcript, document: NotesDocument, media_path: Path | None = None,
                 parent: QWidget | None = None, *, settings: QSettings | None = None) -> None:
        super().__init__(parent)
        self.settings = settings if settings is not None else QSettings()
        self.transcript = transcript
        self.document = document
        self.media_path = Path(media_path) if media_path else (Path(document.media_path)
                                                               if document.media_path else None)
        self.choices = list(EXPORT_FORMATS)  # each format says which of the options below it honours
        self._words: Alignment | None = None
        self._words_read = False  # looked up on the first export that shows words (the preview does without)
        self.setWindowTitle("Export Notes")
        self.setMinimumSize(640, 560)

        self.format_combo = QComboBox(self)
        self.format_combo.setAccessibleName("Format")
        for choice in self.choices:
            self.format_combo.addItem(choice.label, choice.name)

        self.bookmarks_check = QCheckBox("&Bookmarks", self)
        self.highlights_check = QCheckBox("&Highlights", self)
        kinds_row = self._row(self.bookmarks_check, self.highlights_check)
        self.colour_checks: dict[str, QCheckBox] = {}
        for name in COLOURS:
            box = QCheckBox(name.capitalize(), self)
            box.setAccessibleName(f"Colour {name}")
            self.colour_checks[name] = box
        colours_row = self._row(*self.colour_checks.values())
        self.context_check = QCheckBox("&Quote the whole turn around each highlight", self)
        self.group_combo = QComboBox(self)
        self.group_combo.setAccessibleName("Group by")
        for label, key in GROUPS:
            self.group_combo.addItem(label, key)
        self.whole_check = QCheckBox("The &whole transcript with highlights marked", self)
        self.interactive_check = QCheckBox("&Interactive HTML: a player and clickable times (keep the recording "
                                           "beside the file)", self)
        if self.media_path is None:
            self.interactive_check.setToolTip("No recording is open")
        self.title_edit = QLineEdit(self)
        self.title_edit.setAccessibleName("Title")
        self.title_edit.setPlaceholderText(self._default_title())
        for box in (self.bookmarks_check, self.highlights_check, *self.colour_checks.values()):
            box.setChecked(True)
        self._restore()
        self._lay_out(kinds_row, colours_row)
        self._connect()
        self._on_options_changed()

    def _lay_out(self, kinds_row: QWidget, colours_row: QWidget) -> None:
        form = QFormLayout()
        form.addRow("&Format:", self.format_combo)
        form.addRow("Items:", kinds_row)
        form.addRow("Colours:", colours_row)
        form.addRow("&Group:", self.group_combo)
        form.addRow("", self.context_check)
        form.addRow("", self.whole_check)
        form.addRow("", self.interactive_check)
        form.addRow("&Title:", self.title_edit)

        self.count_label = QLabel(self)
        self.count_label.setTextFormat(Qt.TextFormat.PlainText)
        self.preview = QPlainTextEdit(self)
        self.preview.setReadOnly(True)
        self.preview.setAccessibleName("Preview")
        self.preview.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel, self)
        self.save_button = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        self.save_button.setText("Save…")

        column = QVBoxLayout(self)
        column.addLayout(form)
        column.addWidget(QLabel("Preview of the first items:", self))
        column.addWidget(self.preview, 1)
        column.addWidget(self.count_label)
        column.addWidget(self.buttons)
        # Tab follows the rows top to bottom (creation order put "Quote the whole turn" before Group).
        chain = [self.format_combo, self.bookmarks_check, self.highlights_check, *self.colour_checks.values(),
                 self.group_combo, self.context_check, self.whole_check, self.interactive_check, self.title_edit,
                 self.preview]  # the button box orders its own buttons as the platform lays them out
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)

    def _connect(self) -> None:
        self.format_combo.currentIndexChanged.connect(self._on_options_changed)
        self.group_combo.currentIndexChanged.connect(self._on_options_changed)
        self.title_edit.textChanged.connect(self._on_options_changed)
        for box in (self.bookmarks_check, self.highlights_check, self.context_check, self.whole_check,
                    self.interactive_check, *self.colour_checks.values()):
            box.toggled.connect(self._on_options_changed)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)

    def _row(self, *widgets: QWidget) -> QWidget:
        row = QWidget(self)
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        for widget in widgets:
            layout.addWidget(widget)
        layout.addStretch(1)
        return row

    def _default_title(self) -> str:
        return build_context(self.transcript, self.document, ExportOptions(), 0).title

    # -- remembered choices -------------------------------------------------------------------------

    def _checks(self) -> dict[str, QCheckBox]:
        return {"bookmarks": self.bookmarks_check, "highlights": self.highlights_check,
                "context": self.context_check, "whole_transcript": self.whole_check,
                "interactive": self.interactive_check,
                **{f"colour_{name}": box for name, box in self.colour_checks.items()}}

    def _restore(self) -> None:
        """Choose the format and options of the last export (unknown or missing values keep the defaults)."""
        settings = self.settings
        settings.beginGroup(SETTINGS_GROUP)
        try:
            index = self.format_combo.findData(str(settings.value("format", "") or ""))
            if index >= 0:
                self.format_combo.setCurrentIndex(index)
            group = self.group_combo.findData(settings.value("group_by", None) or None)
            if group >= 0:
                self.group_combo.setCurrentIndex(group)
            for key, box in self._checks().items():
                value = settings.value(key, None)
                if value is not None:  # an INI file gives "true"/"false" back as text
                    box.setChecked(value is True or str(value).lower() == "true")
        finally:
            settings.endGroup()

    def remember(self) -> None:
        """Keep the format and options chosen for the next time the dialog opens."""
        settings = self.settings
        settings.beginGroup(SETTINGS_GROUP)
        try:
            settings.setValue("format", self.choice().name)
            settings.setValue("group_by", self.group_combo.currentData() or "")
            for key, box in self._checks().items():
                settings.setValue(key, box.isChecked())
        finally:
            settings.endGroup()
        settings.sync()

    # -- state ------------------------------------------------------------------------------------

    def choice(self) -> ExportFormat:
        """Return the chosen format."""
        return self.choices[max(0, self.format_combo.currentIndex())]

    def set_format(self, key: str) -> None:
        """Choose the format `key` ("markdown", "pdf", "csv", ...)."""
        index = self.format_combo.findData(key)
        if index < 0:
            raise ValueError(f"unknown format {key!r}")
        self.format_combo.setCurrentIndex(index)

    def options(self) -> ExportOptions:
        """Return the options as the widgets set them (a disabled one, which the format ignores, is off)."""
        kinds = {kind for kind, box in (("bookmark", self.bookmarks_check), ("highlight", self.highlights_check))
                 if box.isChecked()}
        colours = {name for name, box in self.colour_checks.items() if box.isChecked()}
        choice = self.choice()
        return ExportOptions(
            kinds=kinds,
            colours=None if len(colours) == len(COLOURS) else colours,
            context=self.context_check.isChecked() and self.context_check.isEnabled(),
            group_by=self.group_combo.currentData() if self.group_combo.isEnabled() else None,
            whole_transcript=self.whole_check.isChecked() and choice.whole_transcript,
            interactive=self.interactive_check.isChecked() and self.interactive_check.isEnabled(),
            title=(self.title_edit.text().strip() or None) if self.title_edit.isEnabled() else None,
        )

    def default_path(self) -> Path:
        """Return `<transcript stem>-notes.<ext>` beside the transcript."""
        source = self.transcript.source or (Path(self.document.transcript_path)
                                            if self.document.transcript_path else None)
        folder = source.parent if source else Path.home()
        stem = source.stem if source else "transcript"
        return folder / f"{stem}-notes.{self.choice().extension}"

    # -- rendering --------------------------------------------------------------------------------

    def _render(self, options: ExportOptions, output_path: Path | None, limit: int | None = None,
                words: Alignment | None = None) -> str:
        choice = self.choice()  # the PDF is the HTML page printed (its options have no player)
        return export_notes(self.transcript, self.document, choice.prints or choice.name, options,
                            media_path=self.media_path, output_path=output_path, limit=limit, words=words)

    def words(self) -> Alignment | None:
        """Return the recording's word times when it was aligned (from the cache, read once; never aligned here)."""
        if not self._words_read:
            from reader.core.align.cache import load_alignment

            self._words_read = True
            self._words = load_alignment(self.transcript.turns, self.media_path) if self.media_path else None
        return self._words

    def render_bytes(self, path: Path) -> bytes:
        """Return the file's bytes for the chosen format and options, written to `path`."""
        options = self.options()
        choice = self.choice()
        words = self.words() if shows_words(choice.prints or choice.name, options) else None
        text = self._render(options, path, words=words)
        return render_pdf(text) if self.choice().name == "pdf" else text.encode("utf-8")

    def preview_text(self) -> str:
        """Return the plain-text preview: the first items as the file will have them (PDF: its text)."""
        text = self._render(self.options(), self.default_path(), PREVIEW_ITEMS)
        if self.choice().name == "pdf":
            document = QTextDocument()
            document.setHtml(text)
            text = document.toPlainText()
        elif self.choice().name == "html":
            text = text[max(0, text.find("<body>")):]  # the items, not the page's style sheet
        text = text.lstrip("\ufeff")  # the CSV's byte order mark is for Excel, not for reading
        if len(text) > PREVIEW_CHARS:
            text = text[:PREVIEW_CHARS].rstrip() + "\n…"
        return text

    @Slot()
    def _on_options_changed(self) -> None:
        choice = self.choice()
        self.whole_check.setEnabled(choice.whole_transcript)
        self.interactive_check.setEnabled("interactive" in choice.options and self.media_path is not None)
        whole = self.whole_check.isChecked() and choice.whole_transcript
        # The whole transcript is in the transcript's order, so it cannot be grouped.
        self.group_combo.setEnabled(not whole and "group_by" in choice.options)
        self.context_check.setEnabled("context" in choice.options)
        self.title_edit.setEnabled("title" in choice.options)
        options = self.options()
        count = len(resolve_items(self.transcript, self.document, options))
        if count == 0 and not whole:
            self.count_label.setText("No items match these options.")
        else:
            self.count_label.setText(f"{count} item{'s' if count != 1 else ''} will be exported.")
        self.save_button.setEnabled(count > 0 or whole)
        self.preview.setPlainText(self.preview_text())

    # -- saving -----------------------------------------------------------------------------------

    def confirm_overwrite(self, path: Path) -> bool:
        """Ask whether to replace the existing file at `path`."""
        box = message_box(self, QMessageBox.Icon.Question, "Replace file?",
                          f"{path.name} already exists in {path.parent}.\nReplace it?",
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                          QMessageBox.StandardButton.No)
        return box.exec() == QMessageBox.StandardButton.Yes

    def export_to(self, path: Path | str, *, confirmed: bool = False) -> bool:
        """Write the export at `path` atomically; return False when the user keeps an existing file.

        `confirmed` says the user already agreed to replace it (the save dialog asks). Raises OSError when
        the file cannot be written.
        """
        path = Path(path)
        if path.exists() and not confirmed and not self.confirm_overwrite(path):
            return False
        atomic_write(path, self.render_bytes(path))
        self.remember()
        self.exported.emit(str(path))
        return True

    @Slot()
    def _on_buttons_accepted(self) -> None:
        choice = self.choice()
        name, _ = QFileDialog.getSaveFileName(self, "Export Notes", str(self.default_path()),
                                              f"{choice.label} (*.{choice.extension});;All files (*)")
        if not name:
            return
        path = Path(name)
        confirmed = True  # the save dialog asked about the name the user picked
        if not path.suffix:
            path = path.with_name(f"{path.name}.{choice.extension}")
            confirmed = False  # but not about the name with the extension added
        try:
            written = self.export_to(path, confirmed=confirmed)
        except OSError as exc:
            message_box(self, QMessageBox.Icon.Warning, "Export failed",
                        f"Could not write {path}:\n{exc.strerror or exc}").exec()
            return
        if written:
            self.accept()
