"""Deepgram pre-recorded transcription JSON: `{"metadata", "results": {"channels": [{"alternatives": [...]}]}}`.

The first alternative of each channel holds `words` (`word`, `punctuated_word`, seconds, a numeric `speaker`
with diarization on, shown as `Speaker 0`); files without words fall back to `results.utterances`. Each
channel of a multichannel file is a voice of its own unless the words name speakers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reader.core.errors import NotATranscriptError
from reader.core.formats.common import SIGNATURE
from reader.core.formats.json_segments import build_transcript, load_json, read_time, sniff_json_object
from reader.core.formats.word_runs import Word, speaker_name, words_to_cues
from reader.core.transcript import Transcript

NAME = "deepgram-json"
LABEL = "Deepgram JSON"
EXTENSIONS = (".json",)
SUMMARY = "Deepgram results: channels' words with punctuation and `Speaker 0` labels kept as word times"


def _channels(data: dict[str, Any]) -> list[Any]:
    """Return `results.channels`, or an empty list."""
    results = data.get("results")
    channels = results.get("channels") if isinstance(results, dict) else None
    return channels if isinstance(channels, list) else []


def _alternative(channel: object) -> dict[str, Any]:
    """Return a channel's first alternative, or an empty dict."""
    alternatives = channel.get("alternatives") if isinstance(channel, dict) else None
    if isinstance(alternatives, list) and alternatives and isinstance(alternatives[0], dict):
        return alternatives[0]
    return {}


def sniff(text: str) -> int:
    """Return SIGNATURE plus the word count for Deepgram-shaped JSON, else 0."""
    data = sniff_json_object(text)
    if data is None:
        return 0
    channels = _channels(data)
    if not channels or not any("transcript" in _alternative(channel) for channel in channels):
        return 0
    words = sum(len(_alternative(channel).get("words") or []) for channel in channels)
    return SIGNATURE + max(words, 1)


def parse(text: str, *, path: Path | None = None) -> Transcript:
    """Return the transcript in Deepgram JSON `text`; raise TranscriptError for broken or foreign JSON."""
    data: Any = load_json(text, path=path)
    if not isinstance(data, dict):
        data = {}
    channels = _channels(data)
    warnings: list[str] = []
    words: list[Word] = []
    for number, channel in enumerate(channels):
        voice = speaker_name(number, "Channel") if len(channels) > 1 else None
        items = _alternative(channel).get("words")
        for item in items if isinstance(items, list) else []:
            if not isinstance(item, dict):
                continue
            shown = item.get("punctuated_word")
            if not isinstance(shown, str):
                shown = item.get("word")
            if not isinstance(shown, str):
                continue
            where = f"channel {number}"
            words.append(Word(shown, read_time(item, "start", where, warnings),
                              read_time(item, "end", where, warnings),
                              speaker_name(item.get("speaker")) or voice))
    if len(channels) > 1:
        words.sort(key=lambda word: word.start if word.start is not None else 0)
    results = data.get("results")
    utterances = results.get("utterances") if isinstance(results, dict) else None
    if not words and isinstance(utterances, list):
        for index, utterance in enumerate(utterances):
            if isinstance(utterance, dict) and isinstance(utterance.get("transcript"), str):
                where = f"utterance {index}"
                words.append(Word(utterance["transcript"], read_time(utterance, "start", where, warnings),
                                  read_time(utterance, "end", where, warnings),
                                  speaker_name(utterance.get("speaker"))))
    if not words:
        raise NotATranscriptError("not a transcript: Deepgram JSON without words or utterances", path=path)
    cues = words_to_cues(words)
    return build_transcript(data, cues, list(range(len(cues))), warnings, format=NAME, path=path)
