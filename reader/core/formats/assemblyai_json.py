"""AssemblyAI transcript JSON: `{"text", "words": [{"text", "start", "end", "speaker"}], "utterances": [...]}`.

Times are integer milliseconds. With speaker labels on, `utterances` holds one entry per speaker turn, each
with its words; speakers are letters (`A`, `B`), shown as `Speaker A`. Every word's start is kept as an anchor.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from reader.core.errors import NotATranscriptError
from reader.core.formats.common import SIGNATURE
from reader.core.formats.json_segments import build_transcript, load_json, read_time, sniff_json_object
from reader.core.formats.word_runs import Word, speaker_name, words_to_cues
from reader.core.transcript import Transcript

NAME = "assemblyai-json"
LABEL = "AssemblyAI JSON"
EXTENSIONS = (".json",)
SUMMARY = "AssemblyAI transcripts: `utterances` by speaker (`Speaker A`), `words` in ms kept as word times"


def _is_word(item: object) -> bool:
    """Return whether `item` is an AssemblyAI word: text with integer-ms start and end."""
    return isinstance(item, dict) and isinstance(item.get("text"), str) and "start" in item and "end" in item


def sniff(text: str) -> int:
    """Return SIGNATURE plus the word count for AssemblyAI-shaped JSON, else 0."""
    data = sniff_json_object(text)
    if data is None or not isinstance(data.get("text"), (str, type(None))):
        return 0
    words = data.get("words")
    utterances = data.get("utterances")
    count = sum(1 for item in words if _is_word(item)) if isinstance(words, list) else 0
    if not count and isinstance(utterances, list):
        count = sum(1 for item in utterances if _is_word(item))
    # `words` with `text` (not `word`) and no `segments` is AssemblyAI's shape; whisper keeps words in segments.
    return SIGNATURE + count if count and "segments" not in data else 0


def _words(items: object, speaker: str | None, where: str, warnings: list[str]) -> list[Word]:
    """Return the timed words of a `words` list, each with its own speaker or `speaker`."""
    if not isinstance(items, list):
        return []
    words = []
    for item in items:
        if _is_word(item):
            words.append(Word(item["text"], read_time(item, "start", where, warnings, scale=1),
                              read_time(item, "end", where, warnings, scale=1),
                              speaker_name(item.get("speaker")) or speaker))
    return words


def parse(text: str, *, path: Path | None = None) -> Transcript:
    """Return the transcript in AssemblyAI JSON `text`; raise TranscriptError for broken or foreign JSON."""
    data: Any = load_json(text, path=path)
    if not isinstance(data, dict):
        data = {}
    warnings: list[str] = []
    words: list[Word] = []
    utterances = data.get("utterances")
    if isinstance(utterances, list) and utterances:
        for index, utterance in enumerate(utterances):
            if not isinstance(utterance, dict):
                continue
            speaker = speaker_name(utterance.get("speaker"))
            found = _words(utterance.get("words"), speaker, f"utterance {index}", warnings)
            if not found and _is_word(utterance):  # an utterance without its words is one timed piece
                found = _words([utterance], speaker, f"utterance {index}", warnings)
            words += found
    else:
        words = _words(data.get("words"), None, "words", warnings)
    if not words:
        raise NotATranscriptError("not a transcript: AssemblyAI JSON without timed words or utterances", path=path)
    cues = words_to_cues(words)
    return build_transcript(data, cues, list(range(len(cues))), warnings, format=NAME, path=path)
