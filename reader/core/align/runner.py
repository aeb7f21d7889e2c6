"""Align a transcript to its recording: decode once, choose the method, run the turns on worker processes.

`align_media` is what the window and the command line call. English transcripts are aligned by
PocketSphinx (`sphinx`); others, or where PocketSphinx is missing, get their words spread over the speech
that voice activity detection finds (`vad`), else over each turn by character count.
"""

from __future__ import annotations

import logging
import multiprocessing
import statistics
import tempfile
import threading
from array import array
from bisect import bisect_left, insort
from collections import Counter, deque
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from itertools import chain
from pathlib import Path

from reader.core.align import sphinx
from reader.core.align.audio import PcmFile, decode_audio
from reader.core.align.autosync import SyncFit, fit_sync
from reader.core.align.lexicon import Lexicon, read_dictionary
from reader.core.align.model import AlignCancelled, AlignError, Alignment, Progress, WordColumns
from reader.core.align.vad import speech_mask, spread, vad_available
from reader.core.align.words import split_words
from reader.core.timemap import TimeMap, estimate_times, text_weight
from reader.core.transcript import Turn

METHODS = ("auto", "pocketsphinx", "vad", "estimate")
FIRST_MARGIN_MS = 30_000  # where the first turn may be: an intro of up to half a minute
MARGIN_MS = 1_500  # around every other turn: the windows overlap the neighbours, whose words are in the grammar
# ... plus 3% of the distance to the nearest trusted turn (drift the line does not know yet: a recording
# played 2% slow is 1.2 s off after a minute) and three times the trusted turns' spread about the line.
DRIFT_MARGIN = 0.03
KNOWN_DRIFT_SPAN_MS = 120_000
SPREAD_CAP_MS = 3_000
TOLERANCE_MS = 500  # ... and the first word within this of the expected start (plus the same unknowns)
LOCAL_TURNS = 5  # the nearest trusted turns whose median distance from the line moves a turn's window
# Below this share of its spoken words found in the CMU dictionary, a transcript is not taken for English.
ENGLISH_SHARE = 0.6

CONTEXT_TOKENS = 6  # the neighbours' words each window may also hold
SMALL_TOKENS = 120  # fewer tokens than this are aligned in this process (see _align_sphinx)

_CANCEL: threading.Event | None = None
_PCM: PcmFile | None = None
_EXTRA: dict[str, str] = {}
_PHONES: dict[str, int] = {}
log = logging.getLogger(__name__)


class _InlineExecutor(Executor):
    """Run submitted calls at once in this process (a short recording: no worker start-up to pay)."""

    def __init__(self, *, initializer: Callable[..., None], initargs: tuple, **_: object) -> None:
        initializer(*initargs)

    def submit(self, fn: Callable, /, *args: object, **kwargs: object) -> Future:  # type: ignore[override]
        """Run `fn` now and return its finished future."""
        future: Future = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as exc:  # handed to the caller through the future, as a pool would
            future.set_exception(exc)
        return future


def _init_worker(cancel: object, pcm: PcmFile, extra_words: dict[str, str], phone_counts: dict[str, int]) -> None:
    """Keep the shared cancel flag, the audio and the transcript's lexicon in the worker (sent once, not per turn)."""
    global _CANCEL, _PCM, _EXTRA, _PHONES
    _CANCEL = cancel  # type: ignore[assignment]
    _PCM, _EXTRA, _PHONES = pcm, extra_words, phone_counts


def _run_turn(task: sphinx.TurnTask) -> sphinx.TurnResult:
    """Align one turn in a worker (none once cancelled)."""
    if _CANCEL is not None and _CANCEL.is_set():
        raise AlignCancelled
    assert _PCM is not None
    return sphinx.align_turn(_PCM, task, _EXTRA, _PHONES)


class _Plan:
    """The words of every turn (character ranges), their dictionary tokens and the word each token says.

    Compact: a 50,000-turn talk has 1.5 million words, and `TextWord`s for all of them cost some 400 MB.
    The ranges are one array per turn and equal tokens are one string; `words(i)` makes turn i's words.
    """

    def __init__(self, turns: Sequence[Turn]) -> None:
        self.texts = [turn.text for turn in turns]
        self.spans: list[array] = []  # per turn: each word's char_start and char_end, one after the other
        self.tokens: list[list[str]] = []
        self.token_word: list[list[int]] = []
        self.numbers: set[str] = set()  # the tokens said for written numbers
        seen: dict[str, str] = {}
        for turn in turns:
            spans, tokens, owner = array("i"), [], []
            for index, word in enumerate(split_words(turn.text)):
                spans.extend((word.char_start, word.char_end))
                said = [seen.setdefault(token, token) for token in word.spoken]
                tokens.extend(said)
                owner.extend([index] * len(said))
                if any(c.isdigit() for c in word.text):
                    self.numbers.update(said)
            self.spans.append(spans)
            self.tokens.append(tokens)
            self.token_word.append(owner)

    def words(self, index: int) -> tuple[list[str], array, array]:
        """Return turn `index`'s words: their texts, char_starts and char_ends (their tokens are in `tokens`)."""
        text, spans = self.texts[index], self.spans[index]
        starts, ends = spans[0::2], spans[1::2]
        return [text[a:b] for a, b in zip(starts, ends, strict=True)], starts, ends


class _HeardTimes(Sequence[tuple[int, int, float] | None]):
    """A turn's heard token times (`TurnResult.times`) in arrays: every turn's wait for the end of the alignment,
    and a long talk's 1.5 million as tuples cost some 150 bytes each (10 here; nothing when none was heard)."""

    __slots__ = ("_confidences", "_count", "_ends", "_starts")

    def __init__(self, times: Sequence[tuple[int, int, float] | None]) -> None:
        self._count = len(times)
        heard = any(t is not None for t in times)
        self._starts = array("i", (-1 if t is None else t[0] for t in times)) if heard else None
        self._ends = array("i", (0 if t is None else t[1] for t in times)) if heard else None
        self._confidences = array("H", (0 if t is None else round(t[2] * 1000) for t in times)) if heard else None

    def __len__(self) -> int:
        return self._count

    def __getitem__(self, index: int) -> tuple[int, int, float] | None:  # type: ignore[override]
        if index < 0:
            index += self._count
        if not 0 <= index < self._count:
            raise IndexError("token index out of range")
        if self._starts is None or self._starts[index] < 0:
            return None
        return self._starts[index], self._ends[index], self._confidences[index] / 1000  # type: ignore[index]


def _predictions(turns: Sequence[Turn], duration_ms: int, time_map: TimeMap | None) -> list[int]:
    """Return every turn's expected media start: its stated time through the sync, else an estimate."""
    return [e.ms for e in estimate_times(turns, duration_ms, time_map=time_map)]


def _next_starts(turns: Sequence[Turn], starts: list[int], duration_ms: int) -> list[int]:
    """Return where each turn is expected to end: the next turn's start (the last: its text's length)."""
    ends = []
    for index, start in enumerate(starts):
        if index + 1 < len(starts):
            ends.append(max(start + 500, starts[index + 1]))
        else:
            ends.append(min(duration_ms, max(start + 500, start + 2 * text_weight(turns[index].text))))
    return ends


def _lexicon(plan: _Plan) -> tuple[Lexicon, dict[str, str], dict[str, int], dict[str, int]]:
    """Return the lexicon, the derived words to add, phones per token, and pronunciation counts by source."""
    lexicon = Lexicon(read_dictionary(sphinx.dictionary_path()))
    said = Counter(chain.from_iterable(plan.tokens))  # each token once, with how often it is said
    lexicon.derive(list(said))
    numbers = plan.numbers
    counts = {"dictionary": 0, "numbers": 0, "espeak": 0, "letters": 0, "none": 0}
    for token, times in said.items():
        if lexicon.known(token):
            counts["numbers" if token in numbers else "dictionary"] += times
        else:
            counts[lexicon.sources.get(token, "none")] += times
    phone_counts = {t: len((lexicon.phones(t) or "").split()) for t in said}
    return lexicon, dict(lexicon.derived), phone_counts, counts


def english_share(turns: Sequence[Turn]) -> float:
    """Return the share of spoken words that the English dictionary knows (1.0 without PocketSphinx's check)."""
    if sphinx.available() is not None:
        return 0.0
    dictionary = read_dictionary(sphinx.dictionary_path())
    known = total = 0
    for turn in turns:  # turn by turn: the words of a long talk are not all kept at once
        for word in split_words(turn.text):
            total += len(word.spoken)
            known += sum(1 for token in word.spoken if token in dictionary)
    return known / total if total else 0.0


def choose_method(turns: Sequence[Turn], language: str | None = None) -> tuple[str, str]:
    """Return (method, why): PocketSphinx for English, VAD otherwise, character counts without webrtcvad."""
    reason = sphinx.available()
    english = (language is None and english_share(turns) >= ENGLISH_SHARE) or (language or "").lower().startswith("en")
    if reason is None and english:
        return "pocketsphinx", "English, PocketSphinx"
    why = reason or f"no acoustic model for {language or 'this language'}"
    vad = vad_available()
    if vad is None:
        return "vad", f"{why}: words spread over the speech voice activity detection finds"
    return "estimate", f"{why}; {vad}: words spread over each turn by length"


def align_media(turns: Sequence[Turn], media: Path, *, method: str = "auto", language: str | None = None,
                time_map: TimeMap | None = None, workers: int | None = None, progress: Progress | None = None,
                cancel: threading.Event | None = None, work_dir: Path | None = None,
                max_ms: int | None = None) -> Alignment:
    """Return the word times of `turns` in `media` (any file ffmpeg decodes), on the recording's clock.

    `time_map` is the sync the user has (the transcript's times -> the recording's), used to know where to
    look; `progress(done, total)` is called from this thread as turns finish; setting `cancel` stops the
    work between turns and raises AlignCancelled. Raises AudioError when the audio cannot be decoded and
    AlignError when there is nothing to align. With `max_ms`, only the recording's first `max_ms` is read.
    """
    if not any(split_words(turn.text) for turn in turns):
        raise AlignError("the transcript has no words to align")
    if method == "auto":
        method = choose_method(turns, language)[0]
    with tempfile.TemporaryDirectory(prefix="reader-align-", dir=work_dir) as tmp:
        pcm = decode_audio(media, Path(tmp) / "audio.pcm", max_ms=max_ms)
        if cancel is not None and cancel.is_set():
            raise AlignCancelled
        if method == "pocketsphinx":
            return _align_sphinx(turns, pcm, time_map, workers, progress, cancel)
        mask = speech_mask(pcm) if method == "vad" else None
        starts = _predictions(turns, pcm.duration_ms, time_map)
        plan = _Plan(turns)
        alignment = _assemble(turns, plan, [None] * len(turns), starts, _next_starts(turns, starts, pcm.duration_ms),
                              mask, method, pcm.duration_ms)
        if progress is not None:
            progress(len(turns), len(turns))
        return alignment


class _Expectation:
    """Where each turn should start on the recording, learnt as turns are heard.

    Before any turn is trusted: its stated start (through the user's sync), anywhere within half a minute.
    After: the stated start through the line fitted to the trusted turns (offset and drift), moved by how
    far the nearest trusted turns sit off that line (a cut or uneven drift), within a margin that grows
    with the distance to the nearest trusted turn. A turn's window never depends on an untrusted result,
    so one turn heard in the wrong place cannot drag the next ones off.
    """

    def __init__(self, predicted: list[int]) -> None:
        self.predicted = predicted
        self.trusted: list[tuple[int, int]] = []  # (turn, heard start ms), in turn order
        self.fit: SyncFit | None = None
        self.spread = 0

    def add(self, turn: int, heard_ms: int) -> None:
        """Learn that turn `turn` was heard starting at `heard_ms`."""
        insort(self.trusted, (turn, heard_ms))
        count = len(self.trusted)
        if count <= 40 or count % 10 == 0:  # the line settles: refitting at every turn of a long talk is waste
            self.fit = fit_sync([(self.predicted[t], m) for t, m in self.trusted])
            self.spread = round(self.fit.residual_ms) if self.fit is not None else 0

    def expect(self, turn: int) -> tuple[int, int, int]:
        """Return (expected start ms, window margin ms, tolerance ms) of turn `turn`: its first word further
        than the tolerance from the expected start was matched to other speech."""
        stated = self.predicted[turn]
        if not self.trusted or self.fit is None:
            return stated, FIRST_MARGIN_MS, FIRST_MARGIN_MS
        fit = self.fit
        at = bisect_left(self.trusted, (turn, -1))
        near = sorted(self.trusted[max(0, at - LOCAL_TURNS):at + LOCAL_TURNS],
                      key=lambda pair: abs(self.predicted[pair[0]] - stated))[:LOCAL_TURNS]
        local = sorted(m - fit.predict(self.predicted[t]) for t, m in near)
        distance = abs(self.predicted[near[0][0]] - stated)
        # Drift is unknown until the trusted turns span a few minutes; then the line knows it well.
        span = self.predicted[self.trusted[-1][0]] - self.predicted[self.trusted[0][0]]
        drift = DRIFT_MARGIN if span < KNOWN_DRIFT_SPAN_MS else DRIFT_MARGIN / 10
        unknown = min(3 * self.spread, SPREAD_CAP_MS) + int(drift * distance)
        return fit.predict(stated) + local[len(local) // 2], MARGIN_MS + unknown, TOLERANCE_MS + unknown


def _align_sphinx(turns: Sequence[Turn], pcm: PcmFile, time_map: TimeMap | None, workers: int | None,
                  progress: Progress | None, cancel: threading.Event | None) -> Alignment:
    """Align with PocketSphinx, turn by turn in order on the worker processes, each in a window placed by
    the turns trusted before it (the first alone, in a wide window: it finds the intro)."""
    plan = _Plan(turns)
    _, extra, phone_counts, pron_counts = _lexicon(plan)
    predicted = _predictions(turns, pcm.duration_ms, time_map)
    expectation = _Expectation(predicted)
    queue = deque(i for i in range(len(turns)) if plan.tokens[i])
    aligned_count = len(queue)
    results: dict[int, sphinx.TurnResult] = {}
    total = len(turns)
    context = multiprocessing.get_context("spawn")  # fork after Qt or threads is unsafe; spawn is everywhere
    shared_cancel = context.Event()
    workers = workers or sphinx.worker_count()

    def task_for(i: int) -> sphinx.TurnTask:
        start, margin, tolerance = expectation.expect(i)
        if i + 1 < len(turns):
            following = max(start + 500, start + predicted[i + 1] - predicted[i])
        else:
            following = min(pcm.duration_ms, max(start + 500, start + 2 * text_weight(turns[i].text)))
        return sphinx.TurnTask(i, plan.tokens[i], plan.token_word[i], start, following,
                               plan.tokens[i - 1][-CONTEXT_TOKENS:] if i > 0 else [],
                               plan.tokens[i + 1][:CONTEXT_TOKENS] if i + 1 < len(turns) else [],
                               margin, tolerance)

    # A short transcript is aligned here: starting a worker process (~0.6 s) costs more than it saves. On two
    # cores the bundled sample (352 tokens, 26 turns) took 4.98 s here and 3.05 s on two workers
    # (`transcript-reader align --no-cache`); decoding costs ~11 ms a token, so the workers win from ~110.
    small = sum(len(t) for t in plan.tokens) < SMALL_TOKENS or workers == 1
    pool_type = _InlineExecutor if small else ProcessPoolExecutor
    with pool_type(max_workers=workers, mp_context=context, initializer=_init_worker,
                   initargs=(shared_cancel, pcm, extra, phone_counts)) as pool:
        pending: dict[Future, int] = {}
        again: set[int] = set()  # turns sent a second time
        try:
            while queue or pending:
                # Until a turn is trusted nothing tells where the others are: one at a time. Then a few ahead
                # per worker, so that every one is busy and each window still follows the line closely.
                limit = 2 * workers if expectation.trusted or len(results) >= 3 else 1
                while queue and len(pending) < limit:
                    index = queue.popleft()
                    pending[pool.submit(_run_turn, task_for(index))] = index
                done, _ = wait(list(pending), timeout=0.2, return_when=FIRST_COMPLETED)
                if cancel is not None and cancel.is_set():
                    raise AlignCancelled
                for future in done:
                    del pending[future]
                    result = future.result()
                    first = result.times[0] if result.times else None
                    if result.trusted and first is not None:
                        # The turn was sent a few turns ahead; what was heard since may show it far off.
                        start, _, tolerance = expectation.expect(result.turn)
                        if abs(first[0] - start) > tolerance and result.turn not in again:
                            again.add(result.turn)
                            pending[pool.submit(_run_turn, task_for(result.turn))] = result.turn
                            continue
                        expectation.add(result.turn, first[0])
                    result.times = _HeardTimes(result.times)  # type: ignore[assignment]
                    results[result.turn] = result
                    log.debug("turn %d: window %s, tries %d, confidence %.2f, %s, first word at %s",
                              result.turn, result.window, result.tries, result.confidence,
                              result.problem or "trusted", first and first[0])
                if done and progress is not None:
                    progress(len(results) + (total - aligned_count), total)
        except BaseException:
            shared_cancel.set()
            for future in pending:
                future.cancel()
            pool.shutdown(wait=True, cancel_futures=True)
            raise
    expected = [expectation.expect(i)[0] for i in range(len(turns))]
    turn_results: list[sphinx.TurnResult | None] = [results.get(i) for i in range(len(turns))]
    alignment = _assemble(turns, plan, turn_results, expected, _next_starts(turns, expected, pcm.duration_ms),
                          None, "pocketsphinx", pcm.duration_ms)
    alignment.pronunciations = pron_counts
    return alignment


def _assemble(turns: Sequence[Turn], plan: _Plan, results: Sequence[sphinx.TurnResult | None],
              predicted: list[int], ends: list[int], mask: bytearray | None, method: str,
              duration_ms: int) -> Alignment:
    """Return the alignment: heard words kept, the others spread between heard neighbours or over the turn."""
    words = WordColumns()
    confidences: list[float] = []
    heard_starts: list[int | None] = []
    # Where each trusted turn was heard to start: the turn before it ends there.
    trusted_starts = [r.times[0][0] if r is not None and r.trusted and r.times and r.times[0] else None
                      for r in results]
    # Where an untrusted turn is: shifted like the nearest trusted turn before it.
    shift = 0
    floor = 0
    for index, _turn in enumerate(turns):
        texts, char_starts, char_ends = plan.words(index)
        result = results[index]
        times: list[tuple[int, int, float] | None] = [None] * len(texts)
        # A turn whose first word was found far from its place, or on its window's edge, was matched to
        # other speech: none of its words are kept.
        if result is not None and result.problem not in ("far", "edge", "none"):
            spans: dict[int, list[tuple[int, int, float]]] = {}
            for token_index, heard in enumerate(result.times):
                if heard is not None:
                    spans.setdefault(plan.token_word[index][token_index], []).append(heard)
            for word_index, heard_tokens in spans.items():
                count = plan.token_word[index].count(word_index)
                if len(heard_tokens) == count:
                    times[word_index] = (heard_tokens[0][0], heard_tokens[-1][1], min(h[2] for h in heard_tokens))
        turn_start = predicted[index] + shift
        turn_end = ends[index] + shift
        # A word heard after the next turn started, or well past where it should, was a word never said
        # (the turn was cut), matched to later speech.
        following = trusted_starts[index + 1] if index + 1 < len(turns) else None
        limit = following if following is not None else turn_end + 3 * MARGIN_MS
        if following is not None:
            turn_end = following
        times = [t if t is None or t[0] < limit else None for t in times]
        if trusted_starts[index] is None and times and times[0] is not None and abs(times[0][0] - turn_start) > 250:
            times[0] = None  # an untrusted turn's first word away from where the turn should start: not believed
        heard = [t for t in times if t is not None and t[2] >= 0.3]
        first = times[0] if times else None
        trusted = trusted_starts[index] is not None and first is not None
        if trusted:
            shift = first[0] - predicted[index]  # type: ignore[index]  # the first word tells where the turn starts
        if heard:
            turn_start = min(turn_start, heard[0][0])
        turn_start = max(turn_start, floor)
        turn_end = max(turn_end, turn_start)
        how_default = "interpolated" if heard else ("vad" if mask is not None else "estimate")
        out = _fill(texts, times, turn_start, turn_end, mask, how_default)
        word_starts, word_ends = [], []
        for start, end, _, _ in out:
            start = max(start, floor)
            word_starts.append(start)
            word_ends.append(max(end, start))
            floor = start
        words.add_turn(index, texts, char_starts, char_ends, word_starts, word_ends, [o[2] for o in out],
                       [o[3] for o in out])
        confidences.append(result.confidence if result is not None else 0.0)
        heard_starts.append(first[0] if trusted else None)  # type: ignore[index]
    return Alignment(method, words, confidences, heard_starts, duration_ms=duration_ms)


def _fill(words: Sequence[str], times: list[tuple[int, int, float] | None], start: int, end: int,
          mask: bytearray | None, how_default: str) -> list[tuple[int, int, float, str]]:
    """Return (start, end, confidence, how) of every word (`words`: their texts): heard ones as heard, runs of
    others spread by length."""
    out: list[tuple[int, int, float, str] | None] = [
        (t[0], t[1], t[2], "acoustic") if t is not None else None for t in times]
    position = 0
    while position < len(words):
        if out[position] is not None:
            position += 1
            continue
        run_end = position
        while run_end < len(words) and out[run_end] is None:
            run_end += 1
        before = out[position - 1][1] if position > 0 and out[position - 1] is not None else start
        after = out[run_end][0] if run_end < len(words) and out[run_end] is not None else max(end, before)
        if run_end == len(words) and position > 0:
            # Unheard words at the end of a heard turn: the turn was cut or they were never said; give them
            # the nominal speaking time, not the whole gap up to the next turn.
            nominal = before + sum(text_weight(w) for w in words[position:run_end])
            after = min(after, nominal)
        weights = [max(1, len(w)) for w in words[position:run_end]]
        confidence = 0.0 if how_default in ("vad", "estimate") else 0.2
        for offset, (s, e) in enumerate(spread(weights, before, max(before, after), mask)):
            out[position + offset] = (s, e, confidence, how_default)
        position = run_end
    return [o for o in out if o is not None]


def sync_from_alignment(turns: Sequence[Turn], alignment: Alignment) -> SyncFit | None:
    """Return the offset and drift between the turns' stated starts and where they were heard, or None."""
    pairs = [(turn.start, heard) for turn, heard in zip(turns, alignment.turn_starts, strict=False)
             if turn.start is not None and heard is not None]
    return fit_sync(pairs)


# The quick offset check listens to the transcript's first two minutes, in the recording's first two minutes
# plus this margin (where an intro or a cut moves them), before the whole recording is aligned.
QUICK_HEAD_MS = 120_000
QUICK_MARGIN_MS = 60_000


def quick_offset(turns: Sequence[Turn], media: Path, *, time_map: TimeMap | None = None,
                 cancel: threading.Event | None = None, head_ms: int = QUICK_HEAD_MS,
                 method: str = "auto") -> int | None:
    """Return how much later (ms) the recording says the transcript's first turns than they are stated, from
    those within `head_ms` of the first stated start, heard by PocketSphinx in the recording's first minutes
    only; None when the transcript is that short anyway, has no stated times, or too few turns were heard.

    A whole alignment takes minutes on a long talk; this says within seconds whether the recording starts
    later or earlier than the transcript (an intro, a cut), so that a fix can be offered at once. `method` is
    what `choose_method` chose, when the caller knows it already.
    """
    stated = [turn.start for turn in turns if turn.start is not None]
    if len(stated) < 2 or (method if method != "auto" else choose_method(turns)[0]) != "pocketsphinx":
        return None
    first = stated[0]
    head = []
    for turn in turns:
        if turn.start is not None and turn.start > first + head_ms:
            break
        head.append(turn)
    if len(head) == len(turns):
        return None  # the whole alignment is as quick
    last = max(turn.start for turn in head if turn.start is not None)
    mapped = (time_map or TimeMap()).to_media(last)
    alignment = align_media(head, media, method="pocketsphinx", time_map=time_map, cancel=cancel,
                            max_ms=max(0, mapped) + QUICK_MARGIN_MS)
    fit = sync_from_alignment(head, alignment)
    if fit is None or len(fit.inliers) < 2:
        return None
    return round(statistics.median(fit.pairs[i][1] - fit.pairs[i][0] for i in fit.inliers))
