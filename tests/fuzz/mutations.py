"""Hypothesis strategies that break real transcript files the ways files get broken, and worse."""

from __future__ import annotations

import json
import re
from typing import Any

from hypothesis import strategies as st

from reader.core.notes import NoteItem, NotesDocument, Quote
from reader.core.notes_store import encode
from tests.fuzz.properties import seed_texts, seeds

# What the parsers look for, so mutations hit their branches instead of only their error paths.
TOKENS = [
    "-->", " --> ", "WEBVTT", "WEBVTT - title", "NOTE", "STYLE", "REGION", "\n", "\n\n", ":", "::", ": ", "[", "]",
    "(", ")", "{", "}", "#", "**", "*", "<", ">", "</", "<v ", "<v Ana>", "</v>", "<c.x>", "<rt>", "<ruby>", "&",
    "&amp;", "&#", "&#x1F600;", "&lt;", "\\", "\\[", "\\]", "\\N", "{\\an8}", "{y:i}", "\ufeff", "\r", "\r\n",
    "\x00", "\u2028", "\x85", "\x0c", "\t", " ", "  ", "---", "...", "00:00:00,000", "00:00:00.000", "00:01.5",
    "99:99:99,999", "1:00:00", "999:59:59.999", "9999:59", "0:00", "00:01", "59:60", "-1", "1e309", "NaN",
    "Infinity", "-0", "9" * 40, "٣:٤٥", "１２:３４", "Ana:", "Ana Lima:", "**Ana:**", "**Ana**", "[SPEAKER_00]: ",
    "Speaker 1 (00:00:01):", "(00:01:51):", "Ana Lima (12:30): ", "Ana Lima  0:05", "[00:01]", "{00:01}",
    "#00:01#", "\\[00:01\\]", "(12:30)", "Transcribed by https://otter.ai", "Page 1 of 2", "Posted May 1 | 3 Views",
    "Read More", '"', "null", "[]", "{}", "é", "\U0001F600", "\u0301", "\ud7ff", "x" * 100,
]
# Numbers to put where a file has digits: edges of every field width the parsers accept, and past them.
NUMBERS = ["0", "00", "000", "1", "5", "59", "60", "99", "100", "999", "1000", "9999", "10000", "4294967296",
           "9" * 20, "9" * 400, "٣", "１", "-5", "0.5", "1e3", "1e400"]
RGX_NUMBER = re.compile(r"\d+")
# Keys the JSON formats and the notes file read, so structural mutations reach the code behind them.
JSON_KEYS = ["segments", "transcription", "word_segments", "start", "end", "text", "word", "words", "speaker",
             "offsets", "from", "to", "timestamps", "startTime", "endTime", "body", "title", "metadata", "version",
             "schema_version", "items", "id", "kind", "start_ms", "end_ms", "turn_index", "quote", "exact", "prefix",
             "char_start", "char_end", "color", "label", "note", "tags", "created", "modified", "session",
             "position_ms", "rate", "follow", "deleted", "speaker_names", "transcript", "media", "path", "sha256"]


def notes_seed() -> bytes:
    """Return a real notes file: every kind of item, a session, deletions and speaker names."""
    document = NotesDocument(transcript_path="talk.txt", transcript_sha256="0" * 64, media_path="talk.mp4")
    when = "2024-01-01T00:00:00.000Z"  # fixed ids and times: the same bytes every time
    document.add(NoteItem(id="1" * 32, kind="bookmark", start_ms=1234, label="é <b>", tags=["a", "b"], created=when,
                          modified=when))
    document.add(NoteItem(id="2" * 32, kind="highlight", start_ms=5000, end_ms=9000, turn_index=2, speaker="Ana",
                          quote=Quote("hello", "say ", " there"), char_start=4, char_end=9, color="yellow",
                          note="a note", created=when, modified=when))
    document.deleted["gone"] = "2024-01-01T00:00:00.000Z"
    document.speaker_names["SPEAKER_00"] = "Ana"
    return encode(document)


SEED_NAMES = sorted(seeds())
JSON_SEEDS = {name: json.loads(data) for name, data in {**seeds(), "notes.json": notes_seed()}.items()
              if name.endswith(".json")}


def _window(draw: st.DrawFn, text: str, max_size: int) -> str:
    """Return a stretch of `text` of up to `max_size` characters, starting and ending at line breaks."""
    if len(text) <= max_size:
        return text
    size = draw(st.integers(64, max_size))
    begin = draw(st.integers(0, len(text) - size))
    begin = text.rfind("\n", 0, begin) + 1
    end = text.find("\n", begin + size)
    return text[begin:] if end == -1 else text[begin:end + 1]


def _splice(draw: st.DrawFn, text: str, piece: str) -> str:
    """Return `text` with `piece` written over a drawn stretch of it (possibly an empty one)."""
    begin = draw(st.integers(0, len(text)))
    end = draw(st.integers(begin, min(len(text), begin + 256)))
    return text[:begin] + piece + text[end:]


def _mutate_text(draw: st.DrawFn, text: str) -> str:
    """Return `text` changed once: a token, a number, a line move, a repeat, a cut, or a piece of another file."""
    operation = draw(st.sampled_from(["token", "number", "chars", "shuffle", "swap", "repeat", "delete", "splice",
                                      "truncate"]))
    if operation == "token":
        return _splice(draw, text, draw(st.sampled_from(TOKENS)))
    if operation == "number":
        numbers = list(RGX_NUMBER.finditer(text[:200_000]))
        if not numbers:
            return _splice(draw, text, draw(st.sampled_from(NUMBERS)))
        match = draw(st.sampled_from(numbers))
        return text[:match.start()] + draw(st.sampled_from(NUMBERS) | st.from_regex(r"\d{1,6}", fullmatch=True)) \
            + text[match.end():]
    if operation == "chars":
        return _splice(draw, text, draw(st.text(max_size=12)))
    if operation in ("shuffle", "swap"):
        lines = text.split("\n")
        if operation == "swap":
            i, j = draw(st.integers(0, len(lines) - 1)), draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        else:
            begin = draw(st.integers(0, len(lines) - 1))
            stretch = lines[begin:begin + draw(st.integers(2, 40))]
            draw(st.randoms(use_true_random=False)).shuffle(stretch)
            lines[begin:begin + len(stretch)] = stretch
        return "\n".join(lines)
    if operation == "repeat":
        begin = draw(st.integers(0, len(text)))
        piece = text[begin:begin + draw(st.integers(1, 200))]
        return text[:begin] + piece * draw(st.integers(2, 300)) + text[begin:]
    if operation == "delete":
        begin = draw(st.integers(0, len(text)))
        return text[:begin] + text[begin + draw(st.integers(1, 2000)):]
    if operation == "splice":
        other = seed_texts()[draw(st.sampled_from(SEED_NAMES))]
        return _splice(draw, text, _window(draw, other, 2000))
    return text[:draw(st.integers(0, len(text)))]


@st.composite
def mutated_texts(draw: st.DrawFn, max_size: int = 16_384) -> str:
    """Draw a stretch of a real file, decoded, then changed by one to eight text mutations."""
    text = _window(draw, seed_texts()[draw(st.sampled_from(SEED_NAMES))], max_size)
    for _ in range(draw(st.integers(1, 8))):
        text = _mutate_text(draw, text)
    return text


@st.composite
def mutated_bytes(draw: st.DrawFn, max_size: int = 16_384) -> bytes:
    """Draw a real file's bytes (a stretch of them), then flip, insert, delete, repeat or splice bytes."""
    data = seeds()[draw(st.sampled_from(SEED_NAMES))]
    if len(data) > max_size:
        begin = draw(st.integers(0, len(data) - max_size))
        data = data[begin:begin + draw(st.integers(64, max_size))] if draw(st.booleans()) else data[:max_size]
    for _ in range(draw(st.integers(1, 8))):
        operation = draw(st.sampled_from(["flip", "insert", "token", "delete", "repeat", "splice"]))
        position = draw(st.integers(0, len(data)))
        if operation == "flip" and data:
            position = min(position, len(data) - 1)
            data = data[:position] + bytes([data[position] ^ draw(st.integers(1, 255))]) + data[position + 1:]
        elif operation == "insert":
            data = data[:position] + draw(st.binary(min_size=1, max_size=16)) + data[position:]
        elif operation == "token":
            encoding = draw(st.sampled_from(["utf-8", "utf-16-le", "latin-1"]))
            data = data[:position] + draw(st.sampled_from(TOKENS)).encode(encoding, "replace") + data[position:]
        elif operation == "delete":
            data = data[:position] + data[position + draw(st.integers(1, 512)):]
        elif operation == "repeat":
            data = data[:position] + data[position:position + draw(st.integers(1, 64))] * draw(st.integers(2, 200)) \
                + data[position:]
        else:
            other = seeds()[draw(st.sampled_from(SEED_NAMES))]
            cut = draw(st.integers(0, len(other)))
            data = data[:position] + other[cut:cut + draw(st.integers(1, 4096))]
    return data


# JSON values, numbers at every edge (huge, negative, non-finite) included. Built once: building a recursive
# strategy costs more than drawing from it.
JSON_SCALARS = (st.none() | st.booleans() | st.integers() | st.integers(min_value=10**15, max_value=10**400)
                | st.floats() | st.sampled_from([0, -1, 0.5, 1e308, -1e-300]) | st.text(max_size=20)
                | st.sampled_from(TOKENS) | st.sampled_from(NUMBERS))
JSON_VALUES = st.recursive(JSON_SCALARS, lambda children: st.lists(children, max_size=4)
                           | st.dictionaries(st.sampled_from(JSON_KEYS) | st.text(max_size=6), children, max_size=5),
                           max_leaves=20)


def _replace_at(draw: st.DrawFn, value: Any, depth: int = 0) -> Any:
    """Return `value` with one drawn place in it (itself included) holding a new drawn value."""
    if depth > 6 or not isinstance(value, (dict, list)) or not value or draw(st.integers(0, 3)) == 0:
        return draw(JSON_VALUES)
    if isinstance(value, list):
        i = draw(st.integers(0, len(value) - 1))
        return [*value[:i], _replace_at(draw, value[i], depth + 1), *value[i + 1:]]
    key = draw(st.sampled_from(sorted(value)) | st.sampled_from(JSON_KEYS))
    return {**value, key: _replace_at(draw, value.get(key), depth + 1)}


@st.composite
def mutated_json(draw: st.DrawFn) -> bytes:
    """Draw a real JSON transcript or notes file with one to four values replaced, as bytes."""
    value = JSON_SEEDS[draw(st.sampled_from(sorted(JSON_SEEDS)))]
    for _ in range(draw(st.integers(1, 4))):
        value = _replace_at(draw, value)
    return json.dumps(value, ensure_ascii=draw(st.booleans())).encode("utf-8")


@st.composite
def token_soup(draw: st.DrawFn) -> str:
    """Draw text made of the parsers' own tokens and a little noise: it reaches their inner branches."""
    parts = draw(st.lists(st.sampled_from(TOKENS) | st.sampled_from(NUMBERS) | st.text(max_size=6), max_size=80))
    return "".join(parts)


@st.composite
def time_queries(draw: st.DrawFn) -> str:
    """Draw something a user might type into Go to time, or a timecode field, and worse."""
    pieces = st.sampled_from(["+", "-", "−", ":", ".", ",", " ", "h", "m", "min", "s", "H", "M", "\n", "\t"]) \
        | st.sampled_from(NUMBERS) | st.from_regex(r"\d{1,5}", fullmatch=True) | st.text(max_size=3)
    return "".join(draw(st.lists(pieces, max_size=12)))
