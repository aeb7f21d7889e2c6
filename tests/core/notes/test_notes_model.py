"""The notes model: JSON shape, unknown keys, merges, re-anchoring."""

from __future__ import annotations

import json

from hypothesis import given
from hypothesis import strategies as st

from reader.core.anchoring import reanchor
from reader.core.notes import COLOURS, KINDS, NoteItem, NotesDocument, Quote, Session, merge
from reader.core.transcript import Turn


def test_file_shape_keys_in_documented_order() -> None:
    doc = NotesDocument(transcript_path="talk.txt", transcript_sha256="ab", media_path="talk.mp4")
    doc.add(NoteItem(kind="highlight", start_ms=5000, end_ms=9000, turn_index=1, speaker="Ana",
                     quote=Quote("said", "what was ", " then"), char_start=9, char_end=13, color="yellow",
                     label="key", note="why", tags=["method"]))
    data = doc.to_json()
    assert list(data) == ["schema_version", "transcript", "media", "items", "session", "deleted", "speaker_names"]
    assert list(data["items"][0]) == ["id", "kind", "start_ms", "end_ms", "turn_index", "speaker", "quote",
                                      "char_start", "char_end", "color", "label", "note", "tags", "created",
                                      "modified"]
    assert data["session"] == {"position_ms": 0, "rate": 1.0, "follow": True}
    assert NotesDocument.from_json(json.loads(json.dumps(data))).to_json() == data


def test_unknown_keys_survive_a_round_trip() -> None:
    data = NotesDocument().to_json()
    data["future_feature"] = {"x": 1}
    data["session"]["zoom"] = 1.5
    item = NoteItem(kind="bookmark", start_ms=1).to_json()
    item["audio_clip"] = "clip.ogg"
    data["items"] = [item]
    again = NotesDocument.from_json(data).to_json()
    assert again["future_feature"] == {"x": 1}
    assert again["session"]["zoom"] == 1.5
    assert again["items"][0]["audio_clip"] == "clip.ogg"


items = st.builds(
    NoteItem,
    kind=st.sampled_from(KINDS), start_ms=st.integers(0, 10**8), end_ms=st.none() | st.integers(0, 10**8),
    turn_index=st.none() | st.integers(0, 10**5), speaker=st.none() | st.text(max_size=20),
    quote=st.none() | st.builds(Quote, st.text(max_size=40), st.text(max_size=10), st.text(max_size=10)),
    char_start=st.none() | st.integers(0, 10**4), char_end=st.none() | st.integers(0, 10**4),
    color=st.none() | st.sampled_from(COLOURS), label=st.text(max_size=30), note=st.text(max_size=200),
    tags=st.lists(st.text(max_size=10), max_size=4),
)


@given(st.lists(items, max_size=8), st.builds(Session, position_ms=st.integers(0, 10**8),
                                              rate=st.sampled_from([0.5, 1.0, 1.75]), follow=st.booleans()))
def test_model_round_trips_through_json(notes: list[NoteItem], session: Session) -> None:
    doc = NotesDocument(items=notes, session=session)
    text = json.dumps(doc.to_json(), ensure_ascii=False)
    assert NotesDocument.from_json(json.loads(text)).to_json() == doc.to_json()


def test_merge_unites_keeps_newer_and_respects_deletions() -> None:
    shared = NoteItem(kind="bookmark", start_ms=1, label="old", created="2026-01-01T00:00:00.000Z")
    ours = NotesDocument(items=[NoteItem(**{**_fields(shared), "label": "ours",
                                            "modified": "2026-01-02T00:00:00.000Z"})])
    theirs = NotesDocument(items=[NoteItem(**{**_fields(shared), "label": "theirs",
                                              "modified": "2026-01-03T00:00:00.000Z"}),
                                  NoteItem(kind="bookmark", start_ms=2, id="t-only")])
    ours.add(NoteItem(kind="bookmark", start_ms=3, id="o-only"))
    merged = merge(ours, theirs)
    assert {i.id: i.label for i in merged.items} == {shared.id: "theirs", "t-only": "", "o-only": ""}
    ours.remove("o-only")
    theirs.remove("t-only")
    merged = merge(ours, theirs)
    assert {i.id for i in merged.items} == {shared.id}  # neither deletion is resurrected


def _fields(item: NoteItem) -> dict:
    return {name: getattr(item, name) for name in NoteItem.__slots__ if name not in ("detached",)}


TURNS = [Turn(index=0, start=0, speaker="Ana", text="We record every interview twice."),
         Turn(index=1, start=5000, speaker="Ben", text="Then we compare the two recordings line by line.")]


def test_reanchor_follows_the_quote_into_an_edited_transcript() -> None:
    start = TURNS[1].text.index("two recordings")
    item = NoteItem(kind="highlight", start_ms=5000, turn_index=1, char_start=start, char_end=start + 14,
                    quote=Quote.from_text(TURNS[1].text, start, start + 14))
    assert item.quote and item.quote.exact == "two recordings"
    assert reanchor(item, TURNS) and (item.turn_index, item.char_start) == (1, start)
    edited = [Turn(index=0, start=0, speaker="Ana", text="Intro."), TURNS[0],
              Turn(index=2, start=5000, speaker="Ben", text="And then we compare the two recordings again.")]
    edited[1] = Turn(index=1, start=1000, speaker="Ana", text=TURNS[0].text)
    assert reanchor(item, edited)
    assert (item.turn_index, item.char_start, item.char_end) == (2, 24, 38)
    assert edited[2].text[item.char_start:item.char_end] == "two recordings"


def test_reanchor_prefers_the_occurrence_with_matching_context_and_detaches_the_lost() -> None:
    turns = [Turn(index=0, start=0, speaker="A", text="yes I agree. yes we should. yes I agree.")]
    item = NoteItem(kind="highlight", start_ms=0, turn_index=0, char_start=99, quote=Quote("yes", "agree. ", " we"))
    assert reanchor(item, turns) and item.char_start == 13
    lost = NoteItem(kind="highlight", start_ms=0, quote=Quote("never said"))
    assert not reanchor(lost, turns) and lost.detached
