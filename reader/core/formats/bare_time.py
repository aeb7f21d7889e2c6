"""Lines that start with a bare `hh:mm:ss` or `mm:ss` and then the text (Talk Python, YouTube copies).

Talk Python writes `00:00:06 text` with no speaker; a YouTube "Show transcript" copy puts the time alone on
its line and the text on the next, which is read the same way. A `Name: ` right after the time is taken as
the speaker only when that name opens at least two lines, so a fragment like `Look: ...` stays text.
"""

from __future__ import annotations

import re
from pathlib import Path

from reader.core.errors import NotATranscriptError
from reader.core.formats.common import SNIFF_CHARS
from reader.core.formats.speaker_names import looks_like_speaker
from reader.core.formats.text_common import (
    TIME,
    LineCounter,
    backwards_warning,
    body_text,
    find_title,
    split_front_matter,
)
from reader.core.timecode import clock_to_ms
from reader.core.transcript import Transcript, Turn

NAME = "bare-time"
LABEL = "Text with times at line starts"
EXTENSIONS = (".txt", ".md")
SUMMARY = "lines starting with `00:12:18` or `12:18`"

# The time must be followed by a space or the line's end, so `10:30,` or `3:15pm` in prose is not a stamp;
# `00:01.000 --> 00:04.000` is a subtitle timing line, the SRT and WebVTT formats' business.
RGX_LINE = re.compile(rf"^[ \t]*(?P<time>{TIME})(?![ \t]*-->)(?:[ \t]+|[ \t]*$)", re.MULTILINE)
# Bounded name ({0,80}, no colon or newline) so a long text line cannot make it backtrack.
RGX_LABEL = re.compile(r"(?P<name>[^\W\d_][^\n:*()\[\]]{0,80}?):[ \t]+")
# Prose has the odd line starting with a time ("10:30 we met"); a transcript of this kind is mostly them.
MIN_LINES = 2
MIN_SHARE = 0.25


def sniff(text: str) -> int:
    """Return how many lines start with a bare time, or 0 when too few of the lines do."""
    sample = text[:SNIFF_CHARS]
    _, start = split_front_matter(sample)
    count = sum(1 for _ in RGX_LINE.finditer(sample, start))
    nonblank = sum(1 for line in sample[start:].split("\n") if line.strip())
    if count < MIN_LINES or count < MIN_SHARE * nonblank:
        return 0
    return count


def _labels(text: str, stamps: list[re.Match[str]]) -> dict[int, re.Match[str]]:
    """Return the speaker label after each stamp (by stamp position) whose name opens two lines or more."""
    found: dict[int, re.Match[str]] = {}
    counts: dict[str, int] = {}
    for i, stamp in enumerate(stamps):
        label = RGX_LABEL.match(text, stamp.end())
        if label is not None:
            found[i] = label
            counts[label["name"]] = counts.get(label["name"], 0) + 1
    verdicts = {name: n >= 2 and looks_like_speaker(" ".join(name.split())) for name, n in counts.items()}
    return {i: label for i, label in found.items() if verdicts[label["name"]]}


def parse(text: str, *, path: Path | None = None) -> Transcript:
    """Return the transcript in `text`; raise NotATranscriptError when no line starts with a time."""
    meta, body_start = split_front_matter(text)
    stamps = list(RGX_LINE.finditer(text, body_start))
    labels = _labels(text, stamps)
    lines = LineCounter(text)
    turns: list[Turn] = []
    warnings: list[str] = []
    previous_start: int | None = None
    for i, stamp in enumerate(stamps):
        line = lines.at(stamp.start())
        start = clock_to_ms(stamp["time"])  # TIME admits only valid clocks
        if previous_start is not None and start < previous_start:
            warnings.append(backwards_warning(line, stamp["time"]))
        previous_start = start
        label = labels.get(i)
        speaker = " ".join(label["name"].split()) if label else None
        body_end = stamps[i + 1].start() if i + 1 < len(stamps) else len(text)
        body = text[label.end() if label else stamp.end():body_end]
        turns.append(Turn(index=len(turns), start=start, speaker=speaker, text=body_text(body), line=line))

    if not turns:
        raise NotATranscriptError("not a transcript: no lines starting with a time found", path=path)
    title = find_title(meta, text[body_start:stamps[0].start()])
    transcript = Transcript(turns=turns, format=NAME, title=title, source=path, warnings=warnings)
    transcript.fill_ends()
    return transcript
