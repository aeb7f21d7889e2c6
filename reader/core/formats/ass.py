"""SubStation Alpha (.ssa) and Advanced SubStation Alpha (.ass) subtitles, as Aegisub and fansubbers write them.

Only the `[Events]` section matters to a reader: each `Dialogue:` line is a cue whose fields are named by
the section's `Format:` line. The `Name` (actor) field is the speaker; override blocks (`{\\pos(...)}`,
`{\\i1}`, comments in braces) are dropped, `\\N` and `\\n` are line breaks and `\\h` a hard space. Drawings
(`{\\p1}...`) are shapes, not words, and are skipped. `Comment:` lines are not shown by players, nor by us.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
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
# What Aegisub writes, read by slicing (a fixed layout: one hour digit, centiseconds); other times go through
# time_to_ms.
RGX_USUAL_TIME = re.compile(r"\d:\d\d:\d\d\.\d\d")
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
    # The loop is the whole cost of a big script (2,000 cues in ~10 ms), so Dialogue lines take a short
    # path: fields found by index (the last of a repeated name wins, as a dict of the Format line would),
    # times in the usual `H:MM:SS.cc` read by slicing, speakers' spacing normalised once
    # per name.
    fields = DEFAULT_FIELDS
    layout = _layout(fields)
    section = ""
    cues: list[Cue] = []
    in_order = True
    last_start = -1
    empty: list[int] = []
    warnings: list[str] = []
    title: str | None = None
    speakers: dict[str, str | None] = {}
    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.strip()
        if not line:
            continue
        if line[0] == "\ufeff":
            line = line.lstrip("\ufeff")
            if not line:
                continue
        if line.startswith("Dialogue:"):
            key, value = "dialogue", line[9:]
        else:
            if line[0] == ";":
                continue
            if line[0] == "[":
                section_match = RGX_SECTION.match(line)
                if section_match:
                    section = section_match["name"].strip().casefold()
                    continue
            key, colon, value = line.partition(":")
            if not colon:
                continue
            key = key.strip().casefold()
        if key == "dialogue":
            if section != "events" and section:
                continue
            parts = value.split(",", layout.last)
            if len(parts) < layout.count or layout.text is None:
                warnings.append(f"line {number}: a Dialogue line with {len(parts)} of {layout.count} fields; skipped")
                continue
            start_text = "" if layout.start is None else parts[layout.start]
            if RGX_USUAL_TIME.fullmatch(start_text):
                start = (int(start_text[0]) * 3_600_000 + int(start_text[2:4]) * 60_000
                         + int(start_text[5:7]) * 1000 + int(start_text[8:]) * 10)
            else:
                start = time_to_ms(start_text)
                if start is None:
                    warnings.append(f"line {number}: start {start_text.strip()[:20]!r} is not a time; skipped")
                    continue
            end_text = "" if layout.end is None else parts[layout.end]
            if RGX_USUAL_TIME.fullmatch(end_text):
                end = (int(end_text[0]) * 3_600_000 + int(end_text[2:4]) * 60_000 + int(end_text[5:7]) * 1000
                       + int(end_text[8:]) * 10)
            else:
                end = time_to_ms(end_text)
            body = parts[layout.text]
            if "{" in body or "\\" in body:
                body = clean_text(body)
                if body is None:
                    continue
            else:
                body = body.strip()
            if not body:
                empty.append(number)
                continue
            name = "" if layout.name is None else parts[layout.name]
            speaker = speakers.get(name, "")
            if speaker == "":
                speaker = speakers[name] = " ".join(name.split()) or None
            if start < last_start:
                in_order = False
            last_start = start
            cues.append(Cue(start, end, body, speaker, number))
        elif key == "title" and section == "script info" and value.strip():
            title = value.strip()
        elif key == "format" and section == "events":
            fields = [name.strip().casefold() for name in value.split(",")]
            layout = _layout(fields)
    if not cues and not empty:
        raise NotATranscriptError("not a SubStation Alpha script: no Dialogue line in [Events]", path=path)
    if not in_order:
        # Typesetters add signs after the dialogue, out of time order; players show events by time, and so do
        # we (a stable sort: events at the same time keep the file's order).
        cues.sort(key=_start_of)
    return build_transcript(cues, warnings, format=NAME, path=path, title=title, empty=empty)


@dataclass(frozen=True, slots=True)
class _Layout:
    """Where a `Format:` line puts the fields a reader needs (None: the field is missing)."""

    count: int
    last: int
    start: int | None
    end: int | None
    name: int | None
    text: int | None


def _layout(fields: list[str]) -> _Layout:
    """Return the field positions of `fields`; a repeated name counts at its last place."""
    where = {name: i for i, name in enumerate(fields)}
    return _Layout(len(fields), len(fields) - 1, where.get("start"), where.get("end"), where.get("name"),
                   where.get("text"))


def _start_of(cue: Cue) -> int:
    return cue.start  # type: ignore[return-value]  # every kept Dialogue has a start
