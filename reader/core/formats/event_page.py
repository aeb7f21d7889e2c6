"""Transcripts copied from event web pages: `Speaker Name (MM:SS): text`, one paragraph per turn.

Transcript sites in rev.com's style put the colon first and the time after it: `Donald Trump: (01:24)` with
the speech on the same line or the next, or the time alone on the line after `Name:`; unnamed voices are
`Speaker 2`. The page around the transcript (menus, sign-in links, speaker bios, summaries, "Hungry For
More?" teasers, copyright lines) comes along with the copy; it is dropped, never turned into turns. A page
scraped into one line with literal `\\n` escapes is read as the page it was.
"""

from __future__ import annotations

import re
from pathlib import Path

from reader.core.errors import NotATranscriptError
from reader.core.formats.common import SNIFF_CHARS, named_matches
from reader.core.formats.speaker_names import (
    BIDI_MARKS,
    MAX_NAME_WORDS,
    RGX_NAME_WORD,
    clean_name,
    is_numbered_voice,
    looks_like_name,
)
from reader.core.formats.text_common import backwards_warning, is_chrome, is_trailer, unflatten
from reader.core.timecode import clock_to_ms
from reader.core.transcript import Transcript, Turn

NAME = "event-page"
LABEL = "Event page text"
EXTENSIONS = (".txt", ".md")
SUMMARY = ("pages copied from event and transcript sites: `Speaker Name (12:18): text`, `Name: (12:18)`, "
           "page chrome dropped")

RGX_POSTED = re.compile(r"^Posted\b.*(\||\bViews\b)", re.IGNORECASE)


# Sites that write the title as "... Transcript" above the turns (rev.com and its imitators).
TITLE_SUFFIX = "transcript"
TIME = r"\d{1,3}(?::\d{2}){1,2}"


def match_header(line: str) -> re.Match[str] | None:
    """Return the turn-header match of `line`, or None when it is not `Name (time): ...` or `Name: (time) ...`."""
    match = RGX_HEADER_LINE.match(line)
    if match is None or not _is_name(match["speaker"]):
        return None
    return match


def _is_caseless_name(name: str) -> bool:
    """Return whether `name` is a few words of a script without capitals (Arabic, Hebrew, CJK)."""
    words = name.split()
    return 1 <= len(words) <= MAX_NAME_WORDS and all(
        RGX_NAME_WORD.match(word) and not any(char.isupper() or char.islower() for char in word) for word in words)


def _is_name(name: str) -> bool:
    """Return whether a header's name part is a speaker: a person's name or a numbered voice (`Speaker 2`)."""
    # Not any name with a number: pages say "Room 4 (10:00):" in their programme.
    name = clean_name(name)
    # A script without capitals cannot show a name by them; the time after it is evidence enough here.
    return looks_like_name(name) or is_numbered_voice(name) or _is_caseless_name(name)


# The name part is bounded ({1,80}, no parentheses, colons or newlines) so a long prose line cannot make the
# regex backtrack; whether it really is a name is decided by _is_name(), which is cheaper to read.
# Headers are found across the whole text at once: one regex pass instead of a Python step per line.
# `Name (time):` has its time in group `time`; `Name: (time)` (transcript sites; the time may be on the
# next line) in group `late`, and the speech may start on the line after it.
RGX_HEADER_LINE = re.compile(
    rf"^[ \t{BIDI_MARKS}]*(?P<speaker>[^\W\d_][^():\n]{{0,80}}?)"
    rf"(?:[ \t]+\((?P<time>{TIME})\)[ \t]*:"
    rf"|[ \t]*:[ \t]*(?:\n[ \t]*)?\((?P<late>{TIME})\)(?=[ \t]|$))[ \t]*",
    re.MULTILINE,
)


def _headers(text: str) -> list[re.Match[str]]:
    """Return the turn-header matches in `text`, names checked once per distinct name."""
    return named_matches(RGX_HEADER_LINE, text, _is_name)


def sniff(text: str) -> int:
    """Return how many of the first lines are turn headers of this format, `Name: (time)` ones twice."""
    # `Name: (01:24)` is also a `Name:` label to named_paragraphs, which counts it once; the time after it
    # is the stronger evidence, so a page with a few untimed `Links:` labels besides stays this format's.
    headers = _headers(unflatten(text[:SNIFF_CHARS]))
    return sum(2 if match["late"] else 1 for match in headers)


def _looks_like_speech(paragraph: str) -> bool:
    """Return whether a header-less paragraph after a turn is more of that turn, not page chrome.

    Pages end transcripts with short link lines ("Powered by"); speech has several words or ends a sentence.
    """
    if is_chrome(paragraph):
        return False
    return len(paragraph.split()) >= 4 or paragraph.rstrip()[-1:] in ".?!…\"'’”"


def _find_title(lines: list[str], first_turn_line: int) -> str | None:
    """Return the talk's title: the line before the page's `Posted ... | Views ...` line, else a line
    ending in "Transcript" (transcript sites)."""
    for i in range(min(first_turn_line, len(lines))):
        if RGX_POSTED.match(lines[i].strip()):
            for j in range(i - 1, -1, -1):
                candidate = lines[j].strip()
                if candidate and not is_chrome(candidate):
                    return candidate
            return None
    for line in lines[:first_turn_line]:
        candidate = line.strip()
        if candidate.casefold().endswith(TITLE_SUFFIX) and not is_chrome(candidate) and len(candidate) <= 300:
            return candidate
    return None


def _turn_text(first: str, rest: str) -> str:
    """Return a turn's text: its header line's text plus the paragraphs after it that are speech."""
    first = first.strip()
    if not rest.strip():  # the usual case: one paragraph on the header's own line
        return first
    parts = [first]
    in_paragraph = True  # whether the previous line belongs to the turn's current paragraph
    for raw in rest.split("\n"):
        line = raw.strip()
        if is_trailer(line):  # the page goes on after the transcript: no more speech
            break
        if not line:
            in_paragraph = False
        elif in_paragraph and not is_chrome(line):
            parts.append(line)
        elif not in_paragraph and (not parts[-1] or _looks_like_speech(line)):
            parts.append(line)
            in_paragraph = True
        else:
            in_paragraph = False
    return " ".join(p for p in parts if p)


def parse(text: str, *, path: Path | None = None) -> Transcript:
    """Return the transcript in `text`; raise NotATranscriptError when no turn header is found."""
    unflattened = unflatten(text)
    flat = unflattened is not text  # every turn is on the file's one line
    text = unflattened
    headers = _headers(text)
    turns: list[Turn] = []
    warnings: list[str] = []
    line = 1
    counted_to = 0
    previous_start: int | None = None
    names: dict[str, str] = {}  # a talk has a few speakers and thousands of turns: each name is cleaned once
    for i, match in enumerate(headers):
        line += text.count("\n", counted_to, match.start())
        counted_to = match.start()
        stamp = match["time"] or match["late"]
        try:
            start = clock_to_ms(stamp)
        except ValueError:
            warnings.append(f"line {line}: ({stamp}) is not a time; the line is read as text")
            line_end = text.find("\n", match.start())
            if turns:
                turns[-1].text += " " + text[match.start():line_end if line_end != -1 else len(text)].strip()
            continue
        if previous_start is not None and start < previous_start:
            warnings.append(backwards_warning(line, stamp))
        previous_start = start
        body_end = headers[i + 1].start() if i + 1 < len(headers) else len(text)
        newline = text.find("\n", match.end(), body_end)
        if newline == -1:
            first, rest = text[match.end():body_end], ""
        else:
            first, rest = text[match.end():newline], text[newline + 1:body_end]
        raw_name = match["speaker"]
        speaker = names.get(raw_name)
        if speaker is None:
            speaker = names[raw_name] = clean_name(raw_name)
        turns.append(Turn(index=len(turns), start=start, speaker=speaker, text=_turn_text(first, rest),
                          line=1 if flat else line))

    if not turns:
        raise NotATranscriptError("not a transcript: no `Speaker (MM:SS): text` or `Speaker: (MM:SS)` turns found",
                                  path=path)
    head = text[: headers[0].start()].split("\n")
    transcript = Transcript(turns=turns, format=NAME, title=_find_title(head, len(head)), source=path,
                            warnings=warnings)
    transcript.fill_ends()
    return transcript
