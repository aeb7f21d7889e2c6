"""Time markers in brackets (`[hh:mm:ss]`, `{mm:ss}`, `#h:mm:ss#`, `\\[mm:ss\\]`) and the lines they open.

Read by `bracketed`, and checked by `named_paragraphs`, which leaves a text with any marker to `bracketed`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from reader.core.formats.common import SNIFF_CHARS
from reader.core.formats.speaker_names import BIDI_MARKS, clean_name, is_turn_label
from reader.core.formats.text_common import TIME, split_front_matter


def _mark(tag: str) -> str:
    """Return the pattern of one time marker, its time in group `{tag}1`, `{tag}2` or `{tag}3`."""
    # `\[` / `\]` are Markdown escapes (Changelog); TIME is bounded, so no marker pattern can backtrack.
    return rf"(?:\\?\[(?P<{tag}1>{TIME})\\?\]|\{{(?P<{tag}2>{TIME})\}}|#(?P<{tag}3>{TIME})#)"


MARK_AHEAD = r"(?=[ \t]*(?:\\?\[|\{|#)\d)"
RGX_MARK = re.compile(_mark("t"))
# One line-start pattern: [marker] [label] [marker], all optional (parse() keeps lines with at least a valid
# label or a marker). Names are bounded ({1,80}, no colons, brackets or newlines) so prose cannot make the
# regex backtrack; looks_like_speaker() decides whether a name is one. A bold label needs its colon unless
# a marker stands next to it (`**Ali** [00:00:00]`, `[00:01] **Ali** text`); a plain label always needs
# its colon ("Lunch [12:00] maybe" is prose).
RGX_TURN_START = re.compile(
    rf"^[ \t{BIDI_MARKS}]*(?:(?P<a>{_mark('a')})[ \t{BIDI_MARKS}]*)?"
    rf"(?:\*\*(?P<bold>[^*\n:]{{1,80}}?)(?::\*\*|\*\*[ \t]*:|(?(a)\*\*|\*\*{MARK_AHEAD}))"
    rf"|(?P<plain>[^\W\d_][^\n:*()\[\]{{}}#\\]{{0,80}}?):(?=[ \t]|$)"
    # HappyScribe: `[00:00:02.410] - Teacher`, the name alone after a dash, the speech on the next lines.
    rf"|(?(a)[-–—][ \t]+(?P<dash>[^\W\d_][^\n:*()\[\]{{}}#\\]{{0,80}}?)[ \t]*$|(?!)))?"
    rf"[ \t]*(?P<b>{_mark('b')})?",
    re.MULTILINE,
)


@dataclass(slots=True)
class TurnStart:
    """Where a turn starts in the text, and what its opening line says."""

    offset: int
    text_from: int
    stamp: str | None
    label: str | None


def stamp_of(match: re.Match[str], tag: str) -> str | None:
    """Return the time text of marker `tag` in `match`, or None."""
    return match[f"{tag}1"] or match[f"{tag}2"] or match[f"{tag}3"]


def _is_label(name: str, verdicts: dict[str, bool]) -> bool:
    """Return whether `name` is a speaker or a part of the show (memoised in `verdicts`)."""
    ok = verdicts.get(name)
    if ok is None:
        ok = verdicts[name] = is_turn_label(name)
    return ok


def turn_starts(text: str, start: int = 0) -> list[TurnStart]:
    """Return the lines of `text` from `start` that open a turn."""
    verdicts: dict[str, bool] = {}
    starts = []
    for match in RGX_TURN_START.finditer(text, start):
        raw = match["bold"] or match["plain"] or match["dash"]
        name = clean_name(raw) if raw else None
        if name and _is_label(name, verdicts):
            starts.append(TurnStart(match.start(), match.end(), stamp_of(match, "a") or stamp_of(match, "b"), name))
        elif match["a"]:  # a marker opens the line; what follows is text (a label that is no name included)
            starts.append(TurnStart(match.start(), match.end("a"), stamp_of(match, "a"), None))
    return starts


def marked_turn_count(text: str) -> int:
    """Return how many lines at the head of `text` open a turn, or 0 when no line opens with a time marker."""
    sample = text[:SNIFF_CHARS]
    _, start = split_front_matter(sample)
    starts = turn_starts(sample, start)
    return len(starts) if any(s.stamp for s in starts) else 0
