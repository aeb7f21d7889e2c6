"""Podcasting 2.0 JSON transcripts: `{"version", "segments": [{"speaker", "startTime", "endTime", "body"}]}`.

Times are seconds (integers or floats). Segments may be sentences or single words; consecutive segments of
one speaker are merged into turns, and every segment's start is kept as an anchor.
"""

from __future__ import annotations

from pathlib import Path

from reader.core.cues import Cue
from reader.core.errors import NotATranscriptError
from reader.core.formats.common import SIGNATURE
from reader.core.formats.json_segments import (
    build_transcript,
    clean_speaker,
    load_json,
    read_time,
    sniff_json_object,
)
from reader.core.transcript import Transcript

NAME = "podcast-json"
LABEL = "Podcasting 2.0 JSON"
EXTENSIONS = (".json",)
SUMMARY = "Podcasting 2.0 JSON transcripts, word-level ones merged into turns"


def _is_segment(item: object) -> bool:
    """Return whether `item` is a Podcasting 2.0 segment object."""
    return isinstance(item, dict) and "startTime" in item and "endTime" in item


def sniff(text: str) -> int:
    """Return SIGNATURE plus the segment count for Podcasting 2.0 JSON, else 0."""
    data = sniff_json_object(text)
    segments = data.get("segments") if data is not None else None
    if not isinstance(segments, list):
        return 0
    count = sum(1 for item in segments if _is_segment(item))
    return SIGNATURE + count if count else 0


def parse(text: str, *, path: Path | None = None) -> Transcript:
    """Return the transcript in Podcasting 2.0 JSON `text`; raise TranscriptError for broken or foreign JSON."""
    data = load_json(text, path=path)
    segments = data.get("segments") if isinstance(data, dict) else None
    if not isinstance(data, dict) or not isinstance(segments, list) or not segments:
        raise NotATranscriptError("not a transcript: JSON without segments (expected a Podcasting 2.0 transcript)",
                                  path=path)
    if not any(isinstance(item, dict) and isinstance(item.get("body"), str) for item in segments):
        raise NotATranscriptError('not a transcript: the JSON segments have no text (no "body" in any segment)',
                                  path=path)
    cues: list[Cue] = []
    indexes: list[int] = []
    warnings: list[str] = []
    for index, item in enumerate(segments):
        where = f"segment {index}"
        if not isinstance(item, dict):
            warnings.append(f"{where}: not a JSON object; skipped")
            continue
        body = item.get("body")
        if not isinstance(body, str):
            warnings.append(f"{where}: no body text; skipped")
            continue
        start = read_time(item, "startTime", where, warnings)
        end = read_time(item, "endTime", where, warnings)
        cues.append(Cue(start, end, body, clean_speaker(item.get("speaker"))))
        indexes.append(index)
    return build_transcript(data, cues, indexes, warnings, format=NAME, path=path)
