"""Re-anchoring lands on the right words: the whole quote selector, the speaker, the time, and new times."""

from __future__ import annotations

from datetime import datetime

from reader.core.anchoring import reanchor
from reader.core.export import ExportOptions, export_notes
from reader.core.notes import NoteItem, NotesDocument, Quote
from reader.core.transcript import Transcript, Turn

SPEAKERS = ["Alice", "Bob", "Carol", "Dan"]
REPLIES = ["Yes, exactly.", "Right.", "I agree with that.", "Yes, exactly.", "Mm-hmm."]


def conversation() -> list[Turn]:
    """Return 25 turns where short replies repeat word for word across speakers."""
    turns = []
    for n in range(25):
        text = REPLIES[n % len(REPLIES)] if n % 2 else f"Point number {n} is about the budget and the plan."
        turns.append(Turn(index=n, start=n * 10_000, end=n * 10_000 + 9_000, speaker=SPEAKERS[n % 4], text=text))
    return turns


def highlight(turns: list[Turn], index: int, start: int = 0, end: int | None = None) -> NoteItem:
    """Return a highlight of turns[index].text[start:end] as the window makes it."""
    turn = turns[index]
    end = len(turn.text) if end is None else end
    length = len(turn.text)
    return NoteItem(kind="highlight", start_ms=turn.start + 9_000 * start // length,
                    end_ms=turn.start + 9_000 * end // length, turn_index=index, speaker=turn.speaker,
                    quote=Quote.from_text(turn.text, start, end), char_start=start, char_end=end)


def renumbered(turns: list[Turn], *, shift_ms: int = 0) -> list[Turn]:
    """Return `turns` reindexed, every time moved by `shift_ms`."""
    return [Turn(index=n, start=None if t.start is None else t.start + shift_ms,
                 end=None if t.end is None else t.end + shift_ms, speaker=t.speaker, text=t.text)
            for n, t in enumerate(turns)]


def inserted_at_top(turns: list[Turn], count: int) -> list[Turn]:
    """Return `turns` with `count` new turns before them (later times unchanged, as a transcript fixed by hand)."""
    new = [Turn(index=0, start=0, end=1, speaker=SPEAKERS[(n + 1) % 4], text=REPLIES[n % len(REPLIES)])
           for n in range(count)]
    return renumbered(new + turns)


def test_every_placement_follows_its_speaker_after_turns_are_inserted_at_the_top() -> None:
    turns = conversation()
    items = [highlight(turns, n) for n in range(25)]
    edited = inserted_at_top(turns, 3)
    wrong = []
    for n, item in enumerate(items):
        assert reanchor(item, edited)
        target = edited[item.turn_index]  # type: ignore[index]
        if (target.speaker, target.start, target.text) != (turns[n].speaker, turns[n].start, turns[n].text):
            wrong.append(n)
    assert wrong == []


def test_an_identical_turn_by_another_speaker_at_the_stored_place_is_not_taken() -> None:
    turns = [Turn(index=0, start=0, speaker="Bob", text="Yes, exactly."),
             Turn(index=1, start=5_000, speaker="Carol", text="Yes, exactly.")]
    item = highlight(turns, 1)
    edited = renumbered([Turn(index=0, start=0, speaker="Dan", text="Hello."), *turns])
    assert edited[1].speaker == "Bob"  # the stored turn index now holds Bob's identical words
    assert reanchor(item, edited)
    assert edited[item.turn_index].speaker == "Carol"  # type: ignore[index]


def test_prefix_and_suffix_decide_between_identical_words_at_the_stored_offset() -> None:
    turns = [Turn(index=0, start=0, speaker="A", text="A yes. B yes.")]
    item = highlight(turns, 0, 9, 12)
    edited = [Turn(index=0, start=0, speaker="A", text="C yes. D yes. A yes. B yes.")]
    assert edited[0].text[9:12] == "yes"  # the stored offset still reads the same word, in other words
    assert reanchor(item, edited)
    assert (item.char_start, item.char_end) == (23, 26)


def test_the_candidate_nearest_the_stored_time_wins_when_all_else_ties() -> None:
    turns = [Turn(index=n, start=n * 60_000, speaker="A", text="Next slide, please.") for n in range(6)]
    item = highlight(turns, 4)
    edited = renumbered(turns[:1] + turns)  # one duplicated at the top: the index is off by one
    assert reanchor(item, edited)
    assert edited[item.turn_index].start == 240_000  # type: ignore[index]


def test_times_follow_the_transcript_when_it_shifts() -> None:
    turns = conversation()
    item = highlight(turns, 2, 6, 12)
    before = (item.start_ms, item.end_ms)
    shifted = renumbered(turns, shift_ms=90_000)
    assert reanchor(item, shifted)
    assert item.turn_index == 2
    assert (item.start_ms, item.end_ms) == (before[0] + 90_000, before[1] + 90_000)


def test_times_follow_the_words_to_their_new_turn() -> None:
    turns = conversation()
    item = highlight(turns, 7)
    moved = renumbered([*turns[:5], Turn(index=0, start=12_345, end=20_000, speaker=turns[7].speaker,
                                         text=turns[7].text)])
    assert reanchor(item, moved)
    assert item.turn_index == 5 and item.start_ms == 12_345


def test_exports_show_a_highlight_under_its_turn_after_a_shift() -> None:
    turns = conversation()
    item = highlight(turns, 2)
    document = NotesDocument()
    document.add(item)
    shifted = Transcript(turns=renumbered(turns, shift_ms=90_000), format="bracketed")
    text = export_notes(shifted, document, "markdown", ExportOptions(exported_at=datetime(2024, 1, 1)))
    assert "[01:50] Carol" in text and "[00:20]" not in text


def test_a_highlight_without_a_time_keeps_what_it_had() -> None:
    turns = [Turn(index=0, start=None, speaker="A", text="No times here at all.")]
    item = NoteItem(kind="highlight", start_ms=4_321, turn_index=0, speaker="A",
                    quote=Quote.from_text(turns[0].text, 3, 8), char_start=3, char_end=8)
    assert reanchor(item, turns) and item.start_ms == 4_321
