"""Active-turn lookup and the interpolating playback clock."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reader.core.sync import PlaybackClock, TurnTimeline
from reader.core.transcript import Turn


def turns_at(*starts: int | None) -> list[Turn]:
    return [Turn(index=i, start=s, speaker="A", text="x") for i, s in enumerate(starts)]


def linear_active(turns: list[Turn], ms: float) -> int | None:
    best = None
    for turn in turns:
        if turn.start is not None and turn.start <= ms and (best is None or turn.start >= best.start):
            best = turn
    return None if best is None else best.index


def test_active_index_and_next_boundary() -> None:
    timeline = TurnTimeline(turns_at(1000, 5000, None, 9000))
    assert timeline.active_index(0) is None
    assert timeline.active_index(999.9) is None
    assert timeline.active_index(1000) == 0
    assert timeline.active_index(8999) == 1
    assert timeline.active_index(10**9) == 3
    assert timeline.next_boundary(0) == 1000
    assert timeline.next_boundary(1000) == 5000
    assert timeline.next_boundary(9000) is None


@given(st.lists(st.integers(0, 10_000), max_size=40), st.integers(-10, 11_000))
def test_bisect_agrees_with_a_linear_scan(starts: list[int], ms: int) -> None:
    # Ties (two turns starting together) resolve to the later turn in file order, as the scan does.
    turns = turns_at(*starts)
    assert TurnTimeline(turns).active_index(ms) == linear_active(turns, ms)


def test_clock_extrapolates_between_reports_at_the_rate() -> None:
    clock = PlaybackClock()
    clock.set_playing(True, 10.0)
    clock.observe(0, 10.0)
    assert clock.position(10.2) == 200
    clock.observe(250, 10.25)
    assert clock.position(10.40) == 400
    clock.set_rate(2.0, 10.40)
    assert clock.position(10.50) == 600


def test_clock_caps_extrapolation_when_reports_stop() -> None:
    clock = PlaybackClock(max_extrapolation_ms=1500)
    clock.set_playing(True, 0.0)
    clock.observe(1000, 0.0)
    assert clock.position(60.0) == 2500


def test_clock_holds_instead_of_stepping_back_a_little() -> None:
    clock = PlaybackClock(max_backstep_ms=300)
    clock.set_playing(True, 0.0)
    clock.observe(0, 0.0)
    assert clock.position(0.5) == 500
    clock.observe(420, 0.5)  # the player says it is 80 ms behind our estimate
    assert clock.position(0.5) == 500  # held, not stepped back
    assert clock.position(0.6) == 520
    clock.observe(0, 0.6)  # far behind: believed (the stream restarted)
    assert clock.position(0.6) == 0


def test_clock_jump_is_exact_and_ignores_stale_reports() -> None:
    clock = PlaybackClock()
    clock.set_playing(True, 0.0)
    clock.observe(50_000, 0.0)
    clock.jump(10_000, 1.0)
    assert clock.position(1.0) == 10_000
    clock.observe(51_000, 1.05)  # queued before the seek took effect
    assert clock.position(1.1) == 10_100
    clock.observe(10_120, 1.2)  # 80 ms behind the estimate, 20 ms ahead of what was shown: taken
    assert clock.position(1.2) == 10_120


def test_clock_is_frozen_while_paused() -> None:
    clock = PlaybackClock()
    clock.set_playing(True, 0.0)
    clock.observe(0, 0.0)
    clock.observe(1000, 1.0)
    clock.set_playing(False, 2.0)
    assert clock.position(2.0) == 2000
    assert clock.position(50.0) == 2000
    clock.set_playing(True, 50.0)
    assert clock.position(50.5) == 2500


def test_progress_inside_a_turn_interpolates_between_known_times() -> None:
    from reader.core.sync import offset_at_time, time_at_offset

    turn = Turn(index=0, start=10_000, speaker="A", text="a" * 100, anchors=[(40, 14_000)])
    assert offset_at_time(turn, 20_000, 9_000) == 0
    assert offset_at_time(turn, 20_000, 12_000) == 20  # half way to the anchor
    assert offset_at_time(turn, 20_000, 14_000) == 40
    assert offset_at_time(turn, 20_000, 17_000) == 70  # half way from the anchor to the next turn
    assert offset_at_time(turn, 20_000, 25_000) == 100
    assert time_at_offset(turn, 20_000, 20) == 12_000
    assert time_at_offset(turn, 20_000, 70) == 17_000
    untimed_end = Turn(index=1, start=5_000, speaker="A", text="abc")
    assert offset_at_time(untimed_end, None, 9_000) == 0
    assert time_at_offset(untimed_end, None, 2) == 5_000
    assert time_at_offset(Turn(index=2, start=None, speaker=None, text="x"), None, 0) is None


@given(st.integers(0, 10_000), st.integers(1, 500), st.integers(1, 30_000), st.integers(0, 40_000))
def test_offset_and_time_are_monotonic_and_in_range(start: int, length: int, span: int, ms: int) -> None:
    from reader.core.sync import offset_at_time, time_at_offset

    turn = Turn(index=0, start=start, speaker=None, text="x" * length)
    offset = offset_at_time(turn, start + span, ms)
    assert 0 <= offset <= length
    assert offset_at_time(turn, start + span, ms + 1) >= offset
    t = time_at_offset(turn, start + span, offset)
    assert t is not None and start <= t <= start + span
