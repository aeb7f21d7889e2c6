"""Whisper JSON output: openai-whisper, whisper-timestamped, WhisperX and whisper.cpp.

openai-whisper, whisper-timestamped and WhisperX write `{"segments": [{"start", "end", "text", "words"?}]}`
with times in seconds; whisper.cpp writes `{"transcription": [{"offsets": {"from", "to"}, "text"}]}` in
milliseconds. Segments are merged into readable turns; every segment's and word's time is kept as an anchor.

The JSON helpers here (decoding, times, titles, segment-indexed warnings) are shared with podcast_json.
"""

from __future__ import annotations

import functools
import json
import math
import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from reader.core.cues import Cue, merge_cues, timing_warnings
from reader.core.errors import NotATranscriptError, TranscriptError
from reader.core.formats.common import SIGNATURE
from reader.core.timecode import MAX_MS
from reader.core.transcript import Transcript

NAME = "whisper-json"

RGX_OBJECT_START = re.compile(r"\s*\{")
# whisper.cpp writes `%02d` hours; the bound keeps a huge digit run from becoming a huge int.
RGX_CPP_STAMP = re.compile(r"^(\d{1,3}):([0-5]\d):([0-5]\d)[,.](\d{3})$")
RGX_LINE_PREFIX = re.compile(r"^line (?=\d+: )")

# Keys a converter or a person may have used for the talk's title; none of the whisper tools write one.
TITLE_KEYS = ("title", "episodeTitle", "episode_title")
# A word-level file with sloppy times would otherwise bury the reader in one warning per word.
MAX_TIMING_WARNINGS = 50


# --- JSON helpers shared with podcast_json ---------------------------------------------------------------

@functools.lru_cache(maxsize=1)
def _decode(text: str) -> tuple[Any, str | None, int | None]:
    """Return (value, None, None) for valid JSON, else (None, error message, line)."""
    try:
        # strict=False: whisper.cpp writes its JSON by hand and escapes only quotes and backslashes, so a
        # tab or newline inside a segment's text arrives raw.
        return json.loads(text, strict=False), None, None
    except json.JSONDecodeError as exc:
        return None, f"invalid JSON: {exc.msg} (column {exc.colno})", exc.lineno
    except RecursionError:
        return None, "invalid JSON: nested too deeply", None
    except ValueError as exc:  # e.g. an integer longer than Python's int-string limit
        return None, f"invalid JSON: {exc}", None


def load_json(text: str, *, path: Path | None = None) -> Any:
    """Return the JSON value in `text`; raise TranscriptError with the line when it is not valid JSON.

    The last decoded text is cached so sniffing and parsing the same file decode it once.
    """
    value, error, line = _decode(text)
    if error is not None:
        raise TranscriptError(error, path=path, line=line)
    return value


def sniff_json_object(text: str) -> dict[str, Any] | None:
    """Return `text` decoded when it is a JSON object, else None (cheaply, for sniffers)."""
    if not RGX_OBJECT_START.match(text):
        return None
    value, error, _ = _decode(text)
    return value if error is None and isinstance(value, dict) else None


def seconds_to_ms(value: object) -> int | None:
    """Return the ms of a JSON number of seconds, or None when it is not a usable time."""
    return _number_to_ms(value, 1000)


def _number_to_ms(value: object, scale: int) -> int | None:
    """Return `value` times `scale`, rounded, when `value` is a JSON number from 0 to MAX_MS ms."""
    if isinstance(value, float):
        ms = value * scale
        return round(ms) if math.isfinite(ms) and 0 <= ms <= MAX_MS else None
    if isinstance(value, int) and not isinstance(value, bool):  # `true` is not 1 second
        return value * scale if 0 <= value * scale <= MAX_MS else None
    return None


def describe(value: object) -> str:
    """Return a short JSON rendering of `value` for a warning."""
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    shown = json.dumps(value, ensure_ascii=False)
    return shown if len(shown) <= 30 else shown[:27] + "..."


def read_time(item: dict[str, Any], key: str, where: str, warnings: list[str], *, scale: int = 1000,
              label: str | None = None) -> int | None:
    """Return item[key] as ms, warning when the key holds something that is not a time."""
    value = item.get(key)
    ms = _number_to_ms(value, scale)
    if ms is None and value is not None:
        warnings.append(f"{where}: {label or key} {describe(value)} is not a time; ignored")
    return ms


def clean_speaker(value: object) -> str | None:
    """Return a speaker label with its whitespace collapsed, or None when there is none."""
    if not isinstance(value, str):
        return None
    return " ".join(value.split()) or None


def find_title(data: dict[str, Any]) -> str | None:
    """Return the title stored under an obvious key at the top level or in `metadata`, else None."""
    for holder in (data, data.get("metadata")):
        if isinstance(holder, dict):
            for key in TITLE_KEYS:
                title = clean_speaker(holder.get(key))  # same cleaning: one line, collapsed whitespace
                if title:
                    return title
    return None


def segment_warnings(cues: list[Cue], indexes: list[int]) -> list[str]:
    """Return timing_warnings() for `cues`, located by their segment index (JSON has no useful lines)."""
    located = [replace(cue, line=index) for cue, index in zip(cues, indexes, strict=True)]
    warnings = [RGX_LINE_PREFIX.sub("segment ", w, count=1) for w in timing_warnings(located)]
    if len(warnings) > MAX_TIMING_WARNINGS:
        more = len(warnings) - MAX_TIMING_WARNINGS
        warnings = [*warnings[:MAX_TIMING_WARNINGS], f"{more} more timing warnings like these"]
    return warnings


def build_transcript(data: dict[str, Any], cues: list[Cue], indexes: list[int], warnings: list[str], *,
                     format: str, path: Path | None) -> Transcript:
    """Return the transcript made of `cues`; raise NotATranscriptError when they hold no text."""
    turns = merge_cues(cues)
    if not turns:
        raise NotATranscriptError("not a transcript: the JSON segments hold no text", path=path)
    transcript = Transcript(turns=turns, format=format, title=find_title(data), source=path,
                            warnings=warnings + segment_warnings(cues, indexes))
    transcript.fill_ends()
    return transcript


# --- whisper ----------------------------------------------------------------------------------------------

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
    match = RGX_CPP_STAMP.match(value) if isinstance(value, str) else None
    if match is None:
        return None
    hours, minutes, seconds, millis = (int(group) for group in match.groups())
    return ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis


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
