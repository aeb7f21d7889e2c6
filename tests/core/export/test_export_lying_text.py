"""Text that lies: NUL characters, `-->` in WebVTT comments, bidi controls that reverse what is shown."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from reader.core.display_text import BIDI_CONTROLS, FSI, PDI, isolate, neutralise
from reader.core.export import ExportOptions, export_notes
from reader.core.export.srt_vtt import comment
from reader.core.formats import parse_file, parse_text
from reader.core.notes import NoteItem, NotesDocument, Quote
from reader.core.transcript import Transcript, Turn

TEXT_FORMATS = ["markdown", "html", "csv", "srt", "vtt"]
RLO = "\u202e"


def exported(transcript: Transcript, document: NotesDocument, fmt: str, **options: object) -> str:
    return export_notes(transcript, document, fmt, ExportOptions(exported_at=datetime(2024, 1, 1), **options),
                        media_path=Path(f"rec{RLO}4pm.exe"))


def with_highlight(transcript: Transcript, turn: int = 0, **fields: object) -> NotesDocument:
    text = transcript.turns[turn].text
    document = NotesDocument()
    document.add(NoteItem(kind="highlight", start_ms=transcript.turns[turn].start or 0, turn_index=turn,
                          speaker=transcript.turns[turn].speaker, quote=Quote.from_text(text, 0, len(text)),
                          char_start=0, char_end=len(text), **fields))  # type: ignore[arg-type]
    return document


# -- NUL ------------------------------------------------------------------------------------------------

def test_nul_in_a_utf16_transcript_is_replaced_at_parse_time_with_a_warning(tmp_path: Path) -> None:
    path = tmp_path / "talk.txt"
    path.write_bytes("Ana (00:01): We\x00 record every\x00 interview twice.\n".encode("utf-16"))
    transcript = parse_file(path)
    assert all("\x00" not in (turn.text + (turn.speaker or "")) for turn in transcript.turns)
    assert "\ufffd" in transcript.turns[0].text
    assert any("NUL" in warning for warning in transcript.warnings)


def test_nul_escaped_in_json_is_replaced_too() -> None:
    text = json.dumps({"text": "a", "segments": [{"start": 0.0, "end": 1.0, "text": "one\u0000two"}]})
    transcript = parse_text(text)
    assert "\x00" not in transcript.turns[0].text and transcript.warnings


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_no_export_carries_a_nul(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / "talk.txt"
    path.write_bytes("Ana (00:01): We\x00 record.\n".encode("utf-16"))
    transcript = parse_file(path)
    document = with_highlight(transcript, label="lab\x00el", note="no\x00te")
    assert "\x00" not in exported(transcript, document, fmt, context=True)


# -- WebVTT comments ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["--->", "---->", "a --> b", "- ->", "-- >", "-->-->", "--\n>"])
def test_vtt_comments_never_hold_an_arrow_and_escaping_is_idempotent(text: str) -> None:
    once = comment(text)
    assert "-->" not in once and comment(once) == once


def test_vtt_cue_ids_and_note_blocks_hold_no_arrow() -> None:
    transcript = Transcript([Turn(0, 1000, "Ana", "Hello there.")], "bracketed")
    document = with_highlight(transcript, label="a --->b", note="c ---->d")
    document.items[0].id = "x- ->y--->"
    text = exported(transcript, document, "vtt")
    assert text.count("-->") == 1  # the timing line only


# -- bidi controls -----------------------------------------------------------------------------------------

def test_neutralise_and_isolate() -> None:
    assert neutralise(f"gnp{RLO}.exe") == "gnp.exe"
    assert neutralise("plain") == "plain"
    assert isolate("plain") == "plain"  # nothing to isolate: text without controls is left alone
    assert isolate(f"a{RLO}b") == f"{FSI}a{RLO}b{PDI}"
    # A stray closer inside would end our isolate early and let the override out: it is dropped.
    assert isolate(f"\u2069{RLO}x") == f"{FSI}{RLO}x{PDI}"


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_names_labels_and_file_names_lose_their_bidi_controls(fmt: str) -> None:
    transcript = Transcript([Turn(0, 1000, f"Eve{RLO}lyn", "Hello there.")], "bracketed",
                            title=f"Talk{RLO}gnp.exe", source=Path(f"talk{RLO}txt.exe"))
    document = with_highlight(transcript, label=f"see{RLO}this", tags=[f"t{RLO}ag"])
    text = exported(transcript, document, fmt)
    assert RLO not in text


@pytest.mark.parametrize("fmt", TEXT_FORMATS)
def test_transcript_text_with_an_override_is_isolated(fmt: str) -> None:
    transcript = Transcript([Turn(0, 1000, "Ana", f"I paid {RLO}$5 only.")], "bracketed")
    document = with_highlight(transcript, note=f"my {RLO}note")
    text = exported(transcript, document, fmt, context=True)
    for at in [i for i, char in enumerate(text) if char == RLO]:
        if fmt == "html":
            assert text.rfind("<bdi>", 0, at) > text.rfind("</bdi>", 0, at), text
        else:
            assert text.rfind(FSI, 0, at) > text.rfind(PDI, 0, at), text
    assert RLO in text  # the transcript says what it says: isolated, not rewritten


def test_every_control_is_known() -> None:
    assert set(BIDI_CONTROLS) == set("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def test_messages_about_a_notes_file_show_its_name_without_bidi_controls(tmp_path: Path) -> None:
    from reader.core.notes_store import NotesStore

    path = tmp_path / f"talk{RLO}txt.exe.notes.json"
    path.write_bytes(b"{ not json")
    (message,) = NotesStore(path).load().messages
    assert RLO not in message and "talktxt.exe.notes.json.corrupt-" in message
