"""Word-alignment accuracy and speed on speech made word by word with espeak-ng (every true start known).

Run `python -m tests.benchmarks.bench_align [--smoke]`. Sets: the seed talk's text (../shared/seed, else the
bundled sample) at its stated times, and a copy starting 7.5 s later and running 2% slow. Per set and method:
median |start error|, shares within 50/100/250 ms, share heard, real-time factor, turns whose first word is
within 150 ms, and the auto-sync's worst turn-start error. Generated speech is cached in build/bench-align.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from reader.core.align import align_media, sync_from_alignment
from reader.core.formats import parse_file
from tests.core.align.synth import build_speech, espeak_missing

ROOT = Path(__file__).resolve().parents[2]
CACHE = ROOT / "build" / "bench-align"


def seed_transcript(smoke: bool) -> Path:
    """Return the seed talk's transcript (the sample talk when ../shared is absent or for --smoke)."""
    seeds = sorted((ROOT.parent / "shared" / "seed").glob("*.txt"))
    return ROOT / "resources" / "sample" / "talk.txt" if smoke or not seeds else seeds[0]


def measure(path: Path, offset_ms: int, drift: float, method: str, tmp: Path) -> dict[str, float | int | str]:
    """Return the accuracy figures of `method` on generated speech of `path`'s turns."""
    transcript = parse_file(path)
    turns = [t for t in transcript.turns if t.start is not None]
    media = tmp / f"speech-{offset_ms}-{drift}.wav"
    true_words = build_speech([(t.start, t.text) for t in turns], media, offset_ms=offset_ms, drift=drift,
                              cache=CACHE)
    duration_s = media.stat().st_size / 32000
    started = time.perf_counter()
    alignment = align_media(turns, media, method=method)
    seconds = time.perf_counter() - started
    errors, first = [], []
    for true in true_words:
        word = alignment.turn_words(true.turn)[true.word]
        errors.append(abs(word.start_ms - true.start_ms))
        if true.word == 0:
            first.append(abs(word.start_ms - true.start_ms))
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


def bench_align(smoke: bool = False) -> list[dict[str, float | int | str]]:
    """Return the figures for every set and method (empty when espeak-ng or ffmpeg is missing)."""
    if espeak_missing():
        return []
    path = seed_transcript(smoke)
    rows = []
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        for offset_ms, drift in ((0, 0.0), (7500, 0.02)):
            for method in ("pocketsphinx", "vad", "estimate"):
                if smoke and method != "pocketsphinx" and offset_ms:
                    continue
                rows.append(measure(path, offset_ms, drift, method, tmp))
                print(rows[-1], file=sys.stderr)
    return rows


if __name__ == "__main__":
    for row in bench_align("--smoke" in sys.argv):
        print(row)
