"""Word documents as the transcription services export them, made here with python-docx: the paragraphs'
text is read by the text formats' detection, with the same speakers and times as their text exports."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from reader.core.errors import NotATranscriptError
from reader.core.formats import parse_file
from reader.core.formats.docx_text import docx_to_text, is_docx

docx = pytest.importorskip("docx")


def write_docx(path: Path, paragraphs: list[str], *, table: list[list[str]] | None = None) -> Path:
    """Write a Word document with `paragraphs` (and a table after them) to `path`; return `path`."""
    document = docx.Document()
    for text in paragraphs:
        paragraph = document.add_paragraph()
        lines = text.split("\n")
        for i, line in enumerate(lines):
            run = paragraph.add_run(line)
            if i < len(lines) - 1:
                run.add_break()
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    document.save(str(path))
    return path


def test_rev_word_export(tmp_path: Path) -> None:
    path = write_docx(tmp_path / "rev.docx", [
        "Interview with Ana (Completed 03/02/21)", "Transcript by Rev.com", "",
        "Speaker 1 (00:00):", "Thanks for coming in.", "",
        "Ana Lee (00:05):", "Glad to be here.", "And I brought notes.", "",
        "Speaker 1 (01:02:03):", "Bye.",
    ])
    t = parse_file(path)
    assert t.format == "rev"
    assert [(x.speaker, x.start, x.text) for x in t.turns] == [
        ("Speaker 1", 0, "Thanks for coming in."),
        ("Ana Lee", 5_000, "Glad to be here. And I brought notes."),
        ("Speaker 1", 3_723_000, "Bye."),
    ]
    assert t.title == "Interview with Ana"
    assert t.encoding is None
    assert t.turns[1].line == 7  # the document's 7th paragraph


def test_otter_word_export_with_tab_between_name_and_time(tmp_path: Path) -> None:
    path = write_docx(tmp_path / "otter.docx", [
        "Weekly sync", "Ana Lee\t0:05", "Hello, everyone.", "Unknown Speaker\t1:10", "Hi.",
        "Ana Lee\t1:01:02", "Bye.", "Transcribed by https://otter.ai",
    ])
    t = parse_file(path)
    assert t.format == "otter"
    assert [(x.speaker, x.start, x.text) for x in t.turns] == [
        ("Ana Lee", 5_000, "Hello, everyone."), ("Unknown Speaker", 70_000, "Hi."), ("Ana Lee", 3_662_000, "Bye.")]


def test_happyscribe_word_export(tmp_path: Path) -> None:
    path = write_docx(tmp_path / "happyscribe.docx", [
        "[00:00:02.410] - Teacher", "", "Good morning.", "", "[00:00:09.120] - Student 1", "", "Hello.",
    ])
    t = parse_file(path)
    assert t.format == "bracketed"
    assert [(x.speaker, x.start, x.text) for x in t.turns] == [
        ("Teacher", 2_410, "Good morning."), ("Student 1", 9_120, "Hello.")]


@pytest.mark.parametrize("name", ["trint", "descript"])
def test_trint_and_descript_word_exports(tmp_path: Path, name: str) -> None:
    path = write_docx(tmp_path / f"{name}.docx", [
        "[00:00:01] Jane Doe: Hello and welcome.", "[00:00:04] John Roe: Thanks.\nGlad to be here.",
        "[00:01:30] Jane Doe: Let's start.",
    ])
    t = parse_file(path)
    assert t.format == "bracketed"
    assert [(x.speaker, x.start, x.text) for x in t.turns] == [
        ("Jane Doe", 1_000, "Hello and welcome."), ("John Roe", 4_000, "Thanks. Glad to be here."),
        ("Jane Doe", 90_000, "Let's start.")]


def test_table_rows_are_lines(tmp_path: Path) -> None:
    path = write_docx(tmp_path / "table.docx", ["Title"], table=[["00:00:05", "Ana: Hello."], ["00:00:09", "Bo: Hi."]])
    assert docx_to_text(path.read_bytes()) == "Title\n00:00:05  Ana: Hello.\n00:00:09  Bo: Hi."


def test_other_zip_files_are_not_word_documents(tmp_path: Path) -> None:
    path = tmp_path / "archive.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("notes.txt", "Ana (00:05): hello")
    assert not is_docx(path.read_bytes())
    with pytest.raises(NotATranscriptError):
        parse_file(path)


def test_a_word_document_without_turns_is_not_a_transcript(tmp_path: Path) -> None:
    path = write_docx(tmp_path / "essay.docx", ["Just an essay.", "With two paragraphs."])
    with pytest.raises(NotATranscriptError) as info:
        parse_file(path)
    assert str(info.value).startswith(f"{path}: not a transcript")


def test_an_inflating_document_part_is_refused_before_python_docx(tmp_path: Path, monkeypatch) -> None:
    from reader.core.errors import TranscriptError
    from reader.core.formats import docx_text

    path = write_docx(tmp_path / "big.docx", ["Ana Lee (00:05): hi"])
    monkeypatch.setattr(docx_text, "MAX_DOCUMENT_XML_BYTES", 100)
    with pytest.raises(TranscriptError, match="too large"):
        parse_file(path)
