"""Speech-to-text services' JSON (AssemblyAI, Deepgram, Amazon Transcribe, Rev.ai): made-up results for what
the real ones (test_corpus2) do not show."""

from __future__ import annotations

import json

from reader.core.formats import detect, parse_text
from reader.core.formats.word_runs import Word, speaker_name, words_to_cues


def test_amazon_transcribe_items_punctuation_and_speaker_segments() -> None:
    def word(start: str, end: str, content: str) -> dict[str, object]:
        return {"start_time": start, "end_time": end, "type": "pronunciation",
                "alternatives": [{"confidence": "0.99", "content": content}]}

    def punct(content: str) -> dict[str, object]:
        return {"type": "punctuation", "alternatives": [{"confidence": "0.0", "content": content}]}

    data = {"jobName": "talk", "accountId": "1", "status": "COMPLETED", "results": {
        "transcripts": [{"transcript": "Hello, everyone. Hi."}],
        "speaker_labels": {"speakers": 2, "segments": [
            {"start_time": "0.04", "end_time": "1.2", "speaker_label": "spk_0", "items": [
                {"start_time": "0.04", "end_time": "0.54", "speaker_label": "spk_0"},
                {"start_time": "0.54", "end_time": "1.2", "speaker_label": "spk_0"}]},
            {"start_time": "2.0", "end_time": "2.5", "speaker_label": "spk_1", "items": [
                {"start_time": "2.0", "end_time": "2.5", "speaker_label": "spk_1"}]}]},
        "items": [word("0.04", "0.54", "Hello"), punct(","), word("0.54", "1.2", "everyone"), punct("."),
                  word("2.0", "2.5", "Hi"), punct(".")]}}
    text = json.dumps(data)
    assert detect(text) == "transcribe-json"
    t = parse_text(text)
    assert [(turn.speaker, turn.start, turn.end, turn.text, turn.anchors) for turn in t.turns] == [
        ("Speaker 0", 40, 1200, "Hello, everyone.", [(7, 540)]),
        ("Speaker 1", 2000, 2500, "Hi.", []),
    ]


def test_deepgram_multichannel_names_channels() -> None:
    def channel(words: list[tuple[str, float, float]]) -> dict[str, object]:
        return {"alternatives": [{"transcript": " ".join(w for w, _, _ in words),
                                  "words": [{"word": w.lower(), "punctuated_word": w, "start": s, "end": e}
                                            for w, s, e in words]}]}

    data = {"metadata": {}, "results": {"channels": [channel([("Hello.", 0.5, 1.0)]),
                                                     channel([("Hi", 1.5, 1.8), ("there.", 1.8, 2.2)])]}}
    text = json.dumps(data)
    assert detect(text) == "deepgram-json"
    t = parse_text(text)
    assert [(turn.speaker, turn.start, turn.text) for turn in t.turns] == [
        ("Channel 0", 500, "Hello."), ("Channel 1", 1500, "Hi there.")]


def test_revai_named_speakers_and_assemblyai_words_without_utterances() -> None:
    rev = {"monologues": [{"speaker": 1, "speaker_name": "Ana Lima", "elements": [
        {"type": "text", "value": "Hello", "ts": 0.5, "end_ts": 0.9}, {"type": "punct", "value": "."},
        {"type": "punct", "value": " "}, {"type": "unknown", "value": "<inaudible>"}]}]}
    t = parse_text(json.dumps(rev))
    assert t.format == "revai-json"
    assert [(turn.speaker, turn.start, turn.text) for turn in t.turns] == [("Ana Lima", 500, "Hello. <inaudible>")]
    aai = {"id": "x", "text": "Hi there", "utterances": None, "words": [
        {"text": "Hi", "start": 100, "end": 300, "confidence": 0.9, "speaker": None},
        {"text": "there", "start": 5000, "end": 5200, "confidence": 0.9, "speaker": None}]}
    t = parse_text(json.dumps(aai))
    assert t.format == "assemblyai-json"
    # A pause over 3 s starts a new paragraph.
    assert [(turn.speaker, turn.start, turn.end, turn.text) for turn in t.turns] == [
        (None, 100, 300, "Hi"), (None, 5000, 5200, "there")]


def test_speaker_names_and_sentence_cues() -> None:
    assert [speaker_name(v) for v in (0, "A", "spk_2", "Ana", "", None, True)] == [
        "Speaker 0", "Speaker A", "Speaker 2", "Ana", None, None, None]
    cues = words_to_cues([Word("One.", 0, 100, "A"), Word("Two", 200, 300, "A"), Word("!", None, None, "A", True),
                          Word("Three", 400, 500, "B")])
    assert [(c.speaker, c.start, c.end, c.text, c.words) for c in cues] == [
        ("A", 0, 100, "One.", []), ("A", 200, 300, "Two!", []), ("B", 400, 500, "Three", [])]
