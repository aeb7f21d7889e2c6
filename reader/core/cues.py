"""Timed cues (subtitle cues, transcript segments, words) and their merging into readable turns."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from reader.core.transcript import Turn

# A pause this long between two cues of the same speaker starts a new turn (a new paragraph).
MAX_GAP_MS = 3000
# Subtitles without speakers would otherwise become one turn per file: past this length a turn is closed
# at the next sentence end.
SOFT_TURN_CHARS = 500
SENTENCE_ENDS = (".", "?", "!", "…", ".\"", "?\"", "!\"", ".”", "?”", "!”")


@dataclass(slots=True)
class Cue:
    """One timed piece of a transcript file, before merging.

    `words` optionally holds finer times inside the cue: (character offset in `text`, ms).
    """

    start: int | None
    end: int | None
    text: str
    speaker: str | None = None
    line: int | None = None
    words: list[tuple[int, int]] = field(default_factory=list)


def merge_cues(cues: Iterable[Cue], *, max_gap_ms: int = MAX_GAP_MS,
               soft_turn_chars: int = SOFT_TURN_CHARS) -> list[Turn]:
    """Return turns made of consecutive cues of one speaker, keeping every cue's and word's time.

    A new turn starts when the speaker changes, after a pause longer than `max_gap_ms`, once a turn is
    `soft_turn_chars` long after a cue that ends a sentence, and in any case past twice that length
    (captions without punctuation, such as YouTube's, would otherwise make one turn of a whole talk).
    Empty cues are dropped.
    """
    turns: list[Turn] = []
    current: Turn | None = None
    parts: list[str] = []  # the current turn's text pieces, joined once when it closes: linear time
    length = 0
    last_end: int | None = None
    closable = False

    def close() -> None:
        if current is not None:
            current.text = " ".join(parts)

    for cue in cues:
        text = " ".join(cue.text.split())
        if not text:
            continue
        gap = None if cue.start is None or last_end is None else cue.start - last_end
        if (current is None or cue.speaker != current.speaker or (gap is not None and gap > max_gap_ms)
                or closable or length >= 2 * soft_turn_chars):
            close()
            current = Turn(index=len(turns), start=cue.start, speaker=cue.speaker, text="", line=cue.line,
                           end=cue.end)
            turns.append(current)
            parts = [text]
            length = len(text)
            offset = 0
        else:
            offset = length + 1
            parts.append(text)
            length += 1 + len(text)
            if cue.start is not None:
                current.anchors.append((offset, cue.start))
            if current.start is None:
                current.start = cue.start
            if cue.end is not None:
                current.end = cue.end
        for word_offset, ms in _shift_words(cue, text, offset):
            if not current.anchors or current.anchors[-1][0] < word_offset:
                current.anchors.append((word_offset, ms))
        if cue.end is not None:
            last_end = cue.end
        elif cue.start is not None:
            last_end = cue.start
        closable = length >= soft_turn_chars and text.endswith(SENTENCE_ENDS)
    close()
    return turns


def _shift_words(cue: Cue, normalised: str, offset: int) -> list[tuple[int, int]]:
    """Return the cue's word times with offsets moved into the turn's text (whitespace collapsed)."""
    if not cue.words:
        return []
    # Map offsets in the raw cue text to offsets in its whitespace-collapsed form.
    mapping: list[int] = []
    position = 0
    previous_space = True
    for char in cue.text:
        if char.isspace():
            if not previous_space:
                position += 1
            previous_space = True
            mapping.append(position)
        else:
            mapping.append(position)
            position += 1
            previous_space = False
    mapping.append(position)
    shifted = []
    for word_offset, ms in cue.words:
        local = mapping[min(max(word_offset, 0), len(cue.text))]
        local = min(local, len(normalised))
        if local == 0 and offset == 0:
            continue  # the turn's own start already marks offset 0
        shifted.append((offset + local, ms))
    return shifted


def timing_warnings(cues: Iterable[Cue], *, media_ms: int | None = None) -> list[str]:
    """Return warnings, with line numbers, for cues that go backwards, overlap, or end after the media."""
    warnings: list[str] = []
    previous: Cue | None = None
    for cue in cues:
        where = f"line {cue.line}: " if cue.line is not None else ""
        if cue.start is not None and cue.end is not None and cue.end < cue.start:
            warnings.append(f"{where}cue ends before it starts")
        if previous is not None and cue.start is not None and previous.start is not None:
            if cue.start < previous.start:
                warnings.append(f"{where}cue starts before the previous one; kept in file order")
            elif previous.end is not None and cue.start < previous.end:
                warnings.append(f"{where}cue overlaps the previous one")
        if media_ms is not None and cue.start is not None and cue.start > media_ms:
            warnings.append(f"{where}cue starts after the end of the media")
        if cue.start is not None:
            previous = cue
    return warnings
