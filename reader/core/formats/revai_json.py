"""Rev.ai transcript JSON: `{"monologues": [{"speaker", "speaker_name"?, "elements": [...]}]}`.

Elements are `text` (a word, `ts`/`end_ts` in seconds), `punct` (punctuation and the spaces between words,
written out) and `unknown` (`<inaudible>`). Unnamed speakers are numbers, shown as `Speaker 0`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reader.core.errors import NotATranscriptError
from reader.core.formats.common import SIGNATURE
from reader.core.formats.json_segments import build_transcript, load_json, read_time, sniff_json_object
from reader.core.formats.word_runs import Word, speaker_name, words_to_cues
from reader.core.transcript import Transcript

NAME = "revai-json"
LABEL = "Rev.ai JSON"
EXTENSIONS = (".json",)
SUMMARY = "Rev.ai API transcripts: monologues of timed text and punct elements, speakers by number or name"


def _monologues(data: dict[str, Any]) -> list[Any]:
    """Return `monologues`, or an empty list."""
    monologues = data.get("monologues")
    return monologues if isinstance(monologues, list) else []


def sniff(text: str) -> int:
    """Return SIGNATURE plus the monologue count for Rev.ai-shaped JSON, else 0."""
    data = sniff_json_object(text)
    if data is None:
        return 0
    count = sum(1 for item in _monologues(data) if isinstance(item, dict) and isinstance(item.get("elements"), list))
    return SIGNATURE + count if count else 0


def parse(text: str, *, path: Path | None = None) -> Transcript:
    """Return the transcript in Rev.ai JSON `text`; raise TranscriptError for broken or foreign JSON."""
    data: Any = load_json(text, path=path)
    if not isinstance(data, dict):
        data = {}
    warnings: list[str] = []
    words: list[Word] = []
    for index, monologue in enumerate(_monologues(data)):
        if not isinstance(monologue, dict) or not isinstance(monologue.get("elements"), list):
            continue
        name = monologue.get("speaker_name")
        speaker = " ".join(name.split()) if isinstance(name, str) and name.strip() else \
            speaker_name(monologue.get("speaker"))
        where = f"monologue {index}"
        glue = False
        for element in monologue["elements"]:
            if not isinstance(element, dict) or not isinstance(element.get("value"), str):
                continue
            value = element["value"]
            if element.get("type") == "punct":
                if value.strip():
                    words.append(Word(value, None, None, speaker, attached=not glue))
                glue = not value.strip() or value.endswith(" ")
                continue
            words.append(Word(value, read_time(element, "ts", where, warnings),
                              read_time(element, "end_ts", where, warnings), speaker))
            glue = False
    if not words:
        raise NotATranscriptError("not a transcript: Rev.ai JSON without elements", path=path)
    cues = words_to_cues(words)
    return build_transcript(data, cues, list(range(len(cues))), warnings, format=NAME, path=path)
