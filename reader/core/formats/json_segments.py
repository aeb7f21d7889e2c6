"""What the JSON formats share: decoding (once per text), times in seconds, speakers, titles, and turning
segments into a transcript with warnings located by segment (JSON has no useful lines)."""

from __future__ import annotations

import functools
import json
import math
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

from reader.core.cues import Cue, merge_cues, timing_warnings
from reader.core.errors import NotATranscriptError, TranscriptError
from reader.core.timecode import MAX_MS
from reader.core.transcript import Transcript

RGX_OBJECT_START = re.compile(r"\s*\{")
RGX_LINE_PREFIX = re.compile(r"^line (?=\d+: )")

# Keys a converter or a person may have used for the talk's title; none of the whisper tools write one.
TITLE_KEYS = ("title", "episodeTitle", "episode_title")
# A word-level file with sloppy times would otherwise bury the reader in one warning per word.
MAX_TIMING_WARNINGS = 50


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
