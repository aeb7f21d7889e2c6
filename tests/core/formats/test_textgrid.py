"""Praat TextGrids: long and short text formats, which tiers are speech, what is silence."""

from __future__ import annotations

import pytest

from reader.core.errors import NotATranscriptError, TranscriptError
from reader.core.formats import detect, parse_text


def long_textgrid(tiers: list[tuple[str, list[tuple[float, float, str]]]]) -> str:
    """Return a long-format TextGrid with interval tiers (name, [(xmin, xmax, text)])."""
    out = ['File type = "ooTextFile"', 'Object class = "TextGrid"', "", "xmin = 0 ", "xmax = 10 ",
           "tiers? <exists> ", f"size = {len(tiers)} ", "item []: "]
    for i, (name, intervals) in enumerate(tiers, 1):
        out += [f"    item [{i}]:", '        class = "IntervalTier" ', f'        name = "{name}" ',
                "        xmin = 0 ", "        xmax = 10 ", f"        intervals: size = {len(intervals)} "]
        for j, (start, end, text) in enumerate(intervals, 1):
            quoted = text.replace('"', '""')
            out += [f"        intervals [{j}]:", f"            xmin = {start} ", f"            xmax = {end} ",
                    f'            text = "{quoted}" ']
    return "\n".join(out) + "\n"


def short_textgrid(tiers: list[tuple[str, list[tuple[float, float, str]]]]) -> str:
    """Return the same TextGrid in the short text format."""
    out = ['File type = "ooTextFile"', 'Object class = "TextGrid"', "", "0", "10", "<exists>", str(len(tiers))]
    for name, intervals in tiers:
        out += ['"IntervalTier"', f'"{name}"', "0", "10", str(len(intervals))]
        for start, end, text in intervals:
            out += [str(start), str(end), '"' + text.replace('"', '""') + '"']
    return "\n".join(out) + "\n"


DIALOGUE = [
    ("Anna", [(0, 0.5, ""), (0.5, 2.25, "Hello, Ben."), (2.25, 3, "<p:>"), (5, 6, 'She said "yes".')]),
    ("Ben", [(0, 2.5, "sil"), (2.5, 4.5, "Hi Anna!"), (4.5, 10, "")]),
]


@pytest.mark.parametrize("write", [long_textgrid, short_textgrid])
def test_untyped_tiers_are_speakers_interleaved_in_time(write) -> None:
    text = write(DIALOGUE)
    assert detect(text) == "textgrid"
    t = parse_text(text)
    assert [(x.speaker, x.start, x.end, x.text) for x in t.turns] == [
        ("Anna", 500, 2250, "Hello, Ben."), ("Ben", 2500, 4500, "Hi Anna!"), ("Anna", 5000, 6000, 'She said "yes".')]


def test_mfa_speaker_word_tiers_keep_word_times_and_skip_phones() -> None:
    text = long_textgrid([
        ("Anna - words", [(0, 0.4, ""), (0.4, 0.9, "hello"), (0.9, 1.3, "sp"), (1.3, 1.8, "there")]),
        ("Anna - phones", [(0.4, 0.6, "HH"), (0.6, 0.9, "AH0")]),
        ("Ben - words", [(2, 2.5, "hi"), (2.5, 2.6, "{OOV}")]),
        ("Ben - phones", [(2, 2.5, "HH")]),
    ])
    t = parse_text(text)
    assert [(x.speaker, x.start, x.end, x.text) for x in t.turns] == [
        ("Anna", 400, 1800, "hello there"), ("Ben", 2000, 2500, "hi")]
    assert t.turns[0].anchors == [(6, 1300)]


def test_an_utterance_tier_is_preferred_to_the_word_tier_and_annotation_tiers_are_not_speech() -> None:
    text = short_textgrid([
        ("words", [(0, 1, "good"), (1, 2, "morning")]),
        ("utterance", [(0, 2, "Good morning.")]),
        ("Errors", [(0, 2, "loud silence")]),
    ])
    t = parse_text(text)
    assert [(x.speaker, x.start, x.end, x.text) for x in t.turns] == [(None, 0, 2000, "Good morning.")]


def test_points_tiers_and_comments_are_skipped() -> None:
    text = (
        'File type = "ooTextFile"\n"TextGrid"\n0 10 <exists> 2\n'
        '"TextTier" "clicks" 0 10 1\n3.5 "click ! not a comment"\n'
        '"IntervalTier" "speech" 0 10 1 ! an interval follows\n1 2 "One."\n'
    )
    t = parse_text(text)
    assert [(x.start, x.text) for x in t.turns] == [(1000, "One.")]


def test_only_silence_is_not_a_transcript_and_truncation_is_said() -> None:
    with pytest.raises(NotATranscriptError):
        parse_text(long_textgrid([("words", [(0, 1, "sil"), (1, 2, "")])]))
    with pytest.raises(TranscriptError, match="ends in the middle"):
        parse_text(short_textgrid(DIALOGUE)[:-40])
