"""Speech made word by word with espeak-ng, so every word's true start is known (tests and `make bench`).

Each distinct word is said once on its own and trimmed of silence; a turn is its words laid end to end
(short gaps, longer at punctuation) from the turn's start, cut where the next turn starts. The clips are
resampled to 16 kHz with one ffmpeg call for all of them.
"""

from __future__ import annotations

import array
import hashlib
import shutil
import subprocess
import sys
import tempfile
import wave
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from reader.core.align.words import split_words

RATE = 16_000
THRESHOLD = 300  # |sample| above this is sound: espeak-ng's silence is exact zeros, its quietest onsets ~500
WORD_GAP_MS = 40
COMMA_GAP_MS = 220
SENTENCE_GAP_MS = 420


@dataclass(frozen=True, slots=True)
class TrueWord:
    """A word as it was synthesised: turn index, word index in the turn, start and end in the recording."""

    turn: int
    word: int
    start_ms: int
    end_ms: int


def espeak_missing() -> str | None:
    """Return why speech cannot be made here, or None."""
    missing = [tool for tool in ("espeak-ng", "ffmpeg") if shutil.which(tool) is None]
    return f"needs {' and '.join(missing)} (apt install {' '.join(missing)})" if missing else None


def _say(text: str, voice: str, speed: int, out: Path) -> None:
    """Write espeak-ng's WAV for `text`."""
    subprocess.run(["espeak-ng", "-v", voice, "-s", str(speed), "-w", str(out), text], check=True,
                   capture_output=True)


def word_clips(texts: Sequence[str], voice: str = "en-us", speed: int = 190,
               cache: Path | None = None) -> dict[str, array.array]:
    """Return each distinct text said alone, trimmed, as 16 kHz samples (cached in `cache` when given)."""
    distinct = sorted(set(texts))
    key = hashlib.sha256(f"{voice}|{speed}|{'|'.join(distinct)}".encode()).hexdigest()[:16]
    if cache is not None and (cache / f"clips-{key}.pcm").exists():
        return _split_clips(distinct, (cache / f"clips-{key}.pcm").read_bytes(), (cache / f"clips-{key}.idx"))
    with tempfile.TemporaryDirectory(prefix="synth-") as name:
        tmp = Path(name)
        paths = [tmp / f"w{i}.wav" for i in range(len(distinct))]
        with ThreadPoolExecutor(4) as pool:
            list(pool.map(lambda job: _say(job[0], voice, speed, job[1]), zip(distinct, paths, strict=True)))
        # All clips in one file with a second of silence between, resampled at once.
        joined = array.array("h")
        offsets = []
        in_rate = 22050
        for path in paths:
            with wave.open(str(path), "rb") as wav:
                in_rate = wav.getframerate()
                samples = array.array("h", wav.readframes(wav.getnframes()))
            if sys.byteorder == "big":
                samples.byteswap()
            offsets.append((len(joined), len(samples)))
            joined.extend(samples)
            joined.extend(bytes(2 * in_rate))
        source = tmp / "all.raw"
        source.write_bytes(joined.tobytes())
        target = tmp / "all16.raw"
        subprocess.run(["ffmpeg", "-v", "error", "-y", "-f", "s16le", "-ar", str(in_rate), "-ac", "1", "-i",
                        str(source), "-ar", str(RATE), "-f", "s16le", str(target)], check=True)
        data = target.read_bytes()
        index = [(round(o * RATE / in_rate), round(n * RATE / in_rate)) for o, n in offsets]
        if cache is not None:
            cache.mkdir(parents=True, exist_ok=True)
            (cache / f"clips-{key}.pcm").write_bytes(data)
            (cache / f"clips-{key}.idx").write_text("\n".join(f"{o} {n}" for o, n in index))
            return _split_clips(distinct, data, cache / f"clips-{key}.idx")
        return _trimmed(distinct, data, index)


def _split_clips(distinct: list[str], data: bytes, idx: Path) -> dict[str, array.array]:
    index = [tuple(map(int, line.split())) for line in idx.read_text().splitlines()]
    return _trimmed(distinct, data, index)  # type: ignore[arg-type]


def _trimmed(distinct: list[str], data: bytes, index: list[tuple[int, int]]) -> dict[str, array.array]:
    """Cut each clip out of the resampled file and trim its silence."""
    samples = array.array("h", data)
    if sys.byteorder == "big":
        samples.byteswap()
    clips = {}
    for text, (offset, count) in zip(distinct, index, strict=True):
        clip = samples[offset:offset + count + 160]
        loud = [i for i, v in enumerate(clip) if abs(v) > THRESHOLD]
        clips[text] = clip[loud[0]:loud[-1] + 1] if loud else array.array("h")
    return clips


def build_speech(turns: Sequence[tuple[int, str]], out: Path, *, offset_ms: int = 0, drift: float = 0.0,
                 tail_ms: int = 1500, voice: str = "en-us", speed: int = 190,
                 cache: Path | None = None) -> list[TrueWord]:
    """Write a 16 kHz WAV saying each (start_ms, text) turn from offset + (1 + drift) · start; return the truth.

    A turn is cut where the next one starts (its last words are then never said), as a transcript's
    turns are when its times are right and the speaker was faster than the synthetic voice.
    """
    words = [split_words(text) for _, text in turns]
    clips = word_clips([" ".join(w.spoken) for ws in words for w in ws], voice, speed, cache)
    starts = [offset_ms + round((1 + drift) * start) for start, _ in turns]
    truth: list[TrueWord] = []
    pieces: list[tuple[int, array.array]] = []
    for index, (turn_words, (_, text)) in enumerate(zip(words, turns, strict=True)):
        cursor = starts[index]
        limit = starts[index + 1] if index + 1 < len(starts) else None
        for number, word in enumerate(turn_words):
            clip = clips[" ".join(word.spoken)]
            end = cursor + len(clip) * 1000 // RATE
            if limit is not None and end > limit - 100:
                break  # the next turn starts: the rest of this one is never said
            pieces.append((cursor, clip))
            truth.append(TrueWord(index, number, cursor, end))
            after = text[word.char_end:word.char_end + 2]
            gap = SENTENCE_GAP_MS if any(c in after for c in ".?!") else COMMA_GAP_MS if any(
                c in after for c in ",;:") else WORD_GAP_MS
            cursor = end + gap
    total_ms = max((t.end_ms for t in truth), default=0) + tail_ms
    track = array.array("h", bytes(2 * (total_ms * RATE // 1000 + RATE)))
    for start_ms, clip in pieces:
        at = start_ms * RATE // 1000
        track[at:at + len(clip)] = clip
    if sys.byteorder == "big":
        track.byteswap()
    with wave.open(str(out), "wb") as wav:
        wav.setnchannels(1)
        wav.setsampwidth(2)
        wav.setframerate(RATE)
        wav.writeframes(track.tobytes())
    return truth
