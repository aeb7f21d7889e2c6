"""MediaTimes: every turn's times on the recording's clock, through the sync and for untimed turns."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reader.core.media_times import MediaTimes
from reader.core.timemap import TimeMap
from reader.core.transcript import Turn


def timed(*starts: int | None, text: str = "0123456789") -> list[Turn]:
    return [Turn(index=i, start=s, speaker="A", text=text) for i, s in enumerate(starts)]


def test_timed_turns_follow_the_sync_offset() -> None:
    times = MediaTimes(timed(0, 10_000, 20_000), TimeMap(5_000), duration_ms=40_000)
    assert times.starts() == [5_000, 15_000, 25_000]
    assert [times.start(r) for r in (-1, 0, 2, 3)] == [None, 5_000, 25_000, None]
    assert times.end(0) == 15_000
    assert times.end(2) == 40_000  # the last turn runs to the end of the recording
    assert times.row_at(4_999) == -1
    assert times.row_at(5_000) == 0
    assert times.row_at(24_999) == 1
    assert times.next_boundary(5_000) == 15_000
    assert not times.estimated(0)


def test_time_at_and_progress_are_inverse_inside_a_turn() -> None:
    times = MediaTimes(timed(0, 10_000), TimeMap(1_000), duration_ms=30_000)
    assert times.time_at(0, 0) == 1_000
    assert times.time_at(0, 5) == 6_000  # half way through the text, half way to the next turn
    assert times.progress(0, 6_000) == 5
    assert times.progress(0, 500) == 0
    assert times.progress(0, 60_000) == 10


def test_anchors_inside_a_turn_are_used() -> None:
    turn = Turn(index=0, start=10_000, speaker="A", text="x" * 100, anchors=[(40, 14_000)])
    times = MediaTimes([turn, Turn(index=1, start=20_000, speaker="B", text="y")], TimeMap(-2_000))
    assert times.time_at(0, 20) == 10_000  # half way to the anchor, 2 s earlier in the recording
    assert times.time_at(0, 40) == 12_000
    assert times.progress(0, 12_000) == 40


def test_own_end_is_used_and_mapped() -> None:
    turns = [Turn(index=0, start=1_000, end=3_000, speaker=None, text="ab"),
             Turn(index=1, start=10_000, end=12_000, speaker=None, text="cd")]
    times = MediaTimes(turns, TimeMap(100))
    assert times.end(0) == 3_100
    assert times.end(1) == 12_100
    assert times.progress(0, 2_100) == 1


def test_untimed_turns_are_spread_over_the_recording_and_taps_move_them() -> None:
    turns = timed(None, None, None, None)
    times = MediaTimes(turns, duration_ms=40_000)
    assert times.starts() == [0, 10_000, 20_000, 30_000]
    assert all(times.estimated(r) for r in range(4))
    assert times.end(3) == 40_000
    assert times.time_at(1, 5) == 15_000
    assert times.progress(1, 15_000) == 5
    tapped = times.with_sync(TimeMap(), {2: 30_000})
    assert tapped.start(2) == 30_000
    assert not tapped.estimated(2)
    assert tapped.start(1) == 15_000
    assert tapped.with_duration(80_000).start(3) == 55_000


def test_duration_zero_is_unknown_and_changes_make_new_objects() -> None:
    times = MediaTimes(timed(0, 1_000), duration_ms=0)
    assert times.duration is None
    assert times.end(1) is None
    longer = times.with_duration(5_000)
    assert longer is not times and longer.end(1) == 5_000 and times.end(1) is None
    shifted = longer.with_sync(TimeMap(250))
    assert shifted.start(1) == 1_250 and shifted.duration == 5_000 and longer.start(1) == 1_000


def test_notes_clock_round_trips() -> None:
    times = MediaTimes(timed(0), TimeMap(0, [(0, 7_500), (60_000, 68_700)]))
    assert times.to_media(60_000) == 68_700
    assert times.to_transcript(68_700) == 60_000


def test_empty() -> None:
    times = MediaTimes()
    assert len(times) == 0
    assert times.row_at(10) == -1
    assert times.time_at(0, 0) is None
    assert times.progress(0, 0) == 0


@given(st.lists(st.one_of(st.none(), st.integers(0, 100_000)), min_size=1, max_size=30),
       st.integers(-5_000, 5_000), st.integers(0, 200_000))
def test_row_at_agrees_with_starts(starts: list[int | None], offset: int, ms: int) -> None:
    times = MediaTimes(timed(*starts), TimeMap(offset), duration_ms=200_000)
    row = times.row_at(ms)
    media = times.starts()
    if row >= 0:
        assert media[row] is not None and media[row] <= ms
        assert all(s is None or s <= media[row] or s > ms for s in media)
    else:
        assert all(s is None or s > ms for s in media)


@given(st.integers(0, 100_000), st.integers(1, 200), st.integers(2, 300), st.integers(-3_000, 3_000))
def test_time_at_then_progress_stays_within_a_character(start: int, length: int, per_char: int,
                                                         offset: int) -> None:
    span = length * per_char  # at least 2 ms a character: below that, whole milliseconds cannot tell them apart
    turns = [Turn(index=0, start=start, speaker="A", text="x" * length),
             Turn(index=1, start=start + span, speaker="A", text="y")]
    times = MediaTimes(turns, TimeMap(offset))
    for chars in range(0, length + 1, max(1, length // 7)):
        ms = times.time_at(0, chars)
        assert ms is not None
        assert abs(times.progress(0, ms) - chars) <= 1


def test_word_times_give_progress_the_word_said_and_the_time_of_a_character() -> None:
    from reader.core.align.model import Alignment, WordTime

    text = "one two three"
    turns = [Turn(index=0, start=0, speaker="A", text=text), Turn(index=1, start=10_000, speaker="B", text="four")]
    words = Alignment("pocketsphinx", [WordTime("one", 500, 900, 0, 0, 3, 0.9, "acoustic"),
                                       WordTime("two", 4_000, 4_400, 0, 4, 7, 0.9, "acoustic"),
                                       WordTime("three", 4_500, 5_000, 0, 8, 13, 0.9, "acoustic"),
                                       WordTime("four", 10_200, 10_600, 1, 0, 4, 0.9, "acoustic")],
                      [0.9, 0.9], [500, 10_200])
    plain = MediaTimes(turns, TimeMap(0), duration_ms=20_000)
    times = plain.with_words(words)
    assert plain.progress(0, 4_100) == round(len(text) * 0.41)  # character count: 5 of 13
    assert times.progress(0, 4_100) == 7  # "one two" said: the pause after "one" is not spread over
    assert times.word_span(0, 4_100) == (4, 7)
    assert times.word_span(0, 300) is None and times.word_span(0, 6_000) is None
    assert times.time_at(0, 9) == 4_500  # a click inside "three" seeks to its start
    assert times.time_at(0, 3) == 4_000  # between words: the next one
    assert times.end_at(0, 7) == 4_400 and times.end_at(0, 8) == 4_400  # a selection ending after "two"
    assert plain.end_at(0, 13) == plain.time_at(0, 13)
    assert times.with_sync(TimeMap(1_000)).time_at(0, 9) == 4_500  # heard times do not move with the sync
    assert times.with_duration(30_000).words is words
    assert times.with_words(None).progress(0, 4_100) == plain.progress(0, 4_100)
