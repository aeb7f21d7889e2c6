"""Timecodes to milliseconds and back."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reader.core.timecode import clock_to_ms, ms_to_clock


@pytest.mark.parametrize(("text", "ms"), [
    ("00:23", 23_000), ("59:09", 3_549_000), ("1:02:03", 3_723_000), ("75:30", 4_530_000),
    ("00:01.5", 1_500), ("0:00:01,250", 1_250), ("10:00:00", 36_000_000),
])
def test_clock_to_ms(text: str, ms: int) -> None:
    assert clock_to_ms(text) == ms


@pytest.mark.parametrize("text", ["12", "1:2", "12:60", "1:60:00", "a:bc", "", "12:18:", "-1:00"])
def test_clock_to_ms_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        clock_to_ms(text)


def test_ms_to_clock_forms() -> None:
    assert ms_to_clock(738_000) == "12:18"
    assert ms_to_clock(3_723_000) == "1:02:03"
    assert ms_to_clock(None) == "--:--"
    assert ms_to_clock(1_234, millis=True) == "00:01.234"
    assert ms_to_clock(-5_000) == "-00:05"


@given(st.integers(min_value=0, max_value=100 * 3_600_000))
def test_round_trip_whole_milliseconds(ms: int) -> None:
    assert clock_to_ms(ms_to_clock(ms, millis=True)) == ms


@given(st.text(alphabet="0123456789:.5٣ ", min_size=5, max_size=5))
def test_the_mm_ss_fast_path_agrees_with_the_pattern(text: str) -> None:
    from reader.core.timecode import RGX_CLOCK

    match = RGX_CLOCK.match(text.strip())
    try:
        fast: int | None = clock_to_ms(text)
    except ValueError:
        fast = None
    if match is None:
        assert fast is None
    else:
        frac = match["frac"] or ""
        expected = ((int(match["h"] or 0) * 60 + int(match["m"] if match["m"] is not None else match["mm"])) * 60
                    + int(match["s"])) * 1000 + (int(frac.ljust(3, "0")) if frac else 0)
        assert fast == expected
