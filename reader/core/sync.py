"""Time sync: which turn is active at a media time, and a smooth media clock from coarse reports."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from itertools import pairwise

from reader.core.transcript import Turn


class TurnTimeline:
    """Answers "which turn is spoken at t" with a bisect over the turns' start times."""

    def __init__(self, turns: Sequence[Turn]) -> None:
        # Files whose times go backwards are kept in file order by the parsers (and warned about); for
        # lookups the turns are ordered by start, stable, so the turn started last is the active one.
        self._set_pairs([(t.start, t.index) for t in turns if t.start is not None])

    @classmethod
    def from_starts(cls, starts: Sequence[int | None]) -> TurnTimeline:
        """Return the timeline of turns 0, 1, 2... starting at `starts` (None: not on the clock)."""
        timeline = cls(())
        timeline._set_pairs([(start, index) for index, start in enumerate(starts) if start is not None])
        return timeline

    def _set_pairs(self, timed: list[tuple[int, int]]) -> None:
        timed.sort()  # stable, and linear on the file order that nearly every file is in
        self._starts = [start for start, _ in timed]
        self._indices = [index for _, index in timed]

    def __len__(self) -> int:
        return len(self._starts)

    def active_index(self, ms: float) -> int | None:
        """Return the index of the turn active at `ms`, or None before the first turn starts."""
        pos = bisect_right(self._starts, ms) - 1
        return self._indices[pos] if pos >= 0 else None

    def next_boundary(self, ms: float) -> int | None:
        """Return the first turn start strictly after `ms`, or None when no turn starts later."""
        pos = bisect_right(self._starts, ms)
        return self._starts[pos] if pos < len(self._starts) else None


class PlaybackClock:
    """The media position between the player's coarse reports, from a monotonic clock times the rate.

    libvlc's reported time changes only every 250-1000 ms, so reading it directly lags by up to a second.
    Each report re-anchors the clock; between reports the position is extrapolated at the playback rate,
    for at most `max_extrapolation_ms` (so a stalled stream does not run away), and it never steps back by
    less than `max_backstep_ms` (a report slightly behind the estimate holds the clock still instead of
    flickering the highlight back to the previous turn). Reports that contradict a recent seek by more than
    `stale_report_ms` are ignored for `settle_s` after it: they were queued before the seek took effect.
    """

    def __init__(self, max_extrapolation_ms: int = 1500, *, max_backstep_ms: int = 300,
                 stale_report_ms: int = 1500, settle_s: float = 0.6) -> None:
        self.max_extrapolation_ms = max_extrapolation_ms
        self.max_backstep_ms = max_backstep_ms
        self.stale_report_ms = stale_report_ms
        self.settle_s = settle_s
        self._anchor_ms = 0.0
        self._anchor_s = 0.0
        self._rate = 1.0
        self._playing = False
        self._floor = 0.0
        self._settle_until = float("-inf")

    @property
    def playing(self) -> bool:
        """Return whether the clock is running."""
        return self._playing

    @property
    def rate(self) -> float:
        """Return the rate the clock runs at."""
        return self._rate

    def observe(self, ms: int, at_s: float) -> None:
        """Take the player's report that the media was at `ms` at monotonic time `at_s`."""
        if at_s < self._settle_until and abs(ms - self._estimate(at_s)) > self.stale_report_ms:
            return
        self._anchor_ms = float(ms)
        self._anchor_s = at_s

    def set_playing(self, playing: bool, at_s: float) -> None:
        """Start or stop the clock at monotonic time `at_s`."""
        if playing == self._playing:
            return
        self._anchor_ms = float(self.position(at_s))
        self._anchor_s = at_s
        self._playing = playing

    def set_rate(self, rate: float, at_s: float) -> None:
        """Run at `rate` from monotonic time `at_s` on."""
        self._anchor_ms = float(self.position(at_s))
        self._anchor_s = at_s
        self._rate = rate

    def jump(self, ms: int, at_s: float) -> None:
        """Move to `ms` at `at_s` (a seek): the position is known exactly, even backwards."""
        self._anchor_ms = self._floor = float(ms)
        self._anchor_s = at_s
        self._settle_until = at_s + self.settle_s

    def settle_remaining(self, at_s: float) -> float:
        """Return the seconds until reports that contradict the last seek are believed again (0: now)."""
        return max(0.0, self._settle_until - at_s)

    def position(self, at_s: float) -> int:
        """Return the media position in ms at monotonic time `at_s`."""
        estimate = self._estimate(at_s)
        if self._floor - self.max_backstep_ms < estimate < self._floor:
            estimate = self._floor
        self._floor = estimate
        return round(estimate)

    def _estimate(self, at_s: float) -> float:
        if not self._playing:
            return self._anchor_ms
        elapsed_ms = min(max(0.0, (at_s - self._anchor_s) * 1000.0), self.max_extrapolation_ms)
        return self._anchor_ms + elapsed_ms * self._rate


def turn_time_points(turn: Turn, next_start: int | None) -> list[tuple[int, int]]:
    """Return the (character offset, ms) points known in a turn: its start, its anchors, its end.

    The end is the turn's own end, else the next turn's start; without either there is no end point.
    """
    if turn.start is None:
        return []
    points = [(0, turn.start)]
    for offset, ms in turn.anchors:
        if offset > points[-1][0] and ms >= points[-1][1]:
            points.append((offset, ms))
    end = turn.end if turn.end is not None else next_start
    if end is not None and end >= points[-1][1] and len(turn.text) > points[-1][0]:
        points.append((len(turn.text), end))
    return points


def offset_at_time(turn: Turn, next_start: int | None, ms: float) -> int:
    """Return how many characters of `turn` have been spoken at `ms` (interpolated between known times)."""
    points = turn_time_points(turn, next_start)
    if not points or ms <= points[0][1]:
        return 0
    for (o1, t1), (o2, t2) in pairwise(points):
        if ms < t2:
            if t2 == t1:
                return o2
            return o1 + int((o2 - o1) * (ms - t1) / (t2 - t1))
    # Past the last known time: everything up to the last point is spoken; with no end, only up to it.
    return points[-1][0] if len(points) > 1 else 0


def time_at_offset(turn: Turn, next_start: int | None, offset: int) -> int | None:
    """Return the (known or interpolated) time at which character `offset` of `turn` is spoken."""
    points = turn_time_points(turn, next_start)
    if not points:
        return None
    for (o1, t1), (o2, t2) in pairwise(points):
        if offset < o2:
            return t1 + int((t2 - t1) * (offset - o1) / (o2 - o1)) if o2 > o1 else t1
    return points[-1][1] if offset >= points[-1][0] else points[0][1]
