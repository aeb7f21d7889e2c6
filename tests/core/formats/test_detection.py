"""Every corpus file is recognised by content, whatever its name, and read without warnings of failure."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from reader.core.errors import NotATranscriptError
from reader.core.formats import FORMATS, detect, parse_file
from reader.core.textio import read_text

CORPUS = Path(__file__).resolve().parents[3].parent / "shared" / "corpus"
SEED = CORPUS.parent / "seed" / "000_e1fe65cacb754d70.txt"
SAMPLE = Path(__file__).resolve().parents[3] / "resources" / "sample" / "talk.txt"
EXPECTED_BY_FOLDER = {
    "srt": "srt", "vtt": "vtt", "whisper-json": "whisper-json", "whisperx-json": "whisper-json",
    "podcast-json": "podcast-json", "otter": "otter", "bracket-ts": "bracketed", "plain-ts": "bare-time",
}


def corpus_files() -> list[Path]:
    if not CORPUS.exists():
        return []
    return sorted(p for p in CORPUS.rglob("*") if p.is_file() and p.parent.name in EXPECTED_BY_FOLDER)


@pytest.mark.parametrize("path", corpus_files(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_corpus_file_is_detected_and_parsed(path: Path) -> None:
    expected = EXPECTED_BY_FOLDER[path.parent.name]
    if expected not in FORMATS:
        pytest.skip(f"{expected} is not registered")
    text, _ = read_text(path)
    assert detect(text) == expected
    transcript = parse_file(path)
    assert transcript.format == expected
    assert transcript.turns and any(t.start is not None for t in transcript.turns)
    for turn in transcript.turns:
        assert turn.text == turn.text.strip() and "  " not in turn.text


@pytest.mark.parametrize("path", corpus_files()[::3], ids=lambda p: p.name)
def test_a_renamed_file_is_still_read(path: Path, tmp_path: Path) -> None:
    expected = EXPECTED_BY_FOLDER[path.parent.name]
    if expected not in FORMATS:
        pytest.skip(f"{expected} is not registered")
    renamed = tmp_path / "download.bin"
    shutil.copy(path, renamed)
    assert parse_file(renamed).format == expected


def test_seed_and_sample_are_event_pages() -> None:
    if SEED.exists():
        assert parse_file(SEED).format == "event-page"
    assert parse_file(SAMPLE).format == "event-page"


def test_format_override_and_unknown_format(tmp_path: Path) -> None:
    from reader.core.errors import TranscriptError

    with pytest.raises(TranscriptError, match="unknown format 'nope'"):
        parse_file(SAMPLE, format="nope")
    prose = tmp_path / "essay.md"
    prose.write_text("# Notes\n\nSome thoughts (12:18) about things.\n\nMore prose here.\n")
    with pytest.raises(NotATranscriptError, match="not a transcript"):
        parse_file(prose)


@pytest.mark.parametrize(("content", "message"), [
    ('{"results": {"items": [{"start": 1.0, "word": "hi"}]}, "status": "done"}',
     "not a transcript: timed text in an unknown JSON layout: keys results, status"),
    ('{"a": 1, "b": 2, "c": 3, "d": 4, "e": 5, "f": 6, "g": [{"offset": 3}]}',
     "not a transcript: timed text in an unknown JSON layout: keys a, b, c, d, e, f…"),
    ('{"name": "x"}', "not a transcript: JSON without timed text (keys name)"),
    ('<?xml version="1.0"?><transcript><text start="1.5" dur="2">hi</text></transcript>',
     "not a transcript: timed text in an unknown XML layout: root element <transcript>"),
    ("Just some prose.\n\nMore prose.\n", "not a transcript: no turns with times or speakers found"),
])
def test_an_unknown_file_is_described_honestly(tmp_path: Path, content: str, message: str) -> None:
    path = tmp_path / "unknown.dat"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(NotATranscriptError) as info:
        parse_file(path)
    assert info.value.message == message
