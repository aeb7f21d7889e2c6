"""The seed talk's synthetic recording as a video whose picture shows its media time and the word being said.

Run `python -m tests.benchmarks.seed_video [--minutes N] [--out DIR] [--at 12:18 ...]`. It makes the speech
of `bench_align` (espeak-ng, word by word, every true start known) and writes into DIR (default
/tmp/seed-video): `seed.wav`, `seed.mp4` (a dark picture with the media time burned in large, and under it
the reference word being said with its turn and word number) and `seed-words.tsv` (every said word: start
and end in ms, turn, word, text). `--minutes N` keeps the first N minutes of the recording (the whole talk
otherwise); `--at` prints the reference word at those media times. Issue 15's screenshots compare the time
in the picture with the word the window marks; tests/qt/test_seed_words_on_screen.py uses `seed_speech`.
"""

from __future__ import annotations

import argparse
import bisect
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from reader.core.align.words import split_words
from reader.core.formats import parse_file
from reader.core.timecode import clock_to_ms
from reader.core.transcript import Turn
from tests.benchmarks.bench_align import CACHE, seed_transcript
from tests.core.align.synth import build_speech

FONT = "DejaVu Sans Mono"


@dataclass(frozen=True, slots=True)
class SaidWord:
    """A word of the synthetic recording: where it is in the transcript and when it is said."""

    turn: int
    word: int
    text: str
    char_start: int
    char_end: int
    start_ms: int
    end_ms: int


def seed_speech(out: Path, turns: Sequence[Turn], cache: Path | None = CACHE) -> list[SaidWord]:
    """Write the speech of `turns` at their stated times to the WAV `out`; return every word said, in order."""
    truth = build_speech([(t.start, t.text) for t in turns], out, cache=cache)
    written = [split_words(t.text) for t in turns]
    return [SaidWord(w.turn, w.word, written[w.turn][w.word].text, written[w.turn][w.word].char_start,
                     written[w.turn][w.word].char_end, w.start_ms, w.end_ms) for w in truth]


def word_at(words: Sequence[SaidWord], ms: int) -> SaidWord | None:
    """Return the word being said at `ms`, else the last one said before it (None before the first)."""
    at = bisect.bisect_right([w.start_ms for w in words], ms) - 1
    return words[at] if at >= 0 else None


def _srt_time(ms: int) -> str:
    """Return `ms` as SRT writes it: `HH:MM:SS,mmm`."""
    return f"{ms // 3_600_000:02d}:{ms // 60_000 % 60:02d}:{ms // 1000 % 60:02d},{ms % 1000:03d}"


def write_word_captions(words: Sequence[SaidWord], out: Path) -> None:
    """Write SRT captions: each said word from its start until the next word starts."""
    blocks = []
    for number, word in enumerate(words):
        end = words[number + 1].start_ms if number + 1 < len(words) else word.end_ms + 500
        blocks.append(f"{number + 1}\n{_srt_time(word.start_ms)} --> {_srt_time(end)}\n"
                      f"turn {word.turn + 1} · word {word.word + 1} · {word.text}\n")
    out.write_text("\n".join(blocks), encoding="utf-8")


def make_video(speech: Path, captions: Path, out: Path, minutes: float | None = None) -> None:
    """Write `out`: the speech under a dark 640×360 picture with the media time and the captions burned in."""
    length = ["-t", f"{minutes * 60:g}"] if minutes else []
    # Drawtext's `pts` is the frame's media time: what the player shows at that moment, to the frame (40 ms).
    clock = (f"drawtext=font='{FONT}':text='%{{pts\\:hms}}':fontsize=64:fontcolor=white:"
             "x=(w-text_w)/2:y=h/2-text_h-20:box=1:boxcolor=black@0.6:boxborderw=12")
    style = f"FontName={FONT},FontSize=22,PrimaryColour=&H0000D7FF,Alignment=2,MarginV=70"
    subtitles = f"subtitles='{captions}':force_style='{style}'"
    subprocess.run(["nice", "-n", "10", "ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i",
                    "color=c=0x1e2430:s=640x360:r=25", "-i", str(speech), *length, "-shortest",
                    "-vf", f"{clock},{subtitles}", "-c:v", "libx264", "-preset", "ultrafast", "-tune", "stillimage",
                    "-pix_fmt", "yuv420p", "-c:a", "aac", "-b:a", "64k", str(out)], check=True)


def build(out_dir: Path, minutes: float | None = None, transcript: Path | None = None) -> tuple[Path, list[SaidWord]]:
    """Make the seed's speech, word list and video in `out_dir`; return the video and the words it says."""
    out_dir.mkdir(parents=True, exist_ok=True)
    turns = [t for t in parse_file(transcript or seed_transcript(False)).turns if t.start is not None]
    words = seed_speech(out_dir / "seed.wav", turns)
    if minutes:
        words = [w for w in words if w.start_ms < minutes * 60_000]
    (out_dir / "seed-words.tsv").write_text(
        "start_ms\tend_ms\tturn\tword\ttext\n"
        + "".join(f"{w.start_ms}\t{w.end_ms}\t{w.turn}\t{w.word}\t{w.text}\n" for w in words), encoding="utf-8")
    write_word_captions(words, out_dir / "seed-words.srt")
    video = out_dir / "seed.mp4"
    make_video(out_dir / "seed.wav", out_dir / "seed-words.srt", video, minutes)
    return video, words


def main(argv: list[str] | None = None) -> None:
    """Build the video (see the module's docstring for the options)."""
    parser = argparse.ArgumentParser(prog="seed_video")
    parser.add_argument("--out", type=Path, default=Path("/tmp/seed-video"))
    parser.add_argument("--minutes", type=float, help="only the first N minutes of the recording")
    parser.add_argument("--transcript", type=Path, help="another talk than the seed")
    parser.add_argument("--at", nargs="*", default=[], help="media times (12:18.5) to print the word said at")
    args = parser.parse_args(argv)
    video, words = build(args.out, args.minutes, args.transcript)
    print(video)
    for clock in args.at:
        word = word_at(words, clock_to_ms(clock))
        print(clock, word)


if __name__ == "__main__":
    main()
