"""Speaker colours stay readable on light and dark palettes."""

from __future__ import annotations

from reader.qt.palette import speaker_colours


def test_dark_palette_gets_lighter_speaker_colours() -> None:
    light = speaker_colours(["A", "B", "C"], dark=False)
    dark = speaker_colours(["A", "B", "C"], dark=True)
    for name in "ABC":
        assert dark[name].lightness() > light[name].lightness() + 40
    assert len({c.name() for c in light.values()}) == 3
