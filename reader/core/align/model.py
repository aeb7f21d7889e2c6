"""What an alignment is: every word of every turn with its time on the recording's clock and its character range."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from reader.core.transcript import Turn

# How one word got its time: heard in the audio, spread between heard neighbours, spread over the speech
# that voice activity detection found, or spread over the turn by character count.
HOWS = ("acoustic", "interpolated", "vad", "estimate")

Progress = Callable[[int, int], None]  # (turns done, turns in all)


class AlignCancelled(Exception):
    """The alignment was cancelled before it finished."""


class AlignError(Exception):
    """Nothing could be aligned; the message says why."""


@dataclass(frozen=True, slots=True)
class WordTime:
    """One written word: `Turn.text[char_start:char_end]` of turn `turn`, said from `start_ms` to `end_ms`."""

    text: str
    start_ms: int
    end_ms: int
    turn: int
    char_start: int
    char_end: int
    confidence: float
    how: str


@dataclass(slots=True)
class Alignment:
    """Word times for a whole transcript, on the recording's clock (media ms), in transcript order.

    `turn_confidence[i]` (0-1) says how far turn i's words can be trusted; `turn_starts[i]` is where its
    first word was heard (None when it was not heard). `method` names what gave the times ("pocketsphinx",
    "vad", "estimate"); `counts` says how many words got their time each way (see `HOWS`) and
    `pronunciations` where the pronunciations came from (dictionary, numbers, espeak, letters).
    """

    method: str
    words: list[WordTime]
    turn_confidence: list[float]
    turn_starts: list[int | None]
    counts: dict[str, int] = field(default_factory=dict)
    pronunciations: dict[str, int] = field(default_factory=dict)
    duration_ms: int | None = None
    _turn_first: list[int] = field(default_factory=list, repr=False)
    _starts: list[int] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self.reindex()

    def reindex(self) -> None:
        """Rebuild the per-turn index and the start-time index (after `words` changed)."""
        first = [len(self.words)] * (len(self.turn_confidence) + 1)
        for position in range(len(self.words) - 1, -1, -1):
            first[self.words[position].turn] = position
        for turn in range(len(first) - 2, -1, -1):
            first[turn] = min(first[turn], first[turn + 1])
        self._turn_first = first
        self._starts = [word.start_ms for word in self.words]
        if not self.counts:
            self.counts = {how: sum(1 for w in self.words if w.how == how) for how in HOWS}

    def turn_words(self, turn: int) -> Sequence[WordTime]:
        """Return turn `turn`'s words in text order (their `char_start`/`char_end` index `Turn.text`)."""
        if not 0 <= turn < len(self.turn_confidence):
            return []
        return self.words[self._turn_first[turn]:self._turn_first[turn + 1]]

    def word_index_at(self, ms: float) -> int:
        """Return the index in `words` of the word being said at media time `ms` (the last started), or -1."""
        return bisect_right(self._starts, ms) - 1

    def word_at(self, ms: float) -> WordTime | None:
        """Return the word being said at media time `ms` (the last one started; None before the first)."""
        index = self.word_index_at(ms)
        return self.words[index] if index >= 0 else None

    def spoken_chars(self, turn: int, ms: float) -> int:
        """Return how many characters of turn `turn` were said by media time `ms` (ends of whole words)."""
        done = 0
        for word in self.turn_words(turn):
            if word.start_ms > ms:
                break
            done = word.char_end
        return done

    @property
    def aligned(self) -> int:
        """Return how many words were heard in the audio."""
        return self.counts.get("acoustic", 0)

    def to_json(self) -> dict[str, Any]:
        """Return the alignment as JSON-ready data (milliseconds; the cache's format)."""
        return {
            "method": self.method, "duration_ms": self.duration_ms, "counts": self.counts,
            "pronunciations": self.pronunciations, "turn_confidence": self.turn_confidence,
            "turn_starts": self.turn_starts,
            "words": [[w.text, w.start_ms, w.end_ms, w.turn, w.char_start, w.char_end, w.confidence, w.how]
                      for w in self.words],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Alignment:
        """Return the alignment `to_json` wrote; raise KeyError/TypeError/ValueError on other data."""
        words = [WordTime(str(t), int(s), int(e), int(turn), int(cs), int(ce), float(c), str(h))
                 for t, s, e, turn, cs, ce, c, h in data["words"]]
        return cls(str(data["method"]), words, [float(c) for c in data["turn_confidence"]],
                   [None if s is None else int(s) for s in data["turn_starts"]], dict(data["counts"]),
                   dict(data.get("pronunciations", {})), data.get("duration_ms"))


class Aligner(Protocol):
    """Something that times every word of `turns` in a decoded recording."""

    name: str

    def align(self, turns: Sequence[Turn], audio: Path, *, progress: Progress | None = None,
              cancel: Callable[[], bool] | None = None) -> Alignment:
        """Return the word times of `turns` in `audio` (any file ffmpeg decodes)."""
        ...
