"""Merging cues into turns while keeping every cue's and word's time."""

from __future__ import annotations

from reader.core.cues import Cue, merge_cues, timing_warnings


def test_same_speaker_cues_merge_with_anchors_at_their_offsets() -> None:
    turns = merge_cues([
        Cue(0, 1000, "Hello  there.", "A", 1, words=[(0, 0), (7, 500)]),
        Cue(1000, 2000, "How are you?", "A", 5),
        Cue(2100, 3000, "Fine.", "B", 9),
        Cue(7000, 8000, "Later.", "B", 13),
        Cue(8000, 8500, "   ", "B", 17),
    ])
    assert [(t.speaker, t.start, t.end, t.text, t.line) for t in turns] == [
        ("A", 0, 2000, "Hello there. How are you?", 1),
        ("B", 2100, 3000, "Fine.", 9),
        ("B", 7000, 8000, "Later.", 13),  # a 4 s pause starts a new turn
    ]
    text = turns[0].text
    assert turns[0].anchors == [(6, 500), (13, 1000)]
    assert text[6:].startswith("there.") and text[13:].startswith("How")


def test_speakerless_subtitles_become_paragraphs_at_sentence_ends() -> None:
    cues = [Cue(i * 1000, i * 1000 + 900, f"Sentence number {i} goes on for a while.") for i in range(60)]
    turns = merge_cues(cues, soft_turn_chars=200)
    assert 5 <= len(turns) <= 15
    assert all(t.speaker is None for t in turns)
    assert sum(len(t.anchors) + 1 for t in turns) == 60  # every cue start is kept


def test_timing_warnings_name_the_lines() -> None:
    warnings = timing_warnings([Cue(5000, 6000, "a", line=1), Cue(5500, 7000, "b", line=5),
                                Cue(1000, 900, "c", line=9)], media_ms=6500)
    assert warnings == [
        "line 5: cue overlaps the previous one",
        "line 9: cue ends before it starts",
        "line 9: cue starts before the previous one; kept in file order",
    ]


def test_unpunctuated_captions_still_make_paragraphs_in_linear_time() -> None:
    import time

    cues = [Cue(i * 500, i * 500 + 400, "and so we kept going with the words") for i in range(50_000)]
    started = time.perf_counter()
    turns = merge_cues(cues)
    elapsed = time.perf_counter() - started
    assert all(len(t.text) <= 2 * 500 + 40 for t in turns)
    assert sum(len(t.anchors) + 1 for t in turns) == 50_000
    assert elapsed < 10  # quadratic joining took 30 s here; linear takes well under a second
