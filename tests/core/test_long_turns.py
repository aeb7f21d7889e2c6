"""Turns longer than MAX_TURN_CHARS are shown in parts, cut after sentences, keeping their times."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reader.core.formats import parse_text
from reader.core.transcript import MAX_TURN_CHARS, Transcript, Turn, split_long_turns
from tests.time_limits import LONG_LINE_CPU_S, cpu_limit


def words_of(text: str) -> list[str]:
    """Return the words of `text` (what a split must keep, whatever happens to spaces)."""
    return text.split()


def test_a_long_turn_is_cut_after_sentences_keeping_speaker_line_start_and_end() -> None:
    sentence = "This sentence is one of many in a very long answer. "
    long_text = (sentence * 500).strip()  # 26,000 characters
    transcript = Transcript([Turn(0, 1000, "Ada", "Short question?", line=3),
                             Turn(1, 5000, "Alan", long_text, end=900_000, line=5),
                             Turn(2, 900_000, "Ada", "Thanks.", line=9)], format="event-page")
    split_long_turns(transcript)
    parts = transcript.turns[1:-1]
    assert len(parts) == 3
    assert [t.index for t in transcript.turns] == list(range(5))
    assert all(len(p.text) <= MAX_TURN_CHARS and p.text.endswith(".") for p in parts)
    assert words_of(" ".join(p.text for p in parts)) == words_of(long_text)
    assert {(p.speaker, p.line) for p in parts} == {("Alan", 5)}
    assert [p.start for p in parts] == [5000, None, None]  # no inner times: the reader estimates them
    assert [p.end for p in parts] == [None, None, 900_000]
    assert transcript.warnings == ["line 5: a turn of 25,999 characters is shown in 3 parts"]


def test_parts_start_at_the_inner_time_before_them() -> None:
    text = " ".join(f"word{i:05d}" for i in range(3000))  # 29,999 characters, a time every 10 words
    anchors = [(i * 100, 60_000 + i * 2000) for i in range(300)]
    transcript = Transcript([Turn(0, 60_000, "Ada", text, anchors=anchors)], format="srt")
    split_long_turns(transcript, max_chars=10_000)
    parts = transcript.turns
    assert len(parts) == 3
    for part in parts[1:]:
        offset = text.index(part.text[:9])
        assert part.start == max(ms for o, ms in anchors if o <= offset)
        assert part.anchors and part.anchors[0][0] >= 0
        assert all(0 <= o < len(part.text) for o, _ in part.anchors)
    assert parts[0].start == 60_000


def test_text_without_spaces_is_cut_hard() -> None:
    transcript = Transcript([Turn(0, None, None, "x" * 25_000)], format="plain")
    split_long_turns(transcript)
    assert [len(t.text) for t in transcript.turns] == [10_000, 10_000, 5_000]


def test_short_turns_are_left_alone() -> None:
    turns = [Turn(0, 0, "Ada", "Hello."), Turn(1, 1000, "Alan", "Hi.")]
    transcript = Transcript(list(turns), format="srt")
    split_long_turns(transcript)
    assert transcript.turns == turns and not transcript.warnings


def test_a_five_megabyte_line_parses_into_parts() -> None:
    text = "Ada Lovelace (00:01): " + "analytical engines weave algebraic patterns. " * 110_000 + "\n"
    with cpu_limit(LONG_LINE_CPU_S):  # a quadratic cut would take minutes
        transcript = parse_text(text)
    assert len(transcript.turns) > 450
    assert max(len(t.text) for t in transcript.turns) <= MAX_TURN_CHARS
    assert transcript.turns[0].start == 1000 and transcript.turns[0].speaker == "Ada Lovelace"


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=st.sampled_from("ab .!?\n’\""), min_size=0, max_size=400), st.integers(8, 60))
def test_splitting_keeps_every_word_and_bounds_every_part(text: str, limit: int) -> None:
    transcript = Transcript([Turn(0, 0, "Ada", text, end=99)], format="plain")
    split_long_turns(transcript, max_chars=limit)
    assert all(len(t.text) <= limit for t in transcript.turns)
    assert "".join("".join(words_of(t.text)) for t in transcript.turns) == "".join(words_of(text))
    assert transcript.turns[-1].end == 99
