"""SubRip (.srt) subtitles: cues read into speaker turns, and turns written back as cues.

SubRip has no specification. We read what players (VLC, ffmpeg) and the `srt` library read, and write what
they all read. Timing lines and `Name: ` speaker labels are read as in `vtt`, SubRip's descendant
(`subtitle_blocks`).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from pathlib import Path

from reader.core.cues import Cue
from reader.core.errors import NotATranscriptError
from reader.core.formats.common import SIGNATURE, SNIFF_CHARS
from reader.core.formats.subtitle_blocks import (
    MAX_LABEL_CHARS,
    RGX_TIMESTAMP,
    assign_speakers,
    build_transcript,
    fields_to_ms,
    find_timing_lines,
    malformed_warning,
    ms_to_timestamp,
    pieces_of,
    speaker_label,
)
from reader.core.transcript import Transcript, Turn

NAME = "srt"
LABEL = "SubRip subtitles"
EXTENSIONS = (".srt",)
SUMMARY = "SubRip: tags stripped, Zoom/WhisperX `Name:` speakers"

# The cue number before a timing line. Real files number from 0 (an advert cue) or not at all; we never
# need the number, only to keep it out of the text of the cue before.
RGX_INDEX = re.compile(r"[ \t]*-?\d+[ \t]*")
# HTML-like tags (`<i>`, `<font color="red">`, and invented ones that players hide). A tag starts with a
# letter right after `<`, so `2<3,5>1` and a lone `<` stay text.
RGX_TAG = re.compile(r"</?[A-Za-z][^<>\n]*>")
# ASS override blocks (`{\an8}`, `{\i1}`), which SubRip files copied from ASS keep, and MicroDVD control
# codes (`{y:i}`, `{c:$0000ff}`) from files converted from .sub. Other braces (`{laughs}`) are text.
RGX_OVERRIDE = re.compile(r"\{(?:\\|[cCfFpPsSyY]:)[^{}\n]*\}")


def srt_timestamp_to_ms(text: str) -> int:
    """Return the milliseconds of a SubRip timestamp like `00:01:02,500`; raise ValueError if it is not one."""
    match = re.fullmatch(RGX_TIMESTAMP, text.strip())
    if match is None:
        raise ValueError(f"not a SubRip timestamp: {text!r}")
    return fields_to_ms(*match.groups(), decimal=False)


def ms_to_srt_timestamp(ms: int) -> str:
    """Return `ms` as a SubRip timestamp, `HH:MM:SS,mmm` (negative times are written as 0)."""
    return ms_to_timestamp(ms, ",")


def label_for(speaker: str, text: str) -> str:
    """Return the label a writer puts before `speaker`'s `text`: `Name: `, or `[Name]: ` when that would
    not read back as the same name (`dr who`, or `SPEAKER_00` before `5-5-8.`)."""
    label = f"{speaker}: "
    read = speaker_label(label + text, {})
    return label if read is not None and read[0] == speaker else f"[{speaker}]: "


def sniff(text: str) -> int:
    """Return SIGNATURE plus the number of SubRip timing lines at the head of `text`, or 0."""

    head = text[:SNIFF_CHARS]
    if head.lstrip().startswith("WEBVTT"):
        return 0
    _, times = find_timing_lines(head.split("\n"), decimal=False)
    count = len(times) - times.count(None)
    return SIGNATURE + count if count else 0


def clean_text(body: str) -> str:
    """Return a cue's text without tags, ASS overrides and escapes, with entities unescaped."""
    if "<" in body:
        body = RGX_TAG.sub("", body)
    if "{" in body:
        body = RGX_OVERRIDE.sub("", body)
    if "\\" in body:
        # ASS escapes that reach SubRip files: `\N` a forced line break, `\h` a hard space.
        body = body.replace("\\N", "\n").replace("\\h", " ")
    if "&" in body:
        body = html.unescape(body)
    return body.strip()


def parse(text: str, *, path: Path | None = None) -> Transcript:
    """Return the transcript in SubRip `text`; raise NotATranscriptError when no cue can be read."""
    lines = text.split("\n")
    arrows, times = find_timing_lines(lines, decimal=False)
    cues: list[Cue] = []
    labels: list[tuple[str, int, bool] | None] = []
    warnings: list[str] = []
    verdicts: dict[str, bool] = {}
    empty: list[int] = []
    last = len(arrows) - 1
    for k, i in enumerate(arrows):
        timing = times[k]
        if timing is None:
            warnings.append(malformed_warning(lines[i], i + 1))
            continue
        # A cue's text runs to the next timing line, blank lines included: `srt` keeps blank lines inside
        # a cue, and files stripped of one language of a bilingual pair lose the blank line between cues.
        stop = arrows[k + 1] if k < last else len(lines)
        while stop > i + 1 and not lines[stop - 1].strip():
            stop -= 1
        if k < last and stop > i + 1 and RGX_INDEX.fullmatch(lines[stop - 1]):
            stop -= 1  # the next cue's number
        body = clean_text(lines[i + 1] if stop == i + 2 else "\n".join(lines[i + 1:stop]))
        if not body:
            empty.append(i + 1)
            continue
        cues.append(Cue(timing[0], timing[1], body, line=i + 1))
        labels.append(speaker_label(body, verdicts) if ":" in body[:MAX_LABEL_CHARS] else None)
    if not cues and not empty:
        if warnings:
            first = arrows[times.index(None)] + 1
            raise NotATranscriptError(f"not a SubRip file: line {first} is not a timing line", path=path, line=first)
        raise NotATranscriptError("not a SubRip file: no `00:00:01,000 --> 00:00:02,000` timing line",
                                  path=path)
    assign_speakers(cues, labels)
    return build_transcript(cues, warnings, format=NAME, path=path, empty=empty)


def compose(items: Iterable[Turn | Cue]) -> str:
    """Return SubRip text for turns or cues: one cue per timed piece, `Name: ` where the speaker changes.

    SubRip has no inline times, so a turn is split at each of its anchors. A speaker label is written when
    the speaker changes, as podcast hosts do; a speakerless cue after a named one cannot be told apart.
    """
    out: list[str] = []
    number = 0
    previous: str | None = None
    for speaker, pieces in pieces_of(items):
        for k, piece in enumerate(pieces):
            number += 1
            lines = [line.strip() for line in piece.text.split("\n")]
            # A blank line would end the cue early and `-->` would start a new one in most readers.
            body = "\n".join(line for line in lines if line).replace("-->", "->")
            if k == 0 and speaker is not None and speaker != previous:
                body = label_for(speaker, body) + body
            out.append(f"{number}\n{ms_to_srt_timestamp(piece.start)} --> {ms_to_srt_timestamp(piece.end or 0)}"
                       f"\n{body}\n\n")
        previous = speaker
    return "".join(out)
