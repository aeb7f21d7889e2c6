"""Real human speech with published reference word alignments, for bench_align (sources: tests/data/align/SOURCES.tsv).

Each recording is one turn starting at 0 (a short recording aligned whole); its transcript is what was
given to the reference aligner, without the annotators' `[...]`/`<...>` codes (not words anyone would type).
Reference words are matched to ours by their spelling in order (difflib), so a reference that says "uh uh"
where the transcript says "uh" costs only that word. Files missing here (kept out for their licence) are
looked for in $TRANSCRIPT_READER_ALIGN_DATA; a recording without its reference is skipped, never fetched.
"""

from __future__ import annotations

import csv
import difflib
import json
import os
import re
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

from reader.core.align import align_media
from reader.core.align.audio import AudioError, decode_audio
from reader.core.formats.textgrid import _is_speech, _tiers
from reader.core.transcript import Turn

DATA = Path(__file__).resolve().parents[1] / "data" / "align"
AUDIO = (".flac", ".wav", ".mp3", ".ogg")
RGX_ANNOTATION = re.compile(r"\[[^\]]*\]|<[^>]*>|\{[^}]*\}")
RGX_KEY = re.compile(r"[^a-z0-9']+")


@dataclass(frozen=True, slots=True)
class Recording:
    """One recording with its transcript and its reference word starts (ms, in order)."""

    name: str
    media: Path
    text: str
    reference: list[tuple[str, int]]


def folders() -> list[Path]:
    """Return where recordings are looked for: the kept ones, then $TRANSCRIPT_READER_ALIGN_DATA."""
    extra = os.environ.get("TRANSCRIPT_READER_ALIGN_DATA")
    return [DATA, *([Path(extra)] if extra else [])]


def _find(name: str) -> Path | None:
    for folder in folders():
        if (folder / name).is_file():
            return folder / name
    return None


def reference_words(path: Path) -> list[tuple[str, int]]:
    """Return the reference's (word, start ms): a TextGrid's words tier or Gentle's JSON (aligned words only)."""
    if path.suffix.lower() == ".json":
        data = json.loads(path.read_text(encoding="utf-8"))
        return [(w["word"], round(w["start"] * 1000)) for w in data["words"] if w.get("case") == "success"]
    tiers = _tiers(path.read_text(encoding="utf-8"), path)
    tier = next((t for t in tiers if t.name.lower() == "words"), tiers[0])
    return [(label, start) for start, _, label in tier.intervals if _is_speech(label)]


def recordings() -> list[Recording]:
    """Return the recordings listed in SOURCES.tsv whose audio, transcript and reference are all present."""
    with (DATA / "SOURCES.tsv").open(encoding="utf-8", newline="") as handle:
        names = [row["file"] for row in csv.DictReader(handle, delimiter="\t")]
    found = []
    for name in names:
        media = _find(name) if name.endswith(AUDIO) else None
        if media is None:
            continue
        stem = name.rsplit(".", 1)[0]
        reference = next((p for n in (f"{stem}.TextGrid", f"{stem}.json") if (p := _find(n))), None)
        transcript = next((p for n in (f"{stem}.lab", f"{stem}.txt") if (p := _find(n))), None)
        if reference is None or transcript is None:
            continue
        text = " ".join(RGX_ANNOTATION.sub(" ", transcript.read_text(encoding="utf-8")).split())
        found.append(Recording(stem, media, text, reference_words(reference)))
    return found


def _key(word: str) -> str:
    return RGX_KEY.sub("", word.lower())


def start_errors(recording: Recording, words: list[tuple[str, int]]) -> list[int]:
    """Return |our start - reference start| for every reference word matched to one of ours by spelling."""
    ours = [_key(text) for text, _ in words]
    theirs = [_key(text) for text, _ in recording.reference]
    errors = []
    matcher = difflib.SequenceMatcher(a=ours, b=theirs, autojunk=False)
    for block in matcher.get_matching_blocks():
        for k in range(block.size):
            errors.append(abs(words[block.a + k][1] - recording.reference[block.b + k][1]))
    return errors


def measure_real(method: str = "pocketsphinx") -> list[dict[str, float | int | str]]:
    """Return per recording and pooled: median |start error|, within 50/100/250 ms, share heard, RTF."""
    rows: list[dict[str, float | int | str]] = []
    pooled: list[int] = []
    heard = total = 0
    seconds = audio_s = 0.0
    by_source: dict[str, list] = {}  # "mfa", "ljspeech": recordings of one source, one speaking style
    for recording in recordings():
        turns = [Turn(index=0, start=0, speaker=None, text=recording.text)]
        started = time.perf_counter()
        try:
            alignment = align_media(turns, recording.media, method=method)
        except AudioError:
            continue
        spent = time.perf_counter() - started
        duration_s = (alignment.duration_ms or _duration_ms(recording.media)) / 1000
        errors = start_errors(recording, [(w.text, w.start_ms) for w in alignment.words])
        rows.append(_row(recording.name, method, errors, alignment.aligned, len(alignment.words), spent, duration_s,
                         len(recording.reference)))
        pooled += errors
        by_source.setdefault(recording.name.split("-")[0], []).append((rows[-1], errors, alignment.aligned,
                                                                       len(alignment.words), spent, duration_s))
        heard += alignment.aligned
        total += len(alignment.words)
        seconds += spent
        audio_s += duration_s
    if len(by_source) > 1:
        for source, parts in by_source.items():
            rows.append(_row(f"{source}, {len(parts)} recordings pooled", method, [e for p in parts for e in p[1]],
                             sum(p[2] for p in parts), sum(p[3] for p in parts), sum(p[4] for p in parts),
                             sum(p[5] for p in parts), sum(int(p[0]["reference_words"]) for p in parts)))
    recorded = sum(len(parts) for parts in by_source.values())
    if rows:
        rows.append(_row(f"real speech, {recorded} recordings pooled", method, pooled, heard, total, seconds, audio_s,
                         sum(int(p[0]["reference_words"]) for parts in by_source.values() for p in parts)))
    return rows


def _duration_ms(media: Path) -> int:
    import tempfile

    with tempfile.TemporaryDirectory() as name:
        return decode_audio(media, Path(name) / "pcm").duration_ms


def _row(name: str, method: str, errors: list[int], heard: int, total: int, seconds: float, audio_s: float,
         reference: int) -> dict[str, float | int | str]:
    n = max(1, len(errors))
    return {
        "set": name, "method": method, "words": len(errors), "reference_words": reference,
        "median_ms": statistics.median(errors) if errors else float("nan"),
        "within_50": round(sum(e <= 50 for e in errors) / n, 4),
        "within_100": round(sum(e <= 100 for e in errors) / n, 4),
        "within_250": round(sum(e <= 250 for e in errors) / n, 4), "heard": round(heard / max(1, total), 4),
        "rtf": round(seconds / max(audio_s, 1e-9), 4), "seconds": round(seconds, 1),
        "minutes_audio": round(audio_s / 60, 2),
    }
