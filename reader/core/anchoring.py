"""Finding highlights again in a transcript that was edited or parsed differently since they were made.

A highlight stores where it was (turn, character offsets, time, speaker) and what it said (a W3C
TextQuoteSelector: the exact words with up to 32 characters before and after). Where it was is only a
hint: after turns are inserted, the stored turn may hold the same words said by someone else ("Yes,
exactly." is in many transcripts several times). So the stored place is kept only when the whole selector,
the speaker and the stored time still match there; otherwise every occurrence of the words competes, by how much of the
prefix and suffix surround it, then the speaker, then the nearest stored time, then the nearest turn.
A highlight that moved, or whose turn's times moved, gets its times again from its new place.
"""

from __future__ import annotations

from collections.abc import Sequence

from reader.core.notes import NoteItem, Quote
from reader.core.sync import time_at_offset
from reader.core.transcript import Turn

# A turn without an end runs to the next timed turn; look this far ahead for one (as the window does).
END_LOOKAHEAD = 50


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


def _next_start(turns: Sequence[Turn], index: int) -> int | None:
    """Return the start of the first timed turn after `index`, within END_LOOKAHEAD turns."""
    for turn in turns[index + 1:index + 1 + END_LOOKAHEAD]:
        if turn.start is not None:
            return turn.start
    return None


def _time_at(turns: Sequence[Turn], index: int, offset: int) -> int | None:
    """Return when character `offset` of turn `index` is spoken on the transcript's clock, or None."""
    turn = turns[index]
    if turn.start is None:
        return None
    return time_at_offset(turn, _next_start(turns, index), offset)


def _span(turns: Sequence[Turn], index: int) -> tuple[int, int | None] | None:
    """Return the times turn `index` runs between (end None: open), or None for an untimed turn."""
    turn = turns[index]
    if turn.start is None:
        return None
    end = turn.end if turn.end is not None and turn.end >= turn.start else _next_start(turns, index)
    return turn.start, end


def _holds(turns: Sequence[Turn], item: NoteItem, quote: Quote) -> bool:
    """Return whether the stored place still has the whole selector, said by the stored speaker."""
    index, start = item.turn_index, item.char_start
    if index is None or start is None or not 0 <= index < len(turns):
        return False
    turn = turns[index]
    end = start + len(quote.exact)
    if start < 0 or turn.text[start:end] != quote.exact:
        return False
    if item.speaker is not None and turn.speaker != item.speaker:
        return False
    if not _within(turns, index, item.start_ms):  # the same words at another time: maybe not these
        return False
    return _context_score(turn.text, start, end, quote.prefix, quote.suffix) == len(quote.prefix) + len(quote.suffix)


def _within(turns: Sequence[Turn], index: int, ms: int) -> bool:
    """Return whether a highlight starting at `ms` falls in turn `index`'s times (always, for an untimed turn)."""
    span = _span(turns, index)
    if span is None:
        return True
    start, end = span
    # Half-open: a highlight starting where the next turn starts belongs to the next turn.
    return start <= ms and (end is None or ms < end or end == start)


def _best_place(turns: Sequence[Turn], item: NoteItem, quote: Quote) -> tuple[int, int] | None:
    """Return the (turn, offset) of the occurrence of the quote that fits the item best, or None."""
    best: tuple[int, int, int, int, int, int] | None = None
    exact = quote.exact
    for turn in turns:
        text = turn.text
        position = text.find(exact)
        while position != -1:
            score = _context_score(text, position, position + len(exact), quote.prefix, quote.suffix)
            other_speaker = int(item.speaker is not None and turn.speaker != item.speaker)
            at = _time_at(turns, turn.index, position)
            time_distance = abs(at - item.start_ms) if at is not None else 0
            turn_distance = abs(turn.index - item.turn_index) if item.turn_index is not None else 0
            candidate = (-score, other_speaker, time_distance, turn_distance, turn.index, position)
            if best is None or candidate < best:
                best = candidate
            position = text.find(exact, position + 1)
    return None if best is None else (best[4], best[5])


def _retime(item: NoteItem, turns: Sequence[Turn], moved: bool) -> None:
    """Give the item the times of its place when it moved or its turn's times no longer contain it."""
    index, start, end = item.turn_index, item.char_start, item.char_end
    if index is None or start is None:
        return
    if _span(turns, index) is None:
        return  # an untimed turn: the stored time (estimated when it was made) is all there is
    if not moved and _within(turns, index, item.start_ms):
        return  # still inside its turn: keep the time it was made with (the window knew the recording's end)
    new_start = _time_at(turns, index, start)
    if new_start is None:
        return
    item.start_ms = new_start
    if item.end_ms is not None and end is not None:
        new_end = _time_at(turns, index, end)
        item.end_ms = new_end if new_end is not None and new_end >= new_start else new_start


def reanchor(item: NoteItem, turns: Sequence[Turn]) -> bool:
    """Point a highlight's turn, offsets, speaker and times at its quote in `turns`; return whether found.

    Items whose quote is nowhere are marked detached (and kept: the user's note is never dropped).
    """
    quote = item.quote
    if quote is None or not quote.exact:
        item.detached = False
        return True
    if _holds(turns, item, quote):
        item.char_end = item.char_start + len(quote.exact)  # type: ignore[operator]
        item.detached = False
        _retime(item, turns, moved=False)
        return True
    place = _best_place(turns, item, quote)
    if place is None:
        item.detached = True
        return False
    turn_index, position = place
    moved = (turn_index, position) != (item.turn_index, item.char_start)
    item.turn_index = turn_index
    item.char_start = position
    item.char_end = position + len(quote.exact)
    item.speaker = turns[turn_index].speaker
    item.detached = False
    _retime(item, turns, moved)
    return True
