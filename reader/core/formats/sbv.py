"""YouTube SubViewer (.sbv) captions: `0:00:03.900,0:00:08.460` timing lines, then the cue's text.

YouTube Studio downloads captions in this format. A cue runs from its timing line to the next blank line;
`[br]` is a line break inside a cue. Captioners mark a change of speaker with `>>`, often followed by the
name (`>> ALICE: Hi`); `Name: ` labels are read as in SubRip (`subtitle_blocks`).
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from reader.core.cues import Cue
from reader.core.errors import NotATranscriptError
from reader.core.formats.common import SIGNATURE, SNIFF_CHARS
from reader.core.formats.subtitle_blocks import (
    MAX_LABEL_CHARS,
    assign_speakers,
    build_transcript,
    speaker_label,
)
from reader.core.transcript import Transcript

NAME = "sbv"
LABEL = "YouTube SBV captions"
EXTENSIONS = (".sbv",)
SUMMARY = "YouTube SubViewer: `0:00:03.900,0:00:08.460` cues, `>> NAME:` speaker changes"

# `H:MM:SS.mmm,H:MM:SS.mmm`. YouTube writes one hour digit and three fraction digits; editors that
# re-save the file pad the hours or drop fraction digits, which is read the same.
RGX_TIMING = re.compile(
    r"^[ \t]*(\d{1,3}):([0-5]\d):([0-5]\d)(?:\.(\d{1,3}))?[ \t]*,[ \t]*(\d{1,3}):([0-5]\d):([0-5]\d)(?:\.(\d{1,3}))?"
    r"[ \t]*$",
    re.MULTILINE,
)
# `>>` (or `&gt;&gt;`, from captions copied out of a web page) opens a cue whose speaker changes.
RGX_CHEVRONS = re.compile(r"^(?:>>|&gt;&gt;)[ \t]*")
RGX_BREAK = re.compile(r"\[br\]", re.IGNORECASE)


def fields_to_ms(hours: str, minutes: str, seconds: str, fraction: str | None) -> int:
    """Return the milliseconds of a matched SBV time (the fraction is decimal: `.5` is half a second)."""
    ms = ((int(hours) * 60 + int(minutes)) * 60 + int(seconds)) * 1000
    return ms + int(fraction.ljust(3, "0")) if fraction else ms


def sniff(text: str) -> int:
    """Return SIGNATURE plus the number of SBV timing lines at the head of `text`, or 0."""
    count = sum(1 for _ in RGX_TIMING.finditer(text, 0, SNIFF_CHARS))
    return SIGNATURE + count if count else 0


def parse(text: str, *, path: Path | None = None) -> Transcript:
    """Return the transcript in SBV `text`; raise NotATranscriptError when no cue can be read."""
    timings = list(RGX_TIMING.finditer(text))
    if not timings:
        raise NotATranscriptError("not an SBV file: no `0:00:01.000,0:00:02.000` timing line", path=path)
    cues: list[Cue] = []
    labels: list[tuple[str, int, bool] | None] = []
    verdicts: dict[str, bool] = {}
    empty: list[int] = []
    line = text.count("\n", 0, timings[0].start()) + 1
    previous_end = timings[0].start()
    for k, match in enumerate(timings):
        line += text.count("\n", previous_end, match.start())
        previous_end = match.start()
        stop = timings[k + 1].start() if k + 1 < len(timings) else len(text)
        # A cue ends at the first blank line; what follows before the next timing line is not caption text.
        body = text[match.end():stop].lstrip("\n").split("\n\n", 1)[0]
        body = html.unescape(RGX_BREAK.sub("\n", body)).strip()
        g = match.groups()
        start, end = fields_to_ms(*g[0:4]), fields_to_ms(*g[4:8])
        changed = RGX_CHEVRONS.match(body)
        if changed:
            body = body[changed.end():]
        if not body:
            empty.append(line)
            continue
        label = speaker_label(body, verdicts) if ":" in body[:MAX_LABEL_CHARS] else None
        cues.append(Cue(start, end, body, line=line))
        labels.append(label)
    assign_speakers(cues, labels)
    return build_transcript(cues, [], format=NAME, path=path, empty=empty)
