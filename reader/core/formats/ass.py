"""SubStation Alpha (.ssa) and Advanced SubStation Alpha (.ass) subtitles, as Aegisub and fansubbers write them.

Only the `[Events]` section matters to a reader: each `Dialogue:` line is a cue whose fields are named by
the section's `Format:` line. The `Name` (actor) field is the speaker; override blocks (`{\\pos(...)}`,
`{\\i1}`, comments in braces) are dropped, `\\N` and `\\n` are line breaks and `\\h` a hard space. Drawings
(`{\\p1}...`) are shapes, not words, and are skipped. `Comment:` lines are not shown by players, nor by us.
"""

from __future__ import annotations

import re
from pathlib import Path

from reader.core.cues import Cue
from reader.core.errors import NotATranscriptError
from reader.core.formats.common import SIGNATURE, SNIFF_CHARS
from reader.core.formats.subtitle_blocks import build_transcript
from reader.core.transcript import Transcript

NAME = "ass"
LABEL = "SubStation Alpha subtitles"
EXTENSIONS = (".ass", ".ssa")
SUMMARY = "SSA/ASS `[Events]` `Dialogue:` lines: the Name field as speaker, override tags `{\\...}` and `\\N` read"

RGX_SCRIPT_INFO = re.compile(r"^\ufeff?[ \t]*\[Script Info\][ \t]*$", re.MULTILINE | re.IGNORECASE)
RGX_DIALOGUE = re.compile(r"^[ \t]*Dialogue[ \t]*:", re.MULTILINE)
RGX_SECTION = re.compile(r"^\[(?P<name>[^\]\n]{1,60})\]$")
# `H:MM:SS.cc`: centiseconds, but real files have one to three fraction digits.
RGX_TIME = re.compile(r"^(\d{1,3}):(\d{1,2}):(\d{1,2})(?:[.,](\d{1,3}))?$")
RGX_OVERRIDE = re.compile(r"\{[^{}]*\}")
RGX_DRAWING = re.compile(r"\\p[1-9]")
# The fields of `[Events]` when a file has no `Format:` line (v4+ and v4, the two versions in use).
DEFAULT_FIELDS = ["layer", "start", "end", "style", "name", "marginl", "marginr", "marginv", "effect", "text"]
# A file with no `[Script Info]` header is still read when this many lines are dialogue.
MIN_BARE_DIALOGUES = 3


def time_to_ms(text: str) -> int | None:
    """Return the milliseconds of an SSA time like `0:01:02.50` (the fraction is decimal), or None."""
    match = RGX_TIME.match(text.strip())
    if match is None:
        return None
    hours, minutes, seconds, fraction = match.groups()
    ms = ((int(hours) * 60 + int(minutes)) * 60 + int(seconds)) * 1000
    return ms + int(fraction.ljust(3, "0")) if fraction else ms


def sniff(text: str) -> int:
    """Return SIGNATURE plus the number of `Dialogue:` lines when `text` is an SSA/ASS script, else 0."""
    head = text[:SNIFF_CHARS]
    count = sum(1 for _ in RGX_DIALOGUE.finditer(head))
    if RGX_SCRIPT_INFO.search(head, 0, 2000) is not None:
        # Embedded fonts and pictures (`[Fonts]`, `[Graphics]`) can push the events past the head.
        return SIGNATURE + count if count or RGX_DIALOGUE.search(text) else 0
    return SIGNATURE + count if count >= MIN_BARE_DIALOGUES else 0


def clean_text(text: str) -> str | None:
    """Return a dialogue's text as words (tags dropped, breaks as newlines), or None for a drawing."""
    if "{" in text:
        if any(RGX_DRAWING.search(block) for block in RGX_OVERRIDE.findall(text)):
            return None
        text = RGX_OVERRIDE.sub("", text)
    if "\\" in text:
        text = text.replace("\\N", "\n").replace("\\n", "\n").replace("\\h", " ")
    return text.strip()


def parse(text: str, *, path: Path | None = None) -> Transcript:
    """Return the transcript in SSA/ASS `text`; raise NotATranscriptError when it has no dialogue."""
    fields = DEFAULT_FIELDS
    section = ""
    timed: list[tuple[int, int, Cue]] = []
    empty: list[int] = []
    warnings: list[str] = []
    title: str | None = None
    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.strip().lstrip("\ufeff")
        if not line or line.startswith(";"):
            continue
        section_match = RGX_SECTION.match(line)
        if section_match:
            section = section_match["name"].strip().casefold()
            continue
        key, colon, value = line.partition(":")
        if not colon:
            continue
        key = key.strip().casefold()
        if section == "script info" and key == "title" and value.strip():
            title = value.strip()
        elif key == "format" and section == "events":
            fields = [name.strip().casefold() for name in value.split(",")]
        elif key == "dialogue" and section in ("events", ""):
            parts = value.split(",", len(fields) - 1)
            if len(parts) < len(fields) or "text" not in fields:
                warnings.append(f"line {number}: a Dialogue line with {len(parts)} of {len(fields)} fields; skipped")
                continue
            record = dict(zip(fields, parts, strict=True))
            start, end = time_to_ms(record.get("start", "")), time_to_ms(record.get("end", ""))
            if start is None:
                warnings.append(f"line {number}: start {record.get('start', '').strip()[:20]!r} is not a time; "
                                "skipped")
                continue
            body = clean_text(record["text"])
            if body is None:
                continue
            if not body:
                empty.append(number)
                continue
            speaker = " ".join(record.get("name", "").split()) or None
            timed.append((start, len(timed), Cue(start, end, body, speaker, line=number)))
    if not timed and not empty:
        raise NotATranscriptError("not a SubStation Alpha script: no Dialogue line in [Events]", path=path)
    # Typesetters add signs after the dialogue, out of time order; players show events by time, and so do we.
    timed.sort(key=lambda item: (item[0], item[1]))
    return build_transcript([cue for _, _, cue in timed], warnings, format=NAME, path=path, title=title,
                            empty=empty)
