"""YouTube's "Show transcript" panel copied and pasted: a time alone on its line (`0:05`, `1:02:03`), the
caption's text on the line(s) after it.

The panel has one entry every few seconds; read one turn per entry, a talk would be hundreds of two-second
turns. Entries are cues, each lasting until the next, merged into turns of a few sentences (at most about
a thousand characters for captions without punctuation), each entry's time kept as an anchor. Newer
copies put the time's spoken form under it (`5 seconds`, `1 minute, 2 seconds`); that line is dropped.
"""

from __future__ import annotations

import re
from pathlib import Path

from reader.core.cues import Cue
from reader.core.errors import NotATranscriptError
from reader.core.formats.common import SNIFF_CHARS
from reader.core.formats.subtitle_blocks import build_transcript
from reader.core.formats.text_common import TIME, LineCounter, clean_text, split_front_matter
from reader.core.timecode import clock_to_ms
from reader.core.transcript import Transcript

NAME = "youtube-paste"
LABEL = "YouTube transcript copy"
EXTENSIONS = (".txt", ".md")
SUMMARY = "YouTube's Show transcript panel pasted: `0:05` alone on a line, the text on the next; merged into turns"

RGX_STAMP_ALONE = re.compile(rf"^[ \t]*(?P<time>{TIME})[ \t]*$", re.MULTILINE)
RGX_STAMP_START = re.compile(rf"^[ \t]*{TIME}(?:[ \t]|$)", re.MULTILINE)
RGX_SPOKEN_TIME = re.compile(
    r"^\d{1,3} (?:hours?|minutes?|seconds?)(?:,? \d{1,3} (?:hours?|minutes?|seconds?)){0,2}$", re.IGNORECASE)
# A copy of the panel is (nearly) all `time / text` pairs: most lines opening with a time are alone, and
# the times are a good share of the lines.
MIN_STAMPS = 3
MIN_ALONE_SHARE = 0.8
MIN_LINE_SHARE = 0.25
# An entry lasts until the next one, but no longer than the panel's entries do: a longer stretch without
# one is a pause (music, silence), and the turn ends before it.
MAX_ENTRY_MS = 10_000


def sniff(text: str) -> int:
    """Return the number of times alone on their lines when `text` reads as a panel copy, else 0."""
    sample = text[:SNIFF_CHARS]
    _, start = split_front_matter(sample)
    alone = sum(1 for _ in RGX_STAMP_ALONE.finditer(sample, start))
    if alone < MIN_STAMPS:
        return 0
    opening = sum(1 for _ in RGX_STAMP_START.finditer(sample, start))
    nonblank = sum(1 for line in sample[start:].split("\n") if line.strip())
    if alone < MIN_ALONE_SHARE * opening or alone < MIN_LINE_SHARE * nonblank:
        return 0
    # bare-time counts the same lines; a panel copy is this format's, so it wins by one.
    return opening + 1


def parse(text: str, *, path: Path | None = None) -> Transcript:
    """Return the transcript in the pasted panel `text`; raise NotATranscriptError without a time alone."""
    _, body_start = split_front_matter(text)
    stamps = list(RGX_STAMP_ALONE.finditer(text, body_start))
    if not stamps:
        raise NotATranscriptError("not a transcript: no time alone on its line found", path=path)
    lines = LineCounter(text)
    cues: list[Cue] = []
    empty: list[int] = []
    for i, stamp in enumerate(stamps):
        line = lines.at(stamp.start())
        body_end = stamps[i + 1].start() if i + 1 < len(stamps) else len(text)
        kept = [part for part in text[stamp.end():body_end].split("\n")
                if part.strip() and not RGX_SPOKEN_TIME.match(part.strip())]
        body = clean_text(" ".join(kept))
        start = clock_to_ms(stamp["time"])  # TIME admits only valid clocks
        if cues and cues[-1].end is None:
            previous = cues[-1].start or 0
            cues[-1].end = max(previous, min(start, previous + MAX_ENTRY_MS))
        if not body:
            empty.append(line)
            continue
        cues.append(Cue(start, None, body, line=line))
    title = None
    head = text[body_start:stamps[0].start()].strip()
    if head and "\n" not in head and len(head) <= 300:
        title = clean_text(head)
    return build_transcript(cues, [], format=NAME, path=path, title=title, empty=empty)
