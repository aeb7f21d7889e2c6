"""Rev transcripts: a `Speaker Name (HH:MM:SS):` header alone on its line, the paragraph(s) on the lines after.

A header without a name, `(00:01:51):`, is the same speaker going on after a pause: a new turn with the
previous turn's speaker. YAML front matter (`---` ... `---` at the top) is metadata, never turns.
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

NAME = "rev"
LABEL = "Rev transcript"
EXTENSIONS = (".txt", ".md", ".docx")
SUMMARY = "`Name (00:01:51):` header lines, then the paragraph; YAML front matter title"

# ---- Rev -----------------------------------------------------------------------------------------------

# The name is bounded ({0,80}, no parentheses, colons or newlines) so a prose line cannot make the regex
# backtrack; looks_like_speaker() decides whether it is a name. The header is alone on its line (the colon
# is optional there); text after it on the same line is accepted only after a colon, as on event pages, so
# files that mix both shapes lose no turn.
RGX_HEADER = re.compile(
    rf"^[ \t{BIDI_MARKS}]*(?:(?P<speaker>[^\W\d_][^():\n]{{0,80}}?)[ \t]+)?"
    r"\((?P<time>\d{1,3}(?::\d{2}){1,2}(?:[.,]\d{1,3})?)\)"
    r"(?:[ \t]*:?[ \t]*$|[ \t]*:[ \t]*(?P<inline>\S))",
    re.MULTILINE,
)


def _headers(text: str, start: int = 0) -> list[re.Match[str]]:
    """Return the header matches in `text` from `start`; a header without a name continues its speaker."""
    return named_matches(RGX_HEADER, text, lambda name: looks_like_speaker(clean_name(name)), start,
                         unnamed_ok=True)


def sniff(text: str) -> int:
    """Return the number of turn lines seen: two per header alone on its line (the header, its paragraph)."""
    # event_page's header pattern also matches a header alone on its line, so a Rev file gives it one line
    # per turn; counting the paragraph line each Rev header introduces keeps Rev ahead, while a page of
    # `Name (t): text` lines (no header alone) scores 0 here.
    # A `(12:30)` alone on a line happens in prose; without one named header, nothing here is Rev's.
    sample = text[:SNIFF_CHARS]
    _, start = split_front_matter(sample)
    alone = [match for match in _headers(sample, start) if match["inline"] is None]
    return 2 * len(alone) if any(match["speaker"] for match in alone) else 0


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
        body = text[match.start("inline") if match["inline"] else match.end():body_end]
        try:
            start = clock_to_ms(match["time"])
        except ValueError:
            warnings.append(f"line {line}: ({match['time']}) is not a time; the line is read as text")
            if turns:
                turns[-1].text = f"{turns[-1].text} {body_text(text[match.start():body_end])}".strip()
            continue
        if previous_start is not None and start < previous_start:
            warnings.append(backwards_warning(line, match["time"]))
        previous_start = start
        if match["speaker"] is not None:
            speaker: str | None = clean_name(match["speaker"])
        else:  # `(00:01:51):` alone: the same voice after a pause
            speaker = turns[-1].speaker if turns else None
        turns.append(Turn(index=len(turns), start=start, speaker=speaker, text=body_text(body), line=line))

    if not turns:
        raise NotATranscriptError("not a transcript: no `Speaker (HH:MM:SS):` headers found", path=path)
    title = find_title(meta, text[body_start:headers[0].start()])
    transcript = Transcript(turns=turns, format=NAME, title=title, source=path, warnings=warnings)
    transcript.fill_ends()
    return transcript
