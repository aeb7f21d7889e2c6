"""The event-page format: the seed, the sample, and the traps web pages set."""

from __future__ import annotations

from pathlib import Path

import pytest

from reader.core.errors import NotATranscriptError
from reader.core.formats import detect, event_page, parse_file, parse_text


def test_seed_parses_to_the_known_figures(seed_path: Path) -> None:
    t = parse_file(seed_path)
    assert t.format == "event-page"
    assert t.title == "What's Next for AI Systems & Language Models With Ilya Sutskever of OpenAI"
    assert len(t.turns) == 120
    assert t.speakers == ["Alexandr Wang", "Ilya Sutskever"]
    assert t.speaker_turn_counts() == {"Alexandr Wang": 47, "Ilya Sutskever": 73}
    assert t.turns[0].start == 23_000
    assert t.turns[-1].start == 59 * 60_000 + 9_000
    assert t.turns[0].text.startswith("I'm excited to welcome our next speaker Ilya Sutskever.")
    assert t.turns[-1].text == "Thank you for the conversation. I really enjoyed it."
    assert t.warnings == []
    # Ends follow the next start; the last waits for the media's duration.
    assert t.turns[0].end == t.turns[1].start
    assert t.turns[-1].end is None


def test_seed_page_chrome_never_becomes_text(seed_path: Path) -> None:
    t = parse_file(seed_path)
    chrome = ("Read More", "Terms of Use", "Privacy Policy", "Powered by", "SIGN IN", "GMT", "TRANSCRIPT")
    for turn in t.turns:
        for word in chrome:
            assert word not in turn.text, (turn.index, word)
    assert [turn.line for turn in t.turns] == sorted(turn.line for turn in t.turns)


def test_sample_stamps_are_whole_seconds(sample_paths: tuple[Path, Path]) -> None:
    t = parse_file(sample_paths[0])
    assert len(t.turns) >= 20
    assert len(t.speakers) == 3
    assert t.title and "Recorded Interviews" in t.title
    assert all(turn.start is not None and turn.start % 1000 == 0 for turn in t.turns)
    assert "(12:18)" not in " ".join(turn.text for turn in t.turns)  # the bio trap stays out


PAGE = """\
timezone
+00:00 GMT
SIGN IN
  • Home
  • Events
Building Things That Last
Posted Mar 02 | Views 2K
# Conference
SPEAKERS
Ana de la Cruz
Ana once said (12:18): memory is a muscle. She works at a library.
+ Read More
TRANSCRIPT

Ana de la Cruz (0:05): Hello and welcome.

José Álvarez (59:58): Thanks. As I said (12:18): nothing lasts.
And this line continues the same paragraph.

José Álvarez (1:00:03): An hour in.

This paragraph has no header but it is clearly more of what José said.

Ana de la Cruz (1:02:03): Bye.

+ Read More
Terms of Use
Privacy Policy
Powered by
"""


def test_page_traps_hour_stamps_and_continuations() -> None:
    t = parse_text(PAGE)
    assert [(x.speaker, x.start) for x in t.turns] == [
        ("Ana de la Cruz", 5_000),
        ("José Álvarez", 59 * 60_000 + 58_000),
        ("José Álvarez", 3_603_000),
        ("Ana de la Cruz", 3_723_000),
    ]
    assert t.title == "Building Things That Last"
    assert t.turns[1].text == "Thanks. As I said (12:18): nothing lasts. And this line continues the same paragraph."
    assert t.turns[2].text.endswith("clearly more of what José said.")
    assert t.turns[3].text == "Bye."
    assert t.turns[2].line == 20


@pytest.mark.parametrize("line", [
    "As Ilya said (12:18): this is prose, not a turn.",
    "the speaker (12:18): lower-case start",
    "Posted by Someone Who Writes A Very Long Name Indeed Here (12:18): too many words",
    "+00:00 GMT",
    "Room 4 (10:00): numbers are not names",
])
def test_prose_is_not_a_turn_header(line: str) -> None:
    assert event_page.match_header(line) is None


def test_backwards_time_is_kept_and_warned_with_its_line() -> None:
    t = parse_text("A B (02:00): one\n\nA B (01:00): two\n")
    assert [x.start for x in t.turns] == [120_000, 60_000]
    assert t.warnings and t.warnings[0].startswith("line 3:")


def test_prose_without_turns_is_not_a_transcript(tmp_path: Path) -> None:
    path = tmp_path / "essay.txt"
    path.write_text("Just an essay.\n\nWith paragraphs (and parentheses).\n")
    with pytest.raises(NotATranscriptError) as info:
        parse_file(path)
    assert str(info.value).startswith(f"{path}: not a transcript")
    assert detect(path.read_text()) is None


def test_impossible_time_is_read_as_text_and_warned() -> None:
    t = parse_text("Ana Lee (00:05): one\n\nAna Lee (1:75:00): two\n\nAna Lee (00:09): three\n")
    assert [x.text for x in t.turns] == ["one Ana Lee (1:75:00): two", "three"]
    assert t.warnings == ["line 3: (1:75:00) is not a time; the line is read as text"]


# A rev.com-style transcript page: the colon before the time, the time alone on the line after the name, a
# numbered voice, the site's menus above and its blog teaser and copyright notice below.
SITE_PAGE = """\
Transcripts Home
Donald Trump Rally Speech Transcript: Tulsa, Oklahoma
Donald Trump Rally Speech Transcript
Donald Trump: (01:24)
Thank you very much. It's great to be here.

And it's great to see so many friends.

Speaker 2: (02:10)
USA! USA!

Donald Trump:
(03:00)
We will win again.
Hungry For More?
Luckily for you, we deliver. Subscribe to our blog today.
Share this post
Copyright © 2020 Rev
"""


def test_site_page_time_after_the_colon_same_or_next_line() -> None:
    t = parse_text(SITE_PAGE)
    assert t.format == "event-page"
    assert [(x.speaker, x.start, x.line) for x in t.turns] == [
        ("Donald Trump", 84_000, 4), ("Speaker 2", 130_000, 9), ("Donald Trump", 180_000, 12)]
    assert t.turns[0].text == "Thank you very much. It's great to be here. And it's great to see so many friends."
    assert t.turns[1].text == "USA! USA!"
    # The teaser, its invitation and the copyright line are the page's, not the last speaker's.
    assert t.turns[2].text == "We will win again."
    assert t.title == "Donald Trump Rally Speech Transcript"


def test_site_page_time_inline_after_the_colon() -> None:
    t = parse_text("Ana Lee: (00:05) Hello there.\nSpeaker 1: (00:09) Hi.\nAna Lee: (01:02:03) Bye.\n")
    assert [(x.speaker, x.start, x.text) for x in t.turns] == [
        ("Ana Lee", 5_000, "Hello there."), ("Speaker 1", 9_000, "Hi."), ("Ana Lee", 3_723_000, "Bye.")]


def test_site_page_flattened_onto_one_line_with_escapes() -> None:
    flat = SITE_PAGE.replace("\n", "\\n")
    assert "\n" not in flat
    assert detect(flat) == "event-page"
    t = parse_text(flat)
    assert [(x.speaker, x.start, x.line) for x in t.turns] == [
        ("Donald Trump", 84_000, 1), ("Speaker 2", 130_000, 1), ("Donald Trump", 180_000, 1)]
    assert t.turns[2].text == "We will win again."


def test_site_page_with_untimed_labels_stays_this_format() -> None:
    # Show notes above the turns (`Links:`) are labels to named-paragraphs; the timed headers win.
    text = "Links: a, b\n\nGuest: someone\n\nHost: me\n\n" + SITE_PAGE
    assert detect(text) == "event-page"


def test_an_escape_inside_a_real_multi_line_file_stays_text() -> None:
    t = parse_text("Ana Lee (00:05): type \\n for a line break, \\n twice, \\n thrice\n\nBo Li (00:09): ok\n")
    assert t.turns[0].text == "type \\n for a line break, \\n twice, \\n thrice"


@pytest.mark.parametrize("header", [
    "\u200fAhmed Ali: (00:05)",  # RLM before the name: pages set in right-to-left scripts copy with marks
    "Ahmed Ali\u200f: (00:05)",
    "Ahmed \u200eAli: (00:05)",
    "\u202bAhmed Ali\u202c (00:05):",  # an embedding around the name, `Name (time):`
    "\u2067Ahmed Ali\u2069: (00:05)",
])
def test_a_speaker_name_with_bidi_controls_is_still_a_turn(header: str) -> None:
    # The first turn was taken for the page's front matter and its speech was lost.
    text = f"{header} Hello there my friend.\nSara Khan: (00:09) Hi Ahmed, nice to see you.\n"
    assert detect(text) == "event-page"
    t = parse_text(text)
    assert [(x.speaker, x.start, x.text, x.line) for x in t.turns] == [
        ("Ahmed Ali", 5_000, "Hello there my friend.", 1), ("Sara Khan", 9_000, "Hi Ahmed, nice to see you.", 2)]
    assert t.speakers == ["Ahmed Ali", "Sara Khan"]


def test_a_right_to_left_name_with_marks_is_a_turn() -> None:
    # Arabic and Hebrew have no capitals; the time after the colon is what makes the line a header.
    t = event_page.parse("\u200fأحمد علي\u200f: (00:05) مرحبا يا صديقي.\n\u200fשרה כהן: (00:09) שלום.\n")
    assert [(x.speaker, x.start, x.text) for x in t.turns] == [
        ("أحمد علي", 5_000, "مرحبا يا صديقي."), ("שרה כהן", 9_000, "שלום.")]
