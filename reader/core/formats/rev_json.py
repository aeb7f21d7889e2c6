"""Rev transcript JSON, as Rev.com's editor and its API (`application/json+rev-transcript`) give it.

`{"speakers": [{"id", "name"}], "monologues": [{"speaker", "speaker_name", "elements": [...]}]}`: elements are
`text` (a word with `timestamp`/`end_timestamp` clocks like `00:00:01,770`, or untimed spaces and punctuation)
and `tag` (an annotation such as `inaudible`, with its timestamp), shown as `[inaudible]`. Rev.ai's JSON has
the same monologues with `ts`/`end_ts` seconds; that is the `revai-json` format.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reader.core.errors import NotATranscriptError
from reader.core.formats.common import SIGNATURE
from reader.core.formats.json_segments import (
    build_transcript,
    clean_speaker,
    describe,
    load_json,
    read_time,
    sniff_json_object,
)
from reader.core.formats.word_runs import Word, speaker_name, words_to_cues
from reader.core.timecode import MAX_MS, clock_to_ms
from reader.core.transcript import Transcript

NAME = "rev-json"
LABEL = "Rev transcript JSON"
EXTENSIONS = (".json",)
SUMMARY = "Rev.com editor and API JSON: monologues of text and tag elements, `00:00:01,770` word times, speakers"

# How many elements the sniffer looks at for Rev's clock keys before deciding.
SNIFF_ELEMENTS = 200


def _monologues(data: dict[str, Any]) -> list[Any]:
    """Return `monologues`, or an empty list."""
    monologues = data.get("monologues")
    return monologues if isinstance(monologues, list) else []


def _looks_like_rev(data: dict[str, Any]) -> bool:
    """Return whether the monologues carry Rev's marks: clock `timestamp` keys, or a `speakers` list, not `ts`."""
    seen = 0
    for monologue in _monologues(data):
        if not isinstance(monologue, dict) or not isinstance(monologue.get("elements"), list):
            continue
        for element in monologue["elements"][:SNIFF_ELEMENTS]:
            if isinstance(element, dict):
                if "timestamp" in element or "end_timestamp" in element:
                    return True
                if "ts" in element or "end_ts" in element:
                    return False
            seen += 1
        if seen >= SNIFF_ELEMENTS:
            break
    # A transcript ordered without timestamps has none to show; its speakers list is Rev's alone.
    speakers = data.get("speakers")
    return isinstance(speakers, list) and any(isinstance(s, dict) and "name" in s for s in speakers)


def sniff(text: str) -> int:
    """Return SIGNATURE plus the monologue count for Rev transcript JSON, else 0."""
    data = sniff_json_object(text)
    if data is None or not _looks_like_rev(data):
        return 0
    count = sum(1 for item in _monologues(data) if isinstance(item, dict) and isinstance(item.get("elements"), list))
    return SIGNATURE + count if count else 0


def _speaker_names(data: dict[str, Any]) -> dict[str, str]:
    """Return the names the `speakers` list gives, by speaker id (as text: ids are numbers or strings)."""
    names: dict[str, str] = {}
    speakers = data.get("speakers")
    for speaker in speakers if isinstance(speakers, list) else []:
        if isinstance(speaker, dict) and speaker.get("id") is not None:
            name = clean_speaker(speaker.get("name"))
            if name:
                names[str(speaker["id"])] = name
    return names


def _read_clock(element: dict[str, Any], key: str, where: str, warnings: list[str]) -> int | None:
    """Return element[key], a clock like `00:00:01,770`, as ms; warn when it holds something else."""
    value = element.get(key)
    if value is None:
        return None
    if isinstance(value, str):
        try:
            ms = clock_to_ms(value)
        except ValueError:
            ms = None
        if ms is not None and ms <= MAX_MS:
            return ms
    warnings.append(f"{where}: {key} {describe(value)} is not a time; ignored")
    return None


def _element_times(element: dict[str, Any], where: str, warnings: list[str]) -> tuple[int | None, int | None]:
    """Return an element's start and end in ms."""
    if "timestamp" not in element and "ts" in element:
        # Rev.ai's seconds inside a Rev document (a converted or hand-merged file): read rather than lose them.
        return read_time(element, "ts", where, warnings), read_time(element, "end_ts", where, warnings)
    return _read_clock(element, "timestamp", where, warnings), _read_clock(element, "end_timestamp", where, warnings)


def parse(text: str, *, path: Path | None = None) -> Transcript:
    """Return the transcript in Rev transcript JSON `text`; raise TranscriptError for broken or foreign JSON."""
    data: Any = load_json(text, path=path)
    if not isinstance(data, dict):
        data = {}
    names = _speaker_names(data)
    warnings: list[str] = []
    words: list[Word] = []
    for index, monologue in enumerate(_monologues(data)):
        if not isinstance(monologue, dict) or not isinstance(monologue.get("elements"), list):
            continue
        label = monologue.get("speaker")
        speaker = (clean_speaker(monologue.get("speaker_name"))
                   or (names.get(str(label)) if label is not None else None) or speaker_name(label))
        where = f"monologue {index}"
        # Words, spaces and punctuation are all `text` elements: a piece with no space before it (`.` after
        # a word) is glued to the word before. A monologue starts apart from the one before.
        spaced = True
        for element in monologue["elements"]:
            if not isinstance(element, dict) or not isinstance(element.get("value"), str):
                continue
            value = element["value"]
            start, end = _element_times(element, where, warnings)
            if element.get("type") == "tag":
                tag = " ".join(value.split())
                if tag:
                    words.append(Word(tag if tag.startswith("[") else f"[{tag}]", start, end, speaker))
                spaced = True
                continue
            if not value.strip():
                spaced = True
                continue
            words.append(Word(value.strip(), start, end, speaker, attached=not spaced and not value[0].isspace()))
            spaced = value[-1].isspace()
    if not words:
        raise NotATranscriptError("not a transcript: Rev JSON without text elements", path=path)
    cues = words_to_cues(words)
    return build_transcript(data, cues, list(range(len(cues))), warnings, format=NAME, path=path)
