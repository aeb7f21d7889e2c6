"""Tables of timed text: Whisper's `.tsv` (`start`, `end`, `text` in integer milliseconds) and spreadsheets
saved as TSV or CSV with a speaker column (`Start Time,End Time,Speaker,Text`).

The header row names the columns; times are milliseconds, seconds or clock times (`00:01:02.500`). Rows
of one speaker follow each other as one turn (as cues do), each row's start kept as an anchor.
"""

from __future__ import annotations

import csv
import io
import re
from itertools import pairwise
from pathlib import Path

from reader.core.cues import Cue
from reader.core.errors import NotATranscriptError
from reader.core.formats.common import SIGNATURE, SNIFF_CHARS
from reader.core.formats.subtitle_blocks import build_transcript
from reader.core.transcript import Transcript

NAME = "table"
LABEL = "TSV or CSV table"
EXTENSIONS = (".tsv", ".csv")
SUMMARY = "Whisper `.tsv` (`start`, `end`, `text` in ms), spreadsheets with start, end, speaker and text columns"

# Header names, compared case-folded with spaces, dashes and units removed (`Start Time (s)` -> starttime).
START_NAMES = frozenset(["start", "starttime", "begin", "begintime", "from", "in", "timein", "startms",
                         "starts", "startsec", "startseconds", "timestamp", "time", "starttimestamp"])
END_NAMES = frozenset(["end", "endtime", "stop", "stoptime", "to", "out", "timeout", "endms", "ends", "endsec",
                       "endseconds", "endtimestamp"])
TEXT_NAMES = frozenset(["text", "transcript", "transcription", "utterance", "content", "sentence", "caption",
                        "subtitle", "words", "speech", "line", "dialogue"])
SPEAKER_NAMES = frozenset(["speaker", "speakername", "speakerlabel", "name", "who", "participant", "character",
                           "voice", "role"])
RGX_HEADER_NOISE = re.compile(r"[\s_\-.]+|\((?:ms|s|sec|secs|seconds|milliseconds)\)|\[(?:ms|s)\]")
RGX_UNIT = re.compile(r"(?:\(|\[|_|\b)(?P<unit>ms|milliseconds|s|sec|secs|seconds)\)?\]?$", re.IGNORECASE)
RGX_CLOCK = re.compile(r"^(?:(?P<h>\d{1,3}):)?(?P<m>\d{1,2}):(?P<s>\d{1,2})(?:[.,](?P<f>\d{1,3}))?$")
# Spreadsheets in European locales write a decimal comma (and separate cells with semicolons).
RGX_NUMBER = re.compile(r"^\d{1,9}(?:[.,]\d{1,6})?$")
# Cues last seconds: a median row length of 100 or more in whole numbers is milliseconds, not seconds.
MS_MEDIAN_DURATION = 100


def _key(name: str) -> str:
    """Return a header cell as compared with the known names: case-folded, units and separators removed."""
    return RGX_HEADER_NOISE.sub("", name.strip().strip("\ufeff").casefold())


def _columns(header: list[str]) -> dict[str, int] | None:
    """Return the index of the start, end, text and speaker columns, or None without start and text."""
    found: dict[str, int] = {}
    for index, cell in enumerate(header):
        key = _key(cell)
        for role, names in (("start", START_NAMES), ("end", END_NAMES), ("text", TEXT_NAMES),
                            ("speaker", SPEAKER_NAMES)):
            if key in names and role not in found:
                found[role] = index
                break
    return found if "start" in found and "text" in found else None


def _dialect(head: str) -> str | None:
    """Return the delimiter of the header line: tab, comma or semicolon, whichever splits it."""
    first = head.split("\n", 1)[0]
    for delimiter in ("\t", ",", ";"):
        if delimiter in first:
            return delimiter
    return None


def _rows(text: str) -> tuple[list[list[str]], dict[str, int]] | None:
    """Return the table's rows after the header and its columns, or None when it is not a timed table."""
    stripped = text.lstrip("\ufeff\n")
    delimiter = _dialect(stripped)
    if delimiter is None:
        return None
    # Quoted cells (CSV from spreadsheets) may hold the delimiter, quotes and line breaks.
    reader = csv.reader(io.StringIO(stripped), delimiter=delimiter,
                        quoting=csv.QUOTE_NONE if delimiter == "\t" else csv.QUOTE_MINIMAL)
    try:
        header = next(reader)
    except (StopIteration, csv.Error):
        return None
    columns = _columns(header)
    if columns is None:
        return None
    try:
        return list(reader), columns
    except csv.Error:
        return None


def sniff(text: str) -> int:
    """Return SIGNATURE plus the number of rows when `text` is a table with time and text columns, else 0."""
    head = text[:SNIFF_CHARS]
    # The header alone decides; only the first few thousand characters are split into rows.
    found = _rows(head[:4000])
    if found is None:
        return 0
    rows, columns = found
    start = columns["start"]
    timed = sum(1 for row in rows if len(row) > start and _is_time(row[start].strip()))
    return SIGNATURE + timed if timed else 0


def _is_time(cell: str) -> bool:
    """Return whether a cell holds a time: a number or a clock time."""
    return bool(RGX_NUMBER.match(cell) or RGX_CLOCK.match(cell))


def _unit(header_cell: str, values: list[str]) -> str:
    """Return how a time column counts: "clock", "ms" or "s", from the header's unit or the values."""
    if any(":" in value for value in values):
        return "clock"
    unit = RGX_UNIT.search(header_cell.strip())
    if unit:
        return "ms" if unit["unit"].casefold() in ("ms", "milliseconds") else "s"
    if any("." in value or "," in value for value in values):
        return "s"
    return "int"


def _to_ms(value: str, unit: str) -> int | None:
    """Return a cell's time in ms, or None when it is empty or not a time."""
    value = value.strip().replace(",", ".") if unit != "clock" else value.strip()
    if not value:
        return None
    if unit == "clock":
        match = RGX_CLOCK.match(value)
        if match is None:
            return None
        seconds = (int(match["h"] or 0) * 60 + int(match["m"])) * 60 + int(match["s"])
        return seconds * 1000 + (int(match["f"].ljust(3, "0")) if match["f"] else 0)
    if not RGX_NUMBER.match(value.replace(".", ",")):
        return None
    return round(float(value)) if unit == "ms" else round(float(value) * 1000)


def parse(text: str, *, path: Path | None = None) -> Transcript:
    """Return the transcript in the table `text`; raise NotATranscriptError without a timed header."""
    found = _rows(text)
    if found is None:
        raise NotATranscriptError("not a transcript: no header row with start and text columns", path=path)
    rows, columns = found
    header_line = text.lstrip("\ufeff\n").split("\n", 1)[0]
    header = next(csv.reader([header_line], delimiter=_dialect(header_line) or ","))
    units: dict[str, str] = {}
    for role in ("start", "end"):
        if role in columns:
            index = columns[role]
            values = [row[index].strip() for row in rows if len(row) > index and row[index].strip()]
            units[role] = _unit(header[index], values)
    if "int" in units.values():
        # Whole numbers without a unit: Whisper writes milliseconds, a spreadsheet seconds. Rows last (and
        # follow each other by) seconds, so a median step of 100 or more counts milliseconds.
        starts = [int(row[columns["start"]]) for row in rows
                  if len(row) > columns["start"] and row[columns["start"]].strip().isdigit()]
        if "end" in columns:
            steps = [int(row[columns["end"]]) - int(row[columns["start"]]) for row in rows
                     if len(row) > max(columns["start"], columns["end"])
                     and row[columns["start"]].strip().isdigit() and row[columns["end"]].strip().isdigit()]
        else:
            steps = [b - a for a, b in pairwise(starts)]
        steps.sort()
        median = steps[len(steps) // 2] if steps else 0
        guess = "ms" if median >= MS_MEDIAN_DURATION else "s"
        units = {role: guess if unit == "int" else unit for role, unit in units.items()}
    cues: list[Cue] = []
    warnings: list[str] = []
    empty: list[int] = []
    line = 1
    for row in rows:
        line += 1  # a quoted cell with line breaks makes this the row's number, not always its line
        if not any(cell.strip() for cell in row):
            continue
        start = _to_ms(row[columns["start"]], units["start"]) if len(row) > columns["start"] else None
        end = (_to_ms(row[columns["end"]], units["end"])
               if "end" in columns and len(row) > columns["end"] else None)
        body = row[columns["text"]].strip() if len(row) > columns["text"] else ""
        speaker = None
        if "speaker" in columns and len(row) > columns["speaker"]:
            speaker = " ".join(row[columns["speaker"]].split()) or None
        if start is None and row[columns["start"]].strip():
            warnings.append(f"row {line}: {row[columns['start']].strip()!r} is not a time; the row has none")
        if not body:
            empty.append(line)
            continue
        cues.append(Cue(start, end, body, speaker, line=line))
    return build_transcript(cues, warnings, format=NAME, path=path, empty=empty)
