"""Golden files: every format's export of the fixed notes on the sample talk, byte for byte.

A change to an export shows up here as a diff to review. After an intended change, rewrite them with
`UPDATE_GOLDEN=1 pytest tests/core/export/test_export_golden.py` and read the diff before committing.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from reader.core.export import ExportOptions, export_notes
from reader.core.notes import NotesDocument
from reader.core.transcript import Transcript
from tests.core.export.sample_notes import EXPORTED_AT, SAMPLE

GOLDEN = Path(__file__).resolve().parent / "golden"
CASES = {
    "talk-notes.md": ("markdown", {}),
    "talk-notes-by-speaker.md": ("markdown", {"group_by": "speaker", "context": True}),
    "talk-notes-whole.md": ("markdown", {"whole_transcript": True}),
    "talk-notes.html": ("html", {}),
    "talk-notes-interactive.html": ("html", {"interactive": True, "context": True}),
    "talk-notes-whole.html": ("html", {"whole_transcript": True, "interactive": True}),
    "talk-notes.csv": ("csv", {}),
    "talk-notes.json": ("json", {}),
    "talk-notes.jsonld": ("annotations", {}),
    "talk-notes.srt": ("srt", {}),
    "talk-notes.vtt": ("vtt", {}),
}


@pytest.mark.parametrize("name", sorted(CASES))
def test_export_matches_golden_file(name: str, transcript: Transcript, document: NotesDocument) -> None:
    fmt, changes = CASES[name]
    options = ExportOptions(exported_at=EXPORTED_AT, **changes)
    data = export_notes(transcript, document, fmt, options, output_path=SAMPLE.parent / name).encode("utf-8")
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        GOLDEN.mkdir(exist_ok=True)
        path.write_bytes(data)
    assert data == path.read_bytes()
