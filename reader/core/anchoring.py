"""Finding highlights again in a transcript that was edited or parsed differently since they were made."""

from __future__ import annotations

from collections.abc import Sequence

from reader.core.notes import NoteItem
from reader.core.transcript import Turn


def _context_score(text: str, start: int, end: int, prefix: str, suffix: str) -> int:
    """Return how many characters of the expected prefix and suffix surround text[start:end]."""
    before = text[max(0, start - len(prefix)):start]
    after = text[end:end + len(suffix)]
    score = 0
    for a, b in zip(reversed(before), reversed(prefix), strict=False):
        if a != b:
            break
        score += 1
    for a, b in zip(after, suffix, strict=False):
        if a != b:
            break
        score += 1
    return score


def reanchor(item: NoteItem, turns: Sequence[Turn]) -> bool:
    """Point a highlight's turn and character offsets at its quote in `turns`; return whether found.

    The stored offsets are tried first; then every occurrence of the exact quote, preferring the one whose
    surrounding text matches the stored prefix and suffix best, then the one nearest the old turn. Items
    whose quote is nowhere are marked detached (and kept: the user's note is never dropped).
    """
    quote = item.quote
    if quote is None or not quote.exact:
        item.detached = False
        return True
    index, start = item.turn_index, item.char_start
    if (index is not None and start is not None and 0 <= index < len(turns)
            and turns[index].text[start:start + len(quote.exact)] == quote.exact):
        item.char_end = start + len(quote.exact)
        item.detached = False
        return True
    best: tuple[int, int, int, int] | None = None  # (-context, distance, turn, offset)
    for turn in turns:
        text = turn.text
        position = text.find(quote.exact)
        while position != -1:
            score = _context_score(text, position, position + len(quote.exact), quote.prefix, quote.suffix)
            distance = abs(turn.index - index) if index is not None else 0
            candidate = (-score, distance, turn.index, position)
            if best is None or candidate < best:
                best = candidate
            position = text.find(quote.exact, position + 1)
    if best is None:
        item.detached = True
        return False
    _, _, turn_index, position = best
    item.turn_index = turn_index
    item.char_start = position
    item.char_end = position + len(quote.exact)
    item.speaker = turns[turn_index].speaker
    item.detached = False
    return True
