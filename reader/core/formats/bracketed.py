"""Transcripts with bracketed time markers: `[hh:mm:ss]`, `[mm:ss]`, `{hh:mm:ss}`, `#hh:mm:ss.sss#`, `\\[mm:ss\\]`.

A marker stands before or after a speaker label (`Name:`, `**Name:**`, `**Name**`), or opens a paragraph
on its own. Human transcripts (Changelog) set markers only every few minutes, so:
- a line that opens with a label and/or a marker starts a turn; its start is the marker's time, or None
  when it has none (the file does not say when it began, and the previous marker is minutes earlier);
- a paragraph opened by a marker without a label is the previous speaker going on, as a new turn: the
  file marked the moment that paragraph begins, and a turn start is what following the talk can use;
- a marker inside a paragraph becomes an anchor (offset in the turn's text, ms) and leaves the text; one
  at the very end of a turn (`**Jingle:** [55:54] to [56:12]`) is the turn's end.
Production lines (`**Break:** [26:58]`, `**Jingle:**`, `**Outro:**`) are kept as turns without a speaker
whose text is the label: they mark real stretches of the recording (an ad break is not the previous
speaker's turn), and dropping them would leave the turn before them highlighted through the break.
Bracketed words (`[laughs]`, `[inaudible 00:09:12]`) are text: a marker holds a time and nothing else.
"""

from __future__ import annotations

from pathlib import Path

from reader.core.errors import NotATranscriptError
from reader.core.formats.speaker_names import NON_SPEAKER_LABELS
from reader.core.formats.text_common import (
    LineCounter,
    backwards_warning,
    clean_text,
    find_title,
    is_furniture,
    split_front_matter,
)
from reader.core.formats.time_markers import RGX_MARK, marked_turn_count, stamp_of, turn_starts
from reader.core.timecode import clock_to_ms
from reader.core.transcript import Transcript, Turn

NAME = "bracketed"
LABEL = "Text with bracketed times"
EXTENSIONS = (".txt", ".md", ".docx")
SUMMARY = r"`[00:12:18]`, `[12:18]`, `{...}`, `#...#`, `\[12:18\]` with `Name:` / `**Name:**` labels"

# Words that join a trailing marker to what comes before it (`[55:54] to [56:12]`).
RANGE_WORDS = ("to", "-", "–", "—", "until")


def sniff(text: str) -> int:
    """Return how many lines open a turn, or 0 when no line opens with a time marker."""
    return marked_turn_count(text)


def _piece_text(raw: str, *, whole_last: bool) -> str:
    """Return a stretch of turn text between markers, cleaned, with whole furniture lines dropped."""
    # Only lines wholly inside the stretch can be page furniture; a fragment next to a marker is speech,
    # and so is the rest of the turn's opening line ("**Ana:** Share" says "Share").
    raw = raw.rstrip()  # the newline ending a turn's last line leaves an empty fragment, never furniture
    if "\n" not in raw:
        return clean_text(raw)
    fragments = raw.split("\n")
    last = len(fragments) - 1
    kept = [
        fragment for j, fragment in enumerate(fragments)
        if not ((0 < j < last or (0 < j == last and whole_last)) and is_furniture(fragment))
    ]
    return clean_text(" ".join(kept))


def parse(text: str, *, path: Path | None = None) -> Transcript:
    """Return the transcript in `text`; raise NotATranscriptError when no line opens a turn."""
    meta, body_start = split_front_matter(text)
    starts = turn_starts(text, body_start)
    if not any(s.stamp for s in starts):
        starts = []  # labels without a single time are the named-paragraphs format, not this one
    lines = LineCounter(text)
    turns: list[Turn] = []
    warnings: list[str] = []
    previous_ms: int | None = None

    def check_order(ms: int, offset: int, stamp: str) -> None:
        """Warn when `ms` is earlier than the time before it in the file."""
        nonlocal previous_ms
        if previous_ms is not None and ms < previous_ms:
            warnings.append(backwards_warning(lines.at(offset), stamp))
        previous_ms = ms

    for i, s in enumerate(starts):
        line = lines.at(s.offset)
        body_end = starts[i + 1].offset if i + 1 < len(starts) else len(text)
        start = clock_to_ms(s.stamp) if s.stamp else None  # TIME admits only valid clocks
        if start is not None:
            check_order(start, s.offset, s.stamp or "")
        if s.label is None:  # a marker opening a paragraph: the same voice goes on
            speaker = turns[-1].speaker if turns else None
            parts: list[str] = []
        elif s.label.casefold() in NON_SPEAKER_LABELS:
            speaker, parts = None, [s.label]
        else:
            speaker, parts = s.label, []

        # The text is assembled from the stretches between markers; `length` is len(" ".join(parts)),
        # kept as it grows so a turn with thousands of markers is not rebuilt for each.
        length = len(parts[0]) if parts else 0
        anchors: list[tuple[int, int]] = []
        end: int | None = None
        range_word = ""
        raw = text[s.text_from:body_end]
        # Most turns hold no marker; only those that may are searched.
        marks = RGX_MARK.finditer(raw) if "[" in raw or "{" in raw or "#" in raw else ()
        pos = 0
        for mark in marks:
            piece = _piece_text(raw[pos:mark.start()], whole_last=False)
            if piece:
                length += len(piece) + (1 if parts else 0)
                parts.append(piece)
            range_word = piece if piece.casefold() in RANGE_WORDS else ""
            stamp = stamp_of(mark, "t") or ""
            ms = clock_to_ms(stamp)
            check_order(ms, s.text_from + mark.start(), stamp)
            if not parts:  # no text before it: the turn's start, if the opening line had no marker
                if start is None:
                    start = ms
            elif not anchors or anchors[-1][0] < length + 1:
                anchors.append((length + 1, ms))
            pos = mark.end()
        piece = _piece_text(raw[pos:], whole_last=True)
        if piece:
            length += len(piece) + (1 if parts else 0)
            parts.append(piece)
        if anchors and anchors[-1][0] >= length:  # a marker with no text after it: the turn's end
            _, end = anchors.pop()
            if start is not None and end < start:
                end = None
            if range_word and parts and parts[-1] == range_word:  # `[55:54] to [56:12]`: "to" only joins
                parts.pop()
                # A range after text (`text [02:00] to [03:00]`) anchored its first time on "to"; with "to"
                # gone that anchor would point past the text.
                kept = len(" ".join(parts))
                while anchors and anchors[-1][0] >= kept:
                    anchors.pop()
        turns.append(Turn(index=len(turns), start=start, speaker=speaker, text=" ".join(parts), end=end,
                          line=line, anchors=anchors))

    if not turns:
        raise NotATranscriptError("not a transcript: no lines opening with `[hh:mm:ss]` markers found", path=path)
    title = find_title(meta, text[body_start:starts[0].offset])
    transcript = Transcript(turns=turns, format=NAME, title=title, source=path, warnings=warnings)
    transcript.fill_ends()
    return transcript
