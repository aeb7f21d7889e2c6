"""What an alignment is: every word of every turn with its time on the recording's clock and its character range."""

from __future__ import annotations

import json
import sys
from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate
from pathlib import Path
from typing import BinaryIO, Protocol, overload

from reader.core.transcript import Turn

# How one word got its time: heard in the audio, spread between heard neighbours, spread over the speech
# that voice activity detection found, or spread over the turn by character count.
HOWS = ("acoustic", "interpolated", "vad", "estimate")
_HOW_CODES = {how: code for code, how in enumerate(HOWS)}
FORMAT = 3  # of what `Alignment.write` writes: bump when it changes, so older files are re-made, not misread

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


class WordColumns:
    """Every word of an alignment, column by column: typed arrays and one string of the words' texts.

    About 30 bytes a word where a `WordTime` object costs some 270: a 50,000-turn talk has 1.5 million
    words. Producers `add` words in transcript order (turn by turn), then `close`; `WordTime`s are only
    made when a word is read. Confidences are kept to 3 decimals (the aligner's precision).
    """

    __slots__ = ("_piece", "_pieces", "char_ends", "char_starts", "confidences", "ends", "hows", "offsets", "starts",
                 "text", "turn_first")

    def __init__(self) -> None:
        self.text = ""  # the words' texts one after the other: word i is text[offsets[i]:offsets[i + 1]]
        self.offsets = array("i", [0])
        self.starts = array("i")
        self.ends = array("i")
        self.char_starts = array("i")
        self.char_ends = array("i")
        self.confidences = array("H")  # thousandths
        self.hows = array("B")  # indices in HOWS
        self.turn_first = array("i", [0])  # turn t's words are turn_first[t]:turn_first[t + 1]
        self._pieces: list[str] = []  # texts of finished turns, joined by `close`
        self._piece: list[str] = []  # texts of the turn being added

    def __len__(self) -> int:
        return len(self.starts)

    def add(self, turn: int, text: str, start_ms: int, end_ms: int, char_start: int, char_end: int,
            confidence: float, how: str) -> None:
        """Append a word of turn `turn` (not before the last word's turn)."""
        if turn != len(self.turn_first) - 1:
            if turn < len(self.turn_first) - 1:
                raise ValueError(f"word of turn {turn} after a word of turn {len(self.turn_first) - 2}")
            self._end_turns(turn)
        self._piece.append(text)
        self.offsets.append(self.offsets[-1] + len(text))
        self.starts.append(start_ms)
        self.ends.append(end_ms)
        self.char_starts.append(char_start)
        self.char_ends.append(char_end)
        self.confidences.append(round(confidence * 1000))
        self.hows.append(_HOW_CODES[how])

    def add_turn(self, turn: int, texts: Sequence[str], char_starts: Sequence[int], char_ends: Sequence[int],
                 starts: Sequence[int], ends: Sequence[int], confidences: Sequence[float], hows: Sequence[str]) -> None:
        """Append the words of turn `turn` (not before the last word's turn), a column at a time."""
        count = len(texts)
        if any(len(column) != count for column in (char_starts, char_ends, starts, ends, confidences, hows)):
            raise ValueError("a turn's columns differ in length")
        if not count:
            return
        if turn != len(self.turn_first) - 1:
            if turn < len(self.turn_first) - 1:
                raise ValueError(f"words of turn {turn} after a word of turn {len(self.turn_first) - 2}")
            self._end_turns(turn)
        self._piece.append("".join(texts))
        offsets = accumulate(map(len, texts), initial=self.offsets[-1])
        next(offsets)
        self.offsets.extend(offsets)
        self.starts.extend(starts)
        self.ends.extend(ends)
        self.char_starts.extend(char_starts)
        self.char_ends.extend(char_ends)
        self.confidences.extend([round(c * 1000) for c in confidences])
        self.hows.extend([_HOW_CODES[how] for how in hows])

    def _end_turns(self, turn: int) -> None:
        """Close the turns before `turn` (those without words too)."""
        if self._piece:
            self._pieces.append("".join(self._piece))
            self._piece = []
        count = len(self.starts)
        while len(self.turn_first) - 1 < turn:
            self.turn_first.append(count)

    def close(self, turn_count: int) -> WordColumns:
        """Finish the columns of `turn_count` turns and return them."""
        self._end_turns(max(turn_count, len(self.turn_first) - 1))
        self.text += "".join(self._pieces)
        self._pieces = []
        return self

    def word(self, index: int) -> WordTime:
        """Return word `index` (0 <= index < len)."""
        return WordTime(self.text[self.offsets[index]:self.offsets[index + 1]], self.starts[index], self.ends[index],
                        bisect_right(self.turn_first, index) - 1, self.char_starts[index], self.char_ends[index],
                        self.confidences[index] / 1000, HOWS[self.hows[index]])

    def arrays(self) -> tuple[array, ...]:
        """Return the typed columns, in the order the cache writes them."""
        return (self.offsets, self.starts, self.ends, self.char_starts, self.char_ends, self.confidences,
                self.hows, self.turn_first)


class WordTimes(Sequence[WordTime]):
    """A read-only run of an alignment's words (all, or a turn's); a slice is another view, not a copy."""

    __slots__ = ("_columns", "_hi", "_lo")

    def __init__(self, columns: WordColumns, lo: int = 0, hi: int | None = None) -> None:
        self._columns = columns
        self._lo = lo
        self._hi = len(columns) if hi is None else hi

    def __len__(self) -> int:
        return self._hi - self._lo

    @overload
    def __getitem__(self, index: int) -> WordTime: ...

    @overload
    def __getitem__(self, index: slice) -> WordTimes: ...

    def __getitem__(self, index: int | slice) -> WordTime | WordTimes:
        if isinstance(index, slice):
            lo, hi, step = index.indices(len(self))
            if step != 1:
                raise ValueError("word views take contiguous slices only")
            return WordTimes(self._columns, self._lo + lo, self._lo + max(lo, hi))
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError("word index out of range")
        return self._columns.word(self._lo + index)

    def __iter__(self) -> Iterator[WordTime]:
        word = self._columns.word
        for index in range(self._lo, self._hi):
            yield word(index)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str | bytes):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]  # equal to lists, like a list

    def __repr__(self) -> str:
        return f"<WordTimes {self._lo}:{self._hi} of {len(self._columns)}>"

    @property
    def starts(self) -> Sequence[int]:
        """Return the words' `start_ms`, without making their `WordTime`s."""
        return self._columns.starts[self._lo:self._hi]

    @property
    def char_starts(self) -> Sequence[int]:
        """Return the words' `char_start`, without making their `WordTime`s."""
        return self._columns.char_starts[self._lo:self._hi]


class Alignment:
    """Word times for a whole transcript, on the recording's clock (media ms), in transcript order.

    `words` reads every word (a sequence of `WordTime`s made on access, kept column-wise in
    `WordColumns`); `turn_words(i)` turn i's. `turn_confidence[i]` (0-1) says how far turn i's words can
    be trusted; `turn_starts[i]` is where its first word was heard (None when it was not heard). `method`
    names what gave the times ("pocketsphinx", "vad", "estimate"); `counts` says how many words got their
    time each way (see `HOWS`) and `pronunciations` where the pronunciations came from (dictionary,
    numbers, espeak, letters).
    """

    __slots__ = ("_columns", "counts", "duration_ms", "method", "pronunciations", "turn_confidence", "turn_starts")

    def __init__(self, method: str, words: WordColumns | Iterable[WordTime], turn_confidence: list[float],
                 turn_starts: list[int | None], counts: dict[str, int] | None = None,
                 pronunciations: dict[str, int] | None = None, duration_ms: int | None = None) -> None:
        self.method = method
        self.turn_confidence = turn_confidence
        self.turn_starts = turn_starts
        if not isinstance(words, WordColumns):
            columns = WordColumns()
            for w in words:
                columns.add(w.turn, w.text, w.start_ms, w.end_ms, w.char_start, w.char_end, w.confidence, w.how)
            words = columns
        self._columns = words.close(len(turn_confidence))
        self.counts = counts or {how: words.hows.count(code) for code, how in enumerate(HOWS)}
        self.pronunciations = pronunciations or {}
        self.duration_ms = duration_ms

    def __repr__(self) -> str:
        return f"<Alignment {self.method}: {len(self._columns)} words in {len(self.turn_confidence)} turns>"

    @property
    def words(self) -> WordTimes:
        """Return every word, in transcript order."""
        return WordTimes(self._columns)

    def turn_words(self, turn: int) -> WordTimes:
        """Return turn `turn`'s words in text order (their `char_start`/`char_end` index `Turn.text`)."""
        if not 0 <= turn < len(self.turn_confidence):
            return WordTimes(self._columns, 0, 0)
        first = self._columns.turn_first
        return WordTimes(self._columns, first[turn], first[turn + 1])

    def word_index_at(self, ms: float) -> int:
        """Return the index in `words` of the word being said at media time `ms` (the last started), or -1."""
        return bisect_right(self._columns.starts, ms) - 1

    def word_at(self, ms: float) -> WordTime | None:
        """Return the word being said at media time `ms` (the last one started; None before the first)."""
        index = self.word_index_at(ms)
        return self._columns.word(index) if index >= 0 else None

    def spoken_chars(self, turn: int, ms: float) -> int:
        """Return how many characters of turn `turn` were said by media time `ms` (ends of whole words)."""
        words = self.turn_words(turn)
        said = bisect_right(words.starts, ms)  # the words started by then
        return words[said - 1].char_end if said else 0

    @property
    def aligned(self) -> int:
        """Return how many words were heard in the audio."""
        return self.counts.get("acoustic", 0)

    def write(self, file: BinaryIO) -> None:
        """Write the alignment to `file` (the cache's format): a JSON line, the words' text, then the columns."""
        columns = self._columns
        text = columns.text.encode("utf-8")
        head = {"format": FORMAT, "method": self.method, "duration_ms": self.duration_ms, "counts": self.counts,
                "pronunciations": self.pronunciations, "turn_confidence": self.turn_confidence,
                "turn_starts": self.turn_starts, "words": len(columns), "turns": len(columns.turn_first) - 1,
                "text_bytes": len(text), "byteorder": sys.byteorder,
                "types": [c.typecode + str(c.itemsize) for c in columns.arrays()]}
        file.write(json.dumps(head, separators=(",", ":")).encode("utf-8") + b"\n")
        file.write(text)
        for column in columns.arrays():
            column.tofile(file)  # type: ignore[arg-type]

    @classmethod
    def read(cls, file: BinaryIO) -> Alignment:
        """Return the alignment `write` wrote; raise ValueError (or KeyError, TypeError) on anything else."""
        head = json.loads(file.readline())
        columns = WordColumns()
        arrays = columns.arrays()
        if head.get("format") != FORMAT or head["byteorder"] != sys.byteorder or \
                head["types"] != [c.typecode + str(c.itemsize) for c in arrays]:
            raise ValueError("not this version's alignment")
        count, turns = int(head["words"]), int(head["turns"])
        columns.text = file.read(int(head["text_bytes"])).decode("utf-8")
        for column, length in zip(arrays, (count + 1, count, count, count, count, count, count, turns + 1),
                                  strict=True):
            del column[:]
            column.fromfile(file, length)  # type: ignore[arg-type]  # EOFError when the file is short
        if file.read(1) or columns.offsets[-1] != len(columns.text) or len(head["turn_confidence"]) != turns:
            raise ValueError("the alignment's columns do not fit together")
        return cls(str(head["method"]), columns, [float(c) for c in head["turn_confidence"]],
                   [None if s is None else int(s) for s in head["turn_starts"]], dict(head["counts"]),
                   dict(head["pronunciations"]), head["duration_ms"])


class Aligner(Protocol):
    """Something that times every word of `turns` in a decoded recording."""

    name: str

    def align(self, turns: Sequence[Turn], audio: Path, *, progress: Progress | None = None,
              cancel: Callable[[], bool] | None = None) -> Alignment:
        """Return the word times of `turns` in `audio` (any file ffmpeg decodes)."""
        ...
