"""Transcript formats, one module each, registered in FORMATS.

Each module has:
- `NAME`: the format's name (`--format NAME`, and `Transcript.format`);
- `LABEL`, `EXTENSIONS` and `SUMMARY`: what the Open dialog, the command line's help and the README show
  (its name for people, the file extensions it comes in, what it looks like);
- `sniff(text) -> int`: how sure it is that `text` is in its format. Formats with a signature (WEBVTT
  header, SRT timing lines, a JSON document of the right shape) return SIGNATURE plus the number of cues
  seen; line-based text formats return the number of turn lines they recognise; 0 means "not mine";
- `parse(text, *, path=None) -> Transcript`, raising TranscriptError / NotATranscriptError with the line.
Detection picks the highest score; ties go to the format listed first. Format modules share helper
modules (`common`, `speaker_names`, `text_common`, `time_markers`, `subtitle_blocks`, `json_segments`), never
each other (tests/test_architecture.py).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path
from types import ModuleType

from reader.core.display_text import replace_nul
from reader.core.errors import NotATranscriptError, TranscriptError
from reader.core.formats import (
    ass,
    assemblyai_json,
    bare_time,
    bracketed,
    deepgram_json,
    eaf,
    event_page,
    named_paragraphs,
    otter,
    podcast_json,
    rev,
    rev_json,
    revai_json,
    sbv,
    srt,
    table,
    textgrid,
    transcribe_json,
    ttml,
    vtt,
    whisper_json,
    youtube_paste,
)
from reader.core.formats.common import SIGNATURE, SNIFF_CHARS
from reader.core.formats.docx_text import docx_to_text, is_docx
from reader.core.formats.json_segments import sniff_json_object
from reader.core.textio import decode_bytes, read_bytes
from reader.core.transcript import Transcript, split_long_turns

# Signature formats first, then line-based ones from the most specific evidence to the least: ties go to
# the format listed first.
FORMATS: dict[str, ModuleType] = {
    module.NAME: module
    for module in (vtt, srt, sbv, ttml, ass, whisper_json, podcast_json, assemblyai_json, deepgram_json,
                   transcribe_json, rev_json, revai_json, eaf, textgrid, table, event_page, rev, otter, bracketed,
                   youtube_paste, bare_time, named_paragraphs)
}

# What names a time in JSON written by tools we do not know; an unknown file holding them gets a message
# saying it looks timed, with its keys, rather than "not a transcript".
TIME_KEYS = frozenset(["start", "end", "start_time", "end_time", "starttime", "endtime", "ts", "end_ts", "begin",
                       "offset", "timestamp", "time", "start_ms", "end_ms", "startms", "endms", "from", "to",
                       "duration", "tstartms", "dstartms", "durationms", "startoffset", "start_offset"])
MAX_KEYS_SHOWN = 6
MAX_JSON_DEPTH = 6
RGX_XML_ROOT = re.compile(r"<(?P<tag>[A-Za-z_][\w.:\-]{0,60})[\s>/]")
RGX_XML_TIME = re.compile(r"\b(?:begin|start|end|t|dur|time)\s*=\s*[\"']\d")

__all__ = ["FORMATS", "SIGNATURE", "detect", "open_filter", "parse_file", "parse_text"]


def open_filter() -> str:
    """Return the Open Transcript dialog's name filter: all transcripts, then each format, then all files."""
    every = sorted({extension for module in FORMATS.values() for extension in module.EXTENSIONS})
    entries = [f"Transcripts ({_patterns(every)})"]
    entries += [f"{module.LABEL} ({_patterns(module.EXTENSIONS)})"
                for module in sorted(FORMATS.values(), key=lambda module: module.LABEL.casefold())]
    return ";;".join([*entries, "All files (*)"])


def _patterns(extensions: Iterable[str]) -> str:
    """Return the glob patterns of `extensions` (`.srt` -> `*.srt`), separated by spaces."""
    return " ".join(f"*{extension}" for extension in extensions)


def detect(text: str) -> str | None:
    """Return the name of the format whose sniffer scores `text` highest, or None."""
    best, best_score = None, 0
    for name, module in FORMATS.items():
        score = module.sniff(text)
        if score > best_score:
            best, best_score = name, score
    return best


def describe_unknown(text: str) -> str:
    """Return what a file no format claims looks like: timed JSON or XML in a layout we do not know, or not."""
    data = sniff_json_object(text)
    if data is not None:
        keys = ", ".join(list(data)[:MAX_KEYS_SHOWN]) + ("…" if len(data) > MAX_KEYS_SHOWN else "")
        if _has_time_keys(data):
            return f"timed text in an unknown JSON layout: keys {keys}"
        return f"JSON without timed text (keys {keys})" if data else "an empty JSON object"
    root = RGX_XML_ROOT.search(text, 0, 4000)
    if root is not None and RGX_XML_TIME.search(text, 0, SNIFF_CHARS):
        return f"timed text in an unknown XML layout: root element <{root['tag']}>"
    return "no turns with times or speakers found"


def _has_time_keys(value: object, depth: int = 0) -> bool:
    """Return whether a JSON value holds, within a few levels and items, a key that names a time."""
    if depth > MAX_JSON_DEPTH:
        return False
    if isinstance(value, dict):
        if any(isinstance(key, str) and key.casefold() in TIME_KEYS for key in value):
            return True
        return any(_has_time_keys(item, depth + 1) for item in list(value.values())[:50])
    if isinstance(value, list):
        return any(_has_time_keys(item, depth + 1) for item in value[:20])
    return False


# A file this long takes a window a while to read whole (50,000 turns in 8 MB: about a quarter of a second):
# its first turns are shown meanwhile, from about its first PREVIEW_CHARS.
PREVIEW_MIN_CHARS = 1_000_000
PREVIEW_CHARS = 64_000


def parse_text(text: str, *, path: Path | None = None, format: str | None = None) -> Transcript:
    """Return the transcript in `text`, in `format` or the detected one."""
    # NUL would pass into every export: replaced by U+FFFD (offsets kept), raw ones before the text is
    # read, JSON's escaped ones (\u0000) in what the format read.
    text, count = replace_nul(text)
    name = format or detect(text)
    if name is None:
        raise NotATranscriptError(f"not a transcript: {describe_unknown(text)}", path=path)
    if name not in FORMATS:
        known = ", ".join(sorted(FORMATS))
        raise TranscriptError(f"unknown format {name!r} (known: {known})", path=path)
    transcript = FORMATS[name].parse(text, path=path)
    if count or "\\u0000" in text:
        _replace_nul(transcript, count)
    split_long_turns(transcript)
    return transcript


def _replace_nul(transcript: Transcript, count: int) -> None:
    """Replace NUL characters in the turns, speakers and title by U+FFFD; warn how many (`count` so far)."""
    for turn in transcript.turns:
        turn.text, found = replace_nul(turn.text)
        count += found
        if turn.speaker:
            turn.speaker, found = replace_nul(turn.speaker)
            count += found
    if transcript.title:
        transcript.title, found = replace_nul(transcript.title)
        count += found
    if count:
        transcript.warnings.append(f"{count} NUL character(s) replaced by U+FFFD (\ufffd)")


def preview_text(text: str) -> str:
    """Return the start of a big `text` for a preview: about PREVIEW_CHARS, cut after a paragraph or line."""
    head = text[:PREVIEW_CHARS]
    for mark in ("\n\n", "\n"):
        cut = head.rfind(mark)
        if cut > PREVIEW_CHARS // 2:
            return head[:cut]
    return head


def parse_file(path: Path | str, *, format: str | None = None,
               on_phase: Callable[[str], None] | None = None,
               on_preview: Callable[[Transcript], None] | None = None) -> Transcript:
    """Return the transcript in the file at `path`; `on_phase` hears "reading", then "parsing".

    For a file of at least PREVIEW_MIN_CHARS, `on_preview` first gets its first turns (those in about the
    first PREVIEW_CHARS, read in the same format): a window can show them while the rest is read. Nothing
    comes when that part alone is not a transcript (a JSON document cut short).
    """
    path = Path(path)
    if on_phase:
        on_phase("reading")
    notes: list[str] = []
    data = read_bytes(path)
    # A Word document is binary: its paragraphs' text is what the text formats read.
    encoding: str | None
    if is_docx(data):
        try:
            text, encoding = docx_to_text(data), None
        except TranscriptError as exc:
            exc.path = path
            raise
    else:
        text, encoding = decode_bytes(data, path=path, warnings=notes)
    if on_phase:
        on_phase("parsing")
    if on_preview is not None and len(text) >= PREVIEW_MIN_CHARS:
        format = format or detect(text)
        try:
            preview = parse_text(preview_text(text), path=path, format=format)
        except TranscriptError:
            preview = None
        if preview is not None and preview.turns:
            on_preview(preview)
    transcript = parse_text(text, path=path, format=format)
    transcript.encoding = encoding
    transcript.warnings[:0] = notes
    return transcript
