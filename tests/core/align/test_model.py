"""The alignment's words kept column-wise: read back as WordTimes, turn by turn, through the cache, and small."""

from __future__ import annotations

import io
import tracemalloc

import pytest

from reader.core.align.cache import load_cached, store
from reader.core.align.model import Alignment, WordColumns, WordTime
from reader.core.align.runner import _assemble, _HeardTimes, _Plan
from reader.core.transcript import Turn

WORDS = [WordTime("one", 500, 900, 0, 0, 3, 0.9, "acoustic"),
         WordTime("two", 4_000, 4_400, 0, 4, 7, 0.2, "interpolated"),
         WordTime("naïve", 10_200, 10_600, 2, 6, 11, 0.0, "estimate"),
         WordTime("end", 11_000, 11_300, 2, 12, 15, 0.123, "vad")]


def test_words_read_back_as_they_were_given() -> None:
    alignment = Alignment("pocketsphinx", WORDS, [0.9, 0.0, 0.1, 0.0], [500, None, None, None])
    assert list(alignment.words) == WORDS and alignment.words == WORDS
    assert alignment.words[-1] == WORDS[-1] and alignment.words[1:3] == WORDS[1:3]
    assert alignment.turn_words(0) == WORDS[:2] and alignment.turn_words(2) == WORDS[2:]
    assert not alignment.turn_words(1) and not alignment.turn_words(3) and not alignment.turn_words(-1)
    assert alignment.turn_words(2)[1:] == WORDS[3:] and alignment.turn_words(2)[-1].turn == 2
    with pytest.raises(IndexError):
        alignment.turn_words(0)[2]
    assert alignment.word_at(10_300) == WORDS[2] and alignment.word_at(100) is None
    assert alignment.word_index_at(4_000) == 1
    assert [alignment.spoken_chars(0, ms) for ms in (0, 500, 3_999, 4_000)] == [0, 3, 3, 7]
    assert alignment.counts == {"acoustic": 1, "interpolated": 1, "vad": 1, "estimate": 1}
    assert alignment.aligned == 1


def test_words_must_come_in_turn_order() -> None:
    columns = WordColumns()
    columns.add(2, "late", 0, 10, 0, 4, 0.5, "acoustic")
    with pytest.raises(ValueError):
        columns.add(1, "early", 20, 30, 0, 5, 0.5, "acoustic")
    with pytest.raises(ValueError):
        columns.add_turn(3, ["a", "b"], [0, 2], [1, 3], [0, 5], [5], [0.1, 0.2], ["vad", "vad"])


def test_a_turn_added_at_once_is_the_same_words() -> None:
    columns = WordColumns()
    for turn in (0, 2):
        mine = [w for w in WORDS if w.turn == turn]
        columns.add_turn(turn, [w.text for w in mine], [w.char_start for w in mine], [w.char_end for w in mine],
                         [w.start_ms for w in mine], [w.end_ms for w in mine], [w.confidence for w in mine],
                         [w.how for w in mine])
    assert Alignment("vad", columns, [0.0] * 3, [None] * 3).words == WORDS


def test_the_cache_gives_back_the_same_words(tmp_path) -> None:
    alignment = Alignment("pocketsphinx", WORDS, [0.9, 0.0, 0.1, 0.0], [500, None, None, None],
                          pronunciations={"dictionary": 4}, duration_ms=12_000)
    store("key", alignment, tmp_path)
    again = load_cached("key", tmp_path)
    assert again is not None and again.words == WORDS and again.turn_words(2) == WORDS[2:]
    assert (again.method, again.turn_confidence, again.turn_starts, again.counts, again.pronunciations,
            again.duration_ms) == ("pocketsphinx", [0.9, 0.0, 0.1, 0.0], [500, None, None, None], alignment.counts,
                                   {"dictionary": 4}, 12_000)


def test_a_cut_or_foreign_cache_file_is_not_read(tmp_path) -> None:
    buffer = io.BytesIO()
    Alignment("estimate", WORDS, [0.0] * 4, [None] * 4).write(buffer)
    data = buffer.getvalue()
    for name, content in {"cut": data[:-3], "longer": data + b"\0", "old": b'{"method":"estimate","words":[]}',
                          "other format": data.replace(b'"format":3', b'"format":2', 1), "empty": b""}.items():
        (tmp_path / f"{name}.words").write_bytes(content)
        assert load_cached(name, tmp_path) is None, name


def test_aligning_keeps_few_bytes_a_word() -> None:
    """A 50,000-turn talk has 1.5 million words: as WordTime objects they cost some 270 bytes each (400 MB)."""
    text = " ".join(["alignment", "of", "every", "word", "in", "the", "turn", "3.5", "don't"] * 3)
    turns = [Turn(index=i, start=i * 3000, speaker="A", text=text) for i in range(600)]
    plan = _Plan(turns)
    count = sum(len(spans) // 2 for spans in plan.spans)
    tracemalloc.start()
    try:
        alignment = _assemble(turns, plan, [None] * len(turns), [t.start for t in turns],
                              [t.start + 2900 for t in turns], None, "estimate", len(turns) * 3000)
        kept, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(alignment.words) == count == 600 * 27
    # Kept: typed columns and the words' text (about 30 bytes); at the peak, one turn's words at a time.
    assert kept / count < 45, kept / count
    assert peak / count < 60, peak / count
    assert alignment.turn_words(599)[26].text == "don't"


def test_the_plan_keeps_few_bytes_a_word() -> None:
    text = " ".join(["alignment", "of", "every", "word", "in", "the", "turn", "3.5", "don't"] * 3)
    turns = [Turn(index=i, start=i * 3000, speaker="A", text=text) for i in range(600)]
    tracemalloc.start()
    try:
        plan = _Plan(turns)
        kept = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    texts, char_starts, char_ends = plan.words(3)
    assert texts[7] == text[char_starts[7]:char_ends[7]] == "3.5"
    assert plan.tokens[3][7:10] == ["three", "point", "five"]
    assert plan.numbers == {"three", "point", "five"}
    # Per word: two ints of range, one or more token references and their words' indices (no TextWords).
    assert kept / (600 * 27) < 60, kept / (600 * 27)


def test_heard_times_wait_compactly_for_the_end_of_the_alignment() -> None:
    times = [(1000 + 300 * k, 1250 + 300 * k, round(0.5 + k / 200, 3)) if k % 7 else None for k in range(30)]
    tracemalloc.start()
    try:
        kept = [_HeardTimes(times) for _ in range(200)]
        size = tracemalloc.get_traced_memory()[0]
    finally:
        tracemalloc.stop()
    assert list(kept[0]) == times and kept[0][-1] == times[-1] and kept[0][7] is None
    assert size / (200 * 30) < 30, size / (200 * 30)  # as tuples in a list: some 150 bytes a token
    nothing = _HeardTimes([None] * 12)
    assert len(nothing) == 12 and not any(nothing)


def test_speech_mask_drops_clicks_and_fills_short_pauses() -> None:
    from reader.core.align.vad import smooth

    click, word, pause, long_pause = [1], [1] * 5, [0] * 10, [0] * 11  # 30 ms frames
    mask = bytearray([0, 0, *click, 0, 0, *word, *pause, *word, *long_pause, *word, 0, *click])
    smoothed = list(smooth(mask))
    assert smoothed == [0] * 5 + [1] * 20 + [0] * 11 + [1] * 5 + [0, 0]
    assert smooth(bytearray()) == bytearray()
