"""English word times heard in the audio: PocketSphinx forced alignment, one turn at a time, in a window.

Each turn is aligned in a window of audio around where it should be (its predicted start, corrected by how
far the turns before it were off), with a grammar that lets a loop of single phones ("garbage") soak up
whatever is in the window before and after the turn's words: the neighbours' speech, an intro, applause.
The words may stop early (the recording cuts the turn, or the transcript has words never said): what is
not heard is interpolated afterwards. A turn that fails is tried again in a wider window with wider
beams; one that still fails gets its times from its neighbours.
"""

from __future__ import annotations

import contextlib
import math
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reader.core.align.audio import PcmFile
from reader.core.align.model import AlignCancelled

FRAME_MS = 10  # PocketSphinx's frame rate is 100 per second
# The garbage that absorbs audio around a turn's words: the model's speech-noise and noise fillers. A loop of
# all 39 phones did the same job at four times the cost (every cross-word triphone stays active).
GARBAGE = ("[SPEECH]", "[NOISE]")
GARBAGE_PROB = 0.01
# The rest of the turn not said: rare, so it must be paid for, or the search gives up on words as soon
# as a synthetic or unclear voice makes them expensive (at 1e-3 it dropped 30 of 34 words after a pause).
SKIP_PROB = 1e-30
# Beams from narrow to wide: narrow is fast, wide survives speech the model finds unlikely (a synthetic
# voice, a cut-off word, "the uh uh").
BEAMS = (("1e-60", "1e-40"), ("1e-100", "1e-80"), ("1e-150", "1e-120"))
PAD_MS = 300  # silence around a window so the first and last word can start and end inside it


@dataclass(slots=True)
class TurnTask:
    """One turn to align: its spoken tokens (dictionary keys), the written word of each, where to look."""

    turn: int
    tokens: list[str]
    token_word: list[int]
    predicted_ms: int
    next_predicted_ms: int
    head: list[str] = field(default_factory=list)
    tail: list[str] = field(default_factory=list)


@dataclass(slots=True)
class TurnResult:
    """Heard times of a turn's tokens ((start_ms, end_ms, confidence) or None), and the turn's confidence."""

    turn: int
    times: list[tuple[int, int, float] | None]
    confidence: float
    tries: int = 1
    window: tuple[int, int] = (0, 0)


@dataclass(slots=True)
class BlockJob:
    """Consecutive turns for one worker; the first is looked for in a wider window."""

    pcm: PcmFile
    tasks: list[TurnTask]
    first_margin_ms: int
    margin_ms: int
    extra_words: dict[str, str] = field(default_factory=dict)


_DECODERS: dict[tuple[str, str], object] = {}  # one per beam setting, kept for the process's life
_ADDED: dict[tuple[str, str], set[str]] = {}  # the words added to each


def available() -> str | None:
    """Return None when PocketSphinx and its English model can be loaded, else the reason."""
    try:
        import pocketsphinx
    except ImportError:
        return "PocketSphinx is not installed (pip install pocketsphinx)"
    model = Path(pocketsphinx.get_model_path()) / "en-us"
    if not (model / "en-us").is_dir():
        return f"PocketSphinx's English model is missing ({model})"
    return None


def dictionary_path() -> Path:
    """Return the CMU dictionary that ships in the PocketSphinx wheel."""
    import pocketsphinx

    return Path(pocketsphinx.get_model_path()) / "en-us" / "cmudict-en-us.dict"


def _decoder(beam: tuple[str, str], extra_words: dict[str, str]) -> object:
    """Return this process's decoder for `beam`, with the derived words added."""
    from pocketsphinx import Decoder

    decoder = _DECODERS.get(beam)
    if decoder is None:
        decoder = Decoder(lm=None, bestpath=False, beam=beam[0], pbeam=beam[0], wbeam=beam[1],
                          loglevel="FATAL")
        _DECODERS[beam] = decoder
        _ADDED[beam] = set()
    added = _ADDED[beam]
    new = [(w, p) for w, p in extra_words.items() if w not in added]
    for position, (word, phones) in enumerate(new):
        # A word the decoder already knows (an alternative spelling of a dictionary word) is refused: fine.
        with contextlib.suppress(RuntimeError):
            decoder.add_word(word, phones, position == len(new) - 1)
        added.add(word)
    return decoder


def _grammar(head: Sequence[str], tokens: Sequence[str], tail: Sequence[str]) -> tuple[int, int, list[tuple]]:
    """Return (start, final, transitions) of: garbage*, any last part of `head`, the tokens (the rest
    skippable), any first part of `tail`, garbage*.

    `head` and `tail` are the neighbouring turns' last and first words: the neighbours' speech in the
    window is explained by its own words, which a filler model does far worse than the words themselves.
    """
    transitions: list[tuple] = []
    start = 0
    for name in GARBAGE:
        transitions.append((start, start, GARBAGE_PROB, name))
    state = 1
    transitions.append((start, state, 1.0))
    for token in head:  # start at any head word, or at the turn's first
        transitions.append((state, state + 1, 1.0, token))
        state += 1
        transitions.append((start, state, 1.0))
    first = state
    after_turn = first + len(tokens)
    for position, token in enumerate(tokens):
        transitions.append((first + position, first + position + 1, 1.0, token))
        if position >= 1:
            transitions.append((first + position, after_turn, SKIP_PROB))
    rest = after_turn + len(tail) + 1
    state = after_turn
    transitions.append((state, rest, 1.0))
    for token in tail:
        transitions.append((state, state + 1, 1.0, token))
        state += 1
        transitions.append((state, rest, 1.0))
    for name in GARBAGE:
        transitions.append((rest, rest, GARBAGE_PROB, name))
    final = rest + 1
    transitions.append((rest, final, 1.0))
    return start, final, transitions


def _place(words: list[str], head: Sequence[str], tokens: Sequence[str], tail: Sequence[str]) -> tuple[int, int]:
    """Return (h, k): the heard words are head's last h, then the first k tokens, then the first of tail."""
    best = (-1, -1)
    for h in range(min(len(head), len(words)), -1, -1):
        if list(head[len(head) - h:]) != words[:h]:
            continue
        rest = words[h:]
        for k in range(min(len(tokens), len(rest)), 0, -1):
            if list(tokens[:k]) == rest[:k] and list(tail[:len(rest) - k]) == rest[k:]:
                if k > best[1]:
                    best = (h, k)
                break
    return best


def _decode(decoder: object, task: TurnTask, audio: bytes) -> list[tuple[int, str, int, int, float]] | None:
    """Return (token position, word, first frame, last frame, score) of the turn's tokens heard, None on failure."""
    start, final, transitions = _grammar(task.head, task.tokens, task.tail)
    try:
        fsg = decoder.create_fsg("turn", start, final, transitions)  # type: ignore[attr-defined]
        decoder.add_fsg("turn", fsg)  # type: ignore[attr-defined]
        decoder.activate_search("turn")  # type: ignore[attr-defined]
        decoder.start_utt()  # type: ignore[attr-defined]
        decoder.process_raw(audio, full_utt=True)  # type: ignore[attr-defined]
        decoder.end_utt()  # type: ignore[attr-defined]
    except (RuntimeError, ValueError):
        return None
    if decoder.hyp() is None:  # type: ignore[attr-defined]
        return None
    heard = []
    for seg in decoder.seg():  # type: ignore[attr-defined]
        word = seg.word.split("(")[0]  # "because(3)": the third pronunciation; "(NULL)": a null arc
        if word and not word.startswith(("<", "[")):
            heard.append((word, seg.start_frame, seg.end_frame, float(seg.ascore)))
    h, k = _place([w for w, _, _, _ in heard], task.head, task.tokens, task.tail)
    if k <= 0:
        return None
    return [(position, word, first, last, score)
            for position, (word, first, last, score) in enumerate(heard[h:h + k])]


def _word_confidence(frames: int, phones: int, ascore: float) -> float:
    """Return a 0-1 trust in one heard token: squeezed to the minimum length means it was not really there."""
    minimum = 3 * max(1, phones)
    squeeze = min(1.0, max(0.0, (frames - minimum) / minimum + 0.5))
    return round(max(0.0, min(1.0, squeeze * (0.5 + 0.5 * min(1.0, ascore)))), 3)


def align_turn(pcm: PcmFile, task: TurnTask, margin_before: int, margin_after: int,
               extra_words: dict[str, str], phone_counts: dict[str, int]) -> TurnResult:
    """Align one turn in the window around its predicted place, widening window and beams when it fails."""
    best: TurnResult | None = None
    tries = 0
    for widen, beam in ((1, BEAMS[0]), (1, BEAMS[1]), (3, BEAMS[1]), (3, BEAMS[2])):
        tries += 1
        begin = max(0, task.predicted_ms - margin_before * widen)
        end = min(pcm.duration_ms, max(task.next_predicted_ms, task.predicted_ms + 1000) + margin_after * widen)
        if end - begin < 200:
            break
        audio = bytes(PAD_MS * 32) + pcm.read(begin, end) + bytes(PAD_MS * 32)
        decoder = _decoder(beam, extra_words)
        found = _decode(decoder, task, audio)
        if found is None:
            continue
        times: list[tuple[int, int, float] | None] = [None] * len(task.tokens)
        for position, word, first, last, ascore in found:
            start = begin + first * FRAME_MS - PAD_MS
            stop = begin + (last + 1) * FRAME_MS - PAD_MS
            conf = _word_confidence(last - first + 1, phone_counts.get(word, 3), ascore)
            times[position] = (max(0, start), max(0, stop), conf)
        heard = [t for t in times if t is not None]
        confidence = sum(t[2] for t in heard) / len(task.tokens) if task.tokens else 0.0
        # A turn whose first token sits on the window's edge may have started before it: look wider.
        first_time = times[0]
        at_edge = first_time is not None and first_time[0] <= begin + 30 and begin > 0
        result = TurnResult(task.turn, times, round(confidence, 3), tries, (begin, end))
        if best is None or result.confidence > best.confidence:
            best = result
        if confidence >= 0.6 and not at_edge:
            break
    if best is None:
        return TurnResult(task.turn, [None] * len(task.tokens), 0.0, tries)
    best.tries = tries
    return best


def align_block(job: BlockJob, phone_counts: dict[str, int],
                cancelled: Callable[[], bool] | None = None) -> list[TurnResult]:
    """Align a block of consecutive turns, each window corrected by how far the previous turns were off."""
    results = []
    shift = 0  # media ms the heard turns start after their prediction, from the last good turns
    shifts: list[int] = []
    for position, task in enumerate(job.tasks):
        if cancelled is not None and cancelled():
            raise AlignCancelled
        margin = job.first_margin_ms if position == 0 else job.margin_ms
        moved = TurnTask(task.turn, task.tokens, task.token_word, task.predicted_ms + shift,
                         task.next_predicted_ms + shift, task.head, task.tail)
        # A block's first turn may be anywhere in its wide margin, on both sides; words found past its end
        # that were never said are dropped when the alignment is assembled.
        result = align_turn(job.pcm, moved, margin, margin, job.extra_words, phone_counts)
        results.append(result)
        first = result.times[0] if result.times else None
        if first is not None and result.confidence >= 0.8 and first[2] >= 0.8:
            shifts.append(first[0] - task.predicted_ms)
            # The median of the last few: one turn heard in the wrong place must not drag the next ones.
            recent = shifts[-5:]
            shift = sorted(recent)[len(recent) // 2] if len(recent) >= 3 else recent[-1]
    return results


def worker_count() -> int:
    """Return how many processes to align with: the machine's cores, at most 4 (memory: 60 MB each)."""
    return max(1, min(4, os.cpu_count() or 1))


def split_blocks(count: int, parts: int) -> list[range]:
    """Return `parts` runs of consecutive turn indices covering range(count) (fewer when count is small)."""
    parts = max(1, min(parts, count))
    size = math.ceil(count / parts) if count else 0
    return [range(i, min(count, i + size)) for i in range(0, count, size)] if count else []
