"""Timecodes: text like `12:18` or `1:02:03` to integer milliseconds and back."""

from __future__ import annotations

import re

# The latest time a JSON number may give, 1000 hours (the text formats' clocks stop near there, at 999
# hours). A number past it (`1e300`, a 400-digit integer) is no time of a recording, and would overflow
# the float conversions downstream (the JSON output's seconds).
MAX_MS = 1000 * 3600 * 1000
# `MM:SS` with minutes past 59 is accepted: event pages keep counting minutes (`(75:30)`) in long talks.
RGX_CLOCK = re.compile(r"^(?:(?P<h>\d{1,3}):(?P<m>[0-5]\d)|(?P<mm>\d{1,4})):(?P<s>[0-5]\d)(?:[.,](?P<frac>\d{1,3}))?$")


def clock_to_ms(text: str) -> int:
    """Return the milliseconds of `text` (`SS` is not accepted; `MM:SS`, `H:MM:SS`, optional `.mmm`)."""
    match = RGX_CLOCK.match(text.strip())
    if match is None:
        raise ValueError(f"not a timecode: {text!r}")
    hours = int(match["h"] or 0)
    minutes = int(match["m"] if match["m"] is not None else match["mm"])
    seconds = int(match["s"])
    frac = match["frac"] or ""
    millis = int(frac.ljust(3, "0")) if frac else 0
    return ((hours * 60 + minutes) * 60 + seconds) * 1000 + millis


def ms_to_clock(ms: int | float | None, *, force_hours: bool = False, millis: bool = False) -> str:
    """Return `ms` as `M:SS` / `MM:SS`, or `H:MM:SS` past an hour; `--:--` when unknown."""
    if ms is None:
        return "--:--"
    sign = "-" if ms < 0 else ""
    total = int(abs(ms))
    seconds, rest = divmod(total, 1000)
    hours, seconds = divmod(seconds, 3600)
    minutes, seconds = divmod(seconds, 60)
    text = f"{hours}:{minutes:02d}:{seconds:02d}" if hours or force_hours else f"{minutes:02d}:{seconds:02d}"
    if millis:
        text += f".{rest:03d}"
    return sign + text
