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
    # The common `MM:SS` of event pages, without the regex: a 50,000-turn page calls this 50,000 times.
    if len(text) == 5 and text[2] == ":" and text[:2].isdigit() and text[3:].isdigit() and text[3] < "6" \
            and text.isascii():
        return (int(text[:2]) * 60 + int(text[3:])) * 1000
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


# -- go to time ----------------------------------------------------------------------------------------

# Numbers are bounded (31 years of seconds): a longer run of digits overflowed the float conversion.
RGX_SECONDS = re.compile(r"^\d{1,9}(?:[.,]\d{1,3})?$")
# No whitespace in it (parse_time_query removes it first): three `\s*` in a row backtracked cubically.
RGX_UNITS = re.compile(r"^(?:(?P<h>\d{1,6})h)?(?:(?P<m>\d{1,7})m(?:in)?)?(?:(?P<s>\d{1,9}(?:[.,]\d{1,3})?)s)?$")
TIME_HELP = "Type a time like 12:18, 1:02:03, 754 (seconds), 12m18s, or +30 / -1:00 from now."


def parse_time_query(text: str, *, current_ms: int, duration_ms: int | None = None) -> int:
    """Return the time in ms that `text` asks for, clamped to the recording; raise ValueError if none."""
    body = "".join(text.split())
    if not body:
        raise ValueError(f"No time given. {TIME_HELP}")
    sign = 0
    if body[0] in "+-−":
        sign = -1 if body[0] in "-−" else 1
        body = body[1:]
    ms = _duration_to_ms(body)
    if ms is None:
        raise ValueError(f"Not a time: {text.strip()!r}. {TIME_HELP}")
    target = current_ms + sign * ms if sign else ms
    if duration_ms is not None:
        target = min(target, duration_ms)
    return max(0, target)


def _duration_to_ms(text: str) -> int | None:
    if RGX_SECONDS.match(text):
        return round(float(text.replace(",", ".")) * 1000)
    if ":" in text:
        try:
            return clock_to_ms(text)
        except ValueError:
            return None
    units = RGX_UNITS.match(text.lower())
    if units is None or not any(units.groups()):
        return None
    hours, minutes = int(units["h"] or 0), int(units["m"] or 0)
    seconds = float((units["s"] or "0").replace(",", "."))
    return round(((hours * 60 + minutes) * 60 + seconds) * 1000)
