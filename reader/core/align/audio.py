"""The recording decoded once to 16 kHz mono 16-bit PCM (ffmpeg), read back in slices by the aligners."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

RATE = 16_000
BYTES_PER_MS = RATE * 2 // 1000


class AudioError(Exception):
    """The recording cannot be decoded (no ffmpeg, no audio stream, unreadable file)."""


@dataclass(frozen=True, slots=True)
class PcmFile:
    """A raw 16 kHz mono s16le file: cheap to share with worker processes by path."""

    path: Path
    duration_ms: int

    def read(self, start_ms: int, end_ms: int) -> bytes:
        """Return the samples between two times (clipped to the recording)."""
        start_ms = max(0, start_ms)
        end_ms = min(self.duration_ms, end_ms)
        if end_ms <= start_ms:
            return b""
        with self.path.open("rb") as handle:
            handle.seek(start_ms * BYTES_PER_MS)
            return handle.read((end_ms - start_ms) * BYTES_PER_MS)


def decode_audio(media: Path, out: Path, *, max_ms: int | None = None) -> PcmFile:
    """Decode `media`'s first audio stream (its first `max_ms` only, if given) to `out` as 16 kHz mono PCM;
    raise AudioError when it cannot."""
    exe = shutil.which("ffmpeg")
    if exe is None:
        raise AudioError("ffmpeg is needed to read the recording's audio (Debian/Ubuntu: apt install ffmpeg)")
    cmd = [exe, "-nostdin", "-v", "error", "-y", "-i", str(media), "-map", "0:a:0", "-vn", "-ac", "1",
           "-ar", str(RATE), *(["-t", f"{max_ms / 1000:.3f}"] if max_ms is not None else []), "-f", "s16le",
           "-acodec", "pcm_s16le", str(out)]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, check=False)
    except OSError as exc:
        raise AudioError(f"cannot run ffmpeg: {exc}") from exc
    if done.returncode != 0 or not out.exists():
        reason = (done.stderr.strip().splitlines() or ["no audio stream"])[-1]
        raise AudioError(f"{media.name}: cannot decode its audio ({reason})")
    size = out.stat().st_size
    if size < BYTES_PER_MS:
        raise AudioError(f"{media.name}: has no audio")
    return PcmFile(out, size // BYTES_PER_MS)


def file_hash(path: Path) -> str:
    """Return the SHA-256 of a file's content."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()
