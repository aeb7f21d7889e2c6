"""SubRip: the corpus of real files, the leniencies real files need, the writer, and generated files."""

from __future__ import annotations

import contextlib
import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.cues import Cue
from reader.core.errors import NotATranscriptError, TranscriptError
from reader.core.formats import SIGNATURE, srt
from reader.core.textio import read_text
from reader.core.transcript import Transcript, Turn
from tests.time_limits import LONG_LINE_CPU_S, cpu_limit

CORPUS = Path(__file__).resolve().parents[3].parent / "shared" / "corpus"
# Markup that must never reach a turn's text: tags and ASS override blocks.
RGX_MARKUP = re.compile(r"</?[A-Za-z][^<>]*>|\{\\")


@dataclass(frozen=True)
class Facts:
    """What reading a corpus file by eye says its transcript must be."""

    turns: int
    pieces: int  # timed pieces: turn starts plus anchors, i.e. every cue with text (and inline word time)
    speakers: list[str]
    first: int
    last: int
    warnings: int


SRT_FACTS = {
    # Buzzsprout: `Travis:` only where the speaker changes (10 labels over 222 cues); pauses over 3 s split
    # a speaker's stretch, so 15 turns.
    "podcastindex-example-speaker-colon.srt": Facts(19, 222, ["Travis", "Sarah", "Gilon"], 179, 744_600, 0),
    "pysrt-bom-utf-16-le.srt": Facts(1, 7, [], 6_500, 6_500, 0),
    # 37 cues: tags, {\an} overrides, zero-length cues, 11 overlaps the tester makes on purpose.
    "pysrt-capability-tester.srt": Facts(4, 37, [], 0, 62_501, 11),
    # 7 cues, two of them without text.
    "pysrt-empty-cues.srt": Facts(2, 5, [], 6_500, 31_000, 1),
    "pysrt-no-indexes.srt": Facts(1, 7, [], 6_500, 6_500, 0),
    # 1332 cues from 00:00:01 (an index-0 advert) to 01:37:19.
    "pysrt-windows-1252.srt": Facts(205, 1332, [], 1_000, 5_835_176, 0),
}


def corpus_file(name: str) -> Path:
    """Return the corpus file `name`, skipping the test when the shared corpus is absent."""
    path = CORPUS / "srt" / name
    if not path.exists():
        pytest.skip("the shared corpus is not present")
    return path


def read(name: str) -> Transcript:
    """Return the parsed corpus file `name`."""
    path = corpus_file(name)
    text, _ = read_text(path)
    return srt.parse(text, path=path)


def pieces(transcript: Transcript) -> list[tuple[str | None, int | None, str]]:
    """Return every timed piece of the transcript: (speaker, ms, text between this time and the next)."""
    out = []
    for turn in transcript.turns:
        cuts = [0, *(offset for offset, _ in turn.anchors), len(turn.text)]
        times = [turn.start, *(ms for _, ms in turn.anchors)]
        for k, ms in enumerate(times):
            out.append((turn.speaker, ms, turn.text[cuts[k]:cuts[k + 1]].strip()))
    return out


@pytest.mark.parametrize("name", sorted(SRT_FACTS))
def test_corpus_file_parses_to_what_reading_it_shows(name: str) -> None:
    t = read(name)
    facts = SRT_FACTS[name]
    assert t.format == "srt"
    assert t.title is None
    assert len(t.turns) == facts.turns
    assert len(pieces(t)) == facts.pieces
    assert t.speakers == facts.speakers
    assert (t.turns[0].start, t.turns[-1].start) == (facts.first, facts.last)
    assert len(t.warnings) == facts.warnings, t.warnings
    for turn in t.turns:
        assert not RGX_MARKUP.search(turn.text), turn.text
        assert turn.end is not None and turn.start is not None
        assert [offset for offset, _ in turn.anchors] == sorted({offset for offset, _ in turn.anchors})


def test_corpus_podcast_speakers_hold_until_the_next_label() -> None:
    t = read("podcastindex-example-speaker-colon.srt")
    assert t.speaker_turn_counts() == {"Travis": 12, "Sarah": 2, "Gilon": 5}
    assert t.turns[0].text.startswith("When you first get started in podcasting")
    assert t.turns[2].speaker == "Sarah" and t.turns[2].start == 53_030
    assert t.turns[-1].text.endswith("the next best thing to do is to batch your episodes.")
    assert t.turns[-1].end == 754_769
    assert not any(re.match(r"(Travis|Sarah|Gilon):", turn.text) for turn in t.turns)


def test_corpus_cp1252_french_film_keeps_accents_and_the_index_0_advert() -> None:
    t = read("pysrt-windows-1252.srt")
    assert t.turns[0].text == "Downloaded From www.AllSubs.org"
    assert t.turns[1].text.startswith("CE FILM RELATE DES ÉVÉNEMENTS QUI ONT EXISTÉ.")
    text = " ".join(turn.text for turn in t.turns)
    assert "Règle numéro un: pas touche" in text  # a colon inside speech is not a speaker label
    assert t.speakers == []


def test_corpus_capability_tester_hides_markup_and_keeps_text_that_looks_like_it() -> None:
    t = read("pysrt-capability-tester.srt")
    text = " ".join(turn.text for turn in t.turns)
    assert "This text should be blue" in text
    assert "This text should be at the top and horizontally centered" in text
    assert "middle and horizontally at the left (The second position must be ignored)" in text
    assert "2<3,5>1,4<6" in text  # not tags
    assert "but show this: {normal text}" in text
    assert "The line will never break automatically" in text  # `\h` hard spaces
    assert "This text should NOT be in the normal position" in text  # after `X1:000 ... Y2:100`
    assert "hide invalid html tags with parameters" in text


def test_corpus_empty_cues_are_counted_not_kept() -> None:
    t = read("pysrt-empty-cues.srt")
    assert t.warnings == ["line 13: 2 cues without text skipped (the first here)"]
    assert [p[1] for p in pieces(t)] == [6_500, 11_000, 31_000, 37_000, 43_000]


def test_corpus_files_without_index_lines_read_like_the_numbered_copy() -> None:
    plain = read("pysrt-no-indexes.srt")
    numbered = read("pysrt-bom-utf-16-le.srt")
    assert pieces(plain) == pieces(numbered)
    assert plain.turns[0].text.startswith("About 2 months ago I found myself on the comment section of YouTube")


@pytest.mark.parametrize("name", sorted(SRT_FACTS))
def test_corpus_file_survives_compose_and_parse_with_every_time(name: str) -> None:
    t = read(name)
    again = srt.parse(srt.compose(t.turns))
    assert pieces(again) == pieces(t)


# --- leniencies ---------------------------------------------------------------------------------------


def test_timestamp_variants_real_files_use() -> None:
    text = (
        "1\n00:00:01,000 --> 00:00:02,000\nfull\n\n"
        "2\n00:03.5 --> 00:04.25\nno hours, dots, short fractions\n\n"
        "3\n  0:00:05,7  -->   0:00:06,000  X1:100 X2:200 Y1:050 Y2:100\nspaces and coordinates\n\n"
        "4\n00:00:07 --> 00:00:08\nno fraction\n"
    )
    t = srt.parse(text)
    assert [(p[1], p[2]) for p in pieces(t)] == [
        (1000, "full"), (3005, "no hours, dots, short fractions"), (5007, "spaces and coordinates"),
        (7000, "no fraction"),
    ]
    assert t.turns[-1].end == 8000


def test_fractions_are_milliseconds_as_players_read_them() -> None:
    assert srt.srt_timestamp_to_ms("00:00:01,5") == 1005
    assert srt.srt_timestamp_to_ms("00:00:01,500") == 1500
    assert srt.srt_timestamp_to_ms("01:02,030") == 62_030
    assert srt.srt_timestamp_to_ms("1:00:00.000") == 3_600_000
    assert srt.ms_to_srt_timestamp(3_723_004) == "01:02:03,004"
    with pytest.raises(ValueError):
        srt.srt_timestamp_to_ms("soon")


def test_missing_blank_lines_and_blank_lines_inside_a_cue() -> None:
    text = "1\n00:00:01,000 --> 00:00:02,000\nfirst\n2\n00:00:02,000 --> 00:00:03,000\nsecond\n\nstill second\n\n"
    assert [p[2] for p in pieces(srt.parse(text))] == ["first", "second still second"]


def test_a_malformed_timing_line_skips_its_cue_with_a_warning() -> None:
    text = ("1\n00:00:01,000 --> 00:00:02,000\nkept\n\n2\n00:00:0x,000 --> 00:00:03,000\nskipped\n\n"
            "3\n00:00:04,000 --> 00:00:05,000\nkept too\n")
    t = srt.parse(text)
    assert [p[2] for p in pieces(t)] == ["kept", "kept too"]
    assert t.warnings == ["line 6: '00:00:0x,000 --> 00:00:03,000' is not a timing line "
                          "(`00:00:01,000 --> 00:00:02,000`); its cue is skipped"]


def test_nothing_readable_is_not_a_transcript() -> None:
    with pytest.raises(NotATranscriptError, match="no `00:00:01,000 --> 00:00:02,000` timing line"):
        srt.parse("Just some prose.\nNo times here.\n")
    with pytest.raises(NotATranscriptError) as caught:
        srt.parse("1\n\n2\n00:00:01,000 -> 00:00:02,000 -->\ntext\n")
    assert caught.value.line == 4
    with pytest.raises(NotATranscriptError, match="every cue is empty"):
        srt.parse("1\n00:00:01,000 --> 00:00:02,000\n<i></i>\n\n")


def test_tags_overrides_and_entities() -> None:
    text = ('1\n00:00:01,000 --> 00:00:02,000\n{\\an8}<font color="#ff0000"><b>Tom &amp; Jerry</b></font>\n'
            '<i>say &quot;hi&quot;</i>\\Nbye\n')
    assert srt.parse(text).turns[0].text == 'Tom & Jerry say "hi" bye'


def test_speaker_labels_hold_until_the_next_and_dialogue_stays_text() -> None:
    text = (
        "1\n00:00:01,000 --> 00:00:02,000\nAshlee Kupor (SL): Hello there.\n\n"
        "2\n00:00:02,000 --> 00:00:03,000\nstill Ashlee.\n\n"
        "3\n00:00:03,000 --> 00:00:04,000\nJean-Luc O'Brien: Hi.\n\n"
        "4\n00:00:04,000 --> 00:00:05,000\n- Who, me?\n- Yes: you.\n\n"
        "5\n00:00:05,000 --> 00:00:06,000\n[Narrator] a bracketed note\n\n"
        "6\n00:00:06,000 --> 00:00:07,000\nUrsula von der Leyen: Thanks.\n\n"
    )
    t = srt.parse(text)
    assert [(turn.speaker, turn.text) for turn in t.turns] == [
        ("Ashlee Kupor (SL)", "Hello there. still Ashlee."),
        ("Jean-Luc O'Brien", "Hi. - Who, me? - Yes: you. [Narrator] a bracketed note"),
        ("Ursula von der Leyen", "Thanks."),
    ]


def test_whisperx_bracket_labels() -> None:
    text = ("1\n00:00:01,000 --> 00:00:02,000\n[SPEAKER_00]: Bonjour.\n\n"
            "2\n00:00:02,000 --> 00:00:03,000\n[SPEAKER_01]: 5-5-8.\n")
    assert [(turn.speaker, turn.text) for turn in srt.parse(text).turns] == [
        ("SPEAKER_00", "Bonjour."), ("SPEAKER_01", "5-5-8."),
    ]


def test_a_lone_label_mid_file_is_a_sentence_not_a_speaker() -> None:
    text = ("1\n00:00:01,000 --> 00:00:02,000\nWelcome.\n\n2\n00:00:02,000 --> 00:00:03,000\n"
            "Remember This: it matters.\n\n3\n00:00:03,000 --> 00:00:04,000\nSize: 1%\n")
    t = srt.parse(text)
    assert t.speakers == []
    assert t.turns[0].text == "Welcome. Remember This: it matters. Size: 1%"
    # The same label on the first cue is a monologue's speaker.
    assert srt.parse("1\n00:00:01,000 --> 00:00:02,000\nTravis: Hi.\n").speakers == ["Travis"]
    # Found by Hypothesis: next to other labels, a lone `Name: ` label is a speaker too.
    text = "1\n00:00:01,000 --> 00:00:02,000\n[Ann]: 0\n\n2\n00:00:02,000 --> 00:00:03,000\nAnn Smith: A\n"
    assert srt.parse(text).speakers == ["Ann", "Ann Smith"]


def test_timing_problems_are_warned_with_lines() -> None:
    text = "1\n00:00:05,000 --> 00:00:06,000\na\n\n2\n00:00:01,000 --> 00:00:00,500\nb\n"
    assert srt.parse(text).warnings == [
        "line 6: cue ends before it starts",
        "line 6: cue starts before the previous one; kept in file order",
    ]


def test_sniff() -> None:
    assert srt.sniff("1\n00:00:01,000 --> 00:00:02,000\nHi\n\n2\n00:00:02,000 --> 00:00:03,000\nHo\n") == SIGNATURE + 2
    assert srt.sniff("WEBVTT\n\n00:00:01.000 --> 00:00:02.000\nHi\n") == 0
    assert srt.sniff("Alice (00:01): hello --> there\n") == 0


# --- the writer ---------------------------------------------------------------------------------------


def test_compose_writes_one_cue_per_anchor_and_labels_on_speaker_change() -> None:
    turns = [
        Turn(0, 1000, "Travis", "When you first get started, it's easy.", end=4000, anchors=[(27, 2500)]),
        Turn(1, 4000, "Travis", "Still me.", end=5000),
        Turn(2, 5000, "SPEAKER_01", "5-5-8.", end=6000),
        Turn(3, 6000, "dr who", "a --> b", end=7000),
    ]
    assert srt.compose(turns) == (
        "1\n00:00:01,000 --> 00:00:02,500\nTravis: When you first get started,\n\n"
        "2\n00:00:02,500 --> 00:00:04,000\nit's easy.\n\n"
        "3\n00:00:04,000 --> 00:00:05,000\nStill me.\n\n"
        # Labels that would not read back as `Name: ` are bracketed; an arrow in text would start a cue.
        "4\n00:00:05,000 --> 00:00:06,000\n[SPEAKER_01]: 5-5-8.\n\n"
        "5\n00:00:06,000 --> 00:00:07,000\n[dr who]: a -> b\n\n"
    )
    assert [turn.speaker for turn in srt.parse(srt.compose(turns)).turns] == [
        "Travis", "SPEAKER_01", "dr who"]


def test_compose_fills_missing_times() -> None:
    out = srt.compose([Cue(None, None, "no time at all"), Cue(2000, None, "open end"), Cue(None, None, "last")])
    assert out == ("1\n00:00:00,000 --> 00:00:02,000\nno time at all\n\n"
                   "2\n00:00:02,000 --> 00:00:02,000\nopen end\n\n"
                   "3\n00:00:02,000 --> 00:00:03,000\nlast\n\n")


# --- generated files ----------------------------------------------------------------------------------

# Speaker names in the shapes real files have: capitalised words, particles, a role in parentheses.
NAMES = st.tuples(
    st.sampled_from(["Ann", "Bob", "Travis", "Jean-Luc", "O'Brien", "Émilie", "Dr.", "SARAH"]),
    st.lists(st.sampled_from(["Smith", "Kupor", "von", "der", "Leyen", "(SL)", "(Host)", "Lee"]), max_size=3),
).map(lambda parts: " ".join([parts[0], *parts[1]]))
# Text as people type it, without what SubRip reads as markup (tags, braces, backslashes, entities, so
# also no `-->`) or a colon that could make a word a speaker label.
WORDS = st.text(st.characters(codec="utf-8", categories=["L", "N", "P", "Zs"], exclude_characters="<>{}\\&:"),
                min_size=1, max_size=40).filter(str.strip)


@st.composite
def cue_lists(draw: st.DrawFn) -> list[Cue]:
    """Return cues with rising starts, all with speakers or none."""
    named = draw(st.booleans())
    speakers = draw(st.lists(NAMES, min_size=1, max_size=3)) if named else [None]
    cues = []
    clock = draw(st.integers(0, 10_000_000))
    for _ in range(draw(st.integers(1, 12))):
        clock += draw(st.integers(0, 5000))
        length = draw(st.integers(0, 6000))
        cues.append(Cue(clock, clock + length, draw(WORDS), draw(st.sampled_from(speakers))))
        clock += length
    return cues


@given(cue_lists())
@settings(max_examples=200, deadline=None)
def test_compose_then_parse_gives_the_cues_back(cues: list[Cue]) -> None:
    t = srt.parse(srt.compose(cues))
    assert pieces(t) == [(cue.speaker, cue.start, " ".join(cue.text.split())) for cue in cues]


@given(st.text())
@settings(max_examples=200, deadline=None)
def test_parse_raises_only_transcript_errors(text: str) -> None:
    with contextlib.suppress(TranscriptError):
        srt.parse(text)


@given(st.lists(st.sampled_from(["1", "00:00:01,000", " --> ", "00:02.5", "\n", "\n\n", "Ann: ", "<i>", "hi",
                                 "{\\an8}", "&amp;", "[S]: ", "-->", " X1:1"]), max_size=40).map("".join))
@settings(max_examples=200, deadline=None)
def test_parse_raises_only_transcript_errors_on_near_subrip(text: str) -> None:
    try:
        t = srt.parse(text)
    except TranscriptError:
        return
    assert all(turn.text and turn.start is not None for turn in t.turns)


@pytest.mark.parametrize("line", ["0" * 1_000_000, ":" * 1_000_000, "-->" * 333_333,
                                  "00:00:01,000 --> " + "0" * 1_000_000, " " * 1_000_000 + "-->",
                                  "1\n00:00:01,000 --> 00:00:02,000\n" + "Aa" * 500_000 + ":"])
def test_a_megabyte_line_cannot_make_a_regex_backtrack(line: str) -> None:
    with cpu_limit(LONG_LINE_CPU_S), contextlib.suppress(TranscriptError):
        srt.parse(line)


def test_a_zoom_device_name_with_a_curly_apostrophe_is_a_speaker() -> None:
    # Round 1 credited this participant's 186 cues to the speaker before.
    from reader.core.formats.srt import parse as parse_srt

    text = ("1\n00:00:01,000 --> 00:00:02,000\nAna Lima: Hello.\n\n"
            "2\n00:00:03,000 --> 00:00:04,000\nSaurabh Swaroop’s iPad: Can you hear me?\n")
    t = parse_srt(text)
    assert [(turn.speaker, turn.text) for turn in t.turns] == [
        ("Ana Lima", "Hello."), ("Saurabh Swaroop’s iPad", "Can you hear me?")]
