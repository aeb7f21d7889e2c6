"""The transcript <-> media time map, stored sync settings, estimated times and the length-mismatch notice."""

from __future__ import annotations

import json
import math
from itertools import pairwise

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from reader.core.timemap import (
    EstimatedTime,
    SyncSettings,
    TimeMap,
    anchors_to_taps,
    estimate_times,
    media_mismatch,
    taps_to_anchors,
    text_clock,
    text_weight,
    with_tap,
)
from reader.core.transcript import Turn


def untimed(*texts: str) -> list[Turn]:
    return [Turn(index=i, start=None, speaker="A", text=text) for i, text in enumerate(texts)]


def timed(*starts: int | None, text: str = "a few words here") -> list[Turn]:
    return [Turn(index=i, start=s, speaker="A", text=text) for i, s in enumerate(starts)]


# -- TimeMap --------------------------------------------------------------------------------------------


def test_no_anchors_is_a_pure_offset() -> None:
    tm = TimeMap(7500)
    assert tm.to_media(0) == 7500
    assert tm.to_media(60_000) == 67_500
    assert tm.to_transcript(67_500) == 60_000
    assert tm.to_media(-10_000) == -2500  # no clamping here: the player clamps seeks, the map stays invertible
    assert not tm.is_identity
    assert TimeMap().is_identity and TimeMap().to_media(1234) == 1234


def test_one_anchor_is_an_offset_and_the_global_offset_adds_to_it() -> None:
    tm = TimeMap(0, [(10_000, 17_500)])
    assert [tm.to_media(t) for t in (0, 10_000, 3_600_000)] == [7500, 17_500, 3_607_500]
    assert tm.to_transcript(7500) == 0
    assert tm.offset_at(123_456) == 7500
    nudged = tm.with_offset(-200)
    assert nudged.to_media(10_000) == 17_300
    assert nudged.to_transcript(17_300) == 10_000


def test_two_anchors_are_a_linear_fit_between_them_and_slope_one_beyond() -> None:
    # A recording whose clock runs 2% slow between the taps.
    tm = TimeMap(0, [(100_000, 105_000), (200_000, 207_000)])
    assert tm.to_media(100_000) == 105_000
    assert tm.to_media(150_000) == 156_000
    assert tm.to_media(200_000) == 207_000
    assert tm.to_transcript(156_000) == 150_000
    # Beyond the ends the nearest anchor's offset continues (slope 1), not the segment's slope.
    assert tm.to_media(0) == 5000
    assert tm.to_media(1_000_000) == 1_007_000
    assert tm.offset_at(0) == 5000 and tm.offset_at(10**6) == 7000


def test_a_cut_in_the_middle_is_held_by_anchors_around_it() -> None:
    # 60 s were cut out of the recording at transcript 10:00; anchors just before and after the cut.
    tm = TimeMap(0, [(0, 0), (599_000, 599_000), (661_000, 601_000), (3_000_000, 2_940_000)])
    assert tm.to_media(300_000) == 300_000
    assert tm.to_media(1_000_000) == 940_000
    assert tm.to_media(3_600_000) == 3_540_000  # slope 1 after the last anchor, not the cut's steepness
    assert tm.to_transcript(940_000) == 1_000_000


def test_the_map_rounds_between_anchors_to_whole_milliseconds() -> None:
    tm = TimeMap(0, [(0, 0), (3, 1)])
    assert [tm.to_media(t) for t in range(4)] == [0, 0, 1, 1]  # 1/3 -> 0, 2/3 -> 1 (half up, exact)
    assert tm.to_media(1.6) == tm.to_media(2)
    assert isinstance(tm.to_media(2.0), int)


def test_anchors_are_sorted_and_exact_duplicates_merged() -> None:
    tm = TimeMap(0, [(200, 300), (100, 150), (200, 300)])
    assert tm.anchors == ((100, 150), (200, 300))


@pytest.mark.parametrize("anchors", [
    [(1000, 5000), (2000, 4000)],      # media goes backwards
    [(1000, 5000), (2000, 5000)],      # media stands still: no inverse
    [(1000, 5000), (1000, 6000)],      # one transcript time, two media times
])
def test_anchors_that_break_monotonicity_are_rejected_by_name(anchors: list[tuple[int, int]]) -> None:
    with pytest.raises(ValueError, match=r"sync anchor 00:0\d\.000 -> 00:0\d\.000 conflicts with") as info:
        TimeMap(0, anchors)
    assert "00:01.000" in str(info.value) and "increase" in str(info.value)


def test_with_anchor_folds_the_offset_so_the_tap_holds_exactly() -> None:
    tm = TimeMap(7000).with_anchor(60_000, 67_400)
    assert tm.offset_ms == 0 and tm.anchors == ((60_000, 67_400),)
    assert tm.to_media(60_000) == 67_400
    # Nudging after taps, then tapping again: the nudge moves the old anchors to where they now are.
    tm = TimeMap(0, [(0, 5000), (100_000, 105_000)]).with_offset(-300).with_anchor(50_000, 55_000)
    assert tm.offset_ms == 0
    assert tm.anchors == ((0, 4700), (50_000, 55_000), (100_000, 104_700))


def test_with_anchor_keeps_the_latest_tap_and_drops_the_anchors_it_contradicts() -> None:
    tm = TimeMap(0, [(10_000, 12_000), (20_000, 30_000), (40_000, 42_000)])
    assert tm.conflicting_anchors(25_000, 25_000) == [1]
    after = tm.with_anchor(25_000, 25_000)
    assert after.anchors == ((10_000, 12_000), (25_000, 25_000), (40_000, 42_000))
    # Re-tapping the same transcript time replaces the anchor.
    assert tm.conflicting_anchors(20_000, 29_000) == [1]
    assert tm.with_anchor(20_000, 29_000).anchors[1] == (20_000, 29_000)
    assert tm.conflicting_anchors(30_000, 35_000) == []


def test_without_anchor_and_with_offset() -> None:
    tm = TimeMap(100, [(0, 1000), (10_000, 11_000)])
    assert tm.without_anchor(0).anchors == ((10_000, 11_000),)
    assert tm.without_anchor(0).offset_ms == 100
    assert tm.without_anchor(-1).without_anchor(0) == TimeMap(100)
    with pytest.raises(IndexError):
        tm.without_anchor(5)
    assert tm.with_offset(0).to_media(0) == 1000
    assert tm.with_offset(500).to_media(5000) == 6500


def test_identity_value_semantics_and_repr() -> None:
    assert TimeMap(0, [(5000, 5000)]).is_identity
    assert TimeMap(0, [(0, 0), (10, 10), (20, 20)]).is_identity
    assert TimeMap(-100, [(0, 100)]).is_identity
    assert not TimeMap(0, [(0, 0), (10, 11)]).is_identity
    assert TimeMap(5, [(1, 2)]) == TimeMap(5, [(1, 2)])
    assert len({TimeMap(5, [(1, 2)]), TimeMap(5, [(1, 2)]), TimeMap()}) == 2
    assert TimeMap(5, [(1, 2)]) != "TimeMap"
    assert repr(TimeMap(5, [(1, 2)])) == "TimeMap(offset_ms=5, anchors=[(1, 2)])"


def test_drift_and_offset_recordings_are_followed_within_a_millisecond_after_two_taps() -> None:
    # The evidence in the core: a recording 7.5 s late, and one whose second half runs 2% slower.
    half = 1_800_000

    def late(t: int) -> float:
        return t + 7500

    def drifting(t: int) -> float:
        return t + 7500 if t < half else half + 7500 + (t - half) * 1.02

    for truth, taps in ((late, (60_000, 3_000_000)), (drifting, (half, 3_600_000))):
        tm = TimeMap()
        for t in taps:
            tm = tm.with_anchor(t, round(truth(t)))
        worst = max(abs(tm.to_media(t) - truth(t)) for t in range(0, 3_600_001, 1013))
        assert worst <= 1


# Monotonic anchor sets: strictly increasing in both clocks.
def anchor_sets(min_slope: float = 0.0, max_slope: float = math.inf) -> st.SearchStrategy[list[tuple[int, int]]]:
    @st.composite
    def build(draw: st.DrawFn) -> list[tuple[int, int]]:
        t = draw(st.integers(-10**6, 10**7))
        m = draw(st.integers(-10**6, 10**7))
        points = [(t, m)]
        for _ in range(draw(st.integers(0, 12))):
            dt = draw(st.integers(1, 10**6))
            low = max(1, math.ceil(dt * min_slope))
            high = max(low, math.floor(dt * max_slope)) if max_slope != math.inf else 10**6
            dm = draw(st.integers(low, max(low, high)))
            t, m = t + dt, m + dm
            points.append((t, m))
        return points

    return build()


@given(anchor_sets(0.5, 2.0), st.integers(-10**5, 10**5), st.integers(-2 * 10**7, 2 * 10**7))
def test_round_trips_are_exact_within_a_millisecond(anchors: list[tuple[int, int]], offset: int, x: int) -> None:
    tm = TimeMap(offset, anchors)
    assert abs(tm.to_transcript(tm.to_media(x)) - x) <= 1
    assert abs(tm.to_media(tm.to_transcript(x)) - x) <= 1


@given(anchor_sets(), st.integers(-10**5, 10**5), st.integers(-2 * 10**7, 2 * 10**7), st.integers(0, 10**6))
def test_the_map_is_non_decreasing_and_exact_at_anchors(anchors: list[tuple[int, int]], offset: int, x: int,
                                                          step: int) -> None:
    tm = TimeMap(offset, anchors)
    assert tm.to_media(x) <= tm.to_media(x + step)
    assert tm.to_transcript(x) <= tm.to_transcript(x + step)
    for t, m in anchors:
        assert tm.to_media(t) == m + offset
        assert tm.to_transcript(m + offset) == t


@given(anchor_sets(), st.integers(-2 * 10**7, 2 * 10**7))
def test_a_squeezed_map_round_trips_within_its_documented_bound(anchors: list[tuple[int, int]], x: int) -> None:
    tm = TimeMap(0, anchors)
    slopes = [1.0] + [(m2 - m1) / (t2 - t1) for (t1, m1), (t2, m2) in pairwise(anchors)]
    assert abs(tm.to_transcript(tm.to_media(x)) - x) <= 1 + 1 / (2 * min(slopes))
    assert abs(tm.to_media(tm.to_transcript(x)) - x) <= 1 + max(slopes) / 2


@given(anchor_sets(), st.integers(-10**4, 10**4), st.integers(-10**7, 10**7), st.integers(-10**7, 10**7))
def test_with_anchor_always_gives_a_valid_map_that_holds_the_tap(anchors: list[tuple[int, int]], offset: int,
                                                                  t: int, m: int) -> None:
    tm = TimeMap(offset, anchors).with_anchor(t, m)
    assert tm.to_media(t) == m
    assert len(tm.anchors) == len(anchors) + 1 - len(TimeMap(offset, anchors).conflicting_anchors(t, m))


# -- SyncSettings ---------------------------------------------------------------------------------------


def test_settings_json_has_exactly_the_documented_shape() -> None:
    settings = SyncSettings(250, [(20_000, 19_000), (10_000, 9_500)])
    data = settings.to_json()
    assert data == {"offset_ms": 250, "anchors": [{"transcript_ms": 10_000, "media_ms": 9500},
                                                  {"transcript_ms": 20_000, "media_ms": 19_000}]}
    assert json.loads(json.dumps(data)) == data
    assert SyncSettings.from_json(data) == SyncSettings(250, [(10_000, 9500), (20_000, 19_000)])
    assert SyncSettings().to_json() == {"offset_ms": 0, "anchors": []}


def test_settings_build_and_come_from_a_time_map() -> None:
    tm = TimeMap(-40, [(0, 7500), (60_000, 67_800)])
    settings = SyncSettings.from_time_map(tm)
    assert settings.time_map() == tm
    assert SyncSettings.from_json(settings.to_json()).time_map() == tm
    assert SyncSettings().is_default and not settings.is_default
    with pytest.raises(ValueError, match="conflicts"):
        SyncSettings(0, [(0, 10), (5, 5)]).time_map()


def test_unknown_keys_survive_a_round_trip() -> None:
    data = {"offset_ms": 1, "anchors": [], "rate_drift": 1.02}
    assert SyncSettings.from_json(data).to_json() == data
    assert not SyncSettings.from_json({"later": True}).is_default


@pytest.mark.parametrize(("data", "expected", "said"), [
    (None, SyncSettings(), []),
    ([1, 2], SyncSettings(), ["expected an object"]),
    ({}, SyncSettings(), []),
    ({"offset_ms": "7 s"}, SyncSettings(), ["sync offset"]),
    ({"offset_ms": True}, SyncSettings(), ["sync offset"]),
    ({"offset_ms": float("nan")}, SyncSettings(), ["sync offset"]),
    ({"offset_ms": float("inf")}, SyncSettings(), ["sync offset"]),
    ({"offset_ms": 1500.4}, SyncSettings(1500), []),
    ({"anchors": {"transcript_ms": 1, "media_ms": 2}}, SyncSettings(), ["expected a list"]),
    ({"anchors": [{"transcript_ms": 1, "media_ms": 2}, {"transcript_ms": 3}, 7, None,
                  {"transcript_ms": "x", "media_ms": 4}, {"transcript_ms": 9.6, "media_ms": 11}]},
     SyncSettings(0, [(1, 2), (10, 11)]),
     ["sync anchor 2: missing 'media_ms'", "sync anchor 3: expected an object", "sync anchor 4", "sync anchor 5"]),
    ({"anchors": [{"transcript_ms": 5000, "media_ms": 6000}, {"transcript_ms": 1000, "media_ms": 7000},
                  {"transcript_ms": 5000, "media_ms": 6000}]},
     SyncSettings(0, [(5000, 6000)]), ["sync anchor 2 (00:01.000 -> 00:07.000) contradicts"]),
])
def test_malformed_settings_are_skipped_with_a_message(data: object, expected: SyncSettings,
                                                         said: list[str]) -> None:
    messages: list[str] = []
    assert SyncSettings.from_json(data, messages) == expected
    assert len(messages) == len(said)
    for message, start in zip(messages, said, strict=True):
        assert message.startswith("sync") and start in message
    SyncSettings.from_json(data).time_map()  # whatever was read builds a map


@given(st.integers(-10**6, 10**6), anchor_sets())
def test_settings_round_trip_through_json(offset: int, anchors: list[tuple[int, int]]) -> None:
    settings = SyncSettings(offset, anchors)
    messages: list[str] = []
    assert SyncSettings.from_json(json.loads(json.dumps(settings.to_json())), messages) == settings
    assert messages == []


# -- estimated times ------------------------------------------------------------------------------------


def test_text_weight_counts_words_letters_and_pauses() -> None:
    assert text_weight("") > 0  # even an empty turn takes a speaker change
    assert text_weight("one two three") > text_weight("one two")
    assert text_weight("extraordinarily") > text_weight("a")
    assert text_weight("Yes. No.") > text_weight("Yes no")
    assert text_weight("well, yes") > text_weight("well yes")
    assert text_weight("it was 3.5 percent") == text_weight("it was 305 percent")  # a decimal is no pause
    assert text_weight("Really?! Yes...") == text_weight("Really. Yes.") + 3 * 55  # a run of marks: one pause
    assert text_weight('He said "go." Then') == text_weight("He said go. Then") + 2 * 55


def test_estimates_spread_untimed_text_over_the_recording() -> None:
    turns = untimed("Hello.", "A much longer turn with many more words in it, and pauses.", "Short.", "Bye.")
    estimates = estimate_times(turns, 60_000)
    assert all(e.estimated and not e.tapped for e in estimates)
    starts = [e.ms for e in estimates]
    assert starts[0] == 0
    assert starts == sorted(starts) and starts[-1] < 60_000
    clock = text_clock(turns)
    total = clock[-1] + text_weight(turns[-1].text)
    assert starts == [round(c * 60_000 / total) for c in clock]
    assert starts[2] - starts[1] > 3 * (starts[1] - starts[0])  # the long turn gets the long share
    assert estimate_times(turns, 60_000, clock=clock) == estimates


def test_each_tap_corrects_the_estimates_on_both_sides() -> None:
    turns = untimed(*["one two three four five"] * 10)
    plain = [e.ms for e in estimate_times(turns, 100_000)]
    assert plain[5] == 50_000
    tapped = estimate_times(turns, 100_000, {5: 70_000})
    assert tapped[5] == EstimatedTime(70_000, estimated=False, tapped=True)
    assert [e.ms for e in tapped[:6]] == [i * 14_000 for i in range(6)]
    assert [e.ms for e in tapped[5:]] == [70_000 + i * 6000 for i in range(5)]
    # A second tap refines only its side; pairs work as well as a mapping.
    twice = estimate_times(turns, 100_000, [(5, 70_000), (8, 82_000)])
    assert [e.ms for e in twice[5:9]] == [70_000, 74_000, 78_000, 82_000]
    assert [e.ms for e in twice[:6]] == [e.ms for e in tapped[:6]]


def test_real_times_are_kept_mapped_and_guide_the_estimates() -> None:
    turns = timed(None, 10_000, None, None, 40_000, None)
    estimates = estimate_times(turns, 100_000, time_map=TimeMap(5000))
    assert [(e.ms, e.estimated) for e in estimates] == [
        (0, True), (15_000, False), (25_000, True), (35_000, True), (45_000, False), (72_500, True)]


def test_a_tap_wins_over_file_times_and_earlier_taps_it_contradicts() -> None:
    turns = timed(0, 10_000, None, 30_000, None)
    estimates = estimate_times(turns, 60_000, {3: 5000, 2: 8000, 4: 20_000})
    # Tap 2 at 8 s contradicts tap 3 at 5 s (earlier, dropped); file time 10 s at turn 1 no longer guides.
    assert estimates[2] == EstimatedTime(8000, estimated=False, tapped=True)
    assert estimates[3] == EstimatedTime(30_000, estimated=False)  # a file time keeps its value
    assert estimates[1] == EstimatedTime(10_000, estimated=False)
    assert estimates[4] == EstimatedTime(20_000, estimated=False, tapped=True)


def test_estimates_without_a_duration_and_past_a_short_recording() -> None:
    turns = untimed("one two", "three four", "five six")
    clock = text_clock(turns)
    assert [e.ms for e in estimate_times(turns, None)] == clock
    assert [e.ms for e in estimate_times(turns, 0)] == clock
    late = estimate_times(timed(90_000, None, text="one two"), 60_000)
    assert late[1].ms == 90_000 + text_weight("one two") and late[1].estimated


def test_file_times_that_go_backwards_keep_their_value_but_do_not_guide() -> None:
    estimates = estimate_times(timed(10_000, 5000, None, 30_000), 40_000)
    assert estimates[1] == EstimatedTime(5000, estimated=False)
    assert estimates[2].estimated and 10_000 <= estimates[2].ms <= 30_000
    assert estimate_times([], 1000) == []


def test_stale_taps_past_the_last_turn_are_ignored() -> None:
    assert estimate_times(untimed("a", "b"), 10_000, {7: 5000, -1: 3}) == estimate_times(untimed("a", "b"), 10_000)


def test_with_tap_keeps_tap_order_and_drops_what_the_new_tap_contradicts() -> None:
    taps = with_tap({}, 5, 50_000)
    taps = with_tap(taps, 2, 20_000)
    assert list(taps) == [5, 2]
    taps = with_tap(taps, 3, 60_000)  # says turn 3 comes after 5's time: turn 5's tap goes
    assert taps == {2: 20_000, 3: 60_000}
    assert with_tap(taps, 3, 61_000) == {2: 20_000, 3: 61_000}


def test_taps_on_an_untimed_transcript_are_stored_as_text_clock_anchors() -> None:
    turns = untimed("Hello there.", "How are you today?", "Fine, thanks.", "Good.")
    taps = {1: 4000, 3: 9000}
    anchors = taps_to_anchors(turns, taps)
    assert anchors == [(text_clock(turns)[1], 4000), (text_clock(turns)[3], 9000)]
    settings = SyncSettings.from_json(SyncSettings(0, anchors).to_json())
    assert anchors_to_taps(turns, settings.anchors) == taps
    # A small edit shifts the text clock a little; each anchor still finds its turn.
    edited = untimed("Hello there!", "How are you doing today?", "Fine, thanks.", "Good.")
    assert anchors_to_taps(edited, anchors) == taps
    assert anchors_to_taps([], anchors) == {}


@st.composite
def untimed_with_taps(draw: st.DrawFn) -> tuple[list[Turn], int, dict[int, int]]:
    texts = draw(st.lists(st.text(st.sampled_from("ab cd.,!? é—"), max_size=60), min_size=1, max_size=40))
    duration = draw(st.integers(1, 10**7))
    indices = sorted(draw(st.sets(st.integers(0, len(texts) - 1), max_size=5)))
    times = sorted(draw(st.lists(st.integers(0, duration), min_size=len(indices), max_size=len(indices))))
    order = draw(st.permutations(list(zip(indices, times, strict=True))))
    return untimed(*texts), duration, dict(order)


@given(untimed_with_taps())
def test_estimates_are_monotonic_bounded_exact_at_taps_and_flagged(case: tuple[list[Turn], int, dict[int, int]]
                                                                    ) -> None:
    turns, duration, taps = case
    estimates = estimate_times(turns, duration, taps)
    assert len(estimates) == len(turns)
    starts = [e.ms for e in estimates]
    assert starts == sorted(starts)
    assert all(0 <= ms <= duration for ms in starts)
    for index, estimate in enumerate(estimates):
        if index in taps:
            assert estimate == EstimatedTime(taps[index], estimated=False, tapped=True)
        else:
            assert estimate.estimated and not estimate.tapped


@given(st.lists(st.one_of(st.none(), st.integers(0, 10**6)), min_size=1, max_size=30), st.integers(1, 2 * 10**6))
def test_file_times_are_never_flagged_as_estimated(starts: list[int | None], duration: int) -> None:
    assume(any(s is None for s in starts))
    for turn, estimate in zip(timed(*starts), estimate_times(timed(*starts), duration), strict=True):
        assert estimate.estimated == (turn.start is None)
        if turn.start is not None:
            assert estimate.ms == turn.start


# -- length mismatch ------------------------------------------------------------------------------------


def test_a_last_turn_past_the_recordings_end_gets_a_notice() -> None:
    turns = timed(0, 1_500_000, 3_000_000)
    notice = media_mismatch(turns, 2_000_000)
    assert notice is not None
    assert "50:00" in notice and "33:20" in notice
    assert "Sync > Shift Timing…" in notice and "This turn starts now" in notice
    assert media_mismatch(turns, 2_999_500) is None  # within a second: container durations differ that much
    assert media_mismatch(turns, 2_000_000, time_map=TimeMap(-1_000_000)) is None  # already synced


def test_a_much_longer_recording_gets_a_notice() -> None:
    turns = timed(0, 3_000_000, text="the last words")
    end = 3_000_000 + text_weight("the last words")
    notice = media_mismatch(turns, 3_900_000)
    assert notice is not None and "15 min longer" in notice and "intro" in notice and "Shift Timing" in notice
    assert media_mismatch(turns, end + 120_000) is None  # 2 min over an hour: under 20%
    short = timed(0, 100_000, text="x")
    assert media_mismatch(short, 150_000) is None  # 50% but under a minute
    assert media_mismatch(short, 200_000) is not None


def test_the_transcripts_end_is_its_last_turns_own_end_when_known() -> None:
    turns = timed(0, 3_000_000)
    turns[-1].end = 3_600_000
    assert media_mismatch(turns, 3_700_000) is None
    turns[-1].end = None
    assert media_mismatch(turns, 3_700_000) is not None


def test_no_notice_without_a_duration_or_without_times() -> None:
    assert media_mismatch(timed(0, 3_000_000), None) is None
    assert media_mismatch(timed(0, 3_000_000), 0) is None
    assert media_mismatch(untimed("a", "b"), 10**8) is None
    assert media_mismatch([], 10**8) is None
