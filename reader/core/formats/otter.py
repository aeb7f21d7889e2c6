"""Otter.ai text exports: a `Speaker Name  0:05` header line, the speech on the lines after it.

Otter writes two spaces between name and time and often two trailing spaces; copies through editors and
Markdown (`**Name**  0:05`) keep one space or add bold marks, so both are accepted. Its footer
`Transcribed by https://otter.ai` and the `SUMMARY KEYWORDS` / `SPEAKERS` block before the first header
are dropped.
"""

from __future__ import annotations

import re
from pathlib import Path

from reader.core.errors import NotATranscriptError
from reader.core.formats.common import SNIFF_CHARS, named_matches
from reader.core.formats.speaker_names import BIDI_MARKS, clean_name, looks_like_speaker
from reader.core.formats.text_common import (
    LineCounter,
    backwards_warning,
    body_text,
    find_title,
    split_front_matter,
)
from reader.core.timecode import clock_to_ms
from reader.core.transcript import Transcript, Turn

NAME = "otter"
LABEL = "Otter.ai transcript"
EXTENSIONS = (".txt", ".md", ".docx")
SUMMARY = "Otter.ai exports: `Name  0:05` headers, footer dropped"

# The name is bounded ({0,80}) and cannot hold colons, brackets or newlines, so a prose line cannot make
# the regex backtrack; looks_like_speaker() decides whether it is a name (which also keeps prose that ends
# in a time, "we met at 10:30", out). The time must end the line: Otter never writes text after it.
RGX_HEADER = re.compile(
    rf"^[ \t{BIDI_MARKS}]*(?P<bold>\*\*)?(?P<speaker>[^\W\d_][^\n:*()\[\]]{{0,80}}?)(?(bold)\*\*)[ \t]{{1,8}}"
    r"(?P<time>\d{1,3}(?::\d{2}){1,2})[ \t]*$",
    re.MULTILINE,
)


def _headers(text: str, start: int = 0) -> list[re.Match[str]]:
    """Return the header matches in `text` from `start`, names checked once per distinct name."""
    return named_matches(RGX_HEADER, text, lambda name: looks_like_speaker(clean_name(name)), start)


def sniff(text: str) -> int:
    """Return how many header lines of this format the start of `text` has."""
    sample = text[:SNIFF_CHARS]
    _, start = split_front_matter(sample)
    return len(_headers(sample, start))


def parse(text: str, *, path: Path | None = None) -> Transcript:
    """Return the transcript in `text`; raise NotATranscriptError when no header is found."""
    meta, body_start = split_front_matter(text)
    headers = _headers(text, body_start)
    lines = LineCounter(text)
    turns: list[Turn] = []
    warnings: list[str] = []
    previous_start: int | None = None
    for i, match in enumerate(headers):
        line = lines.at(match.start())
        body_end = headers[i + 1].start() if i + 1 < len(headers) else len(text)
        try:
            start = clock_to_ms(match["time"])
        except ValueError:
            warnings.append(f"line {line}: {match['time']} is not a time; the line is read as text")
            if turns:
                turns[-1].text = f"{turns[-1].text} {body_text(text[match.start():body_end])}".strip()
            continue
        if previous_start is not None and start < previous_start:
            warnings.append(backwards_warning(line, match["time"]))
        previous_start = start
        speaker = clean_name(match["speaker"])
        text_ = body_text(text[match.end():body_end])
        turns.append(Turn(index=len(turns), start=start, speaker=speaker, text=text_, line=line))

    if not turns:
        raise NotATranscriptError("not a transcript: no `Speaker  0:05` headers found", path=path)
    title = find_title(meta, text[body_start:headers[0].start()])
    transcript = Transcript(turns=turns, format=NAME, title=title, source=path, warnings=warnings)
    transcript.fill_ends()
    return transcript
