"""The Export Notes dialog and the PDF export: options, preview, writing, never overwriting unasked."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtGui import QImage, QTextDocument
from PySide6.QtWidgets import QApplication, QFileDialog

from reader.core.export import ExportOptions, export_notes
from reader.core.notes import NotesDocument
from reader.core.transcript import Transcript
from reader.qt.export_dialog import PREVIEW_ITEMS, ExportDialog
from reader.qt.pdf_export import export_notes_pdf, export_pdf
from tests.core.export.sample_notes import EXPORTED_AT, MARKUP_NOTE, SAMPLE, sample_document, sample_transcript

SCREENSHOT = Path("/tmp/export-page1.png")


@pytest.fixture
def transcript() -> Transcript:
    return sample_transcript()


@pytest.fixture
def document(transcript: Transcript) -> NotesDocument:
    return sample_document(transcript)


@pytest.fixture
def dialog(qtbot, transcript: Transcript, document: NotesDocument, settings: QSettings) -> ExportDialog:
    widget = ExportDialog(transcript, document, SAMPLE.with_suffix(".mp4"), settings=settings)
    qtbot.addWidget(widget)
    return widget


@pytest.fixture
def settings(tmp_path_factory: pytest.TempPathFactory) -> QSettings:
    """Return settings of this test alone (the dialog remembers the last export's choices in them)."""
    return QSettings(str(tmp_path_factory.mktemp("settings") / "settings.ini"), QSettings.Format.IniFormat)


def without_date(text: str) -> str:
    return re.sub(r"\d{4}-\d\d-\d\d \d\d:\d\d", "DATE", text)


def test_preview_shows_the_first_items_as_plain_text(dialog: ExportDialog) -> None:
    dialog.set_format("markdown")
    preview = dialog.preview.toPlainText()
    assert dialog.preview.isReadOnly()
    assert preview.startswith("# Reading the Record")
    assert "## [00:04] Maya Lindqvist — Key" in preview and "## [00:38] Priya Raman — Spine" in preview
    assert dialog.count_label.text() == "5 items will be exported."
    for box in list(dialog.colour_checks.values())[1:]:  # yellow only
        box.setChecked(False)
    preview = dialog.preview.toPlainText()
    assert "[01:17] Priya Raman — The rule" in preview and "Spine" not in preview and "[00:04]" in preview
    assert dialog.count_label.text() == "2 items will be exported."


def test_preview_stops_after_the_first_items(dialog: ExportDialog, document: NotesDocument,
                                             transcript: Transcript) -> None:
    for n in range(PREVIEW_ITEMS + 3):
        item = sample_document(transcript).items[1]
        item.id, item.start_ms, item.label = f"extra{n}", 200_000 + n * 1000, f"Extra {n}"
        document.add(item)
    dialog._on_options_changed()
    preview = dialog.preview.toPlainText()
    assert preview.count("\n## [") == PREVIEW_ITEMS
    assert f"{5 + PREVIEW_ITEMS + 3} items will be exported." == dialog.count_label.text()


def test_preview_of_pdf_is_its_text_of_csv_has_no_bom_of_html_starts_at_body(dialog: ExportDialog) -> None:
    dialog.set_format("pdf")
    preview = dialog.preview.toPlainText()
    assert "<" not in preview.split("\n", 1)[0] and "Reading the Record" in preview
    assert "[00:38] Priya Raman — Spine" in preview
    dialog.set_format("csv")
    assert dialog.preview.toPlainText().startswith("start,end,")
    dialog.set_format("html")
    assert dialog.preview.toPlainText().startswith("<body>\n<h1>Reading the Record")


def test_options_follow_the_format(dialog: ExportDialog) -> None:
    dialog.set_format("csv")
    assert not dialog.whole_check.isEnabled() and not dialog.interactive_check.isEnabled()
    assert dialog.group_combo.isEnabled()
    dialog.set_format("srt")
    assert not dialog.group_combo.isEnabled()
    dialog.set_format("html")
    assert dialog.whole_check.isEnabled() and dialog.interactive_check.isEnabled()
    dialog.whole_check.setChecked(True)
    assert not dialog.group_combo.isEnabled()
    dialog.interactive_check.setChecked(True)
    dialog.context_check.setChecked(True)
    options = dialog.options()
    assert options.whole_transcript and options.interactive and options.context and options.group_by is None
    dialog.bookmarks_check.setChecked(False)
    dialog.highlights_check.setChecked(False)
    assert dialog.options().kinds == set()
    assert dialog.save_button.isEnabled()  # the whole transcript is still worth saving
    dialog.set_format("markdown")
    dialog.whole_check.setChecked(False)
    assert not dialog.save_button.isEnabled() and dialog.count_label.text() == "No items match these options."


def test_no_recording_no_player(qtbot, transcript: Transcript, document: NotesDocument) -> None:
    document.media_path = None
    widget = ExportDialog(transcript, document, None)
    qtbot.addWidget(widget)
    widget.set_format("html")
    assert not widget.interactive_check.isEnabled()


def test_default_path_and_title(dialog: ExportDialog) -> None:
    dialog.set_format("annotations")
    assert dialog.default_path() == SAMPLE.parent / "talk-notes.jsonld"
    dialog.set_format("markdown")
    assert dialog.default_path().name == "talk-notes.md"
    assert dialog.title_edit.placeholderText() == "Reading the Record: How Researchers Work With Recorded Interviews"
    dialog.title_edit.setText("Seminar")
    assert dialog.preview.toPlainText().startswith("# Seminar\n")


def test_export_to_writes_the_export(dialog: ExportDialog, transcript: Transcript, document: NotesDocument,
                                     tmp_path: Path, qtbot) -> None:
    dialog.set_format("markdown")
    dialog.group_combo.setCurrentIndex(dialog.group_combo.findData("speaker"))
    path = tmp_path / "notes.md"
    with qtbot.waitSignal(dialog.exported) as signal:
        assert dialog.export_to(path)
    assert signal.args == [str(path)]
    expected = export_notes(transcript, document, "markdown", ExportOptions(group_by="speaker"))
    assert without_date(path.read_text(encoding="utf-8")) == without_date(expected)
    dialog.set_format("csv")
    assert dialog.export_to(tmp_path / "notes.csv")
    assert (tmp_path / "notes.csv").read_bytes().startswith(b"\xef\xbb\xbfstart,end,")
    assert {p.name for p in tmp_path.iterdir()} == {"notes.md", "notes.csv"}  # no temporary files left


def test_export_to_never_overwrites_unasked(dialog: ExportDialog, tmp_path: Path, monkeypatch) -> None:
    path = tmp_path / "notes.md"
    path.write_text("my own notes", encoding="utf-8")
    asked: list[Path] = []

    def refuse(target: Path) -> bool:
        asked.append(target)
        return False

    monkeypatch.setattr(dialog, "confirm_overwrite", refuse)
    assert dialog.export_to(path) is False
    assert asked == [path] and path.read_text(encoding="utf-8") == "my own notes"
    monkeypatch.setattr(dialog, "confirm_overwrite", lambda target: True)
    assert dialog.export_to(path) is True
    assert path.read_text(encoding="utf-8").startswith("# Reading the Record")


def test_save_button_uses_the_file_dialog_and_adds_the_extension(dialog: ExportDialog, tmp_path: Path,
                                                                 monkeypatch) -> None:
    offered: list[str] = []

    def choose(parent, caption, directory, filter):
        offered.append(directory)
        return str(tmp_path / "picked"), filter

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(choose))
    (tmp_path / "picked.vtt").write_text("old", encoding="utf-8")
    asked: list[Path] = []
    monkeypatch.setattr(dialog, "confirm_overwrite", lambda target: asked.append(target) or False)
    dialog.set_format("vtt")
    dialog.save_button.click()
    # The file dialog asked about "picked", not "picked.vtt", which exists: the dialog asks itself.
    assert offered == [str(SAMPLE.parent / "talk-notes.vtt")]
    assert asked == [tmp_path / "picked.vtt"] and (tmp_path / "picked.vtt").read_text(encoding="utf-8") == "old"
    assert dialog.result() == 0
    monkeypatch.setattr(dialog, "confirm_overwrite", lambda target: True)
    dialog.save_button.click()
    assert (tmp_path / "picked.vtt").read_text(encoding="utf-8").startswith("WEBVTT")
    assert dialog.result() == dialog.DialogCode.Accepted


def test_markdown_export_renders_as_plain_text_in_a_commonmark_reader(transcript: Transcript,
                                                                        document: NotesDocument) -> None:
    # Qt's Markdown reader (md4c, CommonMark with GitHub extensions) sees text where the notes had markup.
    rendered = QTextDocument()
    rendered.setMarkdown(export_notes(transcript, document, "markdown", ExportOptions(exported_at=EXPORTED_AT)))
    text = rendered.toPlainText()
    first_line = MARKUP_NOTE.split("\n")[0]
    assert first_line in text
    for line in MARKUP_NOTE.split("\n")[1:]:
        assert line in text
    html = rendered.toHtml()
    assert "<img" not in html and 'href="http://x"' not in html


def pdf_first_page_png(pdf: Path, out_stem: Path) -> Path:
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf), str(out_stem)], check=True,
                   capture_output=True, timeout=60)
    (png,) = out_stem.parent.glob(out_stem.name + "*.png")
    return png


def dark_pixel_share(png: Path) -> float:
    image = QImage(str(png))
    assert not image.isNull()
    dark = total = 0
    for y in range(0, image.height(), 2):
        for x in range(0, image.width(), 2):
            total += 1
            dark += image.pixelColor(x, y).lightness() < 128
    return dark / total


def test_pdf_export_renders_readable_pages(dialog: ExportDialog, tmp_path: Path) -> None:
    dialog.set_format("pdf")
    dialog.context_check.setChecked(True)
    path = tmp_path / "notes.pdf"
    assert dialog.export_to(path)
    data = path.read_bytes()
    assert data.startswith(b"%PDF") and b"%%EOF" in data[-1024:]
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    png = pdf_first_page_png(path, tmp_path / "page")
    share = dark_pixel_share(png)
    assert 0.005 < share < 0.3, share  # text on a white page: some dark pixels, not a black page
    if os.access(SCREENSHOT.parent, os.W_OK):
        shutil.copy(png, SCREENSHOT)  # to look at: the export is meant to read well


def test_pdf_of_the_whole_transcript_has_several_pages(transcript: Transcript, document: NotesDocument,
                                                       tmp_path: Path, qapp) -> None:
    path = tmp_path / "whole.pdf"
    export_notes_pdf(transcript, document, ExportOptions(whole_transcript=True, interactive=True), path)
    data = path.read_bytes()
    assert data.startswith(b"%PDF")
    assert len(re.findall(rb"/Type\s*/Page[^s]", data)) >= 2
    if shutil.which("pdftotext") is not None:
        text = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                              check=True).stdout
        assert "[01:07] Tomás Okafor" in text and "Some of my students print everything." in text


def test_export_pdf_replaces_a_file_atomically(tmp_path: Path, qapp) -> None:
    path = tmp_path / "a.pdf"
    path.write_bytes(b"old")
    export_pdf("<h1>Hello</h1><p>World</p>", path)
    assert path.read_bytes().startswith(b"%PDF")
    assert [p.name for p in tmp_path.iterdir()] == ["a.pdf"]


def test_the_dialog_remembers_the_last_format_and_options(qtbot, transcript: Transcript, document: NotesDocument,
                                                         settings: QSettings, dialog: ExportDialog,
                                                         tmp_path: Path) -> None:
    dialog.set_format("html")
    dialog.whole_check.setChecked(True)
    dialog.interactive_check.setChecked(True)
    dialog.colour_checks["pink"].setChecked(False)
    dialog.bookmarks_check.setChecked(False)
    assert dialog.export_to(tmp_path / "notes.html")
    again = ExportDialog(transcript, document, SAMPLE.with_suffix(".mp4"), settings=settings)
    qtbot.addWidget(again)
    assert again.choice().name == "html"
    options = again.options()
    assert options.whole_transcript and options.interactive and options.kinds == {"highlight"}
    assert options.colours == {"yellow", "green", "blue"}
    other = ExportDialog(transcript, document, SAMPLE.with_suffix(".mp4"),
                         settings=QSettings(str(tmp_path / "other.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(other)
    assert other.choice().name == "markdown" and other.options().kinds == {"bookmark", "highlight"}  # defaults


def test_tab_goes_through_the_options_top_to_bottom(qtbot, dialog: ExportDialog) -> None:
    """Tab went from the colours to "Quote the whole turn" and then back up to Group."""
    dialog.set_format("html")  # every option enabled, so every one takes the focus in turn
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    dialog.format_combo.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.format_combo, timeout=1000)
    visited = []
    for _ in range(20):
        widget = QApplication.focusWidget()
        if widget in visited:
            break
        visited.append(widget)
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
    places = [(w.mapTo(dialog, QPoint(0, 0)).y(), w.mapTo(dialog, QPoint(0, 0)).x()) for w in visited]
    rows = [y for y, _x in places]
    assert rows == sorted(rows), f"Tab goes back up: {[w.accessibleName() or w.text() for w in visited]}"
    assert places == sorted(places), "and left to right along a row"
    for expected in (dialog.group_combo, dialog.context_check, dialog.whole_check, dialog.interactive_check,
                     dialog.title_edit, dialog.preview, dialog.save_button):
        assert expected in visited
