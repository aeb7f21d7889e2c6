"""English word times heard in the audio: PocketSphinx forced alignment, one turn at a time, in a window.

Each turn is aligned in a window of audio around where it should be (the caller's expectation: its stated
start through the sync line fitted so far), with a grammar that lets fillers ("garbage") and the
neighbours' words soak up whatever is in the window before and after the turn's words: the neighbours'
speech, an intro, applause. The words may stop early (the recording cuts the turn, or the transcript has
words never said): what is not heard is interpolated afterwards. A turn that fails is tried again (wider
beams, a wider or a narrower window, at most three tries); one that still fails is not trusted and gets
its start from the sync line.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from reader.core.align.audio import PcmFile

FRAME_MS = 10  # PocketSphinx's frame rate is 100 per second
# The garbage that absorbs audio around a turn's words: the model's speech-noise and noise fillers. A loop of
# all 39 phones did the same job at four times the cost (every cross-word triphone stays active).
GARBAGE = ("[SPEECH]", "[NOISE]")
GARBAGE_PROB = 0.01
# The rest of the turn not said: rare, so it must be paid for, or the search gives up on words as soon
# as a synthetic or unclear voice makes them expensive (at 1e-3 it dropped 30 of 34 words after a pause).
SKIP_PROB = 1e-30
# Beams, the first wide: on the test speech the narrow beams (1e-60, 1e-100) lost the words' path in most long
# turns and cost a second try each, while the wide one costs only 30% more per try (RTF 0.013 to 0.017).
# The wider second survives speech the model finds unlikely (a synthetic voice, a cut-off word, "the uh uh").
BEAMS = (("1e-150", "1e-120"), ("1e-200", "1e-160"))
PAD_MS = 300  # silence around a window so the first and last word can start and end inside it
MAX_TRIES = 3
TRUST_FIRST = 0.7  # a turn's first word heard less well than this does not tell where the turn starts
GOOD_TURN = 0.6  # a turn whose heard words' mean confidence is below this is tried again with wider beams
# Words heard up to this close to the next turn's expected start: the turn was said until the next one began.
END_SLACK_MS = 2500
NARROW_MS = 400  # the window's margins when the first word was found too far from where the turn should be
# Hesitations are said many ways; the dictionary has one ("um" AH M). A long "um" said "ahm" or "mmm" was
# matched as a squeezed "um" plus the next word stretched over its vowel ("um i" -> um 60 ms, "i" 340 ms early).
HESITATIONS = {"uh": ("AA", "ER", "AH AH"), "um": ("AA M", "ER M", "M", "AH M M"), "er": ("AH",), "ah": ("AH",),
               "hmm": ("M",), "hm": ("M",), "mm": ("M M",)}


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
    margin_ms: int = 1500  # the window reaches this far before the expected start and past the next turn's
    tolerance_ms: int = 1500  # a first word further than this from the expected start is in the wrong place


@dataclass(slots=True)
class TurnResult:
    """Heard times of a turn's tokens ((start_ms, end_ms, confidence) or None), and the turn's confidence."""

    turn: int
    times: list[tuple[int, int, float] | None]
    confidence: float
    tries: int = 1
    window: tuple[int, int] = (0, 0)
    trusted: bool = False  # the first word is where the turn starts: usable to place the turns after it
    problem: str = ""  # what was wrong with the kept try ("" when trusted)


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
        # Dither: digital silence (exact zeros, between synthetic words or in an edited recording's pauses)
        # gives features the model never saw; the search then lost a 32 s turn after its third word.
        decoder = Decoder(lm=None, bestpath=False, beam=beam[0], pbeam=beam[0], wbeam=beam[1], dither=True,
                          seed=1, loglevel="FATAL")
        _DECODERS[beam] = decoder
        _ADDED[beam] = set()
        variants = [(f"{word}({n})", phones) for word, prons in HESITATIONS.items()
                    for n, phones in enumerate(prons, start=2)]
        for position, (word, phones) in enumerate(variants):
            with contextlib.suppress(RuntimeError):  # a model whose dictionary already has it
                decoder.add_word(word, phones, position == len(variants) - 1)
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
    # A pause between two of the turn's words is its own: with only PocketSphinx's silence (-silprob 0.005)
    # a pause, or the closure before a stop, went into the word before or after it. Raising -silprob instead
    # did as well inside turns but let silence swallow the neighbour's words at a window's start (a turn's
    # first word 520 ms late on the synthetic set); here the grammar allows it only between the turn's words.
    for state in range(first + 1, after_turn):
        transitions.append((state, state, 1.0, "<sil>"))
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


def _window(pcm: PcmFile, task: TurnTask, before: int, after: int) -> tuple[int, int]:
    """Return the window of audio to look for the turn in: from `before` its expected start to `after` past
    the next turn's expected start."""
    begin = max(0, task.predicted_ms - before)
    end = min(pcm.duration_ms, max(task.next_predicted_ms, task.predicted_ms + 1000) + after)
    return begin, end


def _attempt(pcm: PcmFile, task: TurnTask, begin: int, end: int, beam: tuple[str, str],
             extra_words: dict[str, str], phone_counts: dict[str, int]) -> list[tuple[int, int, float] | None] | None:
    """Return the heard (start_ms, end_ms, confidence) of each token in one window with one beam, or None."""
    audio = bytes(PAD_MS * 32) + pcm.read(begin, end) + bytes(PAD_MS * 32)
    found = _decode(_decoder(beam, extra_words), task, audio)
    if found is None:
        return None
    times: list[tuple[int, int, float] | None] = [None] * len(task.tokens)
    for position, word, first, last, ascore in found:
        start = begin + first * FRAME_MS - PAD_MS
        stop = begin + (last + 1) * FRAME_MS - PAD_MS
        times[position] = (max(0, start), max(0, stop), _word_confidence(last - first + 1, phone_counts.get(word, 3),
                                                                          ascore))
    return times


def _judge(task: TurnTask, times: list[tuple[int, int, float] | None], begin: int) -> tuple[float, str]:
    """Return the turn's confidence and what is wrong with it ("" when nothing).

    The words may stop early for good reason (the next turn starts and cuts the rest), so the confidence
    is over the words heard, and only a stop well before the next turn's start counts as a failure.
    "edge": the first word sits on the window's start, the turn may start before it; "far": the first word
    is further from the expected start than the stated times allow; "short": the words stop early.
    """
    heard = [t for t in times if t is not None]
    if not heard or times[0] is None:
        return 0.0, "none"
    mean = sum(t[2] for t in heard) / len(heard)
    complete = len(heard) == len(times) or heard[-1][1] >= task.next_predicted_ms - END_SLACK_MS
    confidence = mean if complete else mean * len(heard) / len(times)
    first = times[0]
    if first[0] <= begin + 30 and begin > 0:
        return confidence, "edge"
    if abs(first[0] - task.predicted_ms) > task.tolerance_ms:
        return confidence, "far"
    if first[2] < TRUST_FIRST or confidence < GOOD_TURN:
        return confidence, "weak" if complete else "short"
    return confidence, ""


# Which try to keep: a trusted one, else one whose words are in the right place, else any.
_RANK = {"": 3, "weak": 2, "short": 2, "edge": 1, "far": 1, "none": 0}


def align_turn(pcm: PcmFile, task: TurnTask, extra_words: dict[str, str], phone_counts: dict[str, int]) -> TurnResult:
    """Align one turn in the window around its expected place; on a failure, try again (at most MAX_TRIES).

    Too few words or weak ones: wider beams, same window. First word on the window's start: a window
    three times wider before. First word too far from the expected start: a narrow window around it (the
    words were matched to the wrong speech, usually the neighbour's). The best try is kept; it is trusted
    only when nothing was wrong with it.
    """
    before = after = task.margin_ms
    beam = 0
    best: TurnResult | None = None
    for tries in range(1, MAX_TRIES + 1):
        begin, end = _window(pcm, task, before, after)
        if end - begin < 200:
            break
        times = _attempt(pcm, task, begin, end, BEAMS[beam], extra_words, phone_counts)
        if times is None:
            confidence, problem = 0.0, "none"
            times = [None] * len(task.tokens)
        else:
            confidence, problem = _judge(task, times, begin)
        result = TurnResult(task.turn, times, round(confidence, 3), tries, (begin, end), problem == "", problem)
        if best is None or (_RANK[result.problem], result.confidence) > (_RANK[best.problem], best.confidence):
            best = result
        if not problem:
            break
        if problem == "edge":
            before = 3 * before
        elif problem == "far":
            before = after = NARROW_MS
            beam = min(beam + 1, len(BEAMS) - 1)
        else:
            beam = min(beam + 1, len(BEAMS) - 1)
    if best is None:
        return TurnResult(task.turn, [None] * len(task.tokens), 0.0, 0, (0, 0), False, "none")
    best.tries = tries
    return best


def worker_count() -> int:
    """Return how many processes to align with: the machine's cores, at most 4 (memory: 60 MB each)."""
    return max(1, min(4, os.cpu_count() or 1))
