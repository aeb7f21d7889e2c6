"""Podcasting 2.0 JSON transcripts: the canonical example and made-up files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.errors import NotATranscriptError, TranscriptError
from reader.core.formats import whisper_json
from reader.core.formats.podcast_json import SIGNATURE, parse, sniff
from reader.core.textio import read_text
from reader.core.transcript import Transcript

CORPUS = Path(__file__).resolve().parents[3].parent / "shared" / "corpus"


def assert_clean_text(transcript: Transcript) -> None:
    """Assert every turn's text is non-empty with single spaces and no spaces at its ends."""
    for turn in transcript.turns:
        assert turn.text and turn.text == " ".join(turn.text.split()), turn.index


def test_podcastindex_example_merges_words_into_turns() -> None:
    path = CORPUS / "podcast-json" / "podcastindex-example.json"
    if not path.exists():
        pytest.skip("the shared corpus is not present")
    text, _ = read_text(path)
    assert sniff(text) == SIGNATURE + 5
    assert whisper_json.sniff(text) == 0
    t = parse(text, path=path)
    assert t.format == "podcast-json"
    assert t.title is None
    assert t.speakers == ["Darth Vader", "Luke"]
    # Five one-word segments (int and float seconds) become two turns; each word keeps its start.
    assert [(turn.speaker, turn.start, turn.end, turn.text) for turn in t.turns] == [
        ("Darth Vader", 500, 2500, "I am your father."),
        ("Luke", 2750, 3000, "Nooooo"),
    ]
    assert t.turns[0].anchors == [(2, 1000), (5, 1500), (10, 2250)]
    assert t.turns[1].anchors == []
    assert sum(len(turn.text.split()) for turn in t.turns) == 5
    assert t.warnings == []
    assert_clean_text(t)


def segment(speaker: str | None, start: float, end: float, body: str) -> dict[str, object]:
    """Return one Podcasting 2.0 segment."""
    item: dict[str, object] = {"startTime": start, "endTime": end, "body": body}
    if speaker is not None:
        item["speaker"] = speaker
    return item


def test_word_level_segments_merge_by_speaker_and_pause() -> None:
    segments = [
        segment("Ann", 0, 0.4, "Well,"), segment("Ann", 0.5, 0.9, "hello."),
        segment("Ann", 5.0, 5.3, "Again."),  # a 4.1 s pause: a new paragraph
        segment("Bo", 5.4, 5.6, "Hi"), segment("Bo", 5.7, 6.25, " there "),
        segment(None, 7, 8, "Anyone?"),
    ]
    t = parse(json.dumps({"version": "1.0.0", "segments": segments}))
    assert [(turn.speaker, turn.start, turn.end, turn.text, turn.anchors) for turn in t.turns] == [
        ("Ann", 0, 900, "Well, hello.", [(6, 500)]),
        ("Ann", 5000, 5300, "Again.", []),
        ("Bo", 5400, 6250, "Hi there", [(3, 5700)]),
        (None, 7000, 8000, "Anyone?", []),
    ]
    assert t.warnings == []


def test_segments_without_body_are_not_a_transcript() -> None:
    text = json.dumps({"version": "1.0.0", "segments": [{"speaker": "A", "startTime": 0, "endTime": 1}]})
    assert sniff(text) == SIGNATURE + 1
    with pytest.raises(NotATranscriptError, match='segments have no text'):
        parse(text)


def test_some_segments_without_body_are_skipped_with_a_warning() -> None:
    text = json.dumps({"title": "Episode 4", "segments": [
        segment("A", 0, 1, "Kept."), {"startTime": 1, "endTime": 2}, segment("A", 2, 3, "Also kept."),
        segment("A", 2.5, 2.0, "Odd."), segment("A", "x", 4, "Untimed."),
    ]})
    t = parse(text)
    assert t.title == "Episode 4"
    assert [turn.text for turn in t.turns] == ["Kept. Also kept. Odd. Untimed."]
    assert t.warnings == [
        "segment 1: no body text; skipped",
        'segment 4: startTime "x" is not a time; ignored',
        "segment 3: cue ends before it starts",
        "segment 3: cue overlaps the previous one",
    ]


def test_times_past_a_thousand_hours_are_ignored() -> None:
    # Found by fuzzing: a 400-digit startTime made the JSON output overflow a float.
    t = parse('{"segments": [{"startTime": 1' + "0" * 400 + ', "endTime": 2, "body": "Hi"}]}')
    assert [(turn.start, turn.end) for turn in t.turns] == [(None, 2000)]
    assert len(t.warnings) == 1 and t.warnings[0].startswith("segment 0: startTime 1000")
    json.dumps(t.to_json_dict())


def test_invalid_json_names_the_line() -> None:
    text = '{\n  "version": "1.0.0",\n  "segments": [\n    {"startTime": 0 "endTime": 1}\n  ]\n}'
    with pytest.raises(TranscriptError) as caught:
        parse(text, path=Path("episode.json"))
    assert caught.value.line == 4
    assert str(caught.value).startswith("episode.json:4: invalid JSON: Expecting ',' delimiter")


@pytest.mark.parametrize("text", ['[]', '{"version": "1.0.0"}', '{"segments": []}', "3", '{"segments": "x"}'])
def test_json_of_the_wrong_shape_is_not_a_transcript(text: str) -> None:
    with pytest.raises(NotATranscriptError, match="not a transcript: JSON without segments"):
        parse(text)
    assert sniff(text) == 0


@pytest.mark.parametrize("text", ["", "plain words", "{broken", '{"segments": [{"start": 0, "end": 1, "text": "a"}]}'])
def test_sniff_ignores_other_text(text: str) -> None:
    assert sniff(text) == 0


# --- whatever the input, a transcript or our error ----------------------------------------------------------

KEYS = st.sampled_from(["version", "segments", "speaker", "startTime", "endTime", "body", "title"]) | st.text(
    max_size=6)
SCALARS = (st.none() | st.booleans() | st.integers(min_value=-10**15, max_value=10**15) | st.floats()
           | st.text(max_size=12))
JSON_VALUES = st.recursive(SCALARS, lambda children: st.lists(children, max_size=5)
                           | st.dictionaries(KEYS, children, max_size=6), max_leaves=40)
# Mostly well-formed segments with odd values mixed in, so generated files reach the merging code too.
TIMES = st.floats(min_value=0, max_value=1e5) | st.integers(min_value=0, max_value=10**5) | SCALARS
SEGMENTS = st.fixed_dictionaries({"startTime": TIMES, "endTime": TIMES},
                                 optional={"body": st.text(max_size=20) | SCALARS,
                                           "speaker": st.sampled_from(["Ann", "Bo"]) | SCALARS})


def check_parse(text: str) -> None:
    """Assert that `text` gives a well-formed transcript or our TranscriptError, nothing else."""
    assert isinstance(sniff(text), int)
    try:
        t = parse(text)
    except TranscriptError:
        return
    assert t.turns
    assert_clean_text(t)
    for turn in t.turns:
        offsets = [offset for offset, _ in turn.anchors]
        assert offsets == sorted(set(offsets)) and all(0 < offset <= len(turn.text) for offset in offsets)


@settings(max_examples=200, deadline=None)
@given(JSON_VALUES | st.fixed_dictionaries({"segments": st.lists(SEGMENTS | JSON_VALUES, max_size=8)}))
def test_arbitrary_json_gives_a_transcript_or_our_error(value: object) -> None:
    check_parse(json.dumps(value))


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_arbitrary_text_gives_a_transcript_or_our_error(text: str) -> None:
    check_parse(text)
