"""Round 2's real files (tests/data/corpus2, sources in its SOURCES.tsv): each is detected by content and read
with the speakers, first and last times and text that reading the file by eye gives."""

from __future__ import annotations

import csv
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest

from reader.core.formats import FORMATS, detect, parse_file
from reader.core.textio import read_text

CORPUS2 = Path(__file__).resolve().parents[2] / "data" / "corpus2"
# Licences that let the files be redistributed with the tests.
PERMISSIVE = ("MIT", "BSD-2-Clause", "BSD-3-Clause", "Apache-2.0", "CC0-1.0", "CC-BY-4.0", "ISC", "W3C")


@dataclass(frozen=True)
class Expected:
    """What a person reading the file sees: format, speakers in order, first start, last end (ms), text ends."""

    format: str
    speakers: list[str]
    first_start: int
    last_end: int | None
    first_text: str
    last_text: str
    # The start of the last timed piece of the file, kept as the last turn's start or an anchor in it.
    last_start: int | None = None


EXPECTED: dict[str, Expected] = {
    # ELAN's demo document: one top-level text tier (399 annotations), word and POS subtiers and a gesture
    # tier coded with a controlled vocabulary, none of which is speech.
    "eaf/pympi-sample-3.0.eaf": Expected(
        "eaf", [], 2000, 1199000, "The quick brown fox 001", "The quick brown fox 399", 1196000),
    "eaf/pympi-sample-2.7.eaf": Expected(
        "eaf", [], 2000, 1199000, "The quick brown fox 001", "The quick brown fox 399", 1196000),
    # One AssemblyAI result with speaker labels, with and without `utterances` (words in ms, speaker `A`).
    "assemblyai-json/dgcaptions-assemblyai_transcription.json": Expected(
        "assemblyai-json", ["Speaker A"], 170, 25140, "Yeah. As much as it's worth celebrating", "today.", 25044),
    "assemblyai-json/dgcaptions-assemblyai_utterances.json": Expected(
        "assemblyai-json", ["Speaker A"], 170, 25140, "Yeah. As much as it's worth celebrating", "today.", 25044),
    # Deepgram nova-2 results: diarized (speakers 0-2, with and without `utterances`) and not.
    "deepgram-json/dgcaptions-dg_speakers.json": Expected(
        "deepgram-json", ["Speaker 0", "Speaker 1", "Speaker 2"], 3040, 163105, "And, Jessica, Christina,", "Copy.",
        162605),
    "deepgram-json/dgcaptions-dg_speakers_no_utterances.json": Expected(
        "deepgram-json", ["Speaker 0", "Speaker 1", "Speaker 2"], 3040, 163105, "And, Jessica, Christina,", "Copy.",
        162605),
    "deepgram-json/dgcaptions-dg_transcription.json": Expected(
        "deepgram-json", [], 80, 25440, "Yeah. As as much as,", "today.", 24940),
    "deepgram-json/dgcaptions-dg_utterances.json": Expected(
        "deepgram-json", [], 80, 25440, "Yeah. As as much as,", "today.", 24940),
    # Rev.ai API output: text and punct elements (spaces written out), one unnamed speaker.
    "revai-json/revai-sdk-transcript.json": Expected(
        "revai-json", ["Speaker 0"], 300, 106330, "Hi, my name's Jack resinger.", "pay off.", 105950),
    # Rev's per-word timestamps JSON: 16 words as text elements with `00:00:01,770` clocks, spaces and the
    # final `.` as untimed text elements, one speaker named in `speakers` and in the monologue.
    "rev-json/rev-node-sdk-per-word-timestamps.json": Expected(
        "rev-json", ["Speaker 1"], 1770, 7660, "This is a test recording to demonstrate",
        "for per word timestamps.", 6590),
    # SSA v4: `Marked=` layers, the Name field (Cher, autre) as speaker, `\n` soft and `\N` hard breaks.
    "ass/astisub-v4.ssa": Expected(
        "ass", ["Cher", "autre"], 99000, 153440, "(deep rumbling)", "(computer playing electronic melody)", 151400),
    # Every line indented by a space, `{\pos(400,570)}` override, a name with a space before it (` NTP`).
    "ass/subsrt-indented.ass": Expected(
        "ass", ["NTP"], 1180, 6850, "Like an Angel with pity on nobody", "The second line in subtitle", 1180),
    # Aegisub output with a BOM and 600 kB of embedded fonts before the one event.
    "ass/pysubs2-aegisub-fonts.ass": Expected("ass", [], 0, 5000, "Test subtitle.", "Test subtitle.", 0),
    "sbv/popcorn-data.sbv": Expected(
        "sbv", [], 2400, 18042, "Senator, we're making our final approach into Coruscant.", "It's a trap!", 15042),
    "sbv/subsrt-sample.sbv": Expected(
        "sbv", ["ALICE", "JOHN"], 599, 21480, "Hi, my name is Alice Miller and this is John Brown",
        "Okay, so we have all the ingredients laid out here", 16700),
    # ttaf1 namespaces, SMPTE frames at 25 fps (`00:02:33:11`), `<tt:br/>`, styled spans; one lone `MAN:`.
    "ttml/astisub-ttaf1-frames.ttml": Expected(
        "ttml", [], 99000, 153440, "(deep rumbling)", "(computer playing electronic melody)", 151400),
    # `<div begin="00:00:22">`: the paragraphs' times count from their div's begin.
    "ttml/popcorn-relative-divs.ttml": Expected(
        "ttml", [], 1120, 52500, "This is a subtitle on a separate target.",
        "This subtitle overrides the 'nonExistentTarget' target with an existing target.", 47000),
    "ttml/pysubs2-example2-clock.ttml": Expected(
        "ttml", [], 1375, 50041, "TOP SAMPLE TEXT", "into the Pacific Ocean.", 45325),
    # openai-whisper's `--output_format tsv`: integer milliseconds, one segment (two transcriptions).
    "table/openai-whisper-jfk.tsv": Expected(
        "table", [], 0, 11000, "And so my fellow Americans, ask not", "ask what you can do for your country.", 0),
    "table/whisper-docker-jfk.tsv": Expected(
        "table", [], 0, 10380, "And so, my fellow Americans, ask not", "ask what you can do for your country.", 0),
    # A forced alignment of a call (same TextGrid, long and short format): phone, word, an empty `mute` and
    # an `Errors` tier; the word tier is read, `sp` pauses and `{OOV}` skipped; words in capitals.
    "textgrid/kgorman-long-format.TextGrid": Expected(
        "textgrid", [], 1361892, 1422232, "RIGHT THEN I'LL", "TWELVE NINETY TILL THREE", 1422092),
    "textgrid/kgorman-short-format.TextGrid": Expected(
        "textgrid", [], 1361892, 1422232, "RIGHT THEN I'LL", "TWELVE NINETY TILL THREE", 1422092),
    # The TTML specification's example: offset times (`0.76s`), `<br/>`, two paragraphs at once.
    "ttml/pysubs2-w3c-example.ttml": Expected(
        "ttml", [], 760, 58700, "It seems a paradox, does it not,", "How truly delightful!", 53500),
}


def test_every_file_is_listed_with_a_permissive_licence_and_an_expectation() -> None:
    with (CORPUS2 / "SOURCES.tsv").open(encoding="utf-8", newline="") as f:
        rows = {row["file"]: row for row in csv.DictReader(f, delimiter="\t")}
    files = sorted(p.relative_to(CORPUS2).as_posix() for p in CORPUS2.rglob("*") if p.is_file()
                   and p.name != "SOURCES.tsv")
    assert sorted(rows) == files
    for name, row in rows.items():
        assert row["licence"].split()[0] in PERMISSIVE, name
        assert len(row["commit"]) == 40 and row["repository"].count("/") == 1, name
    assert sorted(EXPECTED) == files


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_real_file_reads_as_a_person_reads_it(name: str) -> None:
    expected = EXPECTED[name]
    path = CORPUS2 / name
    assert detect(read_text(path)[0]) == expected.format
    transcript = parse_file(path)
    assert transcript.format == expected.format
    assert transcript.speakers == expected.speakers
    turns = transcript.turns
    assert turns[0].start == expected.first_start
    assert turns[-1].end == expected.last_end
    assert turns[0].text.startswith(expected.first_text), turns[0].text[:200]
    assert turns[-1].text.endswith(expected.last_text), turns[-1].text[-200:]
    if expected.last_start is not None:
        last = turns[-1]
        assert expected.last_start in [last.start, *(ms for _, ms in last.anchors)]
    for turn in turns:
        assert turn.text and turn.text == " ".join(turn.text.split()), (turn.index, turn.text[:80])
        assert "<" not in turn.text and "{\\" not in turn.text, (turn.index, turn.text[:80])
    assert not [w for w in transcript.warnings if "not a time" in w or "skipped" in w], transcript.warnings


@pytest.mark.parametrize("name", sorted(EXPECTED)[::2])
def test_a_renamed_file_is_still_read(name: str, tmp_path: Path) -> None:
    renamed = tmp_path / "download.bin"
    shutil.copy(CORPUS2 / name, renamed)
    assert parse_file(renamed).format == EXPECTED[name].format


def test_every_family_is_registered() -> None:
    assert {expected.format for expected in EXPECTED.values()} <= set(FORMATS)
