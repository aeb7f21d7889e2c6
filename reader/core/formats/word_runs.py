"""What the speech-to-text services' JSON formats share: timed words (with speakers and punctuation) made
into cues, one per run of one speaker's words, each word's time kept as an anchor inside its cue."""

from __future__ import annotations

from dataclasses import dataclass

from reader.core.cues import MAX_GAP_MS, SENTENCE_ENDS, Cue

# Closing punctuation sticks to the word before it; everything else is separated by a space.
NO_SPACE_BEFORE = frozenset(".,!?;:…%)]}”’»")


@dataclass(slots=True)
class Word:
    """One recognised word or punctuation mark: its text, times in ms, speaker, and whether it is glued on."""

    text: str
    start: int | None
    end: int | None
    speaker: str | None = None
    attached: bool = False


def speaker_name(value: object, prefix: str = "Speaker") -> str | None:
    """Return a service's speaker label as a name: `0` -> `Speaker 0`, `A` -> `Speaker A`, `spk_1` -> `Speaker 1`."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int):
        return f"{prefix} {value}"
    if not isinstance(value, str):
        return None
    label = " ".join(value.split())
    if not label:
        return None
    if label.casefold().startswith("spk_") and label[4:].isdigit():
        return f"{prefix} {label[4:]}"
    # Bare numbers and single letters are what the services call unidentified voices.
    if label.isdigit() or (len(label) == 1 and label.isalpha()):
        return f"{prefix} {label}"
    return label


def words_to_cues(words: list[Word], *, max_gap_ms: int = MAX_GAP_MS) -> list[Cue]:
    """Return one cue per sentence of consecutive words by one speaker, also cut at pauses over `max_gap_ms`.

    Sentences as cues let `merge_cues` make paragraphs of a long monologue instead of one block.
    """
    cues: list[Cue] = []
    parts: list[str] = []
    anchors: list[tuple[int, int]] = []
    length = 0
    current: Cue | None = None
    last_end: int | None = None
    sentence_ended = False

    def close() -> None:
        if current is not None:
            current.text = "".join(parts)
            current.words = [(offset, ms) for offset, ms in anchors if offset > 0]

    for word in words:
        text = word.text.strip()
        if not text:
            continue
        glued = word.attached or (text[0] in NO_SPACE_BEFORE and word.start is None)
        pause = (word.start is not None and last_end is not None and word.start - last_end > max_gap_ms)
        if current is None or (not glued and (word.speaker != current.speaker or pause or sentence_ended)):
            close()
            current = Cue(word.start, word.end, "", word.speaker)
            cues.append(current)
            parts, anchors, length = [], [], 0
        elif not glued:
            parts.append(" ")
            length += 1
        if word.start is not None:
            if current.start is None:
                current.start = word.start
            anchors.append((length, word.start))
        parts.append(text)
        length += len(text)
        sentence_ended = text.endswith(SENTENCE_ENDS)
        if word.end is not None:
            current.end = word.end
            last_end = word.end
    close()
    return cues
