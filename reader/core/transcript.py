"""The transcript model: turns with integer-millisecond times, the title and what parsing noticed."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


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
