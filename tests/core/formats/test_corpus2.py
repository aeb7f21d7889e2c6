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
    # How many turns a person counts: speaker changes, or the pauses that part a single voice's paragraphs.
    turns: int | None = None


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
    # Amazon Transcribe jobs on one LibriVox-style recording (tscribe's samples): speaker identification
    # (`speaker_labels.segments` of spk_0-2, times as strings in seconds, punctuation items without times) and the
    # same job without it, parted at its pauses.
    "transcribe-json/tscribe-03-speaker-identification.json": Expected(
        "transcribe-json", ["Speaker 0", "Speaker 1", "Speaker 2"], 490, 141540,
        "She was gone out into the village on some errand when,", "connected with tabbies fractured leg", 141150,
        turns=7),
    "transcribe-json/tscribe-01-plain.json": Expected(
        "transcribe-json", [], 490, 141540, "She was gone out into the village on some errand when,",
        "connected with tabbies fractured leg", 141150, turns=4),
    # An AssemblyAI call-centre result (ids and URL blanked by its publisher): two speakers' utterances with words.
    "assemblyai-json/bbc-rte-assembly_example.json": Expected(
        "assemblyai-json", ["Speaker A", "Speaker B"], 1100, 40160, "Thank you for calling. His name is Erin",
        "Could you please verify the shipping address and the email address on the account?", 39870, turns=3),
    # Deepgram nova-3 with smart_format, recorded by its SDK's tests: `summaries` beside the words, `paragraphs`.
    "deepgram-json/dgsdk-preamble-nova3-summarize.json": Expected(
        "deepgram-json", [], 320, 18575, "We, the people of the United States, in order to form a more perfect union,",
        "to ordain and establish this constitution for the United States of America.", 18075, turns=1),
    "deepgram-json/dgsdk-bueller-nova3.json": Expected(
        "deepgram-json", [], 5520, 17566, "Yep. I said it before and I'll say it again.",
        "You don't stop and look around once in a while, you could miss it.", 17281, turns=1),
    # A LibriVox fable annotated in ELAN 6: a `Story` utterance tier (participant P001) with dependent chunk tiers
    # and a controlled-vocabulary `SectionMarker` tier; the document carries a CC BY 4.0 <LICENSE>.
    "eaf/speach-fables-aesop.eaf": Expected(
        "eaf", ["P001"], 610, 97281, "This is a libriVox recording all libriVox recordings are in the public domain",
        'end of "the Cat and the Mice"', 94226, turns=3),
    # One speaker's utterances in English and Japanese, under a top-level `marker` tier of section labels.
    "eaf/speach-test-marker-tier.eaf": Expected(
        "eaf", ["P001"], 1040, 17485, "How do you read this? このリンゴ、おいしいね！ What does it mean?", "Oh thanks",
        16615, turns=1),
    # Montreal Forced Aligner's test data: two speakers' utterance tiers (a label running over two lines), and an
    # aligner's output in the short format (words and phones tiers).
    "textgrid/mfa-michaelandsickmichael.TextGrid": Expected(
        "textgrid", ["michael", "sickmichael"], 1059, 51457, "this is the acoustic corpus i'm talking pretty fast",
        "and here's a long pause and i think this is probably good alright thanks", 46379, turns=2),
    "textgrid/mfa-acoustic-corpus-short.TextGrid": Expected(
        "textgrid", [], 1050, 25250, "this is the acoustic corpus i'm talking pretty fast",
        "and that should be all thanks", 24950, turns=1),
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
    if expected.turns is not None:
        assert len(turns) == expected.turns, [(turn.start, turn.speaker) for turn in turns]
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


def test_transcribe_speaker_segments_are_the_turns() -> None:
    transcript = parse_file(CORPUS2 / "transcribe-json/tscribe-03-speaker-identification.json")
    assert [(turn.start, turn.end, turn.speaker) for turn in transcript.turns] == [
        (490, 13750, "Speaker 0"), (15090, 32680, "Speaker 1"), (34400, 52700, "Speaker 0"),
        (58040, 78250, "Speaker 2"), (81220, 92150, "Speaker 0"), (94930, 111900, "Speaker 1"),
        (116740, 141540, "Speaker 0")]
    # Punctuation items have no times: they join the word before them, not the next speaker's turn.
    assert transcript.turns[0].text.endswith("Her groans attracted the attention of a passer by.")
    assert transcript.turns[1].text.startswith("It will be well for you if you join,")


def test_assemblyai_turns_follow_the_timed_words() -> None:
    # The file's `text` and the utterance's `text` say "called Product." where its timed words say "called Amazing
    # plus Brilliant Gu." (its publisher edited one and not the other); a turn is made of the words it is timed by.
    transcript = parse_file(CORPUS2 / "assemblyai-json/bbc-rte-assembly_example.json")
    second = transcript.turns[1]
    assert (second.start, second.end, second.speaker) == (13940, 27820, "Speaker B")
    assert second.text == ("Well, my phone number is 123-456-7890. My name is Daren. "
                           "The item is called Amazing plus Brilliant Gu.")


def test_elan_marker_tier_is_not_read_as_speech() -> None:
    transcript = parse_file(CORPUS2 / "eaf/speach-test-marker-tier.eaf")
    assert "convo" not in " ".join(turn.text for turn in transcript.turns)
    assert not transcript.warnings  # the marker tier's spans no longer overlap the speech


def test_textgrid_speaker_tiers_keep_each_utterance_time() -> None:
    transcript = parse_file(CORPUS2 / "textgrid/mfa-michaelandsickmichael.TextGrid")
    michael, sick = transcript.turns
    assert "speech errors but who cares um this is me" in michael.text  # `who` and `cares` are on two lines
    assert [ms for _, ms in michael.anchors] == [8016, 18360]
    assert [ms for _, ms in sick.anchors] == [40204, 44480, 46379]
