"""ELAN annotation documents (.eaf): the top-level time-aligned tiers, one speaker per tier.

Time slots (`TIME_ORDER`) give each `ALIGNABLE_ANNOTATION` its start and end in milliseconds. A tier's
speaker is its `PARTICIPANT`, else its `TIER_ID` when several tiers speak. Dependent tiers (words,
translations, glosses: those with a `PARENT_REF`) and tiers whose type uses a controlled vocabulary
(gesture or part-of-speech codes) are not speech and are left out, and so are tiers named for markers, notes
or comments while another tier speaks.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

from reader.core.cues import Cue
from reader.core.errors import NotATranscriptError, TranscriptError
from reader.core.formats.common import SIGNATURE, SNIFF_CHARS
from reader.core.formats.subtitle_blocks import build_transcript
from reader.core.transcript import Transcript

NAME = "eaf"
LABEL = "ELAN annotations"
EXTENSIONS = (".eaf",)
SUMMARY = "ELAN .eaf: top-level tiers as speakers (PARTICIPANT or tier name), time slots in ms"

RGX_ROOT = re.compile(r"<ANNOTATION_DOCUMENT[\s>]")
RGX_ANNOTATION = re.compile(r"<ALIGNABLE_ANNOTATION\b")
# Entity declarations are how an XML file makes a parser expand a few bytes into gigabytes.
RGX_ENTITY_DECLARATION = re.compile(r"<!ENTITY", re.IGNORECASE)
# Tiers that annotate the recording rather than speak in it: real files keep a top-level `marker` tier of section
# labels ("convo start", "convo body") over the speaker's utterances, or a `Notes` tier of remarks.
RGX_NOT_SPEECH_TIER = re.compile(r"^\s*(?:markers?|notes?|comments?|remarks?)\b", re.IGNORECASE)


def sniff(text: str) -> int:
    """Return SIGNATURE plus the number of aligned annotations when `text` is an ELAN document, else 0."""
    head = text[:SNIFF_CHARS]
    if RGX_ROOT.search(head, 0, 2000) is None:
        return 0
    return SIGNATURE + max(1, sum(1 for _ in RGX_ANNOTATION.finditer(head)))


def parse(text: str, *, path: Path | None = None) -> Transcript:
    """Return the transcript in ELAN `text`; raise TranscriptError for XML that is broken or not ELAN."""
    if RGX_ENTITY_DECLARATION.search(text):
        raise TranscriptError("not read: the XML declares entities, which annotations never need", path=path)
    try:
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise TranscriptError(f"invalid XML: {exc}", path=path, line=exc.position[0]) from None
    if root.tag != "ANNOTATION_DOCUMENT":
        raise NotATranscriptError(f"not an ELAN document: the root element is <{root.tag}>", path=path)
    slots: dict[str, int] = {}
    for slot in root.iter("TIME_SLOT"):
        value = slot.get("TIME_VALUE")
        if value is not None and value.isdigit():
            slots[slot.get("TIME_SLOT_ID", "")] = int(value)
    coded = {kind.get("LINGUISTIC_TYPE_ID") for kind in root.iter("LINGUISTIC_TYPE")
             if kind.get("CONTROLLED_VOCABULARY_REF") or kind.get("TIME_ALIGNABLE") == "false"}
    tiers = [tier for tier in root.iter("TIER")
             if tier.get("PARENT_REF") is None and tier.get("LINGUISTIC_TYPE_REF") not in coded]
    speech = [tier for tier in tiers if not RGX_NOT_SPEECH_TIER.match(tier.get("TIER_ID") or "")]
    # A document of nothing but notes is still shown: a reader can judge them, an error shows nothing.
    tiers = speech or tiers
    named = len(tiers) > 1
    timed: list[tuple[int, int, Cue]] = []
    for tier in tiers:
        speaker = (tier.get("PARTICIPANT") or "").strip() or (tier.get("TIER_ID") if named else None)
        for annotation in tier.iter("ALIGNABLE_ANNOTATION"):
            value = annotation.find("ANNOTATION_VALUE")
            words = "".join(value.itertext()) if value is not None else ""
            if not words.strip():
                continue
            start = slots.get(annotation.get("TIME_SLOT_REF1", ""))
            end = slots.get(annotation.get("TIME_SLOT_REF2", ""))
            timed.append((start if start is not None else -1, len(timed), Cue(start, end, words, speaker)))
    if not timed:
        raise NotATranscriptError("not a transcript: no annotated speech tier in the ELAN document", path=path)
    # Each tier is complete on its own; a reader wants the conversation, in time order.
    timed.sort(key=lambda item: (item[0], item[1]))
    return build_transcript([cue for _, _, cue in timed], [], format=NAME, path=path)
