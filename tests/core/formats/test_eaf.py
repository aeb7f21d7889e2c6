"""ELAN .eaf: a made-up two-speaker document for what the real ones (test_corpus2) do not show."""

from __future__ import annotations

from reader.core.formats import detect
from reader.core.formats.eaf import SIGNATURE, parse, sniff

EAF = """<?xml version="1.0" encoding="UTF-8"?>
<ANNOTATION_DOCUMENT FORMAT="3.0" VERSION="3.0">
<HEADER TIME_UNITS="milliseconds"/>
<TIME_ORDER><TIME_SLOT TIME_SLOT_ID="ts1" TIME_VALUE="500"/><TIME_SLOT TIME_SLOT_ID="ts2" TIME_VALUE="1500"/>
<TIME_SLOT TIME_SLOT_ID="ts3" TIME_VALUE="1600"/><TIME_SLOT TIME_SLOT_ID="ts4" TIME_VALUE="2500"/></TIME_ORDER>
<TIER LINGUISTIC_TYPE_REF="utt" PARTICIPANT="Ana Lima" TIER_ID="A">
<ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a1" TIME_SLOT_REF1="ts1" TIME_SLOT_REF2="ts2">
<ANNOTATION_VALUE>Hello there.</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION></TIER>
<TIER LINGUISTIC_TYPE_REF="utt" TIER_ID="Bo">
<ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a2" TIME_SLOT_REF1="ts3" TIME_SLOT_REF2="ts4">
<ANNOTATION_VALUE>Hi!</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION></TIER>
<TIER LINGUISTIC_TYPE_REF="utt" PARENT_REF="A" TIER_ID="A-translation">
<ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a3" TIME_SLOT_REF1="ts1" TIME_SLOT_REF2="ts2">
<ANNOTATION_VALUE>Olá.</ANNOTATION_VALUE></ALIGNABLE_ANNOTATION></ANNOTATION></TIER>
<LINGUISTIC_TYPE LINGUISTIC_TYPE_ID="utt" TIME_ALIGNABLE="true"/>
</ANNOTATION_DOCUMENT>
"""


def test_tiers_are_speakers_in_time_order() -> None:
    assert sniff(EAF) == SIGNATURE + 3
    assert detect(EAF) == "eaf"
    t = parse(EAF)
    assert [(turn.speaker, turn.start, turn.end, turn.text) for turn in t.turns] == [
        ("Ana Lima", 500, 1500, "Hello there."), ("Bo", 1600, 2500, "Hi!")]


def test_a_marker_or_notes_tier_is_not_a_speaker() -> None:
    # neocl/speach's test.eaf (tests/data/corpus2/eaf/speach-test-marker-tier.eaf) keeps a top-level `marker`
    # tier ("convo start", "convo body") over the speaker's utterances: section labels, not speech.
    marked = EAF.replace('TIER_ID="Bo"', 'TIER_ID="marker"').replace(
        "</ANNOTATION_DOCUMENT>",
        '<TIER LINGUISTIC_TYPE_REF="utt" TIER_ID="Notes"><ANNOTATION><ALIGNABLE_ANNOTATION ANNOTATION_ID="a4" '
        'TIME_SLOT_REF1="ts1" TIME_SLOT_REF2="ts4"><ANNOTATION_VALUE>noisy room</ANNOTATION_VALUE>'
        "</ALIGNABLE_ANNOTATION></ANNOTATION></TIER></ANNOTATION_DOCUMENT>")
    t = parse(marked)
    assert [(turn.speaker, turn.text) for turn in t.turns] == [("Ana Lima", "Hello there.")]
    assert t.speakers == ["Ana Lima"]


def test_a_document_of_only_a_notes_tier_is_still_read() -> None:
    only_notes = EAF.replace('PARTICIPANT="Ana Lima" TIER_ID="A"', 'TIER_ID="notes"').replace(
        'TIER_ID="Bo"', 'TIER_ID="comments"')
    assert [turn.text for turn in parse(only_notes).turns] == ["Hello there.", "Hi!"]
