"""Whisper JSON output: openai-whisper, whisper-timestamped, WhisperX and whisper.cpp.

openai-whisper, whisper-timestamped and WhisperX write `{"segments": [{"start", "end", "text", "words"?}]}`
with times in seconds; whisper.cpp writes `{"transcription": [{"offsets": {"from", "to"}, "text"}]}` in
milliseconds. Segments are merged into readable turns; every segment's and word's time is kept as an anchor.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from reader.core.cues import Cue
from reader.core.errors import NotATranscriptError
from reader.core.formats.common import SIGNATURE
from reader.core.formats.json_segments import (
    build_transcript,
    clean_speaker,
    load_json,
    read_time,
    seconds_to_ms,
    sniff_json_object,
)
from reader.core.timecode import clock_to_ms
from reader.core.transcript import Transcript

NAME = "whisper-json"
LABEL = "Whisper JSON"
EXTENSIONS = (".json",)
SUMMARY = "openai-whisper, whisper-timestamped, whisper.cpp, WhisperX (speakers, word times)"

# whisper.cpp writes `%02d` hours; the bound keeps a huge digit run from becoming a huge int.
RGX_CPP_STAMP = re.compile(r"^\d{1,3}:[0-5]\d:[0-5]\d[,.]\d{3}$")


@dataclass(slots=True)
class _Word:
    """One word of a segment's `words` list."""

    text: str
    start: int | None
    end: int | None
    speaker: str | None


def _is_segment(item: object) -> bool:
    """Return whether `item` is a whisper segment object."""
    return isinstance(item, dict) and "start" in item and "end" in item and "text" in item


def _is_cpp_segment(item: object) -> bool:
    """Return whether `item` is a whisper.cpp transcription entry."""
    return isinstance(item, dict) and isinstance(item.get("offsets"), dict)


def sniff(text: str) -> int:
    """Return SIGNATURE plus the segment count for whisper-shaped JSON, else 0."""
    data = sniff_json_object(text)
    if data is None:
        return 0
    segments, transcription = data.get("segments"), data.get("transcription")
    count = 0
    if isinstance(segments, list):
        count = sum(1 for item in segments if _is_segment(item))
    elif isinstance(transcription, list):
        count = sum(1 for item in transcription if _is_cpp_segment(item))
    return SIGNATURE + count if count else 0


def _words(value: object) -> list[_Word]:
    """Return the usable entries of a segment's `words` list."""
    if not isinstance(value, list):
        return []
    words = []
    for item in value:
        if not isinstance(item, dict):
            continue
        # openai-whisper and WhisperX say `word`; whisper-timestamped says `text`.
        text = item.get("word")
        if not isinstance(text, str):
            text = item.get("text")
        if not isinstance(text, str):
            continue
        # WhisperX leaves numbers and symbols it cannot align without start/end: they stay, untimed.
        words.append(_Word(text, seconds_to_ms(item.get("start")), seconds_to_ms(item.get("end")),
                           clean_speaker(item.get("speaker"))))
    return words


def locate_words(text: str, words: list[str]) -> list[int] | None:
    """Return where each word starts in `text`, searching in order, or None when one is missing."""
    offsets = []
    cursor = 0
    for word in words:
        needle = word.strip()
        position = text.find(needle, cursor) if needle else cursor
        if position < 0:
            return None
        offsets.append(position)
        cursor = position + len(needle)
    return offsets


def join_words(words: list[str]) -> tuple[str, list[int]]:
    """Return the words joined into text and where each starts in it.

    openai-whisper words carry their own leading space (" And", "," has none), so they are concatenated;
    WhisperX and whisper-timestamped words have none and are joined with spaces.
    """
    spaced = any(word[:1].isspace() for word in words[1:])
    parts: list[str] = []
    offsets: list[int] = []
    position = 0
    for i, word in enumerate(words):
        separator = "" if spaced or i == 0 else " "
        position += len(separator)
        offsets.append(position + len(word) - len(word.lstrip()))
        parts.append(separator + word)
        position += len(word)
    return "".join(parts), offsets


def _text(item: dict[str, Any]) -> str:
    """Return a segment's text; a `word_segments` entry names it `word`."""
    for key in ("text", "word"):
        value = item.get(key)
        if isinstance(value, str):
            return value
    return ""


def _segment_cues(item: dict[str, Any], index: int, warnings: list[str]) -> list[Cue]:
    """Return the cues of one whisper segment: one per run of words by one speaker."""
    where = f"segment {index}"
    text = _text(item)
    start = read_time(item, "start", where, warnings)
    end = read_time(item, "end", where, warnings)
    speaker = clean_speaker(item.get("speaker"))
    words = _words(item.get("words"))
    if not words:
        return [Cue(start, end, text, speaker)]
    # The segment's own text is spaced and punctuated as the tool meant it; the words only place times in it.
    offsets = locate_words(text, [word.text for word in words])
    if offsets is None:
        text, offsets = join_words([word.text for word in words])

    # WhisperX names a speaker per word and gives the segment its majority speaker, so one segment can hold
    # two people: a word naming another speaker starts a new cue. Words without a speaker (untimed ones)
    # stay with the words before them.
    bounds = [0]
    speakers = [words[0].speaker if words[0].speaker is not None else speaker]
    for i, word in enumerate(words[1:], 1):
        if word.speaker is not None and word.speaker != speakers[-1]:
            bounds.append(i)
            speakers.append(word.speaker)

    cues = []
    for k, first in enumerate(bounds):
        last_run = k + 1 == len(bounds)
        stop = len(words) if last_run else bounds[k + 1]
        begin = 0 if k == 0 else offsets[first]
        finish = len(text) if last_run else offsets[stop]
        run = list(zip(offsets[first:stop], words[first:stop], strict=True))
        timed_starts = [word.start for _, word in run if word.start is not None]
        timed_ends = [word.end for _, word in run if word.end is not None]
        cue_start = start if k == 0 else None
        if cue_start is None and timed_starts:
            cue_start = timed_starts[0]
        cue_end = end if last_run else None
        if cue_end is None and timed_ends:
            cue_end = timed_ends[-1]
        anchors = [(offset - begin, word.start) for offset, word in run if word.start is not None]
        cues.append(Cue(cue_start, cue_end, text[begin:finish], speakers[k], words=anchors))
    return cues


def _cpp_stamp_to_ms(value: object) -> int | None:
    """Return the ms of a whisper.cpp `HH:MM:SS,mmm` timestamp string, or None."""
    if not isinstance(value, str) or RGX_CPP_STAMP.match(value) is None:
        return None
    return clock_to_ms(value)


def _cpp_cues(item: dict[str, Any], index: int, warnings: list[str]) -> list[Cue]:
    """Return the cue of one whisper.cpp transcription entry."""
    where = f"segment {index}"
    offsets = item.get("offsets")
    stamps = item.get("timestamps")
    times: list[int | None] = []
    for key in ("from", "to"):
        ms = None
        if isinstance(offsets, dict):
            ms = read_time(offsets, key, where, warnings, scale=1, label=f"offsets.{key}")
        if ms is None and isinstance(stamps, dict):  # the human-readable copy, when offsets are missing
            ms = _cpp_stamp_to_ms(stamps.get(key))
        times.append(ms)
    # whisper.cpp --diarize (stereo input) labels segments "0", "1", or "?" when it cannot tell.
    speaker = clean_speaker(item.get("speaker"))
    if speaker == "?":
        speaker = None
    return [Cue(times[0], times[1], _text(item), speaker)]


def parse(text: str, *, path: Path | None = None) -> Transcript:
    """Return the transcript in whisper JSON `text`; raise TranscriptError for broken or foreign JSON."""
    data = load_json(text, path=path)
    if not isinstance(data, dict):
        data = {}
    segments, transcription = data.get("segments"), data.get("transcription")
    if isinstance(transcription, list) and not (isinstance(segments, list) and segments):
        items, make = transcription, _cpp_cues
    elif isinstance(segments, list) and segments:
        items, make = segments, _segment_cues
    elif isinstance(data.get("word_segments"), list) and data["word_segments"]:
        # WhisperX's flat word list, used only when the segments are missing: each word becomes a cue.
        items, make = data["word_segments"], _segment_cues
    else:
        raise NotATranscriptError(
            "not a transcript: JSON without segments (expected openai-whisper, WhisperX or whisper.cpp output)",
            path=path,
        )
    cues: list[Cue] = []
    indexes: list[int] = []
    warnings: list[str] = []
    for index, item in enumerate(items):
        if not isinstance(item, dict):
            warnings.append(f"segment {index}: not a JSON object; skipped")
            continue
        for cue in make(item, index, warnings):
            cues.append(cue)
            indexes.append(index)
    return build_transcript(data, cues, indexes, warnings, format=NAME, path=path)
