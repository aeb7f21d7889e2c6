"""Align a transcript to its recording: decode once, choose the method, run the turns on worker processes.

`align_media` is what the window and the command line call. English transcripts are aligned by
PocketSphinx (`sphinx`); others, or where PocketSphinx is missing, get their words spread over the speech
that voice activity detection finds (`vad`), else over each turn by character count.
"""

from __future__ import annotations

import multiprocessing
import tempfile
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from pathlib import Path

from reader.core.align import sphinx
from reader.core.align.audio import PcmFile, decode_audio
from reader.core.align.autosync import SyncFit, fit_sync
from reader.core.align.lexicon import Lexicon, read_dictionary
from reader.core.align.model import AlignCancelled, AlignError, Alignment, Progress, WordTime
from reader.core.align.vad import speech_mask, spread, vad_available
from reader.core.align.words import TextWord, split_words
from reader.core.timemap import TimeMap, estimate_times, text_weight
from reader.core.transcript import Turn

METHODS = ("auto", "pocketsphinx", "vad", "estimate")
QUICK_SYNC_MS = 180_000  # the first minutes, aligned first, tell the offset and drift for the rest
FIRST_MARGIN_MS = 30_000  # where the first turn may be: an intro of up to half a minute
BLOCK_MARGIN_MS = 8_000  # where a block's first turn may be, once the first minutes fixed the sync
DRIFT_MARGIN = 0.01  # ... plus 1% of its distance from them, for drift the first minutes did not show
MARGIN_MS = 1_500  # around every other turn: the windows overlap the neighbours, whose words are in the grammar
BLOCK_TURNS = 12
# Below this share of its spoken words found in the CMU dictionary, a transcript is not taken for English.
ENGLISH_SHARE = 0.6

CONTEXT_TOKENS = 6  # the neighbours' words each window may also hold
SMALL_TOKENS = 400  # fewer words than this are aligned in this process

_CANCEL: threading.Event | None = None


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


def _init_worker(cancel: object) -> None:
    """Keep the shared cancel flag in the worker process."""
    global _CANCEL
    _CANCEL = cancel  # type: ignore[assignment]


def _run_block(job: sphinx.BlockJob, phone_counts: dict[str, int]) -> list[sphinx.TurnResult]:
    """Align one block in a worker, stopping between turns when cancelled."""
    return sphinx.align_block(job, phone_counts, lambda: _CANCEL is not None and _CANCEL.is_set())


class _Plan:
    """The words of every turn, their dictionary tokens and pronunciations."""

    def __init__(self, turns: Sequence[Turn]) -> None:
        self.words: list[list[TextWord]] = [split_words(turn.text) for turn in turns]
        self.tokens: list[list[str]] = []
        self.token_word: list[list[int]] = []
        for words in self.words:
            tokens, owner = [], []
            for index, word in enumerate(words):
                tokens.extend(word.spoken)
                owner.extend([index] * len(word.spoken))
            self.tokens.append(tokens)
            self.token_word.append(owner)

    def all_tokens(self) -> list[str]:
        """Return every spoken token."""
        return [token for tokens in self.tokens for token in tokens]


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
    tokens = plan.all_tokens()
    lexicon.derive(tokens)
    numbers = {token for words in plan.words for word in words if any(c.isdigit() for c in word.text)
               for token in word.spoken}
    counts = {"dictionary": 0, "numbers": 0, "espeak": 0, "letters": 0, "none": 0}
    for token in tokens:
        if lexicon.known(token):
            counts["numbers" if token in numbers else "dictionary"] += 1
        else:
            counts[lexicon.sources.get(token, "none")] += 1
    phone_counts = {t: len((lexicon.phones(t) or "").split()) for t in set(tokens)}
    return lexicon, dict(lexicon.derived), phone_counts, counts


def english_share(turns: Sequence[Turn]) -> float:
    """Return the share of spoken words that the English dictionary knows (1.0 without PocketSphinx's check)."""
    if sphinx.available() is not None:
        return 0.0
    plan = _Plan(turns)
    tokens = plan.all_tokens()
    if not tokens:
        return 0.0
    dictionary = read_dictionary(sphinx.dictionary_path())
    return sum(1 for t in tokens if t in dictionary) / len(tokens)


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
                cancel: threading.Event | None = None, work_dir: Path | None = None) -> Alignment:
    """Return the word times of `turns` in `media` (any file ffmpeg decodes), on the recording's clock.

    `time_map` is the sync the user has (the transcript's times -> the recording's), used to know where to
    look; `progress(done, total)` is called from this thread as turns finish; setting `cancel` stops the
    work between turns and raises AlignCancelled. Raises AudioError when the audio cannot be decoded and
    AlignError when there is nothing to align.
    """
    if not any(split_words(turn.text) for turn in turns):
        raise AlignError("the transcript has no words to align")
    if method == "auto":
        method = choose_method(turns, language)[0]
    with tempfile.TemporaryDirectory(prefix="reader-align-", dir=work_dir) as tmp:
        pcm = decode_audio(media, Path(tmp) / "audio.pcm")
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


def _align_sphinx(turns: Sequence[Turn], pcm: PcmFile, time_map: TimeMap | None, workers: int | None,
                  progress: Progress | None, cancel: threading.Event | None) -> Alignment:
    """Align with PocketSphinx: the first minutes first (they fix the sync), then the rest in parallel."""
    plan = _Plan(turns)
    _, extra, phone_counts, pron_counts = _lexicon(plan)
    predicted = _predictions(turns, pcm.duration_ms, time_map)
    order = [i for i in range(len(turns)) if plan.tokens[i]]
    results: dict[int, sphinx.TurnResult] = {}
    total = len(turns)
    context = multiprocessing.get_context("spawn")  # fork after Qt or threads is unsafe; spawn is everywhere
    shared_cancel = context.Event()
    workers = workers or sphinx.worker_count()

    def report() -> None:
        if progress is not None:
            progress(len(results) + (total - len(order)), total)

    def tasks_for(indices: Sequence[int], starts: list[int]) -> list[sphinx.TurnTask]:
        ends = _next_starts(turns, starts, pcm.duration_ms)
        return [sphinx.TurnTask(i, plan.tokens[i], plan.token_word[i], starts[i], ends[i],
                                plan.tokens[i - 1][-CONTEXT_TOKENS:] if i > 0 else [],
                                plan.tokens[i + 1][:CONTEXT_TOKENS] if i + 1 < len(turns) else [])
                for i in indices]

    # A short recording is aligned here: starting worker processes costs more than it saves.
    small = sum(len(t) for t in plan.tokens) < SMALL_TOKENS or workers == 1
    pool_type = _InlineExecutor if small else ProcessPoolExecutor
    with pool_type(max_workers=workers, mp_context=context, initializer=_init_worker,
                   initargs=(shared_cancel,)) as pool:
        try:
            first_ms = predicted[order[0]] if order else 0
            head = [i for i in order if predicted[i] < first_ms + QUICK_SYNC_MS] or order[:1]
            head_job = sphinx.BlockJob(pcm, tasks_for(head, predicted), FIRST_MARGIN_MS, MARGIN_MS, extra)
            _collect(pool, [head_job], phone_counts, results, report, cancel, shared_cancel)
            fit = fit_sync([(turns[r.turn].start, r.times[0][0]) for r in results.values()  # type: ignore[misc]
                            if turns[r.turn].start is not None and r.times and r.times[0] and r.confidence >= 0.5])
            starts = list(predicted)
            if fit is not None and abs(fit.drift) < 0.1:
                mapped = time_map or TimeMap()
                starts = [fit.predict(mapped.to_transcript(ms)) if turns[i].start is not None else ms
                          for i, ms in enumerate(predicted)]
            rest = [i for i in order if i not in results]
            head_end = max((starts[i] for i in head), default=0)
            jobs = []
            for begin in range(0, len(rest), BLOCK_TURNS):
                block = rest[begin:begin + BLOCK_TURNS]
                distance = max(0, starts[block[0]] - head_end)
                margin = BLOCK_MARGIN_MS + int(DRIFT_MARGIN * distance)
                jobs.append(sphinx.BlockJob(pcm, tasks_for(block, starts), margin, MARGIN_MS, extra))
            _collect(pool, jobs, phone_counts, results, report, cancel, shared_cancel)
        except BaseException:
            shared_cancel.set()
            pool.shutdown(wait=True, cancel_futures=True)
            raise
    turn_results: list[sphinx.TurnResult | None] = [results.get(i) for i in range(len(turns))]
    alignment = _assemble(turns, plan, turn_results, predicted, _next_starts(turns, predicted, pcm.duration_ms),
                          None, "pocketsphinx", pcm.duration_ms)
    alignment.pronunciations = pron_counts
    return alignment


def _collect(pool: Executor, jobs: list[sphinx.BlockJob], phone_counts: dict[str, int],
             results: dict[int, sphinx.TurnResult], report: Callable[[], None], cancel: threading.Event | None,
             shared_cancel: object) -> None:
    """Run `jobs` on the pool, filing each turn's result as its block finishes; honour `cancel`."""
    pending: set[Future] = {pool.submit(_run_block, job, phone_counts) for job in jobs}
    while pending:
        done, pending = wait(pending, timeout=0.2, return_when=FIRST_COMPLETED)
        if cancel is not None and cancel.is_set():
            shared_cancel.set()  # type: ignore[attr-defined]
            for future in pending:
                future.cancel()
            raise AlignCancelled
        for future in done:
            for result in future.result():
                results[result.turn] = result
        if done:
            report()


def _assemble(turns: Sequence[Turn], plan: _Plan, results: Sequence[sphinx.TurnResult | None],
              predicted: list[int], ends: list[int], mask: bytearray | None, method: str,
              duration_ms: int) -> Alignment:
    """Return the alignment: heard words kept, the others spread between heard neighbours or over the turn."""
    words: list[WordTime] = []
    confidences: list[float] = []
    heard_starts: list[int | None] = []
    # Where an unheard turn is: shifted like the nearest heard turn before it.
    shift = 0
    floor = 0
    for index, _turn in enumerate(turns):
        text_words = plan.words[index]
        result = results[index]
        times: list[tuple[int, int, float] | None] = [None] * len(text_words)
        if result is not None:
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
        # A word heard well past where the next turn starts was a word never said, matched to later speech.
        limit = turn_end + 3 * MARGIN_MS
        times = [t if t is None or t[0] <= limit else None for t in times]
        heard = [t for t in times if t is not None and t[2] >= 0.3]
        first = times[0] if times else None
        if first is not None and first[2] >= 0.5:
            shift = first[0] - predicted[index]  # only the first word tells where the turn starts
        if heard:
            turn_start = min(turn_start, heard[0][0])
        turn_start = max(turn_start, floor)
        turn_end = max(turn_end, turn_start)
        how_default = "interpolated" if heard else ("vad" if mask is not None else "estimate")
        out = _fill(text_words, times, turn_start, turn_end, mask, how_default)
        for word, (start, end, confidence, how) in zip(text_words, out, strict=True):
            start = max(start, floor)
            end = max(end, start)
            floor = start
            words.append(WordTime(word.text, start, end, index, word.char_start, word.char_end, confidence, how))
        confidences.append(result.confidence if result is not None else 0.0)
        heard_starts.append(first[0] if first is not None and first[2] >= 0.5 else None)
    return Alignment(method, words, confidences, heard_starts, duration_ms=duration_ms)


def _fill(words: Sequence[TextWord], times: list[tuple[int, int, float] | None], start: int, end: int,
          mask: bytearray | None, how_default: str) -> list[tuple[int, int, float, str]]:
    """Return (start, end, confidence, how) of every word: heard ones as heard, runs of others spread by length."""
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
            nominal = before + sum(text_weight(w.text) for w in words[position:run_end])
            after = min(after, nominal)
        weights = [max(1, len(w.text)) for w in words[position:run_end]]
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
