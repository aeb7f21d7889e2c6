"""Write a transcript in another format: `python -m reader convert IN -o OUT.{srt,vtt,json,md,txt}`."""

from __future__ import annotations

import json
import re

from reader.core.timecode import ms_to_clock
from reader.core.transcript import Transcript

TARGETS = ("srt", "vtt", "json", "md", "txt")
RGX_MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]<>#|])")
# `[ \t]*`, not `\s*`: a run of blank lines would be rescanned from each of its lines (quadratic).
RGX_LINE_START_MARKUP = re.compile(r"^([ \t]*)([>+-]|\d+[.)])", re.MULTILINE)


def escape_markdown(text: str) -> str:
    """Return `text` with the characters Markdown would read as markup escaped."""
    text = RGX_MARKDOWN_SPECIAL.sub(r"\\\1", text)
    return RGX_LINE_START_MARKUP.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def to_json(transcript: Transcript) -> str:
    """Return our documented JSON model (the shape of `parse --json`)."""
    return json.dumps(transcript.to_json_dict(), ensure_ascii=False, indent=1) + "\n"


def to_markdown(transcript: Transcript) -> str:
    """Return the transcript as Markdown: a title, then one paragraph per turn with time and speaker."""
    lines = [f"# {escape_markdown(transcript.title)}", ""] if transcript.title else []
    for turn in transcript.turns:
        stamp = f"[{ms_to_clock(turn.start)}] " if turn.start is not None else ""
        speaker = f"**{escape_markdown(turn.speaker)}:** " if turn.speaker else ""
        lines += [f"{stamp}{speaker}{escape_markdown(turn.text)}", ""]
    return "\n".join(lines)


def to_text(transcript: Transcript) -> str:
    """Return plain text in the event-page shape, `Speaker (MM:SS): text`, which this app reads back."""
    lines = [transcript.title, ""] if transcript.title else []
    for turn in transcript.turns:
        speaker = turn.speaker or "Unknown Speaker"
        stamp = f" ({ms_to_clock(turn.start)})" if turn.start is not None else ""
        lines += [f"{speaker}{stamp}: {turn.text}", ""]
    return "\n".join(lines)


def convert(transcript: Transcript, target: str) -> str:
    """Return `transcript` written as `target` (one of TARGETS)."""
    if target == "json":
        return to_json(transcript)
    if target == "md":
        return to_markdown(transcript)
    if target == "txt":
        return to_text(transcript)
    if target == "srt":
        from reader.core.formats import srt

        return srt.compose(transcript.turns)
    if target == "vtt":
        from reader.core.formats import vtt

        return vtt.compose(transcript.turns)
    raise ValueError(f"cannot write {target!r}; choose one of {', '.join(TARGETS)}")
