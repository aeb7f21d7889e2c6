"""Word times without an acoustic model: each turn's words spread over the speech that voice activity
detection finds in its stretch of the recording, or over the whole stretch by character count."""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from itertools import accumulate, pairwise

from reader.core.align.audio import BYTES_PER_MS, RATE, PcmFile

VAD_FRAME_MS = 30
VAD_MODE = 2  # webrtcvad's 0-3: 2 keeps breaths and soft word ends as speech, drops room noise
# webrtcvad decides every 30 ms on its own: a click or a sniffle is "speech" for a frame or two, and a word's
# soft middle can be "silence" for a few. Bursts shorter than MIN_SPEECH_MS are dropped, then gaps of up to
# MAX_GAP_MS between speech are filled. Measured on the real speech set (tests/benchmarks/real_speech.py),
# median error / within 250 ms: read speech (LJ Speech, 273 words) 156 ms / 69.6% -> 143 ms / 74.4%
# (character count: 162 ms / 71.1%); spontaneous speech (MFA, 180 words) 1,731 ms / 11.7% -> 1,426 ms /
# 11.1%, still behind character count there (1,033 ms / 15.6%); all 453 words 281 -> 255 ms (259 ms).
MIN_SPEECH_MS = 90
MAX_GAP_MS = 300
# Words are spread over speech and, more thinly, over what the detector calls silence: it is wrong often
# enough in spontaneous speech (hesitations, breaths, soft words) that trusting it fully put words further
# off than character count there. Weighing a silent frame 0.45 of a speech frame, median error / within
# 250 ms: spontaneous (MFA) 1,426 ms / 11.1% -> 969 ms / 17.2% (character count 1,033 ms / 15.6%); read
# speech (LJ Speech) 143 ms / 74.4% -> 155 ms / 74.0% (162 ms / 71.1%); all 453 words 255 ms / 49.2% ->
# 242 ms / 51.4% (259 ms / 49.0%): closer than character count on every set (0 gave the first figures,
# 0.3 was behind character count on MFA, 0.6 on all words).
SILENCE_WEIGHT = 0.45


def vad_available() -> str | None:
    """Return None when webrtcvad can be loaded, else the reason."""
    try:
        import webrtcvad  # noqa: F401
    except ImportError:
        return "webrtcvad is not installed (pip install webrtcvad-wheels)"
    return None


def speech_mask(pcm: PcmFile, chunk_ms: int = 600_000) -> bytearray:
    """Return one byte per 30 ms frame of the recording: 1 where webrtcvad hears speech."""
    import webrtcvad

    vad = webrtcvad.Vad(VAD_MODE)
    frame_bytes = VAD_FRAME_MS * BYTES_PER_MS
    mask = bytearray()
    for begin in range(0, pcm.duration_ms, chunk_ms):
        audio = pcm.read(begin, begin + chunk_ms)
        for pos in range(0, len(audio) - frame_bytes + 1, frame_bytes):
            mask.append(1 if vad.is_speech(audio[pos:pos + frame_bytes], RATE) else 0)
    return smooth(mask)


def smooth(mask: bytearray, min_speech_ms: int = MIN_SPEECH_MS, max_gap_ms: int = MAX_GAP_MS) -> bytearray:
    """Return `mask` without speech bursts shorter than `min_speech_ms` and with gaps of up to `max_gap_ms`
    between speech filled."""
    shortest, longest = -(-min_speech_ms // VAD_FRAME_MS), max_gap_ms // VAD_FRAME_MS
    data = bytes(mask)
    if shortest > 1:
        data = re.sub(rb"(?<!\x01)\x01{1,%d}(?!\x01)" % (shortest - 1), lambda m: b"\x00" * len(m[0]), data)
    if longest > 0:
        data = re.sub(rb"(?<=\x01)\x00{1,%d}(?=\x01)" % longest, lambda m: b"\x01" * len(m[0]), data)
    return bytearray(data)


def spread(weights: Sequence[int], start_ms: int, end_ms: int, mask: bytearray | None = None) -> list[tuple[int, int]]:
    """Return (start, end) of items of `weights` laid end to end over [start_ms, end_ms].

    With a speech `mask`, a frame of speech counts for a whole frame of time and one of silence for
    SILENCE_WEIGHT of one, so the words crowd onto speech and the pauses between them thin out; without one
    (or with no speech there) time runs evenly.
    """
    total = sum(weights) or 1
    cuts = [0, *accumulate(weights)]
    if end_ms <= start_ms:
        return [(start_ms, start_ms)] * len(weights)
    if mask is None:
        span = end_ms - start_ms
        return list(pairwise(start_ms + span * c // total for c in cuts))
    # Weighted time -> media time through the frames' cumulative weights, clipped to the stretch.
    first = start_ms // VAD_FRAME_MS
    frame_weights = [1.0 if i < len(mask) and mask[i] else SILENCE_WEIGHT
                     for i in range(first, -(-end_ms // VAD_FRAME_MS))]
    cumulative = [0.0, *accumulate(frame_weights)]
    whole = cumulative[-1]

    def at(position: int) -> int:
        target = whole * position / total
        k = min(len(frame_weights) - 1, max(0, bisect_right(cumulative, target) - 1))
        ms = (first + k + (target - cumulative[k]) / frame_weights[k]) * VAD_FRAME_MS
        return min(end_ms, max(start_ms, round(ms)))

    return list(pairwise(at(c) for c in cuts))
