"""Rev transcript JSON: made-up documents for what the real one (test_corpus2) does not show."""

from __future__ import annotations

import json

import pytest

from reader.core.errors import NotATranscriptError, TranscriptError
from reader.core.formats import detect, parse_text
from reader.core.formats.common import SIGNATURE
from reader.core.formats.rev_json import parse, sniff


def word(value: str, start: str | None = None, end: str | None = None) -> dict[str, str]:
    element = {"type": "text", "value": value}
    if start is not None:
        element["timestamp"] = start
    if end is not None:
        element["end_timestamp"] = end
    return element


SPACE = word(" ")

DOCUMENT = {
    "speakers": [{"id": 1, "name": "Interviewee"}, {"id": 2, "name": "Interviewer"}],
    "monologues": [
        {"id": 1, "speaker": 2, "speaker_name": "Interviewer", "elements": [
            word("Ready", "00:00:01,000", "00:00:01,400"), word("?"), SPACE,
            {"type": "tag", "value": "crosstalk", "timestamp": "00:00:01,500"}]},
        # No speaker_name: the speakers list names speaker 1.
        {"id": 2, "speaker": 1, "elements": [
            word("Yes", "00:00:02,000", "00:00:02,300"), word(","), SPACE, word("I"), SPACE,
            word("am", "00:00:02,600", "00:00:02,800"), word(".")]},
    ],
}


def test_speakers_tags_and_glued_punctuation() -> None:
    text = json.dumps(DOCUMENT)
    assert sniff(text) == SIGNATURE + 2
    assert detect(text) == "rev-json"
    t = parse(text)
    assert [(turn.speaker, turn.start, turn.end, turn.text) for turn in t.turns] == [
        ("Interviewer", 1000, 1400, "Ready? [crosstalk]"), ("Interviewee", 2000, 2800, "Yes, I am.")]
    assert t.turns[0].anchors == [(7, 1500)]  # the tag's time
    assert t.turns[1].anchors == [(7, 2600)]  # the untimed "I" has none
    assert not t.warnings


def test_revai_json_is_not_claimed() -> None:
    revai = {"monologues": [{"speaker": 0, "elements": [
        {"type": "text", "value": "Hello", "ts": 0.5, "end_ts": 0.9}, {"type": "punct", "value": "."}]}]}
    assert sniff(json.dumps(revai)) == 0
    assert detect(json.dumps(revai)) == "revai-json"


def test_untimed_document_with_speakers_and_unnamed_speaker_numbers() -> None:
    doc = {"speakers": [{"id": 1, "name": "Ana"}], "monologues": [
        {"speaker": 1, "elements": [word("Hi"), word(".")]},
        {"speaker": 7, "elements": [word("Hello"), word(".")]}]}
    t = parse_text(json.dumps(doc))
    assert t.format == "rev-json"
    assert [(turn.speaker, turn.text) for turn in t.turns] == [("Ana", "Hi."), ("Speaker 7", "Hello.")]


def test_bad_times_are_warned_and_ignored() -> None:
    doc = {"monologues": [{"speaker": 1, "elements": [
        word("One", "00:00:01,000"), SPACE, word("two", "soon"), SPACE, {"type": "text", "value": "three",
                                                                         "timestamp": 12}]}]}
    t = parse(json.dumps(doc))
    assert t.turns[0].text == "One two three" and t.turns[0].start == 1000
    assert [w for w in t.warnings if "not a time" in w] == [
        "monologue 0: timestamp \"soon\" is not a time; ignored", "monologue 0: timestamp 12 is not a time; ignored"]


def test_broken_and_empty_documents() -> None:
    with pytest.raises(TranscriptError):
        parse('{"monologues": [')
    with pytest.raises(NotATranscriptError):
        parse(json.dumps({"speakers": [{"id": 1, "name": "A"}], "monologues": [{"speaker": 1, "elements": [SPACE]}]}))
