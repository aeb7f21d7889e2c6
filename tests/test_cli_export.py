"""`transcript-reader export`: the notes of a transcript in each format, from the command line."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import sys
from pathlib import Path

from reader.core.notes import NoteItem, NotesDocument, Quote
from reader.core.notes_store import NotesStore

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "resources" / "sample" / "talk.txt"
NO_QT = ("import sys; sys.modules['PySide6'] = None; sys.modules['vlc'] = None; "
         "from reader.cli import main; sys.exit(main(sys.argv[1:]))")


def with_notes(tmp_path: Path) -> Path:
    transcript = tmp_path / "talk.txt"
    shutil.copy(SAMPLE, transcript)
    text = "Because listening is linear and memory is not."
    document = NotesDocument(transcript_path=str(transcript))
    document.add(NoteItem(kind="highlight", start_ms=22_000, turn_index=4, speaker="Tomás Okafor",
                          quote=Quote(text), char_start=0, char_end=len(text), color="green",
                          note="=HYPERLINK(\"http://x\") <b>key</b>", tags=["method"]))
    document.add(NoteItem(kind="bookmark", start_ms=77_000, turn_index=14, speaker="Priya Raman", label="Quote"))
    NotesStore(tmp_path / "talk.txt.notes.json").save(document)
    return transcript


def run(*args: str, qt: bool = False) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-m", "reader", *args] if qt else [sys.executable, "-c", NO_QT, *args]
    return subprocess.run(command, capture_output=True, text=True, cwd=ROOT, encoding="utf-8")


def test_markdown_to_stdout_without_qt(tmp_path: Path) -> None:
    result = run("export", str(with_notes(tmp_path)), "-f", "md")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "[00:22]" in out and "[01:17]" in out and out.index("[00:22]") < out.index("[01:17]")
    assert "> Because listening is linear and memory is not." in out
    assert "#method" in out and "<b>key</b>" not in out


def test_csv_file_is_neutralised_and_has_a_bom(tmp_path: Path) -> None:
    out = tmp_path / "notes.csv"
    result = run("export", str(with_notes(tmp_path)), "-f", "csv", "-o", str(out))
    assert result.returncode == 0, result.stderr
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    notes = [row for row in rows if row.get("kind") == "highlight"]
    assert notes and all(not value.startswith("=") for value in notes[0].values())
    again = run("export", str(with_notes(tmp_path)), "-f", "csv", "-o", str(out))
    assert again.returncode == 2 and "exists" in again.stderr


def test_pdf_needs_an_output_and_is_written(tmp_path: Path) -> None:
    transcript = with_notes(tmp_path)
    assert run("export", str(transcript), "-f", "pdf").returncode == 2
    out = tmp_path / "notes.pdf"
    result = run("export", str(transcript), "-f", "pdf", "-o", str(out), qt=True)
    assert result.returncode == 0, result.stderr
    assert out.read_bytes().startswith(b"%PDF")


def test_no_notes_or_no_match_exits_1_with_one_line(tmp_path: Path) -> None:
    bare = tmp_path / "bare" / "talk.txt"
    bare.parent.mkdir()
    shutil.copy(SAMPLE, bare)
    result = run("export", str(bare), "-f", "md")
    assert result.returncode == 1 and len(result.stderr.strip().splitlines()) == 1 and "no notes" in result.stderr
    result = run("export", str(with_notes(tmp_path)), "-f", "md", "--colour", "pink", "--kind", "highlight")
    assert result.returncode == 1 and "no bookmarks or highlights match" in result.stderr
