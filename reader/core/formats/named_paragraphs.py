"""Transcripts without times: paragraphs that open with `Name:` (or `**Name:**`); every start is None.

Prose has lines like `Note: ...`, and glossaries and forms are made of `Term: ...` lines, so sniff() only
claims a text whose labels behave like a conversation's (see sniff()). Times are never invented: the turns
are there to read and to annotate; following the recording needs a timed format.
"""

from __future__ import annotations

import re
from pathlib import Path

from reader.core.errors import NotATranscriptError
from reader.core.formats.common import SNIFF_CHARS
from reader.core.formats.speaker_names import BIDI_MARKS, NON_SPEAKER_LABELS, clean_name, is_turn_label
from reader.core.formats.text_common import LineCounter, body_text, find_title, split_front_matter
from reader.core.formats.time_markers import marked_turn_count
from reader.core.transcript import Transcript, Turn

NAME = "named-paragraphs"
LABEL = "Text with speaker names only"
EXTENSIONS = (".txt", ".md")
SUMMARY = "`Name: text` paragraphs without any time (times are then estimated, shown as `~12:18`)"

# Names are bounded ({1,80}, no colons, brackets or newlines) so a prose line cannot make the regex
# backtrack; the colon must be followed by a space or the line's end (`https://` is no label). A bold label
# holds its colon or is followed by one.
RGX_LABEL_LINE = re.compile(
    rf"^[ \t{BIDI_MARKS}]*(?:\*\*(?P<bold>[^*\n:]{{1,80}}?)(?::\*\*|\*\*[ \t]*:)"
    r"|(?P<plain>[^\W\d_][^\n:*()\[\]{}#\\]{0,80}?):(?=[ \t]|$))[ \t]*",
    re.MULTILINE,
)

# What makes labelled lines a conversation rather than prose (each justified in sniff()).
MIN_LABELS = 3
MIN_SPEAKERS = 2
MIN_LABEL_SHARE = 0.25


def _labels(text: str, start: int = 0) -> list[tuple[re.Match[str], str]]:
    """Return the label lines of `text` from `start`, with their names, names checked once each."""
    verdicts: dict[str, bool] = {}
    found = []
    for match in RGX_LABEL_LINE.finditer(text, start):
        name = clean_name(match["bold"] or match["plain"])
        ok = verdicts.get(name)
        if ok is None:
            ok = verdicts[name] = is_turn_label(name)
        if ok:
            found.append((match, name))
    return found


def _paragraph_units(text: str, label_offsets: set[int]) -> int:
    """Return how many paragraphs `text` has, a labelled line counting as one even without a blank before."""
    units = 0
    offset = 0
    previous_blank = True
    for line in text.split("\n"):
        blank = not line.strip()
        if not blank and (previous_blank or offset in label_offsets):
            units += 1
        previous_blank = blank
        offset += len(line) + 1
    return units


def sniff(text: str) -> int:
    """Return the number of labelled paragraphs when they read as a conversation, else 0."""
    sample = text[:SNIFF_CHARS]
    _, start = split_front_matter(sample)
    # "No times at all" is the format: a text with time markers is bracketed's (the same labels, timed).
    if marked_turn_count(sample):
        return 0
    labels = _labels(sample, start)
    counts: dict[str, int] = {}
    for _, name in labels:
        counts[name] = counts.get(name, 0) + 1
    speakers = [name for name in counts if name.casefold() not in NON_SPEAKER_LABELS]
    # - at least 3 labelled paragraphs: one or two `Name:` lines happen in any prose;
    # - at least 2 speakers: a single repeated label is an essay's device ("Update: ..."), and a transcript
    #   worth labelling has two voices;
    # - names repeat (each used about twice on average, and some name at least twice): a glossary or a
    #   form has a new term on every line, a conversation comes back to the same few people;
    # - labelled paragraphs are at least a quarter of the paragraphs: an essay with three "Note:" asides
    #   among thirty paragraphs is not a transcript, while speakers' follow-on paragraphs rarely outnumber
    #   their labelled ones three to one.
    if len(labels) < MIN_LABELS or len(speakers) < MIN_SPEAKERS or max(counts.values()) < 2:
        return 0
    if 2 * len(counts) > len(labels) + 1:
        return 0
    units = _paragraph_units(sample[start:], {match.start() - start for match, _ in labels})
    if len(labels) < MIN_LABEL_SHARE * units:
        return 0
    return len(labels)


def parse(text: str, *, path: Path | None = None) -> Transcript:
    """Return the transcript in `text`; raise NotATranscriptError when no paragraph opens with a label."""
    meta, body_start = split_front_matter(text)
    labels = _labels(text, body_start)
    lines = LineCounter(text)
    turns: list[Turn] = []
    for i, (match, name) in enumerate(labels):
        body_end = labels[i + 1][0].start() if i + 1 < len(labels) else len(text)
        body = body_text(text[match.end():body_end])
        if name.casefold() in NON_SPEAKER_LABELS:  # `**Break:**`: a part of the show, not a voice
            speaker, body = None, f"{name} {body}".rstrip()
        else:
            speaker = name
        turns.append(Turn(index=len(turns), start=None, speaker=speaker, text=body, line=lines.at(match.start())))

    if not turns:
        raise NotATranscriptError("not a transcript: no `Name: text` paragraphs found", path=path)
    title = find_title(meta, text[body_start:labels[0][0].start()])
    return Transcript(turns=turns, format=NAME, title=title, source=path)
