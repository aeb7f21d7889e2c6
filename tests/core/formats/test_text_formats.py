"""Line-based text formats (Rev, Otter, bracketed markers, bare times, named paragraphs): corpus and traps."""

from __future__ import annotations

import contextlib
import functools
import random
import re
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.errors import NotATranscriptError, TranscriptError
from reader.core.formats import bare_time, bracketed, detect, event_page, named_paragraphs, otter, parse_text, rev
from reader.core.textio import read_text
from reader.core.transcript import Transcript
from tests.time_limits import LONG_LINE_CPU_S, cpu_limit

CORPUS = Path(__file__).resolve().parents[3].parent / "shared" / "corpus"
SEED = CORPUS.parent / "seed" / "000_e1fe65cacb754d70.txt"
TEXT_FORMATS = (rev, otter, bracketed, bare_time, named_paragraphs)
ALL_FORMATS = (event_page, *TEXT_FORMATS)
MARKUP = ("**", "\\[", "\\]", "&#39;", "&quot;", "&amp;")


def corpus_file(relative: str) -> Path:
    """Return a shared corpus file, skipping the test when the corpus is absent."""
    path = CORPUS / relative
    if not path.exists():
        pytest.skip(f"the shared corpus file {relative} is not present")
    return path


def parse_corpus(module: ModuleType, relative: str) -> Transcript:
    """Return the corpus file read with read_text() and parsed by `module`."""
    path = corpus_file(relative)
    text, _ = read_text(path)
    return module.parse(text, path=path)


def assert_well_formed(t: Transcript) -> None:
    """Assert indices, lines, texts and anchors are what every parser promises."""
    for i, turn in enumerate(t.turns):
        assert turn.index == i
        assert turn.line is not None and turn.line >= 1
        assert turn.text == " ".join(turn.text.split())
        assert not any(mark in turn.text for mark in MARKUP), (i, turn.text[:80])
        offsets = [offset for offset, _ in turn.anchors]
        assert offsets == sorted(set(offsets))
        assert all(0 < offset < len(turn.text) for offset in offsets)
    lines = [turn.line for turn in t.turns]
    assert lines == sorted(lines)


# ---- Rev -----------------------------------------------------------------------------------------------

REV = """\
---
title: "Ada &amp; Charles: a Conversation"
date: 2021-03-04
Speaker: Not A Turn (00:00:09):
---

Ada Lovelace (00:00:01):
Hello and welcome. We&#39;re live.

Charles Babbage (00:00:05):
Thanks for having me.
It's great to be here [laughs].

(00:01:51):
Still Charles, after a pause [inaudible 00:01:52].

Speaker 1 (01:02:03):
A numbered speaker.

Ada Lovelace (01:00:00):
This time goes backwards.

This transcript was exported on Mar 4, 2021 - view latest version here.
"""

REV_DOT_COM = """\
Interview with Ada (Completed 03/04/21)
Transcript by Rev.com

Page 1 of 2

Speaker 1 (00:05):
Hello.

Speaker 2 (00:09):
Hi there, as I said (12:18): nothing lasts.

Page 2 of 2

Speaker 1 (01:15):
Bye.
"""


def test_rev_headers_paragraphs_and_front_matter() -> None:
    t = rev.parse(REV)
    assert t.format == "rev"
    assert t.title == "Ada & Charles: a Conversation"
    assert [(x.speaker, x.start, x.line) for x in t.turns] == [
        ("Ada Lovelace", 1_000, 7),
        ("Charles Babbage", 5_000, 10),
        ("Charles Babbage", 111_000, 14),  # the speakerless header goes on with the same voice
        ("Speaker 1", 3_723_000, 17),
        ("Ada Lovelace", 3_600_000, 20),
    ]
    assert t.turns[0].text == "Hello and welcome. We're live."
    assert t.turns[1].text == "Thanks for having me. It's great to be here [laughs]."
    assert t.turns[2].text == "Still Charles, after a pause [inaudible 00:01:52]."
    assert t.turns[4].text == "This time goes backwards."  # the exporter's footer is dropped
    assert t.warnings == ["line 20: 01:00:00 is earlier than the turn before it; kept in file order"]
    assert t.turns[0].end == 5_000 and t.turns[-1].end is None
    assert_well_formed(t)


def test_rev_dot_com_export_mm_ss_and_page_furniture() -> None:
    t = rev.parse(REV_DOT_COM)
    assert t.title == "Interview with Ada"
    assert [(x.speaker, x.start) for x in t.turns] == [("Speaker 1", 5_000), ("Speaker 2", 9_000),
                                                        ("Speaker 1", 75_000)]
    assert t.turns[1].text == "Hi there, as I said (12:18): nothing lasts."
    assert t.turns[2].text == "Bye."
    assert t.speakers == ["Speaker 1", "Speaker 2"]


def test_rev_prose_with_parenthesised_time_is_no_header() -> None:
    with pytest.raises(NotATranscriptError):
        rev.parse("As I said (12:18):\nnothing lasts.\n\nthe speaker (00:05):\nlower case.\n")


def test_rev_needs_a_named_header() -> None:
    assert rev.sniff("Lunch was at\n(12:30)\nand then we left.\n") == 0


def test_rev_impossible_time_is_read_as_text() -> None:
    t = rev.parse("Ana Lee (00:05):\none\n\nAna Lee (1:75:00):\ntwo\n")
    assert [x.text for x in t.turns] == ["one Ana Lee (1:75:00): two"]
    assert t.warnings == ["line 4: (1:75:00) is not a time; the line is read as text"]


def test_rev_scores_above_event_page_and_the_seed_the_other_way() -> None:
    # event_page's pattern matches a Rev header too (one line per turn); Rev counts header and paragraph.
    assert rev.sniff(REV) > event_page.sniff(REV) > 0
    assert rev.sniff(REV_DOT_COM) > event_page.sniff(REV_DOT_COM)
    if not SEED.exists():
        pytest.skip("the shared seed transcript is not present")
    seed, _ = read_text(SEED)
    assert event_page.sniff(seed) > rev.sniff(seed)
    assert rev.sniff(seed) == 0


# ---- Otter ---------------------------------------------------------------------------------------------

OTTER = """\
SUMMARY KEYWORDS
security, web, podcast

SPEAKERS
Emma, Unknown Speaker

Emma  0:00\x20\x20
Welcome to the show. We&#39;re talking about security.

Unknown Speaker  0:05
I'm here [laughs]

Speaker 2 1:02:03
One space between name and time, an hour in.

**Kelly**  0:07\x20\x20
Bold name, and earlier than the turn before.
Two lines of it.

We met at 10:30
and this is still Kelly.

Transcribed by https://otter.ai
"""


def test_otter_headers_spacing_bold_and_footer() -> None:
    t = otter.parse(OTTER)
    assert t.format == "otter"
    assert [(x.speaker, x.start, x.line) for x in t.turns] == [
        ("Emma", 0, 7),
        ("Unknown Speaker", 5_000, 10),
        ("Speaker 2", 3_723_000, 13),
        ("Kelly", 7_000, 16),
    ]
    assert t.turns[0].text == "Welcome to the show. We're talking about security."
    assert t.turns[1].text == "I'm here [laughs]"
    assert t.turns[3].text == ("Bold name, and earlier than the turn before. Two lines of it. "
                               "We met at 10:30 and this is still Kelly.")
    assert t.warnings == ["line 16: 0:07 is earlier than the turn before it; kept in file order"]
    assert t.title is None
    assert_well_formed(t)


def test_otter_prose_is_not_a_transcript() -> None:
    assert otter.sniff("we met at 10:30\nthe meeting ran until 11:45\n") == 0
    with pytest.raises(NotATranscriptError):
        otter.parse("we met at 10:30\nthe meeting ran until 11:45\n")


# ---- Bracketed markers ---------------------------------------------------------------------------------

LADYBUG_STYLE = """\
**Ali** [00:00:00] Today we&#39;re going to talk about &quot;tech&quot;.

**Kelly** [00:00:30] Welcome to the ladybug podcast.

**Ali** [00:00:33] I&#39;m Ali.
"""

CHANGELOG_STYLE = """\
**Mat Ryer:** Hello there, and welcome to Go Time.

**Carolyn Van Slyck:** Hi! Nice to be here.

**Mat Ryer:** \\[laughs\\]

**Johnny Boursiquot:** \\[04:10\\] Yeah, I can see them, too.

**Carolyn Van Slyck:** Some people \\[unintelligible 00:05:33.21\\] her entire house is a jungle.

A second paragraph of Carolyn's, no marker.

\\[08:03\\] So what Porter is is a container.

**Break:** \\[26:58\\]

**Mat Ryer:** Back from the break, and then \\[27:30\\] a marker mid-paragraph.

**Jingle:** \\[55:54\\] to \\[56:12\\]

**Johnny Boursiquot:** \\[01:00:18.13\\] After the hour.
"""

DESCRIPT_STYLE = """\
# Episode 12: Markers Everywhere

[00:00:05] Speaker 1: Hello from Descript.
[0:01:02.50] Ana Lee: Hundredths of a second.
{00:01:10} Ana Lee: Curly braces.
#00:01:20.250# Speaker 1: Hash marks with milliseconds.
Ana Lee: [01:30] Marker after a plain label.
[laughs] is not a marker, nor is [inaudible 00:09:12].
[01:25] Speakerless marker line going backwards.
[01:40] **Bo Ek** A bold name after a marker needs no colon.
"""

MARKERS_ONLY = """\
[00:05] Hello, nobody is named here.
[00:09] Second line.
[1:02:03] An hour in.
"""


def test_bracketed_bold_label_then_marker_and_entities() -> None:
    t = bracketed.parse(LADYBUG_STYLE)
    assert [(x.speaker, x.start, x.line) for x in t.turns] == [("Ali", 0, 1), ("Kelly", 30_000, 3),
                                                                 ("Ali", 33_000, 5)]
    assert t.turns[0].text == "Today we're going to talk about \"tech\"."
    assert t.turns[2].text == "I'm Ali."
    assert_well_formed(t)


def test_bracketed_sparse_escaped_markers_paragraphs_anchors_and_breaks() -> None:
    t = bracketed.parse(CHANGELOG_STYLE)
    assert [(x.speaker, x.start, x.line) for x in t.turns] == [
        ("Mat Ryer", None, 1),
        ("Carolyn Van Slyck", None, 3),
        ("Mat Ryer", None, 5),
        ("Johnny Boursiquot", 250_000, 7),
        ("Carolyn Van Slyck", None, 9),
        ("Carolyn Van Slyck", 483_000, 13),  # a marker opening a paragraph: same voice, new turn
        (None, 1_618_000, 15),  # **Break:** is a part of the show, not a speaker
        ("Mat Ryer", None, 17),
        (None, 3_354_000, 19),
        ("Johnny Boursiquot", 3_618_130, 21),
    ]
    assert t.turns[2].text == "[laughs]"
    assert t.turns[4].text == ("Some people [unintelligible 00:05:33.21] her entire house is a jungle. "
                               "A second paragraph of Carolyn's, no marker.")
    assert t.turns[5].text == "So what Porter is is a container."
    assert t.turns[6].text == "Break"
    mid = t.turns[7]
    assert mid.text == "Back from the break, and then a marker mid-paragraph."
    assert mid.anchors == [(mid.text.index("a marker"), 1_650_000)]
    jingle = t.turns[8]
    assert (jingle.text, jingle.start, jingle.end) == ("Jingle", 3_354_000, 3_372_000)
    assert t.speakers == ["Mat Ryer", "Carolyn Van Slyck", "Johnny Boursiquot"]
    assert t.warnings == []
    assert_well_formed(t)


def test_bracketed_marker_shapes_before_and_after_labels() -> None:
    t = bracketed.parse(DESCRIPT_STYLE)
    assert t.title == "Episode 12: Markers Everywhere"
    assert [(x.speaker, x.start, x.line) for x in t.turns] == [
        ("Speaker 1", 5_000, 3),
        ("Ana Lee", 62_500, 4),
        ("Ana Lee", 70_000, 5),
        ("Speaker 1", 80_250, 6),
        ("Ana Lee", 90_000, 7),
        ("Ana Lee", 85_000, 9),
        ("Bo Ek", 100_000, 10),
    ]
    assert t.turns[4].text == "Marker after a plain label. [laughs] is not a marker, nor is [inaudible 00:09:12]."
    assert t.turns[5].text == "Speakerless marker line going backwards."
    assert t.turns[6].text == "A bold name after a marker needs no colon."
    assert t.warnings == ["line 9: 01:25 is earlier than the turn before it; kept in file order"]
    assert_well_formed(t)


def test_bracketed_marker_lines_without_speakers() -> None:
    t = bracketed.parse(MARKERS_ONLY)
    assert [(x.speaker, x.start, x.text) for x in t.turns] == [
        (None, 5_000, "Hello, nobody is named here."), (None, 9_000, "Second line."),
        (None, 3_723_000, "An hour in."),
    ]


def test_bracketed_range_after_text_leaves_no_anchor_past_the_text() -> None:
    # Found by fuzzing: the range's first time was anchored on "to", which is then dropped.
    t = bracketed.parse("**Ana:** [00:01] Hello there [02:00] to [03:00]\n")
    assert [(x.text, x.start, x.end, x.anchors) for x in t.turns] == [("Hello there", 1_000, 180_000, [])]
    t = bracketed.parse("**Ana:** [00:01] Hello [00:30] there [02:00] to [03:00]\n")
    assert [(x.text, x.anchors) for x in t.turns] == [("Hello there", [(6, 30_000)])]


def test_bracketed_needs_a_marker() -> None:
    assert bracketed.sniff("**Ana:** hi\n\n**Bob:** hello\n\n**Ana:** bye\n") == 0
    with pytest.raises(NotATranscriptError):
        bracketed.parse("**Ana:** hi\n\n**Bob:** hello [laughs]\n\n[inaudible 00:09:12]\n")


def test_a_long_transcribed_by_line_is_read_in_linear_time() -> None:
    # Found by the regex audit: the footer pattern `[\w-]+(?:\.[\w-]+)+\S*$` backtracked quadratically on a
    # line of dotted words followed by more text (15,000 dots took 20 s; 200 kB lines took minutes).
    line = "Transcribed by a" + ".a" * 15_000 + " and more"
    with cpu_limit(1):
        t = rev.parse(f"Ana Lima (00:00:05):\nHello.\n{line}\nTranscribed by https://otter.ai\n")
    assert t.turns[0].text == f"Hello. {line}"


# ---- Bare times ----------------------------------------------------------------------------------------

TALK_PYTHON_STYLE = """\
00:00:00 Have you been considering launching a product?

00:00:06 We have a great guest &amp; friend.

01:06:05 Thank you.
"""

YOUTUBE_STYLE = """\
Transcript
0:00
intro text
0:05
more text
1:02:03
an hour in
"""

LABELLED_TIMES = """\
00:01 Michael: Welcome.
00:05 Dylan: Thanks.
00:09 Michael: Look: one more thing.
00:07 Dylan: Backwards.
"""


def test_bare_time_prefixed_lines() -> None:
    t = bare_time.parse(TALK_PYTHON_STYLE)
    assert t.format == "bare-time"
    assert [(x.speaker, x.start, x.line, x.text) for x in t.turns] == [
        (None, 0, 1, "Have you been considering launching a product?"),
        (None, 6_000, 3, "We have a great guest & friend."),
        (None, 3_965_000, 5, "Thank you."),
    ]
    assert t.turns[0].end == 6_000
    assert_well_formed(t)


def test_bare_time_alone_on_its_line() -> None:
    t = bare_time.parse(YOUTUBE_STYLE)
    assert [(x.start, x.line, x.text) for x in t.turns] == [(0, 2, "intro text"), (5_000, 4, "more text"),
                                                             (3_723_000, 6, "an hour in")]


def test_bare_time_repeated_labels_are_speakers() -> None:
    t = bare_time.parse(LABELLED_TIMES)
    assert [(x.speaker, x.text) for x in t.turns] == [
        ("Michael", "Welcome."), ("Dylan", "Thanks."), ("Michael", "Look: one more thing."), ("Dylan", "Backwards."),
    ]
    assert t.warnings == ["line 4: 00:07 is earlier than the turn before it; kept in file order"]
    single = bare_time.parse("00:01 Look: a label used once is text.\n00:05 Next.\n")
    assert single.turns[0].speaker is None and single.turns[0].text == "Look: a label used once is text."


def test_bare_time_prose_with_a_time_is_not_mine() -> None:
    prose = "10:30 we met at the cafe.\n\nIt was raining.\nWe talked for hours.\nThen we left.\nThe end.\n"
    assert bare_time.sniff(prose) == 0
    assert bare_time.sniff("It is 3:15pm, or 10:30, and 12:75 is no time.\n") == 0


# ---- Named paragraphs ----------------------------------------------------------------------------------

NAMED = """\
# Interview with Ana

Ana Lee: Welcome to the show. It&#39;s great.

Bob: Thanks, Ana. [laughs]

A second paragraph from Bob.

**Ana Lee:** A bold label too.

Speaker 2: Numbered.

Bob: Bye. See https://example.com for more.
"""

ESSAY = """\
Note: this essay has labelled asides.

The first paragraph of prose goes on for a while about nothing in particular.

The second paragraph of prose goes on too.

Update: it was edited.

Paragraph three.

Paragraph four.

Paragraph five.

Note: another aside.

Paragraph six.

Paragraph seven.

Mary: said one thing, once.

Paragraph eight.

Paragraph nine.
"""

GLOSSARY = """\
Python: a programming language.
Rust: another one.
Go: a third.
Java: and a fourth.
Python: listed twice by mistake.
Haskell: lazy.
"""


def test_named_paragraphs_have_no_times() -> None:
    t = named_paragraphs.parse(NAMED)
    assert t.format == "named-paragraphs"
    assert t.title == "Interview with Ana"
    assert [(x.speaker, x.line) for x in t.turns] == [("Ana Lee", 3), ("Bob", 5), ("Ana Lee", 9), ("Speaker 2", 11),
                                                     ("Bob", 13)]
    assert all(x.start is None and x.end is None for x in t.turns)  # never invented
    assert t.turns[0].text == "Welcome to the show. It's great."
    assert t.turns[1].text == "Thanks, Ana. [laughs] A second paragraph from Bob."
    assert t.turns[4].text == "Bye. See https://example.com for more."
    assert named_paragraphs.sniff(NAMED) == 5
    assert_well_formed(t)


@pytest.mark.parametrize("text", [
    ESSAY,
    GLOSSARY,
    "Ana: hi\nBob: hello\n",  # too short to tell
    "Note: one.\n\nNote: two.\n\nNote: three.\n",  # a prose label
    "Ana: one.\n\nAna: two.\n\nAna: three.\n",  # one voice
    "See: https://example.com\nhttps://example.org\n",
])
def test_named_paragraphs_refuses_prose(text: str) -> None:
    assert named_paragraphs.sniff(text) == 0


def test_named_paragraphs_yields_to_markers() -> None:
    # The same labels with a single marker are the bracketed format.
    assert named_paragraphs.sniff(CHANGELOG_STYLE) == 0
    assert bracketed.sniff(CHANGELOG_STYLE) > 0


# ---- The shared corpus ---------------------------------------------------------------------------------

def test_corpus_otter_ladybug_62() -> None:
    t = parse_corpus(otter, "otter/ladybug-62-security-otter.md")
    assert len(t.turns) == 162
    assert t.speakers == ["Emma", "Kelly", "Unknown Speaker", "Tailor", "Sidney"]
    assert t.speaker_turn_counts() == {"Emma": 58, "Kelly": 3, "Unknown Speaker": 81, "Tailor": 1, "Sidney": 19}
    assert (t.turns[0].start, t.turns[-1].start) == (0, 55 * 60_000 + 21_000)
    assert (t.turns[0].line, t.turns[-1].line) == (1, 484)
    assert t.turns[0].text.startswith("It's more important than ever to build secure web applications")
    assert t.turns[-1].text.endswith("All right, I'm done. See you guys.")
    assert "otter.ai" not in " ".join(x.text for x in t.turns)
    assert t.warnings == []
    assert_well_formed(t)


def test_corpus_ladybug_01_bold_speaker_bracket() -> None:
    t = parse_corpus(bracketed, "bracket-ts/ladybug-01-bold-speaker-bracket-hhmmss.md")
    assert len(t.turns) == 99
    assert t.speakers == ["Ali", "Kelly", "Emma", "Lindsey"]
    assert t.speaker_turn_counts() == {"Ali": 19, "Kelly": 29, "Emma": 25, "Lindsey": 26}
    assert (t.turns[0].start, t.turns[-1].start) == (0, 47 * 60_000 + 39_000)
    assert (t.turns[0].line, t.turns[-1].line) == (1, 197)
    assert t.turns[0].text.startswith("Today we're going to talk about how to get started in tech.")
    drupal = next(x for x in t.turns if x.start == 2 * 60_000 + 14_000)
    assert (drupal.speaker, drupal.line) == ("Lindsey", 19)
    assert "he bought me an \"Introduction to Drupal\" book and – quite frankly" in drupal.text
    assert t.turns[-1].text == "I don't either but thumbs up. Thumbs up all the thumbs. OK. Thank you."
    assert all(x.start is not None for x in t.turns) and t.warnings == []
    assert_well_formed(t)


def test_corpus_changelog_go_time_184() -> None:
    t = parse_corpus(bracketed, "bracket-ts/changelog-gotime-184-escaped-brackets.md")
    assert len(t.turns) == 191  # 183 labelled paragraphs + 8 paragraphs opened by a marker
    assert t.speakers == ["Mat Ryer", "Carolyn Van Slyck", "Johnny Boursiquot", "Jerod Santo"]
    assert t.speaker_turn_counts() == {"Mat Ryer": 75, "Carolyn Van Slyck": 76, "Johnny Boursiquot": 35,
                                       "Jerod Santo": 1}
    timed = [x for x in t.turns if x.start is not None]
    assert len(timed) == 19
    assert t.turns[0].start is None and t.turns[-1].start is None  # markers only every few minutes
    assert (timed[0].start, timed[0].speaker, timed[0].line) == (4 * 60_000 + 10_000, "Johnny Boursiquot", 37)
    assert (timed[-1].start, timed[-1].line) == (69 * 60_000 + 4_000, 427)
    shows = [(x.text, x.start, x.end, x.line) for x in t.turns if x.speaker is None]
    assert shows == [
        ("Break", 26 * 60_000 + 58_000, 31 * 60_000 + 53_000, 167),
        ("Break", 42 * 60_000 + 25_000, 44 * 60_000 + 32_000, 235),
        ("Jingle", 55 * 60_000 + 54_000, 56 * 60_000 + 12_000, 319),
        ("Outro", 67 * 60_000 + 25_060, 69 * 60_000 + 4_000, 419),
    ]
    carolyn_0803 = next(x for x in t.turns if x.line == 83)
    assert (carolyn_0803.speaker, carolyn_0803.start) == ("Carolyn Van Slyck", 8 * 60_000 + 3_000)
    everything = " ".join(x.text for x in t.turns)
    assert everything.count("[unintelligible 00:") == 8  # bracketed words stay text, never times
    assert "[laughs]" in everything and "[laughter]" in everything
    assert (t.turns[0].line, t.turns[-1].line) == (1, 445)
    assert t.turns[-1].text == "Yeah. Brilliant."
    assert t.warnings == []
    assert_well_formed(t)


def test_corpus_changelog_without_markers_is_named_paragraphs() -> None:
    t = parse_corpus(bracketed, "bracket-ts/changelog-gotime-184-escaped-brackets.md")
    text, _ = read_text(corpus_file("bracket-ts/changelog-gotime-184-escaped-brackets.md"))
    untimed = re.sub(r"\\\[[\d:.]+\\\] ?", "", text)
    assert named_paragraphs.sniff(untimed) == 183 and bracketed.sniff(untimed) == 0
    n = named_paragraphs.parse(untimed)
    assert len(n.turns) == 183  # the 8 paragraphs a marker opened are follow-on paragraphs now
    assert n.speakers == t.speakers
    assert n.speaker_turn_counts() == {"Mat Ryer": 74, "Carolyn Van Slyck": 69, "Johnny Boursiquot": 35,
                                       "Jerod Santo": 1}
    assert all(x.start is None and x.end is None for x in n.turns)
    source_lines = text.split("\n")
    assert [x.line for x in n.turns] == [x.line for x in t.turns if source_lines[x.line - 1].startswith("**")]
    assert_well_formed(n)


def test_corpus_talk_python_356_bare_times() -> None:
    t = parse_corpus(bare_time, "plain-ts/talkpython-356-hhmmss-prefix.txt")
    assert len(t.turns) == 1217
    assert t.speakers == []
    assert (t.turns[0].start, t.turns[1].start, t.turns[-1].start) == (0, 6_000, 3_965_000)
    assert (t.turns[0].line, t.turns[-1].line) == (1, 2433)
    assert t.turns[0].text == ("Have you been considering launching a product or even a business based on "
                               "Python's AI ML stack?")
    assert t.turns[-1].text == "Thank you."
    assert t.warnings == []
    assert_well_formed(t)


# ---- Detection across formats --------------------------------------------------------------------------

INLINE_SAMPLES = [
    (REV, rev), (REV_DOT_COM, rev), (OTTER, otter), (LADYBUG_STYLE, bracketed), (CHANGELOG_STYLE, bracketed),
    (DESCRIPT_STYLE, bracketed), (MARKERS_ONLY, bracketed), (TALK_PYTHON_STYLE, bare_time),
    (YOUTUBE_STYLE, bare_time), (LABELLED_TIMES, bare_time), (NAMED, named_paragraphs),
    ("Ana Lee (00:05): Hello.\n\nBo Ek (00:09): Hi.\n", event_page),
]
CORPUS_SAMPLES = [
    ("otter/ladybug-62-security-otter.md", otter),
    ("bracket-ts/ladybug-01-bold-speaker-bracket-hhmmss.md", bracketed),
    ("bracket-ts/changelog-gotime-184-escaped-brackets.md", bracketed),
    ("plain-ts/talkpython-356-hhmmss-prefix.txt", bare_time),
    ("../seed/000_e1fe65cacb754d70.txt", event_page),
]


def assert_sniffed_as(text: str, expected: ModuleType) -> None:
    """Assert `expected` scores `text` strictly above every other text format."""
    scores = {module.NAME: module.sniff(text) for module in ALL_FORMATS}
    best = scores.pop(expected.NAME)
    assert best > 0 and all(score < best for score in scores.values()), (expected.NAME, best, scores)


@pytest.mark.parametrize(("text", "expected"), INLINE_SAMPLES, ids=lambda v: getattr(v, "NAME", None))
def test_inline_samples_are_sniffed_as_their_format(text: str, expected: ModuleType) -> None:
    assert_sniffed_as(text, expected)


@pytest.mark.parametrize(("relative", "expected"), CORPUS_SAMPLES, ids=[r for r, _ in CORPUS_SAMPLES])
def test_corpus_files_are_sniffed_as_their_format(relative: str, expected: ModuleType) -> None:
    text, _ = read_text(corpus_file(relative))
    assert_sniffed_as(text, expected)


def test_subtitle_and_json_corpus_files_are_no_text_format() -> None:
    # SRT/WebVTT timing lines start with a bare time and their cues carry `Name:` labels; they are theirs.
    paths = [p for folder in ("srt", "vtt", "podcast-json", "whisper-json", "whisperx-json")
             for p in sorted((CORPUS / folder).glob("*"))]
    if not paths:
        pytest.skip("the shared corpus is not present")
    for path in paths:
        text, _ = read_text(path)
        assert all(module.sniff(text) == 0 for module in TEXT_FORMATS), path.name


@pytest.mark.parametrize("text", [ESSAY, GLOSSARY, "Just an essay.\n\nWith paragraphs (and parentheses).\n",
                                  "Meeting at 10:30.\nLunch [12:00] maybe.\n"])
def test_prose_is_no_text_format(text: str) -> None:
    assert {module.NAME: module.sniff(text) for module in TEXT_FORMATS} == dict.fromkeys(
        (module.NAME for module in TEXT_FORMATS), 0)


# ---- Robustness ----------------------------------------------------------------------------------------

FRAGMENTS = st.sampled_from([
    "\n", "\n\n", " ", "  ", "\t", "[", "]", "\\[", "\\]", "{", "}", "#", "(", ")", ":", "**", "*", "0", "1", "5",
    "9", "00:", "12:34", "1:02:03", ".5", "Ana Lee", "Speaker 1", "Bob", "Break", "text", "&#39;", "&amp;", "---",
    "title: T", "Transcribed by https://otter.ai", "(00:05):", "[00:05]", "\\[01:02\\]", "**Ana:**", "Note: ",
])
ANY_TEXT = st.one_of(st.text(max_size=300), st.lists(FRAGMENTS, max_size=60).map("".join))


@pytest.mark.parametrize("module", TEXT_FORMATS, ids=lambda m: m.NAME)
@settings(max_examples=150, deadline=None)
@given(text=ANY_TEXT)
def test_any_text_gives_a_transcript_or_our_error(module: ModuleType, text: str) -> None:
    assert isinstance(module.sniff(text), int)
    try:
        t = module.parse(text)
    except TranscriptError:
        return
    assert t.turns and t.format == module.NAME
    for i, turn in enumerate(t.turns):
        assert turn.index == i and turn.line is not None and 1 <= turn.line <= text.count("\n") + 1
        assert all(0 < offset <= len(turn.text) for offset, _ in turn.anchors)


@functools.cache
def _one_megabyte_lines() -> tuple[str, ...]:
    """Return 1 MB single lines of the characters time markers are made of, random and repeated."""
    size = 1_000_000
    lines = ["".join(random.Random(20240301).choices("[:0123456789*", k=size))]
    for unit in ("[1:", "**", "1:", "[00:00", "\\[00:0", "#1:00", "{1:00:0", "[00:01] x ", "Ana Lee (1:", "Aa ",
                 "A: "):
        lines.append((unit * (size // len(unit) + 1))[:size])
    return tuple(lines)


@pytest.mark.parametrize("module", TEXT_FORMATS, ids=lambda m: m.NAME)
def test_one_megabyte_line_returns_quickly(module: ModuleType) -> None:
    # Catastrophic backtracking takes minutes on these; a bounded regex takes well under a second each.
    for line in _one_megabyte_lines():
        with cpu_limit(LONG_LINE_CPU_S):
            module.sniff(line)
            with contextlib.suppress(TranscriptError):
                module.parse(line)


def test_show_notes_section_labels_are_not_speakers() -> None:
    text = (
        "# Episode 12\n\n**News:** The new release is out.\n\n**Resources:** The book and the docs.\n\n"
        "TRANSCRIPT BELOW\n\n**Ana:** [00:00:00] Welcome to the show.\n\n**Ben:** [00:00:05] Thanks.\n\n"
        "**Ana:** [00:01:10] Let's talk.\n"
    )
    t = parse_text(text)
    assert t.format == "bracketed"
    assert t.speakers == ["Ana", "Ben"]
    assert [x.start for x in t.turns] == [0, 5_000, 70_000]
    assert all("TRANSCRIPT" not in x.text and "News" not in x.text for x in t.turns)


def test_happyscribe_dash_label_after_the_time_is_the_speaker() -> None:
    text = (
        "[00:00:02.410] - Teacher\n\nGood morning, everyone.\n\n[00:00:09.120] - Student 1\n\nAre they dangerous?\n\n"
        "[00:00:11.500] - Teacher\n\nSome of them - yes.\n\n[00:00:14.000] - and then a line that is speech\n"
    )
    t = parse_text(text)
    assert [(x.speaker, x.start, x.text) for x in t.turns] == [
        ("Teacher", 2_410, "Good morning, everyone."),
        ("Student 1", 9_120, "Are they dangerous?"),
        ("Teacher", 11_500, "Some of them - yes."),
        ("Teacher", 14_000, "- and then a line that is speech"),
    ]


YOUTUBE_PASTE = """\
How volcanoes work
0:00
so today we are going to talk
0:03
3 seconds
about volcanoes and how they work.
0:06
They are openings in the crust
1:02:03
>> and that is all for today.
"""


def test_youtube_panel_copy_is_its_own_family_merged_into_turns() -> None:
    assert detect(YOUTUBE_PASTE) == "youtube-paste"
    t = parse_text(YOUTUBE_PASTE)
    assert t.title == "How volcanoes work"
    # Entries a few seconds apart are one turn, each entry's time an anchor; the hour-later one is another.
    assert [(x.start, x.end) for x in t.turns] == [(0, 16_000), (3_723_000, None)]
    assert t.turns[0].text == ("so today we are going to talk about volcanoes and how they work. "
                               "They are openings in the crust")
    assert [ms for _, ms in t.turns[0].anchors] == [3_000, 6_000]
    assert t.turns[1].text == ">> and that is all for today."


def test_talk_python_lines_with_text_after_the_time_stay_bare_time() -> None:
    text = "00:00:06 Welcome to the show.\n00:00:10 Thanks.\n00:00:15 Let's go.\n00:00:19 Sure.\n"
    assert detect(text) == "bare-time"


@pytest.mark.parametrize(("module", "first", "second"), [
    (otter, "\u200fAhmed Ali  0:05", "Sara Khan  0:09"),
    (rev, "\u200fAhmed Ali (00:05):", "Sara Khan (00:09):"),
    (rev, "\u202bAhmed Ali\u202c (00:05):", "Sara Khan (00:09):"),
])
def test_a_speaker_name_with_bidi_marks_keeps_its_turn(module: ModuleType, first: str, second: str) -> None:
    # Copied from a page set right to left, a name carries RLM or an embedding; the turn was dropped.
    t = module.parse(f"{first}\nHello there my friend.\n\n{second}\nHi Ahmed, nice to see you.\n")
    assert [(x.speaker, x.start, x.text) for x in t.turns] == [
        ("Ahmed Ali", 5_000, "Hello there my friend."), ("Sara Khan", 9_000, "Hi Ahmed, nice to see you.")]


def test_labels_with_bidi_marks_are_still_speakers() -> None:
    named = named_paragraphs.parse("\u200fAhmed Ali: Hello there my friend.\n\nSara Khan: Hi Ahmed.\n\n"
                                   "\u200fAhmed Ali: How are you?\n")
    assert [(x.speaker, x.text) for x in named.turns] == [
        ("Ahmed Ali", "Hello there my friend."), ("Sara Khan", "Hi Ahmed."), ("Ahmed Ali", "How are you?")]
    marked = bracketed.parse("[00:05] \u200fAhmed Ali: Hello there my friend.\n[00:09] Sara Khan: Hi Ahmed.\n")
    assert [(x.speaker, x.start, x.text) for x in marked.turns] == [
        ("Ahmed Ali", 5_000, "Hello there my friend."), ("Sara Khan", 9_000, "Hi Ahmed.")]
