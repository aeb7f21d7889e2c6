"""Word-alignment accuracy and speed on speech made word by word with espeak-ng (every true start known).

Run `python -m tests.benchmarks.bench_align [--smoke] [--minutes N] [--turns] [--method M]`. Sets: the seed
talk's text (../shared/seed, else the bundled sample) at its stated times, and a copy starting 7.5 s later
and running 2% slow. Per set and method: median |start error|, shares within 50/100/250 ms, share heard,
real-time factor, turns whose first word is within 150 ms, and the auto-sync's worst turn-start error.
Generated speech is cached in build/bench-align. `--minutes 10` keeps the turns stated in the first ten
minutes (the quick loop while tuning); `--turns` prints every turn: its window, tries, verdict, where its
first word landed against the truth. `--real` measures real human speech against published reference
alignments instead (tests/data/align, see `real_speech`): per recording and pooled.
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
import tempfile
import time
import wave
from pathlib import Path

from reader.core.align import align_media, sync_from_alignment
from reader.core.formats import parse_file
from tests.benchmarks.real_speech import measure_real
from tests.core.align.synth import build_speech, espeak_missing

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / "build" / "bench-align"


def seed_transcript(smoke: bool) -> Path:
    """Return the seed talk's transcript (the sample talk when ../shared is absent or for --smoke)."""
    seeds = sorted((ROOT.parent / "shared" / "seed").glob("*.txt"))
    return ROOT / "resources" / "sample" / "talk.txt" if smoke or not seeds else seeds[0]


class _TurnLog(logging.Handler):
    """Keep the aligner's per-turn debug records: turn -> (window, tries, confidence, verdict, first word ms)."""

    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.turns: dict[int, tuple] = {}

    def emit(self, record: logging.LogRecord) -> None:
        if isinstance(record.args, tuple) and len(record.args) == 6:
            self.turns[record.args[0]] = record.args[1:]  # type: ignore[index]


def _cut(media: Path, out: Path, end_ms: int) -> None:
    """Write the first `end_ms` of a 16 kHz WAV to `out`."""
    with wave.open(str(media), "rb") as source:
        data = source.readframes(min(source.getnframes(), end_ms * 16))
    with wave.open(str(out), "wb") as target:
        target.setnchannels(1)
        target.setsampwidth(2)
        target.setframerate(16000)
        target.writeframes(data)


def measure(path: Path, offset_ms: int, drift: float, method: str, tmp: Path, minutes: float | None = None,
            turn_log: bool = False) -> dict[str, float | int | str]:
    """Return the accuracy figures of `method` on generated speech of `path`'s turns (the first `minutes`)."""
    transcript = parse_file(path)
    every = [t for t in transcript.turns if t.start is not None]
    media = tmp / f"speech-{offset_ms}-{drift}.wav"
    true_words = build_speech([(t.start, t.text) for t in every], media, offset_ms=offset_ms, drift=drift,
                              cache=CACHE)
    turns = every
    if minutes is not None and any(t.start >= minutes * 60_000 for t in every):
        turns = [t for t in every if t.start < minutes * 60_000]
        end_ms = round(offset_ms + (1 + drift) * every[len(turns)].start)
        cut = tmp / f"speech-{offset_ms}-{drift}-{minutes:g}.wav"
        _cut(media, cut, end_ms)
        media = cut
        true_words = [w for w in true_words if w.turn < len(turns)]
    duration_s = media.stat().st_size / 32000
    handler = _TurnLog()
    logger = logging.getLogger("reader.core.align.runner")
    if turn_log:
        logger.addHandler(handler)
        logger.setLevel(logging.DEBUG)
    started = time.perf_counter()
    try:
        alignment = align_media(turns, media, method=method)
    finally:
        logger.removeHandler(handler)
    seconds = time.perf_counter() - started
    errors, first = [], []
    for true in true_words:
        word = alignment.turn_words(true.turn)[true.word]
        errors.append(abs(word.start_ms - true.start_ms))
        if true.word == 0:
            first.append(abs(word.start_ms - true.start_ms))
    if turn_log:
        truth_first = {w.turn: w.start_ms for w in true_words if w.word == 0}
        for index, turn in enumerate(turns):
            words = alignment.turn_words(index)
            true_ms = truth_first.get(index)
            error = words[0].start_ms - true_ms if words and true_ms is not None else None
            window, tries, confidence, verdict, landed = handler.turns.get(index, (None,) * 5)
            mark = "" if error is not None and abs(error) <= 150 else "  <<<"
            print(f"turn {index:4d} stated {turn.start / 1000:8.1f} s, true {true_ms}, window {window}, tries "
                  f"{tries}, confidence {confidence}, {verdict}, landed {landed}, first word error {error}{mark}",
                  file=sys.stderr)
    n = len(errors)
    result: dict[str, float | int | str] = {
        "set": f"{path.name} +{offset_ms / 1000:g} s, drift {drift:.0%}", "method": method, "words": n,
        "median_ms": statistics.median(errors), "within_50": round(sum(e <= 50 for e in errors) / n, 4),
        "within_100": round(sum(e <= 100 for e in errors) / n, 4),
        "within_250": round(sum(e <= 250 for e in errors) / n, 4),
        "heard": round(alignment.counts.get("acoustic", 0) / max(1, len(alignment.words)), 4),
        "rtf": round(seconds / duration_s, 4), "seconds": round(seconds, 1), "minutes_audio": round(duration_s / 60, 1),
        "first_word_within_150": round(sum(e <= 150 for e in first) / max(1, len(first)), 4),
    }
    fit = sync_from_alignment(turns, alignment)
    if fit is not None and method == "pocketsphinx":
        time_map = fit.time_map()
        result["sync_offset_ms"] = fit.offset_ms
        result["sync_drift"] = round(fit.drift, 5)
        result["sync_worst_turn_ms"] = max(abs(time_map.to_media(t.start) - (offset_ms + (1 + drift) * t.start))
                                           for t in turns)
        line = fit.line_map()
        result["sync_line_worst_turn_ms"] = max(abs(line.to_media(t.start) - (offset_ms + (1 + drift) * t.start))
                                                for t in turns)
    return result


def bench_align(smoke: bool = False, minutes: float | None = None, turn_log: bool = False,
                methods: tuple[str, ...] = ("pocketsphinx", "vad", "estimate")) -> list[dict[str, float | int | str]]:
    """Return the figures for every set and method (empty when espeak-ng or ffmpeg is missing)."""
    if espeak_missing():
        return []
    path = seed_transcript(smoke)
    rows = []
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        for offset_ms, drift in ((0, 0.0), (7500, 0.02)):
            for method in methods:
                if smoke and method != "pocketsphinx" and offset_ms:
                    continue
                rows.append(measure(path, offset_ms, drift, method, tmp, minutes, turn_log))
                print(rows[-1], file=sys.stderr)
    return rows


def bench_real(methods: tuple[str, ...] = ("pocketsphinx", "vad", "estimate")) -> list[dict[str, float | int | str]]:
    """Return the figures on real speech per recording and pooled, for every method (none without recordings)."""
    rows = []
    for method in methods:
        rows.extend(measure_real(method))
        for row in rows[-1:]:
            print(row, file=sys.stderr)
    return rows


def main(argv: list[str] | None = None) -> None:
    """Print the figures (see the module's docstring for the options)."""
    parser = argparse.ArgumentParser(prog="bench_align")
    parser.add_argument("--smoke", action="store_true", help="the bundled 2.5-minute sample")
    parser.add_argument("--minutes", type=float, help="only the turns stated in the first N minutes")
    parser.add_argument("--turns", action="store_true", help="print every turn's window, tries and error")
    parser.add_argument("--method", action="append", choices=("pocketsphinx", "vad", "estimate"))
    parser.add_argument("--real", action="store_true", help="real speech against reference alignments instead")
    args = parser.parse_args(argv)
    if args.real:
        for row in bench_real(tuple(args.method or ("pocketsphinx", "vad", "estimate"))):
            print(row)
        return
    for row in bench_align(args.smoke, args.minutes, args.turns, tuple(args.method or ("pocketsphinx", "vad",
                                                                                         "estimate"))):
        print(row)


if __name__ == "__main__":
    main()
