"""Transcript text, speaker names, titles, notes and file names are shown as written, never as markup.

A transcript whose every field (and whose file name) carries HTML is opened in the window, and every place
that shows text is walked: labels, tooltips (of widgets, actions and items), window titles, the status
bar, the banner, menus, the panels' painting, the note editor, the export dialog and its message boxes.
Where Qt would interpret a string (AutoText labels, tooltips, message boxes), the check renders it as Qt
would and compares with the raw text; `&` in menus and `[*]` in titles are checked the same way.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6 import QtGui
from PySide6.QtCore import QEvent, QPoint, QSettings, Qt, QTimer
from PySide6.QtGui import QAction, QHelpEvent, QPainter, QTextDocument, QTextLayout
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QApplication,
    QFileDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QTextEdit,
    QToolTip,
    QWidget,
)

from reader.core.notes import NoteItem, Quote
from reader.playback.fake_player import FakePlayer
from reader.qt.main_window import MainWindow
from reader.qt.plain_text import menu_text, plain_tooltip, window_title

ROOT = Path(__file__).resolve().parents[2]
SAMPLE_MEDIA = ROOT / "resources" / "sample" / "talk.mp4"

PAYLOAD = ('<img src=x> <a href="https://example.invalid/">link</a> <b>bold</b> <h1>big</h1> '
           '<table><tr><td>cell</td></tr></table> &lt;lt&gt; [*] & "q"')
# A file name cannot hold "/", so no closing tags: unclosed ones are markup to Qt all the same.
FILE_PAYLOAD = "<img src=x> <b>bold <h1>big &lt;lt&gt; [*] & \"q\" 'q' ü 𝄞"
FIELDS = ("title", "speaker", "other", "text", "label", "note", "tag", "renamed", "file", "error")
MARKS = {name: f"@{name}@" for name in FIELDS}
# What follows each mark wherever it is shown: the whole payload, or (elided, wrapped) a start of it.
EXPECTED = {name: " " + (FILE_PAYLOAD if name == "file" else PAYLOAD) for name in FIELDS}
EXPECTED["tag"] = "".join(PAYLOAD.split())  # exports write tags as `#tag`, spaces as dashes
LONG_ENOUGH = len(" <img src=x>")  # a shown start of the payload proves its first tag was not taken


def tagged(name: str) -> str:
    return MARKS[name] + EXPECTED[name]


def rendered(text: str, text_format: Qt.TextFormat = Qt.TextFormat.AutoText) -> str:
    """Return what Qt shows for `text` in a widget of `text_format` (tooltips are AutoText)."""
    if text_format == Qt.TextFormat.AutoText:
        text_format = Qt.TextFormat.RichText if QtGui.Qt.mightBeRichText(text) else Qt.TextFormat.PlainText
    if text_format == Qt.TextFormat.PlainText:
        return text
    document = QTextDocument()
    if text_format == Qt.TextFormat.MarkdownText:
        document.setMarkdown(text)
    else:
        document.setHtml(text)
    return document.toPlainText()


def mnemonic_free(text: str) -> str:
    """Return a menu or button text as shown: `&x` underlines x, `&&` is one `&`, a tab starts the keys."""
    return re.sub(r"&(.)", r"\1", text.split("\t")[0])


class Seen:
    """Every shown string that carried a mark, checked as it is recorded."""

    def __init__(self) -> None:
        self.literal: dict[str, list[str]] = {name: [] for name in FIELDS}  # name -> where shown in full
        self.places: list[str] = []

    def check(self, shown: str, where: str) -> None:
        """Assert each mark in `shown` is followed by its payload as written (or an elided start of it)."""
        for name, mark in MARKS.items():
            for found in re.finditer(re.escape(mark), shown):
                expected = EXPECTED[name]
                rest = shown[found.end():found.end() + len(expected)].split("…")[0]
                assert expected.startswith(rest), (
                    f"{where} shows the {name} as {shown[found.start():found.end() + len(expected)]!r},"
                    f" not as written: {tagged(name)!r}")
                if len(rest) >= LONG_ENOUGH:
                    self.literal[name].append(where)
                    self.places.append(where)

    def shown_in_full(self, name: str, where: str) -> None:
        assert any(where in place for place in self.literal[name]), (
            f"the {name} was never seen literally in {where}: {sorted(set(self.places))}")


def name_of(widget: QWidget) -> str:
    """Return the attribute name an ancestor keeps `widget` under, else its object or accessible name."""
    ancestor = widget.parent()
    while ancestor is not None:
        for key, value in vars(ancestor).items():
            if value is widget:
                return key
        ancestor = ancestor.parent()
    return widget.objectName() or widget.accessibleName()


def walk(widget: QWidget, seen: Seen) -> None:
    """Check every text `widget` and its children show, as Qt would show it."""
    for child in [widget, *widget.findChildren(QWidget)]:
        where = " ".join(filter(None, (type(child).__name__, name_of(child))))
        if child.toolTip():
            seen.check(rendered(child.toolTip()), f"{where} tooltip")
        if child.statusTip():
            seen.check(child.statusTip(), f"{where} status tip")
        if child.whatsThis():
            seen.check(rendered(child.whatsThis()), f"{where} what's this")
        if child.isWindow() and child.windowHandle() is not None:
            seen.check(child.windowHandle().title(), f"{where} window title")
        if isinstance(child, QLabel):
            seen.check(rendered(child.text(), child.textFormat()), f"{where} label")
        elif isinstance(child, QAbstractButton):
            seen.check(mnemonic_free(child.text()), f"{where} button")
        elif isinstance(child, QTextEdit):  # a QPlainTextEdit (the export preview) has no other way to show
            seen.check(child.toPlainText(), f"{where} text")
        elif isinstance(child, QLineEdit) and child.text():  # plain text always: what a dialog pre-fills
            seen.check(child.text(), f"{where} line edit")
        if isinstance(child, QAbstractItemView) and child.model() is not None:
            model = child.model()
            for row in range(model.rowCount()):
                index = model.index(row, 0)
                for role, render in ((Qt.ItemDataRole.DisplayRole, False), (Qt.ItemDataRole.ToolTipRole, True),
                                     (Qt.ItemDataRole.StatusTipRole, False), (Qt.ItemDataRole.WhatsThisRole, True)):
                    value = index.data(role)
                    if isinstance(value, str) and value:
                        seen.check(rendered(value) if render else value, f"{where} row {row} {role.name}")
        for action in child.actions():
            check_action(action, seen, where)
    for action in widget.findChildren(QAction):
        check_action(action, seen, "action")


def check_action(action: QAction, seen: Seen, where: str) -> None:
    seen.check(mnemonic_free(action.text()), f"{where} menu entry {action.text()!r}")
    seen.check(rendered(action.toolTip()), f"{where} action tooltip")
    seen.check(action.statusTip(), f"{where} action status tip")


def inspect_modal_dialog(seen: Seen) -> AssertionError | None:
    """Walk the modal dialog shown, always close it (a failure must not leave it waiting), return the failure."""
    dialog = QApplication.activeModalWidget()
    if dialog is None:
        return AssertionError("no modal dialog is shown")
    try:
        walk(dialog, seen)
    except AssertionError as exc:
        return exc
    finally:
        dialog.reject()
    return None


@pytest.fixture
def painted(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record the strings our delegates and widgets draw (drawText, QTextLayout) and give to setHtml."""
    drawn: list[str] = []
    draw_text, draw_layout, set_html = QPainter.drawText, QTextLayout.draw, QTextDocument.setHtml

    def record_text(self: QPainter, *args: object) -> None:
        drawn.extend(arg for arg in args if isinstance(arg, str))
        draw_text(self, *args)

    def record_layout(self: QTextLayout, *args: object) -> None:
        drawn.append(self.text())
        draw_layout(self, *args)

    def record_html(self: QTextDocument, html: str) -> None:
        set_html(self, html)
        drawn.append(self.toPlainText())  # what a document made from our markup shows

    monkeypatch.setattr(QPainter, "drawText", record_text)
    monkeypatch.setattr(QTextLayout, "draw", record_layout)
    monkeypatch.setattr(QTextDocument, "setHtml", record_html)
    return drawn


@pytest.fixture
def boxes(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[QMessageBox]]:
    """Record the message boxes run, each shown long enough to read its title, then answered No."""
    recorded: list[QMessageBox] = []

    def run(box: QMessageBox) -> int:
        box.show()
        QApplication.processEvents()
        recorded.append(box)
        box.hide()
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "exec", run)
    yield recorded


def hostile_transcript(folder: Path) -> tuple[Path, Path]:
    """Write the transcript of payloads (and a recording beside it) under a name made of payloads."""
    folder.mkdir()
    transcript = folder / f"{tagged('file')}\nsecond line.json"
    segments = [
        {"start": 1.0, "end": 4.0, "speaker": tagged("speaker"), "text": tagged("text")},
        {"start": 5.0, "end": 60.0, "speaker": tagged("other"), "text": "Plain words here."},
        {"start": 61.0, "end": 90.0, "speaker": tagged("speaker"), "text": "More " + tagged("text")},
    ]
    transcript.write_text(json.dumps({"title": tagged("title"), "segments": segments}), encoding="utf-8")
    media = transcript.with_suffix(".mp4")
    media.symlink_to(SAMPLE_MEDIA)
    # A notes file that cannot be read: the banner names it (with the file name) and moves it aside.
    transcript.with_name(transcript.name + ".notes.json").write_text("{ not json", encoding="utf-8")
    return transcript, media


def test_every_place_shows_untrusted_text_literally(qtbot, window: MainWindow, fake_player: FakePlayer,
                                                     tmp_path: Path, painted: list[str],
                                                     boxes: list[QMessageBox], monkeypatch) -> None:
    transcript, media = hostile_transcript(tmp_path / "folder")
    assert window.open_transcript(transcript)
    QApplication.processEvents()
    assert window.controller.media_path == media and window.model.rowCount() == 3
    seen = Seen()
    seen.check(window.banner.label.text(), "banner")  # "…: the notes file was unreadable …"
    seen.shown_in_full("file", "banner")

    # Notes with payloads everywhere, a renamed speaker, the panels shown, the find bar searching.
    turn = window.model.turn(0)
    window.notes.add_item(NoteItem("highlight", 1000, id="h", end_ms=4000, turn_index=0, speaker=turn.speaker,
                                   quote=Quote.from_text(turn.text, 0, len(turn.text)), char_start=0,
                                   char_end=len(turn.text), color="yellow", label=tagged("label"),
                                   note=tagged("note"), tags=[tagged("tag")]))
    window.notes.add_item(NoteItem("bookmark", 70_000, id="b", turn_index=2, speaker=turn.speaker,
                                   note=tagged("note")))
    window.speakers_panel.renameRequested.emit(tagged("other"), tagged("renamed"))
    window.notes_panel.show()
    window.speakers_panel.show()
    window.resize(1400, 800)
    window.find.bar.open()
    window.find.bar.edit.setText("@text@")
    qtbot.waitUntil(lambda: window.find.bar.count_label.text().startswith("1 of"), timeout=2000)
    fake_player.fail_with = f"Could not play {media}: {tagged('error')}"
    window.open_media(media)  # an error naming the file: the banner
    QApplication.processEvents()
    seen.check(window.banner.label.text(), "banner")
    seen.shown_in_full("error", "banner")
    fake_player.fail_with = None
    window.open_media(media)
    window.notes.save_now()  # "Notes saved to <path>" in the status bar
    seen.check(window.statusBar().currentMessage(), "status bar")
    seen.shown_in_full("file", "status bar")

    # A regular expression whose error message quotes it: the find bar's label and its tooltip.
    bar = window.find.bar
    bar.regex_button.setChecked(True)
    bar.edit.setText(f"(?P={tagged('error')})")  # "bad character in group name '@error@ <img …'"
    qtbot.waitUntil(lambda: MARKS["error"] in bar.count_label.toolTip(), timeout=2000)
    walk(bar, seen)
    seen.shown_in_full("error", "count_label tooltip")
    bar.regex_button.setChecked(False)
    bar.edit.setText("@text@")

    # The timeline's hover text, as built and as shown on a hover.
    strip = window.timeline
    for x in range(strip.plot_rect().left(), strip.plot_rect().right(), 3):
        seen.check(rendered(strip.tooltip_text_at(x)), "timeline hover")
    seen.shown_in_full("speaker", "timeline hover")
    seen.shown_in_full("renamed", "timeline hover")
    x = round(strip.x_for_ms(30_000))
    QApplication.sendEvent(strip, QHelpEvent(QEvent.Type.ToolTip, QPoint(x, 10), strip.mapToGlobal(QPoint(x, 10))))
    seen.check(rendered(QToolTip.text()), "timeline tooltip shown")
    seen.shown_in_full("renamed", "timeline tooltip shown")

    # The recent menu, as it is about to show.
    window.recent_menu.aboutToShow.emit()
    walk(window, seen)
    seen.shown_in_full("file", "menu entry")
    seen.shown_in_full("file", "action tooltip")
    seen.shown_in_full("title", "MainWindow window title")
    seen.shown_in_full("title", "info")
    seen.shown_in_full("file", "media_label tooltip")  # the label itself is elided

    # What the panels and the transcript paint (item delegates, the timeline).
    painted.clear()
    window.grab()
    for text in painted:
        seen.check(text, "painted")
    for name in ("speaker", "renamed", "text", "label", "note"):
        seen.shown_in_full(name, "painted")

    # The note editor, the video in its own window, the rename and merge dialogs.
    window.note_commands.edit("h")
    editor = window.note_commands.editor
    assert editor is not None and editor.isVisible()
    assert editor.label_edit.text() == tagged("label") and editor.note_edit.text() == tagged("note")
    walk(editor, seen)
    editor.close()
    window.video_dock.set_detached(True)
    QApplication.processEvents()
    walk(window.video, seen)
    seen.shown_in_full("title", "VideoWidget Video window title")
    window.video_dock.set_detached(False)
    for ask in (lambda: window.speakers_panel.ask_new_name(tagged("speaker")),
                lambda: window.speakers_panel.ask_merge_target(tagged("speaker"), [tagged("renamed")])):
        outcome: list[BaseException | None] = []
        QTimer.singleShot(0, lambda outcome=outcome: outcome.append(inspect_modal_dialog(seen)))
        assert ask() is None
        assert outcome, "the dialog never showed"
        if outcome[0] is not None:
            raise outcome[0]
    seen.shown_in_full("speaker", "QLineEdit")  # in the rename field: the title stays short, uncut

    # The export dialog, an export, the overwrite question and the failure message.
    window.export_notes()
    dialog = window.export_dialog
    assert dialog is not None
    QApplication.processEvents()
    walk(dialog, seen)
    dialog.set_format("pdf")  # its preview is the text of the PDF: the HTML export as Qt's rich text lays it out
    seen.check(dialog.preview.toPlainText(), "PDF preview")
    for name in ("title", "speaker", "text", "label", "note", "tag"):
        seen.shown_in_full(name, "PDF preview")
    pdf = tmp_path / "notes.pdf"
    assert dialog.export_to(pdf)
    if shutil.which("pdftotext") is not None:
        # Lines wrap anywhere in a long run (after "https://" too): compare without the white space.
        letters = "".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                                         check=True, timeout=60).stdout.split())
        for name in ("title", "speaker", "text", "note"):
            assert "".join(tagged(name).split()) in letters, f"the PDF does not show the {name} as written"
    dialog.set_format("markdown")
    exported = dialog.default_path()
    assert dialog.export_to(exported)
    assert MARKS["note"] in exported.read_text(encoding="utf-8")
    seen.check(window.statusBar().currentMessage(), "status bar")
    seen.shown_in_full("file", "status bar")
    assert dialog.export_to(exported) is False  # exists: asked, answered No
    monkeypatch.setattr(QFileDialog, "getSaveFileName",
                        staticmethod(lambda *args: (str(transcript / "inside a file.md"), "")))
    dialog.save_button.click()  # the folder is a file: "Export failed"
    assert len(boxes) == 2
    for box in boxes:
        assert box.textFormat() == Qt.TextFormat.PlainText
        walk(box, seen)
        seen.check(rendered(box.text(), box.textFormat()), "message box text")
    seen.shown_in_full("file", "message box text")
    walk(window, seen)


def test_the_checks_catch_text_that_qt_would_interpret(qtbot) -> None:
    """The walker fails where Qt would render the payload: a label left on AutoText, a raw tooltip."""
    seen = Seen()
    parent = QWidget()
    qtbot.addWidget(parent)
    label = QLabel(tagged("text"), parent)
    with pytest.raises(AssertionError, match="text"):
        walk(parent, seen)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setToolTip(tagged("note"))
    with pytest.raises(AssertionError, match="note"):
        walk(parent, seen)
    label.setToolTip(plain_tooltip(tagged("note")))
    QAction(tagged("file"), parent)  # "&" taken as a shortcut mark
    with pytest.raises(AssertionError, match="file"):
        walk(parent, seen)
    for action in parent.findChildren(QAction):
        action.setText(menu_text(tagged("file")))
        action.setToolTip(plain_tooltip(tagged("file")))  # the one made from the text would be taken for markup
    parent.setWindowTitle(tagged("title"))  # "[*]" dropped
    parent.show()
    with pytest.raises(AssertionError, match="title"):
        walk(parent, seen)
    parent.setWindowTitle(window_title(tagged("title")))
    walk(parent, seen)
    assert seen.literal["note"] and seen.literal["text"] and seen.literal["file"] and seen.literal["title"]


def test_plain_tooltip_shows_any_text_as_written(qapp) -> None:
    for text in ("a &lt;b&gt; c", "  two  spaces\nand a line\ttab", "<b>x</b>", "plain", "&amp;"):
        assert rendered(plain_tooltip(text)) == text
    assert plain_tooltip("") == ""


NAMES = ["with  spaces .json", "ünïcødé 𝄞 日本語.json", "quotes \"double\" 'single'.json", "new\nline.json",
         "amp & [*] <b>x.json"]


@pytest.mark.parametrize("name", NAMES)
def test_file_names_open_keep_notes_beside_and_export(qtbot, fake_player: FakePlayer, tmp_path: Path,
                                                        name: str) -> None:
    folder = tmp_path / "a folder ‘with’ \"quotes\""
    folder.mkdir()
    transcript = folder / name
    transcript.write_text(json.dumps({"segments": [{"start": 0.0, "end": 3.0, "speaker": "Ana", "text": "Hi."},
                                                   {"start": 3.0, "end": 6.0, "speaker": "Bo", "text": "Yes."}]}),
                          encoding="utf-8")
    media = transcript.with_suffix(".mp4")
    shutil.copy(SAMPLE_MEDIA, media)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(fake_player, monotonic=fake_player.clock, notes_dir=tmp_path / "user-notes",
                        settings=settings)
    qtbot.addWidget(window)
    assert window.open_transcript(transcript)
    assert window.controller.media_path == media and fake_player.path == media
    window.controller.seek(4000)
    item = window.note_commands.add_bookmark()
    assert item is not None
    window.notes.edit_item(item.id, label="mark")
    assert window.notes.save_now()
    notes = transcript.with_name(transcript.name + ".notes.json")
    assert window.notes.path == notes and notes.exists()
    assert json.loads(notes.read_text(encoding="utf-8"))["items"][0]["label"] == "mark"
    window.export_notes()
    dialog = window.export_dialog
    assert dialog is not None
    exported = dialog.default_path()
    assert exported.parent == folder and exported.name == f"{transcript.stem}-notes.md"
    assert dialog.export_to(exported)
    assert "mark" in exported.read_text(encoding="utf-8")
    dialog.close()
    # The recent menu lists it under its own name and reopens it, recording and notes included.
    assert window.recent.pairs()[0] == (str(transcript.resolve()), str(media.resolve()))
    window.recent_menu.aboutToShow.emit()
    entry = window.recent_menu.actions()[0]
    assert mnemonic_free(entry.text()) == "1 " + name.replace("\n", "␤")
    assert rendered(entry.toolTip()) == str(transcript.resolve())
    other = folder / "other.json"
    other.write_text(transcript.read_text(encoding="utf-8"), encoding="utf-8")
    assert window.open_transcript(other)
    window.recent_menu.aboutToShow.emit()
    entry = next(a for a in window.recent_menu.actions() if mnemonic_free(a.text()).endswith(name.replace("\n", "␤")))
    entry.trigger()
    assert window.transcript is not None and window.transcript.source == transcript
    assert window.controller.media_path == media and [i.label for i in window.notes.items()] == ["mark"]


def test_recent_files_of_the_older_two_line_form_still_open(window: MainWindow) -> None:
    window.settings.setValue("recent", ["/talks/a.txt\n/talks/a.mp4", "/talks/b.txt\n"])
    assert window.recent.pairs() == [("/talks/a.txt", "/talks/a.mp4"), ("/talks/b.txt", "")]


def test_bidi_overrides_never_reverse_names_titles_or_the_notes_panel(qtbot, window, tmp_path) -> None:
    """A right-to-left override in a speaker name, a label or a file name must not turn gnp.exe into exe.png."""
    from reader.core.display_text import has_controls
    from reader.qt.notes_panel import SpeakerRole as NoteSpeakerRole
    from reader.qt.transcript_model import SpeakerRole

    rlo = "\u202e"
    path = tmp_path / f"talk{rlo}gnp.vtt"
    path.write_text(f"WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Ana{rlo}gnp.exe>Hello {rlo}there.\n\n"
                    "00:00:05.000 --> 00:00:07.000\n<v Bo>Hi.\n", encoding="utf-8")
    assert window.open_transcript(path)
    index = window.model.index(0, 0)
    assert not has_controls(index.data(SpeakerRole)) and index.data(SpeakerRole) == "Anagnp.exe"
    assert not has_controls(window.windowTitle()) and not has_controls(window.info.text().split(" · ")[1])
    text = index.data(Qt.ItemDataRole.AccessibleTextRole)
    assert text.endswith("\u2068Hello \u202ethere.\u2069")  # the turn's own text kept, isolated
    window.view.setCurrentIndex(index)
    item = window.note_commands.add_highlight()
    window.note_commands.editor.close()
    window.notes.edit_item(item.id, label=f"see {rlo}fdp.exe")
    row = window.notes_panel.model.index(0, 0)
    assert not has_controls(row.data(Qt.ItemDataRole.DisplayRole))
    assert not has_controls(row.data(NoteSpeakerRole))
    window.recent.fill_menu(window.recent_menu)
    assert not any(has_controls(action.text()) for action in window.recent_menu.actions())


def test_a_renamed_speaker_is_shown_by_the_new_name_in_the_notes_panel(qtbot, window, sample_paths) -> None:
    from reader.qt.notes_panel import SpeakerRole as NoteSpeakerRole

    window.open_transcript(*sample_paths)
    window.view.setCurrentIndex(window.model.index(0, 0))
    window.note_commands.add_highlight()
    window.note_commands.editor.close()
    original = window.model.turn(0).speaker
    window.speakers_panel.renameRequested.emit(original, "Dr. Maya")
    row = window.notes_panel.model.index(0, 0)
    assert row.data(NoteSpeakerRole) == "Dr. Maya" and "Dr. Maya" in row.data(Qt.ItemDataRole.DisplayRole)
