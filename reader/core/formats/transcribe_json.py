"""Amazon Transcribe JSON: `{"jobName", "results": {"transcripts", "items", "speaker_labels"?}}`.

`items` are words (`pronunciation`, with `start_time`/`end_time` as strings of seconds) and punctuation
(no times, glued to the word before). Speakers (`spk_0`, shown as `Speaker 0`) are on each item in newer
output, else in `speaker_labels.segments[].items` by start time; channel identification (`ch_0`) likewise.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from reader.core.errors import NotATranscriptError
from reader.core.formats.common import SIGNATURE
from reader.core.formats.json_segments import build_transcript, describe, load_json, sniff_json_object
from reader.core.formats.word_runs import Word, speaker_name, words_to_cues
from reader.core.timecode import MAX_MS
from reader.core.transcript import Transcript

NAME = "transcribe-json"
LABEL = "Amazon Transcribe JSON"
EXTENSIONS = (".json",)
SUMMARY = "Amazon Transcribe results: items with punctuation, `spk_0` speakers, word times"


def _items(data: dict[str, Any]) -> list[Any]:
    """Return `results.items`, or an empty list."""
    results = data.get("results")
    items = results.get("items") if isinstance(results, dict) else None
    return items if isinstance(items, list) else []


def sniff(text: str) -> int:
    """Return SIGNATURE plus the item count for Amazon Transcribe-shaped JSON, else 0."""
    data = sniff_json_object(text)
    if data is None:
        return 0
    count = sum(1 for item in _items(data) if isinstance(item, dict) and "alternatives" in item and "type" in item)
    return SIGNATURE + count if count else 0


def seconds_text_to_ms(value: object) -> int | None:
    """Return the ms of Transcribe's `"12.34"` (a string of seconds; a number is read too), or None."""
    if isinstance(value, str):
        try:
            seconds = float(value)
        except ValueError:
            return None
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        seconds = float(value)
    else:
        return None
    ms = seconds * 1000
    return round(ms) if math.isfinite(ms) and 0 <= ms <= MAX_MS else None


def _labels_by_start(data: dict[str, Any]) -> dict[str, str]:
    """Return each labelled start time (as written) and its speaker or channel label."""
    results = data.get("results")
    found: dict[str, str] = {}
    if not isinstance(results, dict):
        return found
    speakers = results.get("speaker_labels")
    for segment in speakers.get("segments", []) if isinstance(speakers, dict) else []:
        for item in segment.get("items", []) if isinstance(segment, dict) else []:
            if isinstance(item, dict) and isinstance(item.get("start_time"), str):
                label = item.get("speaker_label") or segment.get("speaker_label")
                if isinstance(label, str):
                    found[item["start_time"]] = label
    channels = results.get("channel_labels")
    for channel in channels.get("channels", []) if isinstance(channels, dict) and not found else []:
        label = channel.get("channel_label") if isinstance(channel, dict) else None
        for item in channel.get("items", []) if isinstance(label, str) else []:
            if isinstance(item, dict) and isinstance(item.get("start_time"), str):
                found[item["start_time"]] = label
    return found


def _label_name(label: object) -> str | None:
    """Return a speaker (`spk_0` -> `Speaker 0`) or channel (`ch_1` -> `Channel 1`) label as a name."""
    if isinstance(label, str) and label.casefold().startswith("ch_") and label[3:].isdigit():
        return f"Channel {label[3:]}"
    return speaker_name(label)


def parse(text: str, *, path: Path | None = None) -> Transcript:
    """Return the transcript in Amazon Transcribe JSON `text`; raise TranscriptError for broken or foreign JSON."""
    data: Any = load_json(text, path=path)
    if not isinstance(data, dict):
        data = {}
    labels = _labels_by_start(data)
    warnings: list[str] = []
    words: list[Word] = []
    speaker: str | None = None
    for index, item in enumerate(_items(data)):
        if not isinstance(item, dict):
            continue
        alternatives = item.get("alternatives")
        best = alternatives[0] if isinstance(alternatives, list) and alternatives else None
        content = best.get("content") if isinstance(best, dict) else None
        if not isinstance(content, str):
            continue
        if item.get("type") == "punctuation":
            words.append(Word(content, None, None, speaker, attached=True))
            continue
        start, end = seconds_text_to_ms(item.get("start_time")), seconds_text_to_ms(item.get("end_time"))
        if start is None and item.get("start_time") is not None:
            warnings.append(f"item {index}: start_time {describe(item.get('start_time'))} is not a time; ignored")
        label = item.get("speaker_label") or labels.get(str(item.get("start_time")))
        speaker = _label_name(label) if label is not None else speaker
        words.append(Word(content, start, end, speaker))
    if not words:
        raise NotATranscriptError("not a transcript: Amazon Transcribe JSON without items", path=path)
    cues = words_to_cues(words)
    return build_transcript(data, cues, list(range(len(cues))), warnings, format=NAME, path=path)
