"""WebVTT: the corpus of real files, YouTube's rolling captions, speakers, the writer, and generated files."""

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
from reader.core.formats import SIGNATURE, srt, vtt
from reader.core.textio import read_text
from reader.core.transcript import Transcript, Turn
from tests.time_limits import LONG_LINE_CPU_S, cpu_limit

CORPUS = Path(__file__).resolve().parents[3].parent / "shared" / "corpus"
# Markup that must never reach a turn's text: tags, inline times and ASS override blocks.
RGX_MARKUP = re.compile(r"</?[A-Za-z][^<>]*>|<\d|\{\\")


@dataclass(frozen=True)
class Facts:
    """What reading a corpus file by eye says its transcript must be."""

    turns: int
    pieces: int  # timed pieces: turn starts plus anchors, i.e. every cue with text and inline word time
    speakers: list[str]
    first: int
    last: int
    warnings: int

VTT_FACTS = {
    # 1346 arrows: 2 malformed (`MALFORMEDCUE -->`, a `#`-commented cue), 1344 cues, 36 inline word times
    # after the first word of their cue; 199 overlaps (identical timings on purpose).
    "node-webvtt-acid-test.vtt": Facts(13, 1380, [], 0, 426_900, 201),
    # The Buzzsprout podcast again, as 2021 WebVTT with BOM and CRLF: the same turns as its SRT.
    "podcastindex-2021-bom-crlf-speaker-colon.vtt": Facts(19, 222, ["Travis", "Sarah", "Gilon"], 179, 744_600, 0),
    "webvttpy-comments-note.vtt": Facts(1, 3, [], 135_000, 135_000, 0),
    # 3 cues with 5 karaoke times inside, one cue without hours.
    "webvttpy-cue-timestamps-short.vtt": Facts(1, 8, [], 16_500, 16_500, 0),
    # 865 cues; `[Alba]` SDH notes stay text (sound notes like `[ríe]` share the form).
    "webvttpy-netflix-chicas-del-cable.vtt": Facts(123, 865, [], 7_960, 3_143_520, 0),
    "webvttpy-style-blocks.vtt": Facts(1, 1, [], 0, 0, 0),
    # 4 rolling cues: 8 words, each once.
    "webvttpy-youtube-dl-autocaptions.vtt": Facts(1, 8, [], 286_070, 286_070, 0),
    # 54 cues in 20 runs of one speaker.
    "whisperx-cli-diarized-bracket-speaker.vtt": Facts(20, 54, ["SPEAKER_02", "SPEAKER_00", "SPEAKER_01"], 6_578,
                                                       188_648, 0),
}


def pieces(transcript: Transcript) -> list[tuple[str | None, int | None, str]]:
    """Return every timed piece of the transcript: (speaker, ms, text between this time and the next)."""
    out = []
    for turn in transcript.turns:
        cuts = [0, *(offset for offset, _ in turn.anchors), len(turn.text)]
        times = [turn.start, *(ms for _, ms in turn.anchors)]
        out.extend((turn.speaker, ms, turn.text[cuts[k]:cuts[k + 1]].strip()) for k, ms in enumerate(times))
    return out


def read(name: str) -> Transcript:
    """Return the parsed corpus file `name`, skipping the test when the shared corpus is absent."""
    path = CORPUS / "vtt" / name
    if not path.exists():
        pytest.skip("the shared corpus is not present")
    text, _ = read_text(path)
    return vtt.parse(text, path=path)


@pytest.mark.parametrize("name", sorted(VTT_FACTS))
def test_corpus_file_parses_to_what_reading_it_shows(name: str) -> None:
    t = read(name)
    facts = VTT_FACTS[name]
    assert t.format == "vtt"
    assert len(t.turns) == facts.turns
    assert len(pieces(t)) == facts.pieces
    assert t.speakers == facts.speakers
    assert (t.turns[0].start, t.turns[-1].start) == (facts.first, facts.last)
    assert len(t.warnings) == facts.warnings, t.warnings[:5]
    for turn in t.turns:
        assert not RGX_MARKUP.search(turn.text), turn.text
        assert "<0" not in turn.text and "&amp;" not in turn.text
        assert [offset for offset, _ in turn.anchors] == sorted({offset for offset, _ in turn.anchors})


def test_corpus_youtube_rolling_captions_give_each_word_once_at_its_time() -> None:
    t = read("webvttpy-youtube-dl-autocaptions.vtt")
    assert [turn.text for turn in t.turns] == ["yeah what this will happen is I'm telling"]
    assert pieces(t) == [
        (None, 286_070, "yeah"), (None, 286_470, "what"), (None, 304_080, "this"), (None, 304_199, "will"),
        (None, 304_379, "happen"), (None, 304_620, "is"), (None, 304_860, "I'm"), (None, 305_069, "telling"),
    ]


def test_corpus_karaoke_times_and_short_timestamps() -> None:
    t = read("webvttpy-cue-timestamps-short.vtt")
    assert t.turns[0].text == "When the moon hits your eye Like a big-a pizza pie That's amore"
    assert [ms for _, ms, _ in pieces(t)] == [16_500, 17_500, 18_500, 19_000, 19_500, 20_000, 20_500, 21_000]


def test_corpus_acid_test_skips_malformed_cues_and_ruby_readings() -> None:
    t = read("node-webvtt-acid-test.vtt")
    assert t.warnings[:2] == [
        "line 62: 'MALFORMEDCUE -->' is not a timing line (`00:00:01.000 --> 00:00:02.000`); its cue is skipped",
        "line 66: '# 00:01:30.000 --> 00:01:40.000' is not a timing line (`00:00:01.000 --> 00:00:02.000`); "
        "its cue is skipped",
    ]
    text = " ".join(turn.text for turn in t.turns)
    assert "It should not be processed" not in text
    assert "Test 4: WebVTT Ruby spans 私たち Test 4:" in text  # the base text, not its reading
    assert "East Asian Characters: だらり帯の結び方" in text  # one prose label mid-file is not a speaker
    assert "Line position: 2%" in text  # `00:02:20.50` is half a second: ordered between .250 and .750
    starts = [ms for _, ms, piece in pieces(t) if piece.startswith("Line position: ")][:4]
    assert starts == [140_000, 140_250, 140_500, 140_750]


def test_corpus_netflix_notes_settings_and_sdh_labels() -> None:
    t = read("webvttpy-netflix-chicas-del-cable.vtt")
    assert t.turns[0].text.startswith("[Alba] En 1928, las mujeres éramos algo así como adornos")
    assert t.turns[-1].text.endswith("Diez años no son suficientes para olvidarte... Alba.")
    assert not any("Segment" in turn.text or "position:" in turn.text for turn in t.turns)


def test_corpus_header_text_notes_and_dialogue_dashes() -> None:
    t = read("webvttpy-comments-note.vtt")
    assert t.title == "Translation of that film I like"
    assert t.turns[0].text == ("- Ta en kopp varmt te. - Det är inte varmt. - Har en kopp te. - Det smakar som te. "
                               "- Ta en kopp")
    assert read("webvttpy-style-blocks.vtt").turns[0].text == "- Hello world."


def test_corpus_podcast_vtt_reads_like_its_srt() -> None:
    t = read("podcastindex-2021-bom-crlf-speaker-colon.vtt")
    srt_path = CORPUS / "srt" / "podcastindex-example-speaker-colon.srt"
    assert pieces(t) == pieces(srt.parse(read_text(srt_path)[0]))


def test_corpus_whisperx_bracket_speakers() -> None:
    t = read("whisperx-cli-diarized-bracket-speaker.vtt")
    assert t.speaker_turn_counts() == {"SPEAKER_02": 8, "SPEAKER_00": 10, "SPEAKER_01": 2}
    assert (t.turns[0].speaker, t.turns[0].text) == ("SPEAKER_02", "Bonjour.")
    assert (t.turns[1].speaker, t.turns[1].text) == ("SPEAKER_00", "Allô? Bonjour, est-ce que je parle à Denise?")
    assert not any("[SPEAKER" in turn.text for turn in t.turns)


@pytest.mark.parametrize("name", sorted(VTT_FACTS))
def test_corpus_file_survives_compose_and_parse_with_every_time(name: str) -> None:
    t = read(name)
    for again in (vtt.parse(vtt.compose(t.turns)), srt.parse(srt.compose(t.turns))):
        if name == "node-webvtt-acid-test.vtt":
            # Subtitle formats cannot tell a speakerless caption that begins like a label (the acid test's
            # `Size: 86%`, once a long turn is cut just before it) from a `Name:` label, which then holds
            # for the next captions: a few words move from the text into speakers. Every time survives.
            assert [ms for _, ms, _ in pieces(again)] == [ms for _, ms, _ in pieces(t)]
        else:
            assert pieces(again) == pieces(t)


# --- leniencies ---------------------------------------------------------------------------------------


def test_header_metadata_ids_settings_and_notes() -> None:
    text = (
        "WEBVTT\nKind: captions\nLanguage: en\n\n"
        "NOTE a note\nspanning lines\n\n"
        "STYLE\n::cue { color: red }\n\n"
        "REGION\nid:fred width:40%\n\n"
        "1b9c8f4e-1234-5678-9abc-def012345678/12-0\n00:00:01.000 --> 00:00:02.000 align:start position:0%\n"
        "<v Dana Scully>Teams GUID id.</v>\n\n"
        "intro\n00:02.000 --> 00:03.000\nText id, no hours.\n\n"
        "NOTE between cues\n\n"
        "3\n00:00:03.000 --> 00:00:04.000\n<c.colorE5E5E5>Class</c> <i>and</i> <b>bold</b> &lt;3\n"
    )
    t = vtt.parse(text)
    assert t.title is None and t.warnings == []
    assert [(turn.speaker, turn.text) for turn in t.turns] == [
        ("Dana Scully", "Teams GUID id. Text id, no hours. Class and bold <3"),
    ]


def test_voices_hold_until_the_next_and_split_a_cue_they_share() -> None:
    text = (
        "WEBVTT\n\n00:01.000 --> 00:02.000\n<v.loud Mary>Hi!\n\n00:02.000 --> 00:03.000\nno voice tag\n\n"
        "00:03.000 --> 00:04.000\n<v Tom &amp; Co>Yes.</v>\n<v Mary>No.</v>\n"
    )
    assert [(turn.speaker, turn.start, turn.text) for turn in vtt.parse(text).turns] == [
        ("Mary", 1000, "Hi! no voice tag"), ("Tom & Co", 3000, "Yes."), ("Mary", 3000, "No."),
    ]


def test_zoom_labels_with_parentheses_and_whisperx_brackets() -> None:
    text = ("WEBVTT\n\n1\n00:00:01.000 --> 00:00:02.000\nAshlee Kupor (SL): Welcome, everyone.\n\n"
            "2\n00:00:02.000 --> 00:00:03.000\nJohn Smith: Thanks.\n\n"
            "3\n00:00:03.000 --> 00:00:04.000\n[SPEAKER_02]: Merci.\n")
    assert [(turn.speaker, turn.text) for turn in vtt.parse(text).turns] == [
        ("Ashlee Kupor (SL)", "Welcome, everyone."), ("John Smith", "Thanks."), ("SPEAKER_02", "Merci."),
    ]


# YouTube's pattern: a cue adds a line of timed words under the previous line (the first cue under a
# line holding one space), then a 10 ms "hold" cue repeats the new line over a line holding one space.
YOUTUBE = "\n".join([
    "WEBVTT", "Kind: captions", "Language: en", "",
    "00:00:00.030 --> 00:00:02.070 align:start position:0%", " ",
    "hi<00:00:00.359><c> everyone</c><00:00:00.750><c> welcome</c>", "",
    "00:00:02.070 --> 00:00:02.080 align:start position:0%", "hi everyone welcome", " ", "",
    "00:00:02.080 --> 00:00:04.550 align:start position:0%", "hi everyone welcome",
    "to<00:00:02.280><c> the</c><00:00:02.600><c> show</c>", "",
    "00:00:04.550 --> 00:00:04.560 align:start position:0%", "to the show", " ", "",
    "00:00:04.560 --> 00:00:07.000 align:start position:0%", "to the show",
    "today<00:00:05.000><c> we</c><00:00:05.500><c> talk</c>", "",
])


def test_youtube_rolling_captions_drop_repeats_and_hold_cues() -> None:
    t = vtt.parse(YOUTUBE)
    assert t.turns[0].text == "hi everyone welcome to the show today we talk"
    assert [(ms, piece) for _, ms, piece in pieces(t)] == [
        (30, "hi"), (359, "everyone"), (750, "welcome"), (2080, "to"), (2280, "the"), (2600, "show"),
        (4560, "today"), (5000, "we"), (5500, "talk"),
    ]
    assert t.warnings == []


def test_repeated_lines_in_ordinary_subtitles_are_kept() -> None:
    # Found by Hypothesis: three equal cues were read as rolling captions and said once.
    text = "WEBVTT\n\n00:01.000 --> 00:02.000\nNo.\n\n00:02.000 --> 00:03.000\nNo.\n\n00:03.000 --> 00:04.000\nNo.\n"
    assert vtt.parse(text).turns[0].text == "No. No. No."


def test_malformed_and_missing_pieces() -> None:
    t = vtt.parse("00:00:01.000 --> 00:00:02.000\nno header\n\nbad --> 00:00:03.000\nskipped\n\n"
                  "00:00:04.000 --> 00:00:05.000\n\n00:00:05.000 --> 00:00:06.000\nkept\n")
    assert [piece for _, _, piece in pieces(t)] == ["no header", "kept"]
    assert t.warnings == [
        "line 1: no WEBVTT header; read as WebVTT anyway",
        "line 4: 'bad --> 00:00:03.000' is not a timing line (`00:00:01.000 --> 00:00:02.000`); its cue is skipped",
        "line 7: 1 cue without text skipped",
    ]
    with pytest.raises(NotATranscriptError, match=r"no `00:00:01\.000 --> 00:00:02\.000` timing line"):
        vtt.parse("WEBVTT\n\nNOTE nothing else\n")
    with pytest.raises(NotATranscriptError) as caught:
        vtt.parse("WEBVTT\n\nMALFORMEDCUE -->\ntext\n")
    assert caught.value.line == 3


def test_timestamps() -> None:
    assert vtt.vtt_timestamp_to_ms("01:02.5") == 62_500  # a decimal fraction, unlike SubRip's
    assert vtt.vtt_timestamp_to_ms("1:00:00.001") == 3_600_001
    assert vtt.ms_to_vtt_timestamp(3_723_004) == "01:02:03.004"
    with pytest.raises(ValueError):
        vtt.vtt_timestamp_to_ms("later")


def test_sniff() -> None:
    assert vtt.sniff("WEBVTT\n\n00:01.000 --> 00:02.000\nHi\n") == SIGNATURE + 1
    assert vtt.sniff("WEBVTT - title\n") == SIGNATURE
    assert vtt.sniff("1\n00:00:01,000 --> 00:00:02,000\nHi\n") == 0
    assert vtt.sniff("WEBVTTX\n") == 0


# --- the writer ---------------------------------------------------------------------------------------


def test_compose_gathers_anchors_into_cues_with_inline_times() -> None:
    turns = [
        Turn(0, 1000, "Tom <&> Co", "Hello there. How are you?", end=3000, anchors=[(6, 1500), (13, 2000)]),
        Turn(1, 3000, "Ann", "Fine.", end=None),
    ]
    assert vtt.compose(turns) == (
        "WEBVTT\n\n"
        "00:00:01.000 --> 00:00:03.000\n"
        "<v Tom &lt;&amp;&gt; Co>Hello <00:00:01.500>there. <00:00:02.000>How are you?\n\n"
        "00:00:03.000 --> 00:00:04.000\n<v Ann>Fine.\n\n"
    )
    again = vtt.parse(vtt.compose(turns))
    first = again.turns[0]
    assert (first.speaker, first.text, first.anchors) == ("Tom <&> Co", "Hello there. How are you?",
                                                          [(6, 1500), (13, 2000)])


def test_compose_never_starts_a_cue_with_text_that_reads_as_a_label() -> None:
    turn = Turn(0, 0, None, "x" * 90 + " Size: 2% and more", end=5000, anchors=[(91, 1000)])
    assert vtt.parse(vtt.compose([turn])).speakers == []


# --- generated files ----------------------------------------------------------------------------------

# Speaker names in the shapes real files have: capitalised words, particles, a role in parentheses.
NAMES = st.tuples(
    st.sampled_from(["Ann", "Bob", "Travis", "Jean-Luc", "O'Brien", "Émilie", "Dr.", "SARAH", "SPEAKER_00"]),
    st.lists(st.sampled_from(["Smith", "Kupor", "von", "der", "Leyen", "(SL)", "(Host)", "Lee"]), max_size=3),
).map(lambda parts: " ".join([parts[0], *parts[1]]))
# Text as people type it, with what WebVTT escapes (`&`, `<`, `>`), without a colon that could make a word a
# speaker label.
WORDS = st.text(st.characters(codec="utf-8", categories=["L", "N", "P", "S", "Zs"], exclude_characters=":"),
                min_size=1, max_size=40).filter(str.strip)


@st.composite
def cue_lists(draw: st.DrawFn) -> list[Cue]:
    """Return cues with rising starts, all with speakers or none, with times for some of their words."""
    named = draw(st.booleans())
    speakers = draw(st.lists(NAMES, min_size=1, max_size=3)) if named else [None]
    cues = []
    clock = draw(st.integers(0, 10_000_000))
    for _ in range(draw(st.integers(1, 8))):
        clock += draw(st.integers(0, 5000))
        text = " ".join(draw(WORDS).split())
        offsets = [match.start() for match in re.finditer(r"(?<= )\S", text)][:draw(st.integers(0, 3))]
        times = []
        for _ in offsets:
            times.append((times[-1] if times else clock) + draw(st.integers(1, 2000)))
        end = (times[-1] if times else clock) + draw(st.integers(0, 3000))
        speaker = draw(st.sampled_from(speakers))
        cues.append(Cue(clock, end, text, speaker, words=list(zip(offsets, times, strict=True))))
        clock = end
    return cues


def cue_pieces(cues: list[Cue]) -> list[tuple[str | None, int | None, str]]:
    """Return the timed pieces the cues hold: their starts and word times, with the text up to the next."""
    out = []
    for cue in cues:
        cuts = [0, *(offset for offset, _ in cue.words), len(cue.text)]
        times = [cue.start, *(ms for _, ms in cue.words)]
        out.extend((cue.speaker, ms, cue.text[cuts[k]:cuts[k + 1]].strip()) for k, ms in enumerate(times))
    return out


@given(cue_lists())
@settings(max_examples=200, deadline=None)
def test_compose_then_parse_gives_the_cues_back(cues: list[Cue]) -> None:
    t = vtt.parse(vtt.compose(cues))
    assert pieces(t) == cue_pieces(cues)


@given(st.text())
@settings(max_examples=200, deadline=None)
def test_parse_raises_only_transcript_errors(text: str) -> None:
    with contextlib.suppress(TranscriptError):
        vtt.parse(text)


@given(st.lists(st.sampled_from(["WEBVTT", "00:00:01.000", " --> ", "00:02.5", "\n", "\n\n", "Ann: ", "<v Bo>",
                                 "<00:00:01.500>", "<c.x>", "</c>", "<ruby>a<rt>b</rt></ruby>", "NOTE ", "&amp;",
                                 "[S]: ", "-->", " align:start", "hi", " "]), max_size=40).map("".join))
@settings(max_examples=200, deadline=None)
def test_parse_raises_only_transcript_errors_on_near_webvtt(text: str) -> None:
    try:
        t = vtt.parse(text)
    except TranscriptError:
        return
    assert all(turn.text and turn.start is not None for turn in t.turns)
    assert all(not re.search(r"<\d|</?[a-z]", turn.text) for turn in t.turns)


@pytest.mark.parametrize("line", ["0" * 1_000_000, ":" * 1_000_000, "-->" * 333_333,
                                  "WEBVTT\n\n00:01.000 --> 00:02.000\n" + "<c." + "a " * 500_000,
                                  "WEBVTT\n\n00:01.000 --> 00:02.000\n" + "<" * 1_000_000,
                                  "WEBVTT\n\n00:01.000 --> 00:02.000\n[" + "A" * 1_000_000 + "]: x"])
def test_a_megabyte_line_cannot_make_a_regex_backtrack(line: str) -> None:
    with cpu_limit(LONG_LINE_CPU_S), contextlib.suppress(TranscriptError):
        vtt.parse(line)
