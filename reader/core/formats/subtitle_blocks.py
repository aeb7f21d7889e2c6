"""What SubRip and WebVTT share: timing lines, `Name: ` speaker labels, cues into turns, turns into pieces.

WebVTT descends from SubRip: the same `start --> end` timing line (with `.` for `,`), and the same habits
of the tools that write both (Zoom's and Buzzsprout's `Name: ` labels, WhisperX's `[SPEAKER_02]: `).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from reader.core.cues import Cue, merge_cues, timing_warnings
from reader.core.errors import NotATranscriptError
from reader.core.formats.speaker_names import is_speaker_name
from reader.core.transcript import Transcript, Turn

# A written cue without an end lasts as long as it takes to read (at least a second).
READING_MS_PER_CHAR = 60

# `H:MM:SS,mmm`. Hours are optional because real files drop them (`01:02,500`, as WebVTT allows), and some
# writers put a `.` where SubRip has a `,`. Fields have bounded widths, so no line can make the regex
# backtrack for long; minutes and seconds past 59 are counted on (`00:02:60.000` is 3:00), as players do.
RGX_TIMESTAMP = r"(?:(\d{1,3}):)?(\d{1,2}):(\d{1,2})(?:[,.](\d{1,3}))?"
# A whole timing line. Anything after the end time and a space is positioning (`X1:040 X2:600 ...` in
# SubRip, `align:start position:0%` in WebVTT) that a reader has no use for; writers put spaces anywhere.
RGX_TIMING = re.compile(rf"[ \t]*{RGX_TIMESTAMP}[ \t]*-->[ \t]*{RGX_TIMESTAMP}(?:[ \t]+[^\n]*)?$")
# The timing line as nearly every writer puts it, tried first: it matches in half the time.
RGX_TIMING_FAST = re.compile(r"(\d\d):(\d\d):(\d\d)[,.](\d\d\d) --> (\d\d):(\d\d):(\d\d)[,.](\d\d\d)(?:[ \t][^\n]*)?$")
# `Name: text` at the start of a cue: one to four words (checked to be capitalised by `is_speaker_name`,
# as a regex cannot say "upper case" for every script), a word may be a parenthesised role like `(SL)`.
# Word widths are unbounded but each word is followed by a space or the colon, so there is nothing to
# backtrack into.
RGX_SPEAKER = re.compile(
    r"(?P<name>[^\W\d_][\w'’.\-]*(?: +(?:[^\W\d_][\w'’.\-]*|\([^()\n:]{1,30}\))){0,3}) ?:[ \t]+"
)
RGX_LETTER = re.compile(r"[^\W\d_]")
# WhisperX's diarized label, in its SRT and WebVTT output alike: `[SPEAKER_02]: `. Sound descriptions
# (`[laughs]`) and SDH speaker notes (`[Alba] ...`) have no colon and stay text.
RGX_BRACKET_SPEAKER = re.compile(r"\[(?P<name>[^\[\]\n:]{1,40})\]:[ \t]+")
# A label is looked for only when a colon is this close to the start of a cue.
MAX_LABEL_CHARS = 200


def fields_to_ms(hours: str | None, minutes: str, seconds: str, fraction: str | None, *, decimal: bool) -> int:
    """Return the milliseconds of a timestamp's matched fields.

    SubRip's fraction is a count of milliseconds: ffmpeg, VLC, `srt` and pysrt all read `,5` as 5 ms, and
    files in the wild are the ones that played right. WebVTT's (`decimal`) is a decimal fraction: `.5` and
    `.50` are half a second (the WebVTT acid test writes `00:02:20.50` between `.250` and `.750`).
    """
    ms = ((int(hours or 0) * 60 + int(minutes)) * 60 + int(seconds)) * 1000
    if fraction:
        ms += int(fraction.ljust(3, "0")) if decimal else int(fraction)
    return ms


def ms_to_timestamp(ms: int, separator: str) -> str:
    """Return `ms` as `HH:MM:SS,mmm` (SubRip, `,`) or `HH:MM:SS.mmm` (WebVTT, `.`); negative times are 0."""
    seconds, millis = divmod(max(int(ms), 0), 1000)
    minutes, seconds = divmod(seconds, 60)
    hours, minutes = divmod(minutes, 60)
    return f"{hours:02d}:{minutes:02d}:{seconds:02d}{separator}{millis:03d}"


def find_timing_lines(lines: list[str], *, decimal: bool) -> tuple[list[int], list[tuple[int, int] | None]]:
    """Return the indexes of the lines holding `-->`, and each one's (start ms, end ms), None if malformed.

    Any line with the arrow is meant as a timing line, so a malformed one is reported, not read as text.
    Looking for the arrow in a list of lines, then matching only those lines, is several times faster
    than a regex over the whole text.
    """
    arrows = [i for i, line in enumerate(lines) if "-->" in line]
    times: list[tuple[int, int] | None] = []
    fast = RGX_TIMING_FAST.match
    for i in arrows:
        match = fast(lines[i])
        if match is not None:
            h1, m1, s1, f1, h2, m2, s2, f2 = map(int, match.groups())
            times.append((((h1 * 60 + m1) * 60 + s1) * 1000 + f1, ((h2 * 60 + m2) * 60 + s2) * 1000 + f2))
            continue
        match = RGX_TIMING.match(lines[i])
        if match is None:
            times.append(None)
        else:
            h1, m1, s1, f1, h2, m2, s2, f2 = match.groups()
            times.append((fields_to_ms(h1, m1, s1, f1, decimal=decimal), fields_to_ms(h2, m2, s2, f2, decimal=decimal)))
    return arrows, times


def malformed_warning(line: str, number: int, *, separator: str = ",") -> str:
    """Return the warning for a timing line that could not be read (the cue's text is skipped with it)."""
    example = f"00:00:01{separator}000 --> 00:00:02{separator}000"
    return f"line {number}: {line[:60].strip()!r} is not a timing line (`{example}`); its cue is skipped"


def speaker_label(text: str, verdicts: dict[str, bool], *, letters: bool = True) -> tuple[str, int, bool] | None:
    """Return (name, length of the label, whether it is markup) when `text` starts with a speaker label.

    `[SPEAKER_02]: ` is markup and always a label; `Name: ` is prose that may be a sentence, see
    `assign_speakers`. `verdicts` caches `is_speaker_name` per name; `letters=False` skips the check that
    words follow (writers use it to avoid anything a reader might take for a label).
    """
    stripped = text.lstrip()
    lead = len(text) - len(stripped)
    if stripped[:1] == "[":
        match = RGX_BRACKET_SPEAKER.match(stripped)
        if match is not None and match["name"].strip():
            return " ".join(match["name"].split()), lead + match.end(), True
        return None
    match = RGX_SPEAKER.match(stripped)
    if match is None:
        return None
    name = match["name"]
    ok = verdicts.get(name)
    if ok is None:
        ok = verdicts[name] = is_speaker_name(name)
    # `Size: 1%` and `Score: 3-1` are captions, not speech: a label must be followed by words.
    if not ok or (letters and RGX_LETTER.search(stripped, match.end()) is None):
        return None
    return " ".join(name.split()), lead + match.end(), False


def assign_speakers(cues: list[Cue], labels: list[tuple[str, int, bool] | None]) -> None:
    """Give each cue its speaker: its own label, else the last label before it; cut labels from the text.

    Podcast hosts (Buzzsprout) and Zoom label a cue only when the speaker changes, so a label holds until the
    next one. A `Name: ` label (third item False) that is the only label in the file and not on its first
    cue is a sentence (`East Asian Characters: ...`), not a speaker: left alone, it would name every later
    cue. Labels that are markup (`<v Name>`, `[SPEAKER_02]:`, third item True) are always speakers.
    """
    found = [i for i, label in enumerate(labels) if label is not None]
    if not found:
        return
    only = labels[found[0]] if len(found) == 1 else None
    lone = found[0] if only is not None and not only[2] and found[0] != 0 else -1
    speaker: str | None = None
    for i, (cue, label) in enumerate(zip(cues, labels, strict=True)):
        if label is not None and i != lone:
            speaker, cut, _ = label
            if cut:
                cue.text = cue.text[cut:]
                cue.words = [(offset - cut, ms) for offset, ms in cue.words if offset >= cut]
        cue.speaker = speaker


def build_transcript(cues: list[Cue], warnings: list[str], *, format: str, path: Path | None,
                     title: str | None = None, empty: list[int] | None = None,
                     timed: list[Cue] | None = None) -> Transcript:
    """Return the transcript of the cues, with timing and empty-cue warnings; raise if there is no text.

    `empty` holds the lines of cues without text, `timed` the cues as the file timed them when `cues`
    differs (split or deduplicated).
    """
    warnings.extend(timing_warnings(cues if timed is None else timed))
    if empty:
        many = len(empty) > 1
        warnings.append(f"line {empty[0]}: {len(empty)} cue{'s' if many else ''} without text skipped"
                        + (" (the first here)" if many else ""))
    turns = merge_cues(cues)
    if not turns:
        raise NotATranscriptError("not a transcript: every cue is empty", path=path)
    return Transcript(turns=turns, format=format, title=title, source=path, warnings=warnings)


@dataclass(slots=True)
class Piece:
    """A stretch of a turn or cue between two of its times, as a writer puts it in a cue."""

    start: int
    end: int | None
    text: str


def pieces_of(items: Iterable[Turn | Cue]) -> list[tuple[str | None, list[Piece]]]:
    """Return each turn's or cue's speaker and its timed pieces, split at its anchors (or cue word times).

    Every time an item holds starts a piece, so writing the pieces loses none. An item without a start
    takes the previous end; a missing end is the next piece's start, the last one's a reading-time guess.
    """
    groups: list[tuple[str | None, list[Piece]]] = []
    clock = 0
    for item in items:
        marks = item.anchors if isinstance(item, Turn) else item.words
        text = item.text
        cuts = [0]
        times = [item.start if item.start is not None else clock]
        for offset, ms in marks:
            if cuts[-1] < offset < len(text):
                cuts.append(offset)
                times.append(ms)
        cuts.append(len(text))
        pieces = []
        for k, ms in enumerate(times):
            piece = text[cuts[k]:cuts[k + 1]].strip()
            if piece:
                pieces.append(Piece(ms, None, piece))
        if not pieces:
            continue
        if item.end is not None:
            pieces[-1].end = max(pieces[-1].start, item.end)
        clock = pieces[-1].end if pieces[-1].end is not None else pieces[-1].start
        # A line break in a name would end the label's line, and the cue, early.
        speaker = " ".join(item.speaker.split()) or None if item.speaker is not None else None
        groups.append((speaker, pieces))
    for g, (_, pieces) in enumerate(groups):
        for k, piece in enumerate(pieces):
            if piece.end is None:
                if k + 1 < len(pieces):
                    following = pieces[k + 1].start
                elif g + 1 < len(groups):
                    following = groups[g + 1][1][0].start
                else:
                    following = piece.start + max(1000, READING_MS_PER_CHAR * len(piece.text))
                piece.end = max(piece.start, following)
    return groups
