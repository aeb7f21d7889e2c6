"""Whisper JSON: openai-whisper, whisper-timestamped, WhisperX and whisper.cpp output, real and made-up."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.errors import NotATranscriptError, TranscriptError
from reader.core.formats import json_segments
from reader.core.formats.whisper_json import SIGNATURE, parse, sniff
from reader.core.textio import read_text
from reader.core.transcript import Transcript

CORPUS = Path(__file__).resolve().parents[3].parent / "shared" / "corpus"


def corpus_file(relative: str) -> Path:
    """Return a shared corpus file, skipping the test when the corpus is absent."""
    path = CORPUS / relative
    if not path.exists():
        pytest.skip(f"the shared corpus file {relative} is not present")
    return path


def parse_corpus(relative: str) -> tuple[Transcript, str]:
    """Return the corpus file parsed as whisper JSON, and its text."""
    path = corpus_file(relative)
    text, _ = read_text(path)
    return parse(text, path=path), text


def assert_clean_text(transcript: Transcript) -> None:
    """Assert every turn's text is non-empty with single spaces and no spaces at its ends."""
    for turn in transcript.turns:
        assert turn.text and turn.text == " ".join(turn.text.split()), turn.index


def word_count(transcript: Transcript) -> int:
    """Return the number of whitespace-separated words in all turns."""
    return sum(len(turn.text.split()) for turn in transcript.turns)


def assert_anchors_at_words(transcript: Transcript, words: list[str]) -> None:
    """Assert each turn's start and anchors point, in order, at the file's words (one time per word)."""
    found = []
    for turn in transcript.turns:
        found.append(turn.text.split(" ", 1)[0])
        found += [turn.text[offset:].split(" ", 1)[0] for offset, _ in turn.anchors]
    assert found == words


# --- the shared corpus -------------------------------------------------------------------------------------

def test_openai_whisper_cli_jfk_is_one_untimed_turn() -> None:
    t, text = parse_corpus("whisper-json/openai-whisper-cli-jfk.json")
    assert sniff(text) == SIGNATURE + 1
    assert t.format == "whisper-json"
    assert t.title is None
    assert len(t.turns) == 1
    assert t.speakers == []
    turn = t.turns[0]
    assert (turn.start, turn.end) == (0, 10_380)
    assert turn.text == ("And so, my fellow Americans, ask not what your country can do for you, "
                         "ask what you can do for your country.")
    assert word_count(t) == 22
    assert turn.anchors == []  # the CLI wrote no word times (no --word_timestamps)
    assert t.warnings == []
    assert_clean_text(t)


def test_whisper_timestamped_apollo11_merges_by_pauses_and_keeps_every_word_time() -> None:
    t, text = parse_corpus("whisper-json/whisper-timestamped-apollo11-en.json")
    assert sniff(text) == SIGNATURE + 15
    # 15 segments; pauses over 3 s (before segments 1, 4 and 11) start new turns.
    assert len(t.turns) == 4
    assert t.speakers == []
    assert [turn.start for turn in t.turns] == [360, 10_800, 31_180, 65_200]
    assert [turn.end for turn in t.turns] == [6_960, 24_900, 61_920, 78_480]
    assert [len(turn.text.split()) for turn in t.turns] == [16, 37, 56, 37]
    assert word_count(t) == 146
    assert t.turns[0].text.startswith("Apollo 11, Houston. We got a recommendation")
    assert t.turns[-1].text.endswith("we'll let you know where the end of the line is.")
    # The per-word list uses the key `text`; every one of its 146 words keeps its time.
    words = [w["text"] for s in json.loads(text)["segments"] for w in s["words"]]
    assert len(words) == 146
    assert_anchors_at_words(t, words)
    assert t.turns[0].anchors[:2] == [(7, 920), (11, 1_500)]  # "11," at 0.92 s, "Houston." at 1.5 s
    assert t.warnings == []
    assert_clean_text(t)


def test_whisperx_align_output_uses_segments_not_word_segments_too() -> None:
    t, text = parse_corpus("whisperx-json/whisperx-align-output-en.json")
    assert sniff(text) == SIGNATURE + 1
    assert len(t.turns) == 1
    assert t.speakers == []
    turn = t.turns[0]
    assert turn.text == "This is a test audio file of about phone line quality in English."  # not doubled
    assert (turn.start, turn.end) == (2_878, 10_199)
    assert word_count(t) == 13
    words = [w["word"] for w in json.loads(text)["segments"][0]["words"]]
    assert_anchors_at_words(t, words)
    assert [ms for _, ms in turn.anchors] == [3_119, 3_319, 3_440, 3_941, 4_362, 6_087, 6_589, 7_732, 7_992,
                                              8_374, 9_537, 9_958]
    assert t.warnings == []
    assert_clean_text(t)


@pytest.mark.parametrize("relative", ["podcast-json/podcastindex-example.json"])
def test_podcast_json_is_not_sniffed_as_whisper(relative: str) -> None:
    text, _ = read_text(corpus_file(relative))
    assert sniff(text) == 0


# --- made-up files ------------------------------------------------------------------------------------------

def test_whisper_cpp_offsets_are_milliseconds_and_speakers_are_kept() -> None:
    text = json.dumps({
        "systeminfo": "AVX = 1", "result": {"language": "en"},
        "transcription": [
            {"timestamps": {"from": "00:00:00,000", "to": "00:00:02,500"}, "offsets": {"from": 0, "to": 2500},
             "text": " Hello there.", "speaker": "0"},
            {"timestamps": {"from": "00:00:02,500", "to": "00:00:04,000"}, "offsets": {"from": 2500, "to": 4000},
             "text": " How are you?", "speaker": "0"},
            {"timestamps": {"from": "00:00:04,200", "to": "00:00:05,000"}, "offsets": {"from": 4200, "to": 5000},
             "text": " Fine.", "speaker": "1"},
            {"timestamps": {"from": "00:01:01,250", "to": "00:01:02,000"}, "text": " Unsure.", "speaker": "?"},
        ],
    })
    assert sniff(text) == SIGNATURE + 3  # the entry without offsets does not count as evidence
    t = parse(text)
    assert [(turn.speaker, turn.start, turn.end, turn.text) for turn in t.turns] == [
        ("0", 0, 4000, "Hello there. How are you?"),
        ("1", 4200, 5000, "Fine."),
        (None, 61_250, 62_000, "Unsure."),  # "?" is whisper.cpp not knowing; read from `timestamps`
    ]
    assert t.turns[0].anchors == [(13, 2500)]


def whisperx_segment(words: list[dict[str, object]], **extra: object) -> dict[str, object]:
    """Return a WhisperX segment holding `words` (text, times from the first and last timed word)."""
    timed = [w for w in words if "start" in w]
    return {"start": timed[0]["start"], "end": timed[-1]["end"], "text": " " + " ".join(str(w["word"]) for w in words),
            "words": words, **extra}


def test_whisperx_speaker_change_inside_a_segment_splits_it() -> None:
    words = [
        {"word": "So", "start": 1.0, "end": 1.2, "score": 0.9, "speaker": "SPEAKER_00"},
        {"word": "what?", "start": 1.3, "end": 1.6, "score": 0.9, "speaker": "SPEAKER_00"},
        {"word": "Exactly", "start": 1.9, "end": 2.4, "score": 0.8, "speaker": "SPEAKER_01"},
        {"word": "that.", "start": 2.5, "end": 2.9, "score": 0.8},  # no speaker: stays with the run
    ]
    text = json.dumps({"segments": [whisperx_segment(words, speaker="SPEAKER_00")], "word_segments": words})
    t = parse(text)
    assert [(turn.speaker, turn.start, turn.end, turn.text) for turn in t.turns] == [
        ("SPEAKER_00", 1000, 1600, "So what?"),
        ("SPEAKER_01", 1900, 2900, "Exactly that."),
    ]
    assert t.turns[0].anchors == [(3, 1300)]
    assert t.turns[1].anchors == [(8, 2500)]
    assert t.speakers == ["SPEAKER_00", "SPEAKER_01"]


def test_whisperx_words_without_times_stay_untimed() -> None:
    words = [
        {"word": "In", "start": 0.5, "end": 0.6, "score": 0.9},
        {"word": "1990", "score": 0.0},  # WhisperX cannot align digits: no start/end
        {"word": "we", "start": 1.4, "end": 1.5, "score": 0.9},
        {"word": "left.", "start": 1.6, "end": 1.9, "score": 0.9},
    ]
    t = parse(json.dumps({"segments": [whisperx_segment(words, speaker="SPEAKER_03")]}))
    assert len(t.turns) == 1
    turn = t.turns[0]
    assert (turn.speaker, turn.text, turn.start, turn.end) == ("SPEAKER_03", "In 1990 we left.", 500, 1900)
    assert turn.anchors == [(8, 1400), (11, 1600)]


def test_openai_words_with_leading_spaces_are_joined_when_the_segment_has_no_text() -> None:
    words = [{"word": " Hello", "start": 0.0, "end": 0.4}, {"word": ",", "start": 0.4, "end": 0.5},
             {"word": " world", "start": 0.6, "end": 1.0}, {"word": ".", "start": 1.0, "end": 1.1}]
    t = parse(json.dumps({"segments": [{"start": 0.0, "end": 1.1, "text": "", "words": words}]}))
    assert t.turns[0].text == "Hello, world."
    assert t.turns[0].anchors == [(5, 400), (7, 600), (12, 1000)]


def test_whisperx_words_without_spaces_are_joined_with_spaces_when_the_text_disagrees() -> None:
    words = [{"word": "one", "start": 0.0, "end": 0.2}, {"word": "two", "start": 0.3, "end": 0.5}]
    t = parse(json.dumps({"segments": [{"start": 0.0, "end": 0.5, "text": " uno dos", "words": words}]}))
    assert t.turns[0].text == "one two"
    assert t.turns[0].anchors == [(4, 300)]


def test_word_segments_alone_are_read_when_segments_are_empty() -> None:
    words = [{"word": "Just", "start": 0.1, "end": 0.3, "speaker": "SPEAKER_00"},
             {"word": "words.", "start": 0.4, "end": 0.9, "speaker": "SPEAKER_00"}]
    t = parse(json.dumps({"segments": [], "word_segments": words}))
    assert [(turn.speaker, turn.start, turn.text, turn.anchors) for turn in t.turns] == [
        ("SPEAKER_00", 100, "Just words.", [(5, 400)]),
    ]


def test_seconds_round_to_the_nearest_millisecond() -> None:
    # 2.878 * 1000 is 2877.9999999999995 in floating point: truncating would lose a millisecond.
    t = parse(json.dumps({"segments": [{"start": 2.878, "end": 4, "text": "x"}]}))
    assert (t.turns[0].start, t.turns[0].end) == (2878, 4000)


def test_timing_problems_are_warned_by_segment_index() -> None:
    text = json.dumps({"title": "  A  talk ", "segments": [
        {"start": 0.0, "end": 2.0, "text": " One."},
        {"start": 1.5, "end": 3.0, "text": " Two."},
        {"start": "soon", "end": -1, "text": " Three."},
        "garbage",
        {"start": 9.0, "end": 8.0, "text": " Four."},
    ]})
    t = parse(text)
    assert t.title == "A talk"
    assert t.warnings == [
        'segment 2: start "soon" is not a time; ignored',
        "segment 2: end -1 is not a time; ignored",
        "segment 3: not a JSON object; skipped",
        "segment 1: cue overlaps the previous one",
        "segment 4: cue ends before it starts",
    ]
    assert [turn.text for turn in t.turns] == ["One. Two. Three.", "Four."]


def test_times_past_a_thousand_hours_are_ignored_with_a_warning() -> None:
    # Found by fuzzing: a 400-digit number of seconds became a time whose JSON output overflowed a float.
    huge = "1" + "0" * 400
    text = ('{"segments": [{"start": ' + huge + ', "end": 1e300, "text": " One."},'
            ' {"start": 3599999.9994, "end": 3600000, "text": " Two."}]}')
    t = parse(text)
    # The first segment lost its times, so it joins the second, the latest time still read.
    assert [(turn.start, turn.end, turn.text) for turn in t.turns] == [(3_599_999_999, 3_600_000_000, "One. Two.")]
    assert t.warnings[:2] == [f"segment 0: start {huge[:27]}... is not a time; ignored",
                              "segment 0: end 1e+300 is not a time; ignored"]
    json.dumps(t.to_json_dict())


def test_whisper_cpp_stamp_with_a_huge_hour_is_no_time() -> None:
    # Found by fuzzing: `\d+` hours of 5,000 digits made int() raise ValueError.
    stamp = "9" * 5000 + ":00:00,000"
    t = parse(json.dumps({"transcription": [{"timestamps": {"from": stamp, "to": "00:00:02,000"}, "text": "Hi"}]}))
    assert [(turn.start, turn.end, turn.text) for turn in t.turns] == [(None, 2000, "Hi")]


def test_invalid_json_names_the_line() -> None:
    text = '{\n  "segments": [\n    {"start": 0, "end": 1, "text": "a",}\n  ]\n}\n'
    with pytest.raises(TranscriptError) as caught:
        parse(text, path=Path("talk.json"))
    assert not isinstance(caught.value, NotATranscriptError)
    assert caught.value.line == 3
    assert str(caught.value).startswith("talk.json:3: invalid JSON: ")


def test_json_nested_too_deeply_is_our_error_not_a_crash() -> None:
    with pytest.raises(TranscriptError, match="nested too deeply"):
        parse('{"segments": ' + "[" * 100_000 + "]" * 100_000 + "}")


@pytest.mark.parametrize("text", ['[1, 2]', '{"foo": 1}', '{"segments": []}', '"segments"', "null",
                                  '{"segments": {"start": 0}}'])
def test_json_of_the_wrong_shape_is_not_a_transcript(text: str) -> None:
    with pytest.raises(NotATranscriptError, match="not a transcript: JSON without segments"):
        parse(text)
    assert sniff(text) == 0


def test_segments_without_text_are_not_a_transcript() -> None:
    with pytest.raises(NotATranscriptError, match="hold no text"):
        parse(json.dumps({"segments": [{"start": 0, "end": 1, "text": "  "}, {"start": 1, "end": 2}]}))


@pytest.mark.parametrize("text", ["", "WEBVTT\n\n00:00.000 --> 00:01.000\nhi\n", "{not json", "  [ {} ]",
                                  '{"segments": [{"startTime": 0, "endTime": 1, "body": "x"}]}'])
def test_sniff_ignores_other_text(text: str) -> None:
    assert sniff(text) == 0


def test_sniff_and_parse_decode_the_text_once() -> None:
    text = json.dumps({"segments": [{"start": 0, "end": 1, "text": "Once."}]})
    json_segments._decode.cache_clear()
    assert sniff(text) == SIGNATURE + 1
    parse(text)
    assert json_segments._decode.cache_info().misses == 1


# --- whatever the input, a transcript or our error ----------------------------------------------------------

KEYS = st.sampled_from(["segments", "transcription", "word_segments", "words", "start", "end", "text", "word",
                        "speaker", "offsets", "timestamps", "from", "to", "title", "metadata"]) | st.text(max_size=6)
SCALARS = (st.none() | st.booleans() | st.integers(min_value=-10**15, max_value=10**15) | st.floats()
           | st.text(max_size=12) | st.sampled_from(["00:00:01,500", " word", "SPEAKER_00", "?"]))
JSON_VALUES = st.recursive(SCALARS, lambda children: st.lists(children, max_size=5)
                           | st.dictionaries(KEYS, children, max_size=6), max_leaves=40)
# Mostly well-formed pieces with odd values mixed in, so generated files reach the merging code too.
TIMES = st.floats(min_value=0, max_value=1e5) | SCALARS
SPEAKERS = st.sampled_from(["SPEAKER_00", "SPEAKER_01"]) | SCALARS
WORDS = st.fixed_dictionaries({"word": st.text(max_size=8) | SCALARS},
                              optional={"start": TIMES, "end": TIMES, "speaker": SPEAKERS, "text": SCALARS})
SEGMENTS = st.fixed_dictionaries({"start": TIMES, "end": TIMES, "text": st.text(max_size=30) | SCALARS},
                                 optional={"words": st.lists(WORDS, max_size=6) | JSON_VALUES,
                                           "speaker": SPEAKERS})
CPP_ENTRIES = st.fixed_dictionaries({"offsets": st.fixed_dictionaries({"from": TIMES, "to": TIMES}),
                                     "text": st.text(max_size=30) | SCALARS}, optional={"speaker": SPEAKERS})


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
@given(JSON_VALUES | st.fixed_dictionaries({"segments": st.lists(SEGMENTS | JSON_VALUES, max_size=6)})
       | st.fixed_dictionaries({"transcription": st.lists(CPP_ENTRIES | JSON_VALUES, max_size=6)}))
def test_arbitrary_json_gives_a_transcript_or_our_error(value: object) -> None:
    check_parse(json.dumps(value))


@settings(max_examples=200, deadline=None)
@given(st.text())
def test_arbitrary_text_gives_a_transcript_or_our_error(text: str) -> None:
    check_parse(text)
