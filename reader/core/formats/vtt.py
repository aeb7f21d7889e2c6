"""WebVTT (.vtt) captions: cues read into speaker turns, and turns written back as cues.

Follows the WebVTT parsing rules where they keep text (a cue ends at a blank line; NOTE, STYLE and REGION
blocks are skipped) and is lenient where real files break them. Speakers come from `<v Name>` voices,
Zoom's and Buzzsprout's `Name: ` labels and WhisperX's `[SPEAKER_02]: `. YouTube's rolling auto-captions,
which repeat each line in the next cue, are read with every word once, at its own time.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from pathlib import Path

from reader.core.cues import Cue
from reader.core.errors import NotATranscriptError
from reader.core.formats.common import SIGNATURE, SNIFF_CHARS
from reader.core.formats.subtitle_blocks import (
    MAX_LABEL_CHARS,
    RGX_TIMESTAMP,
    assign_speakers,
    build_transcript,
    fields_to_ms,
    find_timing_lines,
    malformed_warning,
    ms_to_timestamp,
    pieces_of,
    speaker_label,
)
from reader.core.transcript import Transcript, Turn

NAME = "vtt"
LABEL = "WebVTT captions"
EXTENSIONS = (".vtt",)
SUMMARY = "WebVTT: tags stripped, `<v Name>`, Zoom/Teams/WhisperX speakers, YouTube rolling captions"

# The header line; the spec wants nothing before it, but files with blank lines first exist and are
# unambiguous. What follows `WEBVTT ` on the line is free text, usually the title.
RGX_HEADER = re.compile(r"\s*WEBVTT(?:[ \t]+(?P<title>[^\n]*))?(?=\n|$)")
# Inline tags: timestamps (`<00:01.500>`, karaoke and YouTube word times) and spans (`<v Name>`, `<c.cls>`,
# `<i>`, `<ruby>`, `<rt>`, `<lang en>`). A tag starts with a letter or a digit of a timestamp right after
# `<`, so `a < b` stays text. Widths are bounded or stop at `>`, so there is nothing to backtrack into.
RGX_CUE_TAG = re.compile(
    r"<(?:(?P<ts>(?:\d{1,3}:)?\d{1,2}:\d{1,2}[.,]\d{1,3})"
    r"|(?P<close>/)?(?P<tag>[A-Za-z][\w-]*)(?:\.[^\s<>]*)?(?P<annotation>[ \t][^<>\n]*)?)>"
)
# Annotations read, never shown: ruby readings and their fallback parentheses.
HIDDEN_TAGS = frozenset(["rt", "rp"])
# Rolling captions repeat the previous cue's last line as their first; ordinary subtitles almost never do.
# Past this share of repeating cues (among the first ROLLING_SAMPLE) a file is read as rolling captions.
ROLLING_SHARE = 0.3
ROLLING_SAMPLE = 200
# Rolling captions show two or three lines; comparing more would only let a huge cue cost quadratic time.
ROLLING_MAX_LINES = 8
# A written cue gathers a turn's pieces up to about two caption lines; later pieces get inline times.
CUE_CHARS = 84


def vtt_timestamp_to_ms(text: str) -> int:
    """Return the milliseconds of a WebVTT timestamp like `01:02.500`; raise ValueError if it is not one."""
    match = re.fullmatch(RGX_TIMESTAMP, text.strip())
    if match is None:
        raise ValueError(f"not a WebVTT timestamp: {text!r}")
    return fields_to_ms(*match.groups(), decimal=True)


def ms_to_vtt_timestamp(ms: int) -> str:
    """Return `ms` as a WebVTT timestamp, `HH:MM:SS.mmm` (negative times are written as 0)."""
    return ms_to_timestamp(ms, ".")


def sniff(text: str) -> int:
    """Return SIGNATURE plus the number of cue arrows at the head of `text` when it starts with WEBVTT."""

    if RGX_HEADER.match(text, 0, SNIFF_CHARS) is None:
        return 0
    return SIGNATURE + text.count("-->", 0, SNIFF_CHARS)


def _unescape(piece: str) -> str:
    """Return `piece` with HTML entities replaced (WebVTT escapes `&`, `<` and `>` as entities)."""
    return html.unescape(piece) if "&" in piece else piece


def read_cue_text(body: str) -> tuple[str, list[tuple[int, int]], list[tuple[int, str]]]:
    """Return a cue's plain text, its inline times (offset of the word, ms) and its voices (offset, name)."""
    if "<" not in body:
        return _unescape(body), [], []
    parts: list[str] = []
    stamps: list[tuple[int, int]] = []
    voices: list[tuple[int, str]] = []
    length = 0
    position = 0
    hidden = False
    for match in RGX_CUE_TAG.finditer(body):
        if not hidden and match.start() > position:
            piece = _unescape(body[position:match.start()])
            parts.append(piece)
            length += len(piece)
        position = match.end()
        stamp = match["ts"]
        if stamp is not None:
            if not hidden:
                stamps.append((length, vtt_timestamp_to_ms(stamp)))
            continue
        tag = match["tag"].lower()
        if match["close"]:
            if tag in HIDDEN_TAGS or tag == "ruby":
                hidden = False  # `</ruby>` closes an unclosed `<rt>` too
        elif tag in HIDDEN_TAGS:
            hidden = True
        elif tag == "v" and match["annotation"] and match["annotation"].strip():
            voices.append((length, " ".join(_unescape(match["annotation"]).split())))
    if not hidden and position < len(body):
        parts.append(_unescape(body[position:]))
    text = "".join(parts)
    words = []
    for offset, ms in stamps:
        # YouTube puts the time before the space (`<00:01.000><c> word`); the time is the word's.
        while offset < len(text) and text[offset].isspace():
            offset += 1
        if offset < len(text):
            words.append((offset, ms))
    return text, words, voices


def _edge_lines(text: str) -> tuple[str, str, int]:
    """Return the first and last non-blank lines of `text`, whitespace collapsed, and how many there are."""
    lines = [" ".join(line.split()) for line in text.split("\n")]
    lines = [line for line in lines if line]
    return (lines[0], lines[-1], len(lines)) if lines else ("", "", 0)


def is_rolling(texts: list[str]) -> bool:
    """Return whether cues repeat the previous cue's last line as their first (YouTube auto-captions).

    Rolling captions also add a line under the repeated one; without that, repeats are speech ("No." "No.").
    """
    sample = texts[:ROLLING_SAMPLE]
    repeats = rolls = 0
    previous_last = None
    for text in sample:
        first, last, count = _edge_lines(text)
        if first and first == previous_last:
            repeats += 1
            rolls += count > 1
        if last:
            previous_last = last
    return rolls >= 1 and repeats >= 2 and repeats >= ROLLING_SHARE * len(sample)


def drop_repeated_lines(text: str, previous: list[str]) -> tuple[int, list[str]]:
    """Return where the new part of a rolling cue starts in `text` (len(text) if none), and its lines.

    The new part follows the longest run of leading lines that repeats the previous cue's last lines.
    """
    spans = []  # (start offset, collapsed text) of each non-blank line
    offset = 0
    for line in text.split("\n"):
        collapsed = " ".join(line.split())
        if collapsed:
            spans.append((offset, collapsed))
        offset += len(line) + 1
    lines = [collapsed for _, collapsed in spans]
    for k in range(min(len(lines), len(previous), ROLLING_MAX_LINES), 0, -1):
        if lines[:k] == previous[-k:]:
            return (spans[k][0] if k < len(spans) else len(text)), lines
    return 0, lines


def parse(text: str, *, path: Path | None = None) -> Transcript:
    """Return the transcript in WebVTT `text`; raise NotATranscriptError when no cue can be read."""
    warnings: list[str] = []
    header = RGX_HEADER.match(text)
    title = None
    if header is None:
        warnings.append("line 1: no WEBVTT header; read as WebVTT anyway")
    elif header["title"]:
        title = header["title"].strip(" \t-–—:") or None
    lines = text.split("\n")
    arrows, times = find_timing_lines(lines, decimal=True)
    timed: list[Cue] = []  # one per cue with text, as the file times them
    voices_of: list[list[tuple[int, str]] | None] = []
    empty: list[int] = []
    last = len(arrows) - 1
    for k, i in enumerate(arrows):
        timing = times[k]
        if timing is None:
            warnings.append(malformed_warning(lines[i], i + 1, separator="."))
            continue
        # A cue's text ends at the first empty line; what follows (NOTE blocks, the next cue's id) is not
        # text. YouTube sometimes leaves out the empty line, so the next timing line ends a cue too.
        stop = arrows[k + 1] if k < last else len(lines)
        end = i + 1
        while end < stop and lines[end]:
            end += 1
        stop = end
        body = lines[i + 1] if stop == i + 2 else "\n".join(lines[i + 1:stop])
        if "<" in body or "&" in body:
            body, words, voices = read_cue_text(body)
        else:
            words, voices = [], []
        if not body.strip():
            empty.append(i + 1)
            continue
        timed.append(Cue(timing[0], timing[1], body, line=i + 1, words=words))
        voices_of.append(voices or None)
    if not timed and not empty:
        if None in times:
            first = times.index(None)
            raise NotATranscriptError(f"not a WebVTT file: line {arrows[first] + 1} is not a timing line", path=path,
                                      line=arrows[first] + 1)
        raise NotATranscriptError("not a WebVTT file: no `00:00:01.000 --> 00:00:02.000` timing line", path=path)

    source = timed
    if is_rolling([cue.text for cue in timed]):
        source, voices_of = _drop_rolling_repeats(timed, voices_of)
    cues: list[Cue] = []
    labels: list[tuple[str, int, bool] | None] = []
    verdicts: dict[str, bool] = {}
    for cue, voices in zip(source, voices_of, strict=True):
        parts = _split_voices(cue, voices) if voices is not None and len(voices) > 1 else [(cue, voices)]
        for part, part_voices in parts:
            cues.append(part)
            if part_voices:
                labels.append((part_voices[0][1], 0, True))  # `<v Name>` is markup: always a speaker
            else:
                labels.append(speaker_label(part.text, verdicts) if ":" in part.text[:MAX_LABEL_CHARS] else None)
    assign_speakers(cues, labels)
    return build_transcript(cues, warnings, format=NAME, path=path, title=title, empty=empty, timed=timed)


def _drop_rolling_repeats(timed: list[Cue], voices_of: list[list[tuple[int, str]] | None]
                          ) -> tuple[list[Cue], list[list[tuple[int, str]] | None]]:
    """Return the cues of rolling captions with the lines repeated from the cue before cut away."""
    cues: list[Cue] = []
    kept_voices: list[list[tuple[int, str]] | None] = []
    previous: list[str] = []
    for cue, voices in zip(timed, voices_of, strict=True):
        cut, lines = drop_repeated_lines(cue.text, previous)
        previous = lines or previous
        text = cue.text[cut:]
        if not text.strip():
            continue  # a hold cue: all of it was said in the cues before
        cues.append(Cue(cue.start, cue.end, text, line=cue.line,
                        words=[(offset - cut, ms) for offset, ms in cue.words if offset >= cut]))
        kept_voices.append(None if voices is None else [(max(offset - cut, 0), name) for offset, name in voices])
    return cues, kept_voices


def _split_voices(cue: Cue, voices: list[tuple[int, str]]) -> list[tuple[Cue, list[tuple[int, str]]]]:
    """Return a cue holding several voices as one cue per voice, all at the cue's time."""
    bounds = [0, *(offset for offset, _ in voices[1:]), len(cue.text)]
    parts = []
    for k in range(len(bounds) - 1):
        start, end = bounds[k], bounds[k + 1]
        text = cue.text[start:end]
        if text.strip():
            words = [(offset - start, ms) for offset, ms in cue.words if start <= offset < end]
            parts.append((Cue(cue.start, cue.end, text, line=cue.line, words=words), voices[k:k + 1]))
    return parts


def _escape(text: str) -> str:
    """Return `text` safe in a cue: `&`, `<` and `>` as entities (`-->` must never appear in a cue)."""
    if "&" in text or "<" in text or ">" in text:
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return text


def compose(items: Iterable[Turn | Cue]) -> str:
    """Return WebVTT text for turns or cues: `<v Name>` voices, every anchor kept as a cue or inline time.

    A turn's pieces (split at its anchors) are gathered into cues of about two caption lines; each piece
    after a cue's first starts with an inline `<HH:MM:SS.mmm>` time, so no time is lost.
    """
    out = ["WEBVTT\n\n"]
    verdicts: dict[str, bool] = {}
    for speaker, pieces in pieces_of(items):
        voice = f"<v {_escape(speaker)}>" if speaker else ""
        k = 0
        while k < len(pieces):
            first = pieces[k]
            texts = [_escape(" ".join(first.text.split()))]
            size = len(texts[0])
            k += 1
            # Inline times must rise inside a cue; a piece that does not starts a cue of its own. A piece
            # that could read as a `Name: ` label at the start of a cue stays inside this one.
            while (k < len(pieces) and pieces[k].start > pieces[k - 1].start
                   and (size + len(pieces[k].text) < CUE_CHARS
                        or speaker_label(pieces[k].text, verdicts, letters=False))):
                piece = pieces[k]
                texts.append(f"<{ms_to_vtt_timestamp(piece.start)}>{_escape(' '.join(piece.text.split()))}")
                size += len(piece.text) + 1
                k += 1
            end = pieces[k - 1].end
            out.append(f"{ms_to_vtt_timestamp(first.start)} --> {ms_to_vtt_timestamp(end or 0)}\n"
                       f"{voice}{' '.join(texts)}\n\n")
    return "".join(out)
