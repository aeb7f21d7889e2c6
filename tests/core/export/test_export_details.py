"""Issue 19's export details: nothing counted is dropped, no dangling dash, quotes trimmed alike, ties in text order."""

from __future__ import annotations

import csv
import io
import json

from reader.core.export import ExportOptions, export_notes, resolve_items
from reader.core.notes import NoteItem, NotesDocument, Quote
from reader.core.transcript import Transcript, Turn

TURNS = [Turn(index=0, start=5000, end=None, speaker="Ana", text="First things first: we start late."),
         Turn(index=1, start=9000, end=None, speaker="Ben", text="Then the second turn, with more words.")]


def transcript() -> Transcript:
    return Transcript(turns=list(TURNS), format="event-page")


def highlight(turn: Turn, start: int, end: int, at_ms: int, created: str, colour: str = "yellow") -> NoteItem:
    return NoteItem("highlight", at_ms, end_ms=at_ms + 1000, turn_index=turn.index, speaker=turn.speaker,
                    quote=Quote.from_text(turn.text, start, end), char_start=start, char_end=end, color=colour,
                    created=created)


def test_srt_and_vtt_keep_a_bookmark_before_the_first_turn() -> None:
    document = NotesDocument()
    document.add(NoteItem("bookmark", 1000, label="Intro ends"))  # before the first turn: no turn, no text
    document.add(NoteItem("bookmark", 6000, turn_index=0, speaker="Ana", label="Start"))
    counted = len(resolve_items(transcript(), document, ExportOptions()))
    srt = export_notes(transcript(), document, "srt")
    assert counted == 2 and srt.count(" --> ") == counted
    assert "00:00:01,000 --> " in srt and "Intro ends" in srt
    vtt = export_notes(transcript(), document, "vtt")
    assert vtt.count(" --> ") == counted


def test_a_bookmark_without_a_speaker_has_no_dangling_dash() -> None:
    document = NotesDocument()
    document.add(NoteItem("bookmark", 1000, label="Intro ends"))
    markdown = export_notes(transcript(), document, "markdown")
    assert "[00:01] Intro ends" in markdown and "— Intro ends" not in markdown
    page = export_notes(transcript(), document, "html")
    assert '— <span class="label">' not in page and '<span class="label">Intro ends</span>' in page
    document.add(NoteItem("bookmark", 6000, turn_index=0, speaker="Ana", label="Start"))
    assert "[00:06] Ana — Start" in export_notes(transcript(), document, "markdown")  # with a speaker, kept


def test_quotes_are_trimmed_in_every_format() -> None:
    document = NotesDocument()
    text = TURNS[1].text
    start = text.index(" with more ")  # a selection that took the spaces around the words
    document.add(highlight(TURNS[1], start, start + len(" with more "), 9000, "2026-01-01T00:00:00Z"))
    data = json.loads(export_notes(transcript(), document, "json"))
    assert data["items"][0]["text"] == "with more"
    rows = list(csv.DictReader(io.StringIO(export_notes(transcript(), document, "csv").lstrip("\ufeff"))))
    assert rows[0]["quote"] == "with more"
    assert "Ben: with more\n" in export_notes(transcript(), document, "srt")
    assert "> with more" in export_notes(transcript(), document, "markdown")
    whole = export_notes(transcript(), document, "html", ExportOptions(whole_transcript=True))
    assert 'turn, <span class="hl c-yellow">with more</span> words' in whole


def test_items_at_the_same_time_follow_the_text() -> None:
    document = NotesDocument()
    text = TURNS[0].text
    later = text.index("we start")
    document.add(highlight(TURNS[0], later, later + 8, 5000, "2026-01-01T00:00:00Z", "green"))  # made first
    document.add(highlight(TURNS[0], 0, 12, 5000, "2026-01-02T00:00:00Z", "pink"))  # earlier in the text
    quotes = [item.text for item in resolve_items(transcript(), document, ExportOptions())]
    assert quotes == ["First things", "we start"]
    rows = list(csv.DictReader(io.StringIO(export_notes(transcript(), document, "csv").lstrip("\ufeff"))))
    assert [row["quote"] for row in rows] == quotes
    srt = export_notes(transcript(), document, "srt")
    assert srt.index("First things") < srt.index("we start")
