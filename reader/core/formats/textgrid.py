"""Praat TextGrids (long and short text formats): interval tiers of words or utterances, tiers as speakers.

Both text formats hold the same sequence of numbers, strings and flags; the long one only adds labels
(`xmin = `, `item [1]:`), so one tokenizer reads both. Which tiers are speech:
- a tier named after a kind of annotation (`words`, `utterance`, `phones`...) is read when it holds words or
  utterances, an utterance tier preferred to a word tier of the same speaker, and phones never;
- Montreal Forced Aligner names tiers `Speaker - words`: the part before the dash is the speaker;
- without any such kind, every interval tier is a speaker's (`Anna`, `Ben`); when a speech tier exists,
  other tiers without a kind (`Errors`, `mute`) are annotations, not speech.
Empty intervals and non-speech labels (`sil`, `sp`, `<p:>`, `{OOV}`) are skipped; word times are anchors.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from reader.core.cues import Cue
from reader.core.errors import NotATranscriptError, TranscriptError
from reader.core.formats.common import SIGNATURE, SNIFF_CHARS
from reader.core.formats.subtitle_blocks import build_transcript
from reader.core.formats.word_runs import Word, words_to_cues
from reader.core.transcript import Transcript

NAME = "textgrid"
LABEL = "Praat TextGrid"
EXTENSIONS = (".textgrid",)  # Praat writes .TextGrid; extensions are compared case-folded
SUMMARY = "Praat TextGrid (long or short text): word or utterance tiers, tiers as speakers, silences skipped"

RGX_SIGNATURE = re.compile(r'^\s*File type\s*=\s*"ooTextFile(?: short)?"\s*(?:Object class\s*=\s*)?"TextGrid"')
# A string ("" is a quote inside it), a `!` comment, an index label (`[1]`), a number, or a flag.
RGX_TOKEN = re.compile(
    r'"(?P<string>(?:[^"]|"")*)"|!(?P<comment>[^\n]*)|\[\d*\]|(?P<number>-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)'
    r"|(?P<flag><exists>|<absent>)"
)
SPEECH_KINDS = {
    "utterance": 2, "utterances": 2, "utt": 2, "sentence": 2, "sentences": 2, "transcript": 2,
    "transcription": 2, "text": 2, "ortho": 2, "orthography": 2, "trans": 2, "speech": 2, "ipu": 2, "ipus": 2,
    "turn": 2, "turns": 2,
    "words": 1, "word": 1, "wor": 1, "ort": 1, "orth": 1, "tokens": 1, "token": 1, "lexical": 1,
}
OTHER_KINDS = frozenset(["phones", "phone", "phonemes", "phoneme", "segments", "segment", "syllables",
                         "syllable", "mau", "mas", "kan", "tones", "tone", "pos", "ipa", "sampa", "phonetic"])
# Labels that mark silence, pauses and noise in aligners' and annotators' tiers (MFA, BAS, HTK, CLAN).
NON_SPEECH = frozenset(["sil", "sp", "spn", "<p:>", "<p>", "<sil>", "<s>", "</s>", "#", "_", "pau", "pause",
                        "<pause>", "silence", "h#", "noise", "<noise>", "<unk>", "<nib>", "."])
RGX_BRACED = re.compile(r"^[{<\[].*[}>\]]$")  # `{OOV}`, `{LG}`, `<laugh>`, `[noise]`: annotations


@dataclass(slots=True)
class Tier:
    """One interval tier: its name and its (start ms, end ms, text) intervals."""

    name: str
    intervals: list[tuple[int, int, str]] = field(default_factory=list)


def sniff(text: str) -> int:
    """Return SIGNATURE plus the number of strings at the head when `text` is a text TextGrid, else 0."""
    head = text[:SNIFF_CHARS]
    if RGX_SIGNATURE.match(head[:300]) is None:
        return 0
    return SIGNATURE + head.count('"') // 2


def _tokens(text: str) -> list[str | float]:
    """Return the file's strings and numbers in order; flags as strings, comments and labels dropped."""
    tokens: list[str | float] = []
    for match in RGX_TOKEN.finditer(text):
        if match["string"] is not None:
            tokens.append(match["string"].replace('""', '"'))
        elif match["number"] is not None:
            tokens.append(float(match["number"]))
        elif match["flag"] is not None:
            tokens.append(match["flag"])
    return tokens


def _tiers(text: str, path: Path | None) -> list[Tier]:
    """Return the file's interval tiers (point tiers are skipped)."""
    tokens = _tokens(text)
    pos = 0

    def take(kind: type) -> str | float:
        nonlocal pos
        if pos >= len(tokens):
            raise TranscriptError("the TextGrid ends in the middle of a tier", path=path)
        value = tokens[pos]
        pos += 1
        if kind is float and not isinstance(value, float):
            raise TranscriptError(f"the TextGrid has {value!r} where a number belongs", path=path)
        return value

    # "ooTextFile" and "TextGrid", then xmin, xmax, <exists>, the tier count.
    while pos < len(tokens) and tokens[pos] in ("ooTextFile", "ooTextFile short", "TextGrid"):
        pos += 1
    take(float), take(float)
    if take(str) != "<exists>":
        return []
    count = int(take(float))
    tiers: list[Tier] = []
    for _ in range(count):
        kind, name = str(take(str)), str(take(str))
        take(float), take(float)
        size = int(take(float))
        if kind == "IntervalTier":
            tier = Tier(name)
            for _ in range(size):
                start, end, label = take(float), take(float), take(str)
                tier.intervals.append((round(float(start) * 1000), round(float(end) * 1000), str(label)))
            tiers.append(tier)
        else:  # a TextTier: points (time, mark), not stretches of speech
            for _ in range(size):
                take(float), take(str)
    return tiers


def _speaker_and_kind(name: str) -> tuple[str | None, str | None]:
    """Return who a tier's name says speaks and what kind of annotation it holds (`Ana - words`)."""
    folded = name.strip().casefold()
    if folded in SPEECH_KINDS or folded in OTHER_KINDS:
        return None, folded
    speaker, dash, kind = name.rpartition(" - ")
    if dash and (kind.strip().casefold() in SPEECH_KINDS or kind.strip().casefold() in OTHER_KINDS):
        return " ".join(speaker.split()) or None, kind.strip().casefold()
    return " ".join(name.split()) or None, None


def _speech_tiers(tiers: list[Tier]) -> list[tuple[str | None, Tier, bool]]:
    """Return the tiers to read: (speaker, tier, whether its intervals are words)."""
    best: dict[str | None, tuple[int, Tier]] = {}
    untyped: list[tuple[str | None, Tier]] = []
    for tier in tiers:
        speaker, kind = _speaker_and_kind(tier.name)
        if kind is None:
            untyped.append((speaker, tier))
        elif kind in SPEECH_KINDS:
            rank = SPEECH_KINDS[kind]
            if speaker not in best or best[speaker][0] < rank:
                best[speaker] = (rank, tier)
    if best:
        return [(speaker, tier, rank == 1) for speaker, (rank, tier) in best.items()]
    if len(untyped) == 1:  # one tier without a kind: the text, whoever said it
        return [(None, untyped[0][1], False)]
    return [(speaker, tier, False) for speaker, tier in untyped]


def _is_speech(label: str) -> bool:
    """Return whether an interval's label is something said, not silence, noise or an annotator's code."""
    label = label.strip()
    return bool(label) and label.casefold() not in NON_SPEECH and not RGX_BRACED.match(label)


def parse(text: str, *, path: Path | None = None) -> Transcript:
    """Return the transcript in the TextGrid `text`; raise NotATranscriptError when no tier has speech."""
    if sniff(text) == 0:
        raise NotATranscriptError("not a TextGrid: no `File type = \"ooTextFile\"` header", path=path)
    cues: list[Cue] = []
    for speaker, tier, words in _speech_tiers(_tiers(text, path)):
        spoken = [(start, end, " ".join(label.split())) for start, end, label in tier.intervals if _is_speech(label)]
        if words:
            cues.extend(words_to_cues([Word(label, start, end, speaker) for start, end, label in spoken]))
        else:
            cues.extend(Cue(start, end, label, speaker) for start, end, label in spoken)
    if not cues:
        raise NotATranscriptError("not a transcript: the TextGrid has no word or utterance tier with speech",
                                  path=path)
    cues.sort(key=lambda cue: cue.start if cue.start is not None else 0)  # speakers' tiers interleaved in time
    return build_transcript(cues, [], format=NAME, path=path)
