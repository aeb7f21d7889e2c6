"""The recording's clock for every turn: one object that every view, command and export reads times from.

A transcript's times are in its own clock (the file's); the recording's clock differs by the user's sync
(an offset, anchors: a `TimeMap`), and a transcript without times has its turns spread over the recording
(`estimate_times`, corrected by the user's taps). `MediaTimes` holds the result for one transcript, one
sync and one recording length: when any of them changes, a new `MediaTimes` is made and handed to everyone
that shows or uses a time, so no two places can disagree (round 1 had four copies of the turns' media
starts, and Copy formatted the file's clock after a shift).

With word times (`with_words`, from a forced alignment), a turn's spoken part, the word being said and
the time of a character come from the words heard in the recording instead of character counts. The
words' times are the recording's own: a later change of sync moves the turns' starts, not the words.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from reader.core.sync import TurnTimeline, offset_at_time, time_at_offset
from reader.core.timemap import SyncSettings, TimeMap, anchors_to_taps, estimate_times, text_clock
from reader.core.transcript import Turn

if TYPE_CHECKING:
    from reader.core.align.model import Alignment, WordTime

# A turn ends where the next timed one starts; this far ahead at most (untimed runs are short in real files).
END_LOOKAHEAD = 50


class MediaTimes:
    """Start, end and in-turn times of every turn (row = turn index) on the recording's clock. Immutable."""

    def __init__(self, turns: Sequence[Turn] = (), time_map: TimeMap | None = None,
                 duration_ms: int | None = None, taps: Mapping[int, int] | None = None, *,
                 clock: Sequence[int] | None = None, words: Alignment | None = None) -> None:
        self._turns = turns
        self._words = words if words is not None and len(words.turn_confidence) == len(turns) else None
        self._word_starts: dict[int, list[int]] = {}  # per turn, its words' char starts (made when asked)
        self._time_map = time_map if time_map is not None else TimeMap()
        self._duration = duration_ms if duration_ms and duration_ms > 0 else None
        self._taps = dict(taps or {})
        self._clock = clock
        self._untimed = any(t.start is None for t in turns)
        if self._untimed:
            if self._clock is None or len(self._clock) != len(turns):
                self._clock = text_clock(turns)
            estimates = estimate_times(turns, self._duration, self._taps, time_map=self._time_map,
                                       clock=self._clock)
            self._starts: list[int | None] = [e.ms for e in estimates]
            self._estimated = [e.estimated for e in estimates]
        else:
            self._starts = self._time_map.to_media_all([t.start for t in turns])  # type: ignore[misc]
            self._estimated = []
        self._timeline = TurnTimeline.from_starts(self._starts)

    @classmethod
    def from_settings(cls, turns: Sequence[Turn], settings: SyncSettings,
                      duration_ms: int | None = None) -> MediaTimes:
        """Return the times of `turns` under the sync saved in a notes file.

        A transcript without any time keeps its anchors as taps on turns (the notes file stores them as
        (transcript ms on the text clock, media ms) pairs); a timed one maps through offset and anchors.
        """
        if turns and all(t.start is None for t in turns):
            return cls(turns, TimeMap(settings.offset_ms), duration_ms, anchors_to_taps(turns, settings.anchors))
        return cls(turns, settings.time_map(), duration_ms)

    # -- derived copies -----------------------------------------------------------------------------

    def with_duration(self, duration_ms: int | None) -> MediaTimes:
        """Return these times for a recording `duration_ms` long (estimates spread over it)."""
        return MediaTimes(self._turns, self._time_map, duration_ms, self._taps, clock=self._clock,
                          words=self._words)

    def with_sync(self, time_map: TimeMap, taps: Mapping[int, int] | None = None) -> MediaTimes:
        """Return these times under another sync (`taps`: untimed turn index -> media ms tapped)."""
        return MediaTimes(self._turns, time_map, self._duration, self._taps if taps is None else taps,
                          clock=self._clock, words=self._words)

    def with_words(self, words: Alignment | None) -> MediaTimes:
        """Return these times with the words' own times from `words` (None: back to character counts)."""
        return MediaTimes(self._turns, self._time_map, self._duration, self._taps, clock=self._clock,
                          words=words)

    @property
    def words(self) -> Alignment | None:
        """Return the word times in use, if any."""
        return self._words

    # -- what they were made from --------------------------------------------------------------------

    @property
    def turns(self) -> Sequence[Turn]:
        """Return the turns timed."""
        return self._turns

    @property
    def time_map(self) -> TimeMap:
        """Return the map between the transcript's clock and the recording's."""
        return self._time_map

    @property
    def taps(self) -> dict[int, int]:
        """Return the user's taps on untimed turns (turn index -> media ms)."""
        return dict(self._taps)

    @property
    def duration(self) -> int | None:
        """Return the recording's length in ms, if known."""
        return self._duration

    def __len__(self) -> int:
        return len(self._starts)

    # -- per turn ------------------------------------------------------------------------------------

    def starts(self) -> list[int | None]:
        """Return every turn's start (None: not on the clock), in turn order."""
        return list(self._starts)

    def start(self, row: int) -> int | None:
        """Return when turn `row` starts in the recording (synced, or estimated for an untimed turn)."""
        return self._starts[row] if 0 <= row < len(self._starts) else None

    def estimated(self, row: int) -> bool:
        """Return whether turn `row`'s start is an estimate (the file gives it no time)."""
        return bool(self._estimated) and 0 <= row < len(self._estimated) and self._estimated[row]

    def end(self, row: int) -> int | None:
        """Return when turn `row` ends: its own end, else the next timed turn's start, else the recording's end."""
        if not 0 <= row < len(self._starts):
            return None
        own = self._turns[row].end
        start = self._starts[row]
        if own is not None and self._turns[row].start is not None:
            mapped = self._time_map.to_media(own)
            if start is None or mapped > start:
                return mapped
        for later in self._starts[row + 1:row + 1 + END_LOOKAHEAD]:
            if later is not None:
                return later
        return self._duration

    def own_ends(self) -> list[int | None]:
        """Return every turn's own end (the file's) on the recording's clock, None where it gives none."""
        ends = [t.end if t.start is not None and t.end is not None and t.end > t.start else None
                for t in self._turns]
        known = [e for e in ends if e is not None]
        if not known:
            return [None] * len(ends)
        mapped = iter(self._time_map.to_media_all(known))
        return [None if e is None else next(mapped) for e in ends]

    def time_at(self, row: int, offset: int) -> int | None:
        """Return when character `offset` of turn `row` is spoken: its word's start, else interpolated."""
        if not 0 <= row < len(self._starts):
            return None
        word = self._word_of(row, offset)
        if word is not None:
            return word.start_ms
        turn = self._turns[row]
        if turn.start is not None:
            ms = time_at_offset(turn, self._transcript_end(row), offset)
            return None if ms is None else self._time_map.to_media(ms)
        start, end = self._starts[row], self.end(row)
        if start is None:
            return None
        if end is None or end <= start or not turn.text:
            return start
        offset = max(0, min(offset, len(turn.text)))
        return start + (end - start) * offset // len(turn.text)

    def end_at(self, row: int, offset: int) -> int | None:
        """Return when the text of turn `row` up to character `offset` has been said: the end of its last word.

        Without word times, the time of the character itself (the end of a selection or quote).
        """
        words = self._words.turn_words(row) if self._words is not None else ()
        if words and offset > 0:
            index = bisect_left(self._char_starts(row), offset) - 1  # the last word that starts before it
            if index >= 0:
                return words[index].end_ms
        return self.time_at(row, offset)

    def progress(self, row: int, ms: float) -> int:
        """Return how many characters of turn `row` have been spoken at media time `ms`."""
        if not 0 <= row < len(self._starts):
            return 0
        if self._words is not None and self._words.turn_words(row):
            return self._words.spoken_chars(row, ms)
        turn = self._turns[row]
        if turn.start is not None:
            return offset_at_time(turn, self._transcript_end(row), self._time_map.to_transcript(ms))
        start, end = self._starts[row], self.end(row)
        if start is None or end is None or end <= start:
            return 0
        return max(0, min(len(turn.text), int((ms - start) * len(turn.text) // (end - start))))

    def word_span(self, row: int, ms: float) -> tuple[int, int] | None:
        """Return the character range of the word of turn `row` being said at `ms`, or None.

        None without word times, before the turn's first word, and after its last word has ended.
        """
        words = self._words.turn_words(row) if self._words is not None else ()
        if not words:
            return None
        index = bisect_right([w.start_ms for w in words], ms) - 1
        if index < 0 or (index == len(words) - 1 and ms >= words[-1].end_ms):
            return None
        return words[index].char_start, words[index].char_end

    def _word_of(self, row: int, offset: int) -> WordTime | None:
        """Return the word of turn `row` at (or, between words, just after) character `offset`, or None."""
        if self._words is None:
            return None
        words = self._words.turn_words(row)
        if not words:
            return None
        starts = self._char_starts(row)
        index = bisect_right(starts, offset) - 1
        if index >= 0 and offset < words[index].char_end:
            return words[index]
        return words[min(index + 1, len(words) - 1)]

    def _char_starts(self, row: int) -> list[int]:
        starts = self._word_starts.get(row)
        if starts is None:
            words = self._words.turn_words(row) if self._words is not None else ()
            starts = self._word_starts[row] = [w.char_start for w in words]
        return starts

    def _transcript_end(self, row: int) -> int | None:
        """Return, on the transcript's clock, where timed turn `row` runs to when it gives no end."""
        for turn in self._turns[row + 1:row + 1 + END_LOOKAHEAD]:
            if turn.start is not None:
                return turn.start
        return None if self._duration is None else self._time_map.to_transcript(self._duration)

    # -- over the recording --------------------------------------------------------------------------

    def row_at(self, ms: float) -> int:
        """Return the turn spoken at media time `ms` (the one started last), or -1 before the first."""
        found = self._timeline.active_index(ms)
        return -1 if found is None else found

    def next_boundary(self, ms: float) -> int | None:
        """Return the first turn start strictly after media time `ms`, or None."""
        return self._timeline.next_boundary(ms)

    def to_media(self, transcript_ms: float) -> int:
        """Return the recording's time of a time on the transcript's clock (a note's stored time)."""
        return self._time_map.to_media(transcript_ms)

    def to_transcript(self, media_ms: float) -> int:
        """Return the transcript's-clock time of a recording time (what notes store)."""
        return self._time_map.to_transcript(media_ms)
