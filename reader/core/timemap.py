"""Re-sync: the map between the transcript's clock and the recording's, and estimated times for untimed turns.

The transcript file is never rewritten: its times stay in its own clock and everything that turns a time
into a media position (active-turn lookup, seeking, timeline, in-turn progress, export) goes through a
`TimeMap`. Transcripts without times get estimated media times from `estimate_times`, flagged as such.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any, NamedTuple

from reader.core.timecode import ms_to_clock
from reader.core.transcript import Turn

# A nominal speaking clock for text without times: about 150 words a minute for average English words,
# with the pauses speakers make at punctuation and between turns. Only the ratios between turns matter
# once the text is spread over a recording or between taps, so these need to be plausible, not exact.
WORD_MS = 100
CHAR_MS = 55
CLAUSE_PAUSE_MS = 150
SENTENCE_PAUSE_MS = 350
TURN_PAUSE_MS = 400

# Punctuation makes a pause only before a space or the end, so "3.5", "e.g" or "U.S.A" add none. The text
# is folded to one sentence mark, one clause mark and one dash (closing quotes and brackets dropped, so
# `go." Then` pauses like `go. Then`) and counted with str.count: the text clock of a 50,000-turn transcript
# is rebuilt on every tap, and regexes over it cost seconds.
PAUSE_FOLD = str.maketrans({"!": ".", "?": ".", "…": ".", ";": ",", ":": ",", "—": "-", "–": "-",
                            '"': None, "”": None, "’": None, ")": None, "]": None})

# A notice that the recording is much longer than the transcript needs both: 20% and a minute.
MISMATCH_RATIO = 0.2
MISMATCH_MIN_MS = 60_000
# A last turn this little past the end is no mismatch: containers and libvlc disagree on durations by that much.
MISMATCH_GRACE_MS = 1000


def _div_round(num: int, den: int) -> int:
    """Return num/den rounded half up, exactly, for den > 0."""
    return (2 * num + den) // (2 * den)


def _interpolate(x: int, xs: Sequence[int], ys: Sequence[int]) -> int:
    """Return y at `x` on the polyline through (xs, ys), continued with slope 1 beyond its ends."""
    pos = bisect_right(xs, x) - 1
    if pos < 0:
        return ys[0] + (x - xs[0])
    if pos >= len(xs) - 1:
        return ys[-1] + (x - xs[-1])
    x0, y0 = xs[pos], ys[pos]
    return y0 + _div_round((x - x0) * (ys[pos + 1] - y0), xs[pos + 1] - x0)


def _anchor_text(anchor: tuple[int, int]) -> str:
    """Return an anchor as the user sees it: transcript time -> media time."""
    return f"{ms_to_clock(anchor[0], millis=True)} -> {ms_to_clock(anchor[1], millis=True)}"


def _agrees(a: tuple[int, int], b: tuple[int, int]) -> bool:
    """Return whether two anchors can both hold on a strictly increasing map."""
    return (a[0] < b[0] and a[1] < b[1]) or (a[0] > b[0] and a[1] > b[1])


class TimeMap:
    """Transcript milliseconds <-> media milliseconds: monotonic, invertible, immutable.

    media = warp(transcript) + offset_ms, where warp is the identity without anchors, a constant shift
    through a single anchor (one anchor is an offset), and the polyline through two or more anchors
    (drift, a slower re-encode, a cut in the middle), continued beyond the first and last anchor with
    slope 1: outside what the user measured the recording is assumed to play at normal speed, the same
    assumption an offset makes. Extending the nearest segment's slope instead would turn the reaction-time
    error of two taps a few seconds apart (±100 ms over 10 s is 1%) or the steep segment over a cut into
    errors of tens of seconds an hour away; drift beyond the last anchor is fixed by tapping a later one.

    Anchors are (transcript_ms, media_ms) with both strictly increasing, so the map has an exact inverse.
    Both directions round to whole milliseconds with exact integer arithmetic, so a round trip is within
    ±1 ms wherever the map does not squeeze time by more than 2x (slope between 1/2 and 2); a squeezed
    stretch cannot give every millisecond its own image, and there the error is ±(1 + 1/(2·slope)).
    """

    __slots__ = ("_anchors", "_media", "_offset", "_transcript")

    def __init__(self, offset_ms: int = 0, anchors: Iterable[tuple[int, int]] = ()) -> None:
        """Build the map; raise ValueError naming the anchor when two anchors disagree on the order."""
        points = sorted({(round(t), round(m)) for t, m in anchors})
        for before, after in pairwise(points):
            if not _agrees(before, after):
                raise ValueError(
                    f"sync anchor {_anchor_text(after)} conflicts with {_anchor_text(before)}: media times must "
                    "increase with transcript times")
        self._offset = int(offset_ms)
        self._anchors = tuple(points)
        self._transcript = [t for t, _ in points]
        self._media = [m for _, m in points]

    @property
    def offset_ms(self) -> int:
        """Return the global shift added after the anchors."""
        return self._offset

    @property
    def anchors(self) -> tuple[tuple[int, int], ...]:
        """Return the anchors as (transcript_ms, media_ms), in transcript order."""
        return self._anchors

    @property
    def is_identity(self) -> bool:
        """Return whether every transcript time is its own media time."""
        return all(m + self._offset == t for t, m in self._anchors) if self._anchors else self._offset == 0

    def to_media(self, t_ms: float) -> int:
        """Return the media ms at which transcript time `t_ms` is heard."""
        t = round(t_ms)
        if len(self._anchors) < 2:
            shift = self._anchors[0][1] - self._anchors[0][0] if self._anchors else 0
            return t + shift + self._offset
        return _interpolate(t, self._transcript, self._media) + self._offset

    def to_media_all(self, times: list[int]) -> list[int]:
        """Return to_media() of every time in `times` (fast when the map is a plain shift)."""
        if len(self._anchors) < 2:
            shift = (self._anchors[0][1] - self._anchors[0][0] if self._anchors else 0) + self._offset
            return list(times) if shift == 0 else [t + shift for t in times]
        return [self.to_media(t) for t in times]

    def to_transcript(self, m_ms: float) -> int:
        """Return the transcript time heard at media position `m_ms`."""
        m = round(m_ms) - self._offset
        if len(self._anchors) < 2:
            shift = self._anchors[0][1] - self._anchors[0][0] if self._anchors else 0
            return m - shift
        return _interpolate(m, self._media, self._transcript)

    def offset_at(self, t_ms: float) -> int:
        """Return how far media time is ahead of transcript time at `t_ms` (for status and export)."""
        return self.to_media(t_ms) - round(t_ms)

    def conflicting_anchors(self, t_ms: int, m_ms: int) -> list[int]:
        """Return the indices of the anchors that `with_anchor(t_ms, m_ms)` would drop."""
        new = (int(t_ms), int(m_ms))
        return [i for i, (t, m) in enumerate(self._anchors) if not _agrees((t, m + self._offset), new)]

    def with_anchor(self, t_ms: int, m_ms: int) -> TimeMap:
        """Return the map with transcript time `t_ms` heard at media position `m_ms`.

        The tap is the user's newest observation, so anchors that contradict it (the same transcript time,
        or the wrong side of it) are dropped, not the tap: an earlier anchor on the wrong side was most
        likely a mis-tap. See `conflicting_anchors` to tell the user. The offset is folded into the anchors
        (and reset to 0) so the new anchor holds exactly and stored anchors stay real media positions.
        """
        new = (int(t_ms), int(m_ms))
        kept = [(t, m + self._offset) for t, m in self._anchors if _agrees((t, m + self._offset), new)]
        return TimeMap(0, [*kept, new])

    def without_anchor(self, index: int) -> TimeMap:
        """Return the map without the anchor at `index` (in `anchors` order); the offset stays."""
        anchors = list(self._anchors)
        del anchors[index]
        return TimeMap(self._offset, anchors)

    def with_offset(self, offset_ms: int) -> TimeMap:
        """Return the map with the global offset set to `offset_ms` (it shifts anchored maps too)."""
        return TimeMap(offset_ms, self._anchors)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, TimeMap):
            return NotImplemented
        return self._offset == other._offset and self._anchors == other._anchors

    def __hash__(self) -> int:
        return hash((self._offset, self._anchors))

    def __repr__(self) -> str:
        return f"TimeMap(offset_ms={self._offset}, anchors={list(self._anchors)!r})"


def _json_int(value: Any) -> int:
    """Return `value` as whole milliseconds; raise TypeError/ValueError when it is not a finite number."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise TypeError(f"expected a number, got {value!r}")
    return round(value)


@dataclass(slots=True)
class SyncSettings:
    """The sync a user made for one transcript and recording, as stored under "sync" in the notes file.

    Shape: {"offset_ms": int, "anchors": [{"transcript_ms": int, "media_ms": int}]}; the meaning is
    `TimeMap`'s (media = anchors' polyline + offset). For a transcript without times, an anchor's
    transcript_ms is its turn's `text_clock` time (see `anchors_to_taps`). Keys this version does not know
    are kept in `extra`.
    """

    offset_ms: int = 0
    anchors: list[tuple[int, int]] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def is_default(self) -> bool:
        """Return whether there is nothing to store (no offset, no anchors)."""
        return self.offset_ms == 0 and not self.anchors and not self.extra

    def time_map(self) -> TimeMap:
        """Return the map these settings describe; raise ValueError when two anchors disagree."""
        return TimeMap(self.offset_ms, self.anchors)

    @classmethod
    def from_time_map(cls, time_map: TimeMap, extra: dict[str, Any] | None = None) -> SyncSettings:
        """Return the settings that store `time_map`."""
        return cls(time_map.offset_ms, list(time_map.anchors), dict(extra or {}))

    def to_json(self) -> dict[str, Any]:
        """Return the settings in the file's shape, anchors in transcript order."""
        data: dict[str, Any] = {
            "offset_ms": int(self.offset_ms),
            "anchors": [{"transcript_ms": int(t), "media_ms": int(m)} for t, m in sorted(self.anchors)],
        }
        for key, value in self.extra.items():
            data.setdefault(key, value)
        return data

    @classmethod
    def from_json(cls, data: Any, messages: list[str] | None = None) -> SyncSettings:
        """Return the settings in `data`, skipping what is malformed; say what was skipped in `messages`.

        A hand-edited or damaged file must not cost the user the rest of their notes, so nothing here
        raises: a bad offset reads as 0, a bad anchor is left out, and an anchor that contradicts one
        kept before it (file order) is left out, so `time_map()` of the result always succeeds.
        """
        notes = messages if messages is not None else []
        if data is None:
            return cls()
        if not isinstance(data, dict):
            notes.append("sync settings: expected an object; ignored")
            return cls()
        offset = 0
        if "offset_ms" in data:
            try:
                offset = _json_int(data["offset_ms"])
            except (TypeError, ValueError, OverflowError):
                notes.append(f"sync offset: {data['offset_ms']!r} is not a number of milliseconds; using 0")
        raw = data.get("anchors", [])
        if not isinstance(raw, list):
            notes.append("sync anchors: expected a list; ignored")
            raw = []
        anchors: list[tuple[int, int]] = []
        for number, entry in enumerate(raw, 1):
            try:
                if not isinstance(entry, dict):
                    raise TypeError("expected an object")
                anchor = (_json_int(entry["transcript_ms"]), _json_int(entry["media_ms"]))
            except (KeyError, TypeError, ValueError, OverflowError) as exc:
                detail = f"missing {exc}" if isinstance(exc, KeyError) else str(exc)
                notes.append(f"sync anchor {number}: {detail}; skipped")
                continue
            clash = next((a for a in anchors if a != anchor and not _agrees(a, anchor)), None)
            if clash is not None:
                notes.append(f"sync anchor {number} ({_anchor_text(anchor)}) contradicts {_anchor_text(clash)}; "
                             "skipped")
            elif anchor not in anchors:
                anchors.append(anchor)
        extra = {k: v for k, v in data.items() if k not in ("offset_ms", "anchors")}
        return cls(offset, sorted(anchors), extra)


# -- transcripts without times ------------------------------------------------------------------------


class EstimatedTime(NamedTuple):
    """A turn's start in media ms and where it comes from.

    `estimated` is True when the time was inferred from text length (show it as such, e.g. `~12:18`);
    False for the file's own time (through the map) and for a time the user tapped (`tapped`). A named
    tuple rather than a frozen dataclass: as immutable, and several times cheaper to build for 50,000 turns.
    """

    ms: int
    estimated: bool
    tapped: bool = False


def text_weight(text: str) -> int:
    """Return how long `text` takes to say at the nominal speaking rate, in ms (at least one turn pause)."""
    tokens = text.split()
    # A run like "?!" or "..." folds to ".." and is counted once: only its last mark precedes the space.
    folded = text.translate(PAUSE_FOLD) + " "
    sentences = folded.count(". ")
    clauses = folded.count(", ") + folded.count(" - ") + folded.count(" -- ")
    return (TURN_PAUSE_MS + WORD_MS * len(tokens) + CHAR_MS * sum(map(len, tokens))
            + SENTENCE_PAUSE_MS * sentences + CLAUSE_PAUSE_MS * clauses)


def text_clock(turns: Sequence[Turn]) -> list[int]:
    """Return each turn's start on the nominal speaking clock (depends on the text only).

    It is the transcript clock of a transcript without times: the lead stores a tap on turn i as the sync
    anchor (text_clock[i], media_ms), so taps fit the notes file's anchor shape and survive a reopen.
    """
    clock, at = [], 0
    for turn in turns:
        clock.append(at)
        at += text_weight(turn.text)
    return clock


def with_tap(taps: Mapping[int, int], index: int, media_ms: int) -> dict[int, int]:
    """Return `taps` (turn index -> media ms) plus this one, without the earlier taps it contradicts.

    The new tap comes last, so iteration order stays the order of tapping (later wins on conflicts).
    """
    media_ms = int(media_ms)
    kept = {i: m for i, m in taps.items()
            if (i < index and m <= media_ms) or (i > index and m >= media_ms)}
    kept[index] = media_ms
    return kept


def taps_to_anchors(turns: Sequence[Turn], taps: Mapping[int, int]) -> list[tuple[int, int]]:
    """Return taps on an untimed transcript as sync anchors (text-clock ms, media ms)."""
    clock = text_clock(turns)
    return sorted((clock[i], m) for i, m in taps.items() if 0 <= i < len(clock))


def anchors_to_taps(turns: Sequence[Turn], anchors: Iterable[tuple[int, int]]) -> dict[int, int]:
    """Return sync anchors of an untimed transcript as taps, each on the turn nearest its text-clock time.

    Nearest rather than exact, so a small edit to the transcript's text does not lose the user's taps.
    """
    clock = text_clock(turns)
    taps: dict[int, int] = {}
    if not clock:
        return taps
    for t, m in anchors:
        pos = max(0, bisect_right(clock, t) - 1)
        if pos + 1 < len(clock) and clock[pos + 1] - t < t - clock[pos]:
            pos += 1
        taps = with_tap(taps, pos, m)
    return taps


def estimate_times(turns: Sequence[Turn], duration_ms: int | None,
                   anchors: Mapping[int, int] | Iterable[tuple[int, int]] = (), *,
                   time_map: TimeMap | None = None, clock: Sequence[int] | None = None) -> list[EstimatedTime]:
    """Return every turn's start in media ms, estimating those the file does not time.

    Known points are the file's own times (through `time_map`) and the user's taps (turn index -> media
    ms; later taps win over earlier ones they contradict, and over file times). Between two known points,
    and between the recording's start, the known points and its end (`duration_ms`), turns are spread in
    proportion to `text_weight`, so every tap corrects the estimates on both sides of it. Without a known
    duration (None, or 0 as players report before they know) the nominal speaking rate continues after the
    last known point. File times that go backwards keep their value but do not guide estimates. Estimates
    are non-decreasing and within [0, duration] unless a known point lies outside it. Pass `clock` (the
    turns' `text_clock`, which depends on the text only) to skip recomputing it on every tap.
    """
    count = len(turns)
    if count == 0:
        return []
    if clock is None or len(clock) != count:
        clock = text_clock(turns)
    text_end = clock[-1] + text_weight(turns[-1].text)
    to_media = time_map.to_media if time_map is not None else round
    real = [None if turn.start is None else to_media(turn.start) for turn in turns]

    taps: dict[int, int] = {}
    for index, ms in (anchors.items() if isinstance(anchors, Mapping) else anchors):
        if 0 <= index < count:  # a tap on a turn that no longer exists (transcript reloaded) is stale
            taps = with_tap(taps, index, ms)

    known: dict[int, int] = {}
    latest: int | None = None
    for index, ms in enumerate(real):
        if ms is not None and (latest is None or ms >= latest):
            known[index] = latest = ms
    for index, ms in taps.items():
        for other in [i for i, m in known.items() if (i < index and m > ms) or (i > index and m < ms)]:
            del known[other]
        known[index] = ms

    # Knots on the text clock: the recording's start, every known point, the recording's end.
    order = sorted(known)
    xs: list[int] = []
    ys: list[int] = []
    if not order or order[0] != 0:
        xs.append(0)
        ys.append(min(0, known[order[0]]) if order else 0)
    for index in order:
        xs.append(clock[index])
        ys.append(known[index])
    last_ms = ys[-1]
    if duration_ms is not None and duration_ms > 0 and duration_ms >= last_ms:
        end_ms = duration_ms
    else:
        end_ms = last_ms + (text_end - xs[-1])
    xs.append(text_end)
    ys.append(end_ms)

    result: list[EstimatedTime] = []
    knot = 0
    for index in range(count):
        if index in known:
            result.append(EstimatedTime(known[index], estimated=False, tapped=index in taps))
            continue
        if real[index] is not None:
            result.append(EstimatedTime(real[index], estimated=False))
            continue
        x = clock[index]
        while xs[knot + 1] <= x:
            knot += 1
        x0, y0 = xs[knot], ys[knot]
        ms = y0 + _div_round((x - x0) * (ys[knot + 1] - y0), xs[knot + 1] - x0)
        result.append(EstimatedTime(ms, estimated=True))
    return result


def media_mismatch(turns: Sequence[Turn], duration_ms: int | None, *,
                   time_map: TimeMap | None = None) -> str | None:
    """Return a notice for the user when the recording and the transcript clearly differ in length, else None.

    Two cases: the last turn starts after the recording ends (by more than a second), or the recording
    runs on well past the transcript's end (more than 20% and more than a minute). The transcript's end is
    its last turn's own end, else its start plus the time its text takes to say. Call it before filling
    turn ends with the media's duration, which would hide the second case. Transcripts without times never
    get a notice: their estimates fill the recording by construction.
    """
    if not duration_ms or duration_ms <= 0:
        return None
    timed = [(turn.start, turn) for turn in turns if turn.start is not None]
    if not timed:
        return None
    to_media = time_map.to_media if time_map is not None else round
    # The turn that starts last, the later in file order on a tie (as the active-turn lookup does).
    last_start, last = max(reversed(timed), key=lambda pair: pair[0])
    start = to_media(last_start)
    media = ms_to_clock(duration_ms)
    tools = ("use Sync > Shift Timing…, or select a turn and press “This turn starts now” (Ctrl+T) "
             "when you hear it begin.")
    if start > duration_ms + MISMATCH_GRACE_MS:
        return (f"The transcript's last turn starts at {ms_to_clock(start)}, after the end of the recording "
                f"({media}). This recording may be cut, or start later than the one the transcript was timed "
                f"on; to line them up, {tools}")
    # A file's own end is best; otherwise the time the last turn's text takes to say.
    end = start + text_weight(last.text) if last.end is None or last.end < last_start else to_media(last.end)
    extra = duration_ms - end
    if extra > MISMATCH_MIN_MS and extra > MISMATCH_RATIO * max(end, 0):
        minutes = round(extra / 60_000)
        return (f"The recording ({media}) runs about {minutes} min longer than the transcript, which ends near "
                f"{ms_to_clock(end)}. If it starts with an intro or an ad, the highlight will run ahead of the "
                f"speech; to line them up, {tools}")
    return None
