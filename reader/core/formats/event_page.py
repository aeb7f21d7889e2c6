"""Transcripts copied from event web pages: `Speaker Name (MM:SS): text`, one paragraph per turn.

The page around the transcript (menus, sign-in links, speaker bios, summaries, footers) comes along with
the copy; it is dropped, never turned into turns.
"""

from __future__ import annotations

import re
from pathlib import Path

from reader.core.errors import NotATranscriptError
from reader.core.timecode import clock_to_ms
from reader.core.transcript import Transcript, Turn

NAME = "event-page"

# The name part is bounded ({1,80}, no parentheses or colons) so a long prose line cannot make the regex
# backtrack; whether it really is a name is decided by looks_like_name(), which is cheaper to read.
RGX_TURN_HEADER = re.compile(
    r"^(?P<speaker>[^\W\d_][^():\n]{0,80}?)\s+\((?P<time>\d{1,3}(?::\d{2}){1,2})\)\s*:\s*(?P<text>.*)$"
)
RGX_POSTED = re.compile(r"^Posted\b.*(\||\bViews\b)", re.IGNORECASE)
RGX_NAME_WORD = re.compile(r"^[^\W\d_][\w.'’\-]*$")

# Lower-case words that real names carry ("Ursula von der Leyen", "Luis de la Cruz").
NAME_PARTICLES = frozenset(
    ["al", "bin", "da", "das", "de", "del", "della", "der", "di", "dos", "du", "el", "la", "le", "van", "von", "y",
     "ibn", "ter", "ten", "zu", "af", "av"]
)
MAX_NAME_WORDS = 6

# Lines that event pages put around a transcript; matched case-insensitively after stripping.
CHROME_LINES = frozenset(
    line.casefold()
    for line in (
        "+ Read More", "Read More", "Read Less", "- Read Less", "Terms of Use", "Privacy Policy", "Powered by",
        "Share", "Sign In", "SIGN IN", "Sign Up", "Log In", "timezone", "go back", "see all videos", "play",
        "SUMMARY", "TRANSCRIPT", "SPEAKER", "SPEAKERS", "Watch More", "Related", "Comments", "Cookie Policy",
    )
)
RGX_CHROME = re.compile(r"^(?:[•·▪◦\-*]\s|#\s|[+-]\d{2}:\d{2}\s+[A-Z]{2,5}$|©|Copyright\b)")


def looks_like_name(text: str) -> bool:
    """Return whether `text` reads as a person's name (and not as the start of a sentence)."""
    words = text.split()
    if not 1 <= len(words) <= MAX_NAME_WORDS:
        return False
    if not words[0][0].isupper():
        return False
    for word in words:
        if not RGX_NAME_WORD.match(word):
            return False
        if word[0].islower() and word.casefold() not in NAME_PARTICLES:
            return False
    return True


def is_chrome(line: str) -> bool:
    """Return whether `line` is part of the web page rather than of what was said."""
    stripped = line.strip()
    return stripped.casefold() in CHROME_LINES or bool(RGX_CHROME.match(stripped))


def match_header(line: str) -> re.Match[str] | None:
    """Return the turn-header match of `line`, or None when it is not `Name (time): ...`."""
    match = RGX_TURN_HEADER.match(line)
    if match is None or not looks_like_name(match["speaker"]):
        return None
    return match


def sniff(text: str) -> int:
    """Return how many of the first lines are turn headers of this format."""
    count = 0
    for line in text[:200_000].split("\n"):
        if "(" in line and match_header(line.strip()):
            count += 1
    return count


def _looks_like_speech(paragraph: str) -> bool:
    """Return whether a header-less paragraph after a turn is more of that turn, not page chrome.

    Pages end transcripts with short link lines ("Powered by"); speech has several words or ends a sentence.
    """
    if is_chrome(paragraph):
        return False
    return len(paragraph.split()) >= 4 or paragraph.rstrip()[-1:] in ".?!…\"'’”"


def _find_title(lines: list[str], first_turn_line: int) -> str | None:
    """Return the talk's title: the line before the page's `Posted ... | Views ...` line."""
    for i in range(min(first_turn_line, len(lines))):
        if RGX_POSTED.match(lines[i].strip()):
            for j in range(i - 1, -1, -1):
                candidate = lines[j].strip()
                if candidate and not is_chrome(candidate):
                    return candidate
            return None
    return None


def parse(text: str, *, path: Path | None = None) -> Transcript:
    """Return the transcript in `text`; raise NotATranscriptError when no turn header is found."""
    lines = text.split("\n")
    turns: list[Turn] = []
    warnings: list[str] = []
    parts: list[str] = []  # text pieces of the turn being read
    in_paragraph = False  # whether the previous line belongs to the current turn's paragraph
    first_turn_line: int | None = None
    previous_start: int | None = None

    def close_turn() -> None:
        if turns:
            turns[-1].text = " ".join(p for p in parts if p)

    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            in_paragraph = False
            continue
        match = match_header(line) if "(" in line else None
        if match is not None:
            close_turn()
            start = clock_to_ms(match["time"])
            if previous_start is not None and start < previous_start:
                warnings.append(
                    f"line {number}: {match['time']} is earlier than the turn before it; kept in file order"
                )
            previous_start = start
            speaker = " ".join(match["speaker"].split())
            turns.append(Turn(index=len(turns), start=start, speaker=speaker, text="", line=number))
            parts = [match["text"].strip()]
            in_paragraph = True
            if first_turn_line is None:
                first_turn_line = number - 1
            continue
        if not turns:
            continue
        if in_paragraph and not is_chrome(line):
            parts.append(line)
        elif (not in_paragraph) and (not parts[-1] or _looks_like_speech(line)):
            parts.append(line)
            in_paragraph = True
        else:
            in_paragraph = False
    close_turn()

    if not turns:
        raise NotATranscriptError("not a transcript: no `Speaker (MM:SS): text` turns found", path=path)
    transcript = Transcript(
        turns=turns,
        format=NAME,
        title=_find_title(lines, first_turn_line or 0),
        source=path,
        warnings=warnings,
    )
    transcript.fill_ends()
    return transcript
