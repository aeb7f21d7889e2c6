"""The transcript model: turns with integer-millisecond times, the title and what parsing noticed."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

# A turn longer than this is shown as parts: laying out a 5 MB paragraph froze the window for 4 s, and
# nobody reads 10,000 characters (about 1,700 words, ten minutes of speech) as one block either.
MAX_TURN_CHARS = 10_000
RGX_SENTENCE_END = re.compile(r"[.!?…][\"'”’)\]]*\s+")


@dataclass(slots=True)
class Turn:
    """One speaker's uninterrupted stretch of speech.

    `start` and `end` are milliseconds in the transcript's own clock, or None when the file has no time
    for it; `line` is the 1-based line of the file where the turn begins. `anchors` keeps the finer times
    the file had inside the turn (merged subtitle cues, timed words): (character offset in `text`, ms),
    in offset order, so following can continue inside a long turn.
    """

    index: int
    start: int | None
    speaker: str | None
    text: str
    end: int | None = None
    line: int | None = None
    anchors: list[tuple[int, int]] = field(default_factory=list)


@dataclass(slots=True)
class Transcript:
    """A parsed transcript: its turns in file order plus what the parser could tell about the file."""

    turns: list[Turn]
    format: str
    title: str | None = None
    source: Path | None = None
    encoding: str | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def speakers(self) -> list[str]:
        """Return the speakers in order of first appearance."""
        seen: dict[str, None] = {}
        for turn in self.turns:
            if turn.speaker is not None:
                seen.setdefault(turn.speaker, None)
        return list(seen)

    def speaker_turn_counts(self) -> dict[str, int]:
        """Return how many turns each speaker has."""
        counts: dict[str, int] = {}
        for turn in self.turns:
            if turn.speaker is not None:
                counts[turn.speaker] = counts.get(turn.speaker, 0) + 1
        return counts

    def fill_ends(self, media_end_ms: int | None = None) -> None:
        """Give turns without an end the next timed turn's start (the last one: `media_end_ms`).

        Ends a file states (subtitle cues) are kept: a pause after a cue is real.
        """
        next_start = media_end_ms
        for turn in reversed(self.turns):
            if turn.start is None:
                continue
            if turn.end is None:
                turn.end = next_start if next_start is None or next_start >= turn.start else turn.start
            next_start = turn.start

    def to_json_dict(self) -> dict[str, Any]:
        """Return the documented JSON shape of `python -m reader parse --json`."""
        return {
            "format": self.format,
            "title": self.title,
            "source": str(self.source) if self.source else None,
            "encoding": self.encoding,
            "speakers": self.speakers,
            "turns": [
                {
                    "index": t.index,
                    "start": None if t.start is None else t.start / 1000,
                    "end": None if t.end is None else t.end / 1000,
                    "speaker": t.speaker,
                    "text": t.text,
                    "line": t.line,
                    "anchors": [[offset, ms / 1000] for offset, ms in t.anchors],
                }
                for t in self.turns
            ],
            "warnings": list(self.warnings),
        }


def split_long_turns(transcript: Transcript, max_chars: int = MAX_TURN_CHARS) -> None:
    """Split every turn longer than `max_chars` into parts, at sentence ends where it can, and renumber.

    A part keeps the speaker and the line; it starts at the turn's last inner time (anchor) at or before
    its first character, or has no time of its own (the reader estimates one); the last part keeps the end.
    """
    if all(len(turn.text) <= max_chars for turn in transcript.turns):
        return
    turns: list[Turn] = []
    for turn in transcript.turns:
        if len(turn.text) <= max_chars:
            turns.append(turn)
            continue
        parts = _split_points(turn.text, max_chars)
        for number, (begin, finish) in enumerate(parts):
            text = turn.text[begin:finish].rstrip()
            inner = [(offset - begin, ms) for offset, ms in turn.anchors if begin <= offset < begin + len(text)]
            before = [ms for offset, ms in turn.anchors if offset <= begin]
            start = turn.start if number == 0 else (before[-1] if before else None)
            turns.append(Turn(index=0, start=start, speaker=turn.speaker, text=text,
                              end=turn.end if number == len(parts) - 1 else None, line=turn.line, anchors=inner))
        where = f"line {turn.line}: " if turn.line is not None else ""
        transcript.warnings.append(f"{where}a turn of {len(turn.text):,} characters is shown in {len(parts)} parts")
    for index, turn in enumerate(turns):
        turn.index = index
    transcript.turns = turns


def _split_points(text: str, max_chars: int) -> list[tuple[int, int]]:
    """Return (begin, end) offsets of parts of `text` of at most `max_chars`, cut after sentences or spaces."""
    parts = []
    begin, size = 0, len(text)
    while size - begin > max_chars:
        window_end = begin + max_chars
        floor = begin + max_chars // 2
        cut = 0
        for match in RGX_SENTENCE_END.finditer(text, floor, window_end):
            cut = match.end()
        if not cut:
            space = max(text.rfind(" ", floor, window_end), text.rfind("\n", floor, window_end))
            cut = space + 1 if space >= 0 else window_end
        parts.append((begin, cut))
        begin = cut
    parts.append((begin, size))
    return parts
