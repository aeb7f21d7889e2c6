"""What every parser of untrusted input must do, checked on one input: shared by Hypothesis and atheris.

A parser given anything returns a transcript that keeps the model's promises, or raises our own
TranscriptError; never another exception, never a hang, never memory out of proportion to the input.
"""

from __future__ import annotations

import contextlib
import functools
import json
import tempfile
import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

from reader.core.errors import TranscriptError
from reader.core.formats import FORMATS, detect, parse_file, parse_text
from reader.core.notes_store import NotesStore
from reader.core.textio import decode_bytes
from reader.core.timecode import clock_to_ms, parse_time_query
from reader.core.transcript import Transcript
from tests.time_limits import Hang, cpu_limit  # one CPU bound for the whole suite, fuzzing included

T = TypeVar("T")

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
SAMPLE = ROOT / "resources" / "sample" / "talk.txt"

# A parse that takes longer than this on a fuzz-sized input (16 kB at most) is a hang: a regex that
# backtracks, a quadratic loop. The limit is on CPU time, so a machine busy with other work does not
# trip it, and it interrupts the parse, so a hang is reported with its stack instead of freezing the run.
CPU_LIMIT_S = 2.0
# Memory a parse may use: a small multiple of the input (a str of 4-byte characters, its lines, the
# turns' text, regex match objects) plus a constant for imports, caches and the JSON decoder's cost.
MEMORY_FACTOR = 50
MEMORY_BASE = 8 * 2**20

# Small files of every format, for when the shared corpus is absent (CI has it: ../shared/corpus/).
INLINE_SEEDS: dict[str, bytes] = {
    "inline.vtt": b"WEBVTT Talk\n\nNOTE a comment\n\n1\n00:00:01.000 --> 00:00:03.500 align:start\n"
                  b"<v Ana Lima>Hello <00:00:02.000><c>there</c> &amp; welcome.\n\n"
                  b"00:04.000 --> 00:06.000\nBen: Thanks, Ana.\n\n",
    "inline.srt": b"1\r\n00:00:01,000 --> 00:00:02,500\r\n<i>Ana:</i> Hi {\\an8}all.\r\n\r\n"
                  b"2\r\n00:00:03,000 --> 00:00:04,000\r\n[SPEAKER_01]: Hello.\r\n\r\n",
    "inline-whisper.json": b'{"text": " Hi.", "segments": [{"id": 0, "start": 0.0, "end": 1.5, "text": " Hi there.",'
                           b' "words": [{"word": " Hi", "start": 0.0, "end": 0.4, "speaker": "SPEAKER_00"},'
                           b' {"word": " there.", "start": 0.5, "end": 1.5, "speaker": "SPEAKER_01"}]}]}',
    "inline-whispercpp.json": b'{"transcription": [{"timestamps": {"from": "00:00:00,000", "to": "00:00:02,000"},'
                              b' "offsets": {"from": 0, "to": 2000}, "text": " Hello", "speaker": "0"}]}',
    "inline-podcast.json": b'{"version": "1.0.0", "segments": [{"speaker": "Ana", "startTime": 0.5,'
                           b' "endTime": 1.25, "body": "Hello"}, {"startTime": 2, "endTime": 3, "body": "again"}]}',
    "inline-event.txt": b"My Talk\nPosted May 1 | 100 Views\n\nAna Lima (00:05): Hello and welcome.\n\n"
                        b"Ben Okafor (01:10): Thank you.\nRead More\n",
    "inline-rev.txt": b"---\ntitle: A talk\n---\nAna Lima (00:00:05):\nHello.\n\n(00:01:51):\nMore.\n\n"
                      b"Speaker 2 (00:02:00):\nYes.\n",
    "inline-otter.txt": b"SPEAKERS\nAna, Ben\n\nAna Lima  0:05  \nHello there.\n\n**Ben**  1:02\nHi.\n\n"
                        b"Transcribed by https://otter.ai\n",
    "inline-bracketed.md": b"# Show 12\n\n**Ana:** [00:00:05] Hello \\[laughs\\] {00:10} more.\n\n"
                           b"[01:00] Going on.\n\n**Break:** [02:00] to [03:00]\n\n#00:03:05.5# Ben: yes\n",
    "inline-bare.txt": b"00:00:06 Ana: Welcome to the show.\n00:00:09 Ben: Thanks.\n0:12\nAna: Again.\n",
    "inline-named.txt": b"Ana: Hello there.\n\nBen: Hi Ana.\n\nAna: How are you?\n\nBen: Fine.\n",
}


class Finding(AssertionError):
    """An input broke a property: the message says which, and what the input was."""


@functools.cache
def seed_files() -> tuple[Path, ...]:
    """Return the real transcript files to mutate: the shared corpus and seed (when present), the sample."""
    found = [SAMPLE]
    corpus, seed = SHARED / "corpus", SHARED / "seed"
    if corpus.is_dir():
        found += sorted(p for p in corpus.rglob("*") if p.is_file() and p.name != "SOURCES.tsv")
    if seed.is_dir():
        found += sorted(seed.glob("*.txt"))
    return tuple(found)


@functools.cache
def seeds() -> dict[str, bytes]:
    """Return every seed's bytes by name: the real files, then the inline samples."""
    out = {path.name: path.read_bytes() for path in seed_files()}
    out.update(INLINE_SEEDS)
    return out


@functools.cache
def seed_texts() -> dict[str, str]:
    """Return every seed decoded, for mutations of the text rather than of the bytes."""
    return {name: decode_bytes(data)[0] for name, data in seeds().items()}


def bounded(call: Callable[[], T], size: int, *, memory: bool = False, limit_s: float = CPU_LIMIT_S) -> T:
    """Return call(), raising Finding when it hangs or (with `memory`) uses memory out of proportion to `size`."""
    if memory:
        tracemalloc.start()
        limit_s *= 4  # tracemalloc makes every allocation several times slower
    try:
        with cpu_limit(limit_s):
            result = call()
        if memory:
            _, peak = tracemalloc.get_traced_memory()
            allowed = MEMORY_FACTOR * size + MEMORY_BASE
            if peak > allowed:
                raise Finding(f"peak memory {peak} bytes for a {size}-byte input (allowed {allowed})")
    except Hang as exc:
        raise Finding(f"hang: {exc}") from exc
    finally:
        if memory:
            tracemalloc.stop()
    return result


def check_transcript(transcript: Transcript, text: str, format: str | None = None) -> None:
    """Raise Finding unless `transcript` keeps the model's promises about `text`."""
    def fail(why: str) -> None:
        raise Finding(f"{transcript.format}: {why}")

    if not isinstance(transcript, Transcript):
        fail(f"parse returned {type(transcript).__name__}, not a Transcript")
    if format is not None and transcript.format != format:
        fail(f"format {transcript.format!r}, parsed as {format!r}")
    if not transcript.turns:
        fail("no turns (an empty transcript must be a NotATranscriptError)")
    if not all(isinstance(w, str) for w in transcript.warnings):
        fail("a warning is not a str")
    if transcript.title is not None and not isinstance(transcript.title, str):
        fail("the title is not a str")
    lines = text.count("\n") + 1
    previous_start = None
    for i, turn in enumerate(transcript.turns):
        where = f"turn {i}"
        if turn.index != i:
            fail(f"{where} has index {turn.index}")
        if not isinstance(turn.text, str):
            fail(f"{where}: text is {type(turn.text).__name__}")
        if turn.speaker is not None and (not isinstance(turn.speaker, str) or not turn.speaker.strip()):
            fail(f"{where}: speaker {turn.speaker!r} is not a name")
        for name in ("start", "end"):
            value = getattr(turn, name)
            if value is not None and (type(value) is not int or value < 0):
                fail(f"{where}: {name} {value!r} is not a time in ms")
        if turn.line is not None and not (type(turn.line) is int and 1 <= turn.line <= lines):
            fail(f"{where}: line {turn.line!r} is not a line of the {lines}-line text")
        # Parsers keep times that go backwards in file order, but must say so.
        if turn.start is not None:
            if previous_start is not None and turn.start < previous_start and not transcript.warnings:
                fail(f"{where} starts before the turn before it, without a warning")
            previous_start = turn.start
            if turn.end is not None and turn.end < turn.start and not transcript.warnings:
                fail(f"{where} ends before it starts, without a warning")
        last = -1
        for anchor in turn.anchors:
            offset, ms = anchor
            if type(offset) is not int or type(ms) is not int or ms < 0:
                fail(f"{where}: anchor {anchor!r} is not (offset, ms)")
            if not last < offset <= len(turn.text):
                fail(f"{where}: anchor offset {offset} out of order or outside the {len(turn.text)}-char text")
            last = offset
    try:
        json.dumps(transcript.to_json_dict(), allow_nan=False)
    except (TypeError, ValueError, OverflowError) as exc:
        fail(f"the JSON output fails: {type(exc).__name__}: {exc}")


def _parse_or_error(call: Callable[[], Transcript], what: str) -> Transcript | None:
    """Return call()'s transcript, None for our own TranscriptError; raise Finding for any other exception."""
    try:
        return call()
    except TranscriptError as exc:
        if not isinstance(str(exc), str) or (exc.line is not None and (type(exc.line) is not int or exc.line < 1)):
            raise Finding(f"{what}: malformed TranscriptError {exc!r}") from exc
        return None
    except (Finding, Hang):
        raise
    except Exception as exc:
        raise Finding(f"{what}: {type(exc).__name__}: {exc}") from exc


def check_text(text: str) -> None:
    """Raise Finding unless detection and every format's own parse() handle `text`."""
    for name, module in FORMATS.items():
        try:
            score = module.sniff(text)
        except Exception as exc:
            raise Finding(f"{name}.sniff: {type(exc).__name__}: {exc}") from exc
        if type(score) is not int or score < 0:
            raise Finding(f"{name}.sniff returned {score!r}")
    try:
        detected = detect(text)
    except Exception as exc:
        raise Finding(f"detect: {type(exc).__name__}: {exc}") from exc
    if detected is not None and detected not in FORMATS:
        raise Finding(f"detect returned {detected!r}")
    transcript = _parse_or_error(lambda: parse_text(text), "parse_text")
    if transcript is not None:
        check_transcript(transcript, text, detected)
    for name, module in FORMATS.items():
        transcript = _parse_or_error(lambda module=module: module.parse(text), f"{name}.parse")
        if transcript is not None:
            check_transcript(transcript, text, name)


def check_bytes(data: bytes) -> None:
    """Raise Finding unless decoding `data` gives text or our error, and the text passes check_text()."""
    try:
        text, encoding = decode_bytes(data)
    except TranscriptError:
        return
    except Exception as exc:
        raise Finding(f"decode_bytes: {type(exc).__name__}: {exc}") from exc
    if not isinstance(text, str) or not isinstance(encoding, str):
        raise Finding(f"decode_bytes returned {type(text).__name__}, {type(encoding).__name__}")
    if "\r" in text:
        raise Finding("decoded text keeps a CR")
    check_text(text)


def check_file(data: bytes, folder: Path) -> None:
    """Raise Finding unless parse_file() on a file holding `data` returns a good transcript or our error."""
    path = folder / "input.txt"
    path.write_bytes(data)
    transcript = _parse_or_error(lambda: parse_file(path), "parse_file")
    if transcript is not None:
        check_transcript(transcript, decode_bytes(data)[0])
        if transcript.source != path or not transcript.encoding:
            raise Finding("parse_file lost the path or the encoding")


def check_notes(data: bytes, folder: Path) -> None:
    """Raise Finding unless loading a notes file holding `data` returns notes, moving an unreadable one aside."""
    path = folder / "talk.txt.notes.json"
    for old in folder.glob("talk.txt.notes.json*"):
        old.unlink()
    path.write_bytes(data)
    store = NotesStore(path)
    try:
        result = store.load()
    except Exception as exc:
        raise Finding(f"NotesStore.load: {type(exc).__name__}: {exc}") from exc
    asides = list(folder.glob("talk.txt.notes.json.corrupt-*"))
    if asides and path.exists():  # some items were bad: the good ones are open, a copy keeps the bad ones
        if path.read_bytes() != data or asides[0].read_bytes() != data or asides[0].name not in "".join(
                result.messages):
            raise Finding("a notes file with bad items was changed, or not copied aside intact, with a message")
    elif asides:
        if asides[0].read_bytes() != data or result.document.items or not result.messages:
            raise Finding("an unreadable notes file was not moved aside intact, with a message")
    elif not path.exists() or path.read_bytes() != data:
        raise Finding("a readable notes file was changed by loading it")


def check_time(text: str) -> None:
    """Raise Finding unless the timecode and Go-to-time parsers give a time or a ValueError."""
    try:
        ms = clock_to_ms(text)
    except ValueError:
        pass
    except Exception as exc:
        raise Finding(f"clock_to_ms: {type(exc).__name__}: {exc}") from exc
    else:
        if type(ms) is not int or ms < 0:
            raise Finding(f"clock_to_ms returned {ms!r}")
    for current, duration in ((0, None), (5_000, 60_000)):
        try:
            ms = parse_time_query(text, current_ms=current, duration_ms=duration)
        except ValueError:
            continue
        except Exception as exc:
            raise Finding(f"parse_time_query: {type(exc).__name__}: {exc}") from exc
        if type(ms) is not int or ms < 0 or (duration is not None and ms > duration):
            raise Finding(f"parse_time_query returned {ms!r}")


def check_input(data: bytes, *, memory: bool = False) -> None:
    """Raise Finding unless every parser handles `data`: as bytes, and its text line by line as times."""
    bounded(lambda: check_bytes(data), len(data), memory=memory)
    head = data[:4096].decode("utf-8", "replace")
    for line in head.split("\n")[:20]:
        bounded(lambda line=line: check_time(line), len(line))


@contextlib.contextmanager
def scratch_folder() -> Iterator[Path]:
    """Yield an empty temporary folder, removed afterwards."""
    with tempfile.TemporaryDirectory(prefix="reader-fuzz-") as name:
        yield Path(name)

